mock_provider "aws" {
  override_during = plan

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }

  mock_data "aws_region" {
    defaults = {
      region = "eu-west-1"
    }
  }

  mock_resource "aws_ecs_cluster" {
    defaults = {
      arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/acme-dev-export"
    }
  }

  mock_resource "aws_ecs_task_definition" {
    defaults = {
      arn                  = "arn:aws:ecs:eu-west-1:123456789012:task-definition/acme-dev-export:1"
      arn_without_revision = "arn:aws:ecs:eu-west-1:123456789012:task-definition/acme-dev-export"
    }
  }

  mock_resource "aws_ecr_repository" {
    defaults = {
      arn            = "arn:aws:ecr:eu-west-1:123456789012:repository/acme-dev-export"
      repository_url = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme-dev-export"
    }
  }
}

variables {
  name            = "acme-dev-export"
  container_image = "public.ecr.aws/docker/library/python:3.12-slim"
  kms_key_arn     = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  tags            = { project = "acme" }
}

run "fargate_task_with_cluster_roles_and_logs" {
  command = plan

  assert {
    condition     = aws_ecs_cluster.this[0].name == "acme-dev-export" && aws_ecs_task_definition.this.family == "acme-dev-export"
    error_message = "The cluster and task family are named after var.name."
  }

  assert {
    condition     = aws_iam_role.task.name == "acme-dev-export-task" && aws_iam_role.execution.name == "acme-dev-export-exec"
    error_message = "The task and execution roles are separate and named after var.name."
  }

  assert {
    condition     = aws_ecs_task_definition.this.cpu == "256" && aws_ecs_task_definition.this.memory == "512" && aws_ecs_task_definition.this.requires_compatibilities == toset(["FARGATE"]) && aws_ecs_task_definition.this.network_mode == "awsvpc"
    error_message = "The task is a Fargate awsvpc task with the given size."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].image == var.container_image && jsondecode(aws_ecs_task_definition.this.container_definitions)[0].readonlyRootFilesystem
    error_message = "The container runs the given image on a read-only root filesystem."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].logConfiguration.options["awslogs-group"] == "/ecs/acme-dev-export"
    error_message = "The container logs to the task's log group."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.kms_key_id == var.kms_key_arn && aws_cloudwatch_log_group.this.retention_in_days == 365
    error_message = "The log group is encrypted and kept a year."
  }

  assert {
    condition     = one([for s in aws_ecs_cluster.this[0].setting : s.value if s.name == "containerInsights"]) == "enabled"
    error_message = "Container Insights is enabled on the cluster."
  }

  assert {
    condition     = aws_ecs_task_definition.this.tags["project"] == "acme" && aws_iam_role.task.tags["project"] == "acme"
    error_message = "Resources carry the given tags."
  }

  assert {
    condition     = length(aws_iam_role_policy.task) == 0 && length(aws_ecs_service.this) == 0 && length(aws_cloudwatch_event_rule.schedule) == 0 && length(aws_ecr_repository.this) == 0
    error_message = "No task permissions, service, schedule or repository unless asked for."
  }

  assert {
    condition     = output.cluster_arn == "arn:aws:ecs:eu-west-1:123456789012:cluster/acme-dev-export" && output.container_name == "main"
    error_message = "The outputs give what Step Functions' RunTask needs."
  }
}

run "repository_secrets_and_task_permissions" {
  command = plan

  variables {
    container_image         = null
    create_repository       = true
    repository_force_delete = true
    image_tag               = "3f2a9c1"
    secrets                 = { API_TOKEN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/api-token" }
    task_policy_statements = [{
      sid       = "ReadCurated"
      actions   = ["s3:GetObject"]
      resources = ["arn:aws:s3:::acme-dev-data/curated/*"]
    }]
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].image == "123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme-dev-export:3f2a9c1"
    error_message = "Without container_image the task runs the repository's image_tag."
  }

  assert {
    condition     = aws_ecr_repository.this[0].force_delete && aws_ecr_repository.this[0].image_tag_mutability == "IMMUTABLE" && aws_ecr_repository.this[0].encryption_configuration[0].kms_key == var.kms_key_arn
    error_message = "The repository is immutable, encrypted, and force-deleted when asked."
  }

  assert {
    condition     = one([for s in data.aws_iam_policy_document.execution.statement : s.resources if s.sid == "ReadSecrets"]) == toset(["arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/api-token"])
    error_message = "The execution role reads only the task's secrets."
  }

  assert {
    condition     = one([for s in data.aws_iam_policy_document.execution.statement : s.resources if s.sid == "PullImage"]) == toset(["arn:aws:ecr:eu-west-1:123456789012:repository/acme-dev-export"])
    error_message = "The execution role pulls only from its repository."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets[0].valueFrom == var.secrets["API_TOKEN"]
    error_message = "Secrets reach the container through valueFrom, never as plain values."
  }

  assert {
    condition     = data.aws_iam_policy_document.task[0].statement[0].resources == toset(["arn:aws:s3:::acme-dev-data/curated/*"])
    error_message = "The task role gets the given statements."
  }
}

