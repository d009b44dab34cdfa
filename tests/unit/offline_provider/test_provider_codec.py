"""msgpack DynamicValues with unknowns, as cty encodes them."""

from __future__ import annotations

from typing import Any

import msgpack
import pytest

from orchestrator.offline_provider.codec import (
    UNKNOWN,
    Dynamic,
    Unknown,
    decode,
    encode,
    from_wire,
    is_known,
    type_of,
)

OBJECT = [
    "object",
    {
        "name": "string",
        "count": "number",
        "enabled": "bool",
        "tags": ["map", "string"],
        "ids": ["set", "string"],
        "rules": ["list", ["object", {"level": "string"}]],
        "pair": ["tuple", ["string", "number"]],
    },
]


@pytest.mark.parametrize(
    "value",
    [
        {
            "name": "a",
            "count": 3,
            "enabled": True,
            "tags": {"k": "v"},
            "ids": ["x", "y"],
            "rules": [{"level": "ERROR"}],
            "pair": ["p", 1.5],
        },
        {
            "name": UNKNOWN,
            "count": None,
            "enabled": None,
            "tags": UNKNOWN,
            "ids": [UNKNOWN],
            "rules": [{"level": UNKNOWN}],
            "pair": None,
        },
    ],
)
def test_values_round_trip(value: dict[str, Any]) -> None:
    assert decode(encode(value, OBJECT), OBJECT) == value


def test_unknown_is_extension_zero() -> None:
    assert encode(UNKNOWN, "string") == msgpack.packb(msgpack.ExtType(0, b"\x00"))


def test_a_refined_unknown_keeps_its_refinements() -> None:
    refined = msgpack.packb(msgpack.ExtType(12, b"\x81\x01\xc3"))
    value = decode(refined, "string")

    assert isinstance(value, Unknown) and value.code == 12
    assert encode(value, "string") == refined


def test_missing_object_attributes_decode_as_null() -> None:
    raw = msgpack.packb({"name": "only"})
    assert decode(raw, OBJECT)["count"] is None


def test_numbers_sent_as_strings_are_parsed() -> None:
    assert from_wire("12345678901234567890", "number") == 12345678901234567890
    assert from_wire("0.1", "number") == 0.1


def test_whole_floats_encode_as_integers() -> None:
    assert encode(2.0, "number") == msgpack.packb(2)


def test_dynamic_values_carry_their_type() -> None:
    value = Dynamic(["list", "string"], ["a"])
    raw = encode(value, "dynamic")

    assert msgpack.unpackb(raw) == [b'["list", "string"]', ["a"]]
    assert decode(raw, "dynamic") == value


def test_plain_values_in_dynamic_attributes_get_an_inferred_type() -> None:
    assert type_of({"a": [1, "x"]}) == ["object", {"a": ["tuple", ["number", "string"]]}]
    assert decode(encode("text", "dynamic"), "dynamic") == Dynamic("string", "text")


def test_empty_bytes_mean_null() -> None:
    assert decode(b"", OBJECT) is None


def test_is_known_looks_inside_collections() -> None:
    assert is_known({"a": [1, {"b": "c"}]})
    assert not is_known({"a": [1, {"b": UNKNOWN}]})
