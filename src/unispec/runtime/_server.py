"""The server runtime: every operation of the spec as a route under the platform's base path,
delegating to the handler method named for it.

The generated `server` module holds the handler interface and `create_app`; this module holds what
the spec does not decide (auth, body limits, errors as envelopes, SSE). Routes are plain Starlette
routes on a FastAPI app: the app is yours to extend with FastAPI's tools, while the hot path skips
FastAPI's per-request dependency solving, because the body is parsed once, straight from bytes,
by the generated model.
"""

from __future__ import annotations

import copy
import hmac
import itertools
import json
import logging
import math
import os
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, cast
from urllib.parse import parse_qsl

import pydantic_core
from pydantic import BaseModel, ValidationError

from ._operation import Operation
from ._platform_base import Platform, check_rules, get_platform

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
    "Limits",
    "check_limits",
    "RequestContext",
    "ServerError",
    "build_app",
    "error_body",
    "not_implemented",
    "UnknownFieldPolicy",
    "AuthCheck",
    "new_request_id",
    "request_id",
]

log = logging.getLogger("unified_chat.server")
UnknownFieldPolicy = Literal["reject", "passthrough", "ignore"]
AuthCheck = Callable[[str | None, Mapping[str, str]], bool | Awaitable[bool]]
DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024
_SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
REQUEST_ID_HEADER = b"x-request-id"
MAX_REQUEST_ID = 128  # a client's x-request-id is echoed when it is 1-128 printable ASCII characters
_SANE_REQUEST_ID = re.compile(rb"[!-~]{1,%d}" % MAX_REQUEST_ID)
_REQUEST_ID_KEY = "unispec.request_id"  # where the fast path leaves it in the ASGI scope


class _RequestIds:
    """A random prefix per process and a counter: reseeded in a forked child, so workers forked
    after import (gunicorn --preload) never hand out their parent's ids."""

    def __init__(self) -> None:
        self.reseed()

    def reseed(self) -> None:
        self.prefix = b"req_" + os.urandom(6).hex().encode()
        self.counter = itertools.count(int.from_bytes(os.urandom(4), "big"))


_IDS = _RequestIds()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_IDS.reseed)


def new_request_id() -> bytes:
    """A fresh request id: `req_` and 24 hex digits, 12 random per process and a 12-digit counter
    (unique, and a fifth of the cost of 12 random bytes per request)."""
    return b"%s%012x" % (_IDS.prefix, next(_IDS.counter) & 0xFFFFFFFFFFFF)


def request_id(scope: Any) -> bytes:
    """The request's id: the client's `x-request-id` if it is a sane token (1-128 printable ASCII
    characters, no spaces), else a new one."""
    for name, value in scope.get("headers", ()):
        if name == REQUEST_ID_HEADER:
            if _SANE_REQUEST_ID.fullmatch(value):
                return value
            break
    return new_request_id()


def _with_request_id(send: Any, rid: bytes) -> Any:
    """`send`, with the request id added to the response's headers."""

    async def sending(message: Any) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", ()), (REQUEST_ID_HEADER, rid)]}
        await send(message)

    return sending


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
    stack: list[Any] = [schema]
    while stack:  # a loop, not recursion: the body's nesting depth is the client's to choose
        node: Any = stack.pop()
        items: Iterable[tuple[Any, Any]] = (
            cast("dict[str, Any]", node).items()
            if isinstance(node, dict)
            else enumerate(cast("list[Any]", node))
            if isinstance(node, list)
            else ()
        )
        for key, value in items:
            if isinstance(value, (dict, list)):
                stack.append(value)
                if key == "patternProperties" and isinstance(value, dict):
                    longest = max(map(len, cast("dict[str, Any]", value)), default=0)
                    if longest > limits.max_pattern_length:
                        return f"has a patternProperties key of {longest} characters; the limit is {limits.max_pattern_length} (Limits.max_pattern_length)."
            elif isinstance(value, float) and not math.isfinite(value):
                return f"has a number too large to represent at `{key}`; numbers in a schema must be finite."
            elif key in _SCHEMA_DEMANDS and isinstance(value, (int, float)) and not isinstance(value, bool) and value > limits.max_schema_size:
                return f"demands {key}: {value}; this server produces at most {limits.max_schema_size} (Limits.max_schema_size)."
            elif key == "pattern" and isinstance(value, str) and len(value) > limits.max_pattern_length:
                return f"has a pattern of {len(value)} characters; the limit is {limits.max_pattern_length} (Limits.max_pattern_length)."
    return None


