"""The Docker path: pip runs inside the SAM build image of the runtime and architecture.

The client comes from a factory (docker.from_env by default) so tests can check the exact
container call without an engine.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orchestrator.errors import OrchError
from orchestrator.layers.config import Target

ClientFactory = Callable[[], Any]
INPUT_DIR = "/asset-input"
OUTPUT_DIR = "/asset-output"


class EngineUnavailable(Exception):
    """No Docker engine answered; the caller may fall back to the pip path."""


class DockerBuildError(OrchError):
    """pip failed inside the build container."""


@dataclass(frozen=True)
class Engine:
    client: Any | None
    reason: str  # why there is no client, for the output


DEFAULT_SOCKET = "/var/run/docker.sock"


def connect(factory: ClientFactory | None = None) -> Engine:
    """A client whose engine answered a ping, or the reason there is none."""
    if factory is None and not os.environ.get("DOCKER_HOST") and not os.path.exists(DEFAULT_SOCKET):
        # What docker.from_env would try; answering without importing the SDK keeps a cache
        # hit fast on machines without Docker.
        return Engine(
            None, f"no Docker engine (DOCKER_HOST is unset and {DEFAULT_SOCKET} is missing)"
        )
    try:
        import docker
        import requests
    except ImportError as exc:  # the SDK is a dependency, but a broken install should not crash
        return Engine(None, f"the docker SDK is not importable ({exc})")
    try:
        client = (factory or docker.from_env)()
        client.ping()
    except (docker.errors.DockerException, requests.exceptions.ConnectionError) as exc:
        return Engine(None, f"no Docker engine answered ({_first_line(exc)})")
    return Engine(client, "")


def pip_command(requirements_name: str = "requirements.txt") -> list[str]:
    return [
        "pip",
        "install",
        "--no-compile",
        "--disable-pip-version-check",
        "-r",
        f"{INPUT_DIR}/{requirements_name}",
        "-t",
        f"{OUTPUT_DIR}/python",
    ]


def build_in_container(
    client: Any, image: str, target: Target, input_dir: Path, output_dir: Path
) -> None:
    """Run pip in the image: requirements read-only in, the layer tree read-write out."""
    import docker
    import requests

    try:
        client.containers.run(
            image,
            command=pip_command(),
            volumes={
                str(input_dir): {"bind": INPUT_DIR, "mode": "ro"},
                str(output_dir): {"bind": OUTPUT_DIR, "mode": "rw"},
            },
            user=f"{os.getuid()}:{os.getgid()}",
            environment={"HOME": "/tmp", "PIP_NO_CACHE_DIR": "1"},
            platform=docker_platform(target),
            remove=True,
            stdout=True,
            stderr=True,
        )
    except docker.errors.ContainerError as exc:
        stderr = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else ""
        raise DockerBuildError(
            f"pip failed in {image} (exit {exc.exit_status}):\n{stderr.strip()[-3000:]}"
        ) from exc
    except (docker.errors.ImageNotFound, docker.errors.APIError) as exc:
        if isinstance(exc, docker.errors.APIError) and exc.response is None:
            raise EngineUnavailable(_first_line(exc)) from exc
        raise DockerBuildError(f"Docker could not run {image}: {_first_line(exc)}") from exc
    except (requests.exceptions.ConnectionError, docker.errors.DockerException) as exc:
        raise EngineUnavailable(_first_line(exc)) from exc


def docker_platform(target: Target) -> str:
    return "linux/arm64" if target.arch == "arm64" else "linux/amd64"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
