"""What cinder (and glance, for block devices) answers ``compute_api.create``.

Three moments of Nova's create ask cinder: the boot image metadata of a
server without ``imageRef`` (``block_device.get_bdm_image_metadata``: the
boot volume, snapshot or image), the pre-existing volumes before the
instances are built (``_get_volumes_for_bdms`` and the
``[cinder] cross_az_attach`` zone rule, ``_validate_vol_az_for_create``),
and each block device mapping's own check (``_validate_bdm``: volume type,
image, volume reservation, snapshot, with the sizes cinder reports). The
facts come from :class:`bootreq.cloud.Cloud`: an id the cloud does not list
is unknown, assumed found, and whatever needs its record is skipped.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import attrs

from bootreq._block_device import is_ephemeral_bdm, is_swap_bdm, strip_dev
from bootreq._block_device import to_int as bdm_int  # (a request's value: str, int, ...)
from bootreq._digits import DIGIT, to_int
from bootreq._rule import BDM_INVALID, Rule, refuse
from bootreq.cloud import Cloud, Deployment, Flavor, Image, Volume

__all__ = [
    "BDM_IMAGE_NOT_FOUND",
    "BDM_SNAPSHOT_NOT_FOUND",
    "BOOT_IMAGE_NOT_FOUND",
    "BOOT_SNAPSHOT_NOT_FOUND",
    "BOOT_VOLUME_NOT_BOOTABLE",
    "BOOT_VOLUME_NOT_FOUND",
    "MULTIATTACH_BEFORE_2_60",
    "VOLUME_AZ_MISMATCH",
    "VOLUME_NOT_FOUND",
    "VOLUME_NOT_RESERVABLE",
    "VOLUME_TYPE_NOT_FOUND",
    "boot_metadata",
    "check_bdm",
    "check_volumes",
]


def __dir__() -> list[str]:
    return __all__


_GiB = 1024**3
_UNKNOWN: Any = object()  # an id the cloud does not list

# --- get_bdm_image_metadata (a server without imageRef) -----------------------

BOOT_SNAPSHOT_NOT_FOUND = Rule(
    "boot_snapshot_not_found", 400,
    "Snapshot {snapshot_id} could not be found.",
    "SnapshotNotFound",
    needs=("cloud.snapshots",),
    doc="Boot from volume: the boot BDM's snapshot is not found (Nova does "
    "not wrap this lookup, so the message is cinder's not-found).",
)

BOOT_IMAGE_NOT_FOUND = Rule(
    "boot_image_not_found", 400,
    BDM_INVALID + "failed to get image {image_id}.",
    "InvalidBDMImage",
    needs=("cloud.images",),
    doc="Boot from volume: glance does not find the boot BDM's image.",
)

BOOT_VOLUME_NOT_FOUND = Rule(
    "boot_volume_not_found", 400,
    BDM_INVALID + "failed to get volume {volume_id}.",
    "InvalidBDMVolume",
    needs=("cloud.volumes",),
    doc="Boot from volume: cinder does not find the boot volume (or the "
    "volume the boot snapshot was taken from).",
)

BOOT_VOLUME_NOT_BOOTABLE = Rule(
    "boot_volume_not_bootable", 400,
    "Block Device {volume_id} is not bootable.",
    "InvalidBDMVolumeNotBootable",
    needs=("cloud.volumes",),
    doc="Boot from volume: the boot volume (or the boot snapshot's volume) "
    "is not bootable.",
)

# --- _provision_instances: the pre-existing volumes ---------------------------

VOLUME_NOT_FOUND = Rule(
    "volume_not_found", 400,
    "Volume {volume_id} could not be found.",
    "VolumeNotFound",
    needs=("cloud.volumes",),
    doc="A BDM's volume (any BDM with a volume id, in list order) is not "
    "found; the boot volume of a server without imageRef fails earlier.",
)

VOLUME_AZ_MISMATCH = Rule(
    "volume_az_mismatch", 400,
    "The availability zone between the server and its attached volumes do "
    "not match: {reason}.",
    "MismatchVolumeAZException",
    needs=("cloud.volumes", "deployment"),
    doc="Deployment.cross_az_attach false: the volumes are in several zones, "
    "or in another zone than the server's. A server without a zone is "
    "pinned to its volumes' zone unless that is Options."
    "default_availability_zone.",
)

# --- _validate_bdm, BDM by BDM --------------------------------------------------

VOLUME_TYPE_NOT_FOUND = Rule(
    "volume_type_not_found", 400,
    "Volume type {id_or_name} could not be found.",
    "VolumeTypeNotFound",
    needs=("cloud.volume_types",),
    doc="A BDM's volume_type is neither the id nor the name of a type cinder "
    "lists (case matters).",
)

BDM_IMAGE_NOT_FOUND = Rule(
    "bdm_image_not_found", 400,
    BDM_INVALID + "failed to get image {image_id}.",
    "InvalidBDMImage",
    needs=("cloud.images",),
    doc="glance does not find a BDM's image (other than the imageRef).",
)

MULTIATTACH_BEFORE_2_60 = Rule(
    "multiattach_before_2_60", 400,
    "Multiattach volumes are only supported starting with compute API "
    "version 2.60.",
    "MultiattachNotSupportedOldMicroversion",
    needs=("cloud.volumes",),
    doc="A multiattach volume below microversion 2.60.",
)

VOLUME_NOT_RESERVABLE = Rule(
    "volume_not_reservable", 400,
    "Invalid volume: Invalid input received: Invalid volume: {reason} (HTTP 400)",
    "InvalidVolume",
    needs=("cloud.volumes",),
    doc="cinder refuses to reserve the volume (attachment_create): a status "
    "containing 'error', or one other than available / downloading (also "
    "in-use for a multiattach volume). Real cinder appends its request id.",
)

BDM_SNAPSHOT_NOT_FOUND = Rule(
    "bdm_snapshot_not_found", 400,
    BDM_INVALID + "failed to get snapshot {snapshot_id}.",
    "InvalidBDMSnapshot",
    needs=("cloud.snapshots",),
    doc="cinder does not find a BDM's snapshot.",
)

# The attributes get_image_metadata_from_volume lifts out of a volume's
# image metadata (only min_ram and min_disk are kept, as integers).
_VIM_IMAGE_ATTRIBUTES = ("image_id", "image_name", "size", "checksum",
                         "container_format", "disk_format", "min_ram", "min_disk")
_PREFIX = re.compile("^((x?v|s|h)d)")


@functools.cache
def _numbers() -> re.Pattern[str]:
    # Python 3.11's \d, whatever the running Python (compiled when first needed).
    return re.compile(f"{DIGIT}+")


def _device_letter(name: Any) -> Any:
    """``nova.block_device.get_device_letter``."""
    if not name or not isinstance(name, str):
        return name
    return _numbers().sub("", _PREFIX.sub("", strip_dev(name)))


def _volume_metadata(volume: Volume) -> Image | None:
    """``get_image_metadata_from_volume``; ``None`` where Nova would fail (500)."""
    properties = dict(volume.volume_image_metadata or {})
    lifted = {name: properties.pop(name, None) for name in _VIM_IMAGE_ATTRIBUTES}
    try:
        min_ram, min_disk = _int(lifted["min_ram"]), _int(lifted["min_disk"])
    except (TypeError, ValueError, OverflowError):
        return None
    return Image(id=None, status="active", size=volume.size * _GiB,
                 min_ram=min_ram, min_disk=min_disk, properties=properties)


def _int(value: Any) -> int:
    """``int(value or 0)`` as Nova's Python 3.11 computes it."""
    if not value:
        return 0
    return to_int(value) if isinstance(value, str) else int(value)


