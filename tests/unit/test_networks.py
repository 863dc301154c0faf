"""bootreq.networks: the ``networks`` member as Nova's controller reads it.

Messages are Nova's (``_get_requested_networks``), as recorded in the
conformance verdicts; fixed IPs are normalised as ``str(netaddr.IPAddress)``
(tests/unit/data/nova_facts.json).
"""

from __future__ import annotations

import copy
import json
import pathlib
from typing import Any

import pytest

from bootreq.errors import HttpError
from bootreq.model import NetworkRequest
from bootreq.networks import requested_networks

FACTS: dict[str, list[Any]] = json.loads(
    (pathlib.Path(__file__).parent / "data" / "nova_facts.json").read_text(encoding="utf-8")
)
NET = "3cb9bc59-5699-4588-a4b1-b87f96708bc6"
NET2 = "5e1f1f47-0a8e-4f0e-9a4c-3c1b0c1f7a10"
PORT = "9c7b0a4e-1d2f-4c3b-8a5e-6f7d8c9b0a1e"
PORT2 = "0b0e7a5c-7c1f-4f77-9a4f-1a2b3c4d5e6f"


def test_absent() -> None:
    assert requested_networks(None) is None


@pytest.mark.parametrize("value", ["auto", "none"])
def test_allocation_strings(value: str) -> None:
    assert requested_networks(value) == value


def test_empty_list() -> None:
    assert requested_networks([]) == ()


def test_networks_and_ports_in_order() -> None:
    result = requested_networks(
        [{"uuid": NET, "tag": "a"}, {"port": PORT}, {"uuid": NET, "fixed_ip": "10.0.0.2"},
         {"port": PORT2, "uuid": NET2, "tag": "b"}]
    )
    assert result == (
        NetworkRequest(NET, None, None, "a"),
        NetworkRequest(None, None, PORT, None),
        NetworkRequest(NET, "10.0.0.2", None, None),
        # A port wins: Nova ignores the network of a port request.
        NetworkRequest(None, None, PORT2, "b"),
    )


def test_empty_or_null_port_is_a_network_request() -> None:
    result = requested_networks([{"port": None, "uuid": NET}, {"port": "", "uuid": NET2}])
    assert result == (NetworkRequest(NET), NetworkRequest(NET2))


@pytest.mark.parametrize(("address", "normal"), FACTS["ip_address"])
def test_fixed_ip_is_normalised_like_netaddr(address: str, normal: str) -> None:
    result = requested_networks([{"uuid": NET, "fixed_ip": address}])
    assert result == (NetworkRequest(NET, normal),)


def test_port_twice() -> None:
    result = requested_networks([{"port": PORT}, {"uuid": NET}, {"port": PORT}])
    assert result == HttpError(
        400,
        "badRequest",
        f"Port ID '{PORT}' was specified twice: you cannot attach a port multiple times.",
    )


@pytest.mark.parametrize(
    ("address", "shown"),
    [("10.0.0.1", "10.0.0.1"), ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"),
     ("::ffff:10.0.0.1", "::ffff:10.0.0.1")],
)
def test_fixed_ip_with_port(address: str, shown: str) -> None:
    result = requested_networks([{"port": PORT, "fixed_ip": address}])
    assert result == HttpError.of(
        400,
        f"Specified Fixed IP '{shown}' cannot be used with port '{PORT}': "
        "the two cannot be specified together.",
    )


def test_port_twice_is_checked_before_the_fixed_ip() -> None:
    result = requested_networks([{"port": PORT}, {"port": PORT, "fixed_ip": "10.0.0.1"}])
    assert isinstance(result, HttpError)
    assert "specified twice" in result.message


@pytest.mark.parametrize("item", [{}, {"fixed_ip": "10.0.0.1"}, {"tag": "t"}, {"port": None}])
def test_missing_uuid(item: dict[str, Any]) -> None:
    assert requested_networks([item]) == HttpError.of(400, "Bad network format: missing 'uuid'")


@pytest.mark.parametrize("uuid", ["x", "\u00e9x", "", NET + "0", NET.replace("-", "_")])
def test_bad_network_uuid(uuid: str) -> None:
    assert requested_networks([{"uuid": uuid}]) == HttpError.of(
        400, f"Bad networks format: network uuid is not in proper format ({uuid})"
    )


def test_uuid_like_variants_are_kept_as_sent() -> None:
    odd = "{" + NET.upper() + "}"
    assert requested_networks([{"uuid": odd}]) == (NetworkRequest(odd),)


def test_first_error_wins_and_input_untouched() -> None:
    items = [{"uuid": NET, "fixed_ip": "2001:0db8::1"}, {"uuid": "bad"}, {}]
    sent = copy.deepcopy(items)
    result = requested_networks(items)
    assert isinstance(result, HttpError) and result.message.endswith("(bad)")
    assert items == sent
