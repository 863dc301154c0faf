"""The ``Accept`` header, read the way Nova's WSGI stack (webob 1.8) reads it.

Two places in Nova's answer depend on it: the ``Content-Type`` of a 2xx body
(Nova offers ``application/json`` and ``application/vnd.openstack.compute+json``)
and the format of the 413 error page the size-limit middleware renders
(webob offers ``text/html`` and ``application/json``, else plain text).

The rules are RFC 7231's (section 5.3.2) as webob applies them: a header that
does not match the grammar counts as no header (every offer acceptable, in
the server's order); otherwise each offer takes the quality of the most
specific range matching it (``type/subtype`` with its parameters over
``type/subtype`` over ``type/*`` over ``*/*``), quality 0 refuses it, and
offers are ranked by quality, the server's order breaking ties.
"""

from __future__ import annotations

import functools
import re

__all__ = ["acceptable_offers"]


def __dir__() -> list[str]:
    return __all__


_OWS = "[ \t]*"
_TOKEN = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
_QUOTED = r'"(?:[\t \x21\x23-\x5b\x5d-\x7e\x80-\xff]|\\[\t \x21-\x7e\x80-\xff])*"'
_QVALUE = r"(?:0(?:\.[0-9]{0,3})?)|(?:1(?:\.0{0,3})?)"
_PARAMETER = f"{_TOKEN}=(?:(?:{_TOKEN})|(?:{_QUOTED}))"
# A media range's own parameters may not be named "q": that starts the weight.
_MEDIA_RANGE = f"({_TOKEN}/{_TOKEN})((?:{_OWS};{_OWS}(?![qQ]=){_PARAMETER})*)"
_EXTENSION = f"{_OWS};{_OWS}{_TOKEN}(?:=(?:(?:{_TOKEN})|(?:{_QUOTED})))?"
_ELEMENT = f"{_MEDIA_RANGE}(?:{_OWS};{_OWS}[qQ]=({_QVALUE})((?:{_EXTENSION})*))?"
# RFC 7230's list rule: [ ( "," / element ) *( OWS "," [ OWS element ] ) ]
_HEADER = re.compile(f"^(?:$)|(?:(?:,|(?:{_ELEMENT}))(?:{_OWS},(?:{_OWS}{_ELEMENT})?)*)$")
_ELEMENTS = re.compile(_ELEMENT)
_PARAMETERS = re.compile(f"{_OWS};{_OWS}({_TOKEN})=({_TOKEN}|{_QUOTED})")


def _unquote(value: str) -> str:
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


@functools.lru_cache(maxsize=256)
def _ranges(header: str) -> tuple[tuple[str, tuple[tuple[str, str], ...], float], ...] | None:
    """(lower-cased ``type/subtype``, parameters, quality) per range; None if invalid."""
    if _HEADER.match(header) is None:
        return None
    ranges = []
    for match in _ELEMENTS.finditer(header):
        media_range, parameters, quality = match.group(1, 2, 3)
        params = tuple(
            (name.lower(), _unquote(value)) for name, value in _PARAMETERS.findall(parameters)
        )
        ranges.append((media_range.lower(), params, float(quality) if quality else 1.0))
    return tuple(ranges)


def _specificity(offer: str, media_range: str, params: tuple[tuple[str, str], ...]) -> int:
    """How closely ``media_range`` names ``offer`` (0: it does not match it)."""
    offer_type = offer.split("/", 1)[0]
    range_type, range_subtype = media_range.split("/", 1)
    if media_range == offer:
        # Our offers carry no parameters: a range with parameters names another type.
        return 3 if not params else 0
    if range_subtype == "*" and range_type == offer_type:
        return 2
    if media_range == "*/*":
        return 1
    return 0


def acceptable_offers(header: str | None, offers: tuple[str, ...]) -> tuple[str, ...]:
    """The ``offers`` (lower-case, parameterless) the ``Accept`` header takes, best first."""
    ranges = None if header is None else _ranges(header)
    if ranges is None:
        return offers
    chosen: dict[str, tuple[float, int, int]] = {}
    for index, offer in enumerate(offers):
        for media_range, params, quality in ranges:
            specificity = _specificity(offer, media_range, params)
            if specificity and specificity > chosen.get(offer, (0.0, 0, 0))[2]:
                chosen[offer] = (quality, index, specificity)
    ranked = sorted(
        ((quality, index, offer) for offer, (quality, index, _) in chosen.items() if quality),
        key=lambda item: (-item[0], item[1]),
    )
    return tuple(offer for _, _, offer in ranked)
