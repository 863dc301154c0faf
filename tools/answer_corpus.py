#!/usr/bin/env python3
"""Write bootreq's answers to oracle-format cases, one canonical JSON line each.

    python tools/answer_corpus.py CASES.jsonl [CASES.jsonl ...] -o ANSWERS.jsonl

Run with each Python, the outputs must be byte-identical (``.ci/run`` compares
them): bootreq's answers may not depend on the interpreter. Each case is
answered three ways: Nova's API layer (the case's option knobs), with the
compute checks, and for a cloud whose Python has the CVE-2026-3446 base64 fix.
An answer is everything a caller can read: status, fault, message, pointer
and every violation of an error; every ``compute_api.create`` argument,
the flavor id and the policies of a build request.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conformance.oracle_cases import body_of, normalise, options_for  # noqa: E402

import bootreq  # noqa: E402


def plain(value: Any) -> Any:
    """A JSON value for a result's field (not ``repr``: that is the interpreter's)."""
    if attrs.has(type(value)):
        return {f.name: plain(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, float) and value != value:
        return "NaN"
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return f"<{type(value).__name__}>"


def answer(result: bootreq.BuildRequest | bootreq.HttpError) -> dict[str, Any]:
    if isinstance(result, bootreq.HttpError):
        return {
            "status": result.status, "fault": result.fault, "message": result.message,
            "pointer": result.pointer,
            "violations": [[v.pointer, v.message] for v in result.violations],
        }
    compute = result.compute
    return {
        "status": 202, "kwargs": normalise(result.to_nova_kwargs()),
        "flavor_id": result.flavor_id, "policies": list(result.policies),
        "return_reservation_id": result.return_reservation_id,
        "compute": plain(compute),
    }


def answers(case: dict[str, Any]) -> dict[str, Any]:
    api = options_for(case)
    ways = {
        "api": api,
        "compute": options_for(case, compute_checks=True),
        "base64_fixed": attrs.evolve(api, base64_cve_2026_3446_fixed=True),
    }
    out: dict[str, Any] = {"id": case["id"]}
    for name, options in ways.items():
        out[name] = answer(bootreq.parse(body_of(case), case.get("microversion"),
                                         options=options))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", nargs="+", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    digest = hashlib.sha256()
    count = 0
    with open(args.output, "w", encoding="utf-8", newline="\n") as out:
        for path in args.cases:
            with open(path, encoding="utf-8") as lines:
                for line in lines:
                    text = json.dumps(answers(json.loads(line)), ensure_ascii=True,
                                      sort_keys=True) + "\n"
                    out.write(text)
                    digest.update(text.encode("ascii"))
                    count += 1
    version = ".".join(map(str, sys.version_info[:3]))
    print(f"Python {version}: {count} answers, sha256 {digest.hexdigest()[:16]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
