"""An environment with a committed lock file, applied with the stand-in and an S3 backend on moto.

This is what `orch workspace up` does offline: prepare the stand-in, run init/plan/apply in its
shadow tree with the CLI config it returns, state in the (embedded) S3 backend.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from orchestrator.offline_provider.standin import stand_in
from orchestrator.terraform import Terraform, build_env, resolve_engine
from orchestrator.terraform.args import apply_args, destroy_args, init_args, plan_args

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).parents[1] / "fixtures" / "provider"
REGISTRY_LOCK = """\
provider "registry.terraform.io/hashicorp/aws" {
  version     = "6.47.0"
  constraints = "6.47.0"
  hashes = [
    "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
  ]
}
"""


def test_apply_an_environment_with_a_registry_lock_file_on_an_s3_backend(
    tmp_path: Path, aws_env: dict[str, str], s3: Any
) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "stack", project / "modules" / "stack")
    environment = project / "environments" / "data"
    environment.mkdir(parents=True)
    shutil.copy(FIXTURES / "stack" / "versions.tf", environment / "versions.tf")
    (environment / "main.tf").write_text(
        'terraform {\n  backend "s3" {}\n}\n\n'
        'module "stack" {\n  source = "../../modules/stack"\n\n  name = "data"\n}\n\n'
        'output "role_arn" {\n  value = module.stack.role_arn\n}\n'
    )
    lock = environment / ".terraform.lock.hcl"
    lock.write_text(REGISTRY_LOCK)
    s3.create_bucket(Bucket="state", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    endpoint = aws_env["AWS_ENDPOINT_URL"]
    backend = tmp_path / "backend.hcl"
    backend.write_text(
        'bucket = "state"\nkey = "data/terraform.tfstate"\nregion = "eu-west-1"\n'
        f'use_lockfile = true\nendpoints = {{ s3 = "{endpoint}", sts = "{endpoint}" }}\n'
        "use_path_style = true\nskip_credentials_validation = true\n"
        "skip_requesting_account_id = true\nskip_metadata_api_check = true\n"
        "skip_region_validation = true\n"
    )

    with stand_in(project) as offline:
        cli_config = tmp_path / "terraformrc"
        cli_config.write_text(offline.cli_config)
        env = build_env(aws_env, data_dir=tmp_path / "data", cli_config_file=cli_config)
        terraform = Terraform(resolve_engine("embedded"), offline.workdir(environment), env)

        terraform.run([*init_args(), f"-backend-config={backend}"])
        terraform.run(plan_args(out=tmp_path / "tfplan"))
        applied = terraform.run(apply_args(plan_file=tmp_path / "tfplan"))
        replan = terraform.run(plan_args(detailed_exitcode=True))
        state = json.loads(
            s3.get_object(Bucket="state", Key="data/terraform.tfstate")["Body"].read()
        )
        terraform.run(destroy_args())

    assert applied.outputs["role_arn"]["value"] == "arn:aws:iam::123456789012:role/data-role"
    assert replan.returncode == 0
    managed = [r for r in state["resources"] if r["mode"] == "managed"]
    assert len(managed) == 6
    assert lock.read_text() == REGISTRY_LOCK
    assert not (environment / ".terraform").exists()
