"""``bootreq schema`` and ``bootreq versions``, and the OpenAPI document's fidelity."""

from __future__ import annotations

import copy
import importlib
from functools import cache

import jsonschema
import pytest
from cli_support import corpus_cases
from openapi_spec_validator import validate

from bootreq import Microversion, openapi, schemas
from bootreq.microversion import LEGACY_V2, MAX_VERSION, InvalidMicroversion

_validation = importlib.import_module("bootreq._validation")


def test_openapi_document_is_valid_openapi_3_1(bootreq):
    run = bootreq("schema", "--openapi")
    assert run.status == 0
    document = run.json()
    validate(document)  # raises on an invalid document
    assert document["openapi"] == "3.1.0"
    operation = document["paths"]["/servers"]["post"]
    assert operation["operationId"] == "servers:post"
    container = document["components"]["schemas"]["ServersCreateRequest"]
    assert container["x-openstack"] == {"discriminator": "microversion"}
    names = [ref["$ref"].rsplit("/", 1)[1] for ref in container["oneOf"]]
    assert names[:3] == ["ServersCreate_20", "ServersCreate_21", "ServersCreate_219"]
    schemas_ = document["components"]["schemas"]
    assert schemas_["ServersCreate_219"]["x-openstack"] == {"min-ver": "2.19", "max-ver": "2.31"}
    assert schemas_["ServersCreate_294"]["x-openstack"] == {"min-ver": "2.94"}


def test_schema_at_a_microversion(bootreq):
    run = bootreq("schema", "-m", "2.52")
    assert run.status == 0
    schema = run.json()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["x-openstack"] == {"min-ver": "2.52", "max-ver": "2.56"}
    assert "tags" in schema["properties"]["server"]["properties"]
    assert bootreq("schema").json()["x-openstack"] == {"min-ver": "2.94"}
    assert bootreq("schema", "-m", "2.0").json()["x-openstack"]["max-ver"] == "2.0"


def test_schema_usage_errors(bootreq):
    assert bootreq("schema", "-m", "2.105").status == 2
    assert bootreq("schema", "-m", "3.x").status == 2
    with pytest.raises(InvalidMicroversion):
        openapi.json_schema("2.105")


def test_versions_table_comes_from_the_schemas(bootreq):
    run = bootreq("versions", "--format", "json")
    assert run.status == 0
    report = run.json()
    ranges = {row["range"]: row for row in report["ranges"]}
    assert [row["range"] for row in report["ranges"]] == [r.name for r in schemas.RANGES]
    assert ranges["create_v233"]["changes"] == ["removes server.block_device_mapping_v2[].tag"]
    assert "requires server.networks" in ranges["create_v237"]["changes"]
    assert ranges["create_v252"]["changes"] == ["adds server.tags"]
    releases = {r["name"]: r["max_microversion"] for r in report["releases"]}
    assert releases["2023.1"] == "2.95" and releases["2026.2"] == "2.104"
    text = bootreq("versions").out
    assert "  2.52 - 2.56   create_v252  adds server tags" in text
    assert "  2.96   2024.1 Caracal" in text


# -- the per-microversion schemas accept exactly what parse()'s schema stage accepts

_DOCUMENT = openapi.openapi_document()


@cache
def _validator(version: Microversion) -> jsonschema.Draft202012Validator:
    components = _DOCUMENT["components"]["schemas"]
    for ref in components["ServersCreateRequest"]["oneOf"]:
        schema = components[ref["$ref"].rsplit("/", 1)[1]]
        bounds = schema["x-openstack"]
        first = Microversion.parse(bounds["min-ver"])
        last = Microversion.parse(bounds.get("max-ver", str(MAX_VERSION)))
        if first <= version <= last:
            return jsonschema.Draft202012Validator(schema, format_checker=openapi.FORMAT_CHECKER)
    raise AssertionError(f"no schema for {version}")


def test_openapi_schemas_agree_with_the_schema_stage_on_the_corpus():
    cases = corpus_cases()
    assert len(cases) > 2500
    disagreements = []
    for case_id, version, document in cases:
        schema_range = schemas.range_for(version)
        check = _validation.schema_check(schema_range.name, version.is_legacy)
        try:
            nova = check(copy.deepcopy(document)) is None
            ours = _validator(version).is_valid(document)
        except RecursionError:
            continue  # deeper than jsonschema walks; the engine answers 400 itself
        if nova != ours:
            disagreements.append((case_id, str(version), nova))
    assert disagreements == []


@pytest.mark.parametrize(
    ("value", "accepted"),
    [(1, True), ("1", True), ("0001", True), ("0", False), ("000", False), (0, False),
     ("2147483647", True), ("2147483648", False), ("002147483647", True), (-1, False),
     ("1\n", True), ("", False)],
)
def test_numeric_string_bounds_match_nova(value, accepted):
    body = {"server": {"name": "a", "flavorRef": "1", "imageRef": "",
                       "block_device_mapping_v2": [{"volume_size": value}]}}
    version = Microversion(2, 1)
    nova = _validation.schema_check("create", False)(copy.deepcopy(body)) is None
    assert nova is accepted
    assert _validator(version).is_valid(body) is accepted


def test_legacy_soft_additional_properties():
    validator = _validator(LEGACY_V2)
    check = _validation.schema_check("create_v20", True)
    for metadata, accepted in [({"a": "b"}, True), ({"bad!": 1}, True),
                               ({"a": "b", "bad!": 1}, False), ({}, True)]:
        body = {"server": {"name": "a", "flavorRef": "1", "extra": 1, "metadata": metadata}}
        assert (check(copy.deepcopy(body)) is None) is accepted
        assert validator.is_valid(body) is accepted
