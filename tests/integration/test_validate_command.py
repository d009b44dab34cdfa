"""`orch validate` as a user runs it: a real CLI process, real Terraform, the offline provider."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).parents[1] / "fixtures" / "provider"
ORCH = [sys.executable, "-m", "orchestrator"]
REGISTRY_LOCK = """\
# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/hashicorp/aws" {
  version     = "6.47.0"
  constraints = "6.47.0"
  hashes = [
    "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    "zh:0000000000000000000000000000000000000000000000000000000000000000",
  ]
}
"""


def orch(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "ORCH_TF_ENGINE"}
    return subprocess.run(
        [*ORCH, "validate", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with a tested module, an example of it, and an environment with a lock file."""
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    shutil.copytree(FIXTURES / "stack", root / "modules" / "stack")
    example = root / "modules" / "stack" / "examples" / "basic"
    example.mkdir(parents=True)
    (example / "main.tf").write_text(
        'module "stack" {\n  source = "../../"\n\n  name = "example"\n}\n'
    )
    environment = root / "environments" / "prod"
    environment.mkdir(parents=True)
    shutil.copy(FIXTURES / "stack" / "versions.tf", environment / "versions.tf")
    (environment / "main.tf").write_text(
        'module "stack" {\n  source = "../../modules/stack"\n\n  name = "prod"\n}\n'
    )
    (environment / ".terraform.lock.hcl").write_text(REGISTRY_LOCK)
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_every_configuration_passes_and_the_project_is_left_as_it_was(project: Path) -> None:
    before = _files(project)

    result = orch("--provider", "stand-in", cwd=project)

    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("orch validate: 3 configuration(s), provider: offline stand-in")
    assert sorted(line.split(":")[0] for line in lines[1:-1]) == [
        "ok      environments/prod",
        "ok      modules/stack",
        "ok      modules/stack/examples/basic",
    ]
    assert all(line.endswith("[provider: stand-in]") for line in lines[1:-1])
    assert "test (2 passed, 0 failed)" in result.stdout
    # The committed lock file kept its registry hashes; Terraform wrote nothing into the tree.
    assert _files(project) == before


def test_failures_exit_non_zero_with_terraforms_diagnostics(project: Path) -> None:
    broken = project / "modules" / "broken"
    broken.mkdir()
    shutil.copy(FIXTURES / "stack" / "versions.tf", broken / "versions.tf")
    shutil.copy(FIXTURES / "broken" / "wrong_argument_name.tf", broken / "main.tf")
    (broken / "extra.tf").write_text("locals {\n  unformatted   =   1\n}\n")

    result = orch("--provider", "stand-in", "modules/broken", "modules/stack", cwd=project)

    assert result.returncode == 1
    assert "FAILED  modules/broken: fmt, validate failed [provider: stand-in]" in result.stdout
    assert "Error: Unsupported argument" in result.stdout
    assert 'An argument named "tpye" is not expected here.' in result.stdout
    assert "extra.tf" in result.stdout  # fmt's diff names the file
    assert "ok      modules/stack:" in result.stdout
    assert "1 of 2 configuration(s) failed: modules/broken" in result.stderr


def test_a_failing_test_assert_fails_the_run(project: Path) -> None:
    tests = project / "modules" / "stack" / "tests"
    shutil.copy(FIXTURES / "failing_assert.tftest.hcl", tests / "failing.tftest.hcl")

    result = orch("--provider", "stand-in", "modules/stack", cwd=project)

    assert result.returncode == 1
    assert "FAILED  modules/stack: test failed" in result.stdout
    assert "Expected failure: the fixture's Glue job uses G.1X workers." in result.stdout


def test_auto_mode_says_which_provider_it_used(project: Path) -> None:
    result = orch("modules/stack/examples/basic", cwd=project)

    assert result.returncode == 0, result.stdout + result.stderr
    header, folder = result.stdout.splitlines()[:2]
    # No registry answers on this machine; where one does, the real provider is named.
    kind = "stand-in" if "provider: offline stand-in" in header else "registry"
    assert kind == "registry" or "provider: offline stand-in" in header
    assert folder.endswith(f"[provider: {kind}]")


def test_another_providers_schema_file_is_served_the_same_way(tmp_path: Path) -> None:
    schema = {
        "format_version": "1.0",
        "provider_version": "0.3.0",
        "provider_schemas": {
            "registry.terraform.io/example/tiny": {
                "provider": {"version": 0, "block": {}},
                "resource_schemas": {
                    "tiny_thing": {
                        "version": 0,
                        "block": {
                            "attributes": {
                                "name": {"type": "string", "required": True},
                                "id": {"type": "string", "computed": True, "optional": True},
                            }
                        },
                    }
                },
            }
        },
    }
    schema_file = tmp_path / "tiny.schema.json"
    schema_file.write_text(json.dumps(schema))
    config = tmp_path / "project" / "modules" / "tiny"
    config.mkdir(parents=True)
    (config / "main.tf").write_text(
        "terraform {\n"
        "  required_providers {\n"
        '    tiny = {\n      source  = "example/tiny"\n      version = "0.3.0"\n    }\n'
        "  }\n"
        "}\n\n"
        'resource "tiny_thing" "this" {\n  nme = "x"\n}\n'
    )
    (tmp_path / "project" / ".git").mkdir()

    result = orch("--provider-schema", str(schema_file), cwd=tmp_path / "project")

    assert result.returncode == 1
    assert "provider: offline stand-in serving " + str(schema_file) in result.stdout
    assert 'An argument named "nme" is not expected here.' in result.stdout
    assert 'The argument "name" is required' in result.stdout
