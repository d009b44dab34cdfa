"""Which AWS provider a run uses: the real one from the registry, or the offline stand-in.

The stand-in serves the real schema but invents every value an apply returns, so it may only
ever run against the embedded AWS: a run against a real endpoint always uses the registry, and
fails (as Terraform does) when the registry cannot be reached.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlparse

from orchestrator.errors import ConfigError

PROVIDER_ENV = "ORCH_PROVIDER"
MODES = ("auto", "registry", "stand-in")
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def is_local_endpoint(endpoint_url: str | None) -> bool:
    return bool(endpoint_url) and (urlparse(endpoint_url).hostname or "") in _LOOPBACK


def needs_providers(stack_dir: Path) -> bool:
    """Whether a root configuration requires any provider (the built-ins need none)."""
    return any("required_providers" in path.read_text() for path in stack_dir.glob("*.tf"))


PROBE_TTL_SECONDS = 3600


def registry_answers(cache_file: Path | None = None) -> bool:
    """Whether the Terraform registry answers, remembered for an hour in `cache_file`.

    A network that drops packets makes each probe wait its full timeout (3 s).
    """
    import json
    import time

    if cache_file is not None and cache_file.is_file():
        try:
            cached = json.loads(cache_file.read_text())
            if time.time() - float(cached["at"]) < PROBE_TTL_SECONDS:
                return bool(cached["answers"])
        except (ValueError, KeyError, TypeError):
            pass
    from orchestrator.offline_provider.mirror import registry_reachable

    answers = registry_reachable()
    if cache_file is not None:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        cache_file.write_text(json.dumps({"at": time.time(), "answers": answers}))
    return answers


def use_stand_in(
    endpoint_url: str | None,
    env: Mapping[str, str] = os.environ,
    probe_cache: Path | None = None,
) -> bool:
    mode = env.get(PROVIDER_ENV, "auto")
    if mode not in MODES:
        raise ConfigError(f"{PROVIDER_ENV}={mode!r}: use one of {', '.join(MODES)}")
    local = is_local_endpoint(endpoint_url)
    if mode == "stand-in" and not local:
        raise ConfigError(
            "the offline stand-in provider invents what AWS would return, so it only runs "
            "against the embedded AWS (--local); unset ORCH_PROVIDER for real AWS"
        )
    if mode != "auto":
        return mode == "stand-in"
    if not local:
        return False
    return not registry_answers(probe_cache)
