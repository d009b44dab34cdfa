variable "name" {
  description = "Name of the layer (1 to 140 letters, digits, hyphens and underscores)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,140}$", var.name))
    error_message = "The layer name must be 1 to 140 letters, digits, hyphens or underscores (Lambda limit)."
  }
}

variable "description" {
  description = "Description of the layer version."
  type        = string
  default     = ""

  validation {
    condition     = length(var.description) <= 256
    error_message = "The description must be at most 256 characters."
  }
}

variable "zip_path" {
  description = "Path of the layer zip built by `orch layer build` (`make layer`)."
  type        = string

  validation {
    condition     = endswith(var.zip_path, ".zip")
    error_message = "zip_path must name a .zip file built by `orch layer build`."
  }
}

variable "source_code_hash" {
  description = "Hash of the zip as computed by the build; a new hash publishes a new layer version, the same hash plans no change."
  type        = string

  validation {
    condition     = length(trimspace(var.source_code_hash)) > 0
    error_message = "source_code_hash must not be empty: pass the hash the layer build reported."
  }
}

variable "compatible_runtimes" {
  description = "Lambda runtimes the layer works with (at most 15)."
  type        = list(string)
  default     = ["python3.12"]

  validation {
    condition     = length(var.compatible_runtimes) >= 1 && length(var.compatible_runtimes) <= 15
    error_message = "Give between 1 and 15 compatible runtimes."
  }

  validation {
    condition     = alltrue([for runtime in var.compatible_runtimes : can(regex("^(python3\\.(9|1[0-9])|nodejs(18|20|22|24)\\.x|java(8\\.al2|11|17|21|25)|dotnet(8|9|10)|ruby3\\.[2-9]|provided(\\.al2|\\.al2023)?)$", runtime))])
    error_message = "Each compatible runtime must be a Lambda runtime identifier such as python3.12, nodejs22.x, java21 or provided.al2023."
  }
}

variable "compatible_architectures" {
  description = "Instruction set architectures the layer works with."
  type        = list(string)
  default     = ["x86_64"]

  validation {
    condition     = length(var.compatible_architectures) >= 1 && alltrue([for arch in var.compatible_architectures : contains(["x86_64", "arm64"], arch)])
    error_message = "compatible_architectures must list x86_64, arm64 or both."
  }
}

variable "license_info" {
  description = "License of the layer's contents (SPDX identifier or URL)."
  type        = string
  default     = null
}

variable "upload_via_s3" {
  description = "Upload the zip to S3 first and publish the layer from there; needed above Lambda's direct upload limit (about 50 MiB)."
  type        = bool
  default     = false
}

variable "s3_bucket" {
  description = "Bucket that receives the zip when upload_via_s3 is true; versioning must be enabled."
  type        = string
  default     = null

  validation {
    condition     = !var.upload_via_s3 || var.s3_bucket != null
    error_message = "upload_via_s3 is true: set s3_bucket to a versioned bucket that receives the layer zip."
  }
}

variable "s3_key_prefix" {
  description = "Key prefix of the zip in s3_bucket; the key is `<prefix><name>.zip`."
  type        = string
  default     = "lambda-layers/"
}

variable "s3_kms_key_arn" {
  description = "KMS key that encrypts the uploaded zip; null uses the bucket's default encryption."
  type        = string
  default     = null
}

variable "skip_destroy" {
  description = "Keep old layer versions when a new one replaces them or the module is destroyed."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for the uploaded zip object (layer versions themselves cannot be tagged)."
  type        = map(string)
  default     = {}
}
