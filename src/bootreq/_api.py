"""parse(): one server-create request through Nova's API layer, top to bottom.

The pipeline reads like Nova's request path for ``POST /servers``:

1. the body as sent (:mod:`bootreq._wire`): 413 above the size limit; a plain
   decoded body surely within it is read in place
2. the microversion (:func:`bootreq.microversion.negotiate`): 400 malformed,
   406 unsupported
3. UTF-8 and JSON (:mod:`bootreq._wire`): 400 ``Malformed request body``
4. the schema of the microversion's range (:mod:`bootreq._validation`): the
   first error, in Nova's words
5. the controller (:mod:`bootreq._controller`): ``ServersController.create``'s
   steps in Nova's order, policies included
6. the request-only checks of ``compute_api.create`` (:mod:`bootreq.compute`),
   unless ``Options.compute_checks`` is off
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from bootreq import _wire, compute, schemas
from bootreq._controller import translate
from bootreq._formats import CHECKERS, CHECKERS_BASE64_PATCHED
from bootreq._validation import Check, Era, check_at, compile_schema, explain, json_pointer
from bootreq.errors import HttpError, Violation
from bootreq.microversion import (
    InvalidMicroversion,
    Microversion,
    UnsupportedMicroversion,
    negotiate,
)
from bootreq.model import BuildRequest
from bootreq.options import Options
from bootreq.release_rules import Behaviour, apply_edits, behaviour_for, newest_microversion

__all__ = ["parse"]


def __dir__() -> list[str]:
    return __all__


_DEFAULT_OPTIONS = Options()


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
    nova = behaviour_for(options.release)
    sent: bytes | str | None = None  # None: a plain decoded body, read in place
    if not (type(body) is dict and _wire.plain_and_small(body, options.max_body_bytes)):
        as_sent = _wire.request_bytes(body, options.max_body_bytes)
        if isinstance(as_sent, HttpError):
            return _too_large(as_sent, nova, options.max_body_bytes)
        if len(as_sent) > options.max_body_bytes:
            return _too_large(HttpError(413, None, _wire.TOO_LARGE), nova,
                              options.max_body_bytes)
        sent = as_sent
    version = _negotiate(microversion, _maximum(options, nova))
    if isinstance(version, HttpError):
        return version
    if sent is None and version.is_legacy:
        sent = _wire.json_text(body)  # legacy v2.0's soft schema deletes members: a copy
    document: Any = body if sent is None else _wire.decode(sent)
    if isinstance(document, HttpError):
        return document
    failure = _validate(document, version, nova, lent=sent is None,
                        base64_fixed=options.base64_cve_2026_3446_fixed)
    if failure is not None:
        return failure
    fields = translate(document, version, options)
    if isinstance(fields, HttpError):
        return _located(fields, document, lent=sent is None)
    if not options.compute_checks:
        return BuildRequest(**fields)
    built = compute.build(fields, options)
    if isinstance(built, HttpError):
        return _located(built, document, lent=sent is None)
    return built


def _too_large(error: HttpError, nova: Behaviour, limit: int) -> HttpError:
    """The 413 in the words of the release's oslo.middleware."""
    if error.status != 413 or not nova.too_large_shows_limit:
        return error
    return HttpError(413, None, _wire.TOO_LARGE % limit)


def _maximum(options: Options, nova: Behaviour) -> Microversion | None:
    """The newest microversion served: the release's, or a lower cap."""
    if options.release is None:
        return options.max_microversion
    return newest_microversion(options.release, options.max_microversion)


def _located(error: HttpError, document: Any, *, lent: bool) -> HttpError:
    """``error`` with its violation listing: the member at fault and the fix, if known."""
    if lent:
        # What the listing reads, copied: the caller may change their body.
        from bootreq._fixes import read_members

        read = read_members(document)
        document = dict.fromkeys(document)
        document["server"] = read

    def located() -> tuple[Violation, ...]:
        from bootreq._fixes import controller_violations

        return controller_violations(error, document)

    return HttpError(error.status, error.fault, error.message, error.pointer, located)


# -- 2. the microversion

# Clients send a handful of version strings: their answers are kept (bounded).
_CACHED_VERSION_TEXT = 16


