"""The JSON form of :class:`bootreq.cloud.Cloud`, read from the classes themselves.

A cloud-state document mirrors the attrs classes of :mod:`bootreq.cloud`
member for member: an object per class (its fields' names, or the name in a
field's ``metadata["json"]``), JSON's types for the annotated ones. Reading
walks the annotations, so a fact added to a class is read, checked and
documented without a line here. The first wrong value raises
:class:`~bootreq.cloud.CloudStateError` with its JSON Pointer.
"""

from __future__ import annotations

import functools
import inspect
import re
import types
import typing
from collections.abc import Mapping
from typing import Any

import attrs

__all__ = ["Problem", "field_docs", "json_name", "plain", "read", "schema"]


def __dir__() -> list[str]:
    return __all__


class Problem(Exception):
    """A wrong value at ``pointer`` (raised as CloudStateError by the caller)."""

    def __init__(self, pointer: str, problem: str) -> None:
        super().__init__(pointer, problem)
        self.pointer = pointer
        self.problem = problem


def read(cls: type, document: Any) -> Any:
    """The instance of attrs class ``cls`` that ``document`` describes."""
    return _value(cls, document, "")


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "an array"
    return "an object"


_EXPECTED = {int: "an integer", str: "a string", bool: "a boolean", float: "a number"}


def _scalar(kind: type, value: Any, pointer: str) -> Any:
    if kind is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if kind is bool:
        ok = isinstance(value, bool)
    elif kind is int and isinstance(value, float) and value.is_integer():
        return int(value)  # JSON Schema's integer: 1.0 is one
    elif kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, kind)
    if not ok:
        raise Problem(pointer, f"expected {_EXPECTED[kind]}, not {_kind(value)}")
    return value


def _matches(kind: type, value: Any) -> bool:
    try:
        _scalar(kind, value, "")
    except Problem:
        return False
    return True


def _object(value: Any, pointer: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise Problem(pointer, f"expected an object, not {_kind(value)}")
    return value


def _array(value: Any, pointer: str) -> list[Any]:
    if not isinstance(value, list):
        raise Problem(pointer, f"expected an array, not {_kind(value)}")
    return value


def json_name(field: Any) -> str:
    """A field's member name in the JSON form."""
    name: str = field.metadata.get("json", field.name)
    return name


@functools.cache
def _members(cls: type) -> dict[str, tuple[str, Any, bool]]:
    """JSON member -> (keyword, type hint, required), for attrs class ``cls``."""
    hints = typing.get_type_hints(cls)  # (slow: once per class)
    return {json_name(f): (f.alias or f.name, hints[f.name], f.default is attrs.NOTHING)
            for f in attrs.fields(cls)}


def _record(cls: type, value: Any, pointer: str) -> Any:
    members = _object(value, pointer)
    fields = _members(cls)
    for key in members:
        if key not in fields:
            raise Problem(f"{pointer}/{_escape(str(key))}",
                          f"unknown member (expected one of {', '.join(sorted(fields))})")
    kwargs: dict[str, Any] = {}
    for key, (keyword, hint, required) in fields.items():
        if key not in members:
            if required:
                raise Problem(pointer, f"missing member {key}")
            continue
        kwargs[keyword] = _value(hint, members[key], f"{pointer}/{_escape(key)}")
    return cls(**kwargs)


def _value(hint: Any, value: Any, pointer: str) -> Any:
    if hint is Any:
        return value
    if attrs.has(hint):
        return _record(hint, value, pointer)
    if hint in _EXPECTED:
        return _scalar(hint, value, pointer)
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        if value is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        if len(inner) == 1:
            return _value(inner[0], value, pointer)
        for alternative in inner:  # (scalars only: Flavor.id is an int or a string)
            if alternative in _EXPECTED and _matches(alternative, value):
                return value
        words = " or ".join(_EXPECTED[a] for a in inner)
        raise Problem(pointer, f"expected {words}, not {_kind(value)}")
    if origin in (Mapping, dict):
        members = _object(value, pointer)
        return {key: _value(args[1], item, f"{pointer}/{_escape(str(key))}")
                for key, item in members.items()}
    if origin in (tuple, frozenset, list):
        items = _array(value, pointer)
        return [_value(args[0], item, f"{pointer}/{index}")
                for index, item in enumerate(items)]
    if origin is typing.Literal:
        if value not in args:
            raise Problem(pointer, f"expected one of {', '.join(map(repr, args))}")
        return value
    raise TypeError(f"{pointer}: no JSON form for {hint!r}")  # pragma: no cover



# --- the JSON Schema of the form ------------------------------------------------

_SCALAR_TYPES = {int: "integer", str: "string", bool: "boolean", float: "number"}
_BULLET = re.compile(
    r"^\s*- ((?:``\w+``(?:,? and |, )?)+)(?: \([^)]*\))?: (.*?)(?=^\s*- ``|^\s*$|\Z)",
    re.M | re.S)


_DOC_COMMENT = re.compile(r"((?:^[ \t]*#:.*\n)+)[ \t]*(\w+)\s*:", re.M)


def field_docs(cls: type) -> dict[str, str]:
    """What each field means: its ``#:`` comment, or the class docstring's bullet.

    (Reads the class's source for the comments: for the schema and the docs,
    never on a request's way.)
    """
    found: dict[str, str] = {}
    for match in _BULLET.finditer(inspect.getdoc(cls) or ""):
        for name in re.findall(r"``(\w+)``", match.group(1)):
            found[name] = plain(match.group(2))
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):  # pragma: no cover - no source (frozen app)
        return found
    for match in _DOC_COMMENT.finditer(source):
        comment = " ".join(line.strip()[2:].strip() for line in match.group(1).splitlines())
        found[match.group(2)] = plain(comment)
    return found


