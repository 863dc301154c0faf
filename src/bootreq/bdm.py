"""Block device mappings, legacy and v2, as Nova's API layer converts them.

A v2 entry goes through Nova's ``BlockDeviceDict.from_api``
(:func:`bootreq._block_device.from_api`): ``uuid`` moves into
``<source_type>_id``, the fields are checked and converted, and every failure
is ``Block Device Mapping is Invalid: <why>``. Legacy entries pass through as
sent, but for ``delete_on_termination`` made a bool.
"""

from __future__ import annotations

from typing import Any

from bootreq._block_device import (
    BDM_LEGACY_FIELDS,
    InvalidBDMFormat,
    bool_from_string,
    from_api,
)
from bootreq._frozen import freeze
from bootreq.errors import HttpError
from bootreq.model import BlockDeviceMapping

__all__ = ["MIXED_SYNTAXES", "block_device_mappings"]


def __dir__() -> list[str]:
    return __all__


MIXED_SYNTAXES = "Using different block_device_mapping syntaxes is not allowed in the same request."


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
                converted.append(_v2_entry(from_api(item, image_specified)))
            except InvalidBDMFormat as invalid:
                return HttpError.of(400, str(invalid))
        return tuple(converted), False
    return None


def _legacy_entry(item: dict[str, Any]) -> BlockDeviceMapping:
    fields = dict(item)
    if "delete_on_termination" in fields:
        fields["delete_on_termination"] = bool_from_string(fields["delete_on_termination"])
    # Frozen like the rest: no_device, say, may hold a container (its schema is ``{}``).
    typed = {name: freeze(fields[name]) for name in BDM_LEGACY_FIELDS if name in fields}
    return BlockDeviceMapping(**typed, legacy=True, request_fields=freeze(fields))


def _v2_entry(fields: dict[str, Any]) -> BlockDeviceMapping:
    """The typed mapping of a converted v2 entry.

    Its keys are exactly BlockDeviceDict's fields (BDM_FIELDS): the schema
    admits no database-only field, and the conversion defaults the others.
    """
    # Only no_device may hold a container (its schema is ``{}``).
    no_device = fields["no_device"]
    if isinstance(no_device, (dict, list)):
        fields["no_device"] = freeze(no_device)
    return BlockDeviceMapping(**fields)
