"""The cloud a request lands in: what Nova's services and databases answer.

:class:`Flavor`, :class:`Image`, :class:`Limits` and :class:`Deployment` are
the facts ``Options`` carries for the request-only checks (the flavor asked
for, the boot image, quota limits on the request's own content, Nova's
configuration); :class:`Cloud` states the other services' answers.

``compute_api.create`` asks glance, cinder, the API database and the quota engine
before it accepts a server. :class:`Cloud` states their answers, passed as
``Options.cloud``; ``None`` (the default) knows nothing, and every rule that
needs a fact is skipped, as before. Inside a :class:`Cloud` the same holds
fact by fact: an image id or key pair name that is not listed is unknown
(assumed found, never guessed missing); one listed with ``None`` is known
not to exist; ``quotas`` ``None`` leaves the instance quota unchecked.

:meth:`Cloud.from_json` reads the JSON form (the docs show a file), and
raises :class:`CloudStateError` naming the JSON Pointer of what is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

from bootreq import _cloud_json
from bootreq._frozen import EMPTY_MAPPING, freeze

__all__ = [
    "Cloud",
    "CloudStateError",
    "Deployment",
    "DeviceProfile",
    "Flavor",
    "Image",
    "KeyPair",
    "Limits",
    "Network",
    "Port",
    "Quota",
    "Quotas",
    "Segment",
    "ServerGroup",
    "Snapshot",
    "Volume",
    "VolumeType",
]


def __dir__() -> list[str]:
    return __all__


_Record = TypeVar("_Record")


def _records(value: Mapping[str, _Record]) -> Mapping[str, _Record]:
    """A service's answers by id, read-only (the records themselves are frozen)."""
    return MappingProxyType(dict(value)) if value else EMPTY_MAPPING


def _frozen_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    if value is None:
        return EMPTY_MAPPING
    frozen: Mapping[str, Any] = freeze(dict(value))
    return frozen


@attrs.frozen(kw_only=True)
class Flavor:
    """The flavor ``flavorRef`` names, as Nova's database holds it.

    - ``id``: Nova's *internal* database id. Only the disabled-flavor message
      shows it (``Flavor <id> could not be found.``); the public API never
      exposes it, so when it is ``None`` bootreq names the request's flavor
      id there instead (a documented deviation).
    - ``vcpus``, ``memory_mb``, ``root_gb`` (required: a flavor without them
      is not a flavor), ``ephemeral_gb``, ``swap`` (MiB, as Nova stores
      it), ``disabled``.
    - ``extra_specs``: the flavor's extra specs, read by Nova's ``hardware``
      checks (NUMA, CPU policy, page sizes, PCI aliases, serial ports, sound
      model, memory and ephemeral encryption, ``accel:device_profile``);
      ``name`` appears in their conflict messages.
    """

    vcpus: int
    memory_mb: int
    root_gb: int
    ephemeral_gb: int = 0
    swap: int = 0
    disabled: bool = False
    id: int | str | None = None
    name: str | None = None
    extra_specs: Mapping[str, str] = attrs.field(
        default=EMPTY_MAPPING, converter=_frozen_mapping
    )


