from __future__ import annotations

import pytest

from orchestrator.errors import ConfigError
from orchestrator.providers import is_local_endpoint, use_stand_in


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
