"""The request body on the wire: its size, its bytes, its JSON.

Nova reads ``POST /servers`` as bytes: oslo.middleware's size limit first
(413), then UTF-8 and JSON (400 ``Malformed request body``). bootreq accepts
the bytes, the text, or an already decoded body; this module turns each into
what Nova would have read, with the size counted on the JSON text a client
would send for it, and bounds the work any input can cost:

- :func:`plain_and_small`: a plain decoded body surely within the limit is
  read in place, without the round trip through its text;
- :func:`request_bytes`: otherwise the body as sent (its own JSON text for a
  decoded body), or Nova's 413 / 400;
- :func:`decode`: UTF-8 and JSON, nesting bounded by :data:`MAX_DEPTH`.
"""

from __future__ import annotations

import gc
import itertools
import json
import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final

from bootreq.errors import HttpError
from bootreq.options import MAX_DEPTH

__all__ = [
    "MALFORMED",
    "TOO_LARGE",
    "decode",
    "json_copy",
    "json_text",
    "plain_and_small",
    "request_bytes",
]


def __dir__() -> list[str]:
    return __all__


#: webob's error page text, as oslo.middleware's sizelimit renders it (``%s`` and all).
TOO_LARGE = "Request is too large. Larger than max_request_body_size (%s).<br /><br />\n\n\n"
MALFORMED = "Malformed request body"

# -- the bytes on the wire


def _json_default(value: Any) -> Any:
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes, bytearray)):
        return list(value)
    raise TypeError(f"the body holds a value of type {type(value).__name__}, which is not JSON")


# json.dumps(value, default=_json_default) as one shared C encoder, without
# json's check for circular references: _values_exceed has walked the body
# first and answered any cycle. With no ``markers`` dict the encoder holds no
# per-call state, so threads share it.
_c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
_ENCODE = None if _c_make_encoder is None else _c_make_encoder(
    None, _json_default, json.encoder.encode_basestring_ascii, None, ": ", ", ",
    False, False, True,
)


def json_text(value: Any) -> str:
    if _ENCODE is None:  # pragma: no cover - not CPython
        return json.dumps(value, default=_json_default, check_circular=False)
    return "".join(_ENCODE(value, 0))


def request_bytes(body: Any, limit: int) -> bytes | str | HttpError:
    """The request body as sent: ``bytes``, or a decoded body's own JSON text.

    A decoded body is taken as the JSON text a client would send for it: its
    size is that text's (ASCII: one byte per character), and decoding it back
    gives parse() a private copy (json's C encoder and decoder beat any Python
    walk over the body). That text is kept as ``str``: it needs no UTF-8 step.
    ``limit`` is the size limit: a body certain to exceed it is not written.
    """
    if isinstance(body, bytes):
        return body
    if isinstance(body, (bytearray, memoryview)):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8", "surrogatepass")
    exceeds = _values_exceed(body, limit)
    if exceeds is _CIRCULAR:
        return HttpError.of(400, f"{MALFORMED}: Circular reference detected")
    if exceeds:
        return HttpError(413, None, TOO_LARGE)
    try:
        return json_text(body)
    except RecursionError:
        # Too deep for json, or a cycle longer than the walk follows.
        return _too_deep()
    except ValueError:
        # An int past Python's digit limit: its JSON text is what Nova refuses.
        return HttpError.of(400, MALFORMED)


# A decoded body as json.loads builds it (exact dict, list, str, int, bool and
# None; str keys), small and shallow, is read in place: what would the round
# trip through its text change? Nothing parse() does writes to it (but legacy
# v2.0's schema: see parse()), what parse() keeps of it is copied (freeze, the
# BDM dicts) or immutable, and a failure copies it for its violation listing.
# Floats are left to the round trip: a NaN met twice is one object, equal to
# itself, which two decoded NaNs are not.
_ASCII_SIZE = 6  # per character: an ASCII control character is \u00XX
_ANY_SIZE = 12  # a character past the BMP is a surrogate pair of \uXXXX
_VALUE_SIZE = 11  # separators around a value (4), brackets (2) or true/false/null (5)
_INT_BITS = 14_000  # fewer digits than the 4300 an int may print with


def plain_and_small(body: dict[str, Any], limit: int) -> bool:
    """Whether ``body`` is plain decoded JSON whose text is surely within ``limit``.

    A cheap upper bound on the text's size, from the characters of its strings
    and the bits of its integers; ``False`` sends a body the exact way.
    """
    values: list[Any] = [body]  # every value met; read as it grows (no pops)
    names: list[Any] = []
    strings: list[str] = []
    ints: list[int] = []
    add_string = strings.append
    add_int = ints.append
    containers = 0
    most_values = limit // _VALUE_SIZE
    for node in values:
        kind = type(node)
        if kind is str:
            add_string(node)
        elif kind is dict:
            names.extend(node)
            values.extend(node.values())
            containers += 1
            if len(values) > most_values or containers > MAX_DEPTH:
                return False  # big, or perhaps deep or a cycle
        elif kind is list:
            values.extend(node)
            containers += 1
            if len(values) > most_values or containers > MAX_DEPTH:
                return False
        elif kind is int:
            add_int(node)
        elif kind is not bool and node is not None:
            return False
    if list(map(type, names)).count(str) != len(names):
        return False
    bits = sum(map(int.bit_length, ints))
    if bits > _INT_BITS:
        return False
    characters = sum(map(len, strings)) + sum(map(len, names))
    rest = (2 * (len(strings) + len(names))  # quotes
            + bits // 3 + 2 * len(ints)  # digits and sign
            + _VALUE_SIZE * len(values))
    if _ANY_SIZE * characters + rest <= limit:
        return True
    if characters > limit:
        return False  # (no copy of a huge string to learn it)
    ascii_only = "".join(strings).isascii() and "".join(names).isascii()
    return (_ASCII_SIZE if ascii_only else _ANY_SIZE) * characters + rest <= limit


