"""A rule of ``compute_api.create``: Nova's answer, and how a check raises it.

Each room of the compute layer (:mod:`bootreq.compute` for the request-only
rules, and one module per service whose answer decides: volumes, networks,
image metadata, ...) defines its rules as :class:`Rule` constants beside the
code that raises them; :data:`bootreq.compute.RULES` lists them all in Nova's
code order. A check raises :class:`Refused` through :func:`refuse`, which
:func:`bootreq.compute.build` turns into the answer.
"""

from __future__ import annotations

from typing import Any

import attrs

from bootreq.errors import HttpError

__all__ = ["BDM_INVALID", "Refused", "Rule", "refuse"]


def __dir__() -> list[str]:
    return __all__


#: The prefix of Nova's ``InvalidBDM*`` messages.
BDM_INVALID = "Block Device Mapping is Invalid: "


@attrs.frozen
class Rule:
    """One check of ``compute_api.create``: what Nova answers and when.

    ``message`` is a :meth:`str.format` template over the named values the
    rule reports (``{image_id}``, ``{allowed}``, ...). ``needs`` names what
    the rule reads besides the request: ``"flavor"``, ``"image"``
    (:class:`~bootreq.cloud.Flavor` / :class:`~bootreq.cloud.Image`; the
    rule is skipped without it), ``"limits"``, ``"deployment"`` (always
    known: Nova's defaults), ``"authorize"``, or a fact of
    :class:`~bootreq.cloud.Cloud` (``"cloud.volumes"``, ...; skipped while
    unknown). ``nova_status`` differs from ``status`` only where Nova
    answers 500 for a client's mistake; bootreq then answers ``status`` with
    ``message`` (a documented deviation).
    """

    name: str
    status: int
    message: str
    nova_exception: str
    needs: tuple[str, ...] = ()
    nova_status: int | None = None
    doc: str = ""

    def error(self, **values: Any) -> HttpError:
        return HttpError.of(self.status, self.message.format(**values))


class Refused(Exception):
    """A rule fired: carries Nova's answer out of the checks to ``build``."""

    def __init__(self, error: HttpError) -> None:
        super().__init__(error.message)
        self.error = error


def refuse(rule: Rule, **values: Any) -> Refused:
    """The exception to raise when ``rule`` fires with these values."""
    return Refused(rule.error(**values))
