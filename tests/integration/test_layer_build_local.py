"""Layer builds from tiny local packages: sdists, the size limit, the Docker path, the CLI.

The packages are made here (real sdists and wheels in a --find-links folder), so these cases do not
depend on what PyPI publishes; pip still fetches setuptools from the index to build an sdist.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import docker
import pytest
import requests

from orchestrator.errors import OrchError
from orchestrator.layers import load_index
from orchestrator.layers.build import BuildOptions, build_layers
from orchestrator.layers.limits import LayerTooLargeError
from orchestrator.layers.resolve import NeedsDockerError

pytestmark = pytest.mark.integration

IMAGE = "public.ecr.aws/sam/build-python3.12@sha256:" + "1" * 64
ORCH = [sys.executable, "-c", "from orchestrator.cli import main; main()"]


def write_layer(root: Path, name: str, requirements: str, extra: str = "") -> Path:
    folder = root / "lambda_layers" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "requirements.txt").write_text(requirements)
    (folder / "layer.toml").write_text(
        f'runtimes = ["python3.12"]\narchitectures = ["x86_64"]\n{extra}'
    )
    return folder


def make_sdist(links: Path, name: str, files: dict[str, str], setup_py: str = "") -> Path:
    """A real sdist, built with the venv's setuptools, in links."""
    source = links.parent / f"src-{name}"
    source.mkdir(parents=True)
    (source / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n'
        f'[project]\nname = "{name}"\nversion = "1.0"\n'
    )
    if setup_py:
        (source / "setup.py").write_text(setup_py)
    for relative, text in files.items():
        (source / relative).parent.mkdir(parents=True, exist_ok=True)
        (source / relative).write_text(text)
    links.mkdir(parents=True, exist_ok=True)
    script = "import sys, setuptools.build_meta as b; print(b.build_sdist(sys.argv[1]))"
    done = subprocess.run(
        [sys.executable, "-c", script, str(links)],
        cwd=source,
        capture_output=True,
        text=True,
        check=True,
    )
    return links / done.stdout.strip().splitlines()[-1]


