"""The result types: BuildRequest and its parts, and the Options of a parse.

Everything here is frozen: collections are tuples, JSON objects are read-only
mappings. :meth:`BuildRequest.to_nova_kwargs` turns a result back into the
plain keyword arguments Nova's API layer hands to ``compute_api.create``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

from bootreq._frozen import EMPTY_MAPPING, thaw
from bootreq.context import Deployment, Flavor, Image, Limits
from bootreq.microversion import MAX_VERSION, MIN_VERSION, Microversion

if TYPE_CHECKING:  # compute.py imports this module; the annotation only names it
    from bootreq.compute import ComputeResult

__all__ = [
    "BlockDeviceMapping",
    "BuildRequest",
    "NetworkRequest",
    "Options",
]


def __dir__() -> list[str]:
    return __all__


# The fields of Nova's BlockDeviceDict, in the order Nova declares them.
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


# A dict class: filling its many fields costs half a slotted class's.
@attrs.frozen(slots=False)
class BlockDeviceMapping:
    """One block device mapping as Nova's API layer passes it on.

    A ``block_device_mapping_v2`` entry is Nova's ``BlockDeviceDict``: the
    typed fields below (``uuid`` already moved into ``<source_type>_id``,
    ``device_name`` prefixed with ``/dev/``, ``boot_index`` and
    ``volume_size`` as ints). Values stay as sent where Nova leaves them
    alone (``no_device`` is any JSON value; a truthy ``no_device`` skips the
    conversions).

    A legacy ``block_device_mapping`` entry (``legacy=True``) is passed on as
    sent, with ``delete_on_termination`` made a bool: ``request_fields`` holds
    exactly those members, and the typed fields mirror them.
    """

    source_type: str | None = None
    destination_type: str | None = None
    guest_format: str | None = None
    device_type: str | None = None
    disk_bus: str | None = None
    boot_index: Any = None
    device_name: str | None = None
    delete_on_termination: Any = None
    snapshot_id: str | None = None
    volume_id: str | None = None
    volume_size: Any = None
    image_id: str | None = None
    no_device: Any = None
    connection_info: str | None = None
    tag: str | None = None
    volume_type: str | None = None
    encrypted: bool | None = None
    encryption_secret_uuid: str | None = None
    encryption_format: str | None = None
    encryption_options: str | None = None
    virtual_name: str | None = None
    legacy: bool = False
    request_fields: Mapping[str, Any] = EMPTY_MAPPING

    def to_nova_dict(self) -> dict[str, Any]:
        """The dict Nova hands to ``compute_api.create`` for this mapping."""
        if self.legacy:
            return dict(thaw(self.request_fields))
        return {name: thaw(getattr(self, name)) for name in BDM_FIELDS}


@attrs.frozen
class NetworkRequest:
    """One requested network: a network (``network_id``), a port, or both unset.

    ``network_id`` is ``"auto"`` or ``"none"`` for the 2.37+ allocation
    strings; ``address`` is the fixed IP in netaddr's normal form.
    """

    network_id: str | None = None
    address: str | None = None
    port_id: str | None = None
    tag: str | None = None

    def to_nova_dict(self) -> dict[str, Any]:
        return {
            "network_id": self.network_id,
            "address": self.address,
            "port_id": self.port_id,
            "tag": self.tag,
        }


#: ``requested_networks``: absent (``None``), an allocation string, or a list.
RequestedNetworks = tuple[NetworkRequest, ...] | Literal["auto", "none"] | None


def _microversion_or_none(value: Microversion | str | None) -> Microversion | None:
    if value is None:
        return None
    version = value if isinstance(value, Microversion) else Microversion.parse(value)
    if not MIN_VERSION <= version <= MAX_VERSION:
        # Emulating an older cloud only: bootreq knows Nova up to 2.104.
        raise ValueError(
            f"max_microversion must be within {MIN_VERSION} and {MAX_VERSION}, not {version}"
        )
    return version


@attrs.frozen
class Options:
    """How to answer: Nova's configuration and the deployment's answers.

    Every field defaults to Nova 34.0.0's default behaviour.

    - ``default_schedule_zone``, ``default_availability_zone``: Nova's
      ``[DEFAULT]`` options of the same names.
    - ``max_microversion``: emulate an older cloud (2.1 to 2.104; see
      :mod:`bootreq.releases` for release names); newer versions get Nova's
      406 naming this maximum, and ``"latest"`` means this maximum.
    - ``authorize(rule, target)``: called for each policy rule in Nova's
      order; returning ``False`` gives Nova's 403 at that point. ``None``
      allows everything. The target is ``{"availability_zone": <raw value>}``
      for the API layer's rules (bootreq knows no project or user) and ``{}``
      for the compute layer's ``zero_disk_flavor`` rule.
    - ``flavor_exists(flavor_id)``: ``False`` gives Nova's
      ``Flavor <id> could not be found.``; ``None`` assumes every flavor exists.
    - ``host_availability_zone(host)``: the availability zone of the
      aggregate a forced host belongs to (``None``: no aggregate); called
      only when the ``availability_zone`` string forces a host.
    - ``max_body_bytes``: the request size limit (413 above it).
    - ``compute_checks``: also run the request-only checks of
      ``compute_api.create``; ``False`` is exactly Nova's API layer.
    - ``flavor``, ``image``: what the caller knows of the flavor and the boot
      image (:mod:`bootreq.context`); ``None`` skips the checks needing them.
    - ``limits``: the project's quota limits on metadata and personality
      files; ``deployment``: Nova configuration the compute checks read.
    - ``base64_cve_2026_3446_fixed``: the cloud's Nova runs on a Python with
      the CVE-2026-3446 base64 fix (gh-145264; CPython 3.13.13+, 3.14.4+ or
      a distribution's patched build), whose decoder no longer ignores data
      after padding: ``user_data`` and personality ``contents`` such as
      ``"YWJjYQ==YWJj"`` are then invalid. ``False`` (the default) answers as
      the reference, Nova 34.0.0 on CPython 3.11.7, on every Python.
    """

    default_schedule_zone: str | None = None
    default_availability_zone: str = "nova"
    max_microversion: Microversion | None = attrs.field(
        default=None, converter=_microversion_or_none
    )
    authorize: Callable[[str, Mapping[str, object]], bool] | None = None
    flavor_exists: Callable[[str], bool] | None = None
    host_availability_zone: Callable[[str], str | None] | None = None
    max_body_bytes: int = 114688
    compute_checks: bool = True
    # Context for the compute checks (bootreq.context): unknown facts skip
    # the rules that need them; limits and deployment default to Nova's.
    flavor: Flavor | None = None
    image: Image | None = None
    limits: Limits = attrs.field(factory=Limits)
    deployment: Deployment = attrs.field(factory=Deployment)
    base64_cve_2026_3446_fixed: bool = False


# A dict class: filling its many fields costs half a slotted class's.
@attrs.frozen(slots=False)
class BuildRequest:
    """What Nova's API layer hands to ``compute_api.create``, typed.

    ``admin_password`` is ``None`` when the body gave none (Nova generates
    one). ``policies`` lists the policy rules the request needed, in Nova's
    order. ``flavor_id`` is the id extracted from ``flavorRef``.
    """

    microversion: Microversion
    name: str
    description: str | None
    hostname: str | None
    flavor_id: str
    image_ref: str
    admin_password: str | None
    metadata: Mapping[str, Any]
    user_data: str | None
    key_name: str | None
    config_drive: bool | str | None
    security_groups: tuple[str, ...] | None
    scheduler_hints: Mapping[str, Any]
    min_count: int
    max_count: int
    return_reservation_id: bool
    availability_zone: str | None
    forced_host: str | None
    forced_node: str | None
    requested_host: str | None
    requested_hypervisor_hostname: str | None
    tags: tuple[str, ...] | None
    trusted_certs: tuple[str, ...] | None
    access_ip_v4: str | None
    access_ip_v6: str | None
    auto_disk_config: bool | None
    injected_files: tuple[tuple[str, str], ...]
    block_device_mappings: tuple[BlockDeviceMapping, ...] | None
    legacy_bdm: bool | None
    requested_networks: RequestedNetworks
    supports_multiattach: bool
    supports_port_resource_request: bool
    policies: tuple[str, ...]
    # What compute_api.create derived (bootreq.compute.check); None when
    # Options.compute_checks is off.
    compute: ComputeResult | None = None

    def to_nova_kwargs(self) -> dict[str, Any]:
        """The keyword arguments of ``compute_api.create``, as plain JSON values.

        Nova's names and shapes (``image_href``, ``display_name``, ...), with
        the optional arguments present exactly when Nova passes them: the
        version-gated ones (``tags`` from 2.52, ``requested_host`` and
        ``requested_hypervisor_hostname`` from 2.74) at those versions, the
        others when the request gave them (their value is then never ``None``).
        """
        kwargs: dict[str, Any] = {
            "image_href": self.image_ref,
            "display_name": self.name,
            "display_description": self.description,
            "hostname": self.hostname,
            "availability_zone": self.availability_zone,
            "forced_host": self.forced_host,
            "forced_node": self.forced_node,
            "metadata": thaw(self.metadata),
            "admin_password": self.admin_password,
            "check_server_group_quota": True,
            "supports_multiattach": self.supports_multiattach,
            "supports_port_resource_request": self.supports_port_resource_request,
            "user_data": self.user_data,
            "key_name": self.key_name,
            "config_drive": self.config_drive,
            "scheduler_hints": thaw(self.scheduler_hints),
            "min_count": self.min_count,
            "max_count": self.max_count,
            "injected_files": [list(item) for item in self.injected_files],
            "requested_networks": _networks_kwarg(self.requested_networks),
        }
        optional: dict[str, Any] = {
            "security_groups": (
                None if self.security_groups is None else list(self.security_groups)
            ),
            "tags": None if self.tags is None else list(self.tags),
            "auto_disk_config": self.auto_disk_config,
            "access_ip_v4": self.access_ip_v4,
            "access_ip_v6": self.access_ip_v6,
            "trusted_certs": None if self.trusted_certs is None else list(self.trusted_certs),
            "requested_host": self.requested_host,
            "requested_hypervisor_hostname": self.requested_hypervisor_hostname,
            "block_device_mapping": (
                None
                if self.block_device_mappings is None
                else [bdm.to_nova_dict() for bdm in self.block_device_mappings]
            ),
            "legacy_bdm": self.legacy_bdm,
        }
        for name, value in optional.items():
            if value is not None:
                kwargs[name] = value
        if self.microversion.supports(_TAGS_VERSION):
            kwargs["tags"] = optional["tags"]
        if self.microversion.supports(_REQUESTED_DESTINATION_VERSION):
            kwargs["requested_host"] = self.requested_host
            kwargs["requested_hypervisor_hostname"] = self.requested_hypervisor_hostname
        return kwargs


_TAGS_VERSION = Microversion(2, 52)
_REQUESTED_DESTINATION_VERSION = Microversion(2, 74)


def _networks_kwarg(networks: RequestedNetworks) -> Any:
    if networks is None or isinstance(networks, str):
        return networks
    return [request.to_nova_dict() for request in networks]
