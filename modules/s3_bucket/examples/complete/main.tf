provider "aws" {
  region = "eu-west-1"
}

data "aws_caller_identity" "current" {}

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
}

resource "aws_kms_key" "this" {
  description         = "Encrypts the example bucket."
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.key.json
}

module "logs" {
  source = "../../"

  name          = "example-complete-logs"
  kms_key_arn   = aws_kms_key.this.arn
  is_log_bucket = true
  force_destroy = true
}

module "data" {
  source = "../../"

  name             = "example-complete-data"
  kms_key_arn      = aws_kms_key.this.arn
  force_destroy    = true
  logging          = { target_bucket = module.logs.bucket_id }
  expiration_rules = [{ prefix = "tmp/", days = 7 }]

  tags = {
    project = "example"
  }
}
