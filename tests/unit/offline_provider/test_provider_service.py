"""The RPC handlers called directly (no gRPC): what Terraform sends, what comes back."""

from __future__ import annotations

import json
from typing import Any

import pytest

from orchestrator.offline_provider.codec import UNKNOWN, decode, encode
from orchestrator.offline_provider.schema import DEFAULT_SCHEMA_FILE, schema_bytes
from orchestrator.offline_provider.service import ProviderService, attribute_path
from orchestrator.offline_provider.tfplugin6 import tfplugin6_pb2 as pb


@pytest.fixture(scope="module")
def service() -> ProviderService:
    return ProviderService(lambda: schema_bytes(DEFAULT_SCHEMA_FILE))


def dynamic(
    service: ProviderService, type_name: str, value: Any, kind: str = "resource"
) -> pb.DynamicValue:
    block = service.schema.block(kind, type_name)
    assert block is not None
    full = {name: None for name in block.type[1]}
    full.update(value)
    return pb.DynamicValue(msgpack=encode(full, block.type))


def steps(path: pb.AttributePath) -> list[Any]:
    return [s.attribute_name or s.element_key_int for s in path.steps]


def test_paths_index_lists_and_stop_at_sets(service: ProviderService) -> None:
    pipeline = service.schema.block("resource", "aws_codepipeline")
    assert pipeline is not None

    assert steps(attribute_path(pipeline, ["stage", 1, "action", 0, "category"])) == [
        "stage",
        1,
        "action",
        0,
        "category",
    ]
    assert steps(attribute_path(pipeline, ["artifact_store", 0, "type"])) == ["artifact_store"]


def test_validate_reports_enum_violations_with_paths(service: ProviderService) -> None:
    request = pb.ValidateResourceConfig.Request(
        type_name="aws_sfn_state_machine",
        config=dynamic(
            service,
            "aws_sfn_state_machine",
            {"type": "BAD", "logging_configuration": [{"level": "ALL"}]},
        ),
    )
    response = service.ValidateResourceConfig(request, None)

    assert [d.summary for d in response.diagnostics] == [
        'expected type to be one of ["STANDARD" "EXPRESS"], got BAD'
    ]
    assert steps(response.diagnostics[0].attribute) == ["type"]


def test_plan_then_apply_then_read(service: ProviderService) -> None:
    block = service.schema.block("resource", "aws_glue_job")
    assert block is not None
    config = dynamic(
        service,
        "aws_glue_job",
        {
            "name": "j",
            "role_arn": "arn:r",
            "command": [
                {"script_location": "s3://x", "name": None, "python_version": None, "runtime": None}
            ],
        },
    )

    plan = service.PlanResourceChange(
        pb.PlanResourceChange.Request(
            type_name="aws_glue_job", proposed_new_state=config, config=config, prior_private=b"p"
        ),
        None,
    )
    planned = decode(plan.planned_state.msgpack, block.type)
    apply = service.ApplyResourceChange(
        pb.ApplyResourceChange.Request(
            type_name="aws_glue_job",
            planned_state=plan.planned_state,
            planned_private=plan.planned_private,
        ),
        None,
    )
    state = decode(apply.new_state.msgpack, block.type)
    read = service.ReadResource(
        pb.ReadResource.Request(
            type_name="aws_glue_job", current_state=apply.new_state, private=apply.private
        ),
        None,
    )

    assert planned["arn"] == UNKNOWN and plan.planned_private == b"p"
    assert state["arn"].startswith("arn:aws:glue:") and state["arn"].endswith(":job/j")
    assert read.new_state.msgpack == apply.new_state.msgpack
    assert read.private == b"p"


def test_upgrade_state_conforms_json_state_to_the_schema(service: ProviderService) -> None:
    block = service.schema.block("resource", "aws_iam_role")
    assert block is not None
    raw = pb.RawState(json=json.dumps({"name": "r", "arn": "arn:x", "no_longer_there": 1}).encode())

    response = service.UpgradeResourceState(
        pb.UpgradeResourceState.Request(type_name="aws_iam_role", raw_state=raw), None
    )
    state = decode(response.upgraded_state.msgpack, block.type)

    assert state["name"] == "r" and state["arn"] == "arn:x" and state["tags"] is None
    assert "no_longer_there" not in state


def test_import_returns_the_id(service: ProviderService) -> None:
    response = service.ImportResourceState(
        pb.ImportResourceState.Request(type_name="aws_iam_role", id="r"), None
    )
    block = service.schema.block("resource", "aws_iam_role")
    assert block is not None

    assert decode(response.imported_resources[0].state.msgpack, block.type)["id"] == "r"


def test_a_failing_handler_becomes_an_error_diagnostic(service: ProviderService) -> None:
    response = service.PlanResourceChange(
        pb.PlanResourceChange.Request(type_name="aws_not_a_type"), None
    )

    assert response.diagnostics[0].severity == pb.Diagnostic.ERROR
    assert "aws_not_a_type is not a resource type" in response.diagnostics[0].summary


def test_a_bad_policy_document_is_an_error_not_a_crash(service: ProviderService) -> None:
    statement = {
        "sid": "A",
        "actions": ["a:b"],
        "effect": None,
        "not_actions": None,
        "resources": None,
        "not_resources": None,
        "principals": None,
        "not_principals": None,
        "condition": None,
    }
    config = dynamic(
        service, "aws_iam_policy_document", {"statement": [statement, statement]}, kind="data"
    )

    response = service.ReadDataSource(
        pb.ReadDataSource.Request(type_name="aws_iam_policy_document", config=config), None
    )

    assert "found duplicate sid (A)" in response.diagnostics[0].summary


def test_configure_sets_region_for_later_calls(service: ProviderService) -> None:
    provider = service.schema.provider
    full = {name: None for name in provider.type[1]}
    full["region"] = "ap-southeast-2"
    service.ConfigureProvider(
        pb.ConfigureProvider.Request(config=pb.DynamicValue(msgpack=encode(full, provider.type))),
        None,
    )

    assert service.settings.region == "ap-southeast-2"


def test_metadata_lists_every_type(service: ProviderService) -> None:
    response = service.GetMetadata(pb.GetMetadata.Request(), None)
    assert len(response.resources) == 1657 and len(response.data_sources) == 662
    assert response.server_capabilities.get_provider_schema_optional
