locals {
  s3_key = "${var.s3_key_prefix}${var.name}.zip"
}

resource "aws_s3_object" "this" {
  count = var.upload_via_s3 ? 1 : 0

  #checkov:skip=CKV_AWS_186:The zip takes the bucket's default SSE-KMS encryption unless s3_kms_key_arn names a key.
  bucket      = var.s3_bucket
  key         = local.s3_key
  source      = var.zip_path
  source_hash = var.source_code_hash
  kms_key_id  = var.s3_kms_key_arn

  tags = var.tags
}

resource "aws_lambda_layer_version" "this" {
  layer_name  = var.name
  description = var.description

  filename          = var.upload_via_s3 ? null : var.zip_path
  s3_bucket         = var.upload_via_s3 ? var.s3_bucket : null
  s3_key            = var.upload_via_s3 ? aws_s3_object.this[0].key : null
  s3_object_version = var.upload_via_s3 ? aws_s3_object.this[0].version_id : null
  source_code_hash  = var.source_code_hash

  compatible_runtimes      = var.compatible_runtimes
  compatible_architectures = var.compatible_architectures
  license_info             = var.license_info
  skip_destroy             = var.skip_destroy
}
