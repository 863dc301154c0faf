"""``POST /servers`` as one HTTP exchange: Nova 34.0.0's WSGI stack around :func:`bootreq.parse`.

The request meets Nova's layers in this order, and so does :func:`create_server`:

0. Nova's URL map reads the ``Accept`` header first, and crashes (a 500) on
   a few malformed ones: bootreq answers 400 there (docs/deviations.md);
1. the size limit (oslo.middleware's ``sizelimit``): a declared
   ``Content-Length`` above ``Options.max_body_bytes`` is webob's 413 page,
   before anything else looks at the request (no version headers);
2. the router reads a form-typed body for a ``_method`` override (a method
   other than POST is the router's 404; a multipart type without a valid
   boundary, Nova's 500, is bootreq's 400);
3. the legacy ``/v2`` endpoint drops the version headers of the request and
   of the answer (``LegacyV2CompatibleWrapper``);
4. the microversion: malformed is 400 (no version headers), outside the
   supported range 406 echoing the requested version;
5. the request ``Content-Type``: 415 ``badMediaType`` unless absent, empty,
   ``text/plain`` or one of Nova's two JSON types (compared case-sensitively,
   parameters after ``;`` ignored, spaces not);
6. the body, read up to the declared ``Content-Length`` (none, 0 or an
   unreadable length: no body), then :func:`bootreq.parse`;
7. the 202: the server document (links under ``base_url``, ``Location``,
   ``adminPass`` unless ``Options.enable_instance_password`` is off) or
   ``{"reservation_id": ...}``, in the type the ``Accept`` header prefers.

Every answer ends with the request id headers Nova's middleware adds.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Mapping
from typing import Any

from bootreq import BuildRequest, Options, parse
from bootreq.errors import HttpError
from bootreq.http._accept import acceptable_offers, urlmap_best_match, urlmap_fails
from bootreq.http._forms import method_override
from bootreq.http._reply import Reply, error_page, fault, json_bytes, request_ids, version_headers
from bootreq.microversion import (
    LEGACY_V2,
    MIN_VERSION,
    InvalidMicroversion,
    Microversion,
    UnsupportedMicroversion,
)
from bootreq.release_rules import behaviour_for, newest_microversion

__all__ = [
    "ENDPOINTS",
    "accept_error",
    "content_type_error",
    "create_server",
    "declared_length",
    "exchange",
    "folded_headers",
    "generate_password",
    "generate_reservation_id",
    "negotiate",
    "page_type",
    "read_body",
    "request_root",
    "response_type",
    "served_maximum",
    "too_large_text",
    "url_join",
]


def __dir__() -> list[str]:
    return __all__


#: The endpoints serving ``POST /servers``: microversioned, and the legacy one.
ENDPOINTS = ("v2.1", "v2")

_DEFAULT_OPTIONS = Options()
_JSON_TYPES = ("application/json", "application/vnd.openstack.compute+json")
_TOO_LARGE = "Request is too large. Larger than max_request_body_size (%s)."
_NOT_FOUND = "The resource could not be found."

# nova.utils.generate_password: one character of each group, then any; no 0, 1, I, O, l.
_PASSWORD_GROUPS = ("23456789", "ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz")
_PASSWORD_LENGTH = 12  # Nova's [DEFAULT]password_length
# nova.utils.generate_random_string's alphabet, its doubled "0" included.
_RESERVATION_ALPHABET = "01234567890abcdefghijklmnopqrstuvwxyz"
_RANDOM = random.SystemRandom()


def generate_password() -> str:
    """An admin password made the way Nova makes one when the request gave none."""
    chars = [_RANDOM.choice(group) for group in _PASSWORD_GROUPS]
    _RANDOM.shuffle(chars)
    chars = chars[:_PASSWORD_LENGTH]
    alphabet = "".join(_PASSWORD_GROUPS)
    chars += [_RANDOM.choice(alphabet) for _ in range(_PASSWORD_LENGTH - len(chars))]
    _RANDOM.shuffle(chars)
    return "".join(chars)


def generate_reservation_id() -> str:
    """``r-`` and eight characters, as Nova's compute API names a reservation."""
    return "r-" + "".join(_RANDOM.choice(_RESERVATION_ALPHABET) for _ in range(8))


def folded_headers(headers: Mapping[str, str]) -> dict[str, str]:
    folded = {}
    for name, value in headers.items():
        text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
        folded[str(name).lower()] = text
    return folded


def declared_length(folded: Mapping[str, str], body: bytes) -> int | None:
    """webob's ``content_length``: the header as ``int()`` reads it, else None."""
    text = folded.get("content-length")
    if text is None:
        return len(body)  # a direct call hands over the whole body
    if text == "":
        return None
    try:
        return int(text)
    except ValueError:
        return None


# Nova's URL map crashes (a 500) on these before anything else reads the request.
_BAD_ACCEPT = "Malformed Accept header: an entry names no media type, or q has no value"


