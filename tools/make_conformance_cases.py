#!/usr/bin/env python3
"""Write bootreq's own conformance cases, one folder per topic.

    python3 tools/make_conformance_cases.py        # writes tests/conformance/<topic>/cases.jsonl

Then record Nova's verdicts for them (needs a virtualenv with nova==34.0.0):

    tools/record_verdicts.sh ~/nova-venv/bin/python

Cases use the oracle's format (../shared/oracle/README.md). Expected answers
never come from here: they are Nova's, recorded by the oracle.
"""

from __future__ import annotations

import base64
import copy
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "conformance"

U = "9c7b0a4e-1d2f-4c3b-8a5e-6f7d8c9b0a1e"
U2 = "70a599e0-31e7-49b7-b260-868f441e862b"
IMG = "70a599e0-31e7-49b7-b260-868f441e862b"
VERSIONS = [
    "2.0",
    "2.1",
    "2.18",
    "2.19",
    "2.31",
    "2.32",
    "2.33",
    "2.36",
    "2.37",
    "2.41",
    "2.42",
    "2.51",
    "2.52",
    "2.56",
    "2.57",
    "2.60",
    "2.62",
    "2.63",
    "2.66",
    "2.67",
    "2.72",
    "2.73",
    "2.74",
    "2.89",
    "2.90",
    "2.93",
    "2.94",
    "2.104",
]


def minor(v: str) -> int:
    return int(v.split(".")[1])


def base(v: str, **extra: object) -> dict:
    server: dict = {"name": "vm", "flavorRef": "1", "imageRef": IMG}
    if v != "2.0" and minor(v) >= 37:
        server["networks"] = "none"
    server.update(extra)
    return {"server": server}


class Writer:
    def __init__(self) -> None:
        self.topics: dict[str, list[dict]] = {}

    def add(
        self,
        topic: str,
        mv: str | None,
        body: object = None,
        *,
        raw: str | None = None,
        raw_b64: str | None = None,
        options: dict | None = None,
        label: str = "",
    ) -> None:
        cases = self.topics.setdefault(topic, [])
        case: dict = {"id": f"{topic}-{len(cases) + 1:04d}", "microversion": mv}
        if raw is not None:
            case["raw"] = raw
        elif raw_b64 is not None:
            case["raw_b64"] = raw_b64
        else:
            case["body"] = body
        if options:
            case["options"] = options
        if label:
            case["meta"] = {"label": label}
        cases.append(case)

    def write(self) -> None:
        for topic, cases in self.topics.items():
            folder = ROOT / topic
            folder.mkdir(parents=True, exist_ok=True)
            with open(folder / "cases.jsonl", "w", encoding="utf-8") as out:
                for case in cases:
                    out.write(json.dumps(case, ensure_ascii=False) + "\n")


def envelope(w: Writer) -> None:
    ok = base("2.1")
    for mv in [
        None,
        "2.1",
        "latest",
        "LATEST",
        "Latest",
        "2.104",
        "2.105",
        "2.999",
        "3.0",
        "1.0",
        "1.1",
        "0.1",
        "2.01",
        "02.1",
        "2.1.1",
        "abc",
        "",
        " ",
        "2",
        "2.",
        ".1",
        "-2.5",
        " 2.5",
        "2.5 ",
        "2,5",
        "2.5,2.7",
        "2.5, 2.300",
        "compute 2.5",
        "2.0",
        "2.00",
        "2.5 extra",
        "2.5\t",
        "\u0662.5",
    ]:
        w.add("envelope", mv, ok, label=f"microversion {mv!r}")
    for raw in [
        "",
        " ",
        "\n",
        "null",
        "[]",
        "{}",
        "5",
        '"server"',
        "true",
        "NaN",
        '{"server": NaN}',
        "\ufeff{}",
        '{"server": {}} x',
        '{"server": {"name": "a", "name": 5}}',
        json.dumps(ok) + "   \n",
        "{'server': {}}",
        '{"server": {"name": "\\ud800", "flavorRef": "1"}}',
        '{"server": {"name": "vm", "flavorRef": 1e400, "imageRef": "%s"}}' % IMG,
        '{"server": {"name": "vm", "flavorRef": -0, "imageRef": "%s"}}' % IMG,
        '{"server": {"name": "vm", "flavorRef": "1", "min_count": %s, "imageRef": "%s"}}'
        % ("9" * 4301, IMG),
        '{"server": {"name": "vm", "flavorRef": "1", "min_count": %s, "imageRef": "%s"}}'
        % ("9" * 4300, IMG),
    ]:
        w.add("envelope", "2.1", raw=raw, label="raw body")
    for data in [b"\xff\xfe", b'{"server": {"name": "\xe9"}}', b"\xc3\x28"]:
        w.add("envelope", "2.1", raw_b64=base64.b64encode(data).decode(), label="bytes")
    # Size limit: exactly at and one past 114688 bytes.
    for size in (114688, 114689):
        body = base("2.1", metadata={})
        text = json.dumps(body)
        pad = size - len(text) - len(', "adminPass": ""')
        body["server"]["adminPass"] = "x" * pad
        assert len(json.dumps(body)) == size
        w.add("envelope", "2.1", body, label=f"size {size}")
    for depth in (10, 100, 400):
        raw = (
            json.dumps(base("2.1"))[:-1]
            + ', "os:scheduler_hints": {"x": '
            + "[" * depth
            + "]" * depth
            + "}}"
        )
        w.add("envelope", "2.1", raw=raw, label=f"depth {depth}")
    for depth in (950, 2000):
        raw = "[" * depth + "]" * depth
        w.add("envelope", "2.1", raw=raw, label=f"depth {depth}")


