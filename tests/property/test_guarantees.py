"""parse()'s guarantees over generated inputs: no exception, no mutation, one answer.

Inputs: schema-valid bodies for every microversion and mutations of them,
arbitrary JSON values, arbitrary text and bytes, each as a decoded value, as
JSON text, as bytes and as a read-only Mapping/tuple view.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bootreq import _wire
from tests.property.guarantees import check_body, check_raw
from tests.property.strategies import (
    ALL_VERSIONS,
    bodies,
    json_values,
    mutated,
    versions,
)

# The check that lets parse() read a decoded body in place, without its text.
_plain_and_small = _wire.plain_and_small

_DEFAULT = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much],
)
_LONG = settings(_DEFAULT, max_examples=50_000)

# Header values a client may send for the version, good and bad.
_VERSION_TEXTS = st.one_of(
    versions().map(str),
    st.sampled_from([None, "latest", "2.0", "2.105", "3.0", "2.01", " 2.5", "", "2", "x"]),
)


def _valid_or_mutated(data: st.DataObject) -> tuple[Any, Any]:
    version, document = data.draw(bodies(), label="body")
    if data.draw(st.booleans(), label="mutate"):
        document = data.draw(mutated(document), label="mutated")
    return version, document


@_DEFAULT
@given(st.data())
def test_generated_bodies_keep_every_guarantee(data: st.DataObject) -> None:
    version, document = _valid_or_mutated(data)
    check_body(document, version)


@_DEFAULT
@given(st.data())
def test_valid_bodies_build_at_their_version(data: st.DataObject) -> None:
    # Schema-valid bodies pass the schema; the controller may still refuse (400/403/409).
    version, document = data.draw(bodies())
    answer = check_body(document, version, views=False)
    message = getattr(answer, "message", "")
    # The one schema-like message after the schema: personality items missing
    # path/contents (Nova: KeyError, 500; bootreq: a 400 in the schema's words).
    if message.startswith("Invalid input for field/attribute"):
        assert message.endswith(("'path' is a required property",
                                 "'contents' is a required property")), message


@_DEFAULT
@given(json_values(30), _VERSION_TEXTS)
def test_any_json_value_any_version_text(document: Any, version: Any) -> None:
    check_body(document, version)
    check_body({"server": document}, version)


@_DEFAULT
@given(st.binary(max_size=300), versions())
def test_any_bytes(raw: bytes, version: Any) -> None:
    check_raw(raw, version)


@_DEFAULT
@given(st.text(max_size=300), versions())
def test_any_text(raw: str, version: Any) -> None:
    check_raw(raw, version)


@_DEFAULT
@given(st.data())
def test_damaged_json_text(data: st.DataObject) -> None:
    # Valid bodies' text, cut or with a byte replaced: the JSON decoder's edge.
    version, document = data.draw(bodies())
    raw = json.dumps(document, ensure_ascii=data.draw(st.booleans())).encode(
        "utf-8", "surrogatepass"
    )
    cut = data.draw(st.integers(min_value=0, max_value=len(raw)))
    byte = data.draw(st.integers(min_value=0, max_value=255))
    check_raw(raw[:cut], version)
    check_raw(raw[:cut] + bytes([byte]) + raw[cut + 1:], version)


@_DEFAULT
@given(st.dictionaries(st.text(max_size=8), json_values(30), max_size=4))
def test_a_body_read_in_place_is_surely_within_the_limit(document: dict[str, Any]) -> None:
    # parse() skips a decoded body's JSON text when a bound on its size is
    # within the limit: the bound must never be below the text's size.
    size = len(json.dumps(document))
    assert not _plain_and_small(document, size - 1)


def test_every_version_is_covered() -> None:
    assert {str(v) for v in ALL_VERSIONS} >= {"2.0", "2.1", "2.104"}


@pytest.mark.slow
@_LONG
@given(st.data())
def test_generated_bodies_keep_every_guarantee_long(data: st.DataObject) -> None:
    version, document = _valid_or_mutated(data)
    check_body(document, version)
