"""What to change: a schema violation's hint, from the schema data of every range.

Imported only when someone reads :attr:`HttpError.violations`. Each hint is
computed from what bootreq already holds: the schema of every microversion
range (:data:`bootreq.schemas.RANGES`: which microversions accept a member,
or a value, and since when a member is required), the subschema that failed
(its type, format, pattern, enum and limits, in words by
:mod:`bootreq._words`) and the value itself (its size, its duplicates, its
edge spaces). No hint is written by hand per member.

A microversion window offered by a hint is checked before it is offered: a
body made of a minimal valid server and the member at fault is parsed at the
window's first microversion, and the window is dropped when the member is
still at fault there (Nova's controller may refuse what the schema allows:
a network ``uuid`` that is not a UUID before 2.37).
"""

from __future__ import annotations

import copy
import difflib
import functools
import re
from collections.abc import Callable
from typing import Any

from bootreq import schemas
from bootreq._pyrepr import py_repr
from bootreq._validation import check_at, json_pointer
from bootreq._violations import is_valid, located_errors, type_fits
from bootreq._words import FORMAT_WORDS, describe, enum_words, joined, pattern_words
from bootreq.microversion import MAX_VERSION, MIN_VERSION, Microversion

__all__ = [
    "Window",
    "member_windows",
    "member_words",
    "schema_at",
    "schema_hint",
    "value_windows",
    "windows_text",
]


def __dir__() -> list[str]:
    return __all__


Location = tuple[str | int, ...]
Window = tuple[Microversion, Microversion]
Schema = dict[str, Any]

# A minimal valid server, to which the member at fault is added when a
# window is checked (any image id: the API layer does not look it up).
_IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"


# -- the schema at a place in the body


def _branch(schema: Schema, value: Any) -> Schema:
    """A ``oneOf`` schema narrowed to the branch ``value``'s type is meant for."""
    if "oneOf" not in schema:
        return schema
    fitting = [branch for branch in schema["oneOf"] if type_fits(branch, value)]
    if len(fitting) == 1:
        rest = {key: item for key, item in schema.items() if key != "oneOf"}
        return {**rest, **fitting[0]}
    return schema


def _child(schema: Schema, step: str | int) -> Schema | None:
    if isinstance(step, int):
        items = schema.get("items")
        return items if isinstance(items, dict) else None
    properties = schema.get("properties", {})
    if step in properties:
        found: Schema = properties[step]
        return found
    for pattern, subschema in schema.get("patternProperties", {}).items():
        if re.search(pattern, step):
            return dict(subschema)
    additional = schema.get("additionalProperties")
    if isinstance(additional, dict):
        return additional
    if additional is True:
        return {}
    return None


def schema_at(schema: Schema, location: Location, document: Any) -> Schema | None:
    """The subschema of the member at ``location`` (``None``: no such member)."""
    node: Schema | None = schema
    value = document
    for step in location:
        if node is None:
            return None
        node = _child(_branch(node, value), step)
        try:
            value = value[step]
        except (KeyError, IndexError, TypeError):
            value = None
    return node


# -- the schemas of every microversion


@functools.cache
def _ranges() -> tuple[schemas.SchemaRange, ...]:
    return tuple(sorted((r for r in schemas.RANGES if r.first >= MIN_VERSION),
                        key=lambda r: r.first))


def _schema(schema_range: schemas.SchemaRange) -> Schema:
    return dict(schemas.schema_by_name(schema_range.name))


def _windows(test: Callable[[Schema], bool],
             confirm: Callable[[Microversion], bool] | None = None) -> list[Window]:
    # Range by range: the controller may answer differently in each.
    found: list[Window] = []
    for schema_range in _ranges():
        if not test(_schema(schema_range)):
            continue
        if confirm is not None and not confirm(schema_range.first):
            continue
        if found and found[-1][1].minor + 1 == schema_range.first.minor:
            found[-1] = (found[-1][0], schema_range.last)
        else:
            found.append((schema_range.first, schema_range.last))
    return found


def windows_text(windows: list[Window]) -> str:
    """``at 2.32 and from 2.42``; ``at every microversion``."""
    if windows == [(MIN_VERSION, MAX_VERSION)]:
        return "at every microversion"
    words = []
    for first, last in windows:
        if last == MAX_VERSION:
            words.append(f"from {first}")
        elif first == last:
            words.append(f"at {first}")
        else:
            words.append(f"at {first}-{last}")
    # "at 2.32-2.36 and at 2.42" reads "at 2.32-2.36 and 2.42"
    return joined(words)


