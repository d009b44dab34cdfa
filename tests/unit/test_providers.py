from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from orchestrator.errors import ConfigError
from orchestrator.providers import (
    PROBE_TTL_SECONDS,
    is_local_endpoint,
    registry_answers,
    use_stand_in,
)


@pytest.mark.parametrize(
    ("endpoint", "local"),
    [
        ("http://127.0.0.1:5000", True),
        ("http://localhost:4566", True),
        ("http://[::1]:4566", True),
        ("https://s3.eu-west-1.amazonaws.com", False),
        ("http://10.0.0.5:4566", False),
        (None, False),
        ("", False),
    ],
)
def test_local_endpoints(endpoint: str | None, local: bool) -> None:
    assert is_local_endpoint(endpoint) is local


def test_real_aws_never_gets_the_stand_in() -> None:
    assert use_stand_in(None, {}) is False
    assert use_stand_in("https://s3.amazonaws.com", {"ORCH_PROVIDER": "auto"}) is False
    with pytest.raises(ConfigError, match="only runs against the embedded AWS"):
        use_stand_in(None, {"ORCH_PROVIDER": "stand-in"})
    with pytest.raises(ConfigError, match="only runs against the embedded AWS"):
        use_stand_in("http://10.0.0.5:4566", {"ORCH_PROVIDER": "stand-in"})


def test_explicit_modes() -> None:
    assert use_stand_in("http://127.0.0.1:1", {"ORCH_PROVIDER": "stand-in"}) is True
    assert use_stand_in("http://127.0.0.1:1", {"ORCH_PROVIDER": "registry"}) is False
    with pytest.raises(ConfigError, match="use one of auto, registry, stand-in"):
        use_stand_in("http://127.0.0.1:1", {"ORCH_PROVIDER": "fake"})


def test_auto_asks_the_registry_only_for_a_local_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[bool] = []

    def reachable() -> bool:
        asked.append(True)
        return False

    monkeypatch.setattr("orchestrator.offline_provider.mirror.registry_reachable", reachable)
    assert use_stand_in("http://127.0.0.1:1", {}) is True
    assert use_stand_in("https://s3.amazonaws.com", {}) is False
    assert asked == [True]


def test_the_registry_answer_is_remembered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[bool] = []

    def reachable() -> bool:
        asked.append(True)
        return False

    monkeypatch.setattr("orchestrator.offline_provider.mirror.registry_reachable", reachable)
    cache = tmp_path / "probe.json"
    assert registry_answers(cache) is False and registry_answers(cache) is False
    assert asked == [True]
    cache.write_text(json.dumps({"at": time.time() - PROBE_TTL_SECONDS - 1, "answers": True}))
    assert registry_answers(cache) is False  # expired: asked again
    assert len(asked) == 2
