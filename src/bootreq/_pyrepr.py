"""Python 3.11's ``repr()`` / ``str()`` of decoded JSON values, on any Python.

Nova's messages embed ``repr(value)`` and ``str(value)`` as rendered by Python 3.11.
Two things make the builtins unsuitable as they are:

* String escaping depends on ``str.isprintable()``, i.e. on the interpreter's
  Unicode database (14.0.0 on 3.11, newer on 3.12+). Non-ASCII strings are
  therefore escaped from the embedded Python 3.11 table unless the running
  database *is* 14.0.0.
* Request bodies can nest thousands of levels deep, where the builtin ``repr``
  raises ``RecursionError``. Containers are rendered with an explicit stack.

Ints whose decimal form exceeds ``sys.get_int_max_str_digits()`` (4300 by
default; ``str()`` raises ``ValueError`` beyond it) are converted through
:class:`decimal.Decimal`, whose exact int conversion is not subject to that
limit, so nothing global is touched. ``json.loads`` itself cannot produce such
ints, but arithmetic on decoded values can.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterator
from typing import Any, Final

from bootreq._unicode import PRINTABLE_RANGES, char_class

__all__ = ["printable", "py_repr", "py_str"]


def __dir__() -> list[str]:
    return __all__


# When the interpreter's database is the one Nova used, builtin repr is exact.
_NATIVE_UNICODE: Final = unicodedata.unidata_version == "14.0.0"

_PRINTABLE_STARTS: Final = tuple(a for a, _ in PRINTABLE_RANGES)


def printable(ch: str) -> bool:
    """Python 3.11's ``ch.isprintable()`` for one character, from the embedded table."""
    cp = ord(ch)
    i = bisect.bisect_right(_PRINTABLE_STARTS, cp) - 1
    return i >= 0 and cp <= PRINTABLE_RANGES[i][1]


def _complement(ranges: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    nxt = 0
    for a, b in ranges:
        if a > nxt:
            out.append((nxt, a - 1))
        nxt = b + 1
    if nxt <= 0x10FFFF:
        out.append((nxt, 0x10FFFF))
    return tuple(out)


@functools.cache
def _escaper(quote: str) -> re.Pattern[str]:
    # Runs of everything repr() rewrites: non-printables, backslash, the quote.
    extra = ((ord("\\"), ord("\\")), (ord(quote), ord(quote)))
    ranges = tuple(sorted(_complement(PRINTABLE_RANGES) + extra))
    return re.compile(char_class(ranges) + "+")


_SIMPLE_ESCAPES: Final = {
    "\\": "\\\\", "'": "\\'", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r",
}  # fmt: skip


def _escape_char(ch: str) -> str:
    simple = _SIMPLE_ESCAPES.get(ch)
    if simple is not None:
        return simple
    cp = ord(ch)
    if cp < 0x100:
        return f"\\x{cp:02x}"
    if cp < 0x10000:
        return f"\\u{cp:04x}"
    return f"\\U{cp:08x}"


def _escape_run(match: re.Match[str]) -> str:
    return "".join(map(_escape_char, match.group()))


def _repr_str_table(s: str) -> str:
    """``repr(s)`` as Python 3.11 writes it, escaping from the embedded table."""
    quote = '"' if "'" in s and '"' not in s else "'"
    return quote + _escaper(quote).sub(_escape_run, s) + quote


def _repr_str(s: str) -> str:
    if _NATIVE_UNICODE or s.isascii():
        # ASCII printability never changed between Python versions.
        return str.__repr__(s)
    return _repr_str_table(s)


def _repr_int(n: int) -> str:
    try:
        return int.__repr__(n)
    except ValueError:
        # Over the int_max_str_digits limit: exact Decimal conversion has no limit
        # and prints plain digits (exponent 0).
        import decimal

        return str(decimal.Decimal(n))


def _repr_scalar(value: object) -> str:
    if type(value) is str:
        return _repr_str(value)
    if type(value) is int:
        return _repr_int(value)
    # None, bool, float (nan/inf included), and anything that is not JSON.
    return repr(value)


_NOTHING: Final = object()


def py_repr(value: object) -> str:
    """Python 3.11's ``repr(value)`` for a decoded JSON value, at any nesting depth.

    Self-references render as ``[...]`` / ``{...}`` like the builtin; types other
    than None/bool/int/float/str/list/dict fall back to builtin ``repr``.
    """
    if type(value) is not list and type(value) is not dict:
        return _repr_scalar(value)
    if _NATIVE_UNICODE:
        # The running Python's own repr is 3.11's here, and C-fast; it gives
        # up on nesting past the recursion limit and on ints past the digit
        # limit, which the walk below renders.
        try:
            return repr(value)
        except (RecursionError, ValueError):
            pass
    return _walk_repr(value)


def _walk_repr(value: list[Any] | dict[str, Any]) -> str:
    parts: list[str] = []
    append = parts.append
    # Strings are by far the most common items: pick their renderer once.
    repr_str = str.__repr__ if _NATIVE_UNICODE else _repr_str
    # One frame per open container: its item iterator, whether it is a dict, and
    # its id. Containers on the stack are those whose repr is in progress, which
    # is what the builtin's cycle check (Py_ReprEnter) looks at. Every item is
    # followed by ", "; the closing bracket overwrites the last one.
    frames: list[tuple[Iterator[Any], bool, int]] = []
    active: set[int] = set()
    pending: Any = value  # a container to open next
    while True:
        if pending is not _NOTHING:
            node = pending
            pending = _NOTHING
            is_dict = type(node) is dict
            if node and id(node) not in active:
                append("{" if is_dict else "[")
                items = iter(node.items()) if is_dict else iter(node)
                frames.append((items, is_dict, id(node)))
                active.add(id(node))
            else:
                if node:
                    append("{...}" if is_dict else "[...]")
                else:
                    append("{}" if is_dict else "[]")
                if not frames:
                    break
                append(", ")
        items, is_dict, node_id = frames[-1]
        # Render scalars in place; stop at the first nested container, leaving
        # the iterator positioned after it for when this frame resumes.
        for item in items:
            if is_dict:
                key, item = item
                append(repr_str(key) if type(key) is str else _repr_scalar(key))
                append(": ")
            t = type(item)
            if t is str:
                append(repr_str(item))
            elif t is list or t is dict:
                pending = item
                break
            elif t is int:
                append(_repr_int(item))
            else:
                append(_repr_scalar(item))
            append(", ")
        else:
            parts[-1] = "}" if is_dict else "]"
            frames.pop()
            active.discard(node_id)
            if not frames:
                break
            append(", ")
    return "".join(parts)


def py_str(value: object) -> str:
    """Python 3.11's ``str(value)``: strings as they are, everything else as repr."""
    if type(value) is str:
        return value
    if value is None or type(value) in (int, float, bool, list, dict):
        return py_repr(value)
    return str(value)
