"""cinder's facts in the cloud state: their JSON form, and unknown facts skip.

Nova's answers to these facts are graded in test_nova_verdicts.py (the
corpus and data/volumes); here: what the JSON form reads, where a wrong
document is wrong, and that a fact left out changes nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bootreq
from bootreq.cloud import (
    Cloud,
    CloudStateError,
    Deployment,
    Flavor,
    Image,
    Snapshot,
    Volume,
    VolumeType,
)
from bootreq.options import Options

VOLUME = "11111111-1111-4111-8111-000000000001"
SNAPSHOT = "22222222-2222-4222-8222-000000000001"
KERNEL = "33333333-3333-4333-8333-000000000003"
IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"
FLAVOR = Flavor(vcpus=1, memory_mb=512, root_gb=1)


def test_reads_every_cinder_member() -> None:
    cloud = Cloud.from_json({
        "volumes": {
            "v": {"size": 10, "status": "in-use", "bootable": False,
                  "availability_zone": "az2", "multiattach": True, "volume_type": "fast",
                  "volume_image_metadata": {"min_disk": "1", "kernel_id": KERNEL}},
            "bare": {"size": 1, "volume_image_metadata": None},
            "gone": None},
        "snapshots": {"s": {"size": 3, "volume_id": "v", "status": "available"},
                      "t": {"size": 4}, "gone": None},
        "volume_types": [{"id": "t-1", "name": "fast"}],
    })
    assert cloud.volumes["v"] == Volume(
        size=10, status="in-use", bootable=False, availability_zone="az2", multiattach=True,
        volume_type="fast", volume_image_metadata={"min_disk": "1", "kernel_id": KERNEL})
    assert cloud.volumes["bare"] == Volume(size=1)
    assert cloud.volumes["gone"] is None
    assert cloud.snapshots == {"s": Snapshot(size=3, volume_id="v"), "t": Snapshot(size=4),
                               "gone": None}
    assert cloud.volume_types == (VolumeType(id="t-1", name="fast"),)
    assert Cloud.from_json({}).volume_types is None


def test_cinder_facts_are_immutable() -> None:
    document: dict[str, Any] = {"volumes": {"v": {"size": 1, "volume_image_metadata": {
        "min_ram": "1"}}}, "volume_types": []}
    cloud = Cloud.from_json(document)
    document["volumes"]["v"]["volume_image_metadata"]["min_ram"] = "2"
    document["volumes"]["w"] = None
    volume = cloud.volumes["v"]
    assert volume is not None and volume.volume_image_metadata == {"min_ram": "1"}
    assert list(cloud.volumes) == ["v"]
    assert cloud.volume_types == ()
    with pytest.raises(TypeError):
        volume.volume_image_metadata["x"] = "y"  # type: ignore[index]


@pytest.mark.parametrize(("document", "pointer"), [
    ({"volumes": {"v": {}}}, "/volumes/v"),
    ({"volumes": {"v": {"size": "10"}}}, "/volumes/v/size"),
    ({"volumes": {"v": {"size": 1, "bootable": "false"}}}, "/volumes/v/bootable"),
    ({"volumes": {"v": {"size": 1, "volume_image_metadata": []}}},
     "/volumes/v/volume_image_metadata"),
    ({"volumes": {"v": {"size": 1, "attachments": []}}}, "/volumes/v/attachments"),
    ({"snapshots": {"s": {"volume_id": "v"}}}, "/snapshots/s"),
    ({"snapshots": {"s": {"size": 1, "volume_id": 3}}}, "/snapshots/s/volume_id"),
    ({"volume_types": ["fast"]}, "/volume_types/0"),
    ({"volume_types": [{"id": "t"}]}, "/volume_types/0"),
    ({"volume_types": {"t": "fast"}}, "/volume_types"),
])
def test_cinder_errors_name_the_pointer(document: Any, pointer: str) -> None:
    with pytest.raises(CloudStateError) as raised:
        Cloud.from_json(document)
    assert raised.value.pointer == pointer


def _boot_from_volume(**server: Any) -> dict[str, Any]:
    return {"server": {"name": "vm", "flavorRef": "1", "networks": "none",
                       "block_device_mapping_v2": [
                           {"source_type": "volume", "destination_type": "volume",
                            "uuid": VOLUME, "boot_index": 0},
                           {"source_type": "snapshot", "destination_type": "volume",
                            "uuid": SNAPSHOT, "boot_index": 1}], **server}}


def test_unknown_cinder_facts_answer_as_before() -> None:
    body = _boot_from_volume()
    plain = bootreq.parse(body, "2.67", options=Options(flavor=FLAVOR))
    assert not isinstance(plain, bootreq.HttpError)
    others = Cloud(volumes={"other": None}, snapshots={"other": None},
                   images={"other": None})
    for cloud in (Cloud(), others):
        known = bootreq.parse(body, "2.67", options=Options(
            flavor=FLAVOR, cloud=cloud, deployment=Deployment(cross_az_attach=False)))
        assert known == plain
    assert plain.compute is not None and plain.compute.image is None


def test_options_image_comes_before_the_boot_volume() -> None:
    # The boot volume's metadata (min_ram 1024) would refuse the 512 MiB flavor.
    cloud = Cloud(volumes={VOLUME: Volume(size=1, volume_image_metadata={"min_ram": "1024"})})
    refused = bootreq.parse(_boot_from_volume(), "2.67",
                            options=Options(flavor=FLAVOR, cloud=cloud))
    assert isinstance(refused, bootreq.HttpError)
    assert refused.message == "Flavor's memory is too small for requested image."
    given = Image(min_ram=0)
    accepted = bootreq.parse(_boot_from_volume(), "2.67",
                             options=Options(flavor=FLAVOR, cloud=cloud, image=given))
    assert not isinstance(accepted, bootreq.HttpError), accepted.message
    assert accepted.compute is not None and accepted.compute.image is given


def test_options_image_does_not_hide_a_missing_boot_volume() -> None:
    cloud = Cloud(volumes={VOLUME: None})
    refused = bootreq.parse(_boot_from_volume(), "2.67",
                            options=Options(flavor=FLAVOR, cloud=cloud, image=Image()))
    assert isinstance(refused, bootreq.HttpError)
    assert refused.message == (
        f"Block Device Mapping is Invalid: failed to get volume {VOLUME}.")


_IDS = [VOLUME, SNAPSHOT, KERNEL, "x"]
_TEXT = st.sampled_from(["available", "in-use", "error", "reserved", "", "nova", "az2", "1",
                         "٥", "1.5", "nokernel", KERNEL, VOLUME])
_VIM = st.dictionaries(st.sampled_from(["min_ram", "min_disk", "kernel_id", "ramdisk_id",
                                        "auto_disk_config", "os_type", "size"]),
                       st.one_of(_TEXT, st.integers(-3, 3), st.none()), max_size=4)
_VOLUMES = st.dictionaries(st.sampled_from(_IDS), st.one_of(st.none(), st.builds(
    Volume, size=st.integers(0, 30), status=_TEXT, bootable=st.booleans(),
    availability_zone=_TEXT, multiattach=st.booleans(),
    volume_image_metadata=st.one_of(st.none(), _VIM))), max_size=3)
_SNAPSHOTS = st.dictionaries(st.sampled_from(_IDS), st.one_of(st.none(), st.builds(
    Snapshot, size=st.integers(0, 30), volume_id=st.one_of(st.none(), st.sampled_from(_IDS)))),
    max_size=3)
_IMAGES = st.dictionaries(st.sampled_from([*_IDS, IMAGE]), st.one_of(st.none(), st.builds(
    Image, id=st.one_of(st.none(), st.sampled_from(_IDS)), min_ram=st.integers(0, 2048),
    properties=_VIM)), max_size=3)
_TYPES = st.one_of(st.none(), st.lists(st.builds(VolumeType, id=_TEXT, name=_TEXT), max_size=2))
_BDM = st.fixed_dictionaries(
    {"source_type": st.sampled_from(["volume", "snapshot", "image", "blank"]),
     "destination_type": st.just("volume"), "uuid": st.sampled_from(_IDS),
     "boot_index": st.sampled_from([0, 1, 2, -1]), "volume_size": st.integers(1, 5)},
    optional={"volume_type": _TEXT})


@settings(max_examples=150, deadline=None)
@given(volumes=_VOLUMES, snapshots=_SNAPSHOTS, images=_IMAGES, types=_TYPES,
       bdms=st.lists(_BDM, min_size=1, max_size=3), image_ref=st.booleans(),
       cross_az=st.booleans(), version=st.sampled_from(["2.1", "2.59", "2.67"]))
def test_any_cinder_state_answers(volumes: Any, snapshots: Any, images: Any, types: Any,
                                  bdms: Any, image_ref: bool, cross_az: bool,
                                  version: str) -> None:
    server: dict[str, Any] = {"name": "vm", "flavorRef": "1"}
    if version == "2.1":
        server["block_device_mapping"] = [
            {"device_name": f"vd{'abc'[i]}", ("snapshot_id" if b["source_type"] == "snapshot"
                                               else "volume_id"): b["uuid"]}
            for i, b in enumerate(bdms)]
    else:
        server["block_device_mapping_v2"] = bdms
        server["networks"] = "none"
    if image_ref:
        server["imageRef"] = IMAGE
    body = {"server": server}
    before = repr(body)
    cloud = Cloud(volumes=volumes, snapshots=snapshots, images=images, volume_types=types)
    result = bootreq.parse(body, version, options=Options(
        flavor=FLAVOR, cloud=cloud, deployment=Deployment(cross_az_attach=cross_az)))
    assert isinstance(result, (bootreq.BuildRequest, bootreq.HttpError))
    assert repr(body) == before
