"""Stage-level operations: bootstrap the backend, plan, apply, outputs, unlock."""

from __future__ import annotations

from typing import Any

from orchestrator.backend import BootstrapResult, bootstrap_state_bucket
from orchestrator.context import Context
from orchestrator.errors import OrchError
from orchestrator.redact import MASK, Redactor
from orchestrator.runs import DEFAULT_WORKSPACE, RunTfvars, Target, open_stack
from orchestrator.terraform import args as tf_args
from orchestrator.workspaces import StackOutcome, feature_stage, resolve_workspace


def bootstrap(ctx: Context, stage_name: str) -> BootstrapResult:
    stage = ctx.config.stage(stage_name)
    plain_http = (ctx.endpoint_url or "").startswith("http://")
    return bootstrap_state_bucket(
        ctx.aws(stage).client("s3"), stage, ctx.config.project, tls_only=not plain_http
    )


def resolve_targets(
    ctx: Context, *, stage: str | None = None, branch: str | None = None, stack: str | None = None
) -> list[Target]:
    """The stacks of a stage, or of a branch's feature workspace."""
    if (stage is None) == (branch is None):
        raise OrchError("name either a stage (--stage) or a feature branch (--branch)")
    stacks = ctx.config.selected_stacks(stack)
    if branch is not None:
        workspace = resolve_workspace(ctx, branch)
        return [Target(s, feature_stage(ctx), workspace, branch) for s in stacks]
    assert stage is not None
    return [Target(s, ctx.config.stage(stage), DEFAULT_WORKSPACE) for s in stacks]


def plan(ctx: Context, stage: str, stack: str | None = None) -> list[StackOutcome]:
    targets = resolve_targets(ctx, stage=stage, stack=stack)
    tfvars = RunTfvars(ctx, targets)
    outcomes = []
    for target in targets:
        with open_stack(ctx, target, tfvars) as session:
            result = session.run_with_tfvars(tf_args.plan_args)
        outcomes.append(
            StackOutcome(target.stack.name, target.workspace, "plan", result.change_summary)
        )
    return outcomes


def outputs(
    ctx: Context, *, stage: str | None = None, branch: str | None = None, stack: str | None = None
) -> dict[str, Any]:
    """stack -> {output name: value}; sensitive outputs stay masked."""
    found: dict[str, Any] = {}
    for target in resolve_targets(ctx, stage=stage, branch=branch, stack=stack):
        with open_stack(ctx, target) as session:
            if not session.select_workspace(create=False):
                raise OrchError(f"no workspace {target.workspace!r} for stack {target.stack.name}")
            result = session.tf.run(tf_args.output_args(), quiet=True)
            redact = session.tf.redact
        found[target.stack.name] = {
            name: MASK if item.get("sensitive") else _masked(item.get("value"), redact)
            for name, item in _json(result.stdout).items()
        }
    return found


def force_unlock(
    ctx: Context,
    lock_id: str,
    *,
    stage: str | None = None,
    branch: str | None = None,
    stack: str | None = None,
) -> None:
    targets = resolve_targets(ctx, stage=stage, branch=branch, stack=stack)
    if len(targets) != 1:
        raise OrchError("a lock belongs to one stack: name it with --stack")
    with open_stack(ctx, targets[0]) as session:
        if not session.select_workspace(create=False):
            raise OrchError(f"no workspace {targets[0].workspace!r} to unlock")
        session.tf.run(tf_args.force_unlock_args(lock_id))


def _masked(value: Any, redact: Redactor) -> Any:
    """An output value with every tfvars secret in it masked, even in non-sensitive outputs."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_masked(item, redact) for item in value]
    if isinstance(value, dict):
        return {key: _masked(item, redact) for key, item in value.items()}
    return value


def _json(text: str) -> dict[str, Any]:
    import json

    data = json.loads(text or "{}")
    return data if isinstance(data, dict) else {}
