"""A cloud in one file: Cloud.flavors / deployment / limits answer as Options' own fields do.

Options.flavor, .deployment and .limits are held to Nova's recorded answers
by test_nova_verdicts.py; here the same facts stated in the Cloud instead
must give the same answers, case by case, and a flavor the cloud says is
gone gives the API layer's not-found answer (Nova's, recorded as the
missing_flavors knob).
"""

from __future__ import annotations

import attrs
import pytest

import bootreq
from bootreq.cloud import Cloud, Flavor
from bootreq.errors import HttpError
from bootreq.options import Options

from .test_nova_verdicts import API, CASES, IDS, tool

# Cases whose answer depends on the flavor, the limits or the configuration.
FAMILIES = {"image_flavor", "metadata_personality", "validate_bdm", "quotas", "bdm_transform"}
SAMPLE = [i for i in IDS if CASES[i].get("meta", {}).get("family") in FAMILIES][:300]


def _answer(result: bootreq.BuildRequest | HttpError) -> object:
    if isinstance(result, HttpError):
        return (result.status, result.message)
    return result


@pytest.mark.parametrize("case_id", SAMPLE)
def test_cloud_facts_answer_as_options_do(case_id: str) -> None:
    case, api = CASES[case_id], API[case_id]
    context = tool.context_options(case, api["kwargs"])
    options = Options(**tool.api_options(case), **context)
    cloud = attrs.evolve(context["cloud"], flavors={api["flavor_id"]: context["flavor"]},
                         deployment=context["deployment"], limits=context["limits"])
    in_cloud = Options(**tool.api_options(case), cloud=cloud)
    body, version = case["body"], case.get("microversion")
    assert _answer(bootreq.parse(body, version, options=in_cloud)) == _answer(
        bootreq.parse(body, version, options=options))


def test_sample_is_large() -> None:
    assert len(SAMPLE) >= 200


def test_options_flavor_wins_over_the_clouds() -> None:
    body = {"server": {"name": "vm", "flavorRef": "1", "networks": "none",
                       "imageRef": "70a599e0-31e7-49b7-b260-868f441e862b"}}
    disabled = Flavor(vcpus=1, memory_mb=512, root_gb=1, disabled=True, id=7)
    enabled = Flavor(vcpus=1, memory_mb=512, root_gb=1)
    cloud = Cloud(flavors={"1": disabled})
    refused = bootreq.parse(body, "2.67", options=Options(cloud=cloud))
    assert isinstance(refused, HttpError) and refused.message == "Flavor 7 could not be found."
    assert isinstance(bootreq.parse(body, "2.67", options=Options(flavor=enabled, cloud=cloud)),
                      bootreq.BuildRequest)


def test_a_flavor_the_cloud_lacks_is_not_found() -> None:
    # Nova's answer to the missing_flavors knob (tests/conformance, api layer).
    body = {"server": {"name": "vm", "flavorRef": "42", "networks": "none",
                       "imageRef": "70a599e0-31e7-49b7-b260-868f441e862b"}}
    refused = bootreq.parse(body, "2.67", options=Options(cloud=Cloud(flavors={"42": None})))
    assert isinstance(refused, HttpError)
    assert (refused.status, refused.message) == (400, "Flavor 42 could not be found.")
    unknown = bootreq.parse(body, "2.67", options=Options(cloud=Cloud(flavors={"7": None})))
    assert isinstance(unknown, bootreq.BuildRequest)
