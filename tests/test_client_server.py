"""The generated client against the generated server, in-process (ASGI) and over a real socket.

Each end-to-end scenario is written once as a coroutine taking a client; `maybe()` awaits what the
async client returns and passes the sync client's answers through, so the same body drives
`AsyncClient` over `httpx.ASGITransport` and the sync `Client` against uvicorn on 127.0.0.1.
Header-level behaviour (retries, Retry-After, timeouts, what reaches the wire) is checked with
`httpx.MockTransport`, which lets a test script the exact answers and capture the exact request.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import unified_chat
import yaml
from support import CREATED, ScriptedHandler, serve
from unified_chat import NOT_GIVEN
from unified_chat.models import ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, ModelList
from unified_chat.server import ChatHandler, RequestContext, ServerError, create_app

KEY = "sk-test"
MODES = ["asgi", "socket"]
USER = [{"role": "user", "content": "hello there"}]
TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Current weather for a city.",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
        },
    }
]
SPEC = Path(__file__).resolve().parents[1] / "spec" / "openapi.yaml"


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


async def maybe(value: Any) -> Any:
    """Await the async client's answer; pass the sync client's through."""
    if isinstance(value, Awaitable):
        return await value
    return value


async def chunks_of(stream: Any) -> AsyncIterator[Any]:
    if hasattr(stream, "__aiter__"):
        async for chunk in stream:
            yield chunk
    else:
        for chunk in stream:
            yield chunk


def run(mode: str, app: Any, scenario: Callable[[Any], Awaitable[Any]], **client_kwargs: Any) -> Any:
    """Run `scenario(client)` with the async client in-process ("asgi") or the sync client over a socket."""
    client_kwargs.setdefault("api_key", KEY)
    if mode == "asgi":

        async def main() -> Any:
            http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")
            async with http:
                client = unified_chat.AsyncClient(http_client=http, base_url="http://test", **client_kwargs)
                return await scenario(client)

        return asyncio.run(main())
    with serve(app) as url, unified_chat.Client(base_url=url, **client_kwargs) as client:
        return asyncio.run(scenario(client))


@contextlib.contextmanager
def raw_http(app: Any) -> Iterator[httpx.Client]:
    """A plain httpx client on a real socket, for checking bodies byte for byte."""
    with serve(app) as url, httpx.Client(base_url=url, timeout=10) as http:
        yield http


def chunk_json(content: str | None = None, *, role: str | None = None, finish: str | None = None) -> dict:
    delta: dict[str, Any] = {}
    if role:
        delta["role"] = role
    if content is not None:
        delta["content"] = content
    return {
        "id": "chatcmpl-mock",
        "object": "chat.completion.chunk",
        "created": CREATED,
        "model": "m",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def sse(*events: dict) -> bytes:
    return b"".join(b"data: " + json.dumps(e).encode() + b"\n\n" for e in events) + b"data: [DONE]\n\n"


COMPLETION = {
    "id": "chatcmpl-mock",
    "object": "chat.completion",
    "created": CREATED,
    "model": "m",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}],
}
MODELS = {"object": "list", "data": []}


class Recorder:
    """A MockTransport handler: answers from a script (last entry repeats) and records every request."""

    def __init__(self, *answers: httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]):
        self.answers = list(answers) or [httpx.Response(200, json=COMPLETION)]
        self.requests: list[httpx.Request] = []
        self.times: list[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.times.append(time.monotonic())
        answer = self.answers[min(len(self.requests), len(self.answers)) - 1]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(request)
        return answer

    @property
    def body(self) -> dict:
        return json.loads(self.requests[-1].content)


def mock_client(recorder: Recorder, **kwargs: Any) -> unified_chat.Client:
    kwargs.setdefault("api_key", KEY)
    kwargs.setdefault("base_url", "http://mock")
    return unified_chat.Client(http_client=httpx.Client(transport=httpx.MockTransport(recorder)), **kwargs)


def mock_async(
    recorder: Recorder, scenario: Callable[[unified_chat.AsyncClient], Awaitable[Any]], **kwargs: Any
) -> Any:
    kwargs.setdefault("api_key", KEY)
    kwargs.setdefault("base_url", "http://mock")

    async def main() -> Any:
        async with httpx.AsyncClient(transport=httpx.MockTransport(recorder)) as http:
            return await scenario(unified_chat.AsyncClient(http_client=http, **kwargs))

    return asyncio.run(main())


class FailingHandler(ScriptedHandler):
    """Raises `error` from create_chat_completion (a ServerError or anything else)."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    async def create_chat_completion(self, request: ChatCompletionRequest, context: RequestContext) -> Any:
        self.requests.append((request, context))
        raise self.error


class BrokenStreamHandler(ScriptedHandler):
    """Streams one chunk, then crashes."""

    async def create_chat_completion(self, request: ChatCompletionRequest, context: RequestContext) -> Any:
        async def chunks() -> AsyncIterator[ChatCompletionChunk]:
            yield ChatCompletionChunk.model_validate(chunk_json("first", role="assistant"))
            yield ChatCompletionChunk.model_validate(chunk_json(" second"))
            raise RuntimeError("secret-internal-detail")

        return chunks()


class SlowHandler(ScriptedHandler):
    async def create_chat_completion(self, request: ChatCompletionRequest, context: RequestContext) -> Any:
        await asyncio.sleep(1.0)
        return await super().create_chat_completion(request, context)


# --------------------------------------------------------------------------------------------
# The happy paths, both transports
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_plain_completion(mode: str) -> None:
    handler = ScriptedHandler()

    async def scenario(client: Any) -> ChatCompletion:
        return await maybe(client.chat.completions.create(model="gpt-4o", messages=USER))

    result = run(mode, create_app(handler, api_key=KEY), scenario)
    assert isinstance(result, ChatCompletion)
    assert result.choices[0].message.content == "echo: hello there"
    assert result.choices[0].finish_reason == "stop"
    assert result.model == "gpt-4o"
    assert result.usage is not None and result.usage.total_tokens == 3 + 3
    ((request, context),) = handler.requests
    assert request.model == "gpt-4o" and context.api_key == KEY


