"""The request-only checks of Nova's ``compute_api.create``, in Nova's order.

A body that Nova's API layer accepts is handed to
``nova.compute.api.API.create``, which can still refuse it (400/403/409)
before any server exists. This module reproduces every such check that is
decidable from the request itself, plus the ones that need a fact the
caller may know (:mod:`bootreq.context`: the flavor, the image metadata, the
quota limits, configuration). A rule whose fact is unknown is skipped.

Every rule is a :class:`Rule` in :data:`RULES` (name, status, message,
Nova's exception, the context it needs), listed in Nova's code order;
:func:`check` runs them and either returns Nova's error or the build
request with :attr:`BuildRequest.compute` filled in: what the compute layer
derives and carries onwards (defaulted security groups and counts, hints
without ``_nova*`` keys, the final block device mapping list, ...).

Checks that need another service's answer (does the image / volume /
network / key pair / security group exist, quota *usage*, host existence)
are not made: bootreq assumes the service agrees. Nova interleaves them
with the checks below, so in a real deployment a service failure can be
reported before a rule listed here.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import attrs

from bootreq._digits import DIGIT
from bootreq._frozen import EMPTY_MAPPING, freeze, thaw
from bootreq.context import Deployment, Flavor, Image
from bootreq.errors import HttpError
from bootreq.model import (
    BDM_DB_FIELDS,
    BDM_FIELDS,
    BDM_LEGACY_FIELDS,
    BlockDeviceMapping,
    BuildRequest,
    Options,
)

__all__ = [
    "RULES",
    "ZERO_DISK_FLAVOR_POLICY",
    "ComputeResult",
    "InstanceNames",
    "Rule",
    "check",
    "rule",
]


def __dir__() -> list[str]:
    return __all__


#: The policy ``_validate_flavor_image`` checks (non-fatally) for an
#: image-backed server on a flavor with ``root_gb == 0``.
ZERO_DISK_FLAVOR_POLICY = "os_compute_api:servers:create:zero_disk_flavor"

_GiB = 1024**3


@attrs.frozen
class Rule:
    """One check of ``compute_api.create``: what Nova answers and when.

    ``message`` is a :meth:`str.format` template over the named values the
    rule reports (``{image_id}``, ``{allowed}``, ...). ``needs`` names the
    context the rule reads besides the request: ``"flavor"``, ``"image"``
    (:class:`~bootreq.context.Flavor` / :class:`~bootreq.context.Image`; the
    rule is skipped without it), ``"limits"``, ``"deployment"`` (always
    known: Nova's defaults), ``"authorize"``. ``nova_status`` differs from
    ``status`` only where Nova answers 500 for a client's mistake; bootreq
    then answers ``status`` with ``message`` (a documented deviation).
    """

    name: str
    status: int
    message: str
    nova_exception: str
    needs: tuple[str, ...] = ()
    nova_status: int | None = None
    doc: str = ""

    def error(self, **values: Any) -> HttpError:
        return HttpError.of(self.status, self.message.format(**values))


_BDM_INVALID = "Block Device Mapping is Invalid: "

#: Every rule, in the order Nova's code reaches it.
RULES: tuple[Rule, ...] = (
    Rule(
        "fixed_ip_with_multiple_instances", 400,
        "Failed to launch instances: max_count cannot be greater than 1 if an "
        "fixed_ip is specified.",
        "InvalidFixedIpAndMaxCountRequest",
        doc="A requested network with both a network id and a fixed IP while "
        "max_count > 1.",
    ),
    Rule(
        "port_with_multiple_instances", 400,
        "Failed to launch instances: Unable to launch multiple instances with a "
        "single configured port ID. Please launch your instance one by one with "
        "different ports.",
        "MultiplePortsNotApplicable",
        doc="A requested port while max_count > 1.",
    ),
    Rule(
        "hostname_with_multiple_instances", 400,
        "Unable to allocate a single hostname to multiple instances",
        "AmbiguousHostnameForMultipleInstances",
        doc="A 2.90+ hostname while max_count > 1.",
    ),
    Rule(
        "availability_zone_not_available", 400,
        "The requested availability zone is not available",
        "InvalidRequest",
        needs=("deployment",),
        doc="A zone (and no forced host, not even an empty one) that is not "
        "among Deployment.available_zones; skipped when those are unknown.",
    ),
    Rule(
        "trusted_certs_with_boot_from_volume", 400,
        "Image certificate validation is not supported when booting from volume",
        "CertificateValidationFailed",
        needs=("deployment",),
        doc="Boot from volume with trusted_image_certificates, or with the three "
        "[glance] certificate options set.",
    ),
    Rule(
        "auto_disk_config_disabled_by_image", 400,
        "Requested image {image_id} has automatic disk resize disabled.",
        "AutoDiskConfigDisabledByImage",
        needs=("image",),
        doc="OS-DCF:diskConfig AUTO with image property auto_disk_config "
        "'disabled' (stripped, any case).",
    ),
    Rule(
        "flavor_disabled", 400,
        "Flavor {flavor_id} could not be found.",
        "FlavorNotFound",
        needs=("flavor",),
        doc="A disabled flavor. Nova names its internal database id (Flavor.id); "
        "without it bootreq names the requested flavor id.",
    ),
    Rule(
        "volume_uses_root_device_name", 400,
        "The volume cannot be assigned the same device name as the root device "
        "{root_device_name}",
        "InvalidRequest",
        needs=("image",),
        doc="Image-backed boot with a volume BDM named like the root device "
        "(image property root_device_name or mappings, else vda; a name from "
        "the image keeps /dev/, so in practice only vda matches).",
    ),
    Rule(
        "bdm_unrecognized_legacy_format", 400,
        _BDM_INVALID + "Unrecognized legacy format.",
        "InvalidBDMFormat",
        doc="A legacy BDM that is neither swap/ephemeral, snapshot, volume nor "
        "no_device (also for legacy image-defined BDMs).",
    ),
    Rule(
        "bdm_invalid_format", 400,
        _BDM_INVALID + "{details}",
        "InvalidBDMFormat",
        doc="BlockDeviceDict validation of converted legacy and image-defined "
        "BDMs: invalid fields, missing source_type, device name empty, too "
        "long or with spaces, invalid volume_size, invalid boot index.",
    ),
    Rule(
        "volume_with_multiple_instances", 400,
        "Cannot attach one or more volumes to multiple instances",
        "InvalidRequest",
        doc="A BDM with source_type volume while min_count or max_count > 1.",
    ),
    Rule(
        "metadata_items_quota", 403,
        "Maximum number of metadata items exceeds {allowed}",
        "MetadataLimitExceeded",
        needs=("limits",),
        doc="More metadata items than Limits.metadata_items.",
    ),
    Rule(
        "metadata_invalid", 400,
        "Invalid metadata: {reason}",
        "InvalidMetadata",
        doc="Legacy 2.0 only: a metadata value that is not a string, or an "
        "empty key.",
    ),
    Rule(
        "metadata_too_long", 400,
        "Invalid metadata size: Metadata property {what} greater than 255 "
        "characters",
        "InvalidMetadataSize",
        nova_status=500,
        doc="Legacy 2.0 only: a metadata key or value longer than 255. Nova "
        "does not map InvalidMetadataSize and answers 500.",
    ),
    Rule(
        "personality_file_count_quota", 403,
        "Personality file limit exceeded",
        "OnsetFileLimitExceeded",
        needs=("limits",),
        doc="More personality files than Limits.injected_files.",
    ),
    Rule(
        "personality_path_quota", 403,
        "Personality file path exceeds maximum {allowed}",
        "OnsetFilePathLimitExceeded",
        needs=("limits",),
        doc="The longest path above Limits.injected_file_path_length.",
    ),
    Rule(
        "personality_content_quota", 403,
        "Personality file content exceeds maximum {allowed}",
        "OnsetFileContentLimitExceeded",
        needs=("limits",),
        doc="The longest contents (base64 text length) above "
        "Limits.injected_file_content_bytes.",
    ),
    Rule(
        "image_from_encrypted_volume", 400,
        "Image {image_id} is unacceptable: Direct booting of an image uploaded "
        "from an encrypted volume is unsupported.",
        "ImageUnacceptable",
        needs=("image",),
        doc="Image-backed boot of an image with property cinder_encryption_key_id.",
    ),
    Rule(
        "image_not_active", 400,
        "Image {image_id} is not active.",
        "ImageNotActive",
        needs=("image",),
        doc="Image status other than active (boot from volume: image_id is None).",
    ),
    Rule(
        "flavor_memory_too_small", 400,
        "Flavor's memory is too small for requested image.",
        "FlavorMemoryTooSmall",
        needs=("flavor", "image"),
        doc="Flavor memory_mb below the image's min_ram.",
    ),
    Rule(
        "volume_smaller_than_min_disk", 400,
        "Volume is smaller than the minimum size specified in image metadata. "
        "Volume size is {volume_size} bytes, minimum size is {image_min_disk} bytes.",
        "VolumeSmallerThanMinDisk",
        needs=("flavor", "image"),
        doc="Root BDM is a volume with a volume_size below the image's min_disk.",
    ),
    Rule(
        "flavor_disk_smaller_than_image", 400,
        "Flavor's disk is too small for requested image. Flavor disk is "
        "{flavor_size} bytes, image is {image_size} bytes.",
        "FlavorDiskSmallerThanImage",
        needs=("flavor", "image"),
        doc="Local root, root_gb > 0, image size above root_gb GiB.",
    ),
    Rule(
        "flavor_disk_smaller_than_min_disk", 400,
        "Flavor's disk is smaller than the minimum size specified in image "
        "metadata. Flavor disk is {flavor_size} bytes, minimum size is "
        "{image_min_disk} bytes.",
        "FlavorDiskSmallerThanMinDisk",
        needs=("flavor", "image"),
        doc="Local root, root_gb > 0, image min_disk above root_gb.",
    ),
    Rule(
        "zero_disk_flavor", 403,
        "Only volume-backed servers are allowed for flavors with zero disk.",
        "BootFromVolumeRequiredForZeroDiskFlavor",
        needs=("flavor", "image", "authorize"),
        doc="Local root on a root_gb 0 flavor while Options.authorize denies "
        "os_compute_api:servers:create:zero_disk_flavor (admin-only by default "
        "in Nova).",
    ),
    Rule(
        "scheduler_hint_not_string", 400,
        "Invalid scheduler hint {hint}: values must be strings, numbers, "
        "booleans or lists of them.",
        "ValueError",
        nova_status=500,
        doc="A scheduler hint value that is an object, null, or a list holding "
        "one of those or a list. The schema accepts it; Nova fails building "
        "the request spec and answers 500.",
    ),
    Rule(
        "bdm_boot_sequence", 400,
        _BDM_INVALID + "Boot sequence for the instance and image/block device "
        "mapping combination is not valid.",
        "InvalidBDMBootSequence",
        doc="The non-negative boot indexes of the final BDM list are not "
        "exactly 0..n-1 with n >= 1 (an image-backed v2 request without a "
        "boot_index 0 BDM fails here).",
    ),
    Rule(
        "bdm_image_to_volume_without_size", 400,
        "Images with destination_type 'volume' need to have a non-zero size "
        "specified",
        "InvalidBDM",
        doc="source image, destination volume, no or zero volume_size.",
    ),
    Rule(
        "bdm_blank_volume_without_size", 400,
        "Blank volumes (source: 'blank', dest: 'volume') need to have non-zero size",
        "InvalidBDM",
        doc="source blank, destination volume, no or zero volume_size.",
    ),
    Rule(
        "bdm_disk_bus", 400,
        "Block Device Mapping is Invalid.",
        "InvalidBDMDiskBus",
        doc="disk_bus not one of fdc, ide, sata, scsi, usb, virtio, xen, lxc, "
        "uml (Nova's specific message is lost to a typo).",
    ),
    Rule(
        "bdm_ephemeral_size", 400,
        "Ephemeral disks requested are larger than the instance type allows. If "
        "no size is given in one block device mapping, flavor ephemeral size "
        "will be used.",
        "InvalidBDMEphemeralSize",
        needs=("flavor",),
        doc="Sum of blank/local non-swap BDM sizes (0/none: the flavor's "
        "ephemeral_gb) above the flavor's ephemeral_gb.",
    ),
    Rule(
        "bdm_more_than_one_swap", 400,
        _BDM_INVALID + "More than one swap drive requested.",
        "InvalidBDMFormat",
        doc="Two or more blank/local BDMs with guest_format swap.",
    ),
    Rule(
        "bdm_swap_size", 400,
        "Swap drive requested is larger than instance type allows.",
        "InvalidBDMSwapSize",
        needs=("flavor",),
        doc="The swap BDM's volume_size above the flavor's swap.",
    ),
    Rule(
        "bdm_local_devices_limit", 400,
        _BDM_INVALID + "You specified more local devices than the limit allows",
        "InvalidBDMLocalsLimit",
        needs=("deployment",),
        doc="More destination_type local BDMs than "
        "Deployment.max_local_block_devices (negative: unlimited).",
    ),
)

_RULES_BY_NAME = {r.name: r for r in RULES}


def rule(name: str) -> Rule:
    """The rule called ``name`` (:data:`RULES` lists them all)."""
    return _RULES_BY_NAME[name]


# A dict class: filling its many fields costs half a slotted class's.
@attrs.frozen(slots=False)
class ComputeResult:
    """What ``compute_api.create`` derives from the request and carries on.

    - ``min_count``, ``max_count``: after Nova's defaults (``max_count`` may
      still be lowered by the port quota, a service fact).
    - ``security_groups``: the request's, or ``("default",)``.
    - ``scheduler_hints``: without keys starting ``_nova`` (OSSA-2026-022).
    - ``request_spec_hints``: the same as the request spec stores them, every
      value a list of strings.
    - ``force_hosts``, ``force_nodes``: from a forced host / node (truthy only).
    - ``tags``: the request's, or ``()``.
    - ``config_drive``: ``True`` or ``""`` (Nova's column value).
    - ``auto_disk_config``: the request's, else inherited from the image
      property (``None`` when neither is known).
    - ``root_device_name``: from the image (``None``: none given / unknown).
    - ``block_device_mappings``: the final list of one instance (request,
      image-defined and, when the flavor is known, flavor-defined BDMs, after
      legacy conversion and the size updates), each as a read-only mapping of
      exactly the fields Nova's object has set.
    - ``is_bfv``: the root BDM is a volume.
    - ``instance_names``: ``(display_name, hostname)`` per instance; the
      hostname is ``None`` where Nova would use ``Server-<uuid>``.
    """

    min_count: int
    max_count: int
    security_groups: tuple[str, ...]
    scheduler_hints: Mapping[str, Any]
    request_spec_hints: Mapping[str, tuple[str, ...]]
    force_hosts: tuple[str, ...] | None
    force_nodes: tuple[str, ...] | None
    tags: tuple[str, ...]
    config_drive: bool | str
    auto_disk_config: bool | None
    root_device_name: str | None
    block_device_mappings: tuple[Mapping[str, Any], ...]
    is_bfv: bool
    instance_names: InstanceNames


@attrs.frozen(slots=False)  # (a dict class: cheaper to fill)
class InstanceNames:
    """``(display_name, hostname)`` of each of ``total`` instances, made on demand.

    ``max_count`` is whatever the client asked for (Nova's quota check, which
    needs usage figures, is what bounds it), so the names are never built all
    at once: index them, or iterate (lazily).
    """

    name: str
    hostname: str | None
    total: int

    def __getitem__(self, index: int) -> tuple[str, str | None]:
        if index < 0:
            index += self.total
        if not 0 <= index < self.total:
            raise IndexError(index)
        display, hostname = self.name, self.hostname
        if not hostname:
            hostname = _sanitize_hostname(display) or None
            if hostname and self.total > 1:
                hostname = f"{hostname}-{index + 1}"
        if self.total > 1:
            display = f"{display}-{index + 1}"
        return display, hostname

    def __iter__(self) -> Iterator[tuple[str, str | None]]:
        index = 0
        while index < self.total:
            yield self[index]
            index += 1


class _Refused(Exception):
    """Internal: a rule fired (carries Nova's answer out of the helpers)."""

    def __init__(self, error: HttpError) -> None:
        super().__init__(error.message)
        self.error = error


def _refuse(name: str, **values: Any) -> _Refused:
    return _Refused(_RULES_BY_NAME[name].error(**values))


# BuildRequest's fields but the last two, which check() sets.
_KEPT_FIELDS = tuple(f.name for f in attrs.fields(BuildRequest))[:-2]
assert tuple(f.name for f in attrs.fields(BuildRequest))[-2:] == ("policies", "compute")
_KEPT_VALUES = operator.attrgetter(*_KEPT_FIELDS)


def check(request: BuildRequest, options: Options) -> BuildRequest | HttpError:
    """Run the compute-layer checks on an API-layer result, in Nova's order.

    Returns Nova's error for the first rule that fires, else ``request`` with
    ``compute`` set (and the zero-disk policy appended to ``policies`` where
    Nova checks it).
    """
    try:
        result, policies = _run(request, options)
    except _Refused as refused:
        return refused.error
    # attrs.evolve(request, policies=..., compute=result), without its overhead.
    fields: tuple[Any, ...] = (*_KEPT_VALUES(request), policies, result)
    return BuildRequest(*fields)


def _check_in_place(request: BuildRequest, options: Options) -> BuildRequest | HttpError:
    """:func:`check` for a request parse() has just built and not handed out.

    Nobody else holds ``request`` yet, so its two compute fields are set on
    it rather than on a 35-field copy.
    """
    try:
        result, policies = _run(request, options)
    except _Refused as refused:
        return refused.error
    object.__setattr__(request, "compute", result)
    if policies is not request.policies:
        object.__setattr__(request, "policies", policies)
    return request


# --- helpers mirroring nova.block_device -----------------------------------

# Python 3.11's \d (Unicode 14.0 digits), whatever the running Python.
_EPHEMERAL = re.compile(rf"^ephemeral({DIGIT}|[1-9]{DIGIT}+)$")
_DISK_BUSES = frozenset({"fdc", "ide", "sata", "scsi", "usb", "virtio", "xen", "lxc", "uml"})
_ROOT_ONLY = [0]  # boot indexes (never modified)
# The fields _validate_bdm reads of each BDM.
_VALIDATED_FIELDS = ("source_type", "destination_type", "image_id", "volume_id", "snapshot_id",
                     "volume_size", "disk_bus")
_TRUE_STRINGS = ("1", "t", "true", "on", "y", "yes")
_FALSE_STRINGS = ("0", "f", "false", "off", "n", "no")

# BlockDeviceDict's fields, and the db-only ones it tolerates.
_NEW_FIELDS = frozenset(BDM_FIELDS)
_LEGACY_FIELDS = frozenset(BDM_LEGACY_FIELDS)
_DB_FIELDS = BDM_DB_FIELDS
_VALID_FIELDS = _NEW_FIELDS | _DB_FIELDS
# What the capture of Nova's BlockDeviceMapping object shows, in order.
_OBJECT_FIELDS = (
    "boot_index", "source_type", "destination_type", "device_name", "device_type",
    "disk_bus", "guest_format", "volume_size", "volume_id", "snapshot_id",
    "image_id", "delete_on_termination", "no_device", "tag", "volume_type",
    "attachment_id", "encrypted", "encryption_secret_uuid", "encryption_format",
    "encryption_options",
)
# How Nova's object fields coerce a value: IntegerField, BooleanField(default
# False), or a string field (numbers become strings; anything else is kept).
_INT_FIELDS = frozenset({"boot_index", "volume_size"})
_BOOL_FIELDS = frozenset({"delete_on_termination", "no_device", "encrypted"})
# BlockDeviceDict's defaulted fields (None), all of them or the computable ones.
# Plain dicts (never modified): {**d} copies a dict much faster than a proxy.
_NON_COMPUTABLE = frozenset({"boot_index", "disk_bus", "guest_format", "device_type"})
_ALL_DEFAULTS: dict[str, None] = dict.fromkeys(_NEW_FIELDS)
_COMPUTABLE_DEFAULTS: dict[str, None] = dict.fromkeys(_NEW_FIELDS - _NON_COMPUTABLE)
# The legacy fields _from_legacy copies over as they are.
_LEGACY_COPY_OVER = (_LEGACY_FIELDS & _NEW_FIELDS) | _DB_FIELDS
_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})
# What a None value becomes on the object: BooleanField(default=False) takes
# the default, the other fields keep None. The template: every object field but
# attachment_id (which a dict seldom holds), in order.
_OBJECT_DEFAULTS = {name: False if name in _BOOL_FIELDS else None for name in _OBJECT_FIELDS}
_USUAL_OBJECT = {name: v for name, v in _OBJECT_DEFAULTS.items() if name != "attachment_id"}
_USUAL_OBJECT_FIELDS = frozenset(_USUAL_OBJECT)
_MUTABLE_JSON = (dict, list)


