"""The committed protobuf stubs are what the committed proto generates."""

from __future__ import annotations

from pathlib import Path

from orchestrator.offline_provider import stubs


def test_committed_stubs_match_the_proto(tmp_path: Path) -> None:
    for generated in stubs.generate(tmp_path):
        committed = stubs.PACKAGE_DIR / "tfplugin6" / generated.name
        assert committed.read_text() == generated.read_text(), (
            f"{committed.name} is stale: run `python -m orchestrator.offline_provider.stubs`"
        )
