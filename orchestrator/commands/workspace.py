"""orch workspace up | down | list | prune."""

from __future__ import annotations

import click

from orchestrator.commands._common import (
    command_context,
    json_option,
    print_json,
    print_outcomes,
    print_table,
    run_options,
)
from orchestrator.commands.stage import STACK

BRANCH = click.option(
    "--branch", help="The git branch, e.g. feature/ABC-1-title (default: the checked-out one)."
)
LIST_COLUMNS = ["workspace", "branch", "stage", "last_apply", "resources"]


@click.group()
def workspace() -> None:
    """Feature-branch workspaces in the feature stage."""


@workspace.command()
@BRANCH
@STACK
@run_options
@json_option
def up(
    branch: str | None, stack: str | None, local: bool, engine: str | None, as_json: bool
) -> None:
    """Create or update the branch's workspace and apply into it (safe to repeat)."""
    from orchestrator.gitinfo import current_branch
    from orchestrator.workspaces import workspace_up

    with command_context(local, engine) as ctx:
        outcomes = workspace_up(ctx, branch or current_branch(ctx.config.root), stack)
    print_outcomes(outcomes, as_json)


@workspace.command()
@click.option(
    "--branch", help="The git branch whose workspace goes (default: the checked-out one)."
)
@click.option("--workspace", "name", help="The workspace name, when the branch is unknown.")
@STACK
@run_options
@json_option
def down(
    branch: str | None,
    name: str | None,
    stack: str | None,
    local: bool,
    engine: str | None,
    as_json: bool,
) -> None:
    """Destroy the workspace's resources, then the workspace and its state."""
    from orchestrator.gitinfo import current_branch
    from orchestrator.workspaces import workspace_down

    with command_context(local, engine) as ctx:
        if branch is None and name is None:
            branch = current_branch(ctx.config.root)
        outcomes = workspace_down(ctx, branch, stack, name)
    print_outcomes(outcomes, as_json)


@workspace.command("list")
@run_options
@json_option
def list_(local: bool, engine: str | None, as_json: bool) -> None:
    """Every feature workspace: branch, stage, last apply, resource count."""
    from orchestrator.workspaces import list_workspaces

    with command_context(local, engine) as ctx:
        rows = [info.as_dict() for info in list_workspaces(ctx)]
    if as_json:
        print_json(rows)
    elif rows:
        print_table(rows, LIST_COLUMNS)
    else:
        click.echo("no feature workspaces")


@workspace.command()
@click.option(
    "--older-than", help="Idle time before a workspace expires (default: workspaces.ttl)."
)
@click.option("--dry-run", is_flag=True, help="List what would be torn down; change nothing.")
@run_options
@json_option
def prune(
    older_than: str | None, dry_run: bool, local: bool, engine: str | None, as_json: bool
) -> None:
    """Tear down feature workspaces idle longer than the time-to-live."""
    from orchestrator.durations import parse_duration
    from orchestrator.workspaces import prune_workspaces

    try:
        ttl = parse_duration(older_than) if older_than else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--older-than") from None
    with command_context(local, engine) as ctx:
        expired = prune_workspaces(ctx, ctx.config.workspace_ttl if ttl is None else ttl, dry_run)
    rows = [info.as_dict() for info in expired]
    if as_json:
        print_json({"dry_run": dry_run, "expired": rows})
    else:
        click.echo(f"{len(rows)} expired workspace(s){' (dry run)' if dry_run else ' removed'}")
        print_table(rows, LIST_COLUMNS)
