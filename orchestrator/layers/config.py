"""Layer folders under lambda_layers/<name>/ and what each asks to be built.

A layer folder holds a requirements file and a `layer.toml`:

    runtimes = ["python3.12"]
    architectures = ["x86_64", "arm64"]
    requirements = "requirements.txt"      # optional; a hash-pinned lock file works too
    strip = "standard"                      # or "deep"
    builder = "auto"                        # auto | docker | pip-cross
    imports = ["yaml"]                      # optional; smoke-test these instead of all modules

    [images]                                # SAM build images, pinned by digest (Docker path)
    "python3.12-x86_64" = "public.ecr.aws/sam/build-python3.12@sha256:..."
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from orchestrator.errors import ConfigError

LAYERS_DIR = "lambda_layers"
CONFIG_FILE = "layer.toml"
PROJECT_FILE = "orch.toml"
ARCHITECTURES = ("x86_64", "arm64")
STRIP_PROFILES = ("standard", "deep")
BUILDERS = ("auto", "docker", "pip-cross")

# Lambda's OS per runtime decides the newest glibc a wheel may need: Amazon Linux 2023 has
# glibc 2.34 (python3.12 and later), Amazon Linux 2 has 2.26 (python3.11 and earlier).
RUNTIME_GLIBC: dict[str, tuple[int, int]] = {
    "python3.9": (2, 26),
    "python3.10": (2, 26),
    "python3.11": (2, 26),
    "python3.12": (2, 34),
    "python3.13": (2, 34),
    "python3.14": (2, 34),
}

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_DIGEST_IMAGE = re.compile(r"^[^\s@]+@sha256:[0-9a-f]{64}$")


@dataclass(frozen=True)
class Target:
    """One build of a layer: a runtime on an architecture."""

    runtime: str
    arch: str

    @property
    def python_version(self) -> tuple[int, int]:
        major, minor = self.runtime.removeprefix("python").split(".")
        return int(major), int(minor)

    @property
    def glibc(self) -> tuple[int, int]:
        return RUNTIME_GLIBC[self.runtime]

    @property
    def machine(self) -> str:
        """The machine name wheels and `platform.machine()` use."""
        return "aarch64" if self.arch == "arm64" else "x86_64"

    @property
    def key(self) -> str:
        return f"{self.runtime}/{self.arch}"

    @property
    def slug(self) -> str:
        return f"{self.runtime}-{self.arch}"


@dataclass(frozen=True)
class LayerConfig:
    name: str
    folder: Path
    requirements: Path
    targets: tuple[Target, ...]
    strip: str
    builder: str
    images: dict[str, str]  # target slug -> image reference pinned by digest
    imports: tuple[str, ...]

    def image_for(self, target: Target) -> str | None:
        return self.images.get(target.slug)


def find_repo_root(start: Path | None = None) -> Path:
    """The nearest folder from start (default: cwd) upwards holding orch.toml or lambda_layers/."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / PROJECT_FILE).is_file() or (folder / LAYERS_DIR).is_dir():
            return folder
    raise ConfigError(
        f"no {PROJECT_FILE} or {LAYERS_DIR}/ folder in {here} or any parent: run this inside the "
        f"project, or create {LAYERS_DIR}/<name>/ with a requirements.txt and a {CONFIG_FILE}."
    )


def load_layers(repo_root: Path) -> list[LayerConfig]:
    """Every layer folder (one holding a layer.toml), sorted by name."""
    base = repo_root / LAYERS_DIR
    if not base.is_dir():
        return []
    return [
        load_layer(folder)
        for folder in sorted(base.iterdir())
        if folder.is_dir() and (folder / CONFIG_FILE).is_file()
    ]


def load_layer(folder: Path) -> LayerConfig:
    path = folder / CONFIG_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}).") from exc
    name = folder.name
    if not _NAME.match(name):
        raise ConfigError(
            f"{folder}: a layer folder name must be 1-64 letters, digits, '-' or '_' "
            "(it becomes part of the Lambda layer name); rename the folder."
        )
    known = {"runtimes", "architectures", "requirements", "strip", "builder", "images", "imports"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting(s) {', '.join(unknown)}; known: {sorted(known)}."
        )

    runtimes = _string_list(data, "runtimes", path, default=None)
    for runtime in runtimes:
        if runtime not in RUNTIME_GLIBC:
            raise ConfigError(
                f"{path}: runtime {runtime!r} is not supported; use one of {sorted(RUNTIME_GLIBC)}."
            )
    archs = _string_list(data, "architectures", path, default=["x86_64"])
    for arch in archs:
        if arch not in ARCHITECTURES:
            raise ConfigError(f"{path}: architecture {arch!r} is not one of {list(ARCHITECTURES)}.")
    strip = _choice(data, "strip", STRIP_PROFILES, path)
    builder = _choice(data, "builder", BUILDERS, path)

    requirements = folder / str(data.get("requirements", "requirements.txt"))
    if not requirements.is_file():
        raise ConfigError(
            f"{path}: requirements file {requirements} does not exist; create it (one requirement "
            "per line, as pip reads it) or set `requirements` to the right file."
        )
    images = data.get("images", {})
    if not isinstance(images, dict) or not all(isinstance(v, str) for v in images.values()):
        raise ConfigError(f'{path}: [images] maps "python3.12-x86_64" style keys to image strings.')
    for slug, image in images.items():
        if not _DIGEST_IMAGE.match(image):
            raise ConfigError(
                f"{path}: image for {slug} must be pinned by digest (repository@sha256:<64 hex>), "
                f"got {image!r}; `docker pull` the tag and copy its RepoDigests entry."
            )
    targets = tuple(Target(runtime, arch) for runtime in runtimes for arch in archs)
    return LayerConfig(
        name=name,
        folder=folder,
        requirements=requirements,
        targets=targets,
        strip=strip,
        builder=builder,
        images=dict(images),
        imports=tuple(_string_list(data, "imports", path, default=[])),
    )


def _string_list(
    data: dict[str, object], key: str, path: Path, default: list[str] | None
) -> list[str]:
    value = data.get(key, default)
    if value is None:
        raise ConfigError(f'{path}: `{key}` is required, e.g. {key} = ["python3.12"].')
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{path}: `{key}` must be a list of strings.")
    if key != "imports" and not value:
        raise ConfigError(f"{path}: `{key}` must name at least one entry.")
    return list(dict.fromkeys(value))


def _choice(data: dict[str, object], key: str, allowed: tuple[str, ...], path: Path) -> str:
    value = data.get(key, allowed[0])
    if value not in allowed:
        raise ConfigError(f"{path}: `{key}` is {value!r}; use one of {list(allowed)}.")
    return str(value)
