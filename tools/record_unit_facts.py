"""Record Nova's answers for tests/unit (run with a Python that has nova==34.0.0).

    ~/nova-venv/bin/python tools/record_unit_facts.py  # -> tests/unit/data/nova_facts.json

Each list pairs an input with what Nova's own function returns (or raises) for it.
"""

from __future__ import annotations

import copy
import json
import pathlib
import warnings

warnings.simplefilter("ignore")

import netaddr  # noqa: E402
from nova import block_device, exception  # noqa: E402
from nova.api.openstack import api_version_request, common  # noqa: E402
from nova.api.validation import validators  # noqa: E402
from nova.compute import api  # noqa: E402
from nova.conf import CONF  # noqa: E402
from oslo_utils import strutils, uuidutils  # noqa: E402

OUT = pathlib.Path(__file__).parent.parent / "tests/unit/data/nova_facts.json"
U = "70a599e0-31e7-49b7-b260-868f441e862b"
H = U.replace("-", "")

UUIDS = [
    U, U.upper(), H, H.upper(), "{" + U + "}", "{{" + U + "}}", "{" + U, U + "}", "}" + U + "{",
    "urn:uuid:" + U, "URN:UUID:" + U, "uuid:" + U, "urn:" + U, "uurn:uid:" + U,
    U.replace("-", "urn:"), U.replace("-", "uuid:"), "urn:uuid:{" + U + "}", "{urn:uuid:" + U + "}",
    "-" + U, U + "-", U.replace("-", "--"), "-".join(H), H[:8] + "-" + H[8:], U[:-1], U + "0",
    H[:-1], H + "0", " " + U, U + " ", U + "\n", "\t" + H, H[:16] + " " + H[17:],
    H[:16] + "_" + H[17:], "0x" + H[2:], "+" + H[1:], "-" + H[1:], H[:31] + "g", H[:31] + "G",
    H[:31] + "\u0661", "\u0661" * 32, "\uff10" * 32, "0" * 32, "f" * 32, "F" * 32, "z" * 32,
    "", "-", "{}", "urn:", "uuid:", "urn:uuid:", "00000000-0000-0000-0000-000000000000",
    "ffffffff-ffff-ffff-ffff-ffffffffffff", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
    "70a599e031e749b7b260868f441e862", "70a599e0-31e7-49b7-b260-868f441e862bb",
    H[:31] + "\u0130", "\u212a" * 32, H[:31] + "\x00", U.replace("-", " "), U.replace("-", ":"),
    U.replace("-", "{"), U.replace("-", "}"), "{" + H + "}", "{{{" + H, H + "}}}",
    "urn:urn:" + H, "uuid:uuid:" + H, "urnurn::" + H, "u" + "uid:" + H, "uuid" + H,
    H[:10] + "uuid:" + H[10:], H[:10] + "urn:" + H[10:], H[:10] + "{" + H[10:],
    "a-b-c-d-" + H, H + "-" * 40, "-" * 40, "1" * 31, "1" * 33, "12345678123456781234567812345678",
    "1234567812345678123456781234567\u00df", "x", "not-a-uuid", "1", "abc",
    "70A599E0-31e7-49B7-b260-868F441E862B", "{70a599e0-31e7-49b7-b260-868f441e862b",
    "Urn:Uuid:" + U, "urn:UUID:" + U, "UUID:" + U, "urn::" + U,
    "\u00a0" + H, H + "\u2028", "０" * 32, "a" * 32, "e" * 31 + "A", "b" * 16 + "-" * 16 + "c" * 16,
    "{" * 5 + H + "}" * 5, "}" + H, H + "{", "urn:uuid:urn:uuid:" + U, "{-" + H + "-}",
    "-{" + H + "}-",
]

