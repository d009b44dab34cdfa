"""orch status | promote | approve | drift."""

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


@click.command()
@run_options
@json_option
def status(local: bool, engine: str | None, as_json: bool) -> None:
    """What is deployed where (stage -> commit -> when -> who), and the feature workspaces."""
    from orchestrator.status import deployment_status

    with command_context(local, engine) as ctx:
        report = deployment_status(ctx)
    if as_json:
        print_json(report)
        return
    rows = [{**row, "commit": row["commit"][:12]} for row in report["stages"]]
    print_table(rows, ["stage", "stack", "commit", "applied_at", "actor", "outcome"])
    click.echo(f"\nfeature workspaces: {len(report['workspaces'])}")
    print_table(report["workspaces"], ["workspace", "branch", "last_apply", "resources"])


@click.command()
@click.option("--to", "stage", required=True, help="The stage to promote to (int, prd, ...).")
@click.option("--commit", help="The commit to promote (default: the checkout's HEAD).")
@STACK
@run_options
@json_option
def promote(
    stage: str,
    commit: str | None,
    stack: str | None,
    local: bool,
    engine: str | None,
    as_json: bool,
) -> None:
    """Deploy to a stage what the previous stage applied: same commit, same layer artifacts."""
    from orchestrator.deploy import promote as do_promote

    with command_context(local, engine) as ctx:
        outcomes = do_promote(ctx, stage, commit=commit, stack=stack)
    print_outcomes(outcomes, as_json)


@click.command()
@click.option("--stage", required=True, help="The stage the plan is for.")
@click.option("--plan", "plan_id", required=True, help="The saved plan's id.")
@run_options
def approve(stage: str, plan_id: str, local: bool, engine: str | None) -> None:
    """Approve a saved plan for a stage that requires approval (not your own plan)."""
    from orchestrator.promotion import approve as do_approve

    with command_context(local, engine) as ctx:
        event = do_approve(ctx, stage, plan_id)
    click.echo(f"approved plan {plan_id} for {stage} as {event.actor}")


@click.command()
@click.option("--stage", required=True, help="The stage to check.")
@STACK
@run_options
@json_option
def drift(stage: str, stack: str | None, local: bool, engine: str | None, as_json: bool) -> None:
    """Compare a stage with what was last applied to it. Exit 0: in sync; 2: drift."""
    from dataclasses import asdict

    from orchestrator.drift import detect_drift, drift_markdown

    with command_context(local, engine) as ctx:
        reports = detect_drift(ctx, stage, stack)
    if as_json:
        print_json(
            {
                "stage": stage,
                "drifted": any(r.drifted for r in reports),
                "stacks": [asdict(r) for r in reports],
            }
        )
    else:
        click.echo(drift_markdown(stage, reports))
    if any(r.drifted for r in reports):
        raise click.exceptions.Exit(2)
