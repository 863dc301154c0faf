"""Cloud.json_schema(): valid, agrees with Cloud.from_json; the example cloud files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from bootreq.cloud import Cloud, CloudStateError

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "cloud").glob("*.json"))
SCHEMA = Cloud.json_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def test_is_a_valid_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$ref"] == "#/$defs/Cloud"
    # Every member of the Cloud is described (from the class docstring).
    cloud = SCHEMA["$defs"]["Cloud"]["properties"]
    assert all(prop.get("description") for prop in cloud.values()), [
        name for name, prop in cloud.items() if not prop.get("description")]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_files_are_valid_and_read(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    VALIDATOR.validate(document)
    assert Cloud.from_json(document) != Cloud()


def test_example_files_exist() -> None:
    assert {p.name for p in EXAMPLES} >= {"unit-test.json", "ci.json"}


@pytest.mark.parametrize("document", [
    [],
    {"image": {}},
    {"images": []},
    {"images": {"a": 3}},
    {"images": {"a": {"size": "1"}}},
    {"images": {"a": {"size": True}}},
    {"images": {"a": {"size": 1.5}}},
    {"images": {"a": {"status": None}}},
    {"images": {"a": {"properties": []}}},
    {"images": {"a": {"bogus": 1}}},
    {"keypairs": {"k": {"public_key": 1}}},
    {"keypairs": {"k": "ssh"}},
    {"quotas": {"disk": {"limit": 1}}},
    {"quotas": {"cores": {"in_use": 1}}},
    {"quotas": {"cores": {"limit": 1.5}}},
    {"min_compute_version": "74"},
])
def test_schema_refuses_what_the_reader_refuses(document: Any) -> None:
    with pytest.raises(CloudStateError):
        Cloud.from_json(document)
    assert not VALIDATOR.is_valid(document)


@pytest.mark.parametrize("document", [
    {},
    {"images": {"a": None, "b": {}}, "keypairs": {}, "quotas": None},
    {"images": {"a": {"id": None, "properties": {"x": [1, {"y": None}]}}}},
    {"quotas": {"ram": {"limit": -1, "in_use": 0}}, "min_compute_version": None},
    {"min_compute_version": 74.0},
])
def test_schema_accepts_what_the_reader_reads(document: Any) -> None:
    Cloud.from_json(document)
    assert VALIDATOR.is_valid(document)