def check_limits(limits: Limits, request: BaseModel, default_tokens: int | None = None) -> tuple[str, str] | None:
    """The first (param, message) of `request` that asks for more than `limits` allow, else None.

    `default_tokens`: the handler's own token limit for a request that sets none (the server
    does not know it, so it passes None and a handler with a default checks again).
    O(1) for a request without logit_bias, tools or response_format: it runs on every request.
    Any operation's request: the fields it does not have count as absent.
    """
    values = request.__dict__  # not attribute access: `functions` is deprecated and would warn
    limit, limit_name = default_tokens, None
    for name in ("max_tokens", "max_completion_tokens"):
        value = values.get(name)
        if value is not None:
            if value > limits.max_tokens:
                return name, f"{name} is {value}; this server generates at most {limits.max_tokens} tokens per choice (Limits.max_tokens)."
            if name == "max_completion_tokens" or limit_name is None:
                limit, limit_name = value, name  # max_completion_tokens wins where both are set
    n = values.get("n") or 1
    # Each returned alternative costs about what a token does, in work and in the answer's size.
    alternatives = (values.get("top_logprobs") or 0) if values.get("logprobs") is True else 0
    if limit is not None and n * limit * (1 + alternatives) > limits.max_total_tokens:
        param = "n" if n > 1 else "top_logprobs" if alternatives else limit_name or "n"
        return param, (
            f"n x tokens x (1 + top_logprobs) is {n} x {limit} x {1 + alternatives} = {n * limit * (1 + alternatives)}; "
            f"this server returns at most {limits.max_total_tokens} tokens per request (Limits.max_total_tokens)."
        )
    bias = values.get("logit_bias")
    if bias:
        if len(bias) > limits.max_logit_bias:
            return "logit_bias", f"logit_bias has {len(bias)} entries; the limit is {limits.max_logit_bias} (Limits.max_logit_bias)."
        if max(map(len, bias)) > _TOKEN_ID_DIGITS:
            return "logit_bias", f"logit_bias keys are token ids of at most {_TOKEN_ID_DIGITS} digits."
    schemas: list[tuple[str, Any]] = []
    for i, tool in enumerate(values.get("tools") or ()):
        schemas.append((f"tools.{i}.function.parameters", tool.function.parameters))
    for i, function in enumerate(values.get("functions") or ()):
        schemas.append((f"functions.{i}.parameters", function.parameters))
    json_schema = getattr(values.get("response_format"), "json_schema", None)
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
    extra: dict[str, Any] = field(default_factory=lambda: {})
    http_request: Request | None = None
    operation: Operation | None = None
    # The operation's declared query parameters that were sent, typed.
    query: dict[str, Any] = field(default_factory=lambda: {})
    limits: Limits = field(default_factory=Limits)

    def param(self, request: BaseModel, name: str) -> Any:
        """The value in effect: as sent (null included), else the platform's default, else the spec's."""
        if name in request.model_fields_set:
            return request.__dict__[name]
        default = self.platform.default(name)
        if default is not None:
            return default
        return type(request).model_fields[name].default


def error_body(message: str, type: str | None = None, param: str | None = None, code: str | int | None = None) -> bytes:
    return json.dumps({"error": {"message": message, "type": type, "param": param, "code": code}}).encode()


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
        error_body(message, type, param, code), status_code=status, media_type="application/json", headers=headers
    )


