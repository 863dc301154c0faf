"""bootreq.microversion: Nova's version strings, ordering, and the request headers."""

from __future__ import annotations

import json
import pathlib
from types import MappingProxyType
from typing import Any

import attrs
import pytest

from bootreq.microversion import (
    LEGACY_V2,
    MAX_VERSION,
    MIN_VERSION,
    InvalidMicroversion,
    Microversion,
)

FACTS: dict[str, list[Any]] = json.loads(
    (pathlib.Path(__file__).parent / "data" / "nova_facts.json").read_text(encoding="utf-8")
)


# -- parse: Nova's APIVersionRequest (recorded by tools/record_unit_facts.py)


@pytest.mark.parametrize(("text", "expected"), FACTS["api_version"])
def test_parse_matches_nova(text: str, expected: list[int] | dict[str, str]) -> None:
    if isinstance(expected, dict):
        with pytest.raises(InvalidMicroversion) as raised:
            Microversion.parse(text)
        assert str(raised.value) == expected["error"]
    else:
        version = Microversion.parse(text)
        assert (version.major, version.minor) == tuple(expected)


def test_invalid_microversion_is_a_value_error() -> None:
    assert issubclass(InvalidMicroversion, ValueError)


@pytest.mark.parametrize("value", [2.1, b"2.1", None, (2, 1)])
def test_parse_rejects_non_strings(value: Any) -> None:
    with pytest.raises(TypeError):
        Microversion.parse(value)


# -- ordering and str()


def test_ordering_is_numeric_not_textual() -> None:
    assert Microversion(2, 9) < Microversion(2, 10)
    assert Microversion(2, 10) > Microversion(2, 9)
    assert Microversion(2, 100) > Microversion(2, 99)
    assert Microversion(3, 0) > Microversion(2, 104)
    assert Microversion(2, 5) <= Microversion(2, 5) <= Microversion(2, 6)
    assert Microversion(2, 6) >= Microversion(2, 6) >= Microversion(2, 5)
    assert not Microversion(2, 5) < Microversion(2, 5)
    assert not Microversion(2, 5) > Microversion(2, 5)


@pytest.mark.parametrize("other", ["2.2", (2, 2), None])
def test_ordering_against_other_types_is_a_type_error(other: Any) -> None:
    with pytest.raises(TypeError):
        _ = Microversion(2, 1) < other


def test_sorting() -> None:
    texts = ["2.10", "2.2", "2.104", "2.0", "2.1", "3.0", "2.9"]
    ordered = sorted(Microversion.parse(t) for t in texts)
    assert [str(v) for v in ordered] == ["2.0", "2.1", "2.2", "2.9", "2.10", "2.104", "3.0"]


def test_equality_and_hash() -> None:
    assert Microversion.parse("2.10") == Microversion(2, 10)
    assert Microversion(2, 10) != Microversion(2, 1)
    assert len({Microversion(2, 1), Microversion.parse("2.1")}) == 1


@pytest.mark.parametrize("text", ["2.0", "2.1", "2.10", "2.104", "10.0", "12.345"])
def test_str_round_trips(text: str) -> None:
    assert str(Microversion.parse(text)) == text
    assert Microversion.parse(str(Microversion.parse(text))) == Microversion.parse(text)


def test_constants() -> None:
    assert str(MIN_VERSION) == "2.1"
    assert str(MAX_VERSION) == "2.104"  # Nova 34.0.0's maximum
    assert LEGACY_V2 == Microversion(2, 0)


def test_frozen() -> None:
    version = Microversion(2, 1)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        version.minor = 2  # type: ignore[misc]


# -- legacy mode and supports()


def test_legacy_mode_supports_nothing() -> None:
    assert LEGACY_V2.is_legacy
    assert not MIN_VERSION.is_legacy
    assert not LEGACY_V2.supports(MIN_VERSION)
    assert not LEGACY_V2.supports(LEGACY_V2)


def test_supports_is_at_least() -> None:
    assert Microversion(2, 52).supports(Microversion(2, 52))
    assert Microversion(2, 53).supports(Microversion(2, 52))
    assert not Microversion(2, 51).supports(Microversion(2, 52))
    assert Microversion(3, 0).supports(Microversion(2, 104))


# -- from_headers: microversion_parse.get_version as Nova calls it


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"Content-Type": "application/json"}, None),
        ({"OpenStack-API-Version": "compute 2.52"}, "2.52"),
        ({"openstack-api-version": "compute 2.52"}, "2.52"),
        ({"OPENSTACK-API-VERSION": "compute 2.52"}, "2.52"),
        ({"OpenStack-API-Version": "COMPUTE 2.52"}, "2.52"),
        ({"OpenStack-API-Version": "compute 2.3, compute 2.79"}, "2.79"),
        ({"OpenStack-API-Version": "compute 2.3,placement 1.10"}, "2.3"),
        ({"OpenStack-API-Version": "placement 1.10, compute 2.3, volume 3.0"}, "2.3"),
        ({"OpenStack-API-Version": "  compute   latest  "}, "latest"),
        ({"OpenStack-API-Version": "compute 2.01"}, "2.01"),  # unparsed: parse() answers 400
        ({"OpenStack-API-Version": "compute 2.1 extra"}, "2.1 extra"),
        ({"X-OpenStack-Nova-API-Version": "2.7"}, "2.7"),
        ({"x-openstack-nova-api-version": "2.7"}, "2.7"),
        ({"X-OpenStack-Nova-API-Version": "2.1, 2.7"}, "2.7"),
        ({"X-OpenStack-Nova-API-Version": " 2.1 ,  2.8 "}, "2.8"),
        ({"X-OpenStack-Nova-API-Version": "2.1,"}, ""),
        # The standard header wins over the legacy one, whatever the order.
        (
            {"X-OpenStack-Nova-API-Version": "2.7", "OpenStack-API-Version": "compute 2.9"},
            "2.9",
        ),
        (
            {"OpenStack-API-Version": "compute 2.9", "X-OpenStack-Nova-API-Version": "2.7"},
            "2.9",
        ),
        # ... unless it names no compute version: then the legacy header counts.
        (
            {"OpenStack-API-Version": "volume 3.5", "X-OpenStack-Nova-API-Version": "2.7"},
            "2.7",
        ),
        ({"OpenStack-API-Version": "compute", "X-OpenStack-Nova-API-Version": "2.7"}, "2.7"),
        ({"OpenStack-API-Version": "volume 3.5"}, None),
        ({"OpenStack-API-Version": ""}, None),
    ],
)
def test_from_headers(headers: dict[str, str], expected: str | None) -> None:
    assert Microversion.from_headers(headers) == expected


def test_from_headers_accepts_any_mapping() -> None:
    class Headers(dict[str, str]):
        pass

    headers = Headers({"openstack-api-version": "compute 2.4"})
    assert Microversion.from_headers(headers) == "2.4"
    proxy = MappingProxyType({"X-OpenStack-Nova-API-Version": "2.5"})
    assert Microversion.from_headers(proxy) == "2.5"
