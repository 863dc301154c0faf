"""Schema validation the way Nova reports it: the first error, in schema order.

Nova calls ``validator.validate()``, which raises the *first* error of
jsonschema's depth-first walk (not ``best_match``). Each schema document is
compiled once into nested checks that walk the body in exactly that order and
stop at the first failure, so valid bodies cost one pass and invalid ones
cost the walk up to their first error. Messages are rendered here, in
jsonschema 4.26's words and with Python 3.11 reprs, so they do not move with
the installed jsonschema or the interpreter's Unicode database.

Legacy v2.0 compiles with Nova's *soft* ``additionalProperties``: unknown
members are deleted from the (private) document while it is walked.

``jsonschema`` itself is the reference this engine is tested against, and
lists every violation of an invalid body (:func:`all_violations`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import jsonschema

from bootreq._formats import CHECKERS, INVALID_NAME_REASONS, NON_ASCII
from bootreq._pyrepr import py_repr, py_str
from bootreq.errors import Violation

__all__ = [
    "Failure",
    "all_violations",
    "compile_schema",
    "explain",
    "json_pointer",
    "violations_for",
]


def __dir__() -> list[str]:
    return __all__


class Failure:
    """The first schema violation: where, on what value, which keyword.

    ``path`` is built innermost-first while the failure bubbles up; use
    :attr:`location` for the root-first path.
    """

    __slots__ = ("argument", "instance", "keyword", "path")

    def __init__(self, keyword: str, instance: Any, argument: Any = None) -> None:
        self.keyword = keyword
        self.instance = instance
        self.argument = argument
        self.path: list[str | int] = []

    @property
    def location(self) -> tuple[str | int, ...]:
        return tuple(reversed(self.path))

    def message(self) -> str:
        """jsonschema 4.26's message for this failure."""
        return _MESSAGES[self.keyword](self.instance, self.argument)


Check = Callable[[Any], Failure | None]


def _extras_text(extras: list[str], singular: str, plural: str) -> tuple[str, str]:
    return ", ".join(py_repr(extra) for extra in extras), singular if len(extras) == 1 else plural


def _additional_message(instance: Any, extras: list[str]) -> str:
    joined, verb = _extras_text(extras, "was", "were")
    return f"Additional properties are not allowed ({joined} {verb} unexpected)"


def _pattern_additional_message(instance: Any, argument: tuple[list[str], list[str]]) -> str:
    extras, patterns = argument
    joined, verb = _extras_text(extras, "does", "do")
    return (
        f"{joined} {verb} not match any of the regexes: "
        + ", ".join(py_repr(pattern) for pattern in patterns)
    )


_MESSAGES: dict[str, Callable[[Any, Any], str]] = {
    "type": lambda i, types: f"{py_repr(i)} is not of type "
    + ", ".join(py_repr(name) for name in types),
    "enum": lambda i, enum: f"{py_repr(i)} is not one of {py_repr(enum)}",
    "required": lambda i, name: f"{py_repr(name)} is a required property",
    "additionalProperties": _additional_message,
    "patternAdditionalProperties": _pattern_additional_message,
    "minLength": lambda i, limit: f"{py_repr(i)} "
    + ("should be non-empty" if limit == 1 else "is too short"),
    "maxLength": lambda i, limit: f"{py_repr(i)} "
    + ("is expected to be empty" if limit == 0 else "is too long"),
    "minItems": lambda i, limit: f"{py_repr(i)} "
    + ("should be non-empty" if limit == 1 else "is too short"),
    "maxItems": lambda i, limit: f"{py_repr(i)} "
    + ("is expected to be empty" if limit == 0 else "is too long"),
    "uniqueItems": lambda i, _: f"{py_repr(i)} has non-unique elements",
    "pattern": lambda i, pattern: f"{py_repr(i)} does not match {py_repr(pattern)}",
    "format": lambda i, name: f"{py_repr(i)} is not a {py_repr(name)}",
    # Nova 500s on these (UnicodeDecodeError in oslo's base64); bootreq says why.
    "formatNonAscii": lambda i, name: f"{py_repr(i)} is not a {py_repr(name)}"
    " (base64 text must be ASCII)",
    "minimum": lambda i, arg: f"{py_repr(arg[0])} is less than the minimum of {py_repr(arg[1])}",
    "maximum": lambda i, arg: f"{py_repr(arg[0])} is greater than the maximum of "
    + py_repr(arg[1]),
    "oneOf": lambda i, _: f"{py_repr(i)} is not valid under any of the given schemas",
    "oneOfMany": lambda i, schemas: f"{py_repr(i)} is valid under each of "
    + ", ".join(py_repr(s) for s in schemas),
}


