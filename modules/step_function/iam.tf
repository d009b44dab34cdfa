locals {
  arn_prefix = "arn:${data.aws_partition.current.partition}"
  account    = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.region
}

data "aws_iam_policy_document" "assume_role" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = "${var.name}-sfn"
  description        = "Runs the state machine ${var.name}."
  assume_role_policy = data.aws_iam_policy_document.assume_role.json

  tags = var.tags
}

data "aws_iam_policy_document" "this" {
  #checkov:skip=CKV_AWS_356:CloudWatch log delivery and X-Ray actions support no resource-level permissions; ECS task status actions are limited to the cluster by condition.
  #checkov:skip=CKV_AWS_111:CloudWatch log delivery actions support no resource-level permissions (AWS documents resource "*" for them).
  dynamic "statement" {
    for_each = length(var.lambda_function_arns) > 0 ? [1] : []

    content {
      sid       = "InvokeLambda"
      actions   = ["lambda:InvokeFunction"]
      resources = concat(var.lambda_function_arns, [for arn in var.lambda_function_arns : "${arn}:*"])
    }
  }

  dynamic "statement" {
    for_each = length(var.glue_job_arns) > 0 ? [1] : []

    content {
      sid       = "RunGlueJobs"
      actions   = ["glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun"]
      resources = var.glue_job_arns
    }
  }

  dynamic "statement" {
    for_each = length(var.ecs_task_definition_arns) > 0 ? [1] : []

    content {
      sid       = "RunEcsTasks"
      actions   = ["ecs:RunTask"]
      resources = [for arn in var.ecs_task_definition_arns : "${arn}:*"]
    }
  }

  dynamic "statement" {
    for_each = length(var.ecs_task_definition_arns) > 0 ? [1] : []

    content {
      sid       = "WatchEcsTasks"
      actions   = ["ecs:StopTask", "ecs:DescribeTasks"]
      resources = ["${local.arn_prefix}:ecs:${local.region}:${local.account}:task/*"]
    }
  }

  dynamic "statement" {
    for_each = length(var.ecs_task_definition_arns) > 0 ? [1] : []

    content {
      sid       = "PassEcsTaskRoles"
      actions   = ["iam:PassRole"]
      resources = var.ecs_pass_role_arns

      condition {
        test     = "StringEquals"
        variable = "iam:PassedToService"
        values   = ["ecs-tasks.amazonaws.com"]
      }
    }
  }

  # RunTask.sync learns that a task stopped through this managed EventBridge rule.
  dynamic "statement" {
    for_each = length(var.ecs_task_definition_arns) > 0 ? [1] : []

    content {
      sid       = "EcsSyncRule"
      actions   = ["events:PutTargets", "events:PutRule", "events:DescribeRule"]
      resources = ["${local.arn_prefix}:events:${local.region}:${local.account}:rule/StepFunctionsGetEventsForECSTaskRule"]
    }
  }

  statement {
    sid = "DeliverLogs"
    actions = [
      "logs:CreateLogDelivery",
      "logs:GetLogDelivery",
      "logs:UpdateLogDelivery",
      "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries",
      "logs:PutResourcePolicy",
      "logs:DescribeResourcePolicies",
      "logs:DescribeLogGroups",
    ]
    resources = ["*"]
  }

  dynamic "statement" {
    for_each = var.tracing_enabled ? [1] : []

    content {
      sid       = "Tracing"
      actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"]
      resources = ["*"]
    }
  }

  statement {
    sid       = "EncryptStateMachineData"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [var.kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:aws:states:stateMachineArn"
      values   = [local.state_machine_arn]
    }
  }

  dynamic "statement" {
    for_each = var.policy_statements

    content {
      sid       = statement.value.sid
      effect    = statement.value.effect
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }
}

resource "aws_iam_role_policy" "this" {
  name   = "least-privilege"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.this.json
}
