"""Stage applies that are safe by construction.

- A stage after the first in `promotion` only gets a commit the previous stage applied
  successfully (from a clean tree), with the very layer artifacts that stage ran.
- An apply runs a saved plan; a saved plan is refused once the commit or the state moved.
- A stage with `requires_approval` needs an approval of the plan by someone other than its author.
- Every apply, successful or not, and every plan and approval, goes into the stage's ledger.
"""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from orchestrator import artifacts
from orchestrator.backend import state_key
from orchestrator.config import Stage
from orchestrator.context import Context
from orchestrator.errors import OrchError
from orchestrator.gitinfo import Checkout, current_checkout
from orchestrator.ledger import APPLY, APPROVE, FAILED, PLAN, SUCCEEDED, Ledger, LedgerEvent
from orchestrator.plans import (
    PlanStore,
    SavedPlan,
    StackPlan,
    file_sha256,
    new_plan_id,
    state_version,
    summarize,
)
from orchestrator.runs import DEFAULT_WORKSPACE, RunTfvars, Target, open_stack
from orchestrator.terraform import args as tf_args
from orchestrator.workspaces import StackOutcome


class PromotionRefused(OrchError):
    """A promotion rule refused the run; the message names the rule and how to satisfy it."""


def ledger(ctx: Context, stage: Stage) -> Ledger:
    return Ledger(ctx.aws(stage).client("s3"), stage.state_bucket)


def plan_store(ctx: Context, stage: Stage) -> PlanStore:
    return PlanStore(ctx.aws(stage).client("s3"), stage.state_bucket)


def previous_stage(ctx: Context, stage: str) -> str | None:
    order = ctx.config.promotion
    index = order.index(stage)
    return order[index - 1] if index > 0 else None


def promoted_layers(
    ctx: Context, stage: Stage, stack: str, checkout: Checkout
) -> tuple[artifacts.LayerArtifact, ...] | None:
    """The rule for stages after the first: what the previous stage applied, or a refusal.

    Returns the previous stage's layer artifacts (None for the first stage: it builds).
    """
    before = previous_stage(ctx, stage.name)
    if before is None:
        return None
    if checkout.dirty:
        raise PromotionRefused(
            f"refusing to deploy {stage.name!r} from a work tree with uncommitted changes: "
            f"only a commit that {before!r} applied may reach it; commit or stash first"
        )
    previous = ctx.config.stage(before)
    applied = ledger(ctx, previous).applied(stack, checkout.commit)
    if applied is None or applied.dirty:
        raise PromotionRefused(
            f"stage {before!r} has not applied commit {checkout.commit[:12]} of stack "
            f"{stack!r} successfully, so {stage.name!r} may not get it (stages go in the order "
            f"{' -> '.join(ctx.config.promotion)}): deploy that commit to {before!r} first"
        )
    folder = ctx.state_dir / "artifacts" / stage.name / checkout.commit[:12]
    fetched = artifacts.fetch(
        ctx.aws(previous).client("s3"), previous.state_bucket, applied.layer_hashes, folder
    )
    return tuple(fetched)