def explain(failure: Failure) -> str:
    """Nova's explanation text for the first schema failure."""
    if failure.keyword == "format" and failure.argument in INVALID_NAME_REASONS:
        return f"An invalid 'name' value was provided. The name must be: {INVALID_NAME_REASONS[failure.argument]}"
    if failure.path:
        return (
            f"Invalid input for field/attribute {failure.path[0]}. "
            f"Value: {py_str(failure.instance)}. {failure.message()}"
        )
    return failure.message()


def json_pointer(location: tuple[str | int, ...]) -> str:
    """RFC 6901 pointer of a path."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in location)


# -- type predicates (Draft 2020-12: integral floats are integers, bools are not numbers)

_TYPE_TESTS: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: type(v) is str,
    "integer": lambda v: type(v) is int or (type(v) is float and v.is_integer()),
    "number": lambda v: type(v) is int or type(v) is float,
    "boolean": lambda v: type(v) is bool,
    "null": lambda v: v is None,
    "array": lambda v: type(v) is list,
    "object": lambda v: type(v) is dict,
}

# Patterns whose literal form backtracks super-linearly on long inputs, with a
# linear equivalent (same language under re.search, including the tolerated
# trailing newline of ``$``). The property tests check the equivalence.
_LINEAR_EQUIVALENTS = {
    "^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$": "^[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]$",
}


def _compile_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(_LINEAR_EQUIVALENTS.get(pattern, pattern))


# -- jsonschema's equality (True is not 1, [1] equals [1.0])

_TRUE, _FALSE = object(), object()


def _unbool(value: Any) -> Any:
    if value is True:
        return _TRUE
    if value is False:
        return _FALSE
    return value


def _equal(one: Any, two: Any) -> bool:
    if one is two:
        return True
    if type(one) is str or type(two) is str:
        return bool(one == two)
    if type(one) is list and type(two) is list:
        return len(one) == len(two) and all(_equal(a, b) for a, b in zip(one, two, strict=True))
    if type(one) is dict and type(two) is dict:
        return len(one) == len(two) and all(
            key in two and _equal(value, two[key]) for key, value in one.items()
        )
    return bool(_unbool(one) == _unbool(two))


def _unique(items: list[Any]) -> bool:
    # jsonschema's algorithm, quirks included: sorted neighbours when the items
    # sort, pairwise otherwise.
    try:
        ordered = sorted(_unbool(item) for item in items)
        return not any(_equal(a, b) for a, b in zip(ordered, ordered[1:]))
    except (NotImplementedError, TypeError):
        seen: list[Any] = []
        for item in items:
            item = _unbool(item)
            if any(_equal(previous, item) for previous in seen):
                return False
            seen.append(item)
        return True


def _number_from_str(value: Any) -> int | float | None:
    # Nova's replacement for minimum/maximum: int(), then float(), else skip.
    # (int(inf) overflows; Nova never gets there since ``type`` fails first, but
    # the every-violation listing does.)
    try:
        return int(value)
    except (ValueError, TypeError, OverflowError):
        try:
            return float(value)
        except (ValueError, TypeError):
            return None


# -- the compiler


def compile_schema(schema: dict[str, Any], *, soft: bool = False) -> Check:
    """One check for a schema document; ``soft`` is legacy v2.0's additionalProperties."""
    keyword_checks = [
        _KEYWORDS[keyword](schema, value, soft)
        for keyword, value in schema.items()
        if keyword in _KEYWORDS
    ]
    if not keyword_checks:
        return lambda instance: None
    if len(keyword_checks) == 1:
        return keyword_checks[0]

    def check(instance: Any) -> Failure | None:
        for keyword_check in keyword_checks:
            failure = keyword_check(instance)
            if failure is not None:
                return failure
        return None

    return check


def _k_type(schema: dict[str, Any], types: Any, soft: bool) -> Check:
    names = types if isinstance(types, list) else [types]
    tests = [_TYPE_TESTS[name] for name in names]

    def check(instance: Any) -> Failure | None:
        for test in tests:
            if test(instance):
                return None
        return Failure("type", instance, names)

    return check


def _k_enum(schema: dict[str, Any], enum: list[Any], soft: bool) -> Check:
    def check(instance: Any) -> Failure | None:
        for each in enum:
            if _equal(each, instance):
                return None
        return Failure("enum", instance, enum)

    return check