# pydantic names the union branch it tried in an error's location (`stop.str`,
# `response_format.ResponseFormatText.type`); a client wants the field's own path.
_UNION_MEMBER = re.compile(r"^(?:str|int|float|bool|bytes|none|list|dict|[a-z-]+\[.*\]|[A-Z]\w*)$")


def _param(loc: tuple[Any, ...]) -> str | None:
    return ".".join(str(p) for p in loc if not (isinstance(p, str) and _UNION_MEMBER.match(p))) or None


def _validation_error(exc: ValidationError, status: int = 400) -> Response:
    first = exc.errors(include_url=False)[0]
    kind = first["type"]
    loc = tuple(first["loc"])
    if kind == "json_invalid":
        return _error(status, f"The body is not valid JSON: {first['msg']}", code="invalid_json")
    if kind == "model_type" and not loc:
        return _error(status, "The body must be a JSON object.", code="invalid_json")
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        loc = (*loc, first.get("ctx", {})["discriminator"].strip("'"))
    param = _param(loc)
    code = {"missing": "missing_required_parameter", "extra_forbidden": "unknown_parameter"}.get(kind, "invalid_value")
    message = f"{param}: {first['msg']}" if param else first["msg"]
    more = exc.error_count() - 1
    if more:
        message += f" (and {more} more error{'s' if more > 1 else ''})"
    return _error(status, message, param=param, code=code)


def _chunk_bytes(chunk: Any) -> bytes:
    if isinstance(chunk, bytes):
        return chunk
    if isinstance(chunk, BaseModel):
        return chunk.__pydantic_serializer__.to_json(chunk, exclude_unset=True)
    return pydantic_core.to_json(chunk)


def not_implemented(op_name: str) -> ServerError:
    """What an operation the handler does not implement answers: 501 with the envelope."""
    return ServerError(
        501, f"{op_name} is not implemented by this server.", type="not_implemented_error", code="not_implemented"
    )


_QUERY_TYPES: dict[str, Callable[[str], Any]] = {
    "integer": int,
    "number": float,
    "boolean": lambda v: {"true": True, "false": False, "1": True, "0": False}[v.lower()],
    "string": str,
}


def _query(op: Operation, scope: Any, status: int = 400) -> dict[str, Any] | Response:
    """The operation's declared query parameters, typed; others are left to `context.http_request`."""
    if not op.query:
        return {}
    raw = scope.get("query_string", b"").decode("latin-1")
    values = dict(parse_qsl(raw, keep_blank_values=True))
    out: dict[str, Any] = {}
    for param in op.query:
        if param.name not in values:
            if param.required:
                return _error(
                    status,
                    f"The query parameter {param.name} is required.",
                    param=param.name,
                    code="missing_required_parameter",
                )
            continue
        try:
            out[param.name] = _QUERY_TYPES.get(param.kind, str)(values[param.name])
        except (KeyError, ValueError):
            return _error(
                status,
                f"The query parameter {param.name} must be of type {param.kind}.",
                param=param.name,
                code="invalid_value",
            )
    return out


def narrow_spec(spec: dict[str, Any], operations: list[Operation], platform: Platform) -> dict[str, Any]:
    """The spec as one platform serves it: only its operations, at its paths, with its answer shapes,
    and request bodies narrowed to the fields it accepts and its own rules."""
    doc = copy.deepcopy(spec)
    schemas = doc.get("components", {}).get("schemas", {})
    paths: dict[str, Any] = {}
    spec_paths: dict[str, dict[str, Any]] = spec.get("paths") or {}
    for path, item in spec_paths.items():
        for method, op_doc in item.items():
            op = next((o for o in operations if o.method == method.upper() and o.path == path), None)
            if op is None or not op.serves(platform.name):
                continue
            op_doc = copy.deepcopy(op_doc)
            shape = op_doc.get("x-platform-responses", {}).get(platform.name)
            if shape is not None:
                op_doc["responses"]["200"]["content"]["application/json"]["schema"] = shape
            paths.setdefault(op.paths.get(platform.name, path), {})[method] = op_doc
            if op.request is not None:
                _narrow_schema(schemas, op.request.__name__, op, platform)
    doc["paths"] = paths
    doc["servers"] = [{"url": platform.base_path, "description": platform.title}]
    return doc


