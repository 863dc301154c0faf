"""The guarantees of ``parse()``, as one reusable check per input.

Used by the hypothesis properties, the million-input long run and the fuzz
harness alike:

* it returns a :class:`BuildRequest` or an :class:`HttpError`, never raises
  (for JSON values, their text as ``str`` and ``bytes``, any ``bytes``, any
  ``str``, and read-only Mapping / tuple views of the same values);
* it never modifies what it was given (deep comparison before / after);
* the same input gives the same answer, and a decoded body gives the answer
  its JSON text gives;
* the answer keeps nothing of a decoded body: changing the body after
  ``parse()`` returns changes nothing in the answer, violations included;
* answers are well formed: a known status, Nova's fault body, JSON-ready
  kwargs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

import bootreq
from bootreq import BuildRequest, HttpError, Microversion, Options

__all__ = [
    "COMPUTE_OFF",
    "check_answer",
    "check_body",
    "check_raw",
    "counts_are_small",
    "fingerprint",
    "options_for",
    "read_only_view",
]

COMPUTE_OFF = Options(compute_checks=False)
_STATUSES = frozenset({400, 403, 406, 409, 413})

# Formerly needed: compute checks listed one instance name per requested
# instance, so a huge max_count hung parse (fixed in compute.py; names are now
# made on demand). Kept for callers that still want to tell such bodies apart.
_MAX_COMPUTE_COUNT = 1000


def counts_are_small(body: Any) -> bool:
    """True when min_count/max_count cannot ask compute checks for many instances."""
    server = body.get("server") if isinstance(body, Mapping) else None
    if not isinstance(server, Mapping):
        return True
    for field in ("min_count", "max_count"):
        value = server.get(field)
        if value is None:
            continue
        try:
            if isinstance(value, str) and len(value) > 4300:
                continue  # over Python's digit limit: a 400
            if int(value) > _MAX_COMPUTE_COUNT:
                return False
        except (TypeError, ValueError, OverflowError):
            continue
    return True


def options_for(body: Any) -> Options | None:
    """Nova's defaults, compute checks on (instance names are now made on demand)."""
    return None


def check_answer(result: Any) -> None:
    """A result is a BuildRequest or a well-formed HttpError."""
    if isinstance(result, HttpError):
        assert result.status in _STATUSES, result
        assert isinstance(result.message, str) and result.message, result
        json.dumps(result.to_body())
        json.dumps(result.to_problem())
        if result.status != 413:
            assert result.fault is not None
        return
    assert isinstance(result, BuildRequest), type(result)
    json.dumps(result.to_nova_kwargs())


