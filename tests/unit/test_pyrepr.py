"""bootreq._pyrepr: Python 3.11 repr()/str() of JSON values, on any Python."""

from __future__ import annotations

import hashlib
import math
import sys
import unicodedata
from contextlib import AbstractContextManager
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bootreq import _pyrepr
from bootreq._pyrepr import _repr_str_table, printable, py_repr, py_str
from bootreq._unicode import PRINTABLE_RANGES

# Builtin repr()/str() are the oracle only on the interpreter Nova used.
needs_unicode_14 = pytest.mark.skipif(
    unicodedata.unidata_version != "14.0.0", reason="needs Python 3.11 (Unicode 14.0.0)"
)


def table_only() -> AbstractContextManager[object]:
    """Force the table-driven escaping that Python 3.12+ would use."""
    return mock.patch.object(_pyrepr, "_NATIVE_UNICODE", False)


any_char = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
tricky = st.sampled_from(list("'\"\\\n\r\t\x00\x1f\x7f\x80\x9f\xa0\xad \u2028\u200b\ud800é😀"))
texts = st.text(alphabet=any_char | tricky, max_size=12)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | texts
)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(texts, children, max_size=5),
    max_leaves=30,
)


@needs_unicode_14
@settings(max_examples=200, deadline=None)
@given(json_values)
def test_matches_builtin_repr_and_str(value: object) -> None:
    assert py_repr(value) == repr(value)
    assert py_str(value) == str(value)


@needs_unicode_14
@settings(max_examples=200, deadline=None)
@given(json_values)
def test_table_escaping_matches_builtin(value: object) -> None:
    with table_only():
        assert py_repr(value) == repr(value)
        assert py_str(value) == str(value)


@needs_unicode_14
@settings(max_examples=200, deadline=None)
@given(texts)
def test_string_table_repr(s: str) -> None:
    assert _repr_str_table(s) == repr(s)


@needs_unicode_14
def test_string_table_repr_at_every_printable_boundary() -> None:
    edges = sorted({cp for a, b in PRINTABLE_RANGES for cp in (a - 1, a, b, b + 1)} - {-1})
    chars = [chr(cp) for cp in edges if cp <= 0x10FFFF]
    assert all(printable(c) == c.isprintable() for c in chars)
    assert _repr_str_table("".join(chars)) == repr("".join(chars))
    bmp = "".join(map(chr, range(0x10000)))
    assert _repr_str_table(bmp) == repr(bmp)


def test_table_repr_of_every_code_point_is_python_311s() -> None:
    # Recorded from builtin repr() on Python 3.11.7; holds on any interpreter.
    everything = "".join(map(chr, range(0x110000)))
    digest = hashlib.sha256(_repr_str_table(everything).encode("utf-8")).hexdigest()
    assert digest == "69af9112f202c7c8db418a9a510b3071e79f28196e090c360132f4705ca68658"


@pytest.mark.parametrize(
    ("s", "expected"),
    [
        ("", "''"),
        ("vm", "'vm'"),
        ("it's", '"it\'s"'),
        ('it\'s "x"', "'it\\'s \"x\"'"),
        ('say "hi"', "'say \"hi\"'"),
        ("a\\b", "'a\\\\b'"),
        ("a\tb\nc\rd", "'a\\tb\\nc\\rd'"),
        ("\x00\x1f\x7f\x80\x9f", "'\\x00\\x1f\\x7f\\x80\\x9f'"),
        ("\xa0\xad\xe9", "'\\xa0\\xad\xe9'"),
        ("\u200b\u2028\u3000\u4e2d", "'\\u200b\\u2028\\u3000\u4e2d'"),
        ("\ud800\udfff", "'\\ud800\\udfff'"),
        ("\U0001f600\U000e0001\U0010ffff", "'\U0001f600\\U000e0001\\U0010ffff'"),
        ("\ufffe\uffff\ufffd", "'\\ufffe\\uffff\ufffd'"),
    ],
)
def test_string_repr_rules(s: str, expected: str) -> None:
    with table_only():
        assert py_repr(s) == expected
        assert py_str(s) == s
    if unicodedata.unidata_version == "14.0.0":
        assert repr(s) == expected


