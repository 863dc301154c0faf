"""Run bootreq on oracle-format cases and compare with Nova's recorded verdicts.

Case and verdict formats are the oracle's (``../shared/oracle/README.md``);
the data lives next to this file, one folder per topic, so the tests need
neither Nova nor ``../shared``.
"""

from __future__ import annotations

import base64
import json
import pathlib
import re
from collections.abc import Iterator
from typing import Any

import bootreq

HERE = pathlib.Path(__file__).parent

# Knobs outside bootreq's contract (transport details bootreq never sees).
SKIP_KNOBS = ("content_type", "endpoint", "headers")

#: Cases where bootreq deliberately answers otherwise, with the reason (docs/deviations.md).
DEVIATIONS: dict[str, str] = json.loads((HERE / "deviations.json").read_text(encoding="utf-8"))


def topics() -> list[str]:
    return sorted(p.parent.name for p in HERE.glob("*/verdicts.jsonl"))


def load(topic: str) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    folder = HERE / topic
    with open(folder / "verdicts.jsonl", encoding="utf-8") as handle:
        verdicts = {v["id"]: v for v in map(json.loads, handle)}
    with open(folder / "cases.jsonl", encoding="utf-8") as handle:
        for line in handle:
            case = json.loads(line)
            yield case, verdicts[case["id"]]


def options_for(case: dict[str, Any], compute_checks: bool = False,
                release: str | None = None) -> bootreq.Options:
    """The oracle's knobs as Options (``README.md`` of the oracle, "Option knobs")."""
    knobs = case.get("options") or {}
    kwargs: dict[str, Any] = {
        "compute_checks": compute_checks,
        "release": release,
        "enable_instance_password": bool(knobs.get("enable_instance_password", True)),
    }
    denied = set(knobs.get("deny_policies") or ())
    if denied:
        kwargs["authorize"] = lambda rule, target: rule not in denied
    for name in ("default_schedule_zone", "default_availability_zone"):
        if name in knobs:
            kwargs[name] = knobs[name]
    missing = {str(m) for m in knobs.get("missing_flavors") or ()}
    creatable = knobs.get("flavor_exists") == "creatable"
    if missing or creatable:

        def flavor_exists(flavor_id: str) -> bool:
            # "creatable": an id POST /flavors accepts (its schema's pattern and length).
            return flavor_id not in missing and (not creatable or bool(
                re.fullmatch(r"(?=.{1,255}$)(?! )[a-zA-Z0-9. _-]+(?<! )", flavor_id)))

        kwargs["flavor_exists"] = flavor_exists
    host_az = knobs.get("host_az")
    if host_az:
        kwargs["host_availability_zone"] = lambda host: host_az.get(host)
    return bootreq.Options(**kwargs)


def body_of(case: dict[str, Any]) -> Any:
    if "raw_b64" in case:
        return base64.b64decode(case["raw_b64"])
    if "raw" in case:
        return case["raw"].encode("utf-8", "surrogatepass")
    if "body" in case:
        # A str would be read as raw text: send the JSON text the oracle sent.
        body = case["body"]
        return json.dumps(body) if isinstance(body, str) else body
    return b""


def normalise(value: Any) -> Any:
    """The oracle's kwargs normalisation: sorted keys, lists, NaN/inf spelled out."""
    if isinstance(value, dict):
        return {str(k): normalise(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [normalise(v) for v in value]
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return {"__float__": repr(value)}
    return value


def differences(case: dict[str, Any], nova: dict[str, Any],
                release: str | None = None) -> list[str]:
    """What bootreq answers differently from Nova (``release``) for one case (empty: agreement)."""
    knobs = case.get("options") or {}
    if any(knob in knobs for knob in SKIP_KNOBS) or case["id"] in DEVIATIONS:
        return []
    result = bootreq.parse(body_of(case), case.get("microversion"),
                           options=options_for(case, release=release))
    status = nova["status"]
    if isinstance(result, bootreq.HttpError):
        if status == 500:
            # A Nova bug on a client mistake: bootreq's clear 400 is the documented answer.
            return [] if result.status == 400 else [f"status 500 vs {result.status}"]
        answer = (result.status, result.fault, result.message)
        if answer != (status, nova["fault"], nova["message"]):
            return [f"nova {status} {nova['fault']} {nova['message']!r}\n"
                    f"  bootreq {result.status} {result.fault} {result.message!r}"]
        return []
    if status != 202:
        return [f"nova {status} {nova['message']!r}, bootreq accepted"]
    problems = []
    kwargs = normalise(result.to_nova_kwargs())
    if kwargs.get("admin_password") is None:
        kwargs["admin_password"] = "<generated>"
    if "security_groups" in kwargs:
        kwargs["security_groups"] = sorted(kwargs["security_groups"])
    expected = nova["kwargs"]
    for name in sorted(set(kwargs) | set(expected)):
        if kwargs.get(name, "<absent>") != expected.get(name, "<absent>"):
            problems.append(f"kwargs[{name}]: nova {expected.get(name, '<absent>')!r}, "
                            f"bootreq {kwargs.get(name, '<absent>')!r}")
    if result.flavor_id != nova["flavor_id"]:
        problems.append(f"flavor_id: nova {nova['flavor_id']!r}, bootreq {result.flavor_id!r}")
    if list(result.policies) != nova["policies"]:
        problems.append(f"policies: nova {nova['policies']}, bootreq {list(result.policies)}")
    if result.return_reservation_id != nova["reservation_id_response"]:
        problems.append("return_reservation_id differs")
    return problems
