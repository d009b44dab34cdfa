"""The deployment ledger: one immutable S3 object per event, in the stage's state bucket.

Objects are written with `If-None-Match: *` under unique keys, so concurrent writers never
overwrite each other and no record is ever rewritten.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

LEDGER_PREFIX = "orch/ledger/"

APPLY = "apply"
APPROVE = "approve"
PLAN = "plan"
SUCCEEDED = "succeeded"
FAILED = "failed"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class LedgerEvent:
    event: str  # apply | plan | approve
    stage: str
    stack: str
    commit: str
    actor: str
    outcome: str = SUCCEEDED
    plan_id: str = ""
    plan_hash: str = ""
    layer_hashes: dict[str, str] = field(default_factory=dict)
    dirty: bool = False
    detail: str = ""
    time: str = field(default_factory=_now)
    event_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def key(self) -> str:
        # Time first: a prefix listing returns events in order.
        return f"{LEDGER_PREFIX}{self.stack}/{self.time}-{self.event_id}.json"


class Ledger:
    def __init__(self, s3: Any, bucket: str) -> None:
        self.s3 = s3
        self.bucket = bucket

    def record(self, event: LedgerEvent) -> LedgerEvent:
        self.s3.put_object(
            Bucket=self.bucket,
            Key=event.key(),
            Body=json.dumps(asdict(event), sort_keys=True).encode(),
            ContentType="application/json",
            IfNoneMatch="*",
        )
        return event

    def events(self, stack: str | None = None) -> list[LedgerEvent]:
        prefix = f"{LEDGER_PREFIX}{stack}/" if stack else LEDGER_PREFIX
        found = []
        paginator = self.s3.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
            for item in page.get("Contents", []):
                body = self.s3.get_object(Bucket=self.bucket, Key=item["Key"])["Body"].read()
                found.append(LedgerEvent(**json.loads(body)))
        return sorted(found, key=lambda e: e.time)

    def last_apply(self, stack: str, *, succeeded: bool = True) -> LedgerEvent | None:
        applies = [
            e
            for e in self.events(stack)
            if e.event == APPLY and (not succeeded or e.outcome == SUCCEEDED)
        ]
        return applies[-1] if applies else None

    def applied(self, stack: str, commit: str) -> LedgerEvent | None:
        """The last successful apply of `commit` for `stack`, if any."""
        matches = [
            e
            for e in self.events(stack)
            if e.event == APPLY and e.outcome == SUCCEEDED and e.commit == commit
        ]
        return matches[-1] if matches else None
