"""The quota engine's checks in ``compute_api.create``: instances and group members.

``compute.utils.check_num_instances_quota`` (in ``_provision_instances``)
decides how many instances Nova builds, or refuses the request; the server
group member quota is checked once per instance after its block device
mappings are validated. Both read :class:`~bootreq.cloud.Quotas` and follow
``nova.quota.DbQuotaDriver.limit_check_project_and_user``: a resource counted
per project and per user when the user has a limit of its own, else checked
against the lower of the two limits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bootreq._rule import Rule, refuse
from bootreq.cloud import Limits

if TYPE_CHECKING:
    from bootreq.cloud import Flavor, Quota, Quotas

__all__ = [
    "INSTANCE_QUOTA",
    "SERVER_GROUP_MEMBER_QUOTA",
    "content_limits",
    "instance_quota",
    "server_group_member_quota",
]


def __dir__() -> list[str]:
    return __all__


INSTANCE_QUOTA = Rule(
    "instance_quota", 403,
    "Quota exceeded for {overs}: Requested {req}, but already used {used} "
    "of {allowed} {overs}",
    "TooManyInstances",
    needs=("flavor", "cloud.quotas"),
    doc="check_num_instances_quota on instances / cores / ram "
    "(Options.cloud.quotas): fewer than min_count instances fit. With a "
    "user_limit on any of the three, the project and the user are counted "
    "apart (the user's usage is then needed). When at least min_count fit, "
    "Nova builds as many as fit (at most max_count).",
)

SERVER_GROUP_MEMBER_QUOTA = Rule(
    "server_group_member_quota", 403,
    "Quota exceeded, too many servers in group",
    "OverQuota",
    needs=("cloud.quotas", "cloud.server_groups"),
    doc="The group scheduler hint's group would hold more of the user's "
    "servers than the server_group_members quota (the lower of the project's "
    "and the user's limit, -1 winning) allows; checked per instance, after "
    "its block device mappings.",
)

_INSTANCE_RESOURCES = ("instances", "cores", "ram")


def _merged_limit(quota: Quota) -> int:
    """The limit of a resource checked once (no separate user count).

    ``limit_check_project_and_user`` takes ``min`` of the project's and the
    user's limit, so an unlimited ``-1`` on either side wins.
    """
    if quota.user_limit is None:
        return quota.limit
    return min(quota.limit, quota.user_limit)


def instance_quota(quotas: Quotas, flavor: Flavor, min_count: int, max_count: int) -> int:
    """How many instances Nova builds, or raise Refused (TooManyInstances).

    Returns ``max_count`` unchecked when the user's usage is needed and
    unknown.
    """
    records = {"instances": quotas.instances, "cores": quotas.cores, "ram": quotas.ram}
    per_user = any(records[r].user_limit is not None for r in _INSTANCE_RESOURCES)
    project_limits = {r: records[r].limit for r in _INSTANCE_RESOURCES}
    project_usages = {r: records[r].in_use for r in _INSTANCE_RESOURCES}
    if per_user:
        user_usages: dict[str, int] = {}
        for resource in _INSTANCE_RESOURCES:
            used = records[resource].user_in_use
            if used is None:
                return max_count  # the user's usage is unknown: not checked
            user_usages[resource] = used
        # A user without a row of their own for a resource has the project's.
        user_limits: dict[str, int] = {}
        for resource in _INSTANCE_RESOURCES:
            own = records[resource].user_limit
            user_limits[resource] = records[resource].limit if own is None else own
    else:
        merged_limits = {r: _merged_limit(records[r]) for r in _INSTANCE_RESOURCES}
    while True:
        deltas = {"instances": max_count, "cores": max_count * flavor.vcpus,
                  "ram": max_count * flavor.memory_mb}
        if per_user:
            overs = []
            over_user = False
            for resource in _INSTANCE_RESOURCES:
                limit = project_limits[resource]
                if 0 <= limit < project_usages[resource] + deltas[resource]:
                    overs.append(resource)
                elif 0 <= user_limits[resource] < user_usages[resource] + deltas[resource]:
                    overs.append(resource)
                    over_user = True
            # Nova reports every resource against the scope one went over.
            limits, usages = ((user_limits, user_usages) if over_user
                              else (project_limits, project_usages))
        else:
            limits, usages = merged_limits, project_usages
            overs = [r for r in _INSTANCE_RESOURCES
                     if 0 <= limits[r] < usages[r] + deltas[r]]
        if not overs:
            return max_count
        overs.sort()
        headroom = _headroom(limits, usages, deltas)
        allowed = headroom["instances"]
        if flavor.vcpus:
            allowed = min(allowed, headroom["cores"] // flavor.vcpus)
        if flavor.memory_mb:
            allowed = min(allowed, headroom["ram"] // flavor.memory_mb)
        if allowed > 0 and min_count <= allowed < max_count:
            max_count = int(allowed)  # Nova checks again with what fits
            continue
        counts = (str(min_count) if min_count == max_count
                  else f"{min_count}-{max_count}")
        requested = {"instances": counts, "cores": deltas["cores"], "ram": deltas["ram"]}
        # (When exactly max_count fit, Nova checks again with the same count,
        # without end, and answers 500 RecursionError: a flavor without vcpus
        # or RAM already over that quota. bootreq answers the quota's 403.)
        raise refuse(
            INSTANCE_QUOTA, overs=", ".join(overs),
            req=", ".join(str(requested[r]) for r in overs),
            used=", ".join(str(limits[r] - headroom[r]) for r in overs),
            allowed=", ".join(str(limits[r]) for r in overs))


def _headroom(limits: dict[str, int], usages: dict[str, int],
              deltas: dict[str, int]) -> dict[str, Any]:
    """``compute.utils.get_headroom``: an unlimited cores / ram quota follows
    the instances' headroom (a float where Nova divides)."""
    headroom: dict[str, Any] = {r: limits[r] - usages[r] for r in limits}
    for resource in ("cores", "ram"):
        if limits[resource] == -1:
            if deltas[resource]:
                headroom[resource] = (headroom["instances"] * deltas[resource]
                                      / deltas["instances"])
            else:
                headroom[resource] = headroom["instances"]
    return headroom


def server_group_member_quota(quotas: Quotas, num_instances: int) -> None:
    """Raise Refused when the group cannot take ``num_instances`` more members.

    Nova adds the instances one by one and checks ``in_use`` plus the ones
    added so far plus one; the first that does not fit refuses the request.
    """
    members = quotas.server_group_members
    limit = _merged_limit(members)
    if 0 <= limit < members.in_use + num_instances:
        raise refuse(SERVER_GROUP_MEMBER_QUOTA)


def content_limits(project: Limits, user: Limits) -> Limits:
    """The limits above which ``limit_check`` refuses a request's content.

    ``DbQuotaDriver.limit_check`` refuses a value above the project's limit
    or above the user's (each ``-1``: unlimited): the lower of the two
    limited ones.
    """
    lower = {}
    for name in ("metadata_items", "injected_files", "injected_file_path_length",
                 "injected_file_content_bytes"):
        limited = [v for v in (getattr(project, name), getattr(user, name)) if v >= 0]
        lower[name] = min(limited) if limited else -1
    return Limits(**lower)