STRINGY = [
    "",
    " ",
    "a",
    "a\n",
    "a\n\n",
    "a\r",
    " a",
    "a ",
    "\u00a0a",
    "a\u3000",
    "\t",
    "é",
    "😀",
    "\uffff",
    "\ufffe",
    "\u00ad",
    "\u200b",
    "a:b",
    "a/b",
    "a,b",
    "x" * 255,
    "x" * 256,
    "x" * 63,
    "x" * 64,
    "x" * 60,
    "x" * 61,
    5,
    1.5,
    None,
    True,
    [],
    {},
]


def fields(w: Writer) -> None:
    for v in ["2.0", "2.1", "2.19", "2.52", "2.74", "2.90", "2.94"]:
        for field in [
            "name",
            "availability_zone",
            "key_name",
            "description",
            "hostname",
            "host",
            "hypervisor_hostname",
            "adminPass",
            "user_data",
            "accessIPv4",
            "accessIPv6",
            "OS-DCF:diskConfig",
            "flavorRef",
            "imageRef",
        ]:
            for value in STRINGY:
                w.add("field-strings", v, base(v, **{field: value}), label=field)
    for field in ["min_count", "max_count"]:
        for value in [
            0,
            1,
            2,
            2.0,
            0.0,
            2.5,
            -1,
            "0",
            "1",
            "05",
            "1\n",
            "1\n\n",
            " 1",
            "",
            "a",
            "1e2",
            True,
            None,
            [],
            float("inf"),
            "9" * 30,
            10**20,
        ]:
            w.add("field-counts", "2.1", base("2.1", **{field: value}))
    w.add("field-counts", "2.1", base("2.1", min_count=3, max_count=2))
    w.add("field-counts", "2.1", base("2.1", min_count="3", max_count="10"))
    w.add("field-counts", "2.1", base("2.1", min_count=3))
    w.add("field-counts", "2.1", base("2.1", max_count=3))
    for field in ["config_drive", "return_reservation_id"]:
        for value in [
            True,
            False,
            "True",
            "true",
            "TRUE",
            "tRUE",
            "1",
            "0",
            "on",
            "On",
            "yes",
            "no",
            "False",
            "off",
            "",
            "maybe",
            1,
            0,
            None,
        ]:
            w.add("field-booleans", "2.1", base("2.1", **{field: value}))
    for value in [
        "1",
        1,
        0,
        -5,
        "-5",
        "http://x/v2.1/flavors/42",
        "http://x/flavors/42?a=b#c",
        "/flavors/7/",
        "a/b",
        "http://x",
        " 42",
        "4\t2",
        "1 ",
        "http://x/a;p/7;q",
        "x:y/z",
        "http://x/flavors/%20",
        "http://[::1",
        "http://[abc]/x",
        "",
        1.0,
        2.0,
        1.5,
        True,
    ]:
        w.add("field-flavorref", "2.1", base("2.1", flavorRef=value))
    w.add(
        "field-flavorref", "2.1", base("2.1", flavorRef="42"), options={"missing_flavors": ["42"]}
    )
    w.add(
        "field-flavorref",
        "2.1",
        base("2.1", flavorRef="/flavors/"),
        options={"flavor_exists": "creatable"},
    )
    for value in [
        IMG,
        IMG.upper(),
        "{" + IMG + "}",
        "urn:uuid:" + IMG,
        IMG.replace("-", ""),
        "",
        "x",
        "http://glance/images/" + IMG,
        " " + IMG,
        IMG + "\n",
        None,
        5,
    ]:
        w.add("field-imageref", "2.1", base("2.1", imageRef=value))
    for meta in [
        {},
        {"a": "b"},
        {"a/b": "x"},
        {"a/b": "x", "ok": "y"},
        {"c/d": "y", "a/b": "x", "ok": "z"},
        {"a": 5},
        {"a": None},
        {"": "x"},
        {"a\n": "x"},
        {"k" * 255: "v"},
        {"k" * 256: "v"},
        {"a": "v" * 255},
        {"a": "v" * 256},
        [],
        "x",
        None,
        {"a b:c.d-e_f": "x"},
    ]:
        for v in ("2.0", "2.1"):
            w.add("field-metadata", v, base(v, metadata=meta))
    for tags in [
        [],
        ["a"],
        ["a", "a"],
        ["a/b"],
        ["a,b"],
        [""],
        ["x" * 60],
        ["x" * 61],
        ["t"] * 50,
        ["t"] * 51,
        "a",
        None,
        [5],
        ["ok", "a/b"],
    ]:
        for v in ("2.51", "2.52", "2.0"):
            w.add("field-tags", v, base(v, tags=tags))
    for certs in [
        ["a"],
        [],
        None,
        ["a", "a"],
        ["a", 1],
        [1, True],
        [1, 1.0],
        [""],
        ["c"] * 50,
        ["c%d" % i for i in range(51)],
        "a",
        [["x"], ["x"]],
    ]:
        for v in ("2.62", "2.63"):
            w.add("field-trusted-certs", v, base(v, trusted_image_certificates=certs))
    for pers in [
        [],
        [{"path": "/a", "contents": "YQ=="}],
        [{"path": "/a"}],
        [{"contents": "YQ=="}],
        [{}],
        [{"path": "/a", "contents": "YQ"}],
        [{"path": "/a", "contents": "é"}],
        [{"path": "/a", "contents": "YQ==", "x": 1}],
        [{"foo": 1}],
        "x",
    ]:
        for v in ("2.0", "2.1", "2.56", "2.57"):
            w.add("field-personality", v, base(v, personality=pers))
    for ud in [
        "",
        "=",
        "YQ==",
        "YQ",
        "YWJ",
        "YWJj!!",
        "Y Q = =",
        "Y",
        "YW=J",
        "é",
        None,
        5,
        "A" * 65536,
        "A" * 65532,
    ]:
        for v in ("2.0", "2.1"):
            w.add("field-user-data", v, base(v, user_data=ud))
    for sgs in [
        [],
        [{"name": "a"}],
        [{"name": "b"}, {"name": "a"}, {"name": "b"}],
        [{}],
        [{"name": ""}],
        [{"name": " a "}],
        [{"name": "a", "id": "x"}],
        [{"id": "x"}],
        "default",
        [5],
    ]:
        for v in ("2.0", "2.1"):
            w.add("field-security-groups", v, base(v, security_groups=sgs))


