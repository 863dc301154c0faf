"""Adversarial request shapes, shared by the hardening tests and benchmarks/adversarial.py.

Each shape is ``(label, body, microversion)``; sizes are parameters so the
tests can run them small and the benchmark at full size (nesting 10^5 deep,
10^5 keys, 10^6-character strings in every string field, 10^5-digit numeric
strings, a backtracking worst case for every pattern).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

from bootreq.microversion import Microversion
from bootreq.schemas import RANGES, schema_for

__all__ = ["CallerMapping", "Shape", "shapes", "string_fields"]

Shape = tuple[str, Any, str]

_IMAGE = "c69d4bd8-b3fa-4aa7-a1fa-b9d78c7e134f"
_BASE = {"name": "web-1", "flavorRef": "1", "imageRef": _IMAGE, "networks": "none"}
_LATEST = "2.104"


def _server(**members: Any) -> dict[str, Any]:
    return {"server": {**_BASE, **members}}


def string_fields() -> list[tuple[str, tuple[str | int, ...], str]]:
    """(microversion, path to a string-typed member, its pattern or format) across all ranges."""
    found: dict[tuple[str | int, ...], tuple[str, str]] = {}
    for schema_range in RANGES:
        version = str(schema_range.first)
        stack: list[tuple[tuple[str | int, ...], dict[str, Any]]] = [
            ((), dict(schema_for(schema_range.first)))
        ]
        while stack:
            path, schema = stack.pop()
            types = schema.get("type", [])
            types = types if isinstance(types, list) else [types]
            if "string" in types or "oneOf" in schema:
                kind = schema.get("pattern") or schema.get("format") or "string"
                found.setdefault(path, (version, kind))
            for name, sub in schema.get("properties", {}).items():
                stack.append(((*path, name), sub))
            if "items" in schema:
                stack.append(((*path, 0), schema["items"]))
            for branch in schema.get("oneOf", ()):
                if "items" in branch:
                    stack.append(((*path, 0), branch["items"]))
    return [(version, path, kind) for path, (version, kind) in sorted(found.items(), key=str)]


def _place(path: tuple[str | int, ...], value: Any) -> Any:
    """A body holding ``value`` at ``path`` (arrays of one item, the rest defaulted)."""
    node: Any = value
    for part in reversed(path):
        node = [node] if isinstance(part, int) else {part: node}
    if path and path[0] == "server":
        return {"server": {**_BASE, **node["server"]}}
    return {**_server(), **node}


def _backtracking_input(pattern: str, size: int) -> str:
    """A long string that almost matches ``pattern``: its alphabet, then a bad character."""
    regex = re.compile(pattern)
    for unit in ("a", "0", "a-", "0.", "/0", "-0", "é"):
        text = unit * (size // len(unit))
        if pattern.startswith("^/"):
            text = "/" + text
        if regex.search(text):
            return text + "\x00"  # matches up to the last character
    return "a" * size + "\x00"


class CallerMapping(Mapping[str, Any]):
    """A caller's own read-only Mapping type."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


def _nested(depth: int, make: Any, leaf: Any = 1) -> Any:
    value: Any = leaf
    for _ in range(depth):
        value = make(value)
    return value


