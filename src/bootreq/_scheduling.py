"""Where the server may go: its server group and its 2.74 requested host / node.

``compute_api.create`` looks the ``group`` scheduler hint up in the API
database (``_get_requested_instance_group``, after the image and flavor
checks), then ``_provision_instances`` checks that a 2.74 ``host`` /
``hypervisor_hostname`` exists (``_validate_host_or_node``) before the
instance quota. Both read :class:`~bootreq.cloud.Cloud`; an unknown fact
skips the check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bootreq._rule import Rule, refuse

if TYPE_CHECKING:
    from bootreq.cloud import Cloud, ServerGroup

__all__ = [
    "COMPUTE_HOST_NOT_FOUND",
    "SERVER_GROUP_NOT_FOUND",
    "requested_group",
    "validate_host_or_node",
]


def __dir__() -> list[str]:
    return __all__


SERVER_GROUP_NOT_FOUND = Rule(
    "server_group_not_found", 400,
    "Instance group {group_uuid} could not be found.",
    "InstanceGroupNotFound",
    needs=("cloud.server_groups",),
    doc="The group scheduler hint names a server group the API database "
    "does not hold (Options.cloud.server_groups maps it to None); a uuid the "
    "cloud does not list is assumed found. A list-valued hint is not looked "
    "up (Nova's query then depends on the database driver).",
)

COMPUTE_HOST_NOT_FOUND = Rule(
    "compute_host_not_found", 400,
    "Compute host {host} could not be found.",
    "ComputeHostNotFound",
    needs=("cloud.hosts", "cloud.nodes"),
    doc="2.74: the requested host is not among Options.cloud.hosts (the "
    "message names the host), or the requested hypervisor_hostname is not "
    "among Options.cloud.nodes (it names the host when one was requested, "
    "else the node). Unknown hosts / nodes (None) are assumed to exist; a "
    "node is known by its name only (Nova asks for it on the requested host).",
)


def requested_group(cloud: Cloud, hint: Any) -> tuple[str, ServerGroup | None] | None:
    """The group the hint names: ``(uuid, group)`` (``group`` None: not listed,
    assumed found), ``None`` without a hint; raise Refused if it is missing."""
    if not hint or type(hint) is not str:
        return None  # no hint, or a list Nova's database would decide
    groups = cloud.server_groups
    if hint in groups:
        group = groups[hint]
        if group is None:
            raise refuse(SERVER_GROUP_NOT_FOUND, group_uuid=hint)
        return hint, group
    return hint, None


def validate_host_or_node(cloud: Cloud, host: str | None, node: str | None) -> None:
    """``_validate_host_or_node``: raise Refused when a known-missing one is asked."""
    hosts, nodes = cloud.hosts, cloud.nodes
    if host:
        if hosts is not None and host not in hosts:
            raise refuse(COMPUTE_HOST_NOT_FOUND, host=host)
        # ComputeNode.get_by_host_and_nodename: its error names the host.
        if node and nodes is not None and node not in nodes:
            raise refuse(COMPUTE_HOST_NOT_FOUND, host=host)
    elif node and nodes is not None and node not in nodes:
        raise refuse(COMPUTE_HOST_NOT_FOUND, host=node)
