resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_117:VPC placement is an input (vpc_config); these jobs call public endpoints and AWS APIs, so the default runs outside a VPC.
  #checkov:skip=CKV_AWS_116:Invocations are synchronous from Step Functions, which owns retries; dead_letter_target_arn adds a DLQ for asynchronous callers.
  #checkov:skip=CKV_AWS_272:Zips come from the orchestrator's reproducible build and are verified by source_code_hash; code signing needs a signing profile outside this kit.
  #checkov:skip=CKV_AWS_115:Reserved concurrency is the reserved_concurrent_executions input; reserving by default would take from the account's shared pool.
  function_name    = var.name
  description      = var.description
  role             = aws_iam_role.this.arn
  filename         = var.zip_path
  source_code_hash = var.source_code_hash
  handler          = var.handler
  runtime          = var.runtime
  architectures    = [var.architecture]
  memory_size      = var.memory_size
  timeout          = var.timeout
  layers           = var.layer_arns
  kms_key_arn      = var.kms_key_arn

  reserved_concurrent_executions = var.reserved_concurrent_executions

  dynamic "environment" {
    for_each = length(var.environment_variables) > 0 ? [1] : []

    content {
      variables = var.environment_variables
    }
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.this.name
  }

  tracing_config {
    mode = var.tracing_mode
  }

  dynamic "dead_letter_config" {
    for_each = var.dead_letter_target_arn == null ? [] : [1]

    content {
      target_arn = var.dead_letter_target_arn
    }
  }

  dynamic "vpc_config" {
    for_each = var.vpc_config == null ? [] : [var.vpc_config]

    content {
      subnet_ids         = vpc_config.value.subnet_ids
      security_group_ids = vpc_config.value.security_group_ids
    }
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.this]
}

resource "aws_cloudwatch_event_rule" "schedule" {
  count = var.schedule_expression == null ? 0 : 1

  name                = "${var.name}-schedule"
  description         = "Runs ${var.name} on a schedule."
  schedule_expression = var.schedule_expression

  tags = var.tags
}

resource "aws_cloudwatch_event_rule" "event" {
  count = var.event_pattern == null ? 0 : 1

  name          = "${var.name}-event"
  description   = "Runs ${var.name} when a matching event arrives."
  event_pattern = var.event_pattern

  tags = var.tags
}

locals {
  rules = merge(
    { for rule in aws_cloudwatch_event_rule.schedule : "schedule" => rule },
    { for rule in aws_cloudwatch_event_rule.event : "event" => rule },
  )
}

resource "aws_cloudwatch_event_target" "this" {
  for_each = toset(compact([
    var.schedule_expression == null ? "" : "schedule",
    var.event_pattern == null ? "" : "event",
  ]))

  rule      = local.rules[each.key].name
  target_id = "lambda"
  arn       = aws_lambda_function.this.arn

  retry_policy {
    maximum_retry_attempts       = 2
    maximum_event_age_in_seconds = 3600
  }

  dynamic "dead_letter_config" {
    for_each = var.dead_letter_target_arn == null ? [] : [1]

    content {
      arn = var.dead_letter_target_arn
    }
  }
}

resource "aws_lambda_permission" "events" {
  for_each = aws_cloudwatch_event_target.this

  statement_id  = "AllowEventBridge-${each.key}"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this.function_name
  principal     = "events.amazonaws.com"
  source_arn    = local.rules[each.key].arn
}
