"""The workflow files: triggers, environments, permissions, pins, and orch called one way."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from orchestrator.config import load_config

ROOT = Path(__file__).parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
SETUP_ACTION = "./.github/actions/setup"
AWS_ACTION = "aws-actions/configure-aws-credentials"
FORK_GUARD = "github.event.pull_request.head.repo.full_name == github.repository"
PINNED = re.compile(r"^\s*-?\s*uses:\s*([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")


def load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    assert isinstance(data, dict)
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def all_workflows() -> dict[str, dict[str, Any]]:
    return {path.name: load(path.name) for path in sorted(WORKFLOWS.glob("*.yml"))}


def jobs() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (w, name, job) for w, data in all_workflows().items() for name, job in data["jobs"].items()
    ]


def steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in job.get("steps", []) if str(s.get("uses", "")).startswith(action)]


def orch_runs(job: dict[str, Any]) -> list[str]:
    return [s["run"] for s in job.get("steps", []) if "orch" in s.get("run", "")]


def test_the_expected_workflows_exist() -> None:
    assert sorted(all_workflows()) == [
        "deploy.yml",
        "destroy-workspace.yml",
        "pull-request.yml",
        "scheduled.yml",
    ]


def test_triggers() -> None:
    assert load("pull-request.yml")["on"] == {
        "pull_request": {"types": ["opened", "synchronize", "reopened", "closed"]}
    }
    assert load("deploy.yml")["on"] == {
        "push": {"branches": ["main", "develop", "release/**"], "tags": ["**"]}
    }
    dispatch = load("destroy-workspace.yml")["on"]["workflow_dispatch"]["inputs"]["action"]
    assert dispatch["options"] == ["destroy-workspace"] and dispatch["required"] is True
    scheduled = load("scheduled.yml")["on"]
    assert re.fullmatch(r"[\d*/,-]+( [\d*/,-]+){4}", scheduled["schedule"][0]["cron"])
    for name, data in all_workflows().items():
        assert "pull_request_target" not in data["on"], name


def test_top_level_permissions_are_read_only() -> None:
    for name, data in all_workflows().items():
        assert data["permissions"] == {"contents": "read"}, name


def test_only_jobs_that_assume_a_role_get_an_id_token() -> None:
    for workflow, name, job in jobs():
        assumes = steps_using(job, AWS_ACTION)
        permissions = job.get("permissions", {})
        assert (permissions.get("id-token") == "write") == bool(assumes), (workflow, name)
        assert set(permissions.values()) <= {"read", "write"}
        assert permissions.get("contents", "read") == "read", (workflow, name)
        for step in assumes:
            # One role per stage, held by the job's Environment (its OIDC `sub` in the trust).
            assert step["with"] == {
                "role-to-assume": "${{ vars.AWS_ROLE_ARN }}",
                "aws-region": "${{ vars.AWS_REGION }}",
            }
            assert job.get("environment"), (workflow, name)


def test_environments() -> None:
    found = {(w, name): job.get("environment") for w, name, job in jobs()}
    assert found == {
        ("deploy.yml", "decide"): None,
        ("deploy.yml", "dev"): "deploy-dev",
        ("deploy.yml", "int"): "deploy-int",
        ("deploy.yml", "prd"): "deploy-prd",
        ("destroy-workspace.yml", "destroy"): "destroy-feature-workspace",
        ("destroy-workspace.yml", "cleanup"): "feature-workspace",
        ("pull-request.yml", "checks"): None,
        ("pull-request.yml", "decide"): None,
        ("pull-request.yml", "workspace"): "feature-workspace",
        ("pull-request.yml", "teardown"): "feature-workspace",
        ("pull-request.yml", "cleanup"): "feature-workspace",
        ("scheduled.yml", "prune"): "feature-workspace",
        ("scheduled.yml", "drift"): "drift-${{ matrix.stage }}",
    }


def test_pull_request_credentials_never_reach_forks() -> None:
    for name, job in load("pull-request.yml")["jobs"].items():
        if job.get("permissions", {}).get("id-token") == "write":
            assert FORK_GUARD in job["if"], name


def test_every_job_calls_orch_the_readme_way() -> None:
    """Check out, `make setup` (the composite action), then `.venv/bin/orch` or `make`."""
    action = yaml.safe_load((ROOT / ".github/actions/setup/action.yml").read_text())
    assert [s.get("run") for s in action["runs"]["steps"] if "run" in s] == ["make setup"]
    for workflow, name, job in jobs():
        steps = job["steps"]
        assert str(steps[0]["uses"]).startswith("actions/checkout@"), (workflow, name)
        assert steps[0]["with"]["persist-credentials"] is False
        assert steps[1] == {"uses": SETUP_ACTION}, (workflow, name)
        for step in steps[2:]:
            command = step.get("run")
            if command is not None:
                assert command.startswith((".venv/bin/orch ", "make ")), (workflow, name)
                assert "${{" not in command, f"{workflow}:{name}: pass values through env"
        text = (WORKFLOWS / workflow).read_text()
        assert "pip install" not in text


def test_routing_matches_what_orch_ci_can_decide() -> None:
    """Each job runs the action its condition names; stage jobs match orch.toml's stages."""
    stages = list(load_config(ROOT / "orch.toml").promotion)
    deploy = load("deploy.yml")["jobs"]
    assert [name for name in deploy if name != "decide"] == stages
    for stage in stages:
        job = deploy[stage]
        assert f"'deploy:{stage}'" in job["if"]
        assert orch_runs(job) == [f".venv/bin/orch ci --only deploy:{stage}"]
        assert job["environment"] == f"deploy-{stage}"
    pr = load("pull-request.yml")["jobs"]
    assert orch_runs(pr["decide"]) == [".venv/bin/orch ci --dry-run"]
    assert pr["decide"]["outputs"] == {"actions": "${{ steps.decide.outputs.actions }}"}
    assert "'workspace:up'" in pr["workspace"]["if"]
    assert orch_runs(pr["workspace"]) == [".venv/bin/orch ci --only workspace:up"]
    assert "'workspace:down'" in pr["teardown"]["if"]
    assert orch_runs(pr["teardown"]) == [".venv/bin/orch ci --only workspace:down"]
    assert pr["workspace"]["needs"] == ["checks", "decide"]


