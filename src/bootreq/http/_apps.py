"""A fake Nova's routes as a WSGI and an ASGI application, with no framework.

Both read the request the way a server hands it over (the WSGI environ, the
ASGI scope and body events), read at most the declared ``Content-Length``
(nothing past the size limit: the 413 needs only the header), and answer
through :func:`bootreq.http._routes.answer`. ``base_url`` comes from the
request itself (scheme, ``Host``, mount prefix), as Nova builds its links.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

from bootreq import Options
from bootreq.http._reply import Reply, fault
from bootreq.http._routes import OnAccepted, answer

__all__ = ["asgi_app", "wsgi_app"]


def __dir__() -> list[str]:
    return __all__


WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
AsgiApp = Callable[
    [MutableMapping[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]],
    Awaitable[None],
]

_DEFAULT_OPTIONS = Options()
# A body shorter than its Content-Length (the client stopped sending): a 400, not a hang.
_UNREADABLE = fault(400, "badRequest", "The request body is incomplete.", None, ())


def _length(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None


def _environ_headers(environ: dict[str, Any]) -> dict[str, str]:
    headers = {
        key[5:].replace("_", "-"): str(value)
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }
    for key, name in (("CONTENT_TYPE", "Content-Type"), ("CONTENT_LENGTH", "Content-Length")):
        if environ.get(key) not in (None, ""):
            headers[name] = str(environ[key])
    return headers


def _environ_base_url(environ: dict[str, Any]) -> str:
    host = environ.get("HTTP_HOST")
    if not host:
        host = environ.get("SERVER_NAME", "localhost")
        port = str(environ.get("SERVER_PORT", ""))
        default = "443" if environ.get("wsgi.url_scheme") == "https" else "80"
        if port and port != default:
            host = f"{host}:{port}"
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}{environ.get('SCRIPT_NAME', '')}"


def wsgi_app(
    options: Options | None = None, *, on_accepted: OnAccepted | None = None
) -> WsgiApp:
    """A WSGI application answering as Nova 34.0.0's compute API.

    ``on_accepted(build_request, reply)`` is called for each accepted
    ``POST /servers``; returning a :class:`~bootreq.http.Reply` sends that
    instead of Nova's 202 (to simulate a quota error, say).
    """
    limit = (options or _DEFAULT_OPTIONS).max_body_bytes

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        declared = _length(environ.get("CONTENT_LENGTH"))
        body = b""
        reply: Reply | None = None
        if declared is not None and 0 < declared <= limit:
            try:
                body = environ["wsgi.input"].read(declared)
            except (OSError, ValueError):
                reply = _UNREADABLE
            else:
                if len(body) < declared:
                    reply = _UNREADABLE
        if reply is None:
            reply, _ = answer(
                environ.get("REQUEST_METHOD", "GET"),
                environ.get("PATH_INFO", "") or "/",
                _environ_headers(environ),
                body,
                base_url=_environ_base_url(environ),
                options=options,
                on_accepted=on_accepted,
            )
        start_response(reply.status_line, list(reply.headers))
        return [reply.body]

    return app


def asgi_app(
    options: Options | None = None, *, on_accepted: OnAccepted | None = None
) -> AsgiApp:
    """The same application for ASGI servers (uvicorn, hypercorn); see :func:`wsgi_app`."""
    limit = (options or _DEFAULT_OPTIONS).max_body_bytes

    async def app(
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[Any]],
        send: Callable[[Any], Awaitable[None]],
    ) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        headers: dict[str, str] = {}
        for raw_name, raw_value in scope.get("headers", ()):
            name = raw_name.decode("latin-1").lower()
            value = raw_value.decode("latin-1")
            # Repeated headers fold into one, as WSGI servers fold them.
            headers[name] = f"{headers[name]},{value}" if name in headers else value
        declared = _length(headers.get("content-length"))
        chunks: list[bytes] = []
        received = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            if declared is not None and 0 < declared <= limit and received < declared:
                chunks.append(chunk[: declared - received])
            received += len(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        scheme = scope.get("scheme", "http")
        host = headers.get("host")
        if not host:
            server = scope.get("server") or ("localhost", None)
            host = server[0] if server[1] in (None, 80, 443) else f"{server[0]}:{server[1]}"
        if declared is not None and 0 < declared <= limit and len(body) < declared:
            reply = _UNREADABLE
        else:
            reply, _ = answer(
                scope.get("method", "GET"),
                scope.get("path", "/") or "/",
                headers,
                body,
                base_url=f"{scheme}://{host}{scope.get('root_path', '')}",
                options=options,
                on_accepted=on_accepted,
            )
        await send({
            "type": "http.response.start",
            "status": reply.status,
            "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in reply.headers],
        })
        await send({"type": "http.response.body", "body": reply.body})

    return app
