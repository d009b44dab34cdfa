"""Terraform values on the wire: cty types, msgpack `DynamicValue`s, and unknown values.

Values are plain Python: None (null), str, int/float, bool, list (list, set, tuple), dict (map,
object), `Unknown` for a value Terraform does not know yet, and `Dynamic` for a value of a
`dynamic`-typed attribute (whose concrete type travels with it on the wire).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import msgpack

# A cty type in its JSON form: "string", "number", "bool", "dynamic", ["list", T], ["set", T],
# ["map", T], ["object", {name: T}] (optionally with a third element), ["tuple", [T, ...]].
CtyType = Any

# cty's msgpack encoding marks an unknown value with extension 0; 12 is an unknown carrying
# refinements (e.g. "not null", a string prefix), which are kept byte for byte.
_UNKNOWN_EXT = 0
_REFINED_UNKNOWN_EXT = 12


@dataclass(frozen=True)
class Unknown:
    """A value Terraform will only know after apply."""

    code: int = _UNKNOWN_EXT
    data: bytes = b"\x00"


UNKNOWN = Unknown()


@dataclass(frozen=True)
class Dynamic:
    """A known value of a `dynamic` attribute together with its concrete type."""

    type: CtyType
    value: Any


def parse_type(raw: bytes | str) -> CtyType:
    return json.loads(raw)


def _kind(cty_type: CtyType) -> str:
    return cty_type if isinstance(cty_type, str) else str(cty_type[0])


def decode(data: bytes, cty_type: CtyType) -> Any:
    """Decode a msgpack DynamicValue of the given type."""
    if not data:
        return None
    raw = msgpack.unpackb(data, raw=False, strict_map_key=False, ext_hook=_ext_hook)
    return from_wire(raw, cty_type)


def encode(value: Any, cty_type: CtyType) -> bytes:
    """Encode a value of the given type as a msgpack DynamicValue."""
    packed: bytes = msgpack.packb(to_wire(value, cty_type), use_bin_type=True)
    return packed


def _ext_hook(code: int, data: bytes) -> Unknown:
    if code in (_UNKNOWN_EXT, _REFINED_UNKNOWN_EXT):
        return Unknown(code, data)
    raise ValueError(f"unexpected msgpack extension type {code} in a Terraform value")


def from_wire(raw: Any, cty_type: CtyType) -> Any:
    """Turn unpacked msgpack (or parsed JSON state) into a value of cty_type."""
    if raw is None or isinstance(raw, Unknown):
        return raw
    kind = _kind(cty_type)
    if kind == "dynamic":
        if isinstance(raw, list) and len(raw) == 2 and isinstance(raw[0], bytes | str):
            concrete = parse_type(raw[0])
            return Dynamic(concrete, from_wire(raw[1], concrete))
        return Dynamic("dynamic", raw)
    if kind == "number":
        return _number(raw)
    if kind in ("string", "bool"):
        return raw
    if kind in ("list", "set"):
        return [from_wire(item, cty_type[1]) for item in raw]
    if kind == "map":
        return {key: from_wire(item, cty_type[1]) for key, item in raw.items()}
    if kind == "object":
        return {name: from_wire(raw.get(name), sub) for name, sub in cty_type[1].items()}
    if kind == "tuple":
        return [from_wire(item, sub) for item, sub in zip(raw, cty_type[1], strict=True)]
    raise ValueError(f"unsupported cty type {cty_type!r}")


def to_wire(value: Any, cty_type: CtyType) -> Any:
    """Turn a value of cty_type into something msgpack.packb encodes as cty expects."""
    if value is None:
        return None
    if isinstance(value, Unknown):
        return msgpack.ExtType(value.code, value.data)
    kind = _kind(cty_type)
    if kind == "dynamic":
        if isinstance(value, Dynamic):
            return [json.dumps(value.type).encode(), to_wire(value.value, value.type)]
        concrete = type_of(value)
        return [json.dumps(concrete).encode(), to_wire(value, concrete)]
    if kind == "number":
        if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
            return int(value)
        return value
    if kind in ("string", "bool"):
        return value
    if kind in ("list", "set"):
        return [to_wire(item, cty_type[1]) for item in value]
    if kind == "map":
        return {key: to_wire(item, cty_type[1]) for key, item in value.items()}
    if kind == "object":
        return {name: to_wire(value.get(name), sub) for name, sub in cty_type[1].items()}
    if kind == "tuple":
        return [to_wire(item, sub) for item, sub in zip(value, cty_type[1], strict=True)]
    raise ValueError(f"unsupported cty type {cty_type!r}")


def type_of(value: Any) -> CtyType:
    """The cty type Terraform would infer for a plain Python value (for dynamic attributes)."""
    if isinstance(value, Dynamic):
        return value.type
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return ["tuple", [type_of(item) for item in value]]
    if isinstance(value, dict):
        return ["object", {key: type_of(item) for key, item in value.items()}]
    return "dynamic"


def _number(raw: Any) -> int | float:
    # cty sends numbers that do not fit int64/float64 exactly as decimal strings.
    if isinstance(raw, bool):
        raise ValueError("a bool where a number was expected")
    if isinstance(raw, int | float):
        return raw
    text = str(raw)
    try:
        return int(text)
    except ValueError:
        return float(text)


def is_known(value: Any) -> bool:
    """True when the value and everything inside it is known."""
    if isinstance(value, Unknown):
        return False
    if isinstance(value, Dynamic):
        return is_known(value.value)
    if isinstance(value, list):
        return all(is_known(item) for item in value)
    if isinstance(value, dict):
        return all(is_known(item) for item in value.values())
    return True
