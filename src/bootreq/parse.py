"""parse(): one server-create request, through Nova's API layer, step by step.

The pipeline reads like Nova's ``ServersController.create``:

1. :func:`_request_bytes`: the body as the bytes a client sends (413 above the limit),
   unless :func:`_plain_and_small` lets a plain decoded body be read in place
2. :func:`_negotiate`: the microversion (400 malformed, 406 unsupported)
3. :func:`_decode`: UTF-8 and JSON (400 ``Malformed request body``)
4. :func:`_validate`: the schema of the microversion's range (first error, Nova's words)
5. :func:`_translate`: the controller's steps in Nova's order, policies included
6. the request-only checks of ``compute_api.create`` (``Options.compute_checks``)
"""

from __future__ import annotations

import functools
import gc
import itertools
import json
import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final

from bootreq import _policy, compute, schemas
from bootreq._digits import WHITESPACE
from bootreq._formats import CHECKERS, CHECKERS_BASE64_PATCHED
from bootreq._frozen import EMPTY_MAPPING, freeze
from bootreq._pyrepr import py_str
from bootreq._urlsplit import url_path
from bootreq._validation import Check, compile_schema, explain, json_pointer
from bootreq.bdm import block_device_mappings
from bootreq.errors import HttpError, Violation
from bootreq.microversion import (
    LEGACY_V2,
    MAX_VERSION,
    MIN_VERSION,
    InvalidMicroversion,
    Microversion,
)
from bootreq.model import BuildRequest, Options
from bootreq.networks import requested_networks

__all__ = ["MAX_DEPTH", "parse"]


def __dir__() -> list[str]:
    return __all__


_DEFAULT_OPTIONS = Options()

#: Deepest JSON nesting bootreq decodes. Nova crashes (500) somewhere past
#: ~930 levels, depending on its stack; bootreq answers 400 past this depth,
#: in every process alike.
MAX_DEPTH = 500

# webob's error page text, as oslo.middleware's sizelimit renders it (``%s`` and all).
_TOO_LARGE = "Request is too large. Larger than max_request_body_size (%s).<br /><br />\n\n\n"
_MALFORMED = "Malformed request body"

# Microversions deciding what the controller does (the schemas decide the
# rest), as 2.x minor numbers: after _negotiate every version is 2.x, and
# legacy 2.0 (minor 0) supports none of them, as Microversion.supports says.
_DESCRIPTION = 19
_TAGS = 52
_MULTIATTACH = 60
_PORT_RESOURCE_REQUEST = 72
_REQUESTED_DESTINATION = 74
_HOSTNAME = 90


def parse(
    body: Mapping[str, Any] | str | bytes | Any,
    microversion: Microversion | str | None = None,
    *,
    options: Options | None = None,
) -> BuildRequest | HttpError:
    """Nova's answer to ``POST /servers`` with ``body`` at ``microversion``.

    ``body`` is either the request as sent, ``str`` text or ``bytes`` (decoded
    the way Nova decodes it), or a decoded JSON value: a Mapping, a sequence,
    a number, ``None``. A decoded value is taken as the JSON text
    ``json.dumps(body)`` a client would send for it (its size is counted on
    that text); a Python ``str`` is always request text, so a body whose
    top-level JSON value is a string is passed as ``'"server"'``.

    ``microversion`` is the value of the compute version header (``"2.94"``,
    ``"latest"``), a :class:`Microversion`, or ``None`` for Nova's default,
    2.1; ``"2.0"`` stands for the legacy v2 endpoint.

    Returns a :class:`BuildRequest` or an :class:`HttpError`; never raises for
    anything a client can send, and never modifies ``body``. A caller's
    mistake in Python types raises ``TypeError``: a decoded body holding a
    non-JSON value (a ``set``, a ``datetime``), or a microversion that is not
    a ``str``/``Microversion``.
    """
    options = options or _DEFAULT_OPTIONS
    raw: bytes | str | None = None  # None: a plain decoded body, read in place
    if not (type(body) is dict and _plain_and_small(body, options.max_body_bytes)):
        sent = _request_bytes(body, options.max_body_bytes)
        if isinstance(sent, HttpError):
            return sent
        if len(sent) > options.max_body_bytes:
            return HttpError(413, None, _TOO_LARGE)
        raw = sent
    version = _negotiate(microversion, options)
    if isinstance(version, HttpError):
        return version
    if raw is None and version.minor == 0:
        raw = _json_text(body)  # legacy v2.0's soft schema deletes members: a copy
    document: Any = body if raw is None else _decode(raw)
    if isinstance(document, HttpError):
        return document
    failure = _validate(
        document, version, lent=raw is None, base64_fixed=options.base64_cve_2026_3446_fixed
    )
    if failure is not None:
        return failure
    request = _translate(document, version, options)
    if isinstance(request, HttpError) or not options.compute_checks:
        return request
    return compute._check_in_place(request, options)


