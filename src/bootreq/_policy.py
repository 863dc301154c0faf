"""The policy rules of server create, and Nova's 403."""

from __future__ import annotations

from collections.abc import Mapping

from bootreq.errors import HttpError
from bootreq.options import Options

__all__ = [
    "ATTACH_NETWORK",
    "ATTACH_VOLUME",
    "CREATE",
    "FORCED_HOST",
    "REQUESTED_DESTINATION",
    "TRUSTED_CERTS",
    "ZERO_DISK_FLAVOR",
    "Policies",
]



def __dir__() -> list[str]:
    return __all__


CREATE = "os_compute_api:servers:create"
TRUSTED_CERTS = "os_compute_api:servers:create:trusted_certs"
FORCED_HOST = "os_compute_api:servers:create:forced_host"
REQUESTED_DESTINATION = "compute:servers:create:requested_destination"
ATTACH_VOLUME = "os_compute_api:servers:create:attach_volume"
ATTACH_NETWORK = "os_compute_api:servers:create:attach_network"
# compute_api.create's, checked without failing the request (bootreq.compute).
ZERO_DISK_FLAVOR = "os_compute_api:servers:create:zero_disk_flavor"


class Policies:
    """Checks rules in order through ``Options.authorize`` and records them."""

    __slots__ = ("_authorize", "checked", "target")

    def __init__(self, options: Options, target: Mapping[str, object]) -> None:
        self._authorize = options.authorize
        self.target = target
        self.checked: list[str] = []

    def check(self, rule: str) -> HttpError | None:
        self.checked.append(rule)
        if self._authorize is not None and not self._authorize(rule, self.target):
            return HttpError.of(403, f"Policy doesn't allow {rule} to be performed.")
        return None
