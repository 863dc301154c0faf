"""HTTP cases every endpoint recipe must answer as Nova 34.0.0 does.

Each case is one request (path, headers, body bytes) and Nova's answer:
status, the exact response body for errors (Nova's fault bytes, from the
spec's verified examples and the oracle's recordings), the echoed
microversion (``None``: no version headers). The Flask, FastAPI and WSGI
tests all run this one table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"
NETWORK = "ff608d40-75e9-48cb-b745-77bb55b5eaf2"


def _body(server: dict[str, Any], **top: Any) -> bytes:
    return json.dumps({"server": server, **top}).encode()


MINIMAL = {"name": "vm", "flavorRef": "1", "imageRef": IMAGE}


@dataclass(frozen=True)
class Case:
    id: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    path: str = "/v2.1/servers"
    status: int = 202
    #: The exact fault body for an error, ``None`` for a 202.
    fault: dict[str, Any] | None = None
    #: The microversion echoed in the response headers (None: none sent back).
    echoed: str | None = None
    #: The 202 body is ``{"reservation_id": ...}``.
    reservation: bool = False

    def request_headers(self) -> dict[str, str]:
        return {"Content-Type": "application/json", **self.headers}


def _mv(version: str) -> dict[str, str]:
    return {"OpenStack-API-Version": f"compute {version}"}


def _fault(name: str, status: int, message: str) -> dict[str, Any]:
    return {name: {"code": status, "message": message}}


CASES = [
    Case("accepted_2_94", _body({**MINIMAL, "networks": "auto"}), _mv("2.94"), echoed="2.94"),
    Case("default_version_2_1", _body(MINIMAL), {}, echoed="2.1"),
    Case(
        "legacy_header",
        _body({**MINIMAL, "networks": "none"}),
        {"X-OpenStack-Nova-API-Version": "2.52"},
        echoed="2.52",
    ),
    Case(
        "rightmost_compute_entry_wins",
        _body({**MINIMAL, "networks": "none"}),
        {"OpenStack-API-Version": "compute 2.3, compute 2.74"},
        echoed="2.74",
    ),
    Case("latest", _body({**MINIMAL, "networks": "none"}), _mv("latest"), echoed="2.104"),
    Case(
        "malformed_version",
        _body(MINIMAL),
        _mv("2.01"),
        status=400,
        fault=_fault(
            "badRequest",
            400,
            "API Version String 2.01 is of invalid format. Must be of format MajorNum.MinorNum.",
        ),
    ),
    Case(
        "version_too_new",
        _body(MINIMAL),
        _mv("2.105"),
        status=406,
        fault=_fault(
            "computeFault",
            406,
            "Version 2.105 is not supported by the API. Minimum is 2.1 and maximum is 2.104.",
        ),
        echoed="2.105",
    ),
    Case(
        "version_2_0_on_v2_1",
        _body(MINIMAL),
        _mv("2.0"),
        status=406,
        fault=_fault(
            "computeFault",
            406,
            "Version 2.0 is not supported by the API. Minimum is 2.1 and maximum is 2.104.",
        ),
        echoed="2.0",
    ),
    Case(
        "version_error_beats_content_type",
        _body(MINIMAL),
        {**_mv("2.105"), "Content-Type": "application/xml"},
        status=406,
        fault=_fault(
            "computeFault",
            406,
            "Version 2.105 is not supported by the API. Minimum is 2.1 and maximum is 2.104.",
        ),
        echoed="2.105",
    ),
    Case(
        "unsupported_content_type",
        b"not even json",
        {**_mv("2.94"), "Content-Type": "application/xml"},
        status=415,
        fault=_fault("badMediaType", 415, "Unsupported Content-Type"),
        echoed="2.94",
    ),
    Case(
        "content_type_is_case_sensitive",
        _body(MINIMAL),
        {"Content-Type": "Application/JSON"},
        status=415,
        fault=_fault("badMediaType", 415, "Unsupported Content-Type"),
        echoed="2.1",
    ),
    Case(
        "text_plain_is_no_content_type",
        _body(MINIMAL),
        {"Content-Type": "text/plain"},
        echoed="2.1",
    ),
    Case(
        "compute_media_type",
        _body(MINIMAL),
        {"Content-Type": "application/vnd.openstack.compute+json; charset=UTF-8"},
        echoed="2.1",
    ),
    Case(
        "malformed_json",
        b'{"server": ',
        _mv("2.94"),
        status=400,
        fault=_fault("badRequest", 400, "Malformed request body"),
        echoed="2.94",
    ),
    Case(
        "empty_body",
        b"",
        _mv("2.94"),
        status=400,
        fault=_fault("badRequest", 400, "None is not of type 'object'"),
        echoed="2.94",
    ),
    Case(
        "networks_required_at_2_37",
        _body({"name": "vm", "flavorRef": "1"}),
        _mv("2.37"),
        status=400,
        fault=_fault(
            "badRequest",
            400,
            "Invalid input for field/attribute server. Value: {'name': 'vm', 'flavorRef': '1'}."
            " 'networks' is a required property",
        ),
        echoed="2.37",
    ),
    Case(
        "bad_network_uuid_non_ascii",
        _body({**MINIMAL, "networks": [{"uuid": "\u00e9\u2603"}]}),
        _mv("2.1"),
        status=400,
        fault=_fault(
            "badRequest",
            400,
            "Bad networks format: network uuid is not in proper format (\u00e9\u2603)",
        ),
        echoed="2.1",
    ),
    Case(
        "min_count_above_max_count",
        _body({**MINIMAL, "networks": "none", "min_count": 3, "max_count": 2}),
        _mv("2.94"),
        status=400,
        fault=_fault("badRequest", 400, "min_count must be <= max_count"),
        echoed="2.94",
    ),
    Case(
        "reservation_id_for_the_string_False",
        _body({**MINIMAL, "networks": "none", "return_reservation_id": "False"}),
        _mv("2.94"),
        echoed="2.94",
        reservation=True,
    ),
    Case(
        "legacy_v2_endpoint_strips_unknown_members",
        _body({"name": " vm ", "flavorRef": "1", "imageRef": IMAGE, "junk": 1}),
        _mv("2.94"),  # ignored on /v2, and no version headers come back
        path="/v2/servers",
    ),
    Case(
        "project_id_in_the_url",
        _body(MINIMAL),
        {},
        path="/v2.1/6f70656e737461636b20342065766572/servers",
        echoed="2.1",
    ),
]

#: Expected exact response bytes of the spec's section 5.1 examples.
EXACT_BYTES = {
    "malformed_version": (
        b'{"badRequest": {"code": 400, "message": "API Version String 2.01 is of invalid '
        b'format. Must be of format MajorNum.MinorNum."}}'
    ),
    "version_too_new": (
        b'{"computeFault": {"code": 406, "message": "Version 2.105 is not supported by the '
        b'API. Minimum is 2.1 and maximum is 2.104."}}'
    ),
    "unsupported_content_type": (
        b'{"badMediaType": {"code": 415, "message": "Unsupported Content-Type"}}'
    ),
    "bad_network_uuid_non_ascii": (
        b'{"badRequest": {"code": 400, "message": "Bad networks format: network uuid is not '
        b'in proper format (\\u00e9\\u2603)"}}'
    ),
}


def check_response(
    case: Case, status: int, headers: list[tuple[str, str]], body: bytes, base: str
) -> None:
    """Assert that one HTTP response is Nova's answer to ``case``."""
    assert status == case.status, (case.id, status, body)
    names = {name.lower(): value for name, value in headers}
    if case.echoed is None:
        assert "openstack-api-version" not in names, case.id
        assert "x-openstack-nova-api-version" not in names, case.id
    else:
        assert names["openstack-api-version"] == f"compute {case.echoed}", case.id
        assert names["x-openstack-nova-api-version"] == case.echoed, case.id
        varies = {value for name, value in headers if name.lower() == "vary"}
        joined = ",".join(varies)
        assert "OpenStack-API-Version" in joined and "X-OpenStack-Nova-API-Version" in joined
    assert names["content-type"].startswith("application/json"), case.id
    document = json.loads(body)
    if case.fault is not None:
        assert document == case.fault, case.id
        if case.id in EXACT_BYTES:
            assert body == EXACT_BYTES[case.id], case.id
        return
    if case.reservation:
        assert set(document) == {"reservation_id"}
        assert document["reservation_id"].startswith("r-")
        assert len(document["reservation_id"]) == 10
        assert "location" not in names
        return
    server = document["server"]
    assert set(server) == {"id", "links", "OS-DCF:diskConfig", "security_groups", "adminPass"}
    api = case.path.rsplit("/servers", 1)[0]
    self_href = f"{base}{api}/servers/{server['id']}"
    assert server["links"][0] == {"rel": "self", "href": self_href}
    assert names["location"] == self_href
    assert server["links"][1]["rel"] == "bookmark"
    assert "/v2.1/" not in server["links"][1]["href"]
    assert server["security_groups"] == [{"name": "default"}]
    assert server["OS-DCF:diskConfig"] == "MANUAL"
    assert len(server["adminPass"]) == 12
