"""The deviations page's examples: every Nova 500 gets bootreq's 400 ``badRequest``."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from docs_support import ROOT

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
bootreq_tables = pytest.importorskip("bootreq_tables")

import bootreq  # noqa: E402
from bootreq.compute import RULES  # noqa: E402

# (trigger, version, body, Nova's answer, the context: Options as JSON or None)
TRIGGERS: list[tuple[str, str, Any, str, Any]] = [
    *((*example, None) for example in bootreq_tables.NOVA_500_TRIGGERS),
    *((*example, None)[:5] for examples in bootreq_tables.COMPUTE_500_TRIGGERS.values()
      for example in examples),
]


@pytest.mark.parametrize(("trigger", "version", "body", "nova", "context"), TRIGGERS,
                         ids=[trigger for trigger, *_ in TRIGGERS])
def test_bootreq_answers_400(trigger: str, version: str, body: Any, nova: str,
                             context: Any) -> None:
    assert nova.startswith("500 "), "the table lists Nova 500s only"
    result = bootreq.parse(body, version, options=bootreq_tables._options(context))
    assert isinstance(result, bootreq.HttpError), trigger
    assert (result.status, result.fault) == (400, "badRequest"), result.message


def test_every_compute_rule_nova_answers_500_has_an_example() -> None:
    deviating = {rule.name for rule in RULES
                 if rule.nova_status is not None and rule.nova_status != rule.status}
    assert deviating == set(bootreq_tables.COMPUTE_500_TRIGGERS)


def test_the_compute_examples_fire_their_rule() -> None:
    for name, examples in bootreq_tables.COMPUTE_500_TRIGGERS.items():
        rule = next(rule for rule in RULES if rule.name == name)
        prefix = rule.message.split("{", 1)[0]
        for trigger, version, body, _, *context in examples:
            result = bootreq.parse(body, version, options=bootreq_tables._options(*context))
            assert isinstance(result, bootreq.HttpError), trigger
            assert result.message.startswith(prefix), (trigger, result.message)
            api_only = bootreq.parse(body, version, options=bootreq_tables._options(
                *context, compute_checks=False))
            assert isinstance(api_only, bootreq.BuildRequest), trigger
