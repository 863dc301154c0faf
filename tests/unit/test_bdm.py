"""bootreq.bdm against Nova's own functions (tests/unit/data/nova_facts.json).

``oslo_utils.strutils.bool_from_string`` and
``nova.block_device.BlockDeviceDict.from_api``, recorded by tools/record_unit_facts.py.
"""

from __future__ import annotations

import copy
import json
import pathlib
from typing import Any

import pytest

from bootreq._block_device import bool_from_string
from bootreq.bdm import MIXED_SYNTAXES, block_device_mappings
from bootreq.errors import HttpError
from bootreq.model import BlockDeviceMapping

FACTS: dict[str, list[Any]] = json.loads(
    (pathlib.Path(__file__).parent / "data" / "nova_facts.json").read_text(encoding="utf-8")
)
VOLUME = "9c7b0a4e-1d2f-4c3b-8a5e-6f7d8c9b0a1e"


@pytest.mark.parametrize(("value", "expected"), FACTS["bool_from_string"])
def test_bool_from_string_matches_oslo(value: Any, expected: bool) -> None:
    assert bool_from_string(value) is expected


@pytest.mark.parametrize(
    ("item", "image_specified", "nova"),
    FACTS["bdm_from_api"],
    ids=[f"bdm{i}" for i in range(len(FACTS["bdm_from_api"]))],
)
def test_v2_entry_matches_from_api(
    item: dict[str, Any], image_specified: bool, nova: dict[str, Any]
) -> None:
    sent = copy.deepcopy(item)
    result = block_device_mappings([], [item], image_specified=image_specified)
    assert item == sent  # the caller's entry is left alone
    if "error" in nova:
        assert isinstance(result, HttpError)
        assert (result.status, result.fault) == (400, "badRequest")
        assert result.message == nova["error"]
    else:
        assert not isinstance(result, HttpError) and result is not None
        (mapping,), legacy = result
        assert legacy is False
        assert mapping.to_nova_dict() == nova["dict"]


def test_from_api_facts_cover_errors_and_successes() -> None:
    outcomes = [("error" in nova) for _, _, nova in FACTS["bdm_from_api"]]
    assert 10 <= outcomes.count(True) and 20 <= outcomes.count(False)


def test_first_invalid_v2_entry_wins() -> None:
    good = {"source_type": "volume", "destination_type": "volume", "uuid": VOLUME}
    result = block_device_mappings(
        [],
        [good, {"source_type": "volume"}, {"source_type": "blank", "uuid": VOLUME}],
        image_specified=True,
    )
    assert isinstance(result, HttpError)
    assert result.message == "Block Device Mapping is Invalid: Missing device UUID."


def test_v2_entries_keep_their_order() -> None:
    items = [
        {"source_type": "volume", "destination_type": "volume", "uuid": VOLUME, "boot_index": 0},
        {"source_type": "blank", "destination_type": "local", "guest_format": "swap"},
    ]
    result = block_device_mappings([], items, image_specified=False)
    assert not isinstance(result, HttpError) and result is not None
    assert [m.source_type for m in result[0]] == ["volume", "blank"]


def test_none_when_no_mappings() -> None:
    assert block_device_mappings([], [], image_specified=True) is None


def test_mixed_syntaxes() -> None:
    # Nova's message (ServersController._process_bdms_for_create).
    assert MIXED_SYNTAXES == (
        "Using different block_device_mapping syntaxes is not allowed in the same request."
    )
    result = block_device_mappings(
        [{"volume_id": VOLUME}], [{"source_type": "blank"}], image_specified=True
    )
    assert result == HttpError(400, "badRequest", MIXED_SYNTAXES)


@pytest.mark.parametrize(("value", "expected"), FACTS["bool_from_string"])
def test_legacy_entry_only_converts_delete_on_termination(value: Any, expected: bool) -> None:
    # Nova passes legacy entries on as sent, delete_on_termination through bool_from_string.
    item = {"device_name": "vda", "volume_id": VOLUME, "delete_on_termination": value}
    result = block_device_mappings([item], [], image_specified=True)
    assert not isinstance(result, HttpError) and result is not None
    (mapping,), legacy = result
    assert legacy is True
    assert mapping.to_nova_dict() == {**item, "delete_on_termination": expected}
    assert item["delete_on_termination"] is value  # the caller's entry is left alone


def test_legacy_entry_passes_through_as_sent() -> None:
    item = {"virtual_name": "ephemeral0", "device_name": "/dev/vdb", "volume_size": "3",
            "no_device": {"any": ["json"]}}
    result = block_device_mappings([item], [], image_specified=False)
    assert not isinstance(result, HttpError) and result is not None
    (mapping,), _ = result
    assert mapping.legacy
    assert mapping.to_nova_dict() == item
    assert "delete_on_termination" not in mapping.to_nova_dict()
    assert (mapping.virtual_name, mapping.device_name, mapping.volume_size) == (
        "ephemeral0",
        "/dev/vdb",
        "3",
    )


def test_no_device_container_is_read_only() -> None:
    result = block_device_mappings(
        [], [{"no_device": {"x": [1]}, "device_name": "vdz"}], image_specified=True
    )
    assert not isinstance(result, HttpError) and result is not None
    (mapping,), _ = result
    assert isinstance(mapping, BlockDeviceMapping)
    with pytest.raises(TypeError):
        mapping.no_device["x"] = 2  # read-only view
    assert mapping.to_nova_dict()["no_device"] == {"x": [1]}
