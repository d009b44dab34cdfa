"""Branch name -> feature workspace name.

`feature/WEDATAIN-1234-some-feature` becomes `we-1234-some-feature`. A branch that does not
convert losslessly (other case, unicode, underscores, too long) gets a `--` and a hash of the whole
branch appended, and a readable name never contains `--`, so two branches that differ only in such
details never share a name. The workspace registry still checks ownership before any apply.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from orchestrator.config import RESERVED_NAMES, Config
from orchestrator.errors import OrchError

# The tightest AWS name limit a prefixed resource must fit: S3 bucket names (63).
AWS_NAME_LIMIT = 63
MIN_WORKSPACE_LENGTH = 12
HASH_LENGTH = 6
_REF_FORBIDDEN = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]")
_SLUG_CLEAN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class BranchNameError(OrchError):
    """The branch name is not usable."""


@dataclass(frozen=True)
class NamingRules:
    branch_prefixes: tuple[str, ...]
    ticket_pattern: re.Pattern[str]
    ticket_abbreviations: dict[str, str]
    ticket_abbreviation_length: int
    max_length: int
    reserved: frozenset[str]

    @classmethod
    def from_config(cls, config: Config) -> NamingRules:
        naming = config.naming
        fixed = len(config.project) + len(config.feature_stage) + 3  # three `-` separators
        max_length = AWS_NAME_LIMIT - fixed - naming.resource_suffix_budget
        if max_length < MIN_WORKSPACE_LENGTH:
            raise OrchError(
                f"project {config.project!r}, stage {config.feature_stage!r} and a resource "
                f"suffix budget of {naming.resource_suffix_budget} leave {max_length} characters "
                f"for workspace names (at least {MIN_WORKSPACE_LENGTH} are needed): shorten the "
                "project name or lower naming.resource_suffix_budget"
            )
        return cls(
            branch_prefixes=naming.branch_prefixes,
            ticket_pattern=re.compile(naming.ticket_pattern),
            ticket_abbreviations=naming.ticket_abbreviations,
            ticket_abbreviation_length=naming.ticket_abbreviation_length,
            max_length=max_length,
            reserved=frozenset(config.stages) | RESERVED_NAMES,
        )


def check_branch(branch: str) -> str:
    """The branch without refs/heads/, or an error naming git's rule it breaks."""
    name = branch.removeprefix("refs/heads/")
    problem = _ref_problem(name)
    if problem:
        raise BranchNameError(
            f"{branch!r} is not a valid git branch name: {problem}. "
            "Pass the branch exactly as git shows it (for example feature/ABC-123-short-title)."
        )
    return name


def _ref_problem(name: str) -> str:
    if not name:
        return "it is empty"
    if _REF_FORBIDDEN.search(name):
        return "it contains a space, a control character or one of ~ ^ : ? * [ \\"
    if ".." in name or "@{" in name or name == "@":
        return "it contains '..' or '@{', or is '@'"
    if name.startswith("/") or name.endswith("/") or "//" in name:
        return "it starts or ends with '/', or has an empty part between slashes"
    if name.endswith(".") or any(
        part.startswith(".") or part.endswith(".lock") for part in name.split("/")
    ):
        return "a part starts with '.', ends with '.lock', or the name ends with '.'"
    if name.startswith("-"):
        return "it starts with '-'"
    return ""


def workspace_name(branch: str, rules: NamingRules) -> str:
    """The feature workspace name for a branch: deterministic, short, [a-z0-9-]."""
    branch = check_branch(branch)
    rest = _strip_prefix(branch, rules.branch_prefixes)
    ticket = rules.ticket_pattern.match(rest)
    readable_prefix = ""
    if ticket and ticket.group(0):
        readable_prefix = _abbreviate(ticket.group(0), rules)
        rest = rest[ticket.end() :]
        # Only `-` separates ticket and title losslessly: `ABC-1_x` must not equal `ABC-1-x`.
        separated = rest == "" or rest.startswith("-")
        rest = rest[1:] if separated else rest
    else:
        separated = True
    slug = _slug(rest)
    lossless = separated and rest == slug
    readable = "-".join(part for part in (readable_prefix, slug) if part) or "ws"
    if lossless and len(readable) <= rules.max_length:
        name = readable
    else:
        room = rules.max_length - HASH_LENGTH - 2
        name = f"{readable[:room].rstrip('-')}--{_short_hash(branch)}"
    if name in rules.reserved:
        raise BranchNameError(
            f"branch {branch!r} maps to the workspace name {name!r}, which is reserved for a "
            f"stage or by Terraform ({', '.join(sorted(rules.reserved))}): feature workspaces "
            "must never share a stage's name; rename the branch"
        )
    return name


def _strip_prefix(branch: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if branch.startswith(prefix) and len(branch) > len(prefix):
            return branch[len(prefix) :]
    return branch


def _abbreviate(ticket: str, rules: NamingRules) -> str:
    key, _, number = ticket.rpartition("-")
    short = rules.ticket_abbreviations.get(key) or key[: rules.ticket_abbreviation_length]
    return _slug(f"{short}-{number}" if key else ticket)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]
