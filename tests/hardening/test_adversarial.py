"""Adversarial shapes: an answer for each, no exception, no mutation of the caller's body.

Sizes here are large enough to defeat recursion and quadratic paths, small
enough for the default run; ``benchmarks/adversarial.py`` runs the same
shapes at full size and reports their times (no timing is asserted here).
"""

from __future__ import annotations

import pytest
from tests.hardening.shapes import Shape, shapes
from tests.property.guarantees import check_answer, fingerprint

import bootreq
from bootreq import BuildRequest, HttpError, Options

_SHAPES = list(shapes(depth=20_000, keys=2000, length=20_000, digits=10**5))
_UNLIMITED = Options(max_body_bytes=10**9)


@pytest.mark.parametrize("shape", _SHAPES, ids=[label for label, _, _ in _SHAPES])
def test_adversarial_shape_is_answered(shape: Shape) -> None:
    _label, body, version = shape
    before = fingerprint(body)
    for options in (_UNLIMITED, None):
        answer = bootreq.parse(body, version, options=options)
        check_answer(answer)
        assert fingerprint(body) == before
    assert isinstance(answer, (BuildRequest, HttpError))


def test_every_shape_family_is_present() -> None:
    families = {label.split(":")[0] for label, _, _ in _SHAPES}
    assert families == {"nesting", "keys", "items", "string", "digits", "regex", "decode"}


def test_deep_equal_trusted_certs_are_not_unique() -> None:
    # uniqueItems runs before items: deep equal arrays are compared without recursion.
    deep = [[[[["x"]]]]]
    for _ in range(480):
        deep = [deep]
    body = {"server": {"name": "a", "flavorRef": "1", "networks": "none",
                       "trusted_image_certificates": [deep, deep]}}
    answer = bootreq.parse(body, "2.63", options=Options(compute_checks=False))
    assert isinstance(answer, HttpError)
    assert answer.message.endswith("has non-unique elements")
    assert answer.pointer == "/server/trusted_image_certificates"


@pytest.mark.parametrize("leaf", [{1, 2}, b"bytes", object(), 1j])
def test_non_json_python_values_are_a_caller_error(leaf: object) -> None:
    # The documented contract: a wrong *Python* type from the caller raises TypeError.
    with pytest.raises(TypeError):
        bootreq.parse({"server": {"name": "a", "flavorRef": "1", "metadata": {"k": leaf}}})


def test_circular_body_is_a_400() -> None:
    body: dict[str, object] = {"server": {}}
    body["server"] = {"name": "a", "flavorRef": "1", "loop": body}
    answer = bootreq.parse(body)
    assert isinstance(answer, HttpError)
    assert answer.message == "Malformed request body: Circular reference detected"
