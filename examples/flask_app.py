"""Recipe: a Nova-compatible ``POST /servers`` endpoint in Flask.

Run it with ``flask --app examples/flask_app.py run`` (needs ``flask``).
The work is done by :func:`nova_http.create_server`; this file only moves
headers and bytes between Flask and it.
"""

from __future__ import annotations

from flask import Flask, Response, request
from nova_http import Reply, create_server, version_document

import bootreq


def _response(reply: Reply) -> Response:
    response = Response(reply.body_bytes(), status=reply.status)
    response.headers.clear()
    for name, value in reply.headers:
        response.headers.add(name, value)
    return response


def make_app(options: bootreq.Options | None = None) -> Flask:
    app = Flask(__name__)

    def _create(api: str, project_id: str | None) -> Response:
        reply = create_server(
            # Nova ignores a body sent without Content-Length.
            request.get_data() if request.content_length else b"",
            # Built from the WSGI environ: repeated headers are already joined.
            dict(request.headers.items()),
            base_url=request.host_url.rstrip("/") + f"/{api}",
            project_id=project_id,
            legacy=api == "v2",
            options=options,
        )
        return _response(reply)

    @app.post("/v2.1/servers")
    def create_v21() -> Response:
        return _create("v2.1", None)

    @app.post("/v2.1/<project_id>/servers")
    def create_v21_project(project_id: str) -> Response:
        return _create("v2.1", project_id)

    @app.post("/v2/servers")
    def create_v2() -> Response:
        return _create("v2", None)

    @app.get("/v2.1")
    @app.get("/v2.1/")
    def versions() -> Response:
        base = request.host_url.rstrip("/") + "/v2.1"
        return _response(version_document(base, options=options))

    return app


app = make_app()
