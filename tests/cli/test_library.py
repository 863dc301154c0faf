"""The library side: violations on HttpError, problem details, releases, advice."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

import bootreq
from bootreq import releases
from bootreq.advice import accepted_microversions
from bootreq.microversion import MAX_VERSION, Microversion

IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"
_HISTORY = (
    Path.home() / "nova-venv/lib/python3.11/site-packages/nova/api/openstack/compute"
    / "rest_api_version_history.rst"
)


def test_schema_errors_carry_every_violation_headed_by_novas():
    body = {"server": {"name": "", "flavorRef": "1", "imageRef": IMAGE,
                       "metadata": {"k": 1}, "bogus": True}}
    error = bootreq.parse(body, "2.1")
    assert isinstance(error, bootreq.HttpError)
    assert error.message == (
        "Invalid input for field/attribute name. Value: . '' should be non-empty"
    )
    assert [(v.pointer, v.message) for v in error.violations] == [
        ("/server/name", "'' should be non-empty"),
        ("/server/metadata/k", "1 is not of type 'string'"),
        ("/server", "Additional properties are not allowed ('bogus' was unexpected)"),
    ]
    problem = error.to_problem()
    assert problem["status"] == 400 and problem["pointer"] == "/server/name"
    assert problem["errors"][2] == {
        "pointer": "/server", "detail": "Additional properties are not allowed "
        "('bogus' was unexpected)",
        "hint": "remove `bogus`: no microversion knows it on server"}


def test_non_schema_errors_name_the_member_and_the_fix():
    error = bootreq.parse({"server": {"name": "a", "flavorRef": "1"}}, "2.1")
    assert isinstance(error, bootreq.HttpError)
    assert error.message == "Missing imageRef attribute" and error.pointer is None
    (violation,) = error.violations
    assert violation.pointer == "/server" and violation.message == error.message
    assert violation.hint is not None and "`imageRef`" in violation.hint
    # An error bootreq cannot place on a member has no listing.
    assert bootreq.parse(b"{", "2.1").violations == ()  # type: ignore[union-attr]


def test_first_violation_is_novas_on_the_corpus():
    # The corpus's schema errors: jsonschema's walk and the engine agree on the head.
    from cli_support import corpus_cases

    seen = 0
    for _, version, document in corpus_cases()[:1500]:
        result = bootreq.parse(document, version, options=bootreq.Options(compute_checks=False))
        if isinstance(result, bootreq.HttpError) and result.violations and result.pointer:
            seen += 1
            first = result.violations[0]
            if result.message.endswith(" is not valid under any of the given schemas"):
                # Nova's oneOf failure: the listing says why, at or below its pointer.
                assert first.pointer == result.pointer or first.pointer.startswith(
                    result.pointer + "/")
                assert not first.message.endswith("is not valid under any of the given schemas")
                continue
            assert first.pointer == result.pointer
            assert result.message.endswith(first.message) or (
                "An invalid 'name' value" in result.message
            )
    assert seen > 300


def test_too_deep_for_jsonschema_still_answers():
    # Deep enough for jsonschema's recursive equality to give up, not the engine's.
    deep: object = "x"
    for _ in range(250):
        deep = [deep]
    body = {"server": {"name": "a", "flavorRef": "1", "imageRef": IMAGE,
                       "trusted_image_certificates": [deep, deep]}}
    error = bootreq.parse(body, "2.63")
    assert isinstance(error, bootreq.HttpError) and error.status == 400
    assert error.violations and error.violations[0].pointer == error.pointer


def test_releases_table():
    assert releases.max_microversion("2024.1") == Microversion(2, 96)
    assert releases.max_microversion("Caracal") == Microversion(2, 96)
    assert releases.max_microversion("2025.2 flamingo") == Microversion(2, 100)
    assert releases.RELEASES[-1].max_microversion == MAX_VERSION
    with pytest.raises(releases.UnknownRelease):
        releases.find_release("2027.1")
    options = bootreq.Options(max_microversion=releases.max_microversion("2023.2"))
    error = bootreq.parse({"server": {}}, "2.96", options=options)
    assert isinstance(error, bootreq.HttpError) and error.status == 406


@pytest.mark.skipif(not _HISTORY.exists(), reason="no Nova installation to read")
def test_releases_match_novas_version_history():
    import re

    stated = {}
    for minor, names in re.findall(r"^2\.(\d+) \(Maximum in (.+)\)$",
                                   _HISTORY.read_text(), re.MULTILINE):
        for name in re.split(r" and ", names):
            stated[name] = Microversion(2, int(minor))
    ours = {str(release): release.max_microversion for release in releases.RELEASES}
    assert ours == stated


def test_accepted_microversions_is_exact_per_version():
    acceptance = accepted_microversions(
        {"server": {"name": "vm", "flavorRef": "1", "imageRef": IMAGE, "networks": "auto",
                    "host": "compute-1"}}
    )
    assert acceptance.lowest == Microversion(2, 74) and acceptance.highest == MAX_VERSION
    assert acceptance.members_since == (("server.host", Microversion(2, 74)),
                                        ("server.networks", Microversion(2, 37)))
    assert acceptance.accepts(Microversion(2, 80)) and not acceptance.accepts(Microversion(2, 73))
    assert len(acceptance.versions) == MAX_VERSION.minor - 73


def test_parse_is_the_pipeline_function():
    # bootreq.parse is the function; its module has another name, so nothing
    # has to reach the pipeline's module through sys.modules.
    assert importlib.import_module("bootreq._api").parse is bootreq.parse
    assert callable(bootreq.parse) and not hasattr(bootreq.parse, "__path__")
