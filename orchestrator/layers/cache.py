"""Where builds live and when one can be reused.

build/layers/<layer>/<runtime>-<arch>/ holds layer.zip, layer.manifest.json,
requirements.lock.txt and build.json. build.json is written last, so a build that died half way
is never taken for a finished one. Two keys:

- the inputs key (layer folder files, target, builder and pip versions) decides whether the last
  resolution can be reused without asking the index again; `--refresh` resolves anyway;
- the build key (resolved set, target, build path, image digest, strip profile, builder and pip
  versions) decides whether the last zip is still the right one.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from orchestrator.layers.config import LayerConfig, Target

BUILD_DIR = Path("build") / "layers"
RECORD_FILE = "build.json"
ZIP_FILE = "layer.zip"


@dataclass(frozen=True)
class BuildRecord:
    """What build.json says about the last finished build of one target."""

    inputs_key: str
    key: str
    lock: list[dict[str, str]]
    build_path: str
    zip: str  # relative to the repository root
    sha256: str
    source_code_hash: str
    zipped_size: int
    unzipped_size: int
    upload_via_s3: bool
    packages: dict[str, str]
    smoke: str
    notes: list[str] = field(default_factory=list)


def target_dir(repo_root: Path, layer: str, target: Target) -> Path:
    return repo_root / BUILD_DIR / layer / target.slug


def wheelhouse_dir(repo_root: Path) -> Path:
    return repo_root / BUILD_DIR / ".wheelhouse"


def inputs_key(config: LayerConfig, target: Target, builder_version: str, pip: str) -> str:
    hasher = hashlib.sha256()
    hasher.update(json.dumps([builder_version, pip, target.key]).encode())
    for path in sorted(p for p in config.folder.rglob("*") if p.is_file()):
        relative = path.relative_to(config.folder)
        if _is_input(relative):
            hasher.update(relative.as_posix().encode() + b"\0")
            hasher.update(hashlib.sha256(path.read_bytes()).digest())
    return hasher.hexdigest()


def build_key(**parts: str) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def read_record(folder: Path) -> BuildRecord | None:
    path = folder / RECORD_FILE
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return BuildRecord(**data)
    except (OSError, ValueError, TypeError):
        return None  # missing or from another builder version: rebuild


def write_record(folder: Path, record: BuildRecord) -> None:
    write_json_atomic(folder / RECORD_FILE, asdict(record))


def write_json_atomic(path: Path, document: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(document, out, indent=1, sort_keys=True)
        out.write("\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def _is_input(relative: Path) -> bool:
    # Build output kept inside the layer folder does not change what is built.
    return relative.parts[0] != "build" and "__pycache__" not in relative.parts
