"""One stack in one stage and workspace, ready for Terraform: backend set up, tfvars on demand."""

from __future__ import annotations

import fcntl
import hashlib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orchestrator.artifacts import LayerArtifact, layers_variable, local_artifacts
from orchestrator.backend import backend_settings, render_backend_hcl
from orchestrator.config import Stack, Stage
from orchestrator.context import Context
from orchestrator.errors import OrchError
from orchestrator.providers import needs_providers
from orchestrator.redact import Redactor, secret_strings
from orchestrator.terraform import args as tf_args
from orchestrator.terraform.results import TerraformResult
from orchestrator.terraform.runner import Terraform, build_env
from orchestrator.tfvars import Tfvars, TfvarsError, fetch_tfvars, tfvars_file
from orchestrator.tfvars_pipe import TfvarsPipe

DEFAULT_WORKSPACE = "default"
_DATA_ADDRESS = re.compile(r"(^|\.)data\.")


@dataclass(frozen=True)
class Target:
    """Where a run goes: a stack, a stage, and a workspace (`default` for the stage itself)."""

    stack: Stack
    stage: Stage
    workspace: str = DEFAULT_WORKSPACE
    branch: str = ""
    # The layer artifacts to deploy; None takes the local build (build/layers/index.json).
    layers: tuple[LayerArtifact, ...] | None = None

    def layer_artifacts(self, root: Path) -> list[LayerArtifact]:
        return list(self.layers) if self.layers is not None else local_artifacts(root)

    @property
    def label(self) -> str:
        where = self.stage.name if self.workspace == DEFAULT_WORKSPACE else self.workspace
        return f"{self.stack.name}@{where}"


def load_tfvars(ctx: Context, target: Target) -> Tfvars:
    """The stage's tfvars for the stack, checked before any Terraform run."""
    name = ctx.config.secret_name(target.stack.name, target.stage.name)
    values = fetch_tfvars(ctx.aws(target.stage).client("secretsmanager"), name, target.stage.region)
    declared_stage = values.get("stage")
    if declared_stage is not None and declared_stage != target.stage.name:
        raise TfvarsError(
            f"secret {name!r} sets `stage` to another stage than {target.stage.name!r}: "
            "it belongs to a different stage; fix the secret's content or the name template"
        )
    return values


class RunTfvars:
    """The tfvars of every target of one run, fetched together when first needed.

    All are fetched and checked before any is used, so a bad secret of one stack stops the run
    before Terraform acts on another. Fetching on first need lets it overlap Terraform's start.
    """

    def __init__(self, ctx: Context, targets: Sequence[Target]) -> None:
        self._ctx = ctx
        self._targets = list(targets)
        self._values: dict[str, Tfvars] | None = None

    def check(self) -> None:
        """Fetch and check them all now, before a side effect that a bad secret must prevent."""
        if self._values is None:
            self._values = {t.stack.name: load_tfvars(self._ctx, t) for t in self._targets}

    def of(self, target: Target) -> Tfvars:
        self.check()
        assert self._values is not None
        return self._values[target.stack.name]

    def secrets(self, target: Target) -> list[str]:
        """The target's values to mask in Terraform's output."""
        return secrets_of(self._ctx, self.of(target))


@dataclass
class StackSession:
    target: Target
    _terraform: Terraform
    _tfvars: RunTfvars
    _values: Tfvars | None = None

    @property
    def tf(self) -> Terraform:
        """Terraform, once it knows the secrets to mask: any command may print state values."""
        self._tfvars_values()
        return self._terraform

    def run_with_tfvars(
        self, args_for: Callable[[list[Path]], list[str]], **options: Any
    ) -> TerraformResult:
        """Run the command that reads the tfvars, built by `args_for([var_file])`.

        Through a pipe, Terraform starts first and the secret is fetched while it does.
        """
        if not self._terraform.engine.reads_var_files_once:
            with tfvars_file(self._tfvars_values()) as path:
                return self._terraform.run(args_for([path]), **options)
        with TfvarsPipe() as pipe:
            return self._terraform.run(
                args_for([pipe.path]), on_start=lambda: pipe.send(self._tfvars_values()), **options
            )

    def workspaces(self) -> list[str]:
        result = self.tf.run(tf_args.workspace_list_args(), quiet=True)
        return [line.strip(" *") for line in result.stdout.splitlines() if line.strip(" *")]

    def select_workspace(self, create: bool) -> bool:
        """Select the target's workspace; False if it does not exist and create is False."""
        workspace = self.target.workspace
        if workspace == DEFAULT_WORKSPACE:
            return True
        if not create and workspace not in self.workspaces():
            return False
        self.tf.run(tf_args.workspace_select_args(workspace), quiet=True)
        return True

    def managed_resource_count(self) -> int:
        result = self.tf.run(tf_args.state_list_args(), quiet=True)
        addresses = [line for line in result.stdout.splitlines() if line.strip()]
        return sum(1 for address in addresses if not _DATA_ADDRESS.search(address))

    def _tfvars_values(self) -> Tfvars:
        """The target's tfvars, its secrets masked in Terraform's output from the first fetch."""
        if self._values is None:
            self._terraform.redact.add(self._tfvars.secrets(self.target))
            self._values = self._tfvars.of(self.target)
        return self._values


