"""Coverage-guided fuzzing of bootreq.parse() with atheris (libFuzzer).

    .venv/bin/pip install atheris
    .venv/bin/python fuzz/fuzz_parse.py /tmp/bootreq-fuzz fuzz/seeds -max_total_time=600

See fuzz/README.md. Each input's first byte picks the microversion and the
body form (raw bytes, decoded JSON as a dict, read-only Mapping view); the
rest is the body. Every guarantee of tests/property/guarantees.py is checked:
an exception, a mutation of the body or two different answers to the same
input is a crash, and libFuzzer saves the input that caused it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import atheris  # noqa: E402

with atheris.instrument_imports():
    import bootreq  # noqa: F401

from tests.property.guarantees import check_body, check_raw  # noqa: E402
from tests.property.strategies import ALL_VERSIONS  # noqa: E402


def one_input(data: bytes) -> None:
    if not data:
        return
    head, raw = data[0], data[1:]
    version = ALL_VERSIONS[head % len(ALL_VERSIONS)]
    check_raw(raw, version)
    if head & 0x80:
        try:
            document = json.loads(raw)
        except (ValueError, RecursionError):
            return
        if not isinstance(document, str):
            check_body(document, version, views=bool(head & 0x40))


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
