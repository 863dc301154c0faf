"""Recipe: a Nova-compatible ``POST /servers`` endpoint in FastAPI (ASGI).

Run it with ``uvicorn fastapi_app:app --app-dir examples`` (needs ``fastapi``
and an ASGI server). The body is read raw — no pydantic model — because
deciding what is valid, and what Nova answers when it is not, is bootreq's job.
"""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from nova_http import Reply, create_server, version_document

import bootreq


def _response(reply: Reply) -> Response:
    response = Response(content=reply.body_bytes(), status_code=reply.status)
    for name, value in reply.headers:
        response.headers.append(name, value)
    return response


def make_app(options: bootreq.Options | None = None) -> FastAPI:
    app = FastAPI(title="Nova-compatible POST /servers")

    async def _create(request: Request, api: str, project_id: str | None) -> Response:
        base = str(request.base_url).rstrip("/") + f"/{api}"
        body = await request.body() if request.headers.get("content-length") else b""
        reply = create_server(
            body,
            request.headers,
            base_url=base,
            project_id=project_id,
            legacy=api == "v2",
            options=options,
        )
        return _response(reply)

    @app.post("/v2.1/servers")
    async def create_v21(request: Request) -> Response:
        return await _create(request, "v2.1", None)

    @app.post("/v2.1/{project_id}/servers")
    async def create_v21_project(request: Request, project_id: str) -> Response:
        return await _create(request, "v2.1", project_id)

    @app.post("/v2/servers")
    async def create_v2(request: Request) -> Response:
        return await _create(request, "v2", None)

    @app.get("/v2.1")
    @app.get("/v2.1/")
    async def versions(request: Request) -> Response:
        base = str(request.base_url).rstrip("/") + "/v2.1"
        return _response(version_document(base, options=options))

    return app


app = make_app()
