"""What one `orch ci` run decided and did, for humans (text, markdown) and machines (JSON)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from orchestrator.ci.rules import Action, Decision
from orchestrator.workspaces import StackOutcome

PLANNED = "planned"  # dry run: decided, not run
DONE = "done"
REFUSED = "refused"  # a rule behind the action said no (e.g. promotion)
FAILED = "failed"  # Terraform or AWS failed
SKIPPED = "skipped"  # an earlier action did not succeed
_BAD = (REFUSED, FAILED)


@dataclass
class ActionResult:
    action: Action
    status: str
    outcomes: list[StackOutcome] = field(default_factory=list)
    message: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.action.as_dict(),
            "status": self.status,
            "message": self.message,
            "outcomes": [outcome.as_dict() for outcome in self.outcomes],
        }


@dataclass
class Cleanup:
    """The "Ensure workspace cleanup" check: blocking while the branch's workspace exists."""

    blocking: bool
    message: str
    resources: int = 0


@dataclass
class CiReport:
    decision: Decision
    dry_run: bool = False
    only: str | None = None
    results: list[ActionResult] = field(default_factory=list)
    cleanup: Cleanup | None = None
    comment: str = ""  # what happened to the PR comment, if anything

    @property
    def exit_code(self) -> int:
        if self.cleanup is not None:
            return 1 if self.cleanup.blocking else 0
        if self.decision.refused or any(r.status in _BAD for r in self.results):
            return 1
        return 0

    @property
    def headline(self) -> str:
        if self.cleanup is not None:
            return self.cleanup.message
        failed = [r for r in self.results if r.status in _BAD]
        if failed:
            return f"{failed[0].status}: {failed[0].action.describe()}: {failed[0].message}"
        if self.only is not None and not self.results and not self.decision.refused:
            return f"nothing to do for {self.only}: {self.decision.reason}"
        return self.decision.reason

    def as_dict(self) -> dict[str, Any]:
        return {
            "decision": self.decision.as_dict(),
            "dry_run": self.dry_run,
            "only": self.only,
            "results": [result.as_dict() for result in self.results],
            "cleanup": None
            if self.cleanup is None
            else {
                "blocking": self.cleanup.blocking,
                "message": self.cleanup.message,
                "resources": self.cleanup.resources,
            },
            "comment": self.comment,
            "exit_code": self.exit_code,
        }

    def text(self) -> str:
        lines = [f"orch ci: {self.decision.trigger}", f"  {self.headline}"]
        for result in self.results:
            lines.append(f"  {result.action.key}: {result.action.describe()}: {result.status}")
            if result.message and result.status != PLANNED:
                lines.append(f"    {result.message}")
            for o in result.outcomes:
                summary = o.as_dict()
                lines.append(
                    f"    {o.stack}@{o.workspace}: {o.action} +{summary['add']} "
                    f"~{summary['change']} -{summary['destroy']}, {o.resources} resource(s)"
                )
        if self.comment:
            lines.append(f"  pull request comment: {self.comment}")
        return "\n".join(lines)
