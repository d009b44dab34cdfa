locals {
  arn_prefix = "arn:${data.aws_partition.current.partition}"
  account    = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.region

  script_bucket_arn = "${local.arn_prefix}:s3:::${var.script_bucket}"
  read_arns         = concat(var.s3_read_arns, [for path in var.crawler_s3_paths : "${local.arn_prefix}:s3:::${trimprefix(path, "s3://")}*"])
  read_bucket_arns  = distinct([for arn in concat(local.read_arns, var.s3_write_arns) : regex("^arn:[^:]+:s3:::[^/]+", arn)])

  catalog_database_arns = var.catalog_database_name == null ? [] : [
    "${local.arn_prefix}:glue:${local.region}:${local.account}:catalog",
    "${local.arn_prefix}:glue:${local.region}:${local.account}:database/${var.catalog_database_name}",
    "${local.arn_prefix}:glue:${local.region}:${local.account}:table/${var.catalog_database_name}/*",
  ]
}

data "aws_iam_policy_document" "assume_role" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["glue.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = "${var.name}-glue"
  description        = "Runs the Glue job ${var.name}."
  assume_role_policy = data.aws_iam_policy_document.assume_role.json

  tags = var.tags
}

data "aws_iam_policy_document" "this" {
  #checkov:skip=CKV_AWS_356:cloudwatch:PutMetricData supports no resource-level permissions; it is limited to the Glue namespace by a condition.
  statement {
    sid       = "ReadScript"
    actions   = ["s3:GetObject"]
    resources = ["${local.script_bucket_arn}/${local.script_key}"]
  }

  statement {
    sid       = "TemporaryFiles"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${local.script_bucket_arn}/glue-temp/${var.name}/*"]
  }

  statement {
    sid       = "ListBuckets"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = distinct(concat([local.script_bucket_arn], local.read_bucket_arns))
  }

  dynamic "statement" {
    for_each = length(local.read_arns) > 0 ? [1] : []

    content {
      sid       = "ReadData"
      actions   = ["s3:GetObject"]
      resources = local.read_arns
    }
  }

  dynamic "statement" {
    for_each = length(var.s3_write_arns) > 0 ? [1] : []

    content {
      sid       = "WriteData"
      actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
      resources = var.s3_write_arns
    }
  }

  statement {
    sid       = "EncryptWithKey"
    actions   = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:DescribeKey"]
    resources = [var.kms_key_arn]
  }

  statement {
    sid = "WriteGlueLogs"
    actions = [
      "logs:CreateLogGroup",
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "logs:AssociateKmsKey",
    ]
    resources = ["${local.arn_prefix}:logs:${local.region}:${local.account}:log-group:/aws-glue/*"]
  }

  statement {
    sid       = "PublishMetrics"
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "cloudwatch:namespace"
      values   = ["Glue"]
    }
  }

  dynamic "statement" {
    for_each = length(local.catalog_database_arns) > 0 ? [1] : []

    content {
      sid = "UseCatalogDatabase"
      actions = [
        "glue:GetDatabase",
        "glue:GetTable",
        "glue:GetTables",
        "glue:CreateTable",
        "glue:UpdateTable",
        "glue:GetPartition",
        "glue:GetPartitions",
        "glue:BatchGetPartition",
        "glue:BatchCreatePartition",
        "glue:BatchUpdatePartition",
        "glue:CreatePartition",
        "glue:UpdatePartition",
      ]
      resources = local.catalog_database_arns
    }
  }
}

resource "aws_iam_role_policy" "this" {
  name   = "least-privilege"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.this.json
}