def hints(w: Writer) -> None:
    for key in ["os:scheduler_hints", "OS-SCH-HNT:scheduler_hints"]:
        for hint in [
            {},
            {"group": U},
            {"group": [U]},
            {"group": "x"},
            {"group": [U, "x"]},
            {"group": 5},
            {"different_host": U},
            {"different_host": [U]},
            {"different_host": "x"},
            {"same_host": "x"},
            {"same_host": ["x"]},
            {"same_host": [U]},
            {"same_host": 5},
            {"query": "[]"},
            {"query": {}},
            {"query": 5},
            {"target_cell": "cell1"},
            {"target_cell": " c"},
            {"different_cell": ["a"]},
            {"different_cell": [5]},
            {"build_near_host_ip": "10.0.0.1"},
            {"build_near_host_ip": "x"},
            {"cidr": "/24"},
            {"cidr": "24"},
            {"cidr": "/24\n"},
            {"_nova_x": 1, "foo": [1, {"a": None}]},
            "x",
            [],
            None,
        ]:
            for v in ("2.0", "2.1"):
                body = base(v)
                body[key] = hint
                w.add("hints", v, body)
    body = base("2.1")
    body["os:scheduler_hints"] = {"a": 1}
    body["OS-SCH-HNT:scheduler_hints"] = {"b": 2}
    w.add("hints", "2.1", body)
    body = base("2.1")
    body["junk"] = 1
    w.add("hints", "2.1", body)
    w.add("hints", "2.0", body)


