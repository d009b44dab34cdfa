"""AWS access for one stage: boto3 clients and the matching environment for Terraform.

Production and local mode share this code: local mode only sets an endpoint URL and dummy
credentials (the standard AWS_ENDPOINT_URL, honoured by boto3, the AWS provider and the S3
backend alike).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from orchestrator.config import Stage
from orchestrator.errors import OrchError

ENDPOINT_ENV = "AWS_ENDPOINT_URL"
_CREDENTIAL_KEYS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")

SessionFactory = Callable[..., Any]


class ClientSession:
    """The one boto3-session method orch uses, on botocore alone.

    boto3's import pulls in s3transfer and resource models that orch never uses; at about a
    fifth of a second per command it was most of orch's own start-up cost.
    """

    def __init__(self, region_name: str, **credentials: str) -> None:
        import botocore.session

        self._session = botocore.session.get_session()
        self._region = region_name
        self._credentials = credentials

    def client(
        self, service: str, region_name: str | None = None, endpoint_url: str | None = None
    ) -> Any:
        return self._session.create_client(
            service,
            region_name=region_name or self._region,
            endpoint_url=endpoint_url,
            **self._credentials,
        )


def default_session(**kwargs: Any) -> Any:
    return ClientSession(**kwargs)


@dataclass
class StageAws:
    """AWS clients for a stage, assuming its role once when one is configured."""

    stage: Stage
    endpoint_url: str | None = None
    session_factory: SessionFactory = default_session
    actor: str = "orch"
    _session: Any = field(default=None, init=False, repr=False)
    _credentials: dict[str, str] = field(default_factory=dict, init=False, repr=False)

    def client(self, service: str) -> Any:
        return self._get_session().client(
            service, region_name=self.stage.region, endpoint_url=self.endpoint_url
        )

    def terraform_env(self) -> dict[str, str]:
        """Region, endpoint and (when a role was assumed) its temporary credentials."""
        if self.stage.role_arn:
            self._get_session()  # assumes the role; without one, botocore is not even imported
        env = {"AWS_REGION": self.stage.region, "AWS_DEFAULT_REGION": self.stage.region}
        if self.endpoint_url:
            env[ENDPOINT_ENV] = self.endpoint_url
        env.update(self._credentials)
        return env

    def _get_session(self) -> Any:
        if self._session is None:
            base = self.session_factory(region_name=self.stage.region)
            if self.stage.role_arn:
                self._credentials = self._assume_role(base)
                base = self.session_factory(
                    region_name=self.stage.region,
                    aws_access_key_id=self._credentials["AWS_ACCESS_KEY_ID"],
                    aws_secret_access_key=self._credentials["AWS_SECRET_ACCESS_KEY"],
                    aws_session_token=self._credentials["AWS_SESSION_TOKEN"],
                )
            self._session = base
        return self._session

    def _assume_role(self, session: Any) -> dict[str, str]:
        from botocore.exceptions import BotoCoreError, ClientError

        sts = session.client("sts", region_name=self.stage.region, endpoint_url=self.endpoint_url)
        try:
            response = sts.assume_role(
                RoleArn=self.stage.role_arn,
                RoleSessionName=f"orch-{self.stage.name}-{self.actor}"[:64],
                DurationSeconds=3600,
            )
        except (ClientError, BotoCoreError) as exc:
            raise OrchError(
                f"cannot assume the role of stage {self.stage.name!r} ({self.stage.role_arn}): "
                f"{_error_code(exc)}. Check the caller's credentials and the role's trust policy."
            ) from None
        creds = response["Credentials"]
        return dict(
            zip(
                _CREDENTIAL_KEYS,
                (creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"]),
                strict=True,
            )
        )


def aws_failure(exc: Exception) -> str | None:
    """What an AWS failure that reached the CLI means and how to fix it; None if not one."""
    if not type(exc).__module__.startswith("botocore"):
        return None
    from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError

    if isinstance(exc, NoCredentialsError):
        return (
            "no AWS credentials were found: configure them (AWS_PROFILE, the AWS_* variables, "
            "or the CI role), or add --local to use the embedded AWS"
        )
    if isinstance(exc, EndpointConnectionError):
        return (
            f"cannot reach AWS at {exc.kwargs.get('endpoint_url')}: check the network or endpoint"
        )
    if isinstance(exc, ClientError):
        code = _error_code(exc)
        hint = _HINTS.get(code, "see the AWS documentation of that error")
        return f"AWS refused {getattr(exc, 'operation_name', 'a request')}: {code}; {hint}"
    return None


_CREDENTIALS_HINT = "the credentials are not valid: sign in again or fix AWS_PROFILE"
_HINTS = {
    "NoSuchBucket": "a state bucket does not exist: run `orch bootstrap --stage STAGE`",
    "AccessDenied": "check the permissions of the caller's role",
    "AccessDeniedException": "check the permissions of the caller's role",
    "ExpiredToken": "the credentials expired: sign in again",
    "ExpiredTokenException": "the credentials expired: sign in again",
    "InvalidAccessKeyId": _CREDENTIALS_HINT,
    "InvalidClientTokenId": _CREDENTIALS_HINT,
    "UnrecognizedClientException": _CREDENTIALS_HINT,
}


def _error_code(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    if isinstance(response, Mapping):
        return str(response.get("Error", {}).get("Code", type(exc).__name__))
    return type(exc).__name__


def endpoint_from_env(env: Mapping[str, str] = os.environ) -> str | None:
    return env.get(ENDPOINT_ENV) or None