_ROLE = re.compile(r":\w+:`~?(?:[\w.]*\.)?([^`]+)`")


def plain(text: str) -> str:
    """Docstring reST as plain one-line text: roles as their name, literals in backticks."""
    return " ".join(_ROLE.sub(r"\1", text).replace("``", "`").split())


def schema(cls: type) -> dict[str, Any]:
    """A JSON Schema (Draft 2020-12) of the form :func:`read` reads for ``cls``."""
    definitions: dict[str, Any] = {}
    root = _schema_of(cls, definitions)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"bootreq {cls.__name__} state", **root, "$defs": definitions}


def _schema_of(hint: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    if hint is Any:
        return {}
    if attrs.has(hint):
        name = hint.__name__
        if name not in definitions:
            definitions[name] = {}  # (a class met again while being described)
            docs = field_docs(hint)
            hints = typing.get_type_hints(hint)
            properties = {}
            for field in attrs.fields(hint):
                prop = _schema_of(hints[field.name], definitions)
                if field.name in docs:
                    prop = {**prop, "description": docs[field.name]}
                properties[json_name(field)] = prop
            required = [json_name(f) for f in attrs.fields(hint) if f.default is attrs.NOTHING]
            summary = (inspect.getdoc(hint) or "").split("\n\n")[0]
            definitions[name] = {
                "type": "object", "description": plain(summary),
                "properties": properties, "additionalProperties": False,
                **({"required": required} if required else {}),
            }
        return {"$ref": f"#/$defs/{name}"}
    if hint in _SCALAR_TYPES:
        return {"type": _SCALAR_TYPES[hint]}
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        return {"anyOf": [_schema_of(a, definitions) if a is not type(None) else {"type": "null"}
                          for a in args]}
    if origin in (Mapping, dict):
        return {"type": "object", "additionalProperties": _schema_of(args[1], definitions)}
    if origin in (tuple, frozenset, list):
        return {"type": "array", "items": _schema_of(args[0], definitions)}
    if origin is typing.Literal:
        return {"enum": list(args)}
    raise TypeError(f"no JSON form for {hint!r}")  # pragma: no cover