def _k_properties(schema: dict[str, Any], properties: dict[str, Any], soft: bool) -> Check:
    members = [(name, compile_schema(sub, soft=soft)) for name, sub in properties.items()]

    def check(instance: Any) -> Failure | None:
        if type(instance) is not dict:
            return None
        for name, member_check in members:
            if name in instance:
                failure = member_check(instance[name])
                if failure is not None:
                    failure.path.append(name)
                    return failure
        return None

    return check


def _k_pattern_properties(schema: dict[str, Any], patterns: dict[str, Any], soft: bool) -> Check:
    compiled = [(_compile_pattern(p), compile_schema(sub, soft=soft)) for p, sub in patterns.items()]

    def check(instance: Any) -> Failure | None:
        if type(instance) is not dict:
            return None
        for regex, member_check in compiled:
            for key, value in instance.items():
                if regex.search(key):
                    failure = member_check(value)
                    if failure is not None:
                        failure.path.append(key)
                        return failure
        return None

    return check


def _k_required(schema: dict[str, Any], required: list[str], soft: bool) -> Check:
    def check(instance: Any) -> Failure | None:
        if type(instance) is not dict:
            return None
        for name in required:
            if name not in instance:
                return Failure("required", instance, name)
        return None

    return check


def _k_additional_properties(schema: dict[str, Any], allowed: Any, soft: bool) -> Check:
    if allowed is not False:
        return lambda instance: None
    known = frozenset(schema.get("properties", {}))
    pattern_list = list(schema.get("patternProperties", {}))
    joined = re.compile("|".join(pattern_list)) if pattern_list else None

    def extras_of(instance: dict[str, Any]) -> list[str]:
        return [
            key
            for key in instance
            if key not in known and not (joined is not None and joined.search(key))
        ]

    if soft:

        def soft_check(instance: Any) -> Failure | None:
            if type(instance) is not dict:
                return None
            extras = extras_of(instance)
            # Nova leaves an object alone when *every* key is unknown.
            if not extras or len(extras) == len(instance):
                return None
            if joined is not None:
                # Nova lists these in set order (hash-seed dependent); bootreq sorts.
                return Failure("additionalProperties", instance, sorted(extras))
            for key in extras:
                del instance[key]
            return None

        return soft_check

    def check(instance: Any) -> Failure | None:
        if type(instance) is not dict:
            return None
        extras = extras_of(instance)
        if not extras:
            return None
        if joined is not None:
            return Failure(
                "patternAdditionalProperties", instance, (sorted(extras), sorted(pattern_list))
            )
        return Failure("additionalProperties", instance, sorted(extras, key=str))

    return check


def _k_items(schema: dict[str, Any], items: dict[str, Any], soft: bool) -> Check:
    item_check = compile_schema(items, soft=soft)

    def check(instance: Any) -> Failure | None:
        if type(instance) is not list:
            return None
        for index, item in enumerate(instance):
            failure = item_check(item)
            if failure is not None:
                failure.path.append(index)
                return failure
        return None

    return check


def _k_pattern(schema: dict[str, Any], pattern: str, soft: bool) -> Check:
    regex = _compile_pattern(pattern)

    def check(instance: Any) -> Failure | None:
        if type(instance) is str and not regex.search(instance):
            return Failure("pattern", instance, pattern)
        return None

    return check


def _k_format(schema: dict[str, Any], name: str, soft: bool) -> Check:
    checker = CHECKERS.get(name)
    if checker is None:
        return lambda instance: None

    def check(instance: Any) -> Failure | None:
        if type(instance) is not str:
            return None
        verdict = checker(instance)
        if verdict is NON_ASCII:
            return Failure("formatNonAscii", instance, name)
        if not verdict:
            return Failure("format", instance, name)
        return None

    return check


def _length_check(keyword: str, sized: str, too_far: Callable[[int, int], bool]) -> Any:
    test = _TYPE_TESTS[sized]

    def factory(schema: dict[str, Any], limit: int, soft: bool) -> Check:
        def check(instance: Any) -> Failure | None:
            if test(instance) and too_far(len(instance), limit):
                return Failure(keyword, instance, limit)
            return None

        return check

    return factory


def _bound_check(keyword: str, too_far: Callable[[Any, Any], bool]) -> Any:
    def factory(schema: dict[str, Any], bound: int, soft: bool) -> Check:
        def check(instance: Any) -> Failure | None:
            number = _number_from_str(instance)
            if type(number) in (int, float) and too_far(number, bound):
                return Failure(keyword, instance, (number, bound))
            return None

        return check

    return factory


