terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "6.47.0"
    }
  }

  # Partial configuration: the orchestrator passes bucket, key, region and use_lockfile per
  # stage and workspace.
  backend "s3" {}
}
