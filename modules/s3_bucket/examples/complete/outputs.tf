output "data_bucket_arn" {
  description = "ARN of the data bucket."
  value       = module.data.bucket_arn
}
