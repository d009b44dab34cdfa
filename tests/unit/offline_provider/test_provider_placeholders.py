"""Placeholder values: ARNs in each service's format, ids, and values of the right type."""

from __future__ import annotations

from typing import Any

import pytest

from orchestrator.offline_provider.codec import UNKNOWN
from orchestrator.offline_provider.placeholders import (
    Context,
    fill_unknowns,
    placeholder,
    resource_arn,
    resource_id,
)


def ctx(type_name: str, **known: Any) -> Context:
    return Context(type_name, region="eu-west-1", account="111122223333", known=known)


@pytest.mark.parametrize(
    ("type_name", "known", "arn"),
    [
        ("aws_iam_role", {"name": "r"}, "arn:aws:iam::111122223333:role/r"),
        ("aws_iam_role", {"name": "r", "path": "/svc/"}, "arn:aws:iam::111122223333:role/svc/r"),
        ("aws_s3_bucket", {"bucket": "b"}, "arn:aws:s3:::b"),
        (
            "aws_lambda_function",
            {"function_name": "f"},
            "arn:aws:lambda:eu-west-1:111122223333:function:f",
        ),
        (
            "aws_sfn_state_machine",
            {"name": "m"},
            "arn:aws:states:eu-west-1:111122223333:stateMachine:m",
        ),
        ("aws_glue_job", {"name": "j"}, "arn:aws:glue:eu-west-1:111122223333:job/j"),
        (
            "aws_cloudwatch_log_group",
            {"name": "/aws/x"},
            "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/x",
        ),
        (
            "aws_ecs_task_definition",
            {"family": "t"},
            "arn:aws:ecs:eu-west-1:111122223333:task-definition/t:1",
        ),
        (
            "aws_athena_workgroup",
            {"name": "w"},
            "arn:aws:athena:eu-west-1:111122223333:workgroup/w",
        ),
        # Types without an entry get the service from the type name.
        (
            "aws_glue_registry",
            {"registry_name": "x", "name": "x"},
            "arn:aws:glue:eu-west-1:111122223333:registry/x",
        ),
    ],
)
def test_arns_follow_each_service_format(type_name: str, known: dict[str, Any], arn: str) -> None:
    assert resource_arn(ctx(type_name, **known)) == arn


def test_ids_are_names_or_arns_as_aws_makes_them() -> None:
    assert resource_id(ctx("aws_iam_role", name="r")) == "r"
    assert resource_id(ctx("aws_sfn_state_machine", name="m")).startswith("arn:aws:states:")
    assert resource_id(ctx("aws_sqs_queue", name="q")) == (
        "https://sqs.eu-west-1.amazonaws.com/111122223333/q"
    )


def test_values_are_deterministic_for_the_same_resource() -> None:
    first = placeholder("string", "name", ctx("aws_iam_role", name_prefix="svc-"), True)
    second = placeholder("string", "name", ctx("aws_iam_role", name_prefix="svc-"), True)

    assert first == second
    assert first.startswith("svc-") and len(first) == len("svc-") + 26


@pytest.mark.parametrize(
    ("cty_type", "attribute", "expected"),
    [
        ("number", "revision", 1),
        ("number", "size", 0),
        ("bool", "enabled", False),
        (["list", "string"], "names", []),
        (["map", "string"], "tags_all", {}),
        ("string", "account_id", "111122223333"),
        ("string", "description", ""),
    ],
)
def test_placeholders_have_the_right_type(cty_type: Any, attribute: str, expected: Any) -> None:
    assert placeholder(cty_type, attribute, ctx("aws_glue_job", name="j"), False) == expected


def test_time_and_url_shapes() -> None:
    created = placeholder("string", "creation_date", ctx("aws_glue_job", name="j"), False)
    url = placeholder("string", "invoke_url", ctx("aws_api_gateway_stage", name="s"), False)

    assert created.endswith("Z") and "T" in created
    assert url.startswith("https://api.eu-west-1.amazonaws.com/")


def test_fill_unknowns_keeps_known_values() -> None:
    cty_type = ["list", ["object", {"a": "string", "b": "number"}]]
    value = [{"a": "known", "b": UNKNOWN}]

    assert fill_unknowns(value, cty_type, "items", ctx("aws_glue_job")) == [{"a": "known", "b": 0}]