def boot_metadata(cloud: Cloud, bdms: list[dict[str, Any]], legacy: bool) -> Image | None:
    """The boot metadata of a server without ``imageRef``, or raise Refused.

    ``None`` when the boot device's record is unknown, or when no BDM is a
    boot device with an image, volume or snapshot (Nova's metadata is then
    empty, and so are the checks that read it).
    """
    for bdm in bdms:
        if legacy:
            if _device_letter(bdm.get("device_name", "")) != "a":
                continue
        elif bdm.get("boot_index") != 0:
            continue
        volume_id = bdm.get("volume_id")
        snapshot_id = bdm.get("snapshot_id")
        if snapshot_id:
            if not isinstance(snapshot_id, str) or snapshot_id not in cloud.snapshots:
                return None
            snapshot = cloud.snapshots[snapshot_id]
            if snapshot is None:
                raise refuse(BOOT_SNAPSHOT_NOT_FOUND, snapshot_id=snapshot_id)
            volume_id = snapshot.volume_id
            if volume_id is None:
                return None
        image_id = bdm.get("image_id")
        if image_id:
            if not isinstance(image_id, str) or image_id not in cloud.images:
                return None
            image = cloud.images[image_id]
            if image is None:
                raise refuse(BOOT_IMAGE_NOT_FOUND, image_id=image_id)
            # glance's record names the id it was looked up by
            return image if image.id is not None else attrs.evolve(image, id=image_id)
        if volume_id:
            if not isinstance(volume_id, str) or volume_id not in cloud.volumes:
                return None
            volume = cloud.volumes[volume_id]
            if volume is None:
                raise refuse(BOOT_VOLUME_NOT_FOUND, volume_id=volume_id)
            if not volume.bootable:
                raise refuse(BOOT_VOLUME_NOT_BOOTABLE, volume_id=volume_id)
            return _volume_metadata(volume)
    return None


