module "logs_bucket" {
  source = "../../modules/s3_bucket"

  name                = "${local.name_prefix}-logs"
  kms_key_arn         = aws_kms_key.this.arn
  is_log_bucket       = true
  force_destroy       = local.force_destroy
  eventbridge_enabled = false
}

module "data_bucket" {
  source = "../../modules/s3_bucket"

  name          = local.data_bucket_name
  kms_key_arn   = aws_kms_key.this.arn
  force_destroy = local.force_destroy
  logging       = { target_bucket = module.logs_bucket.bucket_id }
  # Object events feed the check-files function through EventBridge.
  eventbridge_enabled = true
  expiration_rules = concat(
    [{ prefix = "athena-results/", days = 30 }],
    var.raw_expiration_days == null ? [] : [{ prefix = local.raw_prefix, days = var.raw_expiration_days }],
  )
}

module "artifacts_bucket" {
  source = "../../modules/s3_bucket"

  name                = "${local.name_prefix}-artifacts"
  kms_key_arn         = aws_kms_key.this.arn
  force_destroy       = local.force_destroy
  logging             = { target_bucket = module.logs_bucket.bucket_id }
  eventbridge_enabled = false
}

resource "aws_athena_workgroup" "this" {
  name          = "${local.name_prefix}-analytics"
  description   = "Queries over the curated data of ${local.name_prefix}."
  force_destroy = local.force_destroy

  configuration {
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true
    bytes_scanned_cutoff_per_query     = 10737418240

    result_configuration {
      output_location = "s3://${module.data_bucket.bucket_id}/athena-results/"

      encryption_configuration {
        encryption_option = "SSE_KMS"
        kms_key_arn       = aws_kms_key.this.arn
      }
    }
  }
}
