"""A client's max_count never costs work proportional to its value."""

import bootreq

IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"


def test_huge_max_count_is_answered_without_building_every_instance() -> None:
    # dev-000122 and friends: Nova's API layer accepts max_count 2**63.
    body = {"server": {"name": "a b", "flavorRef": "1", "imageRef": IMAGE, "max_count": 2**63}}
    result = bootreq.parse(body)
    assert isinstance(result, bootreq.BuildRequest)
    assert result.compute is not None
    names = result.compute.instance_names
    assert names.total == 2**63
    assert names[0] == ("a b-1", "a-b-1")
    assert names[-1] == (f"a b-{2**63}", f"a-b-{2**63}")
