"""Layer artifacts by content hash: what a stage applied is what the next stage gets.

Every apply publishes the layer zips it used to its stage's bucket under their sha256; a
promotion downloads exactly those objects from the previous stage (and verifies their hashes)
instead of building again.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from orchestrator.errors import OrchError

ARTIFACT_PREFIX = "orch/artifacts/layers/"


@dataclass(frozen=True)
class LayerArtifact:
    """One built layer zip as the stacks' `layers` variable takes it."""

    key: str  # the logical name in the `layers` variable
    sha256: str
    source_code_hash: str
    runtime: str
    architecture: str
    upload_via_s3: bool
    zip_path: str

    def variable(self) -> dict[str, Any]:
        return {
            "zip_path": self.zip_path,
            "source_code_hash": self.source_code_hash,
            "compatible_runtimes": [self.runtime],
            "compatible_architectures": [self.architecture],
            "upload_via_s3": self.upload_via_s3,
        }


_BUILT: set[Path] = set()


def ensure_built(root: Path) -> None:
    """Build the project's layers (once per process): what is deployed is this tree's layers.

    The full check hashes every input and zip (cache hits, a few hundredths of a second); it is
    skipped when no file it reads changed in size or time since it last passed. `orch layer
    build` always checks fully (it also notices a Docker engine that appeared).
    """
    if root in _BUILT or not any((root / "lambda_layers").glob("*/layer.toml")):
        return
    stamp = root / "build" / "layers" / ".checked"
    signature = _layer_files_signature(root)
    if not (stamp.is_file() and stamp.read_text() == signature):
        from orchestrator.layers.build import BuildOptions, build_layers

        def progress(message: str) -> None:
            print(f"layer: {message}", file=sys.stderr, flush=True)

        build_layers(root, BuildOptions(progress=progress))
        stamp.write_text(_layer_files_signature(root))
    _BUILT.add(root)


def _layer_files_signature(root: Path) -> str:
    """Size and mtime of every file the layer check reads, and the pip and Python it builds with."""
    from orchestrator.layers.pip import pip_version

    layers = root / "lambda_layers"
    # Output a build keeps in a layer's own build/ folder is no input (as in the full check).
    files = [p for p in layers.rglob("*") if p.relative_to(layers).parts[1:2] != ("build",)]
    files += (root / "build" / "layers").glob("*.json")
    files += (root / "build" / "layers").glob("*/*/*")
    entries = [sys.executable, pip_version()]
    for path in sorted(files):
        if path.is_file():
            stat = path.stat()
            entries.append(f"{path.relative_to(root)} {stat.st_size} {stat.st_mtime_ns}")
    return "\n".join(entries)


def local_artifacts(root: Path) -> list[LayerArtifact]:
    """The layers of this tree, built if needed (none when the project has no layers)."""
    from orchestrator.layers.index import load_index

    ensure_built(root)
    found = []
    for layer, targets in load_index(root).layers.items():
        for target, entry in targets.items():
            runtime, arch = target.split("/")
            found.append(
                LayerArtifact(
                    key=f"{layer}-{runtime.replace('.', '')}-{arch}",
                    sha256=entry.sha256,
                    source_code_hash=entry.source_code_hash,
                    runtime=runtime,
                    architecture=arch,
                    upload_via_s3=entry.upload_via_s3,
                    zip_path=str((root / entry.zip).resolve()),
                )
            )
    return sorted(found, key=lambda a: a.key)


def layers_variable(artifacts: list[LayerArtifact]) -> str:
    return json.dumps({a.key: a.variable() for a in artifacts}, sort_keys=True)


def hashes(artifacts: list[LayerArtifact]) -> dict[str, str]:
    return {a.key: a.sha256 for a in artifacts}


def publish(s3: Any, bucket: str, artifacts: list[LayerArtifact]) -> None:
    """Store each zip (and its description) under its hash, once."""
    from botocore.exceptions import ClientError

    for artifact in artifacts:
        key = f"{ARTIFACT_PREFIX}{artifact.sha256}.zip"
        try:
            s3.head_object(Bucket=bucket, Key=key)
            continue
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") not in ("404", "NoSuchKey", "NotFound"):
                raise
        with open(artifact.zip_path, "rb") as handle:
            s3.put_object(Bucket=bucket, Key=key, Body=handle)
        description = {k: v for k, v in asdict(artifact).items() if k != "zip_path"}
        s3.put_object(
            Bucket=bucket,
            Key=f"{ARTIFACT_PREFIX}{artifact.sha256}.json",
            Body=json.dumps(description).encode(),
        )


def fetch(s3: Any, bucket: str, wanted: dict[str, str], dest: Path) -> list[LayerArtifact]:
    """Download the artifacts a previous stage applied, verifying every byte by its hash."""
    dest.mkdir(parents=True, exist_ok=True)
    found = []
    for key, sha256 in sorted(wanted.items()):
        prefix = f"{ARTIFACT_PREFIX}{sha256}"
        try:
            description = json.loads(
                s3.get_object(Bucket=bucket, Key=f"{prefix}.json")["Body"].read()
            )
            body = s3.get_object(Bucket=bucket, Key=f"{prefix}.zip")["Body"].read()
        except Exception as exc:  # noqa: BLE001 - any failure means the artifact is unavailable
            raise OrchError(
                f"the layer artifact {key} ({sha256[:12]}) that the previous stage applied is "
                f"not in s3://{bucket}/{ARTIFACT_PREFIX}: {type(exc).__name__}. "
                "Promote only what that stage deployed with orch."
            ) from None
        if hashlib.sha256(body).hexdigest() != sha256:
            raise OrchError(f"the layer artifact {key} in {bucket} does not match its hash")
        path = dest / f"{sha256}.zip"
        path.write_bytes(body)
        found.append(LayerArtifact(**{**description, "zip_path": str(path)}))
    return found
