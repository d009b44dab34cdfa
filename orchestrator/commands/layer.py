"""`orch layer build`: build the Lambda layers under lambda_layers/."""

from __future__ import annotations

import click

from orchestrator.layers.config import ARCHITECTURES, RUNTIME_GLIBC


@click.group()
def layer() -> None:
    """Build Lambda layers from lambda_layers/<name>/."""


@layer.command()
@click.argument("name", required=False)
@click.option("--runtime", type=click.Choice(sorted(RUNTIME_GLIBC)), help="Only this runtime.")
@click.option("--arch", type=click.Choice(ARCHITECTURES), help="Only this architecture.")
@click.option(
    "--refresh", is_flag=True, help="Resolve again even if the layer folder is unchanged."
)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON on stdout.")
def build(
    name: str | None, runtime: str | None, arch: str | None, refresh: bool, as_json: bool
) -> None:
    """Build every layer (or NAME) for its runtimes and architectures; reuse unchanged builds."""
    from orchestrator.layers.summary import build_and_report

    click.echo(build_and_report(name, runtime, arch, refresh, as_json, _progress))


def _progress(message: str) -> None:
    click.echo(f"layer: {message}", err=True)
