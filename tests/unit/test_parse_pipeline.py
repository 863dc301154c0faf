"""parse(): the pipeline's own steps and its input contract.

Availability-zone and flavorRef facts come from Nova's own functions
(tests/unit/data/nova_facts.json, tools/record_unit_facts.py); the quoted
messages are Nova's, as the conformance verdicts record them.
"""

from __future__ import annotations

import copy
import functools
import json
import pathlib
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

import bootreq
from bootreq import BuildRequest, HttpError, Microversion, Options, _controller, _wire

FACTS: dict[str, list[Any]] = json.loads(
    (pathlib.Path(__file__).parent / "data" / "nova_facts.json").read_text(encoding="utf-8")
)
IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"
NET = "3cb9bc59-5699-4588-a4b1-b87f96708bc6"
INVALID_FORMAT = "API Version String {} is of invalid format. Must be of format MajorNum.MinorNum."
NOT_SUPPORTED = "Version {} is not supported by the API. Minimum is 2.1 and maximum is {}."


def body(**server: Any) -> dict[str, Any]:
    return {"server": {"name": "vm", "flavorRef": "1", "imageRef": IMAGE, **server}}


# -- availability_zone: compute_api.API.parse_availability_zone


@pytest.mark.parametrize(("zone", "nova"), FACTS["parse_availability_zone"])
def test_parse_availability_zone_matches_nova(zone: str | None, nova: Any) -> None:
    result = _controller._parse_availability_zone(zone, Options())
    if isinstance(nova, dict):
        assert result == HttpError(400, "badRequest", nova["error"])
    else:
        assert list(result) == nova


@pytest.mark.parametrize(
    ("zone", "nova"), [f for f in FACTS["parse_availability_zone"] if isinstance(f[1], list)]
)
def test_default_schedule_zone_fills_an_empty_zone(zone: str | None, nova: list[Any]) -> None:
    # Nova: ``if not availability_zone: availability_zone = CONF.default_schedule_zone``.
    result = _controller._parse_availability_zone(zone, Options(default_schedule_zone="dflt"))
    assert list(result) == ["dflt" if nova[0] is None else nova[0], *nova[1:]]


# -- flavorRef: nova.api.openstack.common.get_id_from_href


@pytest.mark.parametrize(("ref", "nova"), FACTS["get_id_from_href"])
def test_flavor_id_matches_get_id_from_href(ref: str | int, nova: Any) -> None:
    result = _controller._flavor_id(ref)
    if isinstance(nova, dict):
        # Nova: an uncaught ValueError (500); bootreq: a 400 (docs/deviations.md).
        assert result == HttpError.of(400, "Invalid flavorRef provided.", "/server/flavorRef")
    else:
        assert result == nova


# -- microversions through parse()


def test_default_microversion_is_2_1() -> None:
    result = bootreq.parse(body())
    assert isinstance(result, BuildRequest)
    assert result.microversion == Microversion(2, 1)


def test_microversion_given_as_a_microversion() -> None:
    as_text = bootreq.parse(body(description="d"), "2.19")
    as_value = bootreq.parse(body(description="d"), Microversion(2, 19))
    assert isinstance(as_value, BuildRequest)
    assert as_value.microversion == Microversion(2, 19)
    assert as_value == as_text


def test_legacy_v2() -> None:
    for version in ("2.0", Microversion(2, 0)):
        result = bootreq.parse(body(), version)
        assert isinstance(result, BuildRequest)
        assert result.microversion.is_legacy


def test_latest_is_the_maximum() -> None:
    result = bootreq.parse(body(networks="auto"), "latest")
    assert isinstance(result, BuildRequest)
    assert result.microversion == Microversion(2, 104)


def test_latest_with_an_older_cloud() -> None:
    options = Options(max_microversion="2.60")
    result = bootreq.parse(body(networks="auto"), "latest", options=options)
    assert isinstance(result, BuildRequest)
    assert result.microversion == Microversion(2, 60)
    assert bootreq.parse(body(networks="auto"), "2.60", options=options) == result


@pytest.mark.parametrize("version", ["2.61", "2.104", Microversion(2, 61)])
def test_406_names_the_configured_maximum(version: str | Microversion) -> None:
    result = bootreq.parse(body(networks="auto"), version, options=Options(max_microversion="2.60"))
    assert result == HttpError(406, "computeFault", NOT_SUPPORTED.format(version, "2.60"))


