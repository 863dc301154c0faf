#!/usr/bin/env python3
"""Where does parse() spend its time? cProfile over the corpus or the typical body.

    .venv/bin/python benchmarks/profile_parse.py [--typical] [--input mapping|bytes]
        [--only accepted|rejected] [--rounds N] [--top N] [--sort tottime|cumtime]

Prints the top functions with their share of the total and their cost in µs
per parse() call (profiling inflates absolute figures by about 2x; the shares
are what matter). Also prints the un-profiled mean µs per call for reference.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import importlib
import pstats
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run


def stage_breakdown(
    bootreq: Any,
    calls: list[tuple[Any, str | None, Any]],
    ids: list[str],
    cases: list[Any],
    kind: str,
    rounds: int,
) -> int:
    """Median µs per stage of parse()'s pipeline, without a profiler's distortion.

    Calls the private steps of parse() (``bootreq._api``) in the order parse()
    does; a diagnostic that follows the pipeline as it is today, not a public API.
    """
    import statistics

    api = importlib.import_module("bootreq._api")
    wire = importlib.import_module("bootreq._wire")
    controller = importlib.import_module("bootreq._controller")
    compute = importlib.import_module("bootreq.compute")
    status = {c.id: c.nova_status for c in cases}
    stages = ("in_place?", "request_bytes", "negotiate", "decode", "validate", "translate",
              "compute", "parse()")
    per: dict[str, dict[str, list[float]]] = {
        g: {st: [] for st in stages} for g in ("accepted", "rejected")
    }
    reps = max(3, rounds)
    clock = time.perf_counter_ns
    gc.disable()  # as in run.py's timed loops
    for cid, (body, mv, opts) in zip(ids, calls, strict=True):
        samples: dict[str, list[int]] = {st: [] for st in stages}
        for _ in range(reps):
            t = [clock()]
            lent = type(body) is dict and wire.plain_and_small(body, opts.max_body_bytes)
            t.append(clock())
            raw = None if lent else wire.request_bytes(body, opts.max_body_bytes)
            t.append(clock())
            version = api._negotiate(mv, opts.max_microversion)
            t.append(clock())
            if lent and not isinstance(version, bootreq.HttpError) and version.minor == 0:
                lent, raw = False, wire.json_text(body)
            if isinstance(version, bootreq.HttpError) or isinstance(raw, bootreq.HttpError):
                doc = None
            else:
                doc = body if lent else wire.decode(raw)
            t.append(clock())
            ok = doc is not None and not isinstance(doc, bootreq.HttpError)
            fail = api._validate(doc, version, lent=lent) if ok else True
            t.append(clock())
            req = controller.translate(doc, version, opts) if fail is None else None
            t.append(clock())
            if req is not None and not isinstance(req, bootreq.HttpError) and opts.compute_checks:
                compute.check(req, opts)
            t.append(clock())
            bootreq.parse(body, mv, options=opts)
            t.append(clock())
            for i, st in enumerate(stages):
                samples[st].append(t[i + 1] - t[i])
        group = "accepted" if status.get(cid) == 202 else "rejected"
        for st in stages:
            per[group][st].append(statistics.median(samples[st]) / 1000)
    gc.enable()
    print(f"stage breakdown, {kind} input, {reps} reps per case: mean (median) µs per case")
    print(f"{'stage':14} {'accepted':>16} {'rejected':>16}")
    for st in stages:
        cells = []
        for g in ("accepted", "rejected"):
            v = per[g][st]
            cells.append(f"{statistics.fmean(v):7.1f} ({statistics.median(v):6.1f})" if v else "-")
        print(f"{st:14} {cells[0]:>16} {cells[1]:>16}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--corpus", default=str(run.DEFAULT_CORPUS))
    ap.add_argument("--typical", action="store_true", help="profile the typical body only")
    ap.add_argument("--input", choices=("mapping", "bytes"), default="mapping")
    ap.add_argument("--only", choices=("accepted", "rejected"), default=None)
    ap.add_argument("--rounds", type=int, default=None)
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--sort", default="tottime")
    ap.add_argument(
        "--stages",
        action="store_true",
        help="un-profiled time per pipeline stage (uses bootreq.parse internals)",
    )
    ap.add_argument("--compute-checks", choices=("default", "on", "off"), default="default")
    args = ap.parse_args(argv)

    import bootreq

    cc = {"default": None, "on": True, "off": False}[args.compute_checks]
    if args.typical:
        cases = [run.typical_case(run.DEFAULT_TYPICAL)]
        rounds = args.rounds or 3000
    else:
        path = Path(args.corpus)
        verdicts = path.with_name(path.name.replace(".jsonl", ".verdicts.jsonl"))
        cases, _ = run.load_corpus(path, verdicts, 1, None)
        if args.only:
            want = args.only == "accepted"
            cases = [c for c in cases if (c.nova_status == 202) == want]
        rounds = args.rounds or 5
    run.limit_memory()
    parse = bootreq.parse
    calls: list[tuple[Any, str | None, Any]] = []
    call_ids: list[str] = []
    for c in cases:  # warm (schemas compiled, tables built); leave out bodies parse() hangs on
        body = c.mapping if args.input == "mapping" else c.data
        if body is None:
            continue
        opts = run.options_for(bootreq, c.knobs, cc)
        try:
            run.guarded(functools.partial(parse, body, c.microversion, options=opts), 1.0)
        except (run.CallTimeout, MemoryError):
            print(f"left out {c.id}: parse() did not return within 1 s", file=sys.stderr)
            continue
        calls.append((body, c.microversion, opts))
        call_ids.append(c.id)

    if args.stages:
        return stage_breakdown(bootreq, calls, call_ids, cases, args.input, rounds)

    t0 = time.perf_counter_ns()
    for _ in range(rounds):
        for body, mv, opts in calls:
            parse(body, mv, options=opts)
    plain_us = (time.perf_counter_ns() - t0) / 1000 / (rounds * len(calls))

    prof = cProfile.Profile()
    prof.enable()
    for _ in range(rounds):
        for body, mv, opts in calls:
            parse(body, mv, options=opts)
    prof.disable()
    n = rounds * len(calls)
    st = pstats.Stats(prof)
    total = st.total_tt  # type: ignore[attr-defined]
    print(
        f"{len(calls)} bodies x {rounds} rounds = {n} parse() calls; "
        f"un-profiled mean {plain_us:.1f} µs/call; profiled {total / n * 1e6:.1f} µs/call"
    )
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
        rows.append((tt, ct, nc, f"{Path(file).name}:{line}({func})"))
    key = 0 if args.sort == "tottime" else 1
    rows.sort(key=lambda r: r[key], reverse=True)
    print(f"{'tottime%':>8} {'µs/call':>8} {'cum%':>6} {'cum µs':>8} {'calls/parse':>11}  function")
    for tt, ct, nc, name in rows[: args.top]:
        print(
            f"{tt / total * 100:8.1f} {tt / n * 1e6:8.2f} {ct / total * 100:6.1f} "
            f"{ct / n * 1e6:8.2f} {nc / n:11.2f}  {name}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
