from __future__ import annotations

import base64
import hashlib
import json
import os
import zipfile
from pathlib import Path

import pytest

from orchestrator.zipper import ZipError, manifest_path_for, zip_directory, zip_files


def _tree(root: Path, order: list[str], mtime: int) -> Path:
    files = {"b/mod.py": b"x = 1\n", "a.py": b"print('a')\n", "bin/tool": b"#!/bin/sh\n"}
    for name in order:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[name])
        path.chmod(0o775 if name == "bin/tool" else 0o600)
        os.utime(path, (mtime, mtime))
    return root


def test_same_files_give_same_bytes_whatever_the_order_mtime_and_umask(tmp_path: Path) -> None:
    one = _tree(tmp_path / "one", ["a.py", "b/mod.py", "bin/tool"], 1_600_000_000)
    two = _tree(tmp_path / "two", ["bin/tool", "b/mod.py", "a.py"], 1_700_000_000)
    first = zip_directory(one, tmp_path / "one.zip")
    second = zip_directory(two, tmp_path / "two.zip")
    assert first.sha256 == second.sha256
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()


def test_entries_are_sorted_files_only_with_fixed_time_and_normalised_modes(tmp_path: Path) -> None:
    root = _tree(tmp_path / "src", ["a.py", "b/mod.py", "bin/tool"], 1_600_000_000)
    result = zip_directory(root, tmp_path / "out.zip", prefix="python")
    with zipfile.ZipFile(result.path) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == ["python/a.py", "python/b/mod.py", "python/bin/tool"]
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in infos)
        assert {i.filename: i.external_attr >> 16 & 0o777 for i in infos} == {
            "python/a.py": 0o644,
            "python/b/mod.py": 0o644,
            "python/bin/tool": 0o755,
        }
        assert archive.read("python/b/mod.py") == b"x = 1\n"
    assert result.unzipped_size == len(b"x = 1\n") + len(b"print('a')\n") + len(b"#!/bin/sh\n")
    assert result.zipped_size == result.path.stat().st_size


def test_hashes_match_the_file_as_terraform_reads_it(tmp_path: Path) -> None:
    root = _tree(tmp_path / "src", ["a.py"], 0)
    result = zip_directory(root, tmp_path / "out.zip")
    raw = hashlib.sha256(result.path.read_bytes()).digest()
    assert result.sha256 == raw.hex()
    assert result.source_code_hash == base64.b64encode(raw).decode()  # filebase64sha256


def test_manifest_lists_path_hash_and_mode_beside_the_zip(tmp_path: Path) -> None:
    root = _tree(tmp_path / "src", ["a.py", "bin/tool"], 0)
    result = zip_directory(root, tmp_path / "layer.zip")
    assert result.manifest_path == manifest_path_for(tmp_path / "layer.zip")
    assert result.manifest_path == tmp_path / "layer.manifest.json"
    files = json.loads(result.manifest_path.read_text())["files"]
    assert files == [
        {
            "path": "a.py",
            "sha256": hashlib.sha256(b"print('a')\n").hexdigest(),
            "mode": "644",
            "size": 11,
        },
        {
            "path": "bin/tool",
            "sha256": hashlib.sha256(b"#!/bin/sh\n").hexdigest(),
            "mode": "755",
            "size": 10,
        },
    ]


def test_zip_files_takes_explicit_pairs(tmp_path: Path) -> None:
    source = tmp_path / "handler.py"
    source.write_text("def handler(event, context):\n    return 1\n")
    result = zip_files([("app/handler.py", source)], tmp_path / "fn.zip", write_manifest=False)
    assert result.manifest_path is None
    with zipfile.ZipFile(result.path) as archive:
        assert archive.namelist() == ["app/handler.py"]
    assert oct(result.path.stat().st_mode & 0o777) == oct(0o644)


@pytest.mark.parametrize("name", ["../escape.py", "a/../b.py", "", "a//b.py"])
def test_bad_archive_paths_are_refused(tmp_path: Path, name: str) -> None:
    source = tmp_path / "f.py"
    source.write_text("")
    with pytest.raises(ZipError, match="not a valid path"):
        zip_files([(name, source)], tmp_path / "out.zip")
    assert not (tmp_path / "out.zip").exists()


def test_duplicate_and_missing_sources_are_refused_without_writing(tmp_path: Path) -> None:
    source = tmp_path / "f.py"
    source.write_text("")
    with pytest.raises(ZipError, match="two files would be stored as 'x.py'"):
        zip_files([("x.py", source), ("x.py", source)], tmp_path / "out.zip")
    with pytest.raises(ZipError, match="missing or a broken symlink"):
        zip_files([("y.py", tmp_path / "nope.py")], tmp_path / "out.zip")
    assert list(tmp_path.iterdir()) == [source]


def test_a_symlinked_folder_is_refused(tmp_path: Path) -> None:
    root = _tree(tmp_path / "src", ["a.py"], 0)
    (root / "loop").symlink_to(root)
    with pytest.raises(ZipError, match="symlink to a folder"):
        zip_directory(root, tmp_path / "out.zip")
