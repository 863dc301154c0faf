#!/usr/bin/env python3
"""Write the HTTP-knob conformance cases (tests/http/data/cases.jsonl).

Every knob of the oracle that reaches past ``parse()``: ``content_type``,
``endpoint``, ``headers`` (Accept, version headers in all their spellings,
Content-Length), ``project_in_url``, ``enable_instance_password``, crossed
with bodies that are accepted, rejected, too large, or reservation-id ones.
Nova's verdicts are recorded with the oracle::

    python3 tools/make_http_cases.py
    ~/nova-venv/bin/python ../shared/oracle/nova_verdict.py \\
        tests/http/data/cases.jsonl -o tests/http/data/verdicts.jsonl
    ~/nova-venv/bin/python ../shared/oracle/nova_verdict.py \\
        tests/http/data/random-cases.jsonl -o tests/http/data/random-verdicts.jsonl
"""

from __future__ import annotations

import base64
import itertools
import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "tests" / "http" / "data" / "cases.jsonl"
IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"

MINIMAL = {"name": "vm", "flavorRef": "1", "imageRef": IMAGE}
BODIES: dict[str, Any] = {
    "ok": {"server": {**MINIMAL, "networks": "none"}},
    "ok21": {"server": dict(MINIMAL)},
    "password": {"server": {**MINIMAL, "networks": "auto", "adminPass": "s3cret"}},
    "secgroups": {
        "server": {**MINIMAL, "networks": "none",
                   "security_groups": [{"name": "web"}, {"name": "web"}, {"name": "db"}]}
    },
    "reservation": {
        "server": {**MINIMAL, "networks": "none", "return_reservation_id": True,
                   "min_count": 2}
    },
    "diskconfig": {"server": {**MINIMAL, "networks": "none", "OS-DCF:diskConfig": "AUTO"}},
    "bad": {"server": {**MINIMAL, "networks": "none", "flavorRef": ""}},
    "unicode": {"server": {**MINIMAL, "networks": "none", "name": "vm-\u00e9\u4e2d"}},
}