def test_printable() -> None:
    assert printable(" ") and printable("a") and printable("é") and printable("😀")
    assert not printable("\x00") and not printable("\xa0") and not printable("\ud800")
    assert not printable("\U0010ffff") and not printable("\u0378")
    with pytest.raises(TypeError):
        printable("ab")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "None"),
        (True, "True"),
        (False, "False"),
        (0, "0"),
        (-17, "-17"),
        (2.5, "2.5"),
        (0.0, "0.0"),
        (-0.0, "-0.0"),
        (2147483648.0, "2147483648.0"),
        (1e16, "1e+16"),
        (5e-324, "5e-324"),
        (math.inf, "inf"),
        (-math.inf, "-inf"),
        (math.nan, "nan"),
        ([], "[]"),
        ({}, "{}"),
        ([[]], "[[]]"),
        ({"name": "vm", "flavorRef": "1"}, "{'name': 'vm', 'flavorRef': '1'}"),
        ([{"uuid": "abc"}, 1, [2, [3]]], "[{'uuid': 'abc'}, 1, [2, [3]]]"),
        ({"a": {}, "b": [None, True]}, "{'a': {}, 'b': [None, True]}"),
    ],
)
def test_scalars_and_containers(value: object, expected: str) -> None:
    assert py_repr(value) == expected
    assert py_str(value) == expected


def test_non_json_values_fall_back_to_builtins() -> None:
    assert py_repr((1, "a")) == "(1, 'a')"
    assert py_str(b"x") == "b'x'"
    assert py_repr([(1,)]) == "[(1,)]"


def test_self_references_render_like_builtin() -> None:
    lst: list[object] = [1]
    lst.append(lst)
    dct: dict[str, object] = {}
    dct["me"] = dct
    dct["l"] = [dct, lst]
    assert py_repr(lst) == "[1, [...]]"
    assert py_repr(dct) == "{'me': {...}, 'l': [{...}, [1, [...]]]}"
    shared = [1]
    assert py_repr([shared, shared]) == "[[1], [1]]"


@pytest.mark.parametrize("kind", ["list", "dict"])
def test_deep_nesting(kind: str) -> None:
    depth = 100_000
    value: object = "x"
    for _ in range(depth):
        value = [value] if kind == "list" else {"k": value}
    if kind == "list":
        expected = "[" * depth + "'x'" + "]" * depth
    else:
        expected = "{'k': " * depth + "'x'" + "}" * depth
    assert py_repr(value) == expected
    assert py_str(value) == expected


def test_wide_containers() -> None:
    value = {str(i): list(range(i % 7)) for i in range(20_000)}
    assert py_repr(value) == repr(value)


def _decimal_digits(n: int) -> str:
    # Independent of the implementation: fixed-width chunks via divmod.
    sign, n = ("-", -n) if n < 0 else ("", n)
    chunks = []
    while n:
        n, low = divmod(n, 10**1000)
        chunks.append(low)
    head, *rest = reversed(chunks or [0])
    return sign + str(head) + "".join(f"{c:01000d}" for c in rest)


@pytest.mark.parametrize(
    "n",
    [10**4299, 10**4300, -(10**4300) + 1, 7**20000, -(3**50000)],
    ids=["4300-digits", "4301-digits", "minus-4300-nines", "7**20000", "-(3**50000)"],
)
def test_big_ints_beyond_the_str_digits_limit(n: int) -> None:
    expected = _decimal_digits(n)
    assert py_repr(n) == expected
    assert py_str([n]) == f"[{expected}]"
    assert sys.get_int_max_str_digits() in (0, 4300)  # untouched


# py_repr hands containers to the builtin on Python 3.11; the walk it falls
# back to (nesting past the recursion limit, ints past the digit limit) is
# checked on its own here.
@needs_unicode_14
@settings(max_examples=200, deadline=None)
@given(json_values)
def test_walk_matches_builtin_repr(value: object) -> None:
    if isinstance(value, (list, dict)):
        assert _pyrepr._walk_repr(value) == repr(value)


def test_walk_renders_self_references_like_builtin() -> None:
    lst: list[object] = [1]
    lst.append(lst)
    dct: dict[str, object] = {"l": lst}
    dct["me"] = dct
    assert _pyrepr._walk_repr(lst) == "[1, [...]]"
    assert _pyrepr._walk_repr(dct) == "{'l': [1, [...]], 'me': {...}}"


def test_huge_int_inside_a_container() -> None:
    n = 10**5000
    assert py_repr([n]) == "[" + str(__import__("decimal").Decimal(n)) + "]"
