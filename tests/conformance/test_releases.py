"""Options.release: each covered Nova release's own recorded verdicts, and its schemas.

Expected answers are Nova's: ``releases/<version>/verdicts.jsonl`` were
recorded with that release's oracle venv on ``releases/cases.jsonl``
(``tools/make_release_cases.py``), and on ``releases/topic-cases.jsonl``
(the conformance topics' cases whose answer differs from 34.0.0's in Nova
29.4.0 or 31.0.0); the shared corpora's per-release verdicts
(``../shared/oracle/releases``, beside the clone in CI) are graded too.
"""

from __future__ import annotations

import gzip
import json
import pathlib
from collections.abc import Iterator
from typing import Any

import pytest

import bootreq
from bootreq import _api, schemas
from bootreq.release_rules import COVERED, behaviour_for
from tests.conformance.oracle_cases import differences

HERE = pathlib.Path(__file__).parent / "releases"
SHARED = pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "oracle"
RECORDED = sorted(path.parent.name for path in HERE.glob("*/verdicts.jsonl"))


def _cases(path: pathlib.Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _report(cases: pathlib.Path, verdicts: pathlib.Path, release: str | None) -> list[str]:
    recorded = {verdict["id"]: verdict for verdict in _cases(verdicts)}
    report = []
    for case in _cases(cases):
        for problem in differences(case, recorded[case["id"]], release):
            report.append(f"{case['id']} @{case.get('microversion')}: {problem}")
    return report


def test_every_covered_release_has_recorded_cases_or_shared_verdicts() -> None:
    assert {"29.4.0", "34.0.0"} <= set(RECORDED)
    assert set(COVERED) == {*(p.name for p in (SHARED / "releases").glob("[0-9]*")), "34.0.0"} \
        or not SHARED.is_dir()


#: (version, cases, that release's verdicts): the boundary cases of each change
#: and (topic-cases.jsonl) the cases of the conformance topics whose answer
#: differs between that release and 34.0.0.
RECORDINGS = [
    (version, cases, HERE / version / verdicts)
    for version in RECORDED
    for cases, verdicts in (("cases.jsonl", "verdicts.jsonl"),
                            ("topic-cases.jsonl", "topic-verdicts.jsonl"))
    if (HERE / version / verdicts).is_file()
]


@pytest.mark.parametrize(("version", "cases", "verdicts"), RECORDINGS)
def test_release_agrees_with_its_recorded_verdicts(version: str, cases: str,
                                                   verdicts: pathlib.Path) -> None:
    report = _report(HERE / cases, verdicts, version)
    assert not report, f"{len(report)} disagreements with Nova {version}:\n" + "\n".join(
        report[:20])


def test_the_cases_tell_the_releases_apart() -> None:
    # Each change of release_rules is probed: the recorded answers differ.
    older = {v["id"]: v for v in _cases(HERE / "29.4.0" / "verdicts.jsonl")}
    newest = {v["id"]: v for v in _cases(HERE / "34.0.0" / "verdicts.jsonl")}
    differing = {key.split("-")[1] for key in older
                 if (older[key]["status"], older[key]["message"])
                 != (newest[key]["status"], newest[key]["message"])}
    assert differing >= {"draft4", "minlen", "order", "oneof", "devname", "imglocal", "group",
                         "legacyv2", "limits"}


def test_no_release_is_34_0_0() -> None:
    report = _report(HERE / "cases.jsonl", HERE / "34.0.0" / "verdicts.jsonl", None)
    assert not report, "\n".join(report[:20])


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (the oracle material) not present")
@pytest.mark.parametrize("version", [v for v in COVERED if v != "34.0.0"])
@pytest.mark.parametrize("corpus", ["dev", "api_samples"])
def test_release_agrees_on_the_shared_corpora(version: str, corpus: str) -> None:
    verdicts = SHARED / "releases" / version / f"{corpus}.verdicts.jsonl.gz"
    if not verdicts.is_file():
        pytest.skip(f"{verdicts} not present")
    report = _report(SHARED / "corpus" / f"{corpus}.jsonl", verdicts, version)
    assert not report, f"{len(report)} disagreements with Nova {version} on {corpus}:\n" + \
        "\n".join(report[:20])


@pytest.mark.parametrize("version", sorted(p.parent.name for p in HERE.glob("*/nova_schemas.json")))
def test_release_schemas_are_that_novas(version: str) -> None:
    recorded = json.loads((HERE / version / "nova_schemas.json").read_text(encoding="utf-8"))
    nova = behaviour_for(version)
    assert [r.name for r in schemas.RANGES] == list(recorded)
    for name, schema in recorded.items():
        # Key order matters: it decides which error Nova reports first.
        ours = _api._schema_document(name, nova)
        assert json.dumps(ours) == json.dumps(schema), f"{version} {name}"


@pytest.mark.parametrize(("name", "version", "maximum"), [
    (None, "34.0.0", "2.104"), ("34.0.0", "34.0.0", "2.104"), ("31.3.1", "31.3.1", "2.100"),
    ("2025.1", "31.3.1", "2.100"), ("epoxy", "31.3.1", "2.100"),
    ("2025.1 Epoxy", "31.3.1", "2.100"),
    ("2025.2", "32.2.1", "2.100"), ("Gazpacho", "33.0.2", "2.103"), ("2024.1", "29.4.0", "2.96"),
    ("2023.2", "28.3.1", "2.95"), ("2023.1", "27.5.1", "2.95"), ("31.2", "31.2.0", "2.100"),
])
def test_release_names(name: str | None, version: str, maximum: str) -> None:
    nova = behaviour_for(name)
    assert (nova.version, str(nova.max_microversion)) == (version, maximum)


@pytest.mark.parametrize("name", ["35.0.0", "11.1.0", "diablo", "2027.1", ""])
def test_unknown_releases_are_refused_when_options_are_made(name: str) -> None:
    with pytest.raises(LookupError):
        bootreq.Options(release=name)


@pytest.mark.parametrize(("version", "switch", "older"), [
    # The fixing point releases of Nova's git history (tags holding each fix).
    ("31.1.0", "devname", True), ("31.2.0", "devname", False), ("30.2.1", "devname", True),
    ("30.3.0", "devname", False), ("33.0.0", "devname", False),
    ("31.3.0", "imglocal", True), ("31.3.1", "imglocal", False), ("32.1.0", "imglocal", True),
    ("32.2.0", "imglocal", False), ("30.3.0", "imglocal", True), ("33.0.0", "imglocal", False),
    ("33.0.1", "hints", True), ("33.0.2", "hints", False), ("32.2.0", "hints", True),
    ("29.4.0", "draft4", True), ("30.0.0", "draft4", False),
])
def test_point_releases_follow_the_fixing_releases(version: str, switch: str,
                                                   older: bool) -> None:
    from bootreq.release_rules import CHANGES

    (change,) = [change for change in CHANGES if change.name == switch]
    assert change.fixed(tuple(int(part) for part in version.split("."))) is not older


def test_a_release_caps_the_microversion_with_its_own_406() -> None:
    answer = bootreq.parse({"server": {}}, "2.97", options=bootreq.Options(release="2024.2"))
    assert isinstance(answer, bootreq.HttpError)
    assert answer.message == ("Version 2.97 is not supported by the API. "
                              "Minimum is 2.1 and maximum is 2.96.")
    capped = bootreq.Options(release="2025.1", max_microversion="2.90")
    answer = bootreq.parse({"server": {}}, "2.91", options=capped)
    assert isinstance(answer, bootreq.HttpError) and "maximum is 2.90." in answer.message


def test_every_schema_edit_of_a_change_applies_somewhere() -> None:
    from bootreq.release_rules import CHANGES, apply_edits

    for change in CHANGES:
        for edit in change.edits:
            touched = [r.name for r in schemas.RANGES
                       if apply_edits(dict(schemas.schema_by_name(r.name)), (edit,))
                       != schemas.schema_by_name(r.name)
                       or json.dumps(apply_edits(dict(schemas.schema_by_name(r.name)), (edit,)))
                       != json.dumps(schemas.schema_by_name(r.name))]
            assert touched, f"{change.name}: {edit.where} matches no schema"


def test_a_release_listing_uses_its_words() -> None:
    # Nova 29.4.0 (releases/29.4.0/verdicts.jsonl, rel-minlen): "'' is too short".
    answer = bootreq.parse({"server": {"name": "", "flavorRef": "1"}}, "2.1",
                           options=bootreq.Options(release="29.4.0"))
    assert isinstance(answer, bootreq.HttpError)
    assert answer.message.endswith("'' is too short")
    assert [v.message for v in answer.violations] == ["'' is too short"]
