"""The offline stand-in provider under real Terraform: init, validate, test, plan, apply, destroy.

Every command runs through the orchestrator's Terraform adapter, with the embedded engine and,
where installed, the terraform binary.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from orchestrator.errors import TerraformError
from orchestrator.offline_provider.schema import DEFAULT_SCHEMA_FILE
from orchestrator.offline_provider.testing import (  # noqa: F401  (fixtures)
    OfflineMirror,
    engine_fixture,
    offline_mirror_fixture,
    parent_of,
    processes_matching,
    wait_until_gone,
)
from orchestrator.terraform import Engine, Terraform, resolve_engine
from orchestrator.terraform.args import (
    apply_args,
    destroy_args,
    init_args,
    plan_args,
    validate_args,
)
from orchestrator.terraform.args import test_args as terraform_test_args

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).parents[1] / "fixtures" / "provider"
ANY_EXIT = tuple(range(256))


def _copy_stack(tmp_path: Path) -> Path:
    target = tmp_path / "stack"
    shutil.copytree(FIXTURES / "stack", target)
    return target


def _validate_json(terraform: Terraform) -> dict[str, Any]:
    result = terraform.run(validate_args(), ok_codes=ANY_EXIT)
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def _no_provider_left(data_dir: Path) -> None:
    # The provider runs from the data dir's copy, so its command line names the data dir.
    left = wait_until_gone(processes_matching(str(data_dir)), timeout=1.0)
    assert left == [], f"provider processes outlived the Terraform command: {left}"


# --- init and validate --------------------------------------------------------------------


def test_init_and_validate_pass_on_the_fixture_stack(
    engine: Engine, offline_mirror: OfflineMirror, tmp_path: Path
) -> None:
    stack = _copy_stack(tmp_path)
    terraform = offline_mirror.terraform(engine, stack, tmp_path / "data")

    init = terraform.run(init_args(backend=False))
    validation = _validate_json(terraform)

    assert "Installing hashicorp/aws v6.47.0" in init.stdout
    assert validation["valid"] is True, validation["diagnostics"]
    assert validation["error_count"] == 0
    _no_provider_left(tmp_path / "data")


def test_terraform_reads_back_exactly_the_schema_file(
    offline_mirror: OfflineMirror, tmp_path: Path
) -> None:
    shutil.copy(FIXTURES / "stack" / "versions.tf", tmp_path / "versions.tf")
    terraform = offline_mirror.terraform(_embedded(), tmp_path, tmp_path / ".data")
    terraform.run(init_args(backend=False))

    served = json.loads(terraform.run(["providers", "schema", "-json"]).stdout)

    original = json.loads(gzip.decompress(DEFAULT_SCHEMA_FILE.read_bytes()))
    address = "registry.terraform.io/hashicorp/aws"
    assert served["provider_schemas"][address] == original["provider_schemas"][address]


@pytest.fixture(scope="module")
def broken_workdir(
    tmp_path_factory: pytest.TempPathFactory, offline_mirror: OfflineMirror
) -> tuple[Path, Path]:
    """An initialised folder whose main.tf each negative case replaces."""
    workdir = tmp_path_factory.mktemp("broken")
    shutil.copy(FIXTURES / "stack" / "versions.tf", workdir / "versions.tf")
    data_dir = workdir.parent / f"{workdir.name}-data"
    engine_ = _embedded()
    offline_mirror.terraform(engine_, workdir, data_dir).run(init_args(backend=False))
    return workdir, data_dir


def _embedded() -> Engine:
    return resolve_engine("embedded")


# (case file, Terraform's summary, words of Terraform's detail)
BROKEN_CASES = [
    (
        "wrong_argument_name.tf",
        "Unsupported argument",
        'An argument named "tpye" is not expected here. Did you mean "type"?',
    ),
    (
        "missing_required_argument.tf",
        "Missing required argument",
        'The argument "role_arn" is required, but no definition was found.',
    ),
    (
        "block_in_wrong_place.tf",
        "Unsupported block type",
        'Blocks of type "action" are not expected here.',
    ),
    (
        "wrong_type.tf",
        "Incorrect attribute value type",
        'Inappropriate value for attribute "number_of_workers": a number is required.',
    ),
    (
        "unknown_resource_type.tf",
        "Invalid resource type",
        'The provider hashicorp/aws does not support resource type "aws_glue_jobs".',
    ),
    (
        "bad_enum_value.tf",
        'expected type to be one of ["STANDARD" "EXPRESS"], got STANDRD',
        "",
    ),
]


@pytest.mark.parametrize(("case", "summary", "detail"), BROKEN_CASES)
def test_validate_fails_with_terraforms_message(
    broken_workdir: tuple[Path, Path],
    offline_mirror: OfflineMirror,
    case: str,
    summary: str,
    detail: str,
) -> None:
    workdir, data_dir = broken_workdir
    shutil.copy(FIXTURES / "broken" / case, workdir / "main.tf")
    terraform = offline_mirror.terraform(_embedded(), workdir, data_dir)

    validation = _validate_json(terraform)

    assert validation["valid"] is False
    errors = [d for d in validation["diagnostics"] if d["severity"] == "error"]
    assert [e["summary"] for e in errors] == [summary]
    assert detail in errors[0]["detail"]
    assert errors[0]["range"]["filename"] == "main.tf"


def test_the_terraform_binary_reports_the_same_mistakes(
    engine: Engine, offline_mirror: OfflineMirror, tmp_path: Path
) -> None:
    shutil.copy(FIXTURES / "stack" / "versions.tf", tmp_path / "versions.tf")
    shutil.copy(FIXTURES / "broken" / "wrong_argument_name.tf", tmp_path / "main.tf")
    terraform = offline_mirror.terraform(engine, tmp_path, tmp_path / ".data")
    terraform.run(init_args(backend=False))

    validation = _validate_json(terraform)

    assert [d["summary"] for d in validation["diagnostics"]] == ["Unsupported argument"]


# --- terraform test with mock_provider ----------------------------------------------------


def test_terraform_test_runs_plan_and_apply_with_a_mocked_provider(
    engine: Engine, offline_mirror: OfflineMirror, tmp_path: Path
) -> None:
    stack = _copy_stack(tmp_path)
    terraform = offline_mirror.terraform(engine, stack, tmp_path / "data")
    terraform.run(init_args(backend=False))

    result = terraform.run(terraform_test_args())

    assert 'run "plan_names"... pass' in result.stdout
    assert 'run "apply_with_mocks"... pass' in result.stdout
    assert "Success! 2 passed, 0 failed." in result.stdout


def test_an_assert_that_should_fail_fails(offline_mirror: OfflineMirror, tmp_path: Path) -> None:
    stack = _copy_stack(tmp_path)
    shutil.copy(FIXTURES / "failing_assert.tftest.hcl", stack / "tests" / "failing.tftest.hcl")
    terraform = offline_mirror.terraform(_embedded(), stack, tmp_path / "data")
    terraform.run(init_args(backend=False))

    result = terraform.run(terraform_test_args(), ok_codes=ANY_EXIT)

    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert 'run "wrong_expectation"... fail' in output
    assert "Expected failure: the fixture's Glue job uses G.1X workers." in output
    assert "2 passed, 1 failed" in output


# --- plan, apply, no-op plan, destroy -----------------------------------------------------


def test_plan_apply_replan_destroy(
    engine: Engine, offline_mirror: OfflineMirror, tmp_path: Path
) -> None:
    stack = _copy_stack(tmp_path)
    data_dir = tmp_path / "data"
    terraform = offline_mirror.terraform(engine, stack, data_dir)
    terraform.run(init_args(backend=False))

    plan = terraform.run(plan_args(out=tmp_path / "tfplan"))
    assert plan.change_summary is not None and plan.change_summary.add == 6
    _no_provider_left(data_dir)

    apply = terraform.run(apply_args(plan_file=tmp_path / "tfplan"))
    outputs = {name: spec["value"] for name, spec in apply.outputs.items()}
    assert outputs["role_arn"] == "arn:aws:iam::123456789012:role/orch-fixture-role"
    assert (
        outputs["state_machine_arn"]
        == "arn:aws:states:eu-west-1:123456789012:stateMachine:orch-fixture-pipeline"
    )
    assert outputs["glue_job_id"] == "orch-fixture-etl"
    assert outputs["layer_version_arn"] == (
        "arn:aws:lambda:eu-west-1:123456789012:layer:orch-fixture-deps:1"
    )
    assert outputs["task_definition_arn"] == (
        "arn:aws:ecs:eu-west-1:123456789012:task-definition/orch-fixture-task:1"
    )
    assert (
        outputs["pipeline_arn"]
        == "arn:aws:codepipeline:eu-west-1:123456789012:orch-fixture-delivery"
    )
    assert outputs["role_tags_all"] == {"project": "orch-fixture"}
    assert outputs["assume_role_statements"] == [
        {
            "Sid": "Services",
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Principal": {
                "Service": [
                    "states.amazonaws.com",
                    "glue.amazonaws.com",
                    "codepipeline.amazonaws.com",
                ]
            },
            "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}},
        }
    ]
    _no_provider_left(data_dir)

    replan = terraform.run(plan_args(detailed_exitcode=True))
    assert replan.returncode == 0  # 2 would mean changes
    assert replan.change_summary is not None and replan.change_summary.total == 0

    destroy = terraform.run(destroy_args())
    assert destroy.change_summary is not None and destroy.change_summary.remove == 6
    state = json.loads((stack / "terraform.tfstate").read_text())
    assert state["resources"] == [] or all(r["mode"] == "data" for r in state["resources"])
    _no_provider_left(data_dir)


def test_a_changed_argument_plans_an_update_and_keeps_computed_values(
    offline_mirror: OfflineMirror, tmp_path: Path
) -> None:
    stack = _copy_stack(tmp_path)
    terraform = offline_mirror.terraform(_embedded(), stack, tmp_path / "data")
    terraform.run(init_args(backend=False))
    terraform.run(apply_args())
    main = stack / "main.tf"
    main.write_text(main.read_text().replace('worker_type       = "G.1X"', 'worker_type = "G.2X"'))

    plan = terraform.run(plan_args(detailed_exitcode=True), ok_codes=(2,))

    changes = {c["resource"]["addr"]: c["action"] for c in plan.planned_changes}
    assert changes == {"aws_glue_job.this": "update"}


# --- the provider process -----------------------------------------------------------------


def test_the_provider_dies_with_a_killed_terraform(
    offline_mirror: OfflineMirror, tmp_path: Path
) -> None:
    stack = _copy_stack(tmp_path)
    data_dir = tmp_path / "data"
    terraform = offline_mirror.terraform(_embedded(), stack, data_dir)
    terraform.run(init_args(backend=False))

    def plan(done: threading.Event) -> None:
        try:
            terraform.run(plan_args(), ok_codes=ANY_EXIT)
        except TerraformError as exc:
            assert exc.returncode == -signal.SIGKILL
        finally:
            done.set()

    for _attempt in range(5):
        done = threading.Event()
        runner = threading.Thread(target=plan, args=(done,))
        runner.start()
        provider = _first_provider(str(data_dir), done)
        if provider is None:
            runner.join()
            continue
        terraform_pid = parent_of(provider)
        os.kill(terraform_pid, signal.SIGKILL)
        runner.join()
        if not Path(f"/proc/{provider}").exists():
            continue  # it had finished just before the kill; try again
        assert wait_until_gone([provider], timeout=3.0) == [], "the provider outlived Terraform"
        return
    pytest.fail("never caught a provider process while Terraform was running")


def _first_provider(marker: str, done: threading.Event) -> int | None:
    while not done.is_set():
        found = processes_matching(marker)
        if found:
            return found[0]
        time.sleep(0.01)
    return None
