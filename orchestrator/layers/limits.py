"""Lambda's size limits for a layer."""

from __future__ import annotations

from pathlib import Path

from orchestrator.errors import OrchError

# Function code plus all its layers, unzipped, may not exceed this (Lambda quotas).
MAX_UNZIPPED_BYTES = 262_144_000
# Above this a zip goes through S3 instead of the API request body (documented as 50 MB).
DIRECT_UPLOAD_MAX_BYTES = 50_000_000


class LayerTooLargeError(OrchError):
    """The unzipped layer is larger than Lambda accepts."""


def tree_size(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def check_unzipped_size(python_dir: Path, label: str, limit: int = MAX_UNZIPPED_BYTES) -> int:
    """The tree's size; raise naming the largest packages when it passes the limit."""
    sizes = {
        entry.name: (tree_size(entry) if entry.is_dir() else entry.stat().st_size)
        for entry in python_dir.iterdir()
    }
    total = sum(sizes.values())
    if total > limit:
        largest = sorted(sizes.items(), key=lambda item: (-item[1], item[0]))[:5]
        listing = ", ".join(f"{name} {human_size(size)}" for name, size in largest)
        raise LayerTooLargeError(
            f"{label} is {human_size(total)} unzipped ({total:,} bytes), over Lambda's limit of "
            f"{limit:,} bytes. Largest: {listing}. Split it into several layers, drop packages "
            'the functions do not import, or set strip = "deep" in layer.toml.'
        )
    return total


def needs_s3_upload(zipped_size: int) -> bool:
    return zipped_size > DIRECT_UPLOAD_MAX_BYTES


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"