# -- 1. the bytes on the wire


def _json_default(value: Any) -> Any:
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes, bytearray)):
        return list(value)
    raise TypeError(f"the body holds a value of type {type(value).__name__}, which is not JSON")


# json.dumps(value, default=_json_default) as one shared C encoder, without
# json's check for circular references: _values_exceed has walked the body
# first and answered any cycle. With no ``markers`` dict the encoder holds no
# per-call state, so threads share it.
_c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
_ENCODE = None if _c_make_encoder is None else _c_make_encoder(
    None, _json_default, json.encoder.encode_basestring_ascii, None, ": ", ", ",
    False, False, True,
)


def _json_text(value: Any) -> str:
    if _ENCODE is None:  # pragma: no cover - not CPython
        return json.dumps(value, default=_json_default, check_circular=False)
    return "".join(_ENCODE(value, 0))


def _request_bytes(body: Any, limit: int) -> bytes | str | HttpError:
    """The request body as sent: ``bytes``, or a decoded body's own JSON text.

    A decoded body is taken as the JSON text a client would send for it: its
    size is that text's (ASCII: one byte per character), and decoding it back
    gives parse() a private copy (json's C encoder and decoder beat any Python
    walk over the body). That text is kept as ``str``: it needs no UTF-8 step.
    ``limit`` is the size limit: a body certain to exceed it is not written.
    """
    if isinstance(body, bytes):
        return body
    if isinstance(body, (bytearray, memoryview)):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8", "surrogatepass")
    exceeds = _values_exceed(body, limit)
    if exceeds is _CIRCULAR:
        return HttpError.of(400, f"{_MALFORMED}: Circular reference detected")
    if exceeds:
        return HttpError(413, None, _TOO_LARGE)
    try:
        return _json_text(body)
    except RecursionError:
        # Too deep for json, or a cycle longer than the walk follows.
        return _too_deep()
    except ValueError:
        # An int past Python's digit limit: its JSON text is what Nova refuses.
        return HttpError.of(400, _MALFORMED)


# A decoded body as json.loads builds it (exact dict, list, str, int, bool and
# None; str keys), small and shallow, is read in place: what would the round
# trip through its text change? Nothing parse() does writes to it (but legacy
# v2.0's schema: see parse()), what parse() keeps of it is copied (freeze, the
# BDM dicts) or immutable, and a failure copies it for its violation listing.
# Floats are left to the round trip: a NaN met twice is one object, equal to
# itself, which two decoded NaNs are not.
_ASCII_SIZE = 6  # per character: an ASCII control character is \u00XX
_ANY_SIZE = 12  # a character past the BMP is a surrogate pair of \uXXXX
_VALUE_SIZE = 11  # separators around a value (4), brackets (2) or true/false/null (5)
_INT_BITS = 14_000  # fewer digits than the 4300 an int may print with


def _plain_and_small(body: dict[str, Any], limit: int) -> bool:
    """Whether ``body`` is plain decoded JSON whose text is surely within ``limit``.

    A cheap upper bound on the text's size, from the characters of its strings
    and the bits of its integers; ``False`` sends a body the exact way.
    """
    values: list[Any] = [body]  # every value met; read as it grows (no pops)
    names: list[Any] = []
    strings: list[str] = []
    ints: list[int] = []
    add_string = strings.append
    add_int = ints.append
    containers = 0
    most_values = limit // _VALUE_SIZE
    for node in values:
        kind = type(node)
        if kind is str:
            add_string(node)
        elif kind is dict:
            names.extend(node)
            values.extend(node.values())
            containers += 1
            if len(values) > most_values or containers > MAX_DEPTH:
                return False  # big, or perhaps deep or a cycle
        elif kind is list:
            values.extend(node)
            containers += 1
            if len(values) > most_values or containers > MAX_DEPTH:
                return False
        elif kind is int:
            add_int(node)
        elif kind is not bool and node is not None:
            return False
    if list(map(type, names)).count(str) != len(names):
        return False
    bits = sum(map(int.bit_length, ints))
    if bits > _INT_BITS:
        return False
    characters = sum(map(len, strings)) + sum(map(len, names))
    rest = (2 * (len(strings) + len(names))  # quotes
            + bits // 3 + 2 * len(ints)  # digits and sign
            + _VALUE_SIZE * len(values))
    if _ANY_SIZE * characters + rest <= limit:
        return True
    if characters > limit:
        return False  # (no copy of a huge string to learn it)
    ascii_only = "".join(strings).isascii() and "".join(names).isascii()
    return (_ASCII_SIZE if ascii_only else _ANY_SIZE) * characters + rest <= limit


