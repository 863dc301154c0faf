"""End to end: openstacksdk and python-novaclient against the WSGI recipe.

The recipe is served on 127.0.0.1; each case of ``e2e_harness.CASES`` creates a
server through a real client, at microversions from 2.1 to 2.94 and with a
range of options. For every request the client sent, the test checks that

1. it is exactly the request Nova 34.0.0's verdict was recorded for
   (``nova_verdicts.json``, recorded with the project's Nova oracle, the real
   ``compute_api.create`` included: ``record_nova_verdicts.py``);
2. the endpoint answered as Nova did: status, and for an error Nova's fault
   body; for a success the same kind of document;
3. the client saw Nova's answer: the status and message it reports, or the
   server (or reservation id) it returns.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("openstack")
pytest.importorskip("novaclient")

import e2e_harness as harness

VERDICTS: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parent / "nova_verdicts.json").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def results() -> dict[str, tuple[harness.Outcome, harness.Exchange]]:
    recorder = harness.Recorder(harness.RECIPE_APP)
    with harness.serve(recorder) as endpoint:
        outcomes = harness.run_clients(endpoint)
    posts = recorder.posts()
    assert len(posts) == len(harness.CASES), "each case makes exactly one POST /servers"
    return {
        case.id: (outcome, exchange)
        for case, outcome, exchange in zip(harness.CASES, outcomes, posts, strict=True)
    }


def test_every_case_has_a_recorded_verdict() -> None:
    assert [case.id for case in harness.CASES] == list(VERDICTS)


def test_the_cases_cover_clients_versions_and_outcomes() -> None:
    clients = {case.client for case in harness.CASES}
    assert clients == {"sdk", "sdk-raw", "novaclient"}
    versions = {v["request"]["microversion"] for v in VERDICTS.values()}
    assert len(versions) >= 10
    statuses = {v["status"] for v in VERDICTS.values()}
    assert statuses == {202, 400, 406, 415}


@pytest.mark.parametrize("case", harness.CASES, ids=lambda case: case.id)
def test_client_sees_novas_answer(
    case: harness.Case, results: dict[str, tuple[harness.Outcome, harness.Exchange]]
) -> None:
    nova = VERDICTS[case.id]
    outcome, exchange = results[case.id]

    # 1. The request is the one Nova's verdict was recorded for (order included:
    #    Nova's messages quote the body in the order it was sent).
    sent = harness.oracle_case(case, exchange)
    assert json.dumps(sent) == json.dumps(nova["request"]), (
        "the client sent another request than the one recorded: if the client "
        "changed, re-record with tests/e2e/record_nova_verdicts.py"
    )

    # 2. The endpoint answered as Nova did.
    assert exchange.status == nova["status"]
    document = json.loads(exchange.response)
    if nova["status"] >= 400:
        assert document == {nova["fault"]: {"code": nova["status"], "message": nova["message"]}}
    elif nova["reservation_id_response"]:
        assert set(document) == set(nova["response"]) == {"reservation_id"}
    else:
        ours, theirs = document["server"], nova["response"]["server"]
        assert set(ours) == set(theirs)
        assert ours["OS-DCF:diskConfig"] == theirs["OS-DCF:diskConfig"]
        assert ours["security_groups"] == theirs["security_groups"]
        if theirs["adminPass"] != "<generated>":
            assert ours["adminPass"] == theirs["adminPass"]

    # 3. The client saw Nova's answer.
    assert outcome.status == nova["status"]
    if nova["status"] >= 400:
        assert outcome.message == nova["message"]
    elif nova["reservation_id_response"]:
        assert outcome.reservation_id == document["reservation_id"]
    else:
        assert outcome.server_id == document["server"]["id"]
