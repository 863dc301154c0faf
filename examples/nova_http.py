"""The framework-free core of a Nova-compatible ``POST /servers`` endpoint.

Every recipe (Flask, FastAPI, plain WSGI) is a thin adapter around
:func:`create_server`: it hands over the request headers and the raw body
bytes and sends back the :class:`Reply` — status, headers and JSON body —
exactly as Nova 34.0.0 would answer:

1. the microversion is negotiated from the headers
   (:meth:`bootreq.Microversion.from_headers`); a malformed one is Nova's 400,
   an unsupported one Nova's 406 (fault ``computeFault``);
2. the ``Content-Type`` is checked (Nova's 415 ``badMediaType``);
3. :func:`bootreq.parse` decides: an :class:`bootreq.HttpError` becomes
   Nova's fault body, a :class:`bootreq.BuildRequest` a ``202 Accepted`` with
   the server document (or ``{"reservation_id": ...}``).

Responses carry Nova's microversion headers (``OpenStack-API-Version``,
``X-OpenStack-Nova-API-Version`` and ``Vary``) whenever a version was read.
The legacy ``/v2`` endpoint (``legacy=True``) ignores the version headers,
parses in bootreq's ``"2.0"`` mode and sends no version headers, as Nova's
``LegacyV2CompatibleWrapper`` does.

What a real cloud would do next — schedule the servers — is the
``on_accepted`` callback's business; by default nothing happens.
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

import bootreq
from bootreq.microversion import MAX_VERSION, MIN_VERSION

__all__ = ["Reply", "create_server", "version_document"]

#: Media types Nova accepts for a request body (compared case-sensitively).
JSON_TYPES = frozenset({"application/json", "application/vnd.openstack.compute+json"})

# Nova's generate_password(): one character of each group, then any of them.
_PASSWORD_GROUPS = ("23456789", "ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz")
_PASSWORD_LENGTH = 12
_RESERVATION_ALPHABET = "01234567890abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Reply:
    """An HTTP answer: status, headers (in order) and a JSON-able body."""

    status: int
    body: dict[str, Any]
    headers: tuple[tuple[str, str], ...] = field(default=())

    @property
    def reason(self) -> str:
        return HTTPStatus(self.status).phrase

    @property
    def status_line(self) -> str:
        return f"{self.status} {self.reason}"

    def body_bytes(self) -> bytes:
        """The body serialised the way Nova serialises it (``json.dumps`` defaults)."""
        return json.dumps(self.body).encode("ascii")




def _header(headers: Mapping[str, str], name: str) -> str | None:
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None


def _version_headers(version: str) -> tuple[tuple[str, str], ...]:
    return (
        ("OpenStack-API-Version", f"compute {version}"),
        ("X-OpenStack-Nova-API-Version", version),
        ("Vary", "OpenStack-API-Version"),
        ("Vary", "X-OpenStack-Nova-API-Version"),
    )


def _fault(error: bootreq.HttpError, headers: tuple[tuple[str, str], ...] = ()) -> Reply:
    return Reply(
        error.status,
        error.to_body(),
        (("Content-Type", "application/json; charset=UTF-8"), *headers),
    )


def _content_type_ok(headers: Mapping[str, str]) -> bool:
    # webob's content_type: the media type before ";", not lower-cased.
    media_type = (_header(headers, "Content-Type") or "").split(";", 1)[0].strip()
    return media_type in ("", "text/plain") or media_type in JSON_TYPES


def _echoed_version(
    text: str | None, options: bootreq.Options | None
) -> tuple[str | None, bootreq.HttpError | None]:
    """The version to echo in the response headers, or the version error.

    Nova echoes the *requested* version even on its 406, and nothing for a
    malformed one. ``"2.0"`` sent to the microversioned endpoint is an
    ordinary out-of-range version (406), not legacy mode.
    """
    maximum = (options.max_microversion if options else None) or MAX_VERSION
    if text is None:
        return str(MIN_VERSION), None
    if text == "latest":
        return str(maximum), None
    try:
        requested = bootreq.Microversion.parse(text)
    except ValueError:
        return None, None  # malformed: bootreq.parse gives Nova's 400
    if requested < MIN_VERSION:
        message = (
            f"Version {requested} is not supported by the API. "
            f"Minimum is {MIN_VERSION} and maximum is {maximum}."
        )
        return str(requested), bootreq.HttpError(406, "computeFault", message)
    return str(requested), None


def generate_password() -> str:
    """An admin password the way Nova generates one when none was given."""
    rng = secrets.SystemRandom()
    chars = [rng.choice(group) for group in _PASSWORD_GROUPS]
    rng.shuffle(chars)
    alphabet = "".join(_PASSWORD_GROUPS)
    chars = chars[:_PASSWORD_LENGTH]
    chars += [rng.choice(alphabet) for _ in range(_PASSWORD_LENGTH - len(chars))]
    rng.shuffle(chars)
    return "".join(chars)


def _accepted(
    request: bootreq.BuildRequest,
    body: bytes,
    base_url: str,
    project_id: str | None,
    headers: tuple[tuple[str, str], ...],
) -> Reply:
    json_headers = (("Content-Type", "application/json"), *headers)
    if request.return_reservation_id:
        reservation = "r-" + "".join(secrets.choice(_RESERVATION_ALPHABET) for _ in range(8))
        return Reply(202, {"reservation_id": reservation}, json_headers)
    server_id = str(uuid.uuid4())
    endpoint = base_url.rstrip("/")
    unversioned = endpoint.rsplit("/", 1)[0]
    path = f"/{project_id}/servers/{server_id}" if project_id else f"/servers/{server_id}"
    self_href = endpoint + path
    # The response echoes security_groups as sent, duplicates and all.
    sent = json.loads(body)["server"].get("security_groups")
    server = {
        "id": server_id,
        "links": [
            {"rel": "self", "href": self_href},
            {"rel": "bookmark", "href": unversioned + path},
        ],
        "OS-DCF:diskConfig": "AUTO" if request.auto_disk_config else "MANUAL",
        "security_groups": sent if sent is not None else [{"name": "default"}],
        "adminPass": (
            request.admin_password if request.admin_password is not None else generate_password()
        ),
    }
    return Reply(202, {"server": server}, (("Location", self_href), *json_headers))


def create_server(
    body: bytes,
    headers: Mapping[str, str],
    *,
    base_url: str = "http://localhost/v2.1",
    project_id: str | None = None,
    legacy: bool = False,
    options: bootreq.Options | None = None,
    on_accepted: Callable[[bootreq.BuildRequest], None] | None = None,
) -> Reply:
    """Answer ``POST {base_url}/servers`` as Nova 34.0.0 would.

    ``headers`` is any mapping of request headers (names compared
    case-insensitively); ``body`` the raw request bytes (``b""`` for none).
    ``base_url`` is the versioned endpoint the server links point below
    (``http://host:8774/v2.1``), ``project_id`` the project id when the
    request URL had one (``/v2.1/{project_id}/servers``): Nova's links then
    carry it too. ``legacy=True`` serves Nova's ``/v2``.
    """
    if legacy:
        text: str | None = "2.0"
        echoed: str | None = None
        version_error = None
    else:
        text = bootreq.Microversion.from_headers(headers)
        echoed, version_error = _echoed_version(text, options)

    result = bootreq.parse(body, text, options=options)
    if isinstance(result, bootreq.HttpError) and result.status == 413:
        return _fault(result)  # the size limit is a middleware in front of Nova
    if version_error is not None:
        return _fault(version_error, _version_headers(str(echoed)))
    version_headers = _version_headers(echoed) if echoed else ()
    if isinstance(result, bootreq.HttpError) and (echoed is None and not legacy):
        return _fault(result)  # malformed version: no version headers
    if isinstance(result, bootreq.HttpError) and result.status == 406:
        return _fault(result, version_headers)
    if not _content_type_ok(headers):
        error = bootreq.HttpError(415, "badMediaType", "Unsupported Content-Type")
        return _fault(error, version_headers)
    if isinstance(result, bootreq.HttpError):
        return _fault(result, version_headers)
    if on_accepted is not None:
        on_accepted(result)
    return _accepted(result, body, base_url, project_id, version_headers)


def version_document(base_url: str, *, options: bootreq.Options | None = None) -> Reply:
    """Nova's ``GET /v2.1`` version document, which clients read to negotiate."""
    maximum = (options.max_microversion if options else None) or MAX_VERSION
    version = {
        "id": "v2.1",
        "status": "CURRENT",
        "version": str(maximum),
        "min_version": str(MIN_VERSION),
        "updated": "2013-07-23T11:33:21Z",
        "links": [{"rel": "self", "href": base_url.rstrip("/") + "/"}],
        "media-types": [
            {
                "base": "application/json",
                "type": "application/vnd.openstack.compute+json;version=2.1",
            }
        ],
    }
    return Reply(200, {"version": version}, (("Content-Type", "application/json"),))
