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
  description         = "Encrypts the example function's environment and logs."
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.key.json
}

module "function" {
  source = "../../"

  name                = "example-basic-hello"
  description         = "Prints the event it receives."
  zip_path            = "${path.module}/function.zip"
  source_code_hash    = filebase64sha256("${path.module}/function.zip")
  kms_key_arn         = aws_kms_key.this.arn
  schedule_expression = "rate(1 hour)"

  environment_variables = {
    LOG_LEVEL = "INFO"
  }
}

output "function_arn" {
  description = "ARN of the example function."
  value       = module.function.function_arn
}
