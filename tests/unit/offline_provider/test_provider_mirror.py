"""The filesystem mirror, its CLI configuration, and the registry probe."""

from __future__ import annotations

import http.server
import json
import os
import platform
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from orchestrator.errors import ConfigError
from orchestrator.offline_provider.mirror import (
    cli_config,
    install_mirror,
    os_arch,
    provider_version,
    registry_reachable,
)


def test_the_layout_is_what_terraform_expects(tmp_path: Path) -> None:
    text = install_mirror(tmp_path / "mirror")
    executable = (
        tmp_path
        / "mirror/registry.terraform.io/hashicorp/aws/6.47.0"
        / os_arch()
        / "terraform-provider-aws_v6.47.0"
    )

    assert executable.is_file() and os.access(executable, os.X_OK)
    assert executable.read_text().startswith(f"#!{sys.executable}\n")
    assert "orchestrator.offline_provider" in executable.read_text()
    assert f'path    = "{tmp_path / "mirror"}"' in text
    assert 'exclude = ["registry.terraform.io/hashicorp/aws"]' in text


@pytest.mark.skipif(sys.platform != "linux", reason="the expected names below are Linux's")
def test_os_arch_names_this_machine() -> None:
    expected = {"x86_64": "linux_amd64", "aarch64": "linux_arm64"}[platform.machine()]
    assert os_arch() == expected


def test_cli_config_installs_only_the_listed_providers_from_the_mirror(tmp_path: Path) -> None:
    text = cli_config(tmp_path, ["registry.terraform.io/hashicorp/aws", "example.com/a/b"])

    assert 'include = ["registry.terraform.io/hashicorp/aws", "example.com/a/b"]' in text
    assert "direct {" in text


def test_every_provider_of_a_schema_file_is_installed(tmp_path: Path) -> None:
    schema = {
        "format_version": "1.0",
        "provider_schemas": {
            "registry.terraform.io/example/one": {"provider": {"block": {}}},
            "registry.terraform.io/example/two": {"provider": {"block": {}}},
        },
    }
    path = tmp_path / "two.json"
    path.write_text(json.dumps(schema))

    install_mirror(tmp_path / "m", path, version="1.2.3")

    found = sorted(p.name for p in (tmp_path / "m").rglob("terraform-provider-*"))
    assert found == ["terraform-provider-one_v1.2.3", "terraform-provider-two_v1.2.3"]


def test_a_version_is_required_when_the_file_has_none() -> None:
    assert provider_version({"provider_version": "6.47.0"}) == "6.47.0"
    assert provider_version({}, "1.0.0") == "1.0.0"
    with pytest.raises(ConfigError, match="ORCH_PROVIDER_VERSION"):
        provider_version({})
    with pytest.raises(ConfigError):
        provider_version({"provider_version": "latest"})


class _Discovery(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'{"providers.v1": "/v1/providers/"}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def discovery() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Discovery)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/terraform.json"
    server.shutdown()


def test_a_registry_that_answers_is_reachable(discovery: str) -> None:
    assert registry_reachable(timeout=5, url=discovery)


def test_a_closed_port_is_not_reachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert not registry_reachable(timeout=5, url=f"http://127.0.0.1:{port}/")


def test_a_silent_server_does_not_hang_the_probe() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        started = time.monotonic()
        reachable = registry_reachable(
            timeout=0.5, url=f"http://127.0.0.1:{silent.getsockname()[1]}/"
        )
        elapsed = time.monotonic() - started

    assert not reachable
    assert elapsed < 2
