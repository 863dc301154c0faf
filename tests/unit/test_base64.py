"""bootreq's base64 acceptance against the decoders it stands for.

The reference is CPython 3.11.7's non-strict ``binascii.a2b_base64`` (the one
Nova 34.0.0 is graded on); the other machine is CPython's after the
CVE-2026-3446 fix, simulated by ``tools/cve_2026_3446`` (the double Nova's
``fixed`` verdicts were recorded with). Both are compared with the running
interpreter's decoder where it is the one they stand for.
"""

from __future__ import annotations

import base64
import binascii
import importlib.util
import itertools
import json
import pathlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conformance import oracle_cases

import bootreq
from bootreq._base64 import accepted_patched, accepted_unpatched

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _load_double() -> ModuleType:
    path = ROOT / "tools" / "cve_2026_3446" / "fixed_a2b_base64.py"
    spec = importlib.util.spec_from_file_location("fixed_a2b_base64", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FIXED = _load_double()


def _running_accepts(text: str) -> bool:
    try:
        binascii.a2b_base64(text.encode("ascii"))
    except binascii.Error:
        return False
    return True


def _fixed_accepts(text: str) -> bool:
    try:
        FIXED.decode(text.encode("ascii"), binascii.Error)
    except binascii.Error:
        return False
    return True


# A behavioural probe, not a version test: patch releases and distributions
# carry the fix at different version numbers.
RUNNING_IS_FIXED = binascii.a2b_base64(b"Zg==Zg==") != b"f"
RUNNING_MACHINE: Callable[[str], bool] = accepted_patched if RUNNING_IS_FIXED else (
    accepted_unpatched
)

_TEXT = st.text(alphabet="AQZagz09+/=\n \t!.-_", max_size=24)


@settings(max_examples=3000, deadline=None)
@given(_TEXT)
def test_the_running_decoders_machine_agrees_with_it(text: str) -> None:
    assert RUNNING_MACHINE(text) is _running_accepts(text)


@settings(max_examples=3000, deadline=None)
@given(_TEXT)
def test_the_fixed_machine_agrees_with_the_fixed_decoder(text: str) -> None:
    assert accepted_patched(text) is _fixed_accepts(text)


def test_every_short_text_agrees_with_the_running_decoder() -> None:
    for size in range(8):
        for chars in itertools.product("AB=.", repeat=size):
            text = "".join(chars)
            assert RUNNING_MACHINE(text) is _running_accepts(text), text
            assert accepted_patched(text) is _fixed_accepts(text), text


def test_the_fix_only_ever_rejects_more() -> None:
    for size in range(9):
        for chars in itertools.product("A=.", repeat=size):
            text = "".join(chars)
            assert accepted_unpatched(text) or not accepted_patched(text), text


@pytest.mark.parametrize(
    ("text", "unpatched", "patched"),
    [
        ("YWJjYQ==YWJj", True, False),  # the example
        ("Zg==Zg==", True, True),  # the fix decodes the second quad; both accept
        ("YQ==Y", True, False),
        ("Zm9v=Zg==", True, True),
        ("Z=g=", False, False),
        ("YQ=", False, False),
        ("", True, True),
        ("====", True, True),
        ("Y", False, False),
        ("YW\nJj", True, True),
    ],
)
def test_known_answers(text: str, unpatched: bool, patched: bool) -> None:
    assert accepted_unpatched(text) is unpatched
    assert accepted_patched(text) is patched


def _base64_cases(topic: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [
        (case, nova) for case, nova in oracle_cases.load(topic)
        if case.get("meta", {}).get("label", "").startswith(
            ("user_data", "personality contents", "contents"))
    ]


def test_answers_do_not_move_when_binascii_behaves_as_fixed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(binascii, "a2b_base64", FIXED.fixed_a2b_base64(binascii))
    with pytest.raises(binascii.Error):
        base64.b64decode("YWJjYQ==YWJj")  # the running Python now answers as fixed
    cases = _base64_cases("interpreter")
    assert len(cases) > 400
    problems = [
        f"{case['id']}: {problem}" for case, nova in cases
        for problem in oracle_cases.differences(case, nova)
    ]
    assert not problems, "\n".join(problems[:10])


def test_the_option_answers_as_nova_on_a_fixed_python(monkeypatch: pytest.MonkeyPatch) -> None:
    # Nova's verdicts recorded with tools/cve_2026_3446 in the oracle's Python.
    folder = ROOT / "tests" / "conformance" / "base64-fixed"
    plain = oracle_cases.options_for

    def fixed_options(case: dict[str, Any], compute_checks: bool = False,
                      release: str | None = None) -> bootreq.Options:
        return attrs.evolve(plain(case, compute_checks, release),
                            base64_cve_2026_3446_fixed=True)

    monkeypatch.setattr(oracle_cases, "options_for", fixed_options)

    verdicts = {
        v["id"]: v for v in map(json.loads, (folder / "verdicts-cve-2026-3446.jsonl").open())
    }
    cases = [json.loads(line) for line in (folder / "cases.jsonl").open(encoding="utf-8")]
    reference = {c["id"]: v["status"] for c, v in _base64_cases("interpreter")}
    moved = 0
    problems = []
    for case in cases:
        nova = verdicts[case["id"]]
        problems += [f"{case['id']}: {p}" for p in oracle_cases.differences(case, nova)]
        moved += nova["status"] != reference[case["id"].replace("base64-fixed-", "interpreter-")]
    assert moved >= 40  # the fix changes these answers, and the option follows
    assert not problems, "\n".join(problems[:10])
