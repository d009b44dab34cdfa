"""Local mode: a Context pointed at the embedded AWS, bootstrapped and seeded like a new account."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from orchestrator import local
from orchestrator.config import load_config
from orchestrator.context import Context
from orchestrator.stages import bootstrap
from orchestrator.terraform.engine import resolve_engine


def attach(ctx: Context, server: local.LocalServer) -> None:
    ctx.endpoint_url = server.endpoint
    ctx.base_env = local.local_env(ctx.base_env, server.endpoint)
    ctx.session_factory = local.local_session_factory
    ctx._aws.clear()


def prepare(ctx: Context) -> None:
    """Create every stage's state bucket and seed the example tfvars secrets."""
    assert ctx.endpoint_url is not None
    for stage in ctx.config.stages:
        bootstrap(ctx, stage)

    def secrets(stage: str) -> Any:
        return ctx.aws(ctx.config.stage(stage)).client("secretsmanager")

    local.seed_secrets(ctx.config, secrets, ctx.endpoint_url)


@contextmanager
def use_local_aws(ctx: Context) -> Iterator[local.LocalServer]:
    """The server `orch local up` started, or a new one for this block only (stopped after)."""
    with local.local_server(ctx.state_dir) as (server, fresh):
        attach(ctx, server)
        if fresh:
            ctx.echo(f"orch: started the embedded AWS at {server.endpoint} for this command")
            prepare(ctx)
        yield server


def _context() -> Context:
    return Context(config=load_config(), engine=resolve_engine())


def local_up() -> local.LocalServer:
    ctx = _context()
    server = local.running_server(ctx.state_dir)
    if server is None:
        server = local.start_server(ctx.state_dir)
        local.record_server(ctx.state_dir, server)
    attach(ctx, server)
    prepare(ctx)
    return server


def local_down() -> bool:
    ctx = _context()
    server = local.running_server(ctx.state_dir)
    if server is None:
        return False
    local.stop_server(server, ctx.state_dir)
    return True


def local_status() -> local.LocalServer | None:
    return local.running_server(_context().state_dir)
