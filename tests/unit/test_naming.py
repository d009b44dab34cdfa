from __future__ import annotations

import re
from pathlib import Path

import pytest

from orchestrator.config import Config, load_config
from orchestrator.errors import OrchError
from orchestrator.naming import BranchNameError, NamingRules, check_branch, workspace_name

FIXTURE = Path(__file__).parents[1] / "fixtures" / "project" / "orch.toml"


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(FIXTURE)


@pytest.fixture(scope="module")
def rules(config: Config) -> NamingRules:
    return NamingRules.from_config(config)


@pytest.mark.parametrize(
    ("branch", "expected"),
    [
        ("feature/WEDATAIN-1234-some-feature", "we-1234-some-feature"),
        ("refs/heads/feature/WEDATAIN-1234-some-feature", "we-1234-some-feature"),
        ("feature/ABC-7-fix-login", "ab-7-fix-login"),
        ("bugfix/WEDATAIN-9", "we-9"),
        ("my-branch", "my-branch"),
        ("feature/plain-title", "plain-title"),
        ("release/1.2.3", "release-1-2-3--"),
        ("feature/WEDATAIN-1234-Some-Feature", "we-1234-some-feature--"),
        ("feature/WEDATAIN-1234_some_feature", "we-1234-some-feature--"),
        ("feature/café-au-lait", "cafe-au-lait--"),
        ("feature/日本語", "ws--"),
        ("Dev", "dev--"),
        ("feature/" + "very-long-title-" * 10, "very-long-title-very-long--"),
    ],
)
def test_workspace_names(rules: NamingRules, branch: str, expected: str) -> None:
    name = workspace_name(branch, rules)
    if expected.endswith("--"):
        # Lossy conversions end in `--` and a hash of the whole branch.
        assert re.fullmatch(re.escape(expected) + r"[0-9a-f]{6}", name), name
    else:
        assert name == expected
    assert re.fullmatch(r"[a-z0-9-]+", name)
    assert len(name) <= rules.max_length


def test_names_that_differ_only_in_case_never_collide(rules: NamingRules) -> None:
    variants = [
        "feature/WEDATAIN-1234-some-feature",
        "feature/WEDATAIN-1234-Some-feature",
        "feature/WEDATAIN-1234-some-Feature",
        "feature/WEDATAIN-1234-SOME-FEATURE",
    ]
    names = {workspace_name(branch, rules) for branch in variants}
    assert len(names) == len(variants)


def test_long_names_truncate_without_colliding(rules: NamingRules) -> None:
    base = "feature/WEDATAIN-1-" + "a" * 80
    first, second = workspace_name(base + "x", rules), workspace_name(base + "y", rules)
    assert first != second
    assert len(first) == len(second) == rules.max_length


def test_names_are_deterministic(rules: NamingRules) -> None:
    branch = "feature/Ünïcode-Branch"
    assert workspace_name(branch, rules) == workspace_name(branch, rules)


def test_prefixed_names_fit_the_tightest_aws_limit(config: Config, rules: NamingRules) -> None:
    name = workspace_name("feature/WEDATAIN-1-" + "x" * 200, rules)
    prefix = f"{config.project}-{config.feature_stage}-{name}-"
    assert len(prefix) + config.naming.resource_suffix_budget <= 63


@pytest.mark.parametrize(
    "branch", ["dev", "int", "prd", "default", "feature/dev", "refs/heads/prd"]
)
def test_stage_and_reserved_names_are_refused(rules: NamingRules, branch: str) -> None:
    with pytest.raises(BranchNameError, match="reserved"):
        workspace_name(branch, rules)


@pytest.mark.parametrize(
    ("branch", "problem"),
    [
        ("", "empty"),
        ("feature/a b", "space"),
        ("feature/../x", r"'\.\.'"),
        ("feature/x..y", r"'\.\.'"),
        ("feature/x\ty", "control"),
        ("feature/x~1", "space"),
        ("feature/x:y", "space"),
        ("/feature/x", "starts or ends"),
        ("feature/x/", "starts or ends"),
        ("feature//x", "empty part"),
        ("feature/.hidden", "starts with '.'"),
        ("feature/x.lock", "ends with '.lock'"),
        ("feature/x.", "ends with '.'"),
        ("-x", "starts with '-'"),
        ("feature/@{x}", "'@\\{'"),
        ("@", "'@'"),
    ],
)
def test_invalid_branch_names_get_a_clear_error(branch: str, problem: str) -> None:
    with pytest.raises(BranchNameError, match=problem) as error:
        check_branch(branch)
    assert "not a valid git branch name" in str(error.value)


def test_a_config_leaving_no_room_for_names_is_refused(config: Config) -> None:
    from dataclasses import replace

    tight = replace(
        config,
        project="a-very-long-project",
        naming=replace(config.naming, resource_suffix_budget=40),
    )
    with pytest.raises(OrchError, match="shorten the project name"):
        NamingRules.from_config(tight)


def test_the_readme_table_matches_the_rules() -> None:
    """The branch table in the README is what the repository's own orch.toml produces."""
    import re as regex

    root = Path(__file__).parents[2]
    rules = NamingRules.from_config(load_config(root / "orch.toml"))
    readme = (root / "README.md").read_text()
    rows = regex.findall(r"^\| `([^`]+)` \| `([a-z0-9-]+)` \|$", readme, regex.MULTILINE)
    assert len(rows) >= 4
    for branch, expected in rows:
        assert workspace_name(branch, rules) == expected
