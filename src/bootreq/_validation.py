"""Schema validation the way Nova reports it: the first error, in schema order.

Nova calls ``validator.validate()``, which raises the *first* error of
jsonschema's depth-first walk (not ``best_match``). Each schema document is
compiled once into nested checks that walk the body in exactly that order and
stop at the first failure, so valid bodies cost one pass and invalid ones
cost the walk up to their first error. ``oneOf`` counts its passing branches
with yes/no versions of the same checks, and builds the branches' failures
only when the count is not one. Messages are rendered here, in
jsonschema 4.26's words and with Python 3.11 reprs, so they do not move with
the installed jsonschema or the interpreter's Unicode database.

Legacy v2.0 compiles with Nova's *soft* ``additionalProperties``: unknown
members are deleted from the (private) document while it is walked.

``jsonschema`` itself is the reference this engine is tested against, and
lists every violation of an invalid body (:mod:`bootreq._violations`).
"""

from __future__ import annotations

import functools
import itertools
import json
import linecache
import re
from collections.abc import Callable
from typing import Any

import attrs

from bootreq import schemas
from bootreq._digits import to_float, to_int
from bootreq._formats import (
    CHECKERS,
    CHECKERS_BASE64_PATCHED,
    INVALID_NAME_REASONS,
    NON_ASCII,
    Checkers,
)
from bootreq._pyrepr import py_repr, py_str
from bootreq.microversion import Microversion

__all__ = [
    "MESSAGES",
    "Check",
    "Era",
    "Failure",
    "check_at",
    "compile_schema",
    "explain",
    "json_pointer",
    "schema_check",
]


def __dir__() -> list[str]:
    return __all__


class Failure:
    """The first schema violation: where, on what value, which keyword.

    ``path`` is built innermost-first while the failure bubbles up; use
    :attr:`location` for the root-first path.
    """

    __slots__ = ("argument", "instance", "keyword", "path")

    #: The words of each keyword's message (jsonschema 4.26's; see _OldWordsFailure).
    messages: dict[str, Callable[[Any, Any], str]]

    def __init__(self, keyword: str, instance: Any, argument: Any = None) -> None:
        self.keyword = keyword
        self.instance = instance
        self.argument = argument
        self.path: list[str | int] = []

    @property
    def location(self) -> tuple[str | int, ...]:
        return tuple(reversed(self.path))

    def message(self) -> str:
        """jsonschema's message for this failure (4.26's words by default)."""
        return self.messages[self.keyword](self.instance, self.argument)


Check = Callable[[Any], Failure | None]
Schema = dict[str, Any]


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