def data_dir(ctx: Context, target: Target, name: str | None = None) -> Path:
    folder = ctx.state_dir / "tfdata" / target.stack.name / target.stage.name
    return folder / (name or target.workspace)


@contextmanager
def open_stack(
    ctx: Context,
    target: Target,
    tfvars: RunTfvars | None = None,
    *,
    data_dir_name: str | None = None,
) -> Iterator[StackSession]:
    """Set up the backend, init when needed, and yield; the tfvars are fetched on first need.

    `data_dir_name` gives a run its own Terraform data dir (drift plans another tree).
    """
    aws = ctx.aws(target.stage)
    folder = data_dir(ctx, target, data_dir_name)
    folder.mkdir(parents=True, exist_ok=True)
    backend_file = folder / "backend.hcl"
    settings = backend_settings(target.stage, target.stack.name, ctx.endpoint_url)
    backend_file.write_text(render_backend_hcl(settings))
    workdir = workdir_for(ctx, target)  # decides the provider before the CLI config is written
    env = build_env(
        ctx.base_env,
        data_dir=folder,
        cli_config_file=ctx.cli_config_file(),
        extra={**aws.terraform_env(), **_context_vars(ctx, target)},
    )
    tf = Terraform(ctx.engine, workdir, env, redactor=Redactor(), echo=ctx.echo)
    with _locked(folder):
        _init_if_needed(ctx, tf, folder, backend_file)  # init prints no tfvars or state values
    yield StackSession(target, tf, tfvars or RunTfvars(ctx, [target]))


def secrets_of(ctx: Context, tfvars: Tfvars) -> list[str]:
    """The tfvars values to mask, less those orch.toml already makes public (regions...)."""
    config = ctx.config
    public = {config.project, *config.stages, *config.stacks}
    for stage in config.stages.values():
        public |= {stage.region, stage.state_bucket, stage.account_id, stage.role_arn}
    return [value for value in secret_strings(tfvars) if value not in public]


def workdir_for(ctx: Context, target: Target) -> Path:
    """Where Terraform runs: the stack itself, or its copy in the offline provider's tree."""
    path = target.stack.path
    offline = ctx.stand_in() if needs_providers(path) else None
    if offline is None:
        return path
    if path.is_relative_to(offline.source_root):
        return offline.workdir(path)
    # Another tree of the project (drift plans a worktree of an older commit): its own shadow.
    from orchestrator.offline_provider.standin import sync_shadow_tree

    tree_root = next(p for p in path.parents if (p / "orch.toml").is_file())
    shadow = (
        ctx.state_dir
        / "standin"
        / "other-trees"
        / hashlib.sha256(str(tree_root).encode()).hexdigest()[:12]
    )
    return sync_shadow_tree(tree_root, shadow) / path.relative_to(tree_root)


def _init_if_needed(ctx: Context, tf: Terraform, folder: Path, backend_file: Path) -> None:
    """`init` only when something it depends on changed: it costs as much as a small plan."""
    stamp_file = folder / "init.fingerprint"
    fingerprint = _init_fingerprint(ctx, tf.workdir, backend_file)
    initialised = (folder / "terraform.tfstate").is_file()
    if initialised and stamp_file.is_file() and stamp_file.read_text() == fingerprint:
        return
    stamp_file.unlink(missing_ok=True)
    tf.run(tf_args.init_args(backend_file), quiet=True)
    stamp_file.write_text(fingerprint)


def _init_fingerprint(ctx: Context, workdir: Path, backend_file: Path) -> str:
    """Everything `init` reads: backend settings, CLI config, engine, root, lock file, modules."""
    digest = hashlib.sha256()
    digest.update(" ".join(ctx.engine.command).encode())
    files = [backend_file, ctx.cli_config_file(), workdir / ".terraform.lock.hcl"]
    files += sorted(workdir.glob("*.tf*"))
    modules = ctx.config.root / "modules"
    if modules.is_dir():
        files += sorted(modules.rglob("*.tf"))
    for path in files:
        digest.update(str(path).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _context_vars(ctx: Context, target: Target) -> dict[str, str]:
    """Facts every root configuration may declare; undeclared ones are ignored by Terraform."""
    workspace = "" if target.workspace == DEFAULT_WORKSPACE else target.workspace
    values = {
        "project": ctx.config.project,
        "stage": target.stage.name,
        "workspace": workspace,
        "branch": target.branch,
        "protected": json.dumps(target.stage.protected),
    }
    layers = target.layer_artifacts(ctx.config.root)
    if layers:
        values["layers"] = layers_variable(layers)
    return {f"TF_VAR_{key}": value for key, value in values.items()}


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Serialise `init` of one data dir between local processes (the state lock is in S3)."""
    with open(folder / ".init.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def require_unprotected(stage: Stage, action: str) -> None:
    if stage.protected:
        raise OrchError(
            f"refusing to {action} in stage {stage.name!r}: it is protected, and branch flows "
            "never destroy anything in a protected stage"
        )
