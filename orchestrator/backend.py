"""The S3 state backend: one bucket per stage, S3-native locking, feature workspaces by prefix."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from orchestrator.config import Stage
from orchestrator.errors import OrchError

WORKSPACE_KEY_PREFIX = "workspaces"
REGISTRY_PREFIX = "orch/workspaces/"
# Old state versions of feature workspaces are history nobody reads once a branch is gone.
NONCURRENT_STATE_DAYS = 90


def state_key(stack: str) -> str:
    return f"{stack}/terraform.tfstate"


def workspace_state_key(stack: str, workspace: str) -> str:
    """Where the S3 backend keeps a non-default workspace's state."""
    return f"{WORKSPACE_KEY_PREFIX}/{workspace}/{state_key(stack)}"


def backend_settings(stage: Stage, stack: str, endpoint_url: str | None) -> dict[str, Any]:
    """The backend's partial configuration (no credentials: those come from the environment)."""
    settings: dict[str, Any] = {
        "bucket": stage.state_bucket,
        "key": state_key(stack),
        "region": stage.region,
        "encrypt": True,
        "use_lockfile": True,
        "workspace_key_prefix": WORKSPACE_KEY_PREFIX,
    }
    if endpoint_url:
        # A local endpoint serves buckets by path and has no real STS or instance metadata.
        settings.update(
            endpoints={"s3": endpoint_url, "sts": endpoint_url},
            use_path_style=True,
            skip_credentials_validation=True,
            skip_requesting_account_id=True,
            skip_metadata_api_check=True,
            skip_region_validation=True,
        )
    return settings


def render_backend_hcl(settings: dict[str, Any]) -> str:
    """A -backend-config file: HCL attributes, values written as JSON literals."""
    lines = []
    for key, value in settings.items():
        if isinstance(value, dict):
            inner = ", ".join(f"{k} = {json.dumps(v)}" for k, v in value.items())
            lines.append(f"{key} = {{ {inner} }}")
        else:
            lines.append(f"{key} = {json.dumps(value)}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class BootstrapResult:
    bucket: str
    created: bool


def bootstrap_state_bucket(
    s3: Any, stage: Stage, project: str, *, tls_only: bool = True
) -> BootstrapResult:
    """Create the stage's state bucket if needed and (re)apply its protections. Idempotent.

    `tls_only` adds a policy denying plain-HTTP access; it is off only for a plain-http local
    endpoint, which that policy would lock out.
    """
    from botocore.exceptions import ClientError

    bucket = stage.state_bucket
    created = False
    try:
        s3.head_bucket(Bucket=bucket)
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        if code in ("403", "AccessDenied", "Forbidden"):
            raise OrchError(
                f"the state bucket {bucket!r} exists but this identity cannot use it (403): "
                "S3 bucket names are global, so choose another state_bucket for stage "
                f"{stage.name!r}, or fix the bucket policy"
            ) from None
        if code not in ("404", "NoSuchBucket", "NotFound"):
            raise
        params: dict[str, Any] = {"Bucket": bucket}
        if stage.region != "us-east-1":
            params["CreateBucketConfiguration"] = {"LocationConstraint": stage.region}
        s3.create_bucket(**params)
        created = True
    _protect(s3, bucket, project, stage.name, tls_only)
    return BootstrapResult(bucket, created)


def _protect(s3: Any, bucket: str, project: str, stage: str, tls_only: bool) -> None:
    s3.put_public_access_block(
        Bucket=bucket,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_encryption(
        Bucket=bucket,
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                    "BucketKeyEnabled": True,
                }
            ]
        },
    )
    if tls_only:
        policy = merged_policy(_existing_policy(s3, bucket), _tls_only_statement(bucket))
        s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
    s3.put_bucket_lifecycle_configuration(
        Bucket=bucket,
        LifecycleConfiguration={
            "Rules": [
                {
                    "ID": "expire-old-feature-workspace-state",
                    "Status": "Enabled",
                    "Filter": {"Prefix": f"{WORKSPACE_KEY_PREFIX}/"},
                    "NoncurrentVersionExpiration": {"NoncurrentDays": NONCURRENT_STATE_DAYS},
                }
            ]
        },
    )
    s3.put_bucket_tagging(
        Bucket=bucket,
        Tagging={
            "TagSet": [
                {"Key": "project", "Value": project},
                {"Key": "stage", "Value": stage},
                {"Key": "managed-by", "Value": "orch"},
            ]
        },
    )


TLS_ONLY_SID = "DenyInsecureTransport"


def merged_policy(existing: dict[str, Any] | None, statement: dict[str, Any]) -> dict[str, Any]:
    """The bucket policy with orch's statement put in (by Sid) and everyone else's kept.

    Teams add statements of their own (the next stage reading the ledger): bootstrapping again
    must not drop them.
    """
    policy = dict(existing or {"Version": "2012-10-17", "Statement": []})
    statements = policy.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    others = [item for item in statements if item.get("Sid") != statement["Sid"]]
    policy["Statement"] = [statement, *others]
    return policy


def _existing_policy(s3: Any, bucket: str) -> dict[str, Any] | None:
    from botocore.exceptions import ClientError

    try:
        return dict(json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"]))
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") == "NoSuchBucketPolicy":
            return None
        raise


def _tls_only_statement(bucket: str) -> dict[str, Any]:
    return {
        "Sid": TLS_ONLY_SID,
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
