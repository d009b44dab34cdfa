"""Real layer builds from PyPI: a small layer, and numpy for x86_64 and arm64.

Builds are shared through session fixtures: one cold build, a second run (cache hits) and an
independent build of the same layer folders in a fresh tree (reproducibility).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.version import Version

from orchestrator.layers import load_index
from orchestrator.layers.build import BuildOptions, BuildResult, build_layers
from orchestrator.layers.config import Target
from orchestrator.layers.pip import marker_environment, run_pip
from orchestrator.layers.smoke import SmokeTestError, find_interpreter, smoke_test

pytestmark = pytest.mark.integration


def write_layer(
    root: Path,
    name: str,
    requirements: str,
    runtimes: tuple[str, ...] = ("python3.12",),
    archs: tuple[str, ...] = ("x86_64",),
    extra: str = "",
) -> Path:
    folder = root / "lambda_layers" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "requirements.txt").write_text(requirements)
    (folder / "layer.toml").write_text(
        f"runtimes = {list(runtimes)!r}\narchitectures = {list(archs)!r}\n{extra}"
    )
    return folder


def elf_machine(path: Path) -> int:
    """e_machine of an ELF file: 0x3E x86-64, 0xB7 AArch64."""
    header = path.read_bytes()[:20]
    assert header[:4] == b"\x7fELF", f"{path} is not an ELF file"
    return int.from_bytes(header[18:20], "little")


@dataclass
class Builds:
    root: Path
    cold: dict[str, BuildResult]
    again: dict[str, BuildResult]
    fresh: dict[str, BuildResult]
    progress: list[str]


def _by_key(results: list[BuildResult]) -> dict[str, BuildResult]:
    return {f"{r.layer} {r.target.key}": r for r in results}


@pytest.fixture(scope="session")
def no_docker_engine() -> Iterator[None]:
    """Point the real docker SDK at a socket that does not exist: no engine answers."""
    saved = os.environ.get("DOCKER_HOST")
    os.environ["DOCKER_HOST"] = "unix:///nonexistent/orch-test/docker.sock"
    yield
    if saved is None:
        os.environ.pop("DOCKER_HOST", None)
    else:
        os.environ["DOCKER_HOST"] = saved


@pytest.fixture(scope="session")
def builds(tmp_path_factory: pytest.TempPathFactory, no_docker_engine: None) -> Builds:
    root = tmp_path_factory.mktemp("repo")
    # Images are pinned, so Docker is the first choice and the fallback is taken only because
    # no engine answers.
    images = "[images]\n" + "".join(
        f'"python3.12-{arch}" = "public.ecr.aws/sam/build-python3.12@sha256:{"2" * 64}"\n'
        for arch in ("x86_64", "arm64")
    )
    write_layer(root, "small", "requests\nPyYAML\n", extra=images)
    write_layer(root, "compiled", "numpy\n", archs=("x86_64", "arm64"), extra=images)
    progress: list[str] = []
    cold = _by_key(build_layers(root, BuildOptions(progress=progress.append)))
    again = _by_key(build_layers(root, BuildOptions(progress=progress.append)))
    other = tmp_path_factory.mktemp("repo-fresh")
    shutil.copytree(root / "lambda_layers", other / "lambda_layers")
    fresh = _by_key(build_layers(other, BuildOptions()))
    return Builds(root, cold, again, fresh, progress)


KEYS = ["small python3.12/x86_64", "compiled python3.12/x86_64", "compiled python3.12/arm64"]


def test_every_target_was_built_by_the_fallback_because_no_engine_answered(builds: Builds) -> None:
    assert sorted(builds.cold) == sorted(KEYS)
    for result in builds.cold.values():
        assert result.record.build_path == "pip-cross"
        assert result.path_reason.startswith("no Docker engine answered")
        assert not result.cache_hit
    assert any("building with pip-cross" in line for line in builds.progress)


@pytest.mark.parametrize("key", KEYS)
def test_two_independent_builds_give_the_same_zip(builds: Builds, key: str) -> None:
    assert builds.fresh[key].record.sha256 == builds.cold[key].record.sha256
    assert not builds.fresh[key].cache_hit


@pytest.mark.parametrize("key", KEYS)
def test_the_second_run_is_a_cache_hit(builds: Builds, key: str) -> None:
    assert builds.again[key].cache_hit
    assert builds.again[key].record == builds.cold[key].record


def test_index_describes_every_build(builds: Builds) -> None:
    index = load_index(builds.root)
    entry = index.entry("compiled", "python3.12", "arm64")
    assert entry is not None
    record = builds.cold["compiled python3.12/arm64"].record
    assert entry.zip == "build/layers/compiled/python3.12-arm64/layer.zip"
    assert (entry.sha256, entry.source_code_hash) == (record.sha256, record.source_code_hash)
    assert entry.cache_hit  # the index reflects the last run
    assert entry.build_path == "pip-cross"
    assert entry.zipped_size == (builds.root / entry.zip).stat().st_size
    assert not entry.upload_via_s3
    assert set(index.layers["small"]["python3.12/x86_64"].packages) >= {
        "requests",
        "pyyaml",
        "urllib3",
        "idna",
        "certifi",
    }


def test_numpy_is_the_newest_release_not_the_one_manylinux2014_alone_gives(
    builds: Builds, tmp_path: Path
) -> None:
    # AWS's docs use only --platform manylinux2014_x86_64; numpy stopped publishing those
    # wheels, so pip quietly falls back to an old release. Ours must be newer.
    target = Target("python3.12", "x86_64")
    report = tmp_path / "report.json"
    only_2014 = run_pip(
        ["install", "--dry-run", "--ignore-installed", "--quiet", "--report", str(report)]
        + ["--only-binary=:all:", "--implementation", "cp", "--python-version", "3.12"]
        + ["--abi", "cp312", "--platform", "manylinux2014_x86_64", "--target", str(tmp_path)]
        + ["numpy"],
        target=target,
    )
    assert only_2014.returncode == 0, only_2014.stderr
    old = json.loads(report.read_text())["install"][0]["metadata"]["version"]
    ours = builds.cold["compiled python3.12/x86_64"].record.packages["numpy"]
    assert Version(ours) > Version(old)


@pytest.mark.parametrize(("arch", "machine"), [("x86_64", 0x3E), ("arm64", 0xB7)])
def test_compiled_extensions_are_for_the_target_architecture(
    builds: Builds, tmp_path: Path, arch: str, machine: int
) -> None:
    record = builds.cold[f"compiled python3.12/{arch}"].record
    with zipfile.ZipFile(builds.root / record.zip) as archive:
        names = archive.namelist()
        extensions = [n for n in names if n.startswith("python/numpy/") and ".so" in n]
        assert extensions
        assert all("cpython-312" in n for n in extensions if "cpython-" in n)
        archive.extract(extensions[0], tmp_path)
    assert elf_machine(tmp_path / extensions[0]) == machine


def test_strip_rules_on_a_real_layer(builds: Builds) -> None:
    record = builds.cold["compiled python3.12/x86_64"].record
    with zipfile.ZipFile(builds.root / record.zip) as archive:
        names = archive.namelist()
    assert all(n.startswith("python/") for n in names)
    assert not [n for n in names if "/tests/" in n or "__pycache__" in n or n.endswith(".pyc")]
    dist_info = [n for n in names if ".dist-info/" in n]
    assert any(n.endswith("/METADATA") for n in dist_info)
    assert not [n for n in dist_info if n.rsplit("/", 1)[1] in {"RECORD", "INSTALLER", "REQUESTED"}]
    assert "python/numpy/testing/__init__.py" in names  # `testing` modules are kept
    assert not [n for n in names if n.startswith("python/bin/")]
    assert not [n for n in names if n.endswith("/")]  # no directory entries


def test_manifest_and_lock_are_written_beside_the_zip(builds: Builds) -> None:
    folder = builds.root / "build/layers/small/python3.12-x86_64"
    manifest = json.loads((folder / "layer.manifest.json").read_text())["files"]
    with zipfile.ZipFile(folder / "layer.zip") as archive:
        assert [f["path"] for f in manifest] == archive.namelist()
    lock = (folder / "requirements.lock.txt").read_text()
    assert "pyyaml==" in lock and "--hash=sha256:" in lock


@pytest.mark.skipif(platform.machine() != "x86_64", reason="x86_64 layers import only on x86_64")
def test_import_test_ran_or_says_why_not(builds: Builds) -> None:
    record = builds.cold["compiled python3.12/x86_64"].record
    if find_interpreter((3, 12)) is None:
        assert record.smoke.startswith("skipped: no Python 3.12 interpreter")
    else:
        assert record.smoke.startswith("passed: imported")
    arm = builds.cold["compiled python3.12/arm64"].record
    assert (
        arm.smoke
        == "skipped: arm64 layers cannot be import-tested on this x86_64 host without Docker"
    )


@pytest.mark.skipif(platform.machine() != "x86_64", reason="x86_64 layers import only on x86_64")
def test_import_test_catches_a_layer_built_for_another_python(
    builds: Builds, tmp_path: Path
) -> None:
    host = sys.version_info[:2]
    other = host if host != (3, 12) else (3, 11)
    interpreter = Path(sys.executable) if other == host else find_interpreter(other)
    if interpreter is None:
        pytest.skip(f"no Python {other[0]}.{other[1]} interpreter to load a 3.12 layer into")
    record = builds.cold["compiled python3.12/x86_64"].record
    with zipfile.ZipFile(builds.root / record.zip) as archive:
        archive.extractall(tmp_path)
    # The cp312 layer labelled as another Python, as a wrong runtime setting would build it.
    wrong = Target(f"python{other[0]}.{other[1]}", "x86_64")
    with pytest.raises(SmokeTestError, match=r"numpy: ImportError"):
        smoke_test(tmp_path / "python", wrong, interpreter=interpreter)


def test_markers_are_evaluated_for_the_runtime_not_the_host(tmp_path: Path) -> None:
    # pytest needs exceptiongroup and tomli only below Python 3.11; the host runs 3.11+.
    from orchestrator.layers.resolve import resolve

    requirements = tmp_path / "requirements.txt"
    requirements.write_text("pytest==8.4.2\n")
    old = resolve(requirements, Target("python3.9", "x86_64"), tmp_path / "wh").versions()
    new = resolve(requirements, Target("python3.12", "x86_64"), tmp_path / "wh").versions()
    assert {"exceptiongroup", "tomli"} <= set(old)
    assert not {"exceptiongroup", "tomli"} & set(new)
    assert marker_environment(Target("python3.9", "x86_64"))["python_version"] == "3.9"
