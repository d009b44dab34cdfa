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
  description         = "Encrypts the example artifacts bucket."
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.key.json
}

module "artifacts" {
  source = "../../../s3_bucket"

  name                = "example-s3-upload-artifacts"
  kms_key_arn         = aws_kms_key.this.arn
  force_destroy       = true
  eventbridge_enabled = false
}

# Zips over Lambda's direct upload limit (about 50 MiB) go through S3; the layer build reports
# which ones (upload_via_s3).
module "layer" {
  source = "../../"

  name             = "example-s3-upload-big"
  zip_path         = "${path.module}/../basic/layer.zip"
  source_code_hash = filebase64sha256("${path.module}/../basic/layer.zip")
  upload_via_s3    = true
  s3_bucket        = module.artifacts.bucket_id
  s3_kms_key_arn   = aws_kms_key.this.arn
}

output "layer_version_arn" {
  description = "ARN of the published layer version."
  value       = module.layer.layer_version_arn
}