def _k_unique_items(schema: dict[str, Any], unique: bool, soft: bool) -> Check:
    def check(instance: Any) -> Failure | None:
        if unique and type(instance) is list and not _unique(instance):
            return Failure("uniqueItems", instance)
        return None

    return check


def _k_one_of(schema: dict[str, Any], choices: list[dict[str, Any]], soft: bool) -> Check:
    checks = [compile_schema(choice, soft=soft) for choice in choices]

    def check(instance: Any) -> Failure | None:
        valid = [choice for choice, c in zip(choices, checks, strict=True) if c(instance) is None]
        if not valid:
            return Failure("oneOf", instance)
        if len(valid) > 1:
            return Failure("oneOfMany", instance, valid[1:] + valid[:1])
        return None

    return check


_KEYWORDS: dict[str, Callable[[dict[str, Any], Any, bool], Check]] = {
    "type": _k_type,
    "enum": _k_enum,
    "properties": _k_properties,
    "patternProperties": _k_pattern_properties,
    "required": _k_required,
    "additionalProperties": _k_additional_properties,
    "items": _k_items,
    "pattern": _k_pattern,
    "format": _k_format,
    "minLength": _length_check("minLength", "string", lambda n, limit: n < limit),
    "maxLength": _length_check("maxLength", "string", lambda n, limit: n > limit),
    "minItems": _length_check("minItems", "array", lambda n, limit: n < limit),
    "maxItems": _length_check("maxItems", "array", lambda n, limit: n > limit),
    "uniqueItems": _k_unique_items,
    "minimum": _bound_check("minimum", lambda n, bound: n < bound),
    "maximum": _bound_check("maximum", lambda n, bound: n > bound),
    "oneOf": _k_one_of,
}


# -- every violation, for diagnostics (jsonschema walks, bootreq words)
#
# jsonschema is extended the way Nova extends it (minimum/maximum on numeric
# strings, legacy v2.0's soft additionalProperties), and every keyword whose
# message needs more than the keyword's value yields its error with bootreq's
# own keyword name and argument already filled in (``_set`` never overwrites
# them). Messages are then rendered from ``_MESSAGES``: nothing of jsonschema's
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
        yield _error("oneOf", None)
    elif len(valid) > 1:
        yield _error("oneOfMany", valid[1:] + valid[:1])


_NOVA_KEYWORDS = {
    "required": _v_required,
    "additionalProperties": _v_additional,
    "minimum": _v_bound("minimum", lambda n, bound: n < bound),
    "maximum": _v_bound("maximum", lambda n, bound: n > bound),
    "format": _v_format,
    "oneOf": _v_one_of,
}
_NovaValidator = jsonschema.validators.extend(jsonschema.Draft202012Validator, _NOVA_KEYWORDS)
_SoftNovaValidator = jsonschema.validators.extend(
    _NovaValidator, {"additionalProperties": _v_soft_additional}
)


def _message(error: jsonschema.ValidationError) -> str:
    keyword, argument = str(error.validator), error.validator_value
    if keyword == "type" and not isinstance(argument, list):
        argument = [argument]
    return _MESSAGES[keyword](error.instance, argument)


def all_violations(
    schema: dict[str, Any], document: Any, *, soft: bool = False
) -> Iterator[Violation]:
    """Every violation of ``schema`` by ``document``, in schema order.

    The order is jsonschema's depth-first walk, the one Nova's first error
    comes from, so the first violation is the one Nova reports. ``soft`` is
    legacy v2.0's additionalProperties. Messages are bootreq's
    (:data:`_MESSAGES`), whatever jsonschema version is installed.
    """
    validator_class = _SoftNovaValidator if soft else _NovaValidator
    validator = validator_class(schema)
    for error in validator.iter_errors(document):
        yield Violation(json_pointer(tuple(error.absolute_path)), _message(error))


def violations_for(
    schema: dict[str, Any], document: Any, first: Failure, *, soft: bool = False
) -> tuple[Violation, ...]:
    """Every violation, headed by ``first`` (the engine's, i.e. Nova's, first error).

    A document too deep for jsonschema's recursion yields ``first`` alone:
    diagnostics must never turn Nova's answer into a crash.
    """
    headline = Violation(json_pointer(first.location), first.message())
    try:
        found = list(all_violations(schema, document, soft=soft))
    except RecursionError:
        return (headline,)
    return (headline, *(violation for violation in found if violation != headline))
