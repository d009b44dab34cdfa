"""The tfplugin6 `Provider` service: decodes requests, calls the value logic, encodes answers."""

from __future__ import annotations

import functools
import json
import os
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import Any

from orchestrator.offline_provider import resources, rules
from orchestrator.offline_provider.codec import decode, encode, from_wire
from orchestrator.offline_provider.policy_document import PolicyError
from orchestrator.offline_provider.schema import SERVER_CAPABILITIES, Block, ProviderSchema
from orchestrator.offline_provider.tfplugin6 import tfplugin6_pb2 as pb

Diagnostics = list[pb.Diagnostic]


def error(summary: str, detail: str = "", path: pb.AttributePath | None = None) -> pb.Diagnostic:
    diagnostic = pb.Diagnostic(severity=pb.Diagnostic.ERROR, summary=summary, detail=detail)
    if path is not None:
        diagnostic.attribute.CopyFrom(path)
    return diagnostic


def attribute_path(block: Block, steps: Sequence[str | int]) -> pb.AttributePath:
    """Steps through a block as a protocol path; stops where a set element would be needed."""
    path = pb.AttributePath()
    current: Block | None = block
    cty: Any = None
    for step in steps:
        if isinstance(step, int):
            kind = cty if isinstance(cty, str) else (cty[0] if cty else "")
            if kind != "list":
                break  # elements of sets have no index in a path
            path.steps.add(element_key_int=step)
            cty = cty[1]
            continue
        path.steps.add(attribute_name=step)
        if current is not None and step in current.block_types:
            nested = current.block_types[step]
            cty = nested.type
            current = nested.block
        elif current is not None and step in current.attributes:
            cty = current.attributes[step].type
            current = None
        else:
            break
    return path


