"""Everything a command needs, built once by the CLI and passed down (tests build their own)."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from orchestrator.aws import SessionFactory, StageAws, default_session
from orchestrator.config import Config, Stage
from orchestrator.providers import use_stand_in
from orchestrator.terraform.engine import Engine

if TYPE_CHECKING:
    from orchestrator.offline_provider.standin import StandIn


def _stderr_echo(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def default_actor(env: Mapping[str, str] = os.environ) -> str:
    return env.get("GITHUB_ACTOR") or env.get("USER") or getpass.getuser()


@dataclass
class Context:
    config: Config
    engine: Engine
    endpoint_url: str | None = None
    session_factory: SessionFactory = default_session
    echo: Callable[[str], None] = _stderr_echo
    base_env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    # Extra Terraform CLI configuration, e.g. the offline provider's filesystem mirror.
    provider_cli_config: str = ""
    actor: str = field(default_factory=default_actor)
    _aws: dict[str, StageAws] = field(default_factory=dict, init=False, repr=False)
    _stand_in: StandIn | None = field(default=None, init=False, repr=False)
    _stand_in_decided: bool = field(default=False, init=False, repr=False)

    @property
    def state_dir(self) -> Path:
        """Local working files (Terraform data dirs, plugin cache): gitignored, disposable."""
        return self.config.root / ".orch"

    def aws(self, stage: Stage) -> StageAws:
        if stage.name not in self._aws:
            self._aws[stage.name] = StageAws(
                stage, self.endpoint_url, self.session_factory, self.actor
            )
        return self._aws[stage.name]

    def stand_in(self) -> StandIn | None:
        """The offline provider set up for this project, when this run must use it."""
        if not self._stand_in_decided:
            self._stand_in_decided = True
            if use_stand_in(
                self.endpoint_url, self.base_env, self.state_dir / "registry-probe.json"
            ):
                from orchestrator.offline_provider.standin import persistent_stand_in

                self._stand_in = persistent_stand_in(self.config.root, self.state_dir / "standin")
                self.provider_cli_config = self._stand_in.cli_config
                self.echo(
                    "orch: the registry does not answer: using the offline AWS provider "
                    "(stand-in) against the embedded AWS"
                )
        return self._stand_in

    def cli_config_file(self) -> Path:
        """The Terraform CLI configuration the tool controls (plugin cache, provider mirror)."""
        # The stand-in's packages must never be taken from the cache for a real run, or back.
        cache = self.state_dir / (
            "plugin-cache-stand-in" if self.provider_cli_config else "plugin-cache"
        )
        cache.mkdir(parents=True, exist_ok=True)
        path = self.state_dir / "terraformrc"
        text = f'plugin_cache_dir = "{cache}"\ndisable_checkpoint = true\n'
        if self.provider_cli_config:
            text += self.provider_cli_config
        if not path.exists() or path.read_text() != text:
            tmp = path.with_suffix(".tmp")
            tmp.write_text(text)
            tmp.replace(path)
        return path
