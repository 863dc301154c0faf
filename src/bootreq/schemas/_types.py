"""Parameter types of the create body, as JSON Schema fragments.

Keyword order inside each fragment is significant: Nova reports the first
error of a depth-first walk in schema order, so ``type`` before ``pattern``
before ``minimum`` decides which message a client sees.

``format`` names are Nova's: ``name`` and ``name_with_leading_trailing_spaces``
(the "printable" character set of Unicode 14.0), ``uuid`` (oslo's
``is_uuid_like``), ``base64``, ``ipv4``, ``ipv6``.
"""

from __future__ import annotations

from typing import Any

from bootreq._unicode import DESCRIPTION_PATTERN

Schema = dict[str, Any]

__all__ = [
    "ADMIN_PASSWORD",
    "BOOLEAN",
    "DESCRIPTION",
    "DISK_CONFIG",
    "FLAVOR_REF",
    "FQDN",
    "HOSTNAME",
    "IMAGE_ID_OR_EMPTY_STRING",
    "IP_ADDRESS",
    "LEGACY_BDM",
    "METADATA",
    "NAME",
    "NAME_WITH_SPACES",
    "PERSONALITY",
    "POSITIVE_INTEGER",
    "SCHEDULER_HINTS",
    "TAG",
    "TAGS",
    "TRUSTED_CERTS",
    "UUID",
    "VOLUME_SIZE",
    "VOLUME_TYPE",
    "Schema",
    "network_item",
    "networks_choice",
]


def __dir__() -> list[str]:
    return __all__


BOOLEAN: Schema = {
    "type": ["boolean", "string"],
    "enum": [
        True, "True", "TRUE", "true", "1", "ON", "On", "on", "YES", "Yes", "yes",
        False, "False", "FALSE", "false", "0", "OFF", "Off", "off", "NO", "No", "no",
    ],
}

POSITIVE_INTEGER: Schema = {
    "type": ["integer", "string"],
    "pattern": "^[0-9]*$",
    "minimum": 1,
    "minLength": 1,
}

HOSTNAME: Schema = {
    "type": "string",
    "pattern": "^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$",
    "minLength": 2,
    "maxLength": 63,
}

FQDN: Schema = {
    "type": "string",
    "pattern": "^[a-zA-Z0-9-._]*$",
    "minLength": 1,
    "maxLength": 255,
}

NAME: Schema = {"type": "string", "format": "name", "minLength": 1, "maxLength": 255}

# Legacy v2.0: leading and trailing spaces allowed, one non-space required.
NAME_WITH_SPACES: Schema = {
    "type": "string",
    "format": "name_with_leading_trailing_spaces",
    "minLength": 1,
    "maxLength": 255,
}

DESCRIPTION: Schema = {
    "type": ["string", "null"],
    "pattern": DESCRIPTION_PATTERN,
    "minLength": 0,
    "maxLength": 255,
}

UUID: Schema = {"type": "string", "format": "uuid"}

IMAGE_ID_OR_EMPTY_STRING: Schema = {
    "oneOf": [
        {"type": "string", "format": "uuid"},
        {"type": "string", "maxLength": 0},
    ]
}

VOLUME_TYPE: Schema = {"type": ["string", "null"], "minLength": 0, "maxLength": 255}

ADMIN_PASSWORD: Schema = {"type": "string"}

FLAVOR_REF: Schema = {"type": ["string", "integer"], "minLength": 1}

METADATA: Schema = {
    "type": "object",
    "patternProperties": {
        "^[a-zA-Z0-9-_:. ]{1,255}$": {"type": "string", "maxLength": 255},
    },
    "additionalProperties": False,
}

IP_ADDRESS: Schema = {"type": "string", "oneOf": [{"format": "ipv4"}, {"format": "ipv6"}]}

VOLUME_SIZE: Schema = {
    "type": ["integer", "string"],
    "pattern": "^[0-9]+$",
    "minimum": 1,
    "maximum": 0x7FFFFFFF,
}

DISK_CONFIG: Schema = {"type": "string", "enum": ["AUTO", "MANUAL"]}

ACCESS_IPV4: Schema = {"type": "string", "format": "ipv4"}

ACCESS_IPV6: Schema = {"type": "string", "format": "ipv6"}

PERSONALITY: Schema = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "path": {"type": "string"},
            "contents": {"type": "string", "format": "base64"},
        },
        "additionalProperties": False,
    },
}

TAG: Schema = {"type": "string", "pattern": "^[^,/]*$", "minLength": 1, "maxLength": 60}

TAGS: Schema = {"type": "array", "items": TAG, "maxItems": 50}

TRUSTED_CERTS: Schema = {
    "type": ["array", "null"],
    "minItems": 1,
    "maxItems": 50,
    "uniqueItems": True,
    "items": {"type": "string", "minLength": 1},
}

LEGACY_BDM: Schema = {
    "type": "object",
    "properties": {
        "virtual_name": {"type": "string", "maxLength": 255},
        "volume_id": UUID,
        "snapshot_id": UUID,
        "volume_size": VOLUME_SIZE,
        "device_name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 255,
            "pattern": "^[a-zA-Z0-9._/-]*$",
        },
        "delete_on_termination": BOOLEAN,
        "no_device": {},
        "connection_info": {"type": "string", "maxLength": 16777215},
    },
    "additionalProperties": False,
}

# block_device_mapping_v2 items: the legacy members, then these.
BDM_V2_MEMBERS: Schema = {
    "source_type": {"type": "string", "enum": ["volume", "image", "snapshot", "blank"]},
    "uuid": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[a-zA-Z0-9._-]*$"},
    "image_id": UUID,
    "destination_type": {"type": "string", "enum": ["local", "volume"]},
    "guest_format": {"type": "string", "maxLength": 255},
    "device_type": {"type": "string", "maxLength": 255},
    "disk_bus": {"type": "string", "maxLength": 255},
    "boot_index": {"type": ["integer", "string", "null"], "pattern": "^-?[0-9]+$"},
}

SCHEDULER_HINTS: Schema = {
    "type": "object",
    "properties": {
        "group": {
            "oneOf": [
                {"type": "array", "items": UUID},
                UUID,
            ],
        },
        "different_host": {"oneOf": [UUID, {"type": "array", "items": UUID}]},
        # A single string is not checked to be a UUID: ``items`` only applies to arrays.
        "same_host": {"type": ["string", "array"], "items": UUID},
        "query": {"type": ["string", "object"]},
        "target_cell": NAME,
        "different_cell": {"type": ["string", "array"], "items": {"type": "string"}},
        "build_near_host_ip": IP_ADDRESS,
        "cidr": {"type": "string", "pattern": "^/[0-9a-f.:]+$"},
    },
    "additionalProperties": True,
}


def network_item(*, uuid_format: bool, tag: bool) -> Schema:
    """One ``networks`` array item: ``uuid`` is UUID-checked from 2.37."""
    properties: Schema = {
        "fixed_ip": IP_ADDRESS,
        "port": {"type": ["string", "null"], "format": "uuid"},
        "uuid": UUID if uuid_format else {"type": "string"},
    }
    if tag:
        properties["tag"] = TAG
    return {"type": "object", "properties": properties, "additionalProperties": False}


def networks_choice(*, tag: bool) -> Schema:
    """2.37+: a list of network items, or one of the allocation strings."""
    return {
        "oneOf": [
            {"type": "array", "items": network_item(uuid_format=True, tag=tag)},
            {"type": "string", "enum": ["none", "auto"]},
        ]
    }
