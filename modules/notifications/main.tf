locals {
  rules = {
    for key, rule in {
      sfn-failed = {
        enabled     = length(var.state_machine_arns) > 0
        description = "Failed, timed-out or aborted Step Functions executions."
        pattern = {
          source        = ["aws.states"]
          "detail-type" = ["Step Functions Execution Status Change"]
          detail = {
            status          = ["FAILED", "TIMED_OUT", "ABORTED"]
            stateMachineArn = var.state_machine_arns
          }
        }
      }
      glue-failed = {
        enabled     = length(var.glue_job_names) > 0
        description = "Failed, timed-out or errored Glue job runs."
        pattern = {
          source        = ["aws.glue"]
          "detail-type" = ["Glue Job State Change"]
          detail = {
            jobName = var.glue_job_names
            state   = ["FAILED", "TIMEOUT", "ERROR"]
          }
        }
      }
      pipeline = {
        enabled     = length(var.codepipeline_names) > 0
        description = "CodePipeline execution state changes."
        pattern = {
          source        = ["aws.codepipeline"]
          "detail-type" = ["CodePipeline Pipeline Execution State Change"]
          detail = {
            pipeline = var.codepipeline_names
            state    = var.codepipeline_states
          }
        }
      }
    } : key => rule if rule.enabled
  }
}

resource "aws_sns_topic" "this" {
  name              = var.name
  kms_master_key_id = var.kms_key_arn

  tags = var.tags
}

resource "aws_cloudwatch_event_rule" "this" {
  for_each = local.rules

  name          = "${var.name}-${each.key}"
  description   = each.value.description
  event_pattern = jsonencode(each.value.pattern)

  tags = var.tags
}

resource "aws_cloudwatch_event_target" "this" {
  for_each = local.rules

  rule      = aws_cloudwatch_event_rule.this[each.key].name
  target_id = "sns"
  arn       = aws_sns_topic.this.arn
}

data "aws_iam_policy_document" "topic" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.this.arn]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  dynamic "statement" {
    for_each = length(local.rules) > 0 ? [1] : []

    content {
      sid       = "EventBridgePublishes"
      actions   = ["sns:Publish"]
      resources = [aws_sns_topic.this.arn]

      principals {
        type        = "Service"
        identifiers = ["events.amazonaws.com"]
      }

      condition {
        test     = "ArnEquals"
        variable = "aws:SourceArn"
        values   = [for rule in aws_cloudwatch_event_rule.this : rule.arn]
      }
    }
  }
}

resource "aws_sns_topic_policy" "this" {
  arn    = aws_sns_topic.this.arn
  policy = data.aws_iam_policy_document.topic.json
}

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.email_subscriptions)

  topic_arn = aws_sns_topic.this.arn
  protocol  = "email"
  endpoint  = each.value
}
