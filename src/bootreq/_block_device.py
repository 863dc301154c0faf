"""Nova's ``nova.block_device``, ported once for both layers that use it.

The API layer converts each ``block_device_mapping_v2`` entry with
``BlockDeviceDict.from_api`` (:mod:`bootreq.bdm`); ``compute_api.create``
converts legacy mappings, the image's own mappings and the flavor's
ephemeral and swap disks with the same dict and its helpers
(:mod:`bootreq.compute`). Both go through :func:`block_device_dict`, so a
field rule (``volume_size``, ``boot_index``, the ``/dev/`` prefix,
``bool_from_string``) is written here only. A failure is
:class:`InvalidBDMFormat`, whose text is Nova's message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bootreq._digits import DIGIT
from bootreq._frozen import thaw
from bootreq.cloud import Deployment, Flavor, Image

__all__ = [
    "ALL_DEFAULTS",
    "BDM_DB_FIELDS",
    "BDM_FIELDS",
    "BDM_LEGACY_FIELDS",
    "InvalidBDMFormat",
    "UnrecognizedLegacyFormat",
    "blank_bdm",
    "block_device_dict",
    "bool_from_string",
    "from_api",
    "from_legacy_mapping",
    "image_bdm",
    "image_defined_bdms",
    "image_root_device_name",
    "is_ephemeral_bdm",
    "is_swap_bdm",
    "is_swap_or_ephemeral",
    "prepend_dev",
    "strip_dev",
    "to_int",
]


def __dir__() -> list[str]:
    return __all__


#: The fields of Nova's BlockDeviceDict, in the order Nova declares them.
BDM_FIELDS = (
    "source_type",
    "destination_type",
    "guest_format",
    "device_type",
    "disk_bus",
    "boot_index",
    "device_name",
    "delete_on_termination",
    "snapshot_id",
    "volume_id",
    "volume_size",
    "image_id",
    "no_device",
    "connection_info",
    "tag",
    "volume_type",
    "encrypted",
    "encryption_secret_uuid",
    "encryption_format",
    "encryption_options",
)

#: The database-only fields BlockDeviceDict also tolerates.
BDM_DB_FIELDS = frozenset(
    {"id", "instance_uuid", "attachment_id", "uuid", "created_at", "updated_at",
     "deleted_at", "deleted"}
)

#: The members of a legacy ``block_device_mapping`` entry.
BDM_LEGACY_FIELDS = (
    "virtual_name", "volume_id", "snapshot_id", "volume_size", "device_name",
    "delete_on_termination", "no_device", "connection_info",
)

_VALID_FIELDS = frozenset(BDM_FIELDS) | BDM_DB_FIELDS
# BlockDeviceDict's defaulted fields (None), all of them or the computable ones.
# Plain dicts (never modified): {**d} copies a dict much faster than a proxy.
ALL_DEFAULTS: dict[str, None] = dict.fromkeys(BDM_FIELDS)
_NON_COMPUTABLE = frozenset({"boot_index", "disk_bus", "guest_format", "device_type"})
_COMPUTABLE_DEFAULTS: dict[str, None] = dict.fromkeys(
    name for name in BDM_FIELDS if name not in _NON_COMPUTABLE)
# The legacy fields a conversion copies over as they are.
_LEGACY_COPY_OVER = (frozenset(BDM_LEGACY_FIELDS) & frozenset(BDM_FIELDS)) | BDM_DB_FIELDS

_TRUE_STRINGS = ("1", "t", "true", "on", "y", "yes")
_FALSE_STRINGS = ("0", "f", "false", "off", "n", "no")
# Python 3.11's \d (Unicode 14.0 digits), whatever the running Python.
_EPHEMERAL = re.compile(rf"^ephemeral({DIGIT}|[1-9]{DIGIT}+)$")


class InvalidBDMFormat(ValueError):
    """Nova's ``InvalidBDMFormat``: ``str()`` is its message, ``details`` the reason."""

    def __init__(self, details: str) -> None:
        super().__init__(f"Block Device Mapping is Invalid: {details}")
        self.details = details


class UnrecognizedLegacyFormat(InvalidBDMFormat):
    """A legacy mapping that is no swap/ephemeral disk, snapshot, volume nor no_device."""

    def __init__(self) -> None:
        super().__init__("Unrecognized legacy format.")


def bool_from_string(value: Any, strict: bool = False) -> bool:
    """oslo's ``bool_from_string``: unrecognised text is ``False``, or ``ValueError`` if strict."""
    if isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in _TRUE_STRINGS:
        return True
    if lowered in _FALSE_STRINGS:
        return False
    if strict:
        raise ValueError(lowered)
    return False


def to_int(value: Any) -> Any:
    """Nova's IntegerField coercion where it succeeds; the value as it is where not."""
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


def strip_dev(name: Any) -> Any:
    return name.removeprefix("/dev/") if isinstance(name, str) else name


def prepend_dev(name: Any) -> Any:
    return name and "/dev/" + strip_dev(name)


