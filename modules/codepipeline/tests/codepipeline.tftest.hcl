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

  # As the real provider does, the bucket's id is its name.
  mock_resource "aws_s3_bucket" {
    defaults = {
      id  = "acme-dev-sales-artifacts"
      arn = "arn:aws:s3:::acme-dev-sales-artifacts"
    }
  }

  mock_resource "aws_codestarconnections_connection" {
    defaults = {
      arn = "arn:aws:codestar-connections:eu-west-1:123456789012:connection/11111111-2222-3333-4444-555555555555"
    }
  }
}

variables {
  name          = "acme-dev-sales"
  repository_id = "acme/sales-pipeline"
  kms_key_arn   = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  stages = [
    { name = "deploy-int", action = "deploy", target_stage = "int", buildspec_file = "examples/github_all_stages/buildspecs/deploy.yml" },
    { name = "unit-tests", action = "test" },
    { name = "approve-prd", action = "approval" },
    { name = "deploy-prd", action = "deploy", target_stage = "prd" },
  ]
  deploy_role_arns = {
    int = "arn:aws:iam::123456789012:role/acme-int-deploy"
    prd = "arn:aws:iam::123456789012:role/acme-prd-deploy"
    dev = "arn:aws:iam::123456789012:role/acme-dev-deploy"
  }
  tags = { project = "acme" }
}

run "general_pipeline_deploy_test_approve_deploy" {
  command = plan

  assert {
    condition     = [for stage in aws_codepipeline.this.stage : stage.name] == ["Source", "deploy-int", "unit-tests", "approve-prd", "deploy-prd"]
    error_message = "The pipeline has the source, then the stages in the given order."
  }

  assert {
    condition     = aws_codepipeline.this.stage[0].action[0].provider == "CodeStarSourceConnection" && aws_codepipeline.this.stage[0].action[0].configuration["FullRepositoryId"] == "acme/sales-pipeline" && aws_codepipeline.this.stage[0].action[0].configuration["BranchName"] == "main"
    error_message = "The source is the GitHub repository through a CodeStar connection."
  }

  assert {
    condition     = aws_codepipeline.this.stage[3].action[0].category == "Approval" && aws_codepipeline.this.stage[3].action[0].provider == "Manual"
    error_message = "An approval stage is a manual approval."
  }

  assert {
    condition     = aws_codepipeline.this.stage[2].action[0].category == "Test" && aws_codepipeline.this.stage[1].action[0].category == "Build"
    error_message = "Tests and deploys are CodeBuild actions."
  }

  assert {
    condition     = keys(aws_codebuild_project.this) == ["deploy-int", "deploy-prd", "unit-tests"] && aws_codebuild_project.this["deploy-prd"].name == "acme-dev-sales-deploy-prd"
    error_message = "Each deploy and test stage has its own build project."
  }

  assert {
    condition     = aws_codebuild_project.this["deploy-int"].source[0].buildspec == file("examples/github_all_stages/buildspecs/deploy.yml")
    error_message = "A local buildspec file is inlined."
  }

  assert {
    condition     = aws_codebuild_project.this["deploy-prd"].source[0].buildspec == "buildspecs/deploy.yml" && aws_codebuild_project.this["unit-tests"].source[0].buildspec == "buildspecs/unit-tests.yml"
    error_message = "Without a local file the buildspec is a path in the repository."
  }

  assert {
    condition     = one([for v in aws_codebuild_project.this["deploy-prd"].environment[0].environment_variable : v.value if v.name == "TARGET_STAGE"]) == "prd"
    error_message = "A deploy build knows its target stage."
  }

  assert {
    condition     = aws_codebuild_project.this["deploy-prd"].encryption_key == var.kms_key_arn && aws_codebuild_project.this["deploy-prd"].environment[0].privileged_mode == false
    error_message = "Builds are encrypted and unprivileged."
  }

  assert {
    condition     = one(aws_codepipeline.this.artifact_store).encryption_key[0].id == var.kms_key_arn && one(aws_codepipeline.this.artifact_store).location == "acme-dev-sales-artifacts"
    error_message = "Artifacts go to the module's encrypted bucket."
  }

  assert {
    condition     = one([for s in data.aws_iam_policy_document.build.statement : s.resources if s.sid == "AssumeDeployRoles"]) == toset(["arn:aws:iam::123456789012:role/acme-int-deploy", "arn:aws:iam::123456789012:role/acme-prd-deploy"])
    error_message = "Builds may assume only the deploy roles of stages the pipeline deploys to."
  }

  assert {
    condition     = one([for s in data.aws_iam_policy_document.pipeline.statement : s.resources if s.sid == "UseConnection"]) == toset(["arn:aws:codestar-connections:eu-west-1:123456789012:connection/11111111-2222-3333-4444-555555555555"])
    error_message = "The pipeline may use only its connection."
  }

  assert {
    condition     = aws_codepipeline.this.tags["project"] == "acme" && aws_iam_role.pipeline.name == "acme-dev-sales-pipeline" && aws_iam_role.build.name == "acme-dev-sales-build"
    error_message = "Roles are named after the pipeline and resources are tagged."
  }
}

