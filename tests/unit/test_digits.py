"""Python 3.11's digits, whitespace and urlsplit, frozen in bootreq.

Where the running Python is the one the tables were taken from (Unicode
14.0.0; CPython 3.11.7 for ``urlsplit``), they must equal it; everywhere, the
answers they give must not depend on the running Python.
"""

from __future__ import annotations

import re
import sys
import unicodedata
import urllib.parse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bootreq import Microversion
from bootreq._digits import DECIMAL_RUNS, DIGIT, WHITESPACE, ascii_number_text, to_float, to_int
from bootreq._urlsplit import url_path

UNICODE_14 = unicodedata.unidata_version == "14.0.0"
CPYTHON_3_11_7 = sys.implementation.name == "cpython" and sys.version_info[:3] == (3, 11, 7)


@pytest.mark.skipif(not UNICODE_14, reason="the tables are Unicode 14.0's")
def test_tables_are_the_running_unicode_14() -> None:
    decimals = [code for code in range(0x110000) if chr(code).isdecimal()]
    assert decimals == [code for first, last in DECIMAL_RUNS for code in range(first, last + 1)]
    assert all(
        unicodedata.decimal(chr(code)) == (code - first) % 10
        for first, last in DECIMAL_RUNS for code in range(first, last + 1)
    )
    assert WHITESPACE == "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
    pattern = re.compile(DIGIT)
    native = re.compile(r"\d")
    for code in range(0x110000):
        assert bool(pattern.match(chr(code))) is bool(native.match(chr(code)))


# Characters whose reading changed after Unicode 14.0 (new digits), and some
# that did not.
_NUMBER_TEXT = st.text(
    alphabet="0123456789 .e+-_\n\u0661\u0662\u3000\u00a0\U00011F51\U0001E4F1\U0001CCF1"
    "\U0001D7D9\uff11x",
    max_size=8,
)


def _outcome(function: object, text: str) -> object:
    try:
        return function(text)  # type: ignore[operator]
    except ValueError:
        return ValueError


@pytest.mark.skipif(not UNICODE_14, reason="compares with Python 3.11's int() and float()")
@settings(max_examples=2000, deadline=None)
@given(_NUMBER_TEXT)
def test_numbers_read_as_python_3_11_reads_them(text: str) -> None:
    assert _outcome(to_int, text) == _outcome(int, text)
    assert repr(_outcome(to_float, text)) == repr(_outcome(float, text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("\U00011F51", None), ("1\U0001E4F1", None), ("\u0661\u0662", "12"), ("\u3000 1 ", "  1 ")],
)
def test_unicode_15_digits_are_not_digits(text: str, expected: str | None) -> None:
    assert ascii_number_text(text) == expected


@pytest.mark.parametrize(
    ("text", "parsed"),
    [("2.1\u0661", (2, 11)), ("2.1\U00016AC1", (2, 11)), ("2.1\U00011F51", None),
     ("2.1\U0001CCF1", None), ("2.\u0661", None)],
)
def test_microversion_digits_are_python_3_11s(text: str, parsed: tuple[int, int] | None) -> None:
    if parsed is None:
        with pytest.raises(ValueError, match="is of invalid format"):
            Microversion.parse(text)
    else:
        assert Microversion.parse(text) == Microversion(*parsed)


def test_header_whitespace_is_python_3_11s() -> None:
    headers = {"OpenStack-API-Version": "\u3000compute\u2003 2.5\u3000"}
    assert Microversion.from_headers(headers) == "2.5"
    assert Microversion.from_headers({"OpenStack-API-Version": "compute\u200b2.5"}) is None


_URLISH = st.text(alphabet="hts:/[]1::.%@v?#a \t\x01\x00\n\u2100\uff0fF.e8+-", max_size=16)


def _path(function: object, text: str) -> object:
    try:
        return function(text)  # type: ignore[operator]
    except ValueError:
        return ValueError


@pytest.mark.skipif(not CPYTHON_3_11_7, reason="compares with CPython 3.11.7's urlsplit")
@settings(max_examples=5000, deadline=None)
@given(_URLISH)
def test_url_path_is_cpython_3_11_7s(text: str) -> None:
    assert _path(url_path, text) == _path(lambda t: urllib.parse.urlsplit(t).path, text)


@pytest.mark.parametrize(
    ("text", "path"),
    [(" 1", "1"), ("4\t2", "42"), ("http://h/flavors/1", "/flavors/1"),
     ("http://[::1]/f/2", "/f/2"), ("http://[::1/f/1", ValueError),
     ("http://[1.2.3.4]/f/1", ValueError), ("http://h\u2100/f/1", ValueError),
     ("http://a[::1]/f/3", "/f/3"), ("1?x#y", "1"), ("x:y/z", "y/z")],
)
def test_url_path_known_answers(text: str, path: object) -> None:
    assert _path(url_path, text) == path


def test_a_microversion_past_the_int_limit_is_a_400() -> None:
    # Nova 34.0.0: 500 (int() raises past 4300 digits); bootreq: a 400 saying why.
    import bootreq

    result = bootreq.parse({"server": {}}, "2." + "1" * 4301)
    assert isinstance(result, bootreq.HttpError)
    assert result.status == 400
    assert result.message.endswith("MajorNum and MinorNum have at most 4300 digits.")
