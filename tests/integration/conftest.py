"""Real processes: one moto server for the session, `orch` run as a subprocess against it."""

from __future__ import annotations

import os
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from orchestrator import local
from tests.helpers import ORCH, OrchRunner, local_client


@pytest.fixture(scope="session")
def moto_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[local.LocalServer]:
    state_dir = tmp_path_factory.mktemp("moto")
    server = local.start_server(state_dir)
    yield server
    local.stop_server(server)


@pytest.fixture
def aws_env(moto_server: local.LocalServer) -> dict[str, str]:
    """A clean embedded AWS for each test, and the environment that points at it."""
    request = urllib.request.Request(f"{moto_server.endpoint}/moto-api/reset", method="POST")
    urllib.request.urlopen(request, timeout=10).close()
    env = local.local_env(os.environ, moto_server.endpoint)
    env.pop("ORCH_CONFIG", None)
    env.pop("ORCH_TF_ENGINE", None)
    return env


@pytest.fixture
def s3(aws_env: dict[str, str]) -> Any:
    return local_client(aws_env["AWS_ENDPOINT_URL"], "s3")


@pytest.fixture
def secrets(aws_env: dict[str, str]) -> Any:
    return local_client(aws_env["AWS_ENDPOINT_URL"], "secretsmanager")


@pytest.fixture
def orch(project_dir: Path, aws_env: dict[str, str]) -> OrchRunner:
    """Run the real CLI in the project copy; check=True asserts success and shows output."""

    def run(
        *args: str, check: bool = True, env: dict[str, str] | None = None, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [*ORCH, *args],
            cwd=project_dir,
            env=env or aws_env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            pytest.fail(
                f"orch {' '.join(args)} exited {result.returncode}\n"
                f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
            )
        return result

    return run


@pytest.fixture
def seeded(orch: OrchRunner, secrets: Any, project_dir: Path) -> OrchRunner:
    """State buckets bootstrapped and the fixture's tfvars in Secrets Manager."""
    for stage in ("dev", "int", "prd"):
        orch("bootstrap", "--stage", stage)
        text = (project_dir / "environments/sample/tfvars" / f"{stage}.tfvars").read_text()
        client = (
            secrets
            if stage != "prd"
            else local_client(secrets.meta.endpoint_url, "secretsmanager", "eu-central-1")
        )
        client.create_secret(Name=f"github-actions-acme-sample-{stage}", SecretString=text)
    return orch
