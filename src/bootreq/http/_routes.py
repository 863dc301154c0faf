"""Nova's URL map, for the routes a fake Nova serves: ``POST /servers`` and the version documents.

Nova 34.0.0's ``osapi_compute`` maps paths to applications:

- ``/`` (and any path no other entry takes): the version list, or for
  another path a ``300 Multiple Choices`` naming that path under each
  version; no microversion handling, no request id;
- ``/v2.1``, ``/v2.1/`` and ``/v2``, ``/v2/``: the version document (the
  ``/v2`` one without microversion headers);
- ``/v2.1/...`` and ``/v2/...``: the API, where a fake Nova knows only
  ``POST [/{project_id}]/servers``; anything else is the router's webob 404
  page (the real Nova would list servers, show flavors, ... there).

Every method reaches the version documents alike (Nova does not route them by
method). A body over the size limit is 413 before anything else on the API
paths.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from bootreq import BuildRequest, Options
from bootreq.errors import HttpError
from bootreq.http._accept import urlmap_best_match
from bootreq.http._exchange import (
    accept_error,
    content_type_error,
    declared_length,
    exchange,
    folded_headers,
    negotiate,
    page_type,
    read_body,
    request_root,
    served_maximum,
    too_large_text,
    url_join,
)
from bootreq.http._reply import Reply, error_page, fault, json_bytes, request_ids, version_headers
from bootreq.microversion import MIN_VERSION

__all__ = ["OnAccepted", "answer"]


def __dir__() -> list[str]:
    return __all__


#: Called with each accepted build request and Nova's 202; returning a Reply answers instead.
OnAccepted = Callable[[BuildRequest, Reply], "Reply | None"]

_SERVERS = re.compile(r"^/(v2\.1|v2)(?:/([^/]+))?/servers$")
_JSON_TYPES = ("application/json", "application/vnd.openstack.compute+json")
_INDEX_TYPES = (*_JSON_TYPES, "application/atom+xml")
_NOT_FOUND = "The resource could not be found."
_DEFAULT_OPTIONS = Options()

_MEDIA_TYPES = {
    "v2.0": [{"base": "application/json",
              "type": "application/vnd.openstack.compute+json;version=2"}],
    "v2.1": [{"base": "application/json",
              "type": "application/vnd.openstack.compute+json;version=2.1"}],
}
_DESCRIBED_BY = {"rel": "describedby", "type": "text/html", "href": "http://docs.openstack.org/"}


def _versions(options: Options) -> dict[str, dict[str, Any]]:
    maximum = served_maximum(options)
    return {
        "v2.0": {"id": "v2.0", "status": "DEPRECATED", "version": "", "min_version": "",
                 "updated": "2025-07-04T12:00:00Z"},
        "v2.1": {"id": "v2.1", "status": "CURRENT", "version": str(maximum),
                 "min_version": str(MIN_VERSION), "updated": "2013-07-23T11:33:21Z"},
    }


def _document(
    status: int, document: Any, content_type: str, head: bool, tail: tuple[tuple[str, str], ...]
) -> Reply:
    body = json_bytes(document)
    return Reply(
        status,
        (("Content-Length", str(len(body))), ("Content-Type", content_type), *tail),
        b"" if head else body,
    )


def _body_error(method: str, body: bytes, declared: int | None) -> HttpError | None:
    """A version document still reads a POST or PUT body: it must be JSON."""
    sent = read_body(body, declared)
    if method not in ("POST", "PUT") or not sent:
        return None
    try:
        json.loads(sent)
    except (ValueError, RecursionError):
        return HttpError.of(400, "Malformed request body")
    return None


def _root(
    method: str, path: str, folded: Mapping[str, str], body: bytes, base_url: str, options: Options
) -> Reply:
    """Nova's ``Versions`` application: the version list at ``/``, 300 elsewhere."""
    error = content_type_error(folded) or _body_error(
        method, body, declared_length(folded, body)
    )
    if error is not None:
        return fault(error.status, error.fault or "", error.message, None, ())
    index = path in ("", "/")
    accept = folded.get("accept")
    chosen = None if accept is None else urlmap_best_match(
        accept, _INDEX_TYPES if index else _JSON_TYPES
    )
    content_type = chosen or "application/json"
    versions = _versions(options)
    if index:
        listed = [
            {**versions[key], "links": [
                {"rel": "self", "href": url_join(base_url, "v2" if key == "v2.0" else key, "")}
            ]}
            for key in sorted(versions)
        ]
        return _document(200, {"versions": listed}, content_type, method == "HEAD", ())
    choices = [
        {"id": key, "status": versions[key]["status"],
         "links": [{"rel": "self",
                    "href": url_join(base_url, "v2" if key == "v2.0" else key, path)}],
         "media-types": _MEDIA_TYPES[key]}
        for key in sorted(versions)
    ]
    return _document(300, {"choices": choices}, content_type, method == "HEAD", ())


