# generated from spec 539bddf77d292aa7 by unispec 0.1.0, do not edit
"""The server stub: `create_app(handler)` serves the spec's routes and delegates to your handler.

Nothing here holds handler logic: implement `ChatHandler` in your own module, so regenerating this
package never touches it. Routes are plain Starlette routes on a FastAPI app: the app is yours to
extend with FastAPI's tools, while the hot path skips FastAPI's per-request dependency solving,
because the body is parsed once, straight from bytes, by the generated model.
"""

from __future__ import annotations

import hmac
import json
import logging
import math
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, AsyncIterator, Awaitable, Callable, Literal, Mapping

import pydantic_core
from pydantic import BaseModel, ValidationError

from ._openapi import OPENAPI_JSON
from ._platforms import Platform, check_rules, get_platform
from .models import ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, ModelList

try:
    from fastapi import FastAPI
    from starlette.datastructures import Headers
    from starlette.exceptions import HTTPException as StarletteHTTPException
    from starlette.requests import Request
    from starlette.responses import Response, StreamingResponse
    from starlette.routing import Route
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise ImportError("the server stub needs FastAPI: pip install 'unified-chat[server]'") from exc

__all__ = [
    "ChatHandler",
    "Limits",
    "RequestContext",
    "ServerError",
    "check_limits",
    "create_app",
    "error_body",
    "UnknownFieldPolicy",
]

log = logging.getLogger("unified_chat.server")
UnknownFieldPolicy = Literal["reject", "passthrough"]
AuthCheck = Callable[[str | None, Mapping[str, str]], bool | Awaitable[bool]]
DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024
_REQUEST_FIELDS = frozenset(ChatCompletionRequest.model_fields)
_SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def _default_type(status: int) -> str:
    return "invalid_request_error" if status < 500 else "server_error"


@dataclass(frozen=True)
class Limits:
    """Ceilings on the work one request may ask for: above one, the request gets a 400 naming it.

    Pass your own to `create_app(handler, limits=Limits(max_tokens=32768))`; handlers read the
    app's in `context.limits` (the reference backend bounds its schema-driven output with them).
    """

    max_tokens: int = 4096  # max_tokens / max_completion_tokens, per choice
    max_total_tokens: int = 16384  # n x the per-choice limit, x (1 + top_logprobs) with logprobs
    max_logit_bias: int = 300  # entries in logit_bias (a token id has at most 10 digits)
    max_schema_bytes: int = 65536  # one tool's parameters, or the response_format schema, as JSON
    max_schema_size: int = 10000  # the largest minLength / minItems / minProperties / minContains
    max_pattern_length: int = 1000  # characters in one `pattern` or patternProperties key


_TOKEN_ID_DIGITS = 10
_SCHEMA_DEMANDS = ("minLength", "minItems", "minProperties", "minContains")


def _schema_problem(schema: Any, limits: Limits) -> str | None:
    """Why this tool or response-format schema asks for more than `limits` allow, if it does."""
    size = len(pydantic_core.to_json(schema))
    if size > limits.max_schema_bytes:
        return f"is {size} bytes of JSON; this server takes schemas of at most {limits.max_schema_bytes} bytes (Limits.max_schema_bytes)."
    stack = [schema]
    while stack:  # a loop, not recursion: the body's nesting depth is the client's to choose
        node = stack.pop()
        items = (
            node.items()
            if isinstance(node, dict)
            else enumerate(node)
            if isinstance(node, list)
            else ()
        )
        for key, value in items:
            if isinstance(value, (dict, list)):
                stack.append(value)
                if key == "patternProperties" and isinstance(value, dict):
                    longest = max(map(len, value), default=0)
                    if longest > limits.max_pattern_length:
                        return f"has a patternProperties key of {longest} characters; the limit is {limits.max_pattern_length} (Limits.max_pattern_length)."
            elif isinstance(value, float) and not math.isfinite(value):
                return f"has a number too large to represent at `{key}`; numbers in a schema must be finite."
            elif (
                key in _SCHEMA_DEMANDS
                and isinstance(value, (int, float))
                and not isinstance(value, bool)
                and value > limits.max_schema_size
            ):
                return f"demands {key}: {value}; this server produces at most {limits.max_schema_size} (Limits.max_schema_size)."
            elif (
                key == "pattern"
                and isinstance(value, str)
                and len(value) > limits.max_pattern_length
            ):
                return f"has a pattern of {len(value)} characters; the limit is {limits.max_pattern_length} (Limits.max_pattern_length)."
    return None