# A caller's objects may share children: [x, x] nested thirty times is a few
# hundred bytes of Python and gigabytes of JSON text, which json would write
# in full before its size is known. Every JSON value takes at least two bytes
# of that text (itself, then a separator or a bracket), so values are counted
# first. The garbage collector's referents count them a level at a time, at C
# speed: for dicts, lists and tuples exactly their values. Any other object
# (a caller's own Mapping class, say) could lead the referents anywhere in the
# heap, so its body is counted by an exact walk instead, as is a count past
# the limit or a body still going after the levels counted: perhaps a cycle,
# which the walk finds (json's own check for cycles is off).
_CIRCULAR: Final = "circular"
_COUNTED_LEVELS = 4 * MAX_DEPTH  # deeper bodies are json's RecursionError
_SCALARS = frozenset({str, int, float, bool, type(None)})
_COUNTED_TYPES = _SCALARS | {dict, list, tuple, MappingProxyType}


def _values_exceed(body: Any, limit: int) -> bool | str:
    frontier = [body]
    remaining = limit
    for _ in range(_COUNTED_LEVELS):
        if not _COUNTED_TYPES.issuperset(map(type, frontier)):
            return _walked_values_exceed(body, limit)
        frontier = gc.get_referents(*frontier)
        remaining -= 2 * len(frontier)
        if remaining < 0:
            return _walked_values_exceed(body, limit)
        if not frontier:
            return False
    return _walked_values_exceed(body, limit)


def _walked_values_exceed(body: Any, limit: int) -> bool | str:
    # Depth first with the containers on the current path, as json's own
    # circular check sees them; shared children are counted each time.
    leave = object()
    stack: list[Any] = [body]
    on_path: set[int] = set()
    remaining = limit
    while stack:
        node = stack.pop()
        if node is leave:
            on_path.discard(stack.pop())
            continue
        kind = type(node)
        if kind is list:
            children: Any = node
        elif kind is dict or isinstance(node, Mapping):
            children = node.values()
        elif kind in _SCALARS or not isinstance(node, Sequence) or isinstance(
                node, (str, bytes, bytearray)):
            continue
        else:
            children = node
        if id(node) in on_path:
            return _CIRCULAR
        if len(on_path) >= _COUNTED_LEVELS:
            continue  # too deep for json to write: its RecursionError answers
        remaining -= 2 * len(children)
        if remaining < 0:
            return True
        on_path.add(id(node))
        stack.extend((id(node), leave))
        stack.extend(children)
    return False


# -- 2. the microversion


def _negotiate(requested: Microversion | str | None, options: Options) -> Microversion | HttpError:
    if requested is None:
        return MIN_VERSION
    if type(requested) is str and len(requested) <= _CACHED_VERSION_TEXT:
        return _negotiate_text(requested, options.max_microversion)
    return _negotiate_uncached(requested, options.max_microversion)


# Clients send a handful of version strings: their answers are kept (bounded).
_CACHED_VERSION_TEXT = 16


@functools.lru_cache(maxsize=512)
def _negotiate_text(requested: str, configured: Microversion | None) -> Microversion | HttpError:
    return _negotiate_uncached(requested, configured)


