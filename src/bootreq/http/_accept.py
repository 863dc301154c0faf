"""The ``Accept`` header, read the two ways Nova's WSGI stack reads it.

The ``Content-Type`` of a 2xx body is decided by Nova's URL map
(:func:`urlmap_best_match`), before the request reaches the API: a loose,
case-sensitive reading of its own, offering ``application/json`` and
``application/vnd.openstack.compute+json``.

webob's error pages (the size limit's 413, the router's 404) pick their
format with webob's RFC 7231 reading (:func:`acceptable_offers`), offering
``text/html`` and ``application/json``, else plain text. There a header that
does not match the grammar counts as no header (every offer acceptable, in
the server's order); otherwise each offer takes the quality of the most
specific range matching it (``type/subtype`` with its parameters over
``type/subtype`` over ``type/*`` over ``*/*``), quality 0 refuses it, and
offers are ranked by quality, the server's order breaking ties.
"""

from __future__ import annotations

import functools
import re
import urllib.request

__all__ = ["acceptable_offers", "urlmap_best_match", "urlmap_fails"]


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


# The URL map's header reading: ";" then a name or quoted string, optionally "=" and a value.
_QUOTED_LOOSE = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_OPTION = re.compile(
    r";\s*([^\s;=]+|" + _QUOTED_LOOSE + r")\s*(?:=\s*([^;]+|" + _QUOTED_LOOSE + r"))?\s*"
)

_Mask = tuple[str, dict[str, str | None]]


def _unquote_loose(value: str) -> str:
    return value[1:-1] if value and value[0] == value[-1] == '"' else value


def _masks(header: str) -> tuple[_Mask, ...] | None:
    """(media type mask, parameters) per entry; None where Nova's URL map fails (a 500)."""
    masks: list[_Mask] = []
    for item in urllib.request.parse_http_list(header):
        if item[:1] == item[-1:] == '"':
            item = _unquote_loose(item[1:-1])
        if not item:
            masks.append(("", {}))
            continue
        pieces = [
            (_unquote_loose(match.group(1)),
             None if match.group(2) is None else _unquote_loose(match.group(2)))
            for match in _OPTION.finditer(";" + item)
        ]
        if not pieces:
            return None
        masks.append((pieces[0][0], dict(pieces[1:])))
    return tuple(masks)


def _mask_matches(mask: str, offer: str) -> bool:
    if "*" not in mask:
        return mask == offer
    if mask == "*/*":
        return True
    return offer.split("/", 1)[0] == mask[:-2]


@functools.lru_cache(maxsize=256)
def urlmap_best_match(header: str, offers: tuple[str, ...]) -> str | None:
    """The offer Nova's URL map picks for this ``Accept`` header (None: no match).

    For each offer in turn, each header entry with a readable ``q`` (default
    1) may take over: a higher quality wins, an equal one only with fewer
    ``*`` in its mask; masks compare case-sensitively.
    """
    masks = _masks(header)
    if masks is None:
        return None
    best_quality = -1.0
    best: str | None = None
    best_mask = "*/*"
    for offer in offers:
        for mask, params in masks:
            q = params.get("q", "1")
            if q is None:
                return None  # "q" without a value: Nova's URL map fails (a 500)
            try:
                quality = float(q)
            except ValueError:
                continue
            if quality < best_quality:
                continue
            if quality == best_quality and best_mask.count("*") <= mask.count("*"):
                continue
            if _mask_matches(mask, offer):
                best_quality, best, best_mask = quality, offer, mask
    return best


@functools.lru_cache(maxsize=256)
def urlmap_fails(header: str) -> bool:
    """Whether Nova's URL map crashes on this ``Accept`` header (Nova's 500).

    An entry with nothing to name (``;``, ``=x``) or a ``q`` without a value
    stops it before any other part of Nova sees the request.
    """
    masks = _masks(header)
    return masks is None or any("q" in params and params["q"] is None for _, params in masks)
