"""The Docker path's exact container call, checked against a recording client (no engine here)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import docker
import pytest
import requests

from orchestrator.layers.config import Target
from orchestrator.layers.docker_builder import (
    DockerBuildError,
    EngineUnavailable,
    build_in_container,
    connect,
)

IMAGE = "public.ecr.aws/sam/build-python3.12@sha256:" + "a" * 64


class Containers:
    def __init__(self, error: BaseException | None = None) -> None:
        self.calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
        self.error = error

    def run(self, *args: Any, **kwargs: Any) -> bytes:
        self.calls.append((args, kwargs))
        if self.error is not None:
            raise self.error
        return b""


class Client:
    def __init__(self, error: BaseException | None = None, ping_error: BaseException | None = None):
        self.containers = Containers(error)
        self.ping_error = ping_error

    def ping(self) -> bool:
        if self.ping_error is not None:
            raise self.ping_error
        return True


def test_container_call_pins_image_mounts_user_home_and_pip_command(tmp_path: Path) -> None:
    client = Client()
    build_in_container(
        client, IMAGE, Target("python3.12", "arm64"), tmp_path / "in", tmp_path / "out"
    )
    [(args, kwargs)] = client.containers.calls
    assert args == (IMAGE,)
    assert kwargs["command"] == [
        "pip",
        "install",
        "--no-compile",
        "--disable-pip-version-check",
        "-r",
        "/asset-input/requirements.txt",
        "-t",
        "/asset-output/python",
    ]
    assert kwargs["volumes"] == {
        str(tmp_path / "in"): {"bind": "/asset-input", "mode": "ro"},
        str(tmp_path / "out"): {"bind": "/asset-output", "mode": "rw"},
    }
    assert kwargs["user"] == f"{os.getuid()}:{os.getgid()}"
    assert kwargs["environment"]["HOME"] == "/tmp"
    assert kwargs["platform"] == "linux/arm64"
    assert kwargs["remove"] is True


def test_x86_64_runs_the_amd64_platform(tmp_path: Path) -> None:
    client = Client()
    build_in_container(client, IMAGE, Target("python3.11", "x86_64"), tmp_path, tmp_path)
    assert client.containers.calls[0][1]["platform"] == "linux/amd64"


def test_pip_failure_in_the_container_is_a_user_error_with_its_output(tmp_path: Path) -> None:
    failure = docker.errors.ContainerError(
        "c1", 1, ["pip"], IMAGE, b"ERROR: No matching distribution found for nosuchpkg\n"
    )
    with pytest.raises(DockerBuildError, match="(?s)exit 1.*nosuchpkg"):
        build_in_container(
            Client(failure), IMAGE, Target("python3.12", "x86_64"), tmp_path, tmp_path
        )


@pytest.mark.parametrize(
    "error",
    [
        requests.exceptions.ConnectionError("Connection aborted."),
        docker.errors.DockerException("Error while fetching server API version"),
    ],
)
def test_an_engine_that_stops_answering_mid_build_allows_a_fallback(
    tmp_path: Path, error: BaseException
) -> None:
    with pytest.raises(EngineUnavailable):
        build_in_container(Client(error), IMAGE, Target("python3.12", "x86_64"), tmp_path, tmp_path)


def test_connect_reports_why_there_is_no_engine() -> None:
    def factory() -> Client:
        raise docker.errors.DockerException("Error while fetching server API version: aborted")

    engine = connect(factory)
    assert engine.client is None
    assert "no Docker engine answered (Error while fetching server API version" in engine.reason


def test_connect_treats_a_failing_ping_as_no_engine() -> None:
    engine = connect(lambda: Client(ping_error=requests.exceptions.ConnectionError("refused")))
    assert engine.client is None and "refused" in engine.reason


def test_connect_returns_a_client_that_answered() -> None:
    client = Client()
    assert connect(lambda: client).client is client


def test_the_real_sdk_finds_no_engine_on_this_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    engine = connect()
    assert engine.client is None
    assert engine.reason.startswith("no Docker engine answered")
