"""The repository's own Terraform: every module, example and environment passes fmt, validate and
`terraform test` against the real AWS provider schema (offline stand-in), and checkov finds no
failed check in modules/ and environments/."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from orchestrator.validate import run_validate

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
MODULES = (
    "s3_bucket",
    "lambda_layer",
    "lambda_function",
    "glue_job",
    "ecs_task",
    "step_function",
    "codepipeline",
    "notifications",
)


def test_every_module_example_and_environment_validates_and_tests() -> None:
    lines: list[str] = []
    folders = [REPO / "modules" / name for name in MODULES]
    folders += sorted(REPO.glob("modules/*/examples/*"))
    folders.append(REPO / "environments" / "data_platform")

    reports = run_validate(folders, root=REPO, provider="stand-in", jobs=2, echo=lines.append)

    output = "\n".join(lines)
    assert len(reports) == len(folders), output
    assert all(report.ok for report in reports), output
    for name in MODULES:
        assert f"ok      modules/{name}: fmt, init, validate, test" in output, output
    assert "ok      environments/data_platform: fmt, init, validate, test" in output, output
    # Each module has examples, and each example passed on its own.
    for name in MODULES:
        assert list((REPO / "modules" / name / "examples").iterdir()), name


def _checkov() -> str | None:
    candidates = [
        os.environ.get("CHECKOV_BIN", ""),
        str(REPO / ".venv-checkov" / "bin" / "checkov"),
        shutil.which("checkov") or "",
    ]
    return next((c for c in candidates if c and Path(c).is_file()), None)


def _json_documents(text: str) -> list[dict[str, Any]]:
    """checkov prints one JSON report per run over several folders, back to back."""
    decoder = json.JSONDecoder()
    documents: list[dict[str, Any]] = []
    index = 0
    while index < len(text):
        if text[index].isspace():
            index += 1
            continue
        document, index = decoder.raw_decode(text, index)
        documents.extend(document if isinstance(document, list) else [document])
    return documents


def test_checkov_finds_no_failed_check_and_every_skip_has_a_reason() -> None:
    checkov = _checkov()
    if checkov is None:
        pytest.skip(
            "checkov is not installed: it needs its own virtualenv for its pinned dependencies, "
            "e.g. `python3.12 -m venv .venv-checkov && .venv-checkov/bin/pip install checkov`, "
            "or set CHECKOV_BIN"
        )
    # The repository's .checkov.yaml names the folders and --skip-download.
    result = subprocess.run(
        [checkov, "--config-file", str(REPO / ".checkov.yaml"), "-o", "json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    reports = _json_documents(result.stdout)
    assert reports, result.stderr[-2000:]
    failed = [
        f"{check['check_id']} {check['resource']} {check['file_path']}"
        for report in reports
        for check in report["results"].get("failed_checks", [])
    ]
    assert failed == [], "\n".join(failed)
    assert result.returncode == 0, result.stderr[-2000:]
    summaries = [report["summary"] for report in reports]
    assert all(summary["parsing_errors"] == 0 for summary in summaries), summaries
    assert max(summary["resource_count"] for summary in summaries) > 80, summaries
    skipped = [check for report in reports for check in report["results"].get("skipped_checks", [])]
    no_reason = [
        f"{check['check_id']} {check['resource']}"
        for check in skipped
        if not check.get("check_result", {}).get("suppress_comment", "").strip()
    ]
    assert no_reason == [], f"skips without a reason: {no_reason}"
