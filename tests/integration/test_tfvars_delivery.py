"""How tfvars reach Terraform: a pipe for engines that read var files once, a file for OpenTofu;
and a bad secret stops Terraform before it has read or locked anything."""

from __future__ import annotations

import json
import shutil
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import commit_all
from tests.helpers import OrchRunner, keys

pytestmark = pytest.mark.integration

BUCKETS = ("acme-tfstate-dev", "acme-tfstate-int", "acme-tfstate-prd")
TOKEN = "delivery-token-5521"


def recording_engine(folder: Path, name: str) -> tuple[Path, Path]:
    """The embedded engine behind a binary named `name`, logging what kind of var file it got."""
    log = folder / "var-files.log"
    script = folder / name
    script.write_text(
        "#!/bin/sh\n"
        'for arg in "$@"; do case "$arg" in -var-file=*)\n'
        '  file="${arg#-var-file=}"\n'
        f'  if [ -p "$file" ]; then echo pipe >> "{log}"; '
        f'elif [ -f "$file" ]; then echo file >> "{log}"; fi;;\n'
        "esac; done\n"
        f'exec "{sys.executable}" -m orchestrator.terraform._embedded "$@"\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, log


@pytest.mark.parametrize(("name", "delivery"), [("terraform", "pipe"), ("tofu", "file")])
def test_tfvars_reach_terraform_and_nothing_is_left_behind(
    seeded: OrchRunner,
    secrets: Any,
    aws_env: dict[str, str],
    tmp_path: Path,
    name: str,
    delivery: str,
) -> None:
    secrets.put_secret_value(
        SecretId="github-actions-acme-sample-dev",
        SecretString=f'stage = "dev"\nitems = 3\napi_token = "{TOKEN}"\n',
    )
    engine, log = recording_engine(tmp_path, name)
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**aws_env, "ORCH_TF_ENGINE": str(engine), "TMPDIR": str(temp)}
    plan = seeded("plan", "--stage", "dev", "--json", env=env)
    assert json.loads(plan.stdout)[0]["add"] == 3  # `items` came from the secret
    seeded("apply", "--stage", "dev", env=env)
    outputs = seeded("output", "--stage", "dev", env=env)
    assert TOKEN not in plan.stdout + plan.stderr + outputs.stdout + outputs.stderr
    assert json.loads(outputs.stdout)["sample"]["token_echo"] == "(sensitive)"
    assert set(log.read_text().split()) == {delivery}
    assert list(temp.iterdir()) == []  # no tfvars file or pipe outlives the run


def test_a_bad_secret_stops_the_started_terraform_before_it_acts(
    seeded: OrchRunner, secrets: Any, s3: Any, aws_env: dict[str, str], tmp_path: Path
) -> None:
    seeded("apply", "--stage", "dev")
    before = {bucket: keys(s3, bucket) for bucket in BUCKETS}
    secrets.put_secret_value(
        SecretId="github-actions-acme-sample-dev",
        SecretString=f'stage = "dev"\napi_token = "{TOKEN}\n',
    )
    env = {**aws_env, "TMPDIR": str(tmp_path)}
    for command in (["plan", "--stage", "dev"], ["apply", "--stage", "dev"]):
        result = seeded(*command, check=False, env=env)
        assert result.returncode == 1, result.stderr
        assert "secret 'github-actions-acme-sample-dev', line 2" in result.stderr
        assert TOKEN not in result.stdout + result.stderr
        assert {bucket: keys(s3, bucket) for bucket in BUCKETS} == before  # no lock, no state
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("orch-")] == []


def test_a_missing_secret_of_a_later_stack_stops_the_first_one(
    seeded: OrchRunner, s3: Any, project_dir: Path
) -> None:
    shutil.copytree(project_dir / "environments/sample", project_dir / "environments/other")
    config = project_dir / "orch.toml"
    config.write_text(config.read_text() + '\n[stacks.other]\npath = "environments/other"\n')
    commit_all(project_dir, "a second stack, whose secret nobody created")
    before = {bucket: keys(s3, bucket) for bucket in BUCKETS}
    for command in (["plan", "--stage", "dev"], ["apply", "--stage", "dev"]):
        result = seeded(*command, check=False)
        assert result.returncode == 1, result.stderr
        assert "the tfvars secret 'github-actions-acme-other-dev' does not exist" in result.stderr
        assert {bucket: keys(s3, bucket) for bucket in BUCKETS} == before
