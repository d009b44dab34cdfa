"""Value checks that live in the AWS provider's code, not in its schema: allowed enum values.

Each rule names a resource (or data source) type, the path of an argument inside it (through
nested blocks), and the values AWS accepts. A value outside the set fails `terraform validate`
with the provider's own wording: `expected level to be one of ["ALL" "ERROR" ...], got INFO`.
Unknown values (known only after apply) are not checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from orchestrator.offline_provider.codec import Unknown


@dataclass(frozen=True)
class EnumRule:
    kind: str  # "resource" or "data"
    type_name: str
    path: tuple[str, ...]  # attribute names, through blocks and into set/list elements
    allowed: tuple[str | int, ...]

    @property
    def argument(self) -> str:
        return self.path[-1]

    def message(self, got: object) -> str:
        quoted = " ".join(f'"{v}"' if isinstance(v, str) else str(v) for v in self.allowed)
        return f"expected {self.argument} to be one of [{quoted}], got {got}"


def _r(type_name: str, path: str, *allowed: str | int, kind: str = "resource") -> EnumRule:
    return EnumRule(kind, type_name, tuple(path.split(".")), allowed)


_LOG_RETENTION_DAYS: tuple[int, ...] = (0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400)
_LOG_RETENTION_DAYS += (545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)

RULES: tuple[EnumRule, ...] = (
    # Step Functions
    _r("aws_sfn_state_machine", "type", "STANDARD", "EXPRESS"),
    _r("aws_sfn_state_machine", "logging_configuration.level", "ALL", "ERROR", "FATAL", "OFF"),
    # Glue
    _r(
        "aws_glue_job",
        "worker_type",
        "Standard",
        "G.1X",
        "G.2X",
        "G.025X",
        "G.4X",
        "G.8X",
        "G.12X",
        "G.16X",
        "R.1X",
        "R.2X",
        "R.4X",
        "R.8X",
        "Z.2X",
    ),
    _r("aws_glue_job", "glue_version", "0.9", "1.0", "2.0", "3.0", "4.0", "5.0"),
    _r("aws_glue_job", "execution_class", "FLEX", "STANDARD"),
    _r("aws_glue_job", "command.name", "glueetl", "gluestreaming", "pythonshell", "glueray"),
    _r("aws_glue_trigger", "type", "CONDITIONAL", "EVENT", "ON_DEMAND", "SCHEDULED"),
    _r(
        "aws_glue_crawler",
        "recrawl_policy.recrawl_behavior",
        "CRAWL_EVERYTHING",
        "CRAWL_NEW_FOLDERS_ONLY",
        "CRAWL_EVENT_MODE",
    ),
    # ECS
    _r("aws_ecs_task_definition", "network_mode", "bridge", "host", "awsvpc", "none"),
    _r(
        "aws_ecs_task_definition",
        "requires_compatibilities",
        "EC2",
        "FARGATE",
        "EXTERNAL",
        "MANAGED_INSTANCES",
    ),
    _r("aws_ecs_task_definition", "runtime_platform.cpu_architecture", "X86_64", "ARM64"),
    _r("aws_ecs_service", "launch_type", "EC2", "FARGATE", "EXTERNAL"),
    _r("aws_ecs_service", "scheduling_strategy", "REPLICA", "DAEMON"),
    # CodePipeline
    _r("aws_codepipeline", "pipeline_type", "V1", "V2"),
    _r("aws_codepipeline", "execution_mode", "QUEUED", "SUPERSEDED", "PARALLEL"),
    _r("aws_codepipeline", "artifact_store.type", "S3"),
    _r(
        "aws_codepipeline",
        "stage.action.category",
        "Source",
        "Build",
        "Deploy",
        "Test",
        "Invoke",
        "Approval",
        "Compute",
    ),
    _r("aws_codepipeline", "stage.action.owner", "AWS", "ThirdParty", "Custom"),
    # Lambda
    _r("aws_lambda_function", "package_type", "Zip", "Image"),
    _r("aws_lambda_function", "architectures", "x86_64", "arm64"),
    _r("aws_lambda_function", "logging_config.log_format", "Text", "JSON"),
    _r(
        "aws_lambda_function",
        "logging_config.application_log_level",
        "TRACE",
        "DEBUG",
        "INFO",
        "WARN",
        "ERROR",
        "FATAL",
    ),
    _r("aws_lambda_function", "logging_config.system_log_level", "DEBUG", "INFO", "WARN"),
    _r("aws_lambda_function", "tracing_config.mode", "Active", "PassThrough"),
    _r("aws_lambda_layer_version", "compatible_architectures", "x86_64", "arm64"),
    # Logs
    _r("aws_cloudwatch_log_group", "retention_in_days", *_LOG_RETENTION_DAYS),
    _r("aws_cloudwatch_log_group", "log_group_class", "STANDARD", "INFREQUENT_ACCESS", "DELIVERY"),
    # S3, DynamoDB, KMS
    _r(
        "aws_s3_bucket_versioning",
        "versioning_configuration.status",
        "Enabled",
        "Suspended",
        "Disabled",
    ),
    _r(
        "aws_s3_bucket_server_side_encryption_configuration",
        "rule.apply_server_side_encryption_by_default.sse_algorithm",
        "AES256",
        "aws:kms",
        "aws:kms:dsse",
    ),
    _r("aws_dynamodb_table", "billing_mode", "PROVISIONED", "PAY_PER_REQUEST"),
    _r(
        "aws_kms_key",
        "key_usage",
        "ENCRYPT_DECRYPT",
        "SIGN_VERIFY",
        "GENERATE_VERIFY_MAC",
        "KEY_AGREEMENT",
    ),
    # IAM
    _r("aws_iam_policy_document", "statement.effect", "Allow", "Deny", kind="data"),
)

_BY_TYPE: dict[tuple[str, str], list[EnumRule]] = {}
for _rule in RULES:
    _BY_TYPE.setdefault((_rule.kind, _rule.type_name), []).append(_rule)


@dataclass(frozen=True)
class Violation:
    rule: EnumRule
    steps: tuple[str | int, ...]  # attribute names and list indexes, for the diagnostic's path
    got: object

    @property
    def message(self) -> str:
        return self.rule.message(self.got)


def _walk(
    value: Any, path: tuple[str, ...], steps: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Every value at `path` inside value, with the steps that reach it."""
    if value is None or isinstance(value, Unknown):
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, path, (*steps, index))
        return
    if not path:
        yield steps, value
        return
    if isinstance(value, dict):
        yield from _walk(value.get(path[0]), path[1:], (*steps, path[0]))


def check(kind: str, type_name: str, config: Any) -> list[Violation]:
    """The enum violations in one resource or data source configuration."""
    found = []
    for rule in _BY_TYPE.get((kind, type_name), []):
        for steps, got in _walk(config, rule.path, ()):
            if got not in rule.allowed or isinstance(got, bool):
                found.append(Violation(rule, steps, got))
    return found
