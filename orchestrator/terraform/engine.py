"""Which Terraform implementation runs the commands: embedded, a terraform binary, or tofu."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass

from orchestrator.errors import ConfigError

ENGINE_ENV = "ORCH_TF_ENGINE"
ENGINE_KINDS = ("embedded", "terraform", "tofu")


@dataclass(frozen=True)
class Engine:
    """How to start Terraform: `command` is the argv prefix placed before Terraform's arguments."""

    kind: str
    command: tuple[str, ...]

    def argv(self, args: list[str]) -> list[str]:
        return [*self.command, *args]

    @property
    def reads_var_files_once(self) -> bool:
        """Terraform reads each -var-file once, so it can be a pipe; OpenTofu may read it again
        (its init-time evaluation of variables), so it gets a regular file."""
        return self.kind != "tofu"


def resolve_engine(choice: str | None = None) -> Engine:
    """Pick the engine: an explicit choice, else $ORCH_TF_ENGINE, else the embedded one.

    A choice is `embedded`, `terraform`, `tofu`, or a path to either binary.
    """
    choice = choice or os.environ.get(ENGINE_ENV) or "embedded"
    if choice == "embedded":
        return Engine("embedded", (sys.executable, "-m", "orchestrator.terraform._embedded"))
    name = os.path.basename(choice)
    kind = (
        "tofu" if name.startswith("tofu") else "terraform" if name.startswith("terraform") else ""
    )
    if not kind:
        raise ConfigError(
            f"unknown Terraform engine {choice!r}: use one of {', '.join(ENGINE_KINDS)} "
            "or a path to a terraform or tofu binary"
        )
    path = shutil.which(choice)
    if path is None:
        raise ConfigError(
            f"the Terraform engine {choice!r} was not found on PATH: install it, give its full "
            f"path, or use the embedded engine (unset {ENGINE_ENV} or set it to 'embedded')"
        )
    return Engine(kind, (path,))
