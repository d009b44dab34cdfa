"""The one place that starts Terraform: explicit cwd and environment, live output, Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import IO

from orchestrator.errors import OrchError, StateLockError, TerraformError
from orchestrator.redact import Redactor
from orchestrator.terraform.engine import Engine
from orchestrator.terraform.results import Event, TerraformResult, find_lock_error

# Inherited variables that would make a run depend on the caller's shell instead of the
# orchestrator's decisions. TF_LOG and friends stay: they only add debugging output.
_OWNED_PREFIXES = ("TF_VAR_", "TF_CLI_ARGS")
_OWNED_NAMES = {"TF_CLI_CONFIG_FILE", "TF_DATA_DIR", "TF_WORKSPACE", "TF_PLUGIN_CACHE_DIR"}
_QUIET_EVENTS = {"version", "apply_progress", "refresh_start"}


class Interrupted(OrchError):
    """The user or CI interrupted a run; Terraform was asked to stop cleanly."""

    exit_code = 130


def build_env(
    base: Mapping[str, str],
    *,
    data_dir: Path,
    cli_config_file: Path,
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The environment for one Terraform process; pure, so it is unit-tested."""
    env = {
        key: value
        for key, value in base.items()
        if key not in _OWNED_NAMES and not key.startswith(_OWNED_PREFIXES)
    }
    env.update(
        TF_IN_AUTOMATION="1",
        CHECKPOINT_DISABLE="1",
        TF_INPUT="0",
        TF_DATA_DIR=str(data_dir),
        TF_CLI_CONFIG_FILE=str(cli_config_file),
    )
    env.update(extra or {})
    return env


def default_echo(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


class Terraform:
    """Runs Terraform commands for one root configuration with one environment."""

    def __init__(
        self,
        engine: Engine,
        workdir: Path,
        env: Mapping[str, str],
        *,
        redactor: Redactor | None = None,
        echo: Callable[[str], None] | None = default_echo,
    ) -> None:
        self.engine = engine
        self.workdir = workdir
        self.env = dict(env)
        self.redact = redactor or Redactor()
        self.echo = echo

    def run(
        self,
        args: Sequence[str],
        *,
        ok_codes: Sequence[int] = (0,),
        quiet: bool = False,
        on_start: Callable[[], None] | None = None,
    ) -> TerraformResult:
        """Run one command; raise StateLockError or TerraformError unless it ends in ok_codes.

        `on_start` runs once Terraform has started, for what Terraform waits on before it acts
        (its var file): if it raises, Terraform is killed before it did anything.
        """
        args = list(args)
        json_mode = "-json" in args
        echo = None if quiet else self.echo
        process = subprocess.Popen(
            self.engine.argv(args),
            cwd=self.workdir,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            # Its own process group: a terminal's Ctrl-C reaches only us, and we forward exactly
            # one SIGINT, because a second one makes Terraform exit without releasing its lock.
            start_new_session=True,
        )
        result = TerraformResult(args=args, returncode=-1)
        assert process.stdout is not None and process.stderr is not None
        readers = [
            threading.Thread(
                target=self._read_stdout, args=(process.stdout, result, json_mode, echo)
            ),
            threading.Thread(target=self._read_stderr, args=(process.stderr, result, echo)),
        ]
        for reader in readers:
            reader.start()
        if on_start is not None:
            try:
                with _termination_raises():
                    on_start()
            except BaseException:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                for reader in readers:
                    reader.join()
                raise
        interrupted = _wait_forwarding_signals(process)
        for reader in readers:
            reader.join()
        result.returncode = process.returncode
        if interrupted:
            raise Interrupted(
                f"interrupted: Terraform `{args[0]}` stopped (exit {process.returncode}) "
                "after finishing what it had started; its state lock was released"
            )
        if result.returncode not in ok_codes:
            if quiet and self.echo is not None:
                # The output was held back because it was routine; now it explains a failure.
                for text in (result.stdout, result.stderr, *map(str, result.diagnostics)):
                    if text:
                        self.echo(self.redact(text))
            lock = find_lock_error(result)
            if lock is not None:
                raise StateLockError(lock.lock_id, lock.who, lock.operation)
            raise TerraformError(self._failure_message(result), result.returncode)
        return result

    def _read_stdout(
        self,
        stream: IO[str],
        result: TerraformResult,
        json_mode: bool,
        echo: Callable[[str], None] | None,
    ) -> None:
        lines: list[str] = []
        for raw in stream:
            line = raw.rstrip("\n")
            lines.append(line)
            event = _parse_event(line) if json_mode else None
            if event is not None:
                result.events.append(event)
            text = _event_text(event) if event is not None else line
            if echo is not None and text:
                echo(self.redact(text))
        result.stdout = "\n".join(lines)

    def _read_stderr(
        self, stream: IO[str], result: TerraformResult, echo: Callable[[str], None] | None
    ) -> None:
        lines = []
        for raw in stream:
            line = raw.rstrip("\n")
            lines.append(line)
            if echo is not None:
                echo(self.redact(line))
        result.stderr = "\n".join(lines)

    def _failure_message(self, result: TerraformResult) -> str:
        summaries = "; ".join(d.summary for d in result.errors)
        detail = f": {summaries}" if summaries else " (its diagnostics are above)"
        return self.redact(
            f"terraform {result.args[0]} failed in {self.workdir} "
            f"with exit code {result.returncode}{detail}"
        )


def _parse_event(line: str) -> Event | None:
    if not line.startswith("{"):
        return None
    try:
        event = json.loads(line)
    except json.JSONDecodeError:
        return None
    # A UI event (plan/apply -json streams) has these; a JSON document (show, output) does not.
    if isinstance(event, dict) and "@message" in event and "type" in event:
        return event
    return None


def _event_text(event: Event) -> str:
    kind = event.get("type")
    if kind in _QUIET_EVENTS:
        return ""
    if kind == "diagnostic":
        diag = event.get("diagnostic", {})
        detail = diag.get("detail", "")
        return f"{diag.get('severity', 'error').capitalize()}: {diag.get('summary', '')}" + (
            f"\n  {detail}" if detail else ""
        )
    return str(event.get("@message", ""))


@contextmanager
def _termination_raises() -> Iterator[None]:
    """SIGTERM raises like Ctrl-C does, so the started Terraform is killed, not left waiting."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _wait_forwarding_signals(process: subprocess.Popen[str]) -> bool:
    """Wait for the process; forward SIGINT/SIGTERM to it as SIGINT. True if interrupted."""
    if threading.current_thread() is not threading.main_thread():
        process.wait()
        return False
    interrupted = False

    def forward(signum: int, frame: FrameType | None) -> None:
        nonlocal interrupted
        interrupted = True
        if process.poll() is None:
            print(
                "\norch: interrupt received; asking Terraform to stop cleanly and release its "
                "lock (interrupt again to abandon it)",
                file=sys.stderr,
                flush=True,
            )
            os.killpg(process.pid, signal.SIGINT)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        process.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return interrupted
