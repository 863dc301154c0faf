"""Real clients against the WSGI recipe, served on 127.0.0.1.

:func:`serve` runs ``examples/wsgi_app.py`` in a thread on a free port,
behind a :class:`Recorder` that keeps every request and response. The
:data:`CASES` each make one ``POST /servers`` through a real client —
openstacksdk (``conn.compute.create_server`` or a raw ``conn.compute.post``)
or python-novaclient (``nova.servers.create``) — and :func:`run` reports
what the *client* saw: a status and the message it extracted, or the
accepted server.

No keystone is involved: openstacksdk uses ``auth_type="none"`` with
``compute_endpoint_override``, novaclient a keystoneauth ``NoAuth`` session
with ``endpoint_override``. Both read the recipe's ``GET /v2.1`` version
document to negotiate.

The clients run in a child process with ``PYTHONHASHSEED=0``
(:func:`run_clients`): openstacksdk orders the members of the body it sends
by hash, and Nova's messages quote the body in that order, so a fixed seed
is what makes the requests — and Nova's recorded answers — reproducible.

Used by ``test_real_clients.py`` and by ``record_nova_verdicts.py``, which
recorded Nova's verdicts on exactly the requests these clients send.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
if str(EXAMPLES) not in sys.path:
    sys.path.insert(0, str(EXAMPLES))

import wsgi_app  # noqa: E402

#: The WSGI recipe under test.
RECIPE_APP = wsgi_app.app

IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"
NETWORK = "ff608d40-75e9-48cb-b745-77bb55b5eaf2"
GROUP = "0c2d4a3e-8f5b-4c61-9d7e-2b1a6f0e9c84"
VOLUME = "5a702cfa-93ea-4c4e-98f3-3418f3d4e711"
USER_DATA = "IyEvYmluL3NoCmVjaG8gaGVsbG8K"  # "#!/bin/sh\necho hello\n"


@dataclass
class Exchange:
    """One HTTP request the server received, and its answer."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    status: int = 0
    response: bytes = b""


