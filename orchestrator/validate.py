"""`orch validate`: fmt, init, validate and test every Terraform configuration of the project.

Each folder runs `terraform fmt -check`, `init -backend=false`, `validate`, and `test` where it
has tests/*.tftest.hcl. The provider is the real one when the Terraform registry answers, else
(or when a schema file is given) the offline stand-in that serves the AWS provider's schema.
Either way Terraform runs in a shadow tree (see offline_provider.standin), so nothing is written
into the project: no `.terraform` folders, and with the stand-in no change to lock files.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from orchestrator.errors import ConfigError, OrchError
from orchestrator.offline_provider.mirror import REGISTRY_HOST, registry_reachable
from orchestrator.offline_provider.schema import schema_file as resolve_schema_file
from orchestrator.offline_provider.standin import prepare_stand_in, project_root, shadow_tree
from orchestrator.terraform import Engine, Terraform, build_env, resolve_engine
from orchestrator.terraform.args import init_args

PROVIDER_MODES = ("auto", "registry", "stand-in")
# Where configurations live, relative to the project root.
DEFAULT_PATTERNS = ("modules/*", "modules/*/examples/*", "environments/*")
_ANY_EXIT = tuple(range(256))
_TEST_SUMMARY = re.compile(r"(\d+) passed, (\d+) failed")

Echo = Callable[[str], None]


@dataclass(frozen=True)
class ProviderSetup:
    """How Terraform gets its providers for this run, and where it runs."""

    kind: str  # registry or stand-in
    label: str
    cli_config: str
    source_root: Path
    tree: Path

    def workdir(self, folder: Path) -> Path:
        return self.tree / folder.resolve().relative_to(self.source_root)


@dataclass
class StepResult:
    name: str
    ok: bool
    output: str = ""
    note: str = ""


@dataclass
class FolderResult:
    folder: Path
    provider: str
    steps: list[StepResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(step.ok for step in self.steps)


# --- which folders ----------------------------------------------------------------------


def discover(root: Path, patterns: Sequence[str] = DEFAULT_PATTERNS) -> list[Path]:
    """Every folder matching `patterns` under root that holds .tf files (default: modules,
    examples and environments)."""
    found = {
        folder
        for pattern in patterns
        for folder in root.glob(pattern)
        if folder.is_dir() and any(folder.glob("*.tf"))
    }
    return sorted(found)


def _folders(paths: Sequence[Path], root: Path) -> list[Path]:
    if not paths:
        return discover(root)
    folders = []
    for path in paths:
        if not path.is_dir():
            raise ConfigError(f"{path} is not a folder: give folders holding .tf files")
        if not any(path.glob("*.tf")):
            raise ConfigError(f"{path} holds no .tf files: give a Terraform configuration folder")
        folders.append(path.resolve())
    return folders


# --- which provider ---------------------------------------------------------------------


def choose_provider(mode: str, schema: Path | None, probe: Callable[[], bool]) -> str:
    """'registry' or 'stand-in' for a mode (auto, registry, stand-in) and an optional schema."""
    if mode not in PROVIDER_MODES:
        raise ConfigError(f"unknown provider mode {mode!r}: use one of {', '.join(PROVIDER_MODES)}")
    if schema is not None:
        if mode == "registry":
            raise ConfigError("--provider-schema serves the stand-in: it cannot go with registry")
        return "stand-in"
    if mode != "auto":
        return mode
    return "registry" if probe() else "stand-in"


def _user_cli_config(env: dict[str, str]) -> str:
    path = Path(env.get("TF_CLI_CONFIG_FILE") or Path.home() / ".terraformrc")
    if path.is_file():
        return path.read_text()
    cache = Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "orchestrator" / "plugins"
    cache.mkdir(parents=True, exist_ok=True)
    return f"plugin_cache_dir = {json.dumps(str(cache))}\n"


@contextmanager
def provider_setup(
    root: Path, choice: str, schema: Path | None, env: dict[str, str]
) -> Iterator[ProviderSetup]:
    with tempfile.TemporaryDirectory(prefix="orch-validate-") as tmp:
        work = Path(tmp)
        if choice == "registry":
            tree = shadow_tree(root, work / "tree", keep_lock_files=True)
            label = f"real providers from {REGISTRY_HOST}"
            yield ProviderSetup(choice, label, _user_cli_config(env), root.resolve(), tree)
            return
        path = resolve_schema_file(schema)
        stand_in = prepare_stand_in(root, work, path)
        label = f"offline stand-in serving {path} ({REGISTRY_HOST} not used)"
        yield ProviderSetup(choice, label, stand_in.cli_config, stand_in.source_root, stand_in.tree)


# --- the checks -------------------------------------------------------------------------


def _output(result_stdout: str, result_stderr: str) -> str:
    return "\n".join(part for part in (result_stdout.strip(), result_stderr.strip()) if part)


def check_folder(
    folder: Path,
    setup: ProviderSetup,
    engine: Engine,
    base_env: dict[str, str],
    data_dir: Path,
    cli_config_file: Path,
) -> FolderResult:
    """fmt, init, validate and test one folder; every step's outcome, failures with output."""
    report = FolderResult(folder, setup.kind)
    env = build_env(base_env, data_dir=data_dir, cli_config_file=cli_config_file)
    has_tests = any((folder / "tests").glob("*.tftest.hcl"))

    # fmt only reads, so it runs on the real files and names them as they are.
    fmt_targets = [".", *(["tests"] if (folder / "tests").is_dir() else [])]
    fmt = Terraform(engine, folder, env, echo=None).run(
        ["fmt", "-check", "-diff", "-no-color", *fmt_targets], ok_codes=_ANY_EXIT
    )
    report.steps.append(StepResult("fmt", fmt.returncode == 0, _output(fmt.stdout, fmt.stderr)))

    terraform = Terraform(engine, setup.workdir(folder), env, echo=None)
    steps: list[tuple[str, list[str]]] = [
        ("init", init_args(backend=False)),
        ("validate", ["validate", "-no-color"]),
    ]
    if has_tests:
        steps.append(("test", ["test", "-no-color"]))
    for name, args in steps:
        result = terraform.run(args, ok_codes=_ANY_EXIT)
        step = StepResult(name, result.returncode == 0, _output(result.stdout, result.stderr))
        if name == "test":
            summary = _TEST_SUMMARY.search(result.stdout)
            step.note = f"{summary.group(1)} passed, {summary.group(2)} failed" if summary else ""
        report.steps.append(step)
        if not step.ok and name == "init":
            break  # nothing else can run without providers and modules
    return report


