"""Promotion, saved plans, approvals, the ledger and drift, on the embedded AWS."""

from __future__ import annotations

import hashlib
import json
import re
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest

from orchestrator.ledger import Ledger, LedgerEvent
from tests.conftest import commit_all, git
from tests.helpers import OrchRunner, keys, local_client

pytestmark = pytest.mark.integration


def plan_id_of(result: Any) -> str:
    match = re.search(r"plan id: (\S+)", result.stdout)
    assert match, result.stdout + result.stderr
    return match.group(1)


def ledger_events(s3: Any, bucket: str) -> list[dict[str, Any]]:
    events = [
        json.loads(s3.get_object(Bucket=bucket, Key=key)["Body"].read())
        for key in keys(s3, bucket, "orch/ledger/")
    ]
    return sorted(events, key=lambda e: e["time"])


def test_a_stage_only_gets_what_the_previous_stage_applied(seeded: OrchRunner, s3: Any) -> None:
    refused = seeded("apply", "--stage", "int", check=False)
    assert refused.returncode == 1
    assert "stage 'dev' has not applied commit" in refused.stderr
    assert "deploy that commit to 'dev' first" in refused.stderr
    skipped = seeded("promote", "--to", "prd", check=False)
    assert skipped.returncode == 1 and "stage 'int' has not applied commit" in skipped.stderr
    first = seeded("promote", "--to", "dev", check=False)
    assert first.returncode == 1 and "is the first stage" in first.stderr
    assert keys(s3, "acme-tfstate-int") == [] and keys(s3, "acme-tfstate-prd") == []

    seeded("apply", "--stage", "dev")
    seeded("promote", "--to", "int")
    seeded("promote", "--to", "prd")
    for bucket in ("acme-tfstate-dev", "acme-tfstate-int", "acme-tfstate-prd"):
        applies = [e for e in ledger_events(s3, bucket) if e["event"] == "apply"]
        assert len(applies) == 1 and applies[0]["outcome"] == "succeeded"


def test_a_dirty_tree_never_reaches_a_later_stage(
    seeded: OrchRunner, project_dir: Path, s3: Any
) -> None:
    (project_dir / "environments/sample/extra.tf").write_text('output "x" {\n  value = 1\n}\n')
    seeded("workspace", "up", "--branch", "feature/AB-3-wip")  # workspaces may run dirty trees
    seeded("apply", "--stage", "dev")  # recorded as dirty
    dev_apply = [e for e in ledger_events(s3, "acme-tfstate-dev") if e["event"] == "apply"]
    assert dev_apply[0]["dirty"] is True
    refused = seeded("promote", "--to", "int", check=False)
    assert refused.returncode == 1 and "uncommitted changes" in refused.stderr
    commit_all(project_dir, "extra output")
    refused = seeded("promote", "--to", "int", check=False)  # the dirty apply does not count
    assert refused.returncode == 1 and "has not applied commit" in refused.stderr


def test_a_stale_plan_is_refused(seeded: OrchRunner, project_dir: Path, s3: Any) -> None:
    plan = seeded("plan", "--stage", "dev", "--out")
    old_plan = plan_id_of(plan)
    assert "| sample | 2 | 0 | 0 | 0 |" in plan.stdout
    saved = keys(s3, "acme-tfstate-dev", f"orch/plans/{old_plan}/")
    assert saved == [
        f"orch/plans/{old_plan}/{name}" for name in ("meta.json", "sample.tfplan", "summary.md")
    ]
    head = s3.head_object(Bucket="acme-tfstate-dev", Key=saved[1])
    assert head["ServerSideEncryption"] == "aws:kms"

    seeded("apply", "--stage", "dev")  # someone else applies in between: the state moves
    stale = seeded("apply", "--stage", "dev", "--plan", old_plan, check=False)
    assert stale.returncode == 1
    assert "is stale: the state of sample in 'dev' moved" in stale.stderr

    fresh = plan_id_of(seeded("plan", "--stage", "dev", "--out"))
    (project_dir / "environments/sample/extra.tf").write_text('output "y" {\n  value = 2\n}\n')
    commit_all(project_dir, "a new commit after the plan")
    moved = seeded("apply", "--stage", "dev", "--plan", fresh, check=False)
    assert moved.returncode == 1
    assert re.search(
        r"is stale: it was made at commit [0-9a-f]{12} and the checkout is now", moved.stderr
    )
    missing = seeded("apply", "--stage", "dev", "--plan", "dev-nope", check=False)
    assert missing.returncode == 1 and "no saved plan 'dev-nope'" in missing.stderr


def test_approval_by_another_actor_unlocks_the_apply(
    seeded: OrchRunner, project_dir: Path, aws_env: dict[str, str], s3: Any
) -> None:
    config = project_dir / "orch.toml"
    config.write_text(
        config.read_text().replace(
            'state_bucket = "acme-tfstate-int"',
            'state_bucket = "acme-tfstate-int"\nrequires_approval = true',
        )
    )
    commit_all(project_dir, "int requires approval")
    alice, bob = {**aws_env, "GITHUB_ACTOR": "alice"}, {**aws_env, "GITHUB_ACTOR": "bob"}
    seeded("apply", "--stage", "dev", env=alice)
    plan_id = plan_id_of(seeded("plan", "--stage", "int", "--out", env=alice))

    unapproved = seeded("apply", "--stage", "int", "--plan", plan_id, env=alice, check=False)
    assert unapproved.returncode == 1
    assert f"requires an approval of plan {plan_id} by someone other than alice" in (
        unapproved.stderr
    )
    own = seeded("approve", "--stage", "int", "--plan", plan_id, env=alice, check=False)
    assert own.returncode == 1 and "alice made plan" in own.stderr
    still = seeded("apply", "--stage", "int", "--plan", plan_id, env=alice, check=False)
    assert still.returncode == 1 and "requires an approval" in still.stderr
    assert "sample/terraform.tfstate" not in keys(s3, "acme-tfstate-int")

    seeded("approve", "--stage", "int", "--plan", plan_id, env=bob)
    seeded("apply", "--stage", "int", "--plan", plan_id, env=alice)
    events = ledger_events(s3, "acme-tfstate-int")
    assert [(e["event"], e["actor"]) for e in events] == [
        ("plan", "alice"),
        ("approve", "bob"),
        ("apply", "alice"),
    ]


