"""The pre-flight recipe passes the example bodies and fails bad ones with Nova's message."""

from __future__ import annotations

import json
from pathlib import Path

import preflight
import pytest

BODIES = Path(__file__).resolve().parents[2] / "examples" / "bodies"
IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"


def server(**members: object) -> str:
    return json.dumps({"server": {"name": "a", "flavorRef": "1", "imageRef": IMAGE, **members}})


def test_example_bodies_pass_at_2_94(capsys: pytest.CaptureFixture[str]) -> None:
    assert preflight.main([str(BODIES), "--microversion", "2.94"]) == 0
    out = capsys.readouterr().out
    assert "0 failed" in out
    assert out.count("ok    ") == len(list(BODIES.glob("*.json")))


def test_server_json_is_valid_at_2_94() -> None:
    verdict = preflight.check(BODIES / "server.json", "2.94", preflight.bootreq.Options())
    assert verdict.ok, verdict.line()


def test_a_bad_template_fails_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "good.json").write_text(server(networks="none"))
    (tmp_path / "bad.json").write_text(server(networks="auto", tags=["a/b"]))
    assert preflight.main([str(tmp_path), "--microversion", "2.94"]) == 1
    out = capsys.readouterr().out
    assert (
        f"FAIL  {tmp_path / 'bad.json'} @ 2.94: 400 badRequest: Invalid input for "
        "field/attribute 0. Value: a/b. 'a/b' does not match '^[^,/]*$'"
    ) in out
    assert f"ok    {tmp_path / 'good.json'} @ 2.94" in out
    assert "1 ok, 1 failed" in out


def test_an_older_cloud(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "t.json"
    target.write_text(server(networks="none"))
    assert preflight.main([str(target), "--max-microversion", "2.79"]) == 0
    assert f"ok    {target} @ latest" in capsys.readouterr().out
    older = ["--microversion", "2.80", "--max-microversion", "2.79"]
    assert preflight.main([str(target), *older]) == 1


def test_malformed_json_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "broken.json").write_text('{"server": {')
    assert preflight.main([str(tmp_path)]) == 1
    assert "400 badRequest: Malformed request body" in capsys.readouterr().out


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    assert preflight.main([str(tmp_path / "nope.json")]) == 2
