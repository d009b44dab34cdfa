"""orch ci: the GitHub Actions entry point (every workflow job calls it)."""

from __future__ import annotations

import os
import sys

import click

from orchestrator.commands._common import command_context, json_option, print_json, run_options


@click.command()
@click.option("--dry-run", is_flag=True, help="Print the decided actions; run nothing, no AWS.")
@click.option(
    "--only",
    metavar="ACTION",
    help="Run just this decided action (workspace:up, workspace:down, deploy:STAGE): "
    "one workflow job each. Exits 0 when the event did not decide it.",
)
@click.option(
    "--check-cleanup",
    is_flag=True,
    help="Exit 1 while the event's branch still has a feature workspace (the required check "
    '"Ensure workspace cleanup").',
)
@run_options
@json_option
def ci(
    dry_run: bool,
    only: str | None,
    check_cleanup: bool,
    local: bool,
    engine: str | None,
    as_json: bool,
) -> None:
    """Decide and run the action for a GitHub Actions event.

    Reads GITHUB_EVENT_NAME and the event JSON at GITHUB_EVENT_PATH. Writes the markdown summary
    to $GITHUB_STEP_SUMMARY, the decided actions to $GITHUB_OUTPUT and, with GITHUB_TOKEN set,
    one pull request comment that later runs update.
    """
    from orchestrator.ci.run import run_ci

    with command_context(local and not dry_run, engine) as ctx:
        report = run_ci(ctx, os.environ, dry_run=dry_run, only=only, check_cleanup=check_cleanup)
    print_json(report.as_dict()) if as_json else click.echo(report.text())
    if report.exit_code:
        sys.exit(report.exit_code)