def _strip_dev(name: Any) -> Any:
    return name.removeprefix("/dev/") if isinstance(name, str) else name


def _prepend_dev(name: Any) -> Any:
    return name and "/dev/" + _strip_dev(name)


def _is_swap_or_ephemeral(name: Any) -> bool:
    return bool(name) and (name == "swap" or (
        isinstance(name, str) and _EPHEMERAL.match(name) is not None))


def _bool_from_string(value: Any, strict: bool = False) -> bool:
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


def _is_ephemeral_bdm(bdm: Mapping[str, Any]) -> bool:
    return (bdm.get("source_type") == "blank" and bdm.get("destination_type") == "local"
            and bdm.get("guest_format") != "swap")


def _is_swap_bdm(bdm: Mapping[str, Any]) -> bool:
    return (bdm.get("source_type") == "blank" and bdm.get("destination_type") == "local"
            and bdm.get("guest_format") == "swap")


def _block_device_dict(
    values: dict[str, Any], defaults: dict[str, None] = _ALL_DEFAULTS
) -> dict[str, Any]:
    """``BlockDeviceDict(values, do_not_default)``: validate, then default.

    ``defaults`` is ``dict.fromkeys`` of the fields not in ``do_not_default``.
    """
    fields = set(values)
    bogus = fields - _VALID_FIELDS
    if bogus:
        # Nova joins a set: the order is Python's set order for these strings.
        raise _refuse("bdm_invalid_format",
                      details="Following fields are invalid: " + " ".join(bogus))
    if not values.get("no_device"):
        if "source_type" not in fields:
            raise _refuse("bdm_invalid_format", details="Some required fields are missing")
        if "delete_on_termination" in values:
            try:
                values["delete_on_termination"] = _bool_from_string(
                    values["delete_on_termination"])
            except ValueError:  # pragma: no cover - non-strict never raises
                pass
        name = values.get("device_name")
        if name is not None:
            if not isinstance(name, str) or not 1 <= len(name) <= 255:
                raise _refuse("bdm_invalid_format", details="Device name empty or too long.")
            if " " in name:
                raise _refuse("bdm_invalid_format", details="Device name contains spaces.")
        if values.get("volume_size"):
            try:
                size = int(str(values["volume_size"]))
            except (ValueError, UnicodeEncodeError):
                raise _refuse("bdm_invalid_format", details="Invalid volume_size.") from None
            if size < 0:
                raise _refuse("bdm_invalid_format", details="Invalid volume_size.")
            values["volume_size"] = size
        if values.get("boot_index"):
            try:
                values["boot_index"] = int(values["boot_index"])
            except (TypeError, ValueError):
                raise _refuse("bdm_invalid_format", details="Boot index is invalid.") from None
    if values.get("device_name"):
        values["device_name"] = _prepend_dev(values["device_name"])
    values["delete_on_termination"] = bool(values.get("delete_on_termination"))
    return {**defaults, **values}


