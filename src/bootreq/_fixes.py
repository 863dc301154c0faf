"""Controller, BDM, network and compute-layer errors: the member at fault and the fix.

Nova's messages for these name no member (``Missing device UUID.``). Each
answer bootreq can give is matched here by its message, found in the body
(the first member that draws it, as Nova's own walk meets it) and paired
with the fix, worded from the data the library holds: the schema's enums,
the compute rule table (:data:`bootreq.compute.RULES`, keyed by rule,
with a test that every rule is answered), the option that decides it.

Imported only when someone reads :attr:`HttpError.violations`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from bootreq import _hardware, _neutron, _quota, _scheduling, _volumes, compute
from bootreq._image_meta import CPU_LIST_INVALID, IMAGE_METADATA_INVALID
from bootreq._images import KERNEL_OR_RAMDISK_NOT_FOUND
from bootreq.errors import HttpError, Violation
from bootreq.schemas import _types as t

__all__ = ["COMPUTE_FIXES", "controller_violations", "locate", "read_members"]


def __dir__() -> list[str]:
    return __all__


Located = tuple[str, str | None]
Finder = Callable[[dict[str, Any], "re.Match[str]"], Located | None]


def _server(body: Any) -> dict[str, Any]:
    server = body.get("server") if isinstance(body, dict) else None
    return server if isinstance(server, dict) else {}


def _items(server: dict[str, Any], member: str) -> Iterator[tuple[int, dict[str, Any]]]:
    listed = server.get(member)
    if isinstance(listed, list):
        for index, item in enumerate(listed):
            if isinstance(item, dict):
                yield index, item


def _bdm(server: dict[str, Any], test: Callable[[dict[str, Any]], bool],
         member: str | None, fix: str) -> Located | None:
    for index, item in _items(server, "block_device_mapping_v2"):
        if test(item):
            pointer = f"/server/block_device_mapping_v2/{index}"
            source = str(item.get("source_type"))
            return (pointer + (f"/{member}" if member else ""),
                    fix.replace("{source_type}", source))
    return None


def _only(server: dict[str, Any], member: str, key: str) -> str:
    """The pointer of the one ``member`` item with ``key`` (else of the member)."""
    found = [index for index, item in _items(server, member) if key in item]
    if len(found) == 1:
        return f"/server/{member}/{found[0]}/{key}"
    return f"/server/{member}"


_SOURCE_TYPES = " or ".join(f'"{v}"' for v in t.BDM_V2_MEMBERS["source_type"]["enum"])


def _boot_index(item: dict[str, Any]) -> Any:
    return item.get("boot_index")


# Messages of the API layer (bootreq.parse, bootreq.bdm, bootreq.networks).
_CONTROLLER: tuple[tuple[str, Finder], ...] = (
    (r"Missing imageRef attribute", lambda s, m: (
        "/server",
        "give `imageRef` (an image UUID), or boot from a volume: a "
        "`block_device_mapping_v2` entry with `boot_index` 0")),
    (r"min_count must be <= max_count", lambda s, m: (
        "/server/min_count",
        f"make `min_count` ({s.get('min_count')}) at most `max_count` ({s.get('max_count')})")),
    (r"Invalid input for field/attribute (min_count|max_count)\. Value has", lambda s, m: (
        f"/server/{m[1]}", f"give `{m[1]}` as a small positive integer")),
    (r"Invalid input for field/attribute (\d+)\. Value: .*'(path|contents)' is a required",
     lambda s, m: (f"/server/personality/{m[1]}",
                   f"give `{m[2]}` in every `personality` item (both `path` and `contents`)")),
    (r"Invalid input received: Unable to parse availability_zone", lambda s, m: (
        "/server/availability_zone",
        "give ZONE, ZONE:HOST, ZONE::NODE or ZONE:HOST:NODE (at most two ':')")),
    (r"One mechanism with host and/or hypervisor_hostname", lambda s, m: (
        "/server/host" if "host" in s else "/server/hypervisor_hostname",
        "give either `host`/`hypervisor_hostname` or an `availability_zone` of "
        "ZONE:HOST:NODE, not both")),
    (r"Invalid flavorRef provided\.", lambda s, m: (
        "/server/flavorRef", "give a flavor ID, or a flavor URL ending in its ID")),
    (r"Flavor (.*) could not be found\.", lambda s, m: (
        "/server/flavorRef", "give the ID of a flavor that exists and is enabled")),
    (r"Using different block_device_mapping syntaxes", lambda s, m: (
        "/server/block_device_mapping",
        "give `block_device_mapping_v2` alone (or the legacy `block_device_mapping` "
        "alone), not both")),
    (r"Block Device Mapping is Invalid: Invalid device UUID\.", lambda s, m: _bdm(
        s, lambda i: i.get("source_type") == "blank" and bool(i.get("uuid")), "uuid",
        'remove `uuid`: a "blank" source has no device to name')),
    (r"Block Device Mapping is Invalid: Missing device UUID\.", lambda s, m: _bdm(
        s, lambda i: i.get("source_type") != "blank" and not i.get("uuid")
        and not i.get("no_device"), None,
        'give `uuid` (its ID) for a "{source_type}" source')),
    (r"Block Device Mapping is Invalid: Missing source_type", lambda s, m: _bdm(
        s, lambda i: i.get("source_type") is None and bool(i.get("uuid")), None,
        f"give `source_type`: {_SOURCE_TYPES}")),
    (r"Block Device Mapping is Invalid: Mapping image to local is not supported\.",
     lambda s, m: _bdm(
         s, lambda i: i.get("source_type") == "image" and i.get("destination_type") == "local",
         "destination_type",
         'give `destination_type` "volume" with a `volume_size`, or `boot_index` 0 '
         "with `imageRef` set")),
    (r"Block Device Mapping is Invalid: Specifying a volume_type with destination_type=local",
     lambda s, m: _bdm(
         s, lambda i: i.get("destination_type") == "local" and bool(i.get("volume_type")),
         "volume_type", 'remove `volume_type`, or give `destination_type` "volume"')),
    (r"Block Device Mapping is Invalid: Specifying volume type to existing volume",
     lambda s, m: _bdm(
         s, lambda i: i.get("source_type") == "volume" and bool(i.get("volume_type")),
         "volume_type",
         'remove `volume_type`: an existing volume ("volume" source) keeps its own type')),
    (r"Block Device Mapping is Invalid: Invalid volume_size\.", lambda s, m: _bdm(
        s, lambda i: bool(i.get("volume_size")), "volume_size",
        "give `volume_size` as a whole number of GiB")),
    (r"Block Device Mapping is Invalid: Boot index is invalid\.", lambda s, m: _bdm(
        s, lambda i: bool(_boot_index(i)), "boot_index",
        "give `boot_index` as a small integer (0 for the boot device)")),
    (r"Port ID '(.*)' was specified twice", lambda s, m: next((
        (f"/server/networks/{index}/port", f"remove the second request for port {m[1]}")
        for index, item in list(_items(s, "networks"))[1:]
        if item.get("port") == m[1]), None)),
    (r"Specified Fixed IP '.*' cannot be used with port", lambda s, m: next((
        (f"/server/networks/{index}/fixed_ip",
         "remove `fixed_ip` (a port brings its own addresses), or give `uuid` instead of "
         "`port`")
        for index, item in _items(s, "networks")
        if item.get("port") and item.get("fixed_ip") is not None), None)),
    (r"Bad network format: missing 'uuid'", lambda s, m: next((
        (f"/server/networks/{index}", "give `uuid` (a network ID) or `port` (a port ID)")
        for index, item in _items(s, "networks")
        if not item.get("port") and "uuid" not in item), None)),
    (r"Bad networks format: network uuid is not in proper format \((.*)\)$",
     lambda s, m: next((
         (f"/server/networks/{index}/uuid", "give the network's UUID")
         for index, item in _items(s, "networks")
         if not item.get("port") and item.get("uuid") == m[1]), None)),
)


def _multiple(member: str, fix: str) -> Callable[[dict[str, Any]], Located]:
    return lambda s: ("/server/max_count" if "max_count" in s else "/server/min_count",
                      fix.format(member=member))


def _first_bdm(test: Callable[[dict[str, Any]], bool], member: str | None,
               fix: str) -> Callable[[dict[str, Any]], Located | None]:
    return lambda s: _bdm(s, test, member, fix)


def _volume_size_missing(item: dict[str, Any], source: str) -> bool:
    return (item.get("source_type") == source and item.get("destination_type") == "volume"
            and not item.get("volume_size"))


def _hints_pointer(body: dict[str, Any]) -> str:
    return ("/os:scheduler_hints" if "os:scheduler_hints" in body
            else "/OS-SCH-HNT:scheduler_hints")


#: The rules about the scheduler hints: their fix is given the whole body.
_HINT_RULES = frozenset({compute.SCHEDULER_HINT_NOT_STRING, _scheduling.SERVER_GROUP_NOT_FOUND,
                         _quota.SERVER_GROUP_MEMBER_QUOTA})


def _sourced(item: dict[str, Any], *sources: str) -> bool:
    return item.get("source_type") in sources and bool(item.get("uuid"))


#: The member and fix of each compute rule;
#: ``None`` where the fix lies outside the body (a flavor, an image, a quota).
COMPUTE_FIXES: dict[compute.Rule, Callable[[dict[str, Any]], Located | None] | None] = {
    compute.FIXED_IP_WITH_MULTIPLE_INSTANCES: _multiple(
        "fixed_ip", "launch one server (`max_count` 1), or remove `fixed_ip` from the "
        "networks"),
    compute.PORT_WITH_MULTIPLE_INSTANCES: _multiple(
        "port", "launch one server (`max_count` 1) per port"),
    compute.HOSTNAME_WITH_MULTIPLE_INSTANCES: _multiple(
        "hostname", "launch one server (`max_count` 1), or remove `hostname`"),
    compute.AVAILABILITY_ZONE_NOT_AVAILABLE: lambda s: (
        "/server/availability_zone", "give one of the available zones"),
    compute.IMAGE_NOT_FOUND: lambda s: (
        "/server/imageRef", "give the id of an image the cloud has"),
    compute.TRUSTED_CERTS_WITH_BOOT_FROM_VOLUME: lambda s: (
        "/server/trusted_image_certificates",
        "remove `trusted_image_certificates` to boot from a volume"),
    compute.AUTO_DISK_CONFIG_DISABLED_BY_IMAGE: lambda s: (
        "/server/OS-DCF:diskConfig", 'give `OS-DCF:diskConfig` "MANUAL"'),
    compute.FLAVOR_DISABLED: lambda s: ("/server/flavorRef", "give an enabled flavor"),
    compute.KEYPAIR_NOT_FOUND: lambda s: (
        "/server/key_name", "give the name of one of your key pairs"),
    compute.VOLUME_USES_ROOT_DEVICE_NAME: _first_bdm(
        lambda i: bool(i.get("device_name")), "device_name",
        "give the volume another `device_name` than the root device's (or none)"),
    compute.BDM_UNRECOGNIZED_LEGACY_FORMAT: lambda s: (
        "/server/block_device_mapping",
        "give each legacy entry a `volume_id`, a `snapshot_id`, a `virtual_name` or "
        "`no_device`, or use `block_device_mapping_v2`"),
    compute.BDM_INVALID_FORMAT: lambda s: (
        "/server/block_device_mapping", "use `block_device_mapping_v2`"),
    compute.VOLUME_WITH_MULTIPLE_INSTANCES: _multiple(
        "volume", 'launch one server (`max_count` 1) with a "volume" source'),
    compute.METADATA_ITEMS_QUOTA: lambda s: ("/server/metadata", "give fewer `metadata` items"),
    compute.METADATA_INVALID: lambda s: (
        "/server/metadata", "give string values and non-empty keys in `metadata`"),
    compute.METADATA_TOO_LONG: lambda s: (
        "/server/metadata", "keep `metadata` keys and values to 255 characters"),
    compute.PERSONALITY_FILE_COUNT_QUOTA: lambda s: (
        "/server/personality", "give fewer `personality` files"),
    compute.PERSONALITY_PATH_QUOTA: lambda s: (
        "/server/personality", "give shorter `personality` paths"),
    compute.PERSONALITY_CONTENT_QUOTA: lambda s: (
        "/server/personality", "give smaller `personality` contents"),
    compute.IMAGE_FROM_ENCRYPTED_VOLUME: None,
    compute.IMAGE_NOT_ACTIVE: None,
    compute.FLAVOR_MEMORY_TOO_SMALL: lambda s: (
        "/server/flavorRef", "give a flavor with more memory"),
    compute.VOLUME_SMALLER_THAN_MIN_DISK: _first_bdm(
        lambda i: _boot_index(i) in (0, "0"), "volume_size",
        "give a larger `volume_size` (at least the image's min_disk)"),
    compute.FLAVOR_DISK_SMALLER_THAN_IMAGE: lambda s: (
        "/server/flavorRef", "give a flavor with a larger disk, or boot from a volume"),
    compute.FLAVOR_DISK_SMALLER_THAN_MIN_DISK: lambda s: (
        "/server/flavorRef", "give a flavor with a larger disk, or boot from a volume"),
    compute.ZERO_DISK_FLAVOR: lambda s: (
        "/server/flavorRef", "boot from a volume, or give a flavor with a disk"),
    compute.SCHEDULER_HINT_NOT_STRING: lambda s: (
        "/os:scheduler_hints" if "os:scheduler_hints" in s else "/OS-SCH-HNT:scheduler_hints",
        "give scheduler hint values as strings, numbers, booleans or lists of them"),
    _volumes.BDM_BOOT_SEQUENCE: lambda s: (
        "/server/block_device_mapping_v2",
        "number the `boot_index` values 0, 1, 2, ... without gaps, with one 0"),
    _volumes.BDM_IMAGE_TO_VOLUME_WITHOUT_SIZE: _first_bdm(
        lambda i: _volume_size_missing(i, "image"), "volume_size",
        'give `volume_size` (GiB) for an "image" source with a "volume" destination'),
    _volumes.BDM_BLANK_VOLUME_WITHOUT_SIZE: _first_bdm(
        lambda i: _volume_size_missing(i, "blank"), "volume_size",
        'give `volume_size` (GiB) for a "blank" source with a "volume" destination'),
    _volumes.BDM_DISK_BUS: _first_bdm(
        lambda i: bool(i.get("disk_bus")), "disk_bus",
        "give a `disk_bus` Nova knows (fdc, ide, sata, scsi, usb, virtio, xen, lxc, uml)"),
    _volumes.BDM_EPHEMERAL_SIZE: lambda s: (
        "/server/block_device_mapping_v2",
        "give smaller ephemeral `volume_size` values, or a flavor with more ephemeral disk"),
    _volumes.BDM_MORE_THAN_ONE_SWAP: _first_bdm(
        lambda i: i.get("guest_format") == "swap", "guest_format",
        'give one swap device (`guest_format` "swap") at most'),
    _volumes.BDM_SWAP_SIZE: _first_bdm(
        lambda i: i.get("guest_format") == "swap", "volume_size",
        "give a swap `volume_size` within the flavor's swap"),
    _volumes.BDM_LOCAL_DEVICES_LIMIT: lambda s: (
        "/server/block_device_mapping_v2", 'give fewer "local" destinations'),
    # cinder's rules (volumes, snapshots, volume types) and glance's other lookups
    _volumes.BOOT_SNAPSHOT_NOT_FOUND: _first_bdm(
        lambda i: _sourced(i, "snapshot") and _boot_index(i) in (0, "0"), "uuid",
        "give the id of a snapshot the cloud has"),
    _volumes.BOOT_IMAGE_NOT_FOUND: _first_bdm(
        lambda i: _sourced(i, "image") and _boot_index(i) in (0, "0"), "uuid",
        "give the id of an image the cloud has"),
    _volumes.BOOT_VOLUME_NOT_FOUND: _first_bdm(
        lambda i: _sourced(i, "volume", "snapshot") and _boot_index(i) in (0, "0"), "uuid",
        "give the id of a volume the cloud has (or of a snapshot of one)"),
    _volumes.BOOT_VOLUME_NOT_BOOTABLE: _first_bdm(
        lambda i: _sourced(i, "volume", "snapshot") and _boot_index(i) in (0, "0"), "uuid",
        "give a bootable volume to boot from"),
    KERNEL_OR_RAMDISK_NOT_FOUND: None,
    _volumes.VOLUME_NOT_FOUND: _first_bdm(
        lambda i: _sourced(i, "volume"), "uuid", "give the id of a volume the cloud has"),
    _volumes.VOLUME_AZ_MISMATCH: lambda s: (
        "/server/availability_zone",
        "give the volumes' availability zone, or volumes of one zone (the server's)"),
    _volumes.VOLUME_TYPE_NOT_FOUND: _first_bdm(
        lambda i: bool(i.get("volume_type")), "volume_type",
        "give the name or id of a volume type the cloud has"),
    _volumes.BDM_IMAGE_NOT_FOUND: _first_bdm(
        lambda i: _sourced(i, "image"), "uuid", "give the id of an image the cloud has"),
    _volumes.MULTIATTACH_BEFORE_2_60: _first_bdm(
        lambda i: _sourced(i, "volume"), "uuid",
        "request microversion 2.60 or later to attach a multiattach volume"),
    _volumes.VOLUME_NOT_RESERVABLE: _first_bdm(
        lambda i: _sourced(i, "volume"), "uuid",
        "give a volume that is available (not attached, nor in an error state)"),
    _volumes.BDM_SNAPSHOT_NOT_FOUND: _first_bdm(
        lambda i: _sourced(i, "snapshot"), "uuid", "give the id of a snapshot the cloud has"),

    # neutron's rules (networks, ports, security groups)
    _neutron.SECURITY_GROUP_NOT_FOUND: lambda s: (
        _only(s, "security_groups", "name"), "name an existing security group (or give its id)"),
    _neutron.SECURITY_GROUP_AMBIGUOUS: lambda s: (
        _only(s, "security_groups", "name"),
        "give the security group's id: several have this name"),
    _neutron.NETWORK_AMBIGUOUS: lambda s: (
        "/server/networks" if "networks" in s else "/server",
        "give `networks` with the `uuid` of the network to attach"),
    _neutron.AUTO_ALLOCATE_UNAVAILABLE: lambda s: (
        "/server/networks",
        'give `networks` with a network `uuid` (or "none"): neutron cannot '
        "auto-allocate one"),
    _neutron.PORT_NOT_FOUND: lambda s: (
        _only(s, "networks", "port"), "give the `port` of an existing port"),
    _neutron.PORT_IN_USE: lambda s: (
        _only(s, "networks", "port"), "give a `port` no server is using"),
    _neutron.PORT_REQUIRES_FIXED_IP: lambda s: (
        _only(s, "networks", "port"), "give a `port` that has a fixed IP"),
    _neutron.FIXED_IP_IN_USE: lambda s: (
        _only(s, "networks", "fixed_ip"), "give a `fixed_ip` no other server uses, or none"),
    _neutron.NETWORK_REQUIRES_SUBNET: lambda s: (
        _only(s, "networks", "uuid"), "give a network `uuid` with a subnet"),
    _neutron.NETWORK_NOT_FOUND: lambda s: (
        _only(s, "networks", "uuid"), "give the `uuid` of an existing network"),
    _neutron.PORTS_OVER_QUOTA: lambda s: (
        "/server/networks" if "networks" in s else "/server",
        "free ports (the project is over its port quota), or give existing `port`s"),
    _neutron.DEVICE_PROFILE_MISSING: lambda s: (
        _only(s, "networks", "port"), "give an accelerator port with a device profile"),
    _neutron.PORT_WITH_ACCELERATOR_OLD_COMPUTE: None,
    _neutron.REMOTE_MANAGED_PORT_OLD_COMPUTE: None,
    _neutron.PORT_RESOURCE_REQUEST_OLD_MICROVERSION: lambda s: (
        "/server/networks", "send microversion 2.72 or later for ports with resource "
        "requests"),
    _neutron.EXTENDED_RESOURCE_REQUEST_OLD_COMPUTE: None,
    _neutron.PORT_LIMIT_EXCEEDED: lambda s: (
        "/server/min_count" if "min_count" in s else "/server",
        "launch fewer servers, or free ports of the project's quota"),

    # the image's properties and the flavor's extra specs: facts of the
    # image or the flavor, no member of the body is at fault
    **dict.fromkeys((IMAGE_METADATA_INVALID, CPU_LIST_INVALID, *_hardware.HARDWARE_RULES,
                     *_hardware.EPHEMERAL_ENCRYPTION_RULES,
                     *_hardware.PACKED_RING_RULES, *_hardware.FLAVOR_IMAGE_RULES,
                     _hardware.MIXED_POLICY_OLD_COMPUTE, _hardware.DEVICE_PROFILE_NOT_FOUND)),

    # nova's databases (server groups, hosts, quotas) and cyborg
    _scheduling.SERVER_GROUP_NOT_FOUND: lambda s: (
        _hints_pointer(s) + "/group",
        "give the uuid of an existing server group (openstack server group list)"),
    _scheduling.COMPUTE_HOST_NOT_FOUND: lambda s: (
        "/server/host" if "host" in s else "/server/hypervisor_hostname",
        "give an existing compute host / hypervisor node name "
        "(openstack compute service list, openstack hypervisor list)"),
    _quota.INSTANCE_QUOTA: lambda s: (
        "/server/min_count" if "min_count" in s else "/server/flavorRef",
        "launch fewer servers, or give a smaller flavor"),
    _quota.SERVER_GROUP_MEMBER_QUOTA: lambda s: (
        _hints_pointer(s) + "/group",
        "launch fewer servers into the group, or give another server group"),
}


def _rule_pattern(rule: compute.Rule) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", rule.message)
    seen: set[str] = set()
    pieces = []
    for n, part in enumerate(parts):
        if n % 2 == 0:
            pieces.append(re.escape(part))
        elif part in seen:  # a value the message repeats (the quota's overs)
            pieces.append(f"(?P={part})")
        else:
            seen.add(part)
            pieces.append(f"(?P<{part}>.*)")
    text = "".join(pieces)
    return re.compile(text + "$", re.DOTALL)


_RULE_PATTERNS = tuple((rule, _rule_pattern(rule)) for rule in compute.RULES)


#: The server members the finders above read (a lent body is copied only there).
_READ = ("min_count", "max_count", "host", "hypervisor_hostname", "block_device_mapping_v2",
         "networks", "security_groups")


def read_members(body: dict[str, Any]) -> dict[str, Any]:
    """A private copy of what :func:`locate` reads of a (schema-valid) body's server.

    Those members are scalars or lists of flat objects (a BDM's ``no_device``
    may hold anything: such an item is copied whole), so the copy is cheap.
    """
    server = body["server"]
    return {member: _private(server[member]) for member in _READ if member in server}


def _private(value: Any) -> Any:
    if type(value) is not list:
        return value  # a str, a number, a bool or None
    items = []
    for item in value:
        if type(item) is dict:
            item = dict(item)
            if any(type(inner) in (dict, list) for inner in item.values()):
                item = json.loads(json.dumps(item))
        items.append(item)
    return items


def locate(error: HttpError, body: Any) -> Located | None:
    """The member at fault for a non-schema error, and its fix; ``None``: not known."""
    server = _server(body)
    for pattern, finder in _CONTROLLER:
        match = re.match(pattern, error.message, re.DOTALL)
        if match:
            found = finder(server, match)
            if found is not None:
                return found
            break
    for rule, rule_pattern in _RULE_PATTERNS:
        if rule.status == error.status and rule_pattern.match(error.message):
            fix = COMPUTE_FIXES.get(rule)
            if fix is None:
                continue
            found = fix(body if rule in _HINT_RULES else server)
            if found is not None:
                return found
    return None


def controller_violations(error: HttpError, body: Any) -> tuple[Violation, ...]:
    """A non-schema error as one located violation with its fix (or none)."""
    found = locate(error, body)
    if found is None:
        return ()
    pointer, hint = found
    return (Violation(pointer, error.message, hint),)
