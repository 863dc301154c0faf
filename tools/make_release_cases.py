"""Write tests/conformance/releases/cases.jsonl: boundary cases of each release change.

Each case probes one entry of bootreq.release_rules.CHANGES from both sides
(the older answer and 34.0.0's), plus its neighbours (other errors reported
first or after). Verdicts are recorded with each release's own oracle venv
(oracle/releases/<v>/setup.md), never with bootreq:

    python3 tools/make_release_cases.py
    $NOVA_PY ../shared/oracle/releases/harness/nova_verdict.py \
        tests/conformance/releases/cases.jsonl -o tests/conformance/releases/<v>/verdicts.jsonl

``releases/topic-cases.jsonl`` holds the cases of the conformance topics
(``tests/conformance/<topic>/cases.jsonl``) whose answer in Nova 29.4.0 or
31.0.0 differs from 34.0.0's; ``<v>/topic-verdicts.jsonl`` are those
releases' verdicts on them, recorded the same way.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests/conformance/releases/cases.jsonl"
IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"
UUID2 = "db87604b-0b5d-4321-a776-1d82583cd18a"


def server(**members: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"name": "a", "flavorRef": "1", "imageRef": IMAGE}
    base.update(members)
    return {k: v for k, v in base.items() if v is not _DROP}


_DROP = object()
cases: list[dict[str, Any]] = []


def case(topic: str, microversion: str | None, body: Any, **extra: Any) -> None:
    cases.append({"id": f"rel-{topic}-{len(cases):03d}", "microversion": microversion,
                  "body": body, **extra})


def at(mv: str, **members: Any) -> dict[str, Any]:
    body = server(**members)
    if mv not in ("2.0",) and float(mv.split(".")[1]) >= 37 and "networks" not in body:
        body["networks"] = "none"
    return {"server": body}


# -- draft4: integral floats
for mv in ("2.0", "2.1", "2.37", "2.90"):
    case("draft4", mv, at(mv, flavorRef=2.0))
    case("draft4", mv, at(mv, min_count=1.0))
    case("draft4", mv, at(mv, max_count=2.0, min_count=1))
for value in (1e3, -1.0, 2.5, 0.0, 1e300, True):
    case("draft4", "2.1", at("2.1", flavorRef=value))
    case("draft4", "2.1", at("2.1", min_count=value))
case("draft4", "2.1", at("2.1", flavorRef=2.0, accessIPv4="x"))
case("draft4", "2.1", at("2.1", accessIPv4="x", flavorRef=2.0))
for bdm in ({"volume_size": 1.0}, {"volume_size": 0.0}, {"boot_index": 0.0},
            {"boot_index": 1.0}, {"volume_size": 1.0, "boot_index": 0.0}):
    entry = {"uuid": IMAGE, "source_type": "image", "destination_type": "volume",
             "boot_index": 0, "volume_size": 1, **bdm}
    case("draft4", "2.63", at("2.63", block_device_mapping_v2=[entry]))
    legacy = {"volume_id": IMAGE, "device_name": "vda", **bdm}
    legacy.pop("boot_index", None)
    case("draft4", "2.1", at("2.1", block_device_mapping=[legacy]))

# -- minlen: jsonschema wording of the limits 1 and 0
for mv, members in (
    ("2.1", {"name": ""}), ("2.1", {"key_name": ""}), ("2.1", {"availability_zone": ""}),
    ("2.1", {"flavorRef": ""}), ("2.1", {"min_count": ""}), ("2.1", {"max_count": ""}),
    ("2.63", {"trusted_image_certificates": []}), ("2.63", {"trusted_image_certificates": [""]}),
    ("2.52", {"tags": [""]}), ("2.74", {"host": ""}), ("2.74", {"hypervisor_hostname": ""}),
    ("2.90", {"hostname": ""}), ("2.90", {"hostname": "a"}), ("2.94", {"hostname": ""}),
    ("2.1", {"security_groups": [{"name": ""}]}),
    ("2.1", {"block_device_mapping": [{"device_name": "", "volume_id": IMAGE}]}),
    ("2.42", {"networks": [{"uuid": IMAGE, "tag": ""}]}),
    ("2.1", {"imageRef": "x"}), ("2.1", {"metadata": {"": "v"}}),
    ("2.1", {"block_device_mapping_v2": [{"uuid": "", "source_type": "image",
                                          "destination_type": "local", "boot_index": 0}]}),
):
    case("minlen", mv, at(mv, **members))

# -- order: parameter types' keyword order (format/pattern vs the lengths)
long_bad_name = " " + "x" * 300
for mv, members in (
    ("2.0", {"name": ""}), ("2.0", {"availability_zone": ""}), ("2.0", {"key_name": ""}),
    ("2.0", {"name": long_bad_name}), ("2.1", {"name": long_bad_name}),
    ("2.1", {"name": "x" * 256}), ("2.1", {"name": " x"}), ("2.0", {"name": "   "}),
    ("2.1", {"key_name": long_bad_name}), ("2.1", {"availability_zone": "x" * 300 + "\u0001"}),
    ("2.0", {"security_groups": [{"name": ""}]}),
    ("2.90", {"hostname": "-" * 64}), ("2.90", {"hostname": "_"}), ("2.90", {"hostname": "a_"}),
    ("2.94", {"hostname": "a b" * 100}), ("2.74", {"host": "a b" * 100}),
    ("2.74", {"hypervisor_hostname": "!" * 256}),
    ("2.19", {"description": "\u0001" * 256}), ("2.19", {"description": "x" * 256}),
    ("2.52", {"tags": ["a/b" * 30]}), ("2.52", {"tags": [","]}),
    ("2.42", {"networks": [{"uuid": IMAGE, "tag": "," * 61}]}),
    ("2.42", {"block_device_mapping_v2": [{"uuid": IMAGE, "source_type": "image",
                                           "destination_type": "volume", "boot_index": 0,
                                           "volume_size": 1, "tag": "/" * 61}]}),
):
    case("order", mv, at(mv, **members))

# -- oneof: networks[].port, v2.0 user_data
for mv in ("2.1", "2.37", "2.42"):
    for port in ("port-1", None, 5, "", IMAGE, [IMAGE]):
        case("oneof", mv, at(mv, networks=[{"port": port}]))
    case("oneof", mv, at(mv, networks=[{"port": "bad", "uuid": "bad", "fixed_ip": "x"}]))
for user_data in (None, 5, "aGVsbG8", "aGVsbG8=", "A" * 65540, "", ["x"], "é"):
    case("oneof", "2.0", at("2.0", user_data=user_data))
    case("oneof", "2.1", at("2.1", user_data=user_data))

# -- devname: the legacy device_name pattern
for name in ("vd a", "vd-a", "vd`a", "vd^a", "/dev/vda", "vdq", "vdr", "vds", "v\\a", "vd[a"):
    case("devname", "2.1", at("2.1", block_device_mapping=[
        {"volume_id": IMAGE, "device_name": name}]))
    case("devname", "2.63", at("2.63", block_device_mapping_v2=[
        {"uuid": IMAGE, "source_type": "volume", "destination_type": "volume",
         "boot_index": 0, "device_name": name}]))

# -- imglocal: image->local at boot index 0 with an empty imageRef
for image_ref in ("", _DROP, IMAGE, None):
    for boot_index in (0, "0", 1, None):
        entry = {"uuid": IMAGE, "source_type": "image", "destination_type": "local",
                 "boot_index": boot_index}
        if image_ref is None:
            continue  # imageRef null is a schema error at every release
        case("imglocal", "2.63", at("2.63", imageRef=image_ref,
                                     block_device_mapping_v2=[entry]))
case("imglocal", "2.1", at("2.1", imageRef="", block_device_mapping_v2=[
    {"uuid": IMAGE, "source_type": "image", "destination_type": "local", "boot_index": 0},
    {"uuid": UUID2, "source_type": "volume", "destination_type": "volume", "boot_index": 1}]))

# -- group: scheduler_hints.group
for key in ("os:scheduler_hints", "OS-SCH-HNT:scheduler_hints"):
    for group in ([IMAGE, UUID2], [IMAGE], [], "g1", 1, None, ["bad"], IMAGE, {"a": 1}):
        case("group", "2.36", {"server": server(), key: {"group": group}})
case("group", "2.0", {"server": server(), "os:scheduler_hints": {"group": [IMAGE]}})
case("group", "2.90", {"server": server(networks="none"),
                       "os:scheduler_hints": {"group": "g1", "different_host": "x"}})

# -- legacyv2: soft additionalProperties on all-unknown objects
for members in (
    {"metadata": {"k!": "v"}}, {"metadata": {"k!": "v", "ok": "v"}},
    {"metadata": {"k" * 300: "v"}}, {"security_groups": [{"foo": "bar"}]},
    {"security_groups": [{"foo": "bar", "name": "default"}]},
    {"networks": [{"foo": 1}]}, {"networks": [{"foo": 1, "uuid": IMAGE}]},
    {"block_device_mapping": [{"foo": 1}]},
    {"block_device_mapping_v2": [{"foo": 1}]},
    {"personality": [{"foo": "x"}]},
):
    case("legacyv2", "2.0", at("2.0", **members))
case("legacyv2", "2.0", {"server": {"foo": 1}})
case("legacyv2", "2.0", {"foo": 1})
case("legacyv2", "2.0", {"server": server(), "foo": 1})

# -- 413 and the maximum microversion
case("limits", "2.1", {"server": server(metadata={"k": "v" * 200}, user_data="A" * 120000)})
for mv in ("2.95", "2.96", "2.97", "2.100", "2.101", "2.103", "2.104", "latest", "3.0"):
    case("limits", mv, at("2.90", networks="none"))

OUT.write_text("".join(json.dumps(c, sort_keys=True) + "\n" for c in cases), encoding="utf-8")
print(f"{len(cases)} cases -> {OUT}")
