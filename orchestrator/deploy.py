"""Deploying a stage: the single entry point for every stage apply that a git event causes.

Promotion rules (issue: stage promotion) live behind this function, so CI flows cannot bypass
them: a stage after the first in the promotion order only gets what the previous stage applied.
"""

from __future__ import annotations

from orchestrator.context import Context
from orchestrator.stages import apply
from orchestrator.workspaces import StackOutcome


def deploy(
    ctx: Context, stage: str, *, commit: str, stack: str | None = None
) -> list[StackOutcome]:
    """Apply `commit` (the checked-out tree) to `stage`."""
    ctx.echo(f"orch: deploying commit {commit[:12] or '(unknown)'} to stage {stage}")
    return apply(ctx, stage, stack)