def _narrow_schema(schemas: dict[str, Any], name: str, op: Operation, platform: Platform) -> None:
    found = schemas.get(name)
    if not isinstance(found, dict):
        return
    schema = cast("dict[str, Any]", found)  # a JSON Schema object: string keys
    if schema.get("x-narrowed"):
        return
    accepts = op.accepts.get(platform.name, frozenset())
    props: dict[str, Any] = schema.get("properties", {})
    for prop in [p for p in props if p not in accepts]:
        del props[prop]
    if platform.unknown_arguments == "ignore":  # taken and dropped there, so not a violation
        schema.pop("additionalProperties", None)
    required: list[str] = [r for r in schema.get("required", []) if r in props]
    for prop, rule in op.rules.get(platform.name, {}).items():
        if prop not in props:
            continue
        fragment = {k: v for k, v in rule.items() if k not in ("required", "type")}
        props[prop] = {**props[prop], **fragment}
        if "type" in rule:  # the narrower type applies to a value that is sent (null stays allowed)
            props[prop] = {"allOf": [props[prop], {"anyOf": [{"type": "null"}, {"type": rule["type"]}]}]}
        if rule.get("required") and prop not in required:
            required.append(prop)
    for prop, value in platform.defaults.items():
        if prop in props:
            props[prop] = {**props[prop], "default": value}
    if required:
        schema["required"] = required
    schema["x-narrowed"] = platform.name


