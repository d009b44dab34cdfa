# No endpoints or credentials here: the orchestrator points the provider at AWS or at the local
# embedded AWS through the standard AWS_* environment variables, so both run the same code.
provider "aws" {
  region            = var.region
  s3_use_path_style = var.s3_use_path_style

  default_tags {
    tags = local.tags
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}
