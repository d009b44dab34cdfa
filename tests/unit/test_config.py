from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from orchestrator.config import load_config, parse_config
from orchestrator.errors import ConfigError

FIXTURE = Path(__file__).parents[1] / "fixtures" / "project"


def base() -> dict[str, Any]:
    return tomllib.loads((FIXTURE / "orch.toml").read_text())


def test_the_fixture_configuration_loads() -> None:
    config = load_config(FIXTURE / "orch.toml")
    assert config.project == "acme"
    assert list(config.stages) == ["dev", "int", "prd"]
    assert config.stages["prd"].protected and not config.stages["dev"].protected
    assert config.stack("sample").path == (FIXTURE / "environments" / "sample").resolve()
    assert config.secret_name("sample", "dev") == "github-actions-acme-sample-dev"
    assert config.workspace_ttl.days == 7


def _with(change: dict[str, Any]) -> dict[str, Any]:
    data = base()
    for dotted, value in change.items():
        *parents, leaf = dotted.split(".")
        table = data
        for part in parents:
            table = table.setdefault(part, {})
        if value is None:
            table.pop(leaf, None)
        else:
            table[leaf] = value
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"project": None}, "project: missing"),
        ({"project": "Acme!"}, "project: 'Acme!' is not valid"),
        ({"stages.dev.region": "moon-1"}, "stages.dev.region: 'moon-1' is not valid"),
        ({"stages.dev.state_bucket": None}, "stages.dev.state_bucket: missing"),
        ({"stages.dev.state_bucket": "Bad_Bucket"}, "stages.dev.state_bucket"),
        ({"stages.dev.account_id": "12345"}, "account id is 12 digits"),
        ({"stages.dev.role_arn": "role/x"}, "stages.dev.role_arn"),
        ({"stages.dev.protected": "yes"}, "stages.dev.protected: must be a boolean"),
        ({"stages.dev.colour": "blue"}, "stages.dev.colour: unknown setting"),
        ({"stages.default": {"region": "eu-west-1", "state_bucket": "b-b-b"}}, "reserved"),
        ({"promotion": ["dev", "prd"]}, "leaves out stage 'int'"),
        ({"promotion": ["dev", "int", "qa", "prd"]}, "names 'qa'"),
        ({"workspaces.stage": "prd"}, "'prd' is protected"),
        ({"workspaces.stage": "qa"}, "'qa' is not a stage"),
        ({"workspaces.ttl": "a week"}, "workspaces.ttl: 'a week' is not a duration"),
        ({"stacks.sample.path": "environments/missing"}, "holds no .tf files"),
        ({"secrets.name_template": "tfvars-{project}-{env}"}, "only {project}"),
        ({"secrets.name_template": "tfvars-{project}"}, "must contain {stage}"),
        ({"naming.ticket_pattern": "[A-Z"}, "not a valid regular expression"),
        ({"naming.ticket_abbreviations": {"AB": "x", "CD": "x"}}, "share an abbreviation"),
        ({"git.strategy": "yolo"}, "not one of trunk, gitflow"),
        ({"stacks": {}}, "stacks: missing"),
        ({"colour": "blue"}, "colour: unknown setting"),
    ],
)
def test_invalid_configurations_name_the_setting(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse_config(_with(change), FIXTURE)
    assert message in str(error.value)


def test_every_problem_is_reported_at_once() -> None:
    data = _with({"project": "X", "stages.dev.region": "nowhere"})
    with pytest.raises(ConfigError, match="2 problem"):
        parse_config(data, FIXTURE)


def test_missing_and_malformed_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ORCH_CONFIG", raising=False)
    with pytest.raises(ConfigError, match="no orch.toml found"):
        load_config()
    (tmp_path / "orch.toml").write_text("project = [")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config()
    monkeypatch.setenv("ORCH_CONFIG", str(tmp_path / "nope.toml"))
    with pytest.raises(ConfigError, match="ORCH_CONFIG names"):
        load_config()


def test_unknown_stage_and_stack_list_the_known_ones() -> None:
    config = load_config(FIXTURE / "orch.toml")
    with pytest.raises(ConfigError, match="unknown stage 'qa': .* dev, int, prd"):
        config.stage("qa")
    with pytest.raises(ConfigError, match="unknown stack 'web': .* sample"):
        config.stack("web")
