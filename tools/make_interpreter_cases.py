#!/usr/bin/env python3
"""Write the interpreter-sensitive conformance cases (tests/conformance/interpreter/).

    python3 tools/make_interpreter_cases.py
    ~/nova-venv/bin/python ../shared/oracle/nova_verdict.py \
        tests/conformance/interpreter/cases.jsonl -o tests/conformance/interpreter/verdicts.jsonl

Inputs whose answer a Python could change: base64 forms (CPython's
CVE-2026-3446 fix changed what its decoder accepts), and characters newer than
Unicode 14.0 (Python 3.11's database, the one Nova 34.0.0 is graded on) in
every string slot and in the microversion. Expected answers are Nova's, on
CPython 3.11.7, recorded by the oracle; the suite runs them on every Python.
"""

from __future__ import annotations

import copy
import json
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_conformance_cases import U, Writer, base, minor

TOPIC = "interpreter"

BASE64_FORMS = [
    "", "=", "==", "====", "YQ==", "YQ=", "YQ", "Y", "YWJj", "YWJjYQ==YWJj", "YQ==YQ==",
    "YQ==Y", "YQ==YQ", "YWJ=YWJj", "YWJ=YW", "YWJjYQ=", "Y=Q=", "YQ=\n=", "YQ= =", " YWJj ",
    "YW\nJj", "YW Jj", "YWJj!", "!!!!", "****YWJj", "YWJjY", "YWJjYW", "YWJjYWJ", "YWJjYWJ=",
    "YWJj====", "=YWJj", "==YQ", "YQ==\n", "\tYWJj\r\n", "YWJjYQ==!!!", "YWJjYQ==Y",
    "YWJjYQ==YWJjYQ==", "YW==", "Y===", "YWJ==", "YWJ=x", "YQ=x=", "-_-_", "YWJj\u0000",
    "YWJj\u00e9", "Zg==Zg==", "Zm9v=Zg==", "Zg===", "Zg==Zg==Zg==", "Zm9vYg==Zm9vYg==",
    "Zh==X", "Zm8=g", "Zg=g", "Z=g=", "A=", "Zm9vYm E=", "YWJjYQ==\u0661",
]

# Characters Python 3.11 (Unicode 14.0) does not know, and newer Pythons do.
NEW_CHARACTERS = {
    "kawi-digit-15.0": "\U00011F51",
    "kawi-letter-15.0": "\U00011F04",
    "kannada-15.0-bmp": "\u0CF3",
    "lao-15.0-bmp": "\u0ECE",
    "nag-mundari-digit-15.0": "\U0001E4F1",
    "cjk-ext-h-15.0": "\U00031350",
    "ideographic-15.1-bmp": "\u2FFC",
    "cjk-ext-i-15.1": "\U0002EBF0",
    "cyrillic-16.0-bmp": "\u1C89",
    "latin-capital-16.0-bmp": "\uA7CB",
    "outlined-digit-16.0": "\U0001CCF1",
    "emoji-15.0": "\U0001FAE8",
    "arabic-16.0-bmp": "\u0897",
    "known-14.0-arabic-digit": "\u0661",
}

Setter = Callable[[dict[str, Any], str], None]


def server_member(name: str) -> Setter:
    def put(body: dict[str, Any], value: str) -> None:
        body["server"][name] = value
    return put


def at(path: str, shape: Callable[[str], Any]) -> Setter:
    def put(body: dict[str, Any], value: str) -> None:
        body["server"][path] = shape(value)
    return put


def hint(name: str, shape: Callable[[str], Any] = lambda v: v) -> Setter:
    def put(body: dict[str, Any], value: str) -> None:
        body["os:scheduler_hints"] = {name: shape(value)}
    return put


def bdm_v2(field: str, mv: str) -> Setter:
    def put(body: dict[str, Any], value: str) -> None:
        entry: dict[str, Any] = {"boot_index": 0, "uuid": U, "source_type": "volume",
                                 "destination_type": "volume"}
        entry[field] = value
        body["server"]["block_device_mapping_v2"] = [entry]
    return put


def bdm_legacy(field: str) -> Setter:
    def put(body: dict[str, Any], value: str) -> None:
        entry: dict[str, Any] = {"device_name": "vda", "volume_id": U}
        entry[field] = value
        body["server"]["block_device_mapping"] = [entry]
    return put


def network(field: str) -> Setter:
    def put(body: dict[str, Any], value: str) -> None:
        entry: dict[str, Any] = {"uuid": U}
        entry[field] = value
        body["server"]["networks"] = [entry]
    return put


