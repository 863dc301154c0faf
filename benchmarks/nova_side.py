"""Nova's side of the benchmark: a worker that runs under a nova==34.0.0 venv.

Started by ``benchmarks/run.py --nova-python PY`` as

    PY benchmarks/nova_side.py --oracle-dir ../shared/oracle

It reuses the oracle's ``time_nova.Timer`` (same mocks, same validators as
``time_nova.py``; no Nova code is copied here) and answers JSON-line requests
on stdin, one JSON-line reply each on stdout, so that ``run.py`` can
interleave Nova's timings with bootreq's batch by batch in the same run:

    {"op": "info"}                      -> versions, Nova's create-schema ranges
    {"op": "time", "cases": [...], "modes": ["schema", "controller"],
     "reps": 15, "warmup": 3}           -> {"results": [{"schema": [ok, ns] | null, ...}]}
    {"op": "quit"}

``[ok, ns]`` is the mode's own outcome (schema passed / controller returned)
and the median of ``reps`` timed calls in nanoseconds; ``null`` when Nova
cannot reach that mode for the case (undecodable body, invalid or
out-of-range microversion), exactly as ``time_nova.py`` skips them.
Garbage collection is disabled while a batch is timed.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import sys
from typing import Any


def _open_reply_channel() -> Any:
    """Keep the real stdout for replies; send everything else to stderr."""
    reply = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return reply


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--oracle-dir", required=True, help="directory holding time_nova.py")
    args = ap.parse_args(argv)

    reply = _open_reply_channel()
    sys.path.insert(0, os.path.abspath(args.oracle_dir))
    import nova_oracle
    import time_nova

    timer = time_nova.Timer(nova_oracle.get_oracle())

    def send(obj: object) -> None:
        reply.write(json.dumps(obj) + "\n")
        reply.flush()

    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        op = req.get("op")
        if op == "quit":
            break
        if op == "info":
            from importlib import metadata

            ranges = [
                [mn.get_string(), mx.get_string() if not mx.is_null() else None]
                for mn, mx, _schema, _val in timer.schema_table
            ]
            send(
                {
                    "python": platform.python_version(),
                    "implementation": platform.python_implementation(),
                    "nova": metadata.version("nova"),
                    "jsonschema": metadata.version("jsonschema"),
                    "hashseed": os.environ.get("PYTHONHASHSEED"),
                    "schema_ranges": ranges,
                    "max_version": timer.avr.max_api_version().get_string(),
                }
            )
            continue
        if op == "time":
            reps, warmup = int(req["reps"]), int(req["warmup"])
            modes = list(req["modes"])
            out = []
            gc.collect()
            gc.disable()
            try:
                for case in req["cases"]:
                    row: dict[str, object] = {}
                    for mode in modes:
                        r = getattr(timer, "run_" + mode)(case, reps, warmup)
                        row[mode] = None if r is None else [bool(r[0]), int(r[1])]
                    out.append(row)
            finally:
                gc.enable()
            send({"results": out})
            continue
        send({"error": f"unknown op {op!r}"})
    return 0


if __name__ == "__main__":
    sys.exit(main())
