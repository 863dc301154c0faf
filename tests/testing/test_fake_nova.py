"""The fake Nova end to end: real clients, the fixture, the context manager, ``bootreq serve``.

openstacksdk and python-novaclient run in this process against the
``fake_nova`` fixture; the ``openstack`` CLI runs as a subprocess, as does
``bootreq serve``. Each test checks what the client saw against what the
fake Nova kept.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import unittest
import urllib.request
from pathlib import Path
from typing import Any

import pytest

import bootreq
from bootreq.testing import FakeNova

IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"


def _post(url: str, body: dict[str, Any], version: str = "2.74") -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        url + "/servers", data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", "OpenStack-API-Version": f"compute {version}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_fixture_serves_and_records(fake_nova: FakeNova) -> None:
    status, document = _post(fake_nova.compute_url,
                             {"server": {"name": "vm", "flavorRef": "1", "imageRef": IMAGE,
                                         "networks": "none"}})
    assert status == 202
    [kept] = fake_nova.accepted
    assert kept.server_id == document["server"]["id"] and kept.status == 202
    assert fake_nova.build_requests[0].requested_networks == "none"
    status, document = _post(fake_nova.compute_url, {"server": {"name": "vm"}})
    assert status == 400 and len(fake_nova.accepted) == 1
    assert document == {"badRequest": {"code": 400, "message": (
        "Invalid input for field/attribute server. Value: {'name': 'vm'}. "
        "'flavorRef' is a required property")}}


class TestOlderCloud:
    @pytest.fixture
    def fake_nova_options(self) -> bootreq.Options:
        return bootreq.Options(max_microversion="2.60", enable_instance_password=False)

    def test_fixture_options_emulate_an_older_cloud(self, fake_nova: FakeNova) -> None:
        status, document = _post(fake_nova.compute_url, {"server": {}}, version="2.74")
        assert status == 406
        assert document["computeFault"]["message"].endswith("maximum is 2.60.")
        status, document = _post(fake_nova.compute_url,
                                 {"server": {"name": "vm", "flavorRef": "1", "imageRef": IMAGE,
                                             "networks": "auto"}}, version="2.60")
        assert status == 202 and "adminPass" not in document["server"]


def test_openstacksdk_creates_a_server(fake_nova: FakeNova) -> None:
    openstack = pytest.importorskip("openstack")
    conn = openstack.connection.Connection(
        auth_type="none", compute_endpoint_override=fake_nova.compute_url,
        compute_api_version="2.74",
    )
    server = conn.compute.create_server(name="sdk-vm", flavor_id="1", image_id=IMAGE,
                                        networks="none")
    [request] = fake_nova.build_requests
    assert server.id == fake_nova.accepted[0].server_id
    assert (request.name, request.flavor_id, str(request.microversion)) == ("sdk-vm", "1", "2.74")
    with pytest.raises(openstack.exceptions.BadRequestException) as raised:
        conn.compute.create_server(name="sdk-vm", flavor_id="1", image_id=IMAGE)
    assert "networks" in str(raised.value)  # required since 2.37, as Nova says


def test_novaclient_creates_a_server(fake_nova: FakeNova) -> None:
    pytest.importorskip("novaclient")
    from keystoneauth1 import noauth, session
    from novaclient import client

    nova = client.Client("2.52", session=session.Session(auth=noauth.NoAuth()),
                         endpoint_override=fake_nova.compute_url)
    created = nova.servers.create("nc-vm", IMAGE, "42", nics="auto", tags=["a", "b"])
    [request] = fake_nova.build_requests
    assert created.id == fake_nova.accepted[0].server_id
    assert (request.flavor_id, request.tags, request.requested_networks) == ("42", ("a", "b"),
                                                                             "auto")


def _openstack_cli() -> str:
    found = Path(sys.executable).parent / "openstack"
    if found.exists():
        return str(found)
    which = shutil.which("openstack")
    if which is None:
        pytest.skip("python-openstackclient is not installed")
    return which


def test_openstack_cli_creates_a_server(fake_nova: FakeNova) -> None:
    command = [_openstack_cli(), "--os-auth-type", "none", "--os-endpoint", fake_nova.compute_url,
               "--os-compute-api-version", "2.74", "server", "create", "--flavor", "1",
               "--image", IMAGE, "--no-network", "--property", "role=web", "cli-vm",
               "-f", "json"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180,
                            env={**os.environ, "OS_CLOUD": ""})
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    [kept] = fake_nova.accepted
    assert shown["id"] == kept.server_id and shown["name"] == "cli-vm"
    assert dict(kept.request.metadata) == {"role": "web"}
    assert kept.request.requested_networks == "none"


class ContextManagerTest(unittest.TestCase):
    """The same fake for unittest users: a context manager, no pytest needed."""

    def test_context_manager(self) -> None:
        with FakeNova() as nova:
            status, _ = _post(nova.compute_url, {"server": {"name": "vm", "flavorRef": "7",
                                                            "imageRef": IMAGE,
                                                            "networks": "none"}})
            self.assertEqual(status, 202)
            self.assertEqual([r.flavor_id for r in nova.build_requests], ["7"])
            nova.clear()
            self.assertEqual(nova.accepted, ())
        with self.assertRaises(OSError):
            _post(nova.compute_url, {})


def test_bootreq_serve_prints_and_dumps(tmp_path: Path) -> None:
    dump = tmp_path / "accepted.jsonl"
    script = Path(sys.executable).parent / "bootreq"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "bootreq"]
    process = subprocess.Popen(
        [*command, "serve", "--port", "0", "--print", "--dump", str(dump),
         "--release", "2024.1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        banner = process.stderr.readline() if process.stderr else ""
        url = banner.split(" on ", 1)[1].split()[0]
        status, _ = _post(url, {"server": {"name": "vm", "flavorRef": "1", "imageRef": IMAGE,
                                           "networks": "none"}}, version="2.80")
        assert status == 202
        status, document = _post(url, {"server": {}}, version="2.99")
        assert status == 406 and "maximum is 2.96" in document["computeFault"]["message"]
        line = process.stdout.readline() if process.stdout else ""
        assert line.startswith("202 server ") and "'vm'" in line
        deadline = time.monotonic() + 10
        while not dump.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        [record] = [json.loads(text) for text in dump.read_text().splitlines()]
        assert record["microversion"] == "2.80" and record["kwargs"]["display_name"] == "vm"
    finally:
        process.terminate()
        process.wait(timeout=30)
