from __future__ import annotations

from pathlib import Path

import pytest

from orchestrator.errors import ConfigError
from orchestrator.layers.config import Target, find_repo_root, load_layer, load_layers

DIGEST = "public.ecr.aws/sam/build-python3.12@sha256:" + "0" * 64


def _layer(root: Path, name: str, toml: str, requirements: str | None = "requests\n") -> Path:
    folder = root / "lambda_layers" / name
    folder.mkdir(parents=True)
    (folder / "layer.toml").write_text(toml)
    if requirements is not None:
        (folder / "requirements.txt").write_text(requirements)
    return folder


def test_a_full_config_is_read(tmp_path: Path) -> None:
    folder = _layer(
        tmp_path,
        "common",
        'runtimes = ["python3.12", "python3.11"]\narchitectures = ["x86_64", "arm64"]\n'
        'strip = "deep"\nbuilder = "pip-cross"\nimports = ["yaml"]\n'
        f'[images]\n"python3.12-x86_64" = "{DIGEST}"\n',
    )
    config = load_layer(folder)
    assert config.name == "common"
    assert config.requirements == folder / "requirements.txt"
    assert [t.key for t in config.targets] == [
        "python3.12/x86_64",
        "python3.12/arm64",
        "python3.11/x86_64",
        "python3.11/arm64",
    ]
    assert (config.strip, config.builder, config.imports) == ("deep", "pip-cross", ("yaml",))
    assert config.image_for(Target("python3.12", "x86_64")) == DIGEST
    assert config.image_for(Target("python3.12", "arm64")) is None


def test_defaults(tmp_path: Path) -> None:
    config = load_layer(_layer(tmp_path, "a", 'runtimes = ["python3.13"]\n'))
    assert config.targets == (Target("python3.13", "x86_64"),)
    assert (config.strip, config.builder, config.imports) == ("standard", "auto", ())


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("architectures = ['x86_64']", "`runtimes` is required"),
        ("runtimes = ['python2.7']", "runtime 'python2.7' is not supported"),
        ("runtimes = ['python3.12']\narchitectures = ['ppc64le']", "'ppc64le' is not one of"),
        ("runtimes = []", "at least one"),
        ("runtimes = 'python3.12'", "must be a list of strings"),
        ("runtimes = ['python3.12']\nstrip = 'max'", "`strip` is 'max'"),
        ("runtimes = ['python3.12']\nbuilder = 'podman'", "`builder` is 'podman'"),
        ("runtimes = ['python3.12']\nruntime = 'x'", "unknown setting(s) runtime"),
        ("runtimes = ['python3.12'", "not valid TOML"),
        (
            "runtimes = ['python3.12']\n[images]\n'python3.12-x86_64' = 'repo:latest'",
            "must be pinned by digest",
        ),
    ],
)
def test_bad_config_names_the_problem(tmp_path: Path, toml: str, message: str) -> None:
    folder = _layer(tmp_path, "bad", toml)
    with pytest.raises(ConfigError) as raised:
        load_layer(folder)
    assert message in str(raised.value)
    assert str(folder / "layer.toml") in str(raised.value)


def test_missing_requirements_file_is_named(tmp_path: Path) -> None:
    folder = _layer(tmp_path, "x", "runtimes = ['python3.12']", requirements=None)
    with pytest.raises(ConfigError, match="requirements.txt does not exist"):
        load_layer(folder)


def test_bad_folder_name_is_refused(tmp_path: Path) -> None:
    folder = _layer(tmp_path, "has space", "runtimes = ['python3.12']")
    with pytest.raises(ConfigError, match="layer folder name"):
        load_layer(folder)


def test_load_layers_takes_folders_with_a_layer_toml_sorted(tmp_path: Path) -> None:
    _layer(tmp_path, "zeta", "runtimes = ['python3.12']")
    _layer(tmp_path, "alpha", "runtimes = ['python3.12']")
    (tmp_path / "lambda_layers" / "notes").mkdir()
    assert [c.name for c in load_layers(tmp_path)] == ["alpha", "zeta"]
    assert load_layers(tmp_path / "elsewhere") == []


def test_repo_root_is_found_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / "orch.toml").write_text("")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_repo_root(deep) == tmp_path
    other = tmp_path / "x"
    (other / "lambda_layers").mkdir(parents=True)
    assert find_repo_root(other) == other


def test_no_repo_root_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="lambda_layers/<name>/"):
        find_repo_root(Path("/"))


@pytest.mark.parametrize(
    ("target", "python", "glibc", "machine"),
    [
        (Target("python3.12", "arm64"), (3, 12), (2, 34), "aarch64"),
        (Target("python3.11", "x86_64"), (3, 11), (2, 26), "x86_64"),
        (Target("python3.9", "x86_64"), (3, 9), (2, 26), "x86_64"),
        (Target("python3.13", "x86_64"), (3, 13), (2, 34), "x86_64"),
    ],
)
def test_target_facts(
    target: Target, python: tuple[int, int], glibc: tuple[int, int], machine: str
) -> None:
    assert (target.python_version, target.glibc, target.machine) == (python, glibc, machine)
