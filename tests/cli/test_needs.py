"""``bootreq needs``: the microversions a body is accepted at, and why."""

from __future__ import annotations

import json

from cli_support import CLIENTS, EXAMPLES

IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"


def _file(tmp_path, **server: object):
    path = tmp_path / "body.json"
    body = {"server": {"name": "vm", "flavorRef": "1", "imageRef": IMAGE, **server}}
    path.write_text(json.dumps(body))
    return path


def test_auto_networks_need_2_37(bootreq, tmp_path):
    run = bootreq("needs", str(_file(tmp_path, networks="auto")))
    assert run.status == 0
    lines = run.out.splitlines()
    assert lines[0].endswith("needs microversion 2.37 or newer")
    assert lines[1] == "  because of: server.networks (2.37)"
    assert "  2.37 - 2.104: accepted (changes server.networks)" in lines


def test_bdm_tags_are_accepted_at_2_32_and_from_2_42(bootreq, tmp_path):
    mapping = {"uuid": IMAGE, "source_type": "image", "destination_type": "volume",
               "boot_index": 0, "volume_size": 1, "tag": "root"}
    path = _file(tmp_path, networks="none", block_device_mapping_v2=[mapping])
    result = bootreq("needs", "--format", "json", str(path)).json()["results"][0]
    accepted = [(s["first"], s["last"]) for s in result["spans"] if s["accepted"]]
    assert accepted == [("2.42", "2.104")]  # networks "none" needs 2.37
    path = _file(tmp_path, block_device_mapping_v2=[mapping])
    result = bootreq("needs", "--format", "json", str(path)).json()["results"][0]
    assert [(s["first"], s["last"]) for s in result["spans"] if s["accepted"]] == [
        ("2.32", "2.32")
    ]
    assert result["lowest"] == result["highest"] == "2.32"
    assert result["contiguous"] is True
    assert result["forcing_highest"] == ["server.block_device_mapping_v2[].tag"]


def test_tags_force_2_52_in_the_openstackclient_body(bootreq):
    result = bootreq("needs", "--format", "json",
                     str(CLIENTS / "openstackclient_2.52_tags.json")).json()["results"][0]
    assert result["lowest"] == "2.52" and result["highest"] == "2.104"
    assert result["members_since"] == [
        {"field": "server.tags", "microversion": "2.52"},
        {"field": "server.networks", "microversion": "2.37"},  # "auto"
    ]


def test_personality_ends_at_2_56_and_networks_at_2_36(bootreq, tmp_path):
    path = _file(tmp_path, personality=[{"path": "/etc/motd", "contents": "aGk="}])
    run = bootreq("needs", "--format", "json", str(path))
    result = run.json()["results"][0]
    assert (result["lowest"], result["highest"]) == ("2.1", "2.36")
    assert result["forcing_highest"] == ["server.networks"]  # required from 2.37
    spans = {(s["first"], s["last"]): s for s in result["spans"]}
    assert spans[("2.57", "2.104")]["changes"] == ["removes server.personality"]


def test_a_body_accepted_nowhere_exits_1(bootreq, tmp_path):
    path = _file(tmp_path, tags=["a"], personality=[{"path": "/p", "contents": "aGk="}])
    run = bootreq("needs", str(path))
    assert run.status == 1
    assert run.out.splitlines()[0].endswith(": accepted at no microversion")


def test_release_caps_needs(bootreq):
    if not EXAMPLES.is_dir():
        return
    run = bootreq("needs", "--release", "2023.1", "--format", "json",
                  str(EXAMPLES / "server.json"))
    result = run.json()["results"][0]
    assert result["highest"] == "2.95"
    assert result["spans"][-1]["last"] == "2.95"