# Nova's boot metadata when no boot device carries an image, volume or
# snapshot (get_bdm_image_metadata's ``{}``): no properties, yet the checks that
# read the flavor beside it (ephemeral encryption, the sound model) still run.
NO_BOOT_METADATA = Image(status="", properties={})


def empty_boot_metadata(bdms: list[dict[str, Any]], legacy: bool) -> Image | None:
    """:data:`NO_BOOT_METADATA` where Nova's boot metadata is ``{}`` without a lookup.

    ``None`` when a boot device names an image, volume or snapshot (its
    metadata is the service's record, found or not by :func:`boot_metadata`).
    """
    for bdm in bdms:
        if legacy:
            if _device_letter(bdm.get("device_name", "")) != "a":
                continue
        elif bdm.get("boot_index") != 0:
            continue
        if bdm.get("snapshot_id") or bdm.get("image_id") or bdm.get("volume_id"):
            return None
    return NO_BOOT_METADATA


def check_volumes(
    cloud: Cloud, bdms: list[dict[str, Any]], zone: str | None,
    deployment: Deployment, default_zone: str,
) -> str | None:
    """``_get_volumes_for_bdms`` and ``_validate_vol_az_for_create``.

    Raises Refused, or returns the server's zone: ``zone``, or the volumes'
    zone Nova pins a server without one to.
    """
    volumes: dict[str, Volume] = {}  # by id, in the order Nova's dict keeps
    unknown = False
    for bdm in bdms:
        volume_id = bdm.get("volume_id")
        if not volume_id or not isinstance(volume_id, str):
            continue
        volume = cloud.volumes.get(volume_id, _UNKNOWN)
        if volume is None:
            raise refuse(VOLUME_NOT_FOUND, volume_id=volume_id)
        if volume is _UNKNOWN:
            unknown = True
        else:
            volumes[volume_id] = volume
    if deployment.cross_az_attach or not volumes or unknown:
        return zone  # no rule, no volume, or a volume's zone unknown
    zones = [volume.availability_zone for volume in volumes.values()]
    if len(set(zones)) > 1:
        raise refuse(VOLUME_AZ_MISMATCH, reason="Volumes are in different "
                     f"availability zones: {','.join(zones)}")
    volume_zone = zones[0]
    if zone is None:
        return volume_zone if volume_zone != default_zone else zone
    if zone != volume_zone:
        raise refuse(VOLUME_AZ_MISMATCH, reason="Server and volumes are not in the "
                     f"same availability zone. Server is in: {zone}. Volumes are "
                     f"in: {volume_zone}")
    return zone