run "scheduled_run_on_an_existing_cluster" {
  command = plan

  variables {
    create_cluster      = false
    cluster_arn         = "arn:aws:ecs:eu-west-1:123456789012:cluster/shared"
    subnet_ids          = ["subnet-0123456789abcdef0"]
    schedule_expression = "cron(0 6 * * ? *)"
  }

  assert {
    condition     = length(aws_ecs_cluster.this) == 0 && aws_cloudwatch_event_target.schedule[0].arn == var.cluster_arn
    error_message = "The schedule runs the task on the existing cluster."
  }

  assert {
    condition     = aws_cloudwatch_event_target.schedule[0].ecs_target[0].network_configuration[0].assign_public_ip == false
    error_message = "Scheduled tasks get no public IP."
  }

  assert {
    condition     = data.aws_iam_policy_document.events[0].statement[0].resources == toset(["arn:aws:ecs:eu-west-1:123456789012:task-definition/acme-dev-export:*"])
    error_message = "EventBridge may run only this task family."
  }

  assert {
    condition     = data.aws_iam_policy_document.events[0].statement[1].actions == toset(["iam:PassRole"]) && one(data.aws_iam_policy_document.events[0].statement[1].condition).values == tolist(["ecs-tasks.amazonaws.com"])
    error_message = "EventBridge may pass the task's roles to ECS only."
  }
}

run "service" {
  command = plan

  variables {
    create_service = true
    subnet_ids     = ["subnet-0123456789abcdef0"]
  }

  assert {
    condition     = aws_ecs_service.this[0].launch_type == "FARGATE" && aws_ecs_service.this[0].platform_version == "LATEST" && aws_ecs_service.this[0].network_configuration[0].assign_public_ip == false
    error_message = "The service runs on Fargate without a public IP."
  }
}

run "rejects_memory_not_allowed_for_the_cpu" {
  command = plan

  variables {
    cpu    = 256
    memory = 4096
  }

  expect_failures = [var.memory]
}

run "rejects_a_cpu_value_fargate_does_not_offer" {
  command = plan

  variables {
    cpu = 300
  }

  expect_failures = [var.cpu]
}

run "rejects_an_odd_memory_step_for_8_vcpu" {
  command = plan

  variables {
    cpu    = 8192
    memory = 17408
  }

  expect_failures = [var.memory]
}

run "rejects_no_image_and_no_repository" {
  command = plan

  variables {
    container_image = null
  }

  expect_failures = [var.container_image]
}

run "rejects_no_cluster" {
  command = plan

  variables {
    create_cluster = false
  }

  expect_failures = [var.cluster_arn]
}

run "rejects_a_schedule_without_subnets" {
  command = plan

  variables {
    schedule_expression = "rate(1 day)"
  }

  expect_failures = [var.subnet_ids]
}

run "rejects_a_plain_value_as_secret" {
  command = plan

  variables {
    secrets = { API_TOKEN = "hunter2" }
  }

  expect_failures = [var.secrets]
}

run "rejects_an_unknown_architecture" {
  command = plan

  variables {
    cpu_architecture = "AMD64"
  }

  expect_failures = [var.cpu_architecture]
}

run "rejects_a_name_too_long_for_the_roles" {
  command = plan

  variables {
    name = "acme-dev-we-1234-a-rather-long-feature-name-export-to-partner"
  }

  expect_failures = [var.name]
}
