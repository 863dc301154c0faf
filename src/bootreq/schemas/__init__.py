"""The JSON Schema of the create body at every microversion, built as deltas.

The API grew one microversion at a time; :data:`RANGES` says so as data.
Each range names the range it builds on and the changes it makes, as
``(op, pointer, value)`` edits on that range's schema document (``op`` is
``"set"``, ``"remove"`` or ``"require"``; the pointer is RFC 6901 into the
schema). A new key lands at the end of its object, as it does in Nova, and
that order is significant: errors are reported in schema order.

>>> from bootreq.schemas import schema_for
>>> from bootreq.microversion import Microversion
>>> "description" in schema_for(Microversion(2, 19))["properties"]["server"]["properties"]
True
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from bootreq.microversion import MAX_VERSION, Microversion
from bootreq.schemas import _types as t

__all__ = ["RANGES", "Edit", "SchemaRange", "range_for", "schema_by_name", "schema_for"]


def __dir__() -> list[str]:
    return __all__


Op = Literal["set", "remove", "require"]


@attrs.frozen
class Edit:
    """One change a range makes to the schema it builds on."""

    op: Op
    pointer: str
    value: Any = None

    def describe(self) -> str:
        field = self.pointer.replace("/properties/", ".").replace("/items", "[]").lstrip(".")
        if self.op == "remove":
            return f"removes {field}"
        if self.op == "require":
            return f"requires {field}.{self.value}"
        return f"sets {field}"


@attrs.frozen
class SchemaRange:
    """A microversion range sharing one schema (Nova's ``create_vNNN``)."""

    name: str
    first: Microversion
    last: Microversion
    base: str | None
    edits: tuple[Edit, ...]
    summary: str


_SERVER = "/properties/server/properties"
_NETWORK_ITEM = _SERVER + "/networks/items/properties"
_BDM_V2_ITEM = _SERVER + "/block_device_mapping_v2/items/properties"


def _v(minor: int) -> Microversion:
    return Microversion(2, minor)


#: The create schema of Nova 34.0.0 (2.1 - 2.18), the root of every delta.
CREATE: dict[str, Any] = {
    "type": "object",
    "properties": {
        "server": {
            "type": "object",
            "properties": {
                "name": t.NAME,
                "imageRef": t.IMAGE_ID_OR_EMPTY_STRING,
                "flavorRef": t.FLAVOR_REF,
                "adminPass": t.ADMIN_PASSWORD,
                "metadata": t.METADATA,
                "networks": {
                    "type": "array",
                    "items": t.network_item(uuid_format=False, tag=False),
                },
                "OS-DCF:diskConfig": t.DISK_CONFIG,
                "accessIPv4": t.ACCESS_IPV4,
                "accessIPv6": t.ACCESS_IPV6,
                "personality": t.PERSONALITY,
                "availability_zone": t.NAME,
                "block_device_mapping": {"type": "array", "items": t.LEGACY_BDM},
                "block_device_mapping_v2": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {**t.LEGACY_BDM["properties"], **t.BDM_V2_MEMBERS},
                        "additionalProperties": False,
                    },
                },
                "config_drive": t.BOOLEAN,
                "key_name": t.NAME,
                "min_count": t.POSITIVE_INTEGER,
                "max_count": t.POSITIVE_INTEGER,
                "return_reservation_id": t.BOOLEAN,
                "security_groups": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"name": t.NAME},
                        "additionalProperties": False,
                    },
                },
                "user_data": {"type": "string", "format": "base64", "maxLength": 65535},
            },
            "required": ["name", "flavorRef"],
            "additionalProperties": False,
        },
        "os:scheduler_hints": t.SCHEDULER_HINTS,
        "OS-SCH-HNT:scheduler_hints": t.SCHEDULER_HINTS,
    },
    "required": ["server"],
    "additionalProperties": False,
}


