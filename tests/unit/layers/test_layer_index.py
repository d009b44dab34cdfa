from __future__ import annotations

import json
from pathlib import Path

import pytest

from orchestrator.errors import OrchError
from orchestrator.layers import load_index
from orchestrator.layers.index import IndexEntry, LayerIndex, merge_index, write_index


def _entry(zip_path: str, sha: str = "ab" * 32) -> IndexEntry:
    return IndexEntry(
        zip=zip_path,
        sha256=sha,
        source_code_hash="q83vEjRWeJA=",
        zipped_size=10,
        unzipped_size=20,
        upload_via_s3=False,
        build_path="pip-cross",
        cache_hit=False,
        packages={"pyyaml": "6.0.3"},
    )


def test_round_trip_in_the_documented_shape(tmp_path: Path) -> None:
    index = LayerIndex("1", {"common": {"python3.12/x86_64": _entry("build/layers/a.zip")}})
    path = write_index(tmp_path, index)
    assert path == tmp_path / "build" / "layers" / "index.json"
    data = json.loads(path.read_text())
    assert data["builder_version"] == "1"
    assert set(data["layers"]["common"]["python3.12/x86_64"]) == {
        "zip",
        "sha256",
        "source_code_hash",
        "zipped_size",
        "unzipped_size",
        "upload_via_s3",
        "build_path",
        "cache_hit",
        "packages",
    }
    loaded = load_index(tmp_path)
    assert loaded == index
    assert loaded.entry("common", "python3.12", "x86_64") == _entry("build/layers/a.zip")
    assert loaded.entry("common", "python3.12", "arm64") is None


def test_no_index_yet_is_empty(tmp_path: Path) -> None:
    assert load_index(tmp_path) == LayerIndex("", {})


def test_a_broken_index_says_how_to_fix(tmp_path: Path) -> None:
    path = tmp_path / "build" / "layers" / "index.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"layers": {}}')
    with pytest.raises(OrchError, match="run `orch layer build`"):
        load_index(tmp_path)


def test_merge_keeps_configured_entries_whose_zip_exists(tmp_path: Path) -> None:
    (tmp_path / "kept.zip").write_bytes(b"z")
    previous = LayerIndex(
        "1",
        {
            "common": {
                "python3.12/x86_64": _entry("kept.zip"),
                "python3.12/arm64": _entry("gone.zip"),
                "python3.11/x86_64": _entry("kept.zip"),
            },
            "removed": {"python3.12/x86_64": _entry("kept.zip")},
        },
    )
    fresh = _entry("new.zip", sha="cd" * 32)
    merged = merge_index(
        previous,
        "2",
        {"other": {"python3.12/x86_64": fresh}},
        {"common": {"python3.12/x86_64", "python3.12/arm64"}, "other": {"python3.12/x86_64"}},
        tmp_path,
    )
    assert merged.builder_version == "2"
    assert merged.layers == {
        "common": {"python3.12/x86_64": _entry("kept.zip")},
        "other": {"python3.12/x86_64": fresh},
    }
