"""The layer check before a deploy: full when a file it reads changed, skipped otherwise."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from orchestrator import artifacts
from orchestrator.layers import build


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[Path]]:
    """A project with one layer; the build writes a zip and an index like the real one."""
    (tmp_path / "lambda_layers/common").mkdir(parents=True)
    (tmp_path / "lambda_layers/common/layer.toml").write_text('runtimes = ["python3.12"]\n')
    (tmp_path / "lambda_layers/common/requirements.txt").write_text("pyyaml==6.0.2\n")
    builds: list[Path] = []

    def fake_build(root: Path, options: Any) -> list[Any]:
        out = root / "build/layers/common/python3.12-x86_64"
        out.mkdir(parents=True, exist_ok=True)
        (out / "layer.zip").write_bytes(b"zip")
        (root / "build/layers/index.json").write_text("{}")
        (root / "lambda_layers/common/build").mkdir(exist_ok=True)
        (root / "lambda_layers/common/build/scratch").write_text(str(len(builds)))
        builds.append(root)
        return []

    monkeypatch.setattr(build, "build_layers", fake_build)
    return tmp_path, builds


def check_again(root: Path) -> None:
    artifacts._BUILT.discard(root)  # as a new orch process would
    artifacts.ensure_built(root)


def test_an_unchanged_tree_skips_the_full_check(project: tuple[Path, list[Path]]) -> None:
    root, builds = project
    check_again(root)
    check_again(root)
    check_again(root)
    assert len(builds) == 1


@pytest.mark.parametrize(
    "change",
    [
        "lambda_layers/common/requirements.txt",
        "lambda_layers/common/layer.toml",
        "build/layers/common/python3.12-x86_64/layer.zip",
        "build/layers/index.json",
    ],
)
def test_a_changed_input_or_output_runs_the_full_check(
    project: tuple[Path, list[Path]], change: str
) -> None:
    root, builds = project
    check_again(root)
    path = root / change
    stat = path.stat()
    path.write_bytes(path.read_bytes() + b"\n")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    check_again(root)
    assert len(builds) == 2


def test_a_removed_zip_or_a_new_file_runs_the_full_check(
    project: tuple[Path, list[Path]],
) -> None:
    root, builds = project
    check_again(root)
    (root / "build/layers/common/python3.12-x86_64/layer.zip").unlink()
    check_again(root)
    (root / "lambda_layers/common/handler_utils.py").write_text("X = 1\n")
    check_again(root)
    assert len(builds) == 3
