"""``bootreq check``: Nova's answer per file, every violation, exit statuses."""

from __future__ import annotations

import json

import pytest
from cli_support import CLIENTS, EXAMPLES

IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"


def _body(**server: object) -> str:
    fields = {"name": "vm", "flavorRef": "1", "imageRef": IMAGE, "networks": "auto", **server}
    return json.dumps({"server": fields})


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="examples/bodies not present")
def test_the_repository_examples_are_accepted(bootreq):
    files = sorted(str(path) for path in EXAMPLES.glob("*.json"))
    run = bootreq("check", *files)
    assert run.status == 0, run.out + run.err
    assert run.out.count(": accepted at ") == len(files)
    # legacy_2_1.json is an envelope pinning 2.1; the others run at latest.
    assert "legacy_2_1.json: accepted at 2.1\n" in run.out
    assert "server.json: accepted at 2.104\n" in run.out


def test_real_client_bodies_get_novas_verdict(bootreq):
    # Captured from openstacksdk 4.22, python-novaclient 18.13 and
    # python-openstackclient 10.5 posting to a recording server.
    run = bootreq("check", "--format", "json", *sorted(map(str, CLIENTS.glob("*.json"))))
    assert run.status == 1
    report = run.json()
    verdicts = {r["file"].rsplit("/", 1)[1]: r for r in report["results"]}
    assert report["accepted"] == 8 and report["rejected"] == 2
    # Rejected as Nova would: a volume type on an existing volume (API layer),
    assert verdicts["novaclient_2.67_bfv.json"]["error"]["message"] == (
        "Block Device Mapping is Invalid: "
        "Specifying volume type to existing volume is not supported."
    )
    # and one hostname for several servers (the checks of compute_api.create).
    assert verdicts["openstackclient_2.90_hostname.json"]["error"]["message"] == (
        "Unable to allocate a single hostname to multiple instances"
    )
    assert verdicts["openstacksdk_auto_tags.json"]["summary"]["tags"] == ["a"]
    assert verdicts["openstacksdk_bfv.json"]["summary"]["networks"] == "none"
    assert verdicts["novaclient_2.1_basic.json"]["microversion"] == "2.1"


def test_api_only_skips_the_compute_checks(bootreq):
    run = bootreq("check", "--api-only", str(CLIENTS / "openstackclient_2.90_hostname.json"))
    assert run.status == 0, run.out
    assert "2-3 servers" in run.out


def test_rejection_names_the_pointer_and_every_violation(bootreq, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(_body(tags=["a"], accessIPv4="10.0.0.256", min_count="0"))
    run = bootreq("check", "-m", "2.51", "--format", "json", str(path))
    assert run.status == 1
    (result,) = run.json()["results"]
    error = result["error"]
    assert result["microversion"] == "2.51" and not result["accepted"]
    assert error["status"] == 400 and error["fault"] == "badRequest"
    assert error["message"] == (
        "Invalid input for field/attribute accessIPv4. Value: 10.0.0.256. "
        "'10.0.0.256' is not a 'ipv4'"
    )
    assert error["pointer"] == "/server/accessIPv4"
    # The first violation is Nova's; the others follow in schema order.
    assert error["violations"] == [
        {"pointer": "/server/accessIPv4", "message": "'10.0.0.256' is not a 'ipv4'",
         "hint": "`accessIPv4` must be an IPv4 address (four decimal octets, e.g. 192.0.2.10)"},
        {"pointer": "/server/min_count", "message": "0 is less than the minimum of 1",
         "hint": "`min_count` must be at least 1; it is 0"},
        {"pointer": "/server",
         "message": "Additional properties are not allowed ('tags' was unexpected)",
         "hint": "`tags` is accepted from 2.52"},
    ]


def test_text_output_lists_the_violations(bootreq, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(_body(tags=["a"], accessIPv4="10.0.0.256"))
    run = bootreq("check", "-m", "2.51", str(path))
    assert run.status == 1
    lines = run.out.splitlines()
    assert lines[0] == f"{path}: rejected at 2.51: 400 badRequest"
    assert "  at /server/accessIPv4 (JSON Pointer)" in lines
    assert "  2 violations:" in lines
    assert "    /server: Additional properties are not allowed ('tags' was unexpected)" in lines
    assert lines[-1] == "0 accepted, 1 rejected"


def test_stdin_and_several_files_in_one_run(bootreq, tmp_path):
    good = tmp_path / "good.json"
    good.write_text(_body())
    run = bootreq("check", str(good), "-", stdin="{not json")
    assert run.status == 1
    assert f"{good}: accepted at 2.104" in run.out
    assert "<stdin>: rejected at 2.104: 400 badRequest\n  Malformed request body\n" in run.out


def test_release_caps_the_microversion(bootreq, tmp_path):
    path = tmp_path / "tags.json"
    path.write_text(_body(networks="auto", tags=["x"]))
    assert bootreq("check", "--release", "Pike", str(path)).status == 0  # 2.53
    run = bootreq("check", "--release", "ocata", "--format", "json", str(path))  # 2.42
    error = run.json()["results"][0]["error"]
    assert run.status == 1
    assert "('tags' was unexpected)" in error["message"]
    run = bootreq("check", "-m", "2.60", "--max-microversion", "2.53", str(path))
    assert "406 computeFault" in run.out
    assert "Minimum is 2.1 and maximum is 2.53." in run.out


def test_release_answers_as_that_nova(bootreq, tmp_path):
    # Nova 29.4.0 validates with Draft 4 (tests/conformance/releases, rel-draft4-004).
    path = tmp_path / "count.json"
    path.write_text(_body(min_count=1.0))
    assert bootreq("check", "-m", "2.90", str(path)).status == 0
    run = bootreq("check", "-m", "2.90", "--release", "29.4.0", str(path))
    assert run.status == 1
    assert "1.0 is not of type 'integer', 'string'" in run.out
    run = bootreq("check", "--release", "2024.1", "--format", "json", str(path))
    assert run.json()["results"][0]["microversion"] == "2.96"
    versions = bootreq("versions", "--format", "json").json()["nova_releases"]
    assert [nova["version"] for nova in versions][:3] == ["34.0.0", "33.0.2", "32.2.1"]
    assert {change["name"] for change in versions[-3]["changes"]} == {"devname", "draft4"}


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["check", "-m", "2.01", "x.json"], "invalid format"),
        (["check", "--release", "diablo", "{file}"], "unknown Nova release 'diablo'"),
        (["check", "does-not-exist.json"], "cannot read does-not-exist.json"),
        (["check", "--release", "zed", "--max-microversion", "2.90", "{file}"], "not allowed"),
        (["check"], "required"),
        ([], "required"),
    ],
)
def test_usage_errors_exit_2(bootreq, tmp_path, args, needle):
    path = tmp_path / "ok.json"
    path.write_text(_body())
    run = bootreq(*[arg.format(file=path) for arg in args])
    assert run.status == 2
    assert needle in run.err
    assert run.out == ""


@pytest.mark.parametrize("command", ["check", "needs", "schema", "versions"])
def test_every_command_has_help(bootreq, command):
    run = bootreq(command, "--help")
    assert run.status == 0
    assert run.out.startswith(f"usage: bootreq {command}")
    top = bootreq("--help")
    assert f"    {command}" in top.out and "exit status: 0 all accepted" in top.out
