from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from orchestrator.tfvars import TfvarsError, parse_tfvars, tfvars_file

SECRET = "hunter2-very-secret"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('stage = "dev"', {"stage": "dev"}),
        ("n = 3\nf = 1.5\ne = 1e3\nneg = -2", {"n": 3, "f": 1.5, "e": 1000.0, "neg": -2}),
        ("a = true\nb = false\nc = null", {"a": True, "b": False, "c": None}),
        ('l = ["a", 1,\n  true,\n]', {"l": ["a", 1, True]}),
        ('m = {\n  x = "y"\n  "k-2": 1, z = [] }', {"m": {"x": "y", "k-2": 1, "z": []}}),
        ('s = "tab\\tquote\\"\\u00e9 $${literal}"', {"s": 'tab\tquote"é ${literal}'}),
        ("# comment\n// another\n/* block\n */ x = 1 # trailing", {"x": 1}),
        ("h = <<EOT\nline 1\n  line 2\nEOT\n", {"h": "line 1\n  line 2\n"}),
        ("h = <<-EOT\n    a\n      b\n    EOT\n", {"h": "a\n  b\n"}),
        ('{"stage": "dev", "n": [1, 2]}', {"stage": "dev", "n": [1, 2]}),
        ("", {}),
    ],
)
def test_parses_literal_tfvars(text: str, expected: dict[str, object]) -> None:
    assert parse_tfvars(text, "secret 's'") == expected


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (f'ok = 1\npassword = "{SECRET}', 2, "not closed"),
        (f"token = {SECRET.replace('-', '_')}", 1, "bare words are not allowed"),
        (f'x = "{SECRET}-${{var.y}}"', 1, "templates"),
        (f'x = lower("{SECRET}")', 1, "function calls"),
        (f'x = "{SECRET}" y = 2', 1, "expected a new line"),
        (f'x = ["{SECRET}" "b"]', 1, "expected ',' or ']'"),
        ("x = 1\nx = 2", 2, "set twice"),
        (f'x = {{ a = "{SECRET}" a = 1 }}', 1, "after an object value"),
        ("x = \n", 1, "expected a value"),
        ("= 1", 1, "expected a variable name"),
        ("h = <<EOT\nnever closed", 1, "never closed"),
        ('x = "bad \\q escape"', 1, "invalid escape"),
        (f'{{"a": "{SECRET}",}}', 1, "invalid JSON"),
        (f'["{SECRET}"]', 1, "expected a variable name"),
    ],
)
def test_malformed_tfvars_name_the_line_never_the_value(text: str, line: int, message: str) -> None:
    with pytest.raises(TfvarsError) as error:
        parse_tfvars(text, "secret 'github-actions-acme-sample-dev'")
    text_of_error = str(error.value)
    assert f"secret 'github-actions-acme-sample-dev', line {line}:" in text_of_error
    assert message in text_of_error
    assert SECRET not in text_of_error and SECRET.replace("-", "_") not in text_of_error


def test_tfvars_file_is_private_and_removed_even_on_failure() -> None:
    seen: list[Path] = []
    with pytest.raises(RuntimeError), tfvars_file({"password": SECRET}) as path:
        seen.append(path)
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
        assert SECRET in path.read_text()
        raise RuntimeError("terraform failed")
    assert not seen[0].exists() and not seen[0].parent.exists()
