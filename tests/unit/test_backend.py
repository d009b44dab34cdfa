from __future__ import annotations

from orchestrator.backend import (
    TLS_ONLY_SID,
    backend_settings,
    merged_policy,
    render_backend_hcl,
    workspace_state_key,
)
from orchestrator.config import Stage

OURS = {"Sid": TLS_ONLY_SID, "Effect": "Deny", "Action": "s3:*"}
THEIRS = {"Sid": "NextStageReadsLedgerAndArtifacts", "Effect": "Allow", "Action": "s3:GetObject"}


def test_a_new_policy_holds_only_our_statement() -> None:
    assert merged_policy(None, OURS) == {"Version": "2012-10-17", "Statement": [OURS]}


def test_bootstrapping_again_keeps_statements_of_others() -> None:
    existing = {"Version": "2012-10-17", "Statement": [{**OURS, "Effect": "old"}, THEIRS]}
    assert merged_policy(existing, OURS)["Statement"] == [OURS, THEIRS]
    single = {"Version": "2012-10-17", "Statement": THEIRS}  # a lone statement, not a list
    assert merged_policy(single, OURS)["Statement"] == [OURS, THEIRS]


def test_backend_settings_for_aws_and_a_local_endpoint() -> None:
    stage = Stage(name="dev", region="eu-west-1", state_bucket="acme-tfstate-dev")
    real = backend_settings(stage, "sample", None)
    assert real == {
        "bucket": "acme-tfstate-dev",
        "key": "sample/terraform.tfstate",
        "region": "eu-west-1",
        "encrypt": True,
        "use_lockfile": True,
        "workspace_key_prefix": "workspaces",
    }
    local = backend_settings(stage, "sample", "http://127.0.0.1:5000")
    assert local["use_path_style"] is True and local["endpoints"]["s3"] == "http://127.0.0.1:5000"
    assert local["skip_credentials_validation"] is True
    assert 'endpoints = { s3 = "http://127.0.0.1:5000", sts = "http://127.0.0.1:5000" }' in (
        render_backend_hcl(local)
    )
    assert "use_lockfile = true" in render_backend_hcl(real)
    assert workspace_state_key("sample", "ws") == "workspaces/ws/sample/terraform.tfstate"
