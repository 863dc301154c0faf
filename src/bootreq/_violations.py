"""Every violation of a body, for diagnostics: jsonschema walks, bootreq words.

Imported only when someone reads :attr:`HttpError.violations` (jsonschema is
slow to import, and the first-error engine in :mod:`bootreq._validation`
does not need it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import jsonschema

from bootreq._formats import CHECKERS, NON_ASCII
from bootreq._validation import (
    MESSAGES,
    _compile_pattern,
    _number_from_str,
    _unique,
    json_pointer,
)
from bootreq.errors import Violation

__all__ = [
    "FORMAT_CHECKER",
    "all_violations",
    "is_valid",
    "located_errors",
    "type_fits",
    "violations_for",
]


def __dir__() -> list[str]:
    return __all__


def _types_of(schema: dict[str, Any]) -> list[str] | None:
    types = schema.get("type")
    if types is None:
        return None
    return list(types) if isinstance(types, list) else [types]


_JSON_TYPES: dict[type, tuple[str, ...]] = {
    str: ("string",), bool: ("boolean",), int: ("integer", "number"),
    float: ("number",), type(None): ("null",), list: ("array",), dict: ("object",),
}


def type_fits(schema: dict[str, Any], value: Any) -> bool:
    """Whether ``value``'s JSON type is one ``schema`` names (or it names none)."""
    types = _types_of(schema)
    if types is None:
        return True
    kinds = _JSON_TYPES.get(type(value), ())
    if type(value) is float and value.is_integer():
        kinds = ("integer", "number")
    return any(kind in types for kind in kinds)


def _format_checker() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker(formats=())
    for name, test in CHECKERS.items():
        # Non-ASCII base64 is Nova's 500, bootreq's 400: invalid either way.
        checker.checks(name)(
            lambda value, _test=test: not isinstance(value, str) or _test(value) is True
        )
    return checker


#: Nova's string formats for ``jsonschema`` validators.
FORMAT_CHECKER = _format_checker()


# -- every violation, for diagnostics (jsonschema walks, bootreq words)
#
# jsonschema is extended the way Nova extends it (minimum/maximum on numeric
# strings, legacy v2.0's soft additionalProperties), and every keyword whose
# message needs more than the keyword's value yields its error with bootreq's
# own keyword name and argument already filled in (``_set`` never overwrites
# them). Messages are then rendered from ``MESSAGES``: nothing of jsonschema's
# wording reaches a user.


def _error(keyword: str, argument: Any) -> jsonschema.ValidationError:
    return jsonschema.ValidationError("", validator=keyword, validator_value=argument)


def _v_required(validator: Any, required: Any, instance: Any, schema: Any) -> Iterator[Any]:
    if validator.is_type(instance, "object"):
        for name in required:
            if name not in instance:
                yield _error("required", name)


def _extras(instance: dict[str, Any], schema: dict[str, Any]) -> tuple[list[str], list[str]]:
    patterns = list(schema.get("patternProperties", {}))
    joined = re.compile("|".join(patterns)) if patterns else None
    known = schema.get("properties", {})
    extras = [
        key for key in instance
        if key not in known and not (joined is not None and joined.search(key))
    ]
    return extras, patterns


def _v_additional(validator: Any, allowed: Any, instance: Any, schema: Any) -> Iterator[Any]:
    if not validator.is_type(instance, "object"):
        return
    if allowed is not False:
        # Only Nova's ``False`` is ever used; a subschema is jsonschema's business.
        if isinstance(allowed, dict):
            yield from jsonschema.Draft202012Validator.VALIDATORS["additionalProperties"](
                validator, allowed, instance, schema
            )
        return
    extras, patterns = _extras(instance, schema)
    if not extras:
        return
    if patterns:
        yield _error("patternAdditionalProperties", (sorted(extras), sorted(patterns)))
    else:
        yield _error("additionalProperties", sorted(extras, key=str))


