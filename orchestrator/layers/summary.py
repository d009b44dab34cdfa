"""What `orch layer build` prints: a table of builds, then what each needs the reader to know."""

from __future__ import annotations

import json
from typing import Any

from orchestrator.layers.build import BuildOptions, BuildResult, Progress, build_layers
from orchestrator.layers.config import find_repo_root
from orchestrator.layers.index import INDEX_FILE
from orchestrator.layers.limits import human_size

HEADERS = ("layer", "runtime", "arch", "path", "size", "zipped", "sha256", "cache")


def summary_rows(results: list[BuildResult]) -> list[tuple[str, ...]]:
    return [
        (
            r.layer,
            r.target.runtime,
            r.target.arch,
            r.record.build_path,
            human_size(r.record.unzipped_size),
            human_size(r.record.zipped_size),
            r.record.sha256[:12],
            "hit" if r.cache_hit else "built",
        )
        for r in results
    ]


def render_summary(results: list[BuildResult]) -> str:
    rows = [HEADERS, *summary_rows(results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    for r in results:
        label = f"{r.layer} {r.target.key}"
        lines.append(f"{label}: {r.record.build_path} because {r.path_reason}")
        lines.append(f"{label}: import test {r.record.smoke}")
        if r.record.upload_via_s3:
            lines.append(f"{label}: over 50 MB zipped, upload through S3")
        lines.extend(f"{label}: {note}" for note in r.record.notes)
    return "\n".join(lines)


def results_json(results: list[BuildResult]) -> list[dict[str, Any]]:
    return [
        {
            "layer": r.layer,
            "runtime": r.target.runtime,
            "arch": r.target.arch,
            "path_reason": r.path_reason,
            "smoke": r.record.smoke,
            "seconds": round(r.seconds, 3),
            **r.index_entry().__dict__,
        }
        for r in results
    ]


def build_and_report(
    name: str | None,
    runtime: str | None,
    arch: str | None,
    refresh: bool,
    as_json: bool,
    progress: Progress,
) -> str:
    """Build from the repository around the working directory; the text to print on stdout."""
    repo_root = find_repo_root()
    options = BuildOptions(
        name=name, runtime=runtime, arch=arch, refresh=refresh, progress=progress
    )
    results = build_layers(repo_root, options)
    progress(f"wrote {repo_root / INDEX_FILE}")
    if as_json:
        return json.dumps(results_json(results), indent=1)
    return render_summary(results)