def _guarded(response_type: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Turn an exception in a handler into an error diagnostic instead of a dead plugin."""

    def decorate(handler: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(handler)
        def wrapper(self: ProviderService, request: Any, context: Any) -> Any:
            try:
                return handler(self, request, context)
            except Exception as exc:  # reported to Terraform, which shows it to the user
                traceback.print_exc(file=sys.stderr)
                diagnostic = error(
                    f"offline provider: {handler.__name__} failed: {exc}",
                    "This is a bug in the orchestrator's offline AWS provider stand-in.",
                )
                response = response_type()
                if "diagnostics" in response_type.DESCRIPTOR.fields_by_name:
                    response.diagnostics.append(diagnostic)
                return response

        return wrapper

    return decorate


class ProviderService:
    """Answers Terraform's provider RPCs from a schema; AWS is never contacted."""

    def __init__(self, load_schema: Callable[[], bytes]) -> None:
        self._load_schema = load_schema
        self._schema: ProviderSchema | None = None
        self._lock = threading.Lock()
        self.settings = resources.Settings.from_environment()

    @property
    def schema(self) -> ProviderSchema:
        with self._lock:
            if self._schema is None:
                self._schema = ProviderSchema(self._load_schema())
            return self._schema

    def _block(self, kind: str, type_name: str) -> Block:
        block = self.schema.block(kind, type_name)
        if block is None:
            raise KeyError(f"{type_name} is not a {kind} type of this provider schema")
        return block

    # --- schema and provider configuration -------------------------------------------------

    def GetProviderSchema(self, request: Any, context: Any) -> bytes:
        return self.schema.serialized

    @_guarded(pb.GetMetadata.Response)
    def GetMetadata(self, request: Any, context: Any) -> pb.GetMetadata.Response:
        response = self.schema.response
        return pb.GetMetadata.Response(
            server_capabilities=SERVER_CAPABILITIES,
            resources=[{"type_name": name} for name in response.resource_schemas],
            data_sources=[{"type_name": name} for name in response.data_source_schemas],
            ephemeral_resources=[
                {"type_name": name} for name in response.ephemeral_resource_schemas
            ],
        )

    @_guarded(pb.GetResourceIdentitySchemas.Response)
    def GetResourceIdentitySchemas(self, request: Any, context: Any) -> Any:
        return pb.GetResourceIdentitySchemas.Response()

    @_guarded(pb.GetFunctions.Response)
    def GetFunctions(self, request: Any, context: Any) -> Any:
        return pb.GetFunctions.Response()

    @_guarded(pb.ValidateProviderConfig.Response)
    def ValidateProviderConfig(self, request: Any, context: Any) -> Any:
        return pb.ValidateProviderConfig.Response()

    @_guarded(pb.ConfigureProvider.Response)
    def ConfigureProvider(self, request: Any, context: Any) -> Any:
        config = decode(request.config.msgpack, self.schema.provider.type)
        self.settings = resources.Settings.from_config(config, dict(os.environ))
        return pb.ConfigureProvider.Response()

    @_guarded(pb.StopProvider.Response)
    def StopProvider(self, request: Any, context: Any) -> Any:
        return pb.StopProvider.Response()

    # --- validation ------------------------------------------------------------------------

    def _violations(self, kind: str, type_name: str, config_bytes: bytes) -> Diagnostics:
        block = self._block(kind, type_name)
        config = decode(config_bytes, block.type)
        return [
            error(violation.message, path=attribute_path(block, violation.steps))
            for violation in rules.check(kind, type_name, config)
        ]

    @_guarded(pb.ValidateResourceConfig.Response)
    def ValidateResourceConfig(self, request: Any, context: Any) -> Any:
        found = self._violations("resource", request.type_name, request.config.msgpack)
        return pb.ValidateResourceConfig.Response(diagnostics=found)

    @_guarded(pb.ValidateDataResourceConfig.Response)
    def ValidateDataResourceConfig(self, request: Any, context: Any) -> Any:
        found = self._violations("data", request.type_name, request.config.msgpack)
        return pb.ValidateDataResourceConfig.Response(diagnostics=found)

    @_guarded(pb.ValidateEphemeralResourceConfig.Response)
    def ValidateEphemeralResourceConfig(self, request: Any, context: Any) -> Any:
        return pb.ValidateEphemeralResourceConfig.Response()

    # --- managed resources -----------------------------------------------------------------

    @_guarded(pb.UpgradeResourceState.Response)
    def UpgradeResourceState(self, request: Any, context: Any) -> Any:
        block = self._block("resource", request.type_name)
        if not request.raw_state.json:
            return pb.UpgradeResourceState.Response(
                diagnostics=[error("offline provider: legacy flatmap state is not supported")]
            )
        state = from_wire(json.loads(request.raw_state.json), block.type)
        return pb.UpgradeResourceState.Response(
            upgraded_state=pb.DynamicValue(msgpack=encode(state, block.type))
        )

    @_guarded(pb.ReadResource.Response)
    def ReadResource(self, request: Any, context: Any) -> Any:
        # Nothing changes behind Terraform's back: the state is what apply left.
        return pb.ReadResource.Response(new_state=request.current_state, private=request.private)

    @_guarded(pb.PlanResourceChange.Response)
    def PlanResourceChange(self, request: Any, context: Any) -> Any:
        block = self._block("resource", request.type_name)
        proposed = decode(request.proposed_new_state.msgpack, block.type)
        config = decode(request.config.msgpack, block.type)
        planned = resources.plan(block, request.type_name, proposed, config, self.settings)
        return pb.PlanResourceChange.Response(
            planned_state=pb.DynamicValue(msgpack=encode(planned, block.type)),
            planned_private=request.prior_private,
        )

    @_guarded(pb.ApplyResourceChange.Response)
    def ApplyResourceChange(self, request: Any, context: Any) -> Any:
        block = self._block("resource", request.type_name)
        planned = decode(request.planned_state.msgpack, block.type)
        new_state = resources.apply(block, request.type_name, planned, self.settings)
        return pb.ApplyResourceChange.Response(
            new_state=pb.DynamicValue(msgpack=encode(new_state, block.type)),
            private=request.planned_private,
        )

    @_guarded(pb.ImportResourceState.Response)
    def ImportResourceState(self, request: Any, context: Any) -> Any:
        block = self._block("resource", request.type_name)
        state = resources.imported(block, request.id)
        return pb.ImportResourceState.Response(
            imported_resources=[
                pb.ImportResourceState.ImportedResource(
                    type_name=request.type_name,
                    state=pb.DynamicValue(msgpack=encode(state, block.type)),
                )
            ]
        )

    # --- data sources and ephemeral resources ----------------------------------------------

    @_guarded(pb.ReadDataSource.Response)
    def ReadDataSource(self, request: Any, context: Any) -> Any:
        block = self._block("data", request.type_name)
        config = decode(request.config.msgpack, block.type)
        try:
            state = resources.read_data(block, request.type_name, config, self.settings)
        except PolicyError as exc:
            return pb.ReadDataSource.Response(diagnostics=[error(str(exc))])
        return pb.ReadDataSource.Response(state=pb.DynamicValue(msgpack=encode(state, block.type)))

    @_guarded(pb.OpenEphemeralResource.Response)
    def OpenEphemeralResource(self, request: Any, context: Any) -> Any:
        block = self._block("ephemeral", request.type_name)
        config = decode(request.config.msgpack, block.type)
        result = resources.read_data(block, request.type_name, config, self.settings)
        return pb.OpenEphemeralResource.Response(
            result=pb.DynamicValue(msgpack=encode(result, block.type))
        )

    @_guarded(pb.RenewEphemeralResource.Response)
    def RenewEphemeralResource(self, request: Any, context: Any) -> Any:
        return pb.RenewEphemeralResource.Response()

    @_guarded(pb.CloseEphemeralResource.Response)
    def CloseEphemeralResource(self, request: Any, context: Any) -> Any:
        return pb.CloseEphemeralResource.Response()


# Unary RPCs served, with their request and response message types; any other RPC of the
# protocol is answered UNIMPLEMENTED, which Terraform treats as "not supported".
UNARY_METHODS: dict[str, tuple[Any, Any]] = {
    "GetMetadata": (pb.GetMetadata.Request, pb.GetMetadata.Response),
    "GetProviderSchema": (pb.GetProviderSchema.Request, None),  # pre-serialized bytes
    "GetResourceIdentitySchemas": (
        pb.GetResourceIdentitySchemas.Request,
        pb.GetResourceIdentitySchemas.Response,
    ),
    "GetFunctions": (pb.GetFunctions.Request, pb.GetFunctions.Response),
    "ValidateProviderConfig": (
        pb.ValidateProviderConfig.Request,
        pb.ValidateProviderConfig.Response,
    ),
    "ConfigureProvider": (pb.ConfigureProvider.Request, pb.ConfigureProvider.Response),
    "StopProvider": (pb.StopProvider.Request, pb.StopProvider.Response),
    "ValidateResourceConfig": (
        pb.ValidateResourceConfig.Request,
        pb.ValidateResourceConfig.Response,
    ),
    "ValidateDataResourceConfig": (
        pb.ValidateDataResourceConfig.Request,
        pb.ValidateDataResourceConfig.Response,
    ),
    "ValidateEphemeralResourceConfig": (
        pb.ValidateEphemeralResourceConfig.Request,
        pb.ValidateEphemeralResourceConfig.Response,
    ),
    "UpgradeResourceState": (pb.UpgradeResourceState.Request, pb.UpgradeResourceState.Response),
    "ReadResource": (pb.ReadResource.Request, pb.ReadResource.Response),
    "PlanResourceChange": (pb.PlanResourceChange.Request, pb.PlanResourceChange.Response),
    "ApplyResourceChange": (pb.ApplyResourceChange.Request, pb.ApplyResourceChange.Response),
    "ImportResourceState": (pb.ImportResourceState.Request, pb.ImportResourceState.Response),
    "ReadDataSource": (pb.ReadDataSource.Request, pb.ReadDataSource.Response),
    "OpenEphemeralResource": (pb.OpenEphemeralResource.Request, pb.OpenEphemeralResource.Response),
    "RenewEphemeralResource": (
        pb.RenewEphemeralResource.Request,
        pb.RenewEphemeralResource.Response,
    ),
    "CloseEphemeralResource": (
        pb.CloseEphemeralResource.Request,
        pb.CloseEphemeralResource.Response,
    ),
}
