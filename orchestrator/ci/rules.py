"""The one decision function: a GitHub event and the project's git strategy -> actions.

Pure: no environment, files or AWS, so every rule is a row in a table test
(tests/unit/ci/test_rules.py). Workflows only route on its answer.

trunk:   PR from a feature branch -> its workspace; main -> every stage but the last, in
         order; a release tag (X.Y.Z, vX.Y.Z) or a release/X.Y.Z branch -> the last stage.
gitflow: PR from a feature branch -> its workspace; develop -> the first stage; release/* ->
         the stages between the first and the last; main or a release tag -> the last stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from orchestrator.ci.github import GitHubEvent
from orchestrator.config import RESERVED_NAMES, Config
from orchestrator.errors import ConfigError
from orchestrator.naming import BranchNameError, NamingRules, workspace_name

WORKSPACE_UP = "workspace-up"
WORKSPACE_DOWN = "workspace-down"
DEPLOY = "deploy"

MAIN_BRANCH = "main"
DEVELOP_BRANCH = "develop"
DESTROY_INPUT = "destroy-workspace"  # workflow_dispatch input `action` that tears a workspace down
_RELEASE_TAG = re.compile(r"^v?\d+\.\d+\.\d+$")
_RELEASE_BRANCH = re.compile(r"^release/v?\d+\.\d+\.\d+$")
_PR_UP = ("opened", "synchronize", "reopened")


@dataclass(frozen=True)
class Action:
    kind: str
    stage: str
    branch: str = ""
    workspace: str = ""
    commit: str = ""

    @property
    def key(self) -> str:
        """What `orch ci --only` and the workflows' job conditions name."""
        if self.kind == DEPLOY:
            return f"deploy:{self.stage}"
        return "workspace:up" if self.kind == WORKSPACE_UP else "workspace:down"

    def describe(self) -> str:
        if self.kind == DEPLOY:
            return f"deploy commit {self.commit[:12]} to stage {self.stage}"
        verb = "bring up" if self.kind == WORKSPACE_UP else "tear down"
        return f"{verb} workspace {self.workspace} for {self.branch} (stage {self.stage})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind,
            "stage": self.stage,
            "branch": self.branch,
            "workspace": self.workspace,
            "commit": self.commit,
        }


@dataclass(frozen=True)
class Decision:
    trigger: str  # the event in words
    reason: str  # why these actions, or why none
    actions: tuple[Action, ...] = ()
    refused: bool = False  # the event maps to something forbidden: fail loudly
    branch: str = ""  # the feature branch the event is about, if any
    workspace: str = ""  # that branch's workspace, when it may have one
    pull_request: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "trigger": self.trigger,
            "reason": self.reason,
            "refused": self.refused,
            "branch": self.branch,
            "workspace": self.workspace,
            "pull_request": self.pull_request,
            "actions": [action.as_dict() for action in self.actions],
        }


@dataclass(frozen=True)
class CiRules:
    strategy: str
    promotion: tuple[str, ...]
    feature_stage: str
    protected: frozenset[str]
    naming: NamingRules
    stages: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_config(cls, config: Config) -> CiRules:
        if config.stages[config.feature_stage].protected:
            raise ConfigError(
                f"workspaces.stage {config.feature_stage!r} is protected: feature workspaces "
                "need an unprotected stage"
            )
        return cls(
            strategy=config.git_strategy,
            promotion=config.promotion,
            feature_stage=config.feature_stage,
            protected=frozenset(name for name, s in config.stages.items() if s.protected),
            naming=NamingRules.from_config(config),
            stages=frozenset(config.stages),
        )

    def branch_stages(self, branch: str) -> tuple[str, ...]:
        """The stages a push to `branch` deploys, in order (none for other branches)."""
        first, last = self.promotion[:1], self.promotion[-1:]
        if self.strategy == "gitflow":
            if branch == DEVELOP_BRANCH:
                return first
            if branch.startswith("release/"):
                return self.promotion[1:-1]
            return last if branch == MAIN_BRANCH else ()
        if branch == MAIN_BRANCH:
            return self.promotion[:-1] or self.promotion
        return last if _RELEASE_BRANCH.match(branch) and len(self.promotion) > 1 else ()

    def is_stage_branch(self, branch: str) -> bool:
        """Long-lived branches deploy stages; they never get a feature workspace."""
        if branch == MAIN_BRANCH or branch.startswith("release/"):
            return True
        return self.strategy == "gitflow" and branch == DEVELOP_BRANCH

    def mapping(self) -> str:
        """The strategy's rules in words, for "nothing to do" messages."""
        first, last = self.promotion[0], self.promotion[-1]
        if self.strategy == "gitflow":
            middle = ", ".join(self.promotion[1:-1]) or "nothing"
            return (
                f"gitflow: develop -> {first}, release/* -> {middle}, main or a release tag "
                f"-> {last}, pull requests -> feature workspaces"
            )
        return (
            f"trunk: main -> {', '.join(self.promotion[:-1]) or first}, a release tag "
            f"(X.Y.Z, vX.Y.Z) or release/X.Y.Z -> {last}, pull requests -> feature workspaces"
        )


