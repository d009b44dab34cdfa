"""The project configuration (orch.toml): read, checked, and typed.

Every problem is reported at once, each with its place in the file and how to fix it, before
anything touches AWS or Terraform.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from orchestrator.durations import parse_duration
from orchestrator.errors import ConfigError

CONFIG_FILE = "orch.toml"
CONFIG_ENV = "ORCH_CONFIG"
DEFAULT_SECRET_TEMPLATE = "github-actions-{project}-{stack}-{stage}"
SECRET_FIELDS = {"project", "stack", "stage"}
RESERVED_NAMES = {"default"}

_PROJECT = re.compile(r"^[a-z][a-z0-9-]{1,18}[a-z0-9]$")
_STAGE = re.compile(r"^[a-z][a-z0-9]{1,7}$")
_STACK = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")
_ACCOUNT = re.compile(r"^\d{12}$")
_ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")
_BUCKET = re.compile(r"^(?!xn--)(?!.*-s3alias$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


@dataclass(frozen=True)
class Stage:
    name: str
    region: str
    state_bucket: str
    protected: bool = False
    account_id: str = ""
    role_arn: str = ""
    # An `orch approve` by someone other than the planner before any apply (for repositories
    # where GitHub Environments cannot require reviewers).
    requires_approval: bool = False


@dataclass(frozen=True)
class Stack:
    name: str
    path: Path


@dataclass(frozen=True)
class Naming:
    """How branch names become workspace names (see orchestrator.naming)."""

    branch_prefixes: tuple[str, ...] = ("feature/", "bugfix/", "hotfix/", "fix/", "chore/")
    ticket_pattern: str = r"[A-Z][A-Z0-9]+-[0-9]+"
    ticket_abbreviations: dict[str, str] = field(default_factory=dict)
    ticket_abbreviation_length: int = 2
    resource_suffix_budget: int = 20


@dataclass(frozen=True)
class Config:
    root: Path
    project: str
    stages: dict[str, Stage]
    stacks: dict[str, Stack]
    promotion: tuple[str, ...]
    feature_stage: str
    workspace_ttl: timedelta
    secret_template: str = DEFAULT_SECRET_TEMPLATE
    naming: Naming = field(default_factory=Naming)
    git_strategy: str = "trunk"

    def stage(self, name: str) -> Stage:
        if name not in self.stages:
            raise ConfigError(
                f"unknown stage {name!r}: the stages in {CONFIG_FILE} are {', '.join(self.stages)}"
            )
        return self.stages[name]

    def stack(self, name: str) -> Stack:
        if name not in self.stacks:
            raise ConfigError(
                f"unknown stack {name!r}: the stacks in {CONFIG_FILE} are {', '.join(self.stacks)}"
            )
        return self.stacks[name]

    def selected_stacks(self, name: str | None) -> list[Stack]:
        return [self.stack(name)] if name else list(self.stacks.values())

    def secret_name(self, stack: str, stage: str) -> str:
        return self.secret_template.format(project=self.project, stack=stack, stage=stage)


def find_config_file(start: Path | None = None) -> Path:
    """$ORCH_CONFIG, else orch.toml in the current folder or the nearest parent."""
    explicit = os.environ.get(CONFIG_ENV)
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{CONFIG_ENV} names {path}, which is not a file")
        return path
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder / CONFIG_FILE
    raise ConfigError(
        f"no {CONFIG_FILE} found in {here} or its parents: run orch from the project's "
        f"repository, or set {CONFIG_ENV} to the configuration file"
    )


def load_config(path: Path | None = None) -> Config:
    path = path or find_config_file()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    return parse_config(data, path.parent.resolve(), source=str(path))


def parse_config(data: dict[str, Any], root: Path, source: str = CONFIG_FILE) -> Config:
    checker = _Checker()
    config = _build(data, root, checker)
    if checker.problems:
        listing = "\n".join(f"  - {problem}" for problem in checker.problems)
        raise ConfigError(f"{source} has {len(checker.problems)} problem(s):\n{listing}")
    assert config is not None
    return config


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def known_keys(self, table: dict[str, Any], where: str, allowed: set[str]) -> None:
        for key in table:
            if key not in allowed:
                self.add(
                    f"{where}.{key}" if where else key,
                    f"unknown setting; the settings here are {', '.join(sorted(allowed))}",
                )

    def typed(self, table: dict[str, Any], key: str, kind: type, where: str, default: Any) -> Any:
        value = table.get(key, default)
        if value is default:
            return value
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            self.add(f"{where}{key}", f"must be a {_KIND_NAMES[kind]}, not {value!r}")
            return default
        return value

    def pattern(self, value: str, regex: re.Pattern[str], where: str, rule: str) -> None:
        if value and not regex.match(value):
            self.add(where, f"{value!r} is not valid: {rule}")


_KIND_NAMES = {str: "string", bool: "boolean", int: "whole number", list: "list", dict: "table"}


def _build(data: dict[str, Any], root: Path, check: _Checker) -> Config | None:
    check.known_keys(
        data,
        "",
        {"project", "stages", "stacks", "promotion", "workspaces", "secrets", "naming", "git"},
    )
    project = check.typed(data, "project", str, "", "")
    if not project:
        check.add("project", 'missing: set project = "name" (lowercase, 3 to 20 characters)')
    check.pattern(project, _PROJECT, "project", "use 3-20 lowercase letters, digits and -")

    stages = _stages(check.typed(data, "stages", dict, "", {}), check)
    stacks = _stacks(check.typed(data, "stacks", dict, "", {}), root, check)
    promotion = tuple(check.typed(data, "promotion", list, "", list(stages)))
    for name in promotion:
        if name not in stages:
            check.add("promotion", f"names {name!r}, which is not a stage under [stages]")
    for name in stages:
        if name not in promotion:
            check.add("promotion", f"leaves out stage {name!r}: list every stage in order")
    if len(set(promotion)) != len(promotion):
        check.add("promotion", "names a stage twice")

    workspaces = check.typed(data, "workspaces", dict, "", {})
    check.known_keys(workspaces, "workspaces", {"stage", "ttl"})
    feature_stage = check.typed(workspaces, "stage", str, "workspaces.", "dev")
    ttl = _duration(
        check.typed(workspaces, "ttl", str, "workspaces.", "7d"), "workspaces.ttl", check
    )
    if stages and feature_stage not in stages:
        check.add("workspaces.stage", f"{feature_stage!r} is not a stage under [stages]")
    elif feature_stage in stages and stages[feature_stage].protected:
        check.add(
            "workspaces.stage",
            f"{feature_stage!r} is protected, and feature workspaces are destroyed by branch "
            "flows: host them in a stage with protected = false",
        )

    secrets = check.typed(data, "secrets", dict, "", {})
    check.known_keys(secrets, "secrets", {"name_template"})
    template = check.typed(secrets, "name_template", str, "secrets.", DEFAULT_SECRET_TEMPLATE)
    _check_template(template, check)

    naming = _naming(check.typed(data, "naming", dict, "", {}), check)
    git = check.typed(data, "git", dict, "", {})
    check.known_keys(git, "git", {"strategy"})
    strategy = check.typed(git, "strategy", str, "git.", "trunk")
    if strategy not in ("trunk", "gitflow"):
        check.add("git.strategy", f"{strategy!r} is not one of trunk, gitflow")
    if check.problems:
        return None
    return Config(
        root=root,
        project=project,
        stages=stages,
        stacks=stacks,
        promotion=promotion,
        feature_stage=feature_stage,
        workspace_ttl=ttl,
        secret_template=template,
        naming=naming,
        git_strategy=strategy,
    )


def _stages(table: dict[str, Any], check: _Checker) -> dict[str, Stage]:
    if not table:
        check.add("stages", "missing: define at least one stage, e.g. [stages.dev]")
    stages = {}
    for name, raw in table.items():
        where = f"stages.{name}"
        check.pattern(name, _STAGE, where, "stage names are 2-8 lowercase letters and digits")
        if name in RESERVED_NAMES:
            check.add(where, f"{name!r} is reserved by Terraform; choose another stage name")
        if not isinstance(raw, dict):
            check.add(where, "must be a table")
            continue
        check.known_keys(
            raw,
            where,
            {"region", "state_bucket", "protected", "account_id", "role_arn", "requires_approval"},
        )
        p = f"{where}."
        region = check.typed(raw, "region", str, p, "")
        bucket = check.typed(raw, "state_bucket", str, p, "")
        for key, value in (("region", region), ("state_bucket", bucket)):
            if not value:
                check.add(f"{p}{key}", "missing")
        check.pattern(region, _REGION, f"{p}region", "use an AWS region such as eu-west-1")
        check.pattern(
            bucket, _BUCKET, f"{p}state_bucket", "S3 bucket names are 3-63 of a-z 0-9 . -"
        )
        account = check.typed(raw, "account_id", str, p, "")
        check.pattern(account, _ACCOUNT, f"{p}account_id", "an account id is 12 digits, quoted")
        role = check.typed(raw, "role_arn", str, p, "")
        check.pattern(role, _ROLE_ARN, f"{p}role_arn", "use arn:aws:iam::ACCOUNT:role/NAME")
        if role and account and f"::{account}:" not in role:
            check.add(f"{p}role_arn", f"is not in the stage's account {account}")
        stages[name] = Stage(
            name=name,
            region=region,
            state_bucket=bucket,
            protected=check.typed(raw, "protected", bool, p, False),
            account_id=account,
            role_arn=role,
            requires_approval=check.typed(raw, "requires_approval", bool, p, False),
        )
    return stages


def _stacks(table: dict[str, Any], root: Path, check: _Checker) -> dict[str, Stack]:
    if not table:
        check.add("stacks", "missing: define at least one, e.g. [stacks.data_platform]")
    stacks = {}
    for name, raw in table.items():
        where = f"stacks.{name}"
        check.pattern(name, _STACK, where, "stack names are lowercase letters, digits and _")
        if not isinstance(raw, dict):
            check.add(where, 'must be a table with path = "environments/<name>"')
            continue
        check.known_keys(raw, where, {"path"})
        relative = check.typed(raw, "path", str, f"{where}.", f"environments/{name}")
        path = (root / relative).resolve()
        if not list(path.glob("*.tf")):
            check.add(f"{where}.path", f"{relative} holds no .tf files (looked in {path})")
        stacks[name] = Stack(name=name, path=path)
    return stacks


def _naming(table: dict[str, Any], check: _Checker) -> Naming:
    allowed = {
        "branch_prefixes",
        "ticket_pattern",
        "ticket_abbreviations",
        "ticket_abbreviation_length",
        "resource_suffix_budget",
    }
    check.known_keys(table, "naming", allowed)
    default = Naming()
    p = "naming."
    prefixes = tuple(check.typed(table, "branch_prefixes", list, p, list(default.branch_prefixes)))
    pattern = check.typed(table, "ticket_pattern", str, p, default.ticket_pattern)
    try:
        re.compile(pattern)
    except re.error as exc:
        check.add(f"{p}ticket_pattern", f"is not a valid regular expression: {exc}")
    abbreviations = check.typed(table, "ticket_abbreviations", dict, p, {})
    for key, value in abbreviations.items():
        if not isinstance(value, str) or not re.fullmatch(r"[a-z][a-z0-9]{0,9}", value):
            check.add(f"{p}ticket_abbreviations.{key}", "must be 1-10 lowercase letters/digits")
    if len(set(abbreviations.values())) != len(abbreviations):
        check.add(f"{p}ticket_abbreviations", "two tickets share an abbreviation; names collide")
    length = check.typed(table, "ticket_abbreviation_length", int, p, 2)
    budget = check.typed(table, "resource_suffix_budget", int, p, 20)
    if not 1 <= length <= 10:
        check.add(f"{p}ticket_abbreviation_length", "must be between 1 and 10")
    if not 0 <= budget <= 40:
        check.add(f"{p}resource_suffix_budget", "must be between 0 and 40")
    return Naming(prefixes, pattern, dict(abbreviations), length, budget)


def _duration(text: str, where: str, check: _Checker) -> timedelta:
    try:
        return parse_duration(text)
    except ValueError as exc:
        check.add(where, str(exc))
        return timedelta(days=7)


def _check_template(template: str, check: _Checker) -> None:
    fields = set(re.findall(r"{(\w*)}", template))
    unknown = fields - SECRET_FIELDS
    if unknown:
        check.add(
            "secrets.name_template",
            f"uses {', '.join(sorted(unknown))}; only {{project}}, {{stack}} and {{stage}} exist",
        )
    elif "stage" not in fields:
        check.add("secrets.name_template", "must contain {stage}, or every stage shares a secret")
