data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  definition        = templatefile(var.definition_file, var.definition_variables)
  state_machine_arn = "arn:${data.aws_partition.current.partition}:states:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:stateMachine:${var.name}"
}

resource "aws_cloudwatch_log_group" "this" {
  # The vendedlogs prefix keeps CloudWatch's resource policy for log delivery small.
  name              = "/aws/vendedlogs/states/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_sfn_state_machine" "this" {
  name       = var.name
  type       = var.type
  role_arn   = aws_iam_role.this.arn
  definition = local.definition

  logging_configuration {
    level                  = var.log_level
    include_execution_data = var.log_include_execution_data
    log_destination        = "${aws_cloudwatch_log_group.this.arn}:*"
  }

  tracing_configuration {
    enabled = var.tracing_enabled
  }

  encryption_configuration {
    type                              = "CUSTOMER_MANAGED_KMS_KEY"
    kms_key_id                        = var.kms_key_arn
    kms_data_key_reuse_period_seconds = var.kms_data_key_reuse_period_seconds
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.this]

  lifecycle {
    precondition {
      condition     = can(jsondecode(local.definition))
      error_message = "The rendered definition_file is not JSON: check the template and definition_variables (use jsonencode() for lists and maps)."
    }
  }
}
