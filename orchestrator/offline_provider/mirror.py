"""Installing the stand-in provider where Terraform looks for providers: a filesystem mirror.

`install_mirror(root)` lays out `root/registry.terraform.io/hashicorp/aws/6.47.0/OS_ARCH/
terraform-provider-aws_v6.47.0` (a tiny script that runs this package with the current Python)
and returns the CLI configuration that points Terraform at it. Every provider address in the
schema file gets its own executable, so a schema file holding several providers serves them all.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shlex
import sys
import threading
from pathlib import Path

from orchestrator.errors import ConfigError
from orchestrator.offline_provider.paths import schema_file as resolve_schema_file

REGISTRY_HOST = "registry.terraform.io"
DISCOVERY_URL = f"https://{REGISTRY_HOST}/.well-known/terraform.json"
VERSION_ENV = "ORCH_PROVIDER_VERSION"
_PACKAGE_ROOT = Path(__file__).resolve().parents[2]
_ARCH = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}
_SEMVER = re.compile(r"^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$")


def os_arch() -> str:
    """Terraform's name for this platform, e.g. linux_amd64."""
    machine = platform.machine().lower()
    return f"{platform.system().lower()}_{_ARCH.get(machine, machine)}"


def provider_version(document: dict[str, object], explicit: str | None = None) -> str:
    """The version to install as: explicit, else the document's `provider_version`."""
    version = explicit or document.get("provider_version")
    if not isinstance(version, str) or not _SEMVER.match(version):
        raise ConfigError(
            "the provider schema file does not say which provider version it describes "
            f"(no `provider_version` field): set {VERSION_ENV}, e.g. {VERSION_ENV}=6.47.0"
        )
    return version


def _launcher(schema: Path, address: str) -> str:
    python = sys.executable
    # The package may run from a source tree that is not installed into this Python.
    module_args = ["-m", "orchestrator.offline_provider", "--schema", str(schema)]
    module_args += ["--provider", address]
    if len(python) < 120 and not re.search(r"\s", python):
        return (
            f"#!{python}\n"
            "# The orchestrator's offline stand-in for this provider (serves its schema only).\n"
            "import runpy, sys\n"
            f"sys.path.insert(0, {str(_PACKAGE_ROOT)!r})\n"
            f"sys.argv = [sys.argv[0], *{module_args[2:]!r}]\n"
            "runpy.run_module('orchestrator.offline_provider', run_name='__main__')\n"
        )
    command = " ".join(shlex.quote(part) for part in [python, *module_args])
    return f'#!/bin/sh\nPYTHONPATH={shlex.quote(str(_PACKAGE_ROOT))} exec {command} "$@"\n'


def install_mirror(root: Path, schema_file: Path | None = None, version: str | None = None) -> str:
    """Lay out the mirror under root; return the CLI config text that makes Terraform use it.

    The schema file defaults to $ORCH_PROVIDER_SCHEMA or the bundled AWS 6.47.0 schema; the
    version defaults to $ORCH_PROVIDER_VERSION or the file's `provider_version`. The schema is
    converted (and cached) here, so the provider's first start is already fast.
    """
    from orchestrator.offline_provider.schema import read_document, schema_bytes

    path = resolve_schema_file(schema_file).resolve()
    document = read_document(path)
    chosen = provider_version(document, version or os.environ.get(VERSION_ENV))
    addresses = sorted(document["provider_schemas"])
    for address in addresses:
        host, namespace, name = _split_address(address)
        target = root / host / namespace / name / chosen / os_arch()
        target.mkdir(parents=True, exist_ok=True)
        executable = target / f"terraform-provider-{name}_v{chosen}"
        executable.write_text(_launcher(path, address))
        executable.chmod(0o755)
        schema_bytes(path, address)  # warm the cache
    return cli_config(root, addresses)


def _split_address(address: str) -> tuple[str, str, str]:
    parts = address.split("/")
    if len(parts) == 2:
        parts = [REGISTRY_HOST, *parts]
    if len(parts) != 3:
        raise ConfigError(f"provider address {address!r} is not HOST/NAMESPACE/TYPE")
    return parts[0], parts[1], parts[2]


def cli_config(root: Path, addresses: list[str]) -> str:
    """A CLI config that installs `addresses` from the mirror and everything else directly."""
    quoted = ", ".join(json.dumps(a) for a in addresses)
    return (
        "provider_installation {\n"
        "  filesystem_mirror {\n"
        f"    path    = {json.dumps(str(root))}\n"
        f"    include = [{quoted}]\n"
        "  }\n"
        "  direct {\n"
        f"    exclude = [{quoted}]\n"
        "  }\n"
        "}\n"
    )


def registry_reachable(timeout: float = 3.0, url: str = DISCOVERY_URL) -> bool:
    """True if the Terraform registry answers its service discovery within `timeout` seconds.

    Runs in a daemon thread so a hanging DNS lookup (which ignores socket timeouts) cannot
    block the caller longer than `timeout`.
    """
    answer: list[bool] = []

    def probe() -> None:
        import urllib.request

        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                answer.append(b"providers.v1" in response.read(4096))
        except (OSError, ValueError):
            answer.append(False)

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    thread.join(timeout)
    return bool(answer and answer[0])