RANGES: tuple[SchemaRange, ...] = (
    SchemaRange(
        "create_v20", _v(0), _v(0), "create",
        (
            Edit("set", _SERVER + "/name", t.NAME_WITH_SPACES),
            Edit("set", _SERVER + "/availability_zone", t.NAME_WITH_SPACES),
            Edit("set", _SERVER + "/key_name", t.NAME_WITH_SPACES),
            Edit("set", _SERVER + "/security_groups/items/properties/name", t.NAME_WITH_SPACES),
            Edit(
                "set",
                _SERVER + "/user_data",
                {"type": ["string", "null"], "format": "base64", "maxLength": 65535},
            ),
        ),
        "legacy v2.0: names may have edge spaces, user_data may be null, "
        "unknown members are dropped instead of rejected",
    ),
    SchemaRange("create", _v(1), _v(18), None, (), "the base schema"),
    SchemaRange(
        "create_v219", _v(19), _v(31), "create",
        (Edit("set", _SERVER + "/description", t.DESCRIPTION),),
        "adds description",
    ),
    SchemaRange(
        "create_v232", _v(32), _v(32), "create_v219",
        (Edit("set", _NETWORK_ITEM + "/tag", t.TAG), Edit("set", _BDM_V2_ITEM + "/tag", t.TAG)),
        "adds device tags on networks and block_device_mapping_v2",
    ),
    SchemaRange(
        "create_v233", _v(33), _v(36), "create_v219",
        (Edit("set", _NETWORK_ITEM + "/tag", t.TAG),),
        "network tags only (the BDM tag was lost by a Nova bug, restored in 2.42)",
    ),
    SchemaRange(
        "create_v237", _v(37), _v(41), "create_v233",
        (
            Edit("require", "/properties/server", "networks"),
            Edit("set", _SERVER + "/networks", t.networks_choice(tag=False)),
        ),
        "networks required: a list (uuid must be a UUID, no tags) or 'auto' / 'none'",
    ),
    SchemaRange(
        "create_v242", _v(42), _v(51), "create_v237",
        (
            Edit("set", _SERVER + "/networks", t.networks_choice(tag=True)),
            Edit("set", _BDM_V2_ITEM + "/tag", t.TAG),
        ),
        "restores device tags on networks and block_device_mapping_v2",
    ),
    SchemaRange(
        "create_v252", _v(52), _v(56), "create_v242",
        (Edit("set", _SERVER + "/tags", t.TAGS),),
        "adds server tags",
    ),
    SchemaRange(
        "create_v257", _v(57), _v(62), "create_v252",
        (Edit("remove", _SERVER + "/personality"),),
        "removes personality",
    ),
    SchemaRange(
        "create_v263", _v(63), _v(66), "create_v257",
        (Edit("set", _SERVER + "/trusted_image_certificates", t.TRUSTED_CERTS),),
        "adds trusted_image_certificates",
    ),
    SchemaRange(
        "create_v267", _v(67), _v(73), "create_v263",
        (Edit("set", _BDM_V2_ITEM + "/volume_type", t.VOLUME_TYPE),),
        "adds block_device_mapping_v2 volume_type",
    ),
    SchemaRange(
        "create_v274", _v(74), _v(89), "create_v267",
        (
            Edit("set", _SERVER + "/host", t.FQDN),
            Edit("set", _SERVER + "/hypervisor_hostname", t.FQDN),
        ),
        "adds host and hypervisor_hostname",
    ),
    SchemaRange(
        "create_v290", _v(90), _v(93), "create_v274",
        (Edit("set", _SERVER + "/hostname", t.HOSTNAME),),
        "adds hostname (an RFC 952/1123 label)",
    ),
    SchemaRange(
        "create_v294", _v(94), MAX_VERSION, "create_v290",
        (Edit("set", _SERVER + "/hostname", t.FQDN),),
        "hostname may be a fully qualified domain name",
    ),
)


def _apply(document: dict[str, Any], edit: Edit) -> None:
    *parents, leaf = [part.replace("~1", "/").replace("~0", "~") for part in
                      edit.pointer.split("/")[1:]]
    target: dict[str, Any] = document
    for part in parents:
        target = target[part]
    if edit.op == "set":
        target[leaf] = copy.deepcopy(edit.value)
    elif edit.op == "remove":
        del target[leaf]
    else:
        target[leaf]["required"] = [*target[leaf]["required"], edit.value]


def _build() -> dict[str, dict[str, Any]]:
    built: dict[str, dict[str, Any]] = {"create": copy.deepcopy(CREATE)}
    for schema_range in RANGES:
        document = copy.deepcopy(built[schema_range.base or "create"])
        for edit in schema_range.edits:
            _apply(document, edit)
        built[schema_range.name] = document
    return built


_SCHEMAS = _build()


@functools.cache
def range_for(version: Microversion) -> SchemaRange:
    """The schema range a (supported) microversion belongs to."""
    for schema_range in RANGES:
        if schema_range.first <= version <= schema_range.last:
            return schema_range
    raise ValueError(f"no create schema for microversion {version}")


def schema_for(version: Microversion) -> Mapping[str, Any]:
    """A copy of the JSON Schema of the create body at ``version``."""
    return copy.deepcopy(_SCHEMAS[range_for(version).name])


def schema_by_name(name: str) -> Mapping[str, Any]:
    """The shared (do not mutate) schema document of a range."""
    return _SCHEMAS[name]
