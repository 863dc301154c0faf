"""The cloud state's JSON form (bootreq.cloud): what it reads, and where a wrong file is wrong."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import bootreq
from bootreq.cloud import Cloud, CloudStateError, Flavor, Image, KeyPair, Quota, Quotas
from bootreq.options import Options

IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"


def test_reads_every_member() -> None:
    cloud = Cloud.from_json({
        "images": {"a": {"status": "queued", "size": 3, "properties": {"os_type": "linux"}},
                   "b": None},
        "keypairs": {"k": {"public_key": "p", "type": "x509"}, "gone": None},
        "quotas": {"cores": {"limit": -1}, "ram": {"limit": 5, "in_use": 1}},
    })
    assert cloud.images["a"] == Image(status="queued", size=3, properties={"os_type": "linux"})
    assert cloud.images["b"] is None
    assert cloud.keypairs == {"k": KeyPair(public_key="p", type="x509"), "gone": None}
    assert cloud.quotas == Quotas(cores=Quota(limit=-1), ram=Quota(limit=5, in_use=1))
    assert Cloud.from_json({}) == Cloud()


def test_is_immutable() -> None:
    document: dict[str, Any] = {"keypairs": {"k": None}}
    cloud = Cloud.from_json(document)
    document["keypairs"]["other"] = None
    assert dict(cloud.keypairs) == {"k": None}
    with pytest.raises(TypeError):
        cloud.keypairs["x"] = None  # type: ignore[index]


@pytest.mark.parametrize(("document", "pointer"), [
    ([], ""),
    ({"image": {}}, "/image"),
    ({"images": []}, "/images"),
    ({"images": {"a/b": 3}}, "/images/a~1b"),
    ({"images": {"a~b": {"size": "1"}}}, "/images/a~0b/size"),
    ({"images": {"a": {"size": True}}}, "/images/a/size"),
    ({"images": {"a": {"status": None}}}, "/images/a/status"),
    ({"images": {"a": {"properties": []}}}, "/images/a/properties"),
    ({"images": {"a": {"bogus": 1}}}, "/images/a/bogus"),
    ({"keypairs": {"k": {"public_key": 1}}}, "/keypairs/k/public_key"),
    ({"keypairs": {"k": "ssh"}}, "/keypairs/k"),
    ({"quotas": {"disk": {"limit": 1}}}, "/quotas/disk"),
    ({"quotas": {"cores": {"in_use": 1}}}, "/quotas/cores"),
    ({"quotas": {"cores": {"limit": 1.5}}}, "/quotas/cores/limit"),
    ({"quotas": {"ram": {"limit": 1, "in_use": "2"}}}, "/quotas/ram/in_use"),
])
def test_errors_name_the_pointer(document: Any, pointer: str) -> None:
    with pytest.raises(CloudStateError) as raised:
        Cloud.from_json(document)
    assert raised.value.pointer == pointer
    assert str(raised.value).startswith((pointer or "/") + ": ")


def test_no_cloud_answers_as_before() -> None:
    body = {"server": {"name": "vm", "flavorRef": "1", "imageRef": IMAGE, "key_name": "k",
                       "networks": "none", "max_count": 50}}
    flavor = Flavor(vcpus=1, memory_mb=512, root_gb=1)
    plain = bootreq.parse(body, "2.67", options=Options(flavor=flavor))
    assert not isinstance(plain, bootreq.HttpError)
    assert plain.compute is not None and plain.compute.instance_names.total == 50
    empty = bootreq.parse(body, "2.67", options=Options(flavor=flavor, cloud=Cloud()))
    assert empty == plain


def test_check_reads_a_cloud_file(tmp_path: Path) -> None:
    state = tmp_path / "cloud.json"
    state.write_text(json.dumps({"keypairs": {"k": None}}), encoding="utf-8")
    body = tmp_path / "body.json"
    body.write_text(json.dumps({"server": {"name": "vm", "flavorRef": "1", "imageRef": IMAGE,
                                           "key_name": "k", "networks": "none"}}))
    run = [sys.executable, "-m", "bootreq", "check", "-m", "2.67", "--format", "json"]
    refused = subprocess.run([*run, "--cloud", str(state), str(body)],
                             capture_output=True, text=True, check=False)
    assert refused.returncode == 1, refused.stderr
    assert json.loads(refused.stdout)["results"][0]["error"]["message"] == (
        "Invalid key_name provided.")
    state.write_text(json.dumps({"keypairs": {"k": 1}}), encoding="utf-8")
    wrong = subprocess.run([*run, "--cloud", str(state), str(body)],
                           capture_output=True, text=True, check=False)
    assert wrong.returncode == 2
    assert "/keypairs/k: expected an object" in wrong.stderr
