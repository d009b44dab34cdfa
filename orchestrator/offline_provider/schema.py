"""The provider schema: read from a `terraform providers schema -json` file, served as protobuf.

Converting the 5 MB JSON document takes about a second, so the converted GetProviderSchema
response is cached as serialized protobuf under a key made of the schema file's content hash and
the provider address; later starts read those bytes and hand them to gRPC unchanged.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from orchestrator.errors import ConfigError
from orchestrator.offline_provider.codec import CtyType, parse_type
from orchestrator.offline_provider.paths import DEFAULT_SCHEMA_FILE as DEFAULT_SCHEMA_FILE
from orchestrator.offline_provider.paths import PACKAGE_DATA as PACKAGE_DATA
from orchestrator.offline_provider.paths import SCHEMA_ENV as SCHEMA_ENV
from orchestrator.offline_provider.paths import schema_file as schema_file
from orchestrator.offline_provider.tfplugin6 import tfplugin6_pb2 as pb

DEFAULT_PROVIDER = "registry.terraform.io/hashicorp/aws"
CACHE_ENV = "ORCH_PROVIDER_CACHE_DIR"
# Bump when the conversion changes, so stale caches are not served.
_CACHE_FORMAT = "2"

_BLOCK_NESTING = {
    "single": pb.Schema.NestedBlock.SINGLE,
    "list": pb.Schema.NestedBlock.LIST,
    "set": pb.Schema.NestedBlock.SET,
    "map": pb.Schema.NestedBlock.MAP,
    "group": pb.Schema.NestedBlock.GROUP,
}
_OBJECT_NESTING = {
    "single": pb.Schema.Object.SINGLE,
    "list": pb.Schema.Object.LIST,
    "set": pb.Schema.Object.SET,
    "map": pb.Schema.Object.MAP,
}
SERVER_CAPABILITIES = pb.ServerCapabilities(get_provider_schema_optional=True)
_KIND = {"plain": pb.PLAIN, "markdown": pb.MARKDOWN}


def read_document(path: Path) -> dict[str, Any]:
    """Parse a schema file (JSON, gzipped or not) and check it is a provider schema document."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    try:
        document = json.loads(data)
    except ValueError as exc:
        raise ConfigError(f"provider schema file {path} is not JSON: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("provider_schemas"), dict):
        raise ConfigError(
            f"provider schema file {path} has no `provider_schemas` object: "
            "produce it with `terraform providers schema -json`"
        )
    return document


def provider_addresses(document: dict[str, Any]) -> list[str]:
    return sorted(document["provider_schemas"])


# --- JSON document -> protobuf -------------------------------------------------------------


def _attribute(name: str, spec: dict[str, Any]) -> pb.Schema.Attribute:
    attribute = pb.Schema.Attribute(
        name=name,
        description=spec.get("description", ""),
        description_kind=_KIND.get(spec.get("description_kind", "plain"), pb.PLAIN),
        required=bool(spec.get("required")),
        optional=bool(spec.get("optional")),
        computed=bool(spec.get("computed")),
        sensitive=bool(spec.get("sensitive")),
        deprecated=bool(spec.get("deprecated")),
        write_only=bool(spec.get("write_only")),
    )
    if "nested_type" in spec:
        nested = spec["nested_type"]
        attribute.nested_type.CopyFrom(
            pb.Schema.Object(
                attributes=[_attribute(n, s) for n, s in sorted(nested["attributes"].items())],
                nesting=_OBJECT_NESTING[nested.get("nesting_mode", "single")],
            )
        )
    else:
        attribute.type = json.dumps(spec["type"], separators=(",", ":")).encode()
    return attribute


def _block(spec: dict[str, Any], version: int = 0) -> pb.Schema.Block:
    return pb.Schema.Block(
        version=version,
        attributes=[_attribute(n, s) for n, s in sorted(spec.get("attributes", {}).items())],
        block_types=[
            pb.Schema.NestedBlock(
                type_name=name,
                block=_block(nested["block"]),
                nesting=_BLOCK_NESTING[nested["nesting_mode"]],
                min_items=int(nested.get("min_items", 0)),
                max_items=int(nested.get("max_items", 0)),
            )
            for name, nested in sorted(spec.get("block_types", {}).items())
        ],
        description=spec.get("description", ""),
        description_kind=_KIND.get(spec.get("description_kind", "plain"), pb.PLAIN),
        deprecated=bool(spec.get("deprecated")),
    )


def _schema(spec: dict[str, Any]) -> pb.Schema:
    version = int(spec.get("version", 0))
    return pb.Schema(version=version, block=_block(spec.get("block", {}), version))


def convert(provider: dict[str, Any]) -> pb.GetProviderSchema.Response:
    """One provider's entry of a schema document as a GetProviderSchema response."""
    response = pb.GetProviderSchema.Response(
        provider=_schema(provider.get("provider", {})),
        # Terraform may then reuse the schema it read from an earlier instance of this provider
        # in the same command instead of asking each instance again (0.3 s each).
        server_capabilities=SERVER_CAPABILITIES,
    )
    for name, spec in provider.get("resource_schemas", {}).items():
        response.resource_schemas[name].CopyFrom(_schema(spec))
    for name, spec in provider.get("data_source_schemas", {}).items():
        response.data_source_schemas[name].CopyFrom(_schema(spec))
    for name, spec in provider.get("ephemeral_resource_schemas", {}).items():
        response.ephemeral_resource_schemas[name].CopyFrom(_schema(spec))
    if "provider_meta" in provider:
        response.provider_meta.CopyFrom(_schema(provider["provider_meta"]))
    return response


# --- the cache -------------------------------------------------------------------------------


def cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "orchestrator" / "offline-provider"


def _cache_key(data: bytes, address: str) -> str:
    digest = hashlib.sha256(data)
    digest.update(f"\0{address}\0{_CACHE_FORMAT}\0{pb.DESCRIPTOR.serialized_pb!r}".encode())
    return digest.hexdigest()[:32]


def schema_bytes(path: Path, address: str | None = None) -> bytes:
    """The serialized GetProviderSchema response for one provider of a schema file, cached."""
    data = path.read_bytes()
    address = address or DEFAULT_PROVIDER
    cached = cache_dir() / f"{_cache_key(data, address)}.pb"
    try:
        return bytes(cached.read_bytes())
    except OSError:
        pass
    document = read_document(path)
    providers = document["provider_schemas"]
    if address not in providers:
        raise ConfigError(
            f"provider schema file {path} has no schema for {address}; "
            f"it has: {', '.join(sorted(providers)) or 'none'}"
        )
    serialized = bytes(convert(providers[address]).SerializeToString())
    _write_atomically(cached, serialized)
    return serialized


def _write_atomically(path: Path, data: bytes) -> None:
    # A cache that cannot be written only costs time on the next start.
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except OSError:
        pass


# --- protobuf -> the model the provider logic walks ----------------------------------------


@dataclass(frozen=True)
class Attribute:
    name: str
    type: CtyType
    required: bool = False
    optional: bool = False
    computed: bool = False
    nested: NestedObject | None = None


@dataclass(frozen=True)
class NestedObject:
    attributes: dict[str, Attribute]
    nesting: str  # single, list, set, map

    @cached_property
    def object_type(self) -> CtyType:
        return ["object", {name: a.type for name, a in self.attributes.items()}]


@dataclass(frozen=True)
class BlockType:
    name: str
    nesting: str  # single, list, set, map, group
    block: Block
    min_items: int = 0
    max_items: int = 0

    @property
    def type(self) -> CtyType:
        inner = self.block.type
        return inner if self.nesting in ("single", "group") else [self.nesting, inner]


@dataclass(frozen=True)
class Block:
    attributes: dict[str, Attribute] = field(default_factory=dict)
    block_types: dict[str, BlockType] = field(default_factory=dict)

    @cached_property
    def type(self) -> CtyType:
        """The object type of one instance of this block (its implied type)."""
        members = {name: a.type for name, a in self.attributes.items()}
        members.update({name: b.type for name, b in self.block_types.items()})
        return ["object", members]


_NESTING_NAMES = {value: key for key, value in _BLOCK_NESTING.items()}
_OBJECT_NESTING_NAMES = {value: key for key, value in _OBJECT_NESTING.items()}


def _model_attribute(attribute: pb.Schema.Attribute) -> Attribute:
    nested = None
    if attribute.HasField("nested_type"):
        nested = NestedObject(
            {a.name: _model_attribute(a) for a in attribute.nested_type.attributes},
            _OBJECT_NESTING_NAMES[attribute.nested_type.nesting],
        )
        cty: CtyType = nested.object_type
        if nested.nesting != "single":
            cty = [nested.nesting, cty]
    else:
        cty = parse_type(attribute.type)
    return Attribute(
        attribute.name,
        cty,
        required=attribute.required,
        optional=attribute.optional,
        computed=attribute.computed,
        nested=nested,
    )


def model_block(block: pb.Schema.Block) -> Block:
    return Block(
        {a.name: _model_attribute(a) for a in block.attributes},
        {
            b.type_name: BlockType(
                b.type_name,
                _NESTING_NAMES[b.nesting],
                model_block(b.block),
                b.min_items,
                b.max_items,
            )
            for b in block.block_types
        },
    )


class ProviderSchema:
    """The parsed GetProviderSchema response, with models built on first use per type."""

    def __init__(self, serialized: bytes) -> None:
        self.serialized = serialized
        self.response = pb.GetProviderSchema.Response.FromString(serialized)
        self._models: dict[tuple[str, str], Block] = {}

    @cached_property
    def provider(self) -> Block:
        return model_block(self.response.provider.block)

    def block(self, kind: str, type_name: str) -> Block | None:
        """The model of a resource, data source or ephemeral resource type; None if unknown."""
        key = (kind, type_name)
        if key not in self._models:
            schemas = {
                "resource": self.response.resource_schemas,
                "data": self.response.data_source_schemas,
                "ephemeral": self.response.ephemeral_resource_schemas,
            }[kind]
            if type_name not in schemas:
                return None
            self._models[key] = model_block(schemas[type_name].block)
        return self._models[key]

    def version(self, type_name: str) -> int:
        return int(self.response.resource_schemas[type_name].version)
