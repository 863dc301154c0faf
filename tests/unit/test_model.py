"""bootreq.model: frozen result types, Options, and to_nova_kwargs' presence rules.

The presence rules are those of Nova's ``ServersController.create`` (which
``create_kwargs`` it sets, and when), as ../shared/oracle/README.md records them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs
import pytest

import bootreq
from bootreq import BlockDeviceMapping, BuildRequest, Microversion, NetworkRequest, Options
from bootreq._block_device import BDM_FIELDS

IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"
NETWORK = "3cb9bc59-5699-4588-a4b1-b87f96708bc6"
VOLUME = "9c7b0a4e-1d2f-4c3b-8a5e-6f7d8c9b0a1e"
API_LAYER = Options(compute_checks=False)

ALWAYS = {
    "image_href", "display_name", "display_description", "hostname", "availability_zone",
    "forced_host", "forced_node", "metadata", "admin_password", "check_server_group_quota",
    "supports_multiattach", "supports_port_resource_request", "user_data", "key_name",
    "config_drive", "scheduler_hints", "min_count", "max_count", "injected_files",
    "requested_networks",
}


def build(version: str, **server: Any) -> BuildRequest:
    body = {"server": {"name": "vm", "flavorRef": "1", "imageRef": IMAGE, **server}}
    if Microversion.parse(version) >= Microversion(2, 37) and "networks" not in server:
        body["server"]["networks"] = "auto"
    result = bootreq.parse(body, version, options=API_LAYER)
    assert isinstance(result, BuildRequest), result
    return result


def kwargs(version: str, **server: Any) -> dict[str, Any]:
    return build(version, **server).to_nova_kwargs()


# -- presence rules


@pytest.mark.parametrize("version", ["2.1", "2.19", "2.51", "2.73", "2.104"])
def test_a_minimal_body_passes_only_the_unconditional_kwargs(version: str) -> None:
    keys = set(kwargs(version))
    expected = set(ALWAYS)
    if Microversion.parse(version) >= Microversion(2, 52):
        expected.add("tags")
    if Microversion.parse(version) >= Microversion(2, 74):
        expected |= {"requested_host", "requested_hypervisor_hostname"}
    assert keys == expected


def test_tags_only_from_2_52() -> None:
    assert "tags" not in kwargs("2.51")
    assert kwargs("2.52")["tags"] is None
    assert kwargs("2.52", tags=["b", "a"])["tags"] == ["b", "a"]
    assert kwargs("2.104", tags=[])["tags"] == []


def test_tags_not_passed_in_legacy_v2_mode() -> None:
    # /v2 relaxes the schema (unknown members are dropped) and is below every version gate.
    result = bootreq.parse(
        {"server": {"name": "vm", "flavorRef": "1", "imageRef": IMAGE, "tags": ["a"]}},
        "2.0",
        options=API_LAYER,
    )
    assert isinstance(result, BuildRequest)
    assert "tags" not in result.to_nova_kwargs()


def test_requested_destination_only_from_2_74() -> None:
    assert not {"requested_host", "requested_hypervisor_hostname"} & set(kwargs("2.73"))
    at_74 = kwargs("2.74")
    assert (at_74["requested_host"], at_74["requested_hypervisor_hostname"]) == (None, None)
    given = kwargs("2.74", host="h1", hypervisor_hostname="n1")
    assert (given["requested_host"], given["requested_hypervisor_hostname"]) == ("h1", "n1")


@pytest.mark.parametrize(
    ("member", "value", "key", "expected"),
    [
        ("security_groups", [{"name": "b"}, {"name": "a"}, {"name": "b"}], "security_groups",
         ["a", "b"]),
        ("security_groups", [], "security_groups", []),
        ("OS-DCF:diskConfig", "AUTO", "auto_disk_config", True),
        ("OS-DCF:diskConfig", "MANUAL", "auto_disk_config", False),
        ("accessIPv4", "10.0.0.1", "access_ip_v4", "10.0.0.1"),
        ("accessIPv6", "2001:db8::1", "access_ip_v6", "2001:db8::1"),
    ],
)
def test_optional_kwargs_when_the_body_gives_them(
    member: str, value: Any, key: str, expected: Any
) -> None:
    assert key not in kwargs("2.1")
    assert kwargs("2.1", **{member: value})[key] == expected


def test_trusted_certs_when_given() -> None:
    assert "trusted_certs" not in kwargs("2.63")
    assert "trusted_certs" not in kwargs("2.63", trusted_image_certificates=None)
    assert kwargs("2.63", trusted_image_certificates=["c1", "c2"])["trusted_certs"] == [
        "c1",
        "c2",
    ]


def test_block_device_mapping_and_legacy_bdm_when_given() -> None:
    plain = kwargs("2.1")
    assert "block_device_mapping" not in plain and "legacy_bdm" not in plain
    empty = kwargs("2.1", block_device_mapping_v2=[], block_device_mapping=[])
    assert "block_device_mapping" not in empty and "legacy_bdm" not in empty

    v2 = kwargs(
        "2.1",
        block_device_mapping_v2=[
            {"source_type": "volume", "destination_type": "volume", "uuid": VOLUME}
        ],
    )
    assert v2["legacy_bdm"] is False
    (entry,) = v2["block_device_mapping"]
    assert set(entry) == set(BDM_FIELDS)
    assert entry["volume_id"] == VOLUME

    legacy = kwargs(
        "2.1",
        block_device_mapping=[{"volume_id": VOLUME, "delete_on_termination": "yes"}],
    )
    assert legacy["legacy_bdm"] is True
    assert legacy["block_device_mapping"] == [
        {"volume_id": VOLUME, "delete_on_termination": True}
    ]


def test_requested_networks_shapes() -> None:
    assert kwargs("2.1")["requested_networks"] is None
    assert kwargs("2.37", networks="auto")["requested_networks"] == "auto"
    assert kwargs("2.37", networks="none")["requested_networks"] == "none"
    listed = kwargs(
        "2.37", networks=[{"uuid": NETWORK, "fixed_ip": "2001:0db8::0001"}, {"port": VOLUME}]
    )["requested_networks"]
    assert listed == [
        {"network_id": NETWORK, "address": "2001:db8::1", "port_id": None, "tag": None},
        {"network_id": None, "address": None, "port_id": VOLUME, "tag": None},
    ]


def _plain(value: Any) -> None:
    assert not isinstance(value, tuple)
    if isinstance(value, Mapping):
        assert type(value) is dict
        for item in value.values():
            _plain(item)
    elif isinstance(value, list):
        for item in value:
            _plain(item)


def test_kwargs_are_plain_json() -> None:
    result = kwargs(
        "2.56",
        metadata={"k": "v"},
        personality=[{"path": "/p", "contents": "YQ=="}],
        networks=[{"uuid": NETWORK, "tag": "t"}],
        block_device_mapping_v2=[{"source_type": "blank", "destination_type": "local",
                                  "no_device": {"x": [1]}}],
        tags=["a"],
    )
    _plain(result)
    assert json.loads(json.dumps(result)) == result
    assert result["injected_files"] == [["/p", "YQ=="]]


def test_kwargs_are_a_fresh_copy() -> None:
    request = build("2.1", metadata={"k": "v"})
    first = request.to_nova_kwargs()
    first["metadata"]["k"] = "changed"
    assert request.to_nova_kwargs()["metadata"] == {"k": "v"}


# -- frozen types


def test_build_request_is_frozen() -> None:
    request = build("2.1", metadata={"k": "v"})
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        request.name = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        request.metadata["k"] = "w"  # type: ignore[index]
    assert isinstance(request.injected_files, tuple)
    assert isinstance(request.policies, tuple)


@pytest.mark.parametrize(
    "value",
    [BlockDeviceMapping(), NetworkRequest(), Options()],
    ids=["BlockDeviceMapping", "NetworkRequest", "Options"],
)
def test_parts_are_frozen(value: Any) -> None:
    name = attrs.fields(type(value))[0].name
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(value, name, "x")


def test_network_request_to_nova_dict() -> None:
    assert NetworkRequest(NETWORK, "10.0.0.1", None, "t").to_nova_dict() == {
        "network_id": NETWORK, "address": "10.0.0.1", "port_id": None, "tag": "t"
    }


def test_bdm_to_nova_dict_has_novas_twenty_fields() -> None:
    assert len(BDM_FIELDS) == 20
    assert BlockDeviceMapping(volume_id="v").to_nova_dict() == {
        **dict.fromkeys(BDM_FIELDS), "volume_id": "v"
    }


# -- Options


def test_options_defaults_are_novas() -> None:
    options = Options()
    assert options.default_schedule_zone is None  # [DEFAULT] default_schedule_zone
    assert options.default_availability_zone == "nova"  # [DEFAULT] default_availability_zone
    assert options.max_body_bytes == 114688  # [oslo_middleware] max_request_body_size
    assert options.max_microversion is None
    assert options.authorize is None and options.flavor_exists is None
    assert options.compute_checks is True


def test_options_max_microversion_accepts_text() -> None:
    assert Options(max_microversion="2.60").max_microversion == Microversion(2, 60)
    assert Options(max_microversion=Microversion(2, 60)).max_microversion == Microversion(2, 60)
    with pytest.raises(ValueError):
        Options(max_microversion="2.060")
