"""Pytest fixtures and process probes for tests that run Terraform with the stand-in provider.

Import the fixtures into a test module or a conftest.py; they register as `offline_mirror` and
`engine`: `from orchestrator.offline_provider.testing import offline_mirror_fixture`.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from orchestrator.offline_provider.mirror import install_mirror
from orchestrator.terraform import Engine, Terraform, build_env, resolve_engine

TERRAFORM_BINARY = "terraform"


@dataclass(frozen=True)
class OfflineMirror:
    """A filesystem mirror holding the stand-in and the CLI config file that selects it."""

    root: Path
    cli_config_file: Path

    def terraform(self, engine: Engine, workdir: Path, data_dir: Path) -> Terraform:
        """A Terraform runner for workdir that installs the AWS provider from this mirror."""
        env = build_env(os.environ, data_dir=data_dir, cli_config_file=self.cli_config_file)
        return Terraform(engine, workdir, env, echo=None)


@pytest.fixture(scope="session", name="offline_mirror")
def offline_mirror_fixture(tmp_path_factory: pytest.TempPathFactory) -> OfflineMirror:
    base = tmp_path_factory.mktemp("offline-provider")
    cli_config = base / "terraformrc"
    cli_config.write_text(install_mirror(base / "mirror"))
    return OfflineMirror(base / "mirror", cli_config)


@pytest.fixture(scope="session", params=["embedded", TERRAFORM_BINARY], name="engine")
def engine_fixture(request: pytest.FixtureRequest) -> Engine:
    """The embedded engine, and the terraform binary where one is installed."""
    if request.param == TERRAFORM_BINARY and shutil.which(TERRAFORM_BINARY) is None:
        pytest.skip("no terraform binary on PATH: only the embedded engine is exercised")
    return resolve_engine(str(request.param))


# --- process probes (Linux /proc) ---------------------------------------------------------


def processes_matching(marker: str) -> list[int]:
    """Pids of live processes whose command line contains marker."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def _decode_address(text: str) -> str:
    """An address of /proc/net/tcp{,6} as host:port; IPv4-mapped IPv6 shown as IPv4."""
    host, port = text.split(":")
    # The kernel prints each 32-bit word of the address in host (little-endian) byte order.
    raw = b"".join(bytes.fromhex(host[i : i + 8])[::-1] for i in range(0, len(host), 8))
    address: ipaddress.IPv4Address | ipaddress.IPv6Address
    if len(raw) == 4:
        address = ipaddress.IPv4Address(raw)
    else:
        address = ipaddress.IPv6Address(raw)
        address = address.ipv4_mapped or address
    shown = str(address) if address.version == 4 else f"[{address}]"
    return f"{shown}:{int(port, 16)}"


def listening_addresses(pid: int) -> list[str]:
    """host:port of every TCP socket the process listens on (IPv4 and IPv6)."""
    inodes = _socket_inodes(pid)
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                found.append(_decode_address(fields[1]))
    return found


def wait_until_gone(pids: list[int], timeout: float) -> list[int]:
    """The pids still alive after waiting up to timeout seconds."""
    deadline = time.monotonic() + timeout
    alive = list(pids)
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = [pid for pid in alive if _alive(pid)]
    return alive


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
