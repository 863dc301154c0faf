"""The JSON form of :class:`bootreq.cloud.Cloud`, read from the classes themselves.

A cloud-state document mirrors the attrs classes of :mod:`bootreq.cloud`
member for member: an object per class (its fields' names, or the name in a
field's ``metadata["json"]``), JSON's types for the annotated ones. Reading
walks the annotations, so a fact added to a class is read, checked and
documented without a line here. The first wrong value raises
:class:`~bootreq.cloud.CloudStateError` with its JSON Pointer.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from typing import Any

import attrs

__all__ = ["Problem", "json_name", "read"]


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
    elif kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, kind)
    if not ok:
        raise Problem(pointer, f"expected {_EXPECTED[kind]}, not {_kind(value)}")
    return value


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


def _record(cls: type, value: Any, pointer: str) -> Any:
    members = _object(value, pointer)
    fields = {json_name(f): f for f in attrs.fields(cls)}
    for key in members:
        if key not in fields:
            raise Problem(f"{pointer}/{_escape(str(key))}",
                          f"unknown member (expected one of {', '.join(sorted(fields))})")
    hints = typing.get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for key, field in fields.items():
        if key not in members:
            if field.default is attrs.NOTHING:
                raise Problem(pointer, f"missing member {key}")
            continue
        kwargs[field.alias or field.name] = _value(
            hints[field.name], members[key], f"{pointer}/{_escape(key)}")
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
        (inner,) = (a for a in args if a is not type(None))
        return _value(inner, value, pointer)
    if origin in (Mapping, dict, typing.Mapping):
        members = _object(value, pointer)
        return {key: _value(args[1], item, f"{pointer}/{_escape(str(key))}")
                for key, item in members.items()}
    if origin in (tuple, frozenset, list):
        items = _array(value, pointer)
        return [_value(args[0], item, f"{pointer}/{index}")
                for index, item in enumerate(items)]
    if typing.get_origin(hint) is typing.Literal:
        if value not in args:
            raise Problem(pointer, f"expected one of {', '.join(map(repr, args))}")
        return value
    raise TypeError(f"{pointer}: no JSON form for {hint!r}")  # pragma: no cover

