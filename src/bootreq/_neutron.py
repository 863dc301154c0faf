"""Neutron's answers to ``compute_api.create``: security groups, networks, ports.

``compute_api.create`` asks neutron, in this order: whether each requested
security group exists (``_check_requested_secgroups``), whether the
requested networks and ports can be used and how many servers the port
quota allows (``_check_requested_networks`` -> ``validate_networks``), then,
after the key pair and the flavor's NUMA and PCI checks, what the ports and
networks need from the scheduler (``create_resource_requests``: the request
spec's network metadata, the ports' resource request groups, a PCI request
per SR-IOV port) and whether old computes can serve them. The port quota's
reduction of ``max_count`` is applied after the mixed-CPU-policy check.

Each check reads :class:`~bootreq.cloud.Cloud`'s neutron facts; a fact the
cloud does not state (an unlisted network, port or group, an unknown quota)
skips the check that needs it, and leaves what it would derive unknown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bootreq._rule import Rule, refuse
from bootreq.cloud import Network, Port
from bootreq.model import NetworkMetadata, PortResourceGroup

if TYPE_CHECKING:
    from bootreq.cloud import Cloud
    from bootreq.model import RequestedNetworks

__all__ = [
    "AUTO_ALLOCATE_UNAVAILABLE",
    "DEVICE_PROFILE_MISSING",
    "EXTENDED_RESOURCE_REQUEST_OLD_COMPUTE",
    "FIXED_IP_IN_USE",
    "NETWORK_AMBIGUOUS",
    "NETWORK_NOT_FOUND",
    "NETWORK_REQUIRES_SUBNET",
    "PORTS_OVER_QUOTA",
    "PORT_IN_USE",
    "PORT_LIMIT_EXCEEDED",
    "PORT_NOT_FOUND",
    "PORT_REQUIRES_FIXED_IP",
    "PORT_RESOURCE_REQUEST_OLD_MICROVERSION",
    "PORT_WITH_ACCELERATOR_OLD_COMPUTE",
    "REMOTE_MANAGED_PORT_OLD_COMPUTE",
    "RULES_AFTER_FLAVOR",
    "RULES_AFTER_KEYPAIR",
    "RULES_AFTER_MIXED_POLICY",
    "SECURITY_GROUP_AMBIGUOUS",
    "SECURITY_GROUP_NOT_FOUND",
    "NetworkNeeds",
    "check_networks",
    "check_security_groups",
    "limit_max_count",
    "resource_requests",
]


def __dir__() -> list[str]:
    return __all__


# --- rules, in Nova's order ----------------------------------------------------

SECURITY_GROUP_NOT_FOUND = Rule(
    "security_group_not_found", 400,
    "Unable to find security_group with name or id '{name}'",
    "SecurityGroupNotFound",
    needs=("cloud.security_groups",),
    doc="A requested security group (other than default) that neutron does "
    "not find: Cloud.security_groups maps the name or id to no group.",
)

SECURITY_GROUP_AMBIGUOUS = Rule(
    "security_group_ambiguous", 409,
    "Multiple security_group matches found for name '{name}', use an ID to "
    "be more specific.",
    "NoUniqueMatch",
    needs=("cloud.security_groups",),
    doc="A requested security group name that several groups have "
    "(Cloud.security_groups maps it to two ids or more).",
)

NETWORK_AMBIGUOUS = Rule(
    "network_ambiguous", 409,
    "Multiple possible networks found, use a Network ID to be more specific.",
    "NetworkAmbiguous",
    needs=("cloud.available_networks",),
    doc="No networks (or \"auto\") while the project may use more than one "
    "network (Cloud.available_networks).",
)

AUTO_ALLOCATE_UNAVAILABLE = Rule(
    "auto_allocate_unavailable", 400,
    "Unable to automatically allocate a network for project {project_id}",
    "UnableToAutoAllocateNetwork",
    needs=("cloud.available_networks", "cloud.auto_allocate"),
    doc="networks \"auto\", no network available to the project, and "
    "neutron cannot auto-allocate a topology (Cloud.auto_allocate False). "
    "The message names Cloud.project_id (\"<project_id>\" when unknown).",
)

PORT_NOT_FOUND = Rule(
    "port_not_found", 400,
    "Port id {port_id} could not be found.",
    "PortNotFound",
    needs=("cloud.ports",),
    doc="A requested port that does not exist (Cloud.ports maps it to None).",
)

PORT_IN_USE = Rule(
    "port_in_use", 409,
    "Port {port_id} is still in use.",
    "PortInUse",
    needs=("cloud.ports",),
    doc="A requested port bound to a server (its device_id is set).",
)

PORT_REQUIRES_FIXED_IP = Rule(
    "port_requires_fixed_ip", 400,
    "Port {port_id} requires a FixedIP in order to be used.",
    "PortRequiresFixedIP",
    needs=("cloud.ports",),
    doc="A requested port without fixed IPs whose ip_allocation is neither "
    "deferred nor none.",
)

FIXED_IP_IN_USE = Rule(
    "fixed_ip_in_use", 400,
    "Fixed IP address {address} is already in use on instance {instance_uuid}.",
    "FixedIpAlreadyInUse",
    needs=("cloud.fixed_ips",),
    doc="A requested fixed IP that a port of another server holds "
    "(Cloud.fixed_ips).",
)

NETWORK_REQUIRES_SUBNET = Rule(
    "network_requires_subnet", 400,
    "Network {network_id} requires a subnet in order to boot instances on.",
    "NetworkRequiresSubnet",
    needs=("cloud.networks",),
    doc="A requested network without subnets (checked, in request order, "
    "before any missing network).",
)

NETWORK_NOT_FOUND = Rule(
    "network_not_found", 400,
    "Network {network_id} could not be found.",
    "NetworkNotFound",
    needs=("cloud.networks",),
    doc="Requested networks that do not exist (Cloud.networks maps them to "
    "None); several are named, comma-separated (Nova's order is a set's: "
    "bootreq names them in request order).",
)

PORTS_OVER_QUOTA = Rule(
    "ports_over_quota", 403,
    "The number of defined ports: {ports} is over the limit: {quota}",
    "PortLimitExceeded",
    needs=("cloud.port_quota",),
    doc="The project already uses more ports than its neutron port quota, "
    "and the request needs a new port.",
)

DEVICE_PROFILE_MISSING = Rule(
    "device_profile_missing", 400,
    "Device profile name None: No device profile for port {port_id}.",
    "DeviceProfileError",
    needs=("cloud.ports",),
    doc="A requested accelerator-direct(-physical) port without a cyborg "
    "device_profile.",
)

PORT_WITH_ACCELERATOR_OLD_COMPUTE = Rule(
    "port_with_accelerator_old_compute", 400,
    "Port with cyborg profile is not available until upgrade finished.",
    "ForbiddenPortsWithAccelerator",
    needs=("cloud.ports", "cloud.min_compute_version"),
    doc="An accelerator port with a device profile while the oldest "
    "nova-compute is older than version 57.",
)

REMOTE_MANAGED_PORT_OLD_COMPUTE = Rule(
    "remote_managed_port_old_compute", 400,
    "Remote-managed ports are not supported until an upgrade is fully finished.",
    "ForbiddenWithRemoteManagedPorts",
    needs=("cloud.ports", "cloud.min_compute_version"),
    doc="A remote-managed port while the oldest nova-compute is older than "
    "version 61.",
)

PORT_RESOURCE_REQUEST_OLD_MICROVERSION = Rule(
    "port_resource_request_old_microversion", 400,
    "Creating servers with ports having resource requests, like a port with a "
    "QoS minimum bandwidth policy, is not supported until microversion 2.72.",
    "CreateWithPortResourceRequestOldVersion",
    needs=("cloud.ports",),
    doc="A requested port with a resource request (a QoS minimum bandwidth "
    "or packet rate policy) before microversion 2.72.",
)

EXTENDED_RESOURCE_REQUEST_OLD_COMPUTE = Rule(
    "extended_resource_request_old_compute", 400,
    "The port-resource-request-groups neutron API extension is not supported "
    "by old nova compute service. Upgrade your compute services to Xena "
    "(24.0.0) or later.",
    "ExtendedResourceRequestOldCompute",
    needs=("cloud.ports", "cloud.neutron_extensions", "cloud.min_compute_version"),
    doc="A port with a resource request, neutron's port-resource-request-groups "
    "extension, and an oldest nova-compute older than version 58.",
)

PORT_LIMIT_EXCEEDED = Rule(
    "port_limit_exceeded", 403,
    "Maximum number of ports exceeded",
    "PortLimitExceeded",
    needs=("cloud.port_quota",),
    doc="The free ports of the project's quota allow fewer servers than "
    "min_count (otherwise max_count is lowered to what they allow).",
)

#: The rules of each stage, for :data:`bootreq.compute.RULES` (Nova's order).
RULES_AFTER_FLAVOR = (
    SECURITY_GROUP_NOT_FOUND, SECURITY_GROUP_AMBIGUOUS, NETWORK_AMBIGUOUS,
    AUTO_ALLOCATE_UNAVAILABLE, PORT_NOT_FOUND, PORT_IN_USE, PORT_REQUIRES_FIXED_IP,
    FIXED_IP_IN_USE, NETWORK_REQUIRES_SUBNET, NETWORK_NOT_FOUND, PORTS_OVER_QUOTA,
)
RULES_AFTER_KEYPAIR = (
    DEVICE_PROFILE_MISSING, PORT_WITH_ACCELERATOR_OLD_COMPUTE,
    REMOTE_MANAGED_PORT_OLD_COMPUTE, PORT_RESOURCE_REQUEST_OLD_MICROVERSION,
    EXTENDED_RESOURCE_REQUEST_OLD_COMPUTE,
)
RULES_AFTER_MIXED_POLICY = (PORT_LIMIT_EXCEEDED,)

# nova.network.model / nova.network.constants / nova.compute.api
_SRIOV = frozenset({"direct", "macvtap", "direct-physical", "virtio-forwarder", "vdpa",
                    "remote-managed"})
_ACCELERATOR = frozenset({"accelerator-direct", "accelerator-direct-physical"})
_TUNNELED = frozenset({"vxlan", "gre", "geneve"})
_NO_IP_NEEDED = frozenset({"deferred", "none"})
_EXTENDED_REQUEST = "port-resource-request-groups"
_MULTI_PROVIDER = "multi-provider"
_MIN_COMPUTE_ACCELERATOR_PORTS = 57
_MIN_COMPUTE_EXTENDED_REQUEST = 58
_MIN_COMPUTE_REMOTE_MANAGED = 61
_UNKNOWN = object()


# --- _check_requested_secgroups ----------------------------------------------


def check_security_groups(cloud: Cloud, security_groups: tuple[str, ...]) -> None:
    """Refuse a requested group neutron does not find, or finds twice."""
    known = cloud.security_groups
    if not known:
        return
    for name in security_groups:
        if name == "default":  # Nova leaves "default" to neutron, unresolved
            continue
        found = known.get(name)
        if found is None:
            continue
        if not found:
            raise refuse(SECURITY_GROUP_NOT_FOUND, name=name)
        if len(found) > 1:
            raise refuse(SECURITY_GROUP_AMBIGUOUS, name=name)


# --- _check_requested_networks -> validate_networks ---------------------------


def check_networks(cloud: Cloud, networks: RequestedNetworks, max_count: int) -> int:
    """``validate_networks``: refuse, or how many servers the port quota allows.

    Returns ``max_count`` itself when nothing limits it (or the quota is
    unknown).
    """
    if networks == "none":
        return max_count
    if not networks or networks == "auto":  # (an empty list: none requested)
        available = cloud.available_networks
        if available is not None:
            if len(available) > 1:
                raise refuse(NETWORK_AMBIGUOUS)
            if not available and networks == "auto" and cloud.auto_allocate is False:
                raise refuse(AUTO_ALLOCATE_UNAVAILABLE,
                             project_id=cloud.project_id or "<project_id>")
        ports_per_server = 1
    else:
        ports_per_server = 0
        requested: list[str] = []
        for request in networks:
            if request.port_id:
                _check_port(cloud, request.port_id)
                continue
            ports_per_server += 1
            requested.append(request.network_id or "")
            if request.address:
                holder = cloud.fixed_ips.get(request.address)
                if holder:
                    raise refuse(FIXED_IP_IN_USE, address=request.address,
                                 instance_uuid=holder)
        if requested:
            _check_requested_network_ids(cloud, requested)
    if not ports_per_server:
        return max_count
    quota = cloud.port_quota
    if quota is None or quota.limit == -1:
        return max_count
    free = quota.limit - quota.in_use
    if free < 0:
        raise refuse(PORTS_OVER_QUOTA, ports=quota.in_use, quota=quota.limit)
    if free >= ports_per_server * max_count:
        return max_count
    return free // ports_per_server


def _check_port(cloud: Cloud, port_id: str) -> None:
    port = cloud.ports.get(port_id, _UNKNOWN)
    if port is _UNKNOWN:
        return
    if port is None:
        raise refuse(PORT_NOT_FOUND, port_id=port_id)
    assert isinstance(port, Port)
    if port.device_id:
        raise refuse(PORT_IN_USE, port_id=port_id)
    if port.ip_allocation not in _NO_IP_NEEDED and not port.fixed_ips:
        raise refuse(PORT_REQUIRES_FIXED_IP, port_id=port_id)


def _check_requested_network_ids(cloud: Cloud, requested: list[str]) -> None:
    known = cloud.networks
    if not known:
        return
    # neutron answers each id once, in the request's order
    unique = list(dict.fromkeys(requested))
    for network_id in unique:
        network = known.get(network_id)
        if network is not None and not network.subnets:
            raise refuse(NETWORK_REQUIRES_SUBNET, network_id=network_id)
    lost = [n for n in unique if n in known and known[n] is None]
    if lost:
        raise refuse(NETWORK_NOT_FOUND, network_id=", ".join(lost))


def limit_max_count(max_network_count: int, min_count: int, max_count: int) -> int:
    """The port quota's verdict on the counts: refuse, or the new ``max_count``."""
    if max_network_count < min_count:
        raise refuse(PORT_LIMIT_EXCEEDED)
    return min(max_network_count, max_count)


