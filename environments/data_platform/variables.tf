# Provided by the orchestrator on every run.

variable "project" {
  description = "Project name, the first part of every resource name."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,19}$", var.project))
    error_message = "project must be 2 to 20 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "stage" {
  description = "Stage being deployed (e.g. dev, int, prd)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{0,9}$", var.stage))
    error_message = "stage must be 1 to 10 lower-case letters or digits, starting with a letter."
  }
}

variable "workspace" {
  description = "Feature workspace name; empty for a stage deploy."
  type        = string
  default     = ""

  validation {
    condition     = can(regex("^([a-z0-9]+(-[a-z0-9]+)*)?$", var.workspace))
    error_message = "workspace must be empty or lower-case letters and digits separated by single hyphens."
  }

  # Every name is `<prefix>-<suffix>`; the longest suffixes here take 20 characters (e.g.
  # `-check-files-lambda` for an IAM role), and S3 bucket names stop at 63.
  validation {
    condition     = length(join("-", compact([var.project, var.stage, var.workspace]))) <= 43
    error_message = "The name prefix `<project>-<stage>-<workspace>` must be at most 43 characters: AWS limits (S3 bucket names 63, IAM role names 64) leave no more after the longest resource suffix. Shorten the workspace (branch) name."
  }
}

variable "branch" {
  description = "Git branch being deployed, for the branch tag; empty when unknown."
  type        = string
  default     = ""
}

variable "protected" {
  description = "Whether the stage is protected: protected stages never get force_destroy on buckets and repositories."
  type        = bool
}

variable "layers" {
  description = "Lambda layers built by `orch layer build`, keyed by logical name; zip paths are absolute or relative to this directory."
  type = map(object({
    zip_path                 = string
    source_code_hash         = string
    compatible_runtimes      = list(string)
    compatible_architectures = list(string)
    upload_via_s3            = bool
  }))
  default = {}

  validation {
    condition     = alltrue([for key in keys(var.layers) : can(regex("^[A-Za-z0-9_.-]{1,60}$", key))])
    error_message = "Layer keys must be 1 to 60 letters, digits, dots, hyphens or underscores."
  }
}

# Stage-specific settings, from the stage's tfvars (see tfvars/*.tfvars.example).

variable "region" {
  description = "AWS region; null takes it from the environment (AWS_REGION), as the orchestrator sets it."
  type        = string
  default     = null
}

variable "s3_use_path_style" {
  description = "Address S3 buckets by path instead of host name; for S3-compatible endpoints such as the local embedded AWS."
  type        = bool
  default     = false
}

variable "log_retention_days" {
  description = "Days every log group keeps its logs."
  type        = number
  default     = 365
}

variable "alert_emails" {
  description = "E-mail addresses told about failed runs and pipeline changes."
  type        = list(string)
  default     = []
}

variable "raw_expiration_days" {
  description = "Days raw files are kept after they land; null keeps them."
  type        = number
  default     = null
}

variable "lambda_runtime" {
  description = "Python runtime of the check-files function; layers compatible with it are attached."
  type        = string
  default     = "python3.12"
}

variable "lambda_architecture" {
  description = "Architecture of the check-files function (x86_64 or arm64); layers built for it are attached."
  type        = string
  default     = "x86_64"
}

variable "glue_worker_type" {
  description = "Worker type of the curate Glue job."
  type        = string
  default     = "G.1X"
}

variable "glue_number_of_workers" {
  description = "Number of workers of the curate Glue job."
  type        = number
  default     = 2
}

variable "ecs_container_image" {
  description = "Image of the export task; null runs `<the stack's ECR repository>:<ecs_image_tag>`."
  type        = string
  default     = null
}

variable "ecs_image_tag" {
  description = "Tag of the export image in the stack's ECR repository (tags are immutable: use the commit SHA)."
  type        = string
  default     = "latest"
}

variable "ecs_cpu" {
  description = "CPU units of the export task."
  type        = number
  default     = 256
}

variable "ecs_memory" {
  description = "Memory of the export task in MiB."
  type        = number
  default     = 512
}

variable "ecs_subnet_ids" {
  description = "Private subnets the export task runs in."
  type        = list(string)
  default     = []
}

variable "ecs_security_group_ids" {
  description = "Security groups of the export task."
  type        = list(string)
  default     = []
}

variable "pipeline_source_provider" {
  description = "Source of the data pipeline repository's CodePipeline: GitHub or S3 (a zip in the artifacts bucket)."
  type        = string
  default     = "S3"
}

variable "pipeline_repository_id" {
  description = "GitHub repository (`owner/name`) the CodePipeline builds, when pipeline_source_provider is GitHub."
  type        = string
  default     = null
}

variable "pipeline_branch" {
  description = "Branch the CodePipeline builds."
  type        = string
  default     = "main"
}

variable "pipeline_connection_arn" {
  description = "Existing CodeStar connection to GitHub; null creates one."
  type        = string
  default     = null
}

variable "pipeline_stages" {
  description = "Stages of the CodePipeline after its source (see modules/codepipeline); buildspec_file paths are relative to this directory."
  type = list(object({
    name                  = string
    action                = string
    target_stage          = optional(string)
    buildspec             = optional(string)
    buildspec_file        = optional(string)
    environment_variables = optional(map(string), {})
  }))
  default = [
    { name = "deploy-int", action = "deploy", target_stage = "int", buildspec_file = "buildspecs/deploy.yml" },
    { name = "unit-tests", action = "test", buildspec_file = "buildspecs/unit-tests.yml" },
    { name = "approve-prd", action = "approval" },
    { name = "deploy-prd", action = "deploy", target_stage = "prd", buildspec_file = "buildspecs/deploy.yml" },
  ]
}

variable "pipeline_deploy_role_arns" {
  description = "Role the CodePipeline's deploy builds assume for each target stage, as stage => role ARN."
  type        = map(string)
  default     = {}
}
