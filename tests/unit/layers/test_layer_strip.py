from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from orchestrator.layers.strip import strip_tree

KEPT = [
    "pkg/__init__.py",
    "pkg/testing/__init__.py",
    "pkg/_testing/__init__.py",
    "pkg/core.pyi",
    "pkg/src/fast.c",
    "pkg-1.0.dist-info/METADATA",
    "pkg-1.0.dist-info/WHEEL",
    "pkg-1.0.dist-info/entry_points.txt",
    "pkg-1.0.dist-info/licenses/LICENSE",
]
REMOVED = [
    "pkg/tests/test_core.py",
    "pkg/sub/tests/data.json",
    "pkg/__pycache__/core.cpython-312.pyc",
    "pkg/stray.pyc",
    "pkg-1.0.dist-info/RECORD",
    "pkg-1.0.dist-info/INSTALLER",
    "pkg-1.0.dist-info/REQUESTED",
    "pkg-1.0.dist-info/direct_url.json",
    "bin/pkg-cli",
]


def _tree(root: Path) -> Path:
    for name in KEPT + REMOVED:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name)
    return root


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_standard_profile_removes_what_lambda_never_loads(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    report = strip_tree(root, "standard")
    assert _files(root) == set(KEPT)
    assert report.removed_files == len(REMOVED)
    assert report.removed_bytes == sum(len(name) for name in REMOVED)


def test_deep_profile_also_removes_stubs_and_sources(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    strip_tree(root, "deep")
    assert _files(root) == set(KEPT) - {"pkg/core.pyi", "pkg/src/fast.c"}
    assert "pkg/_testing/__init__.py" in _files(root)


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc to make a shared object")
def test_deep_profile_strips_debug_symbols_from_shared_objects(tmp_path: Path) -> None:
    import subprocess

    source = tmp_path / "m.c"
    source.write_text("int answer(void) { return 42; }\n")
    (tmp_path / "pkg").mkdir()
    library = tmp_path / "pkg" / "m.so"
    subprocess.run(["gcc", "-g", "-shared", "-fPIC", "-o", library, source], check=True)
    source.unlink()
    before = library.stat().st_size
    report = strip_tree(tmp_path, "deep")
    assert library.stat().st_size < before
    assert report.removed_bytes >= before - library.stat().st_size
