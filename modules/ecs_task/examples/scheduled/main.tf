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
    sid       = "CloudWatchLogsEncrypt"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${data.aws_region.current.region}.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "this" {
  description         = "Encrypts the example task's logs and image repository."
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.key.json
}

variable "subnet_ids" {
  description = "Private subnets with a route to ECR and CloudWatch Logs (NAT gateway or VPC endpoints)."
  type        = list(string)
  default     = ["subnet-0123456789abcdef0"]
}

module "task" {
  source = "../../"

  name                = "example-scheduled-report"
  container_image     = "public.ecr.aws/docker/library/python:3.12-slim"
  command             = ["python", "-c", "print('daily report')"]
  cpu                 = 512
  memory              = 1024
  kms_key_arn         = aws_kms_key.this.arn
  subnet_ids          = var.subnet_ids
  schedule_expression = "cron(0 6 * * ? *)"
}

output "task_definition_arn" {
  description = "ARN of the example task definition."
  value       = module.task.task_definition_arn
}