MESSAGES: dict[str, Callable[[Any, Any], str]] = {
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


Failure.messages = MESSAGES

#: jsonschema <= 4.19 (the constraints of Nova 30.x and older): no special
#: words for the length limits 1 and 0.
OLD_LENGTH_MESSAGES: dict[str, Callable[[Any, Any], str]] = {
    **MESSAGES,
    "minLength": lambda i, _: f"{py_repr(i)} is too short",
    "maxLength": lambda i, _: f"{py_repr(i)} is too long",
    "minItems": lambda i, _: f"{py_repr(i)} is too short",
    "maxItems": lambda i, _: f"{py_repr(i)} is too long",
}


class _OldWordsFailure(Failure):
    """A failure worded by jsonschema <= 4.19."""

    __slots__ = ()
    messages = OLD_LENGTH_MESSAGES


def explain(failure: Failure) -> str:
    """Nova's explanation text for the first schema failure."""
    if failure.keyword == "format" and failure.argument in INVALID_NAME_REASONS:
        reason = INVALID_NAME_REASONS[failure.argument]
        return f"An invalid 'name' value was provided. The name must be: {reason}"
    if failure.path:
        shown = py_str(failure.instance)
        if type(failure.instance) is list or type(failure.instance) is dict:
            # The message renders the same container again: hand it the text
            # (a deep one costs a walk each time).
            message = failure.messages[failure.keyword](_Rendered(shown), failure.argument)
        else:
            message = failure.message()
        return f"Invalid input for field/attribute {failure.path[0]}. Value: {shown}. {message}"
    return failure.message()


class _Rendered:
    """A value already rendered: its repr (what py_repr falls back to) is that text."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


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


@functools.cache
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
    # jsonschema's ``equal``, walked with an explicit stack: uniqueItems runs
    # before ``items`` rejects nested arrays, so the values may nest ~500 deep.
    pending = [(one, two)]
    while pending:
        one, two = pending.pop()
        if one is two:
            continue
        if type(one) is str or type(two) is str:
            if one != two:
                return False
        elif type(one) is list and type(two) is list:
            if len(one) != len(two):
                return False
            pending.extend(zip(one, two, strict=True))
        elif type(one) is dict and type(two) is dict:
            if len(one) != len(two):
                return False
            for key, value in one.items():
                if key not in two:
                    return False
                pending.append((value, two[key]))
        elif not _unbool(one) == _unbool(two):
            return False
    return True


def _unique(items: list[Any]) -> bool:
    # jsonschema's algorithm: sorted neighbours when the items sort, pairwise
    # otherwise. Items holding containers are compared by a canonical text
    # instead, which gives the same answer (equal items sort next to each
    # other) in linear time, where sorting nested lists costs depth squared per
    # comparison. A NaN or a boolean inside breaks that equivalence: Python's
    # sort may part equal items (True == 1 to it, not to jsonschema), and
    # jsonschema, comparing neighbours only, then misses the duplicate. Such
    # items keep jsonschema's sort, whose answer Nova gives, up to a depth that
    # bounds its cost (docs/deviations.md).
    if any(type(item) is list or type(item) is dict for item in items) and not (
            _sorted_as_jsonschema(items)):
        keys = _json_keys(items)
        if keys is None:
            keys = [_canonical(item) for item in items]
        return len(set(keys)) == len(keys)
    try:
        ordered = sorted(_unbool(item) for item in items)
        return not any(_equal(a, b) for a, b in itertools.pairwise(ordered))
    except (NotImplementedError, TypeError, RecursionError):
        return _unique_pairwise(items)


def _unique_pairwise(items: list[Any]) -> bool:
    seen: list[Any] = []
    for item in items:
        item = _unbool(item)
        if any(_equal(previous, item) for previous in seen):
            return False
        seen.append(item)
    return True


_SORTED_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"))
_JSON_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')
# What only a float's JSON text holds, outside strings: a fraction, an
# exponent, NaN or Infinity ("true"/"false" hold an "e", never after a digit).
_FLOAT_TEXT = re.compile(r"[0-9][eE]|[.NI]")


def _json_keys(items: list[Any]) -> list[str] | None:
    """Sorted-key JSON texts of ``items`` (C speed), or ``None`` if a float is inside.

    Without floats two decoded values are jsonschema-``equal`` exactly when
    these texts are; a float may equal an int (``1.0 == 1``) or nothing
    (NaN), which :func:`_canonical` and the sort handle instead.
    """
    try:
        keys = [_SORTED_JSON.encode(item) for item in items]
    except (RecursionError, ValueError):
        return None
    if _FLOAT_TEXT.search(_JSON_STRINGS.sub("", "\x00".join(keys))):
        return None
    return keys


def _canonical(value: Any) -> str:
    """A text equal for two values exactly when jsonschema's ``equal`` holds."""
    out: list[str] = []
    stack: list[Any] = [value]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is str:
            out.append(json.dumps(node))
        elif kind is _Token:
            out.append(node.text)
        elif kind is list:
            out.append("[")
            stack.append(_CLOSE_LIST)
            for item in reversed(node):
                stack.append(item)
                stack.append(_COMMA)
        elif kind is dict:
            out.append("{")
            stack.append(_CLOSE_DICT)
            for key in sorted(node, reverse=True):
                stack.append(node[key])
                stack.append(_Key(key))
        elif kind is _Key:
            out.append(json.dumps(node.name) + ":")
        elif kind is bool:
            out.append("true" if node else "false")
        elif node is None:
            out.append("null")
        elif kind is float and node.is_integer():
            out.append(str(int(node)))  # 1.0 equals 1
        else:
            out.append(repr(node))
    return "".join(out)


class _Token:
    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


_CLOSE_LIST, _CLOSE_DICT, _COMMA = _Token("]"), _Token("}"), _Token(",")


class _Key:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


#: Deepest items compared by jsonschema's own sort when they hold a NaN or a
#: boolean: 50 items (maxItems comes first) cost at most a few milliseconds.
_UNIQUE_SORT_DEPTH = 8


def _sorted_as_jsonschema(items: list[Any]) -> bool:
    """Whether ``items`` hold a NaN or a boolean, no deeper than _UNIQUE_SORT_DEPTH."""
    found = False
    stack: list[tuple[Any, int]] = [(items, 0)]
    while stack:
        node, depth = stack.pop()
        kind = type(node)
        if kind is list or kind is dict:
            if depth > _UNIQUE_SORT_DEPTH:
                return False
            children: Any = node.values() if kind is dict else node
            stack.extend((child, depth + 1) for child in children)
        elif kind is bool or (kind is float and node != node):
            found = True
    return found


def _number_from_str(value: Any) -> int | float | None:
    # Nova's replacement for minimum/maximum: int(), then float(), else skip.
    # (int(inf) overflows; Nova never gets there since ``type`` fails first, but
    # the every-violation listing does.)
    # Strings are read as Python 3.11 reads them (its Unicode digits), on any Python.
    text = type(value) is str
    try:
        return to_int(value) if text else int(value)
    except (ValueError, TypeError, OverflowError):
        try:
            return to_float(value) if text else float(value)
        except (ValueError, TypeError):
            return None


# -- the compiler
#
# Each schema document becomes Python source, one function per distinct
# subschema, executed once: keywords run in the schema's order as jsonschema
# runs them, type tests the instance has already passed are not repeated, and
# keywords that cannot fail on the instance's type are left out.

_TYPE_CLASSES: dict[str, frozenset[type]] = {
    "string": frozenset({str}),
    "integer": frozenset({int, float}),  # floats only when integral, tested below
    "number": frozenset({int, float}),
    "boolean": frozenset({bool}),
    "null": frozenset({type(None)}),
    "array": frozenset({list}),
    "object": frozenset({dict}),
}
_ALL_TYPES: frozenset[type] = frozenset({str, int, float, bool, type(None), list, dict})
_TYPE_NAMES = {str: "str", int: "int", float: "float", bool: "bool",
               type(None): "NoneType", list: "list", dict: "dict"}
_APPLIES_TO: dict[str, frozenset[type]] = {
    "properties": frozenset({dict}),
    "patternProperties": frozenset({dict}),
    "required": frozenset({dict}),
    "additionalProperties": frozenset({dict}),
    "items": frozenset({list}),
    "minItems": frozenset({list}),
    "maxItems": frozenset({list}),
    "uniqueItems": frozenset({list}),
    "pattern": frozenset({str}),
    "format": frozenset({str}),
    "minLength": frozenset({str}),
    "maxLength": frozenset({str}),
    # Nova's minimum/maximum convert with int()/float(): strings and numbers.
    "minimum": frozenset({str, int, float, bool}),
    "maximum": frozenset({str, int, float, bool}),
}
# The types whose values a guard (_Compiler.guard) may vouch for: "integer"
# means int alone there (an integral float takes the full check).
_GUARD_TYPES: dict[str, type] = {"string": str, "integer": int, "boolean": bool,
                                 "null": type(None)}


def _in_enum(instance: Any, enum: list[Any]) -> bool:
    return any(_equal(each, instance) for each in enum)


def _soft_additional(
    instance: dict[str, Any], known: frozenset[str], joined: re.Pattern[str] | None
) -> Failure | None:
    # Nova's legacy v2.0 rule: drop unknown members, unless every member is unknown.
    extras = [k for k in instance if k not in known and not (joined and joined.search(k))]
    if not extras or len(extras) == len(instance):
        return None
    return _soft_strip(instance, extras, joined)


def _soft_additional_strip_all(
    instance: dict[str, Any], known: frozenset[str], joined: re.Pattern[str] | None
) -> Failure | None:
    # The same rule before Nova 33.0.0: all-unknown objects were stripped too.
    extras = [k for k in instance if k not in known and not (joined and joined.search(k))]
    if not extras:
        return None
    return _soft_strip(instance, extras, joined)


def _soft_strip(
    instance: dict[str, Any], extras: list[str], joined: re.Pattern[str] | None
) -> Failure | None:
    if joined is not None:
        # Nova lists these in set order (hash-seed dependent); bootreq sorts.
        return Failure("additionalProperties", instance, sorted(extras))
    for key in extras:
        del instance[key]
    return None


class _Compiler:
    # Generated functions' names, and the last line of each: nothing failed.
    prefix = "_s"
    success = "return None"

    def __init__(
        self, soft: bool, namespace: dict[str, Any] | None = None,
        checkers: Checkers = CHECKERS, era: Era | None = None,
    ) -> None:
        self.soft = soft
        self.checkers = checkers
        self.era = era or Era()
        self.namespace: dict[str, Any] = namespace if namespace is not None else {
            "Failure": _OldWordsFailure if self.era.old_length_wording else Failure,
            "NON_ASCII": NON_ASCII,
            "_in_enum": _in_enum, "_unique": _unique, "_number_from_str": _number_from_str,
            "_soft_additional": _soft_additional_strip_all
            if self.era.soft_strips_all_unknown else _soft_additional,
            "_float": float, "NoneType": type(None),
        }
        self.sources: list[str] = []
        self.by_schema: dict[str, str] = {}
        self.predicates: _PredicateCompiler | None = None

    def constant(self, value: Any) -> str:
        name = f"_c{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def fail(self, keyword: str, argument: str | None = None) -> str:
        """The line that answers a failure of ``keyword`` on ``i``."""
        tail = "" if argument is None else f", {argument}"
        return f"return Failure({keyword!r}, i{tail})"

    def descend(self, check: str, value: str, step: str) -> list[str]:
        """Lines that check a member or item ``value``, ``step`` its place in ``i``."""
        return [f"f = {check}({value})", "if f is not None:",
                f"    f.path.append({step})", "    return f"]

    def predicate(self, schema: dict[str, Any]) -> str:
        """The yes/no function of a (strict) subschema, in the same namespace."""
        if self.predicates is None:
            self.predicates = _PredicateCompiler(False, self.namespace, self.checkers, self.era)
        return self.predicates.function(schema)

    def source(self) -> str:
        parts = self.sources
        if self.predicates is not None:
            parts = parts + self.predicates.sources
        return "\n\n".join(parts)

    def function(self, schema: dict[str, Any]) -> str:
        key = repr(schema)
        if key in self.by_schema:
            return self.by_schema[key]
        name = f"{self.prefix}{len(self.by_schema)}"
        self.by_schema[key] = name
        body: list[str] = []
        possible: set[type] = set(_ALL_TYPES)
        for keyword, value in schema.items():
            applies = _APPLIES_TO.get(keyword, _ALL_TYPES)
            if keyword == "type" or not possible & applies:
                if keyword == "type":
                    self.emit_type(body, value, possible)
                continue
            emit = getattr(self, "emit_" + keyword, None)
            if emit is None:
                continue
            lines: list[str] = []
            emit(lines, schema, value)
            if not lines:
                continue
            if possible <= applies:
                body.extend(lines)
            else:
                tests = " or ".join(f"t is {_TYPE_NAMES[t]}" for t in sorted(
                    possible & applies, key=lambda t: _TYPE_NAMES[t]))
                body.append(f"if {tests}:")
                body.extend("    " + line for line in lines)
        source = [f"def {name}(i):", "    t = type(i)"]
        source.extend("    " + line for line in body)
        source.append("    " + self.success)
        self.sources.append("\n".join(source))
        return name

    def emit_type(self, body: list[str], types: Any, possible: set[type]) -> None:
        names = types if isinstance(types, list) else [types]
        allowed = set().union(*(_TYPE_CLASSES[n] for n in names))
        tests = []
        for python_type in sorted(allowed, key=lambda t: _TYPE_NAMES[t]):
            if python_type is float and "number" not in names:
                if self.era.draft4_integers:
                    continue  # Draft 4: 2.0 is a number, not an integer
                tests.append("(t is float and i.is_integer())")
            else:
                tests.append(f"t is {_TYPE_NAMES[python_type]}")
        body.append(f"if not ({' or '.join(tests)}):")
        body.append("    " + self.fail("type", self.constant(names)))
        possible &= allowed

    def emit_enum(self, lines: list[str], schema: Schema, enum: list[Any]) -> None:
        if all(type(each) in (str, bool) for each in enum):
            strings = self.constant(frozenset(e for e in enum if type(e) is str))
            flags = self.constant(frozenset(e for e in enum if type(e) is bool))
            test = f"(t is str and i in {strings}) or (t is bool and i in {flags})"
        else:
            test = f"_in_enum(i, {self.constant(enum)})"
        lines.append(f"if not ({test}):")
        lines.append("    " + self.fail("enum", self.constant(enum)))

    def guard(self, schema: dict[str, Any]) -> str | None:
        """An expression true only where ``schema`` accepts ``v``, or ``None``.

        Checked inline before calling the subschema's function, whose answer
        it never replaces: a value it does not vouch for is checked in full.
        Made for scalar types with simple string keywords (a member typed
        ``string`` with a length, a format or a pattern): the common leaves.
        """
        types = schema.get("type")
        names = types if isinstance(types, list) else [types]
        clauses = []
        for name in names:
            python_type = _GUARD_TYPES.get(name) if isinstance(name, str) else None
            if python_type is None:
                return None
            tests = [f"type(v) is {_TYPE_NAMES[python_type]}"]
            for keyword, value in schema.items():
                applies = _APPLIES_TO.get(keyword, _ALL_TYPES)
                if keyword == "type" or python_type not in applies or not hasattr(
                        self, "emit_" + keyword):
                    continue  # not a test of this type's values
                test = self._guard_test(python_type, keyword, value)
                if test is None:
                    return None
                if test:
                    tests.append(test)
            clauses.append(" and ".join(tests))
        return " or ".join(f"({clause})" for clause in clauses)

    def _guard_test(self, python_type: type, keyword: str, value: Any) -> str | None:
        if python_type is not str:
            return None
        if keyword == "minLength":
            return f"len(v) >= {value!r}"
        if keyword == "maxLength":
            return f"len(v) <= {value!r}"
        if keyword == "pattern":
            return f"{self.constant(_compile_pattern(value))}.search(v)"
        if keyword == "format":
            checker = self.checkers.get(value)
            return "" if checker is None else f"{self.constant(checker)}(v) is True"
        if keyword == "enum" and all(type(each) is str for each in value):
            return f"v in {self.constant(frozenset(value))}"
        return None

    def descend_unless(self, condition: str, schema: dict[str, Any], step: str) -> list[str]:
        """Lines that check ``v`` against ``schema`` where ``condition`` holds."""
        guard = self.guard(schema)
        if guard is not None:
            condition = f"{condition} and not ({guard})" if condition else f"not ({guard})"
        lines = self.descend(self.function(schema), "v", step)
        if not condition:
            return lines
        return [f"if {condition}:", *("    " + line for line in lines)]

    def emit_properties(self, lines: list[str], schema: Schema, props: dict[str, Any]) -> None:
        for member, subschema in props.items():
            # (``in`` then ``[]`` costs an absent member less than ``get``)
            lines.append(f"if {member!r} in i:")
            lines.append(f"    v = i[{member!r}]")
            lines.extend("    " + line for line in self.descend_unless("", subschema, repr(member)))

    def emit_patternProperties(self, lines: list[str], schema: Schema, patterns: Schema) -> None:
        for pattern, subschema in patterns.items():
            regex = self.constant(_compile_pattern(pattern))
            lines.append("for k, v in i.items():")
            lines.extend("    " + line for line in self.descend_unless(
                f"{regex}.search(k)", subschema, "k"))

    def emit_required(self, lines: list[str], schema: Schema, required: list[str]) -> None:
        for member in required:
            lines.append(f"if {member!r} not in i:")
            lines.append("    " + self.fail("required", repr(member)))

    def emit_additionalProperties(self, lines: list[str], schema: Schema, allowed: Any) -> None:
        if allowed is not False:
            return
        known = self.constant(frozenset(schema.get("properties", {})))
        patterns = list(schema.get("patternProperties", {}))
        joined = self.constant(re.compile("|".join(patterns)) if patterns else None)
        if self.soft:
            # (never a predicate: those are strict)
            lines.append(f"f = _soft_additional(i, {known}, {joined})")
            lines.append("if f is not None:")
            lines.append("    return f")
            return
        extras = f"[k for k in i if k not in {known}" + (
            f" and not {joined}.search(k)]" if patterns else "]")
        if patterns:
            lines.append(f"x = {extras}")
            lines.append("if x:")
            listed = self.constant(sorted(patterns))
            lines.append(f"    x = (sorted(x), {listed})")
            lines.append("    " + self.fail("patternAdditionalProperties", "x"))
        else:
            lines.append(f"if not {known}.issuperset(i):")
            lines.append(f"    x = sorted({extras}, key=str)")
            lines.append("    " + self.fail("additionalProperties", "x"))

    def emit_items(self, lines: list[str], schema: Schema, items: dict[str, Any]) -> None:
        lines.append("for n, v in enumerate(i):")
        lines.extend("    " + line for line in self.descend_unless("", items, "n"))

    def emit_pattern(self, lines: list[str], schema: Schema, pattern: str) -> None:
        regex = self.constant(_compile_pattern(pattern))
        lines.append(f"if not {regex}.search(i):")
        lines.append("    " + self.fail("pattern", self.constant(pattern)))

    def emit_format(self, lines: list[str], schema: Schema, name: str) -> None:
        checker = self.checkers.get(name)
        if checker is None:
            return
        call = self.constant(checker)
        lines.append(f"r = {call}(i)")
        lines.append("if r is not True:")
        lines.append("    if r is NON_ASCII:")
        lines.append("        " + self.fail("formatNonAscii", repr(name)))
        lines.append("    if not r:")
        lines.append("        " + self.fail("format", repr(name)))

    def _length(self, lines: list[str], keyword: str, op: str, limit: int) -> None:
        lines.append(f"if len(i) {op} {limit!r}:")
        lines.append("    " + self.fail(keyword, repr(limit)))

    def emit_minLength(self, lines: list[str], schema: Schema, limit: int) -> None:
        self._length(lines, "minLength", "<", limit)

    def emit_maxLength(self, lines: list[str], schema: Schema, limit: int) -> None:
        self._length(lines, "maxLength", ">", limit)

    def emit_minItems(self, lines: list[str], schema: Schema, limit: int) -> None:
        self._length(lines, "minItems", "<", limit)

    def emit_maxItems(self, lines: list[str], schema: Schema, limit: int) -> None:
        self._length(lines, "maxItems", ">", limit)

    def emit_uniqueItems(self, lines: list[str], schema: Schema, unique: bool) -> None:
        if unique:
            lines.append("if not _unique(i):")
            lines.append("    " + self.fail("uniqueItems"))

    def _bound(self, lines: list[str], keyword: str, op: str, bound: Any) -> None:
        lines.append("n = _number_from_str(i)")
        lines.append(f"if (type(n) is int or type(n) is _float) and n {op} {bound!r}:")
        lines.append("    " + self.fail(keyword, f"(n, {bound!r})"))

    def emit_minimum(self, lines: list[str], schema: Schema, bound: Any) -> None:
        self._bound(lines, "minimum", "<", bound)

    def emit_maximum(self, lines: list[str], schema: Schema, bound: Any) -> None:
        self._bound(lines, "maximum", ">", bound)

    def emit_oneOf(self, lines: list[str], schema: Schema, choices: list[dict[str, Any]]) -> None:
        branches = self.constant(tuple(choices))
        checks = ", ".join(self.function(choice) for choice in choices)
        indent = ""
        if not self.soft:
            # Count the passing branches with yes/no checks (no failures built
            # for the branches that do not pass); list them only for the error.
            answers = " + ".join(f"{self.predicate(choice)}(i)" for choice in choices)
            lines.append(f"if {answers} != 1:")
            indent = "    "
        lines.append(f"{indent}ok = [s for s, c in zip({branches}, ({checks},)) if c(i) is None]")
        lines.append(f"{indent}if len(ok) != 1:")
        lines.append(f"{indent}    if not ok:")
        lines.append(f"{indent}        {self.fail('oneOf')}")
        lines.append(f"{indent}    {self.fail('oneOfMany', 'ok[1:] + ok[:1]')}")


@attrs.frozen
class Era:
    """How validation behaved in an older Nova release (34.0.0's by default).

    ``draft4_integers``: Draft 4 (Nova < 30.0.0), integral floats are not
    integers; ``old_length_wording``: jsonschema <= 4.19's words for length
    limits; ``soft_strips_all_unknown``: legacy v2.0 before 33.0.0 strips an
    object's unknown members even when it has no other.
    """

    draft4_integers: bool = False
    old_length_wording: bool = False
    soft_strips_all_unknown: bool = False


def compile_schema(
    schema: dict[str, Any], *, soft: bool = False, checkers: Checkers = CHECKERS,
    name: str = "schema", era: Era | None = None,
) -> Check:
    """One check for a schema document; ``soft`` is legacy v2.0's additionalProperties.

    ``checkers`` are the format checks (a deployment may have other ones: the
    base64 of a Python with the CVE-2026-3446 fix). The generated source is
    registered with :mod:`linecache` as ``<bootreq schema NAME>``, so
    tracebacks and debuggers show its lines.
    """
    compiler = _Compiler(soft, checkers=checkers, era=era)
    root = compiler.function(schema)
    source = compiler.source()
    filename = f"<bootreq schema {name}{' soft' if soft else ''}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    exec(compile(source, filename, "exec"), compiler.namespace)
    check: Check = compiler.namespace[root]
    return check


@functools.cache
def schema_check(range_name: str, soft: bool, base64_fixed: bool = False) -> Check:
    """The compiled check of a create-schema range (:mod:`bootreq.schemas`), made once.

    ``base64_fixed``: with the base64 check of a Python that has the
    CVE-2026-3446 fix (``Options.base64_cve_2026_3446_fixed``).
    """
    checkers = CHECKERS_BASE64_PATCHED if base64_fixed else CHECKERS
    name = range_name + (" base64-fixed" if base64_fixed else "")
    return compile_schema(dict(schemas.schema_by_name(range_name)), soft=soft,
                          checkers=checkers, name=name)


@functools.cache
def check_at(minor: int, base64_fixed: bool = False) -> Check:
    r"""The compiled check of the create schema at 2.\ ``minor`` (0: legacy v2.0)."""
    # Keyed by the minor number (every negotiated version is 2.x): an int
    # hashes at C speed, a Microversion in Python.
    version = Microversion(2, minor)
    return schema_check(schemas.range_for(version).name, version.is_legacy, base64_fixed)


class _PredicateCompiler(_Compiler):
    """A subschema's walk as a yes/no answer: no Failure objects, no paths.

    Used where the engine asks whether a value is valid without reporting
    why: the branches of ``oneOf``. Strict schemas only (a soft
    ``additionalProperties`` edits the document).
    """

    prefix = "_p"
    success = "return True"

    def fail(self, keyword: str, argument: str | None = None) -> str:
        return "return False"

    def descend(self, check: str, value: str, step: str) -> list[str]:
        return [f"if not {check}({value}):", "    return False"]

    def emit_oneOf(self, lines: list[str], schema: Schema, choices: list[dict[str, Any]]) -> None:
        answers = " + ".join(f"{self.function(choice)}(i)" for choice in choices)
        lines.append(f"if {answers} != 1:")
        lines.append("    return False")
