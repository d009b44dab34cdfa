output "job_name" {
  description = "Name of the Glue job, for Step Functions `glue:startJobRun` tasks."
  value       = aws_glue_job.this.name
}

output "job_arn" {
  description = "ARN of the Glue job."
  value       = aws_glue_job.this.arn
}

output "role_arn" {
  description = "ARN of the job's role."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "Name of the job's role, to attach further policies."
  value       = aws_iam_role.this.name
}

output "security_configuration_name" {
  description = "Name of the Glue security configuration that encrypts the job's output, logs and bookmarks."
  value       = aws_glue_security_configuration.this.name
}

output "script_s3_uri" {
  description = "S3 URI of the uploaded script."
  value       = aws_glue_job.this.command[0].script_location
}

output "catalog_database_name" {
  description = "Name of the catalog database, or null when none is used."
  value       = var.create_catalog_database ? aws_glue_catalog_database.this[0].name : var.catalog_database_name
}

output "crawler_name" {
  description = "Name of the crawler, or null when none is created."
  value       = one(aws_glue_crawler.this[*].name)
}
