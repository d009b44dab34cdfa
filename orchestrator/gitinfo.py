"""What code is being run: the commit, and whether the work tree differs from it."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from orchestrator.errors import OrchError


@dataclass(frozen=True)
class Checkout:
    commit: str
    dirty: bool

    @property
    def short(self) -> str:
        return self.commit[:12] + ("+dirty" if self.dirty else "")


def _git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        reason = result.stderr.strip() or "not a git repository"
        raise OrchError(
            f"`git {' '.join(args)}` failed in {root}: {reason}. "
            "Run orch from a git checkout of the project."
        )
    return result.stdout.strip()


def current_checkout(root: Path, env: Mapping[str, str] = os.environ) -> Checkout:
    """HEAD of the checkout at `root` (on a push event, $GITHUB_SHA must agree)."""
    commit = _git(root, "rev-parse", "HEAD")
    expected = env.get("GITHUB_SHA")
    if expected and expected != commit and env.get("GITHUB_EVENT_NAME") == "push":
        raise OrchError(
            f"the checkout is at {commit[:12]} but the pushed commit is {expected[:12]}: "
            "check out the event's commit before deploying"
        )
    # Untracked files count (a new .tf file changes the deployment); ignored ones (.orch/,
    # build/) do not.
    dirty = bool(_git(root, "status", "--porcelain"))
    return Checkout(commit, dirty)


def current_branch(root: Path) -> str:
    """The checked-out branch, for commands run by hand without --branch."""
    branch = _git(root, "rev-parse", "--abbrev-ref", "HEAD")
    if branch == "HEAD":
        raise OrchError("the checkout is not on a branch (detached HEAD): pass --branch")
    return branch
