"""Layer build timings in one run: cold build, cache hit, and AWS's aws-lambda-builders.

    .venv/bin/python bench/layer_build.py [--requirements "requests PyYAML"] [--runtime python3.12]

Goals (issue 4): a cold build no slower than aws-lambda-builders' python_pip workflow for the same
requirements, and a cache hit under 0.2 s. All runs share pip's download cache (one warm-up
resolve first), so the comparison is of the build work, not of the network.
aws-lambda-builders needs a Python of the runtime's version with pip; without one (or without the
package) that column is skipped and the reason printed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from orchestrator.layers.build import BuildOptions, build_layers
from orchestrator.layers.config import Target
from orchestrator.layers.smoke import find_interpreter

REPEATS = 3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requirements", default="requests PyYAML")
    parser.add_argument("--runtime", default="python3.12")
    args = parser.parse_args()
    requirements = "".join(f"{name}\n" for name in args.requirements.split())
    target = Target(args.runtime, "x86_64")

    with tempfile.TemporaryDirectory(prefix="bench-layer-") as tmp:
        base = Path(tmp)
        _repo(base / "warmup", requirements, target)
        build_layers(base / "warmup", BuildOptions())  # fills pip's cache for everyone

        cold = []
        for run in range(REPEATS):
            root = _repo(base / f"cold{run}", requirements, target)
            cold.append(_timed(lambda root=root: build_layers(root, BuildOptions())))
        root = base / "cold0"
        hits = [_timed(lambda: build_layers(root, BuildOptions())) for _ in range(REPEATS)]
        cli_hit = _timed(lambda: _cli(root))
        alb, alb_note = _aws_lambda_builders(base, requirements, target)

    cold_s, hit_s = min(cold), min(hits)
    print(f"layer build bench: {args.requirements!r} for {target.key}, best of {REPEATS}")
    print(f"  cold build (resolve, install, strip, import test, zip): {cold_s:.2f} s")
    print(f"  cache hit (library call):                              {hit_s:.3f} s")
    print(f"  cache hit (`orch layer build` process):                {cli_hit:.3f} s")
    print(f"  cache hit / cold build:                                {hit_s / cold_s:.3f}")
    print(f"  cache hit under 0.2 s:                                 {hit_s < 0.2}")
    if alb is None:
        print(f"  aws-lambda-builders: skipped ({alb_note})")
    else:
        print(f"  aws-lambda-builders python_pip (no zip):               {alb:.2f} s")
        print(f"  cold build / aws-lambda-builders:                      {cold_s / alb:.2f}")
        print(f"  cold build no slower than aws-lambda-builders:         {cold_s <= alb}")
    return 0


def _repo(root: Path, requirements: str, target: Target) -> Path:
    folder = root / "lambda_layers" / "bench"
    folder.mkdir(parents=True)
    (folder / "requirements.txt").write_text(requirements)
    (folder / "layer.toml").write_text(
        f'runtimes = ["{target.runtime}"]\narchitectures = ["{target.arch}"]\n'
    )
    return root


def _timed(action: object) -> float:
    assert callable(action)
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _cli(root: Path) -> None:
    command = [sys.executable, "-c", "from orchestrator.cli import main; main()", "layer", "build"]
    subprocess.run(command, cwd=root, check=True, capture_output=True)


def _aws_lambda_builders(base: Path, requirements: str, target: Target) -> tuple[float | None, str]:
    try:
        from aws_lambda_builders.builder import LambdaBuilder
    except ImportError:
        return None, "aws-lambda-builders is not installed: pip install -c constraints.txt it"
    python = find_interpreter(target.python_version)
    if python is None:
        return None, f"no Python {target.runtime.removeprefix('python')} interpreter here"
    builder = LambdaBuilder(language="python", dependency_manager="pip", application_framework=None)
    times = []
    for run in range(REPEATS + 1):  # the first run warms its own cache
        work = base / f"alb{run}"
        source = work / "source"
        source.mkdir(parents=True)
        (source / "requirements.txt").write_text(requirements)
        started = time.perf_counter()
        builder.build(
            str(source),
            str(work / "artifacts"),
            str(work / "scratch"),
            str(source / "requirements.txt"),
            runtime=target.runtime,
            architecture=target.arch,
            executable_search_paths=[str(python.parent)],
        )
        if run:
            times.append(time.perf_counter() - started)
        installed = list((work / "artifacts").glob("*.dist-info"))
        if len(installed) < len(requirements.split()):
            return None, f"it installed {len(installed)} distributions, fewer than asked for"
    return min(times), ""


if __name__ == "__main__":
    os.environ.setdefault("PIP_DISABLE_PIP_VERSION_CHECK", "1")
    sys.exit(main())