def placement(w: Writer) -> None:
    for az in [
        "nova",
        "az:host",
        "az:host:node",
        "az::node",
        ":host",
        "::node",
        ":",
        "::",
        "az:",
        "az:host:",
        "a:b:c:d",
        ":::",
        "a::b:",
        "az1",
        " az ",
        "",
    ]:
        for v in ("2.0", "2.1", "2.74"):
            w.add("placement", v, base(v, availability_zone=az))
        w.add(
            "placement",
            "2.1",
            base("2.1", availability_zone=az),
            options={"default_schedule_zone": "sched"},
        )
        w.add(
            "placement",
            "2.1",
            base("2.1", availability_zone=az),
            options={"host_az": {"host": "az"}},
        )
        w.add(
            "placement",
            "2.1",
            base("2.1", availability_zone=az),
            options={"host_az": {"host": "nova"}, "default_availability_zone": "az"},
        )
        w.add(
            "placement",
            "2.1",
            base("2.1", availability_zone=az),
            options={"deny_policies": ["os_compute_api:servers:create:forced_host"]},
        )
    for extra in [
        {"host": "h"},
        {"hypervisor_hostname": "n"},
        {"host": "h", "hypervisor_hostname": "n"},
        {"host": "h", "availability_zone": "az:h2"},
        {"host": "h", "availability_zone": "az:"},
        {"host": "h", "availability_zone": "az::n"},
        {"host": ""},
        {"host": None},
    ]:
        for v in ("2.73", "2.74"):
            w.add("placement", v, base(v, **extra))
        w.add(
            "placement",
            "2.74",
            base("2.74", **extra),
            options={"deny_policies": ["compute:servers:create:requested_destination"]},
        )


