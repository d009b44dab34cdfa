"""Pure builders of Terraform argument lists: no I/O, so every flag is unit-tested."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

# Every command runs unattended; -input=false turns a missing value into an error, not a prompt.
_UNATTENDED = ("-input=false", "-no-color")


def _var_file_args(var_files: Sequence[Path]) -> list[str]:
    return [f"-var-file={path}" for path in var_files]


def _lock_args(lock_timeout: str) -> list[str]:
    return [f"-lock-timeout={lock_timeout}"]


def init_args(
    backend_config_file: Path | None = None,
    *,
    backend: bool = True,
    reconfigure: bool = True,
    upgrade: bool = False,
) -> list[str]:
    args = ["init", *_UNATTENDED]
    if not backend:
        args.append("-backend=false")
    elif backend_config_file is not None:
        args.append(f"-backend-config={backend_config_file}")
    # The data dir is per stack and workspace, but backend settings may differ between runs
    # (a local endpoint, another bucket): reconfigure instead of migrating state between them.
    if backend and reconfigure:
        args.append("-reconfigure")
    if upgrade:
        args.append("-upgrade")
    return args


def workspace_select_args(name: str) -> list[str]:
    return ["workspace", "select", "-or-create=true", name]


def workspace_delete_args(name: str, *, lock_timeout: str = "0s") -> list[str]:
    return ["workspace", "delete", *_lock_args(lock_timeout), name]


def workspace_list_args() -> list[str]:
    return ["workspace", "list"]


def plan_args(
    var_files: Sequence[Path] = (),
    *,
    out: Path | None = None,
    destroy: bool = False,
    refresh_only: bool = False,
    detailed_exitcode: bool = False,
    lock_timeout: str = "0s",
    lock: bool = True,
) -> list[str]:
    # lock=False for plans that are never applied (drift): a read-only role cannot take the lock.
    locking = _lock_args(lock_timeout) if lock else ["-lock=false"]
    args = ["plan", *_UNATTENDED, "-json", *locking, *_var_file_args(var_files)]
    if destroy:
        args.append("-destroy")
    if refresh_only:
        args.append("-refresh-only")
    if detailed_exitcode:
        args.append("-detailed-exitcode")
    if out is not None:
        args.append(f"-out={out}")
    return args


def apply_args(
    var_files: Sequence[Path] = (),
    *,
    plan_file: Path | None = None,
    lock_timeout: str = "0s",
) -> list[str]:
    args = ["apply", *_UNATTENDED, "-json", *_lock_args(lock_timeout)]
    if plan_file is not None:
        # A saved plan carries its variables; Terraform refuses -var-file beside it.
        return [*args, str(plan_file)]
    return [*args, "-auto-approve", *_var_file_args(var_files)]


def destroy_args(var_files: Sequence[Path] = (), *, lock_timeout: str = "0s") -> list[str]:
    return [
        "apply",
        "-destroy",
        *_UNATTENDED,
        "-json",
        *_lock_args(lock_timeout),
        "-auto-approve",
        *_var_file_args(var_files),
    ]


def output_args(name: str | None = None) -> list[str]:
    return ["output", "-json", *([name] if name else [])]


def show_args(plan_file: Path | None = None) -> list[str]:
    return ["show", "-json", *([str(plan_file)] if plan_file else [])]


def state_list_args() -> list[str]:
    return ["state", "list"]


def force_unlock_args(lock_id: str) -> list[str]:
    return ["force-unlock", "-force", lock_id]


def validate_args() -> list[str]:
    return ["validate", "-json", "-no-color"]


def fmt_check_args(recursive: bool = False) -> list[str]:
    return ["fmt", "-check", "-diff", "-no-color", *(["-recursive"] if recursive else [])]


def test_args() -> list[str]:
    return ["test", "-no-color"]


def version_args() -> list[str]:
    return ["version", "-json"]
