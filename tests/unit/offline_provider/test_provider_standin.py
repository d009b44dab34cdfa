"""The shadow tree: the project as Terraform sees it, minus lock files and state."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestrator.errors import ConfigError
from orchestrator.offline_provider.standin import project_root, shadow_tree, stand_in


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "modules/m").mkdir(parents=True)
    (root / "modules/m/main.tf").write_text("# module\n")
    (root / "environments/e/.terraform").mkdir(parents=True)
    (root / "environments/e/main.tf").write_text('module "m" { source = "../../modules/m" }\n')
    (root / "environments/e/.terraform.lock.hcl").write_text("# registry hashes\n")
    (root / "environments/e/terraform.tfstate").write_text("{}")
    (root / ".git").mkdir()
    (root / ".venv/bin").mkdir(parents=True)
    return root


def test_lock_files_state_and_working_folders_are_left_out(project: Path, tmp_path: Path) -> None:
    tree = shadow_tree(project, tmp_path / "tree")
    files = sorted(str(p.relative_to(tree)) for p in tree.rglob("*") if not p.is_dir())

    assert files == ["environments/e/main.tf", "modules/m/main.tf"]
    assert (tree / "modules/m/main.tf").resolve() == project / "modules/m/main.tf"


def test_lock_files_can_be_kept(project: Path, tmp_path: Path) -> None:
    tree = shadow_tree(project, tmp_path / "tree", keep_lock_files=True)
    assert (tree / "environments/e/.terraform.lock.hcl").read_text() == "# registry hashes\n"


def test_project_root_is_found_from_a_folder_inside(project: Path) -> None:
    assert project_root(project / "environments/e") == project


def test_stand_in_maps_folders_into_its_tree(project: Path) -> None:
    with stand_in(project) as setup:
        workdir = setup.workdir(project / "environments/e")
        assert (workdir / "main.tf").is_file()
        assert not (workdir / ".terraform.lock.hcl").exists()
        assert "filesystem_mirror" in setup.cli_config
        with pytest.raises(ConfigError, match="outside"):
            setup.workdir(project.parent)
    assert not workdir.exists()
