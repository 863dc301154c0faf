"""The reference bootreq's schema engine must agree with: jsonschema, extended as Nova extends it.

Nova validates with ``Draft202012Validator`` and three changes of its own
(``nova/api/validation/validators.py``), reproduced here from Nova's
behaviour, independently of bootreq's engine:

* ``minimum`` / ``maximum``: the instance is first converted with ``int()``,
  then ``float()``; when neither works the keyword is skipped; otherwise
  jsonschema's own check runs on the number (so ``"0"`` is below a minimum
  of 1). Nova does not catch ``OverflowError`` (``int(inf)``); the schemas'
  ``type`` always rejects such values first, so the reference falls back to
  ``float`` there to keep listing further errors.
* legacy v2.0's soft ``additionalProperties``: unknown members are deleted
  from the instance while it is walked, except that an object whose members
  are *all* unknown is left alone, and an object with ``patternProperties``
  reports the unknown members instead.
* the format checkers (bootreq's, tested against Nova's elsewhere): non-string
  instances pass; base64 text with non-ASCII characters, which crashes Nova,
  is an invalid base64 value.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator

from bootreq import _violations

__all__ = ["ENGINE_KEYWORDS", "first_error", "reference_validator"]


# bootreq's checkers: the formats themselves are tested against Nova's facts
# elsewhere; here the engine's walk is what is compared with jsonschema's.
FORMAT_CHECKER = _violations.FORMAT_CHECKER


def _number(instance: Any) -> Any:
    try:
        return int(instance)
    except (ValueError, TypeError):
        try:
            return float(instance)
        except (ValueError, TypeError):
            return None
    except OverflowError:
        return float(instance)


def _bound(keyword: str) -> Any:
    original = Draft202012Validator.VALIDATORS[keyword]

    def check(validator: Any, bound: Any, instance: Any, schema: Any) -> Iterator[Any]:
        number = _number(instance)
        if number is None:
            return
        yield from original(validator, bound, number, schema)

    return check


def _soft_additional(validator: Any, allowed: Any, instance: Any, schema: Any) -> Iterator[Any]:
    if not validator.is_type(instance, "object") or allowed:
        return
    properties = schema.get("properties", {})
    patterns = "|".join(schema.get("patternProperties", {}))
    extras = [
        key for key in instance
        if key not in properties and not (patterns and re.search(patterns, key))
    ]
    if not extras or len(extras) == len(instance):
        return
    if patterns:
        listed = ", ".join(repr(extra) for extra in sorted(extras))
        verb = "was" if len(extras) == 1 else "were"
        yield jsonschema.ValidationError(
            f"Additional properties are not allowed ({listed} {verb} unexpected)"
        )
        return
    for key in extras:
        del instance[key]


_Nova = jsonschema.validators.extend(
    Draft202012Validator, {"minimum": _bound("minimum"), "maximum": _bound("maximum")}
)
_SoftNova = jsonschema.validators.extend(_Nova, {"additionalProperties": _soft_additional})


@functools.lru_cache(maxsize=256)
def _cached(schema_text: str, soft: bool) -> Any:
    cls = _SoftNova if soft else _Nova
    return cls(json.loads(schema_text), format_checker=FORMAT_CHECKER)


def reference_validator(schema: dict[str, Any], *, soft: bool = False) -> Any:
    """A Nova-like jsonschema validator for ``schema`` (cached by content)."""
    return _cached(json.dumps(schema), soft)


#: bootreq's engine names some failures more precisely than jsonschema's keyword.
ENGINE_KEYWORDS = {
    "formatNonAscii": "format",
    "patternAdditionalProperties": "additionalProperties",
    "oneOfMany": "oneOf",
}


def first_error(schema: dict[str, Any], document: Any, *, soft: bool = False) -> Any:
    """The first error jsonschema yields (the one Nova reports), or ``None``.

    ``document`` is walked as is: in soft mode it is modified like Nova's body.
    """
    validator = reference_validator(schema, soft=soft)
    return next(iter(validator.iter_errors(document)), None)
