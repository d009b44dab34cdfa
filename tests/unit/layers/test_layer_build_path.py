"""Which build path a target takes, and why (the output says it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestrator.errors import ConfigError, OrchError
from orchestrator.layers.build import _choose_path
from orchestrator.layers.config import LayerConfig, Target
from orchestrator.layers.docker_builder import Engine, connect

IMAGE = "public.ecr.aws/sam/build-python3.12@sha256:" + "3" * 64
X86 = Target("python3.12", "x86_64")
UP = Engine(object(), "")
DOWN = Engine(None, "no Docker engine answered (refused)")


def _config(builder: str, pinned: bool) -> LayerConfig:
    return LayerConfig(
        name="common",
        folder=Path("/repo/lambda_layers/common"),
        requirements=Path("/repo/lambda_layers/common/requirements.txt"),
        targets=(X86,),
        strip="standard",
        builder=builder,
        images={X86.slug: IMAGE} if pinned else {},
        imports=(),
    )


@pytest.mark.parametrize(
    ("builder", "pinned", "engine", "path", "reason"),
    [
        ("auto", True, UP, "docker", f"Docker with {IMAGE}"),
        ("auto", True, DOWN, "pip-cross", "no Docker engine answered (refused)"),
        ("auto", False, UP, "pip-cross", "no build image pinned for python3.12-x86_64"),
        ("auto", False, None, "pip-cross", "no build image pinned for python3.12-x86_64"),
        ("pip-cross", True, UP, "pip-cross", "builder = pip-cross in layer.toml"),
        ("docker", True, UP, "docker", f"Docker with {IMAGE}"),
    ],
)
def test_path_choice(
    builder: str, pinned: bool, engine: Engine | None, path: str, reason: str
) -> None:
    chosen, why = _choose_path(_config(builder, pinned), X86, engine)
    assert chosen == path
    assert why.startswith(reason)


def test_builder_docker_needs_a_pinned_image() -> None:
    with pytest.raises(ConfigError, match='add "python3.12-x86_64" = "<repository>@sha256'):
        _choose_path(_config("docker", False), X86, UP)


def test_builder_docker_needs_an_engine() -> None:
    with pytest.raises(OrchError, match="start Docker"):
        _choose_path(_config("docker", True), X86, DOWN)


def test_no_socket_and_no_docker_host_answers_without_the_sdk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    monkeypatch.setattr("orchestrator.layers.docker_builder.DEFAULT_SOCKET", "/nonexistent.sock")
    engine = connect()
    assert engine.client is None
    assert "DOCKER_HOST is unset and /nonexistent.sock is missing" in engine.reason
