"""A fast, seeded twin of :mod:`tests.property.strategies` for the million-input runs.

Hypothesis shrinks and explores well but generates a few dozen create bodies
a second; the long run needs a million. This module walks the same schema
keyword subset with :class:`random.Random` (seeded: a run is reproducible from
its seed) and damages documents the same ways :func:`strategies.mutated` does.
Strings under a ``pattern`` are drawn from a small alphabet and kept when the
pattern matches (rejection sampling), so no pattern is special-cased.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import random
import re
import uuid
from typing import Any

from bootreq._formats import CHECKERS
from tests.property.strategies import SUPPORTED_KEYWORDS

__all__ = ["generate", "json_value", "mutate"]

_ALPHABET = (
    "abcxyzABCXYZ0123456789" "0123456789" "-_.:/, " "é名\u00a0\t\n" "~!@#=+"
)
_WIDE = "aé名😀\u200b\u0301 \U0010fffd"


def _text(rng: random.Random, low: int, high: int, alphabet: str = _ALPHABET) -> str:
    length = rng.randint(low, max(low, min(high, rng.choice((3, 8, 20, 64)))))
    return "".join(rng.choice(alphabet) for _ in range(length))


def _uuid(rng: random.Random) -> str:
    text = str(uuid.UUID(int=rng.getrandbits(128)))
    shape = rng.randrange(6)
    if shape == 1:
        return text.upper()
    if shape == 2:
        return text.replace("-", "")
    if shape == 3:
        return "{" + text + "}"
    if shape == 4:
        return "urn:uuid:" + text
    return text


def _name(rng: random.Random, low: int, high: int, spaces: bool) -> str:
    check = CHECKERS["name_with_leading_trailing_spaces" if spaces else "name"]
    for _ in range(20):
        value = _text(rng, max(low, 1), min(high, 30), _ALPHABET + _WIDE)
        if spaces and rng.random() < 0.3:
            value = f" {value} "
        if low <= len(value) <= high and check(value) is True:
            return value
    return "server-1"


def _format(rng: random.Random, name: str, low: int, high: int) -> str:
    if name == "uuid":
        return _uuid(rng)
    if name == "ipv4":
        return str(ipaddress.IPv4Address(rng.getrandbits(32)))
    if name == "ipv6":
        address = ipaddress.IPv6Address(rng.getrandbits(128))
        return address.exploded if rng.random() < 0.3 else str(address)
    if name == "base64":
        return base64.b64encode(rng.randbytes(rng.randrange(40))).decode("ascii")
    return _name(rng, low, high, spaces=name != "name")


def _pattern(rng: random.Random, schema: dict[str, Any], low: int, high: int) -> str:
    regex = re.compile(schema["pattern"])
    if "minimum" in schema:
        top = schema.get("maximum", 10**6)
        return ("0" if rng.random() < 0.1 else "") + str(rng.randint(schema["minimum"], top))
    for _ in range(200):
        alphabet = rng.choice((_ALPHABET, "abc0123-", "0123456789abcdef.:/", "-0123456789"))
        value = _text(rng, low, min(high, 64), alphabet)
        for candidate in (value, "/" + value):  # patterns may start with a literal
            if regex.search(candidate) and low <= len(candidate) <= high:
                return candidate
    raise AssertionError(f"no string found for {schema['pattern']!r}")  # pragma: no cover


def _string(rng: random.Random, schema: dict[str, Any]) -> str:
    low, high = schema.get("minLength", 0), schema.get("maxLength", 64)
    for _ in range(50):
        if "format" in schema:
            value = _format(rng, schema["format"], low, high)
        elif "pattern" in schema:
            value = _pattern(rng, schema, low, high)
        else:
            value = _text(rng, low, high, _ALPHABET + _WIDE)
        if low <= len(value) <= high and (
            "pattern" not in schema or re.search(schema["pattern"], value)
        ):
            return value
    raise AssertionError(f"no string for {schema}")  # pragma: no cover


def json_value(rng: random.Random, depth: int = 3) -> Any:
    """Any JSON value, small."""
    kind = rng.randrange(8 if depth > 0 else 6)
    if kind == 0:
        return None
    if kind == 1:
        return rng.random() < 0.5
    if kind == 2:
        return rng.choice((0, 1, -1, 7, 2**31, 2**64, rng.randint(-(10**9), 10**9)))
    if kind == 3:
        return rng.choice((0.5, -1.0, 2.0, 1e300, rng.uniform(-1e6, 1e6)))
    if kind in (4, 5):
        return _text(rng, 0, 12, _ALPHABET + _WIDE)
    if kind == 6:
        return [json_value(rng, depth - 1) for _ in range(rng.randrange(4))]
    return {_text(rng, 0, 6): json_value(rng, depth - 1) for _ in range(rng.randrange(4))}


def _one_valid(schema: dict[str, Any], value: Any) -> bool:
    from tests.property.reference import reference_validator

    return sum(
        bool(reference_validator({**{k: v for k, v in schema.items() if k != "oneOf"}, **b})
             .is_valid(value))
        for b in schema["oneOf"]
    ) == 1


def generate(rng: random.Random, schema: dict[str, Any]) -> Any:
    """A value valid under ``schema``."""
    unknown = set(schema) - SUPPORTED_KEYWORDS
    if unknown:
        raise ValueError(f"unsupported schema keywords: {sorted(unknown)}")
    if "oneOf" in schema:
        rest = {k: v for k, v in schema.items() if k != "oneOf"}
        for _ in range(50):
            choices = schema["oneOf"]
            branch = choices[0] if rng.random() < 0.6 else rng.choice(choices)
            value = generate(rng, {**rest, **branch})
            if _one_valid(schema, value):
                return value
        raise AssertionError("no exclusive oneOf branch")  # pragma: no cover
    if "enum" in schema:
        return rng.choice(schema["enum"])
    types = schema.get("type")
    if types is None:
        return json_value(rng)
    name = rng.choice(types) if isinstance(types, list) else types
    if name == "null":
        return None
    if name == "boolean":
        return rng.random() < 0.5
    if name == "integer":
        value = rng.randint(schema.get("minimum", -5), schema.get("maximum", 10**6))
        return float(value) if rng.random() < 0.1 else value
    if name == "string":
        return _string(rng, schema)
    if name == "array":
        low = schema.get("minItems", 0)
        high = min(schema.get("maxItems", 4), max(low, 4))
        items = [generate(rng, schema.get("items", {})) for _ in range(rng.randint(low, high))]
        if schema.get("uniqueItems"):
            unique: dict[str, Any] = {}
            for item in items:
                unique.setdefault(json.dumps(item, sort_keys=True), item)
            items = list(unique.values())
            while len(items) < low:
                items.append(_text(rng, 1, 8) + str(len(items)))
        return items
    if name == "object":
        return _object(rng, schema)
    raise ValueError(name)


# How often a member is present: enough controller-valid bodies to reach the
# translation and compute checks, enough of the rest to reach their errors.
_PREFER = {
    "imageRef": 0.8, "block_device_mapping": 0.08, "block_device_mapping_v2": 0.25,
    "min_count": 0.15, "max_count": 0.15, "source_type": 0.9, "uuid": 0.8, "path": 0.95,
    "contents": 0.95, "virtual_name": 0.1, "host": 0.2, "hypervisor_hostname": 0.2,
}


def _object(rng: random.Random, schema: dict[str, Any]) -> dict[str, Any]:
    properties = schema.get("properties", {})
    required = set(schema.get("required", ()))
    small = len(properties) <= 3
    members = [(n, generate(rng, s)) for n, s in properties.items()
               if n in required or rng.random() < _PREFER.get(n, 0.8 if small else 0.4)]
    for pattern, subschema in schema.get("patternProperties", {}).items():
        for _ in range(rng.randrange(4)):
            key = _pattern(rng, {"pattern": pattern}, 1, 255)
            members.append((key, generate(rng, subschema)))
    if schema.get("additionalProperties", True) is not False and rng.random() < 0.3:
        members.append((_text(rng, 0, 8), json_value(rng)))
    rng.shuffle(members)
    return dict(members)


# -- mutations

_EDGE = (
    "", " ", "a\n", "\n", " a", "a ", "\x00", "\ud800", "é", "名", "\u200b", "\u00a0",
    "0", "00", "-1", "1.5", "1e5", "١٢", " 1", "+1", "2147483648", "9" * 5000,
    "http://[::1", "a" * 300, "YQ", "YQ==", "none", "auto", "True", "AUTO", "volume",
    "image", "blank", "local", "a:b:c", "a::b", "a:b", "a,b", "a/b", "::1",
    "fe80::1%eth0", "NaN", "-0", "9c7b0a4e-1d2f-4c3b-8a5e-6f7d8c9b0a1e",
)
_ODD = (0, -1, 1, 2**31, 2**63, 10**30, 1.5, 1e300, True, False, None, [], {}, [None], [[]])


def _deep(depth: int) -> Any:
    value: Any = 1
    for level in range(depth):
        value = [value] if level % 2 else {"a": value}
    return value


def _odd(rng: random.Random) -> Any:
    kind = rng.randrange(4)
    if kind == 0:
        return rng.choice(_EDGE)
    if kind == 1:
        return rng.choice(_ODD)
    if kind == 2:
        return _deep(rng.choice((2, 10, 100, 499, 501, 900)))
    return json_value(rng)


def _paths(value: Any) -> list[tuple[Any, ...]]:
    paths: list[tuple[Any, ...]] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), value)]
    while stack and len(paths) < 2000:
        path, node = stack.pop()
        paths.append(path)
        if isinstance(node, dict):
            stack.extend(((*path, k), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend(((*path, i), v) for i, v in enumerate(node))
    return paths


def mutate(rng: random.Random, document: Any, count: int = 3) -> Any:
    """A damaged copy of ``document`` (JSON only; ``document`` is not modified)."""
    document = json.loads(json.dumps(document))
    for _ in range(rng.randint(1, count)):
        path = rng.choice(_paths(document))
        parent: Any = None
        node = document
        for part in path:
            parent, node = node, node[part]
        kind = rng.randrange(7)
        new: Any
        if kind == 1 and path:
            del parent[path[-1]]
            continue
        if kind == 2 and isinstance(node, dict):
            node[rng.choice((*_EDGE, "foo", "tag", "uuid"))] = _odd(rng)
            continue
        if kind == 3 and isinstance(node, list) and node:
            try:
                node.append(json.loads(json.dumps(rng.choice(node))))
            except (RecursionError, ValueError):
                # Deep, or containing itself, after an earlier mutation: append it as it is.
                node.append(rng.choice(node))
            continue
        if kind == 4 and isinstance(node, str):
            new = rng.choice((node + "\n", " " + node, node + " ", node.upper(), node + "é",
                              node + "\ud800", node * 3, node[:-1], node + "=", ""))
        elif kind == 5:
            new = [node] if rng.random() < 0.5 else {"x": node}
        elif kind == 6:
            new = rng.choice(_EDGE)
        else:
            new = _odd(rng)
        if path:
            parent[path[-1]] = new
        else:
            document = new
    return document
