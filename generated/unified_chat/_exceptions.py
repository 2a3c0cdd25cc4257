# generated from spec 539bddf77d292aa7 by unispec 0.1.0, do not edit
"""Typed errors. Every HTTP error carries the parsed error envelope, whatever shape the provider sent."""

from __future__ import annotations

from typing import Any

import httpx

from .models import Error

__all__ = [
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
    "parse_error_body",
]


class UnifiedChatError(Exception):
    """Base of every error this package raises."""


class APIError(UnifiedChatError):
    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request | None = None,
        body: Any = None,
        error: Error | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body
        self.error = error

    @property
    def code(self) -> Any:
        return self.error.code if self.error is not None else None

    @property
    def param(self) -> str | None:
        return self.error.param if self.error is not None else None

    @property
    def type(self) -> str | None:
        return self.error.type if self.error is not None else None


class APIConnectionError(APIError):
    def __init__(self, message: str = "Connection error.", *, request: httpx.Request | None = None):
        super().__init__(message, request=request)


class APITimeoutError(APIConnectionError):
    def __init__(self, request: httpx.Request | None = None):
        super().__init__("Request timed out.", request=request)


class APIStatusError(APIError):
    """An HTTP 4xx or 5xx answer."""

    def __init__(self, message: str, *, response: httpx.Response, body: Any, error: Error | None):
        super().__init__(message, request=response.request, body=body, error=error)
        self.response = response
        self.status_code = response.status_code

    def __str__(self) -> str:
        return f"Error code: {self.status_code} - {self.message}"


class BadRequestError(APIStatusError): ...


class AuthenticationError(APIStatusError): ...


class PermissionDeniedError(APIStatusError): ...


class NotFoundError(APIStatusError): ...


class ConflictError(APIStatusError): ...


class RequestTooLargeError(APIStatusError): ...


class UnsupportedMediaTypeError(APIStatusError): ...


class UnprocessableEntityError(APIStatusError): ...


class RateLimitError(APIStatusError): ...


class InternalServerError(APIStatusError): ...


STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    413: RequestTooLargeError,
    415: UnsupportedMediaTypeError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


class APIResponseValidationError(APIError):
    """The provider answered 2xx with a body that does not follow the spec."""


class StreamError(APIError):
    """The stream carried an error event, or broke off."""


class IncompleteStreamError(StreamError):
    """The stream ended before `data: [DONE]`: what arrived may be truncated."""


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def parse_error_body(body: Any, fallback: str) -> Error:
    """Normalise the error shapes real providers send into the spec's Error.

    OpenAI's `{"error": {message, type, param, code}}`; TGI's `{"error": "...", "error_type": ...}`;
    flat `{"object": "error", "message": ...}`; FastAPI's `{"detail": ...}`; `{"message": ...}`;
    plain text.
    """
    if isinstance(body, dict):
        inner = body.get("error")
        if isinstance(inner, dict):
            message = inner.get("message") or inner.get("msg") or fallback
            return Error.model_validate({**inner, "message": _text(message)})
        if isinstance(inner, str):
            return Error(
                message=inner,
                type=_text(body.get("error_type") or body.get("type")),
                code=body.get("code"),
            )
        if "message" in body:
            return Error(
                message=_text(body["message"]) or fallback,
                type=_text(body.get("type")),
                param=_text(body.get("param")),
                code=body.get("code"),
            )
        detail = body.get("detail")
        if isinstance(detail, str):
            return Error(message=detail)
        if isinstance(detail, list) and detail:
            first = detail[0] if isinstance(detail[0], dict) else {"msg": str(detail[0])}
            loc = ".".join(str(p) for p in first.get("loc", []) if p != "body") or None
            return Error(
                message=_text(first.get("msg")) or fallback,
                param=loc,
                type=_text(first.get("type")),
            )
    if isinstance(body, str) and body.strip():
        return Error(message=body.strip())
    return Error(message=fallback)
