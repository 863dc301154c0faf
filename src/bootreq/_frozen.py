"""Read-only views of JSON values, and back.

Results are frozen: JSON objects become :class:`types.MappingProxyType` over a
private dict, arrays become tuples. Decoded request JSON never holds tuples, so
:func:`thaw` restores exactly the JSON value that was frozen.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

__all__ = ["EMPTY_MAPPING", "freeze", "thaw"]


def __dir__() -> list[str]:
    return __all__


EMPTY_MAPPING: Mapping[str, Any] = MappingProxyType({})


def freeze(value: Any) -> Any:
    """A deep read-only copy of a decoded JSON value (iterative: any depth)."""
    kind = type(value)
    if kind is dict:
        if not value:
            return EMPTY_MAPPING  # the usual metadata and hints
        for item in value.values():
            if type(item) is dict or type(item) is list:
                break
        else:
            return MappingProxyType(dict(value))  # flat: the common case
    elif kind is not list:
        if not isinstance(value, (dict, list)):
            return value
    # Build children before parents: post-order over an explicit stack.
    root: list[Any] = [None]
    stack: list[tuple[Any, list[Any], Any, bool]] = [(value, root, 0, False)]
    while stack:
        node, parent, key, built = stack.pop()
        if isinstance(node, dict):
            if not built:
                copy: dict[str, Any] = dict(node)
                stack.append((copy, parent, key, True))
                for k, v in copy.items():
                    if isinstance(v, (dict, list)):
                        stack.append((v, copy, k, False))  # type: ignore[arg-type]
            else:
                parent[key] = MappingProxyType(node)
        elif isinstance(node, list):
            if not built:
                items = list(node)
                stack.append((items, parent, key, True))
                for i, v in enumerate(items):
                    if isinstance(v, (dict, list)):
                        stack.append((v, items, i, False))
            else:
                parent[key] = tuple(node)
        else:  # pragma: no cover - only containers are pushed
            parent[key] = node
    return root[0]


def thaw(value: Any) -> Any:
    """Plain ``dict``/``list`` JSON from a frozen value (iterative: any depth)."""
    if not isinstance(value, (Mapping, tuple, list)):
        return value
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any]] = [(value, root, 0)]
    while stack:
        node, parent, key = stack.pop()
        if isinstance(node, Mapping):
            out: dict[str, Any] = {}
            parent[key] = out
            for k, v in node.items():
                if isinstance(v, (Mapping, tuple, list)):
                    out[k] = None
                    stack.append((v, out, k))
                else:
                    out[k] = v
        elif isinstance(node, (tuple, list)):
            items: list[Any] = list(node)
            parent[key] = items
            for i, v in enumerate(items):
                if isinstance(v, (Mapping, tuple, list)):
                    stack.append((v, items, i))
        else:  # pragma: no cover
            parent[key] = node
    return root[0]
