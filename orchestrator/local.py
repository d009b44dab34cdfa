"""The embedded AWS: a moto server process on 127.0.0.1, started and stopped by its PID.

Local mode differs from production only in the endpoint and the credentials it hands to boto3
and Terraform; every other step is the production code path.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from orchestrator.config import Config
from orchestrator.errors import OrchError

LOCAL_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
}
# Variables that would send a local run to a real account, or to another profile's settings.
_REAL_AWS_ENV = (
    "AWS_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
)
START_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class LocalServer:
    pid: int
    port: int

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return _is_moto_process(self.pid) and _answers(self.endpoint)


def server_file(state_dir: Path) -> Path:
    return state_dir / "local" / "server.json"


def running_server(state_dir: Path) -> LocalServer | None:
    path = server_file(state_dir)
    if not path.is_file():
        return None
    try:
        server = LocalServer(**json.loads(path.read_text()))
    except (ValueError, TypeError):
        path.unlink(missing_ok=True)
        return None
    if server.alive():
        return server
    path.unlink(missing_ok=True)
    return None


def start_server(state_dir: Path, log: Path | None = None) -> LocalServer:
    """Start moto server on a free loopback port and wait until it answers."""
    port = _free_port()
    log = log or state_dir / "local" / "moto.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdin=subprocess.DEVNULL,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C meant for orch must not kill it mid-teardown
        )
    server = LocalServer(process.pid, port)
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while not _answers(server.endpoint):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise OrchError(
                f"the embedded AWS (moto server) did not start on port {port}; see {log}. "
                "Is moto[server] installed? (`make setup` installs it)"
            )
        time.sleep(0.1)
    return server


def record_server(state_dir: Path, server: LocalServer) -> None:
    path = server_file(state_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(server)))


def stop_server(server: LocalServer, state_dir: Path | None = None) -> None:
    """Stop the server by its PID (only if that PID is still a moto server)."""
    if _is_moto_process(server.pid):
        os.kill(server.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while _pid_exists(server.pid) and time.monotonic() < deadline:
            _reap(server.pid)
            time.sleep(0.05)
        if _pid_exists(server.pid):
            os.kill(server.pid, signal.SIGKILL)
            _reap(server.pid)
    if state_dir is not None:
        path = server_file(state_dir)
        if path.is_file() and json.loads(path.read_text()).get("pid") == server.pid:
            path.unlink()


@contextmanager
def local_server(state_dir: Path) -> Iterator[tuple[LocalServer, bool]]:
    """The running local server, or a new one for the duration of the block (then stopped)."""
    server = running_server(state_dir)
    if server is not None:
        yield server, False
        return
    server = start_server(state_dir)
    try:
        yield server, True
    finally:
        stop_server(server)


def local_env(base: Mapping[str, str], endpoint: str) -> dict[str, str]:
    """The caller's environment pointed at the local endpoint with dummy credentials."""
    env = {key: value for key, value in base.items() if key not in _REAL_AWS_ENV}
    env.update(LOCAL_CREDENTIALS)
    env["AWS_ENDPOINT_URL"] = endpoint
    return env


def local_session_factory(**kwargs: Any) -> Any:
    from orchestrator.aws import ClientSession

    kwargs.setdefault("aws_access_key_id", LOCAL_CREDENTIALS["AWS_ACCESS_KEY_ID"])
    kwargs.setdefault("aws_secret_access_key", LOCAL_CREDENTIALS["AWS_SECRET_ACCESS_KEY"])
    return ClientSession(**kwargs)


def example_tfvars(config: Config, stack: str, stage: str) -> Path | None:
    """The example tfvars shipped with a stack for a stage, used to seed local secrets."""
    folder = config.stack(stack).path / "tfvars"
    for name in (f"{stage}.tfvars", f"{stage}.tfvars.example", f"{stage}.tfvars.json"):
        if (folder / name).is_file():
            return folder / name
    return None


def seed_secrets(config: Config, secrets_for_stage: Any, endpoint: str) -> list[str]:
    """Put each stack's example tfvars into the local Secrets Manager. Local endpoints only."""
    if not endpoint.startswith(("http://127.", "http://localhost")):
        raise OrchError("refusing to seed example secrets anywhere but a local endpoint")
    from botocore.exceptions import ClientError

    seeded = []
    for stage in config.stages:
        client = secrets_for_stage(stage)
        for stack in config.stacks:
            source = example_tfvars(config, stack, stage)
            if source is None:
                continue
            name = config.secret_name(stack, stage)
            text = source.read_text(encoding="utf-8")
            try:
                client.create_secret(Name=name, SecretString=text)
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") != "ResourceExistsException":
                    raise
                client.put_secret_value(SecretId=name, SecretString=text)
            seeded.append(name)
    return seeded


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(endpoint: str) -> bool:
    try:
        with urllib.request.urlopen(f"{endpoint}/moto-api/data.json", timeout=1) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _pid_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"
    except OSError:
        return False


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def _is_moto_process(pid: int) -> bool:
    """Whether `pid` is still our moto server (a PID can be reused after it died)."""
    proc = Path(f"/proc/{pid}/cmdline")
    if proc.parent.parent.is_dir() and Path("/proc/self").exists():
        try:
            return b"moto.server" in proc.read_bytes().split(b"\0") and not _is_zombie(pid)
        except OSError:
            return False
    ps = subprocess.run(["ps", "-p", str(pid), "-o", "command="], capture_output=True, text=True)
    return "moto.server" in ps.stdout
