"""Recipe: a Nova-compatible compute endpoint in FastAPI (ASGI).

Run it with ``uvicorn fastapi_app:app --app-dir examples`` (needs ``fastapi``
and an ASGI server). The body is read raw — no pydantic model — because
deciding what is valid, and what Nova answers when it is not, is bootreq's
job (:func:`bootreq.http.answer`). Without FastAPI, ``bootreq.http.asgi_app()``
is the same endpoint as a bare ASGI application.
"""

from __future__ import annotations

from fastapi import FastAPI, Request, Response

import bootreq
from bootreq import http

_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]


def make_app(options: bootreq.Options | None = None) -> FastAPI:
    app = FastAPI(title="Nova-compatible compute API")

    @app.api_route("/{path:path}", methods=_METHODS)
    async def nova(request: Request, path: str) -> Response:
        body = await request.body() if request.headers.get("content-length") else b""
        reply, _ = http.answer(
            request.method,
            "/" + path,
            request.headers,
            body,
            base_url=str(request.base_url).rstrip("/"),
            options=options,
        )
        response = Response(content=reply.body, status_code=reply.status)
        del response.headers["content-length"]
        for name, value in reply.headers:
            response.headers.append(name, value)
        return response

    return app


app = make_app()
