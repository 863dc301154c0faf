"""bootreq._formats against Nova's own functions (tests/unit/data/nova_facts.json).

Recorded by tools/record_unit_facts.py: ``oslo_utils.uuidutils.is_uuid_like``,
``str(netaddr.IPAddress(x))`` and Nova's jsonschema format checker.
"""

from __future__ import annotations

import ipaddress
import json
import pathlib
import random
import socket
from typing import Any

import pytest

from bootreq._formats import CHECKERS, _is_plain_ipv6, is_uuid_like, normalise_ip

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


def _ipaddress_accepts(text: str) -> bool:
    try:
        address = ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return not address.scope_id


def test_ipv6_fast_path_agrees_with_ipaddress() -> None:
    # The regex fast path may only accept what ipaddress accepts, and the
    # checker as a whole must answer exactly as ipaddress does; normalise_ip
    # must give the same text either way.
    rng = random.Random(6)
    fast = 0
    for i in range(20000):
        if i % 3:
            size = rng.randrange(1, 20)
            text = "".join(rng.choice("0123456789abcdefABCDEF:") for _ in range(size))
        else:
            groups = [format(rng.randrange(65536), rng.choice(["x", "X", "04x"])) for _ in range(8)]
            low = rng.randrange(9)
            high = rng.randrange(low, 9)
            joint = "::" if rng.random() < 0.8 else ":"
            text = ":".join(groups[:low]) + joint + ":".join(groups[high:])
        expected = _ipaddress_accepts(text)
        assert CHECKERS["ipv6"](text) is expected, text
        if _is_plain_ipv6(text):
            fast += 1
            assert expected, text
            slow = socket.inet_ntop(socket.AF_INET6, ipaddress.IPv6Address(text).packed)
            assert normalise_ip(text) == slow, text
    assert fast > 2000  # the fast path is exercised
