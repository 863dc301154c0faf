"""``bootreq serve --cloud FILE``: the fake Nova answers as a cloud in that state.

The answers asserted are Nova 34.0.0's, recorded in
tests/compute/data/novadb (novadb-001-group_missing,
novadb-014-host_missing, novadb-039-sgm_fits_two).
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"
GROUP = "11111111-2222-4333-8444-555555555555"


def _command() -> list[str]:
    script = Path(sys.executable).parent / "bootreq"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bootreq"]


def _post(url: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        url + "/servers", data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", "OpenStack-API-Version": "compute 2.74"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _body(hints: dict[str, Any] | None = None, **server: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"server": {"name": "vm", "flavorRef": "1", "imageRef": IMAGE,
                                       "networks": "none", **server}}
    if hints is not None:
        body["os:scheduler_hints"] = hints
    return body


def test_serve_answers_with_the_cloud_state(tmp_path: Path) -> None:
    state = tmp_path / "cloud.json"
    state.write_text(json.dumps({
        "server_groups": {GROUP: None},
        "hosts": ["compute-1"],
        "quotas": {"server_group_members": {"limit": 3, "in_use": 1}},
    }), encoding="utf-8")
    process = subprocess.Popen([*_command(), "serve", "--port", "0", "--cloud", str(state)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner = process.stderr.readline() if process.stderr else ""
        url = banner.split(" on ", 1)[1].split()[0]
        status, document = _post(url, _body({"group": GROUP}))
        assert (status, document) == (400, {"badRequest": {
            "code": 400, "message": f"Instance group {GROUP} could not be found."}})
        status, document = _post(url, _body(host="compute-9"))
        assert (status, document) == (400, {"badRequest": {
            "code": 400, "message": "Compute host compute-9 could not be found."}})
        other = "99999999-2222-4333-8444-555555555555"  # not listed: assumed found
        status, document = _post(url, _body({"group": other}, min_count=2))
        assert status == 202, document
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_refuses_a_wrong_cloud_file(tmp_path: Path) -> None:
    state = tmp_path / "cloud.json"
    state.write_text(json.dumps({"server_groups": {GROUP: {"rules": {}}}}), encoding="utf-8")
    run = subprocess.run([*_command(), "serve", "--port", "0", "--cloud", str(state)],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 2
    assert f"/server_groups/{GROUP}" in run.stderr and "policy" in run.stderr
