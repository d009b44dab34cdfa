variable "name" {
  description = "Name of the bucket; globally unique, 3 to 63 lower-case letters, digits, dots and hyphens."
  type        = string

  validation {
    condition     = length(var.name) >= 3 && length(var.name) <= 63
    error_message = "The bucket name must be 3 to 63 characters long (S3 limit); shorten the project, stage or workspace name."
  }

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]*[a-z0-9]$", var.name))
    error_message = "The bucket name may hold only lower-case letters, digits, dots and hyphens, and must start and end with a letter or digit."
  }
}

variable "kms_key_arn" {
  description = "ARN of the KMS key that encrypts every object by default (SSE-KMS with an S3 Bucket Key)."
  type        = string
}

variable "force_destroy" {
  description = "Delete every object version when the bucket is destroyed. Only for short-lived stages and feature workspaces."
  type        = bool
  default     = false
}

variable "versioning_enabled" {
  description = "Keep every version of every object."
  type        = bool
  default     = true
}

variable "noncurrent_version_expiration_days" {
  description = "Days after which a replaced or deleted object version is removed."
  type        = number
  default     = 90

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "noncurrent_version_expiration_days must be at least 1."
  }
}

variable "expiration_rules" {
  description = "Objects under a prefix that expire after a number of days, e.g. temporary query results."
  type = list(object({
    prefix = string
    days   = number
  }))
  default = []

  validation {
    condition     = alltrue([for rule in var.expiration_rules : rule.days >= 1])
    error_message = "Every expiration rule needs days >= 1."
  }
}

variable "logging" {
  description = "Where this bucket's server access logs go: the log bucket's name and a key prefix (default `<name>/`); null for none (the log bucket itself). An object, so that a bucket name known only after apply still plans."
  type = object({
    target_bucket = string
    target_prefix = optional(string)
  })
  default = null
}

variable "is_log_bucket" {
  description = "This bucket receives S3 server access logs: allow the S3 logging service to write to it."
  type        = bool
  default     = false
}

variable "eventbridge_enabled" {
  description = "Send this bucket's object events to EventBridge (for file-arrival triggers)."
  type        = bool
  default     = true
}

variable "policy_statements" {
  description = "Extra statements for the bucket policy, as JSON policy documents; merged with the TLS-only statement."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
}
