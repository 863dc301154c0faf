"""What ``bootreq needs`` suggests: the smallest microversion change, and the fixes.

From an :class:`~bootreq.advice.Acceptance` and the microversion the client
sends: the accepting microversion nearest to it (a newer one on a tie), or,
when none accepts the body, the members at fault at every microversion;
then the fix of every violation at the microversion sent (their hints).
"""

from __future__ import annotations

from typing import Any

import attrs

from bootreq.advice import Acceptance
from bootreq.errors import HttpError, Violation
from bootreq.microversion import Microversion

__all__ = ["Suggestion", "suggest"]


def __dir__() -> list[str]:
    return __all__


@attrs.frozen
class Suggestion:
    """``to``: the nearest accepting microversion (``None``: as sent, or none accepts)."""

    sent: Microversion
    accepted_as_sent: bool
    to: Microversion | None
    blocking: tuple[str, ...]
    fixes: tuple[Violation, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "microversion": str(self.sent),
            "accepted_as_sent": self.accepted_as_sent,
            "change": None if self.to is None else {"from": str(self.sent), "to": str(self.to)},
            "blocking": list(self.blocking),
            "fixes": [
                {"pointer": fix.pointer, "message": fix.message, "hint": fix.hint}
                for fix in self.fixes
            ],
        }

    def lines(self) -> list[str]:
        if self.accepted_as_sent:
            return [f"  accepted as sent, at {self.sent}"]
        lines = []
        if self.to is not None:
            lines.append(f"  smallest change: microversion {self.sent} -> {self.to}")
        else:
            lines.append("  none accepts it; at fault at every microversion: "
                         + (", ".join(self.blocking) or "(different members)"))
        if self.fixes:
            lines.append(f"  or fix the body for {self.sent}:" if self.to is not None
                         else f"  fix the body (at {self.sent}):")
            lines.extend(f"    {fix.pointer or '/'}: {fix.hint or fix.message}"
                         for fix in self.fixes)
        return lines


def _members(error: HttpError) -> set[str]:
    found = set()
    for violation in error.violations:
        extras = violation.message.partition("Additional properties are not allowed (")[2]
        if extras:
            # ('a', 'b' were unexpected): each extra member is a pointer of its own
            names = extras.rsplit(" w", 1)[0]
            for name in names.split(", "):
                found.add(f"{violation.pointer}/{name.strip(chr(39))}")
        else:
            found.add(violation.pointer)
    return found


def suggest(acceptance: Acceptance, sent: Microversion, error: HttpError | None) -> Suggestion:
    """The suggestion for a body sent at ``sent`` (``error``: the answer there)."""
    if acceptance.accepts(sent) and error is None:
        return Suggestion(sent, True, None, (), ())
    accepted = acceptance.versions
    to = None
    if accepted:
        to = min(accepted, key=lambda v: (abs(v.minor - sent.minor), -v.minor))
    blocking: tuple[str, ...] = ()
    if not accepted:
        sets = [_members(span.error) for span in acceptance.spans if span.error is not None]
        common = set.intersection(*sets) if sets else set()
        blocking = tuple(sorted(common))
    fixes = error.violations if error is not None else ()
    return Suggestion(sent, False, to, blocking, fixes)
