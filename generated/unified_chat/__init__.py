# generated from spec 38cc2f7dd2369686 by unispec 0.1.0, do not edit
"""unified_chat: a typed client and server stub for OpenAI-compatible chat completions, generated from the unispec spec."""

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

__version__ = "0.1.0"
SPEC_SHA256 = "38cc2f7dd2369686f1fa1ea60463ed1812c59b5439f381e10710ce5a806cf8bb"

__all__ = [
    "models",
    "Client",
    "AsyncClient",
    "APIResponse",
    "Stream",
    "AsyncStream",
    "NOT_GIVEN",
    "NotGiven",
    "PLATFORMS",
    "Platform",
    "get_platform",
    "model_id",
    "parse_model_id",
    "unknown_fields",
    "UnifiedChatError",
    "APIError",
    "APIConnectionError",
    "APITimeoutError",
    "APIStatusError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "RequestTooLargeError",
    "UnsupportedMediaTypeError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "APIResponseValidationError",
    "StreamError",
    "IncompleteStreamError",
]
