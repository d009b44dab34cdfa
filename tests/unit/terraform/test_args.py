from __future__ import annotations

from pathlib import Path

import pytest

from orchestrator.terraform import args


@pytest.mark.parametrize(
    ("built", "expected"),
    [
        (
            args.init_args(Path("/d/backend.hcl")),
            ["init", "-input=false", "-no-color", "-backend-config=/d/backend.hcl", "-reconfigure"],
        ),
        (args.init_args(backend=False), ["init", "-input=false", "-no-color", "-backend=false"]),
        (
            args.plan_args([Path("/t/v.json")], detailed_exitcode=True, out=Path("p.bin")),
            [
                "plan",
                "-input=false",
                "-no-color",
                "-json",
                "-lock-timeout=0s",
                "-var-file=/t/v.json",
                "-detailed-exitcode",
                "-out=p.bin",
            ],
        ),
        (
            args.apply_args([Path("/t/v.json")]),
            [
                "apply",
                "-input=false",
                "-no-color",
                "-json",
                "-lock-timeout=0s",
                "-auto-approve",
                "-var-file=/t/v.json",
            ],
        ),
        (
            args.apply_args([Path("/t/v.json")], plan_file=Path("p.bin")),
            ["apply", "-input=false", "-no-color", "-json", "-lock-timeout=0s", "p.bin"],
        ),
        (
            args.destroy_args([Path("/t/v.json")], lock_timeout="30s"),
            [
                "apply",
                "-destroy",
                "-input=false",
                "-no-color",
                "-json",
                "-lock-timeout=30s",
                "-auto-approve",
                "-var-file=/t/v.json",
            ],
        ),
        (
            args.plan_args([], detailed_exitcode=True, lock=False),
            ["plan", "-input=false", "-no-color", "-json", "-lock=false", "-detailed-exitcode"],
        ),
        (args.workspace_select_args("ws"), ["workspace", "select", "-or-create=true", "ws"]),
        (args.workspace_delete_args("ws"), ["workspace", "delete", "-lock-timeout=0s", "ws"]),
        (args.force_unlock_args("abc"), ["force-unlock", "-force", "abc"]),
        (args.output_args(), ["output", "-json"]),
        (args.show_args(Path("p.bin")), ["show", "-json", "p.bin"]),
    ],
)
def test_argument_lists(built: list[str], expected: list[str]) -> None:
    assert built == expected


def test_a_saved_plan_never_gets_var_files() -> None:
    built = args.apply_args([Path("/t/v.json")], plan_file=Path("p.bin"))
    assert not any(arg.startswith("-var-file") for arg in built)
