"""orch local up | down | status | demo."""

from __future__ import annotations

import click

from orchestrator.commands._common import run_options


@click.group()
def local() -> None:
    """The embedded AWS (moto server on 127.0.0.1) for local runs."""


@local.command()
def up() -> None:
    """Start the embedded AWS (if not running), create state buckets, seed example secrets."""
    from orchestrator.localmode import local_up

    server = local_up()
    click.echo(f"embedded AWS at {server.endpoint} (pid {server.pid}); use --local to run on it")


@local.command()
def down() -> None:
    """Stop the embedded AWS started by `orch local up` (everything in it is gone)."""
    from orchestrator.localmode import local_down

    click.echo("stopped the embedded AWS" if local_down() else "the embedded AWS was not running")


@local.command()
def status() -> None:
    """Whether the embedded AWS is running, and where."""
    from orchestrator.localmode import local_status

    server = local_status()
    click.echo(f"running at {server.endpoint} (pid {server.pid})" if server else "not running")


@local.command()
@run_options
@click.option("--branch", default="feature/DEMO-1-first-pipeline", show_default=True)
def demo(local: bool, engine: str | None, branch: str) -> None:
    """The whole story on the embedded AWS; leaves nothing running."""
    from orchestrator.demo import run_demo

    run_demo(engine, branch)
