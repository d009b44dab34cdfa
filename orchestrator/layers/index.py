"""build/layers/index.json: every built layer, for the code that turns it into Terraform input.

{"builder_version": "1",
 "layers": {"<layer>": {"<runtime>/<arch>": {"zip": "build/layers/...", "sha256": "<hex>",
   "source_code_hash": "<base64>", "zipped_size": N, "unzipped_size": N,
   "upload_via_s3": false, "build_path": "pip-cross", "cache_hit": true,
   "packages": {"name": "version"}}}}}
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from orchestrator.errors import OrchError
from orchestrator.layers.cache import BUILD_DIR, write_json_atomic

INDEX_FILE = BUILD_DIR / "index.json"


@dataclass(frozen=True)
class IndexEntry:
    zip: str
    sha256: str
    source_code_hash: str
    zipped_size: int
    unzipped_size: int
    upload_via_s3: bool
    build_path: str
    cache_hit: bool
    packages: dict[str, str]


@dataclass(frozen=True)
class LayerIndex:
    builder_version: str
    layers: dict[str, dict[str, IndexEntry]]  # layer -> "<runtime>/<arch>" -> entry

    def entry(self, layer: str, runtime: str, arch: str) -> IndexEntry | None:
        return self.layers.get(layer, {}).get(f"{runtime}/{arch}")


def load_index(repo_root: Path) -> LayerIndex:
    """Read the index; an empty one when no layer was built yet."""
    path = repo_root / INDEX_FILE
    if not path.is_file():
        return LayerIndex(builder_version="", layers={})
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        layers = {
            layer: {key: IndexEntry(**entry) for key, entry in targets.items()}
            for layer, targets in data["layers"].items()
        }
        return LayerIndex(builder_version=str(data["builder_version"]), layers=layers)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise OrchError(
            f"{path} is not a layer index this version understands ({exc}); "
            "run `orch layer build` to write it again."
        ) from exc


def write_index(repo_root: Path, index: LayerIndex) -> Path:
    path = repo_root / INDEX_FILE
    document = {
        "builder_version": index.builder_version,
        "layers": {
            layer: {key: asdict(entry) for key, entry in sorted(targets.items())}
            for layer, targets in sorted(index.layers.items())
        },
    }
    write_json_atomic(path, document)
    return path


def merge_index(
    previous: LayerIndex,
    builder_version: str,
    built: dict[str, dict[str, IndexEntry]],
    configured: dict[str, set[str]],
    repo_root: Path,
) -> LayerIndex:
    """Entries built now, plus earlier ones still configured whose zip is still there."""
    layers: dict[str, dict[str, IndexEntry]] = {}
    for layer, targets in configured.items():
        kept = {
            key: entry
            for key, entry in previous.layers.get(layer, {}).items()
            if key in targets and (repo_root / entry.zip).is_file()
        }
        kept.update(built.get(layer, {}))
        if kept:
            layers[layer] = kept
    return LayerIndex(builder_version=builder_version, layers=layers)
