"""tfvars from AWS Secrets Manager: fetched, parsed, checked, and handed to Terraform safely.

The secret holds tfvars text (`stage = "dev"`) or JSON. A tfvars file may only hold literal values,
so a small parser of that subset gives exact line numbers and errors that never quote the text:
a malformed secret is reported by name and line, never by content.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from orchestrator.errors import OrchError

Tfvars = dict[str, Any]


class TfvarsError(OrchError):
    """The tfvars content is malformed (the message holds no value from it)."""


class _Syntax(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def parse_tfvars(text: str, source: str) -> Tfvars:
    """Parse tfvars text or JSON into plain Python values."""
    try:
        if text.lstrip().startswith("{"):
            return _parse_json(text)
        return _Parser(text).parse_file()
    except _Syntax as exc:
        raise TfvarsError(f"{source}, line {exc.line}: {exc}") from None


def _parse_json(text: str) -> Tfvars:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Syntax(exc.lineno, f"invalid JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise _Syntax(1, "a JSON tfvars document must be an object of variable names")
    for key in data:
        if not _IDENT.fullmatch(key):
            raise _Syntax(1, f"{key!r} is not a valid variable name")
    return data


_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?")
_SPACE = re.compile(r"[ \t\r]+|#[^\n]*|//[^\n]*|/\*.*?\*/", re.DOTALL)
_HEREDOC = re.compile(r"<<(-?)([A-Za-z_][A-Za-z0-9_]*)[ \t]*\n")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_EXPECTED_VALUE = "expected a value: a quoted string, number, true, false, null, [list] or {object}"


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    @property
    def line(self) -> int:
        return self.text.count("\n", 0, self.pos) + 1

    def parse_file(self) -> Tfvars:
        values: Tfvars = {}
        while True:
            self._skip(newlines=True)
            if self.pos >= len(self.text):
                return values
            line = self.line
            name = self._ident("a variable name")
            if name in values:
                raise _Syntax(line, f"variable {name!r} is set twice")
            self._skip()
            self._expect("=", f"expected '=' after the variable name {name!r}")
            values[name] = self._value()
            self._skip()
            if self.pos < len(self.text) and self.text[self.pos] != "\n":
                raise _Syntax(self.line, f"expected a new line after the value of {name!r}")

    def _skip(self, newlines: bool = False) -> None:
        while self.pos < len(self.text):
            match = _SPACE.match(self.text, self.pos)
            if match:
                self.pos = match.end()
            elif newlines and self.text[self.pos] == "\n":
                self.pos += 1
            else:
                return

    def _expect(self, char: str, message: str) -> None:
        if self.text.startswith(char, self.pos):
            self.pos += len(char)
        else:
            raise _Syntax(self.line, message)

    def _ident(self, what: str) -> str:
        match = _IDENT.match(self.text, self.pos)
        if not match:
            raise _Syntax(self.line, f"expected {what}")
        self.pos = match.end()
        return match.group(0)

    def _value(self) -> Any:
        self._skip()
        char = self.text[self.pos : self.pos + 1]
        if char == '"':
            return self._string()
        if char == "[":
            return self._list()
        if char == "{":
            return self._object()
        if self.text.startswith("<<", self.pos):
            return self._heredoc()
        number = _NUMBER.match(self.text, self.pos)
        if number:
            self.pos = number.end()
            literal = number.group(0)
            return float(literal) if number.group(1) or number.group(2) else int(literal)
        word = _IDENT.match(self.text, self.pos)
        if word and word.group(0) in ("true", "false", "null"):
            self.pos = word.end()
            return {"true": True, "false": False, "null": None}[word.group(0)]
        if word:
            raise _Syntax(
                self.line,
                "references, function calls and bare words are not allowed in tfvars; "
                "quote strings and write literal values",
            )
        raise _Syntax(self.line, _EXPECTED_VALUE)

    def _string(self) -> str:
        start_line = self.line
        self.pos += 1
        out: list[str] = []
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == '"':
                self.pos += 1
                return "".join(out)
            if char == "\n":
                break
            if char == "\\":
                out.append(self._escape())
                continue
            if self.text.startswith(("${", "%{"), self.pos):
                raise _Syntax(self.line, "templates (${ } or %{ }) are not allowed in tfvars")
            if self.text.startswith(("$${", "%%{"), self.pos):
                out.append(char + "{")
                self.pos += 3
                continue
            out.append(char)
            self.pos += 1
        raise _Syntax(start_line, "a quoted string is not closed on its line")

    def _escape(self) -> str:
        code = self.text[self.pos + 1 : self.pos + 2]
        if code in _ESCAPES:
            self.pos += 2
            return _ESCAPES[code]
        if code in ("u", "U"):
            width = 4 if code == "u" else 8
            digits = self.text[self.pos + 2 : self.pos + 2 + width]
            if re.fullmatch(r"[0-9A-Fa-f]+", digits) and len(digits) == width:
                self.pos += 2 + width
                return chr(int(digits, 16))
        raise _Syntax(self.line, "invalid escape sequence in a quoted string")

    def _heredoc(self) -> str:
        match = _HEREDOC.match(self.text, self.pos)
        if not match:
            raise _Syntax(self.line, "a heredoc starts with <<NAME or <<-NAME and a new line")
        start_line = self.line
        indent, marker = match.group(1) == "-", match.group(2)
        self.pos = match.end()
        lines: list[str] = []
        while self.pos < len(self.text):
            end = self.text.find("\n", self.pos)
            end = len(self.text) if end < 0 else end
            line = self.text[self.pos : end]
            self.pos = end
            if line.strip() == marker:
                if indent:
                    lines = _dedent(lines)
                return "".join(f"{text}\n" for text in lines)
            if "${" in line.replace("$${", "") or "%{" in line.replace("%%{", ""):
                raise _Syntax(self.line, "templates (${ } or %{ }) are not allowed in tfvars")
            lines.append(line)
            self.pos += 1
        raise _Syntax(start_line, f"the heredoc is never closed by a line holding {marker}")

    def _list(self) -> list[Any]:
        self.pos += 1
        items: list[Any] = []
        while True:
            self._skip(newlines=True)
            if self.text.startswith("]", self.pos):
                self.pos += 1
                return items
            items.append(self._value())
            self._skip(newlines=True)
            if self.text.startswith(",", self.pos):
                self.pos += 1
            elif not self.text.startswith("]", self.pos):
                raise _Syntax(self.line, "expected ',' or ']' in a list")

    def _object(self) -> dict[str, Any]:
        self.pos += 1
        items: dict[str, Any] = {}
        while True:
            self._skip(newlines=True)
            if self.text.startswith("}", self.pos):
                self.pos += 1
                return items
            line = self.line
            key = self._string() if self.text.startswith('"', self.pos) else self._ident("a key")
            if key in items:
                raise _Syntax(line, f"key {key!r} appears twice in an object")
            self._skip()
            if self.text[self.pos : self.pos + 1] not in ("=", ":"):
                raise _Syntax(self.line, f"expected '=' or ':' after the key {key!r}")
            self.pos += 1
            items[key] = self._value()
            self._skip()
            if self.text.startswith(",", self.pos):
                self.pos += 1
            elif not self.text.startswith(("\n", "}"), self.pos):
                raise _Syntax(self.line, "expected ',', a new line or '}' after an object value")


def _dedent(lines: list[str]) -> list[str]:
    widths = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip()]
    cut = min(widths, default=0)
    return [line[cut:] for line in lines]


def fetch_tfvars(secrets_client: Any, secret_name: str, region: str) -> Tfvars:
    """Read and parse one tfvars secret; errors name the secret, never its content."""
    from botocore.exceptions import ClientError

    try:
        response = secrets_client.get_secret_value(SecretId=secret_name)
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        if code == "ResourceNotFoundException":
            raise TfvarsError(
                f"the tfvars secret {secret_name!r} does not exist in {region}: create it with "
                f"`aws secretsmanager create-secret --region {region} --name {secret_name} "
                "--secret-string file://STAGE.tfvars`"
            ) from None
        raise TfvarsError(f"cannot read the tfvars secret {secret_name!r}: {code}") from None
    text = response.get("SecretString")
    if text is None:
        try:
            text = bytes(response["SecretBinary"]).decode("utf-8")
        except (KeyError, UnicodeDecodeError):
            raise TfvarsError(f"the secret {secret_name!r} holds no UTF-8 text") from None
    return parse_tfvars(text, f"secret {secret_name!r}")


@contextmanager
def tfvars_file(values: Tfvars) -> Iterator[Path]:
    """A 0600 temporary JSON tfvars file, removed afterwards whatever happens."""
    folder = tempfile.mkdtemp(prefix="orch-tfvars-")  # mkdtemp makes it 0700
    path = Path(folder) / "stage.tfvars.json"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(values, handle)
        yield path
    finally:
        path.unlink(missing_ok=True)
        os.rmdir(folder)
