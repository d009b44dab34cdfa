"""Typed views of Terraform's `-json` output."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

Event = dict[str, Any]


@dataclass(frozen=True)
class ChangeSummary:
    add: int = 0
    change: int = 0
    remove: int = 0
    import_: int = 0
    operation: str = ""

    @property
    def total(self) -> int:
        return self.add + self.change + self.remove + self.import_

    @classmethod
    def from_event(cls, event: Event) -> ChangeSummary:
        changes = event.get("changes", {})
        return cls(
            add=int(changes.get("add", 0)),
            change=int(changes.get("change", 0)),
            remove=int(changes.get("remove", 0)),
            import_=int(changes.get("import", 0)),
            operation=str(changes.get("operation", "")),
        )


@dataclass(frozen=True)
class Diagnostic:
    severity: str
    summary: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.severity.capitalize()}: {self.summary}" + (
            f"\n{self.detail}" if self.detail else ""
        )


@dataclass
class TerraformResult:
    """What one Terraform command produced."""

    args: list[str]
    returncode: int
    events: list[Event] = field(default_factory=list)
    stdout: str = ""
    stderr: str = ""

    @property
    def diagnostics(self) -> list[Diagnostic]:
        found = []
        for event in self.events:
            if event.get("type") == "diagnostic":
                diag = event.get("diagnostic", {})
                found.append(
                    Diagnostic(
                        str(diag.get("severity", "error")),
                        str(diag.get("summary", "")),
                        str(diag.get("detail", "")),
                    )
                )
        return found

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def change_summary(self) -> ChangeSummary | None:
        summaries = [e for e in self.events if e.get("type") == "change_summary"]
        return ChangeSummary.from_event(summaries[-1]) if summaries else None

    @property
    def planned_changes(self) -> list[Event]:
        return [e.get("change", {}) for e in self.events if e.get("type") == "planned_change"]

    @property
    def drifted_resources(self) -> list[Event]:
        return [e.get("change", {}) for e in self.events if e.get("type") == "resource_drift"]

    @property
    def outputs(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for event in self.events:
            if event.get("type") == "outputs":
                found = event.get("outputs", {})
        return found


@dataclass(frozen=True)
class LockInfo:
    lock_id: str
    who: str = ""
    operation: str = ""


_LOCK_ERROR = "Error acquiring the state lock"
_LOCK_FIELD = re.compile(r"^\s*(ID|Who|Operation):\s*(\S.*?)\s*$", re.MULTILINE)


def find_lock_error(result: TerraformResult) -> LockInfo | None:
    """The lock held by someone else, if the command failed to acquire it."""
    texts = [f"{d.summary}\n{d.detail}" for d in result.errors] + [result.stderr, result.stdout]
    for text in texts:
        if _LOCK_ERROR in text:
            fields = dict(_LOCK_FIELD.findall(text))
            if "ID" in fields:
                return LockInfo(fields["ID"], fields.get("Who", ""), fields.get("Operation", ""))
    return None
