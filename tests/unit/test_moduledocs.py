"""orchestrator.moduledocs: README tables from real HCL files, and the repository's own READMEs."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from orchestrator import moduledocs
from orchestrator.moduledocs import (
    BEGIN_MARKER,
    END_MARKER,
    ModuleDocsError,
    parse_module,
    render_tables,
    sync_readme,
)

REPO = Path(__file__).resolve().parents[2]

VARIABLES = textwrap.dedent(
    """
    variable "name" {
      description = "Name of the thing."
      type        = string
    }

    variable "sizes" {
      description = <<-EOT
        Sizes, one per line:
        small | large.
      EOT
      type        = map(object({ cpu = number, tags = optional(list(string), []) }))
      default     = { a = { cpu = 256 } }
    }

    variable "region" {
      description = "Region; null takes it from the environment."
      type        = string
      default     = null
    }

    variable "enabled" {
      description = "Whether it \\"runs\\"."
      type        = bool
      default     = true
    }

    variable "token" {
      description = "A token."
      type        = string
      default     = "x86_64"
      sensitive   = true
    }
    """
)

OUTPUTS = textwrap.dedent(
    """
    output "thing_arn" {
      description = "ARN of the thing."
      value       = "arn"
    }

    output "secret" {
      description = "The secret."
      value       = var.token
      sensitive   = true
    }
    """
)


def write_module(folder: Path, readme: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "variables.tf").write_text(VARIABLES)
    (folder / "outputs.tf").write_text(OUTPUTS)
    if readme is not None:
        (folder / "README.md").write_text(readme)
    return folder


def test_parse_module_reads_every_variable_and_output_sorted(tmp_path: Path) -> None:
    doc = parse_module(write_module(tmp_path / "m"))

    assert [item.name for item in doc.inputs] == ["enabled", "name", "region", "sizes", "token"]
    assert [item.name for item in doc.outputs] == ["secret", "thing_arn"]


@pytest.mark.parametrize(
    ("name", "description", "type_", "default"),
    [
        ("name", "Name of the thing.", "string", None),
        ("region", "Region; null takes it from the environment.", "string", "null"),
        ("enabled", 'Whether it "runs".', "bool", "true"),
        ("token", "A token.", "string", '"x86_64"'),
        (
            "sizes",
            "Sizes, one per line:\nsmall | large.",
            "map(object({cpu = number, tags = optional(list(string), [])}))",
            "{ a = { cpu = 256 } }",
        ),
    ],
)
def test_inputs_keep_description_type_and_default(
    tmp_path: Path, name: str, description: str, type_: str, default: str | None
) -> None:
    doc = parse_module(write_module(tmp_path / "m"))
    item = next(item for item in doc.inputs if item.name == name)

    assert item.description == description
    assert item.type == type_
    assert item.default == default
    assert item.required is (default is None)


def test_sensitive_flags_are_read(tmp_path: Path) -> None:
    doc = parse_module(write_module(tmp_path / "m"))

    assert [item.name for item in doc.inputs if item.sensitive] == ["token"]
    assert [item.name for item in doc.outputs if item.sensitive] == ["secret"]


def test_render_tables_escapes_pipes_and_joins_lines(tmp_path: Path) -> None:
    tables = render_tables(parse_module(write_module(tmp_path / "m")))

    assert "| `name` | Name of the thing. | `string` | n/a | yes |" in tables
    region_row = (
        "| `region` | Region; null takes it from the environment. | `string` | `null` | no |"
    )
    assert region_row in tables
    assert "Sizes, one per line: small \\| large." in tables
    assert "| `secret` | The secret. (sensitive) |" in tables


def test_sync_readme_replaces_only_the_marked_section(tmp_path: Path) -> None:
    readme = f"# m\n\nHand-written usage.\n\n{BEGIN_MARKER}\nstale\n{END_MARKER}\n\nFooter.\n"
    folder = write_module(tmp_path / "m", readme)

    assert sync_readme(folder, check=True) is True
    assert (folder / "README.md").read_text() == readme  # check mode writes nothing

    assert sync_readme(folder, check=False) is True
    text = (folder / "README.md").read_text()
    assert text.startswith("# m\n\nHand-written usage.\n\n")
    assert text.endswith(f"{END_MARKER}\n\nFooter.\n")
    assert "stale" not in text
    assert "| `thing_arn` | ARN of the thing. |" in text

    assert sync_readme(folder, check=True) is False


def test_a_new_variable_makes_the_readme_stale(tmp_path: Path) -> None:
    folder = write_module(tmp_path / "m", f"# m\n{BEGIN_MARKER}\n{END_MARKER}\n")
    sync_readme(folder, check=False)
    (folder / "extra.tf").write_text(
        'variable "zone" {\n  description = "Zone."\n  type = string\n  default = "a"\n}\n'
    )

    assert sync_readme(folder, check=True) is True


def test_readme_without_markers_is_a_clear_error(tmp_path: Path) -> None:
    folder = write_module(tmp_path / "m", "# m\n\nNo markers here.\n")

    with pytest.raises(ModuleDocsError, match="BEGIN_TF_DOCS"):
        sync_readme(folder, check=False)
    assert (folder / "README.md").read_text() == "# m\n\nNo markers here.\n"


def test_missing_readme_and_folder_without_tf_are_errors(tmp_path: Path) -> None:
    with pytest.raises(ModuleDocsError, match="no README.md"):
        sync_readme(write_module(tmp_path / "m"), check=True)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModuleDocsError, match="no .tf files"):
        parse_module(tmp_path / "empty")


def test_invalid_hcl_names_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "main.tf").write_text('variable "x" {\n  type = \n')

    with pytest.raises(ModuleDocsError, match="main.tf is not valid HCL"):
        parse_module(folder)


def test_main_check_mode_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_module(tmp_path / "modules" / "m", f"# m\n{BEGIN_MARKER}\n{END_MARKER}\n")

    assert moduledocs.main(["--root", str(tmp_path), "--check"]) == 1
    assert "is out of date" in capsys.readouterr().err
    assert moduledocs.main(["--root", str(tmp_path)]) == 0
    assert moduledocs.main(["--root", str(tmp_path), "--check", str(folder)]) == 0


def test_main_reports_errors_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_module(tmp_path / "modules" / "m", "# m\n")

    assert moduledocs.main(["--root", str(tmp_path), "--check"]) == 1
    assert "moduledocs: error:" in capsys.readouterr().err


def test_every_readme_in_the_repository_is_in_sync() -> None:
    folders = moduledocs.module_dirs(REPO)

    assert {folder.name for folder in folders} >= {
        "lambda_layer",
        "step_function",
        "glue_job",
        "ecs_task",
        "codepipeline",
        "lambda_function",
        "notifications",
        "data_platform",
    }
    stale = moduledocs.run(REPO, check=True)
    assert stale == [], f"run `python -m orchestrator.moduledocs` and commit: {stale}"
