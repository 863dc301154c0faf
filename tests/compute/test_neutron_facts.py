"""Neutron's facts in the cloud state: the JSON form, immutability, unknown facts."""

from __future__ import annotations

from typing import Any

import pytest

import bootreq
from bootreq.cloud import Cloud, CloudStateError, Network, Port, Quota, Segment
from bootreq.model import NetworkMetadata
from bootreq.options import Options

IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"
NET = "3cb9bc59-5699-4588-a4b1-b87f96708bc6"
PORT = "4a7591f2-7d57-4d17-acfb-2d5e37bac233"


def test_reads_neutron_members() -> None:
    cloud = Cloud.from_json({
        "security_groups": {"web": [], "db": ["a", "b"]},
        "available_networks": [NET],
        "auto_allocate": False,
        "networks": {NET: {"subnets": ["s"], "provider:physical_network": "p1",
                           "provider:network_type": "vlan",
                           "segments": [{"provider:physical_network": "p2"}]},
                     "gone": None},
        "ports": {PORT: {"network_id": NET, "device_id": "d", "binding:vnic_type": "direct",
                         "binding:profile": {"trusted": "yes"},
                         "fixed_ips": [{"subnet_id": "s", "ip_address": "10.0.0.3"}],
                         "ip_allocation": "deferred",
                         "resource_request": {"resources": {"NET_BW_EGR_KILOBIT_PER_SEC": 1}},
                         "device_profile": "dp"},
                  "gone": None},
        "fixed_ips": {"10.0.0.3": "server", "10.0.0.4": None},
        "port_quota": {"limit": 10, "in_use": 3},
        "neutron_extensions": ["multi-provider"],
        "project_id": "p",
    })
    assert cloud.security_groups == {"web": (), "db": ("a", "b")}
    assert cloud.available_networks == (NET,)
    assert cloud.auto_allocate is False
    assert cloud.networks == {
        NET: Network(subnets=("s",), physical_network="p1", network_type="vlan",
                     segments=(Segment(physical_network="p2"),)),
        "gone": None}
    port = cloud.ports[PORT]
    assert port is not None and cloud.ports["gone"] is None
    assert (port.network_id, port.device_id, port.vnic_type, port.ip_allocation,
            port.device_profile) == (NET, "d", "direct", "deferred", "dp")
    assert port.binding_profile == {"trusted": "yes"}
    assert port.fixed_ips == ({"subnet_id": "s", "ip_address": "10.0.0.3"},)
    assert port.resource_request == {"resources": {"NET_BW_EGR_KILOBIT_PER_SEC": 1}}
    assert cloud.fixed_ips == {"10.0.0.3": "server", "10.0.0.4": None}
    assert cloud.port_quota == Quota(limit=10, in_use=3)
    assert cloud.neutron_extensions == frozenset({"multi-provider"})
    assert cloud.project_id == "p"


def test_ports_are_immutable() -> None:
    request: dict[str, Any] = {"resources": {"X": 1}}
    port = Port(network_id=NET, resource_request=request)
    request["resources"]["X"] = 2
    assert port.resource_request == {"resources": {"X": 1}}
    with pytest.raises(TypeError):
        port.resource_request["resources"]["X"] = 3  # type: ignore[index]


@pytest.mark.parametrize(("document", "pointer"), [
    ({"ports": {"p": {}}}, "/ports/p"),
    ({"ports": {"p": {"network_id": NET, "binding:vnic_type": 1}}}, "/ports/p/binding:vnic_type"),
    ({"networks": {"n": {"subnets": "s"}}}, "/networks/n/subnets"),
    ({"security_groups": {"web": "id"}}, "/security_groups/web"),
    ({"port_quota": {"in_use": 1}}, "/port_quota"),
])
def test_errors_name_the_pointer(document: Any, pointer: str) -> None:
    with pytest.raises(CloudStateError) as raised:
        Cloud.from_json(document)
    assert raised.value.pointer == pointer


def test_unknown_port_leaves_the_network_needs_unknown() -> None:
    body = {"server": {"name": "vm", "flavorRef": "1", "imageRef": IMAGE,
                       "networks": [{"port": PORT}]}}
    for cloud in (None, Cloud()):
        result = bootreq.parse(body, "2.72", options=Options(cloud=cloud))
        assert not isinstance(result, bootreq.HttpError)
        assert result.compute is not None
        assert result.compute.network_metadata == NetworkMetadata(physnets=None, tunneled=None)
        assert result.compute.requested_resources is None
