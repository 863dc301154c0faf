"""The same answers from many threads at once, and in every process whatever its hash seed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from tests.property.guarantees import fingerprint

import bootreq

_IMAGE = "c69d4bd8-b3fa-4aa7-a1fa-b9d78c7e134f"
_PORT = "9c7b0a4e-1d2f-4c3b-8a5e-6f7d8c9b0a1e"
_BASE = {"name": "web", "flavorRef": "1", "imageRef": _IMAGE}

# Bodies whose answers could depend on set or dict order, hash seeds or shared state.
BODIES: list[tuple[Any, str]] = [
    ({"server": {**_BASE, "security_groups": [{"name": n} for n in "zyxwvutsrq" * 3]}}, "2.1"),
    ({"server": {**_BASE, "metadata": {"a/b": "1", "c/d": "2", "e/f": "3", "ok": "4"}}}, "2.0"),
    ({"server": {**_BASE, "metadata": {f"k/{i}": "v" for i in range(20)}}}, "2.1"),
    ({"server": {**_BASE, **{f"x{i}": i for i in range(20)}}}, "2.1"),
    ({"server": {**_BASE, "networks": [{"port": _PORT, "junk": 1, "more": 2}]}}, "2.0"),
    ({"server": {**_BASE, "networks": [{"port": _PORT}, {"port": _PORT}]}}, "2.1"),
    ({"server": {**_BASE, "trusted_image_certificates": ["a", "b", "a"]}, "x": 1}, "2.63"),
    ({"server": {**_BASE, "networks": "none", "tags": ["a", "b"],
                 "min_count": 3, "max_count": 3}}, "2.52"),
    ({"server": {**_BASE, "networks": "auto",
                  "block_device_mapping_v2": [{"uuid": _IMAGE, "source_type": "image",
                                               "destination_type": "volume",
                                               "boot_index": 0, "volume_size": 1}]},
      "os:scheduler_hints": {"group": _PORT, "z": ["1"], "a": "2"}}, "2.94"),
    ('{"server": {"name": "a", "name": "b", "flavorRef": "1"}}', "2.1"),
    (b'{"server": {"name": "\xff"}}', "2.1"),
    ("[" * 2000, "2.1"),
    ({"server": {**_BASE, "personality": [{"path": "/p"}]}}, "2.1"),
]


def _digest(result: Any) -> Any:
    if isinstance(result, bootreq.HttpError):
        return ["error", result.status, result.fault, result.message, result.pointer,
                [[v.pointer, v.message] for v in result.violations]]
    return ["build", result.to_nova_kwargs(), list(result.policies)]


def digests() -> list[Any]:
    return [_digest(bootreq.parse(body, version)) for body, version in BODIES]


def test_many_threads_same_answers() -> None:
    expected = [fingerprint(bootreq.parse(body, v), identities=False) for body, v in BODIES]
    work = [(i, body, v) for _ in range(40) for i, (body, v) in enumerate(BODIES)]

    def run(item: tuple[int, Any, str]) -> tuple[int, list[Any]]:
        index, body, version = item
        return index, fingerprint(bootreq.parse(body, version), identities=False)

    with ThreadPoolExecutor(max_workers=16) as pool:
        for index, got in pool.map(run, work):
            assert got == expected[index], BODIES[index]


def test_many_threads_do_not_mutate_a_shared_body() -> None:
    body, version = BODIES[4]  # legacy 2.0 strips unknown members from its own copy
    before = fingerprint(body)
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda _: bootreq.parse(body, version), range(200)))
    assert fingerprint(body) == before


_SCRIPT = """
import json, sys
sys.path.insert(0, {root!r})
from tests.hardening.test_concurrency_and_determinism import digests
print(json.dumps(digests(), sort_keys=True))
"""


@pytest.mark.parametrize("seeds", [("0", "1", "12345", "random")])
def test_same_answers_under_every_hash_seed(seeds: tuple[str, ...]) -> None:
    root = str(Path(__file__).resolve().parents[2])
    outputs = set()
    for seed in seeds:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _SCRIPT.format(root=root)],
            env=env, capture_output=True, text=True, check=True, timeout=120,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert json.loads(outputs.pop()) == json.loads(json.dumps(digests(), sort_keys=True))