def _negotiate(
    requested: Microversion | str | None, maximum: Microversion | None
) -> Microversion | HttpError:
    if type(requested) is str and len(requested) <= _CACHED_VERSION_TEXT:
        return _negotiate_text(requested, maximum)
    return _negotiate_uncached(requested, maximum)


@functools.lru_cache(maxsize=512)
def _negotiate_text(requested: str, maximum: Microversion | None) -> Microversion | HttpError:
    return _negotiate_uncached(requested, maximum)


def _negotiate_uncached(
    requested: Microversion | str | None, maximum: Microversion | None
) -> Microversion | HttpError:
    try:
        return negotiate(requested, maximum)
    except InvalidMicroversion as error:
        return HttpError.of(400, str(error))
    except UnsupportedMicroversion as error:
        return HttpError.of(406, str(error))


# -- 4. the schema


_NEWEST = behaviour_for(None)


@functools.cache
def _schema_document(range_name: str, nova: Behaviour) -> Any:
    """The range's schema as ``nova``'s release has it (shared: do not mutate)."""
    document = schemas.schema_by_name(range_name)
    return apply_edits(dict(document), nova.edits) if nova.edits else document


@functools.cache
def _schema_check(range_name: str, soft: bool, nova: Behaviour, base64_fixed: bool) -> Check:
    """An older release's compiled check of a range (34.0.0's: ``check_at``)."""
    era = Era(nova.draft4_integers, nova.old_length_wording, nova.soft_strips_all_unknown)
    checkers = CHECKERS_BASE64_PATCHED if base64_fixed else CHECKERS
    fixed = " base64-fixed" if base64_fixed else ""
    return compile_schema(dict(_schema_document(range_name, nova)), soft=soft,
                          name=f"{range_name} {nova.version}{fixed}", era=era,
                          checkers=checkers)


@functools.cache
def _check_at(minor: int, nova: Behaviour, base64_fixed: bool = False) -> Check:
    """The compiled check at 2.``minor`` as ``nova``'s release validates.

    ``base64_fixed``: on a Python with the CVE-2026-3446 base64 fix.
    """
    if nova.schema_key == _NEWEST.schema_key:
        # 34.0.0's, shared with the rest of bootreq
        return check_at(minor, True) if base64_fixed else check_at(minor)
    version = Microversion(2, minor)
    twin = _schema_twin(nova.schema_key, nova)
    return _schema_check(schemas.range_for(version).name, version.is_legacy, twin, base64_fixed)


_TWINS: dict[tuple[Any, ...], Behaviour] = {}


def _schema_twin(key: tuple[Any, ...], nova: Behaviour) -> Behaviour:
    """The first release seen with these schema rules: releases sharing them share checks."""
    return _TWINS.setdefault(key, nova)


def _validate(document: Any, version: Microversion, nova: Behaviour = _NEWEST, *,
              lent: bool = False, base64_fixed: bool = False) -> HttpError | None:
    """The schema's first failure as Nova's 400; ``lent``: ``document`` is the caller's."""
    if nova is _NEWEST and not base64_fixed:
        check = check_at(version.minor)  # the usual request: no release to hash
    else:
        check = _check_at(version.minor, nova, base64_fixed)
    failure = check(document)
    if failure is None:
        return None
    pointer = json_pointer(failure.location)
    headline: Violation | None = None
    if lent:
        # The caller may change their body once parse() returns: the listing
        # below reads a copy, and the failure's words (which may show part of
        # the body) are written now.
        document = _wire.json_copy(document)
        headline = Violation(pointer, failure.message())
    schema = _schema_document(schemas.range_for(version).name, _schema_twin(nova.schema_key, nova))

    def every_violation() -> tuple[Violation, ...]:
        # jsonschema is loaded only when someone asks for every violation.
        from bootreq._hints import schema_hint
        from bootreq._violations import violations_for

        def hint(keyword: str, argument: Any, instance: Any, location: tuple[str | int, ...],
                 subschema: dict[str, Any], body: Any) -> str | None:
            return schema_hint(keyword, argument, instance, location, subschema, body, version)

        first = headline or Violation(pointer, failure.message())
        return violations_for(dict(schema), document, first, soft=version.is_legacy, hint=hint,
                              old_length_wording=nova.old_length_wording)

    # The document is parse()'s own decoded copy: nothing changes it later.
    return HttpError(400, "badRequest", explain(failure), pointer, every_violation)