def make_plan(ctx: Context, stage_name: str, stack: str | None = None) -> SavedPlan:
    """Plan every stack of a stage, save the plans, and record the plan in the ledger."""
    stage = ctx.config.stage(stage_name)
    checkout = current_checkout(ctx.config.root, ctx.base_env)
    targets = [
        Target(s, stage, DEFAULT_WORKSPACE, layers=promoted_layers(ctx, stage, s.name, checkout))
        for s in ctx.config.selected_stacks(stack)
    ]
    tfvars = RunTfvars(ctx, targets)
    s3 = ctx.aws(stage).client("s3")
    plan = SavedPlan(
        plan_id=new_plan_id(stage.name),
        stage=stage.name,
        commit=checkout.commit,
        dirty=checkout.dirty,
        actor=ctx.actor,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    with tempfile.TemporaryDirectory(prefix="orch-plan-") as tmp:
        files = {}
        for target in targets:
            name = target.stack.name
            path = Path(tmp) / f"{name}.tfplan"
            with open_stack(ctx, target, tfvars) as session:
                session.run_with_tfvars(partial(tf_args.plan_args, out=path))
                show = session.tf.run(tf_args.show_args(path), quiet=True)
            path.chmod(0o600)
            files[name] = path
            plan.stacks[name] = StackPlan(
                stack=name,
                plan_sha256=file_sha256(path),
                state=state_version(s3, stage.state_bucket, state_key(name)),
                summary=summarize(json.loads(show.stdout)),
                layer_hashes=artifacts.hashes(target.layer_artifacts(ctx.config.root)),
            )
        plan_store(ctx, stage).save(plan, files)
    book = ledger(ctx, stage)
    for item in plan.stacks.values():
        book.record(_event(PLAN, plan, item, ctx.actor))
    return plan


def apply_plan(ctx: Context, stage_name: str, plan_id: str) -> list[StackOutcome]:
    """Apply exactly a saved plan, refusing it if anything it was made from moved."""
    stage = ctx.config.stage(stage_name)
    plan = plan_store(ctx, stage).load(plan_id)
    if plan.stage != stage.name:
        raise PromotionRefused(
            f"plan {plan_id} was made for stage {plan.stage!r}, not {stage.name!r}"
        )
    checkout = current_checkout(ctx.config.root, ctx.base_env)
    _refuse_stale(ctx, stage, plan, checkout)
    if stage.requires_approval:
        _require_approval(ctx, stage, plan)
    outcomes = []
    book = ledger(ctx, stage)
    s3 = ctx.aws(stage).client("s3")
    with tempfile.TemporaryDirectory(prefix="orch-apply-") as tmp:
        for name, item in plan.stacks.items():
            layers = promoted_layers(ctx, stage, name, checkout)
            target = Target(ctx.config.stack(name), stage, DEFAULT_WORKSPACE, layers=layers)
            used = target.layer_artifacts(ctx.config.root)
            if artifacts.hashes(used) != item.layer_hashes:
                raise PromotionRefused(
                    f"the layer artifacts for {name} are not the ones plan {plan_id} was made "
                    "with: build the layers of that commit again, or make a new plan"
                )
            path = plan_store(ctx, stage).download(plan, name, Path(tmp) / f"{name}.tfplan")
            ctx.echo(f"orch: applying plan {plan_id} of {name} to stage {stage.name}")
            try:
                with open_stack(ctx, target) as session:
                    result = session.tf.run(tf_args.apply_args(plan_file=path))
                    resources = session.managed_resource_count()
            except OrchError as exc:
                book.record(_event(APPLY, plan, item, ctx.actor, FAILED, detail=str(exc)[:500]))
                raise
            artifacts.publish(s3, stage.state_bucket, used)
            book.record(_event(APPLY, plan, item, ctx.actor))
            outcomes.append(
                StackOutcome(name, DEFAULT_WORKSPACE, "apply", result.change_summary, resources)
            )
    return outcomes


def deploy(ctx: Context, stage: str, stack: str | None = None) -> list[StackOutcome]:
    """Plan and apply in one run, through the same saved-plan path and the same rules."""
    plan = make_plan(ctx, stage, stack)
    ctx.echo(f"orch: saved plan {plan.plan_id}")
    return apply_plan(ctx, stage, plan.plan_id)


def approve(ctx: Context, stage_name: str, plan_id: str) -> LedgerEvent:
    stage = ctx.config.stage(stage_name)
    plan = plan_store(ctx, stage).load(plan_id)
    if plan.actor == ctx.actor:
        raise PromotionRefused(
            f"{ctx.actor} made plan {plan_id} and cannot approve it: another person must run "
            f"`orch approve --stage {stage.name} --plan {plan_id}`"
        )
    book = ledger(ctx, stage)
    events = [book.record(_event(APPROVE, plan, i, ctx.actor)) for i in plan.stacks.values()]
    return events[0]


def _require_approval(ctx: Context, stage: Stage, plan: SavedPlan) -> None:
    approvals = {
        (e.stack, e.plan_hash)
        for e in ledger(ctx, stage).events()
        if e.event == APPROVE and e.plan_id == plan.plan_id and e.actor != plan.actor
    }
    for name, item in plan.stacks.items():
        if (name, item.plan_sha256) not in approvals:
            raise PromotionRefused(
                f"stage {stage.name!r} requires an approval of plan {plan.plan_id} by someone "
                f"other than {plan.actor}: ask a reviewer to run "
                f"`orch approve --stage {stage.name} --plan {plan.plan_id}`"
            )


def _refuse_stale(ctx: Context, stage: Stage, plan: SavedPlan, checkout: Checkout) -> None:
    if checkout.commit != plan.commit or checkout.dirty != plan.dirty:
        raise PromotionRefused(
            f"plan {plan.plan_id} is stale: it was made at commit {plan.commit[:12]}"
            f"{' (dirty)' if plan.dirty else ''} and the checkout is now at {checkout.short}; "
            "make a new plan"
        )
    s3 = ctx.aws(stage).client("s3")
    for name, item in plan.stacks.items():
        now = state_version(s3, stage.state_bucket, state_key(name))
        if now != item.state:
            raise PromotionRefused(
                f"plan {plan.plan_id} is stale: the state of {name} in {stage.name!r} moved "
                f"since it was made (serial {item.state.get('serial')} -> {now.get('serial')}; "
                "someone applied in between); make a new plan"
            )


def _event(
    kind: str,
    plan: SavedPlan,
    item: StackPlan,
    actor: str,
    outcome: str = SUCCEEDED,
    detail: str = "",
) -> LedgerEvent:
    return LedgerEvent(
        event=kind,
        stage=plan.stage,
        stack=item.stack,
        commit=plan.commit,
        actor=actor,
        outcome=outcome,
        plan_id=plan.plan_id,
        plan_hash=item.plan_sha256,
        layer_hashes=item.layer_hashes,
        dirty=plan.dirty,
        detail=detail,
    )
