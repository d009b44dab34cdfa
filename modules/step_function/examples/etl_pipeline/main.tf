provider "aws" {
  region = "eu-west-1"
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  account = data.aws_caller_identity.current.account_id
  region  = data.aws_region.current.region
}

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
      identifiers = ["arn:aws:iam::${local.account}:root"]
    }
  }

  statement {
    sid       = "CloudWatchLogsEncrypt"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${local.region}.amazonaws.com", "delivery.logs.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "this" {
  description         = "Encrypts the example state machine's data and logs."
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.key.json
}

# The jobs the state machine runs; in a real stack these come from the lambda_function,
# glue_job and ecs_task modules' outputs.
locals {
  lambda_function_arn = "arn:aws:lambda:${local.region}:${local.account}:function:example-check-files"
  glue_job_name       = "example-curate"
  task_family_arn     = "arn:aws:ecs:${local.region}:${local.account}:task-definition/example-export"
}

module "state_machine" {
  source = "../../"

  name            = "example-etl-pipeline"
  definition_file = "${path.module}/pipeline.asl.json.tftpl"
  definition_variables = {
    lambda_function_arn     = local.lambda_function_arn
    glue_job_name           = local.glue_job_name
    ecs_cluster_arn         = "arn:aws:ecs:${local.region}:${local.account}:cluster/example"
    ecs_task_definition_arn = local.task_family_arn
    ecs_subnets             = ["subnet-0123456789abcdef0"]
    ecs_security_groups     = []
    ecs_assign_public_ip    = false
  }

  lambda_function_arns     = [local.lambda_function_arn]
  glue_job_arns            = ["arn:aws:glue:${local.region}:${local.account}:job/${local.glue_job_name}"]
  ecs_task_definition_arns = [local.task_family_arn]
  ecs_pass_role_arns = [
    "arn:aws:iam::${local.account}:role/example-export-task",
    "arn:aws:iam::${local.account}:role/example-export-exec",
  ]
  kms_key_arn = aws_kms_key.this.arn
}

output "state_machine_arn" {
  description = "ARN of the example state machine."
  value       = module.state_machine.state_machine_arn
}
