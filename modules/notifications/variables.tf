variable "name" {
  description = "Name of the SNS topic; prefixes the EventBridge rules (`<name>-sfn-failed`, `<name>-glue-failed`, `<name>-pipeline`)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,52}$", var.name))
    error_message = "The name must be 1 to 52 letters, digits, hyphens or underscores, so that the rule names `<name>-glue-failed` fit EventBridge's 64-character limit."
  }
}

variable "kms_key_arn" {
  description = "ARN of the KMS key that encrypts the topic; its key policy must let events.amazonaws.com use it."
  type        = string
}

variable "state_machine_arns" {
  description = "State machines whose failed, timed-out or aborted executions are reported."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.state_machine_arns : can(regex("^arn:[^:]+:states:[^:]+:[0-9]{12}:stateMachine:.+$", arn))])
    error_message = "Each state_machine_arns entry must be a state machine ARN."
  }
}

variable "glue_job_names" {
  description = "Glue jobs whose failed, timed-out or errored runs are reported."
  type        = list(string)
  default     = []
}

variable "codepipeline_names" {
  description = "Pipelines whose execution state changes (codepipeline_states) are reported."
  type        = list(string)
  default     = []
}

variable "codepipeline_states" {
  description = "Pipeline execution states that are reported."
  type        = list(string)
  default     = ["FAILED", "STOPPED", "SUCCEEDED"]

  validation {
    condition     = length(var.codepipeline_states) > 0 && alltrue([for state in var.codepipeline_states : contains(["STARTED", "STOPPING", "STOPPED", "SUCCEEDED", "FAILED", "SUPERSEDED", "RESUMED", "CANCELED"], state)])
    error_message = "codepipeline_states must list pipeline execution states: STARTED, STOPPING, STOPPED, SUCCEEDED, FAILED, SUPERSEDED, RESUMED or CANCELED."
  }
}

variable "email_subscriptions" {
  description = "E-mail addresses subscribed to the topic (each must confirm once)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for address in var.email_subscriptions : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", address))])
    error_message = "Each email_subscriptions entry must be an e-mail address."
  }
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
}
