"""The feature-workspace registry: who owns a workspace name, and when it was last used.

One small JSON object per workspace in the feature stage's state bucket. It makes name
collisions loud (a second branch cannot take a name another branch owns) and gives `list` and
`prune` the branch behind each workspace.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from orchestrator.backend import REGISTRY_PREFIX
from orchestrator.errors import OrchError


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class WorkspaceRecord:
    workspace: str
    branch: str
    stage: str
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)
    # stack -> {"last_apply": iso time, "resources": count}
    stacks: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def last_activity(self) -> datetime:
        return datetime.fromisoformat(self.updated_at)


class Registry:
    def __init__(self, s3: Any, bucket: str) -> None:
        self.s3 = s3
        self.bucket = bucket

    def _key(self, workspace: str) -> str:
        return f"{REGISTRY_PREFIX}{workspace}.json"

    def get(self, workspace: str) -> WorkspaceRecord | None:
        from botocore.exceptions import ClientError

        try:
            body = self.s3.get_object(Bucket=self.bucket, Key=self._key(workspace))["Body"]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                return None
            raise
        return WorkspaceRecord(**json.loads(body.read()))

    def claim(self, workspace: str, branch: str, stage: str) -> WorkspaceRecord:
        """Record that `branch` owns `workspace`; refuse if another branch does."""
        from botocore.exceptions import ClientError

        record = WorkspaceRecord(workspace=workspace, branch=branch, stage=stage)
        try:
            self.s3.put_object(
                Bucket=self.bucket,
                Key=self._key(workspace),
                Body=json.dumps(asdict(record)).encode(),
                ContentType="application/json",
                IfNoneMatch="*",
            )
            return record
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") not in ("PreconditionFailed", "412"):
                raise
        existing = self.get(workspace)
        if existing is None:  # deleted in between: claim again
            return self.claim(workspace, branch, stage)
        if existing.branch != branch:
            raise OrchError(
                f"the workspace name {workspace!r} already belongs to branch {existing.branch!r}, "
                f"so branch {branch!r} cannot use it: rename one branch (for example add a word "
                "to its title), or tear the other workspace down first"
            )
        return existing

    def put(self, record: WorkspaceRecord) -> None:
        record.updated_at = now_iso()
        self.s3.put_object(
            Bucket=self.bucket,
            Key=self._key(record.workspace),
            Body=json.dumps(asdict(record)).encode(),
            ContentType="application/json",
        )

    def delete(self, workspace: str) -> None:
        self.s3.delete_object(Bucket=self.bucket, Key=self._key(workspace))

    def all(self) -> list[WorkspaceRecord]:
        records = []
        paginator = self.s3.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=REGISTRY_PREFIX):
            for item in page.get("Contents", []):
                workspace = item["Key"][len(REGISTRY_PREFIX) :].removesuffix(".json")
                record = self.get(workspace)
                if record is not None:
                    records.append(record)
        return records