def build_app(
    handler: Any,
    operations: list[Operation],
    openapi_json: str,
    *,
    platform: str | Platform = "openai",
    api_key: str | None = None,
    auth: AuthCheck | None = None,
    unknown_fields: UnknownFieldPolicy | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    title: str | None = None,
    limits: Limits | None = None,
    cors_origins: Iterable[str] | None = None,
) -> FastAPI:
    """A FastAPI app serving the operations `platform` has, under its base path, each delegating to
    the handler method of the same name. See the generated `create_app` for the arguments."""
    profile = get_platform(platform)
    if unknown_fields is None:
        unknown_fields = "ignore" if profile.unknown_arguments == "ignore" else "reject"
    if unknown_fields not in ("reject", "passthrough", "ignore"):
        raise ValueError(f"unknown_fields must be 'reject', 'passthrough' or 'ignore', not {unknown_fields!r}")
    base = profile.base_path
    auth_header = profile.auth_header.lower()
    prefix = profile.auth_prefix
    expected_key = api_key.encode() if api_key else None
    limits = limits or Limits()
    invalid = profile.validation_status  # the status of a request refused as invalid: 400, 422 on JamAI

    def presented_key(headers: Mapping[str, str]) -> str | None:
        value = headers.get(auth_header)
        if value is None:
            return None
        if prefix:
            scheme, _, token = value.partition(" ")
            return token.strip() if scheme.lower() == prefix.strip().lower() and token.strip() else ""
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
            # Without `auth`, a key is expected (the no-auth case returned above).
            ok = expected_key is not None and hmac.compare_digest(key.encode(), expected_key)
        if not ok:
            return key, _error(401, "Incorrect API key provided.", type="authentication_error", code="invalid_api_key")
        return key, None

    async def read_body(headers: Mapping[str, str], receive: Any) -> bytes | Response:
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_body_bytes:
            return _error(
                413, f"The body is larger than the limit of {max_body_bytes} bytes.", code="request_too_large"
            )
        parts: list[bytes] = []
        size = 0
        while True:  # straight from the ASGI channel: no async generator per request
            message = await receive()
            if message["type"] == "http.disconnect":
                return _error(400, "The client went away before sending the whole body.", code="client_disconnected")
            part = message.get("body", b"")
            size += len(part)
            if size > max_body_bytes:
                return _error(
                    413, f"The body is larger than the limit of {max_body_bytes} bytes.", code="request_too_large"
                )
            parts.append(part)
            if not message.get("more_body", False):
                break
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def parse(op: Operation, model: Any, body: bytes) -> tuple[Any, dict[str, Any]] | Response:
        if not body.strip():
            required = [name for name, f in model.model_fields.items() if f.is_required()]
            return _error(
                invalid,
                f"The body is empty; send a JSON object{' with `' + required[0] + '`' if required else ''}.",
                param=required[0] if required else None,
                code="missing_required_parameter",
            )
        try:
            # strict: the spec's JSON Schema types, in which `true` is no integer and "2" no
            # number; pydantic's lax mode would take `max_tokens: true` as 1.
            parsed = model.model_validate_json(body, strict=True)
            extra: dict[str, Any] = {}
        except ValidationError as exc:
            # A top-level location is a field name, a string.
            errors = exc.errors()
            unknown = [str(e["loc"][0]) for e in errors if e["type"] == "extra_forbidden" and len(e["loc"]) == 1]
            if unknown_fields == "ignore":
                # The platform drops what it does not define before validating anything, so a
                # value of any shape there is no error: drop those too (fields the spec knows for
                # other platforms only), and validate the rest.
                unknown += [str(e["loc"][0]) for e in errors if e["loc"] and e["loc"][0] in not_on_platform[op.name]]
                unknown = list(dict.fromkeys(unknown))
            if not unknown:
                return _validation_error(exc, invalid)
            if unknown_fields == "reject":
                names = ", ".join(unknown)
                return _error(
                    invalid,
                    f"Unrecognized request argument(s) supplied: {names}",
                    param=unknown[0],
                    code="unknown_parameter",
                )
            try:
                # Parsed again without the names dropped; what else is wrong is reported then.
                data = json.loads(body)
                extra = {name: data.pop(name) for name in unknown if name in data}
                parsed = model.model_validate(data, strict=True)
                if unknown_fields == "ignore":
                    extra = {}
            except ValidationError as again:
                return _validation_error(again, invalid)
        not_here = not_on_platform[op.name]
        if not_here:
            sent = not_here.intersection(parsed.model_fields_set)
            if sent:
                names = sorted(sent)
                if unknown_fields == "reject":
                    return _error(
                        invalid,
                        f"Argument(s) not supported on {profile.title}: {', '.join(names)}",
                        param=names[0],
                        code="unsupported_parameter",
                    )
                for name in names:
                    if unknown_fields == "passthrough":
                        extra[name] = parsed.__dict__[name]
                    else:  # ignored, as the platform would: the handler sees it as never sent
                        parsed.__dict__[name] = model.model_fields[name].get_default(call_default_factory=True)
                        parsed.model_fields_set.discard(name)
        rules = op.rules.get(profile.name)
        if rules:
            problems = check_rules(profile, parsed.__dict__, rules)
            if problems:
                param, message = problems[0]
                missing = parsed.__dict__.get(param) is None
                return _error(
                    invalid, message, param=param, code="missing_required_parameter" if missing else "invalid_value"
                )
        refused = check_limits(limits, parsed)
        if refused is not None:
            return _error(invalid, refused[1], param=refused[0], code="invalid_value")
        return parsed, extra

    def endpoint(op: Operation) -> Callable[[Any, Any, Any], Awaitable[None]]:
        method = getattr(handler, op.handler)
        terminator = op.terminator_on(profile.name)
        where = f"{op.method} {base}{op.path_on(profile)}"

        async def app(scope: Any, receive: Any, send: Any) -> None:
            # A raw ASGI app, not a Starlette endpoint: the hot path skips the framework's
            # per-request exception wrapper and middleware stack, so every error must be answered
            # here, the user's own `auth` check's included.
            try:
                response = await answer(scope, receive)
            except ServerError as exc:
                response = _error(exc.status_code, exc.message, exc.type, exc.param, exc.code, exc.headers)
            except Exception:
                log.exception("failed on %s", where)
                response = _error(500, "The server had an error while processing the request.", code="internal_error")
            rid = scope.get(_REQUEST_ID_KEY)
            if rid is not None:  # the fast path: added here, cheaper than wrapping `send`
                response.raw_headers.append((REQUEST_ID_HEADER, rid))
            await response(scope, receive, send)

        async def answer(scope: Any, receive: Any) -> Response:
            headers = Headers(scope=scope)
            key, denied = await authenticate(headers)
            if denied is not None:
                return denied
            query = _query(op, scope, invalid)
            if isinstance(query, Response):
                return query
            parsed: Any = None
            extra: dict[str, Any] = {}
            body = b""
            if op.request is not None:
                content_type = headers.get("content-type", "application/json").split(";")[0].strip().lower()
                if content_type != "application/json" and not content_type.endswith("+json"):
                    return _error(
                        415, f"Send the body as application/json, not {content_type}.", code="unsupported_media_type"
                    )
                read = await read_body(headers, receive)
                if isinstance(read, Response):
                    return read
                body = read
                outcome = parse(op, op.request, body)
                if isinstance(outcome, Response):
                    return outcome
                parsed, extra = outcome
            http_request = Request(scope, receive)
            # The body is already read: a handler's `await body()` gets it from Starlette's own cache,
            # which has no public setter.
            http_request._body = body  # pyright: ignore[reportPrivateUsage]
            context = RequestContext(profile, headers, key, extra, http_request, op, query, limits)
            try:
                result: object = await (method(parsed, context) if op.request is not None else method(context))
            except ServerError as exc:
                return _error(exc.status_code, exc.message, exc.type, exc.param, exc.code, exc.headers)
            except Exception:
                log.exception("handler failed on %s", where)
                return _error(500, "The server had an error while processing the request.", code="internal_error")
            streaming = op.stream is not None and getattr(parsed, "stream", None) is True
            if isinstance(result, BaseModel):
                if streaming:
                    log.error("handler returned a body for a streaming request on %s", where)
                    return _error(
                        500, "The server returned a completion where a stream was asked for.", code="internal_error"
                    )
                return Response(
                    result.__pydantic_serializer__.to_json(result, exclude_unset=True), media_type="application/json"
                )
            if hasattr(result, "__aiter__"):
                if op.stream is None:
                    log.error("handler returned a stream on %s, which does not stream", where)
                    return _error(500, "The server returned an unusable answer.", code="internal_error")
                return StreamingResponse(
                    _sse(cast("AsyncIterator[Any]", result), terminator),
                    media_type="text/event-stream",
                    headers=_SSE_HEADERS,
                )
            if isinstance(result, (list, dict)):  # a shape that is not a model (Unify's list of ids)
                return Response(pydantic_core.to_json(result), media_type="application/json")
            log.error("handler returned %r on %s, expected a model or an async iterator", type(result), where)
            return _error(500, "The server returned an unusable answer.", code="internal_error")

        return app

    served = [op for op in operations if op.serves(profile.name)]
    not_on_platform: dict[str, frozenset[str]] = {
        op.name: frozenset(op.request.model_fields) - op.accepts.get(profile.name, frozenset())
        for op in served
        if op.request is not None
    }
    served_bytes = json.dumps(narrow_spec(json.loads(openapi_json), operations, profile), ensure_ascii=False).encode()

    async def openapi(request: Request) -> Response:
        return Response(served_bytes, media_type="application/json")

    routes = [Route(f"{base}{op.path_on(profile)}", _ASGIEndpoint(endpoint(op)), methods=[op.method]) for op in served]
    app = _App(
        routes, title=title or f"unified_chat ({profile.title})", openapi_url=None, docs_url=None, redoc_url=None
    )
    app.router.routes.extend(
        [
            *routes,
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
        return _error(500, "The server had an error while processing the request.", code="internal_error")

    app.state.handler = handler
    app.state.platform = profile
    app.state.operations = served
    app.state.limits = limits
    origins = list(cors_origins or ())
    if origins:
        # Any request header: browser SDKs send their own (the openai npm SDK's X-Stainless-*), and
        # with no credentials allowed, echoing what a preflight asks for grants nothing more.
        app.enable_cors(origins, sorted({op.method for op in served} | {"GET"}), ["*"])
    return app


class _ASGIEndpoint:
    """Starlette mounts a plain function as a request/response endpoint; an object is an ASGI app."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


class _App(FastAPI):
    """A FastAPI app with a fast path for the operations' routes.

    Each operation's route goes straight to its endpoint while the app has no middleware of its
    user's: the endpoint already answers every error with an envelope, so the framework's
    middleware stack (error pages, exit stacks, routing by regex) only costs time there. Add a
    middleware (CORS, tracing) and every request goes through the full stack.

    Every answer, on either path, carries `x-request-id` (see `request_id`): the fast path adds
    it to the endpoint's response, the full stack gets a `send` that adds it.
    """

    def __init__(self, routes: list[Route], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._fast: dict[tuple[str, str], Any] = {
            (r.path, m): r.app for r in routes for m in (r.methods or ()) if m != "HEAD"
        }
        self._cors: Any = None

    def enable_cors(self, origins: list[str], methods: list[str], headers: list[str]) -> None:
        """CORS for these origins (`*`: any): Starlette's CORSMiddleware answers preflights and
        adds Access-Control-Allow-Origin to answers for allowed origins. It is held here rather than
        added as a user middleware, so the operations' routes keep their fast path."""
        from starlette.middleware.cors import CORSMiddleware

        self._cors = CORSMiddleware(
            self._dispatch,  # its `send` adds the id already
            allow_origins=origins,
            allow_methods=methods,
            allow_headers=headers,
            expose_headers=[REQUEST_ID_HEADER.decode(), "Retry-After"],
            max_age=600,
        )

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        # Every answer carries an x-request-id: the client's when sane, else a new one.
        rid = request_id(scope)
        if self._cors is not None:  # preflights are the middleware's own answers: `send` adds the id
            await self._cors(scope, receive, _with_request_id(send, rid))
            return
        await self._dispatch(scope, receive, send, rid)

    async def _dispatch(self, scope: Any, receive: Any, send: Any, rid: bytes | None = None) -> None:
        """The fast path or the full stack. With `rid`, the answer gets it: the fast path's endpoint
        adds it to its response (cheaper than wrapping `send`), the full stack through `send`.
        Without, `send` adds it already (behind the CORS middleware)."""
        if not self.user_middleware:
            fast = self._fast.get((scope["path"], scope["method"]))
            if fast is not None:
                scope["app"] = self
                if rid is not None:
                    scope[_REQUEST_ID_KEY] = rid
                await fast(scope, receive, send)
                return
        await super().__call__(scope, receive, send if rid is None else _with_request_id(send, rid))


async def _sse(chunks: AsyncIterator[Any], terminator: bytes | None) -> AsyncIterator[bytes]:
    """Chunks as SSE, ended by the operation's terminator; an error after the first byte becomes an
    error event."""
    try:
        async for chunk in chunks:
            yield b"data: " + _chunk_bytes(chunk) + b"\n\n"
        if terminator is not None:
            yield b"data: " + terminator + b"\n\n"
    except ServerError as exc:
        yield b"data: " + error_body(exc.message, exc.type, exc.param, exc.code) + b"\n\n"
    except Exception:
        log.exception("handler failed while streaming")
        yield (
            b"data: "
            + error_body("The server had an error while streaming.", "server_error", None, "internal_error")
            + b"\n\n"
        )
    finally:
        aclose = getattr(chunks, "aclose", None)
        if aclose is not None:
            await aclose()
