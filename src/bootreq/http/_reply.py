"""One HTTP answer, and the pieces every answer of Nova's is built from."""

from __future__ import annotations

import html
import json
import re
import uuid
from http import HTTPStatus
from typing import Any

import attrs

__all__ = ["Reply", "error_page", "fault", "json_bytes", "request_ids", "version_headers"]


def __dir__() -> list[str]:
    return __all__


Headers = tuple[tuple[str, str], ...]


@attrs.frozen
class Reply:
    """An HTTP answer: status, headers in Nova's order, and the body bytes."""

    status: int
    headers: Headers
    body: bytes

    @property
    def status_line(self) -> str:
        """``"202 Accepted"``: the status with Nova's (webob's) reason phrase."""
        return f"{self.status} {_REASONS.get(self.status) or HTTPStatus(self.status).phrase}"

    def header(self, name: str) -> str | None:
        """The last value of header ``name`` (case-insensitive), or ``None``."""
        wanted = name.lower()
        found = None
        for key, value in self.headers:
            if key.lower() == wanted:
                found = value
        return found

    def json(self) -> Any:
        """The body decoded as JSON (every answer of Nova's API is JSON but 413/404 pages)."""
        return json.loads(self.body)


# webob's reason phrases where they differ from http.HTTPStatus's.
_REASONS = {413: "Request Entity Too Large"}


def json_bytes(document: Any) -> bytes:
    """Nova's serialisation: ``json.dumps`` defaults (ASCII, ``", "`` and ``": "``)."""
    return json.dumps(document).encode("ascii")


def request_ids() -> Headers:
    """The request id Nova's middleware sends under both its names."""
    request_id = f"req-{uuid.uuid4()}"
    return (("x-openstack-request-id", request_id), ("x-compute-request-id", request_id))


def version_headers(version: str | None) -> Headers:
    """The headers Nova echoes for the microversion a request ran at."""
    if version is None:
        return ()
    return (
        ("OpenStack-API-Version", f"compute {version}"),
        ("X-OpenStack-Nova-API-Version", version),
        ("Vary", "OpenStack-API-Version"),
        ("Vary", "X-OpenStack-Nova-API-Version"),
    )


def fault(status: int, name: str, message: str, version: str | None, tail: Headers) -> Reply:
    """Nova's fault answer: ``{name: {"code", "message"}}``, version headers when known."""
    body = json_bytes({name: {"code": status, "message": message}})
    return Reply(
        status,
        (
            *version_headers(version),
            ("Content-Type", "application/json; charset=UTF-8"),
            ("Content-Length", str(len(body))),
            *tail,
        ),
        body,
    )


_TITLES = {404: "Not Found", 405: "Method Not Allowed", 413: "Request Entity Too Large"}
_BR = re.compile(r"<br.*?>", re.I | re.S)
_TAG = re.compile(r"<.*?>", re.S)


def error_page(status: int, explanation: str, page_type: str | None, tail: Headers) -> Reply:
    """webob's error page (Nova's 404 and 413 are not Nova faults), in the Accept'ed format.

    ``page_type`` is ``"text/html"``, ``"application/json"`` or ``None`` (plain text).
    """
    title = _TITLES[status]
    status_text = f"{status} {title}"
    text = f"{explanation}<br /><br />\n\n\n"
    if page_type == "text/html":
        content_type = "text/html; charset=UTF-8"
        escaped = f"{html.escape(explanation)}<br /><br />\n\n\n"
        page = (
            f"<html>\n <head>\n  <title>{status_text}</title>\n </head>\n <body>\n"
            f"  <h1>{status_text}</h1>\n  {escaped}\n </body>\n</html>"
        )
    elif page_type == "application/json":
        content_type = "application/json"
        page = json.dumps({"message": text, "code": status_text, "title": title})
    else:
        content_type = "text/plain; charset=UTF-8"
        stripped = _TAG.sub("", _BR.sub("\n", text.replace("\n", " ").replace("\r", "")))
        page = f"{status_text}\n\n{stripped}"
    body = page.encode("utf-8")
    return Reply(
        status,
        (("Content-Length", str(len(body))), ("Content-Type", content_type), *tail),
        body,
    )