def _from_legacy(legacy: Mapping[str, Any], ephemeral_format: str | None) -> dict[str, Any]:
    new = {k: v for k, v in legacy.items() if k in _LEGACY_COPY_OVER}
    virtual = legacy.get("virtual_name")
    if _is_swap_or_ephemeral(virtual):
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
        raise _refuse("bdm_unrecognized_legacy_format")
    return _block_device_dict(new, _COMPUTABLE_DEFAULTS)


# BlockDeviceDict of an image's root disk: valid as it is, the rest defaulted.
_IMAGE_BDM: dict[str, Any] = {
    **_ALL_DEFAULTS, "source_type": "image", "image_id": None,
    "delete_on_termination": True, "boot_index": 0, "device_type": "disk",
    "destination_type": "local",
}


def _image_bdm(image_ref: str) -> dict[str, Any]:
    bdm = _IMAGE_BDM.copy()  # (a copy of a dict its size: no rehashing)
    bdm["image_id"] = image_ref
    return bdm


def _blank_bdm(size: Any, guest_format: str | None = None) -> dict[str, Any]:
    return _block_device_dict({
        "source_type": "blank", "delete_on_termination": True, "device_type": "disk",
        "boot_index": -1, "destination_type": "local", "guest_format": guest_format,
        "volume_size": size,
    })


