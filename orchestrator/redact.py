"""Keeps secret values out of everything the orchestrator prints or raises."""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "(sensitive)"
# Short strings ("dev", "true", "eu-west-1") are everywhere in Terraform's output; masking them
# would hide the plan. Values of keys that look secret are masked whatever their length.
MIN_MASKED_LENGTH = 6
_SECRET_KEY = re.compile(r"(pass|secret|token|key|credential|private|auth)", re.IGNORECASE)


class Redactor:
    """Replaces known secret values in text with a mask."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        self.add(secrets)

    def add(self, secrets: Iterable[str]) -> None:
        self._secrets.update(s for s in secrets if s)
        if self._secrets:
            # Longest first, so a secret containing another is masked whole.
            ordered = sorted(self._secrets, key=len, reverse=True)
            self._pattern = re.compile("|".join(re.escape(s) for s in ordered))

    def __call__(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(MASK, text)


def secret_strings(values: object, key: str = "") -> list[str]:
    """The leaf strings of parsed tfvars that must never be shown."""
    if isinstance(values, dict):
        return [s for k, v in values.items() for s in secret_strings(v, str(k))]
    if isinstance(values, list | tuple):
        return [s for item in values for s in secret_strings(item, key)]
    if isinstance(values, bool) or values is None:
        return []
    text = str(values)
    if _SECRET_KEY.search(key) or len(text) >= MIN_MASKED_LENGTH:
        return [text]
    return []
