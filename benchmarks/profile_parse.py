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
import pstats
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run


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
    calls: list[tuple[Any, str | None, Any]] = []
    for c in cases:
        body = c.mapping if args.input == "mapping" else c.data
        if body is None:
            continue
        calls.append((body, c.microversion, run.options_for(bootreq, c.knobs, cc)))
    parse = bootreq.parse
    for body, mv, opts in calls:  # warm: schemas compiled, tables built
        parse(body, mv, options=opts)

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