def _v_soft_additional(validator: Any, allowed: Any, instance: Any, schema: Any) -> Iterator[Any]:
    # Legacy v2.0: unknown members are dropped, except beside patternProperties,
    # and an object made only of unknown members is left alone.
    if allowed is not False or not validator.is_type(instance, "object"):
        return
    extras, patterns = _extras(instance, schema)
    if extras and patterns and len(extras) != len(instance):
        yield _error("additionalProperties", sorted(extras))


def _v_bound(keyword: str, too_far: Callable[[Any, Any], bool]) -> Any:
    def check(validator: Any, bound: Any, instance: Any, schema: Any) -> Iterator[Any]:
        number = _number_from_str(instance)
        if type(number) in (int, float) and too_far(number, bound):
            yield _error(keyword, (number, bound))

    return check


def _v_format(validator: Any, name: Any, instance: Any, schema: Any) -> Iterator[Any]:
    checker = CHECKERS.get(name)
    if checker is None or type(instance) is not str:
        return
    verdict = checker(instance)
    if verdict is NON_ASCII:
        yield _error("formatNonAscii", name)
    elif not verdict:
        yield _error("format", name)


def _v_one_of(validator: Any, choices: Any, instance: Any, schema: Any) -> Iterator[Any]:
    valid = [each for each in choices if validator.evolve(schema=each).is_valid(instance)]
    if not valid:
        yield from _resolved_one_of(validator, choices, instance)
    elif len(valid) > 1:
        yield _error("oneOfMany", valid[1:] + valid[:1])


def _resolved_one_of(validator: Any, choices: Any, instance: Any) -> Iterator[Any]:
    # Nova says "not valid under any of the given schemas" of the whole value;
    # the listing says why, in the branch the value was meant for: the one
    # its type fits. When several fit (a string that is neither a UUID nor
    # empty), each says why not, together.
    meant = [choice for choice in choices if type_fits(choice, instance)]
    if len(meant) == 1:
        yield from validator.descend(instance, meant[0])
        return
    if not meant:
        types: list[str] = []
        for choice in choices:
            named = choice.get("type", [])
            types.extend(t for t in ([named] if isinstance(named, str) else named)
                         if t not in types)
        yield _error("oneOfNone", ("type", types))
        return
    reasons = []
    for choice in meant:
        first = next(iter(validator.evolve(schema=choice).iter_errors(instance)), None)
        if first is not None and not first.path:
            reasons.append(_message(first))
    yield _error("oneOfNone", ("reasons", reasons))


def _v_pattern(validator: Any, pattern: Any, instance: Any, schema: Any) -> Iterator[Any]:
    # The linear equivalents here too: jsonschema's own re.search would backtrack
    # for minutes on a long near-miss hostname.
    if type(instance) is str and not _compile_pattern(pattern).search(instance):
        yield _error("pattern", pattern)


def _v_unique(validator: Any, unique: Any, instance: Any, schema: Any) -> Iterator[Any]:
    # The engine's linear check: jsonschema's sorts nested lists, which costs
    # depth squared per comparison (tests/unit/test_unique_items.py: same answers).
    if unique and type(instance) is list and not _unique(instance):
        yield _error("uniqueItems", unique)


_NOVA_KEYWORDS = {
    "pattern": _v_pattern,
    "required": _v_required,
    "additionalProperties": _v_additional,
    "minimum": _v_bound("minimum", lambda n, bound: n < bound),
    "maximum": _v_bound("maximum", lambda n, bound: n > bound),
    "format": _v_format,
    "oneOf": _v_one_of,
    "uniqueItems": _v_unique,
}
_NovaValidator = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    jsonschema.Draft202012Validator, _NOVA_KEYWORDS
)
_SoftNovaValidator = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    _NovaValidator, {"additionalProperties": _v_soft_additional}
)


def _one_of_none(instance: Any, argument: Any) -> str:
    how, detail = argument
    if how == "type":
        return MESSAGES["type"](instance, detail)
    return ", and ".join(detail) or MESSAGES["oneOf"](instance, None)


