"""Event payloads shaped like GitHub's (the fields orch reads and their usual neighbours).

`orch local demo` replays a pull request and its merge with them; the recorded examples in
tests/fixtures/github are checked to decide the same way.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ZERO_SHA = "0" * 40


def repository(full_name: str) -> dict[str, Any]:
    owner, name = full_name.split("/", 1)
    return {
        "name": name,
        "full_name": full_name,
        "owner": {"login": owner, "type": "Organization"},
        "html_url": f"https://github.com/{full_name}",
        "default_branch": "main",
        "fork": False,
        "private": True,
    }


def pull_request(
    action: str,
    *,
    number: int,
    branch: str,
    head_sha: str,
    base: str,
    repo: str,
    merged: bool = False,
    merge_sha: str = "",
) -> dict[str, Any]:
    owner = repo.split("/")[0]
    body: dict[str, Any] = {
        "number": number,
        "state": "closed" if action == "closed" else "open",
        "title": branch,
        "merged": merged,
        "merge_commit_sha": merge_sha or None,
        "head": {"label": f"{owner}:{branch}", "ref": branch, "sha": head_sha},
        "base": {"label": f"{owner}:{base}", "ref": base},
    }
    body["head"]["repo"] = body["base"]["repo"] = repository(repo)
    return {
        "action": action,
        "number": number,
        "pull_request": body,
        "repository": repository(repo),
    }


def push(ref: str, *, before: str, after: str, repo: str) -> dict[str, Any]:
    created = before == ZERO_SHA
    return {
        "ref": ref,
        "before": before,
        "after": after,
        "created": created,
        "deleted": False,
        "forced": False,
        "base_ref": None,
        "head_commit": {"id": after},
        "repository": repository(repo),
    }


def event_env(
    folder: Path, name: str, payload: dict[str, Any], *, index: int, repo: str
) -> dict[str, str]:
    """Write the payload where a runner would and return the Actions context naming it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{index:02d}-{name}.json"
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    pr = payload.get("pull_request")
    env = {
        "GITHUB_EVENT_NAME": name,
        "GITHUB_EVENT_PATH": str(path),
        "GITHUB_REPOSITORY": repo,
        "GITHUB_STEP_SUMMARY": str(folder / "step-summary.md"),
    }
    if pr:
        env |= {
            "GITHUB_REF": f"refs/pull/{pr['number']}/merge",
            "GITHUB_HEAD_REF": pr["head"]["ref"],
            "GITHUB_BASE_REF": pr["base"]["ref"],
            "GITHUB_SHA": pr["head"]["sha"],
        }
    else:
        env |= {"GITHUB_REF": payload["ref"], "GITHUB_SHA": payload["after"]}
    return env
