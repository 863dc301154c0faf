"""Nova's version documents, 300 and 404 answers, as recorded from Nova 34.0.0's own app.

``data/routes.jsonl`` comes from ``tools/record_http_routes.py``; the same
requests go through :func:`bootreq.http.answer` and through the WSGI and ASGI
applications.
"""

from __future__ import annotations

import asyncio
import collections
import io
import json
import pathlib
from typing import Any

import pytest

from bootreq import http

DATA = pathlib.Path(__file__).parent / "data"
BASE_URL = "http://nova-api.example.com:8774"
with open(DATA / "routes.jsonl", encoding="utf-8") as _handle:
    ROUTES = [json.loads(line) for line in _handle]
REQUEST_IDS = ("x-openstack-request-id", "x-compute-request-id")


def _check(record: dict[str, Any], status: int, headers: Any, body: bytes) -> list[str]:
    problems = []
    if status != record["status"]:
        return [f"status {status} != {record['status']}"]
    ours = collections.Counter((k.lower(), v) for k, v in headers if k.lower() not in REQUEST_IDS)
    novas = collections.Counter((k.lower(), v) for k, v in record["response_headers"])
    if ours != novas:
        problems.append(f"headers {sorted(ours)} != {sorted(novas)}")
    has_ids = any(k.lower() in REQUEST_IDS for k, _ in headers)
    if has_ids != record["request_ids"]:
        problems.append(f"request ids sent: {has_ids}")
    if body != record["body"].encode("utf-8"):
        problems.append(f"body {body!r} != {record['body']!r}")
    return problems


def _label(record: dict[str, Any]) -> str:
    return f"{record['method']} {record['path']} {record['headers']}"


def test_answer_matches_novas_routes() -> None:
    report = []
    for record in ROUTES:
        reply, accepted = http.answer(record["method"], record["path"], record["headers"], b"",
                                      base_url=BASE_URL)
        assert accepted is None
        report += [f"{_label(record)}: {p}" for p in _check(record, reply.status, reply.headers,
                                                             reply.body)]
    assert not report, "\n".join(report[:10])


def _environ(record: dict[str, Any]) -> dict[str, Any]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": record["method"], "PATH_INFO": record["path"], "SCRIPT_NAME": "",
        "SERVER_NAME": "nova-api.example.com", "SERVER_PORT": "8774",
        "HTTP_HOST": "nova-api.example.com:8774", "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
    }
    for name, value in record["headers"].items():
        key = name.upper().replace("-", "_")
        environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key] = value
    return environ


def test_wsgi_app_matches_novas_routes() -> None:
    app = http.wsgi_app()
    report = []
    for record in ROUTES:
        seen: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], _seen=seen) -> None:
            _seen["status"], _seen["headers"] = status, headers

        body = b"".join(app(_environ(record), start_response))
        status = int(seen["status"].split()[0])
        report += [f"{_label(record)}: {p}" for p in _check(record, status, seen["headers"], body)]
    assert not report, "\n".join(report[:10])


def _asgi(app: Any, method: str, path: str, headers: dict[str, str], body: bytes) -> Any:
    sent: list[dict[str, Any]] = []
    scope = {"type": "http", "method": method, "path": path, "root_path": "", "scheme": "http",
             "server": ("nova-api.example.com", 8774),
             "headers": [(k.lower().encode(), v.encode()) for k, v in
                         {"Host": "nova-api.example.com:8774", **headers}.items()]}
    messages = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start, payload = sent
    headers_out = [(k.decode(), v.decode()) for k, v in start["headers"]]
    return start["status"], headers_out, payload["body"]


@pytest.mark.parametrize("record", ROUTES[::7], ids=_label)
def test_asgi_app_matches_novas_routes(record: dict[str, Any]) -> None:
    status, headers, body = _asgi(http.asgi_app(), record["method"], record["path"],
                                  record["headers"], b"")
    assert _check(record, status, headers, body) == []


def test_on_accepted_sees_each_build_request_and_may_answer_instead() -> None:
    seen = []
    quota = http.Reply(403, (("Content-Type", "application/json"),), b"{}")

    def hook(request: Any, reply: http.Reply) -> http.Reply | None:
        seen.append(request)
        return quota if request.name == "over" else None

    app = http.asgi_app(on_accepted=hook)
    body = {"server": {"name": "vm", "flavorRef": "1", "networks": "none",
                       "imageRef": "70a599e0-31e7-49b7-b260-868f441e862b"}}
    headers = {"Content-Type": "application/json", "OpenStack-API-Version": "compute 2.74"}
    raw = json.dumps(body).encode()
    status, _, _ = _asgi(app, "POST", "/v2.1/servers", {**headers, "Content-Length": str(len(raw))},
                         raw)
    assert status == 202 and seen[0].name == "vm" and str(seen[0].microversion) == "2.74"
    body["server"]["name"] = "over"
    raw = json.dumps(body).encode()
    status, _, payload = _asgi(app, "POST", "/v2.1/p1/servers",
                               {**headers, "Content-Length": str(len(raw))}, raw)
    assert (status, payload) == (403, b"{}") and len(seen) == 2
