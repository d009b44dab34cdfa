"""`orch local demo` end to end on the fixture project: both git strategies, nothing left over."""

from __future__ import annotations

import os
import re
import subprocess
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import commit_all, git
from tests.helpers import ORCH

pytestmark = pytest.mark.integration


def demo(project_dir: Path, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "AWS_", "ORCH_"))}
    env["TMPDIR"] = str(scratch)
    result = subprocess.run(
        [*ORCH, "local", "demo"],
        cwd=project_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result, scratch


def final_table(stdout: str) -> list[list[str]]:
    table = stdout.split("==> where everything is now")[1].strip().split("\n\n")[0]
    return [line.split() for line in table.splitlines()[1:]]


def assert_nothing_left(result: subprocess.CompletedProcess[str], scratch: Path) -> None:
    endpoint = re.search(r"the embedded AWS at (http://127\.0\.0\.1:\d+)", result.stdout)
    assert endpoint
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{endpoint.group(1)}/moto-api/data.json", timeout=2)
    assert list(scratch.iterdir()) == []  # the scratch clone is gone


def test_the_trunk_story(project_dir: Path, tmp_path: Path) -> None:
    head = git(project_dir, "rev-parse", "HEAD")
    result, scratch = demo(project_dir, tmp_path)
    out = result.stdout
    steps = [
        "pull request #1 opened from feature/DEMO-1-first-pipeline",
        "pushed again: the plan shows only the change",
        "Ensure workspace cleanup before merge: blocks while the workspace exists",
        "pull request #1 merged into main",
        "Ensure workspace cleanup: passes now",
        "main deploys every stage but the last",
        "a release tag deploys prd",
    ]
    positions = [out.index(f"{step}\n") for step in steps]
    assert positions == sorted(positions)
    up, again = out.split("$ orch ci --only workspace:up")[1:3]
    assert "sample@de-1-first-pipeline: apply +2 ~0 -0, 2 resource(s)" in up
    assert "sample@de-1-first-pipeline: apply +1 ~0 -0, 3 resource(s)" in again
    assert "$ orch ci --check-cleanup  (exit 1)" in out
    assert "sample@de-1-first-pipeline: destroy +0 ~0 -3, 0 resource(s)" in out
    rows = final_table(out)
    commit = rows[0][3]
    assert [row[:3] for row in rows] == [
        ["dev", "sample", "3"],
        ["int", "sample", "3"],
        ["prd", "sample", "3"],
    ]
    assert {row[3] for row in rows} == {commit} and {row[4] for row in rows} == {"ok"}
    # ... and it is the right commit: the merge pushed to main, which the release tag points at.
    merged = re.search(r"push refs/heads/main at ([0-9a-f]{12})", out)
    tagged = re.search(r"push refs/tags/v1\.0\.0 at ([0-9a-f]{12})", out)
    assert merged and tagged and merged.group(1) == tagged.group(1) == commit[:12]
    assert "feature workspaces: none" in out
    assert "Traceback" not in result.stderr
    assert_nothing_left(result, scratch)
    # The project itself was not touched: same commit, clean tree, no demo file.
    assert git(project_dir, "rev-parse", "HEAD") == head
    assert git(project_dir, "status", "--porcelain") == ""
    assert not (project_dir / ".orch" / "local" / "server.json").exists()


def test_the_gitflow_story(project_dir: Path, tmp_path: Path) -> None:
    config = project_dir / "orch.toml"
    config.write_text(config.read_text() + '\n[git]\nstrategy = "gitflow"\n')
    commit_all(project_dir, "gitflow")
    result, scratch = demo(project_dir, tmp_path)
    out = result.stdout
    assert "pull request #1 merged into develop" in out
    assert re.search(r"push refs/heads/develop at \w+: develop deploys the first stage", out)
    assert re.search(r"push refs/heads/release/1\.0\.0 at \w+: a release branch deploys int", out)
    assert "deploy:dev: deploy commit" in out.split("release branch deploys int")[0]
    rows = final_table(out)
    assert [(row[0], row[2], row[4]) for row in rows] == [
        ("dev", "3", "ok"),
        ("int", "3", "ok"),
        ("prd", "3", "ok"),
    ]
    assert_nothing_left(result, scratch)
