variable "name" {
  description = "Name of the task family (and of the cluster and repository when created); its roles are `<name>-task` and `<name>-exec`."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,59}$", var.name))
    error_message = "The name must be 1 to 59 letters, digits, hyphens or underscores, so that the role names `<name>-task` and `<name>-exec` fit IAM's 64-character limit."
  }
}

variable "create_cluster" {
  description = "Create a Fargate cluster named after the task; false runs the task on cluster_arn."
  type        = bool
  default     = true
}

variable "cluster_arn" {
  description = "ARN of an existing cluster, used when create_cluster is false."
  type        = string
  default     = null

  validation {
    condition     = var.create_cluster || var.cluster_arn != null
    error_message = "create_cluster is false: set cluster_arn to the cluster that runs the task."
  }
}

variable "create_repository" {
  description = "Create an ECR repository for the task's image."
  type        = bool
  default     = false
}

variable "repository_force_delete" {
  description = "Delete the repository with its images on destroy. Only for short-lived stages and feature workspaces."
  type        = bool
  default     = false
}

variable "container_image" {
  description = "Image of the container; null uses the created repository with image_tag."
  type        = string
  default     = null

  validation {
    condition     = var.container_image != null || var.create_repository
    error_message = "Set container_image, or set create_repository to true to run `<repository>:<image_tag>`."
  }
}

variable "image_tag" {
  description = "Tag of the image in the created repository (a commit SHA; tags are immutable)."
  type        = string
  default     = "latest"
}

variable "container_name" {
  description = "Name of the container in the task definition (Step Functions overrides address it by this name)."
  type        = string
  default     = "main"

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,255}$", var.container_name))
    error_message = "container_name must be 1 to 255 letters, digits, hyphens or underscores."
  }
}

variable "command" {
  description = "Command of the container; null keeps the image's."
  type        = list(string)
  default     = null
}

variable "environment" {
  description = "Environment variables of the container. No secrets: use `secrets`."
  type        = map(string)
  default     = {}
}

variable "secrets" {
  description = "Environment variables read from Secrets Manager or SSM at start, as name => secret or parameter ARN."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for arn in values(var.secrets) : can(regex("^arn:[^:]+:(secretsmanager|ssm):", arn))])
    error_message = "Each secret must be the ARN of a Secrets Manager secret or an SSM parameter."
  }
}

variable "cpu" {
  description = "CPU units of the task: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  type        = number
  default     = 256

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.cpu)
    error_message = "cpu must be a Fargate value: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  }
}

variable "memory" {
  description = "Memory of the task in MiB; must be allowed for the cpu value on Fargate."
  type        = number
  default     = 512

  validation {
    condition = contains(lookup({
      "256"   = [512, 1024, 2048]
      "512"   = [for gib in range(1, 5) : gib * 1024]
      "1024"  = [for gib in range(2, 9) : gib * 1024]
      "2048"  = [for gib in range(4, 17) : gib * 1024]
      "4096"  = [for gib in range(8, 31) : gib * 1024]
      "8192"  = [for gib in range(16, 61, 4) : gib * 1024]
      "16384" = [for gib in range(32, 121, 8) : gib * 1024]
    }, tostring(var.cpu), []), var.memory)
    error_message = "memory is not allowed with this cpu on Fargate: 256 takes 512, 1024 or 2048; 512 takes 1024-4096; 1024 takes 2048-8192; 2048 takes 4096-16384; 4096 takes 8192-30720 (steps of 1024); 8192 takes 16384-61440 (steps of 4096); 16384 takes 32768-122880 (steps of 8192)."
  }
}

variable "cpu_architecture" {
  description = "CPU architecture of the task: X86_64 or ARM64."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "kms_key_arn" {
  description = "ARN of the KMS key that encrypts the log group, the repository and the cluster's ephemeral storage."
  type        = string
}

variable "log_retention_days" {
  description = "Days the task's logs are kept."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention value: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "task_policy_statements" {
  description = "IAM statements for the task role, i.e. what the container may do (least privilege: name the resources)."
  type = list(object({
    sid       = optional(string)
    effect    = optional(string, "Allow")
    actions   = list(string)
    resources = list(string)
  }))
  default = []

  validation {
    condition     = alltrue([for statement in var.task_policy_statements : contains(["Allow", "Deny"], statement.effect)])
    error_message = "Each statement's effect must be Allow or Deny."
  }
}

variable "subnet_ids" {
  description = "Subnets the task runs in (for the service, the schedule and Step Functions' RunTask)."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.subnet_ids) > 0 || !var.create_service && var.schedule_expression == null
    error_message = "A service or a schedule needs subnet_ids to run the task in."
  }
}

variable "security_group_ids" {
  description = "Security groups of the task."
  type        = list(string)
  default     = []
}

variable "assign_public_ip" {
  description = "Give the task a public IP (only in public subnets without a NAT gateway)."
  type        = bool
  default     = false
}

variable "create_service" {
  description = "Run the task continuously as an ECS service."
  type        = bool
  default     = false
}

variable "desired_count" {
  description = "Number of tasks the service keeps running."
  type        = number
  default     = 1

  validation {
    condition     = var.desired_count >= 0
    error_message = "desired_count must not be negative."
  }
}

variable "schedule_expression" {
  description = "EventBridge schedule that runs the task, e.g. `cron(0 6 * * ? *)`; null for none."
  type        = string
  default     = null

  validation {
    condition     = var.schedule_expression == null || can(regex("^(rate|cron)\\(.+\\)$", var.schedule_expression))
    error_message = "schedule_expression must be rate(...) or cron(...)."
  }
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
}