def _negotiate_uncached(
    requested: Microversion | str, configured: Microversion | None
) -> Microversion | HttpError:
    maximum = configured or MAX_VERSION
    if isinstance(requested, Microversion):
        version = requested
    elif requested == "2.0":
        return LEGACY_V2
    else:
        if not isinstance(requested, str):
            raise TypeError(f"microversion must be a str, not {type(requested).__name__}")
        # The text is a header value, read the way Nova reads its headers.
        text = Microversion.from_headers(
            {"OpenStack-API-Version": f"compute {requested}",
             "X-OpenStack-Nova-API-Version": requested}
        )
        if text == "latest":
            return maximum
        try:
            version = Microversion.parse(text or "")
        except InvalidMicroversion as error:
            return HttpError.of(400, str(error))
    if version == LEGACY_V2 and isinstance(requested, Microversion):
        return LEGACY_V2
    if not MIN_VERSION <= version <= maximum:
        return HttpError.of(
            406,
            f"Version {version} is not supported by the API. "
            f"Minimum is {MIN_VERSION} and maximum is {maximum}.",
        )
    return version


# -- 3. UTF-8 and JSON

_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]+")


def _too_deep() -> HttpError:
    return HttpError.of(
        400, f"{_MALFORMED}: JSON nesting deeper than {MAX_DEPTH} levels is not supported"
    )


# Strings hide their brackets; what remains are the brackets, as +1 and -1.
_BRACKET_STEPS = str.maketrans({"[": "+", "{": "+", "]": "-", "}": "-"})
_STEP = {"+": 1, "-": -1}


def _nesting_depth(text: str) -> int:
    # All at C speed: drop strings, keep brackets, running sum of the steps.
    brackets = "".join(_BRACKETS.findall(_STRINGS.sub("", text))).translate(_BRACKET_STEPS)
    return max(itertools.accumulate(map(_STEP.__getitem__, brackets)), default=0)


# Our own JSON text (json's output: no surrounding whitespace) needs none of
# json.loads's checks around the decoder itself.
_json_value = json.JSONDecoder().raw_decode


def _decode(raw: bytes | str) -> Any:
    if isinstance(raw, str):  # a decoded body's own JSON text (_request_bytes)
        text = raw
    elif not raw:
        return None  # Nova hands the controller no body at all
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            # Nova: an uncaught UnicodeDecodeError while logging the body (500).
            return HttpError.of(
                400, f"{_MALFORMED}: not valid UTF-8 (byte offset {error.start})"
            )
    # Cheap bound first: fewer brackets than the limit cannot nest deeper.
    if text.count("[") + text.count("{") > MAX_DEPTH and _nesting_depth(text) > MAX_DEPTH:
        return _too_deep()
    try:
        if text is raw:
            return _json_value(text)[0]
        return json.loads(text)
    except RecursionError:
        return _too_deep()
    except ValueError:
        return HttpError.of(400, _MALFORMED)


# -- 4. the schema


@functools.cache
def _schema_check(range_name: str, soft: bool, base64_fixed: bool = False) -> Check:
    checkers = CHECKERS_BASE64_PATCHED if base64_fixed else CHECKERS
    return compile_schema(
        dict(schemas._schema_by_name(range_name)), soft=soft, checkers=checkers
    )


@functools.cache
def _check_at(minor: int) -> Check:
    # Keyed by the minor number (every negotiated version is 2.x): an int
    # hashes at C speed, a Microversion in Python.
    version = Microversion(2, minor)
    return _schema_check(schemas.range_for(version).name, version.is_legacy)


@functools.cache
def _check_at_base64_fixed(minor: int) -> Check:
    version = Microversion(2, minor)
    return _schema_check(schemas.range_for(version).name, version.is_legacy, True)


def _validate(
    document: Any, version: Microversion, *, lent: bool = False, base64_fixed: bool = False
) -> HttpError | None:
    """The schema's first failure as Nova's 400; ``lent``: ``document`` is the caller's."""
    check = _check_at_base64_fixed if base64_fixed else _check_at
    failure = check(version.minor)(document)
    if failure is None:
        return None
    pointer = json_pointer(failure.location)
    headline: Violation | None = None
    if lent:
        # The caller may change their body once parse() returns: the listing
        # below reads a copy, and the failure's words (which may show part of
        # the body) are written now.
        document = _json_value(_json_text(document))[0]
        headline = Violation(pointer, failure.message())
    schema = schemas._schema_by_name(schemas.range_for(version).name)

    def every_violation() -> tuple[Violation, ...]:
        # jsonschema is loaded only when someone asks for every violation.
        from bootreq._violations import violations_for

        first = headline or Violation(pointer, failure.message())
        return violations_for(dict(schema), document, first, soft=version.is_legacy)

    # The document is parse()'s own decoded copy: nothing changes it later.
    return HttpError(400, "badRequest", explain(failure), pointer, every_violation)


