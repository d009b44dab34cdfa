"""The plugin process: go-plugin handshake, TLS on 127.0.0.1, gRPC, and a clean exit.

Terraform starts the plugin, reads one handshake line from its stdout
(`1|6|tcp|127.0.0.1:PORT|grpc|CERT`), connects with TLS trusting CERT, and at the end calls
`plugin.GRPCController/Shutdown` (answered by exiting at once; unanswered, Terraform would wait
two seconds and kill the process). The plugin also exits when its parent process is gone, so it
never outlives the Terraform command that started it.
"""

from __future__ import annotations

import base64
import datetime
import os
import signal
import sys
import threading
from collections.abc import Callable
from concurrent import futures
from typing import Any

import grpc

from orchestrator.offline_provider.service import UNARY_METHODS, ProviderService

MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE"
MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"
PROTOCOL_VERSION = 6
LISTEN_HOST = "127.0.0.1"
_PARENT_POLL_SECONDS = 0.5
# Terraform's client accepts schema messages of any size; ours is about 2 MB.
_MESSAGE_LIMIT = 256 * 1024 * 1024
_NOT_A_COMMAND = (
    "This binary is a plugin. These are not meant to be executed directly.\n"
    "Please execute the program that consumes these plugins, which will\n"
    "load any plugins automatically\n"
)


def self_signed_certificate() -> tuple[bytes, bytes, bytes]:
    """(key PEM, certificate PEM, certificate DER) for `localhost`, made for this process only.

    go-plugin's client trusts exactly the certificate in the handshake line, as a CA, for the
    server name `localhost`; the key never leaves memory.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "HashiCorp"),
            x509.NameAttribute(NameOID.COMMON_NAME, "localhost"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(seconds=30))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=True,
                data_encipherment=False,
                key_agreement=True,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return (
        key_pem,
        certificate.public_bytes(serialization.Encoding.PEM),
        certificate.public_bytes(serialization.Encoding.DER),
    )


def handshake_line(port: int, certificate_der: bytes) -> str:
    # go-plugin decodes the certificate with base64.RawStdEncoding: no padding.
    encoded = base64.b64encode(certificate_der).decode().rstrip("=")
    return f"1|{PROTOCOL_VERSION}|tcp|{LISTEN_HOST}:{port}|grpc|{encoded}"


def _unary(
    behaviour: Callable[[Any, Any], Any], request_type: Any, response_type: Any
) -> grpc.RpcMethodHandler:
    return grpc.unary_unary_rpc_method_handler(
        behaviour,
        request_deserializer=request_type.FromString,
        response_serializer=(lambda raw: raw)
        if response_type is None
        else response_type.SerializeToString,
    )


def _provider_handlers(service: ProviderService) -> grpc.GenericRpcHandler:
    handlers = {
        name: _unary(getattr(service, name), request, response)
        for name, (request, response) in UNARY_METHODS.items()
    }
    return grpc.method_handlers_generic_handler("tfplugin6.Provider", handlers)


def _plugin_handlers(shutdown: threading.Event) -> list[grpc.GenericRpcHandler]:
    """go-plugin's own services: the controller (Shutdown) and the health check."""

    def stop(request: bytes, context: Any) -> bytes:
        shutdown.set()
        return b""

    def health(request: bytes, context: Any) -> bytes:
        return b"\x08\x01"  # HealthCheckResponse{status: SERVING}

    def raw(fn: Callable[[bytes, Any], bytes]) -> grpc.RpcMethodHandler:
        return grpc.unary_unary_rpc_method_handler(
            fn, request_deserializer=lambda b: b, response_serializer=lambda b: b
        )

    return [
        grpc.method_handlers_generic_handler("plugin.GRPCController", {"Shutdown": raw(stop)}),
        grpc.method_handlers_generic_handler("grpc.health.v1.Health", {"Check": raw(health)}),
    ]


def _watch_parent(shutdown: threading.Event) -> None:
    parent = os.getppid()
    while not shutdown.wait(_PARENT_POLL_SECONDS):
        if os.getppid() != parent:
            shutdown.set()


def serve(load_schema: Callable[[], bytes], out: Any = None) -> int:
    """Run the plugin until Terraform shuts it down or goes away; return the exit code."""
    out = out or sys.stdout
    if os.environ.get(MAGIC_COOKIE_KEY) != MAGIC_COOKIE_VALUE:
        sys.stderr.write(_NOT_A_COMMAND)
        return 1
    # Terraform forwards Ctrl-C to us too; like go-plugin servers we leave stopping to it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    shutdown = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: shutdown.set())

    service = ProviderService(load_schema)
    key_pem, cert_pem, cert_der = self_signed_certificate()
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=8),
        options=[
            ("grpc.max_send_message_length", _MESSAGE_LIMIT),
            ("grpc.max_receive_message_length", _MESSAGE_LIMIT),
        ],
    )
    server.add_generic_rpc_handlers([_provider_handlers(service), *_plugin_handlers(shutdown)])
    # Terraform's client certificate uses P-521, which gRPC's TLS does not offer: do not ask
    # for one. Only processes on this machine can connect anyway.
    credentials = grpc.ssl_server_credentials([(key_pem, cert_pem)], require_client_auth=False)
    port = server.add_secure_port(f"{LISTEN_HOST}:0", credentials)
    server.start()
    # Read the schema while Terraform connects, so its first call does not wait for it.
    threading.Thread(target=lambda: service.schema, daemon=True).start()
    threading.Thread(target=_watch_parent, args=(shutdown,), daemon=True).start()
    out.write(handshake_line(port, cert_der) + "\n")
    out.flush()

    shutdown.wait()
    # Nothing is left to finish: Terraform asked us to go, or is gone. Exiting at once (rather
    # than draining threads) keeps every Terraform command 0.1 s shorter.
    server.stop(grace=None)
    sys.stdout.flush()
    os._exit(0)
