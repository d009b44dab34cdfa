"""Build every configured layer for every target, reusing finished builds when nothing changed."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from orchestrator.errors import ConfigError, OrchError
from orchestrator.layers import cache, docker_builder
from orchestrator.layers.config import LayerConfig, Target, load_layers
from orchestrator.layers.index import IndexEntry, load_index, merge_index, write_index
from orchestrator.layers.limits import check_unzipped_size, needs_s3_upload
from orchestrator.layers.pip import pip_version
from orchestrator.layers.pip_builder import install_lock
from orchestrator.layers.resolve import Lock, NeedsDockerError, resolve
from orchestrator.layers.smoke import smoke_test
from orchestrator.layers.strip import strip_tree
from orchestrator.zipper import file_hashes, zip_directory

# Bump when the same inputs would give a different zip (strip rules, zip layout, flags).
BUILDER_VERSION = "1"
DOCKER = "docker"
PIP_CROSS = "pip-cross"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildResult:
    layer: str
    target: Target
    record: cache.BuildRecord
    cache_hit: bool
    path_reason: str  # why this build path was taken
    seconds: float

    def index_entry(self) -> IndexEntry:
        r = self.record
        return IndexEntry(
            zip=r.zip,
            sha256=r.sha256,
            source_code_hash=r.source_code_hash,
            zipped_size=r.zipped_size,
            unzipped_size=r.unzipped_size,
            upload_via_s3=r.upload_via_s3,
            build_path=r.build_path,
            cache_hit=self.cache_hit,
            packages=r.packages,
        )


@dataclass
class BuildOptions:
    name: str | None = None
    runtime: str | None = None
    arch: str | None = None
    refresh: bool = False  # resolve again even when the layer folder did not change
    docker_factory: docker_builder.ClientFactory | None = None
    progress: Progress = field(default=lambda message: None)


def build_layers(repo_root: Path, options: BuildOptions) -> list[BuildResult]:
    """Build the selected layers and targets, then rewrite build/layers/index.json."""
    layers = _select(load_layers(repo_root), options)
    engine: docker_builder.Engine | None = None
    results: list[BuildResult] = []
    for config in layers:
        for target in config.targets:
            if options.runtime and target.runtime != options.runtime:
                continue
            if options.arch and target.arch != options.arch:
                continue
            # Only a pinned image makes the Docker path possible; asking the engine costs time.
            if engine is None and config.builder != PIP_CROSS and config.image_for(target):
                engine = docker_builder.connect(options.docker_factory)
            results.append(_build_target(repo_root, config, target, engine, options))
    configured = {c.name: {t.key for t in c.targets} for c in load_layers(repo_root)}
    built: dict[str, dict[str, IndexEntry]] = {}
    for result in results:
        built.setdefault(result.layer, {})[result.target.key] = result.index_entry()
    index = merge_index(load_index(repo_root), BUILDER_VERSION, built, configured, repo_root)
    write_index(repo_root, index)
    return results


def _select(layers: list[LayerConfig], options: BuildOptions) -> list[LayerConfig]:
    if options.name is not None:
        layers = [layer for layer in layers if layer.name == options.name]
        if not layers:
            raise ConfigError(
                f"no layer named {options.name!r}: expected "
                f"lambda_layers/{options.name}/layer.toml."
            )
    if not layers:
        raise ConfigError(
            "no layers to build: create lambda_layers/<name>/ with a requirements.txt and a "
            "layer.toml naming its runtimes and architectures."
        )
    for flag, value, allowed in (
        ("--runtime", options.runtime, {t.runtime for c in layers for t in c.targets}),
        ("--arch", options.arch, {t.arch for c in layers for t in c.targets}),
    ):
        if value is not None and value not in allowed:
            raise ConfigError(
                f"{flag} {value}: no selected layer builds it; use one of {sorted(allowed)}."
            )
    return layers


def _choose_path(
    config: LayerConfig, target: Target, engine: docker_builder.Engine | None
) -> tuple[str, str]:
    """(build path, why) for one target."""
    image = config.image_for(target)
    if config.builder == PIP_CROSS:
        return PIP_CROSS, "builder = pip-cross in layer.toml"
    client = engine.client if engine else None
    if config.builder == DOCKER:
        if image is None:
            raise ConfigError(
                f"{config.folder / 'layer.toml'}: builder = docker but [images] pins no image for "
                f'{target.slug}; add "{target.slug}" = "<repository>@sha256:<digest>".'
            )
        if client is None:
            reason = engine.reason if engine else "no Docker engine"
            raise OrchError(f"builder = docker for {config.name}, but {reason}: start Docker.")
        return DOCKER, f"Docker with {image}"
    if image is None:
        return PIP_CROSS, f"no build image pinned for {target.slug} in layer.toml"
    if client is None:
        return PIP_CROSS, (engine.reason if engine else "no Docker engine answered")
    return DOCKER, f"Docker with {image}"


def _build_target(
    repo_root: Path,
    config: LayerConfig,
    target: Target,
    engine: docker_builder.Engine | None,
    options: BuildOptions,
) -> BuildResult:
    started = time.monotonic()
    label = f"{config.name} {target.key}"
    folder = cache.target_dir(repo_root, config.name, target)
    pip = pip_version()
    inputs = cache.inputs_key(config, target, BUILDER_VERSION, pip)
    previous = cache.read_record(folder)
    path, reason = _choose_path(config, target, engine)
    lock = _lock(repo_root, config, target, path, inputs, previous, options)

    key = _key(config, target, path, lock, inputs, pip)
    if previous is not None and previous.key == key and _zip_intact(repo_root, previous):
        options.progress(f"{label}: unchanged, reusing {previous.zip}")
        return BuildResult(config.name, target, previous, True, reason, time.monotonic() - started)

    options.progress(f"{label}: building with {path} ({reason})")
    staging_parent = folder.parent
    staging_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{target.slug}-", dir=staging_parent) as tmp:
        staging = Path(tmp)
        if path == DOCKER:
            try:
                _docker_install(engine, config, target, lock, staging, options)
            except docker_builder.EngineUnavailable as exc:
                if config.builder == DOCKER:
                    raise OrchError(f"the Docker engine stopped answering: {exc}") from exc
                path, reason = PIP_CROSS, f"the Docker engine stopped answering ({exc})"
                options.progress(f"{label}: falling back to {path}")
                shutil.rmtree(staging / "python", ignore_errors=True)
                lock = _lock(repo_root, config, target, path, inputs, previous, options)
                key = _key(config, target, path, lock, inputs, pip)
        if path == PIP_CROSS:
            assert lock is not None
            options.progress(f"{label}: installing {len(lock.packages)} package(s)")
            install_lock(
                lock,
                target,
                staging / "python",
                requirements=config.requirements,
                wheelhouse=cache.wheelhouse_dir(repo_root),
            )
        record = _finish(
            repo_root, config, target, staging, folder, path, key, inputs, lock, options
        )
    options.progress(f"{label}: done in {time.monotonic() - started:.1f}s")
    return BuildResult(config.name, target, record, False, reason, time.monotonic() - started)


def _lock(
    repo_root: Path,
    config: LayerConfig,
    target: Target,
    path: str,
    inputs: str,
    previous: cache.BuildRecord | None,
    options: BuildOptions,
) -> Lock | None:
    """The resolved set: reused while the layer folder is unchanged, else asked of pip."""
    if previous is not None and previous.inputs_key == inputs and not options.refresh:
        reused = Lock.from_json(previous.lock) if previous.lock else None
        if reused is not None and all(wheel.is_file() for wheel in reused.local_wheels()):
            return reused
        if reused is None and path == DOCKER:
            return None
    options.progress(f"{config.name} {target.key}: resolving {config.requirements.name}")
    try:
        return resolve(config.requirements, target, cache.wheelhouse_dir(repo_root))
    except NeedsDockerError:
        if path == DOCKER:
            return None  # the build image compiles it; pip in the container resolves too
        raise


def _key(
    config: LayerConfig, target: Target, path: str, lock: Lock | None, inputs: str, pip: str
) -> str:
    return cache.build_key(
        resolved=lock.digest() if lock is not None else f"unlocked:{inputs}",
        runtime=target.runtime,
        arch=target.arch,
        path=path,
        image=(config.image_for(target) or "") if path == DOCKER else "",
        strip=config.strip,
        builder=BUILDER_VERSION,
        pip=pip,
    )


def _docker_install(
    engine: docker_builder.Engine | None,
    config: LayerConfig,
    target: Target,
    lock: Lock | None,
    staging: Path,
    options: BuildOptions,
) -> None:
    assert engine is not None and engine.client is not None
    image = config.image_for(target)
    assert image is not None
    inputs = staging / "input"
    inputs.mkdir()
    text = (
        lock.requirements_text(from_source=True)
        if lock is not None
        else config.requirements.read_text(encoding="utf-8")
    )
    (inputs / "requirements.txt").write_text(text, encoding="utf-8")
    output = staging / "output"
    output.mkdir()
    options.progress(f"{config.name} {target.key}: pip install in {image}")
    docker_builder.build_in_container(engine.client, image, target, inputs, output)
    if not (output / "python").is_dir():
        raise docker_builder.DockerBuildError(
            f"pip in {image} finished but wrote nothing to /asset-output/python."
        )
    (output / "python").rename(staging / "python")


def _finish(
    repo_root: Path,
    config: LayerConfig,
    target: Target,
    staging: Path,
    folder: Path,
    path: str,
    key: str,
    inputs: str,
    lock: Lock | None,
    options: BuildOptions,
) -> cache.BuildRecord:
    label = f"{config.name} {target.key}"
    python_dir = staging / "python"
    python_dir.mkdir(exist_ok=True)
    stripped = strip_tree(python_dir, config.strip)
    unzipped = check_unzipped_size(python_dir, f"layer {label}")
    options.progress(f"{label}: import test")
    smoke = smoke_test(python_dir, target, list(config.imports) or None)
    options.progress(f"{label}: zipping {unzipped:,} bytes")
    # Only python/ goes into the layer: zip from a folder that holds nothing else.
    zip_root = staging / "zip-root"
    zip_root.mkdir()
    python_dir.rename(zip_root / "python")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / cache.RECORD_FILE).unlink(missing_ok=True)  # the old record no longer holds
    result = zip_directory(zip_root, folder / cache.ZIP_FILE)
    packages = lock.versions() if lock is not None else _installed_versions(zip_root / "python")
    if lock is not None:
        (folder / "requirements.lock.txt").write_text(lock.requirements_text(), encoding="utf-8")
    record = cache.BuildRecord(
        inputs_key=inputs,
        key=key,
        lock=lock.to_json() if lock is not None else [],
        build_path=path,
        zip=result.path.relative_to(repo_root).as_posix(),
        sha256=result.sha256,
        source_code_hash=result.source_code_hash,
        zipped_size=result.zipped_size,
        unzipped_size=unzipped,
        upload_via_s3=needs_s3_upload(result.zipped_size),
        packages=packages,
        smoke=f"{smoke.status}: {smoke.detail}",
        notes=stripped.notes,
    )
    cache.write_record(folder, record)
    return record


def _zip_intact(repo_root: Path, record: cache.BuildRecord) -> bool:
    path = repo_root / record.zip
    if not path.is_file() or path.stat().st_size != record.zipped_size:
        return False
    return file_hashes(path)[0] == record.sha256


def _installed_versions(python_dir: Path) -> dict[str, str]:
    from packaging.utils import canonicalize_name

    versions: dict[str, str] = {}
    for info in python_dir.glob("*.dist-info"):
        name, _, version = info.name.removesuffix(".dist-info").partition("-")
        versions[canonicalize_name(name)] = version
    return dict(sorted(versions.items()))
