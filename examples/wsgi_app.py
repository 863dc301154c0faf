"""Recipe: a Nova-compatible ``POST /servers`` as a plain WSGI application.

Standard library only (plus bootreq): serve it with any WSGI server::

    python examples/wsgi_app.py 8774        # wsgiref, on 127.0.0.1:8774

Routes, as Nova lays them out:

- ``POST /v2.1/servers`` and ``POST /v2.1/{project_id}/servers`` — the
  microversioned API (version from ``OpenStack-API-Version`` /
  ``X-OpenStack-Nova-API-Version``);
- ``POST /v2/servers`` — the legacy v2.0 compatibility mode;
- ``GET /v2.1`` and ``GET /v2.1/`` — the version document clients read to
  negotiate a microversion (openstacksdk, python-novaclient).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.simple_server import make_server
from wsgiref.util import application_uri

from nova_http import Reply, create_server, version_document

import bootreq

StartResponse = Callable[..., Any]

_SERVERS = re.compile(r"^/(?P<api>v2\.1|v2)(?:/(?P<project>[^/]+))?/servers/?$")
_VERSION = re.compile(r"^/v2\.1/?$")


def _headers(environ: dict[str, Any]) -> dict[str, str]:
    headers = {
        key[5:].replace("_", "-").title(): str(value)
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }
    if environ.get("CONTENT_TYPE"):
        headers["Content-Type"] = environ["CONTENT_TYPE"]
    return headers


def _body(environ: dict[str, Any], limit: int) -> bytes:
    # Nova reads nothing without a Content-Length (a chunked body is "no body").
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length <= 0:
        return b""
    # Read one byte past the limit: enough for bootreq to answer the 413.
    data: bytes = environ["wsgi.input"].read(min(length, limit + 1))
    return data


def make_app(options: bootreq.Options | None = None) -> Callable[..., Iterable[bytes]]:
    """The WSGI application; ``options`` are handed to :func:`bootreq.parse`."""
    limit = (options or bootreq.Options()).max_body_bytes

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ["REQUEST_METHOD"]
        root = application_uri(environ).rstrip("/")
        reply: Reply
        if (match := _SERVERS.match(path)) and method == "POST":
            reply = create_server(
                _body(environ, limit),
                _headers(environ),
                base_url=f"{root}/{match['api']}",
                project_id=match["project"],
                legacy=match["api"] == "v2",
                options=options,
            )
        elif _VERSION.match(path) and method == "GET":
            reply = version_document(f"{root}/v2.1", options=options)
        else:
            reply = Reply(
                404,
                {"itemNotFound": {"code": 404, "message": "The resource could not be found."}},
                (("Content-Type", "application/json; charset=UTF-8"),),
            )
        payload = reply.body_bytes()
        start_response(
            reply.status_line,
            [*reply.headers, ("Content-Length", str(len(payload)))],
        )
        return [payload]

    return app


app = make_app()


def main(argv: list[str]) -> None:
    port = int(argv[1]) if len(argv) > 1 else 8774
    with make_server("127.0.0.1", port, app) as server:
        print(f"serving Nova's POST /servers on http://127.0.0.1:{port}/v2.1", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main(sys.argv)
