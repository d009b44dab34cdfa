variable "name" {
  description = "Name of the pipeline; also prefixes its artifact bucket, build projects and roles (`<name>-pipeline`, `<name>-build`)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,47}$", var.name))
    error_message = "The name must be 1 to 48 lower-case letters, digits or hyphens: it also names the artifact bucket `<name>-artifacts` (S3, 63) and the role `<name>-pipeline` (IAM, 64)."
  }
}

variable "source_provider" {
  description = "Where the pipeline's repository comes from: `GitHub` (through a CodeStar connection) or `S3` (a zip object)."
  type        = string
  default     = "GitHub"

  validation {
    condition     = contains(["GitHub", "S3"], var.source_provider)
    error_message = "source_provider must be GitHub or S3."
  }
}

variable "repository_id" {
  description = "GitHub repository as `owner/name`, when source_provider is GitHub."
  type        = string
  default     = null

  validation {
    condition     = var.source_provider != "GitHub" || can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.repository_id))
    error_message = "source_provider is GitHub: set repository_id to `owner/name`."
  }
}

variable "branch" {
  description = "Branch the pipeline builds, when source_provider is GitHub."
  type        = string
  default     = "main"
}

variable "connection_arn" {
  description = "ARN of an existing CodeStar connection to GitHub; null creates one (it must then be confirmed once in the console)."
  type        = string
  default     = null
}

variable "source_s3_bucket" {
  description = "Bucket holding the source zip, when source_provider is S3 (versioning must be enabled)."
  type        = string
  default     = null

  validation {
    condition     = var.source_provider != "S3" || var.source_s3_bucket != null
    error_message = "source_provider is S3: set source_s3_bucket (and source_s3_object_key)."
  }
}

variable "source_s3_object_key" {
  description = "Key of the source zip, when source_provider is S3."
  type        = string
  default     = "source/repository.zip"
}

variable "stages" {
  description = <<-EOT
    The pipeline after its source, in order. Each entry is a `deploy` (CodeBuild deploy to target_stage),
    a `test` (CodeBuild unit tests) or an `approval` (manual approval). `buildspec` is a path inside the
    source repository; `buildspec_file` is a local file whose content is used instead.
  EOT
  type = list(object({
    name                  = string
    action                = string
    target_stage          = optional(string)
    buildspec             = optional(string)
    buildspec_file        = optional(string)
    environment_variables = optional(map(string), {})
  }))

  validation {
    condition     = length(var.stages) >= 1 && length(var.stages) <= 49
    error_message = "Give between 1 and 49 stages (CodePipeline allows 50 including the source)."
  }

  validation {
    condition     = alltrue([for stage in var.stages : contains(["deploy", "test", "approval"], stage.action)])
    error_message = "Each stage's action must be deploy, test or approval."
  }

  validation {
    condition     = alltrue([for stage in var.stages : can(regex("^[A-Za-z0-9_-]{1,40}$", stage.name))])
    error_message = "Each stage name must be 1 to 40 letters, digits, hyphens or underscores (it names a CodeBuild project)."
  }

  validation {
    condition     = length(distinct([for stage in var.stages : stage.name])) == length(var.stages)
    error_message = "Stage names must be unique."
  }

  validation {
    condition     = alltrue([for stage in var.stages : stage.action != "deploy" || stage.target_stage != null])
    error_message = "Each deploy stage needs target_stage (the stage it deploys to, e.g. prd)."
  }

  validation {
    condition     = anytrue([for stage in var.stages : stage.action != "approval"])
    error_message = "The pipeline needs at least one deploy or test stage."
  }
}

variable "deploy_role_arns" {
  description = "Role the deploy build assumes for each target stage (often in that stage's account), as stage => role ARN."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for arn in values(var.deploy_role_arns) : can(regex("^arn:[^:]+:iam::[0-9]{12}:role/.+$", arn))])
    error_message = "Each deploy_role_arns value must be an IAM role ARN."
  }
}

variable "approval_sns_topic_arn" {
  description = "SNS topic told when a manual approval waits; null for none."
  type        = string
  default     = null
}

variable "build_image" {
  description = "CodeBuild image of the build projects."
  type        = string
  default     = "aws/codebuild/standard:7.0"
}

variable "build_compute_type" {
  description = "CodeBuild compute type of the build projects."
  type        = string
  default     = "BUILD_GENERAL1_SMALL"

  validation {
    condition     = contains(["BUILD_GENERAL1_SMALL", "BUILD_GENERAL1_MEDIUM", "BUILD_GENERAL1_LARGE", "BUILD_GENERAL1_XLARGE", "BUILD_GENERAL1_2XLARGE"], var.build_compute_type)
    error_message = "build_compute_type must be BUILD_GENERAL1_SMALL, _MEDIUM, _LARGE, _XLARGE or _2XLARGE."
  }
}

variable "build_timeout" {
  description = "Minutes a build may run (5 to 2160)."
  type        = number
  default     = 60

  validation {
    condition     = var.build_timeout >= 5 && var.build_timeout <= 2160
    error_message = "build_timeout must be between 5 and 2160 minutes."
  }
}

variable "kms_key_arn" {
  description = "ARN of the KMS key that encrypts the artifacts, build outputs and build logs."
  type        = string
}

variable "force_destroy" {
  description = "Delete the artifact bucket with its objects on destroy. Only for short-lived stages and feature workspaces."
  type        = bool
  default     = false
}

variable "log_retention_days" {
  description = "Days the build logs are kept."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention value: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "access_logs" {
  description = "Where the artifact bucket's server access logs go (bucket name and optional key prefix); null for none."
  type = object({
    target_bucket = string
    target_prefix = optional(string)
  })
  default = null
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
}
