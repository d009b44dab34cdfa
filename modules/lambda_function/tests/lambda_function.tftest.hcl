mock_provider "aws" {
  override_during = plan

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/acme-dev-ingest"
    }
  }
}

variables {
  name             = "acme-dev-ingest"
  zip_path         = "build/ingest.zip"
  source_code_hash = "DPxH0+EINRNLkZobWzvT2jQq6HRexadQajGH7KTSHmc="
  kms_key_arn      = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  layer_arns       = ["arn:aws:lambda:eu-west-1:123456789012:layer:acme-dev-shared:3"]
  tags             = { project = "acme" }
}

run "creates_function_role_and_log_group" {
  command = plan

  assert {
    condition     = aws_lambda_function.this.function_name == "acme-dev-ingest" && aws_iam_role.this.name == "acme-dev-ingest-lambda"
    error_message = "The function and its role are named after var.name."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.name == "/aws/lambda/acme-dev-ingest" && aws_cloudwatch_log_group.this.retention_in_days == 365 && aws_cloudwatch_log_group.this.kms_key_id == var.kms_key_arn
    error_message = "The log group is the function's, kept a year and encrypted."
  }

  assert {
    condition     = aws_lambda_function.this.layers == var.layer_arns && aws_lambda_function.this.source_code_hash == var.source_code_hash
    error_message = "Layers and the build hash are passed through."
  }

  assert {
    condition     = aws_lambda_function.this.tracing_config[0].mode == "Active" && aws_lambda_function.this.kms_key_arn == var.kms_key_arn
    error_message = "Tracing is active and the environment is encrypted with the given key."
  }

  assert {
    condition     = aws_lambda_function.this.tags["project"] == "acme" && aws_iam_role.this.tags["project"] == "acme"
    error_message = "Resources carry the given tags."
  }

  assert {
    condition     = data.aws_iam_policy_document.this.statement[0].resources == toset(["arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/acme-dev-ingest:*"])
    error_message = "The role writes only to its own log group."
  }

  assert {
    condition     = data.aws_iam_policy_document.this.statement[2].resources == toset([var.kms_key_arn]) && data.aws_iam_policy_document.this.statement[2].actions == toset(["kms:Decrypt"])
    error_message = "The role may only decrypt with the given key."
  }

  assert {
    condition     = length(data.aws_iam_policy_document.this.statement) == 3
    error_message = "No statements beyond logs, tracing and KMS by default."
  }

  assert {
    condition     = length(aws_cloudwatch_event_rule.schedule) == 0 && length(aws_lambda_permission.events) == 0
    error_message = "No schedule or permission unless asked for."
  }
}

run "schedule_and_file_arrival_invoke_the_function" {
  command = plan

  variables {
    schedule_expression = "rate(1 hour)"
    event_pattern       = jsonencode({ source = ["aws.s3"], "detail-type" = ["Object Created"] })
  }

  assert {
    condition     = aws_cloudwatch_event_rule.schedule[0].schedule_expression == "rate(1 hour)" && aws_cloudwatch_event_rule.schedule[0].name == "acme-dev-ingest-schedule"
    error_message = "The schedule rule is created."
  }

  assert {
    condition     = aws_cloudwatch_event_rule.event[0].name == "acme-dev-ingest-event"
    error_message = "The event rule is created."
  }

  assert {
    condition     = length(aws_lambda_permission.events) == 2 && aws_lambda_permission.events["schedule"].principal == "events.amazonaws.com"
    error_message = "EventBridge may invoke the function for each rule."
  }
}

run "extra_statements_and_dead_letter_queue" {
  command = plan

  variables {
    dead_letter_target_arn = "arn:aws:sqs:eu-west-1:123456789012:acme-dev-dlq"
    policy_statements = [{
      sid       = "ReadRaw"
      actions   = ["s3:GetObject"]
      resources = ["arn:aws:s3:::acme-dev-data/raw/*"]
    }]
  }

  assert {
    condition     = data.aws_iam_policy_document.this.statement[3].actions == toset(["sqs:SendMessage"]) && data.aws_iam_policy_document.this.statement[3].resources == toset([var.dead_letter_target_arn])
    error_message = "The role may send to its dead-letter queue only."
  }

  assert {
    condition     = data.aws_iam_policy_document.this.statement[4].sid == "ReadRaw" && data.aws_iam_policy_document.this.statement[4].resources == toset(["arn:aws:s3:::acme-dev-data/raw/*"])
    error_message = "Extra statements are added as given."
  }

  assert {
    condition     = aws_lambda_function.this.dead_letter_config[0].target_arn == var.dead_letter_target_arn
    error_message = "The function's dead-letter target is set."
  }
}

run "rejects_a_name_too_long_for_the_role" {
  command = plan

  variables {
    name = "acme-dev-we-1234-a-rather-long-feature-name-ingest-raw-files"
  }

  expect_failures = [var.name]
}

run "rejects_a_non_python_runtime" {
  command = plan

  variables {
    runtime = "nodejs22.x"
  }

  expect_failures = [var.runtime]
}

run "rejects_memory_out_of_range" {
  command = plan

  variables {
    memory_size = 64
  }

  expect_failures = [var.memory_size]
}

run "rejects_a_timeout_over_15_minutes" {
  command = plan

  variables {
    timeout = 901
  }

  expect_failures = [var.timeout]
}

run "rejects_an_unsupported_retention" {
  command = plan

  variables {
    log_retention_days = 42
  }

  expect_failures = [var.log_retention_days]
}

run "rejects_more_than_five_layers" {
  command = plan

  variables {
    layer_arns = ["a:1", "b:1", "c:1", "d:1", "e:1", "f:1"]
  }

  expect_failures = [var.layer_arns]
}

run "rejects_a_bad_schedule" {
  command = plan

  variables {
    schedule_expression = "every hour"
  }

  expect_failures = [var.schedule_expression]
}

run "rejects_a_bad_handler" {
  command = plan

  variables {
    handler = "main"
  }

  expect_failures = [var.handler]
}

run "rejects_an_unknown_tracing_mode" {
  command = plan

  variables {
    tracing_mode = "On"
  }

  expect_failures = [var.tracing_mode]
}
