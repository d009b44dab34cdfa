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
