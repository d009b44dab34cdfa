"""orch validate's pure parts: which folders, which provider, how results read."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestrator.errors import ConfigError
from orchestrator.validate import (
    FolderResult,
    StepResult,
    choose_provider,
    discover,
    format_report,
    run_validate,
)


def _tf(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "main.tf").write_text("")
    return folder


def test_discover_finds_modules_examples_and_environments(tmp_path: Path) -> None:
    expected = [
        _tf(tmp_path / "environments/prod"),
        _tf(tmp_path / "modules/glue_job"),
        _tf(tmp_path / "modules/glue_job/examples/basic"),
    ]
    (tmp_path / "modules/empty").mkdir()
    _tf(tmp_path / "modules/glue_job/tests/setup")  # test helpers are not configurations
    _tf(tmp_path / "elsewhere/stack")

    assert discover(tmp_path) == sorted(expected)


def test_an_empty_project_has_nothing_to_check(tmp_path: Path) -> None:
    (tmp_path / "modules").mkdir()
    lines: list[str] = []

    assert run_validate(root=tmp_path, echo=lines.append, probe=lambda: False) == []
    assert "nothing to check" in lines[0]


@pytest.mark.parametrize(
    ("mode", "schema", "registry_answers", "chosen"),
    [
        ("auto", None, True, "registry"),
        ("auto", None, False, "stand-in"),
        ("auto", Path("schema.json"), True, "stand-in"),
        ("stand-in", None, True, "stand-in"),
        ("registry", None, False, "registry"),
    ],
)
def test_choose_provider(
    mode: str, schema: Path | None, registry_answers: bool, chosen: str
) -> None:
    assert choose_provider(mode, schema, lambda: registry_answers) == chosen


def test_a_schema_file_cannot_go_with_the_registry() -> None:
    with pytest.raises(ConfigError, match="--provider-schema"):
        choose_provider("registry", Path("s.json"), lambda: True)


def test_paths_must_be_configuration_folders(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ConfigError, match="holds no .tf files"):
        run_validate([tmp_path / "empty"], root=tmp_path, probe=lambda: False)


def test_reports_name_the_provider_and_show_failures(tmp_path: Path) -> None:
    ok = FolderResult(
        tmp_path / "modules/a",
        "stand-in",
        [StepResult("fmt", True), StepResult("test", True, note="2 passed, 0 failed")],
    )
    failed = FolderResult(
        tmp_path / "modules/b",
        "registry",
        [StepResult("fmt", True), StepResult("validate", False, "Error: Unsupported argument")],
    )

    assert (
        format_report(ok, tmp_path)
        == "ok      modules/a: fmt, test (2 passed, 0 failed) [provider: stand-in]"
    )
    assert format_report(failed, tmp_path).splitlines() == [
        "FAILED  modules/b: validate failed [provider: registry]",
        "  --- terraform validate in modules/b:",
        "  Error: Unsupported argument",
    ]