# -- 5. the controller


def _translate(
    body: dict[str, Any], version: Microversion, options: Options
) -> BuildRequest | HttpError:
    server: dict[str, Any] = body["server"]
    level = version.minor
    (admin_password, description, hostname, groups, raw_zone, tags, disk_config,
     personality, trusted_certs, requested_host, requested_node, image_ref, legacy_bdms,
     v2_bdms, raw_networks, metadata, user_data, key_name, config_drive, return_reservation_id,
     access_ip_v4, access_ip_v6) = map(server.get, _MEMBERS)
    name = server["name"].strip(WHITESPACE)  # Python 3.11's whitespace, on any Python
    if level < _DESCRIPTION:
        description = name
    if level < _HOSTNAME:
        hostname = None
    security_groups = _security_groups(groups)
    scheduler_hints = _scheduler_hints(body)

    counts = _counts(server)
    if isinstance(counts, HttpError):
        return counts
    min_count, max_count = counts

    if level < _TAGS:
        tags = None
    injected_files = _injected_files(personality) if personality else ()
    if isinstance(injected_files, HttpError):
        return injected_files

    policies = _policy.Policies(options, {"availability_zone": raw_zone})
    denied = policies.check(_policy.CREATE)
    if denied:
        return denied
    if trusted_certs:
        denied = policies.check(_policy.TRUSTED_CERTS)
        if denied:
            return denied

    placement = _parse_availability_zone(raw_zone, options)
    if isinstance(placement, HttpError):
        return placement
    zone, forced_host, forced_node = placement
    if forced_host or forced_node:
        denied = policies.check(_policy.FORCED_HOST)
        if denied:
            return denied
        zone = _zone_for_forced_host(zone, forced_host, options)

    if level < _REQUESTED_DESTINATION:
        requested_host = requested_node = None
    elif requested_host or requested_node:
        denied = policies.check(_policy.REQUESTED_DESTINATION)
        if denied:
            return denied
        if forced_host or forced_node:
            return HttpError.of(400, _MUTUALLY_EXCLUSIVE)

    mappings = block_device_mappings(
        legacy_bdms or [], v2_bdms or [], image_specified=image_ref not in (None, "")
    ) if legacy_bdms or v2_bdms else None
    if isinstance(mappings, HttpError):
        return mappings
    if mappings is not None and mappings[0]:
        denied = policies.check(_policy.ATTACH_VOLUME)
        if denied:
            return denied

    if not image_ref and mappings is not None and mappings[0]:
        image_ref = ""
    elif not image_ref:
        return HttpError.of(400, "Missing imageRef attribute")

    networks = requested_networks(raw_networks)
    if isinstance(networks, HttpError):
        return networks
    if networks and networks != "none":
        denied = policies.check(_policy.ATTACH_NETWORK)
        if denied:
            return denied

    flavor_id = _flavor_id(server["flavorRef"])
    if isinstance(flavor_id, HttpError):
        return flavor_id
    if options.flavor_exists is not None and not options.flavor_exists(flavor_id):
        return HttpError.of(400, f"Flavor {flavor_id} could not be found.")

    # Positional, in BuildRequest's field order: matching thirty-four
    # keywords costs as much as the construction itself.
    return BuildRequest(
        version,  # microversion
        name,
        description,
        hostname,
        flavor_id,
        image_ref,
        admin_password,
        EMPTY_MAPPING if metadata is None else freeze(metadata),
        user_data,
        key_name,
        config_drive,
        security_groups,
        freeze(scheduler_hints),
        min_count,
        max_count,
        bool(return_reservation_id),
        zone,  # availability_zone
        forced_host,
        forced_node,
        requested_host,
        requested_node,  # requested_hypervisor_hostname
        None if tags is None else tuple(tags),
        tuple(trusted_certs) if trusted_certs else None,
        access_ip_v4,
        access_ip_v6,
        None if disk_config is None else disk_config == "AUTO",  # auto_disk_config
        injected_files,
        None if mappings is None else mappings[0],  # block_device_mappings
        None if mappings is None else mappings[1],  # legacy_bdm
        networks,  # requested_networks
        level >= _MULTIATTACH,  # supports_multiattach
        level >= _PORT_RESOURCE_REQUEST,  # supports_port_resource_request
        tuple(policies.checked),
    )


