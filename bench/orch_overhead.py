"""What `orch` adds on top of Terraform: `orch plan` against the same engine run directly.

Both sides plan the same root, with the same backend (the embedded AWS), data dir and variables;
runs are interleaved so machine load hits both alike. Prints medians and ratios; goals: overhead
ratio <= 1.15, `orch --help` start-up < 0.3 s.

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

FIXTURE = REPO / "tests" / "fixtures" / "project"
ORCH = [sys.executable, "-m", "orchestrator"]


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="orch-bench-") as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(FIXTURE, project, ignore=shutil.ignore_patterns(".orch"))
        env = {k: v for k, v in os.environ.items() if k != "ORCH_TF_ENGINE"}
        subprocess.run(
            [*ORCH, "local", "up"], cwd=project, env=env, check=True, capture_output=True
        )
        try:
            server = local.running_server(project / ".orch")
            assert server is not None, "orch local up left no server"
            report(project, local.local_env(env, server.endpoint), runs)
        finally:
            subprocess.run([*ORCH, "local", "down"], cwd=project, env=env, capture_output=True)


def report(project: Path, env: dict[str, str], runs: int) -> None:
    print(f"orch overhead benchmark: {runs} interleaved runs each, medians", flush=True)
    local_env = {**env, "ORCH_LOCAL": "1"}
    plan = [*ORCH, "plan", "--stage", "dev"]
    subprocess.run(plan, cwd=project, env=local_env, check=True, capture_output=True)  # warm up
    direct_cmd, direct_env = direct_plan(project, local_env)
    orch_times, direct_times, help_times = [], [], []
    for index in range(runs):
        orch_times.append(timed(plan, project, local_env))
        direct_times.append(timed(direct_cmd, project / "environments" / "sample", direct_env))
        help_times.append(timed([*ORCH, "--help"], project, env))
        print(f"  run {index + 1}/{runs}", flush=True)
    orch_median, direct_median = statistics.median(orch_times), statistics.median(direct_times)
    ratio = orch_median / direct_median
    startup = statistics.median(help_times)
    print(f"orch plan         {orch_median:6.3f} s")
    print(f"engine directly   {direct_median:6.3f} s")
    print(
        f"overhead ratio    {ratio:6.3f}   (goal <= 1.15: {'met' if ratio <= 1.15 else 'MISSED'})"
    )
    print(
        f"orch --help       {startup:6.3f} s (goal < 0.3 s: {'met' if startup < 0.3 else 'MISSED'})"
    )


def direct_plan(project: Path, env: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """The plan orch runs, as a bare engine command: same data dir, backend and variables."""
    data_dir = project / ".orch" / "tfdata" / "sample" / "dev" / "default"
    tfvars = (project / "environments/sample/tfvars/dev.tfvars").read_text()
    var_file = data_dir / "bench.tfvars"
    var_file.write_text(tfvars)
    direct_env = {
        **env,
        "TF_DATA_DIR": str(data_dir),
        "TF_CLI_CONFIG_FILE": str(project / ".orch" / "terraformrc"),
        "TF_IN_AUTOMATION": "1",
        "CHECKPOINT_DISABLE": "1",
        "AWS_REGION": "eu-west-1",
        "TF_VAR_project": "acme",
        "TF_VAR_stage": "dev",
    }
    command = [
        sys.executable,
        "-m",
        "orchestrator.terraform._embedded",
        "plan",
        "-input=false",
        "-no-color",
        "-json",
        "-lock-timeout=0s",
        f"-var-file={var_file}",
    ]
    return command, direct_env


if __name__ == "__main__":
    main()
