"""The inputs and outputs tables of each Terraform module's README, generated from its code.

A README holds a hand-written usage section and, between `<!-- BEGIN_TF_DOCS -->` and
`<!-- END_TF_DOCS -->`, tables generated from the module's `variable` and `output` blocks (the
terraform-docs convention, without needing terraform-docs). `--check` fails when a README is out
of date, so a test keeps every README in sync with the code.

    python -m orchestrator.moduledocs [--check] [DIR ...]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orchestrator.errors import OrchError

BEGIN_MARKER = "<!-- BEGIN_TF_DOCS -->"
END_MARKER = "<!-- END_TF_DOCS -->"
README = "README.md"
DEFAULT_GLOBS = ("modules/*", "environments/*")


class ModuleDocsError(OrchError):
    """A module's code or README cannot be documented."""


@dataclass(frozen=True)
class Input:
    name: str
    description: str
    type: str
    default: str | None  # rendered HCL; None when the input is required
    sensitive: bool = False

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class Output:
    name: str
    description: str
    sensitive: bool = False


@dataclass(frozen=True)
class ModuleDoc:
    inputs: tuple[Input, ...]
    outputs: tuple[Output, ...]


def parse_module(directory: Path) -> ModuleDoc:
    """Every variable and output of the module in `directory`, sorted by name."""
    files = sorted(directory.glob("*.tf"))
    if not files:
        raise ModuleDocsError(f"{directory} holds no .tf files: point at a Terraform module.")
    inputs: list[Input] = []
    outputs: list[Output] = []
    for path in files:
        document = _load(path)
        for block in document.get("variable", []):
            for raw_name, body in block.items():
                inputs.append(_input(_unquote(raw_name), body))
        for block in document.get("output", []):
            for raw_name, body in block.items():
                outputs.append(
                    Output(
                        name=_unquote(raw_name),
                        description=_text(body.get("description", "")),
                        sensitive=body.get("sensitive") is True,
                    )
                )
    return ModuleDoc(
        inputs=tuple(sorted(inputs, key=lambda item: item.name)),
        outputs=tuple(sorted(outputs, key=lambda item: item.name)),
    )


def _load(path: Path) -> dict[str, Any]:
    import hcl2
    from hcl2.utils import SerializationOptions

    options = SerializationOptions(with_comments=False, preserve_heredocs=False)
    try:
        with path.open(encoding="utf-8") as handle:
            document: dict[str, Any] = hcl2.load(handle, serialization_options=options)
    except Exception as exc:  # the parser raises lark's many exception types
        raise ModuleDocsError(f"{path} is not valid HCL: {exc}") from exc
    return document


def _input(name: str, body: dict[str, Any]) -> Input:
    has_default = "default" in body
    return Input(
        name=name,
        description=_text(body.get("description", "")),
        type=_expression(body.get("type", "any")),
        default=_hcl(body.get("default")) if has_default else None,
        sensitive=body.get("sensitive") is True,
    )


def _unquote(value: str) -> str:
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value


def _text(value: Any) -> str:
    """A description string as written, without its quotes and escapes."""
    if not isinstance(value, str):
        return str(value)
    if len(value) >= 2 and value[0] == value[-1] == '"':
        try:
            return str(json.loads(value))
        except json.JSONDecodeError:
            return value[1:-1]
    return value


def _expression(value: Any) -> str:
    text = str(value)
    return text[2:-1] if text.startswith("${") and text.endswith("}") else text


def _hcl(value: Any) -> str:
    """A parsed value as compact HCL, e.g. `["x86_64"]`, `{ a = 1 }`, `null`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, str):
        return _expression(value)
    if isinstance(value, list):
        return "[" + ", ".join(_hcl(item) for item in value) + "]"
    if isinstance(value, dict):
        items = [(k, v) for k, v in value.items() if not k.startswith("__")]
        if not items:
            return "{}"
        return "{ " + ", ".join(f"{key} = {_hcl(item)}" for key, item in items) + " }"
    return str(value)


def render_tables(doc: ModuleDoc) -> str:
    """The generated part of the README (between the markers)."""
    lines = ["## Inputs", ""]
    if doc.inputs:
        lines += ["| Name | Description | Type | Default | Required |", "|---|---|---|---|:---:|"]
        for item in doc.inputs:
            default = "n/a" if item.default is None else _code(item.default)
            lines.append(
                f"| {_code(item.name)} | {_cell(item.description)} | {_code(item.type)} "
                f"| {default} | {'yes' if item.required else 'no'} |"
            )
    else:
        lines.append("No inputs.")
    lines += ["", "## Outputs", ""]
    if doc.outputs:
        lines += ["| Name | Description |", "|---|---|"]
        for output in doc.outputs:
            note = " (sensitive)" if output.sensitive else ""
            lines.append(f"| {_code(output.name)} | {_cell(output.description)}{note} |")
    else:
        lines.append("No outputs.")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _code(text: str) -> str:
    cleaned = _cell(text)
    fence = "``" if "`" in cleaned else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{cleaned}{pad}{fence}"


def updated_readme(readme_text: str, tables: str, readme: Path) -> str:
    """The README with the text between the markers replaced by `tables`."""
    begin = readme_text.find(BEGIN_MARKER)
    end = readme_text.find(END_MARKER)
    if begin < 0 or end < 0 or end < begin:
        raise ModuleDocsError(
            f"{readme} has no {BEGIN_MARKER} ... {END_MARKER} section: add both markers, on "
            "their own lines, where the generated inputs and outputs tables belong."
        )
    head = readme_text[: begin + len(BEGIN_MARKER)]
    tail = readme_text[end:]
    return f"{head}\n{tables}\n{tail}"


def sync_readme(directory: Path, *, check: bool) -> bool:
    """Bring the README of the module in `directory` up to date; True if it was (or is) stale.

    With check=True nothing is written.
    """
    readme = directory / README
    if not readme.is_file():
        raise ModuleDocsError(
            f"{directory} has no {README}: write one with a usage section and the markers "
            f"{BEGIN_MARKER} and {END_MARKER}."
        )
    current = readme.read_text(encoding="utf-8")
    wanted = updated_readme(current, render_tables(parse_module(directory)), readme)
    if wanted == current:
        return False
    if not check:
        readme.write_text(wanted, encoding="utf-8")
    return True


def module_dirs(root: Path, paths: Sequence[Path] = ()) -> list[Path]:
    """The given folders, or every module and environment folder under root."""
    from orchestrator.validate import discover

    if paths:
        return [Path(path) for path in paths]
    return discover(root, DEFAULT_GLOBS)


def run(root: Path, paths: Sequence[Path] = (), *, check: bool = False) -> list[Path]:
    """Sync (or check) every README; return the folders whose README was out of date."""
    return [folder for folder in module_dirs(root, paths) if sync_readme(folder, check=check)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m orchestrator.moduledocs",
        description="Generate the inputs/outputs tables of Terraform module READMEs.",
    )
    parser.add_argument("dirs", nargs="*", type=Path, help="module folders (default: all)")
    parser.add_argument("--check", action="store_true", help="fail if a README is out of date")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="repository root")
    args = parser.parse_args(argv)
    try:
        stale = run(args.root, args.dirs, check=args.check)
    except OrchError as exc:
        print(f"moduledocs: error: {exc}", file=sys.stderr)
        return 1
    for folder in stale:
        verb = "is out of date" if args.check else "updated"
        print(f"moduledocs: {folder / README} {verb}", file=sys.stderr)
    if args.check and stale:
        print(
            "moduledocs: run `python -m orchestrator.moduledocs` and commit the READMEs",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
