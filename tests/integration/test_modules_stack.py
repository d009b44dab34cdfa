"""environments/data_platform end to end with the offline provider: plan with each stage's example
tfvars, apply with real layer zips (direct and through S3), re-plan to no change, destroy.

The stack is copied with the modules into a temporary tree whose backend is overridden to local,
so the run needs neither AWS nor the registry and leaves the repository untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from orchestrator.offline_provider.mirror import install_mirror
from orchestrator.terraform import Terraform, build_env, resolve_engine
from orchestrator.terraform.args import apply_args, destroy_args, init_args, plan_args
from orchestrator.zipper import zip_directory

REPO = Path(__file__).resolve().parents[2]
STACK = REPO / "environments" / "data_platform"


def test_committed_function_zip_matches_its_source() -> None:
    source = STACK / "functions" / "check_files"
    expected = {
        path.relative_to(source).as_posix(): path.read_bytes()
        for path in sorted(source.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }
    with zipfile.ZipFile(STACK / "functions" / "check_files.zip") as archive:
        committed = {name: archive.read(name) for name in archive.namelist()}

    assert committed == expected, (
        "functions/check_files.zip is stale: rebuild it as environments/data_platform/README.md "
        "says and commit it"
    )


@pytest.fixture
def stack(tmp_path: Path) -> Terraform:
    tree = tmp_path / "tree"
    shutil.copytree(REPO / "modules", tree / "modules")
    shutil.copytree(STACK, tree / "environments" / "data_platform", ignore=_ignore_state)
    workdir = tree / "environments" / "data_platform"
    (workdir / "backend_override.tf").write_text('terraform {\n  backend "local" {}\n}\n')
    cli_config = tmp_path / "terraformrc"
    cli_config.write_text(install_mirror(tmp_path / "mirror"))
    env = build_env(
        os.environ,
        data_dir=tmp_path / "tfdata",
        cli_config_file=cli_config,
        extra={
            "AWS_REGION": "eu-west-1",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
        },
    )
    terraform = Terraform(resolve_engine("embedded"), workdir, env, echo=None)
    terraform.run(init_args(backend=True, reconfigure=False), quiet=True)
    return terraform


def _ignore_state(folder: str, names: list[str]) -> list[str]:
    return [name for name in names if name in (".terraform", ".terraform.lock.hcl", "tfplan")]


def _var_file(path: Path, values: dict[str, object]) -> Path:
    path.write_text(json.dumps(values))
    return path


def _layers(tmp_path: Path) -> dict[str, object]:
    """Two real layer zips from the project's zip writer: one direct, one through S3."""
    content = tmp_path / "layer" / "python" / "shared"
    content.mkdir(parents=True)
    (content / "__init__.py").write_text("VALUE = 1\n")
    layers: dict[str, object] = {}
    for arch, via_s3 in (("x86_64", False), ("arm64", True)):
        built = zip_directory(tmp_path / "layer", tmp_path / f"common-{arch}.zip")
        layers[f"common-python312-{arch}"] = {
            "zip_path": str(built.path),
            "source_code_hash": built.source_code_hash,
            "compatible_runtimes": ["python3.12"],
            "compatible_architectures": [arch],
            "upload_via_s3": via_s3,
        }
    return layers


@pytest.mark.integration
@pytest.mark.parametrize("stage", ["dev", "int", "prd"])
def test_each_stage_example_tfvars_plans(stack: Terraform, tmp_path: Path, stage: str) -> None:
    tfvars = tmp_path / f"{stage}.tfvars"
    shutil.copy(STACK / "tfvars" / f"{stage}.tfvars.example", tfvars)
    orchestrator_vars = _var_file(
        tmp_path / "orch.tfvars.json",
        {"project": "dataplat", "stage": stage, "protected": stage == "prd"},
    )

    result = stack.run(plan_args([tfvars, orchestrator_vars]))

    summary = result.change_summary
    assert summary is not None and summary.add > 60 and summary.change == summary.remove == 0
    planned = {change["resource"]["addr"] for change in result.planned_changes}
    assert "module.pipeline.aws_sfn_state_machine.this" in planned
    assert "module.curate.aws_glue_job.this" in planned
    assert "module.cicd.aws_codepipeline.this" in planned


@pytest.mark.integration
def test_feature_workspace_applies_replans_clean_and_destroys(
    stack: Terraform, tmp_path: Path
) -> None:
    var_file = _var_file(
        tmp_path / "orch.tfvars.json",
        {
            "project": "dataplat",
            "stage": "dev",
            "workspace": "we-77-modules",
            "branch": "feature/WEDATAIN-77-modules",
            "protected": False,
            "layers": _layers(tmp_path),
        },
    )
    plan_file = tmp_path / "tfplan"

    stack.run(plan_args([var_file], out=plan_file), quiet=True)
    applied = stack.run(apply_args(plan_file=plan_file), quiet=True)

    outputs = {name: value["value"] for name, value in applied.outputs.items()}
    assert outputs["name_prefix"] == "dataplat-dev-we-77-modules"
    assert outputs["data_bucket_name"] == "dataplat-dev-we-77-modules-data"
    assert outputs["glue_database_name"] == "dataplat_dev_we_77_modules_curated"
    assert sorted(outputs["layer_version_arns"]) == [
        "common-python312-arm64",
        "common-python312-x86_64",
    ]

    replan = stack.run(plan_args([var_file], detailed_exitcode=True), ok_codes=(0,), quiet=True)
    assert replan.change_summary is not None and replan.change_summary.total == 0

    destroyed = stack.run(destroy_args([var_file]), quiet=True)
    assert destroyed.change_summary is not None and destroyed.change_summary.remove > 60


@pytest.mark.integration
def test_a_prefix_too_long_fails_the_plan_with_a_clear_message(
    stack: Terraform, tmp_path: Path
) -> None:
    from orchestrator.errors import TerraformError

    var_file = _var_file(
        tmp_path / "orch.tfvars.json",
        {
            "project": "dataplat",
            "stage": "dev",
            "workspace": "we-1234-a-feature-name-far-too-long-for-s3",
            "protected": False,
        },
    )

    with pytest.raises(TerraformError) as failure:
        stack.run(plan_args([var_file]), quiet=True)

    assert "Invalid value for variable" in str(failure.value)
