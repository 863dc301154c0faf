"""bootreq._unicode: the frozen Unicode 14.0 tables and Nova's name/description formats."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import time
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bootreq import _unicode as u
from bootreq._pyrepr import _repr_str_table, py_repr

Ranges = tuple[tuple[int, int], ...]

# Comparisons with the interpreter's own database only make sense where it is the
# database Nova used (Python 3.11); the tables themselves are used everywhere.
needs_unicode_14 = pytest.mark.skipif(
    unicodedata.unidata_version != "14.0.0", reason="needs Python 3.11 (Unicode 14.0.0)"
)

DATA = Path(__file__).parent / "data" / "name_formats.json"
SPEC_S = [0x20, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000]


def runs(pred: Callable[[int], bool], last: int) -> Ranges:
    out: list[tuple[int, int]] = []
    start = None
    for cp in range(last + 1):
        if pred(cp):
            if start is None:
                start = cp
        elif start is not None:
            out.append((start, cp - 1))
            start = None
    if start is not None:
        out.append((start, last))
    return tuple(out)


def expand(ranges: Ranges) -> set[int]:
    return {cp for a, b in ranges for cp in range(a, b + 1)}


def sha256(s: str) -> str:
    return hashlib.sha256(s.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("ranges", [u.P_RANGES, u.S_RANGES, u.PRINTABLE_RANGES])
def test_ranges_are_sorted_disjoint_and_maximal(ranges: Ranges) -> None:
    assert all(a <= b for a, b in ranges)
    # A gap of at least one code point between runs: maximal, not merely sorted.
    assert all(b + 1 < a2 for (_, b), (a2, _) in itertools.pairwise(ranges))
    assert ranges[-1][1] <= 0x10FFFF


def test_p_shape_matches_spec_appendix_a() -> None:
    assert len(u.P_RANGES) == 345
    assert u.P_RANGES[0] == (0x20, 0x7E)
    assert u.P_RANGES[-1] == (0xFFFC, 0xFFFD)
    assert (0xAC00, 0xD7A3) in u.P_RANGES
    p = expand(u.P_RANGES)
    assert 0xFFFE not in p and 0xFFFF not in p and 0xAD not in p and 0x200B not in p
    assert max(p) < 0x10000


def test_s_is_the_17_bmp_space_separators() -> None:
    assert sorted(expand(u.S_RANGES)) == SPEC_S
    assert expand(u.S_RANGES) <= expand(u.P_RANGES)


@needs_unicode_14
def test_p_equals_unicodedata() -> None:
    def in_p(cp: int) -> bool:
        cat = unicodedata.category(chr(cp))
        return cat[0] != "C" and cat not in ("Zl", "Zp")

    assert runs(in_p, 0xFFFE) == u.P_RANGES


@needs_unicode_14
def test_s_equals_unicodedata() -> None:
    assert runs(lambda cp: unicodedata.category(chr(cp)) == "Zs", 0xFFFF) == u.S_RANGES


@needs_unicode_14
def test_printable_equals_isprintable_everywhere() -> None:
    assert runs(lambda cp: chr(cp).isprintable(), 0x10FFFF) == u.PRINTABLE_RANGES


def test_description_pattern_is_novas() -> None:
    assert len(u.DESCRIPTION_PATTERN) == 980
    assert sha256(u.DESCRIPTION_PATTERN) == (
        "61d67d90e26b2ec5a7e3e4c4501d5c6c454d9ee6de803b931e74702fd039067e"
    )


def test_description_pattern_repr_as_in_messages() -> None:
    expected = "4f170cc06e8f9d98199deaf598897e81fcb36fd7b843c0f38ed0e295d220fbd7"
    # Table-driven escaping, whatever the interpreter's database.
    assert sha256(_repr_str_table(u.DESCRIPTION_PATTERN)) == expected
    assert sha256(py_repr(u.DESCRIPTION_PATTERN)) == expected
    assert len(py_repr(u.DESCRIPTION_PATTERN)) == 1012
    assert py_repr(u.DESCRIPTION_PATTERN).startswith("'^[\\\\ -\\\\~\\xa0-¬®-ͷ")


@needs_unicode_14
def test_description_pattern_rebuilt_from_p() -> None:
    esc = re.escape
    body = "".join(esc(chr(a)) if a == b else f"{esc(chr(a))}-{esc(chr(b))}" for a, b in u.P_RANGES)
    assert u.DESCRIPTION_PATTERN == f"^[{body}]*$"


def test_description_pattern_class_is_p() -> None:
    # The class must mean P on this interpreter's re, one code point at a time.
    rx = re.compile(u.DESCRIPTION_PATTERN)
    p = expand(u.P_RANGES)
    matched = {cp for cp in range(0x10000) if rx.fullmatch(chr(cp))}
    assert matched == p
    assert not rx.fullmatch("\U0001f600")


def test_char_class() -> None:
    cls = u.char_class(((0x41, 0x43), (0x10000, 0x10000)))
    assert re.fullmatch(cls + "+", "ABC\U00010000")
    assert not re.search(cls, "D\uffff\U00010001")
    assert re.fullmatch(u.char_class(((0x41, 0x41),), negate=True), "B")


# --- agreement with Nova's real regexes (recorded by the generator) ----------------


def load_examples() -> list[tuple[str, bool, bool, bool]]:
    data = json.loads(DATA.read_text(encoding="ascii"))
    assert data["meta"]["columns"] == [
        "string",
        "name",
        "name_with_leading_trailing_spaces",
        "description",
    ]
    return [(s, bool(a), bool(b), bool(c)) for s, a, b, c in data["examples"]]


def test_examples_file_covers_the_edge_cases() -> None:
    strings = {row[0] for row in load_examples()}
    assert len(strings) >= 300
    wanted = ["", "\n", "a\n", "a\n\n", "a\r", "\uffff", "\ufffe", "\u00ad", "\u200b", "a:b"]
    wanted += [chr(cp) for cp in SPEC_S] + ["a" + chr(cp) for cp in SPEC_S]
    wanted += ["😀", "\ud800", "\x00", "x" * 256]
    assert set(wanted) <= strings


def test_helpers_agree_with_novas_regexes() -> None:
    checks = (u.is_name, u.is_name_with_leading_trailing_spaces, u.matches_description)
    wrong = [
        (s, check.__name__, expected)
        for s, *flags in load_examples()
        for check, expected in zip(checks, flags, strict=True)
        if check(s) != expected
    ]
    assert wrong == []


# --- the helpers against Nova-shaped regexes built from the tables -----------------


@cache
def nova_shaped() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    # Nova's own regex *structure* over our classes: checks the fast helpers'
    # reasoning about anchors, look-arounds and the final "\n".
    p = expand(u.P_RANGES)
    n = p - expand(u.S_RANGES)
    x = set(range(0x10000)) - n

    def cls(cps: set[int]) -> str:
        return u.char_class(runs(lambda cp: cp in cps, 0xFFFF))[1:-1]

    cp_, cn, cx = cls(p), cls(n), cls(x)
    name = re.compile(f"^(?![{cx}])[{cp_}]*(?<![{cx}])$")
    name20 = re.compile(f"^[{cp_}]*[{cn}]+[{cp_}]*$|^[{cp_}]*[{cn}][{cn}{cp_}]+[{cn}][{cp_}]*$")
    desc = re.compile(f"^[{cp_}]*$")
    return name, name20, desc


INTERESTING = (
    [chr(cp) for cp in SPEC_S]
    + list("aZ09:-_.'\"\\\n\r\t\x00\x1f\x7f\x85\xa0\xad")
    + ["\u2028", "\u2029", "\u200b", "\ufeff", "\ufffd", "\ufffe", "\uffff", "\ud800"]
    + ["\udfff", "\ue000", "\u0378", "é", "\u0301", "中", "😀", "\U000e0001", "\U0010ffff"]
)
short_strings = st.text(
    alphabet=st.sampled_from(INTERESTING)
    | st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()),
    max_size=8,
)


@settings(max_examples=400, deadline=None)
@given(short_strings)
def test_helpers_match_nova_shaped_regexes(s: str) -> None:
    name, name20, desc = nova_shaped()
    assert u.is_name(s) == (name.search(s) is not None)
    assert u.is_name_with_leading_trailing_spaces(s) == (name20.search(s) is not None)
    assert u.matches_description(s) == (desc.search(s) is not None)


@pytest.mark.parametrize(
    ("s", "name", "name20", "desc"),
    [
        ("", True, False, True),
        ("\n", False, False, True),
        ("vm\n", True, True, True),
        ("vm\n\n", False, False, False),
        ("vm\r", False, False, False),
        (" vm", False, True, True),
        ("vm\u3000", False, True, True),
        ("v m", True, True, True),
        ("   ", False, False, True),
        ("a:b", True, True, True),
        ("😀", False, False, False),
        ("\uffff", False, False, False),
        ("a\u00adb", False, False, False),
    ],
)
def test_documented_behaviour(s: str, name: bool, name20: bool, desc: bool) -> None:
    assert u.is_name(s) is name
    assert u.is_name_with_leading_trailing_spaces(s) is name20
    assert u.matches_description(s) is desc


@pytest.mark.parametrize(
    "s",
    [
        "a" * 10**6 + " ",
        " " * 10**6,
        " " * 10**6 + "a" + " " * 10**6,
        "a " * 10**6 + "\x00",
        "é" * 10**6 + "\n",
        "\u3000" * 10**6 + "\n\n",
    ],
    ids=["trailing-space", "spaces", "spaces-a-spaces", "late-control", "nonascii", "two-nl"],
)
def test_linear_time_on_long_inputs(s: str) -> None:
    start = time.perf_counter()
    for check in (u.is_name, u.is_name_with_leading_trailing_spaces, u.matches_description):
        check(s)
    # A backtracking regex would take minutes here; linear scans take milliseconds.
    assert time.perf_counter() - start < 1.0