def member_windows(location: Location, member: str, document: Any, *,
                   confirmed: bool = True) -> list[Window]:
    """The microversions whose schema knows ``member`` of the object at ``location``.

    ``confirmed``: only those accepting the member's value too.
    """
    def knows(schema: Schema) -> bool:
        parent = schema_at(schema, location, document)
        if parent is None:
            return False
        parent = _branch(parent, _value_at(document, location))
        return _child(parent, member) is not None

    if not confirmed:
        return _windows(knows)
    return _windows(knows, lambda version: _confirmed(version, (*location, member), document))


def value_windows(location: Location, value: Any, document: Any) -> list[Window]:
    """The microversions whose schema accepts ``value`` at ``location``."""
    def accepts(schema: Schema) -> bool:
        member = schema_at(schema, location, document)
        return member is not None and is_valid(member, value)

    return _windows(accepts, lambda version: _confirmed(version, location, document))


def _value_at(document: Any, location: Location) -> Any:
    value = document
    for step in location:
        try:
            value = value[step]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _required_at(schema: Schema, location: Location, member: str, document: Any) -> bool:
    parent = schema_at(schema, location, document)
    if parent is None:
        return False
    return member in _branch(parent, _value_at(document, location)).get("required", ())


def _pruned(document: Any, location: Location) -> tuple[Any, Location]:
    """The member at ``location`` alone in its containers (siblings dropped)."""
    value = copy.deepcopy(_value_at(document, location))
    for step in reversed(location):
        value = [value] if isinstance(step, int) else {step: value}
    return value, tuple(0 if isinstance(step, int) else step for step in location)


def _skeleton(version: Microversion, location: Location, document: Any) -> tuple[Any, Location]:
    """A minimal valid body holding the member at ``location``, and its new place."""
    body, location = _pruned(document, location)
    if not isinstance(body, dict):
        return body, location
    server = body.setdefault("server", {})
    if not isinstance(server, dict):
        return body, location
    for member, value in (("name", "vm"), ("flavorRef", "1"), ("imageRef", _IMAGE)):
        server.setdefault(member, value)
    schema = _schema(schemas.range_for(version))
    for member in schema["properties"]["server"].get("required", ()):
        server.setdefault(member, "none")  # networks (2.37+): the one required choice
    return body, location


def _at_or_under(pointer: str, location: Location) -> bool:
    mine = json_pointer(location)
    return pointer == mine or pointer.startswith(mine + "/")


def _confirmed(version: Microversion, location: Location, document: Any) -> bool:
    """Whether the member at ``location`` is no longer at fault at ``version``.

    A minimal body holding the member goes through the schema and the
    controller of ``version``, as parse() would take it (compute checks off).
    """
    from bootreq import _fixes
    from bootreq._controller import translate
    from bootreq.errors import HttpError
    from bootreq.options import Options

    body, location = _skeleton(version, location, document)
    answer: HttpError | None = None
    if check_at(version.minor)(body) is None:
        translated = translate(body, version, Options(compute_checks=False))
        if not isinstance(translated, HttpError):
            return True
        answer = translated
    schema = _schema(schemas.range_for(version))
    parent, member = location[:-1], location[-1] if location else None
    for pointer, keyword, argument in located_errors(schema, body):
        if _at_or_under(pointer, location):
            return False
        if (keyword == "additionalProperties" and pointer == json_pointer(parent)
                and member in argument):
            return False
    located = None if answer is None else _fixes.locate(answer, body)
    return located is None or not _at_or_under(located[0], location)


# -- naming the member


def member_words(location: Location) -> str:
    """```tag` on networks``, ```description```: the member a pointer names."""
    names = [step for step in location if isinstance(step, str)]
    if not names:
        return "the body"
    member = f"`{names[-1]}`"
    if isinstance(location[-1], int):
        return f"item {location[-1]} of {member}"
    if len(names) >= 2 and names[-2] != "server":
        return f"{member} on {names[-2]}"
    return member


def _within(location: Location) -> str:
    names = [step for step in location if isinstance(step, str)]
    if not names or names == ["server"]:
        return "server" if names else "the body"
    return names[-1]


def _all_members(location: Location, document: Any) -> set[str]:
    known: set[str] = set()
    for schema_range in _ranges():
        parent = schema_at(_schema(schema_range), location, document)
        if parent is not None:
            parent = _branch(parent, _value_at(document, location))
            known.update(parent.get("properties", {}))
    return known


# -- the hint of each keyword


def _accepted_elsewhere(location: Location, value: Any, document: Any,
                        version: Microversion) -> str:
    windows = value_windows(location, value, document)
    if not windows or version.is_legacy:
        return ""
    return f"; {py_repr(value)} is accepted {windows_text(windows)}"


