"""Block device mappings, legacy and v2, as Nova's API layer converts them.

A v2 entry goes through Nova's ``BlockDeviceDict.from_api``: ``uuid`` moves
into ``<source_type>_id``, the conversions below apply, and every failure is
``Block Device Mapping is Invalid: <why>``. Legacy entries pass through as
sent, but for ``delete_on_termination`` made a bool.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from bootreq._frozen import freeze
from bootreq.errors import HttpError
from bootreq.model import BDM_DB_FIELDS, BDM_FIELDS, BDM_LEGACY_FIELDS, BlockDeviceMapping

__all__ = ["MIXED_SYNTAXES", "block_device_mappings", "bool_from_string"]


def __dir__() -> list[str]:
    return __all__


MIXED_SYNTAXES = "Using different block_device_mapping syntaxes is not allowed in the same request."

# Fields BlockDeviceDict accepts: its own, plus the database-only ones.
_KNOWN_FIELDS = frozenset(BDM_FIELDS) | BDM_DB_FIELDS

_TRUE_STRINGS = frozenset({"1", "t", "true", "on", "y", "yes"})

assert tuple(f.name for f in attrs.fields(BlockDeviceMapping))[: len(BDM_FIELDS)] == BDM_FIELDS


class _Invalid(Exception):
    """One v2 entry is invalid; the text follows Nova's prefix."""


def bool_from_string(value: Any) -> bool:
    """oslo's lenient ``bool_from_string``: anything unrecognised is ``False``."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in _TRUE_STRINGS


def block_device_mappings(
    legacy: Any, v2: Any, *, image_specified: bool
) -> tuple[tuple[BlockDeviceMapping, ...], bool] | HttpError | None:
    """The server's BDMs and whether they are legacy; ``None`` when there are none.

    ``legacy`` and ``v2`` are the schema-valid ``block_device_mapping`` and
    ``block_device_mapping_v2`` members (``[]`` when absent).
    """
    if legacy and v2:
        return HttpError.of(400, MIXED_SYNTAXES)
    if legacy:
        return tuple(_legacy_entry(item) for item in legacy), True
    if v2:
        converted = []
        for item in v2:
            try:
                converted.append(_v2_entry(item, image_specified))
            except _Invalid as invalid:
                return HttpError.of(400, f"Block Device Mapping is Invalid: {invalid}")
        return tuple(converted), False
    return None


def _legacy_entry(item: dict[str, Any]) -> BlockDeviceMapping:
    fields = dict(item)
    if "delete_on_termination" in fields:
        fields["delete_on_termination"] = bool_from_string(fields["delete_on_termination"])
    # Frozen like the rest: no_device, say, may hold a container (its schema is ``{}``).
    typed = {name: freeze(fields[name]) for name in BDM_LEGACY_FIELDS if name in fields}
    return BlockDeviceMapping(**typed, legacy=True, request_fields=freeze(fields))




def _v2_entry(item: dict[str, Any], image_specified: bool) -> BlockDeviceMapping:
    fields = dict(item)
    if not fields.get("no_device"):
        _check_source(fields, image_specified)
    fields.pop("uuid", None)
    if not _KNOWN_FIELDS.issuperset(fields):
        unknown = [name for name in fields if name not in _KNOWN_FIELDS]
        raise _Invalid("Following fields are invalid: " + " ".join(unknown))
    if not fields.get("no_device"):
        _convert(fields)
    if fields.get("device_name"):
        fields["device_name"] = "/dev/" + fields["device_name"].removeprefix("/dev/")
    # A truthy no_device skipped bool_from_string: the string "false" is True here.
    fields["delete_on_termination"] = bool(fields.get("delete_on_termination"))
    # Only no_device may hold a container (its schema is ``{}``).
    if isinstance(fields.get("no_device"), (dict, list)):
        fields["no_device"] = freeze(fields["no_device"])
    # BlockDeviceMapping's first fields are BDM_FIELDS, in order (asserted below).
    values: Iterator[Any] = map(fields.get, BDM_FIELDS)
    return BlockDeviceMapping(*values)


def _check_source(fields: dict[str, Any], image_specified: bool) -> None:
    source_type = fields.get("source_type")
    device_uuid = fields.get("uuid")
    destination_type = fields.get("destination_type")
    volume_type = fields.get("volume_type")
    if source_type == "blank" and device_uuid:
        raise _Invalid("Invalid device UUID.")
    if source_type != "blank":
        if not device_uuid:
            raise _Invalid("Missing device UUID.")
        if source_type is None:
            # Nova: None + "_id" -> TypeError -> 500.
            raise _Invalid("Missing source_type for the device UUID.")
        fields[source_type + "_id"] = device_uuid
    if source_type == "image" and destination_type == "local":
        boot_index = fields.get("boot_index", -1)
        if boot_index is None:
            boot_index = -1
        if not (image_specified and _boot_index(boot_index) == 0):
            raise _Invalid("Mapping image to local is not supported.")
    if destination_type == "local" and volume_type:
        raise _Invalid("Specifying a volume_type with destination_type=local is not supported.")
    if source_type == "volume" and volume_type:
        raise _Invalid("Specifying volume type to existing volume is not supported.")


def _convert(fields: dict[str, Any]) -> None:
    # source_type is present here: a missing one already failed above.
    if "delete_on_termination" in fields:
        fields["delete_on_termination"] = bool_from_string(fields["delete_on_termination"])
    volume_size = fields.get("volume_size")
    if volume_size:
        try:
            size = int(str(volume_size))
        except ValueError:
            size = -1
        if size < 0:
            raise _Invalid("Invalid volume_size.")
        fields["volume_size"] = size
    if fields.get("boot_index"):
        fields["boot_index"] = _boot_index(fields["boot_index"])


def _boot_index(value: Any) -> int:
    try:
        return int(value)
    except ValueError:
        # Digit strings past Python's 4300-digit limit (Nova: 500 on image->local).
        raise _Invalid("Boot index is invalid.") from None
