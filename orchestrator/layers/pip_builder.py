"""The no-Docker path: install the locked wheels for the target platform with the host's pip."""

from __future__ import annotations

import tempfile
from pathlib import Path

from orchestrator.errors import OrchError
from orchestrator.layers.config import Target
from orchestrator.layers.pip import run_pip, tail, target_flags
from orchestrator.layers.resolve import Lock, index_options


class InstallError(OrchError):
    """pip failed to install a resolved set."""


def install_lock(
    lock: Lock, target: Target, dest: Path, *, requirements: Path, wheelhouse: Path
) -> None:
    """Install exactly the locked wheels into dest (a layer's `python/` folder)."""
    with tempfile.TemporaryDirectory(prefix="orch-lock-") as tmp:
        lock_file = Path(tmp) / "requirements.lock.txt"
        lock_file.write_text(lock.requirements_text(), encoding="utf-8")
        args = ["install", "--no-deps", "--require-hashes", "--no-compile", "--quiet"]
        args += ["--progress-bar", "off", *target_flags(target), "--target", str(dest)]
        args += index_options(requirements)
        if wheelhouse.is_dir():
            args += ["--find-links", str(wheelhouse)]
        result = run_pip([*args, "-r", str(lock_file)], target=target)
    if result.returncode != 0:
        raise InstallError(
            f"pip failed to install the resolved packages for {target.key}:\n"
            f"{tail(result.stderr + result.stdout)}"
        )
