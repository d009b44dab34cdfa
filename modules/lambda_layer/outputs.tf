output "layer_version_arn" {
  description = "ARN of the published layer version, for a function's `layers` list."
  value       = aws_lambda_layer_version.this.arn
}

output "layer_arn" {
  description = "ARN of the layer without its version."
  value       = aws_lambda_layer_version.this.layer_arn
}

output "layer_version" {
  description = "Version number of the published layer version."
  value       = aws_lambda_layer_version.this.version
}

output "layer_name" {
  description = "Name of the layer."
  value       = aws_lambda_layer_version.this.layer_name
}

output "s3_object_key" {
  description = "Key of the uploaded zip, or null when uploaded directly."
  value       = one(aws_s3_object.this[*].key)
}
