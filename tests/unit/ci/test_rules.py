"""The decision table: every fixture event under both strategies, and hostile branch names."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from orchestrator.ci.github import GitHubEvent, parse_event
from orchestrator.ci.rules import DEPLOY, CiRules, Decision, decide
from orchestrator.config import Config, load_config

FIXTURES = Path(__file__).parents[2] / "fixtures"
EVENTS = FIXTURES / "github"
MERGE = "e81f4c2d9a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d"
WORKSPACE = "we-1234-some-feature"
UP = [("workspace:up", "dev", WORKSPACE)]
DOWN = [("workspace:down", "dev", WORKSPACE)]


def config(strategy: str = "trunk") -> Config:
    loaded = load_config(FIXTURES / "project" / "orch.toml")
    return dataclasses.replace(loaded, git_strategy=strategy)


def payload(name: str) -> dict[str, Any]:
    data = json.loads((EVENTS / name).read_text())
    assert isinstance(data, dict)
    return data


def event_for(name: str, data: dict[str, Any] | None = None) -> GitHubEvent:
    event_name = name.split(".")[0]
    return parse_event(event_name, data if data is not None else payload(name), {})


def decided(name: str, strategy: str = "trunk", data: dict[str, Any] | None = None) -> Decision:
    return decide(event_for(name, data), CiRules.from_config(config(strategy)))


def summary(decision: Decision) -> list[tuple[str, str, str]]:
    return [(a.key, a.stage, a.workspace or a.commit) for a in decision.actions]


TRUNK = [
    ("pull_request.opened.json", UP),
    ("pull_request.synchronize.json", UP),
    ("pull_request.reopened.json", UP),
    ("pull_request.labeled.json", []),
    ("pull_request.closed-merged.json", DOWN),
    ("pull_request.closed-unmerged.json", DOWN),
    ("pull_request.opened-fork.json", []),
    ("pull_request.synchronize-fork-same-name.json", []),
    ("pull_request.opened-gitflow.json", UP),
    ("pull_request.opened-release-into-main.json", []),
    ("push.main.json", [("deploy:dev", "dev", MERGE), ("deploy:int", "int", MERGE)]),
    ("push.develop.json", []),
    ("push.release-branch.json", [("deploy:prd", "prd", MERGE)]),
    ("push.feature-branch.json", []),
    ("push.tag-release.json", [("deploy:prd", "prd", MERGE)]),
    ("push.tag-release-bare.json", [("deploy:prd", "prd", MERGE)]),
    ("push.tag-non-release.json", []),
    ("push.tag-prerelease.json", []),
    ("push.branch-deleted.json", []),
    ("workflow_dispatch.destroy-workspace.json", DOWN),
    ("workflow_dispatch.no-inputs.json", []),
    ("schedule.json", []),
]

GITFLOW = [
    ("pull_request.opened-gitflow.json", UP),
    ("pull_request.closed-merged.json", DOWN),
    ("pull_request.opened-fork.json", []),
    ("pull_request.opened-release-into-main.json", []),
    ("push.develop.json", [("deploy:dev", "dev", MERGE)]),
    ("push.release-branch.json", [("deploy:int", "int", MERGE)]),
    ("push.main.json", [("deploy:prd", "prd", MERGE)]),
    ("push.tag-release.json", [("deploy:prd", "prd", MERGE)]),
    ("push.tag-non-release.json", []),
    ("push.feature-branch.json", []),
    ("workflow_dispatch.destroy-workspace.json", DOWN),
]


@pytest.mark.parametrize(("fixture", "expected"), TRUNK)
def test_trunk_decisions(fixture: str, expected: list[tuple[str, str, str]]) -> None:
    decision = decided(fixture)
    assert summary(decision) == expected
    assert not decision.refused
    assert decision.reason


@pytest.mark.parametrize(("fixture", "expected"), GITFLOW)
def test_gitflow_decisions(fixture: str, expected: list[tuple[str, str, str]]) -> None:
    decision = decided(fixture, "gitflow")
    assert summary(decision) == expected
    assert not decision.refused


def test_every_fixture_is_in_the_trunk_table() -> None:
    assert sorted(p.name for p in EVENTS.glob("*.json")) == sorted(name for name, _ in TRUNK)


@pytest.mark.parametrize(
    ("fixture", "words"),
    [
        ("pull_request.opened-fork.json", "forks never get a workspace or credentials"),
        ("pull_request.labeled.json", "not labeled"),
        ("push.tag-non-release.json", "not a release tag"),
        ("push.feature-branch.json", "is not mapped (trunk: main -> dev, int"),
        ("push.branch-deleted.json", "deleted"),
        ("pull_request.opened-release-into-main.json", "stage branch"),
        ("workflow_dispatch.no-inputs.json", "action=destroy-workspace"),
        ("schedule.json", "schedule events are not mapped"),
    ],
)
def test_nothing_to_do_says_why(fixture: str, words: str) -> None:
    decision = decided(fixture)
    assert decision.reason.startswith("nothing to do:")
    assert words in decision.reason


def test_a_fork_with_a_deleted_head_repository_is_still_a_fork() -> None:
    data = payload("pull_request.closed-unmerged.json")
    data["pull_request"]["head"]["repo"] = None
    decision = decided("pull_request.closed-unmerged.json", data=data)
    assert decision.actions == () and "deleted fork" in decision.reason


def test_pull_request_target_is_never_acted_on() -> None:
    event = parse_event("pull_request_target", payload("pull_request.opened.json"), {})
    decision = decide(event, CiRules.from_config(config()))
    assert decision.actions == () and "pull_request_target" in decision.reason


HOSTILE_BRANCHES = [
    "prd",
    "int",
    "dev",
    "default",
    "feature/prd",
    "bugfix/int",
    "refs/heads/prd",
    "feature/../prd",
    "prd.lock",
]


def _hostile(fixture: str, branch: str) -> dict[str, Any]:
    data = copy.deepcopy(payload(fixture))
    if "pull_request" in data:
        data["pull_request"]["head"]["ref"] = branch
    else:
        data["ref"] = f"refs/heads/{branch.removeprefix('refs/heads/')}"
    return data


@pytest.mark.parametrize("branch", HOSTILE_BRANCHES)
@pytest.mark.parametrize(
    "fixture",
    [
        "pull_request.opened.json",
        "pull_request.closed-merged.json",
        "pull_request.closed-unmerged.json",
        "workflow_dispatch.destroy-workspace.json",
    ],
)
@pytest.mark.parametrize("strategy", ["trunk", "gitflow"])
def test_branches_named_like_stages_are_refused(fixture: str, branch: str, strategy: str) -> None:
    decision = decided(fixture, strategy, _hostile(fixture, branch))
    assert decision.refused
    assert decision.actions == ()
    assert decision.reason.startswith("refused:")


@pytest.mark.parametrize("strategy", ["trunk", "gitflow"])
@pytest.mark.parametrize("branch", [*HOSTILE_BRANCHES, "main", "develop", "release/1.0.0", "x"])
@pytest.mark.parametrize("fixture", [p.name for p in sorted(EVENTS.glob("*.json"))])
def test_no_input_ever_touches_a_protected_stage_but_a_deploy(
    fixture: str, branch: str, strategy: str
) -> None:
    data = _hostile(fixture, branch) if fixture.split(".")[0] != "schedule" else None
    rules = CiRules.from_config(config(strategy))
    for action in decided(fixture, strategy, data).actions:
        if action.kind != DEPLOY:
            assert action.stage not in rules.protected
            assert action.workspace not in {*rules.stages, "default"}


def test_a_push_without_a_commit_is_refused() -> None:
    data = payload("push.main.json")
    data["after"] = "0" * 40
    decision = decided("push.main.json", data=data)
    assert decision.refused and decision.actions == ()


def test_dispatch_from_a_tag_is_refused() -> None:
    data = payload("workflow_dispatch.destroy-workspace.json")
    data["ref"] = "refs/tags/v1.4.0"
    decision = decided("workflow_dispatch.destroy-workspace.json", data=data)
    assert decision.refused and "needs a branch" in decision.reason


@pytest.mark.parametrize(
    ("promotion", "main", "tag"),
    [
        (("dev",), ["dev"], ["dev"]),
        (("dev", "prd"), ["dev"], ["prd"]),
        (("dev", "test", "int", "prd"), ["dev", "test", "int"], ["prd"]),
    ],
)
def test_trunk_follows_the_promotion_order(
    promotion: tuple[str, ...], main: list[str], tag: list[str]
) -> None:
    rules = dataclasses.replace(CiRules.from_config(config()), promotion=promotion)
    for fixture, stages in (("push.main.json", main), ("push.tag-release.json", tag)):
        decision = decide(event_for(fixture), rules)
        assert [a.stage for a in decision.actions] == stages


def test_decisions_serialise() -> None:
    data = decided("push.main.json").as_dict()
    assert json.loads(json.dumps(data))["actions"][1]["key"] == "deploy:int"
