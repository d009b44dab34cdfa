"""Drift: where a stage no longer matches what was last applied to it.

The stage is planned at the commit its ledger says was applied last (a temporary git worktree
when the checkout is elsewhere), with the current tfvars and the layer artifacts it ran. Changes
Terraform found outside itself (the refresh) are drift; planned changes on top are configuration
that moved since (a changed tfvars secret, or the consequences of drift).
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from orchestrator import artifacts
from orchestrator.context import Context
from orchestrator.errors import OrchError
from orchestrator.gitinfo import current_checkout
from orchestrator.promotion import ledger
from orchestrator.runs import DEFAULT_WORKSPACE, Target, open_stack
from orchestrator.terraform import args as tf_args


@dataclass
class StackDrift:
    stack: str
    commit: str
    applied_at: str
    outside_changes: list[dict[str, str]] = field(default_factory=list)
    pending_changes: list[dict[str, str]] = field(default_factory=list)
    never_applied: bool = False

    @property
    def drifted(self) -> bool:
        return bool(self.outside_changes or self.pending_changes)


def detect_drift(ctx: Context, stage_name: str, stack: str | None = None) -> list[StackDrift]:
    stage = ctx.config.stage(stage_name)
    book = ledger(ctx, stage)
    reports = []
    for item in ctx.config.selected_stacks(stack):
        last = book.last_apply(item.name)
        if last is None:
            reports.append(StackDrift(item.name, "", "", never_applied=True))
            continue
        layers = artifacts.fetch(
            ctx.aws(stage).client("s3"),
            stage.state_bucket,
            last.layer_hashes,
            ctx.state_dir / "artifacts" / stage.name / last.commit[:12],
        )
        with _tree_at(ctx.config.root, last.commit, ctx.base_env) as tree:
            stack_at_commit = replace(item, path=tree / item.path.relative_to(ctx.config.root))
            target = Target(stack_at_commit, stage, DEFAULT_WORKSPACE, layers=tuple(layers))
            with open_stack(ctx, target, data_dir_name="drift") as session:
                result = session.run_with_tfvars(
                    lambda files: tf_args.plan_args(files, detailed_exitcode=True, lock=False),
                    ok_codes=(0, 2),
                )
        reports.append(
            StackDrift(
                item.name,
                last.commit,
                last.time,
                outside_changes=[_change(c) for c in result.drifted_resources],
                pending_changes=[_change(c) for c in result.planned_changes],
            )
        )
    return reports


def _change(change: dict[str, Any]) -> dict[str, str]:
    return {
        "address": str(change.get("resource", {}).get("addr", "")),
        "action": str(change.get("action", "")),
    }


@contextmanager
def _tree_at(root: Path, commit: str, env: Mapping[str, str]) -> Iterator[Path]:
    """The project as of `commit`: the checkout itself when it is there, else a worktree."""
    checkout = current_checkout(root, env)
    if checkout.commit == commit and not checkout.dirty:
        yield root
        return
    with tempfile.TemporaryDirectory(prefix="orch-drift-") as tmp:
        tree = Path(tmp) / "tree"
        added = subprocess.run(
            ["git", "worktree", "add", "--detach", str(tree), commit],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        if added.returncode != 0:
            raise OrchError(
                f"cannot check out {commit[:12]}, the commit last applied: "
                f"{added.stderr.strip()}. In CI, fetch the full history (fetch-depth: 0)."
            )
        try:
            yield tree
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(tree)],
                cwd=root,
                capture_output=True,
                check=False,
            )


def drift_markdown(stage: str, reports: list[StackDrift]) -> str:
    lines = [f"### Drift in stage `{stage}`", ""]
    for report in reports:
        if report.never_applied:
            lines.append(f"- **{report.stack}**: never applied by orch; nothing to compare")
            continue
        status = "drifted" if report.drifted else "in sync"
        lines.append(
            f"- **{report.stack}**: {status} (last applied commit `{report.commit[:12]}` "
            f"at {report.applied_at})"
        )
        for change in report.outside_changes:
            lines.append(f"  - changed outside Terraform: {change['action']} `{change['address']}`")
        for change in report.pending_changes:
            lines.append(f"  - pending change: {change['action']} `{change['address']}`")
    return "\n".join(lines) + "\n"