@pytest.mark.parametrize("mode", MODES)
def test_streaming_matches_plain(mode: str) -> None:
    async def scenario(client: Any) -> tuple[ChatCompletion, list[ChatCompletionChunk]]:
        plain = await maybe(client.chat.completions.create(model="gpt-4o", messages=USER))
        stream = await maybe(
            client.chat.completions.create(
                model="gpt-4o", messages=USER, stream=True, stream_options={"include_usage": True}
            )
        )
        return plain, [chunk async for chunk in chunks_of(stream)]

    plain, chunks = run(mode, create_app(ScriptedHandler(), api_key=KEY), scenario)
    assert len(chunks) >= 4
    assert all(isinstance(c, ChatCompletionChunk) for c in chunks)
    assert {c.id for c in chunks} == {"chatcmpl-test"}
    *body, last = chunks
    roles = [c.choices[0].delta.role for c in body]
    assert roles[0] == "assistant" and not any(roles[1:])
    assert "".join(c.choices[0].delta.content or "" for c in body) == plain.choices[0].message.content
    assert body[-1].choices[0].finish_reason == "stop"
    assert last.choices == [] and last.usage is not None and last.usage.total_tokens > 0


@pytest.mark.parametrize("mode", MODES)
def test_tools(mode: str) -> None:
    async def scenario(client: Any) -> ChatCompletion:
        return await maybe(
            client.chat.completions.create(model="gpt-4o", messages=USER, tools=TOOLS, tool_choice="auto")
        )

    result = run(mode, create_app(ScriptedHandler(), api_key=KEY), scenario)
    choice = result.choices[0]
    assert choice.finish_reason == "tool_calls"
    (call,) = choice.message.tool_calls
    assert call.type == "function" and call.function.name == "get_weather"
    assert json.loads(call.function.arguments) == {"city": "Paris"}


@pytest.mark.parametrize("mode", MODES)
def test_two_choices(mode: str) -> None:
    async def scenario(client: Any) -> ChatCompletion:
        return await maybe(client.chat.completions.create(model="gpt-4o", messages=USER, n=2))

    result = run(mode, create_app(ScriptedHandler(), api_key=KEY), scenario)
    assert [c.index for c in result.choices] == [0, 1]


@pytest.mark.parametrize("mode", MODES)
def test_models_list(mode: str) -> None:
    async def scenario(client: Any) -> ModelList:
        return await maybe(client.models.list())

    result = run(mode, create_app(ScriptedHandler(), api_key=KEY), scenario)
    assert isinstance(result, ModelList)
    assert [m.id for m in result.data] == ["gpt-4o"]


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


INVALID = [
    pytest.param({"temperature": 5}, "temperature", id="temperature-out-of-range"),
    pytest.param({"messages": NOT_GIVEN}, "messages", id="missing-messages"),
    pytest.param({"temperature": "hot"}, "temperature", id="wrong-type"),
    pytest.param({"messages": [{"role": "wizard", "content": "hi"}]}, "messages.0.role", id="unknown-role"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("args", "param"), INVALID)
def test_invalid_request_names_the_param(mode: str, args: dict, param: str) -> None:
    handler = ScriptedHandler()

    async def scenario(client: Any) -> unified_chat.BadRequestError:
        with pytest.raises(unified_chat.BadRequestError) as info:
            await maybe(client.chat.completions.create(**{"model": "gpt-4o", "messages": USER, **args}))
        return info.value

    error = run(mode, create_app(handler, api_key=KEY), scenario, max_retries=0)
    assert error.status_code == 400
    assert error.param == param
    assert error.type == "invalid_request_error"
    body = error.response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"message", "type", "param", "code"}
    assert body["error"]["param"] == param
    assert handler.requests == []  # rejected before the handler


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"model": "gpt-4o", "messages": USER, "temperature": 2.5}, "temperature"),
        ({"model": "gpt-4o"}, "messages"),
        ({"model": "gpt-4o", "messages": USER, "n": "two"}, "n"),
        ({"model": "gpt-4o", "messages": [{"role": "wizard", "content": "x"}]}, "messages.0.role"),
    ],
)
def test_error_envelope_on_the_raw_body(body: dict, param: str) -> None:
    with raw_http(create_app(ScriptedHandler(), api_key=KEY)) as http:
        response = http.post("/v1/chat/completions", json=body, headers={"Authorization": f"Bearer {KEY}"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/json")
    envelope = response.json()
    assert list(envelope) == ["error"]
    error = envelope["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert error["param"] == param and error["type"] == "invalid_request_error"
    assert isinstance(error["message"], str) and error["message"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("key", [None, "sk-wrong"])
def test_bad_key_is_401(mode: str, key: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UNIFIED_CHAT_API_KEY", raising=False)
    handler = ScriptedHandler()

    async def scenario(client: Any) -> unified_chat.AuthenticationError:
        with pytest.raises(unified_chat.AuthenticationError) as info:
            await maybe(client.chat.completions.create(model="gpt-4o", messages=USER))
        with pytest.raises(unified_chat.AuthenticationError):
            await maybe(client.models.list())
        return info.value

    error = run(mode, create_app(handler, api_key=KEY), scenario, api_key=key, max_retries=0)
    assert error.status_code == 401
    assert error.code == "invalid_api_key"
    assert error.type == "authentication_error"
    assert handler.requests == []


def test_unknown_path_is_404_with_envelope() -> None:
    with raw_http(create_app(ScriptedHandler(), api_key=KEY)) as http:
        response = http.get("/v9/nothing-here", headers={"Authorization": f"Bearer {KEY}"})
    assert response.status_code == 404
    assert set(response.json()["error"]) == {"message", "type", "param", "code"}
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("mode", MODES)
def test_client_on_the_wrong_base_path_gets_not_found(mode: str) -> None:
    async def scenario(client: Any) -> unified_chat.NotFoundError:
        with pytest.raises(unified_chat.NotFoundError) as info:
            await maybe(client.chat.completions.create(model="gpt-4o@openai", messages=USER))
        return info.value

    # A Unify client asks for /v0/chat/completions; the OpenAI-profile server answers under /v1.
    error = run(mode, create_app(ScriptedHandler(), api_key=KEY), scenario, platform="unify", max_retries=0)
    assert error.code == "not_found" and "/v0/chat/completions" in error.message


@pytest.mark.parametrize("mode", MODES)
def test_body_over_the_limit_is_413(mode: str) -> None:
    handler = ScriptedHandler()

    async def scenario(client: Any) -> unified_chat.RequestTooLargeError:
        with pytest.raises(unified_chat.RequestTooLargeError) as info:
            await maybe(
                client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "x" * 2000}])
            )
        # A body under the limit still goes through.
        ok = await maybe(client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "y"}]))
        assert ok.choices[0].message.content == "echo: y"
        return info.value

    error = run(mode, create_app(handler, api_key=KEY, max_body_bytes=500), scenario, max_retries=0)
    assert error.status_code == 413 and error.code == "request_too_large"
    assert len(handler.requests) == 1