def check_limits(
    limits: Limits, request: ChatCompletionRequest, default_tokens: int | None = None
) -> tuple[str, str] | None:
    """The first (param, message) of `request` that asks for more than `limits` allow, else None.

    `default_tokens`: the handler's own token limit for a request that sets none (the server
    does not know it, so it passes None and a handler with a default checks again).
    O(1) for a request without logit_bias, tools or response_format: it runs on every request.
    """
    values = request.__dict__  # not attribute access: `functions` is deprecated and would warn
    limit, limit_name = default_tokens, None
    for name in ("max_tokens", "max_completion_tokens"):
        value = values[name]
        if value is not None:
            if value > limits.max_tokens:
                return (
                    name,
                    f"{name} is {value}; this server generates at most {limits.max_tokens} tokens per choice (Limits.max_tokens).",
                )
            if name == "max_completion_tokens" or limit_name is None:
                limit, limit_name = value, name  # max_completion_tokens wins where both are set
    n = values["n"] or 1
    # Each returned alternative costs about what a token does, in work and in the answer's size.
    alternatives = (values["top_logprobs"] or 0) if values["logprobs"] else 0
    if limit is not None and n * limit * (1 + alternatives) > limits.max_total_tokens:
        param = "n" if n > 1 else "top_logprobs" if alternatives else limit_name or "n"
        return param, (
            f"n x tokens x (1 + top_logprobs) is {n} x {limit} x {1 + alternatives} = {n * limit * (1 + alternatives)}; "
            f"this server returns at most {limits.max_total_tokens} tokens per request (Limits.max_total_tokens)."
        )
    bias = values["logit_bias"]
    if bias:
        if len(bias) > limits.max_logit_bias:
            return (
                "logit_bias",
                f"logit_bias has {len(bias)} entries; the limit is {limits.max_logit_bias} (Limits.max_logit_bias).",
            )
        if max(map(len, bias)) > _TOKEN_ID_DIGITS:
            return (
                "logit_bias",
                f"logit_bias keys are token ids of at most {_TOKEN_ID_DIGITS} digits.",
            )
    schemas: list[tuple[str, Any]] = []
    for i, tool in enumerate(values["tools"] or ()):
        schemas.append((f"tools.{i}.function.parameters", tool.function.parameters))
    for i, function in enumerate(values["functions"] or ()):
        schemas.append((f"functions.{i}.parameters", function.parameters))
    json_schema = getattr(values["response_format"], "json_schema", None)
    if json_schema is not None:
        schemas.append(("response_format.json_schema.schema", json_schema.schema_))
    for param, schema in schemas:
        problem = _schema_problem(schema, limits) if schema else None
        if problem:
            return param, f"{param} {problem}"
    return None


class ServerError(Exception):
    """Raise from a handler to answer with an error envelope (`ServerError(404, "no such model", param="model")`)."""

    def __init__(
        self,
        status_code: int,
        message: str,
        *,
        type: str | None = None,
        param: str | None = None,
        code: str | int | None = None,
        headers: Mapping[str, str] | None = None,
    ):
        super().__init__(message)
        self.headers = dict(headers or {})  # e.g. Retry-After on a 429 or 503
        self.status_code = status_code
        self.message = message
        self.type = type or _default_type(status_code)
        self.param = param
        self.code = code


@dataclass
class RequestContext:
    """What a handler may want besides the request body."""

    platform: Platform
    headers: Mapping[str, str]
    api_key: str | None
    # Top-level fields the spec or the platform does not know, under the "passthrough" policy.
    extra: dict[str, Any] = field(default_factory=dict)
    http_request: Request | None = None
    limits: Limits = field(default_factory=Limits)

    def param(self, request: ChatCompletionRequest, name: str) -> Any:
        """The value in effect: as sent (null included), else the platform's default, else the spec's."""
        if name in request.model_fields_set:
            return request.__dict__[name]
        default = self.platform.default(name)
        if default is not None:
            return default
        return ChatCompletionRequest.model_fields[name].default


class ChatHandler(ABC):
    """Implement this, then `create_app(YourHandler())`."""

    @abstractmethod
    async def create_chat_completion(
        self, request: ChatCompletionRequest, context: RequestContext
    ) -> ChatCompletion | AsyncIterator[ChatCompletionChunk]:
        """A completion; for `stream: true`, an async iterator of chunks (models, dicts or JSON bytes)."""

    @abstractmethod
    async def list_models(self, context: RequestContext) -> ModelList:
        """The models served, with ids in the platform's format."""


