"""Every violation says what to change: hints on real-client bodies and on every keyword.

The bodies of ``examples/rejected`` are shaped as openstacksdk, novaclient,
the ``openstack`` CLI and Terraform send them; Nova's verdicts on them are
recorded in ``tests/conformance/client-hints`` (the headline is Nova's, byte
for byte). Here: each violation of each has a hint naming the fix.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import bootreq
from bootreq import _fixes, _words, compute, schemas
from bootreq._formats import CHECKERS
from bootreq.microversion import MIN_VERSION

ROOT = Path(__file__).resolve().parents[2]
REJECTED = ROOT / "examples" / "rejected"
IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"
BARE = "is not valid under any of the given schemas"
API_ONLY = bootreq.Options(compute_checks=False)

#: The fix each body's hints must name (a fragment of one hint).
EXPECTED = {
    "openstacksdk_no_networks_2.100.json":
        'give `networks`: a list of objects, or one of "none" or "auto"; '
        "it is required from 2.37",
    "novaclient_auto_network_2.1.json": "'auto' is accepted from 2.37",
    "openstackclient_network_tag_2.40.json":
        "`tag` on networks is accepted at 2.32-2.36 and from 2.42",
    "novaclient_description_2.1.json": "`description` is accepted from 2.19",
    "openstackclient_fqdn_hostname_2.90.json": "'mail.example.com' is accepted from 2.94",
    "openstacksdk_user_data_not_base64.json": "`user_data` must be base64 of the data",
    "novaclient_name_edge_spaces.json": "remove the leading and trailing whitespace ('web-02')",
    "openstacksdk_tags_2.1.json": "`tags` is accepted from 2.52",
    "terraform_volume_type_2.60.json": "`volume_type` on block_device_mapping_v2 is accepted "
                                       "from 2.67",
    "openstackclient_existing_volume_type_2.67.json":
        'remove `volume_type`: an existing volume ("volume" source) keeps its own type',
    "openstacksdk_network_name_2.74.json": "`uuid` on networks must be a UUID",
}


def _envelope(path: Path) -> tuple[str, Any]:
    envelope = json.loads(path.read_text(encoding="utf-8"))
    return envelope["microversion"], envelope["body"]


def test_every_example_is_listed() -> None:
    assert sorted(path.name for path in REJECTED.glob("*.json")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_client_bodies_get_a_hint_naming_the_fix(name: str) -> None:
    version, body = _envelope(REJECTED / name)
    error = bootreq.parse(body, version, options=API_ONLY)
    assert isinstance(error, bootreq.HttpError)
    assert error.violations, "a rejection with no violation says nothing to change"
    for violation in error.violations:
        assert violation.hint, violation
        assert BARE not in violation.message
        assert "^" not in violation.hint and "$" not in violation.hint  # never the regex
    assert any(EXPECTED[name] in (v.hint or "") for v in error.violations), [
        v.hint for v in error.violations]
    problem = error.to_problem()
    assert [entry["hint"] for entry in problem["errors"]] == [v.hint for v in error.violations]


def test_the_headline_stays_novas_when_the_listing_resolves_a_one_of() -> None:
    version, body = _envelope(REJECTED / "openstackclient_network_tag_2.40.json")
    error = bootreq.parse(body, version)
    assert isinstance(error, bootreq.HttpError)
    assert error.message.endswith(BARE) and error.pointer == "/server/networks"
    (violation,) = error.violations
    assert violation.pointer == "/server/networks/0"
    assert violation.message == "Additional properties are not allowed ('tag' was unexpected)"


def test_several_fitting_branches_say_why_each_fails() -> None:
    body = {"server": {"name": "a", "flavorRef": "1", "imageRef": "abc"}}
    error = bootreq.parse(body, "2.1")
    assert isinstance(error, bootreq.HttpError)
    (violation,) = error.violations
    assert violation.message == "'abc' is not a 'uuid', and 'abc' is expected to be empty"
    assert violation.hint is not None and "or an empty string" in violation.hint


def test_an_unknown_member_everywhere_gets_a_spelling_hint() -> None:
    body = {"server": {"name": "a", "flavorRef": "1", "imageRef": IMAGE, "flavorref": "1"}}
    error = bootreq.parse(body, "2.1")
    assert isinstance(error, bootreq.HttpError)
    assert error.violations[0].hint == (
        "`flavorref` is unknown at every microversion: did you mean `flavorRef`?")


# -- every keyword and format of every range's schema


def test_every_format_has_words() -> None:
    assert set(_words.FORMAT_WORDS) == set(CHECKERS)


def test_every_compute_rule_is_answered() -> None:
    assert set(_fixes.COMPUTE_FIXES) == set(compute.RULES)


_PATTERN_MISSES = ("!", ",", "a b", "-", "a.b", "", "x", "a\x07b")


def _bad_values(schema: dict[str, Any]) -> list[tuple[str, Any]]:
    """A value failing each keyword of ``schema`` that can fail."""
    found: list[tuple[str, Any]] = []
    types = schema.get("type")
    named = [types] if isinstance(types, str) else list(types or [])
    if named:
        for value in ({}, [], "s", 7, True, None):
            if not any(_fits(value, name) for name in named):
                found.append(("type", value))
                break
    if "enum" in schema:
        found.append(("enum", "zz-not-listed"))
    if schema.get("minLength", 0) > 0:
        found.append(("minLength", "a" * (schema["minLength"] - 1)))
    if "maxLength" in schema and schema["maxLength"] < 70_000:
        found.append(("maxLength", "a" * (schema["maxLength"] + 1)))
    if "pattern" in schema:
        miss = next(m for m in _PATTERN_MISSES if not re.search(schema["pattern"], m))
        found.append(("pattern", miss))
    bad_format = {"uuid": "abc", "ipv4": "abc", "ipv6": "abc", "base64": "abc",
                  "name": " x ", "name_with_leading_trailing_spaces": "   "}
    if "format" in schema:
        found.append(("format", bad_format[schema["format"]]))
    if "minimum" in schema:
        found.append(("minimum", schema["minimum"] - 1))
    if "maximum" in schema:
        found.append(("maximum", schema["maximum"] + 1))
    if schema.get("minItems", 0) > 0:
        found.append(("minItems", []))
    if "maxItems" in schema:
        found.append(("maxItems", [f"i{n}" for n in range(schema["maxItems"] + 1)]))
    if schema.get("uniqueItems"):
        found.append(("uniqueItems", ["a", "a"]))
    if schema.get("additionalProperties") is False:
        found.append(("additionalProperties", {"zz_unknown": 1}))
    if "patternProperties" in schema:
        found.append(("patternAdditionalProperties", {"a/b": "x"}))
    if "oneOf" in schema:
        found.append(("oneOf", 3.5))
    return found


def _fits(value: Any, name: str) -> bool:
    kinds = {"object": dict, "array": list, "string": str, "boolean": bool,
             "null": type(None)}
    if name in ("integer", "number"):
        return type(value) in (int, float)
    return type(value) is kinds[name]


def _places(schema: dict[str, Any], path: tuple[Any, ...] = ()) -> Any:
    yield path, schema
    for name, sub in schema.get("properties", {}).items():
        yield from _places(sub, (*path, name))
    items = schema.get("items")
    if isinstance(items, dict):
        yield from _places(items, (*path, 0))
    for branch in schema.get("oneOf", ()):
        if "items" in branch:
            yield from _places(branch["items"], (*path, 0))


def _body_with(path: tuple[Any, ...], value: Any) -> Any:
    for step in reversed(path):
        value = [value] if isinstance(step, int) else {step: value}
    body: Any = value
    if isinstance(body, dict) and isinstance(body.get("server"), dict):
        for member, default in (("name", "vm"), ("flavorRef", "1"), ("imageRef", IMAGE)):
            body["server"].setdefault(member, default)
    elif isinstance(body, dict) and path:
        body["server"] = {"name": "vm", "flavorRef": "1", "imageRef": IMAGE}
    return body


def _cases() -> list[tuple[str, tuple[Any, ...], str, Any]]:
    cases, seen = [], set()
    for schema_range in schemas.RANGES:
        if schema_range.first < MIN_VERSION:
            continue
        document = schemas.schema_for(schema_range.first)
        for path, subschema in _places(dict(document)):
            if path[:1] == ("server",) and len(path) == 1:
                continue  # the server object itself: its members are the cases
            for keyword, value in _bad_values(subschema):
                key = (path, keyword, json.dumps(subschema, sort_keys=True))
                if key not in seen:
                    seen.add(key)
                    cases.append((str(schema_range.first), path, keyword, value))
    return cases


def test_every_keyword_and_format_that_can_fail_has_a_hint() -> None:
    cases = _cases()
    keywords = {keyword for _, _, keyword, _ in cases}
    assert keywords >= {"type", "enum", "minLength", "maxLength", "pattern", "format",
                        "minimum", "maximum", "minItems", "maxItems", "uniqueItems",
                        "additionalProperties", "patternAdditionalProperties", "oneOf"}
    formats = set()
    for version, path, keyword, value in cases:
        body = _body_with(path, value)
        error = bootreq.parse(body, version, options=API_ONLY)
        if not isinstance(error, bootreq.HttpError):
            continue  # Nova's minimum/maximum skip what int() cannot read, say
        assert error.violations, (version, path, keyword)
        for violation in error.violations:
            assert violation.hint, (version, path, keyword, violation)
            assert BARE not in violation.message, (version, path, keyword)
            if violation.message.endswith("is not a 'name'"):
                formats.add("name")
            match = re.search(r"is not a '(\w+)'", violation.message)
            if match:
                formats.add(match[1])
    assert formats >= {"uuid", "ipv4", "ipv6", "base64", "name"}


def test_required_members_get_what_they_may_be() -> None:
    error = bootreq.parse({"server": {"name": "vm", "imageRef": IMAGE}}, "2.1")
    assert isinstance(error, bootreq.HttpError)
    assert error.violations[0].hint == (
        "give `flavorRef`: a string of at least 1 character or an integer")


def test_limits_say_the_size() -> None:
    body = {"server": {"name": "vm", "flavorRef": "1", "imageRef": IMAGE, "networks": "none",
                       "tags": [f"t{n}" for n in range(51)]}}
    error = bootreq.parse(body, "2.52")
    assert isinstance(error, bootreq.HttpError)
    assert error.violations[0].hint == "`tags` must have at most 50 items; it has 51 items"


def test_enum_values_shortest_first() -> None:
    body = {"server": {"name": "vm", "flavorRef": "1", "imageRef": IMAGE,
                       "config_drive": "maybe"}}
    error = bootreq.parse(body, "2.1")
    assert isinstance(error, bootreq.HttpError)
    hint = error.violations[0].hint or ""
    assert hint.startswith('`config_drive` must be one of "1", "0", true, ')


def test_hints_are_computed_only_when_the_listing_is_read() -> None:
    import sys

    for name in ("bootreq._hints", "bootreq._fixes", "bootreq._violations"):
        sys.modules.pop(name, None)
    body = {"server": {"name": "vm", "flavorRef": "1", "imageRef": IMAGE, "bogus": 1}}
    error = bootreq.parse(body, "2.1")
    assert isinstance(error, bootreq.HttpError)
    assert "bootreq._hints" not in sys.modules
    assert error.violations[0].hint
    assert "bootreq._hints" in sys.modules
