#!/usr/bin/env python3
"""What a cloud state costs parse(): the compute corpus with and without one.

    .venv/bin/python benchmarks/cloud_state.py [--reps 15] [--every 1] [--out CLOUD_STATE.md]

For every case of the shared compute corpus (``../shared/oracle/compute/
compute.jsonl``) that ``tools/bootreq_verdict_compute.py`` maps, three
variants of ``bootreq.parse(body, microversion, options=...)`` are timed on
the same body, interleaved case by case:

- *no state*: ``Options`` with the API layer's knobs only (no flavor, image
  or cloud): the compute checks that need a fact are skipped;
- *full state*: the Options the tool builds from every knob of the case: the
  flavor, the boot image, the configuration and a :class:`bootreq.cloud.Cloud`
  stating every fact the request names (images, volumes, networks, ports,
  security groups, key pairs, server groups, quotas, ...);
- *full state from JSON*: the same Cloud read with ``Cloud.from_json`` once
  per call, as ``bootreq serve --cloud`` would not do (it reads the file
  once) but a caller building the state per request might.

Each (case, variant): 3 untimed calls, then ``--reps`` calls timed one by one
with ``perf_counter_ns``, GC off; the per-case figure is the median. Writes a
Markdown report (medians and p90 over cases, accepted and refused apart, per
family) to ``--out`` and prints it.
"""

from __future__ import annotations

import argparse
import functools
import gc
import importlib.util
import json
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import attrs

import bootreq
from bootreq.cloud import Cloud
from bootreq.errors import HttpError
from bootreq.options import Options

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "oracle" / "compute" / "compute.jsonl"
_spec = importlib.util.spec_from_file_location(
    "bootreq_verdict_compute", ROOT / "tools" / "bootreq_verdict_compute.py")
assert _spec is not None and _spec.loader is not None
tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tool)


def _cloud_json(cloud: Cloud) -> Any:
    """The JSON form of a Cloud (the inverse of Cloud.from_json, for this benchmark)."""
    def plain(value: Any) -> Any:
        if attrs.has(type(value)):
            return {f.metadata.get("json", f.name): plain(getattr(value, f.name))
                    for f in attrs.fields(type(value))}
        if hasattr(value, "items"):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple, frozenset, set)):
            return [plain(v) for v in (sorted(value) if isinstance(value, (set, frozenset))
                                       else value)]
        return value
    return plain(cloud)


def _time(call: Any, reps: int) -> float:
    for _ in range(3):
        call()
    samples = []
    for _ in range(reps):
        start = time.perf_counter_ns()
        call()
        samples.append(time.perf_counter_ns() - start)
    return statistics.median(samples) / 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--every", type=int, default=1, help="time every Nth mapped case")
    ap.add_argument("--out", default=str(Path(__file__).parent / "CLOUD_STATE.md"))
    a = ap.parse_args()
    cases = [json.loads(line) for line in CORPUS.open(encoding="utf-8") if line.strip()]
    rows = []
    skipped = 0
    gc.disable()
    for case in cases[::a.every]:
        body, version = case.get("body"), case.get("microversion")
        if body is None:
            continue
        bare = Options(**tool.api_options(case))
        api = bootreq.parse(body, version, options=attrs.evolve(bare, compute_checks=False))
        if isinstance(api, HttpError):
            continue  # the API layer answers: no compute checks either way
        if tool.skip_reason(case, {"kwargs": api.to_nova_kwargs()}) is not None:
            skipped += 1
            continue
        full = Options(**tool.api_options(case), **tool.context_options(case, api.to_nova_kwargs()))
        document = _cloud_json(full.cloud)
        assert Cloud.from_json(document) == full.cloud, case["id"]
        answer = bootreq.parse(body, version, options=full)

        def parse(options: Options, body: Any = body, version: Any = version) -> Any:
            return bootreq.parse(body, version, options=options)

        def from_json(full: Options = full, document: Any = document) -> Any:
            return parse(attrs.evolve(full, cloud=Cloud.from_json(document)))

        rows.append({
            "id": case["id"], "family": (case.get("meta") or {}).get("family", "?"),
            "refused": isinstance(answer, HttpError),
            "none": _time(functools.partial(parse, bare), a.reps),
            "full": _time(functools.partial(parse, full), a.reps),
            "json": _time(from_json, a.reps),
        })
    gc.enable()
    report = _report(rows, skipped, a)
    Path(a.out).write_text(report, encoding="utf-8")
    print(report)
    return 0


def _summary(values: list[float]) -> str:
    if not values:
        return "—"
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return f"{statistics.median(ordered):.1f} (p90 {p90:.1f})"


def _report(rows: list[dict[str, Any]], skipped: int, a: argparse.Namespace) -> str:
    lines = [
        "# parse() with a cloud state",
        "",
        f"`benchmarks/cloud_state.py --reps {a.reps} --every {a.every}`: "
        f"{len(rows)} cases of the shared compute corpus that reach the compute layer "
        f"({skipped} not mapped by the tool, left out). CPython {platform.python_version()}, "
        f"{platform.machine()}. Median µs per call over cases (p90), each case's figure "
        "the median of its reps.",
        "",
        "| cases | n | no state | full state | state / none "
        "| full state, Cloud.from_json per call |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    groups = [("all", rows), ("accepted", [r for r in rows if not r["refused"]]),
              ("refused", [r for r in rows if r["refused"]])]
    families = sorted({r["family"] for r in rows})
    groups += [(f"family `{f}`", [r for r in rows if r["family"] == f]) for f in families]
    for name, group in groups:
        if not group:
            continue
        none = [r["none"] for r in group]
        full = [r["full"] for r in group]
        ratio = statistics.median(full) / statistics.median(none)
        lines.append(f"| {name} | {len(group)} | {_summary(none)} | {_summary(full)} | "
                     f"{ratio:.2f}x | {_summary([r['json'] for r in group])} |")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
