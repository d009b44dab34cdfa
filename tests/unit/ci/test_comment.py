"""The PR comment against a local stand-in of the REST API: created once, then updated."""

from __future__ import annotations

import pytest

from orchestrator.ci.comment import CommentError, GitHubApi
from tests.unit.ci.api_stub import fake_github

MARKER = "<!-- orch-ci:feature-workspace -->"
TOKEN = "ghs_0123456789abcdefSECRET"


def test_created_once_then_updated_in_place() -> None:
    with fake_github() as github:
        api = GitHubApi(github.url, "acme-data/platform", TOKEN)
        assert api.upsert_comment(42, MARKER, f"{MARKER}\nfirst") == "created"
        assert api.upsert_comment(42, MARKER, f"{MARKER}\nsecond") == "updated"
        assert [c["body"] for c in github.comments[42]] == [f"{MARKER}\nsecond"]
        methods = [(r.method, r.path.split("?")[0]) for r in github.requests]
        assert methods == [
            ("GET", "/repos/acme-data/platform/issues/42/comments"),
            ("POST", "/repos/acme-data/platform/issues/42/comments"),
            ("GET", "/repos/acme-data/platform/issues/42/comments"),
            ("PATCH", f"/repos/acme-data/platform/issues/comments/{github.comments[42][0]['id']}"),
        ]
        headers = github.requests[0].headers
        assert headers["authorization"] == f"Bearer {TOKEN}"
        assert headers["x-github-api-version"] == "2022-11-28"


def test_a_person_quoting_the_marker_is_not_overwritten() -> None:
    with fake_github() as github:
        github.add_comment(7, f"look: {MARKER}", user_type="User")
        api = GitHubApi(github.url, "acme-data/platform", TOKEN)
        assert api.upsert_comment(7, MARKER, f"{MARKER}\nbot") == "created"
        assert [c["body"] for c in github.comments[7]] == [f"look: {MARKER}", f"{MARKER}\nbot"]


def test_the_marker_is_found_on_a_later_page() -> None:
    with fake_github() as github:
        for index in range(150):
            github.add_comment(9, f"chatter {index}", user_type="User")
        existing = github.add_comment(9, f"{MARKER}\nold")
        api = GitHubApi(github.url, "acme-data/platform", TOKEN)
        assert api.upsert_comment(9, MARKER, f"{MARKER}\nnew") == "updated"
        assert github.comments[9][-1] == {
            "id": existing,
            "body": f"{MARKER}\nnew",
            "user": {"login": "someone", "type": "Bot"},
        }


def test_http_errors_say_what_to_fix_and_never_show_the_token() -> None:
    with fake_github() as github:
        github.fail_with = 403
        api = GitHubApi(github.url, "acme-data/platform", TOKEN)
        with pytest.raises(CommentError) as caught:
            api.upsert_comment(42, MARKER, "x")
    message = str(caught.value)
    assert "HTTP 403" in message and "pull-requests: write" in message
    assert TOKEN not in message and TOKEN not in repr(api)


def test_an_unreachable_api_is_a_comment_error() -> None:
    with fake_github() as github:
        url = github.url
    with pytest.raises(CommentError, match="failed"):
        GitHubApi(url, "acme-data/platform", TOKEN, timeout=2).upsert_comment(1, MARKER, "x")


def test_from_env() -> None:
    assert GitHubApi.from_env({"GITHUB_REPOSITORY": "a/b"}) is None
    api = GitHubApi.from_env(
        {"GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": "a/b", "GITHUB_API_URL": "http://x/api/v3/"}
    )
    assert api is not None and api.base_url == "http://x/api/v3"
    with pytest.raises(CommentError, match="owner/name"):
        GitHubApi("https://api.github.com", "a/b/../../c", TOKEN)
    with pytest.raises(CommentError, match="http"):
        GitHubApi("file:///etc", "a/b", TOKEN)