def test_chunked_body_over_the_limit_is_413() -> None:
    """Without a Content-Length, the limit is enforced while reading."""

    def body() -> Iterator[bytes]:
        yield b'{"model": "gpt-4o", "messages": [{"role": "user", "content": "'
        for _ in range(10):
            yield b"x" * 100
        yield b'"}]}'

    with raw_http(create_app(ScriptedHandler(), api_key=KEY, max_body_bytes=500)) as http:
        response = http.post(
            "/v1/chat/completions",
            content=body(),
            headers={"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"},
        )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"


@pytest.mark.parametrize("mode", MODES)
def test_wrong_content_type_is_415(mode: str) -> None:
    async def scenario(client: Any) -> unified_chat.APIStatusError:
        with pytest.raises(unified_chat.APIStatusError) as info:
            await maybe(
                client.chat.completions.create(
                    model="gpt-4o", messages=USER, extra_headers={"Content-Type": "text/plain"}
                )
            )
        return info.value

    error = run(mode, create_app(ScriptedHandler(), api_key=KEY), scenario, max_retries=0)
    assert error.status_code == 415
    assert error.code == "unsupported_media_type"
    assert set(error.response.json()["error"]) == {"message", "type", "param", "code"}


@pytest.mark.parametrize("mode", MODES)
def test_handler_server_error_maps_to_its_class(mode: str) -> None:
    handler = FailingHandler(ServerError(404, "no such model: gpt-9", param="model", code="model_not_found"))

    async def scenario(client: Any) -> unified_chat.NotFoundError:
        with pytest.raises(unified_chat.NotFoundError) as info:
            await maybe(client.chat.completions.create(model="gpt-9", messages=USER))
        return info.value

    error = run(mode, create_app(handler, api_key=KEY), scenario, max_retries=0)
    assert error.message == "no such model: gpt-9"
    assert error.param == "model" and error.code == "model_not_found"
    assert error.type == "invalid_request_error"


@pytest.mark.parametrize("mode", MODES)
def test_handler_crash_is_a_500_that_leaks_nothing(mode: str) -> None:
    handler = FailingHandler(RuntimeError("secret-internal-detail"))

    async def scenario(client: Any) -> unified_chat.InternalServerError:
        with pytest.raises(unified_chat.InternalServerError) as info:
            await maybe(client.chat.completions.create(model="gpt-4o", messages=USER))
        return info.value

    error = run(mode, create_app(handler, api_key=KEY), scenario, max_retries=0)
    assert error.status_code == 500
    assert error.type == "server_error"
    assert set(error.response.json()["error"]) == {"message", "type", "param", "code"}
    assert "secret-internal-detail" not in error.response.text
    assert len(handler.requests) == 1


@pytest.mark.parametrize("mode", MODES)
def test_error_inside_a_stream_raises_stream_error_after_the_chunks(mode: str) -> None:
    async def scenario(client: Any) -> tuple[list[ChatCompletionChunk], unified_chat.StreamError]:
        stream = await maybe(client.chat.completions.create(model="gpt-4o", messages=USER, stream=True))
        received: list[ChatCompletionChunk] = []
        with pytest.raises(unified_chat.StreamError) as info:
            async for chunk in chunks_of(stream):
                received.append(chunk)
        return received, info.value

    received, error = run(mode, create_app(BrokenStreamHandler(), api_key=KEY), scenario, max_retries=0)
    assert [c.choices[0].delta.content for c in received] == ["first", " second"]
    assert not isinstance(error, unified_chat.IncompleteStreamError)  # an error event, not a cut-off
    assert error.code == "internal_error"
    assert "secret-internal-detail" not in str(error.body)


# --------------------------------------------------------------------------------------------
# Retries
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_429_then_success_is_retried_once(mode: str) -> None:
    handler = ScriptedHandler()
    handler.failures = [(429, {"Retry-After": "0"})]

    async def scenario(client: Any) -> unified_chat.APIResponse:
        return await maybe(client.chat.completions.with_raw_response.create(model="gpt-4o", messages=USER))

    raw = run(mode, create_app(handler, api_key=KEY), scenario, retry_initial_delay=0.01)
    assert isinstance(raw, unified_chat.APIResponse)
    assert raw.retries_taken == 1 and raw.status_code == 200
    assert raw.parse().choices[0].message.content == "echo: hello there"
    assert len(handler.requests) == 2


@pytest.mark.parametrize("mode", MODES)
def test_503_twice_then_success_with_two_retries(mode: str) -> None:
    handler = ScriptedHandler()
    handler.failures = [(503, {}), (503, {})]

    async def scenario(client: Any) -> unified_chat.APIResponse:
        return await maybe(client.chat.completions.with_raw_response.create(model="gpt-4o", messages=USER))

    raw = run(mode, create_app(handler, api_key=KEY), scenario, max_retries=2, retry_initial_delay=0.01)
    assert raw.retries_taken == 2
    assert raw.parse().choices[0].message.content == "echo: hello there"
    assert len(handler.requests) == 3


@pytest.mark.parametrize("mode", MODES)
def test_503_beyond_max_retries_raises(mode: str) -> None:
    handler = ScriptedHandler()
    handler.failures = [(503, {})] * 3

    async def scenario(client: Any) -> None:
        with pytest.raises(unified_chat.InternalServerError):
            await maybe(client.chat.completions.create(model="gpt-4o", messages=USER))

    run(mode, create_app(handler, api_key=KEY), scenario, max_retries=1, retry_initial_delay=0.01)
    assert len(handler.requests) == 2