def _from_legacy_mapping(
    legacy_bdms: Sequence[Mapping[str, Any]], image_ref: str | None,
    root_device_name: str | None, no_root: bool, ephemeral_format: str | None,
) -> list[dict[str, Any]]:
    new = [_from_legacy(b, ephemeral_format) for b in legacy_bdms] if legacy_bdms else []
    if no_root:
        for bdm in new:
            bdm["boot_index"] = -1
        return new
    volume_backed = False
    image_bdm = None
    if not root_device_name and not image_ref:
        non_blank = [b for b in new if b["source_type"] != "blank"]
        if non_blank:
            non_blank[0]["boot_index"] = 0
    else:
        for bdm in new:
            if (bdm["source_type"] in ("volume", "snapshot", "image")
                    and root_device_name is not None
                    and _strip_dev(bdm.get("device_name")) == _strip_dev(root_device_name)):
                bdm["boot_index"] = 0
                volume_backed = True
            elif not bdm["no_device"]:
                bdm["boot_index"] = -1
            else:
                bdm["boot_index"] = None
        if not volume_backed and image_ref:
            image_bdm = _image_bdm(image_ref)
    return ([image_bdm] if image_bdm else []) + new


def _root_device_name(properties: Mapping[str, Any]) -> str | None:
    name = None
    mappings = properties.get("mappings") or ()
    if isinstance(mappings, (list, tuple)):
        for m in mappings:
            if isinstance(m, Mapping) and m.get("virtual") == "root":
                name = m.get("device")
    if "root_device_name" in properties:
        name = properties["root_device_name"]
    return name if name is None else str(name)


