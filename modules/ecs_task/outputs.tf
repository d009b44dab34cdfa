output "cluster_arn" {
  description = "ARN of the cluster that runs the task."
  value       = local.cluster_arn
}

output "task_definition_arn" {
  description = "ARN of the task definition, with its revision."
  value       = aws_ecs_task_definition.this.arn
}

output "task_definition_arn_without_revision" {
  description = "ARN of the task definition family (any revision), for IAM policies."
  value       = local.task_family_arn
}

output "container_name" {
  description = "Name of the container, for Step Functions container overrides."
  value       = var.container_name
}

output "task_role_arn" {
  description = "ARN of the task role (the container's identity)."
  value       = aws_iam_role.task.arn
}

output "execution_role_arn" {
  description = "ARN of the execution role (image pull, logs, secrets)."
  value       = aws_iam_role.execution.arn
}

output "network_configuration" {
  description = "Subnets, security groups and public IP setting of the task, as RunTask's awsvpcConfiguration needs them."
  value       = local.network_configuration
}

output "log_group_name" {
  description = "Name of the task's log group."
  value       = aws_cloudwatch_log_group.this.name
}

output "repository_url" {
  description = "URL of the created ECR repository, or null when none is created."
  value       = one(aws_ecr_repository.this[*].repository_url)
}