def test_stages_deploy_in_promotion_order() -> None:
    deploy = load("deploy.yml")["jobs"]
    assert deploy["dev"]["needs"] == "decide"
    assert deploy["int"]["needs"] == ["decide", "dev"]
    assert deploy["prd"]["needs"] == ["decide", "int"]
    for stage in ("int", "prd"):
        assert deploy[stage]["if"].startswith("!cancelled() && !failure()")


def test_ensure_workspace_cleanup_is_a_check_that_calls_orch() -> None:
    for workflow in ("pull-request.yml", "destroy-workspace.yml"):
        [job] = [
            j
            for j in load(workflow)["jobs"].values()
            if j.get("name") == "Ensure workspace cleanup"
        ]
        assert orch_runs(job) == [".venv/bin/orch ci --check-cleanup"]
        assert "!cancelled()" in job["if"]  # reports even when the teardown failed


def test_applies_are_never_cancelled_and_checks_are() -> None:
    for workflow, name, job in jobs():
        concurrency = job.get("concurrency")
        assert concurrency, f"{workflow}:{name} has no concurrency group"
        runs = " ".join(orch_runs(job))
        if "--only" in runs or "prune" in runs:
            assert concurrency["cancel-in-progress"] is False, (workflow, name)
    pr = load("pull-request.yml")["jobs"]
    assert pr["checks"]["concurrency"] == {
        "group": "checks-${{ github.event.pull_request.number }}",
        "cancel-in-progress": True,
    }
    # Up and teardown of one branch share a group: a teardown waits for an apply in progress.
    group = "feature-workspace-${{ github.head_ref }}"
    assert (
        pr["workspace"]["concurrency"]["group"] == pr["teardown"]["concurrency"]["group"] == group
    )
    destroy = load("destroy-workspace.yml")["jobs"]["destroy"]
    assert destroy["concurrency"]["group"] == "feature-workspace-${{ github.ref_name }}"


@pytest.mark.parametrize(
    "path", sorted([*WORKFLOWS.glob("*.yml"), ROOT / ".github/actions/setup/action.yml"])
)
def test_third_party_actions_are_pinned_by_sha_with_their_version(path: Path) -> None:
    for line in path.read_text().splitlines():
        if "uses:" in line and SETUP_ACTION not in line:
            assert PINNED.match(line), f"{path.name}: not pinned by SHA with a version: {line}"