# slot name -> (setter, the microversions it is tried at)
SLOTS: dict[str, tuple[Setter, list[str]]] = {
    "name": (server_member("name"), ["2.0", "2.1", "2.94"]),
    "description": (server_member("description"), ["2.19", "2.94"]),
    "metadata-key": (at("metadata", lambda v: {f"k{v}": "x"}), ["2.0", "2.1", "2.94"]),
    "metadata-value": (at("metadata", lambda v: {"k": f"x{v}"}), ["2.1", "2.94"]),
    "hostname": (server_member("hostname"), ["2.90", "2.94"]),
    "key_name": (server_member("key_name"), ["2.1", "2.94"]),
    "availability_zone": (server_member("availability_zone"), ["2.0", "2.1", "2.94"]),
    "availability_zone-host": (
        at("availability_zone", lambda v: f"nova:h{v}"), ["2.1", "2.94"]),
    "tags": (at("tags", lambda v: [f"t{v}"]), ["2.52", "2.94"]),
    "security_groups": (at("security_groups", lambda v: [{"name": f"sg{v}"}]),
                        ["2.0", "2.1", "2.94"]),
    "network-uuid": (network("uuid"), ["2.1", "2.94"]),
    "network-port": (network("port"), ["2.1", "2.94"]),
    "network-fixed_ip": (network("fixed_ip"), ["2.1", "2.94"]),
    "network-tag": (network("tag"), ["2.42", "2.94"]),
    "bdm-device_name": (bdm_v2("device_name", "2.1"), ["2.1", "2.94"]),
    "bdm-uuid": (bdm_v2("uuid", "2.1"), ["2.1", "2.94"]),
    "bdm-volume_size": (bdm_v2("volume_size", "2.1"), ["2.1", "2.94"]),
    "bdm-boot_index": (bdm_v2("boot_index", "2.1"), ["2.1", "2.94"]),
    "bdm-disk_bus": (bdm_v2("disk_bus", "2.1"), ["2.1", "2.94"]),
    "bdm-device_type": (bdm_v2("device_type", "2.1"), ["2.1"]),
    "bdm-guest_format": (bdm_v2("guest_format", "2.1"), ["2.1"]),
    "bdm-tag": (bdm_v2("tag", "2.42"), ["2.42", "2.94"]),
    "bdm-volume_type": (bdm_v2("volume_type", "2.67"), ["2.67", "2.94"]),
    "bdm-legacy-virtual_name": (bdm_legacy("virtual_name"), ["2.0", "2.1"]),
    "bdm-legacy-volume_size": (bdm_legacy("volume_size"), ["2.0", "2.1"]),
    "bdm-legacy-snapshot_id": (bdm_legacy("snapshot_id"), ["2.1"]),
    "hint-group": (hint("group"), ["2.1", "2.94"]),
    "hint-same_host": (hint("same_host"), ["2.1"]),
    "hint-different_host": (hint("different_host", lambda v: [v]), ["2.1"]),
    "hint-cidr": (hint("cidr", lambda v: f"/2{v}"), ["2.1"]),
    "hint-build_near_host_ip": (hint("build_near_host_ip"), ["2.1"]),
    "hint-custom": (hint("custom"), ["2.1", "2.94"]),
    "hint-custom-key": (lambda b, v: b.update({"os:scheduler_hints": {f"h{v}": "x"}}),
                        ["2.1"]),
    "flavorRef": (server_member("flavorRef"), ["2.0", "2.1", "2.94"]),
    "flavorRef-suffix": (at("flavorRef", lambda v: f"1{v}"), ["2.1"]),
    "flavorRef-url": (at("flavorRef", lambda v: f"http://h{v}/flavors/1"), ["2.1"]),
    "imageRef": (server_member("imageRef"), ["2.0", "2.1", "2.94"]),
    "adminPass": (server_member("adminPass"), ["2.0", "2.1", "2.94"]),
    "accessIPv4": (server_member("accessIPv4"), ["2.0", "2.1"]),
    "accessIPv6": (server_member("accessIPv6"), ["2.1"]),
    "user_data": (server_member("user_data"), ["2.1"]),
    "personality-path": (at("personality", lambda v: [{"path": f"/p{v}", "contents": "YQ=="}]),
                         ["2.0", "2.1"]),
    "config_drive": (server_member("config_drive"), ["2.1"]),
    "min_count": (server_member("min_count"), ["2.1"]),
    "min_count-suffix": (at("min_count", lambda v: f"1{v}"), ["2.1"]),
    "max_count-suffix": (at("max_count", lambda v: f"2{v}"), ["2.0", "2.1"]),
    "OS-DCF:diskConfig": (server_member("OS-DCF:diskConfig"), ["2.1"]),
    "return_reservation_id": (server_member("return_reservation_id"), ["2.1"]),
    "trusted_image_certificates": (at("trusted_image_certificates", lambda v: [f"c{v}"]),
                                   ["2.63"]),
    "host": (server_member("host"), ["2.74"]),
    "hypervisor_hostname": (server_member("hypervisor_hostname"), ["2.74"]),
    "unknown-member": (lambda b, v: b["server"].update({f"x{v}": 1}), ["2.0", "2.1"]),
}