def decide(event: GitHubEvent, rules: CiRules) -> Decision:
    if event.name == "pull_request":
        return _pull_request(event, rules)
    if event.name == "push":
        return _push(event, rules)
    if event.name == "workflow_dispatch":
        return _dispatch(event, rules)
    if event.name == "pull_request_target":
        return Decision(
            "pull_request_target",
            "nothing to do: pull_request_target runs untrusted code with the base repository's "
            "permissions, so orch never acts on it; trigger the workflow on pull_request",
        )
    return Decision(event.name, f"nothing to do: {event.name} events are not mapped to actions")


def _pull_request(event: GitHubEvent, rules: CiRules) -> Decision:
    pr = event.pull_request
    assert pr is not None
    trigger = f"pull request #{pr.number} {pr.action or '(no action)'} from {pr.head_ref}"
    base = Decision(trigger, "", branch=pr.head_ref, pull_request=pr.number)
    if pr.from_fork:
        source = pr.head_repo or "a deleted fork"
        return replace(
            base,
            reason=f"nothing to do: the branch comes from {source}, and pull requests from forks "
            "never get a workspace or credentials",
            branch="",
        )
    if pr.action not in (*_PR_UP, "closed"):
        return replace(
            base,
            reason=f"nothing to do: only opened, synchronize, reopened and closed change a "
            f"workspace, not {pr.action or 'an event without action'}",
        )
    kind = WORKSPACE_UP if pr.action in _PR_UP else WORKSPACE_DOWN
    return _workspace_action(base, kind, pr.head_ref, rules)


def _dispatch(event: GitHubEvent, rules: CiRules) -> Decision:
    requested = event.inputs.get("action", "")
    trigger = f"workflow_dispatch on {event.ref or '(no ref)'}"
    if requested != DESTROY_INPUT:
        return Decision(
            trigger,
            f"nothing to do: workflow_dispatch acts only with the input action={DESTROY_INPUT} "
            "(tears down the workspace of the branch the workflow runs on)",
        )
    if not event.branch:
        return Decision(
            trigger,
            f"refused: {DESTROY_INPUT} needs a branch; run the workflow on the feature branch "
            "whose workspace should go",
            refused=True,
        )
    base = Decision(trigger, "", branch=event.branch)
    return _workspace_action(base, WORKSPACE_DOWN, event.branch, rules)


def _workspace_action(base: Decision, kind: str, branch: str, rules: CiRules) -> Decision:
    if rules.is_stage_branch(branch):
        return replace(
            base,
            reason=f"nothing to do: {branch} is a stage branch under {rules.mapping()}; "
            "it deploys on push and has no feature workspace",
            branch="",
        )
    try:
        name = workspace_name(branch, rules.naming)
    except BranchNameError as exc:
        return replace(base, reason=f"refused: {exc}", refused=True, branch="")
    stage = rules.feature_stage
    if name in rules.stages or name in RESERVED_NAMES or stage in rules.protected:
        # naming already refuses these; a second lock because the cost of a miss is a stage.
        return replace(
            base, reason=f"refused: {name!r} is not a feature workspace", refused=True, branch=""
        )
    action = Action(kind, stage, branch=branch, workspace=name)
    verb = "up" if kind == WORKSPACE_UP else "down"
    return replace(
        base,
        reason=f"feature workspace {name} {verb} in stage {stage}",
        actions=(action,),
        workspace=name,
    )


def _push(event: GitHubEvent, rules: CiRules) -> Decision:
    ref = event.ref or "(no ref)"
    trigger = f"push to {ref}" + (f" at {event.sha[:12]}" if event.sha else "")
    if event.deleted:
        return Decision(trigger, f"nothing to do: the push deleted {ref}")
    if event.tag:
        if not _RELEASE_TAG.match(event.tag):
            return Decision(
                trigger,
                f"nothing to do: tag {event.tag} is not a release tag (X.Y.Z or vX.Y.Z)",
            )
        stages: tuple[str, ...] = rules.promotion[-1:]
    elif event.branch:
        stages = rules.branch_stages(event.branch)
    else:
        stages = ()
    if not stages:
        return Decision(trigger, f"nothing to do: {ref} is not mapped ({rules.mapping()})")
    if not event.sha or set(event.sha) == {"0"}:
        return Decision(trigger, "refused: the push event names no commit (after)", refused=True)
    actions = tuple(Action(DEPLOY, stage, commit=event.sha) for stage in stages)
    return Decision(trigger, f"deploy to {', then '.join(stages)}", actions)