def make_wheel(links: Path, name: str, files: dict[str, int]) -> Path:
    """A py3-none-any wheel whose files are that many bytes each (zeros compress to nothing)."""
    dist = name.replace("-", "_")
    info = f"{dist}-1.0.dist-info"
    wheel = links / f"{dist}-1.0-py3-none-any.whl"
    links.mkdir(parents=True, exist_ok=True)
    records = [f"{info}/METADATA,,", f"{info}/WHEEL,,", f"{info}/RECORD,,"]
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for relative, size in files.items():
            with archive.open(relative, "w") as handle:
                for start in range(0, size, 1 << 20):
                    handle.write(bytes(min(1 << 20, size - start)))
            records.append(f"{relative},,")
        archive.writestr(f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
        archive.writestr(
            f"{info}/WHEEL",
            "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        )
        archive.writestr(f"{info}/RECORD", "\n".join(records) + "\n")
    return wheel


@pytest.fixture(scope="module")
def links(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("packages") / "links"
    make_sdist(folder, "orchfixture-pure", {"orchfixture_pure/__init__.py": "VALUE = 42\n"})
    make_sdist(
        folder,
        "orchfixture-native",
        {"orchfixture_native/__init__.py": "", "speed.c": "int f(void) { return 1; }\n"},
        setup_py=(
            "from setuptools import Extension, setup\n"
            "setup(packages=['orchfixture_native'],\n"
            "      ext_modules=[Extension('orchfixture_native._speed', ['speed.c'])])\n"
        ),
    )
    return folder


@pytest.fixture
def no_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/orch-test/docker.sock")


def test_a_pure_python_sdist_is_built_into_a_none_any_wheel(
    tmp_path: Path, links: Path, no_engine: None
) -> None:
    write_layer(tmp_path, "pure", f"--find-links {links}\norchfixture-pure\n")
    [result] = build_layers(tmp_path, BuildOptions())
    assert result.record.build_path == "pip-cross"
    assert result.record.packages == {"orchfixture-pure": "1.0"}
    [locked] = result.record.lock
    assert locked["url"].endswith("orchfixture_pure-1.0-py3-none-any.whl")
    assert locked["source_sha256"]  # the cache key follows the sdist, not the rebuilt wheel
    with zipfile.ZipFile(tmp_path / result.record.zip) as archive:
        assert archive.read("python/orchfixture_pure/__init__.py") == b"VALUE = 42\n"
    # Unchanged inputs: the locally built wheel is found again and the build is reused.
    [again] = build_layers(tmp_path, BuildOptions(refresh=True))
    assert again.cache_hit and again.record.sha256 == result.record.sha256


def test_an_sdist_that_needs_a_compiler_asks_for_docker(
    tmp_path: Path, links: Path, no_engine: None
) -> None:
    write_layer(tmp_path, "native", f"--find-links {links}\norchfixture-native\n")
    with pytest.raises(NeedsDockerError) as raised:
        build_layers(tmp_path, BuildOptions())
    assert "orchfixture-native" in str(raised.value)
    assert "needs Docker" in str(raised.value)
    assert not (tmp_path / "build/layers/native/python3.12-x86_64/layer.zip").exists()
    assert not (tmp_path / "build/layers/index.json").exists()


def test_an_oversized_layer_fails_naming_its_largest_package(
    tmp_path: Path, no_engine: None
) -> None:
    wheels = tmp_path / "wheels"
    make_wheel(wheels, "orchfixture-huge", {"orchfixture_huge/blob.bin": 263_000_000})
    make_wheel(wheels, "orchfixture-tiny", {"orchfixture_tiny/__init__.py": 10})
    write_layer(
        tmp_path, "big", f"--no-index\n--find-links {wheels}\norchfixture-huge\norchfixture-tiny\n"
    )
    with pytest.raises(LayerTooLargeError) as raised:
        build_layers(tmp_path, BuildOptions())
    message = str(raised.value)
    assert "over Lambda's limit of 262,144,000 bytes" in message
    assert message.index("orchfixture_huge") < message.index("orchfixture_tiny")
    assert not (tmp_path / "build/layers/big/python3.12-x86_64/layer.zip").exists()
    assert not list((tmp_path / "build/layers/big").glob(".python3.12-x86_64-*"))  # staging gone


class RecordingContainers:
    """Stands in for the SDK's containers: records the call and plays pip's part."""

    def __init__(self, fail_with: BaseException | None = None) -> None:
        self.calls: list[dict[str, Any]] = []
        self.requirements = ""
        self.fail_with = fail_with

    def run(self, image: str, **kwargs: Any) -> bytes:
        self.calls.append({"image": image, **kwargs})
        mounts = {spec["bind"]: Path(host) for host, spec in kwargs["volumes"].items()}
        self.requirements = (mounts["/asset-input"] / "requirements.txt").read_text()
        if self.fail_with is not None:
            raise self.fail_with
        package = mounts["/asset-output"] / "python" / "fromdocker"
        package.mkdir(parents=True)
        (package / "__init__.py").write_text("BUILT_IN = 'container'\n")
        return b""


class FakeClient:
    def __init__(self, containers: RecordingContainers) -> None:
        self.containers = containers

    def ping(self) -> bool:
        return True


def test_docker_path_mounts_the_resolved_lock_and_keys_on_the_image(tmp_path: Path) -> None:
    write_layer(tmp_path, "small", "six==1.17.0\n", f'[images]\n"python3.12-x86_64" = "{IMAGE}"\n')
    containers = RecordingContainers()
    [result] = build_layers(tmp_path, BuildOptions(docker_factory=lambda: FakeClient(containers)))
    assert result.record.build_path == "docker"
    assert result.path_reason == f"Docker with {IMAGE}"
    [call] = containers.calls
    assert call["image"] == IMAGE and call["user"] == f"{os.getuid()}:{os.getgid()}"
    assert containers.requirements.startswith("six==1.17.0 --hash=sha256:")
    with zipfile.ZipFile(tmp_path / result.record.zip) as archive:
        assert "python/fromdocker/__init__.py" in archive.namelist()
    assert load_index(tmp_path).entry("small", "python3.12", "x86_64").build_path == "docker"  # type: ignore[union-attr]
    # Same inputs, same image: reused without starting a container.
    [again] = build_layers(tmp_path, BuildOptions(docker_factory=lambda: FakeClient(containers)))
    assert again.cache_hit and len(containers.calls) == 1


@pytest.mark.parametrize(
    "error",
    [
        requests.exceptions.ConnectionError("Connection aborted."),
        docker.errors.DockerException("Error while fetching server API version"),
    ],
)
def test_an_engine_that_stops_answering_falls_back_to_pip(
    tmp_path: Path, error: BaseException
) -> None:
    write_layer(tmp_path, "small", "six==1.17.0\n", f'[images]\n"python3.12-x86_64" = "{IMAGE}"\n')
    containers = RecordingContainers(fail_with=error)
    [result] = build_layers(tmp_path, BuildOptions(docker_factory=lambda: FakeClient(containers)))
    assert len(containers.calls) == 1
    assert result.record.build_path == "pip-cross"
    assert "stopped answering" in result.path_reason
    with zipfile.ZipFile(tmp_path / result.record.zip) as archive:
        assert "python/six.py" in archive.namelist()


def test_builder_docker_without_an_engine_is_a_clear_error(tmp_path: Path, no_engine: None) -> None:
    extra = f'builder = "docker"\n[images]\n"python3.12-x86_64" = "{IMAGE}"\n'
    write_layer(tmp_path, "small", "six==1.17.0\n", extra)
    with pytest.raises(
        OrchError, match="builder = docker for small, but no Docker engine answered"
    ):
        build_layers(tmp_path, BuildOptions())


def _orch(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DOCKER_HOST="unix:///nonexistent/orch-test/docker.sock")
    return subprocess.run(
        [*ORCH, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_cli_builds_prints_the_summary_and_json(tmp_path: Path) -> None:
    write_layer(tmp_path, "small", "six==1.17.0\n")
    (tmp_path / "sub").mkdir()
    first = _orch(tmp_path / "sub", "layer", "build")
    assert first.returncode == 0, first.stderr
    header, row = first.stdout.splitlines()[:2]
    assert header.split() == [
        "layer",
        "runtime",
        "arch",
        "path",
        "size",
        "zipped",
        "sha256",
        "cache",
    ]
    assert row.split()[:4] == ["small", "python3.12", "x86_64", "pip-cross"]
    assert row.split()[-1] == "built"
    assert "layer: small python3.12/x86_64: building with pip-cross" in first.stderr
    second = _orch(tmp_path, "layer", "build", "small", "--runtime", "python3.12", "--json")
    assert second.returncode == 0, second.stderr
    [entry] = json.loads(second.stdout)
    assert entry["cache_hit"] is True and entry["packages"] == {"six": "1.17.0"}
    assert entry["zip"] == "build/layers/small/python3.12-x86_64/layer.zip"


def test_cli_rejects_an_unknown_layer_without_side_effects(tmp_path: Path) -> None:
    write_layer(tmp_path, "small", "six==1.17.0\n")
    done = _orch(tmp_path, "layer", "build", "nosuch")
    assert done.returncode == 1
    assert "no layer named 'nosuch'" in done.stderr
    assert not (tmp_path / "build").exists()
    arch = _orch(tmp_path, "layer", "build", "--arch", "arm64")
    assert arch.returncode == 1 and "--arch arm64: no selected layer builds it" in arch.stderr


def test_docker_path_builds_a_compiled_sdist_from_the_requirements_file(
    tmp_path: Path, links: Path
) -> None:
    # No wheel and a compiler needed: no host lock is possible, pip in the image resolves.
    requirements = f"--find-links {links}\norchfixture-native\n"
    write_layer(tmp_path, "native", requirements, f'[images]\n"python3.12-x86_64" = "{IMAGE}"\n')
    containers = RecordingContainers()
    [result] = build_layers(tmp_path, BuildOptions(docker_factory=lambda: FakeClient(containers)))
    assert result.record.build_path == "docker"
    assert containers.requirements == requirements
    assert result.record.lock == []
    [again] = build_layers(tmp_path, BuildOptions(docker_factory=lambda: FakeClient(containers)))
    assert again.cache_hit and len(containers.calls) == 1


def test_a_container_that_writes_nothing_is_an_error(tmp_path: Path) -> None:
    class Silent(RecordingContainers):
        def run(self, image: str, **kwargs: Any) -> bytes:
            self.calls.append({"image": image, **kwargs})
            return b""

    write_layer(tmp_path, "small", "six==1.17.0\n", f'[images]\n"python3.12-x86_64" = "{IMAGE}"\n')
    with pytest.raises(OrchError, match="wrote nothing to /asset-output/python"):
        build_layers(tmp_path, BuildOptions(docker_factory=lambda: FakeClient(Silent())))
