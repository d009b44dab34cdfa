"""Each enum rule of the stand-in makes `terraform validate` fail, at the argument, clearly.

One validate run over a fixture that breaks every rule once; each rule is then its own test.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from orchestrator.offline_provider.rules import RULES, EnumRule
from orchestrator.offline_provider.schema import ProviderSchema, schema_bytes, schema_file
from orchestrator.offline_provider.testing import (  # noqa: F401  (fixture)
    OfflineMirror,
    offline_mirror_fixture,
)
from orchestrator.terraform import resolve_engine
from orchestrator.terraform.args import init_args, validate_args

pytestmark = pytest.mark.integration

FIXTURE = Path(__file__).parents[1] / "fixtures" / "provider" / "enums"
SCHEMA = ProviderSchema(schema_bytes(schema_file()))


@pytest.fixture(scope="module")
def validation(
    tmp_path_factory: pytest.TempPathFactory, offline_mirror: OfflineMirror
) -> dict[str, Any]:
    workdir = tmp_path_factory.mktemp("enums")
    shutil.copytree(FIXTURE, workdir, dirs_exist_ok=True)
    terraform = offline_mirror.terraform(resolve_engine("embedded"), workdir, workdir / ".data")
    terraform.run(init_args(backend=False))
    result = terraform.run(validate_args(), ok_codes=(1,))
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def _bad_value(rule: EnumRule) -> str | int:
    return 42 if isinstance(rule.allowed[0], int) else "BOGUS"


def test_only_the_rules_fail(validation: dict[str, Any]) -> None:
    expected = {rule.message(_bad_value(rule)) for rule in RULES}
    summaries = {d["summary"] for d in validation["diagnostics"]}
    assert summaries == expected
    assert all(d["severity"] == "error" for d in validation["diagnostics"])


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.type_name}.{'.'.join(r.path)}")
def test_a_bad_value_fails_at_its_argument(validation: dict[str, Any], rule: EnumRule) -> None:
    message = rule.message(_bad_value(rule))
    found = [d for d in validation["diagnostics"] if d["summary"] == message]

    assert found, f"no diagnostic {message!r}"
    where = found[0]["range"]
    lines = (FIXTURE / where["filename"]).read_text().splitlines()[: where["start"]["line"]]
    header = next(line for line in reversed(lines) if line.startswith(("resource ", "data ")))
    assert f'"{rule.type_name}"' in header
    if _crosses_set_block(rule):
        # Elements of a set of blocks have no index a path could name: Terraform points at
        # the resource instead.
        assert lines[-1] == header
    else:
        assert lines[-1].strip().startswith(f"{rule.argument} "), lines[-1]


def _crosses_set_block(rule: EnumRule) -> bool:
    block = SCHEMA.block(rule.kind, rule.type_name)
    for name in rule.path[:-1]:
        assert block is not None
        nested = block.block_types[name]
        if nested.nesting == "set":
            return True
        block = nested.block
    return False