@pytest.mark.parametrize("mode", MODES)
def test_no_retries_gives_rate_limit_error(mode: str) -> None:
    handler = ScriptedHandler()
    handler.failures = [(429, {})]

    async def scenario(client: Any) -> unified_chat.RateLimitError:
        with pytest.raises(unified_chat.RateLimitError) as info:
            await maybe(client.chat.completions.create(model="gpt-4o", messages=USER))
        return info.value

    error = run(mode, create_app(handler, api_key=KEY), scenario, max_retries=0)
    assert error.status_code == 429 and error.code == "scripted"
    assert len(handler.requests) == 1


def test_handler_can_send_retry_after() -> None:
    handler = FailingHandler(ServerError(429, "slow down", headers={"Retry-After": "0"}))  # type: ignore[call-arg]
    with raw_http(create_app(handler, api_key=KEY)) as http:
        response = http.post(
            "/v1/chat/completions",
            json={"model": "gpt-4o", "messages": USER},
            headers={"Authorization": f"Bearer {KEY}"},
        )
    assert response.status_code == 429 and response.headers["retry-after"] == "0"


def test_retry_after_is_honoured_sync() -> None:
    recorder = Recorder(
        httpx.Response(429, headers={"Retry-After": "0.2"}, json={"error": {"message": "slow"}}),
        httpx.Response(200, json=COMPLETION),
    )
    client = mock_client(recorder, retry_initial_delay=0.0, max_retries=2)
    start = time.monotonic()
    raw = client.chat.completions.with_raw_response.create(model="m", messages=USER)
    elapsed = time.monotonic() - start
    assert raw.retries_taken == 1 and len(recorder.requests) == 2
    assert 0.2 <= elapsed < 1.5
    assert recorder.times[1] - recorder.times[0] >= 0.2


def test_retry_after_ms_is_honoured_async() -> None:
    recorder = Recorder(
        httpx.Response(503, headers={"retry-after-ms": "200"}, json={"error": {"message": "busy"}}),
        httpx.Response(200, json=COMPLETION),
    )

    async def scenario(client: unified_chat.AsyncClient) -> float:
        start = time.monotonic()
        result = await client.chat.completions.create(model="m", messages=USER)
        assert result.choices[0].message.content == "ok"
        return time.monotonic() - start

    elapsed = mock_async(recorder, scenario, retry_initial_delay=0.0)
    assert len(recorder.requests) == 2
    assert 0.2 <= elapsed < 1.5


def test_x_should_retry_false_is_not_retried() -> None:
    recorder = Recorder(httpx.Response(503, headers={"x-should-retry": "false"}, json={"error": {"message": "no"}}))
    with pytest.raises(unified_chat.InternalServerError):
        mock_client(recorder, retry_initial_delay=0.0).chat.completions.create(model="m", messages=USER)
    assert len(recorder.requests) == 1


def test_400_is_not_retried() -> None:
    recorder = Recorder(httpx.Response(400, json={"error": {"message": "bad", "param": "x"}}))
    with pytest.raises(unified_chat.BadRequestError) as info:
        mock_client(recorder, retry_initial_delay=0.0).chat.completions.create(model="m", messages=USER)
    assert len(recorder.requests) == 1 and info.value.param == "x"


def test_unparsable_retry_after_falls_back_to_backoff() -> None:
    recorder = Recorder(
        httpx.Response(429, headers={"Retry-After": "soon"}, json={"error": {"message": "slow"}}),
        httpx.Response(200, json=COMPLETION),
    )
    result = mock_client(recorder, retry_initial_delay=0.01).chat.completions.create(model="m", messages=USER)
    assert result.choices[0].message.content == "ok" and len(recorder.requests) == 2


def test_connection_error_is_retried_sync() -> None:
    recorder = Recorder(httpx.ConnectError("refused"), httpx.Response(200, json=COMPLETION))
    raw = mock_client(recorder, retry_initial_delay=0.01).chat.completions.with_raw_response.create(
        model="m", messages=USER
    )
    assert raw.retries_taken == 1 and len(recorder.requests) == 2


def test_connection_error_is_retried_async() -> None:
    recorder = Recorder(
        httpx.ConnectError("refused"), httpx.ConnectError("refused"), httpx.Response(200, json=COMPLETION)
    )

    async def scenario(client: unified_chat.AsyncClient) -> Any:
        return await client.chat.completions.with_raw_response.create(model="m", messages=USER)

    raw = mock_async(recorder, scenario, retry_initial_delay=0.01, max_retries=2)
    assert raw.retries_taken == 2 and len(recorder.requests) == 3


def test_connection_error_without_retries() -> None:
    recorder = Recorder(httpx.ConnectError("refused"))
    with pytest.raises(unified_chat.APIConnectionError) as info:
        mock_client(recorder, max_retries=0).models.list()
    assert not isinstance(info.value, unified_chat.APITimeoutError)
    assert len(recorder.requests) == 1


def test_connection_refused_on_a_real_socket() -> None:
    from support import free_port

    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    client = unified_chat.Client(base_url=url, api_key=KEY, max_retries=1, retry_initial_delay=0.01)
    with client, pytest.raises(unified_chat.APIConnectionError):
        client.models.list()


def test_timeout_mock_is_retried_then_raised() -> None:
    recorder = Recorder(httpx.ReadTimeout("slow"))
    with pytest.raises(unified_chat.APITimeoutError):
        mock_client(recorder, max_retries=1, retry_initial_delay=0.01).chat.completions.create(model="m", messages=USER)
    assert len(recorder.requests) == 2


def test_timeout_mock_async() -> None:
    recorder = Recorder(httpx.ReadTimeout("slow"))

    async def scenario(client: unified_chat.AsyncClient) -> None:
        with pytest.raises(unified_chat.APITimeoutError):
            await client.chat.completions.create(model="m", messages=USER)

    mock_async(recorder, scenario, max_retries=0)
    assert len(recorder.requests) == 1