def _decode_list_property(value: Any) -> Any:
    """Glance stores ``block_device_mapping`` / ``mappings`` as JSON text.

    Nova's glance layer decodes them (``_convert_from_string``); accept both
    spellings so a caller can pass what glance returns or the decoded list.
    """
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _frozen_properties(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    if value is None:
        return EMPTY_MAPPING
    props = dict(value)
    for key in ("block_device_mapping", "mappings"):
        if key in props:
            props[key] = _decode_list_property(props[key])
    frozen: Mapping[str, Any] = freeze(props)
    return frozen


@attrs.frozen(kw_only=True)
class Image:
    """The boot image's metadata, as Nova's glance layer translates it.

    For an image-backed server this is the image ``imageRef`` names; for a
    boot from volume it is the metadata Nova derives from the boot device
    (``volume_image_metadata``, ``status`` ``"active"``, ``size`` = volume
    size in bytes). Passing an ``Image`` states that the lookup succeeds.

    ``properties`` are glance's extra properties (strings as glance stores
    them; ``block_device_mapping`` / ``mappings`` may be JSON text or lists).
    Every property Nova's typed image metadata declares is checked against
    its type (``Invalid image metadata. Error: ...``); the ``hw_*`` ones feed
    the hardware checks beside the flavor's extra specs; the block device
    ones (``root_device_name``, ``mappings``, ``block_device_mapping``,
    ``bdm_v2``) the BDM list; ``auto_disk_config``,
    ``cinder_encryption_key_id``, ``os_type``, ``architecture``,
    ``vm_mode`` the rest. ``id`` and ``name`` appear in messages.
    """

    id: str | None = None
    status: str = "active"
    size: int = 0
    min_disk: int = 0
    min_ram: int = 0
    name: str | None = None
    disk_format: str | None = None
    container_format: str | None = None
    properties: Mapping[str, Any] = attrs.field(
        default=EMPTY_MAPPING, converter=_frozen_properties
    )


@attrs.frozen(kw_only=True)
class Limits:
    """Quota limits that apply to a request's own content (Nova's defaults).

    ``-1`` means unlimited, as in Nova. ``injected_file_path_length`` is the
    configuration name of the ``injected_file_path_bytes`` resource.
    """

    metadata_items: int = 128
    injected_files: int = 5
    injected_file_path_length: int = 255
    injected_file_content_bytes: int = 10240


@attrs.frozen(kw_only=True)
class Deployment:
    """Nova configuration and deployment facts the compute checks read.

    - ``max_local_block_devices``: ``[DEFAULT] max_local_block_devices``
      (negative: unlimited).
    - ``default_ephemeral_format``: ``[DEFAULT] default_ephemeral_format``,
      the guest format of converted legacy ephemeral disks.
    - ``verify_glance_signatures``, ``enable_certificate_validation``,
      ``default_trusted_certificate_ids``: the ``[glance]`` options; all
      three set make a boot from volume refuse like explicit trusted certs.
    - ``available_zones``: the availability zones Nova reports as available
      (enabled compute services' zones, plus ``internal`` where the
      deployment has internal services). ``None`` = unknown: the zone check
      is skipped.
    - ``cross_az_attach``: ``[cinder] cross_az_attach``; ``False`` makes
      Nova refuse volumes in zones other than the server's (and pin a server
      without a zone to its volumes' zone).
    """

    max_local_block_devices: int = 3
    default_ephemeral_format: str | None = None
    verify_glance_signatures: bool = False
    enable_certificate_validation: bool = False
    default_trusted_certificate_ids: tuple[str, ...] = attrs.field(
        default=(), converter=tuple
    )
    available_zones: frozenset[str] | None = attrs.field(
        default=None, converter=attrs.converters.optional(frozenset)
    )
    cross_az_attach: bool = True


@attrs.frozen(kw_only=True)
class KeyPair:
    """A key pair of the requesting user (the API database's row)."""

    public_key: str = ""
    type: str = "ssh"


@attrs.frozen(kw_only=True)
class Quota:
    """One resource's quota (``-1``: unlimited), as the quota engine reads it.

    - ``limit``: the project's limit (its row in the API database, else the
      ``[quota]`` option).
    - ``in_use``: what the project already uses.
    - ``user_limit``: the requesting user's own limit (a per-user row of
      ``nova quota-update --user``); ``None``: no such row, the project's
      limit applies to the user.
    - ``user_in_use``: what the requesting user already uses; read only when
      some instance resource has a ``user_limit``. ``None`` there: unknown,
      the instance quota check is skipped.
    """

    limit: int
    in_use: int = 0
    user_limit: int | None = None
    user_in_use: int | None = None


@attrs.frozen(kw_only=True)
class Quotas:
    """The quotas ``compute_api.create`` checks (Nova's defaults, nothing in use).

    - ``instances``, ``cores``, ``ram`` (MiB): ``check_num_instances_quota``
      (403, or fewer instances built). When no instance resource has a
      ``user_limit``, Nova counts the project only.
    - ``server_group_members``: the ``group`` scheduler hint's member quota;
      its ``in_use`` is what Nova counts there: the requested group's members
      that belong to the requesting user (live servers and build requests).
      Nova checks it against the lower of the project's and the user's limit
      (with ``-1`` counting as the lower one: unlimited).
    """

    instances: Quota = Quota(limit=10)
    cores: Quota = Quota(limit=20)
    ram: Quota = Quota(limit=51200)
    server_group_members: Quota = Quota(limit=10)


def _names(value: Any) -> tuple[str, ...]:
    """A tuple of names; one string is one name (not its characters)."""
    return (value,) if isinstance(value, str) else tuple(value)


def _name_set(value: Any) -> frozenset[str] | None:
    """A set of names or ``None``; one string is one name (not its characters)."""
    if value is None:
        return None
    return frozenset((value,) if isinstance(value, str) else value)


@attrs.frozen(kw_only=True)
class ServerGroup:
    """A server group of the API database (``InstanceGroup.get_by_uuid``).

    - ``policy``: ``affinity``, ``anti-affinity``, ``soft-affinity`` or
      ``soft-anti-affinity``; the request spec carries it to the scheduler.
    - ``rules``: the policy's rules (``max_server_per_host``).
    - ``members``: the uuids of the servers already in the group.
    - ``name``: the group's name.

    The member quota's usage is :attr:`Quotas.server_group_members`'s
    ``in_use``.
    """

    policy: str
    rules: Mapping[str, Any] = attrs.field(default=EMPTY_MAPPING, converter=_frozen_mapping)
    members: tuple[str, ...] = attrs.field(default=(), converter=_names)
    name: str | None = None


# --- neutron's facts -----------------------------------------------------------


def _provider(attribute: str) -> Any:
    return attrs.field(default=None, metadata={"json": "provider:" + attribute})


@attrs.frozen(kw_only=True)
class Segment:
    """One segment of a multi-provider network (neutron's ``segments``)."""

    physical_network: str | None = _provider("physical_network")
    network_type: str | None = _provider("network_type")


@attrs.frozen(kw_only=True)
class Network:
    """A neutron network, as ``show_network`` / ``list_networks`` return it.

    - ``subnets``: its subnets' ids (none: ``Network <id> requires a subnet
      in order to boot instances on.``).
    - ``physical_network``, ``network_type``: the ``provider:`` attributes
      (the request spec's physnets; ``vxlan``, ``gre`` and ``geneve`` are
      tunneled).
    - ``segments``: with neutron's ``multi-provider`` extension, the
      segments; the first that names a physical network gives the physnet.
    """

    subnets: tuple[str, ...] = attrs.field(converter=tuple)
    physical_network: str | None = _provider("physical_network")
    network_type: str | None = _provider("network_type")
    segments: tuple[Segment, ...] = attrs.field(default=(), converter=tuple)


def _frozen_tuple(value: Any) -> tuple[Any, ...]:
    return tuple(freeze(list(value))) if value else ()


def _frozen_optional(value: Any) -> Any:
    return None if value is None else freeze(value)


@attrs.frozen(kw_only=True)
class Port:
    """A neutron port, as ``show_port`` returns it.

    - ``network_id``: the network it is on.
    - ``device_id``: the server it is bound to (non-empty: ``Port <id> is
      still in use.``).
    - ``fixed_ips``: neutron's ``{"subnet_id", "ip_address"}`` entries; none
      (and an ``ip_allocation`` other than ``deferred`` / ``none``):
      ``Port <id> requires a FixedIP in order to be used.``
    - ``vnic_type`` (``binding:vnic_type``): SR-IOV types add a PCI request;
      ``accelerator-direct`` / ``accelerator-direct-physical`` need a cyborg
      ``device_profile``; ``remote-managed`` needs nova-compute 61.
    - ``binding_profile`` (``binding:profile``), ``resource_request`` (a QoS
      policy's needs: legacy ``{"resources", "required"}``, or
      ``{"request_groups", "same_subtree"}`` with neutron's
      ``port-resource-request-groups`` extension), ``device_profile``.
    """

    network_id: str
    device_id: str = ""
    fixed_ips: tuple[Any, ...] = attrs.field(default=(), converter=_frozen_tuple)
    ip_allocation: str | None = None
    vnic_type: str = attrs.field(default="normal", metadata={"json": "binding:vnic_type"})
    binding_profile: Mapping[str, Any] = attrs.field(
        default=EMPTY_MAPPING, converter=_frozen_mapping,
        metadata={"json": "binding:profile"})
    resource_request: Mapping[str, Any] | None = attrs.field(
        default=None, converter=_frozen_optional)
    device_profile: str | None = None


def _frozen_lookups(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType({k: tuple(v) for k, v in value.items()}) if value else EMPTY_MAPPING


def _optional_frozen_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    return None if value is None else _frozen_mapping(value)


@attrs.frozen(kw_only=True)
class Volume:
    """A cinder volume, as Nova's volume API reads ``GET /volumes/<id>``.

    - ``size``: GiB. A volume BDM takes it as its ``volume_size``; a boot
      volume's image metadata reports it in bytes.
    - ``status``: cinder's; reserving the volume for the new server (cinder's
      ``attachment_create``) needs ``available`` or ``downloading`` (also
      ``in-use`` for a multiattach volume), and refuses any status containing
      ``error``.
    - ``bootable``: cinder's flag (its text already read as oslo's
      ``bool_from_string`` does); a boot volume that is not bootable is
      refused.
    - ``availability_zone``: checked against the server's zone when
      ``Deployment.cross_az_attach`` is false.
    - ``multiattach``: such a volume needs microversion 2.60.
    - ``volume_type``: the volume's type name (not read by the checks).
    - ``volume_image_metadata``: the glance metadata cinder copied from the
      image the volume was made from (strings, as cinder stores them); for a
      boot volume, Nova's boot image metadata (``get_image_metadata_from_volume``).
      ``None``: the volume has none.
    """

    size: int
    status: str = "available"
    bootable: bool = True
    availability_zone: str = "nova"
    multiattach: bool = False
    volume_type: str | None = None
    volume_image_metadata: Mapping[str, Any] | None = attrs.field(
        default=None, converter=_optional_frozen_mapping
    )


@attrs.frozen(kw_only=True)
class Snapshot:
    """A cinder volume snapshot (``GET /snapshots/<id>``).

    - ``size``: GiB; a snapshot BDM without ``volume_size`` takes it.
    - ``volume_id``: the volume it was taken from; booting from the snapshot
      reads that volume's image metadata. ``None``: unknown (the boot image
      metadata is then unknown too).
    - ``status``: cinder's (not read by the checks).
    """

    size: int
    volume_id: str | None = None
    status: str = "available"


@attrs.frozen(kw_only=True)
class VolumeType:
    """A cinder volume type: a BDM's ``volume_type`` names it by id or name."""

    id: str
    name: str


def _frozen_request_groups(value: Any) -> tuple[Mapping[str, str], ...]:
    return tuple(_frozen_mapping(group) for group in value)


@attrs.frozen(kw_only=True)
class DeviceProfile:
    """A cyborg device profile (``GET /device_profiles?name=``'s one match).

    ``groups``: its request groups (``resources:*`` / ``trait:*`` keys), as
    cyborg lists them.
    """

    groups: tuple[Mapping[str, str], ...] = attrs.field(
        default=(), converter=_frozen_request_groups
    )


@attrs.frozen(kw_only=True)
class Cloud:
    """The answers of Nova's services, fact by fact (absent: unknown).

    - ``flavors``: the flavors by the id ``flavorRef`` names: ``None`` = not
      found (the API layer's ``Flavor <id> could not be found.``); a
      :class:`Flavor` is the flavor the compute checks read when
      ``Options.flavor`` is ``None``.
    - ``deployment``: Nova's configuration; given, it replaces
      ``Options.deployment`` (so that one file states the whole cloud).
    - ``limits``: the project's limits on metadata and personality files;
      given, they replace ``Options.limits``.

    - ``images``: glance's answer per image id: ``None`` = not found (the
      ``imageRef`` lookup gives ``Can not find requested image``); an
      :class:`~bootreq.Image` = found.
    - ``volumes``, ``snapshots``: cinder's answer per volume / snapshot id
      (``None``: not found). A boot volume, snapshot or image that is not
      found fails the boot metadata lookup; other volumes fail with
      ``Volume <id> could not be found.``, other snapshots and images with
      ``failed to get snapshot/image <id>``.
    - ``volume_types``: every volume type cinder lists (``None``: unknown, the
      BDMs' ``volume_type`` are not checked).
    - ``images`` also answers the other glance lookups: block device images,
      and the boot image's ``kernel_id`` / ``ramdisk_id`` properties.
    - ``keypairs``: the requesting user's key pairs by name; ``None`` = no
      such key pair (``Invalid key_name provided.``).
    - ``quotas``: the instance / cores / RAM limits and usage, the project's
      and the user's (``check_num_instances_quota``: 403, or fewer instances
      built), and the server group member quota.
    - ``min_compute_version``: the oldest nova-compute service's version.
    - neutron's answers: ``security_groups``, ``available_networks``,
      ``auto_allocate``, ``networks`` (:class:`Network`), ``ports``
      (:class:`Port`), ``fixed_ips``, ``port_quota``, ``neutron_extensions``,
      ``project_id`` (each described where it is declared).
    - ``server_groups``: server groups by uuid (the ``group`` scheduler
      hint); ``None`` = no such group (``Instance group <uuid> could not be
      found.``).
    - ``hosts``, ``nodes``: every compute host / hypervisor node name of the
      deployment (2.74 ``host`` / ``hypervisor_hostname``: ``Compute host
      <name> could not be found.``); ``None`` = unknown.
    - ``user_limits``: the requesting user's own limits on metadata and
      personality files (:class:`Limits`); ``None``: the project's only.
    - ``device_profiles``: cyborg's device profiles by name (``None``: not found).
    - ``pci_aliases``: the ``[pci] alias`` names (``None``: unknown).
    """

    # nova's flavors and configuration: what Options carries, for a cloud in one file
    flavors: Mapping[str, Flavor | None] = attrs.field(
        default=EMPTY_MAPPING, converter=_records
    )
    deployment: Deployment | None = None
    limits: Limits | None = None

    # glance
    images: Mapping[str, Image | None] = attrs.field(
        default=EMPTY_MAPPING, converter=_records
    )

    # cinder: volumes, snapshots, volume types
    volumes: Mapping[str, Volume | None] = attrs.field(
        default=EMPTY_MAPPING, converter=_records
    )
    snapshots: Mapping[str, Snapshot | None] = attrs.field(
        default=EMPTY_MAPPING, converter=_records
    )
    volume_types: tuple[VolumeType, ...] | None = attrs.field(
        default=None, converter=attrs.converters.optional(tuple)
    )

    # neutron: networks, ports, fixed IPs, security groups, extensions, port quota
    #: For each requested security group (a name, or an id), the ids of
    #: the groups neutron finds for it (neutronclient's ``find_resource``):
    #: none = not found, several = ambiguous. Absent: unknown (assumed found).
    security_groups: Mapping[str, tuple[str, ...]] = attrs.field(
        default=EMPTY_MAPPING, converter=_frozen_lookups
    )
    #: The networks a server gets when it names none (``networks`` absent or
    #: ``"auto"``): the project's own and the shared ones
    #: (``_get_available_networks``). ``None``: unknown.
    available_networks: tuple[str, ...] | None = attrs.field(
        default=None, converter=attrs.converters.optional(tuple)
    )
    #: Whether neutron can auto-allocate a topology for the project (its
    #: dry run). ``None``: unknown (assumed it can).
    auto_allocate: bool | None = None
    #: Networks by id (``None``: not found).
    networks: Mapping[str, Network | None] = attrs.field(
        default=EMPTY_MAPPING, converter=_records
    )
    #: Ports by id (``None``: not found).
    ports: Mapping[str, Port | None] = attrs.field(
        default=EMPTY_MAPPING, converter=_records
    )
    #: Per fixed IP address: the device (server) id of the port that holds
    #: it, ``None`` = free. Absent: unknown (assumed free).
    fixed_ips: Mapping[str, str | None] = attrs.field(
        default=EMPTY_MAPPING, converter=_records
    )
    #: The project's port quota (``limit`` -1: unlimited) and ports in use;
    #: ``None``: unknown, neither checked nor counted.
    port_quota: Quota | None = None
    #: Neutron's API extension aliases (``multi-provider``,
    #: ``port-resource-request-groups``, ...). ``None``: unknown.
    neutron_extensions: frozenset[str] | None = attrs.field(
        default=None, converter=attrs.converters.optional(frozenset)
    )
    #: The requesting project's id: the auto-allocation refusal names it.
    project_id: str | None = None

    # nova's databases: key pairs, server groups, hosts and nodes, services, quotas
    keypairs: Mapping[str, KeyPair | None] = attrs.field(
        default=EMPTY_MAPPING, converter=_records
    )
    quotas: Quotas | None = None
    #: The lowest nova-compute service version of the deployment
    #: (``get_minimum_version_all_cells``; 34.0.0's own is 74). ``None``:
    #: unknown, the checks that compare with it are skipped.
    min_compute_version: int | None = None
    server_groups: Mapping[str, ServerGroup | None] = attrs.field(
        default=EMPTY_MAPPING, converter=_records
    )
    #: Every compute host's name (``HostMapping.get_by_host``); ``None``:
    #: unknown, a 2.74 ``host`` is assumed to exist.
    hosts: frozenset[str] | None = attrs.field(default=None, converter=_name_set)
    #: Every hypervisor node's name (``hypervisor_hostname``: placement's
    #: resource provider, the ``ComputeNode`` of the host); ``None``: unknown.
    #: Placement keeps provider names unique, so a name names one node (with
    #: a host requested too, Nova asks for that node on that host; bootreq
    #: checks the name only).
    nodes: frozenset[str] | None = attrs.field(default=None, converter=_name_set)
    #: The requesting user's own limits on metadata and personality files, as
    #: Nova's quota-sets API shows them for the user (a per-user row, else the
    #: project's). Nova refuses above either; its message shows the project's
    #: (``Options.limits``). ``None``: the project's limits only.
    user_limits: Limits | None = None

    # cyborg: device profiles
    #: cyborg's device profiles by name (the flavor's ``accel:device_profile``):
    #: ``None`` = no such profile (``DeviceProfileError``); a name not listed
    #: is assumed to exist.
    device_profiles: Mapping[str, DeviceProfile | None] = attrs.field(
        default=EMPTY_MAPPING, converter=_records
    )
    #: The names of nova.conf's ``[pci] alias`` entries (the flavor's
    #: ``pci_passthrough:alias`` must name them). ``None``: unknown, the
    #: flavor's PCI requests are not checked.
    pci_aliases: frozenset[str] | None = attrs.field(
        default=None, converter=attrs.converters.optional(frozenset)
    )

    @classmethod
    def from_json(cls, document: Any) -> Cloud:
        """The cloud a decoded JSON document describes (see the docs' schema).

        Raises :class:`CloudStateError` (a :class:`ValueError`) naming the
        JSON Pointer of the first wrong value.
        """
        return _cloud(document)

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        """The JSON Schema (Draft 2020-12) of the form :meth:`from_json` reads.

        Generated from these classes, so it cannot drift from the reader:
        any document it accepts, :meth:`from_json` reads.
        """
        return _cloud_json.schema(cls)


class CloudStateError(ValueError):
    """A cloud-state document that is itself wrong; ``pointer`` says where."""

    def __init__(self, pointer: str, problem: str) -> None:
        super().__init__(f"{pointer or '/'}: {problem}")
        self.pointer = pointer
        self.problem = problem


def _cloud(document: Any) -> Cloud:
    try:
        cloud: Cloud = _cloud_json.read(Cloud, document)
    except _cloud_json.Problem as problem:
        raise CloudStateError(problem.pointer, problem.problem) from None
    return cloud
