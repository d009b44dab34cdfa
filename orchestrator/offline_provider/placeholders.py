"""Plausible values for what only AWS would know: ARNs, ids, names, timestamps.

Apply has no AWS to ask, so every computed attribute left unknown by the plan gets a value of
the right type and, where the name tells what it is, the right shape (an ARN in the service's
format, an ISO time, a URL). Values derive from the resource's known attributes through a hash,
so applying the same configuration twice gives the same values.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from orchestrator.offline_provider.codec import CtyType, Dynamic, Unknown

DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"


@dataclass(frozen=True)
class Context:
    """Where the imaginary resource lives and what is known about it."""

    type_name: str
    region: str = DEFAULT_REGION
    account: str = DEFAULT_ACCOUNT
    partition: str = "aws"
    known: dict[str, Any] | None = None

    def seed(self, *parts: str) -> str:
        text = repr((self.type_name, sorted((self.known or {}).items(), key=str), parts))
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class ArnFormat:
    service: str
    resource: str  # str.format template over the resource's attributes and `rid`
    regional: bool = True
    with_account: bool = True


# Resource types whose ARN the project's stacks build on or print; others get a generic ARN.
ARN_FORMATS: dict[str, ArnFormat] = {
    "aws_iam_role": ArnFormat("iam", "role{path}{name}", regional=False),
    "aws_iam_policy": ArnFormat("iam", "policy{path}{name}", regional=False),
    "aws_iam_user": ArnFormat("iam", "user{path}{name}", regional=False),
    "aws_iam_group": ArnFormat("iam", "group{path}{name}", regional=False),
    "aws_iam_instance_profile": ArnFormat("iam", "instance-profile{path}{name}", regional=False),
    "aws_iam_openid_connect_provider": ArnFormat("iam", "oidc-provider/{url}", regional=False),
    "aws_s3_bucket": ArnFormat("s3", "{bucket}", regional=False, with_account=False),
    "aws_lambda_function": ArnFormat("lambda", "function:{function_name}"),
    "aws_lambda_layer_version": ArnFormat("lambda", "layer:{layer_name}:{version}"),
    "aws_lambda_alias": ArnFormat("lambda", "function:{function_name}:{name}"),
    "aws_sfn_state_machine": ArnFormat("states", "stateMachine:{name}"),
    "aws_sfn_activity": ArnFormat("states", "activity:{name}"),
    "aws_glue_job": ArnFormat("glue", "job/{name}"),
    "aws_glue_crawler": ArnFormat("glue", "crawler/{name}"),
    "aws_glue_trigger": ArnFormat("glue", "trigger/{name}"),
    "aws_glue_workflow": ArnFormat("glue", "workflow/{name}"),
    "aws_glue_catalog_database": ArnFormat("glue", "database/{name}"),
    "aws_glue_catalog_table": ArnFormat("glue", "table/{database_name}/{name}"),
    "aws_glue_connection": ArnFormat("glue", "connection/{name}"),
    "aws_codepipeline": ArnFormat("codepipeline", "{name}"),
    "aws_codebuild_project": ArnFormat("codebuild", "project/{name}"),
    "aws_codestarconnections_connection": ArnFormat("codestar-connections", "connection/{rid}"),
    "aws_ecs_cluster": ArnFormat("ecs", "cluster/{name}"),
    "aws_ecs_task_definition": ArnFormat("ecs", "task-definition/{family}:{revision}"),
    "aws_ecs_service": ArnFormat("ecs", "service/{name}"),
    "aws_ecr_repository": ArnFormat("ecr", "repository/{name}"),
    "aws_cloudwatch_log_group": ArnFormat("logs", "log-group:{name}"),
    "aws_cloudwatch_event_rule": ArnFormat("events", "rule/{name}"),
    "aws_cloudwatch_event_bus": ArnFormat("events", "event-bus/{name}"),
    "aws_cloudwatch_metric_alarm": ArnFormat("cloudwatch", "alarm:{alarm_name}"),
    "aws_sns_topic": ArnFormat("sns", "{name}"),
    "aws_sqs_queue": ArnFormat("sqs", "{name}"),
    "aws_kms_key": ArnFormat("kms", "key/{rid}"),
    "aws_kms_alias": ArnFormat("kms", "{name}"),
    "aws_dynamodb_table": ArnFormat("dynamodb", "table/{name}"),
    "aws_athena_workgroup": ArnFormat("athena", "workgroup/{name}"),
    "aws_secretsmanager_secret": ArnFormat("secretsmanager", "secret:{name}-{rid6}"),
    "aws_ssm_parameter": ArnFormat("ssm", "parameter/{name}"),
    "aws_kinesis_stream": ArnFormat("kinesis", "stream/{name}"),
    "aws_kinesis_firehose_delivery_stream": ArnFormat("firehose", "deliverystream/{name}"),
    "aws_scheduler_schedule": ArnFormat("scheduler", "schedule/{group_name}/{name}"),
    "aws_batch_job_queue": ArnFormat("batch", "job-queue/{name}"),
    "aws_emrserverless_application": ArnFormat("emr-serverless", "/applications/{rid}"),
}

# Resource types whose `id` is not their name.
_ID_IS_ARN = {
    "aws_sfn_state_machine",
    "aws_sfn_activity",
    "aws_lambda_layer_version",
    "aws_sns_topic",
    "aws_iam_policy",
    "aws_iam_openid_connect_provider",
    "aws_cloudwatch_event_bus",
    "aws_codestarconnections_connection",
}
# Attributes that name the resource, most specific first.
_NAME_ATTRIBUTES = (
    "name",
    "function_name",
    "bucket",
    "family",
    "layer_name",
    "alarm_name",
    "cluster_name",
    "repository_name",
    "table_name",
    "queue_name",
    "role",
)


def _name(ctx: Context) -> str:
    known = ctx.known or {}
    for attribute in _NAME_ATTRIBUTES:
        value = known.get(attribute)
        if isinstance(value, str) and value:
            return value
    prefix = known.get("name_prefix")
    if isinstance(prefix, str) and prefix:
        return prefix + ctx.seed("name")[:26]
    return "terraform-" + ctx.seed("name")[:24]


def _format_fields(ctx: Context) -> dict[str, str]:
    known = {k: v for k, v in (ctx.known or {}).items() if isinstance(v, str | int | float)}
    fields = {key: str(value) for key, value in known.items() if not isinstance(value, bool)}
    fields.setdefault("name", _name(ctx))
    for attribute in _NAME_ATTRIBUTES:
        fields.setdefault(attribute, fields["name"])
    fields.setdefault("path", "/")
    if not fields["path"].endswith("/"):
        fields["path"] += "/"
    fields.setdefault("version", "1")
    fields.setdefault("revision", "1")
    fields.setdefault("group_name", "default")
    fields.setdefault("database_name", "default")
    fields["url"] = fields.get("url", "oidc.example.com").removeprefix("https://")
    rid = ctx.seed("rid")
    fields["rid"] = f"{rid[:8]}-{rid[8:12]}-{rid[12:16]}-{rid[16:20]}-{rid[20:32]}"
    fields["rid6"] = rid[:6]
    return fields


def resource_arn(ctx: Context) -> str:
    """The ARN AWS would give this resource."""
    rest = ctx.type_name.removeprefix("aws_")
    arn_format = ARN_FORMATS.get(ctx.type_name) or ArnFormat(
        rest.split("_")[0], rest.split("_", 1)[-1].replace("_", "-") + "/{name}"
    )
    resource = arn_format.resource.format_map(_format_fields(ctx))
    region = ctx.region if arn_format.regional else ""
    account = ctx.account if arn_format.with_account else ""
    return f"arn:{ctx.partition}:{arn_format.service}:{region}:{account}:{resource}"


def resource_id(ctx: Context) -> str:
    if ctx.type_name == "aws_sqs_queue":
        return f"https://sqs.{ctx.region}.amazonaws.com/{ctx.account}/{_name(ctx)}"
    if ctx.type_name in _ID_IS_ARN:
        return resource_arn(ctx)
    if ctx.type_name == "aws_kms_key":
        return _format_fields(ctx)["rid"]
    known = ctx.known or {}
    if any(isinstance(known.get(a), str) and known.get(a) for a in _NAME_ATTRIBUTES):
        return _name(ctx)
    return ctx.seed("id")[:20]


def string_for(attribute: str, ctx: Context, top_level: bool) -> str:
    """A plausible string for a computed attribute, chosen by its name."""
    if attribute == "arn" and top_level:
        return resource_arn(ctx)
    if attribute == "id" and top_level:
        return resource_id(ctx)
    if attribute == "name" and top_level:
        return _name(ctx)
    if attribute == "layer_arn":
        return resource_arn(ctx).rsplit(":", 1)[0]
    if attribute in ("region",):
        return ctx.region
    if attribute in ("account_id", "owner_id", "owner_account_id"):
        return ctx.account
    if attribute.endswith("arn"):
        base = resource_arn(ctx)
        return f"{base}:{attribute.removesuffix('_arn')}" if attribute != "arn" else base
    if attribute.endswith(("_date", "_time", "created", "_at", "last_modified", "_timestamp")):
        return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if attribute == "url" or attribute.endswith(("_url", "endpoint", "_uri", "domain_name")):
        service = ctx.type_name.removeprefix("aws_").split("_")[0]
        return f"https://{service}.{ctx.region}.amazonaws.com/{_name(ctx)}"
    if attribute in ("version", "latest_version", "revision", "revision_id"):
        return "1"
    if attribute.endswith(("_id", "_hash", "etag", "checksum", "token")):
        return ctx.seed(attribute)[:20]
    return ""


def number_for(attribute: str) -> int:
    return 1 if attribute in ("revision", "version", "latest_version") else 0


def placeholder(cty_type: CtyType, attribute: str, ctx: Context, top_level: bool) -> Any:
    """A known value of cty_type for a computed attribute named `attribute`."""
    kind = cty_type if isinstance(cty_type, str) else cty_type[0]
    if kind == "string":
        return string_for(attribute, ctx, top_level)
    if kind == "number":
        return number_for(attribute)
    if kind == "bool":
        return False
    if kind in ("list", "set", "tuple"):
        return []
    if kind == "map":
        return {}
    if kind == "object":
        return {
            name: placeholder(sub, name, ctx, top_level=False) for name, sub in cty_type[1].items()
        }
    return Dynamic("string", string_for(attribute, ctx, top_level))


def fill_unknowns(value: Any, cty_type: CtyType, attribute: str, ctx: Context) -> Any:
    """Replace every unknown inside a nested value with a placeholder of its type."""
    if isinstance(value, Unknown):
        return placeholder(cty_type, attribute, ctx, top_level=False)
    if value is None or isinstance(cty_type, str):
        return value
    kind = cty_type[0]
    if kind in ("list", "set"):
        return [fill_unknowns(item, cty_type[1], attribute, ctx) for item in value]
    if kind == "map":
        return {k: fill_unknowns(item, cty_type[1], attribute, ctx) for k, item in value.items()}
    if kind == "object":
        return {n: fill_unknowns(value.get(n), sub, n, ctx) for n, sub in cty_type[1].items()}
    if kind == "tuple":
        return [
            fill_unknowns(item, sub, attribute, ctx)
            for item, sub in zip(value, cty_type[1], strict=True)
        ]
    return value
