"""Bad input: a clear message, a non-zero exit, and nothing created or destroyed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import OrchRunner, keys

pytestmark = pytest.mark.integration

BUCKETS = ("acme-tfstate-dev", "acme-tfstate-int", "acme-tfstate-prd")
SECRET_TEXT = "zz-topsecret-value-91"


def snapshot(s3: Any) -> dict[str, list[str]]:
    return {bucket: keys(s3, bucket) for bucket in BUCKETS}


@pytest.fixture
def deployed(seeded: OrchRunner) -> OrchRunner:
    """A feature workspace and the int stage with resources in them: things to not destroy."""
    seeded("workspace", "up", "--branch", "feature/AB-1-live")
    seeded("apply", "--stage", "dev")
    seeded("apply", "--stage", "int")
    return seeded


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["plan", "--stage", "qa"],
            "unknown stage 'qa': the stages in orch.toml are dev, int, prd",
        ),
        (["apply", "--stage", "int", "--stack", "web"], "unknown stack 'web'"),
        (["workspace", "up", "--branch", "feature/AB-1-x", "--stack", "web"], "unknown stack"),
        (["workspace", "up", "--branch", "prd"], "reserved for a stage"),
        (["workspace", "down", "--branch", "int"], "reserved for a stage"),
        (["workspace", "down", "--branch", "feature/dev"], "reserved for a stage"),
        (["workspace", "down", "--workspace", "prd"], "it names a stage"),
        (["workspace", "down", "--workspace", "default"], "it names a stage"),
        (["workspace", "up", "--branch", "feature/a b"], "not a valid git branch name"),
        (["workspace", "up", "--branch", "feature/../../x"], "not a valid git branch name"),
        (["workspace", "prune", "--older-than", "soon"], "is not a duration"),
        (["force-unlock", "--lock-id", "x", "--stage", "int", "--branch", "b"], "either a stage"),
    ],
)
def test_refusals_change_nothing(
    deployed: OrchRunner, s3: Any, args: list[str], message: str
) -> None:
    before = snapshot(s3)
    result = deployed(*args, check=False)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(s3) == before


def test_a_missing_secret_is_named_with_the_fix(
    deployed: OrchRunner, s3: Any, secrets: Any
) -> None:
    secrets.delete_secret(
        SecretId="github-actions-acme-sample-dev", ForceDeleteWithoutRecovery=True
    )
    before = snapshot(s3)
    result = deployed("workspace", "up", "--branch", "feature/AB-2-new", check=False)
    assert result.returncode == 1
    assert "the tfvars secret 'github-actions-acme-sample-dev' does not exist in eu-west-1" in (
        result.stderr
    )
    assert "aws secretsmanager create-secret" in result.stderr
    assert snapshot(s3) == before
    down = deployed("workspace", "down", "--branch", "feature/AB-1-live", check=False)
    assert down.returncode == 1 and snapshot(s3) == before


def test_malformed_tfvars_name_the_secret_and_line_not_the_value(
    deployed: OrchRunner, s3: Any, secrets: Any
) -> None:
    secrets.put_secret_value(
        SecretId="github-actions-acme-sample-int",
        SecretString=f'stage = "int"\napi_token = "{SECRET_TEXT}\n',
    )
    before = snapshot(s3)
    result = deployed("apply", "--stage", "int", check=False)
    assert result.returncode == 1
    assert "secret 'github-actions-acme-sample-int', line 2: a quoted string is not closed" in (
        result.stderr
    )
    assert SECRET_TEXT not in result.stdout + result.stderr
    assert snapshot(s3) == before


def test_a_secret_for_another_stage_is_refused(deployed: OrchRunner, s3: Any, secrets: Any) -> None:
    secrets.put_secret_value(
        SecretId="github-actions-acme-sample-int", SecretString='stage = "prd"\nitems = 9\n'
    )
    before = snapshot(s3)
    result = deployed("apply", "--stage", "int", check=False)
    assert result.returncode == 1 and "belongs to a different stage" in result.stderr
    assert snapshot(s3) == before


def test_missing_and_malformed_configuration(orch: OrchRunner, project_dir: Path, s3: Any) -> None:
    (project_dir / "orch.toml").write_text("project = 'acme'\n[stages.dev\n")
    result = orch("workspace", "list", check=False)
    assert result.returncode == 1 and "orch.toml is not valid TOML" in result.stderr
    (project_dir / "orch.toml").unlink()
    result = orch("workspace", "up", "--branch", "feature/AB-1-x", check=False)
    assert result.returncode == 1 and "no orch.toml found" in result.stderr
    assert s3.list_buckets()["Buckets"] == []


def test_a_terraform_error_in_the_stack_fails_cleanly(
    deployed: OrchRunner, project_dir: Path, s3: Any
) -> None:
    main_tf = project_dir / "environments/sample/main.tf"
    main_tf.write_text(main_tf.read_text() + '\noutput "broken" {\n  value = var.nope\n}\n')
    before = snapshot(s3)
    result = deployed("apply", "--stage", "dev", check=False)
    assert result.returncode == 1
    assert "Reference to undeclared input variable" in result.stderr
    assert "terraform plan failed" in result.stderr  # apply = a saved plan, then its apply
    assert "Traceback" not in result.stderr
    assert snapshot(s3) == before


def test_aws_failures_are_explained_not_dumped(
    orch: OrchRunner, aws_env: dict[str, str], tmp_path: Path
) -> None:
    no_credentials = {
        key: value
        for key, value in aws_env.items()
        if not key.startswith(("AWS_ACCESS_KEY", "AWS_SECRET", "AWS_SESSION", "AWS_PROFILE"))
    }
    no_credentials.update(
        HOME=str(tmp_path), AWS_EC2_METADATA_DISABLED="true", AWS_CONFIG_FILE=str(tmp_path / "c")
    )
    result = orch("status", check=False, env=no_credentials)
    assert result.returncode == 1
    assert "no AWS credentials were found" in result.stderr and "--local" in result.stderr
    missing_bucket = orch("status", check=False)  # no `orch bootstrap` ran: no state bucket
    assert missing_bucket.returncode == 1
    assert "NoSuchBucket; a state bucket does not exist: run `orch bootstrap" in (
        missing_bucket.stderr
    )
    for failed in (result, missing_bucket):
        assert "Traceback" not in failed.stderr and "unexpected error" not in failed.stderr
