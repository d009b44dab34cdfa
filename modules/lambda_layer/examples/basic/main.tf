provider "aws" {
  region = "eu-west-1"
}

# A real, tiny layer zip is committed beside this file; projects pass the zip and hash that
# `orch layer build` reports.
module "layer" {
  source = "../../"

  name                     = "example-basic-shared"
  description              = "Shared helpers for the example functions."
  zip_path                 = "${path.module}/layer.zip"
  source_code_hash         = filebase64sha256("${path.module}/layer.zip")
  compatible_runtimes      = ["python3.12", "python3.13"]
  compatible_architectures = ["x86_64", "arm64"]
}

output "layer_version_arn" {
  description = "ARN of the published layer version."
  value       = module.layer.layer_version_arn
}
