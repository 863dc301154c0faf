#!/usr/bin/env python3
"""Record Nova 34.0.0's verdicts for compute-layer test cases.

    python tools/record_compute.py CASES.jsonl -o tests/compute/data/NAME

Runs the shared compute oracle (Nova's real ``compute_api.create`` with only
service and database calls stubbed, ``shared/oracle/nova_verdict_compute.py``)
twice over the cases: once stopping at the API layer (``--layer api``: what
``compute_api.create`` receives, the input of bootreq's compute checks) and
once through the compute layer. Writes, trimmed to what the tests compare:

    cases.jsonl   the cases
    api.jsonl     id, status, fault, message, kwargs, flavor_id, policies
    nova.jsonl    id, status, fault, message, policies, compute

tests/compute/test_nova_verdicts.py reads every directory under
tests/compute/data (``corpus``: the shared compute corpus, whole; ``own``
and the others: our own cases, one directory per topic). Needs the Nova
venv (``NOVA_PY``, default ~/nova-venv/bin/python). Nothing under src/
imports this.
"""

import argparse
import json
import os
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "oracle"))
NOVA_PY = os.environ.get("NOVA_PY", os.path.expanduser("~/nova-venv/bin/python"))
API_KEYS = ("id", "status", "fault", "message", "kwargs", "flavor_id", "policies",
            "reservation_id_response")
NOVA_KEYS = ("id", "status", "fault", "message", "policies", "compute")


def run_oracle(cases, out, layer):
    cmd = [NOVA_PY, os.path.join(ORACLE, "nova_verdict_compute.py"), os.path.abspath(cases),
           "-o", os.path.abspath(out),
           "-j", "2"]
    if layer == "api":
        cmd[3:3] = ["--layer", "api"]
    subprocess.run(cmd, check=True, cwd=ORACLE)


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cases")
    ap.add_argument("-o", "--out", required=True)
    a = ap.parse_args()
    cases = load(a.cases)
    os.makedirs(a.out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        all_cases = os.path.join(a.out, "cases.jsonl")
        with open(all_cases, "w", encoding="utf-8") as f:
            for c in cases:
                f.write(json.dumps(c, sort_keys=True, ensure_ascii=False) + "\n")
        for layer, keys, name in (("api", API_KEYS, "api.jsonl"),
                                  ("compute", NOVA_KEYS, "nova.jsonl")):
            raw = os.path.join(tmp, name)
            run_oracle(all_cases, raw, layer)
            with open(os.path.join(a.out, name), "w", encoding="utf-8") as f:
                for v in load(raw):
                    f.write(json.dumps({k: v.get(k) for k in keys}, sort_keys=True,
                                       ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
