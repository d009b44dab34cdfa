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
    sid       = "EventBridgePublishesToEncryptedTopic"
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "this" {
  description         = "Encrypts the example notification topic."
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.key.json
}

module "notifications" {
  source = "../../"

  name                = "example-basic-alerts"
  kms_key_arn         = aws_kms_key.this.arn
  state_machine_arns  = ["arn:aws:states:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:stateMachine:example-pipeline"]
  glue_job_names      = ["example-curate"]
  codepipeline_names  = ["example-sales-pipeline"]
  email_subscriptions = ["data-team@example.com"]
}

output "topic_arn" {
  description = "ARN of the example notification topic."
  value       = module.notifications.topic_arn
}
