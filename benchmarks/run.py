#!/usr/bin/env python3
"""bootreq benchmark: parse() against Nova 34.0.0's own API layer, in one run.

    .venv/bin/python benchmarks/run.py --nova-python ~/nova-venv/bin/python
    .venv/bin/python benchmarks/run.py --quick            # fast sanity run

Per case of the corpus (default: ../shared/oracle/corpus/dev.jsonl) and for a
typical 3-5 KB body (benchmarks/data/typical_body.json at 2.94) it times, on
the same machine and in the same run:

  bootreq.map      bootreq.parse(mapping, mv)        default Options
  bootreq.bytes    bootreq.parse(request_bytes, mv)  default Options
  bootreq.api      bootreq.parse(mapping, mv)        Options(compute_checks=False),
                                                     i.e. exactly Nova's API layer
  floor            json.loads(request_bytes) + one walk over every value
  nova.schema      Nova's schema validation alone (pre-built validator)
  nova.controller  ServersController.create(req, body=body), mocks as the oracle

The Nova modes run in a worker under the Nova virtualenv
(benchmarks/nova_side.py, reusing ../shared/oracle/time_nova.py) and are
interleaved with bootreq's batch by batch. Each (case, variant) is called
--warmup times untimed then --reps times timed (time.perf_counter_ns, GC
disabled, a fresh deep copy of a mapping body per call built outside the timed
region); the per-case figure is the median of the reps, and the report gives
the median (p10, p90) of the per-case medians for accepted and rejected cases
separately. "Accepted" is Nova's recorded verdict (HTTP 202 in the corpus'
.verdicts.jsonl file), so both sides are summarised over the same cases, and
every ratio is computed over the cases both sides timed.

Then cold start (fresh interpreters: import bootreq + first parse per
schema range) and memory (RSS and tracemalloc over --memory-calls calls, per
call allocation peak). Results go to benchmarks/RESULTS.md (or --out) and,
with --json, to a JSON file. Timing is never asserted in the unit tests; use
--check to get a non-zero exit status when a target of issue 5 is missed.
"""

from __future__ import annotations

import argparse
import base64
import copy
import functools
import gc
import importlib
import json
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_ORACLE = ROOT.parent / "shared" / "oracle"
DEFAULT_CORPUS = DEFAULT_ORACLE / "corpus" / "dev.jsonl"
DEFAULT_TYPICAL = HERE / "data" / "typical_body.json"
TYPICAL_MV = "2.94"

# Knobs bootreq has no equivalent for (as ../shared/oracle/bootreq_verdict.py):
# such cases are left out on both sides.
SKIP_KNOBS = ("content_type", "endpoint", "headers")

# Nova 34.0.0's create-schema ranges (min, max); used for the cold-start table
# when no Nova worker is running (the worker reports them itself).
NOVA_SCHEMA_RANGES: list[tuple[str, str | None]] = [
    ("2.0", "2.0"),
    ("2.1", "2.18"),
    ("2.19", "2.31"),
    ("2.32", "2.32"),
    ("2.33", "2.36"),
    ("2.37", "2.41"),
    ("2.42", "2.51"),
    ("2.52", "2.56"),
    ("2.57", "2.62"),
    ("2.63", "2.66"),
    ("2.67", "2.73"),
    ("2.74", "2.89"),
    ("2.90", "2.93"),
    ("2.94", None),
]

BOOTREQ_VARIANTS = ("bootreq.map", "bootreq.bytes", "bootreq.api")
NOVA_MODES = ("schema", "controller")

perf_ns = time.perf_counter_ns


# --------------------------------------------------------------------------- cases
@dataclass
class Case:
    id: str
    microversion: str | None
    data: bytes  # the request body as sent on the wire
    mapping: dict[str, Any] | None  # the decoded body, when it is a JSON object
    knobs: dict[str, Any]
    oracle_case: dict[str, Any]  # sent verbatim to the Nova worker
    nova_status: int | None = None  # Nova's recorded verdict, when known
    options: Any = None
    api_options: Any = None


def _wire_bytes(case: dict[str, Any]) -> bytes:
    if "raw_b64" in case:
        return base64.b64decode(case["raw_b64"])
    if "raw" in case:
        return str(case["raw"]).encode("utf-8", "surrogatepass")
    if "body" in case:
        return json.dumps(case["body"]).encode("utf-8")
    return b""