# A caller's objects may share children: [x, x] nested thirty times is a few
# hundred bytes of Python and gigabytes of JSON text, which json would write
# in full before its size is known. Every JSON value takes at least two bytes
# of that text (itself, then a separator or a bracket), so values are counted
# first. The garbage collector's referents count them a level at a time, at C
# speed: for dicts, lists and tuples exactly their values. Any other object
# (a caller's own Mapping class, say) could lead the referents anywhere in the
# heap, so its body is counted by an exact walk instead, as is a count past
# the limit or a body still going after the levels counted: perhaps a cycle,
# which the walk finds (json's own check for cycles is off).
_CIRCULAR: Final = "circular"
_COUNTED_LEVELS = 4 * MAX_DEPTH  # deeper bodies are json's RecursionError
_SCALARS = frozenset({str, int, float, bool, type(None)})
_COUNTED_TYPES = _SCALARS | {dict, list, tuple, MappingProxyType}


def _values_exceed(body: Any, limit: int) -> bool | str:
    frontier = [body]
    remaining = limit
    for _ in range(_COUNTED_LEVELS):
        if not _COUNTED_TYPES.issuperset(map(type, frontier)):
            return _walked_values_exceed(body, limit)
        frontier = gc.get_referents(*frontier)
        remaining -= 2 * len(frontier)
        if remaining < 0:
            return _walked_values_exceed(body, limit)
        if not frontier:
            return False
    return _walked_values_exceed(body, limit)


def _walked_values_exceed(body: Any, limit: int) -> bool | str:
    # Depth first with the containers on the current path, as json's own
    # circular check sees them; shared children are counted each time.
    leave = object()
    stack: list[Any] = [body]
    on_path: set[int] = set()
    remaining = limit
    while stack:
        node = stack.pop()
        if node is leave:
            on_path.discard(stack.pop())
            continue
        kind = type(node)
        if kind is list:
            children: Any = node
        elif kind is dict or isinstance(node, Mapping):
            children = node.values()
        elif kind in _SCALARS or not isinstance(node, Sequence) or isinstance(
                node, (str, bytes, bytearray)):
            continue
        else:
            children = node
        if id(node) in on_path:
            return _CIRCULAR
        if len(on_path) >= _COUNTED_LEVELS:
            continue  # too deep for json to write: its RecursionError answers
        remaining -= 2 * len(children)
        if remaining < 0:
            return True
        on_path.add(id(node))
        stack.extend((id(node), leave))
        stack.extend(children)
    return False



# -- UTF-8 and JSON

_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]+")


def _too_deep() -> HttpError:
    return HttpError.of(
        400, f"{MALFORMED}: JSON nesting deeper than {MAX_DEPTH} levels is not supported"
    )


# Strings hide their brackets; what remains are the brackets, as +1 and -1.
_BRACKET_STEPS = str.maketrans({"[": "+", "{": "+", "]": "-", "}": "-"})
_STEP = {"+": 1, "-": -1}


def _nesting_depth(text: str) -> int:
    # All at C speed: drop strings, keep brackets, running sum of the steps.
    brackets = "".join(_BRACKETS.findall(_STRINGS.sub("", text))).translate(_BRACKET_STEPS)
    return max(itertools.accumulate(map(_STEP.__getitem__, brackets)), default=0)


# Our own JSON text (json's output: no surrounding whitespace) needs none of
# json.loads's checks around the decoder itself.
_raw_decode = json.JSONDecoder().raw_decode


def json_copy(value: Any) -> Any:
    """A private deep copy of a plain decoded body, through its JSON text (at C speed)."""
    return _raw_decode(json_text(value))[0]


def decode(raw: bytes | str) -> Any:
    if isinstance(raw, str):  # a decoded body's own JSON text (request_bytes)
        text = raw
    elif not raw:
        return None  # Nova hands the controller no body at all
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            # Nova: an uncaught UnicodeDecodeError while logging the body (500).
            return HttpError.of(
                400, f"{MALFORMED}: not valid UTF-8 (byte offset {error.start})"
            )
    # Cheap bound first: fewer brackets than the limit cannot nest deeper.
    if text.count("[") + text.count("{") > MAX_DEPTH and _nesting_depth(text) > MAX_DEPTH:
        return _too_deep()
    try:
        if text is raw:
            return _raw_decode(text)[0]
        return json.loads(text)
    except RecursionError:
        return _too_deep()
    except ValueError:
        return HttpError.of(400, MALFORMED)

