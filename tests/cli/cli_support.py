"""Paths and corpus loading shared by the CLI tests (imported as a top-level module)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bootreq import Microversion
from bootreq.microversion import LEGACY_V2, MAX_VERSION, MIN_VERSION, InvalidMicroversion

DATA = Path(__file__).parent / "data"
CLIENTS = DATA / "clients"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bodies"


def corpus_cases() -> list[tuple[str, Microversion, Any]]:
    """The dev corpus's cases that reach the schema stage: (id, version, document)."""
    cases = []
    for line in (DATA / "dev_cases.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        text = case.get("raw", json.dumps(case.get("body")))
        try:
            document = json.loads(text)
        except (ValueError, RecursionError):
            continue  # refused before the schema stage
        text_version = case.get("microversion")
        try:
            version = (
                MIN_VERSION if text_version is None
                else LEGACY_V2 if text_version == "2.0"
                else Microversion.parse(text_version)
            )
        except InvalidMicroversion:
            continue
        if version == LEGACY_V2 or MIN_VERSION <= version <= MAX_VERSION:
            cases.append((case["id"], version, document))
    return cases
