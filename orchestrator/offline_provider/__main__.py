"""`python -m orchestrator.offline_provider [--schema FILE] [--provider ADDRESS]`.

Started by Terraform from the filesystem mirror (see mirror.py), never by hand.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestrator.offline_provider")
    parser.add_argument("--schema", type=Path, default=None, help="provider schema JSON file")
    parser.add_argument("--provider", default=None, help="provider address in the schema file")
    args = parser.parse_args(argv)

    from orchestrator.offline_provider.schema import schema_bytes, schema_file
    from orchestrator.offline_provider.server import serve

    path = schema_file(args.schema)
    return serve(lambda: schema_bytes(path, args.provider))


if __name__ == "__main__":
    sys.exit(main())
