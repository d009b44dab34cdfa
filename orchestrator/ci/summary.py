"""The markdown summary ($GITHUB_STEP_SUMMARY, the PR comment) and the job outputs."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from orchestrator.ci.report import PLANNED, CiReport

COMMENT_MARKER = "<!-- orch-ci:feature-workspace -->"
_HEADER = "| Stack | Where | Action | Add | Change | Destroy | Resources |"
_RULE = "|---|---|---|---:|---:|---:|---:|"


def markdown(report: CiReport) -> str:
    """Resources to add/change/destroy per stack, for every action the run took."""
    decision = report.decision
    title = "orch ci (dry run)" if report.dry_run else "orch ci"
    lines = [f"### {title}: {code(decision.trigger)}", "", _escape(report.headline), ""]
    for result in report.results:
        what = _escape(result.action.describe())
        lines.append(f"**{result.status}**: {what}")
        if result.message and result.status != PLANNED:
            lines += ["", f"> {_escape(result.message)}"]
        if result.outcomes:
            lines += ["", _HEADER, _RULE]
            for outcome in result.outcomes:
                row = outcome.as_dict()
                lines.append(
                    f"| {code(outcome.stack)} | {code(outcome.workspace)} | {outcome.action} "
                    f"| {row['add']} | {row['change']} | {row['destroy']} | {outcome.resources} |"
                )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def comment_body(report: CiReport) -> str:
    """The one PR comment: a hidden marker so the next run updates it instead of adding one."""
    return f"{COMMENT_MARKER}\n{markdown(report)}"


def write_step_summary(env: Mapping[str, str], report: CiReport) -> bool:
    path = env.get("GITHUB_STEP_SUMMARY")
    if not path:
        return False
    with open(Path(path), "a", encoding="utf-8") as handle:
        handle.write(markdown(report) + "\n")
    return True


def write_outputs(env: Mapping[str, str], report: CiReport) -> bool:
    """Job outputs the workflows route on: `actions` (a JSON list of keys) and `workspace`."""
    path = env.get("GITHUB_OUTPUT")
    if not path:
        return False
    decision = report.decision
    values = {
        "actions": json.dumps([action.key for action in decision.actions]),
        "workspace": decision.workspace,
        "refused": json.dumps(decision.refused),
    }
    with open(Path(path), "a", encoding="utf-8") as handle:
        for key, value in values.items():
            # One line each; json.dumps and workspace names never contain a newline.
            handle.write(f"{key}={value.replace(chr(10), ' ')}\n")
    return True


def code(text: str) -> str:
    """Inline code that a branch name cannot break out of (git allows ` | < > in names)."""
    return "`" + text.replace("`", "'").replace("|", "\\|") + "`"


def _escape(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