def accept_error(folded: Mapping[str, str]) -> HttpError | None:
    """bootreq's 400 where Nova's URL map fails on the ``Accept`` header (docs/deviations.md)."""
    header = folded.get("accept")
    if header is not None and urlmap_fails(header):
        return HttpError.of(400, _BAD_ACCEPT)
    return None


def response_type(folded: Mapping[str, str]) -> str:
    """The ``Content-Type`` of a 2xx answer: the JSON type the ``Accept`` header prefers."""
    header = folded.get("accept")
    best = None if header is None else urlmap_best_match(header, _JSON_TYPES)
    return best or "application/json"


def page_type(folded: Mapping[str, str]) -> str | None:
    """The format of webob's error pages for this ``Accept`` header (None: plain text)."""
    # webob reads a missing Accept as an empty one here: nothing acceptable, plain text.
    best = acceptable_offers(folded.get("accept", ""), ("text/html", "application/json"))
    return best[0] if best else None


def negotiate(
    folded: Mapping[str, str], options: Options
) -> tuple[Microversion | None, HttpError | None, str | None]:
    """The version a request runs at, its error, and the version text Nova echoes.

    The echo is the requested version even on the 406, and nothing for a
    malformed version (Nova never parsed one).
    """
    text = Microversion.from_headers(folded)
    maximum = served_maximum(options)
    if text is None:
        return MIN_VERSION, None, str(MIN_VERSION)
    if text == "latest":
        return maximum, None, str(maximum)
    try:
        requested = Microversion.parse(text)
    except InvalidMicroversion as error:
        return None, HttpError.of(400, str(error)), None
    if not MIN_VERSION <= requested <= maximum:
        unsupported = UnsupportedMicroversion(requested, maximum)
        return None, HttpError.of(406, str(unsupported)), str(requested)
    return requested, None, str(requested)


def content_type_error(folded: Mapping[str, str]) -> HttpError | None:
    if "content-type" not in folded:
        return None
    media_type = folded["content-type"].split(";", 1)[0]
    if not media_type or media_type == "text/plain" or media_type in _JSON_TYPES:
        return None
    return HttpError.of(415, "Unsupported Content-Type")


def request_root(base_url: str, folded: Mapping[str, str]) -> str:
    """Where Nova's links point: ``base_url``, with the request's ``Host`` when it sent one.

    Nova builds links from the request (webob's ``host_url``): the scheme,
    the ``Host`` header (its port dropped when it is the scheme's default)
    and the mount prefix. ``base_url`` gives the scheme and prefix, and the
    host when the request named none.
    """
    base_url = base_url.rstrip("/")
    host = folded.get("host")
    if host is None:
        return base_url
    scheme, _, rest = base_url.partition("://")
    prefix = rest[len(rest.split("/", 1)[0]):]
    port: str | None = None
    if ":" in host and host[-1] != "]":
        host, port = host.rsplit(":", 1)
    if (scheme, port) in (("https", "443"), ("http", "80")):
        port = None
    return f"{scheme}://{host}{':' + port if port else ''}{prefix}"


def read_body(body: bytes, declared: int | None) -> bytes:
    if not declared:
        return b""
    if declared > 0:
        return body[:declared]
    return body


def url_join(*parts: str) -> str:
    # Nova's url_join: each part stripped of "/", empty ones skipped, but an
    # empty last part leaves a trailing slash.
    joined = [part.strip("/") for part in parts if part]
    if not parts[-1]:
        joined.append("")
    return "/".join(joined)


def served_maximum(options: Options) -> Microversion:
    """The newest microversion the cloud serves: its release's, or a lower cap."""
    return newest_microversion(options.release, options.max_microversion)


def too_large_text(options: Options) -> str:
    """oslo.middleware's 413 text, in the words of the release's era."""
    if behaviour_for(options.release).too_large_shows_limit:
        return _TOO_LARGE % options.max_body_bytes
    return _TOO_LARGE


def _echoed_security_groups(body: bytes, legacy: bool, raw: bool) -> Any:
    """The ``security_groups`` Nova echoes: the request's, as its validator left them.

    ``raw``: as the request sent them (releases before 33.0.0 read the raw body).
    """
    try:
        server = json.loads(body)["server"]
    except (ValueError, KeyError, TypeError, RecursionError):  # pragma: no cover - parsed before
        return [{"name": "default"}]
    groups = server.get("security_groups", [{"name": "default"}])
    if legacy and not raw and isinstance(groups, list):
        # v2.0's soft schema deletes unknown members, unless every member is unknown.
        groups = [
            {"name": group["name"]} if isinstance(group, dict) and "name" in group else group
            for group in groups
        ]
    return groups


