"""aws_iam_policy_document renders JSON the way the AWS provider does."""

from __future__ import annotations

import json
import zlib
from typing import Any

import pytest

from orchestrator.offline_provider.policy_document import PolicyError, render


def statement(**fields: Any) -> dict[str, Any]:
    return {"sid": None, "effect": None, "principals": None, "condition": None, **fields}


def test_a_single_statement_renders_like_the_provider() -> None:
    config = {"statement": [statement(actions=["s3:ListBucket"], resources=["arn:aws:s3:::b"])]}

    assert render(config)["json"] == (
        "{\n"
        '  "Version": "2012-10-17",\n'
        '  "Statement": [\n'
        "    {\n"
        '      "Sid": "",\n'
        '      "Effect": "Allow",\n'
        '      "Action": "s3:ListBucket",\n'
        '      "Resource": "arn:aws:s3:::b"\n'
        "    }\n"
        "  ]\n"
        "}"
    )


def test_minified_json_and_id() -> None:
    rendered = render({"statement": [statement(actions=["s3:GetObject"])]})

    assert rendered["minified_json"] == (
        '{"Version":"2012-10-17","Statement":[{"Sid":"","Effect":"Allow","Action":"s3:GetObject"}]}'
    )
    assert rendered["id"] == str(zlib.crc32(rendered["json"].encode()))


def test_several_values_are_sorted_in_reverse() -> None:
    config = {"statement": [statement(actions=["s3:GetObject", "s3:PutObject", "s3:ListBucket"])]}
    doc = json.loads(render(config)["json"])

    assert doc["Statement"][0]["Action"] == ["s3:PutObject", "s3:ListBucket", "s3:GetObject"]


def test_principals_group_by_type_and_star_collapses() -> None:
    config = {
        "statement": [
            statement(
                actions=["sts:AssumeRole"],
                principals=[
                    {"type": "AWS", "identifiers": ["arn:aws:iam::1:root"]},
                    {"type": "AWS", "identifiers": ["arn:aws:iam::2:root"]},
                    {"type": "Service", "identifiers": ["a.amazonaws.com", "b.amazonaws.com"]},
                ],
            ),
            statement(actions=["s3:GetObject"], principals=[{"type": "*", "identifiers": ["*"]}]),
        ]
    }
    first, second = json.loads(render(config)["json"])["Statement"]

    assert first["Principal"] == {
        "AWS": ["arn:aws:iam::1:root", "arn:aws:iam::2:root"],
        "Service": ["b.amazonaws.com", "a.amazonaws.com"],
    }
    assert second["Principal"] == "*"


def test_conditions_group_by_test_and_variable() -> None:
    config = {
        "statement": [
            statement(
                effect="Deny",
                actions=["s3:*"],
                condition=[
                    {"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]},
                    {"test": "StringEquals", "variable": "aws:SourceAccount", "values": ["1", "2"]},
                ],
            )
        ]
    }
    rendered = json.loads(render(config)["json"])["Statement"][0]

    assert rendered["Effect"] == "Deny"
    assert rendered["Condition"] == {
        "Bool": {"aws:SecureTransport": "false"},
        "StringEquals": {"aws:SourceAccount": ["2", "1"]},
    }


def test_ampersand_variables_become_iam_variables_and_json_is_html_escaped() -> None:
    config = {
        "statement": [
            statement(actions=["s3:GetObject"], resources=["arn:aws:s3:::b/&{aws:username}/*"])
        ]
    }
    text = render(config)["json"]

    assert '"arn:aws:s3:::b/${aws:username}/*"' in text
    config["statement"][0]["resources"] = ["a<b>&c"]
    assert r'"a\u003cb\u003e\u0026c"' in render(config)["json"]


def test_policy_id_and_version() -> None:
    doc = json.loads(render({"policy_id": "p1", "version": "2008-10-17", "statement": []})["json"])
    assert doc == {"Version": "2008-10-17", "Id": "p1"}


def test_sources_come_first_and_overrides_replace_by_sid() -> None:
    source = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:Get*"}],
        }
    )
    override = json.dumps({"Statement": {"Sid": "Own", "Effect": "Deny", "Action": "*"}})
    config = {
        "source_policy_documents": [source],
        "override_policy_documents": [override],
        "statement": [statement(sid="Own", actions=["s3:PutObject"])],
    }
    statements = json.loads(render(config)["json"])["Statement"]

    assert [s["Sid"] for s in statements] == ["Read", "Own"]
    assert statements[1] == {"Sid": "Own", "Effect": "Deny", "Action": "*"}


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            {
                "statement": [
                    statement(sid="A", actions=["a:b"]),
                    statement(sid="A", actions=["c:d"]),
                ]
            },
            "found duplicate sid (A)",
        ),
        ({"source_policy_documents": ["not json"]}, "is not valid JSON"),
        (
            {"version": "2008-10-17", "statement": [statement(resources=["&{aws:username}"])]},
            "not supported in document version 2008-10-17",
        ),
    ],
)
def test_invalid_documents_fail_clearly(config: dict[str, Any], message: str) -> None:
    with pytest.raises(PolicyError, match=message.replace("(", r"\(").replace(")", r"\)")):
        render(config)
