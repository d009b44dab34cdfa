"""`orch validate [PATH ...]`."""

from __future__ import annotations

from pathlib import Path

import click

from orchestrator.validate import PROVIDER_MODES, run_validate


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--provider",
    type=click.Choice(PROVIDER_MODES),
    default="auto",
    show_default=True,
    help="auto: the real provider if the Terraform registry answers, else the offline stand-in.",
)
@click.option(
    "--provider-schema",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Serve this `terraform providers schema -json` file with the stand-in "
    "(default: $ORCH_PROVIDER_SCHEMA, else the bundled AWS provider 6.47.0 schema).",
)
@click.option("--engine", default=None, help="embedded, terraform, tofu, or a binary's path.")
@click.option("--jobs", "-j", default=2, show_default=True, help="Folders checked at once.")
def validate(
    paths: tuple[Path, ...],
    provider: str,
    provider_schema: Path | None,
    engine: str | None,
    jobs: int,
) -> None:
    """fmt, init, validate and test Terraform configurations.

    PATH defaults to every folder under modules/, modules/*/examples/ and environments/
    that holds .tf files. Exits non-zero if any check fails, after Terraform's diagnostics.
    """
    run_validate(
        list(paths),
        provider=provider,
        schema=provider_schema,
        engine=engine,
        jobs=jobs,
        echo=lambda line: click.echo(line),
    )
