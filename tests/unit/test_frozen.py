"""bootreq._frozen: read-only views of JSON values and the way back."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bootreq._frozen import EMPTY_MAPPING, freeze, thaw

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=4), children, max_size=4),
    max_leaves=30,
)


@settings(max_examples=80, deadline=None)
@given(json_values)
def test_thaw_freeze_round_trips(value: Any) -> None:
    assert thaw(freeze(value)) == value


@settings(max_examples=50, deadline=None)
@given(json_values)
def test_freeze_leaves_no_mutable_container(value: Any) -> None:
    frozen = freeze(value)
    stack = [frozen]
    while stack:
        node = stack.pop()
        assert not isinstance(node, (dict, list))
        if isinstance(node, Mapping):
            stack.extend(node.values())
        elif isinstance(node, tuple):
            stack.extend(node)


def test_freeze_shapes() -> None:
    frozen = freeze({"a": [1, {"b": [2, 3]}], "c": {}})
    assert isinstance(frozen, MappingProxyType)
    assert isinstance(frozen["a"], tuple)
    assert isinstance(frozen["a"][1], MappingProxyType)
    assert frozen["a"][1]["b"] == (2, 3)
    with pytest.raises(TypeError):
        frozen["x"] = 1  # type: ignore[index]
    with pytest.raises(TypeError):
        frozen["a"][1]["b"] = ()  # type: ignore[index]


def test_thaw_gives_plain_containers() -> None:
    plain = thaw(freeze({"a": [1, {"b": [2]}]}))
    assert type(plain) is dict
    assert type(plain["a"]) is list
    assert type(plain["a"][1]) is dict
    assert type(plain["a"][1]["b"]) is list


def test_freeze_copies_and_does_not_touch_the_input() -> None:
    value = {"a": [1, {"b": [2]}]}
    before = copy.deepcopy(value)
    frozen = freeze(value)
    value["a"][1]["b"].append(3)  # type: ignore[index, union-attr]
    value["z"] = []
    assert thaw(frozen) == before


def test_thaw_copies() -> None:
    frozen = freeze({"a": [1]})
    first = thaw(frozen)
    first["a"].append(2)
    assert thaw(frozen) == {"a": [1]}


@pytest.mark.parametrize("scalar", [None, True, 0, -1.5, "", "text"])
def test_scalars_pass_through(scalar: Any) -> None:
    assert freeze(scalar) is scalar
    assert thaw(scalar) is scalar


def test_deep_nesting_is_not_recursive() -> None:
    value: Any = 0
    for _ in range(5000):
        value = {"k": [value]}
    # (== on such values would itself recurse: walk them instead)
    frozen = freeze(value)
    thawed = thaw(frozen)
    for node, kinds in ((frozen, (MappingProxyType, tuple)), (thawed, (dict, list))):
        depth = 0
        while isinstance(node, Mapping):
            assert isinstance(node, kinds[0]) and isinstance(node["k"], kinds[1])
            node = node["k"][0]
            depth += 1
        assert (depth, node) == (5000, 0)


def test_empty_mapping() -> None:
    assert dict(EMPTY_MAPPING) == {}
    with pytest.raises(TypeError):
        EMPTY_MAPPING["x"] = 1  # type: ignore[index]
