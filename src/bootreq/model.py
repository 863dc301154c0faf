"""The result types: BuildRequest and its parts.

Everything here is frozen: collections are tuples, JSON objects are read-only
mappings. :meth:`BuildRequest.to_nova_kwargs` turns a result back into the
plain keyword arguments Nova's API layer hands to ``compute_api.create``;
:class:`ComputeResult` is what ``compute_api.create`` derives from it
(:mod:`bootreq.compute`). The inputs of a parse are in :mod:`bootreq.options`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any, Literal

import attrs

from bootreq import _gates
from bootreq._block_device import BDM_FIELDS, to_int
from bootreq._frozen import EMPTY_MAPPING, freeze, thaw
from bootreq.cloud import Image
from bootreq.microversion import Microversion

__all__ = [
    "BlockDeviceMapping",
    "BlockDeviceObject",
    "BuildFields",
    "BuildRequest",
    "ComputeResult",
    "InstanceNames",
    "NetworkMetadata",
    "NetworkRequest",
    "PortResourceGroup",
    "RequestedNetworks",
]


def __dir__() -> list[str]:
    return __all__


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


#: :class:`BuildRequest`'s fields by name, as the controller hands them to the
#: compute layer (Nova's ``create_kwargs``): the request is built once, complete.
BuildFields = dict[str, Any]

#: ``requested_networks``: absent (``None``), an allocation string, or a list.
RequestedNetworks = tuple[NetworkRequest, ...] | Literal["auto", "none"] | None


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
        if self.microversion.supports(_gates.TAGS.version):
            kwargs["tags"] = optional["tags"]
        if self.microversion.supports(_gates.REQUESTED_DESTINATION.version):
            kwargs["requested_host"] = self.requested_host
            kwargs["requested_hypervisor_hostname"] = self.requested_hypervisor_hostname
        return kwargs


def _networks_kwarg(networks: RequestedNetworks) -> Any:
    if networks is None or isinstance(networks, str):
        return networks
    return [request.to_nova_dict() for request in networks]


# A dict class: filling its many fields costs half a slotted class's.
@attrs.frozen(slots=False)
class ComputeResult:
    """What ``compute_api.create`` derives from the request and carries on.

    - ``min_count``, ``max_count``: after Nova's defaults and, when
      ``Options.cloud.port_quota`` is known, the port quota's reduction.
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
    - ``network_metadata``: the request spec's (``None``: Nova sets none,
      for no ``networks`` or ``"none"``); see :class:`NetworkMetadata`.
    - ``requested_resources``: the requested ports' resource request groups,
      in request order (``None``: unknown, a port's facts are not known).
    - ``port_pci_requests``: the PCI requests Nova adds for SR-IOV ports
      (``None``: unknown).
    - ``availability_zone``: the server's zone: the request's, or the zone of
      its volumes where Nova pins a server without one to it
      (``[cinder] cross_az_attach`` false).
    - ``image``: the boot image metadata the checks used: ``Options.image``,
      else what the cloud answers (the ``imageRef``'s image, or the boot
      volume's image metadata); ``None``: unknown, or no boot image at all.
    - ``kernel_id``, ``ramdisk_id``: the kernel and ramdisk images the boot
      image's properties name (glance's ids; ``""``: none, or unknown).
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
    network_metadata: NetworkMetadata | None = None
    requested_resources: tuple[PortResourceGroup, ...] | None = ()
    port_pci_requests: int | None = 0
    availability_zone: str | None = None
    image: Image | None = None
    kernel_id: str = ""
    ramdisk_id: str = ""
    #: Whether the request spec carries a guest NUMA topology (the flavor's
    #: ``hw:numa_*`` / CPU pinning / page size); ``None``: undecided (the
    #: flavor is unknown, or a check bootreq leaves to Nova).
    numa_topology: bool | None = None
    #: The PCI requests of the flavor's ``pci_passthrough:alias`` (``None``:
    #: unknown).
    flavor_pci_requests: int | None = None


@attrs.frozen
class NetworkMetadata:
    """The request spec's ``network_metadata`` (neutron's ``create_resource_requests``).

    - ``physnets``: the physical networks of the requested networks and
      ports' networks (``provider:physical_network``, or a multi-provider
      network's first segment that names one).
    - ``tunneled``: one of them is an overlay (``vxlan``, ``gre``, ``geneve``).

    ``None`` in either field: unknown, because a requested network or port
    is not described in ``Options.cloud`` (``tunneled`` is still ``True``
    when a known network is tunneled).
    """

    physnets: frozenset[str] | None
    tunneled: bool | None


@attrs.frozen
class PortResourceGroup:
    """One resource request group of a port (a QoS policy's minimum bandwidth, ...).

    What Nova's ``RequestGroup.from_port_request`` (the port id as
    ``requester_id``) or, with neutron's ``port-resource-request-groups``
    extension, ``from_extended_port_request`` (the group's ``id``) make.
    """

    requester_id: str
    resources: Mapping[str, int]
    required_traits: frozenset[str]


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


_HOSTNAME_SEPARATORS = re.compile(r"[ _\.]")
_HOSTNAME_INVALID = re.compile(r"[^\w.-]+")


def _sanitize_hostname(name: str) -> str:
    name = name.encode("latin-1", "ignore").decode("latin-1")[:63]
    name = _HOSTNAME_SEPARATORS.sub("-", name)
    name = _HOSTNAME_INVALID.sub("", name)
    return name.lower().strip(".-")


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
# What a None value becomes on the object: BooleanField(default=False) takes
# the default, the other fields keep None. The template: every object field but
# attachment_id (which a dict seldom holds), in order.
_OBJECT_DEFAULTS = {name: False if name in _BOOL_FIELDS else None for name in _OBJECT_FIELDS}
_USUAL_OBJECT = {name: v for name, v in _OBJECT_DEFAULTS.items() if name != "attachment_id"}
_USUAL_OBJECT_FIELDS = frozenset(_USUAL_OBJECT)
_MUTABLE_JSON = (dict, list)


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
            value = to_int(value)
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


class BlockDeviceObject(Mapping[str, Any]):
    """One final BDM as Nova's BlockDeviceMapping object holds it, made on first read.

    A read-only mapping of exactly the fields Nova's object has set, coerced
    as its fields coerce them (integers, booleans, strings).

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