def format_report(report: FolderResult, root: Path) -> str:
    try:
        name = str(report.folder.relative_to(root))
    except ValueError:
        name = str(report.folder)
    parts = [f"{s.name} ({s.note})" if s.note else s.name for s in report.steps]
    if report.ok:
        return f"ok      {name}: {', '.join(parts)} [provider: {report.provider}]"
    failed = [s for s in report.steps if not s.ok]
    lines = [
        f"FAILED  {name}: {', '.join(s.name for s in failed)} failed [provider: {report.provider}]"
    ]
    for step in failed:
        lines.append(f"  --- terraform {step.name} in {name}:")
        lines.extend(f"  {line}" for line in step.output.splitlines())
    return "\n".join(lines)


def run_validate(
    paths: Sequence[Path] = (),
    *,
    root: Path | None = None,
    provider: str = "auto",
    schema: Path | None = None,
    engine: Engine | str | None = None,
    jobs: int = 2,
    echo: Echo = print,
    probe: Callable[[], bool] = registry_reachable,
    base_env: dict[str, str] | None = None,
) -> list[FolderResult]:
    """Check the folders (default: all of the project); raise OrchError if any fails."""
    base_env = dict(os.environ if base_env is None else base_env)
    root = (root or project_root(paths[0] if paths else Path.cwd())).resolve()
    folders = _folders(paths, root)
    if not folders:
        echo(
            f"orch validate: no Terraform configurations under {root} "
            f"(looked in {', '.join(DEFAULT_PATTERNS)}): nothing to check"
        )
        return []
    outside = [f for f in folders if not f.is_relative_to(root)]
    if outside:
        raise ConfigError(
            f"{outside[0]} is outside the project at {root}: run orch validate from its project"
        )
    engine = engine if isinstance(engine, Engine) else resolve_engine(engine)
    choice = choose_provider(provider, schema, probe)
    with provider_setup(root, choice, schema, base_env) as setup:
        echo(f"orch validate: {len(folders)} configuration(s), provider: {setup.label}")
        cli_config_file = setup.tree.parent / "terraformrc"
        cli_config_file.write_text(setup.cli_config)
        data_root = setup.tree.parent / "data"

        def one(indexed: tuple[int, Path]) -> FolderResult:
            index, folder = indexed
            report = check_folder(
                folder, setup, engine, base_env, data_root / str(index), cli_config_file
            )
            echo(format_report(report, root))
            return report

        if jobs <= 1:
            # In this thread, so Ctrl-C reaches the adapter, which stops Terraform cleanly.
            reports = [one(item) for item in enumerate(folders)]
        else:
            with ThreadPoolExecutor(max_workers=jobs) as pool:
                reports = list(pool.map(one, enumerate(folders)))
    failed = [r for r in reports if not r.ok]
    if failed:
        names = ", ".join(str(r.folder.relative_to(root)) for r in failed)
        raise OrchError(
            f"{len(failed)} of {len(reports)} configuration(s) failed: {names} "
            "(Terraform's diagnostics are above)"
        )
    echo(f"orch validate: all {len(reports)} configuration(s) passed")
    return reports
