"""`orch local demo`: the whole git story on the embedded AWS, leaving nothing running.

A scratch git clone of the project receives the commits, and `orch ci` (the function every
workflow job calls) gets the events GitHub would send for them, job by job as the workflows
run it: decide, then each decided action, then the cleanup check.

  bootstrap and seed -> pull request opened (workspace up) -> pushed again (only the change)
  -> Ensure workspace cleanup (blocks) -> merged (teardown; the check passes)
  -> trunk: main deploys dev, then int | gitflow: develop -> dev, release/X.Y.Z -> int
  -> release tag -> prd -> a table of stages, workspaces and resource counts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from orchestrator.backend import state_key
from orchestrator.ci import payloads
from orchestrator.ci.report import CiReport
from orchestrator.ci.run import run_ci
from orchestrator.config import Config, find_config_file, load_config
from orchestrator.context import Context
from orchestrator.errors import OrchError
from orchestrator.local import LocalServer
from orchestrator.localmode import attach, use_local_aws
from orchestrator.providers import PROVIDER_ENV
from orchestrator.status import deployment_status
from orchestrator.terraform.engine import resolve_engine
from orchestrator.workspaces import list_workspaces

REPOSITORY = "example/data-platform"
RELEASE = "1.0.0"
PULL_REQUEST = 1
CHANGE_FILE = "orch_demo_change.tf"
CHANGE = """\
# Added by `orch local demo` as the pull request's second push: the plan shows only this.
resource "terraform_data" "orch_demo_change" {
  input = "pushed again"
}
"""
# Never copied into the scratch clone: VCS data, local state, caches, virtual environments.
_SKIPPED = {".git", ".orch", ".terraform", "__pycache__", "node_modules"}
_SKIPPED_PREFIXES = (".venv", ".pytest_cache", ".mypy_cache", ".ruff_cache")

Echo = Callable[[str], None]


@dataclass
class DemoStep:
    title: str
    reports: list[CiReport] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class DemoResult:
    steps: list[DemoStep]
    stages: list[dict[str, Any]]
    workspaces: list[dict[str, Any]]


def run_demo(
    engine: str | None,
    branch: str,
    *,
    config_path: Path | None = None,
    echo: Echo = click.echo,
) -> DemoResult:
    """Play the story on a scratch clone of the project (nothing in it is changed)."""
    if shutil.which("git") is None:
        raise OrchError("the demo replays git events in a scratch clone: install git")
    source = config_path or find_config_file()
    config = load_config(source)
    with tempfile.TemporaryDirectory(prefix="orch-demo-") as tmp:
        checkout = Path(tmp) / "checkout"
        copy_project(config.root, checkout)
        repo = ScratchRepo(checkout, Path(tmp) / "home")
        ctx = Context(
            config=load_config(checkout / source.relative_to(config.root)),
            engine=resolve_engine(engine),
            echo=_terraform_echo,
            base_env=demo_env(os.environ),
        )
        story = Story(ctx, repo, branch, Path(tmp) / "events", echo)
        result = story.play()
    echo("\nThe embedded AWS was stopped and the scratch clone removed: nothing is left running.")
    return result


def demo_env(env: Mapping[str, str]) -> dict[str, str]:
    """The offline provider unless ORCH_PROVIDER says otherwise.

    Where the registry answers, local mode would take the real AWS provider, which calls APIs
    the embedded AWS does not all emulate: the demo must work on any machine.
    """
    return {**env, PROVIDER_ENV: env.get(PROVIDER_ENV, "stand-in")}


def copy_project(root: Path, target: Path) -> None:
    def ignored(folder: str, names: list[str]) -> set[str]:
        return {
            name
            for name in names
            if name in _SKIPPED or name.startswith(_SKIPPED_PREFIXES) or name.endswith(".egg-info")
        }

    shutil.copytree(root, target, ignore=ignored, symlinks=True)


class ScratchRepo:
    """A throwaway git repository, isolated from the user's git configuration and hooks."""

    def __init__(self, root: Path, home: Path) -> None:
        self.root = root
        home.mkdir(parents=True, exist_ok=True)
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "orch demo",
            "GIT_AUTHOR_EMAIL": "demo@example.com",
            "GIT_COMMITTER_NAME": "orch demo",
            "GIT_COMMITTER_EMAIL": "demo@example.com",
        }

    def git(self, *args: str) -> str:
        result = subprocess.run(
            ["git", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise OrchError(f"demo: `git {' '.join(args)}` failed: {result.stderr.strip()}")
        return result.stdout.strip()

    def init(self) -> str:
        self.git("init", "-q", "-b", "main")
        exclude = self.root / ".git" / "info" / "exclude"
        exclude.write_text(exclude.read_text() + "\n.orch/\n.terraform/\n__pycache__/\n")
        return self.commit("the project as it is today")

    def commit(self, message: str, *, allow_empty: bool = False) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, *(["--allow-empty"] if allow_empty else []))
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD")

    def switch(self, ref: str, *, create_from: str | None = None) -> None:
        if create_from is None:
            self.git("checkout", "-q", ref)
        else:
            self.git("checkout", "-q", "-b", ref, create_from)


class Story:
    def __init__(self, ctx: Context, repo: ScratchRepo, branch: str, events: Path, echo: Echo):
        self.ctx = ctx
        self.repo = repo
        self.branch = branch
        self.events = events
        self.echo = echo
        self.steps: list[DemoStep] = []
        self.server: LocalServer | None = None
        self.gitflow = ctx.config.git_strategy == "gitflow"
        self.base = "develop" if self.gitflow else "main"

    def play(self) -> DemoResult:
        config = self.ctx.config
        first = self.repo.init()
        if self.gitflow:
            self.repo.git("branch", "develop")
        with use_local_aws(self.ctx) as server:
            self.server = server
            self._heading(f"the embedded AWS at {server.endpoint} ({config.git_strategy} flow)")
            self._bootstrap_report(config)
            self._pull_request()
            merge = self._merge()
            self._deliver(first, merge)
            stages = self._stage_rows()
            workspaces = [info.as_dict() for info in list_workspaces(self.ctx)]
        self._final_table(stages, workspaces)
        if workspaces:
            raise OrchError("demo: a feature workspace outlived its teardown")
        return DemoResult(self.steps, stages, workspaces)

    # --- the story -------------------------------------------------------------------------

    def _bootstrap_report(self, config: Config) -> None:
        for name, stage in config.stages.items():
            self.echo(f"  state bucket {stage.state_bucket} for stage {name}")
            for stack in config.stacks:
                self.echo(f"  tfvars secret {config.secret_name(stack, name)} seeded")

    def _pull_request(self) -> None:
        repo = self.repo
        repo.switch(self.branch, create_from=self.base)
        head = repo.commit(f"Start {self.branch}", allow_empty=True)
        self._event(
            f"pull request #{PULL_REQUEST} opened from {self.branch}",
            "pull_request",
            self._pr("opened", head),
        )
        first_stack = next(iter(self.ctx.config.stacks.values()))
        (first_stack.path / CHANGE_FILE).write_text(CHANGE)
        head = repo.commit(f"Add {CHANGE_FILE} to {first_stack.name}")
        self._event(
            f"{self.branch} pushed again: the plan shows only the change",
            "pull_request",
            self._pr("synchronize", head),
        )
        self._event(
            "Ensure workspace cleanup before merge: blocks while the workspace exists",
            "pull_request",
            self._pr("synchronize", head),
            cleanup_check=True,
            expect_exit=1,
        )

    def _merge(self) -> str:
        repo = self.repo
        head = repo.head()
        repo.switch(self.base)
        repo.git("merge", "-q", "--no-ff", "-m", f"Merge pull request #{PULL_REQUEST}", self.branch)
        merge = repo.head()
        payload = self._pr("closed", head, merged=True, merge_sha=merge)
        self._event(
            f"pull request #{PULL_REQUEST} merged into {self.base}", "pull_request", payload
        )
        self._event(
            "Ensure workspace cleanup: passes now", "pull_request", payload, cleanup_check=True
        )
        return merge

    def _deliver(self, before: str, merge: str) -> None:
        if self.gitflow:
            self._push(f"refs/heads/{self.base}", before, merge, "develop deploys the first stage")
            self.repo.switch(f"release/{RELEASE}", create_from=self.base)
            release = f"refs/heads/release/{RELEASE}"
            self._push(release, payloads.ZERO_SHA, merge, "a release branch deploys int")
        else:
            self._push("refs/heads/main", before, merge, "main deploys every stage but the last")
        self.repo.git("tag", f"v{RELEASE}", merge)
        self.repo.switch(merge)
        self._push(f"refs/tags/v{RELEASE}", payloads.ZERO_SHA, merge, "a release tag deploys prd")

    # --- feeding orch ci ---------------------------------------------------------------------

    def _push(self, ref: str, before: str, after: str, why: str) -> None:
        self.repo.switch(after)
        payload = payloads.push(ref, before=before, after=after, repo=REPOSITORY)
        self._event(f"push {ref} at {after[:12]}: {why}", "push", payload)

    def _pr(self, action: str, head: str, *, merged: bool = False, merge_sha: str = "") -> Any:
        return payloads.pull_request(
            action,
            number=PULL_REQUEST,
            branch=self.branch,
            head_sha=head,
            base=self.base,
            repo=REPOSITORY,
            merged=merged,
            merge_sha=merge_sha,
        )

    def _event(
        self,
        title: str,
        name: str,
        payload: dict[str, Any],
        *,
        cleanup_check: bool = False,
        expect_exit: int = 0,
    ) -> DemoStep:
        """One event through `orch ci`, job by job, as the workflows run it."""
        self._heading(title)
        step = DemoStep(title)
        started = time.monotonic()
        env = payloads.event_env(self.events, name, payload, index=len(self.steps), repo=REPOSITORY)
        if cleanup_check:
            jobs = [self._job(env, expect_exit, check_cleanup=True)]
        else:
            decided = self._job(env, 0, dry_run=True)
            jobs = [decided] + [self._job(env, 0, only=a.key) for a in decided.decision.actions]
        step.reports = jobs
        step.seconds = time.monotonic() - started
        self.steps.append(step)
        return step

    def _job(self, env: dict[str, str], expect_exit: int, **options: Any) -> CiReport:
        report = run_ci(self._job_context(), env, **options)
        label = (
            "orch ci --check-cleanup"
            if options.get("check_cleanup")
            else "orch ci --dry-run"
            if options.get("dry_run")
            else f"orch ci --only {options['only']}"
        )
        self.echo(f"  $ {label}  (exit {report.exit_code})")
        for line in report.text().splitlines()[1:]:
            self.echo(f"  {line}")
        if report.exit_code != expect_exit:
            raise OrchError(
                f"demo: `{label}` exited {report.exit_code}, expected {expect_exit}: "
                f"{report.headline}"
            )
        return report

    def _job_context(self) -> Context:
        """A new Context per job, as each workflow job is a new `orch ci` process: it sees the
        checkout as it is now (the offline provider's shadow tree is synced per Context)."""
        assert self.server is not None
        ctx = Context(
            config=self.ctx.config,
            engine=self.ctx.engine,
            echo=self.ctx.echo,
            base_env=self.ctx.base_env,
        )
        attach(ctx, self.server)
        return ctx

    # --- the final table ---------------------------------------------------------------------

    def _stage_rows(self) -> list[dict[str, Any]]:
        status = {
            (row["stage"], row["stack"]): row for row in deployment_status(self.ctx)["stages"]
        }
        rows = []
        for name in self.ctx.config.promotion:
            stage = self.ctx.config.stage(name)
            s3 = self.ctx.aws(stage).client("s3")
            for stack in self.ctx.config.stacks:
                row = status.get((name, stack), {})
                rows.append(
                    {
                        "stage": name,
                        "stack": stack,
                        "resources": _state_resources(s3, stage.state_bucket, state_key(stack)),
                        "commit": str(row.get("commit", ""))[:12] or "-",
                        "outcome": row.get("outcome", "never"),
                    }
                )
        return rows

    def _final_table(self, stages: list[dict[str, Any]], workspaces: list[dict[str, Any]]) -> None:
        self._heading("where everything is now")
        _table(self.echo, stages, ["stage", "stack", "resources", "commit", "outcome"])
        self.echo("")
        if workspaces:
            _table(self.echo, workspaces, ["workspace", "branch", "resources"])
        else:
            self.echo("feature workspaces: none (the merged branch's was torn down)")
        self.echo("")
        _table(
            self.echo,
            [{"step": s.title, "seconds": f"{s.seconds:.1f}"} for s in self.steps],
            ["step", "seconds"],
        )

    def _heading(self, text: str) -> None:
        self.echo(click.style(f"\n==> {text}", bold=True))


def _state_resources(s3: Any, bucket: str, key: str) -> int:
    from botocore.exceptions import ClientError

    try:
        body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    except ClientError:
        return 0
    state = json.loads(body or b"{}")
    return sum(
        len(resource.get("instances", []))
        for resource in state.get("resources", [])
        if resource.get("mode") == "managed"
    )


def _table(echo: Echo, rows: list[dict[str, Any]], columns: list[str]) -> None:
    widths = {c: max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in columns}
    echo("  ".join(c.upper().ljust(widths[c]) for c in columns).rstrip())
    for row in rows:
        echo("  ".join(str(row.get(c, "")).ljust(widths[c]) for c in columns).rstrip())


def _terraform_echo(line: str) -> None:
    click.secho(f"      {line}", dim=True, err=True)
