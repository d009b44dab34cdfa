variable "name" {
  description = "Name of the state machine; its role is `<name>-sfn`."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,60}$", var.name))
    error_message = "The name must be 1 to 60 letters, digits, hyphens or underscores (Step Functions allows 80, the role name `<name>-sfn` must fit IAM's 64)."
  }
}

variable "type" {
  description = "STANDARD (long-running, exactly-once) or EXPRESS (short, high-volume) workflow."
  type        = string
  default     = "STANDARD"

  validation {
    condition     = contains(["STANDARD", "EXPRESS"], var.type)
    error_message = "type must be STANDARD or EXPRESS."
  }
}

variable "definition_file" {
  description = "Path of the Amazon States Language template, rendered with `templatefile` and definition_variables."
  type        = string

  validation {
    condition     = can(regex("\\.(json|asl\\.json|tftpl|tpl)$", var.definition_file))
    error_message = "definition_file must be a .json, .asl.json, .tftpl or .tpl template."
  }
}

variable "definition_variables" {
  description = "Values for the template, typically the names and ARNs of the jobs the state machine runs (strings, lists and maps mixed, so `any`)."
  type        = any
  default     = {}
}

variable "lambda_function_arns" {
  description = "Lambda functions the state machine invokes (lambda:InvokeFunction on them and their versions)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.lambda_function_arns : can(regex("^arn:[^:]+:lambda:[^:]+:[0-9]{12}:function:[^:]+$", arn))])
    error_message = "Each lambda_function_arns entry must be an unqualified Lambda function ARN."
  }
}

variable "glue_job_arns" {
  description = "Glue jobs the state machine starts and waits for (glue:StartJobRun with .sync)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.glue_job_arns : can(regex("^arn:[^:]+:glue:[^:]+:[0-9]{12}:job/.+$", arn))])
    error_message = "Each glue_job_arns entry must be a Glue job ARN (arn:...:glue:<region>:<account>:job/<name>)."
  }
}

variable "ecs_task_definition_arns" {
  description = "ECS task definition families (ARNs without revision) the state machine runs with RunTask.sync."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.ecs_task_definition_arns : can(regex("^arn:[^:]+:ecs:[^:]+:[0-9]{12}:task-definition/[^:]+$", arn))])
    error_message = "Each ecs_task_definition_arns entry must be a task definition ARN without revision (arn:...:task-definition/<family>)."
  }
}

variable "ecs_pass_role_arns" {
  description = "Task and execution roles of those ECS tasks, which the state machine passes to ECS."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.ecs_task_definition_arns) == 0 || length(var.ecs_pass_role_arns) > 0
    error_message = "RunTask needs iam:PassRole: list the task and execution role ARNs of the ECS tasks in ecs_pass_role_arns."
  }
}

variable "kms_key_arn" {
  description = "ARN of the KMS key that encrypts the state machine's data and its log group."
  type        = string
}

variable "kms_data_key_reuse_period_seconds" {
  description = "Seconds Step Functions reuses a data key before asking KMS again (60 to 900)."
  type        = number
  default     = 300

  validation {
    condition     = var.kms_data_key_reuse_period_seconds >= 60 && var.kms_data_key_reuse_period_seconds <= 900
    error_message = "kms_data_key_reuse_period_seconds must be between 60 and 900."
  }
}

variable "log_level" {
  description = "Execution events that are logged: ALL, ERROR, FATAL or OFF."
  type        = string
  default     = "ALL"

  validation {
    condition     = contains(["ALL", "ERROR", "FATAL", "OFF"], var.log_level)
    error_message = "log_level must be ALL, ERROR, FATAL or OFF."
  }
}

variable "log_include_execution_data" {
  description = "Log the input and output of each state (the log group is encrypted)."
  type        = bool
  default     = true
}

variable "log_retention_days" {
  description = "Days the execution logs are kept."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention value: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "tracing_enabled" {
  description = "Trace executions with X-Ray."
  type        = bool
  default     = true
}

variable "policy_statements" {
  description = "Extra IAM statements for the state machine's role, for service integrations beyond Lambda, Glue and ECS."
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

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
}
