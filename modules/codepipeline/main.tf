data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  create_connection = var.source_provider == "GitHub" && var.connection_arn == null
  connection_arn    = local.create_connection ? aws_codestarconnections_connection.this[0].arn : var.connection_arn
  build_stages      = { for stage in var.stages : stage.name => stage if stage.action != "approval" }
}

module "artifacts" {
  source = "../s3_bucket"

  name                = "${var.name}-artifacts"
  kms_key_arn         = var.kms_key_arn
  force_destroy       = var.force_destroy
  eventbridge_enabled = false
  logging             = var.access_logs

  tags = var.tags
}

resource "aws_codestarconnections_connection" "this" {
  count = local.create_connection ? 1 : 0

  name          = substr(var.name, 0, 32)
  provider_type = "GitHub"

  tags = var.tags
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/codebuild/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_codebuild_project" "this" {
  for_each = local.build_stages

  name           = "${var.name}-${each.key}"
  description    = each.value.action == "deploy" ? "Deploys to ${each.value.target_stage}." : "Runs the unit tests."
  service_role   = aws_iam_role.build.arn
  build_timeout  = var.build_timeout
  encryption_key = var.kms_key_arn

  source {
    type      = "CODEPIPELINE"
    buildspec = each.value.buildspec_file != null ? file(each.value.buildspec_file) : coalesce(each.value.buildspec, each.value.action == "deploy" ? "buildspecs/deploy.yml" : "buildspecs/unit-tests.yml")
  }

  artifacts {
    type = "CODEPIPELINE"
  }

  environment {
    type            = "LINUX_CONTAINER"
    compute_type    = var.build_compute_type
    image           = var.build_image
    privileged_mode = false

    dynamic "environment_variable" {
      for_each = merge(
        each.value.environment_variables,
        each.value.action == "deploy" ? { TARGET_STAGE = each.value.target_stage } : {},
        each.value.action == "deploy" && contains(keys(var.deploy_role_arns), coalesce(each.value.target_stage, "-")) ? { DEPLOY_ROLE_ARN = var.deploy_role_arns[each.value.target_stage] } : {},
      )

      content {
        name  = environment_variable.key
        value = environment_variable.value
      }
    }
  }

  logs_config {
    cloudwatch_logs {
      group_name  = aws_cloudwatch_log_group.this.name
      stream_name = each.key
    }
  }

  tags = var.tags
}

resource "aws_codepipeline" "this" {
  name          = var.name
  role_arn      = aws_iam_role.pipeline.arn
  pipeline_type = "V2"

  artifact_store {
    type     = "S3"
    location = module.artifacts.bucket_id

    encryption_key {
      type = "KMS"
      id   = var.kms_key_arn
    }
  }

  stage {
    name = "Source"

    action {
      name             = "Source"
      category         = "Source"
      owner            = "AWS"
      provider         = var.source_provider == "GitHub" ? "CodeStarSourceConnection" : "S3"
      version          = "1"
      output_artifacts = ["source"]
      configuration = var.source_provider == "GitHub" ? {
        ConnectionArn        = local.connection_arn
        FullRepositoryId     = var.repository_id
        BranchName           = var.branch
        OutputArtifactFormat = "CODE_ZIP"
        DetectChanges        = "true"
        } : {
        S3Bucket             = var.source_s3_bucket
        S3ObjectKey          = var.source_s3_object_key
        PollForSourceChanges = "true"
      }
    }
  }

  dynamic "stage" {
    for_each = var.stages

    content {
      name = stage.value.name

      action {
        name      = stage.value.name
        category  = stage.value.action == "approval" ? "Approval" : stage.value.action == "test" ? "Test" : "Build"
        owner     = "AWS"
        provider  = stage.value.action == "approval" ? "Manual" : "CodeBuild"
        version   = "1"
        run_order = 1

        input_artifacts = stage.value.action == "approval" ? [] : ["source"]
        configuration = stage.value.action == "approval" ? merge(
          { CustomData = "Approve the deployment of ${var.name} that follows this stage." },
          var.approval_sns_topic_arn == null ? {} : { NotificationArn = var.approval_sns_topic_arn },
        ) : { ProjectName = aws_codebuild_project.this[stage.value.name].name }
      }
    }
  }

  tags = var.tags
}