MICROVERSIONS = [
    "2.1\U00011F51", "2.\U00011F51", "2.1\U0001E4F1", "2.1\U0001CCF1", "2.1\U00016D71",
    "2.1\u0661", "2.\u0661", "2.1\u0661\u0660", "2.9\U0001D7D9", "2\U00011F51.1",
    "2.5\u3000", "\u30002.5", "2.5\u180e", "2.5\u200b", "2.1\uff11", "2.1\U00011BF1",
    "2.1\U000116D1", "2.1\U0001FBF1",
]


# For the fuzzed topic: characters newer than Unicode 14.0, and a few that
# are not (a known digit, whitespace, base64 pieces).
FUZZ_POOL = [
    "\U00011F51", "\U00011F04", "\u0CF3", "\u0ECE", "\U0001E4F1", "\U00031350", "\u2FFC",
    "\U0002EBF0", "\u1C89", "\uA7CB", "\U0001CCF1", "\U0001FAE8", "\u0897", "\U00016D71",
    "\U00011BF1", "\u0661", "\u3000", "\u2029", "\U0001D7D9", "\u31EF", "\u2427", "\uA7DC",
    "\U0001E5D1", "\U0001F8B0", "\U00010D40", "\u1C8A", "\U00011F50", "=", "YQ==", "\n",
]
FUZZ_CASES = 2000


def _strings(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[str, tuple[Any, ...], str]]:
    found: list[tuple[str, tuple[Any, ...], str]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append(("key", path, key))
            found += _strings(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _strings(value, (*path, index))
    elif isinstance(node, str):
        found.append(("value", path, node))
    return found


def fuzz(writer: Writer) -> None:
    """The dev corpus's bodies, one string (member name or value) given a new character."""
    rnd = random.Random(16)
    dev = Path(__file__).resolve().parent.parent / "tests/conformance/dev-corpus/cases.jsonl"
    for line in dev.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        done = len(writer.topics.get("interpreter-fuzz", []))
        if not isinstance(case.get("body"), dict) or done >= FUZZ_CASES:
            continue
        body = copy.deepcopy(case["body"])
        slots = _strings(body)
        if not slots:
            continue
        kind, path, text = rnd.choice(slots)
        position = rnd.randint(0, len(text))
        new = text[:position] + rnd.choice(FUZZ_POOL) + text[position:]
        holder: Any = body
        for step in path[:-1] if kind == "value" else path:
            holder = holder[step]
        if kind == "value":
            holder[path[-1]] = new
        else:
            renamed = {(new if key == text else key): value for key, value in holder.items()}
            holder.clear()
            holder.update(renamed)
        version = case.get("microversion")
        if isinstance(version, str) and rnd.random() < 0.1:
            position = rnd.randint(0, len(version))
            version = version[:position] + rnd.choice(FUZZ_POOL) + version[position:]
        writer.add("interpreter-fuzz", version, body, options=case.get("options"),
                   label=f"{case['id']} {kind} at {list(path)!a}")


def main() -> None:
    writer = Writer()
    for version in ["2.0", "2.1", "2.56", "2.57", "2.94"]:
        for form in BASE64_FORMS:
            writer.add(TOPIC, version, base(version, user_data=form),
                       label=f"user_data {form!a}")
            if version == "2.0" or minor(version) < 57:
                writer.add(TOPIC, version,
                           base(version, personality=[{"path": "/f", "contents": form}]),
                           label=f"personality contents {form!a}")
    # Which error comes first: a base64 field before or after another mistake.
    for version in ["2.0", "2.1"]:
        writer.add(TOPIC, version, base(version, user_data="YWJjYQ==YWJj", min_count="x"),
                   label="user_data data after padding, bad min_count")
        writer.add(TOPIC, version, base(version, personality=[
            {"path": "/f", "contents": "YQ==YQ"}, {"path": 1, "contents": "YQ=="}]),
            label="contents data after padding, bad path")
    for label, char in NEW_CHARACTERS.items():
        for slot, (put, versions) in SLOTS.items():
            for version in versions:
                for value in (char, f"a{char}b"):
                    body = copy.deepcopy(base(version))
                    if version != "2.0" and minor(version) >= 37 and slot.startswith("bdm"):
                        body["server"].pop("imageRef")
                    put(body, value)
                    writer.add(TOPIC, version, body, label=f"{slot} {label} {value!a}")
    for mv in MICROVERSIONS:
        writer.add(TOPIC, mv, base("2.1"), label=f"microversion {mv!a}")
        writer.add(TOPIC, mv, base("2.94"), label=f"microversion {mv!a}, 2.37+ body")
    fuzz(writer)
    writer.write()
    for topic, cases in writer.topics.items():
        print(f"{topic}: {len(cases)} cases")


if __name__ == "__main__":
    main()
