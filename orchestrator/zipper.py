"""Reproducible zip archives: the same files give the same bytes, so the same sha256.

Entries are sorted by archive path, carry a fixed timestamp, mode 0644 or 0755 and no directory
entries. Terraform compares `source_code_hash` (base64 of the raw sha256) to decide whether a
Lambda function or layer changed, so an unchanged input must plan no change. The bytes also depend
on zlib's deflate output, which is stable for a given zlib version.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from orchestrator.errors import OrchError

# Zip cannot store dates before 1980; a constant keeps archives independent of file mtimes.
FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)
COMPRESS_LEVEL = 6
_CHUNK = 1 << 20


class ZipError(OrchError):
    """The files to archive are not usable (missing, duplicated, a symlinked folder)."""


@dataclass(frozen=True)
class ManifestEntry:
    path: str
    sha256: str
    mode: int
    size: int


@dataclass(frozen=True)
class ZipResult:
    path: Path
    sha256: str
    source_code_hash: str  # base64 of the raw digest, what Terraform's filebase64sha256 gives
    zipped_size: int
    unzipped_size: int
    entries: tuple[ManifestEntry, ...]
    manifest_path: Path | None


def manifest_path_for(zip_path: Path) -> Path:
    return zip_path.with_name(zip_path.stem + ".manifest.json")


def directory_files(root: Path, prefix: str = "") -> list[tuple[str, Path]]:
    """Every regular file under root as (archive path, source), archive paths under prefix."""
    if not root.is_dir():
        raise ZipError(f"{root} is not a directory: nothing to zip.")
    pairs: list[tuple[str, Path]] = []
    for current, dirs, files in os.walk(root):
        here = Path(current)
        for name in dirs:
            if (here / name).is_symlink():
                raise ZipError(
                    f"{here / name} is a symlink to a folder; replace it with a real folder."
                )
        for name in files:
            relative = (here / name).relative_to(root).as_posix()
            pairs.append((f"{prefix.strip('/')}/{relative}" if prefix else relative, here / name))
    return pairs


def zip_directory(
    root: Path, dest: Path, *, prefix: str = "", write_manifest: bool = True
) -> ZipResult:
    """Zip every file under root (paths relative to root, under prefix) into dest."""
    return zip_files(directory_files(root, prefix), dest, write_manifest=write_manifest)


def zip_files(
    files: Iterable[tuple[str, Path]], dest: Path, *, write_manifest: bool = True
) -> ZipResult:
    """Zip (archive path, source file) pairs into dest, atomically, and describe the result."""
    pairs = sorted(((_archive_name(name), Path(src)) for name, src in files), key=_sort_key)
    seen: set[str] = set()
    for name, src in pairs:
        if name in seen:
            raise ZipError(f"two files would be stored as {name!r} in {dest.name}.")
        seen.add(name)
        if not src.is_file():
            raise ZipError(f"{src} is not a regular file (it is missing or a broken symlink).")

    dest.parent.mkdir(parents=True, exist_ok=True)
    entries: list[ManifestEntry] = []
    handle, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", dir=dest.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(
            tmp_name, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL
        ) as archive:
            for name, src in pairs:
                entries.append(_add(archive, name, src))
        os.chmod(tmp_name, 0o644)  # mkstemp makes it private; a build artifact is not secret
        os.replace(tmp_name, dest)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise

    digest = _file_sha256(dest)
    manifest_path = manifest_path_for(dest) if write_manifest else None
    if manifest_path is not None:
        _write_manifest(manifest_path, entries)
    return ZipResult(
        path=dest,
        sha256=digest.hex(),
        source_code_hash=base64.b64encode(digest).decode("ascii"),
        zipped_size=dest.stat().st_size,
        unzipped_size=sum(entry.size for entry in entries),
        entries=tuple(entries),
        manifest_path=manifest_path,
    )


def file_hashes(path: Path) -> tuple[str, str]:
    """(hex sha256, base64 sha256) of a file, as stored in a ZipResult."""
    digest = _file_sha256(path)
    return digest.hex(), base64.b64encode(digest).decode("ascii")


def _archive_name(name: str) -> str:
    clean = name.replace("\\", "/").lstrip("/")
    parts = clean.split("/")
    if not clean or any(part in ("", ".", "..") for part in parts):
        raise ZipError(f"{name!r} is not a valid path inside a zip (empty, '.' or '..' parts).")
    return clean


def _sort_key(pair: tuple[str, Path]) -> bytes:
    return pair[0].encode("utf-8")


def _add(archive: zipfile.ZipFile, name: str, src: Path) -> ManifestEntry:
    executable = bool(src.stat().st_mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH))
    mode = 0o755 if executable else 0o644
    info = zipfile.ZipInfo(name, date_time=FIXED_DATE_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # unix, so external_attr carries the mode
    info.external_attr = (stat.S_IFREG | mode) << 16
    hasher = hashlib.sha256()
    size = 0
    with src.open("rb") as source, archive.open(info, "w") as target:
        while chunk := source.read(_CHUNK):
            hasher.update(chunk)
            target.write(chunk)
            size += len(chunk)
    return ManifestEntry(path=name, sha256=hasher.hexdigest(), mode=mode, size=size)


def _file_sha256(path: Path) -> bytes:
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            hasher.update(chunk)
    return hasher.digest()


def _write_manifest(path: Path, entries: list[ManifestEntry]) -> None:
    document = {
        "files": [
            {"path": e.path, "sha256": e.sha256, "mode": f"{e.mode:o}", "size": e.size}
            for e in entries
        ]
    }
    path.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")
