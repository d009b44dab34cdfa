"""`orch ci`: read the event, decide, run the decided actions, publish what happened."""

from __future__ import annotations

import re
from collections.abc import Mapping

from orchestrator.ci.comment import CommentError, GitHubApi
from orchestrator.ci.github import load_event
from orchestrator.ci.report import (
    DONE,
    FAILED,
    PLANNED,
    REFUSED,
    SKIPPED,
    ActionResult,
    CiReport,
    Cleanup,
)
from orchestrator.ci.rules import DEPLOY, WORKSPACE_UP, Action, CiRules, Decision, decide
from orchestrator.ci.summary import COMMENT_MARKER, comment_body, write_outputs, write_step_summary
from orchestrator.context import Context
from orchestrator.deploy import deploy
from orchestrator.errors import OrchError, TerraformError
from orchestrator.workspaces import StackOutcome, list_workspaces, workspace_down, workspace_up

_ONLY = re.compile(r"^(workspace:up|workspace:down|deploy:[a-z][a-z0-9]*)$")
DESTROY_WORKFLOW = "destroy-workspace.yml"


def run_ci(
    ctx: Context,
    env: Mapping[str, str],
    *,
    dry_run: bool = False,
    only: str | None = None,
    check_cleanup: bool = False,
    api: GitHubApi | None = None,
) -> CiReport:
    """Decide from the event in `env` and run it (or one action of it, or the cleanup check)."""
    _check_only(ctx, only)
    decision = decide(load_event(env), CiRules.from_config(ctx.config))
    selected = [a for a in decision.actions if only is None or a.key == only]
    report = CiReport(decision, dry_run=dry_run, only=only)
    if check_cleanup:
        report.cleanup = cleanup_status(ctx, decision)
    elif dry_run or decision.refused:
        report.results = [ActionResult(action, PLANNED) for action in selected]
    else:
        report.results = execute(ctx, selected)
    publish(ctx, env, report, api if api is not None else GitHubApi.from_env(env))
    return report


def execute(ctx: Context, actions: list[Action]) -> list[ActionResult]:
    """Run actions in order; after one does not succeed, the rest are skipped, not attempted."""
    results: list[ActionResult] = []
    for action in actions:
        if any(result.status != DONE for result in results):
            results.append(
                ActionResult(action, SKIPPED, message="an earlier action did not succeed")
            )
            continue
        ctx.echo(f"orch ci: {action.describe()}")
        try:
            results.append(ActionResult(action, DONE, _run(ctx, action)))
        except TerraformError as exc:
            results.append(ActionResult(action, FAILED, message=str(exc)))
        except OrchError as exc:
            # deploy() holds the promotion rules: their "no" is a refusal to report, not a crash.
            status = REFUSED if action.kind == DEPLOY else FAILED
            results.append(ActionResult(action, status, message=str(exc)))
    return results


def _run(ctx: Context, action: Action) -> list[StackOutcome]:
    if action.kind == DEPLOY:
        return deploy(ctx, action.stage, commit=action.commit)
    if ctx.config.stage(action.stage).protected:
        raise OrchError(f"refusing a workspace action in protected stage {action.stage!r}")
    if action.kind == WORKSPACE_UP:
        return workspace_up(ctx, action.branch)
    return workspace_down(ctx, branch=action.branch)


def cleanup_status(ctx: Context, decision: Decision) -> Cleanup:
    """Blocking while a workspace for the event's branch exists: a required check before merge."""
    if not decision.workspace:
        return Cleanup(False, f"no feature workspace can exist for this event ({decision.reason})")
    name, branch = decision.workspace, decision.branch
    found = [w for w in list_workspaces(ctx) if w.workspace == name or w.branch == branch]
    if not found:
        return Cleanup(False, f"no workspace left for {branch}: clean")
    resources = sum(info.resources for info in found)
    return Cleanup(
        True,
        f"workspace {name} for {branch} still exists ({resources} resource(s) in stage "
        f"{found[0].stage}): destroy it before merging: run the {DESTROY_WORKFLOW} workflow on "
        f"the branch (gh workflow run {DESTROY_WORKFLOW} --ref {branch} -f "
        f"action=destroy-workspace) or `orch workspace down --branch {branch}`",
        resources,
    )


def publish(ctx: Context, env: Mapping[str, str], report: CiReport, api: GitHubApi | None) -> None:
    """Job outputs, the step summary and, for workspace runs with a token, the PR comment."""
    write_outputs(env, report)
    write_step_summary(env, report)
    number = report.decision.pull_request
    ran = [r for r in report.results if r.status != PLANNED]
    if api is None or number is None or not ran:
        return
    try:
        report.comment = api.upsert_comment(number, COMMENT_MARKER, comment_body(report))
    except CommentError as exc:
        report.comment = f"not written: {exc}"
        ctx.echo(f"orch ci: warning: the pull request comment was {report.comment}")


def _check_only(ctx: Context, only: str | None) -> None:
    if only is None:
        return
    if not _ONLY.match(only) or (
        only.startswith("deploy:") and only.removeprefix("deploy:") not in ctx.config.stages
    ):
        stages = ", ".join(f"deploy:{stage}" for stage in ctx.config.stages)
        raise OrchError(
            f"--only {only!r} names no action: use workspace:up, workspace:down or one of {stages}"
        )
