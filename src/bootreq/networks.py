"""Requested networks: the ``networks`` member as Nova's API layer reads it."""

from __future__ import annotations

from typing import Any

from bootreq._formats import is_uuid_like, normalise_ip
from bootreq.errors import HttpError
from bootreq.model import NetworkRequest, RequestedNetworks

__all__ = ["requested_networks"]


def __dir__() -> list[str]:
    return __all__


def requested_networks(networks: Any) -> RequestedNetworks | HttpError:
    """``server["networks"]`` (already schema-valid) as network requests, in order."""
    if networks is None:
        return None
    if isinstance(networks, str):
        return "auto" if networks == "auto" else "none"
    requests: list[NetworkRequest] = []
    seen_ports: set[str] = set()
    for item in networks:
        address = item.get("fixed_ip")
        if address is not None:
            address = normalise_ip(address)
        port = item.get("port")
        tag = item.get("tag")
        if port:
            if port in seen_ports:
                return HttpError.of(
                    400,
                    f"Port ID '{port}' was specified twice: "
                    "you cannot attach a port multiple times.",
                )
            seen_ports.add(port)
            if address is not None:
                return HttpError.of(
                    400,
                    f"Specified Fixed IP '{address}' cannot be used with port '{port}': "
                    "the two cannot be specified together.",
                )
            requests.append(NetworkRequest(None, None, port, tag))
            continue
        if "uuid" not in item:
            return HttpError.of(400, "Bad network format: missing 'uuid'")
        network_id = item["uuid"]
        if not is_uuid_like(network_id):
            return HttpError.of(
                400, f"Bad networks format: network uuid is not in proper format ({network_id})"
            )
        requests.append(NetworkRequest(network_id, address, None, tag))
    return tuple(requests)