def is_swap_or_ephemeral(name: Any) -> bool:
    return bool(name) and (name == "swap" or (
        isinstance(name, str) and _EPHEMERAL.match(name) is not None))


def is_ephemeral_bdm(bdm: Mapping[str, Any]) -> bool:
    return (bdm.get("source_type") == "blank" and bdm.get("destination_type") == "local"
            and bdm.get("guest_format") != "swap")


def is_swap_bdm(bdm: Mapping[str, Any]) -> bool:
    return (bdm.get("source_type") == "blank" and bdm.get("destination_type") == "local"
            and bdm.get("guest_format") == "swap")


def block_device_dict(
    values: dict[str, Any], defaults: dict[str, None] = ALL_DEFAULTS
) -> dict[str, Any]:
    """``BlockDeviceDict(values, do_not_default)``: validate and convert, then default.

    ``values`` is the caller's own dict (converted in place); ``defaults`` is
    ``dict.fromkeys`` of the fields not in ``do_not_default``.
    """
    fields = set(values)
    bogus = fields - _VALID_FIELDS
    if bogus:
        # Nova joins a set: the order is Python's set order for these strings.
        raise InvalidBDMFormat("Following fields are invalid: " + " ".join(bogus))
    if not values.get("no_device"):
        if "source_type" not in fields:
            raise InvalidBDMFormat("Some required fields are missing")
        if "delete_on_termination" in values:
            values["delete_on_termination"] = bool_from_string(values["delete_on_termination"])
        name = values.get("device_name")
        if name is not None:
            if not isinstance(name, str) or not 1 <= len(name) <= 255:
                raise InvalidBDMFormat("Device name empty or too long.")
            if " " in name:
                raise InvalidBDMFormat("Device name contains spaces.")
        if values.get("volume_size"):
            try:
                size = int(str(values["volume_size"]))
            except (ValueError, UnicodeEncodeError):
                raise InvalidBDMFormat("Invalid volume_size.") from None
            if size < 0:
                raise InvalidBDMFormat("Invalid volume_size.")
            values["volume_size"] = size
        if values.get("boot_index"):
            values["boot_index"] = _boot_index(values["boot_index"])
    if values.get("device_name"):
        values["device_name"] = prepend_dev(values["device_name"])
    values["delete_on_termination"] = bool(values.get("delete_on_termination"))
    return {**defaults, **values}


