# generated from spec fddddc0dfbafd085 by unispec 0.1.0, do not edit
"""The server stub: `create_app(handler)` serves the spec's operations and delegates to your handler.

Nothing here holds handler logic: subclass `ChatHandler` in your own module and implement the
operations you serve, so regenerating this package never touches your code. An operation your
handler leaves alone answers 501 with the error envelope.
"""

from __future__ import annotations

from typing import AsyncIterator

from fastapi import FastAPI

from ._openapi import OPENAPI_JSON
from ._operations import OPERATIONS
from ._platform_base import Platform
from ._server import (
    DEFAULT_MAX_BODY_BYTES,
    AuthCheck,
    RequestContext,
    ServerError,
    UnknownFieldPolicy,
    build_app,
    error_body,
    not_implemented,
)
from .models import (
    BifrostModelList,
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionRequest,
    Completion,
    CompletionRequest,
    EmbeddingList,
    EmbeddingRequest,
    IdList,
    JamaiModelInfoList,
    ModelList,
    SgpModelList,
)

__all__ = [
    "ChatHandler",
    "RequestContext",
    "ServerError",
    "create_app",
    "error_body",
    "UnknownFieldPolicy",
]


class ChatHandler:
    """The operations of the spec, one method each. Implement those you serve; the rest answer 501.

    A method gets the parsed request body (for operations that have one) and a `RequestContext`
    (platform, headers, the presented key, passthrough fields, declared query parameters).
    """

    async def create_chat_completion(
        self, request: ChatCompletionRequest, context: RequestContext
    ) -> ChatCompletion | AsyncIterator[ChatCompletionChunk]:
        """Create a chat completion: `POST /chat/completions`.

        For `stream: true`, return an async iterator of `ChatCompletionChunk` (models, dicts or JSON bytes).
        """
        raise not_implemented("chat.completions.create")

    async def list_models(
        self, context: RequestContext
    ) -> ModelList | BifrostModelList | IdList | JamaiModelInfoList | SgpModelList:
        """List models: `GET /models`.

        Answer in the serving platform's shape: `IdList` on unify, `JamaiModelInfoList` on jamai, `SgpModelList` on sgp, `BifrostModelList` on bifrost, `ModelList` elsewhere.
        """
        raise not_implemented("models.list")

    async def list_model_ids(self, context: RequestContext) -> IdList:
        """List model ids: `GET /models/ids`, on jamai."""
        raise not_implemented("models.ids")

    async def list_endpoints(self, context: RequestContext) -> IdList:
        """List endpoints: `GET /endpoints`, on unify."""
        raise not_implemented("endpoints.list")

    async def list_providers(self, context: RequestContext) -> IdList:
        """List providers: `GET /providers`, on unify."""
        raise not_implemented("providers.list")

    async def create_completion(
        self, request: CompletionRequest, context: RequestContext
    ) -> Completion | AsyncIterator[Completion]:
        """Create a text completion: `POST /completions`, on openai, bifrost, sgp.

        For `stream: true`, return an async iterator of `Completion` (models, dicts or JSON bytes).
        """
        raise not_implemented("completions.create")

    async def create_embedding(
        self, request: EmbeddingRequest, context: RequestContext
    ) -> EmbeddingList:
        """Create embeddings: `POST /embeddings`, on openai, bifrost."""
        raise not_implemented("embeddings.create")


def create_app(
    handler: ChatHandler,
    *,
    platform: str | Platform = "openai",
    api_key: str | None = None,
    auth: AuthCheck | None = None,
    unknown_fields: UnknownFieldPolicy = "reject",
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    title: str | None = None,
) -> FastAPI:
    """A FastAPI app serving `handler` under the platform's base path: the operations that
    platform has, at its paths, and `/openapi.json` narrowed to them.

    Auth: with `api_key`, the platform's auth header must carry it (compared in constant time);
    with `auth`, your check decides (it gets the presented key and the headers); with neither,
    requests are not authenticated. `unknown_fields`: "reject" answers 400 naming top-level
    fields that neither the spec nor this platform define; "passthrough" hands them to the handler
    in `context.extra`.
    """
    return build_app(
        handler,
        list(OPERATIONS),
        OPENAPI_JSON,
        platform=platform,
        api_key=api_key,
        auth=auth,
        unknown_fields=unknown_fields,
        max_body_bytes=max_body_bytes,
        title=title,
    )