def error_body(
    message: str, type: str | None = None, param: str | None = None, code: str | int | None = None
) -> bytes:
    return json.dumps(
        {"error": {"message": message, "type": type, "param": param, "code": code}}
    ).encode()


def _error(
    status: int,
    message: str,
    type: str | None = None,
    param: str | None = None,
    code: str | int | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    if type is None:
        type = _default_type(status)
    return Response(
        error_body(message, type, param, code),
        status_code=status,
        media_type="application/json",
        headers=headers,
    )


# pydantic names the union branch it tried in an error's location (`stop.str`,
# `response_format.ResponseFormatText.type`); a client wants the field's own path.
_UNION_MEMBER = re.compile(r"^(?:str|int|float|bool|bytes|none|list|dict|[a-z-]+\[.*\]|[A-Z]\w*)$")


def _param(loc: tuple[Any, ...]) -> str | None:
    return (
        ".".join(str(p) for p in loc if not (isinstance(p, str) and _UNION_MEMBER.match(p))) or None
    )


def _validation_error(exc: ValidationError) -> Response:
    first = exc.errors(include_url=False)[0]
    kind = first["type"]
    loc = tuple(first["loc"])
    if kind == "json_invalid":
        return _error(400, f"The body is not valid JSON: {first['msg']}", code="invalid_json")
    if kind == "model_type" and not loc:
        return _error(400, "The body must be a JSON object.", code="invalid_json")
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        loc = (*loc, first["ctx"]["discriminator"].strip("'"))
    param = _param(loc)
    code = {"missing": "missing_required_parameter", "extra_forbidden": "unknown_parameter"}.get(
        kind, "invalid_value"
    )
    message = f"{param}: {first['msg']}" if param else first["msg"]
    more = exc.error_count() - 1
    if more:
        message += f" (and {more} more error{'s' if more > 1 else ''})"
    return _error(400, message, param=param, code=code)


def _chunk_bytes(chunk: Any) -> bytes:
    if isinstance(chunk, bytes):
        return chunk
    if isinstance(chunk, BaseModel):
        return chunk.__pydantic_serializer__.to_json(chunk, exclude_unset=True)
    return pydantic_core.to_json(chunk)


def create_app(
    handler: ChatHandler,
    *,
    platform: str | Platform = "openai",
    api_key: str | None = None,
    auth: AuthCheck | None = None,
    unknown_fields: UnknownFieldPolicy = "reject",
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    title: str | None = None,
    limits: Limits | None = None,
) -> FastAPI:
    """A FastAPI app serving `handler` under the platform's base path.

    Auth: with `api_key`, the platform's auth header must carry it (compared in constant time);
    with `auth`, your check decides (it gets the presented key and the headers); with neither,
    requests are not authenticated. `unknown_fields`: "reject" answers 400 naming top-level
    fields that neither the spec nor this platform define; "passthrough" hands them to the handler
    in `context.extra`. `limits`: the ceilings on one request's work (`Limits`' defaults
    when not given); a request above one gets a 400 naming the parameter.
    """
    if unknown_fields not in ("reject", "passthrough"):
        raise ValueError(
            f"unknown_fields must be 'reject' or 'passthrough', not {unknown_fields!r}"
        )
    profile = get_platform(platform)
    base = profile.base_path
    auth_header = profile.auth_header.lower()
    prefix = profile.auth_prefix
    expected_key = api_key.encode() if api_key else None
    not_on_platform = _REQUEST_FIELDS - profile.accepts
    limits = limits or Limits()

    def presented_key(headers: Mapping[str, str]) -> str | None:
        value = headers.get(auth_header)
        if value is None:
            return None
        if prefix:
            scheme, _, token = value.partition(" ")
            return (
                token.strip() if scheme.lower() == prefix.strip().lower() and token.strip() else ""
            )
        return value

    async def authenticate(headers: Mapping[str, str]) -> tuple[str | None, Response | None]:
        key = presented_key(headers)
        if expected_key is None and auth is None:
            return key, None
        if not key:
            what = "malformed" if key == "" else "missing"
            return key, _error(
                401,
                f"The API key is {what}: send it as `{profile.auth_header}: {prefix}<key>`.",
                type="authentication_error",
                code="invalid_api_key",
                headers={"WWW-Authenticate": "Bearer"} if prefix else None,
            )
        if auth is not None:
            ok = auth(key, headers)
            if not isinstance(ok, bool):
                ok = await ok
        else:
            ok = hmac.compare_digest(key.encode(), expected_key)  # type: ignore[arg-type]
        if not ok:
            return key, _error(
                401,
                "Incorrect API key provided.",
                type="authentication_error",
                code="invalid_api_key",
            )
        return key, None

    async def read_body(headers: Mapping[str, str], receive: Any) -> bytes | Response:
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_body_bytes:
            return _error(
                413,
                f"The body is larger than the limit of {max_body_bytes} bytes.",
                code="request_too_large",
            )
        parts: list[bytes] = []
        size = 0
        while True:  # straight from the ASGI channel: no async generator per request
            message = await receive()
            if message["type"] == "http.disconnect":
                return _error(
                    400,
                    "The client went away before sending the whole body.",
                    code="client_disconnected",
                )
            part = message.get("body", b"")
            size += len(part)
            if size > max_body_bytes:
                return _error(
                    413,
                    f"The body is larger than the limit of {max_body_bytes} bytes.",
                    code="request_too_large",
                )
            parts.append(part)
            if not message.get("more_body", False):
                break
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def parse(body: bytes) -> tuple[ChatCompletionRequest, dict[str, Any]] | Response:
        if not body.strip():
            return _error(
                400,
                "The body is empty; send a JSON object with `messages`.",
                param="messages",
                code="missing_required_parameter",
            )
        try:
            # strict: the spec's JSON Schema types, in which `true` is no integer and "2" no
            # number; pydantic's lax mode would take `max_tokens: true` as 1.
            parsed = ChatCompletionRequest.model_validate_json(body, strict=True)
            extra: dict[str, Any] = {}
        except ValidationError as exc:
            unknown = [
                e["loc"][0]
                for e in exc.errors()
                if e["type"] == "extra_forbidden" and len(e["loc"]) == 1
            ]
            if not unknown:
                return _validation_error(exc)
            if unknown_fields == "reject":
                names = ", ".join(map(str, unknown))
                return _error(
                    400,
                    f"Unrecognized request argument(s) supplied: {names}",
                    param=str(unknown[0]),
                    code="unknown_parameter",
                )
            try:
                # Safe to parse again: the first attempt only failed on the unknown names.
                data = json.loads(body)
                extra = {name: data.pop(name) for name in unknown}
                parsed = ChatCompletionRequest.model_validate(data, strict=True)
            except ValidationError as again:
                return _validation_error(again)
        if not_on_platform:
            sent = not_on_platform.intersection(parsed.model_fields_set)
            if sent:
                names = sorted(sent)
                if unknown_fields == "reject":
                    return _error(
                        400,
                        f"Argument(s) not supported on {profile.title}: {', '.join(names)}",
                        param=names[0],
                        code="unsupported_parameter",
                    )
                for name in names:
                    extra[name] = parsed.__dict__[name]
        problems = check_rules(profile, parsed.__dict__)
        if problems:
            param, message = problems[0]
            missing = parsed.__dict__.get(param) is None
            return _error(
                400,
                message,
                param=param,
                code="missing_required_parameter" if missing else "invalid_value",
            )
        refused = check_limits(limits, parsed)
        if refused is not None:
            return _error(400, refused[1], param=refused[0], code="invalid_value")
        return parsed, extra

    async def chat_completions(scope: Any, receive: Any, send: Any) -> None:
        # A raw ASGI app, not a Starlette endpoint: the hot path skips the framework's per-request
        # exception wrapper and middleware stack, so every error must be answered here, the user's
        # own `auth` check's included.
        try:
            response = await answer_chat(scope, receive)
        except ServerError as exc:
            response = _error(
                exc.status_code, exc.message, exc.type, exc.param, exc.code, exc.headers
            )
        except Exception:
            log.exception("failed on POST %s/chat/completions", base)
            response = _error(
                500, "The server had an error while processing the request.", code="internal_error"
            )
        await response(scope, receive, send)

    async def answer_chat(scope: Any, receive: Any) -> Response:
        headers = Headers(scope=scope)
        key, denied = await authenticate(headers)
        if denied is not None:
            return denied
        content_type = headers.get("content-type", "application/json").split(";")[0].strip().lower()
        if content_type != "application/json" and not content_type.endswith("+json"):
            return _error(
                415,
                f"Send the body as application/json, not {content_type}.",
                code="unsupported_media_type",
            )
        body = await read_body(headers, receive)
        if isinstance(body, Response):
            return body
        parsed = parse(body)
        if isinstance(parsed, Response):
            return parsed
        chat_request, extra = parsed
        http_request = Request(scope, receive)
        http_request._body = body  # the body is already read: a handler's `await body()` gets it
        context = RequestContext(profile, headers, key, extra, http_request, limits)
        try:
            result = await handler.create_chat_completion(chat_request, context)
        except ServerError as exc:
            return _error(exc.status_code, exc.message, exc.type, exc.param, exc.code, exc.headers)
        except Exception:
            log.exception("handler failed on POST %s/chat/completions", base)
            return _error(
                500, "The server had an error while processing the request.", code="internal_error"
            )
        if isinstance(result, BaseModel):
            if chat_request.stream is True:
                log.error("handler returned a completion for a streaming request")
                return _error(
                    500,
                    "The server returned a completion where a stream was asked for.",
                    code="internal_error",
                )
            return Response(
                result.__pydantic_serializer__.to_json(result, exclude_unset=True),
                media_type="application/json",
            )
        if not hasattr(result, "__aiter__"):
            log.error(
                "handler returned %r, expected a completion or an async iterator", type(result)
            )
            return _error(500, "The server returned an unusable answer.", code="internal_error")
        return StreamingResponse(_sse(result), media_type="text/event-stream", headers=_SSE_HEADERS)

    async def list_models(request: Request) -> Response:
        key, denied = await authenticate(request.headers)
        if denied is not None:
            return denied
        try:
            result = await handler.list_models(
                RequestContext(profile, request.headers, key, {}, request, limits)
            )
        except ServerError as exc:
            return _error(exc.status_code, exc.message, exc.type, exc.param, exc.code, exc.headers)
        except Exception:
            log.exception("handler failed on GET %s/models", base)
            return _error(
                500, "The server had an error while processing the request.", code="internal_error"
            )
        return Response(
            result.__pydantic_serializer__.to_json(result, exclude_unset=True),
            media_type="application/json",
        )

    served_spec = json.loads(OPENAPI_JSON)
    served_spec["servers"] = [{"url": base, "description": profile.title}]
    served_bytes = json.dumps(served_spec, ensure_ascii=False).encode()

    async def openapi(request: Request) -> Response:
        return Response(served_bytes, media_type="application/json")

    chat_route = Route(
        f"{base}/chat/completions", _ASGIEndpoint(chat_completions), methods=["POST"]
    )
    app = _App(
        chat_route,
        title=title or f"unified_chat ({profile.title})",
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    app.router.routes.extend(
        [
            chat_route,
            Route(f"{base}/models", list_models, methods=["GET"]),
            Route("/openapi.json", openapi, methods=["GET"]),
            Route(f"{base}/openapi.json", openapi, methods=["GET"]),
        ]
    )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        messages = {
            404: f"Unknown path {request.url.path}; this server answers under {base}.",
            405: f"Method {request.method} is not allowed on {request.url.path}.",
        }
        return _error(
            exc.status_code,
            messages.get(exc.status_code, str(exc.detail)),
            code="not_found" if exc.status_code == 404 else None,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _error(
            500, "The server had an error while processing the request.", code="internal_error"
        )

    app.state.handler = handler
    app.state.platform = profile
    app.state.limits = limits
    return app


class _ASGIEndpoint:
    """Starlette mounts a plain function as a request/response endpoint; an object is an ASGI app."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


class _App(FastAPI):
    """A FastAPI app with a fast path for the hot route.

    `POST {base}/chat/completions` goes straight to its route while the app has no middleware of
    its user's: the endpoint already answers every error with an envelope, so the framework's
    middleware stack (error pages, exit stacks, routing by regex) only costs time there. Add a
    middleware (CORS, tracing) and every request, this one too, goes through the full stack.
    """

    def __init__(self, chat_route: Route, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._chat_path = chat_route.path
        self._chat_app = chat_route.app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if (
            scope["type"] == "http"
            and scope["path"] == self._chat_path
            and scope["method"] == "POST"
            and not self.user_middleware
        ):
            scope["app"] = self
            await self._chat_app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


async def _sse(chunks: AsyncIterator[Any]) -> AsyncIterator[bytes]:
    """Chunks as SSE, ended by `[DONE]`; an error after the first byte becomes an error event."""
    try:
        async for chunk in chunks:
            yield b"data: " + _chunk_bytes(chunk) + b"\n\n"
        yield b"data: [DONE]\n\n"
    except ServerError as exc:
        yield b"data: " + error_body(exc.message, exc.type, exc.param, exc.code) + b"\n\n"
    except Exception:
        log.exception("handler failed while streaming")
        yield (
            b"data: "
            + error_body(
                "The server had an error while streaming.", "server_error", None, "internal_error"
            )
            + b"\n\n"
        )
    finally:
        aclose = getattr(chunks, "aclose", None)
        if aclose is not None:
            await aclose()
