"""Hypothesis strategies of our own: schema-valid create bodies, and mutations of them.

:func:`from_schema` turns one of ``bootreq.schemas``' documents into a strategy
for instances that satisfy it. It covers exactly the keyword subset the create
schemas use (``type``, ``enum``, ``properties``, ``required``,
``additionalProperties``, ``patternProperties``, ``items``, ``pattern``,
``format``, ``minLength``/``maxLength``, ``minItems``/``maxItems``,
``uniqueItems``, ``minimum``/``maximum``, ``oneOf``) and raises on anything
else, so a new keyword in a schema cannot be silently ignored.

:func:`mutated` takes a document and damages it in the ways clients do:
wrong types, missing and unknown members, edge-case strings (edge spaces,
trailing newlines, lone surrogates, non-ASCII, huge numeric strings),
duplicate array items, deep nesting.

Nothing here reads bootreq's engine: generation follows the schema text, and
the properties compare bootreq against jsonschema and against itself.
"""

from __future__ import annotations

import base64
import functools
import json
import math
import re
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from bootreq._formats import CHECKERS
from bootreq.microversion import MAX_VERSION, Microversion
from bootreq.schemas import RANGES, range_for, schema_for

__all__ = [
    "ALL_VERSIONS",
    "RANGE_SCHEMAS",
    "SUPPORTED_KEYWORDS",
    "bodies",
    "from_schema",
    "json_values",
    "mutated",
    "versions",
]

SUPPORTED_KEYWORDS = frozenset({
    "type", "enum", "properties", "required", "additionalProperties",
    "patternProperties", "items", "pattern", "format", "minLength", "maxLength",
    "minItems", "maxItems", "uniqueItems", "minimum", "maximum", "oneOf",
})

#: Every microversion a client can ask for, 2.0 (legacy) included.
ALL_VERSIONS: tuple[Microversion, ...] = tuple(
    Microversion(2, minor) for minor in range(MAX_VERSION.minor + 1)
)

#: (range name, legacy soft mode, schema document) for every schema range.
RANGE_SCHEMAS: tuple[tuple[str, bool, dict[str, Any]], ...] = tuple(
    (r.name, r.first.minor == 0, dict(schema_for(r.first))) for r in RANGES
)


def versions() -> st.SearchStrategy[Microversion]:
    return st.sampled_from(ALL_VERSIONS)


# -- JSON values of any shape

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)


def json_values(max_leaves: int = 12) -> st.SearchStrategy[Any]:
    """Any JSON value (no NaN: json.dumps writes it, but it is not JSON)."""
    return st.recursive(
        _SCALARS,
        lambda children: st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=8), children, max_size=4),
        max_leaves=max_leaves,
    )


# -- formats

_UUID_SHAPES: tuple[Callable[[str], str], ...] = (
    lambda u: u,
    str.upper,
    lambda u: u.replace("-", ""),
    lambda u: "{" + u + "}",
    lambda u: "urn:uuid:" + u,
    lambda u: u[:8] + "-" + u[8:].replace("-", ""),
)


def _uuid_strings() -> st.SearchStrategy[str]:
    return st.builds(
        lambda value, shape: shape(str(value)),
        st.uuids(),
        st.sampled_from(_UUID_SHAPES),
    )


def _base64_strings() -> st.SearchStrategy[str]:
    return st.binary(max_size=48).map(lambda raw: base64.b64encode(raw).decode("ascii"))


# Printable characters from several scripts, spaces included (names may hold them).
_NAME_ALPHABET = st.characters(
    codec="utf-8",
    exclude_categories=("Cs", "Cc", "Co", "Cn"),
)


def _checked_text(format_name: str, min_size: int, max_size: int) -> st.SearchStrategy[str]:
    check = CHECKERS[format_name]
    return st.text(_NAME_ALPHABET, min_size=max(min_size, 1), max_size=min(max_size, 24)).filter(
        lambda s: check(s) is True
    ) | st.sampled_from(["web-1", "Test Server", "ünïcödé", "名字", "a"]).filter(
        lambda s: min_size <= len(s) <= max_size and check(s) is True
    )


