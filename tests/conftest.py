"""Shared fixtures: configurations built from the fixture project."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """A private copy of the fixture project (orch.toml and a terraform_data stack)."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURES / "project", target, ignore=shutil.ignore_patterns(".orch"))
    (target / ".gitignore").write_text(".orch/\nbuild/\n")
    git(target, "init", "-q", "-b", "main")
    commit_all(target, "fixture project")
    return target


def git(root: Path, *args: str) -> str:
    env = {
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "PATH": "/usr/bin:/bin:/usr/local/bin",
        "HOME": str(root),
    }
    result = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def commit_all(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD")