def test_the_ledger_survives_concurrent_writers(
    seeded: OrchRunner, aws_env: dict[str, str]
) -> None:
    s3 = local_client(aws_env["AWS_ENDPOINT_URL"], "s3")
    book = Ledger(s3, "acme-tfstate-dev")
    errors: list[BaseException] = []

    def write(index: int) -> None:
        try:
            book.record(
                LedgerEvent(
                    event="apply",
                    stage="dev",
                    stack="sample",
                    commit=f"{index:040d}",
                    actor=f"writer-{index}",
                )
            )
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    events = book.events("sample")
    assert sorted(e.actor for e in events) == sorted(f"writer-{i}" for i in range(24))
    assert len({e.event_id for e in events}) == 24


def write_layer_build(project_dir: Path, content: bytes) -> str:
    """A layer build as `orch layer build` leaves it (index and zip); returns its sha256."""
    folder = project_dir / "build/layers/common/python3.12-x86_64"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "layer.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("python/common.py", content)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    entry = {
        "zip": str(path.relative_to(project_dir)),
        "sha256": digest,
        "source_code_hash": "x",
        "zipped_size": 1,
        "unzipped_size": 1,
        "upload_via_s3": False,
        "build_path": "pip-cross",
        "cache_hit": False,
        "packages": {},
    }
    index = {"builder_version": "1", "layers": {"common": {"python3.12/x86_64": entry}}}
    (project_dir / "build/layers/index.json").write_text(json.dumps(index))
    return digest


def test_later_stages_get_the_layer_artifacts_dev_ran(
    seeded: OrchRunner, project_dir: Path, s3: Any
) -> None:
    dev_hash = write_layer_build(project_dir, b"VERSION = 1\n")
    seeded("apply", "--stage", "dev")
    assert f"orch/artifacts/layers/{dev_hash}.zip" in keys(s3, "acme-tfstate-dev")
    rebuilt = write_layer_build(project_dir, b"VERSION = 2\n")  # a different local build
    assert rebuilt != dev_hash
    seeded("promote", "--to", "int")
    int_apply = [e for e in ledger_events(s3, "acme-tfstate-int") if e["event"] == "apply"]
    assert int_apply[0]["layer_hashes"] == {"common-python312-x86_64": dev_hash}
    assert f"orch/artifacts/layers/{dev_hash}.zip" in keys(s3, "acme-tfstate-int")
    assert f"orch/artifacts/layers/{rebuilt}.zip" not in keys(s3, "acme-tfstate-int")


def test_drift_from_a_changed_secret_exits_2(
    seeded: OrchRunner, project_dir: Path, secrets: Any
) -> None:
    never = seeded("drift", "--stage", "int", "--json")
    assert json.loads(never.stdout)["stacks"][0]["never_applied"] is True
    seeded("apply", "--stage", "dev")
    # A later commit in the checkout does not count: drift plans the commit dev applied.
    (project_dir / "environments/sample/extra.tf").write_text('output "z" {\n  value = 3\n}\n')
    commit_all(project_dir, "not deployed yet")
    clean = seeded("drift", "--stage", "dev")
    assert clean.returncode == 0 and "in sync" in clean.stdout

    secrets.put_secret_value(
        SecretId="github-actions-acme-sample-dev", SecretString='stage = "dev"\nitems = 3\n'
    )
    drifted = seeded("drift", "--stage", "dev", "--json", check=False)
    assert drifted.returncode == 2
    report = json.loads(drifted.stdout)
    assert report["drifted"] is True
    assert report["stacks"][0]["pending_changes"] == [
        {"address": "terraform_data.item[2]", "action": "create"}
    ]
    markdown = seeded("drift", "--stage", "dev", check=False)
    assert markdown.returncode == 2 and "pending change: create `terraform_data.item[2]`" in (
        markdown.stdout
    )


def test_status_shows_what_is_deployed_where(
    seeded: OrchRunner, project_dir: Path, aws_env: dict[str, str]
) -> None:
    head = git(project_dir, "rev-parse", "HEAD")
    seeded("apply", "--stage", "dev", env={**aws_env, "GITHUB_ACTOR": "carol"})
    seeded("promote", "--to", "int", env={**aws_env, "GITHUB_ACTOR": "dave"})
    seeded("workspace", "up", "--branch", "feature/AB-9-status")
    report = json.loads(seeded("status", "--json").stdout)
    rows = {row["stage"]: row for row in report["stages"]}
    assert (rows["dev"]["commit"], rows["dev"]["actor"], rows["dev"]["outcome"]) == (
        head,
        "carol",
        "ok",
    )
    assert (rows["int"]["commit"], rows["int"]["actor"]) == (head, "dave")
    assert rows["prd"]["outcome"] == "never" and rows["prd"]["commit"] == ""
    assert [w["workspace"] for w in report["workspaces"]] == ["ab-9-status"]