def _decode(data: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(data)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def make_case(raw: dict[str, Any], status: int | None = None) -> Case:
    data = _wire_bytes(raw)
    mv = raw.get("microversion")
    return Case(
        id=str(raw.get("id")),
        microversion=None if mv is None else str(mv),
        data=data,
        mapping=_decode(data),
        knobs=dict(raw.get("options") or {}),
        oracle_case=raw,
        nova_status=status,
    )


def load_corpus(
    path: Path, verdicts: Path | None, stride: int, limit: int | None
) -> tuple[list[Case], int]:
    statuses: dict[str, int] = {}
    if verdicts is not None and verdicts.exists():
        with verdicts.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    v = json.loads(line)
                    statuses[str(v["id"])] = v["status"]
    cases: list[Case] = []
    skipped = 0
    with path.open(encoding="utf-8") as f:
        lines = [ln for ln in f if ln.strip()]
    for i, line in enumerate(lines):
        if i % stride:
            continue
        raw = json.loads(line)
        if any(k in (raw.get("options") or {}) for k in SKIP_KNOBS):
            skipped += 1
            continue
        cases.append(make_case(raw, statuses.get(str(raw.get("id")))))
        if limit is not None and len(cases) >= limit:
            break
    return cases, skipped


def typical_case(path: Path) -> Case:
    body = json.loads(path.read_text(encoding="utf-8"))
    raw = {"id": "typical", "microversion": TYPICAL_MV, "body": body}
    return make_case(raw, 202)


def options_for(bootreq: Any, knobs: dict[str, Any], compute_checks: bool | None) -> Any:
    """The oracle's knobs as bootreq Options (as ../shared/oracle/bootreq_verdict.py)."""
    kw: dict[str, Any] = {}
    if compute_checks is not None:
        kw["compute_checks"] = compute_checks
    deny = frozenset(knobs.get("deny_policies") or ())
    if deny:
        kw["authorize"] = lambda rule, target, _deny=deny: rule not in _deny
    for name in ("default_schedule_zone", "default_availability_zone"):
        if name in knobs:
            kw[name] = knobs[name]
    missing = knobs.get("missing_flavors")
    if missing is not None or knobs.get("flavor_exists"):
        import re

        gone = frozenset(str(m) for m in (missing or ()))
        creatable = knobs.get("flavor_exists") == "creatable"
        ok_id = re.compile(r"[\w.\- ]+")

        def flavor_exists(fid: str) -> bool:
            if str(fid) in gone:
                return False
            return not (creatable and (not fid or len(fid) > 255 or not ok_id.fullmatch(fid)))

        kw["flavor_exists"] = flavor_exists
    host_az = knobs.get("host_az")
    if host_az:
        kw["host_availability_zone"] = lambda host, _m=dict(host_az): _m.get(host)
    return bootreq.Options(**kw)


# --------------------------------------------------------------------------- timing
def _walk(value: object) -> None:
    t = type(value)
    if t is dict:
        for v in value.values():  # type: ignore[attr-defined]
            _walk(v)
    elif t is list:
        for v in value:  # type: ignore[attr-defined]
            _walk(v)


def _call_once(fn: Callable[[Any], object], make_arg: Callable[[], Any]) -> object:
    return fn(make_arg())


def _identity(value: bytes) -> bytes:
    return value


def floor_call(data: bytes) -> None:
    try:
        value = json.loads(data)
    except ValueError:
        return
    _walk(value)


def time_calls(
    fn: Callable[[Any], object], make_arg: Callable[[], Any], reps: int, warmup: int
) -> tuple[object, float]:
    """(last result, median ns) of reps timed calls after warmup untimed ones."""
    times: list[int] = []
    result: object = None
    for i in range(warmup + reps):
        arg = make_arg()
        t0 = perf_ns()
        result = fn(arg)
        t1 = perf_ns()
        if i >= warmup:
            times.append(t1 - t0)
    return result, statistics.median(times)


class CallTimeout(BaseException):
    """parse() did not return in time (BaseException: no ``except Exception`` eats it)."""


def _on_alarm(signum: int, frame: object) -> None:
    raise CallTimeout


def guarded(fn: Callable[[], Any], seconds: float) -> Any:
    """fn() with a wall-clock limit: a body that makes parse() hang must not hang the run."""
    old = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def limit_memory(gib: float = 8.0) -> None:
    """Cap the address space so a runaway call raises MemoryError instead of OOM-killing."""
    cap = int(gib * 2**30)
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > cap:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


CALL_LIMIT_S = 1.0


def outcome(bootreq: Any, result: object) -> int:
    if isinstance(result, bootreq.HttpError):
        return int(result.status)
    if isinstance(result, bootreq.BuildRequest):
        return 202
    return -1


@dataclass
class Timings:
    """Per case: variant -> (outcome status or ok flag, median ns)."""

    rows: dict[str, dict[str, tuple[Any, float]]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    hung: set[str] = field(default_factory=set)

    def put(self, cid: str, variant: str, value: tuple[Any, float]) -> None:
        self.rows.setdefault(cid, {})[variant] = value


def time_local(
    bootreq: Any | None, cases: Sequence[Case], reps: int, warmup: int, out: Timings
) -> None:
    """The in-process variants: bootreq's (when importable) and the floor."""
    for c in cases:
        same_bytes = functools.partial(_identity, c.data)
        _, ns = time_calls(floor_call, same_bytes, reps, warmup)
        out.put(c.id, "floor", (None, ns))
        if c.mapping is not None:
            fresh_copy = functools.partial(copy.deepcopy, c.mapping)
            _, ns = time_calls(_walk, fresh_copy, reps, warmup)
            out.put(c.id, "floor.walk", (None, ns))
        if bootreq is None:
            continue
        parse = bootreq.parse
        mv = c.microversion
        variants: list[tuple[str, Callable[[], Any], Any]] = []
        if c.mapping is not None:
            variants.append(("bootreq.map", fresh_copy, c.options))
            variants.append(("bootreq.api", fresh_copy, c.api_options))
        variants.append(("bootreq.bytes", same_bytes, c.options))
        for name, make_arg, opts in variants:

            def call(
                body: Any, mv: str | None = mv, opts: Any = opts, parse: Any = parse
            ) -> object:
                return parse(body, mv, options=opts)

            try:
                # one guarded call first: a body that makes parse() loop is
                # reported and skipped instead of stalling (or OOM-killing) the run
                guarded(functools.partial(_call_once, call, make_arg), CALL_LIMIT_S)
                res, ns = time_calls(call, make_arg, reps, warmup)
            except CallTimeout:
                out.errors.append(f"{c.id} {name}: did not return within {CALL_LIMIT_S:g} s")
                out.hung.add(c.id)
                continue
            except Exception as exc:  # a raise out of parse() is itself a finding
                out.errors.append(f"{c.id} {name}: {type(exc).__name__}: {exc}")
                continue
            out.put(c.id, name, (outcome(bootreq, res), ns))


class NovaWorker:
    """benchmarks/nova_side.py running under the Nova virtualenv."""

    def __init__(self, python: str, oracle_dir: Path) -> None:
        env = dict(os.environ, PYTHONHASHSEED="0")
        self.proc = subprocess.Popen(
            [python, str(HERE / "nova_side.py"), "--oracle-dir", str(oracle_dir)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            env=env,
        )
        self.info: dict[str, Any] = self.request({"op": "info"})

    def request(self, obj: dict[str, Any]) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(obj) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("Nova worker died (run nova_side.py by hand to see why)")
        reply: dict[str, Any] = json.loads(line)
        if "error" in reply:
            raise RuntimeError(reply["error"])
        return reply

    def time(self, cases: Sequence[Case], reps: int, warmup: int, out: Timings) -> None:
        reply = self.request(
            {
                "op": "time",
                "modes": list(NOVA_MODES),
                "reps": reps,
                "warmup": warmup,
                "cases": [c.oracle_case for c in cases],
            }
        )
        for c, row in zip(cases, reply["results"], strict=True):
            for mode in NOVA_MODES:
                if row.get(mode) is not None:
                    ok, ns = row[mode]
                    out.put(c.id, "nova." + mode, (bool(ok), float(ns)))

    def close(self) -> None:
        try:
            self.request({"op": "quit"})
        except (RuntimeError, BrokenPipeError, ValueError):
            pass
        self.proc.wait(timeout=30)


def run_interleaved(
    bootreq: Any | None,
    nova: NovaWorker | None,
    cases: Sequence[Case],
    reps: int,
    warmup: int,
    batch: int,
    label: str,
) -> Timings:
    out = Timings()
    batches = [cases[i : i + batch] for i in range(0, len(cases), batch)]
    t_start = time.time()
    for n, chunk in enumerate(batches):
        # alternate who goes first so slow drifts (thermal, noisy neighbours)
        # fall on both sides alike
        steps: list[Callable[[], None]] = [
            functools.partial(_gc_off, time_local, bootreq, chunk, reps, warmup, out)
        ]
        if nova is not None:
            steps.append(functools.partial(nova.time, chunk, reps, warmup, out))
        for step in steps if n % 2 == 0 else reversed(steps):
            step()
        done = min(len(cases), (n + 1) * batch)
        print(
            f"\r  {label}: {done}/{len(cases)} cases, {time.time() - t_start:.0f}s",
            end="",
            file=sys.stderr,
            flush=True,
        )
    print(file=sys.stderr)
    return out


def _gc_off(fn: Callable[..., None], *args: Any) -> None:
    gc.collect()
    gc.disable()
    try:
        fn(*args)
    finally:
        gc.enable()


# --------------------------------------------------------------------------- statistics
def stats(ns: Sequence[float]) -> dict[str, float] | None:
    if not ns:
        return None
    us = sorted(v / 1000.0 for v in ns)

    def q(p: float) -> float:
        return us[min(len(us) - 1, int(p * (len(us) - 1) + 0.5))]

    return {
        "n": len(us),
        "median_us": statistics.median(us),
        "p10_us": q(0.10),
        "p90_us": q(0.90),
        "mean_us": statistics.fmean(us),
    }


def klass(c: Case, t: Timings) -> str:
    status = c.nova_status
    if status is None:  # no recorded verdict: bootreq's own answer
        row = t.rows.get(c.id, {})
        status = (row.get("bootreq.bytes") or (None, 0))[0]
    return "accepted" if status == 202 else "rejected"


def floor_of(variant: str) -> str:
    """The floor a bootreq variant is compared with: same kind of input."""
    return "floor" if variant == "bootreq.bytes" else "floor.walk"


def summarise(cases: Sequence[Case], t: Timings) -> dict[str, Any]:
    variants = [*BOOTREQ_VARIANTS, "floor", "floor.walk", *("nova." + m for m in NOVA_MODES)]
    groups: dict[str, list[Case]] = {"accepted": [], "rejected": []}
    for c in cases:
        groups[klass(c, t)].append(c)
    summary: dict[str, Any] = {"per_variant": {}, "ratios": {}, "agreement": {}}
    for g, members in groups.items():
        per: dict[str, Any] = {}
        for v in variants:
            per[v] = stats([t.rows[c.id][v][1] for c in members if v in t.rows.get(c.id, {})])
        summary["per_variant"][g] = per
        ratios: dict[str, Any] = {}
        for b in BOOTREQ_VARIANTS:
            for other in ("nova.schema", "nova.controller", floor_of(b)):
                pair = [
                    (t.rows[c.id][b][1], t.rows[c.id][other][1])
                    for c in members
                    if b in t.rows.get(c.id, {}) and other in t.rows[c.id]
                ]
                if not pair:
                    continue
                mb = statistics.median(p[0] for p in pair)
                mo = statistics.median(p[1] for p in pair)
                if other.startswith("floor"):  # how many floors bootreq costs
                    ratio, per_case = mb / mo, statistics.median(p[0] / p[1] for p in pair)
                else:  # how many times faster than Nova
                    ratio, per_case = mo / mb, statistics.median(p[1] / p[0] for p in pair)
                ratios[f"{b}|{other}"] = {
                    "n": len(pair),
                    "bootreq_us": mb / 1000,
                    "other_us": mo / 1000,
                    "ratio_of_medians": ratio,
                    "median_per_case_ratio": per_case,
                }
        summary["ratios"][g] = ratios
    for b in ("bootreq.map", "bootreq.bytes", "bootreq.api"):
        known = [
            (c.nova_status, t.rows[c.id][b][0])
            for c in cases
            if c.nova_status is not None and b in t.rows.get(c.id, {})
        ]
        if known:
            summary["agreement"][b] = {
                "n": len(known),
                "same_status": sum(1 for a, s in known if a == s),
            }
    summary["groups"] = {g: len(m) for g, m in groups.items()}
    return summary


# --------------------------------------------------------------------------- cold start
COLD_SRC = r"""
import json, sys, time
t0 = time.perf_counter_ns()
import bootreq
t1 = time.perf_counter_ns()
out = {"import_ns": t1 - t0, "parses": []}
for mv, body in json.loads(sys.argv[1]):
    a = time.perf_counter_ns()
    r = bootreq.parse(body, mv)
    b = time.perf_counter_ns()
    bootreq.parse(body, mv)
    c = time.perf_counter_ns()
    out["parses"].append([mv, type(r).__name__, getattr(r, "status", 202), b - a, c - b])
print(json.dumps(out))
"""


def cold_body(mv: str) -> dict[str, Any]:
    server: dict[str, Any] = {
        "name": "cold-start",
        "flavorRef": "1",
        "imageRef": "70a599e0-31e7-49b7-b260-868f441e862b",
    }
    major, minor = (int(x) for x in mv.split("."))
    if (major, minor) >= (2, 37):
        server["networks"] = "none"
    return {"server": server}


def run_cold(python: str, ranges: Sequence[tuple[str, str | None]], reps: int) -> dict[str, Any]:
    env = dict(os.environ)
    env.pop("PYTHONHASHSEED", None)

    def spawn(args: list[str]) -> tuple[float, str]:
        t0 = perf_ns()
        p = subprocess.run([python, *args], capture_output=True, text=True, env=env, check=True)
        return (perf_ns() - t0) / 1e6, p.stdout

    base = [spawn(["-c", "pass"])[0] for _ in range(reps)]
    per_range: list[dict[str, Any]] = []
    for mn, mx in ranges:
        walls, imports, firsts, seconds, status = [], [], [], [], None
        for _ in range(reps):
            wall, text = spawn(["-c", COLD_SRC, json.dumps([[mn, cold_body(mn)]])])
            got = json.loads(text)
            walls.append(wall)
            imports.append(got["import_ns"] / 1e6)
            _, kind, status, first, second = got["parses"][0]
            status = f"{kind} {status}"
            firsts.append(first / 1e6)
            seconds.append(second / 1e3)
        per_range.append(
            {
                "range": "{}-{}".format(mn, mx or "max") if mx != mn else mn,
                "mv": mn,
                "result": status,
                "process_ms": statistics.median(walls),
                "import_ms": statistics.median(imports),
                "first_parse_ms": statistics.median(firsts),
                "second_parse_us": statistics.median(seconds),
            }
        )
    all_walls, all_first, all_import = [], [], []
    payload = json.dumps([[mn, cold_body(mn)] for mn, _ in ranges])
    for _ in range(reps):
        wall, text = spawn(["-c", COLD_SRC, payload])
        got = json.loads(text)
        all_walls.append(wall)
        all_import.append(got["import_ns"] / 1e6)
        all_first.append(sum(p[3] for p in got["parses"]) / 1e6)
    return {
        "reps": reps,
        "interpreter_ms": statistics.median(base),
        "per_range": per_range,
        "all_ranges": {
            "process_ms": statistics.median(all_walls),
            "import_ms": statistics.median(all_import),
            "first_parses_total_ms": statistics.median(all_first),
        },
    }


# --------------------------------------------------------------------------- memory
def _rss_bytes() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def memory_worker(args: argparse.Namespace) -> int:
    """Runs in a fresh interpreter (run.py --memory-worker): prints one JSON line."""
    import tracemalloc

    import bootreq

    cases, _ = load_corpus(Path(args.corpus[0]), None, args.stride, args.limit)
    typical = typical_case(Path(args.typical))
    limit_memory()
    parse = bootreq.parse
    calls = args.memory_calls
    samples = 10
    inputs: list[tuple[Any, str | None]] = []
    hung: list[str] = []
    for c in cases:  # warm every schema, every lazily built table
        body = c.mapping if c.mapping is not None else c.data
        try:
            guarded(functools.partial(parse, body, c.microversion), CALL_LIMIT_S)
        except (CallTimeout, MemoryError):
            hung.append(c.id)
            continue
        inputs.append((body, c.microversion))

    def cycle(n: int) -> Iterable[tuple[Any, str | None]]:
        k = len(inputs)
        for i in range(n):
            yield inputs[i % k]

    def unique(n: int) -> Iterable[tuple[Any, str | None]]:
        # fresh names and metadata every call: an unbounded cache keyed on
        # values would show here and not in the corpus cycle
        base = typical.mapping
        assert base is not None
        for i in range(n):
            body = copy.deepcopy(base)
            body["server"]["name"] = f"vm-{i}"
            body["server"]["metadata"]["build"] = str(i)
            body["server"]["tags"][0] = f"t{i}"
            yield body, TYPICAL_MV

    # Each run makes calls // 10 warm-up calls, then `calls` measured ones.
    # Both readings are taken inside the loop, right after a parse() and a
    # gc.collect(), so the same one input body is alive at both.
    warm = calls // 10
    step = calls // samples

    def rss_run(gen: Iterable[tuple[Any, str | None]]) -> dict[str, Any]:
        r0 = 0
        trace = []
        for i, (body, mv) in enumerate(gen, 1):
            parse(body, mv)
            if i == warm:
                gc.collect()
                r0 = _rss_bytes()
            elif i > warm and (i - warm) % step == 0:
                gc.collect()
                trace.append(_rss_bytes() - r0)
        return {"rss_start_mib": r0 / 2**20, "growth_bytes": trace[-1], "trace_bytes": trace}

    tm_calls = args.tracemalloc_calls
    tm_warm = tm_calls // 10

    def traced_run(gen: Iterable[tuple[Any, str | None]]) -> dict[str, Any]:
        # tracemalloc slows every allocation several fold: fewer calls than
        # the RSS runs, enough to attribute any growth to source lines
        tracemalloc.start(1)
        before = after = 0
        before_snap = None
        top: list[str] = []
        for i, (body, mv) in enumerate(gen, 1):
            parse(body, mv)
            if i == tm_warm:
                gc.collect()
                before_snap = tracemalloc.take_snapshot()
                before = tracemalloc.get_traced_memory()[0]
            elif i == tm_warm + tm_calls:
                gc.collect()
                after = tracemalloc.get_traced_memory()[0]
                if after - before > 4096 and before_snap is not None:
                    diff = tracemalloc.take_snapshot().compare_to(before_snap, "lineno")
                    top = [str(d) for d in diff[:5]]
        tracemalloc.stop()
        return {
            "growth_bytes": after - before,
            "per_call_bytes": (after - before) / tm_calls,
            "calls": tm_calls,
            "top_growth": top,
        }

    def per_call_peak(body: Any, mv: str | None) -> dict[str, int]:
        tracemalloc.start(1)
        parse(body, mv)
        gc.collect()
        base, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        result = parse(body, mv)
        held, peak = tracemalloc.get_traced_memory()
        del result
        tracemalloc.stop()
        return {"peak_bytes": peak - base, "result_bytes": held - base}

    peaks = [per_call_peak(b, mv)["peak_bytes"] for b, mv in inputs]
    out = {
        "calls": calls,
        "corpus_cases": len(inputs),
        "left_out_hung": hung,
        "rss_corpus_cycle": rss_run(cycle(warm + calls)),
        "rss_unique_values": rss_run(unique(warm + calls)),
        "tracemalloc_corpus_cycle": traced_run(cycle(tm_warm + tm_calls)),
        "tracemalloc_unique_values": traced_run(unique(tm_warm + tm_calls)),
        "peak_typical": per_call_peak(typical.mapping, TYPICAL_MV),
        "peak_typical_bytes_input": per_call_peak(typical.data, TYPICAL_MV),
        "peak_corpus_median_bytes": statistics.median(peaks),
        "peak_corpus_max_bytes": max(peaks),
    }
    print(json.dumps(out))
    return 0


def run_memory(args: argparse.Namespace) -> dict[str, Any]:
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--memory-worker",
        "--corpus",
        str(args.corpus[0]),
        "--typical",
        str(args.typical),
        "--memory-calls",
        str(args.memory_calls),
        "--tracemalloc-calls",
        str(args.tracemalloc_calls),
        "--stride",
        str(args.stride),
    ]
    if args.limit is not None:
        cmd += ["--limit", str(args.limit)]
    p = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if p.returncode != 0:
        return {"error": p.stderr[-2000:]}
    result: dict[str, Any] = json.loads(p.stdout.strip().splitlines()[-1])
    return result


# --------------------------------------------------------------------------- machine
def machine_info(nova: NovaWorker | None) -> dict[str, Any]:
    from importlib import metadata

    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = None
    try:
        with open("/proc/meminfo") as f:
            mem = "%.1f GiB" % (int(f.readline().split()[1]) / 2**20)
    except (OSError, ValueError, IndexError):
        pass
    hv = ""
    try:
        if "hypervisor" in Path("/proc/cpuinfo").read_text():
            hv = " (virtual machine)"
    except OSError:
        pass

    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "-"

    def git(*a: str) -> str:
        try:
            return subprocess.run(
                ["git", "-C", str(ROOT), *a], capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return "?"

    dirty = git("status", "--porcelain", "--", "src")
    info: dict[str, Any] = {
        "cpu": cpu + hv,
        "cpus": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "memory": mem,
        "os": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "bootreq": version("bootreq"),
        "jsonschema": version("jsonschema"),
        "attrs": version("attrs"),
        "commit": git("rev-parse", "--short", "HEAD") + (" + uncommitted src/" if dirty else ""),
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "load_average_at_start": "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg()),
    }
    if nova is not None:
        info["nova_side"] = "nova {}, jsonschema {}, {} {}".format(
            nova.info["nova"],
            nova.info["jsonschema"],
            nova.info["implementation"],
            nova.info["python"],
        )
    return info


# --------------------------------------------------------------------------- report
def _us(s: dict[str, float] | None) -> str:
    if not s:
        return "-"
    return "{:.1f} ({:.1f}-{:.1f})".format(s["median_us"], s["p10_us"], s["p90_us"])


LABELS = {
    "bootreq.map": "bootreq parse(Mapping)",
    "bootreq.bytes": "bootreq parse(bytes)",
    "bootreq.api": "bootreq parse(Mapping), compute_checks=False",
    "floor": "floor: json.loads(bytes) + walk",
    "floor.walk": "floor: walk over the Mapping",
    "nova.schema": "Nova schema validation alone",
    "nova.controller": "Nova ServersController.create",
}


# The targets of issue 5. The headline rows time parse(Mapping) with default
# Options, i.e. with compute_checks=True, which Nova's timed controller path
# does not do (compute_api.create is mocked there); the like-for-like rows use
# compute_checks=False. --check goes by the headline rows.
TARGETS = (
    ("Nova controller / parse()", "accepted", "nova.controller", 20.0),
    ("Nova controller / parse()", "rejected", "nova.controller", 20.0),
    ("Nova schema alone / parse()", "accepted", "nova.schema", 4.0),
    ("Nova schema alone / parse()", "rejected", "nova.schema", 1.0),
)


def targets(summary: dict[str, Any]) -> list[tuple[str, float | None, float, bool | None]]:
    rows = []
    for variant, label in (
        ("bootreq.map", "default Options"),
        ("bootreq.api", "compute_checks=False"),
    ):
        for name, group, other, goal in TARGETS:
            got = summary["ratios"][group].get(f"{variant}|{other}")
            val = None if got is None else float(got["ratio_of_medians"])
            rows.append(
                (
                    f"{name}, {group}, parse(Mapping) {label}",
                    val,
                    goal,
                    None if val is None else val >= goal,
                )
            )
    return rows


def _x(x: float | None) -> str:
    return "-" if x is None else f"{x:.1f}x"


def _render_corpus(corpus: dict[str, Any]) -> list[str]:
    s = corpus["summary"]
    g = s["groups"]
    lines = [
        f"## Corpus `{corpus['name']}`",
        "",
        f"{corpus['cases']} cases timed ({g['accepted']} accepted / {g['rejected']} rejected "
        f"by Nova's recorded verdict), {corpus['skipped']} left out (knobs bootreq has no "
        f"equivalent for: {', '.join(SKIP_KNOBS)}).",
        "",
    ]
    if corpus.get("targets"):
        lines += [
            "### Targets (issue 5)",
            "",
            "Headline: parse(Mapping) with default Options (compute_checks=True: bootreq also "
            "runs the request-only checks of compute_api.create, which Nova's timed controller "
            "path mocks out). Like-for-like: compute_checks=False, exactly Nova's API layer.",
            "",
            "| target | measured | goal | met |",
            "|---|---:|---:|---|",
        ]
        for name, val, goal, ok in corpus["targets"]:
            met = "-" if ok is None else ("yes" if ok else "**NO**")
            lines.append(f"| {name} | {_x(val)} | >= {goal:g}x | {met} |")
        lines.append("")
    lines += [
        "### Per-case time, µs: median (p10-p90)",
        "",
        "| variant | accepted | n | rejected | n |",
        "|---|---:|---:|---:|---:|",
    ]
    for v, label in LABELS.items():
        a = s["per_variant"]["accepted"].get(v)
        r = s["per_variant"]["rejected"].get(v)
        if a or r:
            na, nr = a["n"] if a else 0, r["n"] if r else 0
            lines.append(f"| {label} | {_us(a)} | {na} | {_us(r)} | {nr} |")
    lines += [
        "",
        "### Ratios",
        "",
        "Nova / bootreq = how many times faster bootreq is; bootreq / floor = how many "
        "floors bootreq costs. Ratio of the medians over the paired cases; in brackets "
        "the median of the per-case ratios.",
        "",
        "| bootreq variant | vs | accepted | rejected |",
        "|---|---|---:|---:|",
    ]
    keys = sorted(
        {k for grp in s["ratios"].values() for k in grp},
        key=lambda k: (BOOTREQ_VARIANTS.index(k.split("|")[0]), k),
    )
    for k in keys:
        b, other = k.split("|")
        cells = []
        for grp in ("accepted", "rejected"):
            x = s["ratios"][grp].get(k)
            cells.append(
                "-"
                if x is None
                else f"{_x(x['ratio_of_medians'])} ({_x(x['median_per_case_ratio'])}), n={x['n']}"
            )
        vs = f"bootreq / {other}" if other.startswith("floor") else f"{other} / bootreq"
        lines.append(f"| {LABELS[b]} | {vs} | {cells[0]} | {cells[1]} |")
    if s["agreement"]:
        same = ", ".join(
            f"{LABELS[b]} {a['same_status']}/{a['n']}" for b, a in s["agreement"].items()
        )
        lines += [
            "",
            "Outcome check (HTTP status equal to Nova's recorded verdict; the corpus "
            "verdicts are API-layer only, so the default `compute_checks=True` may "
            f"differ on a few): {same}.",
        ]
    if corpus.get("hung"):
        lines += [
            "",
            f"**parse() did not return within {CALL_LIMIT_S:g} s** (then stopped by the harness) "
            f"on {len(corpus['hung'])} cases, for the variants listed below; those (case, "
            f"variant) pairs are missing from the tables: {', '.join(corpus['hung'])}.",
        ]
    if corpus.get("errors"):
        lines += [
            "",
            f"Failed (case, variant) pairs: {corpus.get('errors_total', 0)}:",
            "",
            *(f"- `{e}`" for e in corpus["errors"]),
        ]
    return [*lines, ""]


def _render_typical(t: dict[str, Any]) -> list[str]:
    lines = [
        f"## Typical body (`benchmarks/data/typical_body.json`, {t['bytes']} bytes on the "
        f"wire, microversion {TYPICAL_MV}, accepted by Nova)",
        "",
        f"{t['reps']} timed calls per variant after {t['warmup']} warm-up calls.",
        "",
        "| variant | median µs | result | Nova controller / it | Nova schema / it "
        "| it / its floor |",
        "|---|---:|---|---:|---:|---:|",
    ]
    row = t["row"]
    ctrl = (row.get("nova.controller") or (None, None))[1]
    sch = (row.get("nova.schema") or (None, None))[1]
    for v, label in LABELS.items():
        if v not in row:
            continue
        result, ns = row[v]
        mine = v.startswith("bootreq")
        lines.append(
            f"| {label} | {ns / 1000:.1f} | {'-' if result is None else result} "
            f"| {_x(ctrl / ns if ctrl and mine else None)} "
            f"| {_x(sch / ns if sch and mine else None)} "
            f"| {_x(ns / row[floor_of(v)][1] if mine and floor_of(v) in row else None)} |"
        )
    return [*lines, ""]


def _render_cold(c: dict[str, Any]) -> list[str]:
    lines = [
        "## Cold start",
        "",
        f"A fresh `python -c` per schema range (Nova's create-schema ranges), median of "
        f"{c['reps']} processes: `import bootreq`, then the first and the second parse() "
        "of a minimal valid body at the range's first version. Bare interpreter start-up "
        f"(`python -c pass`): {c['interpreter_ms']:.1f} ms.",
        "",
        "| schema range | result | import ms | first parse ms | second parse µs "
        "| whole process ms |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for r in c["per_range"]:
        lines.append(
            f"| {r['range']} | {r['result']} | {r['import_ms']:.1f} "
            f"| {r['first_parse_ms']:.2f} | {r['second_parse_us']:.1f} "
            f"| {r['process_ms']:.1f} |"
        )
    a, n = c["all_ranges"], len(c["per_range"])
    lines += [
        "",
        f"One process, import then the first parse() at each of the {n} ranges in "
        f"turn: import {a['import_ms']:.1f} ms, the {n} first parses "
        f"{a['first_parses_total_ms']:.1f} ms together, whole process "
        f"{a['process_ms']:.1f} ms.",
        "",
    ]
    return lines


def _render_memory(mem: dict[str, Any]) -> list[str]:
    if "error" in mem:
        return ["## Memory", "", "The memory run failed:", "", "```", mem["error"], "```", ""]

    def kib(x: float) -> str:
        return f"{x / 1024:+.1f} KiB"

    lines = [
        "## Memory",
        "",
        "A fresh interpreter; every corpus case parsed once first (warm schemas and "
        f"tables); then per run {mem['calls'] // 10} warm-up calls and {mem['calls']} measured "
        "calls, growth counted from the end of the warm-up (tracemalloc runs: "
        f"{mem['tracemalloc_corpus_cycle'].get('calls', mem['calls'])} calls after a tenth as "
        "many warm-up calls, as tracing slows every allocation). *Corpus cycle* repeats the "
        f"{mem['corpus_cases']} corpus cases; *unique values* parses the typical body with "
        "a new name, tag and metadata value on every call (an unbounded cache keyed on "
        "values would grow there). RSS is read after a `gc.collect()`. A tracemalloc delta of "
        "some KiB with flat RSS is bounded caches churning entries of different sizes (e.g. "
        "`urllib.parse.urlsplit`'s `lru_cache(maxsize=128)`), not growth per call.",
        "",
        "| run | RSS growth | RSS growth at 10 checkpoints, KiB | tracemalloc growth | per call |",
        "|---|---:|---|---:|---:|",
    ]
    for name, key in (("corpus cycle", "corpus_cycle"), ("unique values", "unique_values")):
        rss, tm = mem["rss_" + key], mem["tracemalloc_" + key]
        trace = " ".join(f"{x / 1024:.0f}" for x in rss["trace_bytes"])
        lines.append(
            f"| {name} | {kib(rss['growth_bytes'])} | {trace} "
            f"| {kib(tm['growth_bytes'])} | {tm['per_call_bytes']:.3f} B |"
        )
        for line in tm["top_growth"]:
            lines.append(f"| | | | `{line.replace('|', '/')}` | |")
    pt, pb = mem["peak_typical"], mem["peak_typical_bytes_input"]
    lines += [
        "",
        "Allocation peak of one call (tracemalloc, above the state before the call): "
        f"typical body {pt['peak_bytes'] / 1024:.1f} KiB as Mapping, "
        f"{pb['peak_bytes'] / 1024:.1f} KiB as bytes; the result it returns holds "
        f"{pt['result_bytes'] / 1024:.1f} KiB. Over the corpus cases: median "
        f"{mem['peak_corpus_median_bytes'] / 1024:.1f} KiB, max "
        f"{mem['peak_corpus_max_bytes'] / 1024:.1f} KiB.",
        "",
    ]
    if mem.get("left_out_hung"):
        lines += [
            f"Left out of the memory runs because parse() did not return within "
            f"{CALL_LIMIT_S:g} s: {', '.join(mem['left_out_hung'])}.",
            "",
        ]
    return lines


def render(res: dict[str, Any]) -> str:
    m = res["machine"]
    p = res["params"]
    lines = [
        "# bootreq benchmark results",
        "",
        f"Written by `{res['command']}`. Times are medians over cases of each case's "
        "median call time, in microseconds, with the 10th-90th percentile of the per-case "
        "medians in brackets. Ratios are computed over the cases both sides timed.",
        "",
        "## Machine",
        "",
    ]
    for k in (
        "cpu",
        "cpus",
        "cpus_usable",
        "memory",
        "os",
        "python",
        "nova_side",
        "bootreq",
        "jsonschema",
        "attrs",
        "commit",
        "date",
        "load_average_at_start",
        "load_average_at_end",
        "wall_time",
    ):
        if m.get(k) is not None:
            lines.append(f"- {k}: {m[k]}")
    lines += [
        "",
        f"Run: {p['reps']} timed calls per case and variant after {p['warmup']} "
        f"warm-up calls, interleaved with Nova in batches of {p['batch']} cases; "
        "GC disabled while timing."
        + (f" Every {p['stride']}th case only." if p["stride"] > 1 else ""),
        "",
    ]
    for corpus in res["corpora"]:
        lines += _render_corpus(corpus)
    if res.get("typical"):
        lines += _render_typical(res["typical"])
    if res.get("cold"):
        lines += _render_cold(res["cold"])
    if res.get("memory"):
        lines += _render_memory(res["memory"])
    lines += [f"- {note}" for note in res.get("notes", [])]
    return "\n".join(lines).rstrip() + "\n"


def print_brief(res: dict[str, Any]) -> None:
    for corpus in res["corpora"]:
        s = corpus["summary"]
        print(f"== {corpus['name']}: {corpus['cases']} cases")
        for v, label in LABELS.items():
            a, r = s["per_variant"]["accepted"].get(v), s["per_variant"]["rejected"].get(v)
            if a or r:
                print(f"  {label:46} accepted {_us(a):22} rejected {_us(r)}")
        for name, val, goal, ok in corpus.get("targets", []):
            verdict = "" if ok is None else ("ok" if ok else "MISSED")
            print(f"  {name:40} {_x(val)} (goal >= {goal:g}x) {verdict}")
    t = res.get("typical")
    if t:
        print("== typical body")
        for v, label in LABELS.items():
            if v in t["row"]:
                print(f"  {label:46} {t['row'][v][1] / 1000:.1f} µs")


# --------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--nova-python", help="python of a virtualenv with nova==34.0.0")
    ap.add_argument(
        "--oracle-dir",
        default=str(DEFAULT_ORACLE),
        help="directory with time_nova.py and nova_oracle.py (default: %(default)s)",
    )
    ap.add_argument(
        "--corpus",
        action="append",
        default=None,
        help=f"oracle case file(s) (JSONL); default: {DEFAULT_CORPUS}",
    )
    ap.add_argument("--typical", default=str(DEFAULT_TYPICAL))
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--typical-reps", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--stride", type=int, default=1, help="time every N-th case")
    ap.add_argument("--limit", type=int, default=None, help="at most N cases per corpus")
    ap.add_argument("--cold-reps", type=int, default=5)
    ap.add_argument("--memory-calls", type=int, default=100_000, help="calls per RSS run")
    ap.add_argument(
        "--tracemalloc-calls", type=int, default=20_000, help="calls per tracemalloc run"
    )
    ap.add_argument("--no-cold", action="store_true")
    ap.add_argument("--no-memory", action="store_true")
    ap.add_argument(
        "--quick",
        action="store_true",
        help="sanity run: every 10th case, 5 reps, 200 typical reps, 2 cold reps, "
        "20,000 memory calls; writes benchmarks/RESULTS-quick.md",
    )
    ap.add_argument("--out", default=None, help="Markdown report (default benchmarks/RESULTS.md)")
    ap.add_argument("--json", default=None, help="also write all figures as JSON here")
    ap.add_argument(
        "--check", action="store_true", help="exit 1 when a target of issue 5 is missed"
    )
    ap.add_argument("--memory-worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.corpus is None:
        args.corpus = [str(DEFAULT_CORPUS)]
    if args.quick:
        args.stride = max(args.stride, 10)
        args.reps, args.warmup, args.typical_reps = 5, 2, 200
        args.cold_reps, args.memory_calls, args.tracemalloc_calls = 2, 20_000, 5_000
    if args.memory_worker:
        return memory_worker(args)
    out_path = (
        Path(args.out) if args.out else HERE / ("RESULTS-quick.md" if args.quick else "RESULTS.md")
    )

    started = time.time()
    notes: list[str] = []
    bootreq: Any = None
    try:
        bootreq = importlib.import_module("bootreq")
        bootreq.parse  # noqa: B018
    except (ImportError, AttributeError) as exc:
        bootreq = None
        notes.append(f"bootreq could not be imported ({exc}): its rows are missing.")
        print("warning: " + notes[-1], file=sys.stderr)

    nova: NovaWorker | None = None
    if args.nova_python:
        print("starting the Nova worker (builds Nova's app, ~3 s) ...", file=sys.stderr)
        nova = NovaWorker(os.path.expanduser(args.nova_python), Path(args.oracle_dir))
    else:
        notes.append("No --nova-python given: Nova's rows and the targets are missing.")
    limit_memory()

    res: dict[str, Any] = {
        "command": "benchmarks/run.py "
        + " ".join(
            a
            if not a.startswith(os.path.expanduser("~"))
            else "~" + a[len(os.path.expanduser("~")) :]
            for a in (argv if argv is not None else sys.argv[1:])
        ),
        "machine": machine_info(nova),
        "params": {
            "reps": args.reps,
            "warmup": args.warmup,
            "batch": args.batch,
            "stride": args.stride,
            "limit": args.limit,
        },
        "corpora": [],
        "notes": notes,
    }
    try:
        for corpus_path in args.corpus:
            path = Path(corpus_path)
            verdicts = path.with_name(path.name.replace(".jsonl", ".verdicts.jsonl"))
            cases, skipped = load_corpus(path, verdicts, args.stride, args.limit)
            if bootreq is not None:
                for c in cases:
                    c.options = options_for(bootreq, c.knobs, None)
                    c.api_options = options_for(bootreq, c.knobs, False)
            t = run_interleaved(bootreq, nova, cases, args.reps, args.warmup, args.batch, path.name)
            summary = summarise(cases, t)
            entry: dict[str, Any] = {
                "name": path.name,
                "cases": len(cases),
                "skipped": skipped,
                "summary": summary,
                "errors": t.errors[:50],
                "errors_total": len(t.errors),
                "hung": sorted(t.hung),
            }
            if nova is not None and bootreq is not None:
                entry["targets"] = targets(summary)
            res["corpora"].append(entry)

        typ = typical_case(Path(args.typical))
        if bootreq is not None:
            typ.options = options_for(bootreq, {}, None)
            typ.api_options = options_for(bootreq, {}, False)
        tt = run_interleaved(
            bootreq,
            nova,
            [typ],
            args.typical_reps,
            max(args.warmup, args.typical_reps // 10),
            1,
            "typical body",
        )
        res["typical"] = {
            "bytes": len(typ.data),
            "reps": args.typical_reps,
            "warmup": max(args.warmup, args.typical_reps // 10),
            "row": tt.rows.get("typical", {}),
        }
        if tt.errors:
            notes.append("parse() raised on the typical body: " + tt.errors[0])
        ranges = [
            (mn, mx) for mn, mx in (nova.info["schema_ranges"] if nova else NOVA_SCHEMA_RANGES)
        ]
    finally:
        if nova is not None:
            nova.close()

    if bootreq is not None and not args.no_cold:
        print("cold start ...", file=sys.stderr)
        res["cold"] = run_cold(sys.executable, ranges, args.cold_reps)
    if bootreq is not None and not args.no_memory:
        print(f"memory ({args.memory_calls} calls) ...", file=sys.stderr)
        res["memory"] = run_memory(args)

    res["machine"]["load_average_at_end"] = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    res["machine"]["wall_time"] = f"{time.time() - started:.0f} s"
    out_path.write_text(render(res), encoding="utf-8")
    print(f"wrote {out_path}", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2, default=str), encoding="utf-8")
    print_brief(res)
    print(f"report: {out_path}")
    missed = [
        t
        for c in res["corpora"]
        for t in c.get("targets", [])
        if t[3] is False and "default Options" in t[0]
    ]
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
