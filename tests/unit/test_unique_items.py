"""uniqueItems in the compiled engine against jsonschema's own ``uniq``.

The engine compares items holding containers by sorted-key JSON text (C
speed), by a canonical text when a float is inside, and by jsonschema's sort
when a NaN is; each path must agree with jsonschema on every array.
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema._utils import uniq

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
    assert _unique(items) is uniq(items)


def test_float_free_items_take_the_json_text_path() -> None:
    assert _json_keys([[1, "a.b"], {"b": True, "a": None}]) is not None
    assert _json_keys([[1.0]]) is None
    assert _json_keys([[math.nan]]) is None
    assert _unique([[1], [1.0]]) is False  # 1 == 1.0, as jsonschema has it
    assert _unique([{"a": 1, "b": 2}, {"b": 2, "a": 1}]) is False
    assert _unique([[True], [1]]) is True  # booleans are not numbers


def test_deep_items() -> None:
    deep: Any = "x"
    for _ in range(400):
        deep = [deep]
    other: Any = "y"
    for _ in range(400):
        other = [other]
    assert _unique([deep, other]) is True
    assert _unique([deep, deep]) is False