def _to_int(value: Any) -> Any:
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


def _as_object(bdm: Mapping[str, Any]) -> Mapping[str, Any]:
    """Nova's BlockDeviceMapping object built from a dict: the fields it sets."""
    if "attachment_id" not in bdm and bdm.keys() >= _USUAL_OBJECT_FIELDS:
        out = _USUAL_OBJECT.copy()  # the usual dict: a cheap copy of the template
    else:
        out = {name: _OBJECT_DEFAULTS[name] for name in _OBJECT_FIELDS if name in bdm}
    # out holds each field the dict sets, in order, with a None value's result;
    # now the other values.
    nested = False
    for name, value in bdm.items():
        if value is None or name not in out:
            continue
        if name in _BOOL_FIELDS:
            value = bool(value)
        elif name in _INT_FIELDS:
            value = _to_int(value)
            nested = nested or isinstance(value, _MUTABLE_JSON)
        elif type(value) is str:
            pass
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        else:
            nested = nested or isinstance(value, _MUTABLE_JSON)
        out[name] = value
    # Values are JSON scalars but for the rare container (no_device: {}).
    frozen: Mapping[str, Any] = freeze(out) if nested else MappingProxyType(out)
    return frozen


class _ObjectFields(Mapping[str, Any]):
    """One final BDM as Nova's BlockDeviceMapping object holds it, made on first read.

    Callers that only want the verdict never read these, so the coercions of
    :func:`_as_object` wait until someone does; ``bdm`` is compute's private
    dict, never changed once final.
    """

    __slots__ = ("_bdm", "_fields")

    def __init__(self, bdm: dict[str, Any]) -> None:
        self._bdm = bdm
        self._fields: Mapping[str, Any] | None = None

    def _view(self) -> Mapping[str, Any]:
        fields = self._fields
        if fields is None:
            fields = self._fields = _as_object(self._bdm)
        return fields

    def __getitem__(self, name: str) -> Any:
        return self._view()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._view())

    def __len__(self) -> int:
        return len(self._view())

    def __repr__(self) -> str:
        return repr(dict(self._view()))


