"""The microversions that change what the controller does, beside the schemas.

The schemas (:mod:`bootreq.schemas`) decide which members a version accepts;
these gates decide what the controller then does with an accepted body. Each
gate is written here once: the controller reads it, the result's
``to_nova_kwargs`` reads it, and the docs' table is generated from
:data:`GATES`. Legacy 2.0 mode (minor 0) is below every gate.
"""

from __future__ import annotations

import attrs

from bootreq.microversion import Microversion

__all__ = [
    "DESCRIPTION",
    "GATES",
    "HOSTNAME",
    "MULTIATTACH",
    "PORT_RESOURCE_REQUEST",
    "REQUESTED_DESTINATION",
    "TAGS",
    "Gate",
]


def __dir__() -> list[str]:
    return __all__


@attrs.frozen
class Gate:
    """From 2.\\ ``minor`` on, the controller does what ``effect`` says."""

    minor: int
    effect: str

    @property
    def version(self) -> Microversion:
        return Microversion(2, self.minor)


DESCRIPTION = Gate(19, "`description` is the body's; before, the description is the name")
TAGS = Gate(52, "`tags` are passed on (`None` when absent)")
MULTIATTACH = Gate(60, "`supports_multiattach` is true")
PORT_RESOURCE_REQUEST = Gate(72, "`supports_port_resource_request` is true")
REQUESTED_DESTINATION = Gate(
    74,
    "`host` / `hypervisor_hostname` are read, with the "
    "`compute:servers:create:requested_destination` policy",
)
HOSTNAME = Gate(90, "`hostname` is read")

#: Every gate, oldest first.
GATES = (DESCRIPTION, TAGS, MULTIATTACH, PORT_RESOURCE_REQUEST, REQUESTED_DESTINATION, HOSTNAME)
