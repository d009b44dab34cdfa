"""`orch ci` as the workflows run it: real event payloads, moto server, Terraform, a fake API."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import git
from tests.helpers import OrchRunner, keys
from tests.unit.ci.api_stub import FakeGitHub, fake_github

pytestmark = pytest.mark.integration

EVENTS = Path(__file__).parents[1] / "fixtures" / "github"
WORKSPACE = "we-1234-some-feature"
TOKEN = "ghs_integrationTOKEN0123456789"
MARKER = "<!-- orch-ci:feature-workspace -->"

Ci = Callable[..., Any]


@pytest.fixture
def github() -> Any:
    with fake_github() as fake:
        yield fake


@pytest.fixture
def head(project_dir: Path) -> str:
    """The commit the project copy is at: deploys refuse any other (orchestrator.deploy)."""
    return git(project_dir, "rev-parse", "HEAD")


@pytest.fixture
def ci(
    seeded: OrchRunner, aws_env: dict[str, str], tmp_path: Path, github: FakeGitHub, head: str
) -> Ci:
    """Run `orch ci` with the Actions context of one fixture event, like a workflow job."""

    def run(fixture: str, *args: str, check: bool = True, path: Path | None = None) -> Any:
        summary = tmp_path / f"summary-{len(list(tmp_path.glob('summary-*')))}.md"
        if path is None:
            # The fixture event, pushed at the commit the project copy is checked out at.
            event = json.loads((EVENTS / fixture).read_text())
            if fixture.startswith("push."):
                event["after"] = event["head_commit"]["id"] = head
            path = tmp_path / f"event-{summary.stem}.json"
            path.write_text(json.dumps(event))
        env = aws_env | {
            "GITHUB_EVENT_NAME": fixture.split(".")[0],
            "GITHUB_EVENT_PATH": str(path),
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_REPOSITORY": "acme-data/platform",
            "GITHUB_API_URL": github.url,
            "GITHUB_TOKEN": TOKEN,
        }
        result = seeded("ci", "--json", *args, env=env, check=check)
        result.summary = summary.read_text() if summary.exists() else ""
        result.report = json.loads(result.stdout) if result.stdout.strip() else None
        return result

    return run


def test_the_pull_request_lifecycle(ci: Ci, s3: Any, github: FakeGitHub) -> None:
    opened = ci("pull_request.opened.json")
    [result] = opened.report["results"]
    assert (result["key"], result["status"]) == ("workspace:up", "done")
    assert result["outcomes"][0]["add"] == 2 and result["outcomes"][0]["resources"] == 2
    assert f"workspaces/{WORKSPACE}/sample/terraform.tfstate" in keys(s3, "acme-tfstate-dev")
    assert "| `sample` | `we-1234-some-feature` | apply | 2 | 0 | 0 | 2 |" in opened.summary
    assert opened.report["comment"] == "created"

    again = ci("pull_request.synchronize.json")
    assert again.report["results"][0]["outcomes"][0]["add"] == 0
    assert again.report["comment"] == "updated"
    assert [c["body"].startswith(MARKER) for c in github.comments[42]] == [True]
    assert all(TOKEN not in text for text in (opened.stdout, opened.stderr, again.stderr))

    blocked = ci("pull_request.synchronize.json", "--check-cleanup", check=False)
    assert blocked.returncode == 1
    assert blocked.report["cleanup"]["blocking"] is True
    assert (
        "destroy-workspace.yml --ref feature/WEDATAIN-1234-some-feature"
        in (blocked.report["cleanup"]["message"])
    )

    closed = ci("pull_request.closed-merged.json")
    assert closed.report["results"][0]["outcomes"][0]["destroy"] == 2
    assert keys(s3, "acme-tfstate-dev", "workspaces/") == []
    assert "tear down workspace we-1234-some-feature" in github.comments[42][0]["body"]
    assert len(github.comments[42]) == 1

    clean = ci("pull_request.closed-merged.json", "--check-cleanup")
    assert clean.report["cleanup"] == {
        "blocking": False,
        "message": "no workspace left for feature/WEDATAIN-1234-some-feature: clean",
        "resources": 0,
    }


def test_merge_to_main_then_a_release_tag(ci: Ci, s3: Any, head: str) -> None:
    main = ci("push.main.json")
    assert [(r["key"], r["status"], r["commit"]) for r in main.report["results"]] == [
        ("deploy:dev", "done", head),
        ("deploy:int", "done", head),
    ]
    assert "sample/terraform.tfstate" in keys(s3, "acme-tfstate-dev")
    assert "sample/terraform.tfstate" in keys(s3, "acme-tfstate-int")
    assert main.summary.count("| `sample` | `default` | apply | 2 | 0 | 0 | 2 |") == 2

    one_job = ci("push.tag-release.json", "--only", "deploy:prd")
    assert [r["status"] for r in one_job.report["results"]] == ["done"]
    assert one_job.report["comment"] == ""  # pushes have no pull request to comment on
    assert "sample/terraform.tfstate" in keys(s3, "acme-tfstate-prd")


def test_a_release_tag_before_int_applied_is_refused_by_promotion(ci: Ci, s3: Any) -> None:
    result = ci("push.tag-release.json", check=False)
    assert result.returncode == 1
    [prd] = result.report["results"]
    assert prd["status"] == "refused"
    assert "stage 'int' has not applied commit" in prd["message"]
    assert "**refused**: deploy commit" in result.summary
    assert "sample/terraform.tfstate" not in keys(s3, "acme-tfstate-prd")


def test_a_deploy_refusal_is_reported_and_stops_the_chain(
    ci: Ci, secrets: Any, s3: Any, head: str
) -> None:
    secrets.delete_secret(
        SecretId="github-actions-acme-sample-dev", ForceDeleteWithoutRecovery=True
    )
    result = ci("push.main.json", check=False)
    assert result.returncode == 1
    statuses = [(r["key"], r["status"]) for r in result.report["results"]]
    assert statuses == [("deploy:dev", "refused"), ("deploy:int", "skipped")]
    assert "github-actions-acme-sample-dev" in result.report["results"][0]["message"]
    assert f"**refused**: deploy commit {head[:12]} to stage dev" in result.summary
    assert f"**skipped**: deploy commit {head[:12]} to stage int" in result.summary
    assert keys(s3, "acme-tfstate-int") == []
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "fixture",
    [
        "pull_request.opened-fork.json",
        "pull_request.labeled.json",
        "push.tag-non-release.json",
        "push.feature-branch.json",
        "workflow_dispatch.no-inputs.json",
        "schedule.json",
    ],
)
def test_unmapped_events_do_nothing_and_succeed(ci: Ci, s3: Any, fixture: str) -> None:
    result = ci(fixture)
    assert result.report["results"] == []
    assert result.report["decision"]["reason"].startswith("nothing to do:")
    for stage in ("dev", "int", "prd"):
        assert keys(s3, f"acme-tfstate-{stage}", "workspaces/") == []
        assert "sample/terraform.tfstate" not in keys(s3, f"acme-tfstate-{stage}")


@pytest.mark.parametrize("branch", ["prd", "int", "dev", "default", "feature/prd"])
def test_hostile_branch_names_never_reach_a_stage(
    ci: Ci, s3: Any, tmp_path: Path, branch: str
) -> None:
    assert ci("push.main.json").returncode == 0  # dev and int now hold state worth protecting
    before = {stage: keys(s3, f"acme-tfstate-{stage}") for stage in ("dev", "int")}
    for fixture in ("pull_request.closed-merged.json", "pull_request.opened.json"):
        event = json.loads((EVENTS / fixture).read_text())
        event["pull_request"]["head"]["ref"] = branch
        path = tmp_path / f"hostile-{fixture}"
        path.write_text(json.dumps(event))
        result = ci(fixture, check=False, path=path)
        assert result.returncode == 1
        assert result.report["decision"]["refused"] is True
        assert result.report["results"] == []
    assert {stage: keys(s3, f"acme-tfstate-{stage}") for stage in ("dev", "int")} == before


def test_bad_context_is_a_clear_error(seeded: OrchRunner, aws_env: dict[str, str]) -> None:
    result = seeded("ci", "--dry-run", env=aws_env | {"GITHUB_EVENT_NAME": "push"}, check=False)
    assert result.returncode == 1
    assert "orch: error: GITHUB_EVENT_PATH is not set" in result.stderr
    assert "Traceback" not in result.stderr
