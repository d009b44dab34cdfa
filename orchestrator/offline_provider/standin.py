"""Running Terraform with the stand-in provider without touching committed lock files.

Committed `.terraform.lock.hcl` files hold the registry's hashes of the real provider. Terraform
verifies the provider it installs against them, so with the stand-in `init` fails ("doesn't
match any of the checksums previously recorded"), `-lockfile=readonly` fails the same way, and
`dev_overrides` rewrites the file (it drops the overridden provider's entry). So stand-in runs
happen in a shadow tree: a temporary copy of the project made of real folders and symlinks to
the real files, with every lock file (and local state file) left out. Relative module sources
(`../../modules/x`) and `path.module` file references resolve exactly as in the real tree;
Terraform writes its own lock file (with a locally computed hash) into the shadow, never into
the project.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from orchestrator.errors import ConfigError
from orchestrator.offline_provider.mirror import install_mirror

LOCK_FILE = ".terraform.lock.hcl"
# Never part of a configuration: VCS data, Terraform's and Python's working folders.
_SKIPPED_DIRS = {
    ".git",
    ".terraform",
    ".orch",
    "node_modules",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".tox",
}


def _skipped_dir(name: str) -> bool:
    return name in _SKIPPED_DIRS or name.startswith(".venv")


def shadow_tree(source: Path, dest: Path, *, keep_lock_files: bool = False) -> Path:
    """Mirror `source` into `dest` as folders plus symlinks to files; return dest.

    Lock files are left out unless keep_lock_files; local state files always are, so a
    shadow run can never read or write the project's state.
    """
    source = source.resolve()
    for dirpath, dirnames, filenames in os.walk(source):
        here = Path(dirpath)
        target = dest / here.relative_to(source)
        target.mkdir(parents=True, exist_ok=True)
        kept = []
        for name in dirnames:
            if _skipped_dir(name):
                continue
            if (here / name).is_symlink():
                os.symlink((here / name).resolve(), target / name)
                continue
            kept.append(name)
        dirnames[:] = sorted(kept)
        for name in filenames:
            if (name == LOCK_FILE and not keep_lock_files) or name.startswith("terraform.tfstate"):
                continue
            os.symlink(here / name, target / name)
    return dest


def sync_shadow_tree(source: Path, dest: Path) -> Path:
    """Bring an existing shadow tree up to date with `source`; return dest.

    Files Terraform wrote into the shadow (its lock files) stay, so a persistent shadow tree
    keeps `init` from running again; links to files that are gone are removed.
    """
    source = source.resolve()
    wanted: set[Path] = set()
    for dirpath, dirnames, filenames in os.walk(source):
        here = Path(dirpath)
        target = dest / here.relative_to(source)
        target.mkdir(parents=True, exist_ok=True)
        dirnames[:] = sorted(name for name in dirnames if not _skipped_dir(name))
        for name in filenames:
            if name == LOCK_FILE or name.startswith("terraform.tfstate"):
                continue
            link = target / name
            wanted.add(link)
            if link.is_symlink() and os.readlink(link) == str(here / name):
                continue
            if link.is_symlink() or link.exists():
                link.unlink()
            os.symlink(here / name, link)
    for dirpath, _, filenames in os.walk(dest):
        for name in filenames:
            link = Path(dirpath) / name
            if link.is_symlink() and link not in wanted:
                link.unlink()
    return dest


def project_root(path: Path) -> Path:
    """The nearest folder at or above `path` holding orch.toml or .git; else path itself."""
    start = path.resolve()
    for folder in (start, *start.parents):
        if (folder / "orch.toml").is_file() or (folder / ".git").exists():
            return folder
    return start


@dataclass(frozen=True)
class StandIn:
    """The stand-in provider set up for a series of Terraform commands.

    Write `cli_config` into the file given to Terraform as TF_CLI_CONFIG_FILE, and run every
    command of a configuration in `workdir(config_dir)`, not in config_dir itself.
    """

    cli_config: str
    source_root: Path
    tree: Path

    def workdir(self, config_dir: Path) -> Path:
        """Where Terraform must run for config_dir (a folder under source_root)."""
        try:
            relative = config_dir.resolve().relative_to(self.source_root)
        except ValueError:
            raise ConfigError(
                f"{config_dir} is outside {self.source_root}, the tree prepared for the "
                "offline provider: prepare the stand-in from a folder that contains it"
            ) from None
        return self.tree / relative


def prepare_stand_in(source_root: Path, work_dir: Path, schema_file: Path | None = None) -> StandIn:
    """Install the mirror and the shadow tree under work_dir (which the caller cleans up).

    Use this when the commands span several calls (plan now, apply the saved plan later):
    the plan records the provider's hash, so apply must use the same work_dir.
    """
    source_root = source_root.resolve()
    cli_config = install_mirror(work_dir / "mirror", schema_file)
    tree = shadow_tree(source_root, work_dir / "tree")
    return StandIn(cli_config, source_root, tree)


def persistent_stand_in(
    source_root: Path, work_dir: Path, schema_file: Path | None = None
) -> StandIn:
    """prepare_stand_in in a folder kept between runs (plans and applies in separate processes)."""
    source_root = source_root.resolve()
    cli_config = _installed_mirror(work_dir / "mirror", schema_file)
    tree = sync_shadow_tree(source_root, work_dir / "tree")
    return StandIn(cli_config, source_root, tree)


def _installed_mirror(root: Path, schema_file: Path | None) -> str:
    """install_mirror, skipped when the same schema file was installed there by the same Python.

    Installing reads and parses the whole schema (5 MB) just to name its providers: most of
    the stand-in's cost per command.
    """
    from orchestrator.offline_provider.paths import schema_file as resolve_schema_file

    path = resolve_schema_file(schema_file).resolve()
    stat = path.stat()
    key = [
        str(path),
        stat.st_size,
        stat.st_mtime_ns,
        sys.executable,
        os.environ.get("ORCH_PROVIDER_VERSION", ""),
    ]
    stamp = root / "installed.json"
    if stamp.is_file():
        recorded = json.loads(stamp.read_text())
        if recorded.get("key") == key and root.is_dir():
            return str(recorded["cli_config"])
    cli_config = install_mirror(root, schema_file)
    stamp.write_text(json.dumps({"key": key, "cli_config": cli_config}))
    return cli_config


@contextmanager
def stand_in(source_root: Path, schema_file: Path | None = None) -> Iterator[StandIn]:
    """prepare_stand_in in a temporary folder removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="orch-offline-provider-") as tmp:
        yield prepare_stand_in(source_root, Path(tmp), schema_file)