def test_timeout_on_a_real_socket() -> None:
    handler = SlowHandler()
    with serve(create_app(handler, api_key=KEY)) as url:
        with unified_chat.Client(base_url=url, api_key=KEY, max_retries=0) as client:
            start = time.monotonic()
            with pytest.raises(unified_chat.APITimeoutError):
                client.chat.completions.create(model="gpt-4o", messages=USER, timeout=0.2)
            assert time.monotonic() - start < 0.9
        # The client's own timeout is also used when the call does not set one.
        client = unified_chat.Client(base_url=url, api_key=KEY, max_retries=0, timeout=0.2)
        with client, pytest.raises(unified_chat.APITimeoutError):
            client.chat.completions.create(model="gpt-4o", messages=USER)


# --------------------------------------------------------------------------------------------
# What reaches the wire
# --------------------------------------------------------------------------------------------


def test_extra_headers_query_body_and_timeout_reach_the_wire() -> None:
    recorder = Recorder()
    client = mock_client(recorder, default_headers={"X-Default": "d"}, default_query={"dq": "1"})
    client.chat.completions.create(
        model="m",
        messages=USER,
        extra_headers={"X-Extra": "yes"},
        extra_query={"q": "v"},
        extra_body={"custom_field": [1, 2]},
        timeout=3.5,
    )
    request = recorder.requests[-1]
    assert request.method == "POST" and request.url.path == "/v1/chat/completions"
    assert request.headers["x-extra"] == "yes" and request.headers["x-default"] == "d"
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert request.headers["content-type"] == "application/json"
    assert request.url.params["q"] == "v" and request.url.params["dq"] == "1"
    assert recorder.body == {"model": "m", "messages": USER, "custom_field": [1, 2]}
    assert request.extensions["timeout"] == httpx.Timeout(3.5).as_dict()


def test_extra_arguments_async() -> None:
    recorder = Recorder()

    async def scenario(client: unified_chat.AsyncClient) -> None:
        await client.chat.completions.create(
            model="m",
            messages=USER,
            extra_headers={"X-Extra": "a"},
            extra_query={"q": "a"},
            extra_body={"temperature": 0.5},
            timeout=httpx.Timeout(2.0, connect=1.0),
        )

    mock_async(recorder, scenario)
    request = recorder.requests[-1]
    assert request.headers["x-extra"] == "a" and request.url.params["q"] == "a"
    assert recorder.body["temperature"] == 0.5
    assert request.extensions["timeout"] == httpx.Timeout(2.0, connect=1.0).as_dict()


def test_http_client_is_used() -> None:
    recorder = Recorder(httpx.Response(200, json=MODELS))
    http = httpx.Client(transport=httpx.MockTransport(recorder), headers={"X-From-Http-Client": "1"})
    client = unified_chat.Client(http_client=http, base_url="http://mock", api_key=KEY)
    client.models.list()
    client.close()  # the caller's client is the caller's to close
    assert not http.is_closed
    assert len(recorder.requests) == 1
    assert recorder.requests[0].headers["x-from-http-client"] == "1"
    assert recorder.requests[0].url == "http://mock/v1/models"


def test_http_client_timeout_is_kept() -> None:
    recorder = Recorder(httpx.Response(200, json=MODELS))
    client = unified_chat.Client(
        http_client=httpx.Client(transport=httpx.MockTransport(recorder), timeout=1.5), base_url="http://mock"
    )
    client.models.list()
    assert recorder.requests[0].extensions["timeout"] == httpx.Timeout(1.5).as_dict()


def test_not_given_is_absent_and_none_is_null() -> None:
    recorder = Recorder()
    mock_client(recorder).chat.completions.create(model="m", messages=USER, temperature=None, top_p=NOT_GIVEN)
    body = recorder.body
    assert "temperature" in body and body["temperature"] is None
    assert "top_p" not in body and "n" not in body and "stream" not in body and "tools" not in body
    assert set(body) == {"model", "messages", "temperature"}


@pytest.mark.parametrize("mode", MODES)
def test_none_vs_not_given_reaches_the_handler(mode: str) -> None:
    handler = ScriptedHandler()

    async def scenario(client: Any) -> None:
        await maybe(client.chat.completions.create(model="gpt-4o", messages=USER, temperature=None))

    run(mode, create_app(handler, api_key=KEY), scenario)
    ((request, context),) = handler.requests
    assert "temperature" in request.model_fields_set and request.temperature is None
    assert "top_p" not in request.model_fields_set
    assert context.param(request, "top_p") == 1  # the platform's default
    assert context.param(request, "temperature") is None  # as sent


# --------------------------------------------------------------------------------------------
# Leaving a stream early
# --------------------------------------------------------------------------------------------


class RecordingStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body in two pieces that records being closed."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        yield self.body[:40]
        yield self.body[40:]

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.body[:40]
        yield self.body[40:]

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


STREAM_BODY = sse(chunk_json("a", role="assistant"), chunk_json("b"), chunk_json("c"), chunk_json(finish="stop"))


def stream_recorder() -> tuple[Recorder, list[RecordingStream]]:
    streams: list[RecordingStream] = []

    def answer(request: httpx.Request) -> httpx.Response:
        streams.append(RecordingStream(STREAM_BODY))
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, stream=streams[-1])

    return Recorder(answer), streams


def test_stream_read_to_the_end_is_closed() -> None:
    recorder, streams = stream_recorder()
    stream = mock_client(recorder).chat.completions.create(model="m", messages=USER, stream=True)
    assert [c.choices[0].delta.content for c in stream] == ["a", "b", "c", None]
    assert streams[0].closed
    assert recorder.requests[0].headers["accept"] == "text/event-stream"
    assert recorder.body["stream"] is True


def test_stream_left_early_in_a_with_block_is_closed() -> None:
    recorder, streams = stream_recorder()
    with mock_client(recorder).chat.completions.create(model="m", messages=USER, stream=True) as stream:
        first = next(stream)
        assert first.choices[0].delta.content == "a"
        assert not streams[0].closed
    assert streams[0].closed


def test_stream_closed_explicitly() -> None:
    recorder, streams = stream_recorder()
    stream = mock_client(recorder).chat.completions.create(model="m", messages=USER, stream=True)
    next(iter(stream))
    stream.close()
    assert streams[0].closed


def test_stream_left_early_by_break_is_closed() -> None:
    recorder, streams = stream_recorder()
    stream = mock_client(recorder).chat.completions.create(model="m", messages=USER, stream=True)
    for _chunk in stream:
        break
    assert streams[0].closed