def bdms(w: Writer) -> None:
    items = [
        {"source_type": "volume", "uuid": U, "destination_type": "volume", "boot_index": 0},
        {"source_type": "volume", "uuid": U, "destination_type": "volume", "boot_index": "0"},
        {"source_type": "image", "uuid": U, "destination_type": "local", "boot_index": 0},
        {"source_type": "image", "uuid": U, "destination_type": "local", "boot_index": "0\n"},
        {"source_type": "image", "uuid": U, "destination_type": "local", "boot_index": 1},
        {"source_type": "image", "uuid": U, "destination_type": "local"},
        {"source_type": "image", "uuid": U, "destination_type": "local", "boot_index": None},
        {"source_type": "image", "uuid": U, "destination_type": "volume", "volume_size": 10},
        {"source_type": "image", "uuid": U},
        {"source_type": "snapshot", "uuid": U, "destination_type": "volume"},
        {"source_type": "blank", "destination_type": "local", "volume_size": 1},
        {"source_type": "blank", "uuid": U, "destination_type": "local"},
        {"source_type": "blank", "destination_type": "volume", "volume_size": "5"},
        {"source_type": "volume", "destination_type": "volume"},
        {"uuid": U},
        {"destination_type": "volume"},
        {},
        {"no_device": True},
        {
            "no_device": "false",
            "delete_on_termination": "false",
            "boot_index": "3",
            "volume_size": "4",
        },
        {"no_device": 0, "source_type": "blank"},
        {"source_type": "volume", "uuid": U, "volume_id": U2},
        {"source_type": "volume", "uuid": U, "virtual_name": "x"},
        {"no_device": True, "virtual_name": "x"},
        {"source_type": "volume", "uuid": U, "volume_size": 10.0},
        {"source_type": "volume", "uuid": U, "volume_size": 0},
        {"source_type": "volume", "uuid": U, "volume_size": "2147483648"},
        {"source_type": "volume", "uuid": U, "volume_size": "10\n"},
        {"source_type": "volume", "uuid": U, "boot_index": "first"},
        {"source_type": "volume", "uuid": U, "boot_index": 2.0},
        {"source_type": "volume", "uuid": U, "boot_index": -1},
        {"source_type": "volume", "uuid": U, "device_name": "vdb"},
        {"source_type": "volume", "uuid": U, "device_name": "/dev/vdb"},
        {"source_type": "volume", "uuid": U, "device_name": "dev/vdb"},
        {"source_type": "volume", "uuid": U, "device_name": "vd b"},
        {"source_type": "volume", "uuid": U, "device_name": ""},
        {"source_type": "volume", "uuid": U, "delete_on_termination": "yes"},
        {"source_type": "volume", "uuid": U, "delete_on_termination": "maybe"},
        {"source_type": "volume", "uuid": U, "tag": "t"},
        {"source_type": "volume", "uuid": U, "volume_type": "fast"},
        {"source_type": "blank", "destination_type": "local", "volume_type": "fast"},
        {"source_type": "volume", "destination_type": "local", "uuid": U, "volume_type": "fast"},
        {"source_type": "snapshot", "uuid": U, "destination_type": "volume", "volume_type": "fast"},
        {"source_type": "volume", "uuid": U, "volume_type": None},
        {"source_type": "volume", "uuid": "a_b"},
        {"source_type": "volume", "uuid": "not-a-uuid.but.ok"},
        {"source_type": "tape", "uuid": U},
        {
            "source_type": "volume",
            "uuid": U,
            "guest_format": "ext4",
            "disk_bus": "virtio",
            "device_type": "disk",
            "connection_info": "{}",
            "image_id": U2,
            "snapshot_id": U2,
        },
        {"source_type": "volume", "uuid": U, "foo": 1},
        {"foo": 1},
    ]
    for item in items:
        for v in ("2.0", "2.1", "2.32", "2.33", "2.42", "2.67"):
            w.add("bdm-v2", v, base(v, block_device_mapping_v2=[copy.deepcopy(item)]))
            noimg = base(v, block_device_mapping_v2=[copy.deepcopy(item)])
            del noimg["server"]["imageRef"]
            w.add("bdm-v2", v, noimg)
    legacy_items = [
        {"volume_id": U, "device_name": "vda"},
        {"volume_id": U, "delete_on_termination": "1"},
        {"volume_id": U, "delete_on_termination": "no"},
        {"volume_id": U, "delete_on_termination": True},
        {"snapshot_id": U, "volume_size": "10"},
        {"virtual_name": "ephemeral0", "device_name": "vdb"},
        {"no_device": True, "device_name": "vdc"},
        {"volume_id": "x"},
        {"volume_id": U, "foo": 1},
        {"foo": 1},
        {},
        {"volume_id": U, "volume_size": 10.0},
        {"volume_id": U, "connection_info": "x"},
    ]
    for item in legacy_items:
        for v in ("2.0", "2.1"):
            w.add("bdm-legacy", v, base(v, block_device_mapping=[copy.deepcopy(item)]))
            noimg = base(v, block_device_mapping=[copy.deepcopy(item)])
            del noimg["server"]["imageRef"]
            w.add("bdm-legacy", v, noimg)
    both = base(
        "2.1",
        block_device_mapping=[{"volume_id": U}],
        block_device_mapping_v2=[{"source_type": "volume", "uuid": U}],
    )
    w.add("bdm-legacy", "2.1", both)
    w.add("bdm-legacy", "2.1", base("2.1", block_device_mapping=[], block_device_mapping_v2=[]))
    w.add(
        "bdm-legacy",
        "2.1",
        base("2.1", block_device_mapping=[{"volume_id": U}], block_device_mapping_v2=[]),
    )
    noimg = base("2.1", block_device_mapping=[])
    del noimg["server"]["imageRef"]
    w.add("bdm-legacy", "2.1", noimg)
    noimg = base("2.1", imageRef="", block_device_mapping_v2=[])
    w.add("bdm-legacy", "2.1", noimg)
    w.add(
        "bdm-legacy",
        "2.1",
        base("2.1", block_device_mapping=[{"volume_id": U}]),
        options={"deny_policies": ["os_compute_api:servers:create:attach_volume"]},
    )
    two = base(
        "2.1",
        block_device_mapping_v2=[
            {"source_type": "volume", "uuid": U, "boot_index": 0},
            {"source_type": "blank", "uuid": U},
        ],
    )
    w.add("bdm-v2", "2.1", two)


