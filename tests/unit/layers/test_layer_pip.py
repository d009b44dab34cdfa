from __future__ import annotations

from orchestrator.layers.config import Target
from orchestrator.layers.pip import marker_environment, platform_tags, target_flags


def test_python312_allows_every_manylinux_tag_up_to_glibc_2_34() -> None:
    tags = platform_tags(Target("python3.12", "x86_64"))
    assert tags[0] == "manylinux_2_34_x86_64"
    for minor in range(5, 35):
        assert f"manylinux_2_{minor}_x86_64" in tags
    assert {"manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"} <= set(tags)
    assert "manylinux_2_35_x86_64" not in tags


def test_python311_stops_at_glibc_2_26() -> None:
    tags = platform_tags(Target("python3.11", "x86_64"))
    assert tags[0] == "manylinux_2_26_x86_64"
    assert "manylinux_2_27_x86_64" not in tags
    assert "manylinux_2_28_x86_64" not in tags


def test_arm64_tags_start_at_manylinux2014() -> None:
    tags = platform_tags(Target("python3.12", "arm64"))
    assert tags[-2:] == ["manylinux_2_17_aarch64", "manylinux2014_aarch64"]
    assert all(tag.endswith("_aarch64") for tag in tags)
    assert len(tags) == 34 - 17 + 1 + 1


def test_flags_ask_for_binary_cpython_wheels_of_the_runtime() -> None:
    flags = target_flags(Target("python3.12", "arm64"))
    assert flags[:7] == [
        "--only-binary=:all:",
        "--implementation",
        "cp",
        "--python-version",
        "3.12",
        "--abi",
        "cp312",
    ]
    platforms = [flags[i + 1] for i, flag in enumerate(flags) if flag == "--platform"]
    # Not the single manylinux2014 tag of AWS's docs: that silently picks old releases.
    assert len(platforms) > 1
    assert platforms == platform_tags(Target("python3.12", "arm64"))


def test_marker_environment_is_the_runtimes_not_the_hosts() -> None:
    env = marker_environment(Target("python3.9", "arm64"))
    assert env["python_version"] == "3.9"
    assert env["python_full_version"] == "3.9.0"
    assert env["platform_machine"] == "aarch64"
    assert env["sys_platform"] == "linux"
    assert env["implementation_name"] == "cpython"
