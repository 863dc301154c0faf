"""The cloud state's JSON form for Nova's databases: server groups, hosts and
nodes, per-user quotas and the server group member quota.

What these facts decide is graded against Nova's recorded verdicts in
tests/compute/data/novadb (test_nova_verdicts.py); here: how they read.
"""

from __future__ import annotations

from typing import Any

import pytest

from bootreq.cloud import Cloud, CloudStateError, Limits, Quota, Quotas, ServerGroup

GROUP = "11111111-2222-4333-8444-555555555555"


def test_reads_server_groups_hosts_nodes_and_quotas() -> None:
    cloud = Cloud.from_json({
        "server_groups": {GROUP: {"policy": "affinity", "members": ["m1"],
                                  "rules": {"max_server_per_host": 2}, "name": "g"},
                          "gone": None},
        "hosts": ["compute-1", "compute-2"],
        "nodes": [],
        "quotas": {"instances": {"limit": 10, "in_use": 2, "user_limit": 3,
                                 "user_in_use": 1},
                   "server_group_members": {"limit": -1, "in_use": 4, "user_limit": 5}},
        "user_limits": {"metadata_items": 5, "injected_files": -1},
    })
    assert cloud.server_groups == {
        GROUP: ServerGroup(policy="affinity", members=("m1",),
                           rules={"max_server_per_host": 2}, name="g"),
        "gone": None}
    assert cloud.hosts == frozenset({"compute-1", "compute-2"})
    assert cloud.nodes == frozenset()
    assert cloud.quotas == Quotas(
        instances=Quota(limit=10, in_use=2, user_limit=3, user_in_use=1),
        server_group_members=Quota(limit=-1, in_use=4, user_limit=5))
    assert cloud.user_limits == Limits(metadata_items=5, injected_files=-1)


def test_unknown_by_default() -> None:
    cloud = Cloud.from_json({})
    assert cloud.server_groups == {}
    assert cloud.hosts is None and cloud.nodes is None and cloud.user_limits is None
    assert Quotas().server_group_members == Quota(limit=10)
    assert Quota(limit=1).user_limit is None and Quota(limit=1).user_in_use is None


def test_server_groups_are_immutable() -> None:
    document: dict[str, Any] = {"server_groups": {GROUP: {"policy": "affinity",
                                                          "rules": {"a": [1]}}}}
    cloud = Cloud.from_json(document)
    document["server_groups"][GROUP]["rules"]["a"].append(2)
    document["server_groups"]["other"] = None
    group = cloud.server_groups[GROUP]
    assert group is not None and group.rules == {"a": (1,)}
    assert list(cloud.server_groups) == [GROUP]
    with pytest.raises(TypeError):
        cloud.server_groups["x"] = None  # type: ignore[index]


@pytest.mark.parametrize(("document", "pointer"), [
    ({"server_groups": []}, "/server_groups"),
    ({"server_groups": {GROUP: {}}}, f"/server_groups/{GROUP}"),
    ({"server_groups": {GROUP: {"policy": 1}}}, f"/server_groups/{GROUP}/policy"),
    ({"server_groups": {"g": {"policy": "affinity", "members": "m"}}},
     "/server_groups/g/members"),
    ({"server_groups": {"g": {"policy": "affinity", "rules": []}}}, "/server_groups/g/rules"),
    ({"hosts": "compute-1"}, "/hosts"),
    ({"nodes": [None]}, "/nodes/0"),
    ({"quotas": {"instances": {"limit": 1, "user_limit": "2"}}},
     "/quotas/instances/user_limit"),
    ({"quotas": {"server_group_members": {"in_use": 1}}}, "/quotas/server_group_members"),
    ({"user_limits": {"metadata_items": "5"}}, "/user_limits/metadata_items"),
])
def test_errors_name_the_pointer(document: Any, pointer: str) -> None:
    with pytest.raises(CloudStateError) as raised:
        Cloud.from_json(document)
    assert raised.value.pointer == pointer
