"""Record Nova 34.0.0's verdicts on the requests the e2e clients send.

Runs every case of ``e2e_harness.CASES`` through its real client against the
WSGI recipe, captures the request each client sent, and asks the project's
Nova oracle (``../shared/oracle/nova_verdict_compute.py``, the real
``compute_api.create`` included) what Nova answers to exactly that request.
The result is committed as ``nova_verdicts.json``; the test then needs no Nova.

    python tests/e2e/record_nova_verdicts.py --nova-python ~/nova-venv/bin/python

Re-record when a case changes or a new client version sends other bodies.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import e2e_harness as harness

HERE = Path(__file__).resolve().parent
ORACLE = HERE.parents[2] / "shared" / "oracle" / "nova_verdict_compute.py"
OUT = HERE / "nova_verdicts.json"
KEPT = ("status", "fault", "message", "reservation_id_response", "response")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nova-python", required=True, help="python of a nova==34.0.0 venv")
    parser.add_argument("--oracle", type=Path, default=ORACLE)
    args = parser.parse_args(argv)

    recorder = harness.Recorder(harness.RECIPE_APP)
    with harness.serve(recorder) as endpoint:
        harness.run_clients(endpoint)
    posts = recorder.posts()
    assert len(posts) == len(harness.CASES), "each case makes exactly one POST"
    requests = [harness.oracle_case(c, e) for c, e in zip(harness.CASES, posts, strict=True)]

    with tempfile.TemporaryDirectory() as scratch:
        cases_file = Path(scratch) / "cases.jsonl"
        cases_file.write_text("".join(json.dumps(r) + "\n" for r in requests))
        verdicts = subprocess.run(
            [args.nova_python, str(args.oracle), str(cases_file)],
            check=True, capture_output=True, text=True, cwd=args.oracle.parent,
        ).stdout
    recorded = {}
    for request, line in zip(requests, verdicts.splitlines(), strict=True):
        verdict = json.loads(line)
        assert verdict["id"] == request["id"]
        recorded[request["id"]] = {
            "request": request,
            **{key: verdict.get(key) for key in KEPT},
        }
    OUT.write_text(json.dumps(recorded, indent=1, ensure_ascii=False) + "\n")
    print(f"recorded {len(recorded)} verdicts in {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
