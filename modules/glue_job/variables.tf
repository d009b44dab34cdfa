variable "name" {
  description = "Name of the job; also names its role (`<name>-glue`), security configuration and crawler."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,59}$", var.name))
    error_message = "The job name must be 1 to 59 letters, digits, hyphens or underscores, so that its role name `<name>-glue` fits IAM's 64-character limit."
  }
}

variable "description" {
  description = "Description of the job."
  type        = string
  default     = ""
}

variable "job_type" {
  description = "Kind of job: `glueetl` (Spark ETL) or `pythonshell` (plain Python)."
  type        = string
  default     = "glueetl"

  validation {
    condition     = contains(["glueetl", "pythonshell"], var.job_type)
    error_message = "job_type must be glueetl (Spark ETL) or pythonshell."
  }
}

variable "script_path" {
  description = "Path of the job's script in the repository; uploaded to script_bucket and re-uploaded when its content changes."
  type        = string

  validation {
    condition     = endswith(var.script_path, ".py")
    error_message = "script_path must name a Python script (.py)."
  }
}

variable "script_bucket" {
  description = "Name of the bucket that holds the job's script and temporary files."
  type        = string
}

variable "script_key_prefix" {
  description = "Key prefix of the script in script_bucket; the key is `<prefix><name>.py`."
  type        = string
  default     = "glue-scripts/"
}

variable "glue_version" {
  description = "Glue version: 2.0 to 5.0 for Spark ETL, 1.0 or 3.0 for Python shell."
  type        = string
  default     = "5.0"

  validation {
    condition     = contains(var.job_type == "pythonshell" ? ["1.0", "3.0"] : ["2.0", "3.0", "4.0", "5.0"], var.glue_version)
    error_message = "glue_version must be 2.0, 3.0, 4.0 or 5.0 for a glueetl job, and 1.0 or 3.0 for a pythonshell job."
  }
}

variable "worker_type" {
  description = "Worker type of a Spark ETL job."
  type        = string
  default     = "G.1X"

  validation {
    condition     = contains(["G.025X", "G.1X", "G.2X", "G.4X", "G.8X", "R.1X", "R.2X", "R.4X", "R.8X"], var.worker_type)
    error_message = "worker_type must be one of G.025X, G.1X, G.2X, G.4X, G.8X, R.1X, R.2X, R.4X or R.8X."
  }
}

variable "number_of_workers" {
  description = "Number of workers of a Spark ETL job (at least 2)."
  type        = number
  default     = 2

  validation {
    condition     = var.number_of_workers >= 2 && var.number_of_workers <= 1000 && floor(var.number_of_workers) == var.number_of_workers
    error_message = "number_of_workers must be a whole number between 2 and 1000."
  }
}

variable "max_capacity" {
  description = "DPUs of a Python shell job: 0.0625 or 1."
  type        = number
  default     = 0.0625

  validation {
    condition     = contains([0.0625, 1], var.max_capacity)
    error_message = "max_capacity of a Python shell job must be 0.0625 or 1."
  }
}

variable "timeout" {
  description = "Minutes a run may take before Glue stops it."
  type        = number
  default     = 60

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 10080
    error_message = "timeout must be between 1 and 10080 minutes (7 days)."
  }
}

variable "max_retries" {
  description = "Retries of a failed run (0 to 10)."
  type        = number
  default     = 0

  validation {
    condition     = var.max_retries >= 0 && var.max_retries <= 10
    error_message = "max_retries must be between 0 and 10."
  }
}

variable "max_concurrent_runs" {
  description = "Runs of this job allowed at the same time."
  type        = number
  default     = 1

  validation {
    condition     = var.max_concurrent_runs >= 1
    error_message = "max_concurrent_runs must be at least 1."
  }
}

variable "job_bookmark" {
  description = "Job bookmarks, which make reruns process only new data: enable, disable or pause."
  type        = string
  default     = "enable"

  validation {
    condition     = contains(["enable", "disable", "pause"], var.job_bookmark)
    error_message = "job_bookmark must be enable, disable or pause."
  }
}

variable "default_arguments" {
  description = "Extra job arguments (`--name = value`), merged over the module's defaults."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for key in keys(var.default_arguments) : startswith(key, "--")])
    error_message = "Every job argument name must start with `--`."
  }
}

variable "kms_key_arn" {
  description = "ARN of the KMS key that the security configuration uses for S3 output, logs and job bookmarks."
  type        = string
}

variable "s3_read_arns" {
  description = "S3 object ARN patterns the job and crawler read, e.g. `arn:aws:s3:::bucket/raw/*`."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.s3_read_arns : can(regex("^arn:[^:]+:s3:::[^/]+/.*$", arn))])
    error_message = "Each s3_read_arns entry must be an S3 object ARN pattern: arn:<partition>:s3:::<bucket>/<prefix>*."
  }
}

variable "s3_write_arns" {
  description = "S3 object ARN patterns the job writes, e.g. `arn:aws:s3:::bucket/curated/*`."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.s3_write_arns : can(regex("^arn:[^:]+:s3:::[^/]+/.*$", arn))])
    error_message = "Each s3_write_arns entry must be an S3 object ARN pattern: arn:<partition>:s3:::<bucket>/<prefix>*."
  }
}

variable "create_catalog_database" {
  description = "Create a Glue Data Catalog database for the job's tables."
  type        = bool
  default     = false
}

variable "catalog_database_name" {
  description = "Name of the catalog database the job and crawler use (lower case, digits and underscores); created when create_catalog_database is true."
  type        = string
  default     = null

  validation {
    condition     = var.catalog_database_name == null || can(regex("^[a-z0-9_]{1,255}$", var.catalog_database_name))
    error_message = "catalog_database_name must be 1 to 255 lower-case letters, digits or underscores (Athena cannot query other names)."
  }

  validation {
    condition     = !var.create_catalog_database && !var.create_crawler || var.catalog_database_name != null
    error_message = "Set catalog_database_name when create_catalog_database or create_crawler is true."
  }
}

variable "create_crawler" {
  description = "Create a crawler that catalogs crawler_s3_paths into the catalog database."
  type        = bool
  default     = false
}

variable "crawler_s3_paths" {
  description = "S3 paths the crawler catalogs, e.g. `s3://bucket/curated/`."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for path in var.crawler_s3_paths : startswith(path, "s3://")])
    error_message = "Each crawler path must be an s3:// URI."
  }

  validation {
    condition     = !var.create_crawler || length(var.crawler_s3_paths) > 0
    error_message = "create_crawler is true: list at least one S3 path in crawler_s3_paths."
  }
}

variable "crawler_schedule" {
  description = "Cron schedule of the crawler, e.g. `cron(0 5 * * ? *)`; null runs it on demand."
  type        = string
  default     = null

  validation {
    condition     = var.crawler_schedule == null || can(regex("^cron\\(.+\\)$", var.crawler_schedule))
    error_message = "crawler_schedule must be a cron(...) expression."
  }
}

variable "tags" {
  description = "Tags for every resource of the module."
  type        = map(string)
  default     = {}
}