def _hint_values(value: Any) -> tuple[str, ...] | None:
    """``DictOfListOfStringsField`` coercion; ``None`` where Nova raises."""
    if type(value) is str:
        return (value,)  # the usual hint
    items = value if isinstance(value, (list, tuple)) else [value]
    out = []
    for item in items:
        if isinstance(item, bool):
            out.append(str(item))
        elif isinstance(item, (str, int, float)):
            out.append(str(item))
        else:
            return None
    return tuple(out)


_HOSTNAME_SEPARATORS = re.compile(r"[ _\.]")
_HOSTNAME_INVALID = re.compile(r"[^\w.-]+")


def _sanitize_hostname(name: str) -> str:
    name = name.encode("latin-1", "ignore").decode("latin-1")[:63]
    name = _HOSTNAME_SEPARATORS.sub("-", name)
    name = _HOSTNAME_INVALID.sub("", name)
    return name.lower().strip(".-")


_BDM_VALUES = operator.attrgetter(*BDM_FIELDS)


def _bdm_dict(bdm: BlockDeviceMapping) -> dict[str, Any]:
    """:meth:`BlockDeviceMapping.to_nova_dict`, thawing only container values."""
    if bdm.legacy:
        return {k: v if type(v) in _JSON_SCALARS else thaw(v)
                for k, v in bdm.request_fields.items()}
    out = dict(zip(BDM_FIELDS, _BDM_VALUES(bdm), strict=True))
    # A v2 mapping's one field that may hold a container.
    if type(out["no_device"]) not in _JSON_SCALARS:
        out["no_device"] = thaw(out["no_device"])
    return out


def _public_hints(hints: Mapping[str, Any]) -> Mapping[str, Any]:
    """Non-empty scheduler hints without ``_nova*`` keys, frozen (OSSA-2026-022)."""
    if type(hints) is MappingProxyType and not any(str(k).startswith("_nova") for k in hints):
        return hints  # frozen JSON already (parse() froze it)
    frozen: Mapping[str, Any] = freeze(
        {k: v for k, v in thaw(hints).items() if not str(k).startswith("_nova")})
    return frozen


# --- the run ---------------------------------------------------------------


