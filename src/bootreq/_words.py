"""Schema fragments in plain words: what a member may be, never the regex.

Everything here is read off the schema data itself (types, lengths,
patterns through Python's own regex parser, enums) and off the names of
Nova's formats (:data:`bootreq._formats.CHECKERS`); the one table,
:data:`FORMAT_WORDS`, names each format a user may meet (a test checks every
checker has its words).
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = [
    "FORMAT_WORDS",
    "describe",
    "enum_words",
    "joined",
    "pattern_words",
]


def __dir__() -> list[str]:
    return __all__


#: Each Nova format in words, singular and plural.
FORMAT_WORDS: dict[str, tuple[str, str]] = {
    "uuid": ("a UUID (32 hexadecimal digits, e.g. 70a599e0-31e7-49b7-b260-868f441e862b)",
             "UUIDs"),
    "base64": ("base64 of the data (e.g. base64.b64encode(data), ASCII only)",
               "base64 texts"),
    "ipv4": ("an IPv4 address (four decimal octets, e.g. 192.0.2.10)", "IPv4 addresses"),
    "ipv6": ("an IPv6 address (e.g. 2001:db8::10)", "IPv6 addresses"),
    "name": ("printable characters, not starting or ending with whitespace",
             "names"),
    "name_with_leading_trailing_spaces": (
        "printable characters with at least one that is not a space", "names"),
}

# Python's own regex parser: the pattern's structure, not its text.
_parser: Any = importlib.import_module("re._parser")
_constants: Any = importlib.import_module("re._constants")


def joined(words: Sequence[str], last: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {last} " + words[-1]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def enum_words(values: Iterable[Any]) -> str:
    """The accepted values as JSON, shortest spelling first."""
    ordered = sorted(enumerate(values), key=lambda pair: (len(_json(pair[1])), pair[0]))
    return joined([_json(value) for _, value in ordered], "or")


# -- character classes and patterns

_NAMED_RANGES = {
    (ord("a"), ord("z")): "lower-case letters",
    (ord("A"), ord("Z")): "upper-case letters",
    (ord("0"), ord("9")): "digits",
}
#: A class with more items than this is described by what it covers.
_LONG_CLASS = 16


def _class_words(items: Sequence[tuple[Any, Any]]) -> tuple[bool, list[str]]:
    negate = False
    words: list[str] = []
    ranges: set[tuple[int, int]] = set()
    for op, value in items:
        if op is _constants.NEGATE:
            negate = True
        elif op is _constants.RANGE:
            ranges.add(value)
        elif op is _constants.LITERAL:
            words.append(repr(chr(value)))
        elif op is _constants.CATEGORY:
            words.append(str(value).lower().replace("category_", "").replace("_", " ")
                         + " characters")
    if len(ranges) + len(words) > _LONG_CLASS:
        if (ord(" "), ord("~")) in ranges:
            return negate, ["printable characters"]
        return negate, ["the characters allowed"]
    named: list[str] = []
    if {(ord("a"), ord("z")), (ord("A"), ord("Z"))} <= ranges:
        named.append("letters")
        ranges -= {(ord("a"), ord("z")), (ord("A"), ord("Z"))}
    for span in sorted(ranges, key=lambda span: (span not in _NAMED_RANGES, span)):
        named.append(_NAMED_RANGES.get(span) or f"{chr(span[0])!r}-{chr(span[1])!r}")
    return negate, named + words


def _item_words(op: Any, value: Any) -> tuple[str, frozenset[str]] | None:
    """An atom in words, and the set of its words (to compare classes)."""
    if op is _constants.LITERAL:
        return repr(chr(value)), frozenset({repr(chr(value))})
    if op is _constants.IN:
        negate, words = _class_words(value)
        text = joined(words)
        return (f"any character but {joined(words, 'or')}" if negate else text,
                frozenset(words) | ({"!"} if negate else frozenset()))
    if op is _constants.ANY:
        return "any character", frozenset({"*"})
    return None


def _repeat_words(low: int, high: int, atom: str) -> str:
    unbounded = high == _constants.MAXREPEAT
    if (low, unbounded) == (0, True):
        if atom.startswith("any character but "):
            return "no " + atom.removeprefix("any character but ")
        return f"only {atom}"
    if (low, unbounded) == (1, True):
        return f"one or more {atom}"
    if (low, high) == (0, 1):
        return f"an optional {atom}"
    if unbounded:
        return f"at least {low} of {atom}"
    if low == high:
        return f"exactly {low} of {atom}"
    return f"{low}-{high} of {atom}"


def pattern_words(pattern: str) -> str:
    """A regular expression of the schema in words (``"digits only"``)."""
    try:
        parsed = list(_parser.parse(pattern))
    except Exception:  # pragma: no cover - every schema pattern parses
        return "the form the schema requires"
    steps = [(op, value) for op, value in parsed if op is not _constants.AT]
    atoms: list[tuple[int, int, str, frozenset[str]]] = []
    for op, value in steps:
        if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT):
            low, high, sub = value
            inner = list(sub)
            described = _item_words(*inner[0]) if len(inner) == 1 else None
            if described is None:
                return "the form the schema requires"
            atoms.append((low, high, described[0], described[1]))
        else:
            described = _item_words(op, value)
            if described is None:
                return "the form the schema requires"
            atoms.append((1, 1, described[0], described[1]))
    # A+ B* A+ with A within B: "B, beginning and ending with A" (host names).
    if (len(atoms) == 3 and atoms[0][2] == atoms[2][2] and atoms[0][0] >= 1
            and atoms[2][0] >= 1 and atoms[0][3] <= atoms[1][3] and "!" not in atoms[1][3]):
        first = atoms[0][2].replace(" and ", " or ")
        return f"{atoms[1][2]}, beginning and ending with {first}"
    if len(atoms) == 1:
        low, high, text, _ = atoms[0]
        return _repeat_words(low, high, text)
    parts = []
    for low, high, text, _ in atoms:
        parts.append(text if (low, high) == (1, 1) else _repeat_words(low, high, text))
    return ", then ".join(parts)


# -- whole subschemas

def _type_names(schema: dict[str, Any]) -> list[str]:
    types = schema.get("type")
    if types is None:
        return []
    return list(types) if isinstance(types, list) else [types]


def _length_words(schema: dict[str, Any], unit: str) -> str:
    low = schema.get("minLength" if unit == "characters" else "minItems")
    high = schema.get("maxLength" if unit == "characters" else "maxItems")
    if high == 0:
        return ""
    if low and high is not None:
        return f"{low}-{high} {unit}".strip()
    if high is not None:
        return f"at most {high} {unit}".strip()
    if low:
        return f"at least {low} {unit if low != 1 else unit.removesuffix('s')}".strip()
    return ""


def _string_words(schema: dict[str, Any], plural: bool) -> str:
    if schema.get("maxLength") == 0:
        return "empty strings" if plural else "an empty string"
    fmt = schema.get("format")
    if fmt in FORMAT_WORDS:
        singular, many = FORMAT_WORDS[fmt]
        if fmt in ("name", "name_with_leading_trailing_spaces"):
            length = _length_words(schema, "characters")
            noun = "strings" if plural else "a string"
            return f"{noun} of {length}: {singular}" if length else f"{noun} of {singular}"
        return many if plural else singular
    noun = "strings" if plural else "a string"
    length = _length_words(schema, "characters")
    words = noun + (f" of {length}" if length else "")
    if "pattern" in schema:
        words += f" ({pattern_words(schema['pattern'])})"
    return words


def _number_words(schema: dict[str, Any], noun: str) -> str:
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        return f"{noun} from {low} to {high}"
    if low is not None:
        return f"{noun} of at least {low}"
    if high is not None:
        return f"{noun} of at most {high}"
    return noun


def describe(schema: dict[str, Any], *, plural: bool = False) -> str:
    """What a value of ``schema`` may be, in words: ``a list, or one of "auto" or "none"``."""
    if "oneOf" in schema:
        base = {key: value for key, value in schema.items() if key != "oneOf"}
        forms = [describe({**base, **branch}, plural=plural) for branch in schema["oneOf"]]
        return _alternatives(list(dict.fromkeys(forms)))
    if "enum" in schema:
        return ("any of " if plural else "one of ") + enum_words(schema["enum"])
    forms = []
    for name in _type_names(schema) or ["any"]:
        if name == "string":
            forms.append(_string_words(schema, plural))
        elif name == "integer":
            forms.append(_number_words(schema, "integers" if plural else "an integer"))
        elif name == "number":
            forms.append(_number_words(schema, "numbers" if plural else "a number"))
        elif name == "boolean":
            forms.append("booleans" if plural else "a boolean")
        elif name == "null":
            forms.append("null")
        elif name == "object":
            forms.append("objects" if plural else "an object")
        elif name == "array":
            items = schema.get("items")
            words = "lists" if plural else "a list"
            if isinstance(items, dict) and items:
                count = _length_words(schema, "")
                words += f" of {count + ' ' if count else ''}{describe(items, plural=True)}"
            else:
                count = _length_words(schema, "items")
                words += f" of {count}" if count else ""
            forms.append(words)
        else:
            forms.append("any value" if not plural else "any values")
    return _alternatives(forms)


def _alternatives(forms: list[str]) -> str:
    if any(" or " in form for form in forms):
        return ", or ".join(forms)
    return joined(forms, "or")
