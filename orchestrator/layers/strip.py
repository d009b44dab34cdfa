"""Remove what Lambda never loads from an installed layer tree.

Standard profile: `tests/` folders, `__pycache__` and stray `.pyc`, the install bookkeeping in
`.dist-info` (RECORD, INSTALLER, REQUESTED, direct_url.json) and the console scripts in `bin/`
(their shebang names the build machine's interpreter; Lambda only puts /opt/bin on PATH).
METADATA stays (importlib.metadata reads it) and so do `testing`/`_testing` modules, which
libraries import at run time (`import pandas` needs `pandas._testing`).

Deep profile, in addition: type stubs (`.pyi`), C/C++/Cython sources and headers, and debug
symbols in shared objects (`strip --strip-debug`, when a strip that reads the file exists).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

_DIST_INFO_JUNK = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}
_DEEP_SUFFIXES = {".pyi", ".c", ".h", ".cc", ".cpp", ".hpp", ".pyx", ".pxd", ".pxi"}


@dataclass
class StripReport:
    removed_files: int = 0
    removed_bytes: int = 0
    notes: list[str] = field(default_factory=list)


def strip_tree(root: Path, profile: str = "standard") -> StripReport:
    """Strip the tree under root (a layer's `python/` folder) in place."""
    report = StripReport()
    scripts = root / "bin"
    if scripts.is_dir():
        _remove(scripts, report)
    for path in sorted(root.rglob("*"), key=lambda p: len(p.parts)):
        if not path.exists() and not path.is_symlink():
            continue  # inside a folder removed already
        if path.is_dir() and not path.is_symlink():
            if path.name in ("tests", "__pycache__"):
                _remove(path, report)
        elif _is_junk_file(path, profile):
            _remove(path, report)
    if profile == "deep":
        _strip_debug_symbols(root, report)
    return report


def _is_junk_file(path: Path, profile: str) -> bool:
    if path.suffix == ".pyc":
        return True
    if path.parent.name.endswith(".dist-info") and path.name in _DIST_INFO_JUNK:
        return True
    return profile == "deep" and path.suffix in _DEEP_SUFFIXES


def _remove(path: Path, report: StripReport) -> None:
    if path.is_dir() and not path.is_symlink():
        files = [p for p in path.rglob("*") if p.is_file()]
        report.removed_files += len(files)
        report.removed_bytes += sum(p.stat().st_size for p in files)
        shutil.rmtree(path)
    else:
        report.removed_files += 1
        report.removed_bytes += path.lstat().st_size
        path.unlink()


def _strip_debug_symbols(root: Path, report: StripReport) -> None:
    tool = shutil.which("strip")
    shared = sorted(p for p in root.rglob("*.so*") if p.is_file() and _is_elf(p))
    if not shared:
        return
    if tool is None:
        report.notes.append("debug symbols kept: no `strip` program on PATH")
        return
    unreadable = 0
    for path in shared:
        before = path.stat().st_size
        done = subprocess.run([tool, "--strip-debug", str(path)], capture_output=True, check=False)
        if done.returncode != 0:
            unreadable += 1  # e.g. a host strip that cannot read another architecture's ELF
            continue
        report.removed_bytes += before - path.stat().st_size
    if unreadable:
        report.notes.append(
            f"debug symbols kept in {unreadable} shared object(s) this host's strip cannot read"
        )


def _is_elf(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == b"\x7fELF"
