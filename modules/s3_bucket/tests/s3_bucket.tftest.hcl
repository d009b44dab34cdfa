mock_provider "aws" {
  override_during = plan

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
}

variables {
  name        = "acme-dev-data"
  kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  tags = {
    project = "acme"
  }
}

run "creates_a_private_encrypted_versioned_bucket" {
  command = plan

  assert {
    condition     = aws_s3_bucket.this.bucket == "acme-dev-data"
    error_message = "The bucket takes its name from var.name."
  }

  assert {
    condition     = aws_s3_bucket.this.force_destroy == false
    error_message = "force_destroy is off unless asked for."
  }

  assert {
    condition     = aws_s3_bucket.this.tags["project"] == "acme"
    error_message = "The bucket carries the given tags."
  }

  assert {
    condition     = aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Enabled"
    error_message = "Versioning is on by default."
  }

  assert {
    condition     = one([for rule in aws_s3_bucket_server_side_encryption_configuration.this.rule : rule.apply_server_side_encryption_by_default[0].sse_algorithm]) == "aws:kms"
    error_message = "Objects are encrypted with KMS."
  }

  assert {
    condition     = one([for rule in aws_s3_bucket_server_side_encryption_configuration.this.rule : rule.apply_server_side_encryption_by_default[0].kms_master_key_id]) == var.kms_key_arn
    error_message = "Objects are encrypted with the given key."
  }

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.this.block_public_acls,
      aws_s3_bucket_public_access_block.this.block_public_policy,
      aws_s3_bucket_public_access_block.this.ignore_public_acls,
      aws_s3_bucket_public_access_block.this.restrict_public_buckets,
    ])
    error_message = "All public access is blocked."
  }

  assert {
    condition     = data.aws_iam_policy_document.this.statement[0].effect == "Deny" && one(data.aws_iam_policy_document.this.statement[0].condition).variable == "aws:SecureTransport"
    error_message = "The bucket policy denies requests without TLS."
  }

  assert {
    condition     = length(aws_s3_bucket_logging.this) == 0
    error_message = "No access logging without a target bucket."
  }

  assert {
    condition     = aws_s3_bucket_notification.this[0].eventbridge
    error_message = "Object events go to EventBridge by default."
  }
}

run "log_bucket_uses_sse_s3_and_admits_the_logging_service" {
  command = plan

  variables {
    name          = "acme-dev-logs"
    is_log_bucket = true
    force_destroy = true
  }

  assert {
    condition     = one([for rule in aws_s3_bucket_server_side_encryption_configuration.this.rule : rule.apply_server_side_encryption_by_default[0].sse_algorithm]) == "AES256"
    error_message = "Server access logs can only be delivered to an SSE-S3 bucket."
  }

  assert {
    condition     = one(data.aws_iam_policy_document.this.statement[1].principals).identifiers == toset(["logging.s3.amazonaws.com"])
    error_message = "The log bucket admits the S3 logging service."
  }

  assert {
    condition     = aws_s3_bucket.this.force_destroy
    error_message = "force_destroy follows the input."
  }
}

run "access_logs_go_to_the_target_bucket" {
  command = plan

  variables {
    logging = { target_bucket = "acme-dev-logs" }
  }

  assert {
    condition     = aws_s3_bucket_logging.this[0].target_bucket == "acme-dev-logs" && aws_s3_bucket_logging.this[0].target_prefix == "acme-dev-data/"
    error_message = "Access logs go to the target bucket under the bucket's name."
  }
}

run "expiration_rules_become_lifecycle_rules" {
  command = plan

  variables {
    expiration_rules = [{ prefix = "athena-results/", days = 7 }]
  }

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.this.rule[1].expiration[0].days == 7 && aws_s3_bucket_lifecycle_configuration.this.rule[1].filter[0].prefix == "athena-results/"
    error_message = "An expiration rule expires its prefix."
  }
}

run "rejects_a_name_over_63_characters" {
  command = plan

  variables {
    name = "acme-dev-a-very-long-feature-workspace-name-that-does-not-fit-s3"
  }

  expect_failures = [var.name]
}

run "rejects_upper_case_names" {
  command = plan

  variables {
    name = "Acme-Dev-Data"
  }

  expect_failures = [var.name]
}

run "rejects_zero_day_expiration" {
  command = plan

  variables {
    expiration_rules = [{ prefix = "tmp/", days = 0 }]
  }

  expect_failures = [var.expiration_rules]
}
