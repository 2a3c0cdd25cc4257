# generated from spec 539bddf77d292aa7 by unispec 0.1.0, do not edit
"""unified_chat: a typed client and server stub for OpenAI-compatible chat completions, generated from the unispec spec.

The names below load on first use (PEP 562): a server (`unified_chat.server`) or a validator of
payloads (`unified_chat.models`) never loads the HTTP client, and `import unified_chat` costs
almost nothing until a name is used.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
SPEC_SHA256 = "539bddf77d292aa7465723edfd496cebf03a91725ec7f1a5c11d8945090287dd"

# public name -> the module that defines it
_EXPORTS: dict[str, str] = {
    "models": "",
    "Client": "._client",
    "AsyncClient": "._client",
    "APIResponse": "._base_client",
    "Stream": "._streaming",
    "AsyncStream": "._streaming",
    "NOT_GIVEN": "._types",
    "NotGiven": "._types",
    "PLATFORMS": "._platforms",
    "Platform": "._platforms",
    "get_platform": "._platforms",
    "model_id": "._platforms",
    "parse_model_id": "._platforms",
    "unknown_fields": "._unknown",
    "UnifiedChatError": "._exceptions",
    "APIError": "._exceptions",
    "APIConnectionError": "._exceptions",
    "APITimeoutError": "._exceptions",
    "APIStatusError": "._exceptions",
    "BadRequestError": "._exceptions",
    "AuthenticationError": "._exceptions",
    "PermissionDeniedError": "._exceptions",
    "NotFoundError": "._exceptions",
    "ConflictError": "._exceptions",
    "RequestTooLargeError": "._exceptions",
    "UnsupportedMediaTypeError": "._exceptions",
    "UnprocessableEntityError": "._exceptions",
    "RateLimitError": "._exceptions",
    "InternalServerError": "._exceptions",
    "APIResponseValidationError": "._exceptions",
    "StreamError": "._exceptions",
    "IncompleteStreamError": "._exceptions",
}
__all__ = ["__version__", "SPEC_SHA256", *_EXPORTS]


def __getattr__(name: str) -> Any:
    where = _EXPORTS.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = import_module(f".{name}" if where == "" else where, __name__)
    if where != "":
        value = getattr(value, name)
    globals()[name] = value  # once loaded, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:
    from . import models
    from ._base_client import APIResponse
    from ._client import AsyncClient, Client
    from ._exceptions import (
        APIConnectionError,
        APIError,
        APIResponseValidationError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        ConflictError,
        IncompleteStreamError,
        InternalServerError,
        NotFoundError,
        PermissionDeniedError,
        RateLimitError,
        RequestTooLargeError,
        StreamError,
        UnifiedChatError,
        UnprocessableEntityError,
        UnsupportedMediaTypeError,
    )
    from ._platforms import PLATFORMS, Platform, get_platform, model_id, parse_model_id
    from ._streaming import AsyncStream, Stream
    from ._types import NOT_GIVEN, NotGiven
    from ._unknown import unknown_fields
