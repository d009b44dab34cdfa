"""The provider process on its own: handshake, TLS gRPC on 127.0.0.1 only, and its exits."""

from __future__ import annotations

import base64
import contextlib
import os
import signal
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from orchestrator.offline_provider.server import MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE
from orchestrator.offline_provider.testing import (  # noqa: F401  (fixture)
    OfflineMirror,
    listening_addresses,
    offline_mirror_fixture,
    processes_matching,
    wait_until_gone,
)
from orchestrator.offline_provider.tfplugin6 import tfplugin6_pb2 as pb

pytestmark = pytest.mark.integration


def _executable(mirror: OfflineMirror) -> Path:
    return next(mirror.root.glob("registry.terraform.io/hashicorp/aws/6.47.0/*/terraform-*"))


def _plugin_env() -> dict[str, str]:
    return {**os.environ, MAGIC_COOKIE_KEY: MAGIC_COOKIE_VALUE}


@pytest.fixture
def provider(offline_mirror: OfflineMirror) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """The provider started the way Terraform starts it, and its handshake line."""
    process = subprocess.Popen(
        [str(_executable(offline_mirror))],
        env=_plugin_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    yield process, line
    if process.poll() is None:
        process.kill()
    process.wait()


def _channel(handshake: str) -> grpc.Channel:
    core, protocol, network, address, rpc_protocol, cert = handshake.split("|")
    assert (core, protocol, network, rpc_protocol) == ("1", "6", "tcp", "grpc")
    der = base64.b64decode(cert + "=" * (-len(cert) % 4))
    credentials = grpc.ssl_channel_credentials(ssl.DER_cert_to_PEM_cert(der).encode())
    return grpc.secure_channel(
        address,
        credentials,
        options=[
            ("grpc.ssl_target_name_override", "localhost"),
            ("grpc.max_receive_message_length", 64 * 1024 * 1024),
        ],
    )


def test_it_listens_on_127_0_0_1_only_and_serves_the_schema_over_tls(
    provider: tuple[subprocess.Popen[str], str],
) -> None:
    process, handshake = provider
    address = handshake.split("|")[3]

    assert address.startswith("127.0.0.1:")
    assert listening_addresses(process.pid) == [address]

    with _channel(handshake) as channel:
        call = channel.unary_unary(
            "/tfplugin6.Provider/GetProviderSchema",
            request_serializer=pb.GetProviderSchema.Request.SerializeToString,
            response_deserializer=pb.GetProviderSchema.Response.FromString,
        )
        schema = call(pb.GetProviderSchema.Request(), timeout=30)

    assert len(schema.resource_schemas) == 1657
    assert len(schema.data_source_schemas) == 662
    assert "aws_glue_job" in schema.resource_schemas
    assert schema.server_capabilities.get_provider_schema_optional


def test_the_controller_shutdown_ends_the_process(
    provider: tuple[subprocess.Popen[str], str],
) -> None:
    process, handshake = provider
    with _channel(handshake) as channel:
        shutdown = channel.unary_unary(
            "/plugin.GRPCController/Shutdown",
            request_serializer=lambda _: b"",
            response_deserializer=lambda raw: raw,
        )
        # The process may go before its answer does; go-plugin ignores that too.
        with contextlib.suppress(grpc.RpcError):
            shutdown(b"", timeout=5)

    assert process.wait(timeout=2) == 0


def test_started_by_hand_it_explains_itself_and_exits(offline_mirror: OfflineMirror) -> None:
    env = {k: v for k, v in os.environ.items() if k != MAGIC_COOKIE_KEY}
    result = subprocess.run(
        [str(_executable(offline_mirror))], env=env, capture_output=True, text=True, timeout=30
    )

    assert result.returncode == 1
    assert "This binary is a plugin" in result.stderr
    assert result.stdout == ""


def test_it_exits_when_its_parent_dies(offline_mirror: OfflineMirror, tmp_path: Path) -> None:
    executable = _executable(offline_mirror)
    # A stand-in for Terraform: starts the provider, passes on its handshake, then waits.
    parent_code = (
        "import subprocess, sys, time\n"
        f"p = subprocess.Popen([{str(executable)!r}], stdout=subprocess.PIPE, text=True)\n"
        "sys.stdout.write(p.stdout.readline()); sys.stdout.flush()\n"
        "time.sleep(120)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", parent_code], env=_plugin_env(), stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout is not None
    assert parent.stdout.readline().startswith("1|6|tcp|127.0.0.1:")
    children = [pid for pid in processes_matching(str(executable)) if pid != parent.pid]
    assert len(children) == 1

    parent.send_signal(signal.SIGKILL)
    parent.wait()

    assert wait_until_gone(children, timeout=3.0) == [], "the provider outlived its parent"
