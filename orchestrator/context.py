"""Everything a command needs, built once by the CLI and passed down (tests build their own)."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from orchestrator.aws import SessionFactory, StageAws, default_session
from orchestrator.config import Config, Stage
from orchestrator.terraform.engine import Engine


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

    def cli_config_file(self) -> Path:
        """The Terraform CLI configuration the tool controls (plugin cache, provider mirror)."""
        cache = self.state_dir / "plugin-cache"
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
