"""How each Nova release answers ``POST /servers`` differently from 34.0.0, as data.

:data:`CHANGES` lists every difference between the API layer of Nova 34.0.0
and that of an older release, once, newest first, grouped by the series in
which it landed: what releases before the change did (rule switches and
schema edits) and the first release of each series that answers as 34.0.0
(``fixed_in``: the change landed on the development branch and was backported
to some stable series' point releases). The answer of a Nova version is 34.0.0's
with the switches and edits of every change it does not have, applied newest
change first: :func:`behaviour_for` builds it.

Evidence: every covered release (:data:`COVERED`) was installed with its
series' upper-constraints and run through the same oracle harness on the
project's corpora; the changes below account for every difference of their
answers (``oracle/releases/DIFF.md`` lists them by cause). The fixing point
releases come from Nova's git history (the tags holding each fix). Some
differences come from the libraries of a release's era, not from Nova's code
(``library=True``): a cloud running that release with its series'
constraints answers that way.

What is not here: the compute layer's rules (``Options.compute_checks``)
follow 34.0.0 except the ``_nova`` scheduler hints (``keeps_internal_hints``);
HTTP details (500 wording, the 202 body's ``security_groups`` echo, version
headers) belong to the HTTP layer.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from bootreq.microversion import Microversion
from bootreq.releases import RELEASES, Release, UnknownRelease, find_release
from bootreq.schemas import _types as t

__all__ = [
    "CHANGES",
    "COVERED",
    "NEWEST",
    "Behaviour",
    "Change",
    "Replace",
    "apply_edits",
    "behaviour_for",
    "changes_between",
    "newest_microversion",
]


def __dir__() -> list[str]:
    return __all__


@attrs.frozen(eq=False)
class Replace:
    """A schema edit: every fragment equal to ``new`` (34.0.0's) becomes ``old``.

    Equality ignores key order, so a fragment whose keywords were reordered
    (the order decides which error Nova reports first) is matched by value
    and replaced with the older order. Compared and hashed by identity: the
    edits are module constants.
    """

    where: str
    new: Any
    old: Any


@attrs.frozen(cache_hash=True)
class Behaviour:
    """What one Nova version answers: 34.0.0's rules with some older switches.

    ``version`` is the Nova version (``"31.3.1"``); ``series`` its OpenStack
    release, whose newest microversion is the maximum. The other fields are
    the switches :data:`CHANGES` set, at 34.0.0's values by default.
    """

    version: str
    series: Release
    #: Schema edits of the older releases, applied to every range's document.
    edits: tuple[Replace, ...] = ()
    #: Draft 4 validation (Nova < 30.0.0): integral floats are not integers.
    draft4_integers: bool = False
    #: jsonschema <= 4.19's words: "is too short" / "is too long" for every limit.
    old_length_wording: bool = False
    #: Legacy v2.0 strips unknown members even when every member is unknown.
    soft_strips_all_unknown: bool = False
    #: ``imageRef: ""`` counts as an image for an image->local boot mapping.
    empty_image_ref_is_image: bool = False
    #: oslo.middleware's 413 text prints the limit instead of ``%s``.
    too_large_shows_limit: bool = False
    #: Compute layer: ``_nova``-prefixed scheduler hints are kept.
    keeps_internal_hints: bool = False
    #: HTTP layer: the 202 body echoes ``security_groups`` from the raw body.
    echoes_raw_security_groups: bool = False

    @property
    def max_microversion(self) -> Microversion:
        return self.series.max_microversion

    @property
    def schema_key(self) -> tuple[Any, ...]:
        """What the schema checks depend on (equal keys share compiled checks)."""
        return (self.edits, self.draft4_integers, self.old_length_wording,
                self.soft_strips_all_unknown)


_SWITCHES = frozenset(field.name for field in attrs.fields(Behaviour)) - {
    "version", "series", "edits"}


def _read_only(switches: Mapping[str, bool]) -> Mapping[str, bool]:
    return MappingProxyType(dict(switches))


@attrs.frozen
class Change:
    """One difference of older releases' answers, and where it was fixed.

    ``name`` is the cause's short name (as in ``oracle/releases/DIFF.md``);
    ``fixed_in`` the first version of each series that answers as 34.0.0
    (one version: a change of the development branch only); ``before`` the
    :class:`Behaviour` switches of the releases without it; ``edits`` their
    schema edits; ``library``: the difference comes from a library of the
    release's era (its upper-constraints), not from Nova's code; ``compute``
    and ``http``: it is a difference of the compute layer, or of the HTTP
    exchange around the API layer (:mod:`bootreq.http`).
    """

    name: str
    summary: str
    fixed_in: tuple[str, ...]
    before: Mapping[str, bool] = attrs.field(factory=dict, converter=_read_only)
    edits: tuple[Replace, ...] = ()
    library: bool = False
    compute: bool = False
    http: bool = False

    def __attrs_post_init__(self) -> None:
        unknown = set(self.before) - _SWITCHES
        if unknown:
            raise ValueError(f"unknown switches {sorted(unknown)} in change {self.name}")

    def fixed(self, version: tuple[int, ...]) -> bool:
        """Whether ``version`` (``(31, 3, 1)``) answers as 34.0.0 here."""
        fixes = [_version_tuple(each) for each in self.fixed_in]
        same_series = [fix for fix in fixes if fix[0] == version[0]]
        if same_series:
            return version >= same_series[0]
        # No fix in that series: fixed in every later series of the main line.
        return version[0] > max(fix[0] for fix in fixes)


def _old_order(fragment: dict[str, Any], *first: str) -> dict[str, Any]:
    """``fragment`` with the keywords ``first`` moved right after ``type``."""
    reordered = {"type": fragment["type"]}
    reordered.update((key, fragment[key]) for key in first)
    reordered.update((key, value) for key, value in fragment.items() if key not in reordered)
    return reordered


def _nullable_one_of(fragment: dict[str, Any]) -> dict[str, Any]:
    """``{"type": [X, "null"], ...}`` as the older ``oneOf [{X, ...}, {null}]``."""
    kept = {key: value for key, value in fragment.items() if key != "type"}
    return {"oneOf": [{"type": fragment["type"][0], **kept}, {"type": "null"}]}


_LENGTHS = ("minLength", "maxLength")
_USER_DATA_V20: dict[str, Any] = {
    "type": ["string", "null"], "format": "base64", "maxLength": 65535}
_PORT: dict[str, Any] = t.network_item(uuid_format=False, tag=False)["properties"]["port"]
_DEVICE_NAME: dict[str, Any] = t.LEGACY_BDM["properties"]["device_name"]

#: Every difference from 34.0.0, newest first.
CHANGES: tuple[Change, ...] = (
    # -- 2026.2 (34.0.0): nothing of the API layer's answers (the 500 text
    #    changed: an HTTP-layer detail).
    # -- 2026.1 (33.0.x)
    Change(
        "hints",
        "compute: scheduler hints named _nova... are dropped; before, kept "
        "(backported to 31.3.1 and 32.2.1; 33.0.0 and 33.0.1 keep them)",
        ("31.3.1", "32.2.1", "33.0.2"),
        before={"keeps_internal_hints": True},
        compute=True,
    ),
    Change(
        "group",
        "scheduler_hints.group may be a list of server-group UUIDs; before, "
        "a UUID string only (and errors name the string schema)",
        ("33.0.0",),
        edits=(Replace("scheduler_hints.group", t.SCHEDULER_HINTS["properties"]["group"],
                       t.UUID),),
    ),
    Change(
        "sgecho",
        "the 202 body echoes security_groups as the schema left them; before, "
        "from the raw request body (members legacy v2.0 strips reappear)",
        ("33.0.0",),
        before={"echoes_raw_security_groups": True},
        http=True,
    ),
    Change(
        "legacyv2",
        "legacy v2.0: an object whose members are all unknown is left as is; "
        "before, they were stripped (metadata keys refused)",
        ("33.0.0",),
        before={"soft_strips_all_unknown": True},
    ),
    # -- 2025.2 (32.x)
    Change(
        "imglocal",
        "an image->local mapping at boot index 0 needs a non-empty imageRef; "
        "before, imageRef \"\" counted as an image",
        ("31.3.1", "32.2.0", "33.0.0"),
        before={"empty_image_ref_is_image": True},
    ),
    Change(
        "order",
        "parameter types check format/pattern before minLength/maxLength; "
        "before, the lengths first (another error may be reported first)",
        ("32.0.0",),
        edits=(
            Replace("name", t.NAME, _old_order(t.NAME, *_LENGTHS)),
            Replace("name (v2.0)", t.NAME_WITH_SPACES, _old_order(t.NAME_WITH_SPACES, *_LENGTHS)),
            Replace("hostname", t.HOSTNAME, _old_order(t.HOSTNAME, *_LENGTHS)),
            Replace("host, hypervisor_hostname", t.FQDN, _old_order(t.FQDN, *_LENGTHS)),
            Replace("description", t.DESCRIPTION, _old_order(t.DESCRIPTION, *_LENGTHS)),
            Replace("tag, tags[]", t.TAG, _old_order(t.TAG, *_LENGTHS)),
        ),
    ),
    Change(
        "oneof",
        "networks[].port and v2.0 user_data are one nullable typed schema; "
        "before, oneOf [typed, null]: \"is not valid under any of the given schemas\"",
        ("32.0.0",),
        edits=(
            Replace("networks[].port", _PORT, _nullable_one_of(_PORT)),
            Replace("user_data (v2.0)", _USER_DATA_V20, _nullable_one_of(_USER_DATA_V20)),
        ),
    ),
    Change(
        "413text",
        "the 413 text says \"(%s)\" (oslo.middleware >= 6.4); before, it printed the limit",
        ("32.0.0",),
        before={"too_large_shows_limit": True},
        library=True,
    ),
    # -- 2025.1 (31.x)
    Change(
        "minlen",
        "length limits 1 and 0 say \"should be non-empty\" / \"is expected to be "
        "empty\" (jsonschema >= 4.20); before, \"is too short\" / \"is too long\"",
        ("31.0.0",),
        before={"old_length_wording": True},
        library=True,
    ),
    Change(
        "devname",
        "device_name matches ^[a-zA-Z0-9._/-]*$; before ^[a-zA-Z0-9._-r/]*$ "
        "(\"_-r\" a range: '-' refused, '`' and others accepted)",
        ("30.3.0", "31.2.0", "32.0.0"),
        edits=(Replace("block_device_mapping[_v2][].device_name", _DEVICE_NAME,
                       {**_DEVICE_NAME, "pattern": "^[a-zA-Z0-9._-r/]*$"}),),
    ),
    # -- 2024.2 (30.x)
    Change(
        "draft4",
        "Draft 2020-12 validation: integral floats (2.0, 1e3) are integers; "
        "before (Draft 4), they are not",
        ("30.0.0",),
        before={"draft4_integers": True},
    ),
)

#: The releases whose answers were recorded with a real installation, oldest first.
COVERED: tuple[str, ...] = (
    "27.5.1", "28.3.1", "29.4.0", "30.3.0", "31.0.0", "31.3.1",
    "32.0.0", "32.2.1", "33.0.2", "34.0.0",
)
#: The release bootreq answers as by default.
NEWEST = "34.0.0"

_NEWEST_MAJOR = 34
_FIRST_NUMBERED = RELEASES.index(find_release("2023.1"))  # Nova 27
_VERSION = re.compile(r"\d+(\.\d+){0,2}")


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = tuple(int(part) for part in text.split("."))
    return parts + (0,) * (3 - len(parts))


def _series_of(major: int) -> Release:
    index = _FIRST_NUMBERED + major - 27
    if not 0 < index < len(RELEASES) or major > _NEWEST_MAJOR:
        raise UnknownRelease(
            f"unknown Nova version {major}.x: bootreq knows Nova 12 (Liberty) "
            f"to {_NEWEST_MAJOR} (2026.2 Hibiscus)")
    return RELEASES[index]


def _newest_covered(series: Release) -> str:
    """The newest covered version of ``series``; the oldest covered one before 2023.1."""
    major = RELEASES.index(series) - _FIRST_NUMBERED + 27
    in_series = [each for each in COVERED if _version_tuple(each)[0] == major]
    return in_series[-1] if in_series else f"{major}.0.0"


@functools.lru_cache(maxsize=64)
def behaviour_for(release: str | None) -> Behaviour:
    """The :class:`Behaviour` of ``release``: a Nova version, a series or a code name.

    ``"31.3.1"``, ``"31.3"``; ``"2025.1"`` or ``"epoxy"`` (the series' newest
    covered point release); ``None``: 34.0.0. Raises
    :class:`~bootreq.releases.UnknownRelease` (a ``LookupError``) otherwise.
    """
    text = NEWEST if release is None else " ".join(str(release).split())
    if _VERSION.fullmatch(text) and not re.fullmatch(r"20\d\d\.\d", text):
        version = _version_tuple(text)
        series = _series_of(version[0])
    else:
        series = find_release(text)
        text = _newest_covered(series)
        version = _version_tuple(text)
    switches: dict[str, bool] = {}
    edits: list[Replace] = []
    for change in CHANGES:
        if not change.fixed(version):
            switches.update(change.before)
            edits.extend(change.edits)
    return Behaviour(".".join(map(str, version)), series, tuple(edits), **switches)


def newest_microversion(release: str | None, cap: Microversion | None = None) -> Microversion:
    """The newest microversion a cloud serves: ``release``'s, or a lower ``cap``."""
    newest = behaviour_for(release).max_microversion
    return newest if cap is None else min(cap, newest)


def changes_between(older: str, newer: str) -> tuple[tuple[Change, bool], ...]:
    """The changes whose answer differs between two versions, newest first.

    Each with ``True`` when ``older`` has the pre-34.0.0 answer (it lacks the
    fix ``newer`` has), ``False`` when only ``newer`` lacks it (a fix
    backported to ``older``'s series but not yet to ``newer``'s point release).
    """
    old, new = _version_tuple(older), _version_tuple(newer)
    return tuple((change, not change.fixed(old)) for change in CHANGES
                 if change.fixed(old) != change.fixed(new))


def apply_edits(document: dict[str, Any], edits: tuple[Replace, ...]) -> dict[str, Any]:
    """A copy of a schema ``document`` with a release's edits applied in order."""
    edited = copy.deepcopy(document)
    for edit in edits:
        edited = _replaced(edited, edit)
    return edited


def _replaced(node: Any, edit: Replace) -> Any:
    if isinstance(node, dict):
        if node == edit.new:
            return copy.deepcopy(edit.old)
        return {key: _replaced(value, edit) for key, value in node.items()}
    if isinstance(node, list):
        return [_replaced(value, edit) for value in node]
    return node
