"""Small helpers shared by test modules."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from typing import Any

OrchRunner = Callable[..., subprocess.CompletedProcess[str]]
ORCH = [sys.executable, "-m", "orchestrator"]


def keys(s3: Any, bucket: str, prefix: str = "") -> list[str]:
    response = s3.list_objects_v2(Bucket=bucket, Prefix=prefix)
    return sorted(item["Key"] for item in response.get("Contents", []))


def local_client(endpoint: str, service: str, region: str = "eu-west-1") -> Any:
    """A boto3 client for the embedded AWS (the moto server at `endpoint`)."""
    import boto3

    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
