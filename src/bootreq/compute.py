"""Nova's ``compute_api.create``: its checks in Nova's order, and what it derives.

:func:`_run` follows ``create`` top to bottom: the checks decidable from
the request, those that need a fact of :class:`~bootreq.options.Options`
(flavor, boot image, limits, configuration), and those that need another
service's answer, stated in ``Options.cloud`` (:class:`bootreq.cloud.Cloud`).
A rule whose fact is unknown is skipped: assumed agreed, never guessed.

Every rule is a :class:`Rule` beside the code that raises it: here the
request-only ones; in ``_volumes``/``_images`` (cinder, glance),
``_neutron``, ``_image_meta``/``_hardware`` (image properties, extra specs),
``_scheduling``/``_quota`` the others. :data:`RULES` lists them all in Nova's
code order. :func:`build` returns Nova's error or the build request with
:attr:`BuildRequest.compute`: what the compute layer derives (defaulted
groups and counts, public hints, the final block device mappings, the
request spec's network metadata and resources, ...).
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from bootreq import _hardware, _neutron, _policy, _volumes
from bootreq._block_device import (
    BDM_FIELDS,
    InvalidBDMFormat,
    UnrecognizedLegacyFormat,
    blank_bdm,
    bool_from_string,
    from_legacy_mapping,
    image_defined_bdms,
    image_root_device_name,
    is_ephemeral_bdm,
    is_swap_bdm,
    prepend_dev,
    strip_dev,
    to_int,
)
from bootreq._frozen import EMPTY_MAPPING, freeze, thaw
from bootreq._image_meta import CPU_LIST_INVALID, IMAGE_METADATA_INVALID
from bootreq._images import KERNEL_OR_RAMDISK_NOT_FOUND, kernel_and_ramdisk
from bootreq._quota import (
    INSTANCE_QUOTA,
    SERVER_GROUP_MEMBER_QUOTA,
    content_limits,
    instance_quota,
    server_group_member_quota,
)
from bootreq._rule import BDM_INVALID, Refused, Rule, refuse
from bootreq._scheduling import (
    COMPUTE_HOST_NOT_FOUND,
    SERVER_GROUP_NOT_FOUND,
    requested_group,
    validate_host_or_node,
)
from bootreq._volumes import (
    BDM_BLANK_VOLUME_WITHOUT_SIZE,
    BDM_BOOT_SEQUENCE,
    BDM_DISK_BUS,
    BDM_EPHEMERAL_SIZE,
    BDM_IMAGE_TO_VOLUME_WITHOUT_SIZE,
    BDM_LOCAL_DEVICES_LIMIT,
    BDM_MORE_THAN_ONE_SWAP,
    BDM_SWAP_SIZE,
    boot_metadata,
    check_volumes,
    empty_boot_metadata,
    validate_bdm,
)
from bootreq.cloud import Image
from bootreq.errors import HttpError
from bootreq.model import (
    BlockDeviceMapping,
    BlockDeviceObject,
    BuildFields,
    BuildRequest,
    ComputeResult,
    InstanceNames,
)
from bootreq.options import Options, with_cloud
from bootreq.release_rules import behaviour_for

__all__ = [
    "RULES",
    "ZERO_DISK_FLAVOR_POLICY",
    "Rule",
    "build",
    "check",
    "rule",
]


def __dir__() -> list[str]:
    return __all__


#: The policy ``_validate_flavor_image`` checks (non-fatally) for an
#: image-backed server on a flavor with ``root_gb == 0``.
ZERO_DISK_FLAVOR_POLICY = _policy.ZERO_DISK_FLAVOR

_GiB = 1024**3



FIXED_IP_WITH_MULTIPLE_INSTANCES = Rule(
    "fixed_ip_with_multiple_instances", 400,
    "Failed to launch instances: max_count cannot be greater than 1 if an "
    "fixed_ip is specified.",
    "InvalidFixedIpAndMaxCountRequest",
    doc="A requested network with both a network id and a fixed IP while "
    "max_count > 1.",
)

PORT_WITH_MULTIPLE_INSTANCES = Rule(
    "port_with_multiple_instances", 400,
    "Failed to launch instances: Unable to launch multiple instances with a "
    "single configured port ID. Please launch your instance one by one with "
    "different ports.",
    "MultiplePortsNotApplicable",
    doc="A requested port while max_count > 1.",
)

HOSTNAME_WITH_MULTIPLE_INSTANCES = Rule(
    "hostname_with_multiple_instances", 400,
    "Unable to allocate a single hostname to multiple instances",
    "AmbiguousHostnameForMultipleInstances",
    doc="A 2.90+ hostname while max_count > 1.",
)

AVAILABILITY_ZONE_NOT_AVAILABLE = Rule(
    "availability_zone_not_available", 400,
    "The requested availability zone is not available",
    "InvalidRequest",
    needs=("deployment",),
    doc="A zone (and no forced host, not even an empty one) that is not "
    "among Deployment.available_zones; skipped when those are unknown.",
)

IMAGE_NOT_FOUND = Rule(
    "image_not_found", 400,
    "Can not find requested image",
    "ImageNotFound",
    needs=("cloud.images",),
    doc="glance does not find the imageRef (Options.cloud.images maps it to "
    "None); an image id the cloud does not list is assumed found.",
)

TRUSTED_CERTS_WITH_BOOT_FROM_VOLUME = Rule(
    "trusted_certs_with_boot_from_volume", 400,
    "Image certificate validation is not supported when booting from volume",
    "CertificateValidationFailed",
    needs=("deployment",),
    doc="Boot from volume with trusted_image_certificates, or with the three "
    "[glance] certificate options set.",
)

AUTO_DISK_CONFIG_DISABLED_BY_IMAGE = Rule(
    "auto_disk_config_disabled_by_image", 400,
    "Requested image {image_id} has automatic disk resize disabled.",
    "AutoDiskConfigDisabledByImage",
    needs=("image",),
    doc="OS-DCF:diskConfig AUTO with image property auto_disk_config "
    "'disabled' (stripped, any case).",
)

FLAVOR_DISABLED = Rule(
    "flavor_disabled", 400,
    "Flavor {flavor_id} could not be found.",
    "FlavorNotFound",
    needs=("flavor",),
    doc="A disabled flavor. Nova names its internal database id (Flavor.id); "
    "without it bootreq names the requested flavor id.",
)

KEYPAIR_NOT_FOUND = Rule(
    "keypair_not_found", 400,
    "Invalid key_name provided.",
    "KeypairNotFound",
    needs=("cloud.keypairs",),
    doc="The user has no key pair key_name (Options.cloud.keypairs maps it "
    "to None); a name the cloud does not list is assumed found.",
)

VOLUME_USES_ROOT_DEVICE_NAME = Rule(
    "volume_uses_root_device_name", 400,
    "The volume cannot be assigned the same device name as the root device "
    "{root_device_name}",
    "InvalidRequest",
    needs=("image",),
    doc="Image-backed boot with a volume BDM named like the root device "
    "(image property root_device_name or mappings, else vda; a name from "
    "the image keeps /dev/, so in practice only vda matches).",
)

BDM_UNRECOGNIZED_LEGACY_FORMAT = Rule(
    "bdm_unrecognized_legacy_format", 400,
    BDM_INVALID + "Unrecognized legacy format.",
    "InvalidBDMFormat",
    doc="A legacy BDM that is neither swap/ephemeral, snapshot, volume nor "
    "no_device (also for legacy image-defined BDMs).",
)

BDM_INVALID_FORMAT = Rule(
    "bdm_invalid_format", 400,
    BDM_INVALID + "{details}",
    "InvalidBDMFormat",
    doc="BlockDeviceDict validation of converted legacy and image-defined "
    "BDMs: invalid fields, missing source_type, device name empty, too "
    "long or with spaces, invalid volume_size, invalid boot index.",
)

VOLUME_WITH_MULTIPLE_INSTANCES = Rule(
    "volume_with_multiple_instances", 400,
    "Cannot attach one or more volumes to multiple instances",
    "InvalidRequest",
    doc="A BDM with source_type volume while min_count or max_count > 1.",
)

METADATA_ITEMS_QUOTA = Rule(
    "metadata_items_quota", 403,
    "Maximum number of metadata items exceeds {allowed}",
    "MetadataLimitExceeded",
    needs=("limits",),
    doc="More metadata items than Limits.metadata_items.",
)

METADATA_INVALID = Rule(
    "metadata_invalid", 400,
    "Invalid metadata: {reason}",
    "InvalidMetadata",
    doc="Legacy 2.0 only: a metadata value that is not a string, or an "
    "empty key.",
)

METADATA_TOO_LONG = Rule(
    "metadata_too_long", 400,
    "Invalid metadata size: Metadata property {what} greater than 255 "
    "characters",
    "InvalidMetadataSize",
    nova_status=500,
    doc="Legacy 2.0 only: a metadata key or value longer than 255. Nova "
    "does not map InvalidMetadataSize and answers 500.",
)

PERSONALITY_FILE_COUNT_QUOTA = Rule(
    "personality_file_count_quota", 403,
    "Personality file limit exceeded",
    "OnsetFileLimitExceeded",
    needs=("limits",),
    doc="More personality files than Limits.injected_files.",
)

PERSONALITY_PATH_QUOTA = Rule(
    "personality_path_quota", 403,
    "Personality file path exceeds maximum {allowed}",
    "OnsetFilePathLimitExceeded",
    needs=("limits",),
    doc="The longest path above Limits.injected_file_path_length.",
)

PERSONALITY_CONTENT_QUOTA = Rule(
    "personality_content_quota", 403,
    "Personality file content exceeds maximum {allowed}",
    "OnsetFileContentLimitExceeded",
    needs=("limits",),
    doc="The longest contents (base64 text length) above "
    "Limits.injected_file_content_bytes.",
)

IMAGE_FROM_ENCRYPTED_VOLUME = Rule(
    "image_from_encrypted_volume", 400,
    "Image {image_id} is unacceptable: Direct booting of an image uploaded "
    "from an encrypted volume is unsupported.",
    "ImageUnacceptable",
    needs=("image",),
    doc="Image-backed boot of an image with property cinder_encryption_key_id.",
)

IMAGE_NOT_ACTIVE = Rule(
    "image_not_active", 400,
    "Image {image_id} is not active.",
    "ImageNotActive",
    needs=("image",),
    doc="Image status other than active (boot from volume: image_id is None).",
)

FLAVOR_MEMORY_TOO_SMALL = Rule(
    "flavor_memory_too_small", 400,
    "Flavor's memory is too small for requested image.",
    "FlavorMemoryTooSmall",
    needs=("flavor", "image"),
    doc="Flavor memory_mb below the image's min_ram.",
)

VOLUME_SMALLER_THAN_MIN_DISK = Rule(
    "volume_smaller_than_min_disk", 400,
    "Volume is smaller than the minimum size specified in image metadata. "
    "Volume size is {volume_size} bytes, minimum size is {image_min_disk} bytes.",
    "VolumeSmallerThanMinDisk",
    needs=("flavor", "image"),
    doc="Root BDM is a volume with a volume_size below the image's min_disk.",
)

FLAVOR_DISK_SMALLER_THAN_IMAGE = Rule(
    "flavor_disk_smaller_than_image", 400,
    "Flavor's disk is too small for requested image. Flavor disk is "
    "{flavor_size} bytes, image is {image_size} bytes.",
    "FlavorDiskSmallerThanImage",
    needs=("flavor", "image"),
    doc="Local root, root_gb > 0, image size above root_gb GiB.",
)

FLAVOR_DISK_SMALLER_THAN_MIN_DISK = Rule(
    "flavor_disk_smaller_than_min_disk", 400,
    "Flavor's disk is smaller than the minimum size specified in image "
    "metadata. Flavor disk is {flavor_size} bytes, minimum size is "
    "{image_min_disk} bytes.",
    "FlavorDiskSmallerThanMinDisk",
    needs=("flavor", "image"),
    doc="Local root, root_gb > 0, image min_disk above root_gb.",
)

ZERO_DISK_FLAVOR = Rule(
    "zero_disk_flavor", 403,
    "Only volume-backed servers are allowed for flavors with zero disk.",
    "BootFromVolumeRequiredForZeroDiskFlavor",
    needs=("flavor", "image", "authorize"),
    doc="Local root on a root_gb 0 flavor while Options.authorize denies "
    "os_compute_api:servers:create:zero_disk_flavor (admin-only by default "
    "in Nova).",
)

SCHEDULER_HINT_NOT_STRING = Rule(
    "scheduler_hint_not_string", 400,
    "Invalid scheduler hint {hint}: values must be strings, numbers, "
    "booleans or lists of them.",
    "ValueError",
    nova_status=500,
    doc="A scheduler hint value that is an object, null, or a list holding "
    "one of those or a list. The schema accepts it; Nova fails building "
    "the request spec and answers 500.",
)

#: Every rule, in the order Nova's code reaches it.
RULES: tuple[Rule, ...] = (
    FIXED_IP_WITH_MULTIPLE_INSTANCES,
    PORT_WITH_MULTIPLE_INSTANCES,
    HOSTNAME_WITH_MULTIPLE_INSTANCES,
    AVAILABILITY_ZONE_NOT_AVAILABLE,
    IMAGE_NOT_FOUND,
    TRUSTED_CERTS_WITH_BOOT_FROM_VOLUME,
    _volumes.BOOT_SNAPSHOT_NOT_FOUND,
    _volumes.BOOT_IMAGE_NOT_FOUND,
    _volumes.BOOT_VOLUME_NOT_FOUND,
    _volumes.BOOT_VOLUME_NOT_BOOTABLE,
    AUTO_DISK_CONFIG_DISABLED_BY_IMAGE,
    FLAVOR_DISABLED,
    *_neutron.RULES_AFTER_FLAVOR,
    KERNEL_OR_RAMDISK_NOT_FOUND,
    KEYPAIR_NOT_FOUND,
    IMAGE_METADATA_INVALID,
    CPU_LIST_INVALID,
    *_hardware.HARDWARE_RULES,
    *_neutron.RULES_AFTER_KEYPAIR,
    _hardware.MIXED_POLICY_OLD_COMPUTE,
    *_neutron.RULES_AFTER_MIXED_POLICY,
    VOLUME_USES_ROOT_DEVICE_NAME,
    BDM_UNRECOGNIZED_LEGACY_FORMAT,
    BDM_INVALID_FORMAT,
    VOLUME_WITH_MULTIPLE_INSTANCES,
    *_hardware.EPHEMERAL_ENCRYPTION_RULES,
    METADATA_ITEMS_QUOTA,
    METADATA_INVALID,
    METADATA_TOO_LONG,
    PERSONALITY_FILE_COUNT_QUOTA,
    PERSONALITY_PATH_QUOTA,
    PERSONALITY_CONTENT_QUOTA,
    IMAGE_FROM_ENCRYPTED_VOLUME,
    IMAGE_NOT_ACTIVE,
    FLAVOR_MEMORY_TOO_SMALL,
    *_hardware.PACKED_RING_RULES,
    VOLUME_SMALLER_THAN_MIN_DISK,
    FLAVOR_DISK_SMALLER_THAN_IMAGE,
    FLAVOR_DISK_SMALLER_THAN_MIN_DISK,
    ZERO_DISK_FLAVOR,
    *_hardware.FLAVOR_IMAGE_RULES,
    SERVER_GROUP_NOT_FOUND,
    COMPUTE_HOST_NOT_FOUND,
    INSTANCE_QUOTA,
    _hardware.DEVICE_PROFILE_NOT_FOUND,
    _volumes.VOLUME_NOT_FOUND,
    _volumes.VOLUME_AZ_MISMATCH,
    SCHEDULER_HINT_NOT_STRING,
    BDM_BOOT_SEQUENCE,
    _volumes.VOLUME_TYPE_NOT_FOUND,
    _volumes.BDM_IMAGE_NOT_FOUND,
    BDM_IMAGE_TO_VOLUME_WITHOUT_SIZE,
    _volumes.MULTIATTACH_BEFORE_2_60,
    _volumes.VOLUME_NOT_RESERVABLE,
    _volumes.BDM_SNAPSHOT_NOT_FOUND,
    BDM_BLANK_VOLUME_WITHOUT_SIZE,
    BDM_DISK_BUS,
    BDM_EPHEMERAL_SIZE,
    BDM_MORE_THAN_ONE_SWAP,
    BDM_SWAP_SIZE,
    BDM_LOCAL_DEVICES_LIMIT,
    SERVER_GROUP_MEMBER_QUOTA,
)

_RULES_BY_NAME = {r.name: r for r in RULES}


def rule(name: str) -> Rule:
    """The rule called ``name`` (:data:`RULES` lists them all)."""
    return _RULES_BY_NAME[name]


def check(request: BuildRequest, options: Options) -> BuildRequest | HttpError:
    """Run the compute-layer checks on an API-layer result, in Nova's order.

    Returns Nova's error for the first rule that fires, else a copy of
    ``request`` with ``compute`` set (and the zero-disk policy appended to
    ``policies`` where Nova checks it).
    """
    return build(attrs.asdict(request, recurse=False), options)


def build(fields: BuildFields, options: Options) -> BuildRequest | HttpError:
    """``compute_api.create`` on the controller's arguments: Nova's error, or the result.

    ``fields`` are :class:`BuildRequest`'s fields as the controller set them
    (``compute`` unset); this function owns the dict and completes it.
    """
    if options.cloud is not None:
        options = with_cloud(options, fields["flavor_id"])
    try:
        result, policies = _run(fields, options)
    except Refused as refused:
        return refused.error
    except UnrecognizedLegacyFormat:
        return BDM_UNRECOGNIZED_LEGACY_FORMAT.error()
    except InvalidBDMFormat as invalid:
        return BDM_INVALID_FORMAT.error(details=invalid.details)
    fields["policies"] = policies
    fields["compute"] = result
    return BuildRequest(**fields)


# --- helpers -----------------------------------------------------------------

_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})


def _hint_values(value: Any) -> tuple[str, ...] | None:
    """``DictOfListOfStringsField`` coercion; ``None`` where Nova raises."""
    if type(value) is str:
        return (value,)  # the usual hint
    items = value if isinstance(value, (list, tuple)) else [value]
    out = []
    for item in items:
        if not isinstance(item, (str, int, float)):  # (a bool is an int: "True")
            return None
        out.append(str(item))
    return tuple(out)


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


def _run(fields: BuildFields, options: Options) -> tuple[ComputeResult, tuple[str, ...]]:
    """The compute result and the request's policies, or raise Refused.

    One function, in ``compute_api.create``'s order, with the service facts
    read once: calls and objects are most of this step's cost.
    """
    req = fields
    flavor, image, deployment = options.flavor, options.image, options.deployment

    # create(): before any service call.
    networks = req["requested_networks"]
    if req["max_count"] > 1:
        if networks and not isinstance(networks, str):
            if any(n.network_id and n.address for n in networks):
                raise refuse(FIXED_IP_WITH_MULTIPLE_INSTANCES)
            if any(n.port_id for n in networks):
                raise refuse(PORT_WITH_MULTIPLE_INSTANCES)
        if req["hostname"]:
            raise refuse(HOSTNAME_WITH_MULTIPLE_INSTANCES)
    zones = deployment.available_zones
    if (zones is not None and req["availability_zone"] and req["forced_host"] is None
            and req["availability_zone"] not in zones):
        raise refuse(AVAILABILITY_ZONE_NOT_AVAILABLE)

    # (the usual request has no hints: no call)
    hints = EMPTY_MAPPING
    if req["scheduler_hints"]:
        # Releases before the OSSA-2026-022 fix kept the internal hints.
        hints = freeze(req["scheduler_hints"]) if behaviour_for(
            options.release).keeps_internal_hints else _public_hints(req["scheduler_hints"])
    # _create_instance's normalisation.
    security_groups = tuple(req["security_groups"]) if req["security_groups"] else ("default",)
    min_count = req["min_count"] or 1
    max_count = req["max_count"] or min_count
    tags = tuple(req["tags"]) if req["tags"] else ()
    image_ref = req["image_ref"] or ""
    legacy = True if req["legacy_bdm"] is None else bool(req["legacy_bdm"])
    mappings = req["block_device_mappings"]
    bdms = [_bdm_dict(b) for b in mappings] if mappings else []

    cloud = options.cloud
    # _get_image / get_bdm_image_metadata: the boot image's metadata (glance, cinder).
    if image_ref and cloud is not None:
        found = cloud.images.get(image_ref, image_ref)
        if found is None:
            raise refuse(IMAGE_NOT_FOUND)
        if image is None and isinstance(found, Image):  # (Options.image comes first)
            image = found if found.id is not None else attrs.evolve(found, id=image_ref)
    elif not image_ref:
        if req["trusted_certs"] or (deployment.verify_glance_signatures
                                 and deployment.enable_certificate_validation
                                 and deployment.default_trusted_certificate_ids):
            raise refuse(TRUSTED_CERTS_WITH_BOOT_FROM_VOLUME)
        found_meta = None if cloud is None else boot_metadata(cloud, bdms, legacy)
        image = image or found_meta
    # What the flavor's checks read beside it: also Nova's empty boot metadata.
    flavor_image = image if image is not None or image_ref else empty_boot_metadata(bdms, legacy)
    image_id = (image.id or image_ref) if image is not None and image_ref else None
    meta_id = image.id if image is not None and image.id is not None else (
        image_ref or None)
    props: Mapping[str, Any] = image.properties if image is not None else EMPTY_MAPPING

    # _check_auto_disk_config, then again in _inherit_properties_from_image.
    if image is not None:
        raw = props.get("auto_disk_config")
        if (req["auto_disk_config"] and isinstance(raw, str)
                and raw.strip().lower() == "disabled"):
            raise refuse(AUTO_DISK_CONFIG_DISABLED_BY_IMAGE, image_id=meta_id)
    if flavor is not None and flavor.disabled:
        flavor_id = flavor.id if flavor.id is not None else req["flavor_id"]
        raise refuse(FLAVOR_DISABLED, flavor_id=flavor_id)
    # _check_requested_secgroups, _check_requested_networks (neutron).
    if cloud is not None:
        _neutron.check_security_groups(cloud, security_groups)
        max_network_count = _neutron.check_networks(cloud, networks, max_count)
    # _handle_kernel_and_ramdisk (glance).
    kernel_id, ramdisk_id = ("", "") if image is None else kernel_and_ramdisk(cloud, props)
    key_name = req["key_name"]
    if key_name is not None and cloud is not None and (
            cloud.keypairs.get(key_name, key_name) is None):
        raise refuse(KEYPAIR_NOT_FOUND)
    # _get_image_meta_obj, numa_get_constraints, PCI requests (flavor, image).
    hardware = (_hardware.base_options(flavor, flavor_image, meta_id, props, cloud)
                if flavor is not None or flavor_image is not None else _hardware.UNDECIDED)
    # create_resource_requests, the vNIC checks (neutron).
    network_needs = _neutron.resource_requests(
        cloud, networks, req["supports_port_resource_request"])
    # _check_compute_service_for_mixed_instance; the port quota's count.
    if cloud is not None:
        _hardware.check_mixed_policy_service(hardware, cloud)
        max_count = _neutron.limit_max_count(max_network_count, min_count, max_count)
    config_drive: bool | str = ""
    if req["config_drive"]:
        try:
            config_drive = True if bool_from_string(req["config_drive"], strict=True) else ""
        except ValueError:  # unreachable after the schema
            config_drive = ""
    root_device_name = (
        None if image is None else prepend_dev(image_root_device_name(props)) or None)
    auto_disk_config = req["auto_disk_config"]
    if auto_disk_config is None and image is not None:
        auto_disk_config = bool_from_string(props.get("auto_disk_config"))

    # _transform_bdms: the request's mappings, the image's, the flavor's.
    root_name = root_device_name or "vda"
    if image_ref:
        for bdm in bdms:
            if (bdm.get("destination_type") == "volume"
                    and strip_dev(bdm.get("device_name")) == root_name):
                raise refuse(VOLUME_USES_ROOT_DEVICE_NAME, root_device_name=root_name)
    image_defined = (
        [] if image is None else image_defined_bdms(image, flavor, deployment, root_name))
    root_in_image = bool(image_defined) and any(
        b.get("boot_index", -1) == 0 for b in image_defined)
    if legacy:
        bdms = from_legacy_mapping(bdms, image_ref, root_name, root_in_image,
                                    deployment.default_ephemeral_format)
    elif root_in_image:
        bdms = [b for b in bdms
                if not (b.get("boot_index") == 0 and b.get("source_type") == "image")]
    if image_defined:
        names = {b["device_name"] for b in bdms if b.get("device_name")}
        bdms = bdms + [b for b in image_defined if b.get("device_name") not in names]
    if (min_count > 1 or max_count > 1) and any(
            b.get("source_type") == "volume" for b in bdms):
        raise refuse(VOLUME_WITH_MULTIPLE_INSTANCES)
    if flavor is not None:
        if flavor.ephemeral_gb and not any(is_ephemeral_bdm(b) for b in bdms):
            bdms.append(blank_bdm(flavor.ephemeral_gb))
        if flavor.swap and not any(is_swap_bdm(b) for b in bdms):
            bdms.append(blank_bdm(flavor.swap, "swap"))
        hardware = _hardware.encrypt_ephemeral(flavor, flavor_image, bdms, hardware)

    root: dict[str, Any] | None = None
    for bdm in bdms:
        if bdm.get("boot_index") == 0:
            root = bdm
            break
    zero_disk_checked = _checks_for_create(req, options, image, image_id, root)
    if flavor is not None and flavor_image is not None:
        hardware = _hardware.check_flavor_image(flavor, flavor_image, hardware, cloud)
    # _get_requested_instance_group; _provision_instances (_scheduling, _quota).
    group = None
    num_instances = max_count
    if cloud is not None:
        if hints:
            group = requested_group(cloud, hints.get("group"))
        if req["requested_host"] or req["requested_hypervisor_hostname"]:
            validate_host_or_node(cloud, req["requested_host"],
                                  req["requested_hypervisor_hostname"])
        if cloud.quotas is not None and flavor is not None:
            num_instances = instance_quota(cloud.quotas, flavor, min_count, max_count)
        _hardware.check_device_profile(flavor, cloud)  # cyborg

    # _get_volumes_for_bdms, _validate_vol_az_for_create.
    zone = req["availability_zone"]
    if cloud is not None:
        zone = check_volumes(cloud, bdms, zone, deployment, options.default_availability_zone)
    # RequestSpec.from_components, per instance (identical for each).
    request_spec_hints: Mapping[str, tuple[str, ...]] = EMPTY_MAPPING
    if hints:
        coerced_hints = {}
        for key, value in hints.items():
            coerced = _hint_values(value)
            if coerced is None:
                raise refuse(SCHEDULER_HINT_NOT_STRING, hint=key)
            coerced_hints[key] = coerced  # a tuple of strings: frozen already
        request_spec_hints = MappingProxyType(coerced_hints)

    validate_bdm(bdms, flavor, deployment, cloud, image_ref, req["supports_multiattach"])
    # The server group's member quota.
    if group and cloud is not None and cloud.quotas is not None:
        server_group_member_quota(cloud.quotas, num_instances)
    if flavor is not None:
        for bdm in bdms:
            if (bdm.get("volume_size") is None and bdm.get("source_type") == "blank"
                    and bdm.get("destination_type") == "local"):
                bdm["volume_size"] = (flavor.swap if bdm.get("guest_format") == "swap"
                                      else flavor.ephemeral_gb)
    is_bfv = bool(root and root.get("destination_type") == "volume")

    result = ComputeResult(
        min_count=min_count,
        max_count=max_count,
        security_groups=security_groups,
        scheduler_hints=hints,
        request_spec_hints=request_spec_hints,
        force_hosts=(req["forced_host"],) if req["forced_host"] else None,
        force_nodes=(req["forced_node"],) if req["forced_node"] else None,
        tags=tags,
        config_drive=config_drive,
        auto_disk_config=auto_disk_config,
        root_device_name=root_device_name,
        block_device_mappings=tuple(map(BlockDeviceObject, bdms)),
        is_bfv=is_bfv,
        instance_names=InstanceNames(req["name"], req["hostname"], num_instances),
        network_metadata=network_needs.network_metadata,
        requested_resources=network_needs.requested_resources,
        port_pci_requests=network_needs.pci_requests,
        availability_zone=zone,
        image=image,
        kernel_id=kernel_id,
        ramdisk_id=ramdisk_id,
        numa_topology=hardware.numa_topology,
        flavor_pci_requests=hardware.pci_requests,
    )
    policies = req["policies"]
    if zero_disk_checked:
        policies = (*policies, ZERO_DISK_FLAVOR_POLICY)
    return result, tuple(policies)


# _checks_for_create_and_rebuild
def _checks_for_create(
    req: BuildFields, options: Options, image: Image | None, image_id: str | None,
    root: Mapping[str, Any] | None,
) -> bool:
    """Raise Refused, or return whether the zero-disk policy was checked."""
    # Nova's limit_check refuses above the project's or the user's own limit
    # (the message shows the project's): `over` holds the lower one.
    limits = over = options.limits
    if options.cloud is not None and options.cloud.user_limits is not None:
        over = content_limits(limits, options.cloud.user_limits)
    metadata = req["metadata"]
    if metadata:
        if 0 <= over.metadata_items < len(metadata):
            raise refuse(METADATA_ITEMS_QUOTA, allowed=limits.metadata_items)
        for key, value in metadata.items():
            if type(value) is str and type(key) is str and 0 < len(key) <= 255 and (
                    len(value) <= 255):
                continue  # the usual item: none of the checks below fires
            if not isinstance(value, str):
                raise refuse(METADATA_INVALID,
                              reason=f"{thaw(value)} is not a string or unicode")
            if not isinstance(key, str):  # pragma: no cover - JSON keys are strings
                raise refuse(METADATA_INVALID, reason=f"{key} is not a string or unicode")
            if len(key) < 1:
                raise refuse(METADATA_INVALID,
                              reason=f"{key} has 0 characters, less than 1.")
            if len(key) > 255:
                raise refuse(METADATA_TOO_LONG, what="key")
            if len(value) > 255:
                raise refuse(METADATA_TOO_LONG, what="value")
    files = req["injected_files"]
    if files:
        if 0 <= over.injected_files < len(files):
            raise refuse(PERSONALITY_FILE_COUNT_QUOTA)
        max_path = max(len(path) for path, _ in files)
        max_content = max(len(content) for _, content in files)
        if 0 <= over.injected_file_path_length < max_path:
            raise refuse(PERSONALITY_PATH_QUOTA,
                          allowed=limits.injected_file_path_length)
        if 0 <= over.injected_file_content_bytes < max_content:
            raise refuse(PERSONALITY_CONTENT_QUOTA,
                          allowed=limits.injected_file_content_bytes)
    if image is None:
        return False
    if image.properties.get("cinder_encryption_key_id") and image_id:
        raise refuse(IMAGE_FROM_ENCRYPTED_VOLUME, image_id=image_id)
    if image.status != "active":
        raise refuse(IMAGE_NOT_ACTIVE, image_id=image_id)
    flavor = options.flavor
    if flavor is None:
        return False
    if flavor.memory_mb < int(image.min_ram or 0):
        raise refuse(FLAVOR_MEMORY_TOO_SMALL)
    _hardware.check_packed_ring(flavor, image)
    min_disk = int(image.min_disk or 0) * _GiB
    size = int(image.size or 0)
    if root is not None and root.get("destination_type") == "volume":
        volume_size = to_int(root.get("volume_size"))
        if isinstance(volume_size, int) and min_disk > volume_size * _GiB:
            raise refuse(VOLUME_SMALLER_THAN_MIN_DISK,
                          volume_size=volume_size * _GiB, image_min_disk=min_disk)
        return False
    dest = flavor.root_gb * _GiB
    if dest != 0:
        if size > dest:
            raise refuse(FLAVOR_DISK_SMALLER_THAN_IMAGE, flavor_size=dest,
                          image_size=size)
        if min_disk > dest:
            raise refuse(FLAVOR_DISK_SMALLER_THAN_MIN_DISK, flavor_size=dest,
                          image_min_disk=min_disk)
        return False
    authorize = options.authorize
    if authorize is not None and not authorize(ZERO_DISK_FLAVOR_POLICY, {}):
        raise refuse(ZERO_DISK_FLAVOR)
    return True