def _message(error: jsonschema.ValidationError) -> str:
    keyword, argument = str(error.validator), error.validator_value
    if keyword == "type" and not isinstance(argument, list):
        argument = [argument]
    if keyword == "oneOfNone":
        return _one_of_none(error.instance, argument)
    return MESSAGES[keyword](error.instance, argument)


def _errors(schema: dict[str, Any], document: Any, soft: bool) -> Iterator[Any]:
    validator_class = _SoftNovaValidator if soft else _NovaValidator
    return validator_class(schema).iter_errors(document)  # type: ignore[no-any-return]


def is_valid(schema: dict[str, Any], value: Any) -> bool:
    """Whether ``value`` is valid under a (strict) subschema, as Nova validates."""
    try:
        return bool(_NovaValidator(schema).is_valid(value))
    except RecursionError:
        return False


def located_errors(schema: dict[str, Any], document: Any) -> Iterator[tuple[str, str, Any]]:
    """Every violation as ``(pointer, keyword, argument)``, without hints."""
    try:
        for error in _errors(schema, document, False):
            yield json_pointer(tuple(error.absolute_path)), str(error.validator), (
                error.validator_value)
    except RecursionError:
        return


#: A hint for one violation: ``(keyword, argument, instance, location,
#: subschema, document)`` -> words, or ``None``.
Hint = Callable[[str, Any, Any, tuple[str | int, ...], dict[str, Any], Any], str | None]


def all_violations(
    schema: dict[str, Any], document: Any, *, soft: bool = False, hint: Hint | None = None,
) -> Iterator[Violation]:
    """Every violation of ``schema`` by ``document``, in schema order.

    The order is jsonschema's depth-first walk, the one Nova's first error
    comes from, so the first violation is the one Nova reports (a ``oneOf``
    failure is listed as the failures of the branch the value was meant
    for). ``soft`` is legacy v2.0's additionalProperties. Messages are
    bootreq's (:data:`MESSAGES`), whatever jsonschema version is installed.
    With ``hint`` (:mod:`bootreq._hints` at the schema's microversion) each
    violation carries its hint.
    """
    for error in _errors(schema, document, soft):
        location = tuple(error.absolute_path)
        words = None if hint is None else hint(
            str(error.validator), error.validator_value, error.instance, location,
            error.schema, document)
        yield Violation(json_pointer(location), _message(error), words)


def _novas_one_of(headline: Violation) -> bool:
    return headline.message.endswith(MESSAGES["oneOf"]("", None)[2:])


_OLD_LENGTH_WORDS = re.compile(r" (should be non-empty|is expected to be empty)$")


def _old_words(match: re.Match[str]) -> str:
    return " is too short" if match[1] == "should be non-empty" else " is too long"


def violations_for(
    schema: dict[str, Any], document: Any, headline: Violation, *, soft: bool = False,
    hint: Hint | None = None, old_length_wording: bool = False,
) -> tuple[Violation, ...]:
    """Every violation, headed by ``headline`` (the engine's, i.e. Nova's, first error).

    ``old_length_wording``: the release answered as words the length limits
    as jsonschema <= 4.19 did.

    Nova's ``oneOf`` failure is replaced by what the listing found at or
    below its pointer (the branch's own violations). With ``hint``, every
    violation carries its hint. A document too deep for jsonschema's
    recursion yields ``headline`` alone: diagnostics must never turn Nova's
    answer into a crash.
    """
    try:
        found = list(all_violations(schema, document, soft=soft, hint=hint))
    except RecursionError:
        return (headline,)
    if old_length_wording:
        # The release's jsonschema (<= 4.19) had no special words for limits 1 and 0.
        found = [Violation(v.pointer, _OLD_LENGTH_WORDS.sub(_old_words, v.message), v.hint)
                 for v in found]
    same = [v for v in found if (v.pointer, v.message) == (headline.pointer, headline.message)]
    if same:
        headline = same[0]
    elif _novas_one_of(headline):
        below = [v for v in found
                 if v.pointer == headline.pointer or v.pointer.startswith(headline.pointer + "/")]
        if below:
            rest = [v for v in found if v not in below]
            return (*below, *rest)
    return (headline, *(violation for violation in found if violation != headline))
