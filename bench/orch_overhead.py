"""What `orch` adds on top of Terraform: `orch plan` against the same engine run directly.

For two roots: the test fixture (built-in resources only: a plan of a fraction of a second, so
orch's fixed cost shows at its largest) and the project's own data-platform stack with its
Lambda layers (offline provider). Both sides plan the same root with the same backend (the
embedded AWS), data dir, environment and variables; the direct side runs the exact command orch
prepares, with the tfvars in a file made beforehand (orch fetches them while Terraform starts).
Runs are interleaved so machine load hits both alike. Goals: overhead ratio <= 1.15 on the real
stack, `orch --help` start-up < 0.3 s.

    .venv/bin/python bench/orch_overhead.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from orchestrator import local  # noqa: E402
from orchestrator.config import load_config  # noqa: E402
from orchestrator.context import Context  # noqa: E402
from orchestrator.localmode import attach, prepare  # noqa: E402
from orchestrator.runs import Target, load_tfvars, open_stack  # noqa: E402
from orchestrator.terraform import args as tf_args  # noqa: E402
from orchestrator.terraform.engine import resolve_engine  # noqa: E402
from orchestrator.tfvars import tfvars_file  # noqa: E402

ORCH = [sys.executable, "-m", "orchestrator"]


def copy_project(kind: str, dest: Path) -> Path:
    if kind == "fixture":
        shutil.copytree(REPO / "tests/fixtures/project", dest)
    else:
        dest.mkdir()
        shutil.copy(REPO / "orch.toml", dest)
        for folder in ("environments", "modules", "lambda_layers"):
            shutil.copytree(
                REPO / folder, dest / folder, ignore=shutil.ignore_patterns(".terraform*")
            )
    (dest / ".gitignore").write_text(".orch/\n")
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "bench"]):
        subprocess.run(
            ["git", "-c", "user.name=b", "-c", "user.email=b@b", *command], cwd=dest, check=True
        )
    return dest


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def measure(kind: str, runs: int, tmp: Path) -> tuple[float, float]:
    project = copy_project(kind, tmp / kind)
    server = local.start_server(tmp / f"{kind}-moto")
    try:
        env = local.local_env(os.environ, server.endpoint)
        env["ORCH_PROVIDER"] = "stand-in"
        env.pop("ORCH_TF_ENGINE", None)
        ctx = Context(
            config=load_config(project / "orch.toml"), engine=resolve_engine(), base_env=env
        )
        attach(ctx, server)
        prepare(ctx)
        stack = next(iter(ctx.config.stacks.values()))
        plan = [*ORCH, "plan", "--stage", "dev"]
        print(f"  {kind}: warming up (layer builds, init, provider schema cache)", flush=True)
        timed(plan, project, env)
        orch_times, direct_times = [], []
        target = Target(stack, ctx.config.stage("dev"))
        with open_stack(ctx, target) as session, tfvars_file(load_tfvars(ctx, target)) as tfvars:
            direct = ctx.engine.argv(tf_args.plan_args([tfvars]))
            for index in range(runs):
                orch_times.append(timed(plan, project, env))
                direct_times.append(timed(direct, session.tf.workdir, session.tf.env))
                print(f"  {kind}: run {index + 1}/{runs}", flush=True)
        return statistics.median(orch_times), statistics.median(direct_times)
    finally:
        local.stop_server(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    print(f"orch overhead benchmark: {runs} interleaved runs per side, medians", flush=True)
    results = {}
    with tempfile.TemporaryDirectory(prefix="orch-bench-") as tmp:
        for kind in ("fixture", "data_platform"):
            results[kind] = measure(kind, runs, Path(tmp))
        help_times = [timed([*ORCH, "--help"], REPO, dict(os.environ)) for _ in range(runs)]
    print(f"{'root':<15}{'orch plan':>11}{'engine':>10}{'ratio':>8}")
    for kind, (orch_time, direct_time) in results.items():
        print(f"{kind:<15}{orch_time:>10.3f}s{direct_time:>9.3f}s{orch_time / direct_time:>8.2f}")
    ratio = results["data_platform"][0] / results["data_platform"][1]
    startup = statistics.median(help_times)
    print(
        f"overhead on the real stack: {ratio:.2f} (goal <= 1.15: "
        f"{'met' if ratio <= 1.15 else 'MISSED'}); fixed cost "
        f"{results['fixture'][0] - results['fixture'][1]:.2f} s per command"
    )
    print(f"orch --help: {startup:.3f} s (goal < 0.3 s: {'met' if startup < 0.3 else 'MISSED'})")


if __name__ == "__main__":
    main()
