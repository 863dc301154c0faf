"""HttpError: the answer Nova would give instead of building servers.

Every failure bootreq reports is an :class:`HttpError` value returned by
:func:`bootreq.parse`, never raised::

    HttpError                 status, fault, message, pointer, violations
      400 badRequest          schema, controller and mapped compute errors,
                              malformed JSON or microversion, and bootreq's
                              clear answers where Nova itself crashes (500)
      403 forbidden           policy, quota-like limits
      406 computeFault        unsupported microversion (Nova's fault name)
      409 conflictingRequest  conflicts reported by the compute layer
      413 (no fault)          body larger than ``Options.max_body_bytes``
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["HttpError", "Violation", "fault_name"]


def __dir__() -> list[str]:
    return __all__


# Nova's ``wsgi.Fault._fault_names``; any other status is a ``computeFault``.
_FAULT_NAMES = {
    400: "badRequest",
    401: "unauthorized",
    403: "forbidden",
    404: "itemNotFound",
    405: "badMethod",
    409: "conflictingRequest",
    413: "overLimit",
    415: "badMediaType",
    429: "overLimit",
    501: "notImplemented",
    503: "serviceUnavailable",
}


def fault_name(status: int) -> str:
    """Nova's fault key for an HTTP status (406 and 500 are ``computeFault``)."""
    return _FAULT_NAMES.get(status, "computeFault")


@attrs.frozen
class Violation:
    """One violation: where (RFC 6901 JSON Pointer), what, and what to change.

    ``hint`` says in plain words what would make the member acceptable (the
    microversions that accept it, the form it must take, the limit), or is
    ``None`` where bootreq knows no fix.
    """

    pointer: str
    message: str
    hint: str | None = None


@attrs.frozen
class HttpError:
    """Nova's error answer: same status, fault name and message.

    ``fault`` is ``None`` only for the 413 of the request-size limit, which
    Nova's middleware answers with a plain error page, not a Nova fault.
    ``pointer`` locates the offending member when one is known;
    ``violations`` lists every schema violation found (the first is the one
    Nova reports, or, for Nova's ``oneOf`` failure, the violations of the
    branch the value was meant for) when the error is a schema error, and
    for a controller or compute error the one member at fault, when bootreq
    can place it; each carries a hint (what to change).
    """

    status: int
    fault: str | None
    message: str
    pointer: str | None = None
    # A tuple, or a function computing it: listing every violation costs a full
    # jsonschema walk, paid only when someone reads ``violations``.
    _violations: tuple[Violation, ...] | Callable[[], tuple[Violation, ...]] = attrs.field(
        default=(), eq=False, repr=False, alias="violations"
    )

    @property
    def violations(self) -> tuple[Violation, ...]:
        """Every violation, Nova's reported one first (empty when none can be placed)."""
        found = self._violations
        if callable(found):
            found = found()
            # Frozen, but computing once and keeping it changes nothing observable.
            object.__setattr__(self, "_violations", found)
        return found

    @classmethod
    def of(cls, status: int, message: str, pointer: str | None = None) -> HttpError:
        return cls(status, fault_name(status), message, pointer)

    def to_body(self) -> dict[str, Any]:
        """Nova's fault body: ``{"badRequest": {"code": 400, "message": ...}}``."""
        return {self.fault or "overLimit": {"code": self.status, "message": self.message}}

    def to_problem(self) -> dict[str, Any]:
        """An RFC 9457 problem-details rendering (``application/problem+json``)."""
        problem: dict[str, Any] = {
            "type": "about:blank",
            "title": self.fault or "overLimit",
            "status": self.status,
            "detail": self.message,
        }
        if self.pointer is not None:
            problem["pointer"] = self.pointer
        if self.violations:
            problem["errors"] = [
                {"pointer": v.pointer, "detail": v.message}
                | ({} if v.hint is None else {"hint": v.hint})
                for v in self.violations
            ]
        return problem
