"""Recipe: Nova's verdict in your unit tests, without a cloud.

Two patterns, as a pytest module you can copy:

1. *Check what your code sends.* ``build_server_body`` stands for your own
   code that assembles a server-create body (a deploy tool, an operator, a
   Terraform provider's fixtures). The tests ask bootreq whether Nova would
   accept it at the microversion you target, and look at how Nova would read it.
2. *A fake compute endpoint that answers like Nova.* ``FakeCompute`` is a
   test double for the client object your code calls; it raises Nova's
   error for a body Nova would refuse instead of accepting anything.

Run it with ``pytest examples/unit_test_example.py``.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

import bootreq

IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"
NETWORK = "ff608d40-75e9-48cb-b745-77bb55b5eaf2"


# -- the code under test ------------------------------------------------------


def build_server_body(
    name: str, *, flavor: str, image: str, networks: list[str] | str, count: int = 1
) -> dict[str, Any]:
    """Your code: the body your tool sends to ``POST /servers``."""
    server: dict[str, Any] = {"name": name, "flavorRef": flavor, "imageRef": image}
    if isinstance(networks, str):
        server["networks"] = networks
    else:
        server["networks"] = [{"uuid": network} for network in networks]
    if count > 1:
        server["min_count"] = server["max_count"] = count
    return {"server": server}


class NovaError(Exception):
    """What your client library raises for an HTTP error (status + message)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


class FakeCompute:
    """A test double of a compute client: Nova's verdicts, no cloud."""

    def __init__(self, microversion: str = "2.94", options: bootreq.Options | None = None):
        self.microversion = microversion
        self.options = options
        self.created: list[bootreq.BuildRequest] = []

    def create_server(self, body: dict[str, Any]) -> dict[str, Any]:
        result = bootreq.parse(body, self.microversion, options=self.options)
        if isinstance(result, bootreq.HttpError):
            raise NovaError(result.status, result.message)
        self.created.append(result)
        return {"server": {"id": str(uuid.uuid4()), "name": result.name}}


# -- pattern 1: check what your code sends -----------------------------------


@pytest.mark.parametrize("microversion", ["2.37", "2.74", "2.94", "latest"])
def test_body_is_accepted_by_nova(microversion: str) -> None:
    body = build_server_body("web-1", flavor="1", image=IMAGE, networks=[NETWORK])

    result = bootreq.parse(body, microversion)

    assert isinstance(result, bootreq.BuildRequest), result
    assert result.flavor_id == "1"
    assert result.image_ref == IMAGE
    assert result.requested_networks == (bootreq.NetworkRequest(network_id=NETWORK),)


def test_auto_networking_needs_the_attach_network_policy() -> None:
    result = bootreq.parse(
        build_server_body("web-1", flavor="1", image=IMAGE, networks="auto"), "2.94"
    )
    assert isinstance(result, bootreq.BuildRequest)
    assert "os_compute_api:servers:create:attach_network" in result.policies


def test_auto_networking_needs_microversion_2_37() -> None:
    result = bootreq.parse(
        build_server_body("web-1", flavor="1", image=IMAGE, networks="auto"), "2.36"
    )
    assert isinstance(result, bootreq.HttpError)
    assert result.status == 400
    assert result.message == (
        "Invalid input for field/attribute networks. Value: auto. "
        "'auto' is not of type 'array'"
    )


# -- pattern 2: a fake endpoint that answers like Nova -------------------------


def test_fake_compute_accepts_what_nova_accepts() -> None:
    compute = FakeCompute("2.94")
    compute.create_server(build_server_body("db-1", flavor="3", image=IMAGE, networks=[NETWORK]))
    assert [request.name for request in compute.created] == ["db-1"]


def test_fake_compute_refuses_what_nova_refuses() -> None:
    compute = FakeCompute("2.94")
    body = build_server_body("web-1", flavor="1", image="not-a-uuid", networks="none")
    with pytest.raises(NovaError) as refused:
        compute.create_server(body)
    assert refused.value.status == 400
    assert refused.value.message == (
        "Invalid input for field/attribute imageRef. Value: not-a-uuid. "
        "'not-a-uuid' is not valid under any of the given schemas"
    )


def test_fake_compute_can_emulate_a_policy() -> None:
    def no_forced_hosts(rule: str, target: object) -> bool:
        return rule != "os_compute_api:servers:create:forced_host"

    compute = FakeCompute("2.94", bootreq.Options(authorize=no_forced_hosts))
    body = build_server_body("web-1", flavor="1", image=IMAGE, networks="none")
    body["server"]["availability_zone"] = "nova:compute-7"
    with pytest.raises(NovaError) as refused:
        compute.create_server(body)
    assert refused.value.status == 403
    assert refused.value.message == (
        "Policy doesn't allow os_compute_api:servers:create:forced_host to be performed."
    )