def _unexpected(location: Location, extras: list[str], document: Any,
                version: Microversion) -> str:
    parts = []
    for extra in extras:
        name = member_words((*location, extra))
        windows = [] if version.is_legacy else member_windows(location, extra, document)
        if windows:
            parts.append(f"{name} is accepted {windows_text(windows)}")
            continue
        known = [] if version.is_legacy else member_windows(
            location, extra, document, confirmed=False)
        if known:
            parts.append(f"{name} is known {windows_text(known)}, but no microversion "
                         "accepts this value")
            continue
        close = difflib.get_close_matches(extra, sorted(_all_members(location, document)), 1)
        if close:
            parts.append(f"{name} is unknown at every microversion: did you mean `{close[0]}`?")
        else:
            parts.append(f"remove {name}: no microversion knows it on {_within(location)}")
    return "; ".join(parts)


def _required(location: Location, member: str, subschema: Schema, document: Any,
              version: Microversion) -> str:
    member_schema = subschema.get("properties", {}).get(member)
    name = member_words((*location, member))
    hint = f"give {name}" + (f": {describe(member_schema)}" if member_schema else "")
    if version.is_legacy:
        return hint
    windows = _windows(lambda schema: _required_at(schema, location, member, document))
    current = next((w for w in windows if w[0] <= version <= w[1]), None)
    if current is not None and current[0] > MIN_VERSION:
        hint += f"; it is required from {current[0]} (not before)"
    return hint


def _duplicates(items: list[Any]) -> str:
    seen: list[tuple[int, Any]] = []
    for index, item in enumerate(items):
        for earlier, other in seen:
            if not is_valid({"uniqueItems": True}, [other, item]):
                return f"item {index} repeats item {earlier}: remove one"
        seen.append((index, item))
    return "remove the repeated items"


def _size(value: Any) -> str:
    if isinstance(value, str):
        return f"{len(value)} character{'s' * (len(value) != 1)}"
    count = len(value) if isinstance(value, (list, dict)) else 0
    return f"{count} item{'s' * (count != 1)}"


def _format_hint(name: str, value: Any, location: Location) -> str:
    words = FORMAT_WORDS.get(name, (f"a {name}", ""))[0]
    hint = f"{member_words(location)} must be {words}"
    if name == "name" and isinstance(value, str) and value.strip() != value and value.strip():
        hint += f": remove the leading and trailing whitespace ({py_repr(value.strip())})"
    return hint


def schema_hint(keyword: str, argument: Any, instance: Any, location: Location,
                subschema: Schema, document: Any, version: Microversion) -> str | None:
    """The hint for one violation: ``keyword`` failed on ``instance`` at ``location``."""
    name = member_words(location)
    if keyword == "additionalProperties":
        return _unexpected(location, [str(extra) for extra in argument], document, version)
    if keyword == "patternAdditionalProperties":
        extras, patterns = argument
        keys = joined([f"{pattern_words(pattern)}" for pattern in patterns], "or")
        return (f"keys of {_within(location)} must be {keys}; "
                f"rename or remove {joined([py_repr(extra) for extra in extras])}")
    if keyword == "required":
        return _required(location, str(argument), subschema, document, version)
    elsewhere = _accepted_elsewhere(location, instance, document, version)
    if keyword in ("type", "oneOfNone", "oneOfMany"):
        whole = schema_at(_schema(schemas.range_for(version)), location, document)
        if version.is_legacy or whole is None:
            whole = subschema
        return f"{name} must be {describe(whole)}{elsewhere}"
    if keyword == "enum":
        return f"{name} must be one of {enum_words(argument)}{elsewhere}"
    if keyword in ("minLength", "maxLength", "minItems", "maxItems"):
        most = keyword.startswith("max")
        unit = "characters" if keyword.endswith("Length") else "items"
        if most and argument == 0:
            return f"{name} must be empty; it has {_size(instance)}{elsewhere}"
        bound = "at most" if most else "at least"
        return f"{name} must have {bound} {argument} {unit}; it has {_size(instance)}{elsewhere}"
    if keyword == "uniqueItems":
        return f"{name} must not repeat an item: {_duplicates(instance)}"
    if keyword == "pattern":
        return f"{name} must be {describe(subschema)}{elsewhere}"
    if keyword == "format":
        return _format_hint(str(argument), instance, location) + elsewhere
    if keyword == "formatNonAscii":
        return f"{name} must be {FORMAT_WORDS['base64'][0]}: it holds non-ASCII characters"
    if keyword in ("minimum", "maximum"):
        number, bound = argument
        relation = "at least" if keyword == "minimum" else "at most"
        return f"{name} must be {relation} {bound}; it is {py_repr(number)}{elsewhere}"
    return None

