output "name_prefix" {
  description = "Prefix of every resource name of this stage or workspace."
  value       = local.name_prefix
}

output "kms_key_arn" {
  description = "ARN of the key that encrypts the stack's data, logs and messages."
  value       = aws_kms_key.this.arn
}

output "data_bucket_name" {
  description = "Bucket of the raw, curated and exported data."
  value       = module.data_bucket.bucket_id
}

output "artifacts_bucket_name" {
  description = "Bucket of the Glue scripts, large layer zips and the CodePipeline's S3 source."
  value       = module.artifacts_bucket.bucket_id
}

output "layer_version_arns" {
  description = "Published layer versions by logical layer name."
  value       = { for key, layer in module.layers : key => layer.layer_version_arn }
}

output "check_files_function_name" {
  description = "Name of the check-files Lambda function."
  value       = module.check_files.function_name
}

output "glue_job_name" {
  description = "Name of the curate Glue job."
  value       = module.curate.job_name
}

output "glue_database_name" {
  description = "Catalog database of the curated tables."
  value       = module.curate.catalog_database_name
}

output "athena_workgroup_name" {
  description = "Athena workgroup over the curated data."
  value       = aws_athena_workgroup.this.name
}

output "ecs_cluster_arn" {
  description = "Cluster that runs the export task."
  value       = module.export.cluster_arn
}

output "ecr_repository_url" {
  description = "Repository to push the export image to."
  value       = module.export.repository_url
}

output "state_machine_arn" {
  description = "State machine that runs check-files, curate and export."
  value       = module.pipeline.state_machine_arn
}

output "codepipeline_name" {
  description = "CodePipeline of the data pipeline repository."
  value       = module.cicd.pipeline_name
}

output "alerts_topic_arn" {
  description = "SNS topic of failure and pipeline notifications."
  value       = module.alerts.topic_arn
}
