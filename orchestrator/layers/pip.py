"""Running pip for another platform: target flags, platform tags and marker environment.

pip evaluates environment markers (`tomli; python_version < "3.11"`) against the interpreter it
runs in, even with --python-version/--platform. We run it with the target's marker environment
patched in, so a python3.9 layer resolved from a 3.11 host still gets its 3.9-only dependencies.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from collections.abc import Mapping

from orchestrator.layers.config import Target

# Runs pip's own CLI after replacing the marker environment; argv[1] is that environment as JSON.
_WRAPPER = (
    "import json, sys\n"
    "env = json.loads(sys.argv[1])\n"
    "from pip._vendor.packaging import markers\n"
    "markers.default_environment = lambda: dict(env)\n"
    "from pip._internal.cli.main import main\n"
    "sys.exit(main(sys.argv[2:]))\n"
)

# The oldest glibc that has a manylinux tag per machine, and the legacy names of some tags.
_OLDEST_GLIBC_MINOR = {"x86_64": 5, "aarch64": 17}
_LEGACY_ALIASES = {5: "manylinux1", 12: "manylinux2010", 17: "manylinux2014"}


def platform_tags(target: Target) -> list[str]:
    """Every manylinux tag the runtime's glibc can load, newest first (pip prefers earlier)."""
    major, newest = target.glibc
    tags: list[str] = []
    for minor in range(newest, _OLDEST_GLIBC_MINOR[target.machine] - 1, -1):
        tags.append(f"manylinux_{major}_{minor}_{target.machine}")
        if minor in _LEGACY_ALIASES:
            tags.append(f"{_LEGACY_ALIASES[minor]}_{target.machine}")
    return tags


def target_flags(target: Target) -> list[str]:
    """pip flags that select wheels for the Lambda runtime instead of the host."""
    major, minor = target.python_version
    flags = [
        "--only-binary=:all:",
        "--implementation",
        "cp",
        "--python-version",
        f"{major}.{minor}",
        "--abi",
        f"cp{major}{minor}",
    ]
    for tag in platform_tags(target):
        flags += ["--platform", tag]
    return flags


def marker_environment(target: Target) -> dict[str, str]:
    """PEP 508 marker values of the Lambda runtime (patch level unknown: `.0`)."""
    major, minor = target.python_version
    return {
        "implementation_name": "cpython",
        "implementation_version": f"{major}.{minor}.0",
        "os_name": "posix",
        "platform_machine": target.machine,
        "platform_python_implementation": "CPython",
        "platform_release": "",
        "platform_system": "Linux",
        "platform_version": "",
        "python_full_version": f"{major}.{minor}.0",
        "python_version": f"{major}.{minor}",
        "sys_platform": "linux",
    }


def run_pip(
    args: list[str],
    *,
    target: Target | None = None,
    extra_env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the pip that ships with this interpreter; with a target, under its markers."""
    env = dict(os.environ)
    env.update({"PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"})
    env.update(extra_env or {})
    if target is None:
        command = [sys.executable, "-m", "pip", *args]
    else:
        command = [sys.executable, "-c", _WRAPPER, json.dumps(marker_environment(target)), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


@functools.cache
def pip_version() -> str:
    # pip's own attribute: importlib.metadata would scan every installed distribution.
    import pip

    return str(pip.__version__)


def tail(text: str, lines: int = 15) -> str:
    """The last lines of pip's output, where its error is."""
    kept = [line for line in text.strip().splitlines() if not line.startswith("WARNING: Location")]
    return "\n".join(kept[-lines:])
