"""Dry runs end to end without AWS: job outputs, the step summary, markdown safety, --only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from orchestrator.ci.report import DONE, ActionResult, CiReport
from orchestrator.ci.rules import DEPLOY, Action, Decision
from orchestrator.ci.run import run_ci
from orchestrator.ci.summary import code, markdown
from orchestrator.config import load_config
from orchestrator.context import Context
from orchestrator.errors import OrchError
from orchestrator.terraform.engine import resolve_engine
from orchestrator.terraform.results import ChangeSummary
from orchestrator.workspaces import StackOutcome

FIXTURES = Path(__file__).parents[2] / "fixtures"


@pytest.fixture
def ctx() -> Context:
    return Context(config=load_config(FIXTURES / "project" / "orch.toml"), engine=resolve_engine())


def github_env(tmp_path: Path, fixture: str) -> dict[str, str]:
    return {
        "GITHUB_EVENT_NAME": fixture.split(".")[0],
        "GITHUB_EVENT_PATH": str(FIXTURES / "github" / fixture),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
    }


def outputs(tmp_path: Path) -> dict[str, str]:
    lines = (tmp_path / "output").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines)


def test_a_dry_run_writes_outputs_and_summary(ctx: Context, tmp_path: Path) -> None:
    report = run_ci(ctx, github_env(tmp_path, "push.main.json"), dry_run=True)
    assert report.exit_code == 0
    assert [r.status for r in report.results] == ["planned", "planned"]
    assert outputs(tmp_path) == {
        "actions": '["deploy:dev", "deploy:int"]',
        "workspace": "",
        "refused": "false",
    }
    summary = (tmp_path / "summary.md").read_text()
    assert summary.startswith("### orch ci (dry run): `push to refs/heads/main at e81f4c2d9a7b`")
    assert "**planned**: deploy commit e81f4c2d9a7b to stage int" in summary


def test_pull_request_outputs_name_the_workspace(ctx: Context, tmp_path: Path) -> None:
    run_ci(ctx, github_env(tmp_path, "pull_request.synchronize.json"), dry_run=True)
    assert outputs(tmp_path)["workspace"] == "we-1234-some-feature"
    assert json.loads(outputs(tmp_path)["actions"]) == ["workspace:up"]


def test_only_selects_one_action_and_is_quiet_about_others(ctx: Context, tmp_path: Path) -> None:
    env = github_env(tmp_path, "push.main.json")
    report = run_ci(ctx, env, dry_run=True, only="deploy:int")
    assert [r.action.key for r in report.results] == ["deploy:int"]
    other = run_ci(ctx, env, dry_run=True, only="workspace:up")
    assert other.results == [] and other.exit_code == 0
    assert other.headline.startswith("nothing to do for workspace:up")


@pytest.mark.parametrize("only", ["deploy:qa", "deploy", "workspace:sideways", "DEPLOY:dev"])
def test_only_rejects_actions_that_cannot_exist(ctx: Context, tmp_path: Path, only: str) -> None:
    with pytest.raises(OrchError, match="names no action: use workspace:up, workspace:down"):
        run_ci(ctx, github_env(tmp_path, "push.main.json"), dry_run=True, only=only)
    assert not (tmp_path / "output").exists()  # bad input: no side effect


def test_a_refusal_fails_even_as_a_dry_run(ctx: Context, tmp_path: Path) -> None:
    event = json.loads((FIXTURES / "github" / "pull_request.closed-merged.json").read_text())
    event["pull_request"]["head"]["ref"] = "prd"
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(event))
    env = github_env(tmp_path, "pull_request.closed-merged.json") | {"GITHUB_EVENT_PATH": str(path)}
    report = run_ci(ctx, env, dry_run=True)
    assert report.exit_code == 1 and report.results == []
    assert "reserved for a stage" in report.headline
    assert outputs(tmp_path) == {"actions": "[]", "workspace": "", "refused": "true"}


def test_markdown_counts_per_stack_and_contains_hostile_names() -> None:
    branch = "feature/x|<!--`evil`"
    action = Action(DEPLOY, "dev", commit="abc123")
    outcome = StackOutcome("sample", "default", "apply", ChangeSummary(add=3, change=1), 5)
    report = CiReport(
        Decision(f"push to {branch}", f"deploy {branch} to dev", (action,)),
        results=[ActionResult(action, DONE, [outcome])],
    )
    text = markdown(report)
    assert "| `sample` | `default` | apply | 3 | 1 | 0 | 5 |" in text
    # In a code span `<!--` is literal text; outside one, markup is escaped.
    assert text.splitlines()[0] == "### orch ci: `push to feature/x\\|<!--'evil'`"
    assert text.splitlines()[2] == "deploy feature/x\\|&lt;!--`evil` to dev"
    assert code("a|b`c") == "`a\\|b'c`"
