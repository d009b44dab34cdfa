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

  mock_data "aws_region" {
    defaults = {
      region = "eu-west-1"
    }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/states/acme-dev-pipeline"
    }
  }
}

variables {
  name            = "acme-dev-pipeline"
  definition_file = "examples/etl_pipeline/pipeline.asl.json.tftpl"
  definition_variables = {
    lambda_function_arn     = "arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-check"
    glue_job_name           = "acme-dev-curate"
    ecs_cluster_arn         = "arn:aws:ecs:eu-west-1:123456789012:cluster/acme-dev-export"
    ecs_task_definition_arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/acme-dev-export"
    ecs_subnets             = ["subnet-0123456789abcdef0"]
    ecs_security_groups     = []
    ecs_assign_public_ip    = false
  }
  lambda_function_arns     = ["arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-check"]
  glue_job_arns            = ["arn:aws:glue:eu-west-1:123456789012:job/acme-dev-curate"]
  ecs_task_definition_arns = ["arn:aws:ecs:eu-west-1:123456789012:task-definition/acme-dev-export"]
  ecs_pass_role_arns       = ["arn:aws:iam::123456789012:role/acme-dev-export-task", "arn:aws:iam::123456789012:role/acme-dev-export-exec"]
  kms_key_arn              = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  tags                     = { project = "acme" }
}

run "renders_the_definition_and_configures_logging_tracing_encryption" {
  command = plan

  assert {
    condition     = aws_sfn_state_machine.this.name == "acme-dev-pipeline" && aws_sfn_state_machine.this.type == "STANDARD" && aws_iam_role.this.name == "acme-dev-pipeline-sfn"
    error_message = "The state machine and its role are named after var.name."
  }

  assert {
    condition     = jsondecode(aws_sfn_state_machine.this.definition).States.Curate.Parameters.JobName == "acme-dev-curate"
    error_message = "The template is rendered with the job names."
  }

  assert {
    condition     = jsondecode(aws_sfn_state_machine.this.definition).States.Export.Parameters.NetworkConfiguration.AwsvpcConfiguration.Subnets == ["subnet-0123456789abcdef0"]
    error_message = "Lists are rendered as JSON arrays."
  }

  assert {
    condition     = aws_sfn_state_machine.this.logging_configuration[0].level == "ALL" && aws_sfn_state_machine.this.logging_configuration[0].log_destination == "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/states/acme-dev-pipeline:*"
    error_message = "Executions are logged to the module's log group."
  }

  assert {
    condition     = aws_sfn_state_machine.this.tracing_configuration[0].enabled
    error_message = "X-Ray tracing is on."
  }

  assert {
    condition     = aws_sfn_state_machine.this.encryption_configuration[0].type == "CUSTOMER_MANAGED_KMS_KEY" && aws_sfn_state_machine.this.encryption_configuration[0].kms_key_id == var.kms_key_arn
    error_message = "State machine data is encrypted with the given key."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.kms_key_id == var.kms_key_arn
    error_message = "The log group is encrypted."
  }

  assert {
    condition     = aws_sfn_state_machine.this.tags["project"] == "acme" && aws_iam_role.this.tags["project"] == "acme"
    error_message = "Resources carry the given tags."
  }
}

run "least_privilege_statements_from_the_task_arns" {
  command = plan

  assert {
    condition     = one([for s in data.aws_iam_policy_document.this.statement : s.resources if s.sid == "InvokeLambda"]) == toset(["arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-check", "arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-check:*"])
    error_message = "The role invokes only the given functions (and their versions)."
  }

  assert {
    condition     = one([for s in data.aws_iam_policy_document.this.statement : s.resources if s.sid == "RunGlueJobs"]) == toset(["arn:aws:glue:eu-west-1:123456789012:job/acme-dev-curate"]) && contains(one([for s in data.aws_iam_policy_document.this.statement : s.actions if s.sid == "RunGlueJobs"]), "glue:StartJobRun")
    error_message = "The role starts only the given Glue jobs."
  }

  assert {
    condition     = one([for s in data.aws_iam_policy_document.this.statement : s.resources if s.sid == "RunEcsTasks"]) == toset(["arn:aws:ecs:eu-west-1:123456789012:task-definition/acme-dev-export:*"])
    error_message = "The role runs only the given task families."
  }

  assert {
    condition     = one([for s in data.aws_iam_policy_document.this.statement : s.resources if s.sid == "PassEcsTaskRoles"]) == toset(var.ecs_pass_role_arns)
    error_message = "The role passes only the tasks' roles."
  }

  assert {
    condition     = one(one([for s in data.aws_iam_policy_document.this.statement : s.condition if s.sid == "PassEcsTaskRoles"])).values == tolist(["ecs-tasks.amazonaws.com"])
    error_message = "The roles may be passed to ECS tasks only."
  }

  assert {
    condition     = one(one([for s in data.aws_iam_policy_document.this.statement : s.condition if s.sid == "EncryptStateMachineData"])).values == tolist(["arn:aws:states:eu-west-1:123456789012:stateMachine:acme-dev-pipeline"])
    error_message = "The key may be used only for this state machine's data."
  }
}

run "lambda_only_express_workflow" {
  command = plan

  variables {
    type                     = "EXPRESS"
    glue_job_arns            = []
    ecs_task_definition_arns = []
    ecs_pass_role_arns       = []
    tracing_enabled          = false
  }

  assert {
    condition     = aws_sfn_state_machine.this.type == "EXPRESS"
    error_message = "EXPRESS workflows are supported."
  }

  assert {
    condition     = length([for s in data.aws_iam_policy_document.this.statement : s if contains(["RunGlueJobs", "RunEcsTasks", "PassEcsTaskRoles", "EcsSyncRule", "Tracing"], coalesce(s.sid, "-"))]) == 0
    error_message = "No Glue, ECS or X-Ray permissions when nothing needs them."
  }
}

run "rejects_a_definition_that_is_not_json" {
  command = plan

  variables {
    definition_file = "tests/fixtures/broken.json"
  }

  expect_failures = [aws_sfn_state_machine.this]
}

run "rejects_an_unknown_type" {
  command = plan

  variables {
    type = "SYNC"
  }

  expect_failures = [var.type]
}

run "rejects_ecs_tasks_without_roles_to_pass" {
  command = plan

  variables {
    ecs_pass_role_arns = []
  }

  expect_failures = [var.ecs_pass_role_arns]
}

run "rejects_a_qualified_lambda_arn" {
  command = plan

  variables {
    lambda_function_arns = ["arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-check:live"]
  }

  expect_failures = [var.lambda_function_arns]
}

run "rejects_a_glue_job_name_instead_of_an_arn" {
  command = plan

  variables {
    glue_job_arns = ["acme-dev-curate"]
  }

  expect_failures = [var.glue_job_arns]
}

run "rejects_a_task_definition_with_revision" {
  command = plan

  variables {
    ecs_task_definition_arns = ["arn:aws:ecs:eu-west-1:123456789012:task-definition/acme-dev-export:3"]
  }

  expect_failures = [var.ecs_task_definition_arns]
}

run "rejects_an_unknown_log_level" {
  command = plan

  variables {
    log_level = "DEBUG"
  }

  expect_failures = [var.log_level]
}

run "rejects_a_name_too_long_for_the_role" {
  command = plan

  variables {
    name = "acme-dev-we-1234-a-rather-long-feature-name-nightly-pipeline1"
  }

  expect_failures = [var.name]
}
