#!/usr/bin/env python3
"""Record Nova's exact body bytes for tests/http/data/raw_bodies.json.

Run from the repository root with the Nova venv's Python:
``~/nova-venv/bin/python tools/record_http_raw_bodies.py``. Answers whose
adminPass Nova generated are left out (random).
"""

import json
import sys

sys.path.insert(0, "../shared/oracle")
import nova_oracle

DATA = "tests/http/data/"
KINDS = ("endpoint", "project-password", "accept", "version")


def main() -> None:
    oracle = nova_oracle.get_oracle()
    out = {}
    with open(DATA + "cases.jsonl", encoding="utf-8") as handle:
        cases = [json.loads(line) for line in handle]
    for case in cases:
        if not case["id"].endswith(KINDS):
            continue
        overrides = oracle.apply_options(case)
        try:
            response = oracle.build_request(case).get_response(oracle.app)
        finally:
            oracle.clear_options(overrides)
        if response.status_int != 202 and not case["id"].endswith("project-password"):
            continue
        if b'"adminPass"' in response.body and b'"s3cret"' not in response.body:
            continue
        out[case["id"]] = response.body.decode("ascii")
    with open(DATA + "raw_bodies.json", "w", encoding="utf-8") as handle:
        json.dump(out, handle, indent=1, sort_keys=True)
    print(len(out), "bodies")


if __name__ == "__main__":
    main()
