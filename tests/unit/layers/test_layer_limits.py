from __future__ import annotations

from pathlib import Path

import pytest

from orchestrator.layers.limits import (
    MAX_UNZIPPED_BYTES,
    LayerTooLargeError,
    check_unzipped_size,
    human_size,
    needs_s3_upload,
)


def _sparse(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.truncate(size)  # a sparse file: counts its size, uses no disk


def test_an_oversized_tree_fails_naming_the_largest_packages(tmp_path: Path) -> None:
    _sparse(tmp_path / "torch" / "lib" / "libtorch.so", 203_000_000)
    _sparse(tmp_path / "scipy" / "linalg.so", 60_000_000)
    _sparse(tmp_path / "six.py", 30_000)
    with pytest.raises(LayerTooLargeError) as raised:
        check_unzipped_size(tmp_path, "layer big python3.12/x86_64")
    message = str(raised.value)
    assert "263,030,000 bytes" in message
    assert f"{MAX_UNZIPPED_BYTES:,}" in message
    assert message.index("torch") < message.index("scipy") < message.index("six.py")


def test_a_tree_at_the_limit_passes(tmp_path: Path) -> None:
    _sparse(tmp_path / "pkg" / "data.bin", MAX_UNZIPPED_BYTES)
    assert check_unzipped_size(tmp_path, "layer") == MAX_UNZIPPED_BYTES
    _sparse(tmp_path / "one_more.py", 1)
    with pytest.raises(LayerTooLargeError):
        check_unzipped_size(tmp_path, "layer")


def test_s3_upload_above_50_mb_zipped() -> None:
    assert not needs_s3_upload(50_000_000)
    assert needs_s3_upload(50_000_001)


@pytest.mark.parametrize(
    ("size", "text"), [(0, "0 B"), (1536, "1.5 KiB"), (5 * 1024 * 1024, "5.0 MiB")]
)
def test_human_size(size: int, text: str) -> None:
    assert human_size(size) == text
