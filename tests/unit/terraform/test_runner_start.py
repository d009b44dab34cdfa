"""`on_start`: what Terraform waits on; if it fails, Terraform is stopped before it acts."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from orchestrator.terraform.engine import Engine
from orchestrator.terraform.runner import Terraform


def waiting_engine(folder: Path) -> tuple[Engine, Path]:
    """A stand-in Terraform that writes its pid, then blocks reading its var file (a FIFO)."""
    fifo = folder / "vars.fifo"
    os.mkfifo(fifo)
    script = folder / "terraform"
    script.write_text(
        f'#!/bin/sh\necho $$ > "{folder}/pid"\ncat "{fifo}" > "{folder}/read"\n'
        f'echo acted > "{folder}/acted"\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return Engine("terraform", (str(script),)), fifo


def test_a_failing_on_start_kills_terraform_before_it_acts(tmp_path: Path) -> None:
    engine, _ = waiting_engine(tmp_path)
    tf = Terraform(engine, tmp_path, dict(os.environ), echo=None)

    def fetch_fails() -> None:
        deadline = time.monotonic() + 10
        while not (tmp_path / "pid").is_file() and time.monotonic() < deadline:
            time.sleep(0.02)
        raise RuntimeError("the secret does not exist")

    with pytest.raises(RuntimeError, match="the secret does not exist"):
        tf.run(["plan"], on_start=fetch_fails)
    pid = int((tmp_path / "pid").read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # gone, and reaped
    assert not (tmp_path / "acted").exists()


def test_on_start_runs_while_terraform_waits(tmp_path: Path) -> None:
    engine, fifo = waiting_engine(tmp_path)
    tf = Terraform(engine, tmp_path, dict(os.environ), echo=None)

    def deliver() -> None:
        with open(fifo, "w") as handle:
            handle.write("values")

    tf.run(["plan"], on_start=deliver)
    assert (tmp_path / "read").read_text() == "values"
    assert (tmp_path / "acted").is_file()


def test_sigterm_while_on_start_runs_kills_terraform_too(tmp_path: Path) -> None:
    engine, _ = waiting_engine(tmp_path)
    script = tmp_path / "orch_like.py"
    script.write_text(
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from orchestrator.terraform.engine import Engine\n"
        "from orchestrator.terraform.runner import Terraform\n"
        f"engine = Engine('terraform', ({str(engine.command[0])!r},))\n"
        f"tf = Terraform(engine, Path({str(tmp_path)!r}), dict(os.environ), echo=None)\n"
        "tf.run(['plan'], on_start=lambda: time.sleep(60))\n"
    )
    orch = subprocess.Popen([sys.executable, str(script)], cwd=Path(__file__).parents[3])
    deadline = time.monotonic() + 20
    while not (tmp_path / "pid").is_file() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    orch.terminate()
    assert orch.wait(timeout=10) != 0
    pid = int((tmp_path / "pid").read_text())
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert not (tmp_path / "acted").exists()
