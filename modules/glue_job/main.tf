data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  is_spark   = var.job_type == "glueetl"
  script_key = "${var.script_key_prefix}${var.name}.py"
  temp_dir   = "s3://${var.script_bucket}/glue-temp/${var.name}/"

  default_arguments = merge(
    {
      "--job-language"                     = "python"
      "--job-bookmark-option"              = "job-bookmark-${var.job_bookmark}"
      "--TempDir"                          = local.temp_dir
      "--enable-metrics"                   = "true"
      "--enable-continuous-cloudwatch-log" = "true"
    },
    local.is_spark ? { "--enable-observability-metrics" = "true" } : {},
    var.catalog_database_name == null ? {} : { "--database_name" = var.catalog_database_name },
    var.default_arguments,
  )
}

resource "aws_s3_object" "script" {
  #checkov:skip=CKV_AWS_186:The script takes the bucket's default SSE-KMS encryption.
  bucket      = var.script_bucket
  key         = local.script_key
  source      = var.script_path
  source_hash = filemd5(var.script_path)

  tags = var.tags
}

resource "aws_glue_security_configuration" "this" {
  name = var.name

  encryption_configuration {
    cloudwatch_encryption {
      cloudwatch_encryption_mode = "SSE-KMS"
      kms_key_arn                = var.kms_key_arn
    }

    job_bookmarks_encryption {
      job_bookmarks_encryption_mode = "CSE-KMS"
      kms_key_arn                   = var.kms_key_arn
    }

    s3_encryption {
      s3_encryption_mode = "SSE-KMS"
      kms_key_arn        = var.kms_key_arn
    }
  }
}

resource "aws_glue_job" "this" {
  name                   = var.name
  description            = var.description
  role_arn               = aws_iam_role.this.arn
  glue_version           = var.glue_version
  worker_type            = local.is_spark ? var.worker_type : null
  number_of_workers      = local.is_spark ? var.number_of_workers : null
  max_capacity           = local.is_spark ? null : var.max_capacity
  timeout                = var.timeout
  max_retries            = var.max_retries
  security_configuration = aws_glue_security_configuration.this.name
  default_arguments      = local.default_arguments

  command {
    name            = var.job_type
    script_location = "s3://${var.script_bucket}/${aws_s3_object.script.key}"
    python_version  = local.is_spark ? "3" : "3.9"
  }

  execution_property {
    max_concurrent_runs = var.max_concurrent_runs
  }

  tags = var.tags
}

resource "aws_glue_catalog_database" "this" {
  count = var.create_catalog_database ? 1 : 0

  name        = var.catalog_database_name
  description = "Tables of ${var.name}."

  tags = var.tags
}

resource "aws_glue_crawler" "this" {
  count = var.create_crawler ? 1 : 0

  name                   = var.name
  description            = "Catalogs the output of ${var.name}."
  role                   = aws_iam_role.this.arn
  database_name          = var.create_catalog_database ? aws_glue_catalog_database.this[0].name : var.catalog_database_name
  schedule               = var.crawler_schedule
  security_configuration = aws_glue_security_configuration.this.name

  dynamic "s3_target" {
    for_each = var.crawler_s3_paths

    content {
      path = s3_target.value
    }
  }

  schema_change_policy {
    delete_behavior = "LOG"
    update_behavior = "UPDATE_IN_DATABASE"
  }

  recrawl_policy {
    recrawl_behavior = "CRAWL_EVERYTHING"
  }

  tags = var.tags
}
