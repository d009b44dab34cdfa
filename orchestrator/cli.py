"""The `orch` command line: thin click shells; every command lives in orchestrator.commands.

Subcommands are imported only when invoked, so `orch --help` stays fast (boto3 and Terraform's
library are heavy imports).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import importlib.util
import os
import sys
import traceback
from typing import Any, NoReturn

import click

from orchestrator import __version__
from orchestrator.errors import OrchError

# name -> "module:attribute" of a click command; a module that is not there yet is not listed.
COMMANDS: dict[str, str] = {
    "bootstrap": "orchestrator.commands.stage:bootstrap",
    "plan": "orchestrator.commands.stage:plan",
    "apply": "orchestrator.commands.stage:apply",
    "output": "orchestrator.commands.stage:output",
    "force-unlock": "orchestrator.commands.stage:force_unlock",
    "workspace": "orchestrator.commands.workspace:workspace",
    "local": "orchestrator.commands.local:local",
    "validate": "orchestrator.commands.validate:validate",
    "layer": "orchestrator.commands.layer:layer",
    "ci": "orchestrator.commands.ci:ci",
    "status": "orchestrator.commands.promotion:status",
    "promote": "orchestrator.commands.promotion:promote",
    "approve": "orchestrator.commands.promotion:approve",
    "drift": "orchestrator.commands.promotion:drift",
}

SHORT_HELP: dict[str, str] = {
    "bootstrap": "Create a stage's state bucket (idempotent).",
    "plan": "Plan a stack in a stage.",
    "apply": "Apply a stack in a stage.",
    "output": "Show a stack's outputs in a stage or feature workspace.",
    "force-unlock": "Release a state lock left by a run that died.",
    "workspace": "Feature-branch workspaces: up, down, list, prune.",
    "local": "The embedded AWS (moto server) for local runs.",
    "validate": "fmt, validate and test every Terraform configuration.",
    "layer": "Build Lambda layers.",
    "ci": "Decide and run the action for a GitHub Actions event.",
    "status": "What is deployed where.",
    "promote": "Promote what the previous stage ran to the next stage.",
    "approve": "Approve a saved plan for a stage that requires approval.",
    "drift": "Report where a stage no longer matches what was applied.",
}


def _module_exists(target: str) -> bool:
    module = target.split(":")[0]
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name, target in COMMANDS.items() if _module_exists(target))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None or not _module_exists(target):
            return None
        module_name, attribute = target.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Listing must not import every command module: use the short help table.
        rows = [(name, SHORT_HELP.get(name, "")) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="orch")
def cli() -> None:
    """Turn git events into safe Terraform runs on AWS.

    Reads the project configuration (orch.toml) from the current directory or its parents.
    """


def run() -> NoReturn:
    """The `orch` command: main(), then an exit without the interpreter's teardown.

    Freeing every module and AWS model one by one took about 40 ms after Terraform had
    finished; by the time main() returns, everything orch must do is done but flushing output.
    """
    try:
        status = main()
    except SystemExit as exc:
        status = exc.code
    if status is None or isinstance(status, int):
        code = status or 0
    else:
        print(status, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing left to show
            stream.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> Any:
    # Start-up allocates many objects that live as long as the process (modules, AWS models):
    # collecting them over and over cost a tenth of orch's own start-up.
    gc.set_threshold(50_000, 20, 20)
    try:
        return cli.main(args=argv, prog_name="orch", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("orch: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except OrchError as exc:
        click.echo(f"orch: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("\norch: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:
        from orchestrator.aws import aws_failure

        message = aws_failure(exc)
        if message is not None:
            click.echo(f"orch: error: {message}", err=True)
            sys.exit(1)
        # An unexpected failure is a bug: show where it happened.
        click.echo("orch: unexpected error (please report it):", err=True)
        traceback.print_exc()
        sys.exit(3)
