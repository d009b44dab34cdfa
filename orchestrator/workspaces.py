"""Feature-branch workspaces: up, down, list, prune."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from orchestrator.backend import WORKSPACE_KEY_PREFIX
from orchestrator.config import Stage
from orchestrator.context import Context
from orchestrator.errors import OrchError
from orchestrator.naming import NamingRules, workspace_name
from orchestrator.registry import Registry, now_iso
from orchestrator.runs import RunTfvars, Target, open_stack, require_unprotected
from orchestrator.terraform import args as tf_args
from orchestrator.terraform.results import ChangeSummary


@dataclass(frozen=True)
class StackOutcome:
    stack: str
    workspace: str
    action: str
    summary: ChangeSummary | None = None
    resources: int = 0

    def as_dict(self) -> dict[str, Any]:
        summary = self.summary or ChangeSummary()
        return {
            "stack": self.stack,
            "workspace": self.workspace,
            "action": self.action,
            "add": summary.add,
            "change": summary.change,
            "destroy": summary.remove,
            "resources": self.resources,
        }


@dataclass(frozen=True)
class WorkspaceInfo:
    workspace: str
    branch: str
    stage: str
    last_apply: str
    resources: int
    stacks: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "workspace": self.workspace,
            "branch": self.branch,
            "stage": self.stage,
            "last_apply": self.last_apply,
            "resources": self.resources,
            "stacks": list(self.stacks),
        }


def feature_stage(ctx: Context) -> Stage:
    stage = ctx.config.stage(ctx.config.feature_stage)
    require_unprotected(stage, "host feature workspaces")
    return stage


def resolve_workspace(ctx: Context, branch: str) -> str:
    return workspace_name(branch, NamingRules.from_config(ctx.config))


def registry(ctx: Context, stage: Stage) -> Registry:
    return Registry(ctx.aws(stage).client("s3"), stage.state_bucket)


def workspace_up(ctx: Context, branch: str, stack: str | None = None) -> list[StackOutcome]:
    """Create or update the branch's workspace and apply the stacks into it. Idempotent."""
    name = resolve_workspace(ctx, branch)
    stage = feature_stage(ctx)
    targets = [Target(s, stage, name, branch) for s in ctx.config.selected_stacks(stack)]
    tfvars = RunTfvars(ctx, targets)
    tfvars.check()  # every secret is read and checked before anything is created
    owner = registry(ctx, stage)
    record = owner.claim(name, branch, stage.name)
    outcomes = []
    for target in targets:
        ctx.echo(f"orch: applying {target.stack.name} into workspace {name} ({branch})")
        with open_stack(ctx, target, tfvars) as session:
            session.select_workspace(create=True)
            result = session.run_with_tfvars(tf_args.apply_args)
            resources = session.managed_resource_count()
        record.stacks[target.stack.name] = {"last_apply": now_iso(), "resources": resources}
        owner.put(record)
        outcomes.append(
            StackOutcome(target.stack.name, name, "apply", result.change_summary, resources)
        )
    return outcomes


def workspace_down(
    ctx: Context, branch: str | None = None, stack: str | None = None, workspace: str | None = None
) -> list[StackOutcome]:
    """Destroy the workspace's resources, then the workspace and its state. Idempotent."""
    if (branch is None) == (workspace is None):
        raise OrchError("name either a branch (--branch) or a workspace (--workspace)")
    stage = feature_stage(ctx)
    name = resolve_workspace(ctx, branch) if branch is not None else str(workspace)
    if name in ctx.config.stages or name == "default":
        raise OrchError(f"refusing to destroy {name!r}: it names a stage, not a feature workspace")
    owner = registry(ctx, stage)
    record = owner.get(name)
    branch = branch or (record.branch if record else "")
    stacks = list(reversed(ctx.config.selected_stacks(stack)))
    targets = [Target(s, stage, name, branch) for s in stacks]
    tfvars = RunTfvars(ctx, targets)
    tfvars.check()  # a bad secret stops the run before anything is destroyed
    outcomes = []
    for target in targets:
        with open_stack(ctx, target, tfvars) as session:
            if not session.select_workspace(create=False):
                outcomes.append(StackOutcome(target.stack.name, name, "absent"))
                continue
            ctx.echo(f"orch: destroying {target.stack.name} in workspace {name}")
            result = session.run_with_tfvars(tf_args.destroy_args)
            session.tf.run(["workspace", "select", "default"], quiet=True)
            session.tf.run(tf_args.workspace_delete_args(name), quiet=True)
        outcomes.append(StackOutcome(target.stack.name, name, "destroy", result.change_summary))
        if record is not None:
            record.stacks.pop(target.stack.name, None)
    if record is not None:
        if record.stacks and stack is not None:
            owner.put(record)
        else:
            owner.delete(name)
    return outcomes


def list_workspaces(ctx: Context) -> list[WorkspaceInfo]:
    """Every feature workspace, from the registry and the state objects themselves."""
    stage = ctx.config.stage(ctx.config.feature_stage)
    s3 = ctx.aws(stage).client("s3")
    states = _state_objects(s3, stage.state_bucket)
    records = {record.workspace: record for record in registry(ctx, stage).all()}
    infos = []
    for name in sorted(set(states) | set(records)):
        record = records.get(name)
        objects = states.get(name, {})
        resources = sum(
            _count_resources(s3, stage.state_bucket, key) for key, _ in objects.values()
        )
        written = max((when for _, when in objects.values()), default="")
        last_apply = record.updated_at if record else written
        infos.append(
            WorkspaceInfo(
                workspace=name,
                branch=record.branch if record else "",
                stage=stage.name,
                last_apply=last_apply,
                resources=resources,
                stacks=tuple(sorted(objects)),
            )
        )
    return infos


def prune_workspaces(
    ctx: Context, older_than: timedelta, dry_run: bool = False, now: datetime | None = None
) -> list[WorkspaceInfo]:
    """Tear down feature workspaces idle for longer than `older_than` (the time-to-live)."""
    cutoff = (now or datetime.now(UTC)) - older_than
    expired = [
        info
        for info in list_workspaces(ctx)
        if not info.last_apply or datetime.fromisoformat(info.last_apply) <= cutoff
    ]
    for info in expired:
        verb = "would tear down" if dry_run else "tearing down"
        ctx.echo(
            f"orch: {verb} {info.workspace} (branch {info.branch or 'unknown'}, "
            f"last apply {info.last_apply or 'never'})"
        )
        if not dry_run:
            workspace_down(ctx, workspace=info.workspace)
    return expired


def _state_objects(s3: Any, bucket: str) -> dict[str, dict[str, tuple[str, str]]]:
    """workspace -> {stack: (state key, last written)} for every workspace state in the bucket."""
    found: dict[str, dict[str, tuple[str, str]]] = {}
    paginator = s3.get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=bucket, Prefix=f"{WORKSPACE_KEY_PREFIX}/"):
        for item in page.get("Contents", []):
            parts = item["Key"].split("/")
            if len(parts) == 4 and parts[3] == "terraform.tfstate":
                written = item["LastModified"].astimezone(UTC).isoformat(timespec="seconds")
                found.setdefault(parts[1], {})[parts[2]] = (item["Key"], written)
    return found


def _count_resources(s3: Any, bucket: str, key: str) -> int:
    state = json.loads(s3.get_object(Bucket=bucket, Key=key)["Body"].read() or b"{}")
    return sum(
        len(resource.get("instances", []))
        for resource in state.get("resources", [])
        if resource.get("mode") == "managed"
    )
