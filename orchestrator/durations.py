"""Durations written like `7d`, `12h`, `90m`."""

from __future__ import annotations

import re
from datetime import timedelta

_DURATION = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(text: str) -> timedelta:
    """`7d` -> 7 days. Raises ValueError with the accepted forms."""
    match = _DURATION.match(str(text))
    if not match:
        raise ValueError(
            f"{text!r} is not a duration: write a whole number and a unit, "
            "s, m, h, d or w (for example 7d or 12h)"
        )
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
