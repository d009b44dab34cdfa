"""State locking: concurrent applies, Ctrl-C during an apply, and force-unlock."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ORCH, OrchRunner, keys

pytestmark = pytest.mark.integration

BRANCH = "feature/WEDATAIN-42-locks"
BUCKET = "acme-tfstate-dev"
LOCK_KEY = "workspaces/we-42-locks/sample/terraform.tfstate.tflock"
SECRET = "github-actions-acme-sample-dev"


def slow_tfvars(secrets: Any, seconds: int) -> None:
    secrets.put_secret_value(
        SecretId=SECRET,
        SecretString=f'stage = "dev"\nitems = 2\napply_delay_seconds = {seconds}\n',
    )


def start_up(project_dir: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*ORCH, "workspace", "up", "--branch", BRANCH],
        cwd=project_dir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_for_lock(s3: Any, process: subprocess.Popen[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while LOCK_KEY not in keys(s3, BUCKET, "workspaces/"):
        if process.poll() is not None:
            pytest.fail(f"the apply ended before it locked: {process.communicate()}")
        assert time.monotonic() < deadline, "the apply never took its lock"
        time.sleep(0.2)


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def test_a_second_apply_fails_fast_and_ctrl_c_releases_the_lock(
    seeded: OrchRunner, project_dir: Path, aws_env: dict[str, str], s3: Any, secrets: Any
) -> None:
    seeded("workspace", "up", "--branch", BRANCH)  # the workspace exists, so the lock key is known
    # Two more resources whose provisioners take a minute: an apply that is still running.
    secrets.put_secret_value(
        SecretId=SECRET,
        SecretString='stage = "dev"\nitems = 4\napply_delay_seconds = 60\n',
    )
    first = start_up(project_dir, aws_env)
    try:
        wait_for_lock(s3, first)
        started = time.monotonic()
        second = seeded("workspace", "up", "--branch", BRANCH, check=False)
        assert time.monotonic() - started < 30, "the second apply waited instead of failing fast"
        assert second.returncode == 1
        lock_id = s3.get_object(Bucket=BUCKET, Key=LOCK_KEY)["Body"].read().decode()
        match = re.search(r"the state is locked \(lock id ([0-9a-f-]{36})", second.stderr)
        assert match, second.stderr
        assert match.group(1) in lock_id
        assert "orch force-unlock --lock-id" in second.stderr

        os.kill(first.pid, signal.SIGINT)  # what a terminal's Ctrl-C sends to orch
        _, stderr = first.communicate(timeout=120)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 130, stderr
    assert "interrupted" in stderr
    assert LOCK_KEY not in keys(s3, BUCKET, "workspaces/")
    slow_tfvars(secrets, 0)
    seeded("workspace", "up", "--branch", BRANCH)  # nothing left locked: the next run works


def test_force_unlock_releases_a_lock_left_by_a_killed_run(
    seeded: OrchRunner, project_dir: Path, aws_env: dict[str, str], s3: Any, secrets: Any
) -> None:
    seeded("workspace", "up", "--branch", BRANCH)
    secrets.put_secret_value(
        SecretId=SECRET, SecretString='stage = "dev"\nitems = 3\napply_delay_seconds = 60\n'
    )
    run = start_up(project_dir, aws_env)
    wait_for_lock(s3, run)
    # A runner that dies hard (OOM, a cancelled VM): no chance to release the lock.
    terraform = children(run.pid)
    os.killpg(run.pid, signal.SIGKILL)
    for pid in terraform:
        os.killpg(pid, signal.SIGKILL)
    run.communicate(timeout=30)
    assert LOCK_KEY in keys(s3, BUCKET, "workspaces/")

    blocked = seeded("workspace", "up", "--branch", BRANCH, check=False)
    match = re.search(r"lock id ([0-9a-f-]{36})", blocked.stderr)
    assert blocked.returncode == 1 and match, blocked.stderr

    wrong = seeded(
        "force-unlock",
        "--lock-id",
        "00000000-0000-0000-0000-000000000000",
        "--branch",
        BRANCH,
        check=False,
    )
    assert wrong.returncode == 1
    assert LOCK_KEY in keys(s3, BUCKET, "workspaces/")

    seeded("force-unlock", "--lock-id", match.group(1), "--branch", BRANCH)
    assert LOCK_KEY not in keys(s3, BUCKET, "workspaces/")
    secrets.put_secret_value(SecretId=SECRET, SecretString='stage = "dev"\nitems = 3\n')
    seeded("workspace", "up", "--branch", BRANCH)
