"""What the stand-in provider does with values: plan, apply, read, import, data sources.

Nothing here talks to AWS. Planning keeps every known value and makes null computed attributes
unknown (what any provider does); apply turns the unknowns into placeholders; reading returns
the state unchanged, so a second plan after apply is empty.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from orchestrator.offline_provider import placeholders, policy_document
from orchestrator.offline_provider.codec import UNKNOWN, Unknown, is_known
from orchestrator.offline_provider.schema import Attribute, Block


@dataclass
class Settings:
    """The parts of the `provider "aws"` configuration that shape values."""

    region: str = placeholders.DEFAULT_REGION
    account: str = placeholders.DEFAULT_ACCOUNT
    default_tags: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_config(cls, config: dict[str, Any] | None, env: dict[str, str]) -> Settings:
        config = config or {}
        region = config.get("region")
        if not isinstance(region, str) or not region:
            region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or cls.region
        allowed = config.get("allowed_account_ids")
        account = cls.account
        if isinstance(allowed, list) and allowed and isinstance(allowed[0], str):
            account = sorted(allowed)[0]
        tags: dict[str, Any] = {}
        for block in config.get("default_tags") or []:
            if isinstance(block, dict) and isinstance(block.get("tags"), dict):
                tags.update(block["tags"])
        return cls(region=region, account=account, default_tags=tags)

    @classmethod
    def from_environment(cls) -> Settings:
        return cls.from_config(None, dict(os.environ))

    def context(self, type_name: str, known: dict[str, Any]) -> placeholders.Context:
        return placeholders.Context(type_name, self.region, self.account, known=known)


# --- plan ---------------------------------------------------------------------------------


def _unknown_computed(block: Block, value: dict[str, Any]) -> dict[str, Any]:
    out = dict(value)
    for name, attribute in block.attributes.items():
        current = out.get(name)
        if current is None and attribute.computed:
            out[name] = UNKNOWN
        elif attribute.nested is not None and current is not None:
            out[name] = _map_nested(attribute, current, _unknown_in_nested)
    for name, nested in block.block_types.items():
        current = out.get(name)
        if current is None or isinstance(current, Unknown):
            continue
        if nested.nesting in ("single", "group"):
            out[name] = _unknown_computed(nested.block, current)
        elif nested.nesting == "map":
            out[name] = {k: _unknown_computed(nested.block, v) for k, v in current.items()}
        else:
            out[name] = [_unknown_computed(nested.block, item) for item in current]
    return out


def _unknown_in_nested(attributes: dict[str, Attribute], value: dict[str, Any]) -> dict[str, Any]:
    return _unknown_computed(Block(attributes), value)


def _map_nested(attribute: Attribute, value: Any, fn: Any) -> Any:
    assert attribute.nested is not None
    attrs = attribute.nested.attributes
    if isinstance(value, Unknown):
        return value
    if attribute.nested.nesting == "single":
        return fn(attrs, value)
    if attribute.nested.nesting == "map":
        return {k: fn(attrs, v) for k, v in value.items()}
    return [fn(attrs, item) for item in value]


def plan(
    block: Block, type_name: str, proposed: Any, config: Any, settings: Settings
) -> dict[str, Any] | None:
    """The planned new state: the proposal with null computed attributes made unknown."""
    if proposed is None:
        return None
    planned = _unknown_computed(block, proposed)
    config = config or {}
    region = block.attributes.get("region")
    if region is not None and region.computed and config.get("region") is None:
        planned["region"] = settings.region
    tags_all = block.attributes.get("tags_all")
    if tags_all is not None and tags_all.computed and config.get("tags_all") is None:
        # The provider computes tags_all at plan time, so tag changes show in the plan.
        tags = planned.get("tags")
        if isinstance(tags, Unknown) or not is_known(tags):
            planned["tags_all"] = UNKNOWN
        else:
            planned["tags_all"] = {**settings.default_tags, **(tags or {})}
    return planned


# --- apply --------------------------------------------------------------------------------


def _known_top_level(value: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in value.items() if isinstance(v, str | int | float) and v is not None}


def _fill(block: Block, value: dict[str, Any], ctx: placeholders.Context, top: bool) -> Any:
    out = dict(value)
    for name, attribute in block.attributes.items():
        current = out.get(name)
        if isinstance(current, Unknown):
            out[name] = placeholders.placeholder(attribute.type, name, ctx, top_level=top)
        elif current is not None:
            out[name] = placeholders.fill_unknowns(current, attribute.type, name, ctx)
    for name, nested in block.block_types.items():
        current = out.get(name)
        if isinstance(current, Unknown):
            out[name] = placeholders.placeholder(nested.type, name, ctx, top_level=False)
        elif current is None:
            continue
        elif nested.nesting in ("single", "group"):
            out[name] = _fill(nested.block, current, ctx, False)
        elif nested.nesting == "map":
            out[name] = {k: _fill(nested.block, v, ctx, False) for k, v in current.items()}
        else:
            out[name] = [_fill(nested.block, item, ctx, False) for item in current]
    return out


def apply(block: Block, type_name: str, planned: Any, settings: Settings) -> Any:
    """The new state after apply: every planned value kept, unknowns given placeholders."""
    if planned is None:
        return None
    ctx = settings.context(type_name, _known_top_level(planned))
    return _fill(block, planned, ctx, top=True)


def empty_object(block: Block) -> dict[str, Any]:
    return {name: None for name in block.type[1]}


def imported(block: Block, resource_id: str) -> dict[str, Any]:
    """The state of an imported resource before the read that follows: just its id."""
    state = empty_object(block)
    if "id" in block.attributes:
        state["id"] = resource_id
    return state


# --- data sources -------------------------------------------------------------------------


def read_data(block: Block, type_name: str, config: Any, settings: Settings) -> Any:
    """A data source's state: canned answers for the common ones, placeholders otherwise."""
    config = dict(config or {})
    canned = _canned(type_name, config, settings)
    for name, value in canned.items():
        if name in block.attributes and config.get(name) is None:
            config[name] = value
    planned = _unknown_computed(block, config)
    if "region" in block.attributes and planned.get("region") is UNKNOWN:
        planned["region"] = settings.region
    ctx = settings.context(type_name, _known_top_level(planned))
    return _fill(block, planned, ctx, top=True)


def _canned(type_name: str, config: dict[str, Any], settings: Settings) -> dict[str, Any]:
    account, region = settings.account, settings.region
    if type_name == "aws_caller_identity":
        return {
            "account_id": account,
            "arn": f"arn:aws:iam::{account}:user/offline-provider",
            "user_id": "AIDAOFFLINEPROVIDER00",
            "id": account,
        }
    if type_name == "aws_partition":
        return {
            "partition": "aws",
            "dns_suffix": "amazonaws.com",
            "reverse_dns_prefix": "com.amazonaws",
            "id": "aws",
        }
    if type_name == "aws_region":
        chosen = config.get("region") or config.get("name") or region
        return {
            "region": chosen,
            "name": chosen,
            "id": chosen,
            "endpoint": f"ec2.{chosen}.amazonaws.com",
            "description": chosen,
        }
    if type_name == "aws_availability_zones":
        return {
            "names": [f"{region}{zone}" for zone in "abc"],
            "zone_ids": [f"{region}-az{n}" for n in (1, 2, 3)],
            "group_names": [region],
            "id": region,
        }
    if type_name == "aws_iam_policy_document":
        return dict(policy_document.render(config))
    return {}