IPS = [
    "0.0.0.0", "255.255.255.255", "10.0.0.1", "192.168.1.254", "127.0.0.1", "1.2.3.4",
    "169.254.0.1", "224.0.0.1", "100.64.0.0", "8.8.8.8",
    "::", "::1", "1::", "::ffff:1.2.3.4", "::ffff:0.0.0.0", "::1.2.3.4", "::0.0.0.1",
    "::0:1.2.3.4", "64:ff9b::1.2.3.4", "2001:db8::1", "2001:0db8:0000:0000:0000:0000:0000:0001",
    "2001:DB8::1", "2001:db8:0:0:1:0:0:1", "2001:db8:0:1:0:0:0:1", "2001:db8:0:0:0:1:0:1",
    "1:0:0:1:0:0:1:1", "1:0:2:3:4:5:6:7", "1:2:3:4:5:6:7:0", "0:1:2:3:4:5:6:7",
    "0:0:1:2:3:4:5:6", "1:2:3:4:5:6:0:0", "1:0:0:0:0:0:0:0", "0:0:0:0:0:0:0:1",
    "fe80::1", "FE80::0202:B3FF:FE1E:8329", "ff02::1", "::ffff:ffff:ffff", "::ffff:0:1.2.3.4",
    "::ffff:1:2", "::1:2:3", "::fffe:1.2.3.4", "0:0:0:0:0:ffff:102:304", "1:2:3:4:5:6:1.2.3.4",
    "::1:2:3:4:5:6:7", "1:2:3:4:5:6:7::", "abcd:ef01:2345:6789:abcd:ef01:2345:6789",
    "0001:0002:0003:0004:0005:0006:0007:0008", "2001:db8::", "::2:0:0:0", "0:0:0:0:0:0:1.2.3.4",
    "::ffff:192.168.0.1", "2001:db8:85a3::8a2e:370:7334",
]

AZS = [
    None, "", "nova", "az1", "az:host", "az:host:node", "az::node", ":host", ":host:node",
    "::node", "az:", "az::", ":", "::", ":::", "a:b:c:d", "a::b::c", "a:::b", "az:host:",
    ":host:", "::::", " az ", "az : host", "a z:h o s t:n o d e", "az:host::", "zone:h:n:x",
    "ünïcode:hôst", "az:host\n", "a:b", "a:b:c",
]

FLAVOR_REFS = [
    "1", 1, 0, "42", "abc", "http://localhost/flavors/1", "http://localhost/v2/flavors/abc?q=1",
    "http://localhost/flavors/1#frag", "/flavors/7", "flavors/7/", "https://x/flavors/1/",
    "http://[::1]/flavors/5", "http://[::1/flavors/5", "http://::1]/flavors/5", "http://[xyz]/f/6",
    "http://ex\uff03ample/flavors/8", "http://a\u2100b/flavors/9", "//host/flavors/10", "?x=1",
    "#1", "a b", " 1", "1 ", "\t1\n", "flavor\r\nid", "http://h/p;params/11", "mailto:x@y",
    "1/2/3", "%2F", "http://[v1.fe]/f/12", "\x001", "https://user:pw@host:80/f/13",
]

NOT_IPS = ["01.2.3.4", "1.2.3", "1.2.3.4 ", "256.0.0.1", "fe80::1%eth0", "::ffff:1.2.3.04",
           "1:2:3:4:5:6:7:8:9", "\u0661.2.3.4", "", "::g", "1::2::3", "[::1]"]
VERSIONS = ["2.1", "2.0", "2.10", "2.104", "10.0", "2.01", "02.1", "2.1.1", "2", ".1", "2.",
            "2.1\n", "2.1\u0661", " 2.1", "2.1 ", "latest", "LATEST", "v2.1", "2,1", "0.1",
            "2.\u0661", "-2.1"]
