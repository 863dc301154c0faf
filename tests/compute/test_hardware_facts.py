"""The hardware room's cloud facts: cyborg's device profiles, the [pci] aliases."""

from __future__ import annotations

import pytest

from bootreq.cloud import Cloud, CloudStateError, DeviceProfile


def test_reads_device_profiles_and_pci_aliases() -> None:
    cloud = Cloud.from_json({
        "device_profiles": {"dp1": {"groups": [{"resources:FPGA": "1"}]}, "gone": None},
        "pci_aliases": ["a1", "a2"],
        "min_compute_version": 51,
    })
    assert cloud.device_profiles == {
        "dp1": DeviceProfile(groups=({"resources:FPGA": "1"},)), "gone": None}
    assert cloud.pci_aliases == frozenset({"a1", "a2"})
    assert cloud.min_compute_version == 51


def test_unknown_by_default() -> None:
    cloud = Cloud.from_json({})
    assert cloud.device_profiles == {}
    assert cloud.pci_aliases is None


def test_frozen() -> None:
    profile = DeviceProfile(groups=[{"resources:FPGA": "1"}])
    with pytest.raises(TypeError):
        profile.groups[0]["resources:FPGA"] = "2"  # type: ignore[index]


@pytest.mark.parametrize(("document", "pointer"), [
    ({"pci_aliases": "a1"}, "/pci_aliases"),
    ({"device_profiles": {"dp1": {"groups": 3}}}, "/device_profiles/dp1/groups"),
])
def test_errors_name_the_pointer(document: object, pointer: str) -> None:
    with pytest.raises(CloudStateError) as caught:
        Cloud.from_json(document)
    assert caught.value.pointer == pointer
