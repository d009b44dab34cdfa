"""The demo's built payloads decide exactly like the recorded GitHub examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from orchestrator.ci import payloads
from orchestrator.ci.github import load_event
from orchestrator.ci.rules import CiRules, decide
from orchestrator.config import load_config

FIXTURES = Path(__file__).parents[2] / "fixtures"
BRANCH = "feature/WEDATAIN-1234-some-feature"
HEAD = "c4d2a9e1f03b8765a1c2e3f4a5b6c7d8e9f0a1b2"
MERGE = "e81f4c2d9a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d"
BEFORE = "9f1c2e4b7a3d5c6e8f0a1b2c3d4e5f60718293a4"
REPO = "acme-data/platform"

BUILT = {
    "pull_request.synchronize.json": payloads.pull_request(
        "synchronize",
        number=42,
        branch=BRANCH,
        head_sha=HEAD,
        base="main",
        repo=REPO,
        merge_sha="5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c",  # GitHub's test merge of an open PR
    ),
    "pull_request.closed-merged.json": payloads.pull_request(
        "closed",
        number=42,
        branch=BRANCH,
        head_sha=HEAD,
        base="main",
        repo=REPO,
        merged=True,
        merge_sha=MERGE,
    ),
    "push.main.json": payloads.push("refs/heads/main", before=BEFORE, after=MERGE, repo=REPO),
    "push.tag-release.json": payloads.push(
        "refs/tags/v1.4.0", before=payloads.ZERO_SHA, after=MERGE, repo=REPO
    ),
}


@pytest.mark.parametrize("fixture", sorted(BUILT))
def test_built_payloads_decide_like_recorded_ones(fixture: str, tmp_path: Path) -> None:
    rules = CiRules.from_config(load_config(FIXTURES / "project" / "orch.toml"))
    name = fixture.split(".")[0]
    env = payloads.event_env(tmp_path, name, BUILT[fixture], index=0, repo=REPO)
    built = load_event(env)
    recorded = load_event(env | {"GITHUB_EVENT_PATH": str(FIXTURES / "github" / fixture)})
    assert built == recorded
    assert decide(built, rules) == decide(recorded, rules)
    assert json.loads(Path(env["GITHUB_EVENT_PATH"]).read_text()) == BUILT[fixture]
    assert env["GITHUB_SHA"] == (HEAD if name == "pull_request" else MERGE)


def test_the_demo_uses_the_offline_provider_unless_told_otherwise() -> None:
    from orchestrator.demo import demo_env

    assert demo_env({"PATH": "/bin"})["ORCH_PROVIDER"] == "stand-in"
    assert demo_env({"ORCH_PROVIDER": "auto"})["ORCH_PROVIDER"] == "auto"
