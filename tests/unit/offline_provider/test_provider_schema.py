"""The schema file: reading, converting to protobuf, caching, and the model built from it."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from orchestrator.errors import ConfigError
from orchestrator.offline_provider import schema
from orchestrator.offline_provider.schema import (
    DEFAULT_SCHEMA_FILE,
    ProviderSchema,
    convert,
    schema_bytes,
    schema_file,
)

TINY: dict[str, Any] = {
    "format_version": "1.0",
    "provider_version": "0.1.0",
    "provider_schemas": {
        "registry.terraform.io/example/tiny": {
            "provider": {
                "version": 0,
                "block": {"attributes": {"zone": {"type": "string", "optional": True}}},
            },
            "resource_schemas": {
                "tiny_thing": {
                    "version": 2,
                    "block": {
                        "attributes": {
                            "name": {"type": "string", "required": True},
                            "id": {"type": "string", "computed": True, "optional": True},
                            "sizes": {"type": ["list", "number"], "optional": True},
                            "spec": {
                                "nested_type": {
                                    "nesting_mode": "list",
                                    "attributes": {"key": {"type": "string", "required": True}},
                                },
                                "optional": True,
                            },
                        },
                        "block_types": {
                            "rule": {
                                "nesting_mode": "set",
                                "min_items": 1,
                                "block": {
                                    "attributes": {"level": {"type": "string", "optional": True}}
                                },
                            }
                        },
                    },
                }
            },
            "data_source_schemas": {},
        }
    },
}


@pytest.fixture
def tiny_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(TINY))
    return path


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv(schema.CACHE_ENV, str(cache))
    return cache


def test_conversion_keeps_types_flags_nesting_and_versions() -> None:
    response = convert(TINY["provider_schemas"]["registry.terraform.io/example/tiny"])
    thing = response.resource_schemas["tiny_thing"]
    attributes = {a.name: a for a in thing.block.attributes}

    assert thing.version == 2
    assert json.loads(attributes["sizes"].type) == ["list", "number"]
    assert attributes["name"].required and attributes["id"].computed and attributes["id"].optional
    assert attributes["spec"].nested_type.attributes[0].name == "key"
    assert thing.block.block_types[0].type_name == "rule"
    assert thing.block.block_types[0].min_items == 1
    assert response.server_capabilities.get_provider_schema_optional


def test_the_model_gives_implied_types() -> None:
    response = convert(TINY["provider_schemas"]["registry.terraform.io/example/tiny"])
    model = ProviderSchema(response.SerializeToString())
    thing = model.block("resource", "tiny_thing")

    assert thing is not None
    assert thing.type == [
        "object",
        {
            "id": "string",
            "name": "string",
            "sizes": ["list", "number"],
            "spec": ["list", ["object", {"key": "string"}]],
            "rule": ["set", ["object", {"level": "string"}]],
        },
    ]
    assert model.block("resource", "nope") is None


def test_the_bundled_schema_has_every_aws_type() -> None:
    model = ProviderSchema(schema_bytes(DEFAULT_SCHEMA_FILE))

    assert len(model.response.resource_schemas) == 1657
    assert len(model.response.data_source_schemas) == 662
    assert len(model.response.ephemeral_resource_schemas) == 10
    assert "region" in model.provider.attributes


def test_the_converted_schema_is_cached_by_content(tiny_file: Path, private_cache: Path) -> None:
    first = schema_bytes(tiny_file, "registry.terraform.io/example/tiny")
    cached = list(private_cache.glob("*.pb"))
    assert len(cached) == 1 and cached[0].read_bytes() == first

    # Same content, same cache entry; changed content, a new one.
    assert schema_bytes(tiny_file, "registry.terraform.io/example/tiny") == first
    tiny_file.write_text(json.dumps({**TINY, "provider_version": "0.2.0"}))
    schema_bytes(tiny_file, "registry.terraform.io/example/tiny")
    assert len(list(private_cache.glob("*.pb"))) == 2


def test_gzipped_files_are_read(tmp_path: Path) -> None:
    path = tmp_path / "tiny.json.gz"
    path.write_bytes(gzip.compress(json.dumps(TINY).encode()))
    assert schema_bytes(path, "registry.terraform.io/example/tiny")


def test_the_environment_variable_chooses_the_file(
    tiny_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(schema.SCHEMA_ENV, str(tiny_file))
    assert schema_file() == tiny_file
    monkeypatch.delenv(schema.SCHEMA_ENV)
    assert schema_file() == DEFAULT_SCHEMA_FILE


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "is not JSON"),
        ('{"format_version": "1.0"}', "has no `provider_schemas` object"),
    ],
)
def test_bad_files_fail_clearly(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        schema_bytes(path)


def test_a_missing_file_or_provider_fails_clearly(tiny_file: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        schema_file(tmp_path / "missing.json")
    with pytest.raises(ConfigError, match="has no schema for registry.terraform.io/hashicorp/aws"):
        schema_bytes(tiny_file)