def _version_document(
    method: str,
    endpoint: str,
    path: str,
    folded: Mapping[str, str],
    body: bytes,
    base_url: str,
    options: Options,
) -> Reply:
    """Nova's ``VersionsV2``: one version's document, under microversion control on v2.1."""
    ids = request_ids()
    legacy = endpoint == "v2"
    echo = None
    if not legacy:
        _, error, echo = negotiate(folded, options)
        if error is not None:
            return fault(error.status, error.fault or "", error.message, echo, ids)
    error = content_type_error(folded) or _body_error(
        method, body, declared_length(folded, body)
    )
    if error is not None:
        return fault(error.status, error.fault or "", error.message, echo, ids)
    accept = folded.get("accept")
    offers = _INDEX_TYPES if path.endswith("/") else _JSON_TYPES
    chosen = None if accept is None else urlmap_best_match(accept, offers)
    key = "v2.0" if legacy else "v2.1"
    version = {
        **_versions(options)[key],
        "links": [{"rel": "self", "href": f"{base_url}/{endpoint}/"}, dict(_DESCRIBED_BY)],
        "media-types": _MEDIA_TYPES[key],
    }
    return _document(
        200,
        {"version": version},
        chosen or "application/json",
        method == "HEAD",
        (*version_headers(echo), *ids),
    )


def _page(status: int, explanation: str, method: str, folded: Mapping[str, str]) -> Reply:
    if method == "HEAD":  # webob answers HEAD with its bare default response
        headers = (("Content-Type", "text/html; charset=UTF-8"), ("Content-Length", "0"))
        return Reply(status, (*headers, *request_ids()), b"")
    return error_page(status, explanation, page_type(folded), request_ids())


def answer(
    method: str,
    path: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    base_url: str,
    options: Options | None = None,
    on_accepted: OnAccepted | None = None,
) -> tuple[Reply, BuildRequest | None]:
    """Nova's answer to ``method path`` with these headers and body bytes.

    ``base_url`` is the root the endpoints live under (``scheme://host[:port]``
    and any mount prefix). The accepted :class:`BuildRequest` comes back
    beside the reply (``None`` for anything else).
    """
    options = options or _DEFAULT_OPTIONS
    folded = folded_headers(headers)
    base_url = request_root(base_url, folded)
    bad_accept = accept_error(folded)
    if bad_accept is not None:
        return fault(400, "badRequest", bad_accept.message, None, request_ids()), None
    if path in ("/v2.1", "/v2.1/", "/v2", "/v2/"):
        endpoint = path.strip("/")
        return _version_document(method, endpoint, path, folded, body, base_url, options), None
    if not path.startswith(("/v2.1/", "/v2/")):
        return _root(method, path, folded, body, base_url, options), None
    declared = declared_length(folded, body)
    if declared is not None and declared > options.max_body_bytes:
        return _page(413, too_large_text(options), method, folded), None
    match = _SERVERS.match(path)
    if match is None or method != "POST":
        return _page(404, _NOT_FOUND, method, folded), None
    reply, accepted = exchange(
        body,
        headers,
        endpoint=match.group(1),
        base_url=base_url,
        project_id=match.group(2),
        server_id=None,
        reservation_id=None,
        options=options,
    )
    if accepted is not None and on_accepted is not None:
        reply = on_accepted(accepted, reply) or reply
    return reply, accepted
