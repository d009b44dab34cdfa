"""Resolve a layer's requirements for its target into an exact, hash-pinned lock.

`pip install --dry-run --ignore-installed --report` with the target flags names every package,
version and wheel (with its sha256) that the build will install. A package that publishes only a
source distribution is built here with `pip wheel` when the result is pure Python (`none-any`);
otherwise it needs a compiler for Lambda's platform, which only the Docker path has.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from orchestrator.errors import OrchError
from orchestrator.layers.config import Target
from orchestrator.layers.pip import run_pip, tail, target_flags

# Fixed wheel timestamps make a wheel built from the same sdist the same bytes.
SOURCE_DATE_EPOCH = "315532800"
_MISSING = re.compile(r"No matching distribution found for (.+)$", re.MULTILINE)
_INDEX_OPTIONS = ("-i", "--index-url", "--extra-index-url", "-f", "--find-links", "--no-index")
_MAX_SOURCE_BUILDS = 20


class ResolveError(OrchError):
    """pip could not resolve the requirements for the target."""


class NeedsDockerError(ResolveError):
    """A package has no wheel for the target and its source needs a compiler."""


@dataclass(frozen=True)
class LockedPackage:
    name: str
    version: str
    sha256: str  # the wheel pip installs
    url: str
    source_sha256: str = ""  # the sdist a local wheel was built from, when there is one


@dataclass(frozen=True)
class Lock:
    packages: tuple[LockedPackage, ...]

    def digest(self) -> str:
        """Identity of the resolved set; a locally built wheel counts by its source's hash."""
        rows = [(p.name, p.version, p.source_sha256 or p.sha256) for p in self.packages]
        return hashlib.sha256(json.dumps(rows).encode()).hexdigest()

    def requirements_text(self, from_source: bool = False) -> str:
        """A pip requirements file that installs exactly this set (hash-checking mode).

        from_source pins locally built wheels by their sdist, for a pip that builds it itself.
        """
        return "".join(
            f"{p.name}=={p.version} --hash=sha256:"
            f"{p.source_sha256 if from_source and p.source_sha256 else p.sha256}\n"
            for p in self.packages
        )

    def versions(self) -> dict[str, str]:
        return {p.name: p.version for p in self.packages}

    def local_wheels(self) -> list[Path]:
        return [_file_path(p.url) for p in self.packages if p.url.startswith("file:")]

    def to_json(self) -> list[dict[str, str]]:
        return [asdict(p) for p in self.packages]

    @classmethod
    def from_json(cls, rows: list[dict[str, str]]) -> Lock:
        return cls(tuple(LockedPackage(**row) for row in rows))


def resolve(requirements: Path, target: Target, wheelhouse: Path) -> Lock:
    """The exact set to install for the target; builds pure-Python sdists into wheelhouse."""
    built: set[str] = set()
    for _ in range(_MAX_SOURCE_BUILDS):
        with tempfile.TemporaryDirectory(prefix="orch-resolve-") as tmp:
            report = Path(tmp) / "report.json"
            args = [
                "install",
                "--dry-run",
                "--ignore-installed",
                "--quiet",
                "--report",
                str(report),
            ]
            args += [*target_flags(target), "--target", str(Path(tmp) / "t")]
            if wheelhouse.is_dir():
                args += ["--find-links", str(wheelhouse)]
            result = run_pip([*args, "-r", str(requirements)], target=target)
            if result.returncode == 0:
                return _lock_from_report(json.loads(report.read_text(encoding="utf-8")))
        missing = _missing_requirement(result.stderr + result.stdout)
        if missing is None or missing in built:
            raise ResolveError(
                f"pip could not resolve {requirements} for {target.key}:\n"
                f"{tail(result.stderr + result.stdout)}"
            )
        built.add(missing)
        build_source_wheel(missing, requirements, target, wheelhouse)
    raise ResolveError(f"{requirements}: more than {_MAX_SOURCE_BUILDS} packages are sdist-only.")


