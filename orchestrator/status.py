"""`orch status`: what is deployed where, and which feature workspaces exist."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from orchestrator.context import Context
from orchestrator.ledger import APPLY
from orchestrator.promotion import ledger
from orchestrator.workspaces import list_workspaces


@dataclass(frozen=True)
class StackStatus:
    stage: str
    stack: str
    commit: str
    applied_at: str
    actor: str
    outcome: str
    plan_id: str


def deployment_status(ctx: Context) -> dict[str, Any]:
    stages = []
    for name in ctx.config.promotion:
        stage = ctx.config.stage(name)
        events = [e for e in ledger(ctx, stage).events() if e.event == APPLY]
        for stack in ctx.config.stacks:
            applies = [e for e in events if e.stack == stack]
            succeeded = [e for e in applies if e.outcome == "succeeded"]
            last = succeeded[-1] if succeeded else None
            failed_after = applies and applies[-1].outcome != "succeeded"
            stages.append(
                StackStatus(
                    stage=name,
                    stack=stack,
                    commit=last.commit if last else "",
                    applied_at=last.time if last else "",
                    actor=last.actor if last else "",
                    outcome="failed since" if failed_after else ("ok" if last else "never"),
                    plan_id=last.plan_id if last else "",
                )
            )
    workspaces = [info.as_dict() for info in list_workspaces(ctx)]
    return {"stages": [asdict(s) for s in stages], "workspaces": workspaces}
