from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from orchestrator.errors import ConfigError
from orchestrator.terraform.engine import resolve_engine


def fake_binary(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_embedded_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ORCH_TF_ENGINE", raising=False)
    engine = resolve_engine()
    assert engine.kind == "embedded"
    assert engine.argv(["plan"]) == [
        sys.executable,
        "-m",
        "orchestrator.terraform._embedded",
        "plan",
    ]


def test_binaries_by_name_or_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tofu = fake_binary(tmp_path, "tofu")
    terraform = fake_binary(tmp_path, "terraform")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    assert resolve_engine("tofu").kind == "tofu"
    assert resolve_engine("tofu").argv(["init"]) == [str(tofu), "init"]
    assert resolve_engine(str(terraform)).kind == "terraform"
    monkeypatch.setenv("ORCH_TF_ENGINE", "tofu")
    assert resolve_engine().command == (str(tofu),)


def test_a_missing_or_unknown_engine_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ConfigError, match="'tofu' was not found on PATH"):
        resolve_engine("tofu")
    with pytest.raises(ConfigError, match="unknown Terraform engine 'pulumi'"):
        resolve_engine("pulumi")
