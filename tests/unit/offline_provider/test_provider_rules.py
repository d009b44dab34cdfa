"""The enum rules: every allowed value passes, anything else fails with the provider's words."""

from __future__ import annotations

from typing import Any

import pytest

from orchestrator.offline_provider.codec import UNKNOWN
from orchestrator.offline_provider.rules import RULES, EnumRule, check
from orchestrator.offline_provider.schema import ProviderSchema, schema_bytes, schema_file

SCHEMA = ProviderSchema(schema_bytes(schema_file()))
IDS = [f"{r.type_name}.{'.'.join(r.path)}" for r in RULES]


def _config_with(rule: EnumRule, value: Any) -> dict[str, Any]:
    """A config holding value at the rule's path, through one-element block lists."""
    node: Any = value
    block = SCHEMA.block(rule.kind, rule.type_name)
    assert block is not None
    leaf = block
    for name in rule.path[:-1]:
        leaf = leaf.block_types[name].block
    if leaf.attributes[rule.argument].type[0] in ("set", "list"):
        node = [value]
    for name in reversed(rule.path):
        node = {name: node}
        if name != rule.path[0]:
            node = [node]
    return node if isinstance(node, dict) else node[0]


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_the_rule_names_a_real_argument(rule: EnumRule) -> None:
    block = SCHEMA.block(rule.kind, rule.type_name)
    assert block is not None, f"{rule.type_name} is not in the schema"
    for name in rule.path[:-1]:
        assert name in block.block_types, f"{name} is not a block of {rule.type_name}"
        block = block.block_types[name].block
    attribute = block.attributes[rule.argument]
    element = attribute.type[1] if isinstance(attribute.type, list) else attribute.type
    assert element in ("string", "number")


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_every_allowed_value_passes(rule: EnumRule) -> None:
    for value in rule.allowed:
        assert check(rule.kind, rule.type_name, _config_with(rule, value)) == []


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_another_value_fails(rule: EnumRule) -> None:
    bad = 9999 if isinstance(rule.allowed[0], int) else "not-a-value"
    violations = check(rule.kind, rule.type_name, _config_with(rule, bad))

    assert [v.rule for v in violations] == [rule]
    assert violations[0].message.startswith(f"expected {rule.argument} to be one of [")
    assert violations[0].message.endswith(f"], got {bad}")


def test_the_message_quotes_strings_like_the_provider() -> None:
    rule = next(r for r in RULES if r.type_name == "aws_sfn_state_machine" and r.path == ("type",))
    assert rule.message("X") == 'expected type to be one of ["STANDARD" "EXPRESS"], got X'


def test_unknown_and_null_values_are_not_checked() -> None:
    assert check("resource", "aws_sfn_state_machine", {"type": UNKNOWN}) == []
    assert check("resource", "aws_sfn_state_machine", {"type": None}) == []


def test_steps_name_list_indexes() -> None:
    config = {
        "stage": [
            {"action": [{"category": "Source", "owner": "AWS"}]},
            {"action": [{"category": "Build", "owner": "AWS"}, {"category": "Nope"}]},
        ]
    }
    violations = check("resource", "aws_codepipeline", config)

    assert [v.steps for v in violations] == [("stage", 1, "action", 1, "category")]


def test_case_matters() -> None:
    assert check("resource", "aws_sfn_state_machine", {"type": "standard"}) != []