def networks(w: Writer) -> None:
    values = [
        [],
        [{"uuid": U}],
        [{"uuid": U}, {"uuid": U}],
        [{"port": U}],
        [{"port": U}, {"port": U}],
        [{"port": U}, {"port": U.upper()}],
        [{"port": U, "fixed_ip": "10.0.0.1"}],
        [{"port": U, "fixed_ip": "2001:0db8::0001"}],
        [{"port": U, "fixed_ip": "::ffff:10.0.0.1"}],
        [{"port": U, "fixed_ip": "1:2:3:4:5:6:1.2.3.4"}],
        [{"port": U, "fixed_ip": "FE80::1"}],
        [{"uuid": U, "fixed_ip": "10.0.0.1"}],
        [{"uuid": U, "fixed_ip": "2001:0DB8:0:0:0:0:0:1"}],
        [{"uuid": U, "fixed_ip": "10.0.0.300"}],
        [{"uuid": U, "fixed_ip": "fe80::1%eth0"}],
        [{"uuid": U, "fixed_ip": "01.2.3.4"}],
        [{"fixed_ip": "10.0.0.1"}],
        [{}],
        [{"uuid": "x"}],
        [{"uuid": "éx"}],
        [{"uuid": U, "port": None}],
        [{"port": None}],
        [{"port": "x"}],
        [{"port": ""}, {"uuid": U}],
        [{"uuid": U, "tag": "t"}],
        [{"uuid": U, "tag": "a/b"}],
        [{"uuid": U, "foo": 1}],
        [{"foo": 1}],
        "auto",
        "none",
        "all",
        None,
        {},
        [5],
        [{"uuid": U.upper()}],
        [{"uuid": "{" + U + "}"}],
    ]
    for value in values:
        for v in ("2.0", "2.1", "2.32", "2.36", "2.37", "2.42"):
            w.add("networks", v, base(v, networks=value))
    w.add("networks", "2.37", {"server": {"name": "vm", "flavorRef": "1", "imageRef": IMG}})
    for value in ["auto", [{"uuid": U}], "none", []]:
        w.add(
            "networks",
            "2.37",
            base("2.37", networks=value),
            options={"deny_policies": ["os_compute_api:servers:create:attach_network"]},
        )


def policies(w: Writer) -> None:
    full = base(
        "2.74",
        availability_zone="az:h",
        trusted_image_certificates=["c"],
        block_device_mapping_v2=[{"source_type": "volume", "uuid": U, "boot_index": 0}],
        networks="auto",
    )
    rules = [
        "os_compute_api:servers:create",
        "os_compute_api:servers:create:trusted_certs",
        "os_compute_api:servers:create:forced_host",
        "compute:servers:create:requested_destination",
        "os_compute_api:servers:create:attach_volume",
        "os_compute_api:servers:create:attach_network",
    ]
    for rule in rules:
        w.add("policies", "2.74", full, options={"deny_policies": [rule]})
    w.add("policies", "2.74", full)
    hostly = base(
        "2.74",
        host="h",
        block_device_mapping_v2=[{"source_type": "volume", "uuid": U, "boot_index": 0}],
        networks="auto",
    )
    w.add("policies", "2.74", hostly)
    for rule in rules:
        w.add("policies", "2.74", hostly, options={"deny_policies": [rule]})
    # Errors against denials: which comes first.
    w.add(
        "policies",
        "2.1",
        base("2.1", min_count=3, max_count=2),
        options={"deny_policies": ["os_compute_api:servers:create"]},
    )
    w.add(
        "policies",
        "2.1",
        base("2.1", availability_zone="a:b:c:d"),
        options={"deny_policies": ["os_compute_api:servers:create"]},
    )
    w.add(
        "policies",
        "2.74",
        base("2.74", availability_zone="a:b:c:d", trusted_image_certificates=["c"]),
        options={"deny_policies": ["os_compute_api:servers:create:trusted_certs"]},
    )
    noimg = base(
        "2.1", block_device_mapping_v2=[{"source_type": "blank", "destination_type": "local"}]
    )
    del noimg["server"]["imageRef"]
    w.add(
        "policies",
        "2.1",
        noimg,
        options={"deny_policies": ["os_compute_api:servers:create:attach_volume"]},
    )
    w.add(
        "policies",
        "2.1",
        base("2.1", imageRef="", networks=[{"uuid": U}]),
        options={"deny_policies": ["os_compute_api:servers:create:attach_network"]},
    )
    w.add(
        "policies",
        "2.1",
        base("2.1", networks=[{}]),
        options={"deny_policies": ["os_compute_api:servers:create:attach_network"]},
    )
    w.add(
        "policies",
        "2.1",
        base("2.1", flavorRef="9"),
        options={
            "deny_policies": ["os_compute_api:servers:create:attach_network"],
            "missing_flavors": ["9"],
        },
    )