@dataclass
class Recorder:
    """WSGI middleware keeping every exchange with the wrapped app."""

    app: Callable[..., Iterable[bytes]]
    exchanges: list[Exchange] = field(default_factory=list)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        headers = {
            key[5:].replace("_", "-").lower(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        exchange = Exchange(environ["REQUEST_METHOD"], environ["PATH_INFO"], headers, body)

        def recording_start_response(status: str, response_headers: Any, *args: Any) -> Any:
            exchange.status = int(status.split()[0])
            return start_response(status, response_headers, *args)

        exchange.response = b"".join(self.app(environ, recording_start_response))
        self.exchanges.append(exchange)
        return [exchange.response]

    def posts(self) -> list[Exchange]:
        return [e for e in self.exchanges if e.method == "POST"]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(recorder: Recorder) -> Iterator[str]:
    """Serve ``recorder`` on a free 127.0.0.1 port; yields the ``/v2.1`` URL."""
    server: WSGIServer = make_server("127.0.0.1", 0, recorder, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/v2.1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# -- clients


def sdk_connection(endpoint: str, microversion: str | None) -> Any:
    import openstack

    settings: dict[str, Any] = {}
    if microversion is not None:
        settings["compute_api_version"] = microversion
    return openstack.connection.Connection(
        auth_type="none", compute_endpoint_override=endpoint, **settings
    )


def novaclient(endpoint: str, microversion: str) -> Any:
    from keystoneauth1 import noauth, session
    from novaclient import client

    return client.Client(
        microversion, session=session.Session(auth=noauth.NoAuth()), endpoint_override=endpoint
    )


@dataclass(frozen=True)
class Outcome:
    """What the client reported: a status and a message, or an accepted server."""

    status: int
    message: str | None = None
    server_id: str | None = None
    reservation_id: str | None = None


@dataclass(frozen=True)
class Case:
    id: str
    client: str  # "sdk", "sdk-raw" or "novaclient"
    microversion: str | None  # what the client is configured with (None: negotiate)
    arguments: dict[str, Any] = field(default_factory=dict)


def _sdk(case: Case, endpoint: str) -> Outcome:
    from openstack import exceptions

    conn = sdk_connection(endpoint, case.microversion)
    try:
        if case.client == "sdk-raw":
            response = conn.compute.post("/servers", **case.arguments)
            document = response.json()
            if response.status_code >= 400:
                (fault,) = document.values()
                return Outcome(response.status_code, fault["message"])
            return Outcome(response.status_code, server_id=document["server"]["id"])
        server = conn.compute.create_server(**case.arguments)
    except exceptions.HttpException as error:
        return Outcome(int(error.status_code or 0), error.details)
    return Outcome(202, server_id=server.id)


def _novaclient(case: Case, endpoint: str) -> Outcome:
    from novaclient import exceptions

    assert case.microversion is not None
    nova = novaclient(endpoint, case.microversion)
    arguments = dict(case.arguments)
    try:
        created = nova.servers.create(
            arguments.pop("name"), arguments.pop("image"), arguments.pop("flavor"), **arguments
        )
    except exceptions.ClientException as error:
        return Outcome(int(error.code), error.message)
    if isinstance(created, str):  # reservation_id=True: the id itself
        return Outcome(202, reservation_id=str(created))
    return Outcome(202, server_id=created._info["id"])


def run(case: Case, endpoint: str) -> Outcome:
    """Make the case's request with its client; what the client saw."""
    if case.client.startswith("sdk"):
        return _sdk(case, endpoint)
    return _novaclient(case, endpoint)


def sdk(case_id: str, microversion: str | None, **arguments: Any) -> Case:
    return Case(case_id, "sdk", microversion, arguments)


def raw(case_id: str, microversion: str | None, **arguments: Any) -> Case:
    return Case(case_id, "sdk-raw", microversion, arguments)


def nova(case_id: str, microversion: str, **arguments: Any) -> Case:
    return Case(case_id, "novaclient", microversion, arguments)


_MINIMAL = {"name": "vm", "flavor_id": "1", "image_id": IMAGE}
_NOVA_MINIMAL = {"name": "vm", "flavor": "1", "image": IMAGE}

CASES: tuple[Case, ...] = (
    # openstacksdk, conn.compute.create_server(...)
    sdk(
        "sdk_full_server_2_94",
        "2.94",
        name="web-01",
        description="Front-end web server",
        hostname="web-01.prod.example.com",
        flavor_id="2",
        image_id=IMAGE,
        availability_zone="nova",
        key_name="deploy-key",
        networks=[{"uuid": NETWORK, "tag": "frontend"}],
        security_groups=[{"name": "web"}, {"name": "default"}],
        metadata={"role": "web", "team": "platform"},
        user_data=USER_DATA,
        tags=["web", "production"],
        config_drive=True,
        scheduler_hints={"group": GROUP},
    ),
    sdk("sdk_negotiated_version", None, networks="none", **_MINIMAL),
    sdk("sdk_networks_required_2_37", "2.37", **_MINIMAL),
    sdk("sdk_auto_network_before_2_37", "2.36", networks="auto", **_MINIMAL),
    sdk("sdk_tag_with_slash_2_52", "2.52", networks="none", tags=["ok", "a/b"], **_MINIMAL),
    sdk("sdk_hostname_before_2_90", "2.89", networks="none", hostname="vm1", **_MINIMAL),
    sdk("sdk_hostname_label_2_90", "2.90", networks="none", hostname="vm.example.com", **_MINIMAL),
    sdk(
        "sdk_requested_destination_2_74",
        "2.74",
        networks="auto",
        host="compute-7",
        hypervisor_hostname="compute-7.example.com",
        **_MINIMAL,
    ),
    sdk(
        "sdk_destination_and_forced_host_2_74",
        "2.74",
        networks="auto",
        host="compute-7",
        availability_zone="nova:compute-8",
        **_MINIMAL,
    ),
    sdk(
        "sdk_boot_from_volume_2_67",
        "2.67",
        name="db-01",
        flavor_id="3",
        image_id="",
        networks=[{"uuid": NETWORK, "fixed_ip": "10.0.0.12"}],
        block_device_mapping=[
            {
                "boot_index": 0,
                "uuid": IMAGE,
                "source_type": "image",
                "destination_type": "volume",
                "volume_size": 40,
                "volume_type": "ssd",
                "delete_on_termination": True,
            }
        ],
    ),
    sdk(
        "sdk_image_to_local_without_image_ref",
        "2.94",
        name="vm",
        flavor_id="1",
        networks="none",
        block_device_mapping=[
            {"boot_index": 0, "uuid": IMAGE, "source_type": "image", "destination_type": "local"}
        ],
    ),
    sdk(
        "sdk_volume_for_two_servers",
        "2.94",
        networks="none",
        min_count=2,
        block_device_mapping=[
            {"boot_index": 1, "uuid": VOLUME, "source_type": "volume", "destination_type": "volume"}
        ],
        **_MINIMAL,
    ),
    sdk("sdk_min_count_above_max_count", "2.94", networks="none", min_count=3, max_count=2,
        **_MINIMAL),
    sdk(
        "sdk_fixed_ip_for_two_servers",
        "2.94",
        networks=[{"uuid": NETWORK, "fixed_ip": "10.0.0.5"}],
        max_count=2,
        **_MINIMAL,
    ),
    sdk("sdk_unparsable_zone", "2.94", networks="none", availability_zone="a:b:c:d", **_MINIMAL),
    sdk(
        "sdk_personality_2_1",
        "2.1",
        personality=[{"path": "/etc/motd", "contents": "V2VsY29tZSEK"}],
        disk_config="AUTO",
        access_ipv4="192.0.2.10",
        **_MINIMAL,
    ),
    sdk(
        "sdk_personality_gone_2_57",
        "2.57",
        networks="none",
        personality=[{"path": "/etc/motd", "contents": "V2VsY29tZSEK"}],
        **_MINIMAL,
    ),
    sdk("sdk_bad_image_ref", "2.94", name="vm", flavor_id="1", image_id="cirros", networks="auto"),
    # openstacksdk, raw requests through the compute proxy
    raw(
        "raw_version_too_new",
        "2.94",
        json={"server": {"name": "vm", "flavorRef": "1", "imageRef": IMAGE, "networks": "none"}},
        headers={"OpenStack-API-Version": "compute 2.105", "X-OpenStack-Nova-API-Version": "2.105"},
    ),
    raw(
        "raw_malformed_version",
        "2.94",
        json={"server": {"name": "vm", "flavorRef": "1", "imageRef": IMAGE}},
        headers={"OpenStack-API-Version": "compute 2.01", "X-OpenStack-Nova-API-Version": "2.01"},
    ),
    raw(
        "raw_xml_body",
        "2.94",
        data=b"<server name='vm'/>",
        headers={"Content-Type": "application/xml"},
    ),
    raw(
        "raw_malformed_json",
        "2.94",
        data=b'{"server": {"name": "vm",}}',
        headers={"Content-Type": "application/json"},
    ),
    # python-novaclient, nova.servers.create(...)
    nova(
        "novaclient_auto_network_2_94",
        "2.94",
        nics="auto",
        userdata="#!/bin/sh\necho hello\n",
        meta={"role": "batch"},
        hostname="worker-1.example.com",
        **_NOVA_MINIMAL,
    ),
    nova(
        "novaclient_description_2_19",
        "2.19",
        description="legacy app",
        key_name="deploy-key",
        security_groups=["web", "default"],
        disk_config="AUTO",
        access_ip_v4="192.0.2.10",
        availability_zone="nova",
        **_NOVA_MINIMAL,
    ),
    nova("novaclient_bad_image_2_36", "2.36", name="vm", image="cirros", flavor="1"),
    nova("novaclient_reservation_id_2_94", "2.94", nics="none", reservation_id=True,
         min_count=2, max_count=3, **_NOVA_MINIMAL),
    nova(
        "novaclient_duplicate_certificates_2_63",
        "2.63",
        nics="none",
        trusted_image_certificates=["cert-a", "cert-a"],
        **_NOVA_MINIMAL,
    ),
    nova(
        "novaclient_trusted_certificates_2_63",
        "2.63",
        nics="none",
        trusted_image_certificates=["cert-a", "cert-b"],
        **_NOVA_MINIMAL,
    ),
    nova(
        "novaclient_port_and_fixed_ip_2_42",
        "2.42",
        nics=[{"port-id": "ce531f90-199f-48c0-816c-13e38010b442", "v4-fixed-ip": "10.0.0.7"}],
        **_NOVA_MINIMAL,
    ),
)


def run_clients(endpoint: str, timeout: float = 300) -> list[Outcome]:
    """Run every case, in order, in a child process; what each client saw."""
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), endpoint],
        env={**os.environ, "PYTHONHASHSEED": "0", "PYTHONWARNINGS": "ignore"},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"the clients failed:\n{result.stdout}{result.stderr}")
    return [Outcome(**outcome) for outcome in json.loads(result.stdout)]


def request_version(exchange: Exchange) -> str | None:
    """The microversion the client asked for, as Nova reads the headers."""
    import bootreq

    return bootreq.Microversion.from_headers(exchange.headers)


def oracle_case(case: Case, exchange: Exchange) -> dict[str, Any]:
    """The Nova-oracle case for the request the client sent."""
    oracle: dict[str, Any] = {"id": case.id, "microversion": request_version(exchange)}
    try:
        oracle["body"] = json.loads(exchange.body)
    except ValueError:
        oracle["raw"] = exchange.body.decode("utf-8")
    content_type = exchange.headers.get("content-type")
    if content_type != "application/json":
        oracle["options"] = {"content_type": content_type}
    return oracle


if __name__ == "__main__":
    outcomes = [dataclasses.asdict(run(case, sys.argv[1])) for case in CASES]
    print(json.dumps(outcomes))