@pytest.mark.parametrize("version", ["2.105", "3.0", "1.1", Microversion(2, 105)])
def test_406_out_of_range(version: str | Microversion) -> None:
    # Nova's verdicts, e.g. "Version 2.105 is not supported by the API. ... maximum is 2.104."
    result = bootreq.parse(body(), version)
    assert result == HttpError(406, "computeFault", NOT_SUPPORTED.format(version, "2.104"))


@pytest.mark.parametrize("version", ["LATEST", "2.0001", "compute 2.1", "2.01", ""])
def test_malformed_microversion(version: str) -> None:
    result = bootreq.parse(body(), version)
    assert result == HttpError(400, "badRequest", INVALID_FORMAT.format(version))


@pytest.mark.parametrize(("version", "maximum"), [("2.150", "2.200"), ("latest", "2.200"),
                                                  ("latest", "1.5")])
def test_a_maximum_beyond_nova_never_makes_parse_raise(version: str, maximum: str) -> None:
    try:
        options = Options(max_microversion=maximum)
    except ValueError:
        return  # refusing the configuration up front keeps the contract too
    result = bootreq.parse(body(networks="auto"), version, options=options)
    assert isinstance(result, (BuildRequest, HttpError))


def test_microversion_of_a_wrong_python_type() -> None:
    with pytest.raises(TypeError):
        bootreq.parse(body(), 2.1)  # type: ignore[arg-type]


# -- the body's Python kinds


