"""One pull request comment per PR, created once and then updated, through the REST API.

Plain urllib: one endpoint pair does not justify a client library. The base URL is injectable
(GITHUB_API_URL, which GitHub sets, e.g. for GitHub Enterprise Server) so tests can use a local
server.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from orchestrator.errors import OrchError

DEFAULT_API_URL = "https://api.github.com"
PAGE_SIZE = 100
MAX_PAGES = 30
_REPOSITORY = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


class CommentError(OrchError):
    """The comment could not be written; the step summary still has the same text."""


@dataclass(frozen=True)
class GitHubApi:
    base_url: str
    repository: str
    token: str = field(repr=False)
    timeout: float = 10.0

    def __post_init__(self) -> None:
        if not self.base_url.startswith(("https://", "http://")):
            raise CommentError(f"GITHUB_API_URL {self.base_url!r} is not an http(s) URL")
        if not _REPOSITORY.match(self.repository):
            raise CommentError(f"GITHUB_REPOSITORY {self.repository!r} is not owner/name")

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> GitHubApi | None:
        """The API of the running job, or None when no token was given to orch."""
        token = env.get("GITHUB_TOKEN", "")
        repository = env.get("GITHUB_REPOSITORY", "")
        if not token or not repository:
            return None
        base = (env.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/")
        return cls(base, repository, token)

    def upsert_comment(self, number: int, marker: str, body: str) -> str:
        """Update the bot comment carrying `marker`, or create it: "updated" or "created"."""
        existing = self._find_comment(number, marker)
        if existing is not None:
            self._request("PATCH", f"/repos/{self.repository}/issues/comments/{existing}", body)
            return "updated"
        self._request("POST", f"/repos/{self.repository}/issues/{number}/comments", body)
        return "created"

    def _find_comment(self, number: int, marker: str) -> int | None:
        for page in range(1, MAX_PAGES + 1):
            path = f"/repos/{self.repository}/issues/{number}/comments"
            comments = self._request("GET", f"{path}?per_page={PAGE_SIZE}&page={page}")
            if not isinstance(comments, list):
                raise CommentError(f"GET {path} did not answer with a list of comments")
            for comment in comments:
                user = comment.get("user") or {}
                # Only a bot's comment: a person quoting the marker must not get overwritten.
                if marker in (comment.get("body") or "") and user.get("type") == "Bot":
                    return int(comment["id"])
            if len(comments) < PAGE_SIZE:
                return None
        return None

    def _request(self, method: str, path: str, body: str | None = None) -> Any:
        data = None if body is None else json.dumps({"body": body}).encode()
        request = urllib.request.Request(
            self.base_url + path,
            data=data,
            method=method,
            headers={
                "Accept": "application/vnd.github+json",
                "Authorization": f"Bearer {self.token}",
                "X-GitHub-Api-Version": "2022-11-28",
                "User-Agent": "orch-ci",
                **({"Content-Type": "application/json"} if data is not None else {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                text = response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            hint = (
                " (the job needs `permissions: pull-requests: write`)"
                if exc.code in (401, 403, 404)
                else ""
            )
            raise CommentError(
                f"{method} {path.split('?')[0]} failed: HTTP {exc.code}{hint}"
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise CommentError(f"{method} {self.base_url} failed: {reason}") from None
        return json.loads(text) if text.strip() else None
