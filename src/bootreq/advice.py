"""Which microversions accept a body, and which of its members decide it.

>>> from bootreq.advice import accepted_microversions
>>> body = {"server": {"name": "vm", "flavorRef": "1", "networks": "auto",
...                    "imageRef": "70a599e0-31e7-49b7-b260-868f441e862b"}}
>>> acceptance = accepted_microversions(body)
>>> str(acceptance.lowest), acceptance.forcing_lowest
('2.37', ('server.networks',))

The body is parsed at every microversion (cheap: a hundred parses of one
body), so the answer is exact even where the controller, not the schema,
changes inside a schema range; the accepted set need not be contiguous
(device tags on block_device_mapping_v2: 2.32, then 2.42 onwards). The
*why* comes from :data:`bootreq.schemas.RANGES`: the edits of the range
starting where the answer flips, restricted to the body's own members.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from bootreq import schemas
from bootreq._api import parse
from bootreq.errors import HttpError
from bootreq.microversion import LEGACY_V2, MIN_VERSION, Microversion
from bootreq.options import Options
from bootreq.release_rules import newest_microversion

__all__ = [
    "Acceptance",
    "Change",
    "Span",
    "accepted_microversions",
    "body_fields",
    "schema_changes",
]


def __dir__() -> list[str]:
    return __all__


_API_ONLY = Options(compute_checks=False)


@attrs.frozen
class Span:
    """Consecutive microversions with the same answer.

    ``error`` is ``None`` where the body is accepted, else the answer at
    ``first`` (the same status and message throughout the span). ``changes``
    describes the schema edits at ``first`` that touch the body's members
    (``fields``, dotted: ``server.networks[].tag``); both are empty for the
    first span and where the answer changes for a reason other than a schema
    edit.
    """

    first: Microversion
    last: Microversion
    error: HttpError | None
    changes: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()

    @property
    def accepted(self) -> bool:
        return self.error is None

    def __str__(self) -> str:
        if self.first == self.last:
            return str(self.first)
        return f"{self.first} - {self.last}"


@attrs.frozen
class Acceptance:
    """Where a body is accepted, over ``2.1`` to the newest microversion considered.

    ``legacy_v2`` is the answer of the legacy ``/v2`` endpoint (``None``:
    accepted), which is not a microversion and is reported apart.
    """

    spans: tuple[Span, ...]
    legacy_v2: HttpError | None
    #: The body's members that exist only from some microversion on, each with
    #: the microversion its (last) addition at or below :attr:`lowest` came in,
    #: newest first: everything the lowest microversion is needed for.
    members_since: tuple[tuple[str, Microversion], ...] = ()

    @property
    def versions(self) -> tuple[Microversion, ...]:
        """Every accepted microversion, in order."""
        return tuple(
            Microversion(span.first.major, minor)
            for span in self.spans
            if span.accepted
            for minor in range(span.first.minor, span.last.minor + 1)
        )

    @property
    def lowest(self) -> Microversion | None:
        return next((span.first for span in self.spans if span.accepted), None)

    @property
    def highest(self) -> Microversion | None:
        return next((span.last for span in reversed(self.spans) if span.accepted), None)

    @property
    def contiguous(self) -> bool:
        return sum(span.accepted for span in self.spans) <= 1

    def accepts(self, version: Microversion) -> bool:
        if version == LEGACY_V2:
            return self.legacy_v2 is None
        return any(span.first <= version <= span.last and span.accepted for span in self.spans)

    @property
    def forcing_lowest(self) -> tuple[str, ...]:
        """The body's members whose schema change makes :attr:`lowest` the lowest."""
        return next((span.fields for span in self.spans if span.accepted), ())

    @property
    def forcing_highest(self) -> tuple[str, ...]:
        """The body's members whose schema change ends acceptance after :attr:`highest`."""
        highest = self.highest
        after = [span for span in self.spans if highest is not None and span.first > highest]
        return after[0].fields if after else ()


@attrs.frozen
class Change:
    """One difference a schema range makes to the range before it.

    ``op`` is ``"adds"``, ``"removes"``, ``"changes"`` (the member's own
    constraints; its members are compared on their own), ``"requires"`` or
    ``"no longer requires"``; ``field`` is dotted: ``server.networks[].tag``.
    """

    op: str
    field: str

    def __str__(self) -> str:
        return f"{self.op} {self.field}"


def _own(node: Any) -> Any:
    # A member's constraints without its members' (compared field by field).
    if isinstance(node, dict):
        return {
            key: {} if key == "properties" else _own(value)
            for key, value in node.items()
            if key != "required"  # requirements are compared on their own
        }
    if isinstance(node, list):
        return [_own(item) for item in node]
    return node


def _members(schema: Mapping[str, Any]) -> tuple[dict[str, Any], set[str]]:
    members: dict[str, Any] = {}
    required: set[str] = set()

    def walk(node: Mapping[str, Any], prefix: str) -> None:
        required.update(prefix + name for name in node.get("required", ()))
        for name, sub in node.get("properties", {}).items():
            field = prefix + name
            members[field] = sub
            for shape in (sub, *sub.get("oneOf", ())):
                if "properties" in shape:
                    walk(shape, field + ".")
                items = shape.get("items")
                if isinstance(items, Mapping) and "properties" in items:
                    walk(items, field + "[].")

    walk(schema, "")
    return members, required


def _previous(schema_range: schemas.SchemaRange) -> schemas.SchemaRange | None:
    if schema_range.first == LEGACY_V2:
        return schemas.range_for(MIN_VERSION)  # legacy v2.0 is a variant of the base
    if schema_range.first == MIN_VERSION:
        return None
    return schemas.range_for(Microversion(2, schema_range.first.minor - 1))


