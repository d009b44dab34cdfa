"""Shared fixtures: configurations built from the fixture project."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """A private copy of the fixture project (orch.toml and a terraform_data stack)."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURES / "project", target, ignore=shutil.ignore_patterns(".orch"))
    return target