def _boot_index(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        # Also digit strings past Python's 4300-digit limit (Nova: 500 on image->local).
        raise InvalidBDMFormat("Boot index is invalid.") from None


def from_api(item: Mapping[str, Any], image_specified: bool) -> dict[str, Any]:
    """``BlockDeviceDict.from_api``: one schema-valid ``block_device_mapping_v2`` entry.

    ``uuid`` moves into ``<source_type>_id``; ``image_specified`` says whether
    the request has an ``imageRef`` (an image-to-local mapping needs one).
    """
    fields = dict(item)
    if not fields.get("no_device"):
        _check_source(fields, image_specified)
    fields.pop("uuid", None)
    return block_device_dict(fields)


def _check_source(fields: dict[str, Any], image_specified: bool) -> None:
    source_type = fields.get("source_type")
    device_uuid = fields.get("uuid")
    destination_type = fields.get("destination_type")
    volume_type = fields.get("volume_type")
    if source_type == "blank" and device_uuid:
        raise InvalidBDMFormat("Invalid device UUID.")
    if source_type != "blank":
        if not device_uuid:
            raise InvalidBDMFormat("Missing device UUID.")
        if source_type is None:
            # Nova: None + "_id" -> TypeError -> 500.
            raise InvalidBDMFormat("Missing source_type for the device UUID.")
        fields[source_type + "_id"] = device_uuid
    if source_type == "image" and destination_type == "local":
        boot_index = fields.get("boot_index", -1)
        if boot_index is None:
            boot_index = -1
        if not (image_specified and _boot_index(boot_index) == 0):
            raise InvalidBDMFormat("Mapping image to local is not supported.")
    if destination_type == "local" and volume_type:
        raise InvalidBDMFormat(
            "Specifying a volume_type with destination_type=local is not supported.")
    if source_type == "volume" and volume_type:
        raise InvalidBDMFormat("Specifying volume type to existing volume is not supported.")


def _from_legacy(legacy: Mapping[str, Any], ephemeral_format: str | None) -> dict[str, Any]:
    new = {k: v for k, v in legacy.items() if k in _LEGACY_COPY_OVER}
    virtual = legacy.get("virtual_name")
    if is_swap_or_ephemeral(virtual):
        new["source_type"] = "blank"
        new["delete_on_termination"] = True
        new["destination_type"] = "local"
        new["guest_format"] = "swap" if virtual == "swap" else ephemeral_format
    elif legacy.get("snapshot_id"):
        new["source_type"] = "snapshot"
        new["destination_type"] = "volume"
    elif legacy.get("volume_id"):
        new["source_type"] = "volume"
        new["destination_type"] = "volume"
    elif legacy.get("no_device"):
        pass
    else:
        raise UnrecognizedLegacyFormat
    return block_device_dict(new, _COMPUTABLE_DEFAULTS)


# BlockDeviceDict of an image's root disk: valid as it is, the rest defaulted.
_IMAGE_BDM: dict[str, Any] = {
    **ALL_DEFAULTS, "source_type": "image", "image_id": None,
    "delete_on_termination": True, "boot_index": 0, "device_type": "disk",
    "destination_type": "local",
}


def image_bdm(image_ref: str) -> dict[str, Any]:
    """``BlockDeviceDict.from_legacy``'s image root disk for ``image_ref``."""
    bdm = _IMAGE_BDM.copy()  # (a copy of a dict its size: no rehashing)
    bdm["image_id"] = image_ref
    return bdm


def blank_bdm(size: Any, guest_format: str | None = None) -> dict[str, Any]:
    """A flavor's ephemeral (or, with ``guest_format`` swap, swap) disk."""
    return block_device_dict({
        "source_type": "blank", "delete_on_termination": True, "device_type": "disk",
        "boot_index": -1, "destination_type": "local", "guest_format": guest_format,
        "volume_size": size,
    })


def from_legacy_mapping(
    legacy_bdms: Sequence[Mapping[str, Any]], image_ref: str | None,
    root_device_name: str | None, no_root: bool, ephemeral_format: str | None,
) -> list[dict[str, Any]]:
    """``block_device.from_legacy_mapping``: legacy mappings as BlockDeviceDicts."""
    new = [_from_legacy(b, ephemeral_format) for b in legacy_bdms] if legacy_bdms else []
    if no_root:
        for bdm in new:
            bdm["boot_index"] = -1
        return new
    volume_backed = False
    image_root = None
    if not root_device_name and not image_ref:
        non_blank = [b for b in new if b["source_type"] != "blank"]
        if non_blank:
            non_blank[0]["boot_index"] = 0
    else:
        for bdm in new:
            if (bdm["source_type"] in ("volume", "snapshot", "image")
                    and root_device_name is not None
                    and strip_dev(bdm.get("device_name")) == strip_dev(root_device_name)):
                bdm["boot_index"] = 0
                volume_backed = True
            elif not bdm["no_device"]:
                bdm["boot_index"] = -1
            else:
                bdm["boot_index"] = None
        if not volume_backed and image_ref:
            image_root = image_bdm(image_ref)
    return ([image_root] if image_root else []) + new


def image_root_device_name(properties: Mapping[str, Any]) -> str | None:
    """``block_device.properties_root_device_name``: the image's root device name."""
    name = None
    mappings = properties.get("mappings") or ()
    if isinstance(mappings, (list, tuple)):
        for m in mappings:
            if isinstance(m, Mapping) and m.get("virtual") == "root":
                name = m.get("device")
    if "root_device_name" in properties:
        name = properties["root_device_name"]
    return name if name is None else str(name)


def image_defined_bdms(
    image: Image, flavor: Flavor | None, deployment: Deployment, root_name: str
) -> list[dict[str, Any]]:
    """The block devices an image defines (``_get_image_defined_bdms``), as BlockDeviceDicts."""
    props = image.properties
    defined = thaw(props.get("block_device_mapping")) or []
    if not isinstance(defined, list):
        defined = []
    # Glance stores bdm_v2 as a string: "False" is truthy, as in Nova.
    if not props.get("bdm_v2", False):
        result = from_legacy_mapping(
            [dict(b) for b in defined], None, root_name, False,
            deployment.default_ephemeral_format)
    else:
        result = [block_device_dict(dict(b)) for b in defined]
    mappings = thaw(props.get("mappings")) or []
    if isinstance(mappings, list) and mappings:
        prepared = _prepare_image_mapping(mappings, flavor, deployment)
        names = {b["device_name"] for b in result if b.get("device_name")}
        result = result + [b for b in prepared if b.get("device_name") not in names]
    return result


def _prepare_image_mapping(
    mappings: list[Any], flavor: Flavor | None, deployment: Deployment
) -> list[dict[str, Any]]:
    out = []
    for m in mappings:
        if not isinstance(m, dict):
            continue
        virtual = m.get("virtual")
        device = m.get("device")
        if is_swap_or_ephemeral(virtual) and isinstance(device, str) and (
                not device.startswith("/")):
            device = "/dev/" + device
        if virtual in ("ami", "root") or not is_swap_or_ephemeral(virtual):
            continue
        guest_format = m.get("guest_format")
        if virtual == "swap":
            guest_format = "swap"
        if not guest_format:
            guest_format = deployment.default_ephemeral_format
        values = block_device_dict({
            "device_name": device, "source_type": "blank",
            "destination_type": "local", "device_type": "disk",
            "guest_format": guest_format, "delete_on_termination": True,
            "boot_index": -1,
        })
        size = values.get("volume_size")
        if size is None:
            if flavor is None:
                # The size comes from the unknown flavor; keep the device.
                out.append(values)
                continue
            size = flavor.swap if guest_format == "swap" else flavor.ephemeral_gb
        values["volume_size"] = size
        if size == 0:
            continue
        out.append(values)
    return out
