"""Deploying a stage: the single entry point for every stage apply that a git event causes.

Promotion rules live behind it (orchestrator.promotion), so CI flows cannot bypass them: a stage
after the first in the promotion order only gets what the previous stage applied.
"""

from __future__ import annotations

from orchestrator.context import Context
from orchestrator.errors import OrchError
from orchestrator.gitinfo import current_checkout
from orchestrator.promotion import deploy as promote_and_apply
from orchestrator.workspaces import StackOutcome


def deploy(
    ctx: Context, stage: str, *, commit: str, stack: str | None = None
) -> list[StackOutcome]:
    """Apply `commit` to `stage`; the checkout must be at that commit."""
    checkout = current_checkout(ctx.config.root, ctx.base_env)
    if commit and checkout.commit != commit:
        raise OrchError(
            f"asked to deploy {commit[:12]} to {stage} but the checkout is at "
            f"{checkout.commit[:12]}: check out the commit to deploy"
        )
    ctx.echo(f"orch: deploying commit {checkout.short} to stage {stage}")
    return promote_and_apply(ctx, stage, stack)


def promote(
    ctx: Context, stage: str, *, commit: str | None = None, stack: str | None = None
) -> list[StackOutcome]:
    """`orch promote --to STAGE`: only to a stage after the first in the promotion order."""
    order = ctx.config.promotion
    ctx.config.stage(stage)
    if order.index(stage) == 0:
        raise OrchError(
            f"{stage!r} is the first stage in the promotion order ({' -> '.join(order)}): "
            f"nothing comes before it to promote from; deploy it with `orch apply --stage {stage}`"
        )
    return deploy(ctx, stage, commit=commit or "", stack=stack)
