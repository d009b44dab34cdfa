data "aws_iam_policy_document" "kms" {
  #checkov:skip=CKV_AWS_109:In a key policy, resource "*" is this key; the account root administers it, as AWS's default key policy does.
  #checkov:skip=CKV_AWS_111:In a key policy, resource "*" is this key; the service statements are limited by source account or encryption context.
  #checkov:skip=CKV_AWS_356:In a key policy, resource "*" is this key.
  statement {
    sid       = "AccountAdministers"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["${local.arn_prefix}:iam::${local.account}:root"]
    }
  }

  statement {
    sid       = "CloudWatchLogsEncrypt"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${local.region}.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["${local.arn_prefix}:logs:${local.region}:${local.account}:log-group:*"]
    }
  }

  statement {
    sid       = "ServicesPublishEncrypted"
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com", "delivery.logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account]
    }
  }
}

resource "aws_kms_key" "this" {
  description             = "Encrypts the data, logs, artifacts and messages of ${local.name_prefix}."
  enable_key_rotation     = true
  deletion_window_in_days = var.protected ? 30 : 7
  policy                  = data.aws_iam_policy_document.kms.json
}

resource "aws_kms_alias" "this" {
  name          = "alias/${local.name_prefix}"
  target_key_id = aws_kms_key.this.key_id
}
