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
  description         = "Encrypts the example data and Glue output."
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.key.json
}

module "data" {
  source = "../../../s3_bucket"

  name          = "example-spark-etl-data"
  kms_key_arn   = aws_kms_key.this.arn
  force_destroy = true
}

module "job" {
  source = "../../"

  name          = "example-spark-etl-curate"
  description   = "Turns raw CSV into curated Parquet."
  script_path   = "${path.module}/curate.py"
  script_bucket = module.data.bucket_id
  kms_key_arn   = aws_kms_key.this.arn

  s3_read_arns  = ["${module.data.bucket_arn}/raw/*"]
  s3_write_arns = ["${module.data.bucket_arn}/curated/*"]

  default_arguments = {
    "--source_path" = "s3://${module.data.bucket_id}/raw/"
    "--target_path" = "s3://${module.data.bucket_id}/curated/"
  }

  create_catalog_database = true
  catalog_database_name   = "example_curated"
  create_crawler          = true
  crawler_s3_paths        = ["s3://${module.data.bucket_id}/curated/"]
}

output "job_name" {
  description = "Name of the example Glue job."
  value       = module.job.job_name
}
