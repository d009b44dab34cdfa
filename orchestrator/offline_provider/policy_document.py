"""`data "aws_iam_policy_document"`: renders the policy JSON exactly as the AWS provider does.

Modules feed the rendered `json` to `jsondecode`, to `aws_iam_role.assume_role_policy` and to
tests that assert on statements, so the output follows the provider's rules (its
`policy_document_data_source.go`): single values collapse to a string, several are sorted in
reverse, `Sid` is always present, principals and conditions group by type and test, source and
override documents merge by Sid, `&{var}` becomes `${var}`, and JSON is indented with two spaces
and HTML-escaped like Go's encoder.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

DEFAULT_VERSION = "2012-10-17"
_LEGACY_VERSION = "2008-10-17"


class PolicyError(ValueError):
    """The statements cannot form a policy (duplicate Sid, a source that is not JSON)."""


def _string_list(values: list[str]) -> str | list[str]:
    if len(values) == 1:
        return values[0]
    return sorted(values, reverse=True)


def _replace_vars(value: str | list[str], version: str) -> str | list[str]:
    # `&{aws:username}` keeps Terraform from interpolating; IAM wants `${aws:username}`.
    def one(text: str) -> str:
        if "&{" in text and version == _LEGACY_VERSION:
            raise PolicyError(
                f"found &{{ sequence in ({text}), which is not supported in document version "
                f"{_LEGACY_VERSION}"
            )
        return text.replace("&{", "${")

    return one(value) if isinstance(value, str) else [one(item) for item in value]


def _principals(blocks: list[dict[str, Any]], version: str) -> Any:
    entries = [
        (str(b["type"]), _replace_vars(_string_list(list(b.get("identifiers") or [])), version))
        for b in blocks
    ]
    return _principal_json(entries)


def _principal_json(entries: list[tuple[str, Any]]) -> Any:
    if len(entries) == 1 and entries[0][0] == "*" and entries[0][1] in ("*", ["*"]):
        return "*"
    merged: dict[str, Any] = {}
    for kind, identifiers in entries:
        current = merged.get(kind)
        if isinstance(identifiers, list):
            base = [] if current is None else [current] if isinstance(current, str) else current
            merged[kind] = base + sorted(identifiers, reverse=True)
        elif current is None:
            merged[kind] = identifiers
        elif isinstance(current, str):
            merged[kind] = [current, identifiers]
        else:
            merged[kind] = [*current, identifiers]
    return dict(sorted(merged.items()))


def _conditions(blocks: list[dict[str, Any]], version: str) -> dict[str, Any]:
    entries = [
        (
            str(b["test"]),
            str(b["variable"]),
            _replace_vars(_string_list(list(b.get("values") or [])), version),
        )
        for b in blocks
    ]
    return _condition_json(entries)


def _condition_json(entries: list[tuple[str, str, Any]]) -> dict[str, Any]:
    merged: dict[str, dict[str, Any]] = {}
    for test, variable, values in entries:
        by_variable = merged.setdefault(test, {})
        current = by_variable.get(variable)
        if isinstance(values, list):
            base = [] if current is None else [current] if isinstance(current, str) else current
            by_variable[variable] = base + values
        elif current is None:
            by_variable[variable] = values
        elif isinstance(current, str):
            by_variable[variable] = [current, values]
        else:
            by_variable[variable] = [*current, values]
    return {test: dict(sorted(v.items())) for test, v in sorted(merged.items())}


def _statement(block: dict[str, Any], version: str) -> dict[str, Any]:
    statement: dict[str, Any] = {"Sid": block.get("sid") or ""}
    statement["Effect"] = block.get("effect") or "Allow"
    for key, name, replace in (
        ("Action", "actions", False),
        ("NotAction", "not_actions", False),
        ("Resource", "resources", True),
        ("NotResource", "not_resources", True),
    ):
        values = list(block.get(name) or [])
        if values:
            rendered = _string_list(values)
            statement[key] = _replace_vars(rendered, version) if replace else rendered
    for key, name in (("Principal", "principals"), ("NotPrincipal", "not_principals")):
        blocks = list(block.get(name) or [])
        if blocks:
            statement[key] = _principals(blocks, version)
    conditions = list(block.get("condition") or [])
    if conditions:
        statement["Condition"] = _conditions(conditions, version)
    return statement


def _parse_document(text: str, what: str) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise PolicyError(f"{what} is not valid JSON: {exc}") from exc
    if not isinstance(document, dict):
        raise PolicyError(f"{what} is not a JSON object")
    statements = document.get("Statement") or []
    if isinstance(statements, dict):
        statements = [statements]
    return {
        "Version": str(document.get("Version") or ""),
        "Id": str(document.get("Id") or ""),
        "Statement": [_normalise_statement(s) for s in statements],
    }


def _normalise_statement(raw: dict[str, Any]) -> dict[str, Any]:
    """A statement read from JSON, re-rendered the way the provider re-marshals it."""
    statement: dict[str, Any] = {"Sid": str(raw.get("Sid") or "")}
    if raw.get("Effect"):
        statement["Effect"] = raw["Effect"]
    for key in ("Action", "NotAction", "Resource", "NotResource"):
        if raw.get(key):
            statement[key] = raw[key]
    for key in ("Principal", "NotPrincipal"):
        principal = raw.get(key)
        if principal == "*":
            statement[key] = "*"
        elif isinstance(principal, dict) and principal:
            statement[key] = _principal_json(
                [(kind, ids) for kind, ids in sorted(principal.items())]
            )
    condition = raw.get("Condition")
    if isinstance(condition, dict) and condition:
        statement["Condition"] = _condition_json(
            [
                (test, variable, values)
                for test, variables in condition.items()
                for variable, values in variables.items()
            ]
        )
    return statement


def _merge(into: dict[str, Any], new: dict[str, Any]) -> None:
    if new["Id"]:
        into["Id"] = new["Id"]
    if new["Version"] > into["Version"]:
        into["Version"] = new["Version"]
    for statement in new["Statement"]:
        sid = statement["Sid"]
        for index, existing in enumerate(into["Statement"]):
            if sid and existing["Sid"] == sid:
                into["Statement"][index] = statement
                break
        else:
            into["Statement"].append(statement)


def _go_json(document: dict[str, Any], indent: int | None) -> str:
    separators = (",", ": ") if indent else (",", ":")
    text = json.dumps(document, indent=indent, separators=separators, ensure_ascii=False)
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _ordered(document: dict[str, Any]) -> dict[str, Any]:
    ordered: dict[str, Any] = {}
    if document["Version"]:
        ordered["Version"] = document["Version"]
    if document["Id"]:
        ordered["Id"] = document["Id"]
    if document["Statement"]:
        ordered["Statement"] = document["Statement"]
    return ordered


def render(config: dict[str, Any]) -> dict[str, str]:
    """The computed attributes (`json`, `minified_json`, `id`) for a data source config."""
    merged: dict[str, Any] = {"Version": "", "Id": "", "Statement": []}
    sources = [config.get("source_json"), *(config.get("source_policy_documents") or [])]
    seen_sids: set[str] = set()
    for index, source in enumerate(s for s in sources if s):
        document = _parse_document(source, f"source_policy_documents item {index}")
        for position, statement in enumerate(document["Statement"]):
            sid = statement["Sid"]
            if sid and sid in seen_sids:
                raise PolicyError(
                    f"duplicate Sid ({sid}) in source_policy_documents (item {index}; position "
                    f"{position}). Remove the Sid or ensure Sids are unique."
                )
            seen_sids.add(sid)
        _merge(merged, document)

    version = config.get("version") or DEFAULT_VERSION
    own: dict[str, Any] = {"Version": version, "Id": config.get("policy_id") or "", "Statement": []}
    sids: set[str] = set()
    for block in config.get("statement") or []:
        sid = block.get("sid") or ""
        if sid and sid in sids:
            raise PolicyError(
                f"found duplicate sid ({sid}). Either remove the sid or ensure the sid is unique "
                "across all statements."
            )
        sids.add(sid)
        own["Statement"].append(_statement(block, version))
    _merge(merged, own)

    overrides = [config.get("override_json"), *(config.get("override_policy_documents") or [])]
    for index, override in enumerate(o for o in overrides if o):
        _merge(merged, _parse_document(override, f"override_policy_documents item {index}"))

    document = _ordered(merged)
    pretty = _go_json(document, indent=2)
    return {
        "json": pretty,
        "minified_json": _go_json(document, indent=None),
        "id": str(zlib.crc32(pretty.encode())),
    }
