"""The tfvars pipe: private, read once by a real process, never left behind."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import time

import pytest

from orchestrator.tfvars_pipe import TfvarsPipe

SECRET = "pipe-secret-7731"


def test_a_reader_gets_the_values_once_and_nothing_stays_on_disk() -> None:
    with TfvarsPipe() as pipe:
        path = pipe.path
        assert stat.S_ISFIFO(os.stat(path).st_mode)  # a pipe: the values are never at rest
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
        reader = subprocess.Popen(["cat", str(path)], stdout=subprocess.PIPE, text=True)
        time.sleep(0.2)  # the reader waits on the pipe until the values are sent
        assert reader.poll() is None
        pipe.send({"api_token": SECRET, "items": 3})
        out, _ = reader.communicate(timeout=10)
        assert json.loads(out) == {"api_token": SECRET, "items": 3}
        second = subprocess.run(["cat", str(path)], capture_output=True, text=True, timeout=10)
        assert second.returncode != 0 and "No such file" in second.stderr  # a loud second read
    assert not path.parent.exists()


def test_values_larger_than_the_pipe_buffer_arrive_whole() -> None:
    values = {"blob": "x" * 300_000, "api_token": SECRET}
    with TfvarsPipe() as pipe:
        pipe.send(values)
        out = subprocess.run(["cat", str(pipe.path)], capture_output=True, timeout=10).stdout
    assert json.loads(out) == values


@pytest.mark.parametrize("sent", [True, False])
def test_closing_without_a_reader_releases_the_writer_and_removes_the_pipe(sent: bool) -> None:
    pipe = TfvarsPipe()
    if sent:
        pipe.send({"api_token": SECRET})
    start = time.monotonic()
    pipe.close()
    assert time.monotonic() - start < 5
    assert pipe._writer is None or not pipe._writer.is_alive()
    assert not pipe.path.parent.exists()


def test_a_reader_that_dies_mid_read_does_not_hang_the_writer() -> None:
    with TfvarsPipe() as pipe:
        reader = subprocess.Popen(["head", "-c", "10", str(pipe.path)], stdout=subprocess.PIPE)
        pipe.send({"blob": "y" * 1_000_000})
        assert len(reader.communicate(timeout=10)[0]) == 10
    assert pipe._writer is not None and not pipe._writer.is_alive()
