"""`orch local demo`: the feature-workspace story on the embedded AWS, leaving nothing running."""

from __future__ import annotations

import click

from orchestrator.commands._common import print_table
from orchestrator.config import load_config
from orchestrator.context import Context
from orchestrator.localmode import use_local_aws
from orchestrator.terraform.engine import resolve_engine
from orchestrator.workspaces import list_workspaces, workspace_down, workspace_up


def _step(text: str) -> None:
    click.secho(f"\n==> {text}", bold=True, err=True)


def run_demo(engine: str | None, branch: str) -> None:
    ctx = Context(config=load_config(), engine=resolve_engine(engine))
    with use_local_aws(ctx) as server:
        _step(f"embedded AWS at {server.endpoint}: state buckets created, tfvars secrets seeded")
        _step(f"pull request opened from {branch}: feature workspace up")
        up = workspace_up(ctx, branch)
        _step("the same branch pushed again: workspace up is idempotent")
        again = workspace_up(ctx, branch)
        _step("feature workspaces now")
        listed = list_workspaces(ctx)
        print_table([info.as_dict() for info in listed], ["workspace", "branch", "resources"])
        _step("pull request closed: workspace down")
        down = workspace_down(ctx, branch)
        remaining = list_workspaces(ctx)
    _step("summary")
    rows = [o.as_dict() for o in [*up, *again, *down]]
    print_table(rows, ["stack", "workspace", "action", "add", "change", "destroy", "resources"])
    click.echo(
        f"\nworkspaces left: {len(remaining)}; the embedded AWS was stopped. "
        "Nothing is left running."
    )
    if remaining:
        raise click.ClickException("a workspace outlived its teardown")
