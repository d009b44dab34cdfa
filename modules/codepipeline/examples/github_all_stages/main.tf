provider "aws" {
  region = "eu-west-1"
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

data "aws_iam_policy_document" "key" {
  #checkov:skip=CKV_AWS_109:A key policy's resource "*" is the key itself; the account root administers it.
  #checkov:skip=CKV_AWS_111:A key policy's resource "*" is the key itself; the account root administers it.
  #checkov:skip=CKV_AWS_356:A key policy's resource "*" is the key itself; the account root administers it.
  statement {
    sid       = "AccountAdministers"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  statement {
    sid       = "CloudWatchLogsEncrypt"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${data.aws_region.current.region}.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "this" {
  description         = "Encrypts the example pipeline's artifacts and logs."
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.key.json
}

# data.all's "General pipeline": deploy to the test stage, run the unit tests, wait for an approval,
# deploy to production. `stages = [{ name = "deploy-prd", action = "deploy", target_stage = "prd" }]`
# is the "deploy to prod only" variant.
module "pipeline" {
  source = "../../"

  name          = "example-sales-pipeline"
  repository_id = "acme/sales-pipeline"
  branch        = "main"
  kms_key_arn   = aws_kms_key.this.arn
  force_destroy = true

  stages = [
    { name = "deploy-int", action = "deploy", target_stage = "int", buildspec_file = "${path.module}/buildspecs/deploy.yml" },
    { name = "unit-tests", action = "test", buildspec_file = "${path.module}/buildspecs/unit-tests.yml" },
    { name = "approve-prd", action = "approval" },
    { name = "deploy-prd", action = "deploy", target_stage = "prd", buildspec_file = "${path.module}/buildspecs/deploy.yml" },
  ]

  deploy_role_arns = {
    int = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/acme-int-deploy"
    prd = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/acme-prd-deploy"
  }
}

output "pipeline_arn" {
  description = "ARN of the example pipeline."
  value       = module.pipeline.pipeline_arn
}