def read_only_view(value: Any) -> Any:
    """The same JSON value as a caller might hold it: Mapping proxies and tuples."""
    if isinstance(value, dict):
        return MappingProxyType({k: read_only_view(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(read_only_view(v) for v in value)
    return value


def fingerprint(value: Any, *, identities: bool = True) -> list[Any]:
    """Everything observable about a value, iteratively (any depth).

    With ``identities``, containers' ``id()`` too: a child replaced by an equal
    copy counts as a change. attrs instances (results) are walked field by field.
    A container met again inside itself (a cycle a caller built) is a
    ``("cycle",)`` token, not walked twice.
    """
    tokens: list[Any] = []
    _LEAVE = object()
    stack: list[Any] = [value]
    on_path: set[int] = set()  # containers whose children are being walked
    while stack:
        node = stack.pop()
        if node is _LEAVE:
            on_path.discard(stack.pop())
            continue
        if isinstance(node, (str, bytes, bytearray, int, float, type(None))):
            tokens.append((type(node).__name__, repr(node)))
            continue
        if id(node) in on_path:
            tokens.append(("cycle",))
            continue
        tag = (type(node).__name__, id(node)) if identities else (type(node).__name__,)
        if isinstance(node, Mapping):
            children: list[Any] = []
            tokens.append((*tag, len(node)))
            for key, child in node.items():
                tokens.append(("key", type(key).__name__, repr(key)))
                children.append(child)
        elif attrs.has(type(node)):
            names = [f.name for f in attrs.fields(type(node)) if not f.name.startswith("_")]
            tokens.append((*tag, *names))
            children = [getattr(node, name) for name in names]
        elif isinstance(node, (list, tuple, set, frozenset)):
            children = sorted(node, key=repr) if isinstance(node, (set, frozenset)) else list(node)
            tokens.append((*tag, len(children)))
        else:
            tokens.append((type(node).__name__, repr(node)))
            continue
        on_path.add(id(node))
        stack.extend((id(node), _LEAVE))
        stack.extend(children)
    return tokens


def _parse(body: Any, version: Microversion | str | None, options: Options | None) -> Any:
    before = fingerprint(body)
    result = bootreq.parse(body, version, options=options)
    assert fingerprint(body) == before, "parse() modified its input"
    check_answer(result)
    return result


def _same(one: Any, two: Any) -> bool:
    if isinstance(one, HttpError) and isinstance(two, HttpError):
        return (one.status, one.fault, one.message, one.pointer) == (
            two.status, two.fault, two.message, two.pointer,
        )
    # Results may hold values nested ~500 deep, past what == can recurse into.
    return fingerprint(one, identities=False) == fingerprint(two, identities=False)


def check_body(
    document: Any,
    version: Microversion | str | None,
    *,
    options: Options | None = None,
    views: bool = True,
) -> Any:
    """Every guarantee for one decoded JSON document at one version; returns the answer."""
    if options is None:
        options = options_for(document)
    try:
        text = json.dumps(document)
    except (ValueError, RecursionError):
        text = None
    if isinstance(document, str) or text is None:
        # A Python str is request text, not a decoded JSON string: check its text.
        answer = _parse(text, version, options) if text is not None else None
        if answer is None:
            _parse(document, version, options)
            return None
    else:
        answer = _parse(document, version, options)
    again = _parse(document if not isinstance(document, str) else text, version, options)
    assert _same(answer, again), "two calls, two answers"
    if text is not None:
        from_text = _parse(text, version, options)
        assert _same(answer, from_text), (answer, from_text)
        from_bytes = _parse(text.encode("ascii"), version, options)
        assert _same(answer, from_bytes), (answer, from_bytes)
    if text is not None and isinstance(document, dict) and _depth(document) < 200:
        _check_answer_is_its_own(json.loads(text), version, options)
    if views and isinstance(document, (dict, list)) and text is not None and len(text) < 200_000:
        # Deep views of deeply nested documents are built recursively here: keep them shallow.
        if _depth(document) < 200:
            from_view = _parse(read_only_view(document), version, options)
            assert _same(answer, from_view), (answer, from_view)
    return answer


def _observed(answer: Any) -> list[Any]:
    if isinstance(answer, HttpError):
        return [answer.status, answer.fault, answer.message, answer.pointer, answer.to_problem()]
    return fingerprint(answer, identities=False)


def _scramble(value: Any) -> None:
    """Change every container of a decoded body in place, deepest first."""
    containers: list[Any] = []
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, (dict, list)):
            containers.append(node)
            stack.extend(node.values() if isinstance(node, dict) else node)
    for node in reversed(containers):
        if isinstance(node, dict):
            keys = list(node)
            node.clear()
            node.update((key, ["changed"]) for key in keys)
            node["added after parse()"] = {"x": 1}
        else:
            node[:] = [{"changed": True}] * (len(node) + 1)


def _check_answer_is_its_own(
    document: dict[str, Any], version: Microversion | str | None, options: Options | None
) -> None:
    # The caller's body, decoded afresh, is theirs to change once parse() returns.
    answer = bootreq.parse(document, version, options=options)
    expected = _observed(answer)
    _scramble(document)
    assert _observed(answer) == expected, "the answer changed with the caller's body"


def _depth(value: Any) -> int:
    deepest = 0
    stack = [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, (dict, list)):
            deepest = max(deepest, level)
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, level + 1) for child in children)
    return deepest


def check_raw(raw: bytes | str, version: Microversion | str | None) -> Any:
    """The guarantees for raw request text or bytes."""
    try:
        options = options_for(json.loads(raw))
    except (ValueError, RecursionError):
        options = None
    answer = _parse(raw, version, options)
    assert _same(answer, _parse(raw, version, options)), "two calls, two answers"
    return answer
