from __future__ import annotations

from orchestrator.redact import MASK, Redactor, secret_strings


def test_secret_strings_keep_short_public_values_visible() -> None:
    values = {
        "stage": "dev",
        "db_password": "pw1",
        "api": {"token": "abcdef123456", "retries": 3},
        "hosts": ["alpha.example.com", "b"],
        "enabled": True,
    }
    found = set(secret_strings(values))
    assert found == {"pw1", "abcdef123456", "alpha.example.com"}


def test_redactor_masks_longest_first() -> None:
    redact = Redactor(["secret", "secret-longer"])
    assert redact("a secret-longer b secret") == f"a {MASK} b {MASK}"
    assert Redactor()("nothing to hide") == "nothing to hide"
