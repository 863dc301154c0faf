#!/usr/bin/env python3
"""How many bytecodes does one parse() execute? A deterministic cost measure.

    .venv/bin/python benchmarks/count_bytecodes.py [--only accepted|rejected]
        [--top N] [--lines FILE_PART]

Counts the bytecodes executed (``sys.settrace`` with per-opcode events) per
``parse(Mapping)`` call over the dev corpus, in total and per function (or,
with ``--lines``, per source line of the files whose path contains
FILE_PART). Unlike a timing, the count does not move with the machine's
load, so a change can be judged on a noisy machine; it does not see work
done in C (a comprehension's frame, a dict built), so confirm a change with
``run.py`` on an idle machine.
"""

from __future__ import annotations

import argparse
import collections
import linecache
import sys
from pathlib import Path
from types import FrameType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--corpus", default=str(run.DEFAULT_CORPUS))
    ap.add_argument("--only", choices=("accepted", "rejected"), default="accepted")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--lines", metavar="FILE_PART", default=None)
    args = ap.parse_args(argv)

    import bootreq

    path = Path(args.corpus)
    verdicts = path.with_name(path.name.replace(".jsonl", ".verdicts.jsonl"))
    cases, _ = run.load_corpus(path, verdicts, 1, None)
    want = args.only == "accepted"
    calls = [
        (c.mapping, c.microversion, run.options_for(bootreq, c.knobs, None))
        for c in cases
        if c.mapping is not None and (c.nova_status == 202) == want
    ]
    for body, mv, options in calls:  # warm: schemas compiled, caches filled
        bootreq.parse(body, mv, options=options)

    counts: collections.Counter[Any] = collections.Counter()

    def per_opcode(frame: FrameType, event: str, arg: object) -> Any:
        if event == "opcode":
            code = frame.f_code
            if args.lines is None:
                counts[f"{Path(code.co_filename).name}:{code.co_name}"] += 1
            else:
                counts[(code.co_filename, frame.f_lineno)] += 1
        return per_opcode

    def on_call(frame: FrameType, event: str, arg: object) -> Any:
        if args.lines is not None and args.lines not in frame.f_code.co_filename:
            return None
        frame.f_trace_opcodes = True
        frame.f_trace_lines = False
        return per_opcode

    sys.settrace(on_call)
    try:
        for body, mv, options in calls:
            bootreq.parse(body, mv, options=options)
    finally:
        sys.settrace(None)

    n = len(calls)
    print(f"{args.only}: {n} cases, {sum(counts.values()) / n:.0f} bytecodes per parse()")
    for key, count in counts.most_common(args.top):
        if args.lines is None:
            label = key
        else:
            filename, line = key
            source = linecache.getline(filename, line or 0).strip()[:80]
            label = f"{Path(filename).name}:{line}: {source}"
        print(f"{count / n:8.1f}  {label}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
