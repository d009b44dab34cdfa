from __future__ import annotations

from orchestrator.terraform.results import TerraformResult, find_lock_error

LOCK_DETAIL = """Error message: operation error S3: PutObject, StatusCode: 412
Lock Info:
  ID:        5dd90394-a52b-4c5a-5994-75c9eb2457c4
  Path:      state-dev/workspaces/ws/sample/terraform.tfstate
  Operation: OperationTypeApply
  Who:       runner@ci
  Version:   1.15.5
"""


def test_a_lock_diagnostic_gives_the_lock_id() -> None:
    result = TerraformResult(
        args=["apply"],
        returncode=1,
        events=[
            {
                "type": "diagnostic",
                "diagnostic": {
                    "severity": "error",
                    "summary": "Error acquiring the state lock",
                    "detail": LOCK_DETAIL,
                },
            }
        ],
    )
    lock = find_lock_error(result)
    assert lock is not None
    assert lock.lock_id == "5dd90394-a52b-4c5a-5994-75c9eb2457c4"
    assert lock.who == "runner@ci" and lock.operation == "OperationTypeApply"


def test_other_failures_are_not_lock_errors() -> None:
    result = TerraformResult(args=["apply"], returncode=1, stderr="Error: Invalid reference")
    assert find_lock_error(result) is None


def test_change_summary_and_outputs() -> None:
    result = TerraformResult(
        args=["apply"],
        returncode=0,
        events=[
            {
                "type": "change_summary",
                "changes": {"add": 2, "change": 1, "remove": 0, "operation": "apply"},
            },
            {"type": "outputs", "outputs": {"x": {"value": 1, "sensitive": False}}},
        ],
    )
    assert result.change_summary is not None
    assert (result.change_summary.add, result.change_summary.change) == (2, 1)
    assert result.change_summary.total == 3
    assert result.outputs == {"x": {"value": 1, "sensitive": False}}
