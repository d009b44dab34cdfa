"""Options every Terraform-running command shares, and how they become a Context."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any, TypeVar

import click

from orchestrator.context import Context

F = TypeVar("F", bound=Callable[..., Any])


def run_options(func: F) -> F:
    """--local, --engine: where AWS is and which Terraform runs."""
    func = click.option(
        "--engine",
        envvar="ORCH_TF_ENGINE",
        help="embedded (default), terraform, tofu, or a path to a binary.",
    )(func)
    func = click.option(
        "--local",
        is_flag=True,
        envvar="ORCH_LOCAL",
        help="Use the embedded AWS (moto server): the one `orch local up` started, "
        "or a new one for this command only.",
    )(func)
    return func


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")(func)


@contextmanager
def command_context(local: bool = False, engine: str | None = None) -> Iterator[Context]:
    """Load the configuration and connect to AWS (or the embedded one)."""
    from orchestrator.aws import endpoint_from_env
    from orchestrator.config import load_config
    from orchestrator.terraform.engine import resolve_engine

    config = load_config()
    ctx = Context(config=config, engine=resolve_engine(engine), endpoint_url=endpoint_from_env())
    with ExitStack() as stack:
        if local:
            from orchestrator.localmode import use_local_aws

            stack.enter_context(use_local_aws(ctx))
        yield ctx


OUTCOME_COLUMNS = ["stack", "workspace", "action", "add", "change", "destroy", "resources"]


def print_outcomes(outcomes: Iterable[Any], as_json: bool) -> None:
    """Per-stack results (StackOutcome) as JSON or a table."""
    rows = [outcome.as_dict() for outcome in outcomes]
    if as_json:
        print_json(rows)
    else:
        print_table(rows, OUTCOME_COLUMNS)


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, sort_keys=True))


def print_table(rows: list[dict[str, Any]], columns: list[str]) -> None:
    if not rows:
        return
    widths = {c: max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in columns}
    click.echo("  ".join(c.upper().ljust(widths[c]) for c in columns).rstrip())
    for row in rows:
        click.echo("  ".join(str(row.get(c, "")).ljust(widths[c]) for c in columns).rstrip())
