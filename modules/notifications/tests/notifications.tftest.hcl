mock_provider "aws" {
  override_during = plan

  mock_resource "aws_sns_topic" {
    defaults = {
      arn = "arn:aws:sns:eu-west-1:123456789012:acme-dev-alerts"
    }
  }
}

variables {
  name                = "acme-dev-alerts"
  kms_key_arn         = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  state_machine_arns  = ["arn:aws:states:eu-west-1:123456789012:stateMachine:acme-dev-pipeline"]
  glue_job_names      = ["acme-dev-curate"]
  codepipeline_names  = ["acme-dev-sales"]
  email_subscriptions = ["data-team@example.com"]
  tags                = { project = "acme" }
}

run "encrypted_topic_fed_by_three_rules" {
  command = plan

  assert {
    condition     = aws_sns_topic.this.name == "acme-dev-alerts" && aws_sns_topic.this.kms_master_key_id == var.kms_key_arn
    error_message = "The topic is named after var.name and encrypted with the given key."
  }

  assert {
    condition     = keys(aws_cloudwatch_event_rule.this) == ["glue-failed", "pipeline", "sfn-failed"] && aws_cloudwatch_event_rule.this["sfn-failed"].name == "acme-dev-alerts-sfn-failed"
    error_message = "One rule per kind of event."
  }

  assert {
    condition     = jsondecode(aws_cloudwatch_event_rule.this["sfn-failed"].event_pattern).detail.status == ["FAILED", "TIMED_OUT", "ABORTED"] && tolist(jsondecode(aws_cloudwatch_event_rule.this["sfn-failed"].event_pattern).detail.stateMachineArn) == var.state_machine_arns
    error_message = "Failed executions of the given state machines are matched."
  }

  assert {
    condition     = jsondecode(aws_cloudwatch_event_rule.this["glue-failed"].event_pattern).detail.jobName == ["acme-dev-curate"] && contains(jsondecode(aws_cloudwatch_event_rule.this["glue-failed"].event_pattern).detail.state, "FAILED")
    error_message = "Failed runs of the given Glue jobs are matched."
  }

  assert {
    condition     = jsondecode(aws_cloudwatch_event_rule.this["pipeline"].event_pattern)["detail-type"] == ["CodePipeline Pipeline Execution State Change"]
    error_message = "Pipeline execution state changes are matched."
  }

  assert {
    condition     = alltrue([for target in aws_cloudwatch_event_target.this : target.arn == "arn:aws:sns:eu-west-1:123456789012:acme-dev-alerts"])
    error_message = "Every rule targets the topic."
  }

  assert {
    condition     = one([for s in data.aws_iam_policy_document.topic.statement : s.principals if s.sid == "EventBridgePublishes"]) == toset([{ type = "Service", identifiers = toset(["events.amazonaws.com"]) }])
    error_message = "Only EventBridge may publish, and only from the module's rules."
  }

  assert {
    condition     = aws_sns_topic_subscription.email["data-team@example.com"].protocol == "email"
    error_message = "E-mail addresses are subscribed."
  }

  assert {
    condition     = aws_sns_topic.this.tags["project"] == "acme" && aws_cloudwatch_event_rule.this["pipeline"].tags["project"] == "acme"
    error_message = "Resources carry the given tags."
  }
}

run "no_sources_no_rules" {
  command = plan

  variables {
    state_machine_arns = []
    glue_job_names     = []
    codepipeline_names = []
  }

  assert {
    condition     = length(aws_cloudwatch_event_rule.this) == 0 && length(data.aws_iam_policy_document.topic.statement) == 1
    error_message = "Without sources there are no rules and EventBridge gets no publish permission."
  }
}

run "rejects_an_unknown_pipeline_state" {
  command = plan

  variables {
    codepipeline_states = ["BROKEN"]
  }

  expect_failures = [var.codepipeline_states]
}

run "rejects_a_state_machine_name_instead_of_arn" {
  command = plan

  variables {
    state_machine_arns = ["acme-dev-pipeline"]
  }

  expect_failures = [var.state_machine_arns]
}

run "rejects_a_bad_email_address" {
  command = plan

  variables {
    email_subscriptions = ["data-team"]
  }

  expect_failures = [var.email_subscriptions]
}

run "rejects_a_name_too_long_for_the_rules" {
  command = plan

  variables {
    name = "acme-dev-we-1234-a-rather-long-feature-name-alerts-01"
  }

  expect_failures = [var.name]
}
