"""Every class of client mistake Nova answers with a 500 gets a clear 400 from bootreq.

``data/nova_500s.json`` holds cases of Nova's recorded corpus with Nova's own
verdict (status 500 and the exception behind it); the other classes are
built here. Each answer says what is wrong and, where a member is at fault,
where (``pointer``).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

import bootreq
from bootreq import HttpError, Microversion, Options

_CASES = json.loads((Path(__file__).parent / "data" / "nova_500s.json").read_text("utf-8"))
_IMAGE = "c69d4bd8-b3fa-4aa7-a1fa-b9d78c7e134f"
_SERVER = {"name": "a", "flavorRef": "1", "imageRef": _IMAGE}
_API_ONLY = Options(compute_checks=False)

# bootreq's answer to each recorded case (Nova: 500).
_EXPECTED = {
    "dev-000232": ("Invalid input for field/attribute 0. Value: {'contents': 'aGVsbG8gd29ybGQ='}. "
                   "'path' is a required property", "/server/personality/0"),
    "dev-000828": ("Invalid input for field/attribute 0. Value: {'path': '/etc/motd'}. "
                   "'contents' is a required property", "/server/personality/0"),
    "dev-000258": ("Malformed request body: not valid UTF-8 (byte offset 705)", None),
    "dev-000284": ("Block Device Mapping is Invalid: Missing source_type for the device UUID.",
                   None),
    "dev-000578": ("Invalid flavorRef provided.", "/server/flavorRef"),
    "dev-000889": ("Invalid input for field/attribute user_data. Value: aGVsbG8=é. "
                   "'aGVsbG8=é' is not a 'base64' (base64 text must be ASCII)",
                   "/server/user_data"),
}


def _body(case: dict[str, Any]) -> Any:
    if "raw_b64" in case:
        return base64.b64decode(case["raw_b64"])
    if "raw" in case:
        return case["raw"].encode("utf-8", "surrogatepass")
    return case["body"]


@pytest.mark.parametrize("case", _CASES, ids=[c["id"] for c in _CASES])
def test_recorded_nova_500_is_a_clear_400(case: dict[str, Any]) -> None:
    assert case["nova"]["status"] == 500  # Nova's recorded verdict
    answer = bootreq.parse(_body(case), case["microversion"])
    assert isinstance(answer, HttpError)
    message, pointer = _EXPECTED[case["id"]]
    assert (answer.status, answer.fault, answer.message) == (400, "badRequest", message)
    assert answer.pointer == pointer


def _server(version: str) -> dict[str, Any]:
    # networks is required from 2.37.
    if Microversion.parse(version) >= Microversion(2, 37):
        return {**_SERVER, "networks": "none"}
    return dict(_SERVER)


def _answer(body: Any, version: str = "2.1") -> HttpError:
    answer = bootreq.parse(body, version, options=_API_ONLY)
    assert isinstance(answer, HttpError), answer
    assert (answer.status, answer.fault) == (400, "badRequest")
    return answer


@pytest.mark.parametrize("depth", [501, 1000, 10**5])
def test_deep_json_text(depth: int) -> None:
    # Nova: RecursionError somewhere past ~930 levels -> 500.
    text = "[" * depth + "]" * depth
    options = Options(compute_checks=False, max_body_bytes=10**6)
    answer = bootreq.parse(text, "2.1", options=options)
    assert isinstance(answer, HttpError) and answer.status == 400
    assert answer.message == (
        "Malformed request body: JSON nesting deeper than 500 levels is not supported"
    )


def test_non_ascii_personality_contents() -> None:
    answer = _answer({"server": {**_SERVER, "personality": [{"path": "/p", "contents": "é"}]}})
    assert answer.message == (
        "Invalid input for field/attribute contents. Value: é. "
        "'é' is not a 'base64' (base64 text must be ASCII)"
    )
    assert answer.pointer == "/server/personality/0/contents"


@pytest.mark.parametrize("version", ["2.0", "2.1", "2.56"])
@pytest.mark.parametrize("missing", ["path", "contents"])
def test_personality_item_missing_a_member(version: str, missing: str) -> None:
    item = {"path": "/p", "contents": "YQ=="}
    del item[missing]
    answer = _answer({"server": {**_server(version), "personality": [item]}}, version)
    assert answer.message.endswith(f"'{missing}' is a required property")
    assert answer.pointer == "/server/personality/0"


@pytest.mark.parametrize(
    "flavor_ref", ["http://[::1/flavors/1", "http://[abc]/x", "http://a\uff03b/x"]
)
def test_flavor_ref_urlsplit_rejects(flavor_ref: str) -> None:
    answer = _answer({"server": {**_SERVER, "flavorRef": flavor_ref}})
    assert (answer.message, answer.pointer) == ("Invalid flavorRef provided.", "/server/flavorRef")


@pytest.mark.parametrize("field", ["min_count", "max_count"])
def test_count_digit_string_over_python_limit(field: str) -> None:
    answer = _answer({"server": {**_SERVER, field: "9" * 5000}})
    assert answer.message == (
        f"Invalid input for field/attribute {field}. Value has 5000 characters, "
        "more than the 4300 digits an integer may have."
    )
    assert answer.pointer == f"/server/{field}"


def test_boot_index_digit_string_over_python_limit() -> None:
    bdm = {"uuid": _IMAGE, "source_type": "image", "destination_type": "local",
           "boot_index": "1" + "0" * 5000}
    answer = _answer({"server": {**_SERVER, "block_device_mapping_v2": [bdm]}})
    assert answer.message == "Block Device Mapping is Invalid: Boot index is invalid."


def test_bdm_uuid_without_source_type_in_every_version_with_bdm_v2() -> None:
    for version in ("2.0", "2.1", "2.42", "2.104"):
        body = {"server": {**_server(version), "block_device_mapping_v2": [{"uuid": "vol-1"}]}}
        answer = _answer(body, version)
        assert answer.message == (
            "Block Device Mapping is Invalid: Missing source_type for the device UUID."
        )


def test_legacy_metadata_too_long_is_a_400_with_compute_checks() -> None:
    # Nova: InvalidMetadataSize is not mapped -> 500 (all keys invalid, so kept in 2.0).
    answer = bootreq.parse({"server": {**_SERVER, "metadata": {"a/b": "x" * 300}}}, "2.0")
    assert isinstance(answer, HttpError)
    assert (answer.status, answer.message) == (
        400, "Invalid metadata size: Metadata property value greater than 255 characters",
    )


def test_lone_surrogate_in_request_text() -> None:
    # A str body is request text: a lone surrogate cannot be sent as UTF-8.
    answer = _answer('{"server": {"name": "\ud800"}}')
    assert answer.message == "Malformed request body: not valid UTF-8 (byte offset 21)"
