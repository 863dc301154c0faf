"""uniqueItems in the compiled engine against jsonschema's own ``uniq``.

The engine compares items holding containers by sorted-key JSON text (C
speed), by a canonical text when a float is inside, and by jsonschema's sort
when a NaN or a boolean is (its sort may part equal items, and then it misses
them, as Nova does); each path must agree with jsonschema on every array.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema._utils import equal, unbool, uniq

from bootreq._validation import _json_keys, _unique

scalars = (
    st.none()
    | st.booleans()
    | st.sampled_from([0, 1, -1, 2, 1.0, 0.0, -0.0, 2.0, 1.5, 1e16, math.nan, math.inf])
    | st.sampled_from(["", "a", "1", "true", "1.0", 'q"e', "x.y", "NaN"])
)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.sampled_from(["a", "b", "1"]), children, max_size=3),
    max_leaves=8,
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(values, max_size=5))
def test_unique_agrees_with_jsonschema(items: list[Any]) -> None:
    if _depth(items) > 1 + SORTED_DEPTH and _holds_bool_or_nan(items):
        # Deeper, bootreq reports every duplicate (docs/deviations.md): the
        # pairwise answer, by jsonschema's own equality.
        pairs = itertools.combinations([unbool(item) for item in items], 2)
        assert _unique(items) is not any(equal(a, b) for a, b in pairs)
    else:
        assert _unique(items) is uniq(items)


SORTED_DEPTH = 8  # docs/deviations.md: deeper items are compared by their text


def _depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    return 0


def _holds_bool_or_nan(value: Any) -> bool:
    if isinstance(value, (list, dict)):
        children = value.values() if isinstance(value, dict) else value
        return any(map(_holds_bool_or_nan, children))
    return isinstance(value, bool) or (isinstance(value, float) and math.isnan(value))


def test_float_free_items_take_the_json_text_path() -> None:
    assert _json_keys([[1, "a.b"], {"b": True, "a": None}]) is not None
    assert _json_keys([[1.0]]) is None
    assert _json_keys([[math.nan]]) is None
    assert _unique([[1], [1.0]]) is False  # 1 == 1.0, as jsonschema has it
    assert _unique([{"a": 1, "b": 2}, {"b": 2, "a": 1}]) is False
    assert _unique([[True], [1]]) is True  # booleans are not numbers


def test_duplicates_jsonschema_sorts_apart_are_missed_as_nova_misses_them() -> None:
    # Python's sort takes [True, True] for [1, True]: it stays between the two
    # equal items, and jsonschema compares neighbours only (Nova 34.0.0 then
    # reports the items' type instead: conformance/field-trusted-certs).
    assert _unique([[1, True], [True, True], [1, True]]) is True
    assert _unique([[1, True], [1, True]]) is False


def test_deep_duplicates_are_reported() -> None:
    def nested(item: Any, levels: int) -> Any:
        for _ in range(levels):
            item = [item]
        return item

    shallow = [nested(item, SORTED_DEPTH - 1) for item in ([1, True], [True, True], [1, True])]
    deep = [nested(item, SORTED_DEPTH) for item in ([1, True], [True, True], [1, True])]
    assert _unique(shallow) is uniq(shallow) is True  # jsonschema's sort, as Nova
    assert _unique(deep) is False  # the duplicate, found in linear time


def test_deep_items() -> None:
    deep: Any = "x"
    for _ in range(400):
        deep = [deep]
    other: Any = "y"
    for _ in range(400):
        other = [other]
    assert _unique([deep, other]) is True
    assert _unique([deep, deep]) is False