def _accepted(
    request: BuildRequest,
    body: bytes,
    *,
    legacy: bool,
    content_type: str,
    base_url: str,
    endpoint: str,
    project_id: str | None,
    server_id: str | None,
    reservation_id: str | None,
    options: Options,
    echo: str | None,
) -> Reply:
    tail = (*version_headers(echo), *request_ids())
    if request.return_reservation_id:
        document = json_bytes({"reservation_id": reservation_id or generate_reservation_id()})
        return Reply(
            202,
            (("Content-Length", str(len(document))), ("Content-Type", content_type), *tail),
            document,
        )
    identifier = server_id or str(uuid.uuid4())
    root = base_url
    self_href = url_join(f"{root}/{endpoint}", project_id or "", "servers", identifier)
    server: dict[str, Any] = {
        "id": identifier,
        "links": [
            {"rel": "self", "href": self_href},
            {"rel": "bookmark", "href": url_join(root, project_id or "", "servers", identifier)},
        ],
        "OS-DCF:diskConfig": "AUTO" if request.auto_disk_config else "MANUAL",
        "security_groups": _echoed_security_groups(
            body, legacy, behaviour_for(options.release).echoes_raw_security_groups),
    }
    if options.enable_instance_password:
        server["adminPass"] = (
            request.admin_password if request.admin_password is not None else generate_password()
        )
    document = json_bytes({"server": server})
    return Reply(
        202,
        (
            ("Content-Length", str(len(document))),
            ("location", self_href),
            ("Content-Type", content_type),
            *tail,
        ),
        document,
    )


def exchange(
    body: bytes,
    headers: Mapping[str, str],
    *,
    endpoint: str,
    base_url: str,
    project_id: str | None,
    server_id: str | None,
    reservation_id: str | None,
    options: Options | None,
) -> tuple[Reply, BuildRequest | None]:
    """:func:`create_server`, also handing back the accepted :class:`BuildRequest`."""
    if endpoint not in ENDPOINTS:
        raise ValueError(f"endpoint must be one of {ENDPOINTS}, not {endpoint!r}")
    options = options or _DEFAULT_OPTIONS
    body = bytes(body)
    folded = folded_headers(headers)
    ids = request_ids()
    bad_accept = accept_error(folded)
    if bad_accept is not None:
        return fault(400, "badRequest", bad_accept.message, None, ids), None
    declared = declared_length(folded, body)
    if declared is not None and declared > options.max_body_bytes:
        return error_page(413, too_large_text(options), page_type(folded), ids), None
    sent = read_body(body, declared)
    override = method_override(folded.get("content-type"), sent)
    if isinstance(override, HttpError):
        return fault(override.status, "badRequest", override.message, None, ids), None
    # GET reaches the server list, which refuses a form type (415) like a create does.
    if override not in (None, "POST", "GET"):  # no longer a route: the router's 404
        return error_page(404, _NOT_FOUND, page_type(folded), ids), None
    legacy = endpoint == "v2"
    if legacy:
        version: Microversion | None = LEGACY_V2
        error, echo = None, None
    else:
        version, error, echo = negotiate(folded, options)
    if error is None:
        error = content_type_error(folded)
    result: BuildRequest | HttpError
    if error is None and version is not None:
        result = parse(sent, version, options=options)
    else:  # a version is missing only beside its error
        result = error or HttpError.of(400, "")
    if isinstance(result, HttpError):
        if result.fault is None:  # the size limit, read past a negative Content-Length
            return error_page(413, too_large_text(options), page_type(folded), ids), None
        return fault(result.status, result.fault, result.message, echo, ids), None
    reply = _accepted(
        result,
        sent,
        legacy=legacy,
        content_type=response_type(folded),
        base_url=request_root(base_url, folded),
        endpoint=endpoint,
        project_id=project_id,
        server_id=server_id,
        reservation_id=reservation_id,
        options=options,
        echo=echo,
    )
    return reply, result


def create_server(
    body: bytes,
    headers: Mapping[str, str],
    *,
    endpoint: str = "v2.1",
    base_url: str = "http://localhost:8774",
    project_id: str | None = None,
    server_id: str | None = None,
    reservation_id: str | None = None,
    options: Options | None = None,
) -> Reply:
    """Nova 34.0.0's whole answer to ``POST /{endpoint}[/{project_id}]/servers``.

    ``body`` is the request body as sent; ``headers`` the request headers
    (names compared case-insensitively; a ``Content-Length`` header, when
    present, says how much of ``body`` Nova reads, as a server would).
    ``endpoint`` is ``"v2.1"`` or Nova's legacy ``"v2"``; ``base_url``
    (``scheme://host[:port][/prefix]``) is where the endpoints live: the
    server's links point below it (on the request's ``Host``, when the
    headers name one, as Nova's do). ``server_id`` and ``reservation_id``
    default to fresh ones, made as Nova makes them.

    Returns a :class:`Reply` (status, headers, body bytes); never raises for
    anything a client can send.
    """
    reply, _ = exchange(
        body,
        headers,
        endpoint=endpoint,
        base_url=base_url,
        project_id=project_id,
        server_id=server_id,
        reservation_id=reservation_id,
        options=options,
    )
    return reply
