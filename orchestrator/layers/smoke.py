"""Import every top-level module of a built layer in an interpreter of the runtime's version.

The interpreter runs with `-I -S -B`: no site-packages, no environment variables (PYTHONPATH is
ignored), no user site, no bytecode written. The layer is put first on sys.path, as Lambda puts
/opt/python, and each module's `__file__` (or package path) must lie inside the layer, so an import
that only works because the host has the package does not pass.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from orchestrator.errors import OrchError
from orchestrator.layers.config import Target

_SCRIPT = r"""
import importlib, json, os, sys
layer, expected, names = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
actual = "%d.%d" % sys.version_info[:2]
if actual != expected:
    print(json.dumps({"version": actual, "errors": {}}))
    raise SystemExit(0)
sys.path.insert(0, layer)
root = os.path.realpath(layer) + os.sep
errors = {}
for name in names:
    try:
        module = importlib.import_module(name)
    except BaseException as exc:
        errors[name] = "%s: %s" % (type(exc).__name__, exc)
        continue
    paths = [module.__file__] if getattr(module, "__file__", None) else list(
        getattr(module, "__path__", []))
    outside = [p for p in paths if not os.path.realpath(p).startswith(root)]
    if not paths or outside:
        errors[name] = "imported from outside the layer: %s" % (outside or "no file")
print(json.dumps({"version": actual, "errors": errors}))
"""

_VERSION_DIR = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
TIMEOUT_SECONDS = 300


class SmokeTestError(OrchError):
    """A module of the layer did not import in the runtime's interpreter."""


@dataclass(frozen=True)
class SmokeResult:
    status: str  # "passed" or "skipped"
    detail: str


def top_level_modules(python_dir: Path) -> list[str]:
    """Importable top-level names in a layer's python/ folder (packages, modules, extensions)."""
    names: set[str] = set()
    for entry in python_dir.iterdir():
        if entry.is_dir():
            if entry.name.isidentifier() and entry.name != "__pycache__" and _has_code(entry):
                names.add(entry.name)
        elif entry.suffix == ".py" and entry.stem.isidentifier():
            names.add(entry.stem)
        elif entry.suffix == ".so" and entry.name.split(".")[0].isidentifier():
            names.add(entry.name.split(".")[0])
    return sorted(names)


def find_interpreter(version: tuple[int, int]) -> Path | None:
    """A python of that major.minor: pyenv's versions first, then `python3.X` on PATH."""
    major, minor = version
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates: list[tuple[int, Path]] = []
    versions = pyenv_root / "versions"
    if versions.is_dir():
        for folder in versions.iterdir():
            match = _VERSION_DIR.match(folder.name)
            if match and (int(match[1]), int(match[2])) == (major, minor):
                candidates.append((int(match[3]), folder / "bin" / "python3"))
    for _, path in sorted(candidates, reverse=True):
        if os.access(path, os.X_OK):
            return path
    found = shutil.which(f"python{major}.{minor}")
    if found and _reports_version(Path(found), version):
        return Path(found)
    return None


def smoke_test(
    python_dir: Path,
    target: Target,
    modules: list[str] | None = None,
    interpreter: Path | None = None,
) -> SmokeResult:
    """Import the modules from python_dir; raise SmokeTestError naming each failure."""
    names = modules or top_level_modules(python_dir)
    if not names:
        return SmokeResult("skipped", "the layer has no importable top-level module")
    host = "aarch64" if platform.machine() in ("aarch64", "arm64") else platform.machine()
    if interpreter is None and host != target.machine:
        return SmokeResult(
            "skipped",
            f"{target.arch} layers cannot be import-tested on this {host} host without Docker",
        )
    major, minor = target.python_version
    interpreter = interpreter or find_interpreter((major, minor))
    if interpreter is None:
        return SmokeResult(
            "skipped",
            f"no Python {major}.{minor} interpreter here (looked in pyenv's versions and for "
            f"python{major}.{minor} on PATH)",
        )
    command = [str(interpreter), "-I", "-S", "-B", "-c", _SCRIPT]
    command += [str(python_dir.resolve()), f"{major}.{minor}", json.dumps(names)]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise SmokeTestError(
            f"importing the layer's modules took over {TIMEOUT_SECONDS}s: a module hangs on import."
        ) from exc
    return _judge(done, names, target, interpreter)


def _judge(
    done: subprocess.CompletedProcess[str], names: list[str], target: Target, interpreter: Path
) -> SmokeResult:
    try:
        outcome = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError) as exc:
        raise SmokeTestError(
            f"the import test in {interpreter} crashed (exit {done.returncode}): "
            f"{done.stderr.strip()[-2000:]}"
        ) from exc
    major, minor = target.python_version
    if outcome["version"] != f"{major}.{minor}":
        raise SmokeTestError(
            f"{interpreter} is Python {outcome['version']}, not {major}.{minor}: "
            "it cannot test this layer."
        )
    errors: dict[str, str] = outcome["errors"]
    if errors:
        lines = "\n".join(f"  {name}: {error}" for name, error in sorted(errors.items()))
        raise SmokeTestError(
            f"{len(errors)} of {len(names)} module(s) failed to import from the {target.key} "
            f"layer in Python {major}.{minor}:\n{lines}\n"
            "The layer was probably built for another Python or platform, or a dependency is "
            "missing from the requirements; set `imports` in layer.toml to test fewer modules."
        )
    return SmokeResult("passed", f"imported {len(names)} module(s) with {interpreter}")


def _has_code(folder: Path) -> bool:
    return any(folder.glob("*.py")) or any(folder.glob("*.so")) or any(folder.glob("*/*.py"))


def _reports_version(python: Path, version: tuple[int, int]) -> bool:
    try:
        done = subprocess.run(
            [str(python), "-I", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0 and done.stdout.strip() == f"{version[0]}.{version[1]}"
