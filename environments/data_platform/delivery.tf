# CI/CD of the data pipeline repository, after data.all's "General pipeline".
module "cicd" {
  source = "../../modules/codepipeline"

  name               = "${local.name_prefix}-cicd"
  source_provider    = var.pipeline_source_provider
  repository_id      = var.pipeline_repository_id
  branch             = var.pipeline_branch
  connection_arn     = var.pipeline_connection_arn
  source_s3_bucket   = var.pipeline_source_provider == "S3" ? module.artifacts_bucket.bucket_id : null
  kms_key_arn        = aws_kms_key.this.arn
  force_destroy      = local.force_destroy
  log_retention_days = var.log_retention_days
  access_logs        = { target_bucket = module.logs_bucket.bucket_id }
  deploy_role_arns   = var.pipeline_deploy_role_arns
  stages = [
    for stage in var.pipeline_stages : merge(stage, {
      buildspec_file = stage.buildspec_file == null ? null : "${path.module}/${stage.buildspec_file}"
    })
  ]

  tags = { component = "delivery" }
}

module "alerts" {
  source = "../../modules/notifications"

  name                = "${local.name_prefix}-alerts"
  kms_key_arn         = aws_kms_key.this.arn
  state_machine_arns  = [module.pipeline.state_machine_arn]
  glue_job_names      = [module.curate.job_name]
  codepipeline_names  = [module.cicd.pipeline_name]
  email_subscriptions = var.alert_emails

  tags = { component = "alerts" }
}
