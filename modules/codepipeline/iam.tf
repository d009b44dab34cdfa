locals {
  arn_prefix         = "arn:${data.aws_partition.current.partition}"
  account            = data.aws_caller_identity.current.account_id
  project_arns       = [for project in aws_codebuild_project.this : project.arn]
  source_bucket_arn  = var.source_s3_bucket == null ? null : "${local.arn_prefix}:s3:::${var.source_s3_bucket}"
  used_deploy_stages = [for stage in var.stages : stage.target_stage if stage.action == "deploy"]
  deploy_role_arns   = distinct([for stage, arn in var.deploy_role_arns : arn if contains(local.used_deploy_stages, stage)])
}

data "aws_iam_policy_document" "assume_pipeline" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["codepipeline.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account]
    }
  }
}

resource "aws_iam_role" "pipeline" {
  name               = "${var.name}-pipeline"
  description        = "Runs the pipeline ${var.name}."
  assume_role_policy = data.aws_iam_policy_document.assume_pipeline.json

  tags = var.tags
}

data "aws_iam_policy_document" "pipeline" {
  statement {
    sid       = "Artifacts"
    actions   = ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:GetBucketVersioning"]
    resources = [module.artifacts.bucket_arn, "${module.artifacts.bucket_arn}/*"]
  }

  statement {
    sid       = "EncryptArtifacts"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"]
    resources = [var.kms_key_arn]
  }

  statement {
    sid       = "RunBuilds"
    actions   = ["codebuild:StartBuild", "codebuild:BatchGetBuilds"]
    resources = local.project_arns
  }

  dynamic "statement" {
    for_each = var.source_provider == "GitHub" ? [1] : []

    content {
      sid       = "UseConnection"
      actions   = ["codestar-connections:UseConnection", "codeconnections:UseConnection"]
      resources = [local.connection_arn]
    }
  }

  dynamic "statement" {
    for_each = var.source_provider == "S3" ? [1] : []

    content {
      sid       = "ReadSource"
      actions   = ["s3:GetObject", "s3:GetObjectVersion", "s3:GetBucketVersioning"]
      resources = [local.source_bucket_arn, "${local.source_bucket_arn}/${var.source_s3_object_key}"]
    }
  }

  dynamic "statement" {
    for_each = var.approval_sns_topic_arn == null ? [] : [1]

    content {
      sid       = "NotifyApprovers"
      actions   = ["sns:Publish"]
      resources = [var.approval_sns_topic_arn]
    }
  }
}

resource "aws_iam_role_policy" "pipeline" {
  name   = "least-privilege"
  role   = aws_iam_role.pipeline.id
  policy = data.aws_iam_policy_document.pipeline.json
}

data "aws_iam_policy_document" "assume_build" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["codebuild.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account]
    }
  }
}

resource "aws_iam_role" "build" {
  name               = "${var.name}-build"
  description        = "Runs the build projects of the pipeline ${var.name}."
  assume_role_policy = data.aws_iam_policy_document.assume_build.json

  tags = var.tags
}

data "aws_iam_policy_document" "build" {
  statement {
    sid       = "WriteBuildLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }

  statement {
    sid       = "Artifacts"
    actions   = ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"]
    resources = ["${module.artifacts.bucket_arn}/*"]
  }

  statement {
    sid       = "EncryptArtifacts"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"]
    resources = [var.kms_key_arn]
  }

  dynamic "statement" {
    for_each = length(local.deploy_role_arns) > 0 ? [1] : []

    content {
      sid       = "AssumeDeployRoles"
      actions   = ["sts:AssumeRole"]
      resources = local.deploy_role_arns
    }
  }
}

resource "aws_iam_role_policy" "build" {
  name   = "least-privilege"
  role   = aws_iam_role.build.id
  policy = data.aws_iam_policy_document.build.json
}
