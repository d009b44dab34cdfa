"""Saved plans: the plan file (it holds variable values, so SSE-KMS encrypted in the stage's
bucket), what it was made from (commit, state version, layer hashes), and a summary of the
changes that names resources and actions only, never values.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from orchestrator.errors import OrchError

PLAN_PREFIX = "orch/plans/"
_ACTION_NAMES = {
    ("create",): "create",
    ("update",): "update",
    ("delete",): "destroy",
    ("delete", "create"): "replace",
    ("create", "delete"): "replace",
    ("read",): "read",
}


def new_plan_id(stage: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{stage}-{stamp}-{secrets.token_hex(3)}"


@dataclass
class StackPlan:
    stack: str
    plan_sha256: str
    state: dict[str, Any]  # the state object's version when the plan was made
    summary: dict[str, Any]
    layer_hashes: dict[str, str] = field(default_factory=dict)


@dataclass
class SavedPlan:
    plan_id: str
    stage: str
    commit: str
    dirty: bool
    actor: str
    created_at: str
    stacks: dict[str, StackPlan] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SavedPlan:
        stacks = {name: StackPlan(**item) for name, item in data.pop("stacks").items()}
        return cls(**data, stacks=stacks)


def summarize(show: dict[str, Any]) -> dict[str, Any]:
    """Counts and a list of (address, action) from `terraform show -json PLAN`: no values."""
    counts = {"create": 0, "update": 0, "destroy": 0, "replace": 0}
    changes = []
    for change in show.get("resource_changes", []):
        actions = tuple(change.get("change", {}).get("actions", []))
        action = _ACTION_NAMES.get(actions)
        if action in counts:
            counts[action] += 1
            changes.append({"address": change.get("address", ""), "action": action})
    drift = [
        {
            "address": d.get("address", ""),
            "action": _ACTION_NAMES.get(tuple(d.get("change", {}).get("actions", [])), "update"),
        }
        for d in show.get("resource_drift", [])
    ]
    return {**counts, "changes": changes, "drift": drift}


def summary_markdown(plan: SavedPlan) -> str:
    lines = [
        f"### Plan `{plan.plan_id}` for stage `{plan.stage}`",
        "",
        f"commit `{plan.commit[:12]}`{' (dirty tree)' if plan.dirty else ''}, "
        f"made by {plan.actor} at {plan.created_at}",
        "",
        "| stack | create | update | replace | destroy |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for stack in plan.stacks.values():
        s = stack.summary
        lines.append(
            f"| {stack.stack} | {s['create']} | {s['update']} | {s['replace']} | {s['destroy']} |"
        )
    for stack in plan.stacks.values():
        if stack.summary["changes"]:
            lines += ["", f"<details><summary>{stack.stack}</summary>", ""]
            lines += [f"- {c['action']} `{c['address']}`" for c in stack.summary["changes"]]
            lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class PlanStore:
    def __init__(self, s3: Any, bucket: str) -> None:
        self.s3 = s3
        self.bucket = bucket

    def save(self, plan: SavedPlan, files: dict[str, Path]) -> None:
        for stack, path in files.items():
            with open(path, "rb") as handle:
                self.s3.put_object(
                    Bucket=self.bucket,
                    Key=f"{PLAN_PREFIX}{plan.plan_id}/{stack}.tfplan",
                    Body=handle,
                    ServerSideEncryption="aws:kms",
                )
        self._put(plan.plan_id, "summary.md", summary_markdown(plan).encode())
        # Written last and only once: a plan without its meta.json is not a plan.
        self._put(
            plan.plan_id, "meta.json", json.dumps(asdict(plan), indent=2).encode(), create_only=True
        )

    def _put(self, plan_id: str, name: str, body: bytes, create_only: bool = False) -> None:
        extra = {"IfNoneMatch": "*"} if create_only else {}
        self.s3.put_object(
            Bucket=self.bucket,
            Key=f"{PLAN_PREFIX}{plan_id}/{name}",
            Body=body,
            ServerSideEncryption="aws:kms",
            **extra,
        )

    def load(self, plan_id: str) -> SavedPlan:
        from botocore.exceptions import ClientError

        try:
            body = self.s3.get_object(Bucket=self.bucket, Key=f"{PLAN_PREFIX}{plan_id}/meta.json")[
                "Body"
            ].read()
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise OrchError(
                    f"no saved plan {plan_id!r} in s3://{self.bucket}/{PLAN_PREFIX}: make one "
                    "with `orch plan --stage STAGE --out` and use the id it prints"
                ) from None
            raise
        return SavedPlan.from_json(json.loads(body))

    def download(self, plan: SavedPlan, stack: str, dest: Path) -> Path:
        body = self.s3.get_object(
            Bucket=self.bucket, Key=f"{PLAN_PREFIX}{plan.plan_id}/{stack}.tfplan"
        )["Body"].read()
        if hashlib.sha256(body).hexdigest() != plan.stacks[stack].plan_sha256:
            raise OrchError(
                f"the saved plan {plan.plan_id} for {stack} does not match the hash recorded "
                "when it was made: refusing to apply it; make a new plan"
            )
        dest.write_bytes(body)
        dest.chmod(0o600)
        return dest


def state_version(s3: Any, bucket: str, key: str) -> dict[str, Any]:
    """Which version of a state object exists now (serial and lineage from its body)."""
    from botocore.exceptions import ClientError

    try:
        response = s3.get_object(Bucket=bucket, Key=key)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
            return {"exists": False}
        raise
    state = json.loads(response["Body"].read() or b"{}")
    return {
        "exists": True,
        "version_id": response.get("VersionId", ""),
        "serial": state.get("serial"),
        "lineage": state.get("lineage", ""),
    }
