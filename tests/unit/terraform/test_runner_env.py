from __future__ import annotations

from pathlib import Path

from orchestrator.terraform.runner import build_env


def test_the_environment_is_explicit_and_owned() -> None:
    inherited = {
        "PATH": "/usr/bin",
        "HOME": "/root",
        "TF_LOG": "DEBUG",
        "TF_VAR_stage": "prd",
        "TF_CLI_ARGS_apply": "-auto-approve",
        "TF_WORKSPACE": "other",
        "TF_CLI_CONFIG_FILE": "/root/.terraformrc",
        "TF_DATA_DIR": "/elsewhere",
    }
    env = build_env(
        inherited,
        data_dir=Path("/d"),
        cli_config_file=Path("/c/terraformrc"),
        extra={"AWS_REGION": "eu-west-1", "TF_VAR_stage": "dev"},
    )
    assert env["PATH"] == "/usr/bin" and env["TF_LOG"] == "DEBUG"
    assert env["TF_IN_AUTOMATION"] == "1" and env["CHECKPOINT_DISABLE"] == "1"
    assert env["TF_DATA_DIR"] == "/d" and env["TF_CLI_CONFIG_FILE"] == "/c/terraformrc"
    assert env["TF_VAR_stage"] == "dev"  # ours, not the caller's
    assert "TF_CLI_ARGS_apply" not in env and "TF_WORKSPACE" not in env
    assert env["AWS_REGION"] == "eu-west-1"