# The server members the controller reads, looked up at once (at C speed).
_MEMBERS = (
    "adminPass", "description", "hostname", "security_groups", "availability_zone",
    "tags", "OS-DCF:diskConfig", "personality", "trusted_image_certificates", "host",
    "hypervisor_hostname", "imageRef", "block_device_mapping", "block_device_mapping_v2",
    "networks", "metadata", "user_data", "key_name", "config_drive",
    "return_reservation_id", "accessIPv4", "accessIPv6",
)

_MUTUALLY_EXCLUSIVE = (
    "One mechanism with host and/or hypervisor_hostname and another mechanism "
    "with zone:host:node are mutually exclusive."
)


def _security_groups(groups: list[dict[str, Any]] | None) -> tuple[str, ...] | None:
    if groups is None:
        return None
    # Nova de-duplicates through a set (order undefined); bootreq sorts.
    return tuple(sorted({group["name"] for group in groups if group.get("name")}))


def _scheduler_hints(body: dict[str, Any]) -> Any:
    if "os:scheduler_hints" in body:
        return body["os:scheduler_hints"]
    return body.get("OS-SCH-HNT:scheduler_hints", {})


def _count(server: dict[str, Any], field: str, default: int) -> int | HttpError:
    value = server.get(field, default)
    try:
        return int(value)
    except ValueError:
        # Digit strings past Python's 4300-digit conversion limit (Nova: 500).
        return HttpError.of(
            400,
            f"Invalid input for field/attribute {field}. Value has {len(str(value))} "
            "characters, more than the 4300 digits an integer may have.",
            f"/server/{field}",
        )


def _counts(server: dict[str, Any]) -> tuple[int, int] | HttpError:
    if "min_count" not in server and "max_count" not in server:
        return 1, 1
    min_count = _count(server, "min_count", 1)
    if isinstance(min_count, HttpError):
        return min_count
    max_count = _count(server, "max_count", min_count)
    if isinstance(max_count, HttpError):
        return max_count
    if min_count > max_count:
        return HttpError.of(400, "min_count must be <= max_count")
    return min_count, max_count


def _injected_files(personality: list[dict[str, Any]]) -> tuple[tuple[str, str], ...] | HttpError:
    files = []
    for index, item in enumerate(personality):
        for member in ("path", "contents"):
            if member not in item:
                # Nova: KeyError -> 500.
                return HttpError.of(
                    400,
                    f"Invalid input for field/attribute {index}. Value: {py_str(item)}. "
                    f"'{member}' is a required property",
                    f"/server/personality/{index}",
                )
        files.append((item["path"], item["contents"]))
    return tuple(files)


def _parse_availability_zone(
    raw: str | None, options: Options
) -> tuple[str | None, str | None, str | None] | HttpError:
    zone, host, node = raw, None, None
    if raw and ":" in raw:
        colons = raw.count(":")
        if colons == 1:
            zone, host = raw.split(":")
        elif colons == 2 and "::" in raw:
            zone, node = raw.split("::")
        elif colons == 2:
            zone, host, node = raw.split(":")
        else:
            return HttpError.of(400, "Invalid input received: Unable to parse availability_zone")
    if not zone:
        zone = options.default_schedule_zone
    return zone, host, node


def _zone_for_forced_host(zone: str | None, host: str | None, options: Options) -> str | None:
    # Nova's _validate_host_availability_zone: the host's aggregate zone wins.
    lookup = options.host_availability_zone
    host_zone = lookup(host) if lookup is not None and host is not None else None
    expected = options.default_availability_zone if host_zone is None else host_zone
    return zone if zone == expected else None


# Strings urlsplit leaves whole: no scheme, separators, spaces or controls.
_PLAIN_FLAVOR_ID = re.compile(r"[A-Za-z0-9._-]+")


def _flavor_id(flavor_ref: str | int) -> str | HttpError:
    text = flavor_ref if type(flavor_ref) is str else str(flavor_ref)  # (an int: digits)
    if _PLAIN_FLAVOR_ID.fullmatch(text):
        return text
    try:
        return url_path(text).split("/")[-1]  # urlsplit as on Python 3.11.7
    except ValueError:
        # Nova: urlsplit's ValueError -> 500.
        return HttpError.of(400, "Invalid flavorRef provided.", "/server/flavorRef")
