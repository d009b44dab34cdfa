from __future__ import annotations

from pathlib import Path

from orchestrator.layers.resolve import (
    Lock,
    LockedPackage,
    _lock_from_report,
    _missing_requirement,
    index_options,
)

A = LockedPackage("pyyaml", "6.0.3", "a" * 64, "https://files/pyyaml.whl")
B = LockedPackage("purepkg", "1.0", "b" * 64, "file:///wh/purepkg-1.0-py3-none-any.whl", "c" * 64)


def test_lock_text_pins_versions_and_hashes() -> None:
    lock = Lock((B, A))
    assert lock.requirements_text() == (
        f"purepkg==1.0 --hash=sha256:{'b' * 64}\npyyaml==6.0.3 --hash=sha256:{'a' * 64}\n"
    )
    # pip in the build image builds the sdist itself: pin the source.
    assert f"purepkg==1.0 --hash=sha256:{'c' * 64}" in lock.requirements_text(from_source=True)
    assert lock.local_wheels() == [Path("/wh/purepkg-1.0-py3-none-any.whl")]
    assert Lock.from_json(lock.to_json()) == lock


def test_digest_changes_with_version_or_hash_but_not_with_a_rebuilt_local_wheel() -> None:
    base = Lock((A, B)).digest()
    assert Lock((A, LockedPackage("purepkg", "1.0", "e" * 64, B.url, "c" * 64))).digest() == base
    assert Lock((A, LockedPackage("purepkg", "1.1", B.sha256, B.url, "c" * 64))).digest() != base
    assert Lock((LockedPackage("pyyaml", "6.0.3", "f" * 64, A.url), B)).digest() != base


def test_report_items_become_sorted_locked_packages() -> None:
    report = {
        "install": [
            {
                "download_info": {
                    "url": "https://x/PyYAML-6.0.3.whl",
                    "archive_info": {"hashes": {"sha256": "a" * 64}},
                },
                "metadata": {"name": "PyYAML", "version": "6.0.3"},
            },
            {
                "download_info": {
                    "url": "https://x/certifi.whl",
                    "archive_info": {"hashes": {"sha256": "d" * 64}},
                },
                "metadata": {"name": "certifi", "version": "2026.10.18"},
            },
        ]
    }
    lock = _lock_from_report(report)
    assert [(p.name, p.version) for p in lock.packages] == [
        ("certifi", "2026.10.18"),
        ("pyyaml", "6.0.3"),
    ]


def test_the_missing_requirement_is_read_from_pips_error() -> None:
    output = (
        "ERROR: Could not find a version that satisfies the requirement foo<2 "
        "(from versions: none)\n"
        "ERROR: No matching distribution found for foo<2\n"
    )
    assert _missing_requirement(output) == "foo<2"
    assert _missing_requirement("ERROR: ResolutionImpossible") is None


def test_index_options_are_kept_with_find_links_made_absolute(tmp_path: Path) -> None:
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(
        "--index-url https://pypi.example/simple\n"
        "--find-links=wheels  # local wheels\n"
        "-f https://example/links\n"
        "requests\n"
        "--no-index\n"
    )
    assert index_options(requirements) == [
        "--index-url",
        "https://pypi.example/simple",
        "--find-links",
        str(tmp_path / "wheels"),
        "-f",
        "https://example/links",
        "--no-index",
    ]