# --- create_resource_requests and the checks on its answer --------------------


class NetworkNeeds:
    """What ``create_resource_requests`` derives (see :class:`ComputeResult`)."""

    __slots__ = ("network_metadata", "pci_requests", "requested_resources")

    def __init__(self, network_metadata: NetworkMetadata | None,
                 requested_resources: tuple[PortResourceGroup, ...] | None,
                 pci_requests: int | None) -> None:
        self.network_metadata = network_metadata
        self.requested_resources = requested_resources
        self.pci_requests = pci_requests


_NO_NEEDS = NetworkNeeds(None, (), 0)
_AUTO_NEEDS = NetworkNeeds(NetworkMetadata(physnets=frozenset(), tunneled=False), (), 0)
_UNKNOWN_NEEDS = NetworkNeeds(NetworkMetadata(physnets=None, tunneled=None), None, None)


def resource_requests(cloud: Cloud | None, networks: RequestedNetworks,
                      supports_port_resource_request: bool) -> NetworkNeeds:
    """``create_resource_requests`` and the vNIC / resource request checks after it.

    Without a cloud (``None``) nothing is checked, and what the networks
    and ports need is unknown.
    """
    if not networks or networks == "none":
        return _NO_NEEDS
    if networks == "auto":
        return _AUTO_NEEDS
    if cloud is None:
        return _UNKNOWN_NEEDS
    extensions = cloud.neutron_extensions
    physnets: set[str] | None = set()
    tunneled: bool | None = False
    groups: list[PortResourceGroup] | None = []
    pci_requests: int | None = 0
    profiled = remote_managed = requested = False
    for request in networks:
        if request.port_id:
            port = cloud.ports.get(request.port_id)
            if port is None:  # unknown (a missing one was refused already)
                physnets = groups = pci_requests = None
                tunneled = tunneled or None
                continue
            physnet, overlay = _physnet_and_tunneled(cloud, port.network_id)
            if port.vnic_type in _ACCELERATOR:
                if not port.device_profile:
                    raise refuse(DEVICE_PROFILE_MISSING, port_id=request.port_id)
                # cyborg's profile groups: cyborg's facts, not modelled here
                profiled = True
            if port.resource_request:
                found = _port_groups(request.port_id, port.resource_request, extensions)
                requested = requested or bool(found)
                groups = None if groups is None or found is None else groups + found
            if port.vnic_type in _SRIOV and pci_requests is not None:
                pci_requests += 1
            remote_managed = remote_managed or port.vnic_type == "remote-managed"
        elif request.network_id:
            physnet, overlay = _physnet_and_tunneled(cloud, request.network_id)
        else:
            continue
        tunneled = True if (tunneled or overlay) else (
            None if tunneled is None or overlay is None else False)
        if physnets is not None:
            if physnet is _UNKNOWN:
                physnets = None
            elif physnet:
                physnets.add(str(physnet))
    version = cloud.min_compute_version
    if version is not None:
        if profiled and version < _MIN_COMPUTE_ACCELERATOR_PORTS:
            raise refuse(PORT_WITH_ACCELERATOR_OLD_COMPUTE)
        if remote_managed and version < _MIN_COMPUTE_REMOTE_MANAGED:
            raise refuse(REMOTE_MANAGED_PORT_OLD_COMPUTE)
    if requested:
        if not supports_port_resource_request:
            raise refuse(PORT_RESOURCE_REQUEST_OLD_MICROVERSION)
        if (extensions is not None and _EXTENDED_REQUEST in extensions
                and version is not None and version < _MIN_COMPUTE_EXTENDED_REQUEST):
            raise refuse(EXTENDED_RESOURCE_REQUEST_OLD_COMPUTE)
    return NetworkNeeds(
        NetworkMetadata(physnets=None if physnets is None else frozenset(physnets),
                        tunneled=tunneled),
        None if groups is None else tuple(groups), pci_requests)


