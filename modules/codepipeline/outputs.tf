output "pipeline_arn" {
  description = "ARN of the pipeline."
  value       = aws_codepipeline.this.arn
}

output "pipeline_name" {
  description = "Name of the pipeline."
  value       = aws_codepipeline.this.name
}

output "artifact_bucket_id" {
  description = "Name of the encrypted, versioned artifact bucket."
  value       = module.artifacts.bucket_id
}

output "codebuild_project_names" {
  description = "Build projects by stage name."
  value       = { for stage, project in aws_codebuild_project.this : stage => project.name }
}

output "connection_arn" {
  description = "ARN of the CodeStar connection to GitHub (confirm a created one once in the console), or null for an S3 source."
  value       = var.source_provider == "GitHub" ? local.connection_arn : null
}

output "pipeline_role_arn" {
  description = "ARN of the pipeline's role."
  value       = aws_iam_role.pipeline.arn
}

output "build_role_arn" {
  description = "ARN of the build projects' role."
  value       = aws_iam_role.build.arn
}