def cases() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def add(name: str, body: str, mv: str | None, **options: Any) -> None:
        case: dict[str, Any] = {"id": f"http-{len(out):04d}-{name}", "microversion": mv,
                                "body": BODIES[body]}
        if options:
            case["options"] = options
        out.append(case)

    # Content types: exact, parameters, case, spacing, odd ones, none.
    for ctype in ["application/json", "application/json; charset=UTF-8",
                  "application/json;charset=utf-8", "application/vnd.openstack.compute+json",
                  "Application/JSON", "application/json ; charset=utf-8", " application/json",
                  "text/plain", "text/plain; charset=utf-8", "", "text/html", "application/xml",
                  "application/x-www-form-urlencoded", "application/octet-stream", ";",
                  "application/json;", "*/*", None]:
        for body, mv in [("ok", "2.74"), ("bad", "2.74"), ("ok21", None), ("ok", "2.0")]:
            add("ctype", body, mv, content_type=ctype)
        add("ctype-406", "ok", "2.999", content_type=ctype)
        add("ctype-400", "ok", "2.x", content_type=ctype)
    # Accept: every spelling the negotiation reads.
    for accept in ["application/json", "application/vnd.openstack.compute+json", "*/*",
                   "text/html", "text/plain", "", "application/*",
                   "application/vnd.openstack.compute+json;q=0.9, application/json;q=0.8",
                   "application/json;q=0, */*", "application/json;q=0",
                   "application/vnd.openstack.compute+json, application/json",
                   "application/json;version=2.1", "APPLICATION/VND.OPENSTACK.COMPUTE+JSON",
                   "text/html;q=0.5, application/json", "foo", "application/json;q=2",
                   "*/*;q=0.1, application/vnd.openstack.compute+json;q=0.2",
                   "text/*, application/json;q=0.3", "application/json, text/html"]:
        for body, mv in [("ok", "2.74"), ("reservation", "2.74"), ("bad", "2.74"),
                         ("ok", "2.0"), ("ok", "3.0")]:
            add("accept", body, mv, headers={"Accept": accept})
    # Version headers: spellings, services, folding, the two headers disagreeing.
    version_headers: list[dict[str, str]] = [
        {"OpenStack-API-Version": "compute 2.60"},
        {"OpenStack-API-Version": "COMPUTE 2.60"},
        {"OpenStack-API-Version": "compute    2.60  "},
        {"OpenStack-API-Version": "volume 3.0"},
        {"OpenStack-API-Version": "volume 3.0, compute 2.55"},
        {"OpenStack-API-Version": "compute 2.55, volume 3.0"},
        {"OpenStack-API-Version": "compute 2.55, compute 2.60"},
        {"OpenStack-API-Version": "compute"},
        {"OpenStack-API-Version": "compute latest"},
        {"OpenStack-API-Version": "compute LATEST"},
        {"OpenStack-API-Version": "compute 2.0"},
        {"OpenStack-API-Version": "compute 1.1"},
        {"OpenStack-API-Version": "compute 2.105"},
        {"OpenStack-API-Version": "compute 3.0"},
        {"OpenStack-API-Version": "compute 2.01"},
        {"OpenStack-API-Version": "compute v2.1"},
        {"OpenStack-API-Version": "compute 2"},
        {"OpenStack-API-Version": ""},
        {"OpenStack-API-Version": "placement 1.10", "X-OpenStack-Nova-API-Version": "2.42"},
        {"X-OpenStack-Nova-API-Version": "2.42"},
        {"X-OpenStack-Nova-API-Version": "latest"},
        {"X-OpenStack-Nova-API-Version": "2.42, 2.50"},
        {"X-OpenStack-Nova-API-Version": ""},
        {"X-OpenStack-Nova-API-Version": "2.1000"},
        {"X-OpenStack-Nova-API-Version": "abc"},
        {"x-openstack-nova-api-version": "2.30"},
        {"openstack-api-version": "compute 2.30"},
        {"OpenStack-API-Version": "compute 2.30", "X-OpenStack-Nova-API-Version": "2.90"},
        {"OpenStack-API-Version": "compute 2.104"},
    ]
    for extra in version_headers:
        for body in ("ok", "bad"):
            add("version", body, None, headers=extra)
            add("version-v2", body, None, headers=extra, endpoint="v2")
        add("version-ctype", "ok", None, headers=extra, content_type="text/html")
    # Endpoints: legacy v2 with and without versions, 2.0 sent to v2.1.
    for mv, endpoint in itertools.product([None, "2.0", "2.1", "2.74", "latest", "x"],
                                          ["v2", "v2.1"]):
        for body in ("ok", "ok21", "password", "secgroups", "reservation", "bad", "diskconfig"):
            add("endpoint", body, mv, endpoint=endpoint)
    # Project in the URL, and the instance password switch.
    for project, password in itertools.product([True, False], [True, False]):
        for body, mv in [("ok", "2.74"), ("password", "2.74"), ("reservation", "2.74"),
                         ("ok", "2.0"), ("secgroups", "2.1"), ("unicode", "2.74"),
                         ("bad", "2.74"), ("diskconfig", "2.10")]:
            add("project-password", body, mv, project_in_url=project,
                enable_instance_password=password)
    # Content-Length as sent (the oracle's request keeps its body; the header says
    # how much of it is read), and a body over the size limit under every Accept.
    for length in ["0", "10", "abc", "", "-1", "+50", " 40 ", "99999999"]:
        for body, mv in [("ok", "2.74"), ("ok", "2.0")]:
            add("content-length", body, mv, headers={"Content-Length": length})
    big = json.dumps({"server": {**MINIMAL, "name": "x" * 114700}})
    for accept in [None, "application/json", "text/html", "*/*", "foo"]:
        for mv, endpoint in [("2.74", "v2.1"), ("2.0", "v2"), ("9.9", "v2.1")]:
            case: dict[str, Any] = {"id": f"http-{len(out):04d}-too-large", "microversion": mv,
                                    "raw": big, "options": {"endpoint": endpoint}}
            if accept is not None:
                case["options"]["headers"] = {"Accept": accept}
            out.append(case)
    # Bodies that are not JSON, or empty, with knobs.
    for raw in [b"", b"{", b"\xff\xfe", b"null", b"[]", b'{"server": {}}']:
        for mv, ctype in [("2.74", "application/json"), ("2.0", None), ("2.74", "text/plain")]:
            out.append({"id": f"http-{len(out):04d}-raw", "microversion": mv,
                        "raw_b64": base64.b64encode(raw).decode(),
                        "options": {"content_type": ctype}})
    # Other headers a client sends.
    for extra in [{"X-OpenStack-Request-ID": "req-aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"},
                  {"Origin": "http://example.com"}, {"Accept-Language": "de"},
                  {"X-Forwarded-Proto": "https"}, {"User-Agent": "openstacksdk/4.0"},
                  {"Accept-Encoding": "gzip"}, {"Transfer-Encoding": "chunked"},
                  {"Expect": "100-continue"}, {"X-HTTP-Method-Override": "PUT"},
                  {"Content-Encoding": "gzip"}, {"Accept-Language": "zh-CN,zh;q=0.9"},
                  {"OpenStack-API-Version": "compute\t2.50"},
                  {"OpenStack-API-Version": "compute 2.50\n"},
                  {"OpenStack-API-Version": "compute 2.50,"},
                  {"OpenStack-API-Version": ",compute 2.50"},
                  {"OpenStack-API-Version": "compute 2.50 extra"},
                  {"X-Auth-Token": "x", "X-Project-Id": "other"},
                  {"Accept": "application/json;q=0.0001"},
                  {"Accept": "application/json;q=0.5;q=0.9, "
                             "application/vnd.openstack.compute+json;q=0.8"}]:
        for body, mv in [("ok", "2.74"), ("bad", "2.74")]:
            add("other-header", body, mv, headers=extra)
    # The URL map's own Accept reading: quoting, q spellings, masks, case.
    for accept in ['"application/vnd.openstack.compute+json"', "application/json;q=abc, */*",
                   "application/vnd.openstack.compute+json;Q=0.1, application/json;q=0.5",
                   "application/vnd.openstack.compute+json;q=1e3, application/json",
                   "application/vnd.openstack.compute+json;q=-1",
                   "application/json;q=0.5, application/vnd.openstack.compute+json;q=0.5",
                   "application/*;q=0.5, application/vnd.openstack.compute+json;q=0.5",
                   "application/vnd.openstack.compute+json ; q=0.9 , application/json ; q=0.1",
                   "application/vnd.openstack.compute+json;version=2.1",
                   "application/vnd.openstack.compute+json;q=nan", "*/json",
                   "application/vnd.openstack.compute+json;q=0.5, */*;q=0.5",
                   "text/html, application/vnd.openstack.compute+json;q=0.01",
                   'application/vnd.openstack.compute+json;q="0.9", application/json;q=0.1',
                   "application/vnd.openstack.compute+json,", ",", "a=b",
                   "application/vnd.openstack.compute+json;q=0.9;level=1, application/json;q=0.8"]:
        for body, mv in [("ok", "2.74"), ("reservation", "2.74"), ("bad", "2.74")]:
            add("accept2", body, mv, headers={"Accept": accept})
    # Content-Type spellings again, with the v2 endpoint and parameters.
    for ctype in ["application/json;version=2.1", "application/json; version=2",
                  "application/vnd.openstack.compute+json; charset=utf-8",
                  "application/vnd.openstack.compute+json;version=2.1", "TEXT/PLAIN",
                  "text/plain ", "application/json\t", "multipart/form-data; boundary=x"]:
        for body, mv, endpoint in [("ok", "2.74", "v2.1"), ("ok", None, "v2"),
                                   ("bad", "2.74", "v2.1")]:
            add("ctype2", body, mv, content_type=ctype, endpoint=endpoint)
    for length in ["1_0", "0x10", "00", "1.5", "-0"]:
        add("content-length2", "ok", "2.74", headers={"Content-Length": length})
    # Accept headers Nova's URL map crashes on (Nova's 500: bootreq's 400), first of all.
    for accept in [";", "=", "application/json;q", "application/json, ;", "=x",
                   "application/json;q=", "*/*;q", '""']:
        add("accept-crash", "ok", "2.74", headers={"Accept": accept})
        add("accept-crash", "ok", "2.x", headers={"Accept": accept})
        out.append({"id": f"http-{len(out):04d}-accept-crash", "microversion": "2.74",
                    "raw": "x" * 114700, "options": {"headers": {"Accept": accept}}})
    # Form types: the router's _method override, and multipart boundaries (Nova's 500).
    forms = ["multipart/form-data", "multipart/form-data; boundary=x",
             'multipart/form-data; boundary=""', 'multipart/form-data; boundary="a b"',
             "multipart/form-data; boundary=a ", "multipart/form-data; BOUNDARY=abc",
             "multipart/form-data; boundary=" + "b" * 201, "multipart/form-data; boundary=\u00e9",
             "MULTIPART/FORM-DATA", "Multipart/form-data; boundary=", "multipart/form-data ;",
             "application/x-www-form-urlencoded", "application/x-www-form-urlencoded;charset=x",
             "APPLICATION/X-WWW-FORM-URLENCODED", "application/x-www-form-urlencoded "]
    raws = ["_method=PUT", "_method=post", "_method=", "%5Fmethod=DELETE", "a=1&_method=GET",
            "_method=PUT&_method=", "a=1;_method=PUT", "_method=PATCH&_method=POST",
            json.dumps(BODIES["ok"])]
    for ctype in forms:
        for raw in raws:
            out.append({"id": f"http-{len(out):04d}-form", "microversion": "2.74", "raw": raw,
                        "options": {"content_type": ctype}})
        add("form", "ok", "2.0", content_type=ctype)
        add("form", "ok", "2.x", content_type=ctype)
    # The Host header: Nova's links are built on it (the scheme's default port dropped).
    for host in ["other.example.com:80", "OTHER.Example.com", "other:1234", "[::1]:8774",
                 "nova-api.example.com:443", "", "x/y", "h:"]:
        for project in (False, True):
            add("host", "ok", "2.74", headers={"Host": host}, project_in_url=project)
        add("host-v2", "ok", "2.0", headers={"Host": host})
    add("forwarded", "ok", "2.74", headers={"X-Forwarded-Proto": "https",
                                            "X-Forwarded-Host": "proxy.example.com",
                                            "Forwarded": "proto=https;host=fw.example.com"})
    return out