def check_bdm(
    bdm: dict[str, Any], cloud: Cloud, image_ref: str, supports_multiattach: bool
) -> None:
    """``_validate_bdm``'s service checks of one BDM, in Nova's order.

    Raises Refused, or completes ``bdm`` as Nova does: the volume type's
    name, the size of a volume, or of a snapshot BDM without one.
    """
    volume_type = bdm.get("volume_type")
    types = cloud.volume_types
    if volume_type and types is not None and isinstance(volume_type, str):
        for known in types:
            if volume_type in (known.id, known.name):
                bdm["volume_type"] = known.name
                break
        else:
            raise refuse(VOLUME_TYPE_NOT_FOUND, id_or_name=volume_type)
    image_id = bdm.get("image_id")
    volume_id = bdm.get("volume_id")
    snapshot_id = bdm.get("snapshot_id")
    if image_id is not None:
        if image_id != image_ref and isinstance(image_id, str) and (
                cloud.images.get(image_id, _UNKNOWN) is None):
            raise refuse(BDM_IMAGE_NOT_FOUND, image_id=image_id)
    elif volume_id is not None:
        volume = cloud.volumes.get(volume_id) if isinstance(volume_id, str) else None
        if volume is not None:
            if volume.multiattach and not supports_multiattach:
                raise refuse(MULTIATTACH_BEFORE_2_60)
            _reserve(volume, volume_id)
            bdm["volume_size"] = volume.size
    elif snapshot_id is not None and isinstance(snapshot_id, str):
        snapshot = cloud.snapshots.get(snapshot_id, _UNKNOWN)
        if snapshot is None:
            raise refuse(BDM_SNAPSHOT_NOT_FOUND, snapshot_id=snapshot_id)
        if snapshot is not _UNKNOWN:
            bdm["volume_size"] = bdm.get("volume_size") or snapshot.size


# cinder's attachment_create / _attachment_reserve (the reservation Nova asks for).
def _reserve(volume: Volume, volume_id: str) -> None:
    status = volume.status
    if "error" in status:
        raise refuse(VOLUME_NOT_RESERVABLE, reason=(
            "Volume attachments can not be created if the volume is in an error "
            f"state. The Volume {volume_id} currently has a status of: {status} "))
    allowed = (("available", "in-use", "downloading") if volume.multiattach
               else ("available", "downloading"))
    if status not in allowed:
        raise refuse(VOLUME_NOT_RESERVABLE, reason=(
            f"Volume {volume_id} status must be {' or '.join(allowed)} to reserve, "
            f"but the current status is {status}."))


BDM_BOOT_SEQUENCE = Rule(
    "bdm_boot_sequence", 400,
    BDM_INVALID + "Boot sequence for the instance and image/block device "
    "mapping combination is not valid.",
    "InvalidBDMBootSequence",
    doc="The non-negative boot indexes of the final BDM list are not "
    "exactly 0..n-1 with n >= 1 (an image-backed v2 request without a "
    "boot_index 0 BDM fails here).",
)

BDM_IMAGE_TO_VOLUME_WITHOUT_SIZE = Rule(
    "bdm_image_to_volume_without_size", 400,
    "Images with destination_type 'volume' need to have a non-zero size "
    "specified",
    "InvalidBDM",
    doc="source image, destination volume, no or zero volume_size.",
)

BDM_BLANK_VOLUME_WITHOUT_SIZE = Rule(
    "bdm_blank_volume_without_size", 400,
    "Blank volumes (source: 'blank', dest: 'volume') need to have non-zero size",
    "InvalidBDM",
    doc="source blank, destination volume, no or zero volume_size.",
)

BDM_DISK_BUS = Rule(
    "bdm_disk_bus", 400,
    "Block Device Mapping is Invalid.",
    "InvalidBDMDiskBus",
    doc="disk_bus not one of fdc, ide, sata, scsi, usb, virtio, xen, lxc, "
    "uml (Nova's specific message is lost to a typo).",
)

BDM_EPHEMERAL_SIZE = Rule(
    "bdm_ephemeral_size", 400,
    "Ephemeral disks requested are larger than the instance type allows. If "
    "no size is given in one block device mapping, flavor ephemeral size "
    "will be used.",
    "InvalidBDMEphemeralSize",
    needs=("flavor",),
    doc="Sum of blank/local non-swap BDM sizes (0/none: the flavor's "
    "ephemeral_gb) above the flavor's ephemeral_gb.",
)

