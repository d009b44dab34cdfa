mock_provider "aws" {
  override_during = plan

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }

  mock_data "aws_region" {
    defaults = {
      region = "eu-west-1"
    }
  }

  mock_resource "aws_kms_key" {
    defaults = {
      arn = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    }
  }

  mock_resource "aws_lambda_layer_version" {
    defaults = {
      arn = "arn:aws:lambda:eu-west-1:123456789012:layer:mocked:1"
    }
  }
}

variables {
  project   = "acme"
  stage     = "dev"
  protected = false
}

run "stage_deploy_names_and_tags" {
  command = plan

  assert {
    condition     = local.name_prefix == "acme-dev"
    error_message = "A stage deploy is prefixed <project>-<stage>."
  }

  assert {
    condition     = local.data_bucket_name == "acme-dev-data" && module.curate.job_name == "acme-dev-curate" && module.check_files.function_name == "acme-dev-check-files" && module.pipeline.state_machine_name == "acme-dev-pipeline"
    error_message = "Every component is named <prefix>-<component>."
  }

  assert {
    condition     = local.tags == { project = "acme", stage = "dev", workspace = "none", branch = "none", managed-by = "orch" }
    error_message = "The provider tags every resource with project, stage, workspace, branch and managed-by."
  }

  assert {
    condition     = aws_athena_workgroup.this.configuration[0].enforce_workgroup_configuration && aws_athena_workgroup.this.configuration[0].result_configuration[0].encryption_configuration[0].encryption_option == "SSE_KMS"
    error_message = "The Athena workgroup enforces its configuration and encrypts results."
  }

  assert {
    condition     = module.curate.catalog_database_name == "acme_dev_curated"
    error_message = "The catalog database name is the prefix with underscores."
  }

  assert {
    condition     = length(module.layers) == 0 && length(local.function_layer_arns) == 0
    error_message = "Without built layers the stack still plans, with no layer."
  }
}

run "non_protected_stage_force_destroys" {
  command = plan

  assert {
    condition     = local.force_destroy
    error_message = "A non-protected stage gets force_destroy so teardown succeeds."
  }

  assert {
    condition     = aws_athena_workgroup.this.force_destroy
    error_message = "The Athena workgroup is force-destroyed in a non-protected stage."
  }
}

run "protected_stage_never_force_destroys" {
  command = plan

  variables {
    stage     = "prd"
    protected = true
  }

  assert {
    condition     = !local.force_destroy && !aws_athena_workgroup.this.force_destroy
    error_message = "A protected stage never force-destroys."
  }

  assert {
    condition     = aws_kms_key.this.deletion_window_in_days == 30
    error_message = "A protected stage's key waits the longest before deletion."
  }
}

run "feature_workspace_prefix_and_tags" {
  command = plan

  variables {
    workspace = "we-1234-new-export"
    branch    = "feature/WE-1234-new-export"
  }

  assert {
    condition     = local.name_prefix == "acme-dev-we-1234-new-export" && module.curate.job_name == "acme-dev-we-1234-new-export-curate"
    error_message = "A feature workspace is prefixed <project>-<stage>-<workspace>."
  }

  assert {
    condition     = local.tags["workspace"] == "we-1234-new-export" && local.tags["branch"] == "feature/WE-1234-new-export"
    error_message = "Workspace and branch are tagged."
  }

  assert {
    condition     = local.force_destroy
    error_message = "Feature workspaces are force-destroyed."
  }
}

run "layers_attach_by_runtime_and_architecture" {
  command = plan

  variables {
    layers = {
      "common-python3.12-x86_64" = {
        zip_path                 = "build/layers/common/python3.12-x86_64/layer.zip"
        source_code_hash         = "DPxH0+EINRNLkZobWzvT2jQq6HRexadQajGH7KTSHmc="
        compatible_runtimes      = ["python3.12"]
        compatible_architectures = ["x86_64"]
        upload_via_s3            = false
      }
      "common-python3.12-arm64" = {
        zip_path                 = "build/layers/common/python3.12-arm64/layer.zip"
        source_code_hash         = "2ZVGNIMCGCq4UhEPXQ0kCE5WFct+drSs5hgYhaehr+4="
        compatible_runtimes      = ["python3.12"]
        compatible_architectures = ["arm64"]
        upload_via_s3            = true
      }
    }
  }

  assert {
    condition     = length(module.layers) == 2 && module.layers["common-python3.12-x86_64"].layer_name == "acme-dev-common-python3_12-x86_64"
    error_message = "Each built layer is published, named after the prefix and its key."
  }

  assert {
    condition     = length(local.function_layer_arns) == 1
    error_message = "The function gets only the layer built for its runtime and architecture."
  }

  assert {
    condition     = module.layers["common-python3.12-arm64"].s3_object_key == "lambda-layers/acme-dev-common-python3_12-arm64.zip"
    error_message = "A large layer goes through the artifacts bucket."
  }
}

run "state_machine_runs_lambda_then_glue_then_ecs" {
  command = plan

  variables {
    ecs_subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1"]
  }

  assert {
    condition     = module.pipeline.state_machine_name == "acme-dev-pipeline"
    error_message = "The state machine is created."
  }

  assert {
    condition     = module.export.network_configuration.subnets == tolist(["subnet-0aaaaaaaaaaaaaaa1"])
    error_message = "The export task runs in the stage's subnets."
  }
}

run "rejects_a_prefix_too_long_for_aws_names" {
  command = plan

  variables {
    workspace = "we-1234-a-feature-name-much-too-long-for-s3"
  }

  expect_failures = [var.workspace]
}

run "rejects_an_upper_case_project" {
  command = plan

  variables {
    project = "Acme"
  }

  expect_failures = [var.project]
}

run "rejects_a_workspace_with_double_hyphens" {
  command = plan

  variables {
    workspace = "we--1234"
  }

  expect_failures = [var.workspace]
}
