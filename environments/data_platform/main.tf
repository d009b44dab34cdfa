locals {
  name_prefix   = join("-", compact([var.project, var.stage, var.workspace]))
  force_destroy = !var.protected

  account    = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.region
  partition  = data.aws_partition.current.partition
  arn_prefix = "arn:${local.partition}"

  # Tag values allow letters, digits, spaces and _ . : / = + - @ only.
  tags = {
    project    = var.project
    stage      = var.stage
    workspace  = var.workspace == "" ? "none" : var.workspace
    branch     = var.branch == "" ? "none" : substr(replace(var.branch, "/[^\\p{L}\\p{N} _.:/=+@-]/", "-"), 0, 256)
    managed-by = "orch"
  }

  # Known at plan time (bucket ids are not), so event patterns and counts can use it.
  data_bucket_name = "${local.name_prefix}-data"

  raw_prefix     = "raw/"
  curated_prefix = "curated/"
  exports_prefix = "exports/"
}
