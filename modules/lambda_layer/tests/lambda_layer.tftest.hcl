mock_provider "aws" {
  override_during = plan
}

variables {
  name                = "acme-dev-shared"
  zip_path            = "build/shared.zip"
  source_code_hash    = "DPxH0+EINRNLkZobWzvT2jQq6HRexadQajGH7KTSHmc="
  compatible_runtimes = ["python3.12"]
}

run "publishes_directly_from_the_zip" {
  command = plan

  assert {
    condition     = aws_lambda_layer_version.this.layer_name == "acme-dev-shared"
    error_message = "The layer takes its name from var.name."
  }

  assert {
    condition     = aws_lambda_layer_version.this.filename == "build/shared.zip" && aws_lambda_layer_version.this.s3_bucket == null
    error_message = "A small zip is uploaded directly."
  }

  assert {
    condition     = aws_lambda_layer_version.this.source_code_hash == var.source_code_hash
    error_message = "The build's hash is the layer's source_code_hash, so an unchanged build plans no change."
  }

  assert {
    condition     = aws_lambda_layer_version.this.compatible_runtimes == toset(["python3.12"]) && aws_lambda_layer_version.this.compatible_architectures == toset(["x86_64"])
    error_message = "Runtimes and architectures are passed through."
  }

  assert {
    condition     = length(aws_s3_object.this) == 0
    error_message = "No S3 object without upload_via_s3."
  }
}

run "publishes_a_large_zip_through_s3" {
  command = plan

  variables {
    upload_via_s3 = true
    s3_bucket     = "acme-dev-artifacts"
  }

  assert {
    condition     = aws_s3_object.this[0].bucket == "acme-dev-artifacts" && aws_s3_object.this[0].key == "lambda-layers/acme-dev-shared.zip"
    error_message = "The zip goes to <prefix><name>.zip in the bucket."
  }

  assert {
    condition     = aws_s3_object.this[0].source_hash == var.source_code_hash
    error_message = "A new build hash re-uploads the zip."
  }

  assert {
    condition     = aws_lambda_layer_version.this.filename == null && aws_lambda_layer_version.this.s3_bucket == "acme-dev-artifacts" && aws_lambda_layer_version.this.s3_key == "lambda-layers/acme-dev-shared.zip"
    error_message = "The layer is published from the uploaded object."
  }
}

run "rejects_s3_upload_without_a_bucket" {
  command = plan

  variables {
    upload_via_s3 = true
  }

  expect_failures = [var.s3_bucket]
}

run "rejects_a_bad_layer_name" {
  command = plan

  variables {
    name = "acme dev shared"
  }

  expect_failures = [var.name]
}

run "rejects_an_unknown_runtime" {
  command = plan

  variables {
    compatible_runtimes = ["python2.7"]
  }

  expect_failures = [var.compatible_runtimes]
}

run "rejects_an_unknown_architecture" {
  command = plan

  variables {
    compatible_architectures = ["amd64"]
  }

  expect_failures = [var.compatible_architectures]
}

run "rejects_an_empty_hash" {
  command = plan

  variables {
    source_code_hash = ""
  }

  expect_failures = [var.source_code_hash]
}

run "rejects_a_path_that_is_not_a_zip" {
  command = plan

  variables {
    zip_path = "build/shared.tar.gz"
  }

  expect_failures = [var.zip_path]
}
