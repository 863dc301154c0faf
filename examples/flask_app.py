"""Recipe: a Nova-compatible compute endpoint in Flask.

Run it with ``flask --app examples/flask_app.py run`` (needs ``flask``).
The work is done by :func:`bootreq.http.answer`; this file only moves the
method, path, headers and bytes between Flask and it.
"""

from __future__ import annotations

from flask import Flask, Response, request

import bootreq
from bootreq import http

_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]


def make_app(options: bootreq.Options | None = None) -> Flask:
    app = Flask(__name__)

    @app.route("/", defaults={"path": ""}, methods=_METHODS)
    @app.route("/<path:path>", methods=_METHODS)
    def nova(path: str) -> Response:
        reply, _ = http.answer(
            request.method,
            "/" + path,
            # Built from the WSGI environ: repeated headers are already joined.
            dict(request.headers.items()),
            request.get_data() if request.content_length else b"",
            base_url=request.host_url.rstrip("/") + request.script_root,
            options=options,
        )
        response = Response(reply.body, status=reply.status)
        response.headers.clear()
        for name, value in reply.headers:
            response.headers.add(name, value)
        return response

    return app


app = make_app()
