"""Recipe: a Nova-compatible compute endpoint as a plain WSGI application.

Standard library only (plus bootreq): serve it with any WSGI server::

    python examples/wsgi_app.py 8774          # wsgiref, on 127.0.0.1:8774
    gunicorn -w 2 'wsgi_app:app' --chdir examples

The application is :func:`bootreq.http.wsgi_app`: ``POST /v2.1/servers``,
``POST /v2.1/{project_id}/servers``, ``POST /v2/servers`` and the version
documents (``GET /``, ``/v2.1``, ``/v2``), with Nova's 404 for anything else.
``bootreq serve`` runs the same application and records what it accepts.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.simple_server import make_server

import bootreq
from bootreq import http


def make_app(options: bootreq.Options | None = None) -> Callable[..., Iterable[bytes]]:
    """The WSGI application; ``options`` are handed to :func:`bootreq.parse`."""

    def on_accepted(request: bootreq.BuildRequest, reply: http.Reply) -> http.Reply | None:
        # A real cloud would schedule the servers here; None sends Nova's 202.
        return None

    app: Callable[..., Any] = http.wsgi_app(options, on_accepted=on_accepted)
    return app


app = make_app()


def main(argv: list[str]) -> None:
    port = int(argv[1]) if len(argv) > 1 else 8774
    with make_server("127.0.0.1", port, app) as server:
        print(f"serving Nova's POST /servers on http://127.0.0.1:{port}/v2.1", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main(sys.argv)