def test_async_stream_left_early_is_closed() -> None:
    recorder, streams = stream_recorder()

    async def scenario(client: unified_chat.AsyncClient) -> None:
        stream = await client.chat.completions.create(model="m", messages=USER, stream=True)
        assert isinstance(stream, unified_chat.AsyncStream)
        async with stream:
            async for chunk in stream:
                assert chunk.choices[0].delta.content == "a"
                break
            assert not streams[0].closed
        assert streams[0].closed

    mock_async(recorder, scenario)


def test_stream_cut_off_before_done_is_incomplete() -> None:
    body = STREAM_BODY[: STREAM_BODY.index(b"data: [DONE]")]
    recorder = Recorder(httpx.Response(200, headers={"content-type": "text/event-stream"}, content=body))
    stream = mock_client(recorder).chat.completions.create(model="m", messages=USER, stream=True)
    received = []
    with pytest.raises(unified_chat.IncompleteStreamError):
        for chunk in stream:
            received.append(chunk)  # noqa: PERF402 (the loop is expected to raise part-way)
    assert len(received) == 4


# --------------------------------------------------------------------------------------------
# Platform profiles
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "path", "header", "value"),
    [
        ("sgp", "/v5/chat/completions", "x-api-key", "k"),
        ("unify", "/v0/chat/completions", "authorization", "Bearer k"),
        ("jamai", "/api/v1/chat/completions", "authorization", "Bearer k"),
        ("bifrost", "/v1/chat/completions", "authorization", "Bearer k"),
        ("openai", "/v1/chat/completions", "authorization", "Bearer k"),
    ],
)
def test_platform_paths_and_auth(platform: str, path: str, header: str, value: str) -> None:
    recorder = Recorder()
    mock_client(recorder, platform=platform, api_key="k").chat.completions.create(model="m", messages=USER)
    request = recorder.requests[0]
    assert request.url.path == path
    assert request.headers[header] == value
    if header != "authorization":
        assert "authorization" not in request.headers


def test_base_url_with_the_base_path_is_not_doubled() -> None:
    recorder = Recorder()
    mock_client(recorder, platform="jamai", base_url="http://mock/api/v1/").chat.completions.create(
        model="m", messages=USER
    )
    assert recorder.requests[0].url.path == "/api/v1/chat/completions"


def test_model_id_formats() -> None:
    assert unified_chat.Client(platform="unify", api_key="k").model_id("gpt-4o", provider="openai") == "gpt-4o@openai"
    assert unified_chat.Client(platform="bifrost", api_key="k").model_id("gpt-4o", provider="openai") == "openai/gpt-4o"
    assert unified_chat.Client(platform="openai", api_key="k").model_id("gpt-4o", provider="openai") == "gpt-4o"
    with pytest.raises(ValueError):
        unified_chat.Client(platform="unify", api_key="k").model_id("gpt-4o")


@pytest.mark.parametrize("mode", MODES)
def test_sgp_end_to_end(mode: str) -> None:
    handler = ScriptedHandler()

    async def scenario(client: Any) -> ChatCompletion:
        return await maybe(client.chat.completions.create(model=client.model_id("gpt-4o", "openai"), messages=USER))

    result = run(mode, create_app(handler, platform="sgp", api_key="k"), scenario, platform="sgp", api_key="k")
    assert result.model == "openai/gpt-4o"
    assert handler.requests[0][1].headers["x-api-key"] == "k"
    assert handler.requests[0][1].api_key == "k"

    # A Bearer header is not the sgp key header.
    with raw_http(create_app(handler, platform="sgp", api_key="k")) as http:
        denied = http.post(
            "/v5/chat/completions", json={"model": "a/b", "messages": USER}, headers={"Authorization": "Bearer k"}
        )
    assert denied.status_code == 401 and denied.json()["error"]["code"] == "invalid_api_key"


@pytest.mark.parametrize("mode", MODES)
def test_model_is_optional_on_jamai_only(mode: str) -> None:
    jamai, openai = ScriptedHandler(), ScriptedHandler()

    async def without_model(client: Any) -> ChatCompletion:
        return await maybe(client.chat.completions.create(messages=USER))

    result = run(mode, create_app(jamai, platform="jamai", api_key=KEY), without_model, platform="jamai")
    assert result.choices[0].message.content == "echo: hello there"
    assert jamai.requests[0][1].param(jamai.requests[0][0], "model") == ""  # jamai's documented default

    async def expect_400(client: Any) -> unified_chat.BadRequestError:
        with pytest.raises(unified_chat.BadRequestError) as info:
            await maybe(client.chat.completions.create(messages=USER))
        return info.value

    error = run(mode, create_app(openai, api_key=KEY), expect_400, max_retries=0)
    assert error.param == "model" and openai.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_temperature_rules_per_platform(mode: str) -> None:
    # JamAI Base takes any temperature >= 0 (its SDK's request model), above OpenAI's 2 too, and
    # answers an invalid one with 422 (its profile's validation_status).
    async def jamai_temperatures(client: Any) -> unified_chat.UnprocessableEntityError:
        for value in (0, 0.0005, 3.5):
            ok = await maybe(client.chat.completions.create(model="m", messages=USER, temperature=value))
            assert ok.choices
        with pytest.raises(unified_chat.UnprocessableEntityError) as info:
            await maybe(client.chat.completions.create(model="m", messages=USER, temperature=-0.1))
        return info.value

    error = run(
        mode,
        create_app(ScriptedHandler(), platform="jamai", api_key=KEY),
        jamai_temperatures,
        platform="jamai",
        max_retries=0,
    )
    assert error.param == "temperature" and error.status_code == 422

    async def hot(client: Any) -> unified_chat.BadRequestError:
        with pytest.raises(unified_chat.BadRequestError) as info:
            await maybe(client.chat.completions.create(model="gpt-4o", messages=USER, temperature=3.5))
        return info.value

    assert run(mode, create_app(ScriptedHandler(), api_key=KEY), hot, max_retries=0).param == "temperature"

    handler = ScriptedHandler()

    async def zero(client: Any) -> ChatCompletion:
        return await maybe(client.chat.completions.create(model="gpt-4o", messages=USER, temperature=0))

    assert run(mode, create_app(handler, api_key=KEY), zero).choices
    assert handler.requests[0][0].temperature == 0