def schema_changes(schema_range: schemas.SchemaRange) -> tuple[Change, ...]:
    """What ``schema_range`` changes, member by member, from the range before it.

    Computed from the schemas themselves (not from the range's edits, whose
    base may be an older range: 2.33 builds on 2.19 and so *removes* the
    block_device_mapping_v2 tag of 2.32). The base range (2.1) has none;
    legacy v2.0 is compared with the base.
    """
    previous = _previous(schema_range)
    if previous is None:
        return ()
    old, old_required = _members(schemas.schema_by_name(previous.name))
    new, new_required = _members(schemas.schema_by_name(schema_range.name))
    changes: list[Change] = []
    for field in new:
        if field not in old:
            changes.append(Change("adds", field))
        elif _own(new[field]) != _own(old[field]):
            changes.append(Change("changes", field))
    changes.extend(Change("removes", field) for field in old if field not in new)
    # A member added or removed with its parent is said once, by the parent.
    whole = {change.field for change in changes if change.op in ("adds", "removes")}
    changes = [
        change for change in changes
        if not any(change.field.startswith((f + ".", f + "[].")) for f in whole)
    ]
    changes.extend(Change("requires", f) for f in sorted(new_required - old_required))
    changes.extend(Change("no longer requires", f) for f in sorted(old_required - new_required))
    return tuple(changes)


def body_fields(body: Any) -> frozenset[str]:
    """The body's members, named like schema fields: ``server.networks[].tag``."""
    fields: set[str] = set()
    if isinstance(body, (str, bytes, bytearray)):
        try:
            body = json.loads(body)
        except (ValueError, RecursionError):
            return frozenset()
    if not isinstance(body, Mapping):
        return frozenset()

    def walk(node: Mapping[str, Any], prefix: str, depth: int) -> None:
        for key, value in node.items():
            name = f"{prefix}{key}"
            fields.add(name)
            if depth == 0:
                continue
            if isinstance(value, Mapping):
                walk(value, name + ".", depth - 1)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, Mapping):
                        walk(item, name + "[].", depth - 1)

    walk(body, "", 2)
    return frozenset(fields)


def _touching(
    changes: tuple[Change, ...], fields: frozenset[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    hits = [
        change for change in changes
        # A requirement bites the bodies lacking the member; the rest, those having it.
        if (change.field not in fields) == change.op.endswith("requires")
    ]
    touched = tuple(dict.fromkeys(change.field for change in hits))
    return tuple(str(change) for change in hits), touched


def _answers(
    body: Any, options: Options, maximum: Microversion
) -> Iterator[tuple[Microversion, HttpError | None]]:
    for minor in range(MIN_VERSION.minor, maximum.minor + 1):
        version = Microversion(MIN_VERSION.major, minor)
        result = parse(body, version, options=options)
        yield version, result if isinstance(result, HttpError) else None


def _same(one: HttpError | None, two: HttpError | None) -> bool:
    if one is None or two is None:
        return one is two
    return (one.status, one.message, one.violations) == (two.status, two.message, two.violations)


def accepted_microversions(body: Any, *, options: Options | None = None) -> Acceptance:
    """The microversions at which ``body`` is accepted, and why not elsewhere.

    ``body`` is anything :func:`bootreq.parse` takes. ``options`` default to
    Nova's API layer alone (``compute_checks=False``); their
    ``release`` (the Nova release answered as) and ``max_microversion`` cap
    the versions considered.
    """
    options = options or _API_ONLY
    maximum = newest_microversion(options.release, options.max_microversion)
    fields = body_fields(body)
    spans: list[Span] = []
    for version, error in _answers(body, options, maximum):
        if spans and _same(spans[-1].error, error):
            spans[-1] = attrs.evolve(spans[-1], last=version)
            continue
        changes: tuple[str, ...] = ()
        touched: tuple[str, ...] = ()
        if spans:
            schema_range = schemas.range_for(version)
            if schema_range.first == version:
                changes, touched = _touching(schema_changes(schema_range), fields)
        spans.append(Span(version, version, error, changes, touched))
    legacy = parse(body, LEGACY_V2, options=options)
    acceptance = Acceptance(tuple(spans), legacy if isinstance(legacy, HttpError) else None)
    return attrs.evolve(acceptance, members_since=_members_since(acceptance, fields))


def _field_pattern(field: str) -> re.Pattern[str]:
    # server.networks[].uuid -> the JSON Pointers /server/networks/<n>/uuid (and below)
    parts = [re.escape(part).replace(r"\[\]", r"/\d+") for part in field.split(".")]
    return re.compile("^/" + "/".join(parts) + "(?:/|$)")


def _members_since(
    acceptance: Acceptance, fields: frozenset[str]
) -> tuple[tuple[str, Microversion], ...]:
    lowest = acceptance.lowest
    if lowest is None:
        return ()
    since: dict[str, Microversion] = {}
    for schema_range in schemas.RANGES:
        if not MIN_VERSION < schema_range.first <= lowest:
            continue
        for change in schema_changes(schema_range):
            if change.field not in fields:
                continue
            if change.op == "adds":
                since[change.field] = schema_range.first
            elif change.op == "removes":
                since.pop(change.field, None)
    # A changed member counts where the span before the change found fault with it
    # (networks: "auto" is refused before 2.37, a list is not).
    previous: Span | None = None
    for span in acceptance.spans:
        if span.first > lowest:
            break
        for described in span.changes:
            op, _, field = described.partition(" ")
            if op == "changes" and previous is not None and previous.error is not None:
                pattern = _field_pattern(field)
                if any(pattern.match(v.pointer) for v in previous.error.violations):
                    since[field] = max(since.get(field, span.first), span.first)
        previous = span
    return tuple(sorted(since.items(), key=lambda item: item[1], reverse=True))
