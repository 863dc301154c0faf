"""Hints never contradict the schema: a microversion a hint offers accepts that member.

Bodies mix the members whose acceptance changes with the microversion
(description, tags, hostname, device tags, volume_type, personality, ...)
at random microversions. Every hint offering microversions ("`tag` on
networks is accepted at 2.32-2.36 and from 2.42", "'auto' is accepted from
2.37") is taken at its word: the same body, parsed at the first and the last
microversion of each window offered, no longer reports that member.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bootreq
from bootreq.microversion import MAX_VERSION

IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"
NET = "3b1e8f2c-6d4a-4f0e-9b7a-2c5d8e1f4a60"
API_ONLY = bootreq.Options(compute_checks=False)

_BDM = {"uuid": IMAGE, "source_type": "image", "destination_type": "volume",
        "boot_index": 0, "volume_size": 1}
MEMBERS: dict[str, list[Any]] = {
    "description": ["web server", None],
    "tags": [["web"], ["a", "a"]],
    "hostname": ["web-1", "web.example.com", "x"],
    "networks": ["auto", "none", [{"uuid": NET}], [{"uuid": NET, "tag": "eth0"}],
                 [{"uuid": "private"}], [{"port": NET, "tag": "p"}]],
    "block_device_mapping_v2": [[_BDM], [{**_BDM, "tag": "root"}],
                                [{**_BDM, "volume_type": "ssd"}]],
    "trusted_image_certificates": [["cert-1"]],
    "host": ["compute-1"],
    "hypervisor_hostname": ["node-1.example.com"],
    "personality": [[{"path": "/etc/motd", "contents": "aGk="}]],
    "user_data": ["aGk=", None],
    "name": ["vm", " vm "],
}

_WINDOW = re.compile(r"(at|from) (2\.\d+)(?:-(2\.\d+))?")
_OFFER = re.compile(r"(?:`(?P<member>[\w:-]+)`(?: on [\w:-]+)?|(?P<value>'.*?'|\S+)) "
                    r"is accepted (?P<windows>(?:(?:at|from) [\d.-]+(?:, | and )?)+)")


def _versions(windows: str) -> list[str]:
    found = []
    for kind, first, last in _WINDOW.findall(windows):
        found.append(first)
        found.append(str(MAX_VERSION) if kind == "from" else last or first)
    return found


def _reported(error: Any, pointer: str, member: str | None) -> bool:
    if not isinstance(error, bootreq.HttpError):
        return False
    for violation in error.violations:
        if member is not None:
            if violation.pointer == pointer and f"'{member}'" in violation.message and (
                    "unexpected" in violation.message):
                return True
            continue
        if violation.pointer == pointer or violation.pointer.startswith(pointer + "/"):
            return True
    return False


@st.composite
def bodies(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    server: dict[str, Any] = {"name": "vm", "flavorRef": "1", "imageRef": IMAGE}
    for member in draw(st.sets(st.sampled_from(sorted(MEMBERS)), min_size=1, max_size=4)):
        server[member] = draw(st.sampled_from(MEMBERS[member]))
    minor = draw(st.integers(1, MAX_VERSION.minor))
    return {"server": server}, f"2.{minor}"


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(bodies())
def test_offered_microversions_accept_the_member(case: tuple[dict[str, Any], str]) -> None:
    body, version = case
    error = bootreq.parse(body, version, options=API_ONLY)
    if not isinstance(error, bootreq.HttpError):
        return
    for violation in error.violations:
        for offer in _OFFER.finditer(violation.hint or ""):
            member = offer["member"]
            for offered in _versions(offer["windows"]):
                assert offered != version, (violation, version)
                answer = bootreq.parse(body, offered, options=API_ONLY)
                assert not _reported(answer, violation.pointer, member), (
                    f"{violation.hint!r} at {version}, but at {offered}: "
                    f"{[(v.pointer, v.message) for v in answer.violations]}"  # type: ignore[union-attr]
                )


def test_offers_are_read_from_the_hints() -> None:
    body = {"server": {"name": "vm", "flavorRef": "1", "imageRef": IMAGE,
                       "networks": [{"uuid": NET, "tag": "eth0"}]}}
    error = bootreq.parse(body, "2.40")
    assert isinstance(error, bootreq.HttpError)
    (offer,) = _OFFER.finditer(error.violations[0].hint or "")
    assert offer["member"] == "tag"
    assert _versions(offer["windows"]) == ["2.32", "2.36", "2.42", str(MAX_VERSION)]
    assert _reported(bootreq.parse(body, "2.41"), "/server/networks/0", "tag")
    assert not _reported(bootreq.parse(body, "2.42"), "/server/networks/0", "tag")
