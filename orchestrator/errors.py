"""The error types the CLI knows how to report."""

from __future__ import annotations


class OrchError(Exception):
    """An expected failure: the CLI prints the message (no traceback) and exits 1.

    Messages say what is wrong and how to fix it. They never carry secret values.
    """

    exit_code = 1


class ConfigError(OrchError):
    """The project configuration is missing or invalid."""


class TerraformError(OrchError):
    """A Terraform command failed; Terraform's own diagnostics were already shown."""

    def __init__(self, message: str, returncode: int = 1) -> None:
        super().__init__(message)
        self.returncode = returncode


class StateLockError(TerraformError):
    """The state is locked by another run."""

    def __init__(self, lock_id: str, who: str = "", operation: str = "") -> None:
        detail = ", ".join(part for part in (who and f"held by {who}", operation) if part)
        super().__init__(
            f"the state is locked (lock id {lock_id}{', ' + detail if detail else ''}). "
            "Another run is in progress; wait for it, or if it died, release the lock with "
            f"`orch force-unlock --lock-id {lock_id}` and the same --stage/--branch/--stack."
        )
        self.lock_id = lock_id
        self.who = who
        self.operation = operation
