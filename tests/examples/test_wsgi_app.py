"""The plain-WSGI recipe answers every case as Nova does (standard library only)."""

from __future__ import annotations

import io
import json
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
import wsgi_app
from recipe_cases import CASES, IMAGE, Case, check_response

import bootreq


def call(
    app: Any, method: str, path: str, headers: dict[str, str], body: bytes
) -> tuple[int, list[tuple[str, str]], bytes]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "wsgi.input": io.BytesIO(body),
    }
    if body:
        environ["CONTENT_LENGTH"] = str(len(body))
    for name, value in headers.items():
        if name.lower() == "content-type":
            environ["CONTENT_TYPE"] = value
        else:
            environ["HTTP_" + name.upper().replace("-", "_")] = value
    setup_testing_defaults(environ)
    seen: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]]) -> None:
        seen["status"] = int(status.split()[0])
        seen["headers"] = response_headers

    payload = b"".join(app(environ, start_response))
    return seen["status"], seen["headers"], payload


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_case(case: Case) -> None:
    status, headers, body = call(
        wsgi_app.app, "POST", case.path, case.request_headers(), case.body
    )
    check_response(case, status, headers, body, "http://127.0.0.1")
    assert dict(headers)["Content-Length"] == str(len(body))


def test_version_document() -> None:
    status, _, body = call(wsgi_app.app, "GET", "/v2.1/", {}, b"")
    assert status == 200
    version = json.loads(body)["version"]
    assert (version["min_version"], version["version"]) == ("2.1", "2.104")


def test_unknown_route_is_404() -> None:
    status, _, body = call(wsgi_app.app, "GET", "/v2.1/servers", {"Accept": "application/json"},
                           b"")
    assert status == 404  # Nova's router: webob's page, not a Nova fault
    assert json.loads(body)["code"] == "404 Not Found"


def test_body_over_the_size_limit_is_413() -> None:
    app = wsgi_app.make_app(bootreq.Options(max_body_bytes=64))
    body = json.dumps({"server": {"name": "x" * 100, "flavorRef": "1"}}).encode()
    status, _, _ = call(app, "POST", "/v2.1/servers", {}, body)
    assert status == 413


def test_older_cloud_via_options() -> None:
    app = wsgi_app.make_app(bootreq.Options(max_microversion="2.79"))
    body = json.dumps({"server": {"name": "vm", "flavorRef": "1", "imageRef": IMAGE}}).encode()
    status, headers, payload = call(
        app, "POST", "/v2.1/servers", {"OpenStack-API-Version": "compute 2.80"}, body
    )
    assert status == 406
    assert json.loads(payload)["computeFault"]["message"] == (
        "Version 2.80 is not supported by the API. Minimum is 2.1 and maximum is 2.79."
    )
    status, _, payload = call(app, "GET", "/v2.1", {}, b"")
    assert json.loads(payload)["version"]["version"] == "2.79"
    status, headers, _ = call(
        app, "POST", "/v2.1/servers", {"OpenStack-API-Version": "compute latest"}, body
    )
    assert dict(headers)["X-OpenStack-Nova-API-Version"] == "2.79"