def _run(request: BuildRequest, options: Options) -> tuple[ComputeResult, tuple[str, ...]]:
    """The compute result and the request's policies, or raise _Refused.

    One function, in ``compute_api.create``'s order, with the service facts
    read once: calls and objects are most of this step's cost.
    """
    req = request
    flavor, image, deployment = options.flavor, options.image, options.deployment

    # create(): before any service call.
    networks = req.requested_networks
    if req.max_count > 1:
        if networks and not isinstance(networks, str):
            if any(n.network_id and n.address for n in networks):
                raise _refuse("fixed_ip_with_multiple_instances")
            if any(n.port_id for n in networks):
                raise _refuse("port_with_multiple_instances")
        if req.hostname:
            raise _refuse("hostname_with_multiple_instances")
    zones = deployment.available_zones
    if (zones is not None and req.availability_zone and req.forced_host is None
            and req.availability_zone not in zones):
        raise _refuse("availability_zone_not_available")

    # (the usual request has no hints: no call)
    hints = _public_hints(req.scheduler_hints) if req.scheduler_hints else EMPTY_MAPPING
    # _create_instance's normalisation.
    security_groups = tuple(req.security_groups) if req.security_groups else ("default",)
    min_count = req.min_count or 1
    max_count = req.max_count or min_count
    tags = tuple(req.tags) if req.tags else ()
    image_ref = req.image_ref or ""
    legacy = True if req.legacy_bdm is None else bool(req.legacy_bdm)
    mappings = req.block_device_mappings
    bdms = [_bdm_dict(b) for b in mappings] if mappings else []

    if not image_ref:
        if req.trusted_certs or (deployment.verify_glance_signatures
                                 and deployment.enable_certificate_validation
                                 and deployment.default_trusted_certificate_ids):
            raise _refuse("trusted_certs_with_boot_from_volume")
    image_id = (image.id or image_ref) if image is not None and image_ref else None
    meta_id = image.id if image is not None and image.id is not None else (
        image_ref or None)
    props: Mapping[str, Any] = image.properties if image is not None else EMPTY_MAPPING

    # _check_auto_disk_config, then again in _inherit_properties_from_image.
    if image is not None:
        raw = props.get("auto_disk_config")
        if (req.auto_disk_config and isinstance(raw, str)
                and raw.strip().lower() == "disabled"):
            raise _refuse("auto_disk_config_disabled_by_image", image_id=meta_id)
    if flavor is not None and flavor.disabled:
        flavor_id = flavor.id if flavor.id is not None else req.flavor_id
        raise _refuse("flavor_disabled", flavor_id=flavor_id)
    config_drive: bool | str = ""
    if req.config_drive:
        try:
            config_drive = True if _bool_from_string(req.config_drive, strict=True) else ""
        except ValueError:  # unreachable after the schema
            config_drive = ""
    root_device_name = (
        None if image is None else _prepend_dev(_root_device_name(props)) or None)
    auto_disk_config = req.auto_disk_config
    if auto_disk_config is None and image is not None:
        auto_disk_config = _bool_from_string(props.get("auto_disk_config"))

    # _transform_bdms: the request's mappings, the image's, the flavor's.
    root_name = root_device_name or "vda"
    if image_ref:
        for bdm in bdms:
            if (bdm.get("destination_type") == "volume"
                    and _strip_dev(bdm.get("device_name")) == root_name):
                raise _refuse("volume_uses_root_device_name", root_device_name=root_name)
    image_defined = (
        [] if image is None else _image_defined_bdms(image, flavor, deployment, root_name))
    root_in_image = bool(image_defined) and any(
        b.get("boot_index", -1) == 0 for b in image_defined)
    if legacy:
        bdms = _from_legacy_mapping(bdms, image_ref, root_name, root_in_image,
                                    deployment.default_ephemeral_format)
    elif root_in_image:
        bdms = [b for b in bdms
                if not (b.get("boot_index") == 0 and b.get("source_type") == "image")]
    if image_defined:
        names = {b["device_name"] for b in bdms if b.get("device_name")}
        bdms = bdms + [b for b in image_defined if b.get("device_name") not in names]
    if (min_count > 1 or max_count > 1) and any(
            b.get("source_type") == "volume" for b in bdms):
        raise _refuse("volume_with_multiple_instances")
    if flavor is not None:
        if flavor.ephemeral_gb and not any(_is_ephemeral_bdm(b) for b in bdms):
            bdms.append(_blank_bdm(flavor.ephemeral_gb))
        if flavor.swap and not any(_is_swap_bdm(b) for b in bdms):
            bdms.append(_blank_bdm(flavor.swap, "swap"))

    root: dict[str, Any] | None = None
    for bdm in bdms:
        if bdm.get("boot_index") == 0:
            root = bdm
            break
    zero_disk_checked = _checks_for_create(req, options, image_id, root)

    request_spec_hints: Mapping[str, tuple[str, ...]] = EMPTY_MAPPING
    if hints:
        coerced_hints = {}
        for key, value in hints.items():
            coerced = _hint_values(value)
            if coerced is None:
                raise _refuse("scheduler_hint_not_string", hint=key)
            coerced_hints[key] = coerced  # a tuple of strings: frozen already
        request_spec_hints = MappingProxyType(coerced_hints)

    _validate_bdm(bdms, flavor, deployment)
    if flavor is not None:
        for bdm in bdms:
            if (bdm.get("volume_size") is None and bdm.get("source_type") == "blank"
                    and bdm.get("destination_type") == "local"):
                bdm["volume_size"] = (flavor.swap if bdm.get("guest_format") == "swap"
                                      else flavor.ephemeral_gb)
    is_bfv = bool(root and root.get("destination_type") == "volume")

    # Positional arguments, in ComputeResult's field order: with fourteen
    # fields, keyword matching costs as much as the construction itself.
    result = ComputeResult(
        min_count,
        max_count,
        security_groups,
        hints,  # scheduler_hints
        request_spec_hints,
        (req.forced_host,) if req.forced_host else None,  # force_hosts
        (req.forced_node,) if req.forced_node else None,  # force_nodes
        tags,
        config_drive,
        auto_disk_config,
        root_device_name,
        tuple(map(_ObjectFields, bdms)),  # block_device_mappings
        is_bfv,
        InstanceNames(req.name, req.hostname, max_count),
    )
    policies = req.policies
    if zero_disk_checked:
        policies = (*policies, ZERO_DISK_FLAVOR_POLICY)
    return result, tuple(policies)


