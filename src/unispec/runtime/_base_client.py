"""HTTP plumbing shared by the generated resources: requests, retries, errors, raw responses."""

from __future__ import annotations

import datetime
import email.utils
import json
import os
import random
import time
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import httpx
import pydantic_core
from pydantic import BaseModel, TypeAdapter, ValidationError

from . import __version__
from ._exceptions import (
    STATUS_ERRORS,
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    InternalServerError,
    parse_error_body,
)
from ._model_base import answer_validator
from ._operation import Operation
from ._platform_base import Platform, get_platform
from ._streaming import AsyncStream, Stream
from ._types import NOT_GIVEN, NotGiven, Timeout
from ._unknown import strict_check

__all__ = ["BaseClient", "SyncAPIClient", "AsyncAPIClient", "APIResponse", "DEFAULT_TIMEOUT", "DEFAULT_MAX_RETRIES"]

T = TypeVar("T")
DEFAULT_TIMEOUT = httpx.Timeout(600.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
RETRY_STATUSES = frozenset({408, 409, 429})
# A Retry-After longer than this is not trusted (it would stall the caller for minutes): the
# retry falls back to exponential backoff instead, as the openai SDK does.
MAX_RETRY_AFTER = 60.0
_JSON = "application/json"


if TYPE_CHECKING:
    from typing import Self


class APIResponse(Generic[T]):
    """The raw HTTP answer, with `parse()` for the typed body (a model, or a stream when streaming)."""

    def __init__(
        self,
        response: httpx.Response,
        shape: Any,
        stream: bool,
        retries_taken: int,
        terminator: bytes | None = None,
        events: Mapping[str, Any] | None = None,
        strict: bool = False,
    ):
        self.http_response = response
        self.retries_taken = retries_taken
        self._shape = shape
        self._stream = stream
        self._terminator = terminator
        self._events = events
        self._strict = strict

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    def parse(self) -> T:
        """The typed body: the operation's model (this platform's shape), or its chunk stream."""
        # T is what the generated method declared for this operation and this flag; the shape is
        # the same operation's, so the value is a T.
        if self._stream:
            if isinstance(self.http_response.stream, httpx.SyncByteStream):
                return cast(T, Stream(self.http_response, self._shape, self._terminator, self._events, self._strict))
            return cast(T, AsyncStream(self.http_response, self._shape, self._terminator, self._events, self._strict))
        return cast(T, _parse_body(self.http_response, self._shape, self._strict))


@cache
def _validator(shape: Any) -> Callable[[bytes], Any]:
    """The JSON validator of a response shape, found once per shape: a model's own, or a
    TypeAdapter's for a shape that is not a model (`list[str]`)."""
    if isinstance(shape, type) and issubclass(shape, BaseModel):
        return answer_validator(shape)
    return TypeAdapter(cast(Any, shape)).validate_json


def _parse_body(response: httpx.Response, shape: Any, strict: bool = False) -> Any:
    try:
        parsed = _validator(shape)(response.content)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise APIResponseValidationError(
            f"the response does not follow the spec at {where or 'the top'}: {first['msg']}",
            request=response.request,
            body=response.content,
        ) from exc
    if strict:
        strict_check(parsed, response.request, response.content)
    return parsed


def _retry_after(response: httpx.Response | None) -> float | None:
    if response is None:
        return None
    headers = response.headers
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return float(ms) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None  # unparsable: fall back to backoff
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return max(0.0, parsed.timestamp() - time.time())


def _unset_dropped(value: Any) -> Any:
    """Models as the JSON of the fields that were set: an absent field is not sent as null."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, (list, tuple)):
        return [_unset_dropped(v) for v in cast("Sequence[Any]", value)]
    if isinstance(value, dict):
        return {k: _unset_dropped(v) for k, v in cast("dict[Any, Any]", value).items()}
    return value


async def _async_sleep(seconds: float) -> None:
    # asyncio is imported here, on the first retry, not at import: it costs a sync client's user
    # about 50 ms of start-up for nothing.
    import asyncio

    await asyncio.sleep(seconds)


def _encode(body: Mapping[str, Any]) -> bytes:
    # Plain JSON (the usual case) goes straight to the Rust encoder; models are walked once.
    for value in body.values():
        if isinstance(value, BaseModel) or (
            isinstance(value, (list, tuple))
            and value
            and any(isinstance(v, BaseModel) for v in cast("Sequence[Any]", value))
        ):
            return pydantic_core.to_json(_unset_dropped(body))
    return pydantic_core.to_json(body)


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or {"http": 80, "https": 443}.get(url.scheme)


def _redirected(first: httpx.Request, hop: httpx.Request, auth_names: frozenset[str]) -> httpx.Request:
    """The next hop of a redirect, without the platform's auth headers once it leaves the origin.

    httpx itself strips only `Authorization` (and keeps it on an http -> https upgrade); platforms
    send keys in their own headers (`x-api-key`, `X-USER-ID`, ...), which it would carry anywhere.
    """
    if _origin(hop.url) != _origin(first.url):
        for name in auth_names:
            hop.headers.pop(name, None)
    return hop


class BaseClient:
    def __init__(
        self,
        *,
        platform: str | Platform = "openai",
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        retry_initial_delay: float = 0.5,
        retry_max_delay: float = 8.0,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, Any] | None = None,
        strict: bool = False,
    ) -> None:
        self.platform = get_platform(platform)
        # Strict: an answer that parses but is not what a conforming provider sends (unknown
        # fields, content in parts, no `object`) raises APIResponseValidationError instead.
        self.strict = strict
        self.api_key = api_key if api_key is not None else os.environ.get("UNIFIED_CHAT_API_KEY")
        url = str(base_url or os.environ.get("UNIFIED_CHAT_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")
        # base_url may be the server's origin or already end with the platform's base path.
        if not url.endswith(self.platform.base_path):
            url += self.platform.base_path
        self.base_url = url
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        # Not given: the caller's own http_client's timeout if there is one (set by the subclass),
        # else DEFAULT_TIMEOUT.
        self.timeout: Timeout = DEFAULT_TIMEOUT if isinstance(timeout, NotGiven) else timeout
        self.max_retries = max_retries
        self.retry_initial_delay = retry_initial_delay
        self.retry_max_delay = retry_max_delay
        self._headers = {
            "Accept": _JSON,
            "Content-Type": _JSON,
            "User-Agent": f"unified-chat/{__version__}",
            **self.platform.auth_headers(self.api_key),
            **(default_headers or {}),
        }
        self._query = dict(default_query or {})
        self._auth_names = frozenset(
            name.lower() for name in ("Authorization", self.platform.auth_header, *self.platform.optional_headers)
        )

    def model_id(self, model: str, provider: str | None = None) -> str:
        """A model id in this client's platform format (`gpt-4o@openai`, `openai/gpt-4o`, ...)."""
        return self.platform.model_id(model, provider)

    def _build(
        self,
        http: httpx.Client | httpx.AsyncClient,
        method: str,
        path: str,
        body: Mapping[str, Any] | None,
        query: Mapping[str, Any] | None,
        extra_headers: Mapping[str, str] | None,
        extra_query: Mapping[str, Any] | None,
        extra_body: Mapping[str, Any] | None,
        timeout: Timeout | NotGiven,
        stream: bool,
    ) -> httpx.Request:
        headers = self._headers if not extra_headers else {**self._headers, **extra_headers}
        if stream:
            headers = {**headers, "Accept": "text/event-stream"}
        if extra_body:
            body = {**(body or {}), **extra_body}
        params = self._query if not (query or extra_query) else {**self._query, **(query or {}), **(extra_query or {})}
        return http.build_request(
            method,
            self.base_url + path,
            headers=headers,
            params=params or None,
            content=_encode(body) if body is not None else None,
            timeout=self.timeout if isinstance(timeout, NotGiven) else timeout,
        )

    def _delay(self, retries_taken: int, response: httpx.Response | None) -> float:
        after = _retry_after(response)
        if after is not None and 0 <= after <= MAX_RETRY_AFTER:
            return after
        # Exponential backoff with up to 25% jitter downwards, so clients that failed together
        # do not come back together.
        delay = min(self.retry_initial_delay * (2.0**retries_taken), self.retry_max_delay)
        return delay * (1 - 0.25 * random.random())

    @staticmethod
    def _should_retry(response: httpx.Response) -> bool:
        should = response.headers.get("x-should-retry")
        if should == "true":
            return True
        if should == "false":
            return False
        return response.status_code in RETRY_STATUSES or response.status_code >= 500

    @staticmethod
    def _status_error(response: httpx.Response) -> APIStatusError:
        try:
            body: Any = json.loads(response.content) if response.content else None
        except ValueError:
            body = response.text
        error = parse_error_body(body, f"HTTP {response.status_code}")
        cls = STATUS_ERRORS.get(response.status_code)
        if cls is None:
            cls = InternalServerError if response.status_code >= 500 else APIStatusError
        return cls(error.message, response=response, body=body, error=error)


class SyncAPIClient(BaseClient):
    def __init__(
        self,
        *,
        platform: str | Platform = "openai",
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        retry_initial_delay: float = 0.5,
        retry_max_delay: float = 8.0,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, Any] | None = None,
        strict: bool = False,
        http_client: httpx.Client | None = None,
    ) -> None:
        """`platform` sets the base path, auth headers and model-id format; `http_client` is yours
        to configure (proxies, transports, limits)."""
        super().__init__(
            platform=platform,
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            retry_initial_delay=retry_initial_delay,
            retry_max_delay=retry_max_delay,
            default_headers=default_headers,
            default_query=default_query,
            strict=strict,
        )
        if http_client is not None and isinstance(timeout, NotGiven):
            self.timeout = http_client.timeout
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(timeout=self.timeout, follow_redirects=True)

    def request(
        self,
        op: Operation,
        *,
        body: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        stream: bool = False,
        raw: bool = False,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Any:
        """Send `op` as this client's platform serves it; the parsed body, a stream, or an APIResponse."""
        shape = op.stream if stream else op.response_on(self.platform.name)
        request = self._build(
            self._http,
            op.method,
            op.path_on(self.platform),
            body,
            query,
            extra_headers,
            extra_query,
            extra_body,
            timeout,
            stream,
        )
        retries_taken = 0
        while True:
            try:
                response = self._send(request, stream)
                if stream and response.status_code >= 400:
                    try:
                        response.read()  # the error body, inside the try: it may be cut too
                    except BaseException:
                        response.close()
                        raise
            except httpx.TimeoutException as exc:
                if retries_taken < self.max_retries:
                    time.sleep(self._delay(retries_taken, None))
                    retries_taken += 1
                    continue
                raise APITimeoutError(request) from exc
            except httpx.TransportError as exc:
                if retries_taken < self.max_retries:
                    time.sleep(self._delay(retries_taken, None))
                    retries_taken += 1
                    continue
                raise APIConnectionError(f"Connection error: {exc!r}", request=request) from exc
            except httpx.DecodingError as exc:  # not retried: the next answer would be the same
                raise APIResponseValidationError(
                    f"the response body could not be decoded: {exc}", request=request
                ) from exc
            except httpx.RequestError as exc:  # redirect loops and other non-transport failures
                raise APIConnectionError(f"Connection error: {exc!r}", request=request) from exc
            if response.status_code >= 400:
                if retries_taken < self.max_retries and self._should_retry(response):
                    delay = self._delay(retries_taken, response)
                    response.close()
                    time.sleep(delay)
                    retries_taken += 1
                    continue
                raise self._status_error(response)
            if raw:
                answer: APIResponse[Any] = APIResponse(
                    response, shape, stream, retries_taken, op.terminator_on(self.platform.name), op.events, self.strict
                )
                return answer
            if stream:
                return Stream(response, shape, op.terminator_on(self.platform.name), op.events, self.strict)
            return _parse_body(response, shape, self.strict)

    def _send(self, request: httpx.Request, stream: bool) -> httpx.Response:
        """`send`, following redirects here, one hop at a time, so none carries a key elsewhere."""
        response = self._http.send(request, stream=stream, follow_redirects=False)
        history: list[httpx.Response] = []
        while response.next_request is not None and self._http.follow_redirects:
            hop = _redirected(request, response.next_request, self._auth_names)
            response.close()
            history.append(response)
            if len(history) > self._http.max_redirects:
                raise httpx.TooManyRedirects("Exceeded maximum allowed redirects.", request=hop)
            response = self._http.send(hop, stream=stream, follow_redirects=False)
        response.history = history
        return response

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncAPIClient(BaseClient):
    def __init__(
        self,
        *,
        platform: str | Platform = "openai",
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        retry_initial_delay: float = 0.5,
        retry_max_delay: float = 8.0,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, Any] | None = None,
        strict: bool = False,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        """`platform` sets the base path, auth headers and model-id format; `http_client` is yours
        to configure (proxies, transports, limits)."""
        super().__init__(
            platform=platform,
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            retry_initial_delay=retry_initial_delay,
            retry_max_delay=retry_max_delay,
            default_headers=default_headers,
            default_query=default_query,
            strict=strict,
        )
        if http_client is not None and isinstance(timeout, NotGiven):
            self.timeout = http_client.timeout
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=self.timeout, follow_redirects=True)

    async def request(
        self,
        op: Operation,
        *,
        body: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        stream: bool = False,
        raw: bool = False,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Any:
        """Send `op` as this client's platform serves it; the parsed body, a stream, or an APIResponse."""
        shape = op.stream if stream else op.response_on(self.platform.name)
        request = self._build(
            self._http,
            op.method,
            op.path_on(self.platform),
            body,
            query,
            extra_headers,
            extra_query,
            extra_body,
            timeout,
            stream,
        )
        retries_taken = 0
        while True:
            try:
                response = await self._send(request, stream)
                if stream and response.status_code >= 400:
                    try:
                        await response.aread()  # the error body, inside the try: it may be cut too
                    except BaseException:
                        await response.aclose()
                        raise
            except httpx.TimeoutException as exc:
                if retries_taken < self.max_retries:
                    await _async_sleep(self._delay(retries_taken, None))
                    retries_taken += 1
                    continue
                raise APITimeoutError(request) from exc
            except httpx.TransportError as exc:
                if retries_taken < self.max_retries:
                    await _async_sleep(self._delay(retries_taken, None))
                    retries_taken += 1
                    continue
                raise APIConnectionError(f"Connection error: {exc!r}", request=request) from exc
            except httpx.DecodingError as exc:  # not retried: the next answer would be the same
                raise APIResponseValidationError(
                    f"the response body could not be decoded: {exc}", request=request
                ) from exc
            except httpx.RequestError as exc:  # redirect loops and other non-transport failures
                raise APIConnectionError(f"Connection error: {exc!r}", request=request) from exc
            if response.status_code >= 400:
                if retries_taken < self.max_retries and self._should_retry(response):
                    delay = self._delay(retries_taken, response)
                    await response.aclose()
                    await _async_sleep(delay)
                    retries_taken += 1
                    continue
                raise self._status_error(response)
            if raw:
                answer: APIResponse[Any] = APIResponse(
                    response, shape, stream, retries_taken, op.terminator_on(self.platform.name), op.events, self.strict
                )
                return answer
            if stream:
                return AsyncStream(response, shape, op.terminator_on(self.platform.name), op.events, self.strict)
            return _parse_body(response, shape, self.strict)

    async def _send(self, request: httpx.Request, stream: bool) -> httpx.Response:
        """`send`, following redirects here, one hop at a time, so none carries a key elsewhere."""
        response = await self._http.send(request, stream=stream, follow_redirects=False)
        history: list[httpx.Response] = []
        while response.next_request is not None and self._http.follow_redirects:
            hop = _redirected(request, response.next_request, self._auth_names)
            await response.aclose()
            history.append(response)
            if len(history) > self._http.max_redirects:
                raise httpx.TooManyRedirects("Exceeded maximum allowed redirects.", request=hop)
            response = await self._http.send(hop, stream=stream, follow_redirects=False)
        response.history = history
        return response

    async def close(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