@pytest.mark.parametrize("mode", MODES)
def test_unknown_fields_reject(mode: str) -> None:
    handler = ScriptedHandler()

    async def scenario(client: Any) -> unified_chat.BadRequestError:
        with pytest.raises(unified_chat.BadRequestError) as info:
            await maybe(client.chat.completions.create(model="gpt-4o", messages=USER, extra_body={"foo": 1}))
        return info.value

    error = run(mode, create_app(handler, api_key=KEY, unknown_fields="reject"), scenario, max_retries=0)
    assert error.param == "foo" and error.code == "unknown_parameter" and "foo" in error.message
    assert handler.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_unknown_fields_passthrough(mode: str) -> None:
    handler = ScriptedHandler()

    async def scenario(client: Any) -> ChatCompletion:
        return await maybe(
            client.chat.completions.create(
                model="gpt-4o", messages=USER, temperature=0.5, extra_body={"foo": 1, "bar": {"x": [1]}}
            )
        )

    result = run(mode, create_app(handler, api_key=KEY, unknown_fields="passthrough"), scenario)
    assert result.choices[0].message.content == "echo: hello there"
    ((request, context),) = handler.requests
    assert context.extra == {"foo": 1, "bar": {"x": [1]}}
    assert request.temperature == 0.5 and request.model == "gpt-4o"


@pytest.mark.parametrize("mode", MODES)
def test_platform_only_argument(mode: str) -> None:
    unify, bifrost = ScriptedHandler(), ScriptedHandler()

    async def on_unify(client: Any) -> unified_chat.BadRequestError:
        with pytest.raises(unified_chat.BadRequestError) as info:
            await maybe(
                client.chat.completions.create(
                    model="gpt-4o@openai", messages=USER, fallbacks=["anthropic/claude-3-5-sonnet"]
                )
            )
        return info.value

    error = run(mode, create_app(unify, platform="unify", api_key=KEY), on_unify, platform="unify", max_retries=0)
    assert error.param == "fallbacks" and unify.requests == []

    async def on_bifrost(client: Any) -> ChatCompletion:
        return await maybe(
            client.chat.completions.create(
                model="openai/gpt-4o", messages=USER, fallbacks=["anthropic/claude-3-5-sonnet"]
            )
        )

    assert run(mode, create_app(bifrost, platform="bifrost", api_key=KEY), on_bifrost, platform="bifrost").choices
    assert bifrost.requests[0][0].fallbacks == ["anthropic/claude-3-5-sonnet"]


# --------------------------------------------------------------------------------------------
# The served spec
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("platform", "base"), [("openai", "/v1"), ("jamai", "/api/v1")])
def test_served_openapi_is_the_spec_narrowed_to_the_platform(platform: str, base: str) -> None:
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    with raw_http(create_app(ScriptedHandler(), platform=platform, api_key=KEY)) as http:
        served = http.get("/openapi.json")
        under_base = http.get(f"{base}/openapi.json")
    assert served.status_code == 200 and served.headers["content-type"].startswith("application/json")
    document = served.json()
    assert under_base.json() == document
    assert document.pop("servers") == [{"url": base, "description": unified_chat.get_platform(platform).title}]
    # Only this platform's operations, and of the request only the fields it accepts, with its rules.
    served_ops = {(m.upper(), p) for p, item in document["paths"].items() for m in item}
    expected = {(op.method, op.paths.get(platform, op.path)) for op in unified_chat.OPERATIONS if op.serves(platform)}
    assert served_ops == expected
    request = document["components"]["schemas"]["ChatCompletionRequest"]["properties"]
    accepted = {name for name, prop in spec["components"]["schemas"]["ChatCompletionRequest"]["properties"].items() if platform in prop["x-platforms"]}
    assert set(request) == accepted
    rule = spec["components"]["schemas"]["ChatCompletionRequest"]["properties"]["top_p"]["x-platform-rules"][platform]
    for keyword in ("minimum", "maximum"):
        if keyword in rule:
            assert request["top_p"][keyword] == rule[keyword]
    # A narrower enum replaces the shared one: JamAI's `disable` is only JamAI's.
    effort = request["reasoning_effort"]["enum"]
    assert ("disable" in effort) == (platform == "jamai") and ("xhigh" in effort) == (platform != "jamai")
    assert document["info"] == spec["info"]


def test_an_operation_the_handler_leaves_alone_answers_501() -> None:
    class ChatOnly(ChatHandler):
        async def create_chat_completion(self, request: ChatCompletionRequest, context: RequestContext) -> ChatCompletion:
            raise AssertionError("not called")

    with raw_http(create_app(ChatOnly(), platform="openai", api_key=KEY)) as http:
        r = http.get("/v1/models", headers={"Authorization": f"Bearer {KEY}"})
    assert r.status_code == 501
    assert r.json()["error"]["code"] == "not_implemented"
    assert "models.list" in r.json()["error"]["message"]


def test_user_middleware_applies_to_the_chat_route_too() -> None:
    # The chat route has a fast path that skips the middleware stack; a middleware the app's user
    # adds must still see every request, the chat route included.
    app = create_app(ScriptedHandler(), platform="openai")
    seen: list[str] = []

    @app.middleware("http")
    async def tag(request: Any, call_next: Any) -> Any:
        seen.append(request.url.path)
        response = await call_next(request)
        response.headers["x-tagged"] = "yes"
        return response

    with serve(app) as url:
        response = httpx.post(f"{url}/v1/chat/completions", json={"model": "m", "messages": USER}, timeout=10)
    assert response.status_code == 200
    assert response.headers["x-tagged"] == "yes"
    assert seen == ["/v1/chat/completions"]