class ReadOnly(Mapping[str, Any]):
    """A Mapping that is not a dict."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


def _as_kinds(value: Any) -> Any:
    """The same JSON with every object a ReadOnly mapping and every array a tuple."""
    if isinstance(value, dict):
        return ReadOnly({k: _as_kinds(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_as_kinds(v) for v in value)
    return value


RICH = {
    "server": {
        "name": "vm", "flavorRef": "1", "imageRef": IMAGE, "metadata": {"k": "v"},
        "networks": [{"uuid": NET, "fixed_ip": "10.0.0.1"}],
        "security_groups": [{"name": "b"}, {"name": "a"}],
        "block_device_mapping_v2": [
            {"source_type": "image", "destination_type": "local", "uuid": IMAGE, "boot_index": 0},
            {"no_device": {"x": [1]}, "device_name": "vdc"},
        ],
    },
    "os:scheduler_hints": {"same_host": [IMAGE]},
}


@pytest.mark.parametrize("version", ["2.1", "2.32"])
def test_mappings_and_tuples_behave_like_dicts_and_lists(version: str) -> None:
    expected = bootreq.parse(RICH, version)
    assert isinstance(expected, BuildRequest)
    assert bootreq.parse(_as_kinds(RICH), version) == expected


def test_mappings_and_tuples_give_the_same_errors() -> None:
    bad = copy.deepcopy(RICH)
    bad["server"]["networks"].append({"uuid": "x", "tag": ["not", "a", "string"]})
    expected = bootreq.parse(bad, "2.32")
    assert isinstance(expected, HttpError) and expected.status == 400
    assert bootreq.parse(_as_kinds(bad), "2.32") == expected


@pytest.mark.parametrize("kind", [str, bytes, bytearray, memoryview])
def test_text_and_byte_bodies(kind: Any) -> None:
    text = json.dumps(RICH)
    raw: Any = text if kind is str else kind(text.encode("utf-8"))
    assert bootreq.parse(raw, "2.1") == bootreq.parse(RICH, "2.1")


def test_non_ascii_bytes_are_utf_8() -> None:
    result = bootreq.parse(json.dumps(body(name="vé")), "2.1")
    raw = bootreq.parse(json.dumps(body(name="vé"), ensure_ascii=False).encode("utf-8"), "2.1")
    assert isinstance(result, BuildRequest) and result.name == "vé"
    assert raw == result


@pytest.mark.parametrize("text", ["{", '{"server": }', "nul", "[1,]", "{'a': 1}"])
def test_malformed_json(text: str) -> None:
    assert bootreq.parse(text, "2.1") == HttpError(400, "badRequest", "Malformed request body")


def test_invalid_utf_8_is_a_400() -> None:
    for raw in (b'{"server": "\xff"}', '{"a": "\ud800"}'):
        result = bootreq.parse(raw, "2.1")
        assert isinstance(result, HttpError)
        assert (result.status, result.fault) == (400, "badRequest")
        assert result.message.startswith("Malformed request body")


def test_a_set_inside_a_mapping_raises_type_error() -> None:
    with pytest.raises(TypeError):
        bootreq.parse({"server": {"name": "vm", "flavorRef": "1", "tags": {"a", "b"}}}, "2.52")


@pytest.mark.parametrize("kind", ["dict", "list", "mapping"])
def test_circular_structures_are_a_400(kind: str) -> None:
    server: dict[str, Any] = {"name": "vm", "flavorRef": "1"}
    if kind == "dict":
        server["metadata"] = server
        document: Any = {"server": server}
    elif kind == "list":
        loop: list[Any] = []
        loop.append(loop)
        server["networks"] = loop
        document = {"server": server}
    else:
        inner: dict[str, Any] = {}
        document = ReadOnly({"server": ReadOnly(inner)})
        inner["self"] = document
    result = bootreq.parse(document, "2.1")
    assert isinstance(result, HttpError)
    assert (result.status, result.fault) == (400, "badRequest")
    assert result.message == "Malformed request body: Circular reference detected"


def test_a_cycle_too_long_to_follow_is_too_deep() -> None:
    # json's own check for cycles is off: the value count finds them, up to
    # a path far deeper than any body parse() decodes; past it, too deep.
    for length, expected in ((1500, "Circular reference detected"),
                             (3000, "JSON nesting deeper than 500 levels is not supported")):
        head: list[Any] = []
        tail = head
        for _ in range(length - 1):
            tail.append([])
            tail = tail[0]
        tail.append(head)
        result = bootreq.parse({"server": {"name": "vm", "flavorRef": "1", "networks": head}})
        assert isinstance(result, HttpError)
        assert result.message == f"Malformed request body: {expected}", length


def test_body_is_not_mutated() -> None:
    document = copy.deepcopy(RICH)
    document["server"]["block_device_mapping_v2"].append(
        {"source_type": "volume", "destination_type": "volume", "uuid": IMAGE,
         "delete_on_termination": "yes", "device_name": "vdb", "boot_index": "1"}
    )
    document["server"]["OS-DCF:diskConfig"] = "AUTO"
    sent = copy.deepcopy(document)
    assert isinstance(bootreq.parse(document, "2.1"), BuildRequest)
    assert document == sent


class Name(str):
    pass


# Bodies read in place must answer as their JSON text does; these are the
# shapes json's round trip would change, or that the in-place check bounds.
_ROUND_TRIP_SHAPES: dict[str, Any] = {
    "int key": {**body(), 1: "x"},
    "bool key": {**body(metadata={True: "x"})},
    "float": body(min_count=1.0),
    "tuple": body(networks=({"uuid": NET},)),
    "str subclass": body(name=Name("vm")),
    "nan twice": body(tags=[float("nan")] * 2),
    "one dict twice": body(networks=[{"uuid": NET}] * 2),
    "deep": body(metadata={"k": functools.reduce(lambda inner, _: [inner], range(600), [])}),
}


@pytest.mark.parametrize("shape", sorted(_ROUND_TRIP_SHAPES))
@pytest.mark.parametrize("version", ["2.1", "2.52", "2.0"])
def test_a_decoded_body_answers_as_its_text(shape: str, version: str) -> None:
    document = _ROUND_TRIP_SHAPES[shape]
    sent = repr(document)
    assert bootreq.parse(document, version) == bootreq.parse(json.dumps(document), version)
    assert repr(document) == sent


def test_a_legacy_body_keeps_its_unknown_members() -> None:
    # Legacy v2.0's schema drops unknown members from its own copy only.
    document = body(unknown="dropped by Nova")
    assert isinstance(bootreq.parse(document, "2.0"), BuildRequest)
    assert document["server"]["unknown"] == "dropped by Nova"


def test_an_int_past_the_digit_limit_is_malformed() -> None:
    document = body(min_count=10**5000)
    assert bootreq.parse(document, "2.1") == HttpError(400, "badRequest", "Malformed request body")


_EVERY_KIND_OF_VALUE = {
    "printable": "a" * 500, "quotes": '"' * 500, "backslashes": "\\" * 500,
    "controls": "\x01" * 500, "newlines": "\n" * 500, "latin-1": "é" * 500,
    "astral": "\U0001f600" * 500, "nulls": [None] * 500, "trues": [True] * 500,
    "falses": [False] * 500, "objects": [{}] * 500, "arrays": [[]] * 500, "zeros": [0] * 500,
    "big ints": [-(10**40)] * 100, "keys": {f"k{i}": "" for i in range(300)},
}


@pytest.mark.parametrize("kind", sorted(_EVERY_KIND_OF_VALUE))
def test_the_size_limit_holds_for_every_kind_of_value(kind: str) -> None:
    # A decoded body is sized on its text, to the byte, whatever it holds.
    document = body(metadata={"k": _EVERY_KIND_OF_VALUE[kind]})
    size = len(json.dumps(document).encode())
    over = bootreq.parse(document, "2.1", options=Options(max_body_bytes=size - 1))
    assert isinstance(over, HttpError) and over.status == 413
    within = bootreq.parse(document, "2.1", options=Options(max_body_bytes=size))
    assert not (isinstance(within, HttpError) and within.status == 413), within


def test_a_result_shares_no_container_with_the_body() -> None:
    # Found by the property that changes the body after parse(): a legacy
    # BDM's no_device (schema ``{}``) was the caller's own list.
    document = body(block_device_mapping=[{"volume_id": IMAGE, "no_device": ["x"]}], networks=[])
    result = bootreq.parse(document, "2.57")
    assert isinstance(result, BuildRequest) and result.block_device_mappings
    document["server"]["block_device_mapping"][0]["no_device"].append("changed")
    assert result.block_device_mappings[0].no_device == ("x",)


def test_size_limit_is_413() -> None:
    document = body(metadata={"k": "v" * 200})
    small = len(json.dumps(document).encode()) - 1
    result = bootreq.parse(document, "2.1", options=Options(max_body_bytes=small))
    assert isinstance(result, HttpError)
    assert (result.status, result.fault) == (413, None)
    assert isinstance(bootreq.parse(document, "2.1", options=Options(max_body_bytes=small + 1)),
                      BuildRequest)


def test_nesting_depth_ignores_brackets_in_strings() -> None:
    depth = _wire._nesting_depth
    assert depth('[[["]]]]]"]]]') == 3
    assert depth('{"a": "[[[[", "b": [{"c": "\\"[["}]}') == 3
    assert depth("[" * 600 + "]" * 600) == 600
    assert depth('"' + "[" * 10) == 10  # unterminated: its brackets count
    assert depth("") == 0


def test_compute_block_device_mappings_are_read_only_mappings() -> None:
    # Nova's BlockDeviceMapping object for an image boot, as recorded from Nova.
    recorded = pathlib.Path(__file__).parents[1] / "compute" / "data" / "own" / "nova.jsonl"
    with recorded.open(encoding="utf-8") as f:
        case = next(c for c in map(json.loads, f) if c["id"] == "own-017-metadata_128")
    (expected,) = case["compute"]["block_device_mapping"]
    result = bootreq.parse({"server": {
        "name": "vm", "flavorRef": "1", "imageRef": expected["image_id"], "networks": "none",
    }}, "2.94")
    assert isinstance(result, BuildRequest) and result.compute is not None
    (root,) = result.compute.block_device_mappings
    assert isinstance(root, Mapping)
    assert root == expected and expected == root
    assert sorted(root) == sorted(expected) and len(root) == len(expected)
    assert root["boot_index"] == 0 and root.get("attachment_id") is None
    assert "attachment_id" not in root
    assert eval(repr(root)) == expected
    with pytest.raises(TypeError):
        root["boot_index"] = 1  # type: ignore[index]


def test_compiled_schema_code_shows_in_tracebacks() -> None:
    # The generated checks are registered with linecache under a file name
    # of their own, so a traceback (or a debugger) shows the generated line.
    import linecache

    from bootreq._validation import schema_check

    check = schema_check("create_v290", False)
    code = check.__code__
    assert code.co_filename == "<bootreq schema create_v290>"
    assert linecache.getline(code.co_filename, code.co_firstlineno).startswith("def ")
