"""The cloud a request lands in: what Nova's services and databases answer.

:class:`Flavor`, :class:`Image`, :class:`Limits` and :class:`Deployment` are
the facts ``Options`` carries for the request-only checks (the flavor asked
for, the boot image, quota limits on the request's own content, Nova's
configuration); :class:`Cloud` states the other services' answers.

``compute_api.create`` asks glance, the API database and the quota engine
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
from typing import Any

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
    "Quota",
    "Quotas",
]


def __dir__() -> list[str]:
    return __all__


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


@attrs.frozen(kw_only=True)
class KeyPair:
    """A key pair of the requesting user (the API database's row)."""

    public_key: str = ""
    type: str = "ssh"


@attrs.frozen(kw_only=True)
class Quota:
    """One resource's project quota: its ``limit`` (``-1``: unlimited) and usage."""

    limit: int
    in_use: int = 0


@attrs.frozen(kw_only=True)
class Quotas:
    """The project's instance quotas (Nova's defaults: 10 instances, 20 cores,
    51200 MiB of RAM, nothing in use). Per-user quotas are not modelled yet."""

    instances: Quota = Quota(limit=10)
    cores: Quota = Quota(limit=20)
    ram: Quota = Quota(limit=51200)


def _frozen_groups(value: Any) -> tuple[Mapping[str, str], ...]:
    return tuple(_frozen_mapping(group) for group in value)


@attrs.frozen(kw_only=True)
class DeviceProfile:
    """A cyborg device profile (``GET /device_profiles?name=``'s one match).

    ``groups``: its request groups (``resources:*`` / ``trait:*`` keys), as
    cyborg lists them.
    """

    groups: tuple[Mapping[str, str], ...] = attrs.field(
        default=(), converter=_frozen_groups
    )


def _frozen_profiles(
    value: Mapping[str, DeviceProfile | None],
) -> Mapping[str, DeviceProfile | None]:
    return MappingProxyType(dict(value)) if value else EMPTY_MAPPING


def _frozen_images(value: Mapping[str, Image | None]) -> Mapping[str, Image | None]:
    return MappingProxyType(dict(value)) if value else EMPTY_MAPPING


def _frozen_keypairs(value: Mapping[str, KeyPair | None]) -> Mapping[str, KeyPair | None]:
    return MappingProxyType(dict(value)) if value else EMPTY_MAPPING


@attrs.frozen(kw_only=True)
class Cloud:
    """The answers of Nova's services, fact by fact (absent: unknown).

    - ``images``: glance's answer per image id: ``None`` = not found (the
      ``imageRef`` lookup gives ``Can not find requested image``); an
      :class:`~bootreq.Image` = found.
    - ``keypairs``: the requesting user's key pairs by name; ``None`` = no
      such key pair (``Invalid key_name provided.``).
    - ``quotas``: the project's instance / cores / RAM limits and usage
      (``check_num_instances_quota``: 403, or fewer instances built).
    - ``min_compute_version``: the oldest nova-compute service's version.
    - ``device_profiles``: cyborg's device profiles by name (``None``: not found).
    - ``pci_aliases``: the ``[pci] alias`` names (``None``: unknown).
    """

    # glance
    images: Mapping[str, Image | None] = attrs.field(
        default=EMPTY_MAPPING, converter=_frozen_images
    )

    # cinder: volumes, snapshots, volume types

    # neutron: networks, ports, fixed IPs, security groups, extensions, port quota

    # nova's databases: key pairs, server groups, hosts and nodes, services, quotas
    keypairs: Mapping[str, KeyPair | None] = attrs.field(
        default=EMPTY_MAPPING, converter=_frozen_keypairs
    )
    quotas: Quotas | None = None
    #: The lowest nova-compute service version of the deployment
    #: (``get_minimum_version_all_cells``; 34.0.0's own is 74). ``None``:
    #: unknown, the checks that compare with it are skipped.
    min_compute_version: int | None = None

    # cyborg: device profiles
    #: cyborg's device profiles by name (the flavor's ``accel:device_profile``):
    #: ``None`` = no such profile (``DeviceProfileError``); a name not listed
    #: is assumed to exist.
    device_profiles: Mapping[str, DeviceProfile | None] = attrs.field(
        default=EMPTY_MAPPING, converter=_frozen_profiles
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