def test_an_auth_check_that_raises_gets_an_envelope_not_a_bare_500() -> None:
    # The chat route answers every error itself (it skips the framework's exception handlers), so
    # a crash or a ServerError in the user's own auth check must still get the error envelope.
    def crashing(key: str | None, headers: Any) -> bool:
        raise RuntimeError("auth backend down")

    def denying(key: str | None, headers: Any) -> bool:
        raise ServerError(403, "this key may not use chat", type="permission_error", code="forbidden")

    with serve(create_app(ScriptedHandler(), auth=crashing)) as url:
        r = httpx.post(f"{url}/v1/chat/completions", json={"model": "m", "messages": USER},
                       headers={"Authorization": "Bearer k"}, timeout=10)
    assert r.status_code == 500
    assert r.json()["error"]["code"] == "internal_error"
    assert "auth backend down" not in r.text
    with serve(create_app(ScriptedHandler(), auth=denying)) as url:
        r = httpx.post(f"{url}/v1/chat/completions", json={"model": "m", "messages": USER},
                       headers={"Authorization": "Bearer k"}, timeout=10)
    assert r.status_code == 403
    assert r.json()["error"] == {"message": "this key may not use chat", "type": "permission_error",
                                 "param": None, "code": "forbidden"}


def test_a_handler_can_read_the_raw_body() -> None:
    # The server has read the body already; the Request a handler gets must still hand it over.
    class BodyReader(ScriptedHandler):
        async def create_chat_completion(self, request: ChatCompletionRequest, context: RequestContext) -> Any:
            raw = await asyncio.wait_for(context.http_request.body(), 2)
            self.raw = raw
            return await super().create_chat_completion(request, context)

    handler = BodyReader()
    body = json.dumps({"model": "m", "messages": USER}).encode()
    with serve(create_app(handler)) as url:
        r = httpx.post(f"{url}/v1/chat/completions", content=body,
                       headers={"content-type": "application/json"}, timeout=10)
    assert r.status_code == 200
    assert handler.raw == body


# --------------------------------------------------------------------------------------------
# What a platform does with an argument it does not define (its profile's unknown_arguments)
# --------------------------------------------------------------------------------------------

# jamaibase 1.0.5's ChatRequest as its SDK serialises it: every field, defaults included.
JAMAI_SDK_BODY = {
    "id": "", "model": "openai/gpt-4o-mini", "messages": USER, "rag_params": None, "tools": None,
    "tool_choice": None, "temperature": 0.2, "top_p": 0.6, "stream": False, "max_tokens": 2048,
    "stop": None, "presence_penalty": 0.0, "frequency_penalty": 0.0, "logit_bias": {},
    "reasoning_effort": "disable", "thinking_budget": None, "reasoning_summary": "auto",
    "max_completion_tokens": None, "n": 1, "user": "",
}


def test_jamai_takes_its_sdks_request_and_ignores_what_it_does_not_define() -> None:
    handler = ScriptedHandler()
    with raw_http(create_app(handler, platform="jamai", api_key=KEY)) as http:
        auth = {"Authorization": f"Bearer {KEY}"}
        r = http.post("/api/v1/chat/completions", json=JAMAI_SDK_BODY, headers=auth)
        assert r.status_code == 200, r.text
        request = handler.requests[-1][0]
        assert request.reasoning_effort == "disable" and request.reasoning_summary == "auto"
        # LangChain's parallel_tool_calls, OpenAI's seed and a field nobody defines: taken, and
        # dropped as JamAI's own request model drops them; the handler never sees them.
        r = http.post("/api/v1/chat/completions", headers=auth,
                      json={**JAMAI_SDK_BODY, "parallel_tool_calls": False, "seed": 3, "x_invented": 1})
        assert r.status_code == 200, r.text
        request, context = handler.requests[-1]
        assert request.parallel_tool_calls is not False and request.seed is None
        assert "parallel_tool_calls" not in request.model_fields_set and context.extra == {}
        # Dropped before anything is checked, as JamAI does: a value of any shape there is no error,
        # and what JamAI does define is still checked.
        r = http.post("/api/v1/chat/completions", headers=auth, json={**JAMAI_SDK_BODY, "seed": "x", "logprobs": {"a": 1}})
        assert r.status_code == 200, r.text
        r = http.post("/api/v1/chat/completions", headers=auth, json={**JAMAI_SDK_BODY, "seed": "x", "n": "two"})
        assert r.status_code == 422 and r.json()["error"]["param"] == "n"
        # Its own narrower values still hold: OpenAI's `xhigh` is not JamAI's.
        r = http.post("/api/v1/chat/completions", json={**JAMAI_SDK_BODY, "reasoning_effort": "xhigh"}, headers=auth)
        assert r.status_code == 422 and r.json()["error"]["param"] == "reasoning_effort"
        assert "'disable'" in r.json()["error"]["message"]
    with raw_http(create_app(ScriptedHandler(), platform="openai", api_key=KEY)) as http:
        auth = {"Authorization": f"Bearer {KEY}"}
        # OpenAI refuses both JamAI's spelling and what it does not define.
        r = http.post("/v1/chat/completions", json={"model": "gpt-4o", "messages": USER, "reasoning_effort": "disable"}, headers=auth)
        assert r.status_code == 400 and r.json()["error"]["param"] == "reasoning_effort"
        r = http.post("/v1/chat/completions", json={"model": "gpt-4o", "messages": USER, "thinking_budget": 10}, headers=auth)
        assert r.status_code == 400 and r.json()["error"]["code"] == "unsupported_parameter"
    # An explicit policy still wins over the profile's.
    with raw_http(create_app(ScriptedHandler(), platform="jamai", api_key=KEY, unknown_fields="reject")) as http:
        r = http.post("/api/v1/chat/completions", json={**JAMAI_SDK_BODY, "seed": 3}, headers={"Authorization": f"Bearer {KEY}"})
        assert r.status_code == 422 and r.json()["error"]["param"] == "seed"


def test_generic_gateway_takes_langchains_parallel_tool_calls() -> None:
    handler = ScriptedHandler()
    with raw_http(create_app(handler, platform="generic", api_key=KEY)) as http:
        body = {"model": "gpt-4o", "messages": USER, "tools": TOOLS, "parallel_tool_calls": False,
                "tool_choice": {"type": "function", "function": {"name": "get_weather"}}}
        r = http.post("/v1/chat/completions", json=body, headers={"Authorization": f"Bearer {KEY}"})
        assert r.status_code == 200, r.text
        assert r.json()["choices"][0]["message"]["tool_calls"][0]["function"]["name"] == "get_weather"