def shapes(*, depth: int, keys: int, length: int, digits: int) -> Iterator[Shape]:
    """Every adversarial shape at the given sizes."""
    # -- nesting
    yield "nesting: text [[[...]]]", "[" * depth + "]" * depth, _LATEST
    yield "nesting: bytes {\"a\":{...}}", b'{"a":' * depth + b"1" + b"}" * depth, _LATEST
    yield "nesting: unclosed text", "[" * depth, _LATEST
    yield "nesting: dict body", _nested(depth, lambda v: {"a": v}), _LATEST
    yield "nesting: list in server", {"server": _nested(depth, lambda v: [v])}, _LATEST
    yield "nesting: hints value", {**_server(), "os:scheduler_hints": {
        "x": _nested(depth, lambda v: [v])}}, _LATEST
    yield "nesting: MappingProxyType", _nested(
        depth, lambda v: MappingProxyType({"a": v})), _LATEST
    yield "nesting: custom Mapping", _nested(depth, lambda v: CallerMapping({"a": v})), _LATEST
    yield "nesting: tuples", {"server": _nested(depth, lambda v: (v,))}, _LATEST
    near = 499  # just inside MAX_DEPTH: reaches the schema and uniqueItems
    certs = [_nested(near - 3, lambda v: [v]) for _ in range(2)]
    yield "nesting: equal deep trusted certs (uniqueItems)", _server(
        trusted_image_certificates=certs), _LATEST
    yield "nesting: deep trusted certs, differing leaves", _server(
        trusted_image_certificates=[_nested(near - 3, lambda v: [v]),
                                    _nested(near - 3, lambda v: [v], leaf=2)]), _LATEST
    # A boolean inside: jsonschema's sort (depth squared per comparison) only
    # up to a shallow depth; 50 items, maxItems' bound (docs/deviations.md).
    yield "nesting: deep certs holding booleans, differing", _server(
        trusted_image_certificates=[_nested(near - 3, lambda v: [v], leaf=[True, i])
                                    for i in range(50)]), _LATEST
    yield "nesting: deep certs holding booleans, equal", _server(
        trusted_image_certificates=[_nested(near - 3, lambda v: [v], leaf=True)] * 50), _LATEST
    yield "nesting: deep dict certs", _server(
        trusted_image_certificates=[_nested(near - 3, lambda v: {"a": v})] * 2), _LATEST

    # -- many keys / items
    yield "keys: metadata", _server(metadata={f"k{i}": "v" for i in range(keys)}), _LATEST
    yield "keys: bad metadata keys", _server(
        metadata={f"k/{i}": "v" for i in range(keys)}), _LATEST
    yield "keys: legacy 2.0 metadata", _server(
        metadata={f"k/{i}": "v" for i in range(keys)} | {"ok": "v"}), "2.0"
    yield "keys: unknown server members", _server(**{f"x{i}": i for i in range(keys)}), _LATEST
    yield "keys: legacy 2.0 unknown members", _server(
        **{f"x{i}": i for i in range(keys)}), "2.0"
    yield "keys: scheduler hints", {**_server(), "os:scheduler_hints": {
        f"h{i}": "v" for i in range(keys)}}, _LATEST
    yield "items: networks", _server(networks=[{"uuid": _IMAGE}] * keys), _LATEST
    yield "items: ports", _server(networks=[{"port": _IMAGE}] * keys), _LATEST
    yield "items: bdm v2", _server(block_device_mapping_v2=[
        {"uuid": _IMAGE, "source_type": "volume", "destination_type": "volume"}] * keys), _LATEST
    yield "items: security groups", _server(
        security_groups=[{"name": f"g{i}"} for i in range(keys)]), _LATEST
    yield "items: personality", _server(
        personality=[{"path": "/p", "contents": "YQ=="}] * keys), "2.1"
    yield "items: tags", _server(tags=["t"] * keys), _LATEST
    yield "items: trusted certs", _server(
        trusted_image_certificates=[f"c{i}" for i in range(min(keys, 50))]), _LATEST
    yield "items: hints group", {**_server(), "os:scheduler_hints": {
        "same_host": [_IMAGE] * keys}}, _LATEST

    # -- long strings through every string member
    for version, path, kind in string_fields():
        yield (f"string: {'/'.join(map(str, path))} ({kind[:30]})",
               _place(path, "a" * length), version)
        yield (f"string: {'/'.join(map(str, path))} non-ASCII",
               _place(path, "é" * length), version)
    yield "string: metadata key", _server(metadata={"a" * length: "v"}), _LATEST
    yield "string: hint key", {**_server(), "os:scheduler_hints": {"a" * length: 1}}, _LATEST
    yield "string: availability_zone colons", _server(
        availability_zone=":" * length), _LATEST

    # -- long numeric strings
    for field in ("min_count", "max_count"):
        yield f"digits: {field}", _server(**{field: "9" * digits}), _LATEST
        yield f"digits: {field} zeros", _server(**{field: "0" * digits + "1"}), _LATEST
    yield "digits: flavorRef", _server(flavorRef="9" * digits), _LATEST
    for member in ("volume_size", "boot_index"):
        bdm = {"uuid": _IMAGE, "source_type": "image", "destination_type": "local",
               member: "1" * digits}
        yield f"digits: bdm v2 {member}", _server(block_device_mapping_v2=[bdm]), _LATEST
    yield "digits: legacy volume_size", _server(
        block_device_mapping=[{"volume_id": _IMAGE, "volume_size": "1" * digits}]), _LATEST
    yield "digits: JSON number", ('{"server": {"name": "a", "flavorRef": "1", "min_count": '
                                  + "9" * digits + "}}"), _LATEST
    yield "digits: JSON float", ('{"server": {"name": "a", "flavorRef": "1", "min_count": 1.'
                                 + "9" * digits + "}}"), _LATEST
    yield "digits: exponent", ('{"server": {"name": "a", "flavorRef": "1", "min_count": 1e'
                               + "9" * min(digits, 4000) + "}}"), _LATEST

    # -- regex worst cases, one per pattern
    patterns = sorted({kind for _, _, kind in string_fields() if kind.startswith("^")})
    for version, path, kind in string_fields():
        if kind in patterns:
            patterns.remove(kind)
            yield (f"regex: {kind[:40]}", _place(path, _backtracking_input(kind, length)),
                   version)
    yield "regex: metadata key pattern", _server(
        metadata={"a" * 254 + "\x00": "v"}), _LATEST

    # -- decoding
    yield "decode: invalid UTF-8", b'{"server": {"name": "' + b"\xff" * length + b'"}}', _LATEST
    yield "decode: lone surrogates", '{"server": {"name": "' + "\\ud800" * (length // 6) \
        + '"}}', _LATEST
    yield "decode: many NaN", "[" + ",".join(["NaN"] * keys) + "]", _LATEST
    yield "decode: duplicate keys", "{" + ",".join(['"server": {}'] * keys) + "}", _LATEST
    yield "decode: whitespace", " " * length, _LATEST
    yield "decode: UTF-16", json.dumps(_server()).encode("utf-16"), _LATEST


def versions_of(shapes_: list[Shape]) -> set[str]:
    return {version for _, _, version in shapes_}


assert Microversion.parse(_LATEST)  # the latest version the shapes use exists
