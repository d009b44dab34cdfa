mock_provider "aws" {
  override_during = plan

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }

  mock_data "aws_region" {
    defaults = {
      region = "eu-west-1"
    }
  }
}

variables {
  name          = "acme-dev-curate"
  script_path   = "examples/spark_etl/curate.py"
  script_bucket = "acme-dev-artifacts"
  kms_key_arn   = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  s3_read_arns  = ["arn:aws:s3:::acme-dev-data/raw/*"]
  s3_write_arns = ["arn:aws:s3:::acme-dev-data/curated/*"]
  tags          = { project = "acme" }
}

run "spark_job_with_encryption_and_bookmarks" {
  command = plan

  assert {
    condition     = aws_glue_job.this.name == "acme-dev-curate" && aws_iam_role.this.name == "acme-dev-curate-glue"
    error_message = "The job and its role are named after var.name."
  }

  assert {
    condition     = aws_glue_job.this.command[0].name == "glueetl" && aws_glue_job.this.glue_version == "5.0" && aws_glue_job.this.worker_type == "G.1X" && aws_glue_job.this.number_of_workers == 2
    error_message = "A Spark job gets the version, worker type and count."
  }

  assert {
    condition     = aws_glue_job.this.command[0].script_location == "s3://acme-dev-artifacts/glue-scripts/acme-dev-curate.py"
    error_message = "The job runs the uploaded script."
  }

  assert {
    condition     = aws_s3_object.script.source_hash == filemd5("examples/spark_etl/curate.py")
    error_message = "The script is re-uploaded when its content changes."
  }

  assert {
    condition     = aws_glue_job.this.default_arguments["--job-bookmark-option"] == "job-bookmark-enable"
    error_message = "Job bookmarks are enabled by default."
  }

  assert {
    condition     = aws_glue_job.this.security_configuration == "acme-dev-curate"
    error_message = "The job uses its security configuration."
  }

  assert {
    condition = alltrue([
      aws_glue_security_configuration.this.encryption_configuration[0].s3_encryption[0].s3_encryption_mode == "SSE-KMS",
      aws_glue_security_configuration.this.encryption_configuration[0].cloudwatch_encryption[0].cloudwatch_encryption_mode == "SSE-KMS",
      aws_glue_security_configuration.this.encryption_configuration[0].job_bookmarks_encryption[0].job_bookmarks_encryption_mode == "CSE-KMS",
    ])
    error_message = "Output, logs and bookmarks are encrypted with KMS."
  }

  assert {
    condition     = aws_glue_job.this.tags["project"] == "acme" && aws_iam_role.this.tags["project"] == "acme"
    error_message = "Resources carry the given tags."
  }

  assert {
    condition     = one([for s in data.aws_iam_policy_document.this.statement : s.resources if s.sid == "ReadScript"]) == toset(["arn:aws:s3:::acme-dev-artifacts/glue-scripts/acme-dev-curate.py"])
    error_message = "The role reads only its own script."
  }

  assert {
    condition     = one([for s in data.aws_iam_policy_document.this.statement : s.resources if s.sid == "WriteData"]) == toset(["arn:aws:s3:::acme-dev-data/curated/*"])
    error_message = "The role writes only the given prefixes."
  }

  assert {
    condition     = one([for s in data.aws_iam_policy_document.this.statement : s.resources if s.sid == "ListBuckets"]) == toset(["arn:aws:s3:::acme-dev-artifacts", "arn:aws:s3:::acme-dev-data"])
    error_message = "The role lists only the buckets it uses."
  }

  assert {
    condition     = length([for s in data.aws_iam_policy_document.this.statement : s if s.sid == "UseCatalogDatabase"]) == 0
    error_message = "No catalog permissions without a catalog database."
  }

  assert {
    condition     = length(aws_glue_catalog_database.this) == 0 && length(aws_glue_crawler.this) == 0
    error_message = "No database or crawler unless asked for."
  }
}