_FORMATS: dict[str, Callable[[int, int], st.SearchStrategy[str]]] = {
    "uuid": lambda lo, hi: _uuid_strings(),
    "ipv4": lambda lo, hi: st.ip_addresses(v=4).map(str),
    "ipv6": lambda lo, hi: st.ip_addresses(v=6).map(str),
    "base64": lambda lo, hi: _base64_strings(),
    "name": lambda lo, hi: _checked_text("name", lo, hi),
    "name_with_leading_trailing_spaces": lambda lo, hi: _checked_text(
        "name_with_leading_trailing_spaces", lo, hi
    )
    | _checked_text("name", lo, max(lo, hi - 2)).map(lambda s: f" {s} "),
}


# -- strings under a pattern


@st.composite
def _pattern_strings(draw: st.DrawFn, pattern: str, min_size: int, max_size: int) -> str:
    regex = re.compile(pattern)
    value: str = draw(_regex_strings(pattern))
    if len(value) > max_size:
        value = value[:max_size]
    if not (min_size <= len(value) <= max_size) or not regex.search(value):
        # Pad or trim within the pattern's alphabet: retry through a filter.
        value = draw(
            _regex_strings(pattern).filter(lambda s: min_size <= len(s) <= max_size)
        )
    return value


def _strings(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    min_size = int(schema.get("minLength", 0))
    max_size = int(schema.get("maxLength", 40))
    base: st.SearchStrategy[str]
    if "format" in schema and schema["format"] in _FORMATS:
        base = _FORMATS[schema["format"]](min_size, max_size)
    elif "pattern" in schema:
        base = _pattern_strings(schema["pattern"], min_size, min(max_size, 64))
    else:
        base = st.text(min_size=min_size, max_size=min(max_size, 24))
    return base.filter(lambda s: min_size <= len(s) <= max_size)


# -- the generic generator


def _numbers_ok(schema: dict[str, Any], value: Any) -> bool:
    # Nova's minimum/maximum: int(), then float(), on strings too.
    try:
        number: float = int(value)
    except (TypeError, ValueError):
        try:
            number = float(value)
        except (TypeError, ValueError):
            return True
    if "minimum" in schema and number < schema["minimum"]:
        return False
    return not ("maximum" in schema and number > schema["maximum"])


def _string_ok(schema: dict[str, Any], value: str) -> bool:
    if "pattern" in schema and not re.search(schema["pattern"], value):
        return False
    if not schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", math.inf):
        return False
    if "format" in schema and CHECKERS.get(schema["format"], lambda s: True)(value) is not True:
        return False
    return _numbers_ok(schema, value)


def _for_type(schema: dict[str, Any], name: str) -> st.SearchStrategy[Any]:
    if name == "null":
        return st.none()
    if name == "boolean":
        return st.booleans()
    if name == "integer":
        low = schema.get("minimum")
        high = schema.get("maximum")
        ints = st.integers(min_value=low, max_value=high)
        if low is None and high is None:
            ints = st.integers(min_value=-5, max_value=2**40)
        # Integral floats are integers in Draft 2020-12.
        return ints | ints.filter(lambda n: abs(n) < 2**52).map(float)
    if name == "number":
        return st.floats(
            min_value=schema.get("minimum"), max_value=schema.get("maximum"),
            allow_nan=False, allow_infinity=False,
        )
    if name == "string":
        strings = _strings(schema)
        if "pattern" in schema and ("minimum" in schema or "maximum" in schema):
            # Digit strings under a bound: keep the ones whose value fits.
            low = schema.get("minimum", 0)
            high = schema.get("maximum", 2**40)
            numeric = st.integers(min_value=max(low, 0), max_value=high).map(str)
            leading = numeric.map(lambda s: "0" + s)
            strings = st.one_of(numeric, leading, strings)
        return strings.filter(lambda s: _string_ok(schema, s))
    if name == "array":
        return _arrays(schema)
    if name == "object":
        return _objects(schema)
    raise ValueError(f"unknown type {name!r}")


def _canonical(value: Any) -> str:
    # jsonschema's equality (1 == 1.0, True != 1) for uniqueness of generated items.
    def fix(v: Any) -> Any:
        if isinstance(v, bool):
            return ["bool", v]
        if isinstance(v, float) and v.is_integer():
            return int(v)
        if isinstance(v, list):
            return [fix(x) for x in v]
        if isinstance(v, dict):
            return {k: fix(x) for k, x in v.items()}
        return v

    return json.dumps(fix(value), sort_keys=True)


def _arrays(schema: dict[str, Any]) -> st.SearchStrategy[list[Any]]:
    items = from_schema(schema.get("items", {}))
    min_size = schema.get("minItems", 0)
    max_size = min(schema.get("maxItems", 4), max(min_size, 4))
    if schema.get("uniqueItems"):
        return st.lists(items, min_size=min_size, max_size=max_size, unique_by=_canonical)
    return st.lists(items, min_size=min_size, max_size=max_size)


@st.composite
def _objects(draw: st.DrawFn, schema: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", ()))
    names = [n for n in properties if n in required or draw(st.booleans())]
    members: list[tuple[str, Any]] = [(n, draw(from_schema(properties[n]))) for n in names]
    for pattern, subschema in schema.get("patternProperties", {}).items():
        count = draw(st.integers(min_value=0, max_value=3))
        for _ in range(count):
            key = draw(_regex_strings(pattern))
            if key not in properties:
                members.append((key, draw(from_schema(subschema))))
    if schema.get("additionalProperties", True) is not False:
        extras = draw(_EXTRAS)
        members.extend((k, v) for k, v in extras.items() if k not in properties)
    order = draw(st.permutations(range(len(members))))
    return {members[i][0]: members[i][1] for i in order}


@functools.cache
def _regex_strings(pattern: str) -> st.SearchStrategy[str]:
    return st.from_regex(pattern, fullmatch=True)


_EXTRAS = st.dictionaries(st.text(max_size=10), json_values(6), max_size=2)


def _merged_branch(schema: dict[str, Any], branch: dict[str, Any]) -> dict[str, Any]:
    rest = {k: v for k, v in schema.items() if k != "oneOf"}
    return {**rest, **branch}


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Instances valid under ``schema`` (the create schemas' keyword subset)."""
    return _from_schema_text(json.dumps(schema))


@functools.lru_cache(maxsize=1024)
def _from_schema_text(text: str) -> st.SearchStrategy[Any]:
    # Built once per distinct subschema: hypothesis validates each new strategy.
    schema = json.loads(text)
    unknown = set(schema) - SUPPORTED_KEYWORDS
    if unknown:
        raise ValueError(f"unsupported schema keywords: {sorted(unknown)}")
    if "oneOf" in schema:
        branches = [_merged_branch(schema, b) for b in schema["oneOf"]]
        # Exactly one branch must hold: draw from one, keep it when no other holds.
        return st.one_of(
            [
                from_schema(branch).filter(
                    lambda v, i=i: not any(
                        _satisfies(other, v) for j, other in enumerate(branches) if j != i
                    )
                )
                for i, branch in enumerate(branches)
            ]
        )
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    types = schema.get("type")
    if types is None:
        return json_values()
    names = types if isinstance(types, list) else [types]
    return st.one_of([_for_type(schema, name) for name in names])


def _satisfies(schema: dict[str, Any], value: Any) -> bool:
    """A small independent validity test, used only to keep oneOf branches exclusive."""
    from jsonschema import Draft202012Validator

    from tests.property.reference import reference_validator

    validator: Draft202012Validator = reference_validator(schema, soft=False)
    return bool(validator.is_valid(value))


# -- whole bodies


@st.composite
def bodies(draw: st.DrawFn, version: Microversion | None = None) -> tuple[Microversion, Any]:
    """A (microversion, schema-valid body) pair; any microversion unless given."""
    if version is None:
        version = draw(versions())
    document = draw(_range_strategy(range_for(version).name))
    return version, document


@functools.cache
def _range_strategy(name: str) -> st.SearchStrategy[Any]:
    return from_schema(next(schema for n, _, schema in RANGE_SCHEMAS if n == name))


def range_name(version: Microversion) -> str:
    return range_for(version).name


# -- mutations

_EDGE_STRINGS = st.sampled_from([
    "", " ", "a\n", "\n", " a", "a ", "\t", "\x00", "\ud800", "\udfff", "é", "名",
    "\u200b", "\u00a0", "0", "00", "-1", "1.5", "1e5", "١٢", " 1", "1_0", "+1",
    "2147483648", "9" * 5000, "http://[::1", "a" * 300, "YQ", "YQ==", "Y Q = =",
    "none", "auto", "True", "yes", "AUTO", "volume", "image", "blank", "local",
    "9c7b0a4e-1d2f-4c3b-8a5e-6f7d8c9b0a1e", "a:b:c", "a::b", "a:b", "::", "a,b", "a/b",
    "/dev/vda", "192.168.0.1", "::1", "fe80::1%eth0", "NaN", "inf", "-0",
])


def _deep(depth: int, leaf: Any = 1) -> Any:
    value = leaf
    for level in range(depth):
        value = [value] if level % 2 else {"a": value}
    return value


_ODD_VALUES = st.one_of(
    _EDGE_STRINGS,
    st.sampled_from([
        0, -1, 1, 2**31, 2**63, 10**30, 1.5, 0.0, -0.0, 1e300, True, False, None,
        [], {}, [None], [[]], {"": None},
    ]),
    st.integers(min_value=1, max_value=800).map(_deep),
    json_values(),
)


def _paths(value: Any) -> list[tuple[Any, ...]]:
    paths: list[tuple[Any, ...]] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), value)]
    while stack:
        path, node = stack.pop()
        paths.append(path)
        if isinstance(node, dict):
            stack.extend(((*path, k), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend(((*path, i), v) for i, v in enumerate(node))
    paths.sort(key=lambda p: (len(p), repr(p)))
    return paths


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


def _copy(value: Any) -> Any:
    # JSON-only deep copy (no recursion: values may nest deeply).
    return json.loads(json.dumps(value))


@st.composite
def mutated(draw: st.DrawFn, document: Any, max_mutations: int = 3) -> Any:
    """``document`` (not modified) with 1..``max_mutations`` client mistakes applied."""
    document = _copy(document)
    for _ in range(draw(st.integers(min_value=1, max_value=max_mutations))):
        paths = _paths(document)
        path = draw(st.sampled_from(paths))
        node = _get(document, path)
        parent = _get(document, path[:-1]) if path else None
        kind = draw(st.sampled_from(
            ["replace", "delete", "extra", "string", "duplicate", "wrap", "edge"]
        ))
        if kind == "replace" or (kind == "delete" and not path):
            new: Any = draw(_ODD_VALUES)
        elif kind == "delete":
            del parent[path[-1]]
            continue
        elif kind == "extra" and isinstance(node, dict):
            node[draw(st.text(max_size=12) | _EDGE_STRINGS)] = draw(_ODD_VALUES)
            continue
        elif kind == "duplicate" and isinstance(node, list) and node:
            node.append(_copy(draw(st.sampled_from(node))))
            continue
        elif kind == "string" and isinstance(node, str):
            new = draw(st.sampled_from([
                node + "\n", " " + node, node + " ", node.upper(), node + "é",
                node + "\ud800", node * 3, node[:-1], "", node + "!", node + "=",
            ]))
        elif kind == "wrap":
            new = [node] if draw(st.booleans()) else {"x": node}
        else:
            new = draw(_EDGE_STRINGS)
        if path:
            parent[path[-1]] = new
        else:
            document = new
    return document
