variable "name" {
  description = "Name of the function (at most 64 letters, digits, hyphens and underscores); also names its role (`<name>-lambda`) and log group."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.name))
    error_message = "The function name must be 1 to 64 letters, digits, hyphens or underscores (Lambda limit)."
  }

  validation {
    condition     = length(var.name) <= 57
    error_message = "The function name must be at most 57 characters so that its role name `<name>-lambda` fits IAM's 64-character limit."
  }
}

variable "description" {
  description = "Description of the function."
  type        = string
  default     = ""
}

variable "zip_path" {
  description = "Path of the function's zip, built by the orchestrator's reproducible zip writer."
  type        = string

  validation {
    condition     = endswith(var.zip_path, ".zip")
    error_message = "zip_path must name a .zip file."
  }
}

variable "source_code_hash" {
  description = "Base64-encoded SHA-256 of the zip (as `filebase64sha256` or the build reports it); a new hash deploys new code."
  type        = string

  validation {
    condition     = length(trimspace(var.source_code_hash)) > 0
    error_message = "source_code_hash must not be empty: pass the hash the build reported."
  }
}

variable "handler" {
  description = "Entry point, `module.function`."
  type        = string
  default     = "main.handler"

  validation {
    condition     = can(regex("^[A-Za-z0-9_./-]+\\.[A-Za-z0-9_]+$", var.handler))
    error_message = "handler must look like module.function, e.g. main.handler."
  }
}

variable "runtime" {
  description = "Python runtime of the function."
  type        = string
  default     = "python3.12"

  validation {
    condition     = contains(["python3.10", "python3.11", "python3.12", "python3.13", "python3.14"], var.runtime)
    error_message = "runtime must be a supported Python runtime: python3.10 to python3.14."
  }
}

variable "architecture" {
  description = "Instruction set of the function: x86_64 or arm64 (must match its layers)."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "memory_size" {
  description = "Memory in MiB, 128 to 10240."
  type        = number
  default     = 256

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240 && floor(var.memory_size) == var.memory_size
    error_message = "memory_size must be a whole number of MiB between 128 and 10240."
  }
}

variable "timeout" {
  description = "Timeout in seconds, 1 to 900."
  type        = number
  default     = 60

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900
    error_message = "timeout must be between 1 and 900 seconds."
  }
}

variable "reserved_concurrent_executions" {
  description = "Concurrent executions reserved for the function; -1 leaves it unreserved."
  type        = number
  default     = -1

  validation {
    condition     = var.reserved_concurrent_executions >= -1
    error_message = "reserved_concurrent_executions must be -1 (unreserved) or a number of executions."
  }
}

variable "layer_arns" {
  description = "ARNs of layer versions to attach (at most 5)."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.layer_arns) <= 5
    error_message = "A function can use at most 5 layers."
  }
}

variable "environment_variables" {
  description = "Environment variables of the function, encrypted at rest with kms_key_arn. No secrets: read those from Secrets Manager at run time."
  type        = map(string)
  default     = {}
}

variable "kms_key_arn" {
  description = "ARN of the KMS key that encrypts the environment variables and the log group."
  type        = string
}

variable "log_retention_days" {
  description = "Days the function's logs are kept."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention value: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "tracing_mode" {
  description = "X-Ray tracing mode: Active or PassThrough."
  type        = string
  default     = "Active"

  validation {
    condition     = contains(["Active", "PassThrough"], var.tracing_mode)
    error_message = "tracing_mode must be Active or PassThrough."
  }
}

variable "dead_letter_target_arn" {
  description = "ARN of an SQS queue or SNS topic that receives events of failed asynchronous invocations; null for none."
  type        = string
  default     = null
}

variable "vpc_config" {
  description = "Subnets and security groups when the function must reach private resources; null runs it outside a VPC."
  type = object({
    subnet_ids         = list(string)
    security_group_ids = list(string)
  })
  default = null
}

variable "policy_statements" {
  description = "Extra IAM statements for the function's role (least privilege: name the resources)."
  type = list(object({
    sid       = optional(string)
    effect    = optional(string, "Allow")
    actions   = list(string)
    resources = list(string)
  }))
  default = []

  validation {
    condition     = alltrue([for statement in var.policy_statements : contains(["Allow", "Deny"], statement.effect)])
    error_message = "Each statement's effect must be Allow or Deny."
  }
}

variable "schedule_expression" {
  description = "EventBridge schedule that invokes the function, e.g. `rate(1 hour)` or `cron(0 6 * * ? *)`; null for none."
  type        = string
  default     = null

  validation {
    condition     = var.schedule_expression == null || can(regex("^(rate|cron)\\(.+\\)$", var.schedule_expression))
    error_message = "schedule_expression must be rate(...) or cron(...)."
  }
}

variable "event_pattern" {
  description = "EventBridge event pattern (JSON) that invokes the function, e.g. S3 `Object Created` events for file arrival; null for none."
  type        = string
  default     = null

  validation {
    condition     = var.event_pattern == null || can(jsondecode(var.event_pattern))
    error_message = "event_pattern must be a JSON document."
  }
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
}
