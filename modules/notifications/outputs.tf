output "topic_arn" {
  description = "ARN of the encrypted notification topic."
  value       = aws_sns_topic.this.arn
}

output "topic_name" {
  description = "Name of the notification topic."
  value       = aws_sns_topic.this.name
}

output "rule_names" {
  description = "EventBridge rules that feed the topic, by kind (sfn-failed, glue-failed, pipeline)."
  value       = { for key, rule in aws_cloudwatch_event_rule.this : key => rule.name }
}
