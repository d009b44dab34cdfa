"""orch bootstrap | plan | apply | output | force-unlock."""

from __future__ import annotations

import click

from orchestrator.commands._common import (
    command_context,
    json_option,
    print_json,
    print_outcomes,
    run_options,
)

STAGE = click.option("--stage", required=True, help="The stage, as named in orch.toml.")
STACK = click.option("--stack", help="One stack (default: every stack in orch.toml).")


@click.command()
@STAGE
@run_options
@json_option
def bootstrap(stage: str, local: bool, engine: str | None, as_json: bool) -> None:
    """Create the stage's state bucket: versioned, encrypted, public access blocked."""
    from orchestrator.stages import bootstrap as do_bootstrap

    with command_context(local, engine) as ctx:
        result = do_bootstrap(ctx, stage)
    if as_json:
        print_json({"bucket": result.bucket, "created": result.created})
    else:
        click.echo(f"state bucket {result.bucket}: {'created' if result.created else 'ready'}")


@click.command()
@STAGE
@STACK
@click.option(
    "--out",
    is_flag=True,
    help="Save the plan (encrypted, in the stage's bucket) for `apply --plan`.",
)
@run_options
@json_option
def plan(
    stage: str, stack: str | None, out: bool, local: bool, engine: str | None, as_json: bool
) -> None:
    """Plan the stage's stacks; with --out, save the plan and print its id."""
    with command_context(local, engine) as ctx:
        if out:
            from orchestrator.plans import summary_markdown
            from orchestrator.promotion import make_plan

            saved = make_plan(ctx, stage, stack)
            if as_json:
                print_json(
                    {
                        "plan_id": saved.plan_id,
                        "commit": saved.commit,
                        "stacks": {n: p.summary for n, p in saved.stacks.items()},
                    }
                )
            else:
                click.echo(summary_markdown(saved))
                click.echo(f"plan id: {saved.plan_id}")
            return
        from orchestrator.stages import plan as do_plan

        outcomes = do_plan(ctx, stage, stack)
    print_outcomes(outcomes, as_json)


@click.command()
@STAGE
@STACK
@click.option("--plan", "plan_id", help="Apply exactly this saved plan (from `plan --out`).")
@run_options
@json_option
def apply(
    stage: str,
    stack: str | None,
    plan_id: str | None,
    local: bool,
    engine: str | None,
    as_json: bool,
) -> None:
    """Apply the stage: a saved plan, or a new plan applied at once. Promotion rules apply."""
    from orchestrator.promotion import apply_plan, deploy

    with command_context(local, engine) as ctx:
        if plan_id:
            if stack:
                raise click.UsageError("a saved plan covers its own stacks: drop --stack")
            outcomes = apply_plan(ctx, stage, plan_id)
        else:
            outcomes = deploy(ctx, stage, stack)
    print_outcomes(outcomes, as_json)


@click.command()
@click.option("--stage", help="A stage, as named in orch.toml.")
@click.option("--branch", help="A feature branch (its workspace).")
@STACK
@run_options
def output(
    stage: str | None, branch: str | None, stack: str | None, local: bool, engine: str | None
) -> None:
    """Print the outputs of a stage or feature workspace as JSON."""
    from orchestrator.stages import outputs

    with command_context(local, engine) as ctx:
        print_json(outputs(ctx, stage=stage, branch=branch, stack=stack))


@click.command("force-unlock")
@click.option("--lock-id", required=True, help="The lock id from the lock error.")
@click.option("--stage", help="A stage, as named in orch.toml.")
@click.option("--branch", help="A feature branch (its workspace).")
@STACK
@run_options
def force_unlock(
    lock_id: str,
    stage: str | None,
    branch: str | None,
    stack: str | None,
    local: bool,
    engine: str | None,
) -> None:
    """Release a state lock left behind by a run that died. Only when no run is active."""
    from orchestrator.stages import force_unlock as do_unlock

    with command_context(local, engine) as ctx:
        do_unlock(ctx, lock_id, stage=stage, branch=branch, stack=stack)
    click.echo(f"released lock {lock_id}")
