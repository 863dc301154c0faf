"""bootreq._formats against Nova's own functions (tests/unit/data/nova_facts.json).

Recorded by tools/record_unit_facts.py: ``oslo_utils.uuidutils.is_uuid_like``,
``str(netaddr.IPAddress(x))`` and Nova's jsonschema format checker.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest

from bootreq._formats import CHECKERS, is_uuid_like, normalise_ip

FACTS: dict[str, list[Any]] = json.loads(
    (pathlib.Path(__file__).parent / "data" / "nova_facts.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize(("text", "expected"), FACTS["is_uuid_like"])
def test_is_uuid_like_matches_oslo(text: str, expected: bool) -> None:
    assert is_uuid_like(text) is expected


def test_uuid_facts_cover_both_answers() -> None:
    answers = [expected for _, expected in FACTS["is_uuid_like"]]
    assert answers.count(True) >= 20
    assert answers.count(False) >= 40


@pytest.mark.parametrize(("text", "expected"), FACTS["ip_address"])
def test_normalise_ip_matches_netaddr(text: str, expected: str) -> None:
    assert normalise_ip(text) == expected


@pytest.mark.parametrize(("text", "expected"), FACTS["ip_format"])
def test_ip_format_checkers_match_nova(text: str, expected: list[bool]) -> None:
    assert [bool(CHECKERS["ipv4"](text)), bool(CHECKERS["ipv6"](text))] == expected


def test_uuid_format_checker_is_is_uuid_like() -> None:
    for text, expected in FACTS["is_uuid_like"]:
        assert CHECKERS["uuid"](text) is expected, text