DEV = Path(__file__).resolve().parents[1].parent / "shared" / "oracle" / "corpus" / "dev.jsonl"
RANDOM_OUT = OUT.with_name("random-cases.jsonl")


def random_cases(count: int = 400) -> list[dict[str, Any]]:
    """Bodies of the dev corpus, under random combinations of every HTTP knob."""
    import random

    rng = random.Random(17)
    with DEV.open(encoding="utf-8") as handle:
        dev = [json.loads(line) for line in handle]
    content_types = ["application/json", "application/json; charset=UTF-8", None, "",
                     "application/vnd.openstack.compute+json", "text/plain",
                     "Application/json", "application/xml", " application/json"]
    accepts = [None, "application/json", "*/*", "application/vnd.openstack.compute+json",
               "text/html", "", "application/json;q=0.1, application/vnd.openstack.compute+json",
               "foo/bar"]
    versions: list[dict[str, str]] = [
        {}, {"OpenStack-API-Version": "compute latest"},
        {"OpenStack-API-Version": "volume 3.1"}, {"X-OpenStack-Nova-API-Version": "2.67"},
        {"OpenStack-API-Version": "compute 2.200"},
        {"OpenStack-API-Version": "compute 2.5, compute 2.79"},
        {"OpenStack-API-Version": "Compute 2.42"}]
    out = []
    for index in range(count):
        case = json.loads(json.dumps(rng.choice(dev)))
        case["id"] = f"rk-{index:05d}"
        knobs = dict(case.get("options") or {})
        if rng.random() < 0.4:
            knobs["content_type"] = rng.choice(content_types)
        headers: dict[str, str] = {}
        accept = rng.choice(accepts)
        if accept is not None:
            headers["Accept"] = accept
        if rng.random() < 0.4:
            headers.update(rng.choice(versions))
        if headers:
            knobs["headers"] = headers
        if rng.random() < 0.3:
            knobs["endpoint"] = rng.choice(["v2", "v2.1"])
        if rng.random() < 0.3:
            knobs["project_in_url"] = True
        if rng.random() < 0.3:
            knobs["enable_instance_password"] = rng.random() < 0.5
        if rng.random() < 0.2:
            case["microversion"] = rng.choice([None, "2.0", "latest", "2.104", "2.1"])
        case["options"] = knobs
        out.append(case)
    return out


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as handle:
        for case in cases():
            handle.write(json.dumps(case, sort_keys=True) + "\n")
    print(f"{OUT}: {len(cases())} cases")
    if DEV.exists():
        with RANDOM_OUT.open("w", encoding="utf-8") as handle:
            for case in random_cases():
                handle.write(json.dumps(case, sort_keys=True) + "\n")
        print(f"{RANDOM_OUT}: random knobs on dev corpus bodies")


if __name__ == "__main__":
    main()
