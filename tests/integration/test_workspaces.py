"""Feature workspaces end to end: moto server, the embedded Terraform, the real CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import OrchRunner, keys

pytestmark = pytest.mark.integration

BRANCH = "feature/WEDATAIN-1234-some-feature"
WORKSPACE = "we-1234-some-feature"
BUCKET = "acme-tfstate-dev"
SECRET_VALUE = "tok-dev-5f1e9c2ab7"


def test_bootstrap_creates_a_protected_bucket_idempotently(orch: OrchRunner, s3: Any) -> None:
    first = json.loads(orch("bootstrap", "--stage", "dev", "--json").stdout)
    second = json.loads(orch("bootstrap", "--stage", "dev", "--json").stdout)
    assert first == {"bucket": BUCKET, "created": True}
    assert second == {"bucket": BUCKET, "created": False}
    assert s3.get_bucket_versioning(Bucket=BUCKET)["Status"] == "Enabled"
    rules = s3.get_bucket_encryption(Bucket=BUCKET)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    block = s3.get_public_access_block(Bucket=BUCKET)["PublicAccessBlockConfiguration"]
    assert all(block.values())


def test_workspace_up_list_down(seeded: OrchRunner, s3: Any) -> None:
    up = seeded("workspace", "up", "--branch", BRANCH, "--json")
    assert json.loads(up.stdout) == [
        {
            "stack": "sample",
            "workspace": WORKSPACE,
            "action": "apply",
            "add": 2,
            "change": 0,
            "destroy": 0,
            "resources": 2,
        }
    ]
    # The state lands under the workspace prefix; the stage's own state is untouched.
    state_key = f"workspaces/{WORKSPACE}/sample/terraform.tfstate"
    assert state_key in keys(s3, BUCKET)
    assert "sample/terraform.tfstate" not in keys(s3, BUCKET)
    state = json.loads(s3.get_object(Bucket=BUCKET, Key=state_key)["Body"].read())
    inputs = sorted(i["attributes"]["input"]["value"] for i in state["resources"][0]["instances"])
    assert inputs == [f"acme-dev-{WORKSPACE}-item-0", f"acme-dev-{WORKSPACE}-item-1"]
    assert SECRET_VALUE not in up.stdout + up.stderr

    again = seeded("workspace", "up", "--branch", BRANCH, "--json")
    assert json.loads(again.stdout)[0]["add"] == 0  # idempotent

    listed = json.loads(seeded("workspace", "list", "--json").stdout)
    assert [(w["workspace"], w["branch"], w["stage"], w["resources"]) for w in listed] == [
        (WORKSPACE, BRANCH, "dev", 2)
    ]
    assert listed[0]["last_apply"]

    outputs = json.loads(seeded("output", "--branch", BRANCH).stdout)
    assert outputs["sample"]["prefix"] == f"acme-dev-{WORKSPACE}"
    assert outputs["sample"]["token_echo"] == "(sensitive)"

    down = json.loads(seeded("workspace", "down", "--branch", BRANCH, "--json").stdout)
    assert down[0]["action"] == "destroy" and down[0]["destroy"] == 2
    assert keys(s3, BUCKET, "workspaces/") == []
    assert keys(s3, BUCKET, "orch/workspaces/") == []
    assert json.loads(seeded("workspace", "list", "--json").stdout) == []
    # Down again: nothing left, still a success.
    assert (
        json.loads(seeded("workspace", "down", "--branch", BRANCH, "--json").stdout)[0]["action"]
        == "absent"
    )


def test_a_name_owned_by_another_branch_is_refused(seeded: OrchRunner, s3: Any) -> None:
    seeded("workspace", "up", "--branch", "feature/WEDATAIN-7-x")
    # `we-7-x` from a plain branch name collides with the ticket branch: loud, not silent.
    clash = seeded("workspace", "up", "--branch", "we-7-x", check=False)
    assert clash.returncode == 1
    assert "already belongs to branch 'feature/WEDATAIN-7-x'" in clash.stderr
    assert keys(s3, BUCKET, "workspaces/") == ["workspaces/we-7-x/sample/terraform.tfstate"]


def test_prune_tears_down_only_expired_workspaces(seeded: OrchRunner, s3: Any) -> None:
    seeded("workspace", "up", "--branch", "feature/AB-1-old")
    dry = json.loads(
        seeded("workspace", "prune", "--older-than", "1h", "--json", "--dry-run").stdout
    )
    assert dry == {"dry_run": True, "expired": []}
    # With a zero TTL everything is expired; dry run changes nothing.
    dry = json.loads(
        seeded("workspace", "prune", "--older-than", "0s", "--dry-run", "--json").stdout
    )
    assert [w["workspace"] for w in dry["expired"]] == ["ab-1-old"]
    assert keys(s3, BUCKET, "workspaces/")
    pruned = json.loads(seeded("workspace", "prune", "--older-than", "0s", "--json").stdout)
    assert [w["workspace"] for w in pruned["expired"]] == ["ab-1-old"]
    assert keys(s3, BUCKET, "workspaces/") == []


def test_stage_plan_apply_output(seeded: OrchRunner, s3: Any) -> None:
    plan = json.loads(seeded("plan", "--stage", "int", "--json").stdout)
    assert plan[0]["add"] == 2 and plan[0]["workspace"] == "default"
    assert keys(s3, "acme-tfstate-int") == []  # a plan writes no state
    seeded("apply", "--stage", "dev")
    seeded("apply", "--stage", "int")
    assert "sample/terraform.tfstate" in keys(s3, "acme-tfstate-int")
    outputs = json.loads(seeded("output", "--stage", "int").stdout)
    assert outputs["sample"]["prefix"] == "acme-int"


def test_the_binary_engine_runs_the_same_flow(
    seeded: OrchRunner, aws_env: dict[str, str], s3: Any
) -> None:
    binary = shutil.which("terraform")
    if binary is None:
        pytest.skip("no terraform binary on PATH: the binary engine cannot be exercised here")
    env = {**aws_env, "ORCH_TF_ENGINE": binary}
    up = json.loads(seeded("workspace", "up", "--branch", BRANCH, "--json", env=env).stdout)
    assert up[0]["add"] == 2
    seeded("workspace", "down", "--branch", BRANCH, env=env)
    assert keys(s3, BUCKET, "workspaces/") == []


def test_local_mode_starts_and_stops_its_own_server(project_dir: Path) -> None:
    import subprocess
    import sys

    from orchestrator import local

    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("AWS_")}
    run = [sys.executable, "-m", "orchestrator"]
    up = subprocess.run(
        [*run, "local", "up"], cwd=project_dir, env=env, capture_output=True, text=True, timeout=120
    )
    assert up.returncode == 0, up.stderr
    server = local.running_server(project_dir / ".orch")
    assert server is not None and server.alive()
    try:
        result = subprocess.run(
            [*run, "workspace", "up", "--local", "--branch", BRANCH, "--json"],
            cwd=project_dir,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)[0]["resources"] == 2
    finally:
        down = subprocess.run(
            [*run, "local", "down"],
            cwd=project_dir,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert down.returncode == 0 and "stopped" in down.stdout
    assert not local._pid_exists(server.pid)
    assert local.running_server(project_dir / ".orch") is None


def test_the_branch_defaults_to_the_checked_out_one(
    seeded: OrchRunner, project_dir: Path, s3: Any
) -> None:
    from tests.conftest import git

    git(project_dir, "checkout", "-q", "-b", "feature/AB-5-here")
    up = json.loads(seeded("workspace", "up", "--json").stdout)
    assert up[0]["workspace"] == "ab-5-here"
    listed = json.loads(seeded("workspace", "list", "--json").stdout)
    assert [(w["workspace"], w["branch"]) for w in listed] == [("ab-5-here", "feature/AB-5-here")]
    seeded("workspace", "down")
    assert keys(s3, BUCKET, "workspaces/") == []
    git(project_dir, "checkout", "-q", "--detach")
    detached = seeded("workspace", "up", check=False)
    assert detached.returncode == 1 and "detached HEAD): pass --branch" in detached.stderr
