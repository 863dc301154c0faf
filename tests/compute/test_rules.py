"""The rule table: complete, unique, and each rule's answer is Nova's shape."""

from __future__ import annotations

import attrs

from bootreq.cloud import Cloud
from bootreq.compute import RULES, rule
from bootreq.errors import fault_name

#: A rule may need any fact of the cloud state.
CLOUD_FACTS = {f"cloud.{field.name}" for field in attrs.fields(Cloud)}


def test_names_unique() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    assert all(rule(n).name == n for n in names)


def test_status_and_fault() -> None:
    for r in RULES:
        assert r.status in (400, 403, 409), r
        assert r.nova_status in (None, 500), r
        assert r.doc, r
        assert set(r.needs) <= {"flavor", "image", "limits", "deployment", "authorize",
                                  *CLOUD_FACTS}, r
        assert fault_name(r.status) in ("badRequest", "forbidden", "conflictingRequest")
