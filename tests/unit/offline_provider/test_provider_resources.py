"""Plan and apply on values: unknown computed attributes, placeholders, no-op re-plans."""

from __future__ import annotations

from typing import Any

from orchestrator.offline_provider import resources
from orchestrator.offline_provider.codec import UNKNOWN, is_known
from orchestrator.offline_provider.schema import ProviderSchema, schema_bytes, schema_file

SCHEMA = ProviderSchema(schema_bytes(schema_file()))
SETTINGS = resources.Settings(
    region="eu-west-1", account="111122223333", default_tags={"team": "data"}
)


def block(type_name: str, kind: str = "resource") -> Any:
    found = SCHEMA.block(kind, type_name)
    assert found is not None
    return found


def config(type_name: str, **values: Any) -> dict[str, Any]:
    empty = resources.empty_object(block(type_name))
    return {**empty, **values}


def test_create_plan_makes_null_computed_attributes_unknown_and_keeps_the_rest() -> None:
    role = config("aws_iam_role", name="r", assume_role_policy="{}", tags={"a": "1"})
    planned = resources.plan(block("aws_iam_role"), "aws_iam_role", role, role, SETTINGS)

    assert planned is not None
    assert planned["arn"] is UNKNOWN and planned["id"] is UNKNOWN
    assert planned["name"] == "r" and planned["assume_role_policy"] == "{}"
    assert planned["description"] is None  # optional, not computed: stays null
    assert planned["tags_all"] == {"team": "data", "a": "1"}  # computed at plan time


def test_region_is_known_at_plan_time() -> None:
    job = config("aws_glue_job", name="j", role_arn="arn", command=[{"script_location": "s3://x"}])
    planned = resources.plan(block("aws_glue_job"), "aws_glue_job", job, job, SETTINGS)

    assert planned is not None and planned["region"] == "eu-west-1"
    # Computed attributes inside blocks become unknown too.
    assert planned["command"][0]["python_version"] is UNKNOWN


def test_apply_keeps_every_planned_value_and_fills_the_unknowns() -> None:
    role = config("aws_iam_role", name="r", assume_role_policy="{}")
    planned = resources.plan(block("aws_iam_role"), "aws_iam_role", role, role, SETTINGS)
    state = resources.apply(block("aws_iam_role"), "aws_iam_role", planned, SETTINGS)

    assert is_known(state)
    assert state["arn"] == "arn:aws:iam::111122223333:role/r"
    assert state["id"] == "r"
    assert state["unique_id"] != ""
    assert {k: v for k, v in state.items() if planned[k] is not UNKNOWN} == {
        k: v for k, v in planned.items() if v is not UNKNOWN
    }


def test_a_second_plan_after_apply_changes_nothing() -> None:
    role = config("aws_iam_role", name="r", assume_role_policy="{}")
    rblock = block("aws_iam_role")
    state = resources.apply(
        rblock,
        "aws_iam_role",
        resources.plan(rblock, "aws_iam_role", role, role, SETTINGS),
        SETTINGS,
    )
    # Terraform proposes the prior values for computed attributes the config leaves null.
    proposed = {k: (state[k] if role[k] is None else role[k]) for k in role}

    assert resources.plan(rblock, "aws_iam_role", proposed, role, SETTINGS) == state


def test_changed_tags_recompute_tags_all() -> None:
    role = config(
        "aws_iam_role", name="r", assume_role_policy="{}", tags_all={"old": "x"}, tags={"new": "y"}
    )
    planned = resources.plan(
        block("aws_iam_role"), "aws_iam_role", role, {**role, "tags_all": None}, SETTINGS
    )

    assert planned is not None and planned["tags_all"] == {"team": "data", "new": "y"}


def test_unknown_tags_make_tags_all_unknown() -> None:
    role = config("aws_iam_role", name="r", assume_role_policy="{}", tags=UNKNOWN)
    planned = resources.plan(block("aws_iam_role"), "aws_iam_role", role, role, SETTINGS)

    assert planned is not None and planned["tags_all"] is UNKNOWN


def test_destroy_plans_and_applies_null() -> None:
    assert resources.plan(block("aws_iam_role"), "aws_iam_role", None, None, SETTINGS) is None
    assert resources.apply(block("aws_iam_role"), "aws_iam_role", None, SETTINGS) is None


def test_canned_data_sources() -> None:
    identity = resources.read_data(
        block("aws_caller_identity", "data"),
        "aws_caller_identity",
        config_data("aws_caller_identity"),
        SETTINGS,
    )
    region = resources.read_data(
        block("aws_region", "data"), "aws_region", config_data("aws_region"), SETTINGS
    )
    partition = resources.read_data(
        block("aws_partition", "data"), "aws_partition", config_data("aws_partition"), SETTINGS
    )

    assert identity["account_id"] == "111122223333"
    assert region["region"] == "eu-west-1"
    assert partition["dns_suffix"] == "amazonaws.com"


def test_the_policy_document_data_source_renders_json() -> None:
    doc_block = block("aws_iam_policy_document", "data")
    statement = {name: None for name in doc_block.block_types["statement"].block.type[1]}
    statement["actions"] = ["s3:GetObject"]
    state = resources.read_data(
        doc_block,
        "aws_iam_policy_document",
        config_data("aws_iam_policy_document", statement=[statement]),
        SETTINGS,
    )

    assert '"Action": "s3:GetObject"' in state["json"]
    assert state["id"].isdigit()


def test_other_data_sources_get_placeholders_for_computed_attributes() -> None:
    bucket = resources.read_data(
        block("aws_s3_bucket", "data"),
        "aws_s3_bucket",
        config_data("aws_s3_bucket", bucket="b"),
        SETTINGS,
    )

    assert bucket["arn"] == "arn:aws:s3:::b"
    assert is_known(bucket)


def test_settings_come_from_the_provider_block_then_the_environment() -> None:
    from_block = resources.Settings.from_config(
        {
            "region": "ap-south-1",
            "allowed_account_ids": ["999"],
            "default_tags": [{"tags": {"a": "b"}}],
        },
        {"AWS_REGION": "us-west-2"},
    )
    from_env = resources.Settings.from_config({"region": None}, {"AWS_DEFAULT_REGION": "us-west-2"})

    assert (from_block.region, from_block.account, from_block.default_tags) == (
        "ap-south-1",
        "999",
        {"a": "b"},
    )
    assert from_env.region == "us-west-2"


def test_imported_state_holds_the_id() -> None:
    state = resources.imported(block("aws_iam_role"), "my-role")
    assert state["id"] == "my-role" and state["arn"] is None


def config_data(type_name: str, **values: Any) -> dict[str, Any]:
    return {**resources.empty_object(block(type_name, "data")), **values}