_MINIMAL = {"source_type": "volume", "destination_type": "volume", "uuid": U}
BDMS = [
    (dict(_MINIMAL), True),
    ({**_MINIMAL, "boot_index": 0}, False),
    ({**_MINIMAL, "boot_index": "0"}, True),
    ({**_MINIMAL, "boot_index": "-1"}, True),
    ({**_MINIMAL, "boot_index": "07"}, True),
    ({**_MINIMAL, "boot_index": None}, True),
    ({**_MINIMAL, "volume_size": "0"}, True),
    ({**_MINIMAL, "volume_size": "007"}, True),
    ({**_MINIMAL, "volume_size": 5}, True),
    ({**_MINIMAL, "device_name": "vda"}, True),
    ({**_MINIMAL, "device_name": "/dev/vdb"}, True),
    ({**_MINIMAL, "device_name": "/dev//dev/vdc"}, True),
    ({**_MINIMAL, "device_name": "dev/vdd"}, True),
    ({**_MINIMAL, "delete_on_termination": "yes"}, True),
    ({**_MINIMAL, "delete_on_termination": "Off"}, True),
    ({**_MINIMAL, "delete_on_termination": False}, True),
    ({**_MINIMAL, "volume_id": "other", "snapshot_id": "snap"}, True),
    ({**_MINIMAL, "tag": "t", "disk_bus": "virtio", "device_type": "disk", "guest_format": "ext4"},
     True),
    ({"source_type": "snapshot", "destination_type": "volume", "uuid": U, "volume_size": 1}, True),
    ({"source_type": "image", "destination_type": "volume", "uuid": U, "volume_type": "x"}, True),
    ({"source_type": "image", "destination_type": "local", "uuid": U, "boot_index": 0}, True),
    ({"source_type": "image", "destination_type": "local", "uuid": U, "boot_index": "0"}, True),
    ({"source_type": "image", "destination_type": "local", "uuid": U, "boot_index": 0}, False),
    ({"source_type": "image", "destination_type": "local", "uuid": U, "boot_index": 1}, True),
    ({"source_type": "image", "destination_type": "local", "uuid": U}, True),
    ({"source_type": "image", "destination_type": "local", "uuid": U, "boot_index": None}, True),
    ({"source_type": "image", "destination_type": "local", "uuid": U, "boot_index": "-0"}, True),
    ({"source_type": "blank", "destination_type": "local", "guest_format": "swap"}, True),
    ({"source_type": "blank", "destination_type": "local", "uuid": U}, True),
    ({"source_type": "blank", "destination_type": "local", "volume_type": "t"}, True),
    ({"source_type": "blank", "destination_type": "volume", "volume_size": "3"}, True),
    ({"source_type": "volume", "destination_type": "volume"}, True),
    ({"source_type": "volume", "destination_type": "volume", "uuid": ""}, True),
    ({"source_type": "volume", "destination_type": "volume", "uuid": U, "volume_type": "t"}, True),
    ({"source_type": "snapshot", "destination_type": "local", "uuid": U, "volume_type": "t"}, True),
    ({"no_device": True, "device_name": "vdz"}, True),
    ({"no_device": True, "delete_on_termination": "false", "uuid": U}, True),
    ({"no_device": "yes", "source_type": "blank", "uuid": U, "volume_size": "x"}, True),
    ({"no_device": [1], "boot_index": "3"}, True),
    ({"no_device": 0, "source_type": "blank", "boot_index": "3"}, True),
    ({**_MINIMAL, "foo": 1}, True),
    ({"no_device": True, "bar": None}, True),
]


def _az(az):
    try:
        return list(api.API.parse_availability_zone(None, az))
    except exception.InvalidInput as error:
        return {"error": error.format_message()}


def _flavor(ref):
    try:
        return common.get_id_from_href(ref)
    except ValueError as error:
        return {"error": type(error).__name__}


def _bdm(item, image_specified):
    try:
        result = block_device.BlockDeviceDict.from_api(copy.deepcopy(item), image_specified)
    except exception.InvalidBDMFormat as error:
        return {"error": error.format_message()}
    return {"dict": dict(sorted(result.items()))}


def _version(text):
    try:
        version = api_version_request.APIVersionRequest(text)
    except exception.InvalidAPIVersionString as error:
        return {"error": error.format_message()}
    return [version.ver_major, version.ver_minor]


def main():
    CONF.set_override("default_schedule_zone", None)
    checker = validators._FORMAT_CHECKER
    bools = [True, False, None, 0, 1, 2, -1, 1.0, 0.0, "", "1", "0", "t", "T", "true", "TRUE",
             "True ", " yes", "\tOn\n", "on", "y", "Y", "yes", "YES", "no", "off", "false",
             "2", "1.0", "yess", "truee", "\u00a0yes\u2003", "ｙｅｓ", "None", "ON", "oN"]
    facts = {
        "is_uuid_like": [[s, uuidutils.is_uuid_like(s)] for s in UUIDS],
        "ip_address": [[s, str(netaddr.IPAddress(s))] for s in IPS],
        "ip_format": [[s, [checker.conforms(s, "ipv4"), checker.conforms(s, "ipv6")]]
                      for s in IPS + NOT_IPS],
        "api_version": [[text, _version(text)] for text in VERSIONS],
        "parse_availability_zone": [[az, _az(az)] for az in AZS],
        "get_id_from_href": [[ref, _flavor(ref)] for ref in FLAVOR_REFS],
        "bool_from_string": [[v, strutils.bool_from_string(v)] for v in bools],
        "bdm_from_api": [[item, spec, _bdm(item, spec)] for item, spec in BDMS],
    }
    OUT.write_text(json.dumps(facts, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print({name: len(values) for name, values in facts.items()})


if __name__ == "__main__":
    main()
