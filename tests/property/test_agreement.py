"""The compiled first-error engine agrees with jsonschema (extended as Nova extends it).

For generated and mutated documents, checked against *every* schema range:
the engine finds no failure exactly when jsonschema finds no error, and when
both fail, the engine's failure is jsonschema's first yielded error (the one
Nova reports): same location, same keyword, same message.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bootreq._validation import _LINEAR_EQUIVALENTS, Check, _Compiler, compile_schema
from tests.property.reference import ENGINE_KEYWORDS, first_error
from tests.property.strategies import RANGE_SCHEMAS, from_schema, json_values, mutated

# Messages embed reprs; the engine renders Python 3.11's (Unicode 14.0) everywhere.
_NATIVE_REPR = unicodedata.unidata_version == "14.0.0"


@functools.cache
def _engine(name: str, soft: bool) -> Check:
    schema = next(s for n, _, s in RANGE_SCHEMAS if n == name)
    return compile_schema(schema, soft=soft)


def _copy(value: Any) -> Any:
    return json.loads(json.dumps(value))


def assert_agrees(name: str, soft: bool, schema: dict[str, Any], document: Any) -> None:
    try:
        ours, theirs = _copy(document), _copy(document)
    except RecursionError:  # deeper than any body parse() validates (MAX_DEPTH)
        return
    failure = _engine(name, soft)(ours)
    try:
        error = first_error(schema, theirs, soft=soft)
    except RecursionError:  # jsonschema itself cannot walk this deep
        return
    assert (failure is None) == (error is None), (name, failure and failure.keyword, error)
    if soft:
        # Both strip the same unknown members on the way to the same first error.
        assert ours == theirs
    if failure is None:
        return
    assert failure.location == tuple(error.absolute_path), name
    assert ENGINE_KEYWORDS.get(failure.keyword, failure.keyword) == error.validator, name
    if _NATIVE_REPR and failure.keyword != "formatNonAscii":
        assert failure.message() == error.message, name


_DEFAULT = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much],
)
_LONG = settings(_DEFAULT, max_examples=20_000)


def _documents(data: st.DataObject) -> Any:
    _, _, schema = data.draw(st.sampled_from(RANGE_SCHEMAS), label="generated from")
    document = data.draw(from_schema(schema), label="valid document")
    if data.draw(st.booleans(), label="mutate"):
        document = data.draw(mutated(document), label="mutated document")
    return document


def _agrees_everywhere(document: Any) -> None:
    # Soft mode only where Nova uses it (2.0). Elsewhere it would differ inside
    # oneOf over objects, where jsonschema walks (and strips) a failing branch to
    # its end and the engine stops at the branch's first failure; 2.0's schema
    # has no such oneOf.
    for name, soft, schema in RANGE_SCHEMAS:
        assert_agrees(name, soft, schema, document)
        if soft:
            assert_agrees(name, False, schema, document)


@_DEFAULT
@given(st.data())
def test_engine_agrees_with_jsonschema(data: st.DataObject) -> None:
    _agrees_everywhere(_documents(data))


@_DEFAULT
@given(json_values(20))
def test_engine_agrees_on_arbitrary_json(document: Any) -> None:
    _agrees_everywhere(document)
    _agrees_everywhere({"server": document})


@pytest.mark.slow
@_LONG
@given(st.data())
def test_engine_agrees_with_jsonschema_long(data: st.DataObject) -> None:
    _agrees_everywhere(_documents(data))


@_DEFAULT
@given(st.data())
def test_generated_documents_are_valid(data: st.DataObject) -> None:
    """The generator itself: what it calls valid, jsonschema calls valid."""
    name, soft, schema = data.draw(st.sampled_from(RANGE_SCHEMAS))
    document = data.draw(from_schema(schema))
    assert first_error(schema, _copy(document), soft=soft) is None
    assert _engine(name, soft)(_copy(document)) is None


# -- the yes/no checks oneOf counts with

@functools.cache
def _compiled_ranges() -> tuple[tuple[str, _Compiler, dict[str, Any]], ...]:
    """(range, its compiler, the namespace its source ran in) for every range."""
    compiled = []
    for name, _, schema in RANGE_SCHEMAS:
        compiler = _Compiler(soft=False)
        compiler.function(schema)
        exec(compiler.source(), compiler.namespace)
        compiled.append((name, compiler, compiler.namespace))
    return tuple(compiled)


def _branch_checks() -> list[tuple[str, str, Any, Any]]:
    """(range, subschema, yes/no check, failure check) for every predicate compiled."""
    pairs = []
    for name, compiler, namespace in _compiled_ranges():
        assert compiler.predicates is not None, name  # imageRef's oneOf, at least
        for key, predicate in compiler.predicates.by_schema.items():
            pairs.append((name, key, namespace[predicate], namespace[compiler.by_schema[key]]))
    return pairs


_BRANCH_CHECKS = _branch_checks()


@settings(_DEFAULT, max_examples=300)
@given(st.data())
def test_predicates_answer_as_the_failure_checks(data: st.DataObject) -> None:
    """A yes/no check is True exactly when its failure check finds nothing."""
    name, key, predicate, check = data.draw(st.sampled_from(_BRANCH_CHECKS), label="check")
    subschema = eval(key)  # the compiler's key: the subschema's repr
    # Valid values, and arbitrary JSON: mostly invalid, in every way a type can be.
    value = data.draw(st.one_of(json_values(8), from_schema(subschema)), label="value")
    assert predicate(_copy(value)) is (check(_copy(value)) is None), (name, key, value)


# -- the inline guards that spare a call for the common valid leaf

def _guarded_checks() -> list[tuple[str, str, Any, Any]]:
    """(range, subschema, guard, failure check) for every subschema with a guard."""
    found = []
    for name, compiler, namespace in _compiled_ranges():
        for key, function in compiler.by_schema.items():
            guard = compiler.guard(eval(key))
            if guard is not None:
                vouches = eval(f"lambda v: {guard}", namespace)
                found.append((name, key, vouches, namespace[function]))
    return found


_GUARDED_CHECKS = _guarded_checks()


@settings(_DEFAULT, max_examples=300)
@given(st.data())
def test_a_guard_vouches_only_for_valid_values(data: st.DataObject) -> None:
    """Where a guard holds, the full check finds nothing (it is called otherwise)."""
    name, key, vouches, check = data.draw(st.sampled_from(_GUARDED_CHECKS), label="guard")
    subschema = eval(key)
    value = data.draw(st.one_of(json_values(8), from_schema(subschema), st.text(max_size=300)),
                      label="value")
    if vouches(_copy(value)):
        assert check(_copy(value)) is None, (name, key, value)


# -- the linear equivalents of backtracking patterns

_LINEAR = list(_LINEAR_EQUIVALENTS.items())
_HOSTNAME_TEXT = st.text(st.sampled_from("aZ09-_.\n é"), max_size=16)


@pytest.mark.parametrize(("original", "linear"), _LINEAR)
@settings(max_examples=400, deadline=None)
@given(text=_HOSTNAME_TEXT)
def test_linear_equivalent_matches_the_same_strings(original: str, linear: str, text: str) -> None:
    assert bool(re.search(original, text)) == bool(re.search(linear, text))


@pytest.mark.parametrize(("original", "linear"), _LINEAR)
def test_linear_equivalent_exhaustively_on_short_strings(original: str, linear: str) -> None:
    # Every string of length <= 5 over the classes the pattern distinguishes.
    import itertools

    alphabet = "a0-_\n"
    regex_a, regex_b = re.compile(original), re.compile(linear)
    for length in range(6):
        for letters in itertools.product(alphabet, repeat=length):
            text = "".join(letters)
            assert bool(regex_a.search(text)) == bool(regex_b.search(text)), text
