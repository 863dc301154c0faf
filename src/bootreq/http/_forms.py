"""The HTML-form method override of Nova's router (the Routes library's middleware).

Before Nova's API code sees a ``POST`` whose ``Content-Type`` is a form
(``application/x-www-form-urlencoded`` or ``multipart/form-data``, any case,
parameters ignored), the router reads the body as that form, as webob does
(which takes the type case-sensitively), looking for a ``_method`` field: a
non-empty one (its last value) becomes the request's method, so a
``POST /servers`` with ``_method=PUT`` is no longer a create (Nova's 404).
``_method=GET`` leads to the server list, which then refuses the form type
(415). A ``charset`` other than UTF-8, or a multipart type without a valid
``boundary``, makes the form reader fail: Nova answers 500, bootreq 400
(docs/deviations.md).
"""

from __future__ import annotations

import re
import urllib.parse

from bootreq.errors import HttpError

__all__ = ["method_override"]


def __dir__() -> list[str]:
    return __all__


_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Python's cgi.valid_boundary: printable ASCII, at most 201 characters, not ending in a space.
_VALID_BOUNDARY = re.compile(rb"^[ -~]{0,200}[!-~]$")
_BAD_BOUNDARY = "Malformed request body: multipart/form-data without a valid boundary"
_BAD_CHARSET = "Malformed request body: a form body must be UTF-8, not {}"
# webob's charset reading: the first "charset=" parameter, quotes and spaces stripped.
_CHARSET = re.compile(r";\s*charset=([^;]*)", re.I)


def _parameters(content_type: str) -> dict[str, str]:
    """The ``;`` parameters as Python's ``cgi.parse_header`` reads them (quotes kept apart)."""
    parameters = {}
    for piece in re.findall(r';\s*((?:[^;"]|"(?:[^"\\]|\\.)*")*)', content_type):
        name, equals, value = piece.partition("=")
        if not equals:
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1].replace("\\\\", "\\").replace('\\"', '"')
        parameters[name.strip().lower()] = value
    return parameters


def method_override(content_type: str | None, body: bytes) -> str | HttpError | None:
    """The method a form ``POST`` turns into, the 400 of an unreadable form, or None."""
    if content_type is None:
        return None
    if content_type.lower().split(";", 1)[0] not in _FORM_TYPES:
        return None  # the router's own test, case-insensitive
    media_type = content_type.split(";", 1)[0]
    if media_type not in _FORM_TYPES:
        return None  # webob's test, case-sensitive: not a form after all
    charset_match = _CHARSET.search(content_type)
    charset = charset_match.group(1).strip('"').strip() if charset_match else ""
    if charset and charset.lower().replace("-", "") != "utf8":
        return HttpError.of(400, _BAD_CHARSET.format(charset))
    if media_type == "application/x-www-form-urlencoded":
        fields = urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        methods = [value for name, value in fields if name == "_method"]
        return methods[-1].upper() if methods and methods[-1] else None
    boundary = _parameters(content_type).get("boundary", "")
    if not _VALID_BOUNDARY.match(boundary.encode("utf-8", "replace")):
        return HttpError.of(400, _BAD_BOUNDARY)
    # A well-formed multipart body naming _method is not read here (docs/deviations.md).
    return None