run "python_shell_job" {
  command = plan

  variables {
    job_type     = "pythonshell"
    glue_version = "3.0"
  }

  assert {
    condition     = aws_glue_job.this.command[0].name == "pythonshell" && aws_glue_job.this.max_capacity == 0.0625
    error_message = "A Python shell job uses max_capacity, not workers."
  }

  assert {
    condition     = aws_glue_job.this.command[0].python_version == "3.9"
    error_message = "A Python shell job runs Python 3.9."
  }
}

run "catalog_database_and_crawler" {
  command = plan

  variables {
    create_catalog_database = true
    catalog_database_name   = "acme_dev_curated"
    create_crawler          = true
    crawler_s3_paths        = ["s3://acme-dev-data/curated/"]
    crawler_schedule        = "cron(0 5 * * ? *)"
  }

  assert {
    condition     = aws_glue_catalog_database.this[0].name == "acme_dev_curated" && aws_glue_crawler.this[0].database_name == "acme_dev_curated"
    error_message = "The crawler fills the created database."
  }

  assert {
    condition     = aws_glue_crawler.this[0].s3_target[0].path == "s3://acme-dev-data/curated/" && aws_glue_crawler.this[0].security_configuration == "acme-dev-curate"
    error_message = "The crawler reads the given path with the security configuration."
  }

  assert {
    condition     = contains(one([for s in data.aws_iam_policy_document.this.statement : s.resources if s.sid == "UseCatalogDatabase"]), "arn:aws:glue:eu-west-1:123456789012:database/acme_dev_curated")
    error_message = "The role may use the catalog database."
  }

  assert {
    condition     = contains(one([for s in data.aws_iam_policy_document.this.statement : s.resources if s.sid == "ReadData"]), "arn:aws:s3:::acme-dev-data/curated/*")
    error_message = "The role may read what the crawler catalogs."
  }
}

run "rejects_an_unknown_job_type" {
  command = plan

  variables {
    job_type = "gluestreaming"
  }

  expect_failures = [var.job_type]
}

run "rejects_a_spark_glue_version_for_python_shell" {
  command = plan

  variables {
    job_type     = "pythonshell"
    glue_version = "5.0"
  }

  expect_failures = [var.glue_version]
}

run "rejects_an_unknown_worker_type" {
  command = plan

  variables {
    worker_type = "G.3X"
  }

  expect_failures = [var.worker_type]
}

run "rejects_a_single_worker" {
  command = plan

  variables {
    number_of_workers = 1
  }

  expect_failures = [var.number_of_workers]
}

run "rejects_a_name_too_long_for_the_role" {
  command = plan

  variables {
    name = "acme-dev-we-1234-a-rather-long-feature-name-curate-raw-files"
  }

  expect_failures = [var.name]
}

run "rejects_a_crawler_without_paths" {
  command = plan

  variables {
    create_crawler        = true
    catalog_database_name = "acme_dev_curated"
  }

  expect_failures = [var.crawler_s3_paths]
}

run "rejects_a_crawler_without_a_database" {
  command = plan

  variables {
    create_crawler   = true
    crawler_s3_paths = ["s3://acme-dev-data/curated/"]
  }

  expect_failures = [var.catalog_database_name]
}

run "rejects_a_database_name_athena_cannot_query" {
  command = plan

  variables {
    create_catalog_database = true
    catalog_database_name   = "acme-dev-curated"
  }

  expect_failures = [var.catalog_database_name]
}

run "rejects_an_unknown_bookmark_option" {
  command = plan

  variables {
    job_bookmark = "on"
  }

  expect_failures = [var.job_bookmark]
}

run "rejects_arguments_without_dashes" {
  command = plan

  variables {
    default_arguments = { source_path = "s3://acme-dev-data/raw/" }
  }

  expect_failures = [var.default_arguments]
}

run "rejects_a_bucket_arn_without_a_key_pattern" {
  command = plan

  variables {
    s3_read_arns = ["arn:aws:s3:::acme-dev-data"]
  }

  expect_failures = [var.s3_read_arns]
}
