"""Python 3.11's digits and whitespace (Unicode 14.0), for text Nova reads as numbers.

Nova reads a microversion with ``\\d`` and :func:`int`, strips and splits
headers and names with :meth:`str.strip` / :meth:`str.split`, and its schema's
``minimum``/``maximum`` convert strings with :func:`int` / :func:`float`. All of
these follow the interpreter's Unicode database: Python 3.12+ knows digits
Python 3.11 does not (``"\\U00011F51"``, a Kawi digit of Unicode 15, is ``1``
for ``int()`` on 3.12 and an error on 3.11). bootreq answers as Nova on
Python 3.11 everywhere, so it reads such text with these frozen tables.

``DECIMAL_RUNS`` was taken from Python 3.11.7's ``str.isdecimal()``;
``tests/unit/test_digits.py`` checks it against ``unicodedata`` whenever the
running database is 14.0.0.
"""

from __future__ import annotations

import functools
import re
from typing import Final

__all__ = [
    "DECIMAL_RUNS",
    "DIGIT",
    "WHITESPACE",
    "ascii_number_text",
    "to_float",
    "to_int",
]


def __dir__() -> list[str]:
    return __all__


#: Python 3.11's ``str.isdecimal()`` (``re``'s ``\\d``, what ``int()`` reads as a
#: digit): inclusive runs, each a whole number of 0..9 sequences.
DECIMAL_RUNS: Final[tuple[tuple[int, int], ...]] = (
    (0x0030, 0x0039), (0x0660, 0x0669), (0x06F0, 0x06F9), (0x07C0, 0x07C9),
    (0x0966, 0x096F), (0x09E6, 0x09EF), (0x0A66, 0x0A6F), (0x0AE6, 0x0AEF),
    (0x0B66, 0x0B6F), (0x0BE6, 0x0BEF), (0x0C66, 0x0C6F), (0x0CE6, 0x0CEF),
    (0x0D66, 0x0D6F), (0x0DE6, 0x0DEF), (0x0E50, 0x0E59), (0x0ED0, 0x0ED9),
    (0x0F20, 0x0F29), (0x1040, 0x1049), (0x1090, 0x1099), (0x17E0, 0x17E9),
    (0x1810, 0x1819), (0x1946, 0x194F), (0x19D0, 0x19D9), (0x1A80, 0x1A89),
    (0x1A90, 0x1A99), (0x1B50, 0x1B59), (0x1BB0, 0x1BB9), (0x1C40, 0x1C49),
    (0x1C50, 0x1C59), (0xA620, 0xA629), (0xA8D0, 0xA8D9), (0xA900, 0xA909),
    (0xA9D0, 0xA9D9), (0xA9F0, 0xA9F9), (0xAA50, 0xAA59), (0xABF0, 0xABF9),
    (0xFF10, 0xFF19), (0x104A0, 0x104A9), (0x10D30, 0x10D39), (0x11066, 0x1106F),
    (0x110F0, 0x110F9), (0x11136, 0x1113F), (0x111D0, 0x111D9), (0x112F0, 0x112F9),
    (0x11450, 0x11459), (0x114D0, 0x114D9), (0x11650, 0x11659), (0x116C0, 0x116C9),
    (0x11730, 0x11739), (0x118E0, 0x118E9), (0x11950, 0x11959), (0x11C50, 0x11C59),
    (0x11D50, 0x11D59), (0x11DA0, 0x11DA9), (0x16A60, 0x16A69), (0x16AC0, 0x16AC9),
    (0x16B50, 0x16B59), (0x1D7CE, 0x1D7FF), (0x1E140, 0x1E149), (0x1E2F0, 0x1E2F9),
    (0x1E950, 0x1E959), (0x1FBF0, 0x1FBF9),
)

#: Python 3.11's ``str.isspace()``: what ``strip()`` and ``split()`` drop (the
#: same set on 3.11 to 3.13; frozen so that it stays so).
WHITESPACE: Final = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003"
    "\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

#: A regex class matching what ``\\d`` matches on Python 3.11 (for ``re`` patterns).
DIGIT: Final = "[" + "".join(
    f"\\U{first:08X}-\\U{last:08X}" for first, last in DECIMAL_RUNS
) + "]"


@functools.cache
def _to_ascii() -> dict[int, str]:
    table = {ord(space): " " for space in WHITESPACE if not space.isascii()}
    for first, last in DECIMAL_RUNS[1:]:
        for code in range(first, last + 1):
            table[code] = chr(0x30 + (code - first) % 10)
    return table


_NON_ASCII: Final = re.compile(r"[^\x00-\x7f]")


def ascii_number_text(text: str) -> str | None:
    """``text`` as ``int()``/``float()`` of Python 3.11 see it, in ASCII.

    Digits become ``0``..``9`` and whitespace a space, as CPython does before
    parsing; ``None`` when anything else non-ASCII remains (Python 3.11's
    ``int()`` and ``float()`` reject the text then).
    """
    if text.isascii():
        return text
    converted = text.translate(_to_ascii())
    return None if _NON_ASCII.search(converted) else converted


def to_int(text: str) -> int:
    """Python 3.11's ``int(text)``: ``ValueError`` where it raises one."""
    converted = ascii_number_text(text)
    if converted is None:
        raise ValueError(f"invalid literal for int() with base 10: {text!r}")
    return int(converted)


def to_float(text: str) -> float:
    """Python 3.11's ``float(text)``: ``ValueError`` where it raises one."""
    converted = ascii_number_text(text)
    if converted is None:
        raise ValueError(f"could not convert string to float: {text!r}")
    return float(converted)