def _physnet_and_tunneled(cloud: Cloud, network_id: str) -> tuple[Any, bool | None]:
    """``_get_physnet_tunneled_info``: (physnet or None, tunneled); unknown: (_UNKNOWN, None)."""
    network = cloud.networks.get(network_id)
    if not isinstance(network, Network):
        # (a port on a network neutron does not find: Nova fails with a 500)
        return _UNKNOWN, None
    if network.segments:
        extensions = cloud.neutron_extensions
        if extensions is None:
            return _UNKNOWN, None
        if _MULTI_PROVIDER in extensions:
            for segment in network.segments:
                if segment.physical_network:
                    return segment.physical_network, False
            return _UNKNOWN, None  # no segment names one: Nova fails with a 500
    return network.physical_network, network.network_type in _TUNNELED


def _port_groups(port_id: str, request: Any,
                 extensions: frozenset[str] | None) -> list[PortResourceGroup] | None:
    """The port's request groups (``None``: unknown)."""
    if extensions is None:
        return None
    if _EXTENDED_REQUEST in extensions:
        groups = []
        for group in request.get("request_groups") or ():
            if "resources" not in group or "id" not in group:
                return None  # Nova fails with a 500 (KeyError)
            groups.append(_group(str(group["id"]), group))
        return groups
    if "resources" not in request:
        return None  # the extended format without the extension: a 500 (KeyError)
    return [_group(port_id, request)]


def _group(requester_id: str, request: Any) -> PortResourceGroup:
    return PortResourceGroup(
        requester_id=requester_id,
        resources=request["resources"],
        required_traits=frozenset(str(t) for t in request.get("required") or ()),
    )
