"""The GitHub Actions context `orch ci` reads: the event name, its JSON payload, and the refs."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orchestrator.errors import OrchError

REPLAY_HINT = (
    "run `orch ci` inside a GitHub Actions job, or replay an event locally with "
    "GITHUB_EVENT_NAME=push GITHUB_EVENT_PATH=event.json (examples: tests/fixtures/github)"
)


class EventError(OrchError):
    """The GitHub Actions context is missing or not what GitHub writes."""


@dataclass(frozen=True)
class PullRequest:
    number: int
    action: str
    head_ref: str
    head_sha: str
    head_repo: str  # "" when the fork was deleted
    base_ref: str
    base_repo: str
    merged: bool = False
    merge_commit_sha: str = ""

    @property
    def from_fork(self) -> bool:
        return self.head_repo != self.base_repo


@dataclass(frozen=True)
class GitHubEvent:
    name: str
    ref: str = ""  # the full ref: refs/heads/main, refs/tags/v1.2.3, refs/pull/7/merge
    sha: str = ""
    repository: str = ""
    pull_request: PullRequest | None = None
    deleted: bool = False  # a push that deleted the ref
    inputs: Mapping[str, str] = field(default_factory=dict)  # workflow_dispatch inputs

    @property
    def branch(self) -> str:
        return self.ref.removeprefix("refs/heads/") if self.ref.startswith("refs/heads/") else ""

    @property
    def tag(self) -> str:
        return self.ref.removeprefix("refs/tags/") if self.ref.startswith("refs/tags/") else ""


def load_event(env: Mapping[str, str]) -> GitHubEvent:
    """The event of the running job, from GITHUB_EVENT_NAME and the JSON at GITHUB_EVENT_PATH."""
    name = env.get("GITHUB_EVENT_NAME", "")
    if not name:
        raise EventError(f"GITHUB_EVENT_NAME is not set: {REPLAY_HINT}")
    path_text = env.get("GITHUB_EVENT_PATH", "")
    if not path_text:
        raise EventError(f"GITHUB_EVENT_PATH is not set: {REPLAY_HINT}")
    path = Path(path_text)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise EventError(f"cannot read GITHUB_EVENT_PATH {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise EventError(f"GITHUB_EVENT_PATH {path} is not JSON: {exc}") from None
    if not isinstance(payload, dict):
        raise EventError(f"GITHUB_EVENT_PATH {path} holds no JSON object; {REPLAY_HINT}")
    return parse_event(name, payload, env)


def parse_event(name: str, payload: dict[str, Any], env: Mapping[str, str]) -> GitHubEvent:
    """A typed event; the payload wins over the environment where both carry a value."""
    repository = _text(_object(payload, "repository"), "full_name") or env.get(
        "GITHUB_REPOSITORY", ""
    )
    ref = _text(payload, "ref") or env.get("GITHUB_REF", "")
    sha = env.get("GITHUB_SHA", "")
    pull_request = None
    if name in ("pull_request", "pull_request_target"):
        pull_request = _pull_request(payload, env)
        sha = pull_request.head_sha or sha
    elif name == "push":
        sha = _text(payload, "after") or sha
    inputs = _object(payload, "inputs")
    return GitHubEvent(
        name=name,
        ref=_full_ref(ref),
        sha=sha,
        repository=repository,
        pull_request=pull_request,
        deleted=payload.get("deleted") is True,
        inputs={str(key): str(value) for key, value in inputs.items()},
    )


def _pull_request(payload: dict[str, Any], env: Mapping[str, str]) -> PullRequest:
    pr = payload.get("pull_request")
    if not isinstance(pr, dict):
        raise EventError(
            "the pull_request event payload has no `pull_request` object: is GITHUB_EVENT_PATH "
            "the file GitHub wrote for this job?"
        )
    head, base = _object(pr, "head"), _object(pr, "base")
    number = pr.get("number", payload.get("number"))
    if not isinstance(number, int) or isinstance(number, bool):
        raise EventError("the pull_request event payload has no pull request number")
    head_ref = _text(head, "ref") or env.get("GITHUB_HEAD_REF", "")
    if not head_ref:
        raise EventError("the pull_request event payload names no head branch (head.ref)")
    return PullRequest(
        number=number,
        action=_text(payload, "action"),
        head_ref=head_ref,
        head_sha=_text(head, "sha"),
        head_repo=_text(_object(head, "repo"), "full_name"),
        base_ref=_text(base, "ref") or env.get("GITHUB_BASE_REF", ""),
        base_repo=_text(_object(base, "repo"), "full_name"),
        merged=pr.get("merged") is True,
        merge_commit_sha=_text(pr, "merge_commit_sha"),
    )


def _full_ref(ref: str) -> str:
    if not ref or ref.startswith("refs/"):
        return ref
    return f"refs/heads/{ref}"  # workflow_dispatch payloads carry the full ref; be lenient


def _object(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""
