"""bootreq.http answers every HTTP-knob case byte for byte as Nova 34.0.0 did.

``data/cases.jsonl`` (``tools/make_http_cases.py``) carries every knob of the
oracle that reaches past ``parse()``; ``data/verdicts.jsonl`` is real Nova's
answer to each (``nova_verdict.py``), response headers included.
"""

from __future__ import annotations

import base64
import collections
import json
import pathlib
import re
from typing import Any

import attrs
import pytest

from bootreq import http
from tests.conformance.oracle_cases import options_for

DATA = pathlib.Path(__file__).parent / "data"
PROJECT = "6a6a9c9eee154e9cb8cec487b98d36ab"
SERVER_ID = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
RESERVATION = "r-oracle00"
BASE_URL = "http://nova-api.example.com:8774"
REQUEST_IDS = ("x-openstack-request-id", "x-compute-request-id")
REQUEST_ID = re.compile(r"^req-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$")


def _load(name: str) -> list[dict[str, Any]]:
    with open(DATA / name, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


CASES = _load("cases.jsonl")
VERDICTS = {v["id"]: v for v in _load("verdicts.jsonl")}
RANDOM_CASES = _load("random-cases.jsonl")
RANDOM_VERDICTS = {v["id"]: v for v in _load("random-verdicts.jsonl")}
#: Nova's exact body bytes wherever they are not random (no generated adminPass).
RAW_BODIES: dict[str, str] = json.loads((DATA / "raw_bodies.json").read_text(encoding="utf-8"))


def request_of(case: dict[str, Any]) -> tuple[bytes, dict[str, str], str, str | None]:
    """The request as the oracle sent it to Nova (webob ``Request.blank``)."""
    knobs = case.get("options") or {}
    version = case.get("microversion")
    endpoint = knobs.get("endpoint") or ("v2" if version == "2.0" else "v2.1")
    if "raw_b64" in case:
        body = base64.b64decode(case["raw_b64"])
    elif "raw" in case:
        body = case["raw"].encode("utf-8", "surrogatepass")
    else:
        body = json.dumps(case["body"]).encode("utf-8") if "body" in case else b""
    headers = {"Host": "nova-api.example.com:8774", "Accept": "application/json",
               "Content-Length": str(len(body))}
    content_type = knobs.get("content_type", "application/json")
    if content_type is not None:
        headers["Content-Type"] = content_type
    if version is not None:
        headers["OpenStack-API-Version"] = f"compute {version}"
        headers["X-OpenStack-Nova-API-Version"] = version
    headers.update(knobs.get("headers") or {})
    return body, headers, endpoint, PROJECT if knobs.get("project_in_url") else None


def _headers(pairs: Any) -> collections.Counter[tuple[str, str]]:
    return collections.Counter((k.lower(), v) for k, v in pairs if k.lower() not in REQUEST_IDS)


def _expected_error_body(nova: dict[str, Any]) -> bytes | None:
    if nova["fault"] is None:
        return None  # webob's page: its length is checked through Content-Length
    fault = {nova["fault"]: {"code": nova["status"], "message": nova["message"]}}
    return json.dumps(fault).encode("ascii")


def differences(case: dict[str, Any], nova: dict[str, Any],
                release: str | None = None) -> list[str]:
    body, headers, endpoint, project = request_of(case)
    options = options_for(case, release=release)
    reply = http.create_server(body, headers, endpoint=endpoint, base_url=BASE_URL,
                               project_id=project, server_id=SERVER_ID,
                               reservation_id=RESERVATION, options=options)
    problems = []
    if nova["status"] == 500:  # Nova's own crash: bootreq answers 400 (docs/deviations.md)
        return [] if reply.status == 400 else [f"status {reply.status} for Nova's 500"]
    if reply.status != nova["status"]:
        return [f"status {reply.status} != {nova['status']}"]
    if _headers(reply.headers) != _headers(nova["response_headers"]):
        problems.append(f"headers {reply.headers} != {nova['response_headers']}")
    ids = [v for k, v in reply.headers if k.lower() in REQUEST_IDS]
    if len(ids) != 2 or len(set(ids)) != 1 or not REQUEST_ID.match(ids[0]):
        problems.append(f"request ids {ids}")
    if nova["status"] >= 400:
        expected = _expected_error_body(nova)
        if expected is not None and reply.body != expected:
            problems.append(f"body {reply.body!r} != {expected!r}")
    else:
        document = reply.json()
        server = document.get("server")
        if isinstance(server, dict) and "adminPass" in server:
            sent = (json.loads(body).get("server") or {}).get("adminPass")
            if server["adminPass"] != sent:
                assert re.fullmatch(r"[2-9A-HJ-NP-Za-km-z]{12}", server["adminPass"])
                server["adminPass"] = "<generated>"
        # The recording sorts keys; the order is checked on RAW_BODIES' bytes.
        if json.dumps(document, sort_keys=True) != json.dumps(nova["response"], sort_keys=True):
            problems.append(f"response {document} != {nova['response']}")
    length = next(v for k, v in nova["response_headers"] if k.lower() == "content-length")
    if str(len(reply.body)) != length:
        problems.append(f"{len(reply.body)} body bytes, Nova sent {length}")
    if case["id"] in RAW_BODIES and reply.body != RAW_BODIES[case["id"]].encode("ascii"):
        problems.append(f"body {reply.body!r} != Nova's {RAW_BODIES[case['id']]!r}")
    return problems


@pytest.mark.parametrize("topic", sorted({c["id"].split("-", 2)[2] for c in CASES}))
def test_http_exchange_is_novas_byte_for_byte(topic: str) -> None:
    report = []
    for case in CASES:
        if case["id"].split("-", 2)[2] == topic:
            report += [f"{case['id']}: {p}" for p in differences(case, VERDICTS[case["id"]])]
    assert not report, "\n".join(report[:10])


def test_random_knob_combinations_on_dev_bodies() -> None:
    report = []
    for case in RANDOM_CASES:
        report += [f"{case['id']}: {p}" for p in differences(case, RANDOM_VERDICTS[case["id"]])]
    assert len(RANDOM_CASES) >= 400 and not report, "\n".join(report[:10])


def test_raw_bodies_cover_accepted_and_refused_answers() -> None:
    statuses = {VERDICTS[i]["status"] for i in RAW_BODIES}
    assert {202, 400} <= statuses and len(RAW_BODIES) > 40


def test_every_knob_is_exercised() -> None:
    knobs = collections.Counter(k for c in CASES for k in (c.get("options") or {}))
    for knob in ("content_type", "endpoint", "headers", "project_in_url",
                 "enable_instance_password"):
        assert knobs[knob] >= 10, knob


def test_generated_admin_password_is_novas_shape() -> None:
    for _ in range(200):
        password = http.generate_password()
        assert len(password) == 12
        assert re.search("[2-9]", password) and re.search("[A-Z]", password)
        assert re.search("[a-z]", password)
        assert not set(password) & set("01IOl")


def test_reply_is_frozen_and_never_raises_on_odd_headers() -> None:
    reply = http.create_server(b"\xff", {"Content-Type": "application/json",
                                          "OpenStack-API-Version": "compute \udcff"})
    assert reply.status == 400
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        reply.status = 200  # type: ignore[misc]
    with pytest.raises(ValueError):
        http.create_server(b"", {}, endpoint="v3")