def _image_defined_bdms(
    image: Image, flavor: Flavor | None, deployment: Deployment, root_name: str
) -> list[dict[str, Any]]:
    props = image.properties
    defined = thaw(props.get("block_device_mapping")) or []
    if not isinstance(defined, list):
        defined = []
    # Glance stores bdm_v2 as a string: "False" is truthy, as in Nova.
    if not props.get("bdm_v2", False):
        result = _from_legacy_mapping(
            [dict(b) for b in defined], None, root_name, False,
            deployment.default_ephemeral_format)
    else:
        result = [_block_device_dict(dict(b)) for b in defined]
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
        if _is_swap_or_ephemeral(virtual) and isinstance(device, str) and (
                not device.startswith("/")):
            device = "/dev/" + device
        if virtual in ("ami", "root") or not _is_swap_or_ephemeral(virtual):
            continue
        guest_format = m.get("guest_format")
        if virtual == "swap":
            guest_format = "swap"
        if not guest_format:
            guest_format = deployment.default_ephemeral_format
        values = _block_device_dict({
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


# _checks_for_create_and_rebuild
def _checks_for_create(
    req: BuildRequest, options: Options, image_id: str | None,
    root: Mapping[str, Any] | None,
) -> bool:
    """Raise _Refused, or return whether the zero-disk policy was checked."""
    limits = options.limits
    metadata = req.metadata
    if metadata:
        if 0 <= limits.metadata_items < len(metadata):
            raise _refuse("metadata_items_quota", allowed=limits.metadata_items)
        for key, value in metadata.items():
            if type(value) is str and type(key) is str and 0 < len(key) <= 255 and (
                    len(value) <= 255):
                continue  # the usual item: none of the checks below fires
            if not isinstance(value, str):
                raise _refuse("metadata_invalid",
                              reason=f"{thaw(value)} is not a string or unicode")
            if not isinstance(key, str):  # pragma: no cover - JSON keys are strings
                raise _refuse("metadata_invalid", reason=f"{key} is not a string or unicode")
            if len(key) < 1:
                raise _refuse("metadata_invalid",
                              reason=f"{key} has 0 characters, less than 1.")
            if len(key) > 255:
                raise _refuse("metadata_too_long", what="key")
            if len(value) > 255:
                raise _refuse("metadata_too_long", what="value")
    files = req.injected_files
    if files:
        if 0 <= limits.injected_files < len(files):
            raise _refuse("personality_file_count_quota")
        max_path = max(len(path) for path, _ in files)
        max_content = max(len(content) for _, content in files)
        if 0 <= limits.injected_file_path_length < max_path:
            raise _refuse("personality_path_quota",
                          allowed=limits.injected_file_path_length)
        if 0 <= limits.injected_file_content_bytes < max_content:
            raise _refuse("personality_content_quota",
                          allowed=limits.injected_file_content_bytes)
    image = options.image
    if image is None:
        return False
    if image.properties.get("cinder_encryption_key_id") and image_id:
        raise _refuse("image_from_encrypted_volume", image_id=image_id)
    if image.status != "active":
        raise _refuse("image_not_active", image_id=image_id)
    flavor = options.flavor
    if flavor is None:
        return False
    if flavor.memory_mb < int(image.min_ram or 0):
        raise _refuse("flavor_memory_too_small")
    min_disk = int(image.min_disk or 0) * _GiB
    size = int(image.size or 0)
    if root is not None and root.get("destination_type") == "volume":
        volume_size = _to_int(root.get("volume_size"))
        if isinstance(volume_size, int) and min_disk > volume_size * _GiB:
            raise _refuse("volume_smaller_than_min_disk",
                          volume_size=volume_size * _GiB, image_min_disk=min_disk)
        return False
    dest = flavor.root_gb * _GiB
    if dest != 0:
        if size > dest:
            raise _refuse("flavor_disk_smaller_than_image", flavor_size=dest,
                          image_size=size)
        if min_disk > dest:
            raise _refuse("flavor_disk_smaller_than_min_disk", flavor_size=dest,
                          image_min_disk=min_disk)
        return False
    authorize = options.authorize
    if authorize is not None and not authorize(ZERO_DISK_FLAVOR_POLICY, {}):
        raise _refuse("zero_disk_flavor")
    return True


# _validate_bdm (run per instance; identical for every instance here).
def _validate_bdm(
    bdms: list[dict[str, Any]], flavor: Flavor | None, deployment: Deployment
) -> None:
    indexes = []
    for bdm in bdms:
        index = bdm.get("boot_index")
        if type(index) is not int:
            index = _to_int(index)
        if isinstance(index, int) and index >= 0:
            indexes.append(index)
    indexes.sort()
    # (the usual sequence, a root only, is matched without building a range)
    if indexes != _ROOT_ONLY and (not indexes or indexes != list(range(len(indexes)))):
        raise _refuse("bdm_boot_sequence")
    blank_locals = []  # blank/local: the ephemeral and swap disks
    local_count = 0
    for bdm in bdms:
        (source_type, destination_type, image_id, volume_id, snapshot_id, volume_size,
         disk_bus) = map(bdm.get, _VALIDATED_FIELDS)
        if image_id is not None:
            if (source_type == "image" and destination_type == "volume"
                    and not volume_size):
                raise _refuse("bdm_image_to_volume_without_size")
        elif volume_id is not None or snapshot_id is not None:
            pass  # cinder's answers: not decidable here
        elif source_type == "blank" and destination_type == "volume" and not volume_size:
            raise _refuse("bdm_blank_volume_without_size")
        if disk_bus and disk_bus not in _DISK_BUSES:
            raise _refuse("bdm_disk_bus")
        if destination_type == "local":
            local_count += 1
            if source_type == "blank":
                blank_locals.append(bdm)
    if flavor is not None:
        total = sum((_to_int(b.get("volume_size")) or flavor.ephemeral_gb)
                    for b in blank_locals if _is_ephemeral_bdm(b))
        if total > flavor.ephemeral_gb:
            raise _refuse("bdm_ephemeral_size")
    swaps = [b for b in blank_locals if _is_swap_bdm(b)] if blank_locals else []
    if len(swaps) > 1:
        raise _refuse("bdm_more_than_one_swap")
    if swaps and flavor is not None and (_to_int(swaps[0].get("volume_size")) or 0) > (
            flavor.swap):
        raise _refuse("bdm_swap_size")
    limit = deployment.max_local_block_devices
    if 0 <= limit < local_count:
        raise _refuse("bdm_local_devices_limit")