run "deploy_to_prod_only_from_s3" {
  command = plan

  variables {
    source_provider  = "S3"
    repository_id    = null
    source_s3_bucket = "acme-dev-sources"
    stages           = [{ name = "deploy-prd", action = "deploy", target_stage = "prd" }]
  }

  assert {
    condition     = [for stage in aws_codepipeline.this.stage : stage.name] == ["Source", "deploy-prd"]
    error_message = "A single deploy stage is expressible."
  }

  assert {
    condition     = aws_codepipeline.this.stage[0].action[0].provider == "S3" && aws_codepipeline.this.stage[0].action[0].configuration["S3Bucket"] == "acme-dev-sources"
    error_message = "The source is the S3 object."
  }

  assert {
    condition     = length(aws_codestarconnections_connection.this) == 0
    error_message = "No connection for an S3 source."
  }

  assert {
    condition     = one([for s in data.aws_iam_policy_document.pipeline.statement : s.resources if s.sid == "ReadSource"]) == toset(["arn:aws:s3:::acme-dev-sources", "arn:aws:s3:::acme-dev-sources/source/repository.zip"])
    error_message = "The pipeline reads only the source object."
  }
}

run "rejects_an_unknown_stage_action" {
  command = plan

  variables {
    stages = [{ name = "lint", action = "lint" }]
  }

  expect_failures = [var.stages]
}

run "rejects_a_deploy_without_target_stage" {
  command = plan

  variables {
    stages = [{ name = "deploy", action = "deploy" }]
  }

  expect_failures = [var.stages]
}

run "rejects_duplicate_stage_names" {
  command = plan

  variables {
    stages = [
      { name = "deploy", action = "deploy", target_stage = "int" },
      { name = "deploy", action = "deploy", target_stage = "prd" },
    ]
  }

  expect_failures = [var.stages]
}

run "rejects_a_pipeline_of_approvals_only" {
  command = plan

  variables {
    stages = [{ name = "approve", action = "approval" }]
  }

  expect_failures = [var.stages]
}

run "rejects_github_without_repository" {
  command = plan

  variables {
    repository_id = null
  }

  expect_failures = [var.repository_id]
}

run "rejects_s3_without_bucket" {
  command = plan

  variables {
    source_provider = "S3"
  }

  expect_failures = [var.source_s3_bucket]
}

run "rejects_an_upper_case_name" {
  command = plan

  variables {
    name = "Acme-Dev-Sales"
  }

  expect_failures = [var.name]
}

run "rejects_an_unknown_compute_type" {
  command = plan

  variables {
    build_compute_type = "BUILD_GENERAL1_HUGE"
  }

  expect_failures = [var.build_compute_type]
}
