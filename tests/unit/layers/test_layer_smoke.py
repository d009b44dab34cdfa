"""The import test against real interpreters (pyenv's, where this machine has them)."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

import pytest

from orchestrator.layers.config import Target
from orchestrator.layers.smoke import (
    SmokeTestError,
    find_interpreter,
    smoke_test,
    top_level_modules,
)

HOST = (sys.version_info.major, sys.version_info.minor)
HOST_TARGET = Target(f"python{HOST[0]}.{HOST[1]}", "x86_64")
needs_x86 = pytest.mark.skipif(platform.machine() != "x86_64", reason="host is not x86_64")


def _layer(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_top_level_modules_finds_packages_modules_and_extensions(tmp_path: Path) -> None:
    layer = _layer(
        tmp_path,
        {
            "yaml/__init__.py": "",
            "_yaml/__init__.py": "",
            "six.py": "",
            "google/protobuf/__init__.py": "",
            "numpy.libs/libgfortran.so": "",
            "pkg-1.0.dist-info/METADATA": "",
            "share/doc.txt": "",
        },
    )
    (tmp_path / "_speedups.cpython-312-x86_64-linux-gnu.so").write_bytes(b"")
    assert top_level_modules(layer) == ["_speedups", "_yaml", "google", "six", "yaml"]


def test_find_interpreter_prefers_the_newest_pyenv_patch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for version in ("3.12.1", "3.12.10", "3.12.3", "3.13.0", "3.12-dev"):
        python = tmp_path / "versions" / version / "bin" / "python3"
        python.parent.mkdir(parents=True)
        python.write_text("#!/bin/sh\n")
        python.chmod(0o755)
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path))
    monkeypatch.setenv("PATH", "/nonexistent")
    assert find_interpreter((3, 12)) == tmp_path / "versions" / "3.12.10" / "bin" / "python3"
    assert find_interpreter((3, 14)) is None


@needs_x86
def test_a_layer_that_imports_passes(tmp_path: Path) -> None:
    layer = _layer(tmp_path, {"good/__init__.py": "VALUE = 1\n", "single.py": ""})
    result = smoke_test(layer, HOST_TARGET, interpreter=Path(sys.executable))
    assert result.status == "passed"
    assert "imported 2 module(s)" in result.detail


@needs_x86
def test_a_module_that_fails_to_import_is_named(tmp_path: Path) -> None:
    layer = _layer(
        tmp_path,
        {"good/__init__.py": "", "bad/__init__.py": "import not_in_the_layer\n"},
    )
    with pytest.raises(SmokeTestError) as raised:
        smoke_test(layer, HOST_TARGET, interpreter=Path(sys.executable))
    assert "1 of 2 module(s)" in str(raised.value)
    assert "bad: ModuleNotFoundError: No module named 'not_in_the_layer'" in str(raised.value)


@needs_x86
def test_a_module_found_outside_the_layer_fails(tmp_path: Path) -> None:
    # `json` exists in the stdlib, not in the layer: it must not count as the layer's.
    layer = _layer(tmp_path, {"mine.py": ""})
    with pytest.raises(SmokeTestError, match="json: imported from outside the layer"):
        smoke_test(layer, HOST_TARGET, ["mine", "json"], interpreter=Path(sys.executable))


@needs_x86
def test_site_packages_and_pythonpath_do_not_leak_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # click is installed in this venv; an isolated interpreter must not see it.
    monkeypatch.setenv("PYTHONPATH", str(Path(__import__("click").__file__).parents[1]))
    layer = _layer(tmp_path, {"mine.py": ""})
    with pytest.raises(SmokeTestError, match="click: ModuleNotFoundError"):
        smoke_test(layer, HOST_TARGET, ["mine", "click"], interpreter=Path(sys.executable))


def test_an_interpreter_of_another_version_is_refused(tmp_path: Path) -> None:
    layer = _layer(tmp_path, {"mine.py": ""})
    other = Target("python3.9" if HOST != (3, 9) else "python3.10", "x86_64")
    with pytest.raises(SmokeTestError, match=f"is Python {HOST[0]}.{HOST[1]}, not"):
        smoke_test(layer, other, interpreter=Path(sys.executable))


def test_other_architecture_is_skipped_with_the_reason(tmp_path: Path) -> None:
    layer = _layer(tmp_path, {"mine.py": ""})
    other = "x86_64" if platform.machine() in ("aarch64", "arm64") else "arm64"
    result = smoke_test(layer, Target("python3.12", other))
    assert result.status == "skipped"
    assert f"{other} layers cannot be import-tested on this" in result.detail


def test_missing_interpreter_is_skipped_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "no-pyenv"))
    monkeypatch.setenv("PATH", "/nonexistent")
    layer = _layer(tmp_path, {"mine.py": ""})
    machine = "arm64" if platform.machine() in ("aarch64", "arm64") else "x86_64"
    result = smoke_test(layer, Target("python3.14", machine))
    assert result.status == "skipped"
    assert "no Python 3.14 interpreter here" in result.detail
