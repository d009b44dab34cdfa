"""Where the schema file to serve is: cheap to import (commands that only locate it stay fast)."""

from __future__ import annotations

import os
from pathlib import Path

from orchestrator.errors import ConfigError

PACKAGE_DATA = Path(__file__).resolve().parent / "data"
DEFAULT_SCHEMA_FILE = PACKAGE_DATA / "aws-provider-6.47.0.schema.json.gz"
SCHEMA_ENV = "ORCH_PROVIDER_SCHEMA"


def schema_file(explicit: Path | None = None) -> Path:
    """The schema file to serve: an explicit one, else $ORCH_PROVIDER_SCHEMA, else the bundled."""
    chosen = explicit or (Path(os.environ[SCHEMA_ENV]) if os.environ.get(SCHEMA_ENV) else None)
    path = chosen or DEFAULT_SCHEMA_FILE
    if not path.is_file():
        raise ConfigError(
            f"provider schema file {path} does not exist: give the output of "
            f"`terraform providers schema -json` (optionally gzipped), or unset {SCHEMA_ENV}"
        )
    return path
