module "layers" {
  source   = "../../modules/lambda_layer"
  for_each = var.layers

  name                     = "${local.name_prefix}-${replace(each.key, ".", "_")}"
  description              = "Layer ${each.key} of ${local.name_prefix}."
  zip_path                 = each.value.zip_path
  source_code_hash         = each.value.source_code_hash
  compatible_runtimes      = each.value.compatible_runtimes
  compatible_architectures = each.value.compatible_architectures
  upload_via_s3            = each.value.upload_via_s3
  s3_bucket                = module.artifacts_bucket.bucket_id
  s3_kms_key_arn           = aws_kms_key.this.arn
}

locals {
  # Layers built for the function's runtime and architecture; Lambda takes at most five.
  function_layer_arns = slice(
    [
      for key in sort(keys(var.layers)) : module.layers[key].layer_version_arn
      if contains(var.layers[key].compatible_runtimes, var.lambda_runtime) && contains(var.layers[key].compatible_architectures, var.lambda_architecture)
    ],
    0,
    min(5, length([
      for key, layer in var.layers : key
      if contains(layer.compatible_runtimes, var.lambda_runtime) && contains(layer.compatible_architectures, var.lambda_architecture)
    ])),
  )
  check_files_zip = "${path.module}/functions/check_files.zip"
}

# Lists the raw files that arrived since the last run: on file arrival and as the pipeline's
# first step.
module "check_files" {
  source = "../../modules/lambda_function"

  name               = "${local.name_prefix}-check-files"
  description        = "Lists new raw files for the curate job."
  zip_path           = local.check_files_zip
  source_code_hash   = filebase64sha256(local.check_files_zip)
  handler            = "main.handler"
  runtime            = var.lambda_runtime
  architecture       = var.lambda_architecture
  layer_arns         = local.function_layer_arns
  kms_key_arn        = aws_kms_key.this.arn
  log_retention_days = var.log_retention_days

  environment_variables = {
    DATA_BUCKET = module.data_bucket.bucket_id
    RAW_PREFIX  = local.raw_prefix
  }

  policy_statements = [
    {
      sid       = "ListRaw"
      actions   = ["s3:ListBucket"]
      resources = [module.data_bucket.bucket_arn]
    },
    {
      sid       = "UseDataKey"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [aws_kms_key.this.arn]
    },
  ]

  event_pattern = jsonencode({
    source        = ["aws.s3"]
    "detail-type" = ["Object Created"]
    detail = {
      bucket = { name = [local.data_bucket_name] }
      object = { key = [{ prefix = local.raw_prefix }] }
    }
  })

  tags = { component = "ingest" }
}

module "curate" {
  source = "../../modules/glue_job"

  name              = "${local.name_prefix}-curate"
  description       = "Turns raw CSV files into curated Parquet."
  script_path       = "${path.module}/glue/curate.py"
  script_bucket     = module.artifacts_bucket.bucket_id
  worker_type       = var.glue_worker_type
  number_of_workers = var.glue_number_of_workers
  kms_key_arn       = aws_kms_key.this.arn

  s3_read_arns  = ["${module.data_bucket.bucket_arn}/${local.raw_prefix}*"]
  s3_write_arns = ["${module.data_bucket.bucket_arn}/${local.curated_prefix}*"]

  default_arguments = {
    "--source_path" = "s3://${module.data_bucket.bucket_id}/${local.raw_prefix}"
    "--target_path" = "s3://${module.data_bucket.bucket_id}/${local.curated_prefix}"
  }

  create_catalog_database = true
  catalog_database_name   = "${replace(local.name_prefix, "-", "_")}_curated"
  create_crawler          = true
  crawler_s3_paths        = ["s3://${module.data_bucket.bucket_id}/${local.curated_prefix}"]

  tags = { component = "curate" }
}

module "export" {
  source = "../../modules/ecs_task"

  name                    = "${local.name_prefix}-export"
  create_repository       = true
  repository_force_delete = local.force_destroy
  container_image         = var.ecs_container_image
  image_tag               = var.ecs_image_tag
  command                 = ["python", "-m", "export"]
  cpu                     = var.ecs_cpu
  memory                  = var.ecs_memory
  kms_key_arn             = aws_kms_key.this.arn
  log_retention_days      = var.log_retention_days
  subnet_ids              = var.ecs_subnet_ids
  security_group_ids      = var.ecs_security_group_ids

  environment = {
    DATA_BUCKET    = module.data_bucket.bucket_id
    CURATED_PREFIX = local.curated_prefix
    EXPORTS_PREFIX = local.exports_prefix
  }

  task_policy_statements = [
    {
      sid       = "ReadCurated"
      actions   = ["s3:GetObject"]
      resources = ["${module.data_bucket.bucket_arn}/${local.curated_prefix}*"]
    },
    {
      sid       = "WriteExports"
      actions   = ["s3:PutObject"]
      resources = ["${module.data_bucket.bucket_arn}/${local.exports_prefix}*"]
    },
    {
      sid       = "UseDataKey"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [aws_kms_key.this.arn]
    },
  ]

  tags = { component = "export" }
}

# Runs the function, then the Glue job, then the ECS task.
module "pipeline" {
  source = "../../modules/step_function"

  name            = "${local.name_prefix}-pipeline"
  definition_file = "${path.module}/definitions/pipeline.asl.json.tftpl"
  definition_variables = {
    lambda_function_arn     = module.check_files.function_arn
    glue_job_name           = module.curate.job_name
    ecs_cluster_arn         = module.export.cluster_arn
    ecs_task_definition_arn = module.export.task_definition_arn_without_revision
    ecs_container_name      = module.export.container_name
    ecs_subnets             = module.export.network_configuration.subnets
    ecs_security_groups     = module.export.network_configuration.security_groups
    ecs_assign_public_ip    = module.export.network_configuration.assign_public_ip
  }

  lambda_function_arns     = [module.check_files.function_arn]
  glue_job_arns            = [module.curate.job_arn]
  ecs_task_definition_arns = [module.export.task_definition_arn_without_revision]
  ecs_pass_role_arns       = [module.export.task_role_arn, module.export.execution_role_arn]
  kms_key_arn              = aws_kms_key.this.arn
  log_retention_days       = var.log_retention_days

  tags = { component = "orchestration" }
}