BDM_MORE_THAN_ONE_SWAP = Rule(
    "bdm_more_than_one_swap", 400,
    BDM_INVALID + "More than one swap drive requested.",
    "InvalidBDMFormat",
    doc="Two or more blank/local BDMs with guest_format swap.",
)

BDM_SWAP_SIZE = Rule(
    "bdm_swap_size", 400,
    "Swap drive requested is larger than instance type allows.",
    "InvalidBDMSwapSize",
    needs=("flavor",),
    doc="The swap BDM's volume_size above the flavor's swap.",
)

BDM_LOCAL_DEVICES_LIMIT = Rule(
    "bdm_local_devices_limit", 400,
    BDM_INVALID + "You specified more local devices than the limit allows",
    "InvalidBDMLocalsLimit",
    needs=("deployment",),
    doc="More destination_type local BDMs than "
    "Deployment.max_local_block_devices (negative: unlimited).",
)

_DISK_BUSES = frozenset({"fdc", "ide", "sata", "scsi", "usb", "virtio", "xen", "lxc", "uml"})
_ROOT_ONLY = [0]  # boot indexes (never modified)


def validate_bdm(
    bdms: list[dict[str, Any]], flavor: Flavor | None, deployment: Deployment,
    cloud: Cloud | None, image_ref: str, supports_multiattach: bool,
) -> None:
    """``_validate_bdm`` (run per instance; identical for every instance here)."""
    indexes = []
    for bdm in bdms:
        index = bdm.get("boot_index")
        if type(index) is not int:
            index = bdm_int(index)
        if isinstance(index, int) and index >= 0:
            indexes.append(index)
    indexes.sort()
    # (the usual sequence, a root only, is matched without building a range)
    if indexes != _ROOT_ONLY and (not indexes or indexes != list(range(len(indexes)))):
        raise refuse(BDM_BOOT_SEQUENCE)
    blank_locals = []  # blank/local: the ephemeral and swap disks
    local_count = 0
    for bdm in bdms:
        if cloud is not None:  # cinder's and glance's answers, then the request's
            check_bdm(bdm, cloud, image_ref, supports_multiattach)
        source_type = bdm.get("source_type")
        destination_type = bdm.get("destination_type")
        image_id = bdm.get("image_id")
        volume_id = bdm.get("volume_id")
        snapshot_id = bdm.get("snapshot_id")
        volume_size = bdm.get("volume_size")
        disk_bus = bdm.get("disk_bus")
        if image_id is not None:
            if (source_type == "image" and destination_type == "volume"
                    and not volume_size):
                raise refuse(BDM_IMAGE_TO_VOLUME_WITHOUT_SIZE)
        elif volume_id is not None or snapshot_id is not None:
            pass  # cinder's answers: check_bdm
        elif source_type == "blank" and destination_type == "volume" and not volume_size:
            raise refuse(BDM_BLANK_VOLUME_WITHOUT_SIZE)
        if disk_bus and disk_bus not in _DISK_BUSES:
            raise refuse(BDM_DISK_BUS)
        if destination_type == "local":
            local_count += 1
            if source_type == "blank":
                blank_locals.append(bdm)
    if flavor is not None:
        total = sum((bdm_int(b.get("volume_size")) or flavor.ephemeral_gb)
                    for b in blank_locals if is_ephemeral_bdm(b))
        if total > flavor.ephemeral_gb:
            raise refuse(BDM_EPHEMERAL_SIZE)
    swaps = [b for b in blank_locals if is_swap_bdm(b)] if blank_locals else []
    if len(swaps) > 1:
        raise refuse(BDM_MORE_THAN_ONE_SWAP)
    if swaps and flavor is not None and (bdm_int(swaps[0].get("volume_size")) or 0) > (
            flavor.swap):
        raise refuse(BDM_SWAP_SIZE)
    limit = deployment.max_local_block_devices
    if 0 <= limit < local_count:
        raise refuse(BDM_LOCAL_DEVICES_LIMIT)