def legacy(w: Writer) -> None:
    bodies = [
        {
            "server": {
                "name": " vm ",
                "flavorRef": "1",
                "imageRef": IMG,
                "junk": 1,
                "networks": [{"uuid": U, "junk": 2}],
            }
        },
        {"server": {"networks": [{"uuid": U, "junk": 1}], "foo": 1}},
        {"server": {"name": "   ", "flavorRef": "1", "imageRef": IMG}},
        {"server": {"name": "", "flavorRef": "1", "imageRef": IMG}},
        {
            "server": {
                "name": "vm",
                "flavorRef": "1",
                "imageRef": IMG,
                "description": "d",
                "tags": ["a"],
                "hostname": "h",
                "trusted_image_certificates": ["c"],
                "host": "h",
            }
        },
        {"server": {"name": "vm", "flavorRef": "1", "imageRef": IMG}, "junk": 1},
        {"server": {"name": "vm", "flavorRef": "1", "imageRef": IMG}, "junk": 1, "other": 2},
        {"server": {"junk": 1}},
        {"junk": 1},
        {
            "server": {
                "name": "vm",
                "flavorRef": "1",
                "imageRef": IMG,
                "key_name": " k ",
                "availability_zone": " az ",
            }
        },
        {
            "server": {
                "name": "vm",
                "flavorRef": "1",
                "imageRef": IMG,
                "security_groups": [{"name": " sg "}, {"foo": 1}],
            }
        },
        {
            "server": {
                "name": "vm",
                "flavorRef": "1",
                "imageRef": IMG,
                "metadata": {"a/b": "x" * 300},
            }
        },
        {"server": {"name": "vm", "flavorRef": "1", "imageRef": IMG, "metadata": {"a/b": 5}}},
        {"server": {"name": "vm\n", "flavorRef": "1", "imageRef": IMG}},
        {"server": {"name": "vm", "flavorRef": "1", "imageRef": IMG, "networks": "auto"}},
        {"server": {"name": "vm", "flavorRef": "1", "imageRef": IMG, "user_data": None}},
        {
            "server": {
                "name": "vm",
                "flavorRef": "1",
                "imageRef": IMG,
                "block_device_mapping_v2": [
                    {"source_type": "volume", "uuid": U, "tag": "t", "volume_type": "x"}
                ],
            }
        },
        {
            "server": {
                "name": "vm",
                "flavorRef": "1",
                "imageRef": IMG,
                "block_device_mapping_v2": [{"tag": "t"}],
            }
        },
        {"server": {"name": "vm", "flavorRef": "1", "imageRef": IMG, "networks": [{"tag": "t"}]}},
        {
            "server": {
                "name": "vm",
                "flavorRef": "1",
                "imageRef": IMG,
                "networks": [{"tag": "t", "uuid": U}],
            }
        },
    ]
    for body in bodies:
        for v in ("2.0", "2.1"):
            w.add("legacy", v, body)


def main() -> None:
    w = Writer()
    for make in (envelope, fields, hints, placement, bdms, networks, policies, legacy):
        make(w)
    w.write()
    print({topic: len(cases) for topic, cases in w.topics.items()})


if __name__ == "__main__":
    main()
