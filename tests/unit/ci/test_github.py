"""Reading the GitHub Actions context: what GitHub writes, and clear errors for anything else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from orchestrator.ci.github import EventError, load_event

EVENTS = Path(__file__).parents[2] / "fixtures" / "github"


def env_for(name: str, path: Path, **extra: str) -> dict[str, str]:
    return {"GITHUB_EVENT_NAME": name, "GITHUB_EVENT_PATH": str(path), **extra}


def test_a_pull_request_event() -> None:
    event = load_event(
        env_for(
            "pull_request",
            EVENTS / "pull_request.synchronize.json",
            GITHUB_REF="refs/pull/42/merge",
            GITHUB_SHA="5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c",
        )
    )
    pr = event.pull_request
    assert pr is not None
    assert (pr.number, pr.action, pr.head_ref, pr.base_ref) == (
        42,
        "synchronize",
        "feature/WEDATAIN-1234-some-feature",
        "main",
    )
    assert not pr.from_fork and not pr.merged
    assert event.ref == "refs/pull/42/merge" and event.branch == ""
    assert event.sha == pr.head_sha == "c4d2a9e1f03b8765a1c2e3f4a5b6c7d8e9f0a1b2"
    assert event.repository == "acme-data/platform"


def test_a_fork_and_a_merge() -> None:
    fork = load_event(env_for("pull_request", EVENTS / "pull_request.opened-fork.json"))
    assert fork.pull_request is not None and fork.pull_request.from_fork
    merged = load_event(env_for("pull_request", EVENTS / "pull_request.closed-merged.json"))
    assert merged.pull_request is not None and merged.pull_request.merged


def test_push_events_carry_ref_and_commit() -> None:
    tag = load_event(env_for("push", EVENTS / "push.tag-release.json"))
    assert (tag.tag, tag.branch, tag.sha) == (
        "v1.4.0",
        "",
        "e81f4c2d9a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d",
    )
    deleted = load_event(env_for("push", EVENTS / "push.branch-deleted.json"))
    assert deleted.deleted and deleted.branch == "feature/WEDATAIN-1234-some-feature"


def test_dispatch_inputs_and_null_inputs() -> None:
    destroy = load_event(
        env_for("workflow_dispatch", EVENTS / "workflow_dispatch.destroy-workspace.json")
    )
    assert destroy.inputs == {"action": "destroy-workspace"}
    plain = load_event(env_for("workflow_dispatch", EVENTS / "workflow_dispatch.no-inputs.json"))
    assert plain.inputs == {} and plain.branch == "main"


def test_the_head_ref_falls_back_to_the_environment(tmp_path: Path) -> None:
    data = json.loads((EVENTS / "pull_request.opened.json").read_text())
    del data["pull_request"]["head"]["ref"]
    path = tmp_path / "event.json"
    path.write_text(json.dumps(data))
    event = load_event(env_for("pull_request", path, GITHUB_HEAD_REF="feature/X-1-y"))
    assert event.pull_request is not None and event.pull_request.head_ref == "feature/X-1-y"


@pytest.mark.parametrize(
    ("env", "content", "words"),
    [
        ({}, None, "GITHUB_EVENT_NAME is not set"),
        ({"GITHUB_EVENT_NAME": "push"}, None, "GITHUB_EVENT_PATH is not set"),
        (None, None, "cannot read GITHUB_EVENT_PATH"),
        (None, "{not json", "is not JSON"),
        (None, "[1, 2]", "holds no JSON object"),
        (None, '{"action": "opened"}', "has no `pull_request` object"),
        (None, '{"pull_request": {"head": {"ref": "x"}}}', "no pull request number"),
        (None, '{"pull_request": {"number": 3}}', "names no head branch"),
    ],
)
def test_bad_context_is_reported_clearly(
    tmp_path: Path, env: dict[str, str] | None, content: str | None, words: str
) -> None:
    path = tmp_path / "event.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(EventError) as caught:
        load_event(env if env is not None else env_for("pull_request", path))
    assert words in str(caught.value)
