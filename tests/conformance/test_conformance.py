"""bootreq agrees with Nova 34.0.0's recorded verdicts, topic by topic.

Every expected value here was produced by real Nova (``tools/record_verdicts.sh``).
"""

from __future__ import annotations

import copy
import json
import pathlib

import pytest

import bootreq
from bootreq import schemas
from tests.conformance.oracle_cases import body_of, differences, load, options_for, topics


@pytest.mark.parametrize("topic", topics())
def test_topic_agrees_with_nova(topic: str) -> None:
    report = []
    count = 0
    for case, nova in load(topic):
        count += 1
        for problem in differences(case, nova):
            report.append(f"{case['id']}: {problem}")
    assert count > 0
    assert not report, f"{len(report)} disagreements in {topic}:\n" + "\n".join(report[:20])


@pytest.mark.parametrize("topic", topics())
def test_parse_leaves_the_body_untouched(topic: str) -> None:
    for case, _ in load(topic):
        body = body_of(case)
        before = copy.deepcopy(body)
        bootreq.parse(body, case.get("microversion"), options=options_for(case))
        if isinstance(body, bytes):
            assert body == before
        else:
            assert json.dumps(body) == json.dumps(before)


def test_schemas_are_novas() -> None:
    recorded = json.loads(
        (pathlib.Path(__file__).parent / "data" / "nova_schemas.json").read_text(encoding="utf-8")
    )
    ours = {r.name: schemas.schema_by_name(r.name) for r in schemas.RANGES}
    assert list(ours) == list(recorded)
    for name, schema in recorded.items():
        # Key order matters: it decides which error Nova reports first.
        assert json.dumps(ours[name]) == json.dumps(schema), name


def test_each_deviation_is_a_real_disagreement() -> None:
    # A listed deviation that starts agreeing with Nova should leave the list.
    from tests.conformance.oracle_cases import DEVIATIONS

    found = {}
    for topic in topics():
        for case, nova in load(topic):
            if case["id"] in DEVIATIONS:
                found[case["id"]] = (case, nova)
    assert set(found) == set(DEVIATIONS)
    for case, nova in found.values():
        result = bootreq.parse(body_of(case), case.get("microversion"), options=options_for(case))
        assert isinstance(result, bootreq.HttpError)
        assert result.status == nova["status"]
        assert result.message != nova["message"]