def build_source_wheel(spec: str, requirements: Path, target: Target, wheelhouse: Path) -> Path:
    """Build a wheel from the sdist of spec; accept it only when it runs on any platform."""
    name = _requirement_name(spec)
    options = index_options(requirements)
    with tempfile.TemporaryDirectory(prefix="orch-sdist-") as tmp:
        download = run_pip(
            ["download", "--no-deps", "--no-binary=:all:", "--quiet", "-d", tmp] + [*options, spec]
        )
        sdists = sorted(Path(tmp).iterdir())
        if download.returncode != 0 or len(sdists) != 1:
            raise ResolveError(
                f"{name} has no wheel for {target.key} and no source distribution could be "
                f"downloaded; check the name and version in the requirements file.\n"
                f"{tail(download.stderr + download.stdout)}"
            )
        sdist = sdists[0]
        out = Path(tmp) / "wheel"
        wheel = run_pip(
            ["wheel", "--no-deps", "--quiet", "-w", str(out), *options, str(sdist)],
            extra_env={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
        )
        wheels = sorted(out.glob("*.whl")) if out.is_dir() else []
        if wheel.returncode != 0 or len(wheels) != 1:
            raise NeedsDockerError(
                f"{name} ({sdist.name}) needs Docker: it has no wheel for {target.key} and its "
                f"source did not build here.\n{tail(wheel.stderr + wheel.stdout)}"
            )
        built = wheels[0]
        from packaging.utils import parse_wheel_filename

        _, _, _, tags = parse_wheel_filename(built.name)
        if any(tag.platform != "any" or tag.abi != "none" for tag in tags):
            raise NeedsDockerError(
                f"{name} ({sdist.name}) needs Docker: its source builds a platform-specific wheel "
                f"({built.name}) that only Lambda's build image can compile for {target.key}. "
                "Start a Docker engine, or replace the package with one that publishes wheels."
            )
        # A later resolve finds the wheel through --find-links; the note beside it names the
        # source, whose hash (stable, unlike a rebuilt wheel's) goes into the cache key.
        wheelhouse.mkdir(parents=True, exist_ok=True)
        dest = wheelhouse / built.name
        shutil.copyfile(built, dest)
        _source_note(dest).write_text(
            json.dumps({"sdist": sdist.name, "sha256": _sha256(sdist)}) + "\n", encoding="utf-8"
        )
        return dest


def _lock_from_report(report: dict[str, object]) -> Lock:
    items = report.get("install")
    if not isinstance(items, list):
        raise ResolveError("pip's installation report has no `install` list; upgrade pip.")
    from packaging.utils import canonicalize_name

    packages = []
    for item in items:
        info = item["download_info"]
        url = str(info["url"])
        hashes = info.get("archive_info", {}).get("hashes", {})
        sha = hashes.get("sha256") or (_sha256(_file_path(url)) if url.startswith("file:") else "")
        if not sha:
            raise ResolveError(f"pip reported no sha256 for {url}; it cannot be hash-pinned.")
        source_sha = ""
        if url.startswith("file:"):
            note = _source_note(_file_path(url))
            if note.is_file():
                source_sha = json.loads(note.read_text(encoding="utf-8"))["sha256"]
        metadata = item["metadata"]
        packages.append(
            LockedPackage(
                name=canonicalize_name(metadata["name"]),
                version=metadata["version"],
                sha256=sha,
                url=url,
                source_sha256=source_sha,
            )
        )
    return Lock(tuple(sorted(packages, key=lambda p: p.name)))


def _missing_requirement(output: str) -> str | None:
    match = _MISSING.search(output)
    return match.group(1).strip() if match else None


def _requirement_name(spec: str) -> str:
    # packaging's parsers compile many regular expressions: imported only when needed, so a
    # cache hit stays fast.
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.utils import canonicalize_name

    try:
        return canonicalize_name(Requirement(spec).name)
    except InvalidRequirement:
        return spec.split()[0]


def index_options(requirements: Path) -> list[str]:
    """Index and find-links lines of the requirements file, for downloading one sdist."""
    options: list[str] = []
    for line in requirements.read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].split()
        if words and words[0].split("=", 1)[0] in _INDEX_OPTIONS:
            if "=" in words[0]:
                words = [*words[0].split("=", 1), *words[1:]]
            base = requirements.parent
            if words[0] in ("-f", "--find-links") and len(words) > 1 and "://" not in words[1]:
                words[1] = str((base / words[1]).resolve())
            options += words
    return options


def _source_note(wheel: Path) -> Path:
    return wheel.with_name(wheel.name + ".source.json")


def _file_path(url: str) -> Path:
    return Path(unquote(urlparse(url).path))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
