"""The real data-platform stack through `orch`, on the embedded AWS with the offline provider."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import commit_all, git
from tests.helpers import ORCH, keys, local_client

pytestmark = pytest.mark.integration

REPO = Path(__file__).parents[2]
BRANCH = "feature/WEDATAIN-1234-some-feature"


@pytest.fixture
def platform(tmp_path: Path, aws_env: dict[str, str]) -> tuple[Path, dict[str, str]]:
    """The project's own configuration, stack and modules, seeded like a new account."""
    root = tmp_path / "platform"
    root.mkdir()
    shutil.copy(REPO / "orch.toml", root)
    for folder in ("environments", "modules"):
        shutil.copytree(
            REPO / folder, root / folder, ignore=shutil.ignore_patterns(".terraform*", "*.tfstate*")
        )
    (root / ".gitignore").write_text(".orch/\nbuild/\n")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "platform")
    env = {**aws_env, "ORCH_PROVIDER": "stand-in"}  # the registry may answer elsewhere
    for stage in ("dev", "int", "prd"):
        run(root, env, "bootstrap", "--stage", stage)
    client = local_client(env["AWS_ENDPOINT_URL"], "secretsmanager")
    for stage in ("dev", "int", "prd"):
        text = (root / "environments/data_platform/tfvars" / f"{stage}.tfvars.example").read_text()
        client.create_secret(
            Name=f"github-actions-dataplat-data_platform-{stage}", SecretString=text
        )
    return root, env


def run(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [*ORCH, *args], cwd=root, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"orch {args}: {result.stderr[-3000:]}"
    return result


def test_a_feature_workspace_of_the_real_stack_comes_and_goes(
    platform: tuple[Path, dict[str, str]], s3: Any
) -> None:
    root, env = platform
    up = json.loads(run(root, env, "workspace", "up", "--branch", BRANCH, "--json").stdout)
    assert up[0]["add"] > 50 and up[0]["resources"] == up[0]["add"]
    again = json.loads(run(root, env, "workspace", "up", "--branch", BRANCH, "--json").stdout)
    assert (again[0]["add"], again[0]["change"], again[0]["destroy"]) == (0, 0, 0)
    outputs = json.loads(run(root, env, "output", "--branch", BRANCH).stdout)["data_platform"]
    assert outputs["name_prefix"] == "dataplat-dev-we-1234-some-feature"
    assert outputs["state_machine_arn"].startswith("arn:aws:states:eu-west-1:")
    down = json.loads(run(root, env, "workspace", "down", "--branch", BRANCH, "--json").stdout)
    assert down[0]["destroy"] == up[0]["add"]
    assert keys(s3, "dataplat-tfstate-dev", "workspaces/") == []
    # The project's files are untouched: no lock file with a stand-in hash, no state.
    assert not (root / "environments/data_platform/.terraform.lock.hcl").exists()
    assert git(root, "status", "--porcelain") == ""


def test_the_real_stack_is_promoted_dev_int_prd(
    platform: tuple[Path, dict[str, str]], s3: Any
) -> None:
    root, env = platform
    run(root, env, "apply", "--stage", "dev")
    run(root, env, "promote", "--to", "int")
    run(root, env, "promote", "--to", "prd")
    status = json.loads(run(root, env, "status", "--json").stdout)
    head = git(root, "rev-parse", "HEAD")
    assert {row["stage"]: row["commit"] for row in status["stages"]} == {
        "dev": head,
        "int": head,
        "prd": head,
    }
    drift = subprocess.run(
        [*ORCH, "drift", "--stage", "prd", "--json"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert drift.returncode == 0, drift.stdout + drift.stderr
    assert "data_platform/terraform.tfstate" in keys(s3, "dataplat-tfstate-prd")
