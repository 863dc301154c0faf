"""compute._check_in_place (for parse()'s own request) answers exactly as check()."""

from typing import Any

import attrs
import pytest

import bootreq
from bootreq import compute
from bootreq.context import Flavor, Image

IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"

BASE = {"name": "a", "flavorRef": "1", "networks": "none"}
BODIES = [
    {"server": {**BASE, "imageRef": IMAGE}},
    {
        "server": {
            **BASE,
            "imageRef": IMAGE,
            "metadata": {"k": "v"},
            "block_device_mapping_v2": [
                {"boot_index": 0, "uuid": IMAGE, "source_type": "image",
                 "destination_type": "local"},
                {"boot_index": -1, "source_type": "blank", "destination_type": "local",
                 "guest_format": "swap", "volume_size": 1},
            ],
        },
        "os:scheduler_hints": {"group": IMAGE, "cidr": "/24", "_nova_check_type": "x"},
    },
    {
        "server": {
            **BASE,
            "imageRef": "",
            "block_device_mapping": [
                {"device_name": "vda", "volume_id": IMAGE, "delete_on_termination": "yes"}
            ],
        }
    },
]
OPTIONS = [
    bootreq.Options(compute_checks=False),
    bootreq.Options(compute_checks=False,
                    flavor=Flavor(vcpus=1, memory_mb=512, root_gb=0, ephemeral_gb=1, swap=2),
                    image=Image(id="img", min_ram=1024)),
]


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("options", OPTIONS)
def test_in_place_matches_check(body: dict[str, Any], options: bootreq.Options) -> None:
    request = bootreq.parse(body, "2.90", options=options)
    assert isinstance(request, bootreq.BuildRequest)
    expected = compute.check(request, options)
    mine = attrs.evolve(request)
    got = compute._check_in_place(mine, options)
    assert got == expected
    if isinstance(expected, bootreq.BuildRequest):
        assert got is mine
        assert request.compute is None  # check() left its argument alone
