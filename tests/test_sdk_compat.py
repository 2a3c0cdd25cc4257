"""Third-party clients against the generated server over a real socket: the official `openai` SDK
and LangChain's `ChatOpenAI` must work unchanged with `base_url=f"{url}/v1"`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import langchain_openai
import openai
import pytest
from support import ScriptedHandler, serve
from unified_chat.server import create_app

KEY = "sk-compat"
USER = [{"role": "user", "content": "hello there"}]
TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a city.",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, ScriptedHandler]]:
    handler = ScriptedHandler()
    with serve(create_app(handler, api_key=KEY)) as url:
        yield url, handler


@pytest.fixture
def handler(server: tuple[str, ScriptedHandler]) -> ScriptedHandler:
    _, h = server
    h.requests.clear()
    h.failures.clear()
    return h


@pytest.fixture
def sdk(server: tuple[str, ScriptedHandler], handler: ScriptedHandler) -> Iterator[Any]:
    url, _ = server
    with openai.OpenAI(base_url=f"{url}/v1", api_key=KEY, max_retries=0, timeout=10) as client:
        yield client


def chat(server: tuple[str, ScriptedHandler], **kwargs: Any) -> Any:
    url, _ = server
    return langchain_openai.ChatOpenAI(
        model="gpt-4o", base_url=f"{url}/v1", api_key=KEY, max_retries=0, timeout=10, **kwargs
    )


# --------------------------------------------------------------------------------------------
# openai SDK
# --------------------------------------------------------------------------------------------


def test_openai_plain(sdk: Any, handler: ScriptedHandler) -> None:
    result = sdk.chat.completions.create(model="gpt-4o", messages=USER)
    assert result.choices[0].message.content == "echo: hello there"
    assert result.choices[0].finish_reason == "stop"
    assert result.usage.total_tokens == 6
    ((request, context),) = handler.requests
    assert request.model == "gpt-4o" and context.api_key == KEY


def test_openai_streaming_with_usage(sdk: Any) -> None:
    stream = sdk.chat.completions.create(
        model="gpt-4o", messages=USER, stream=True, stream_options={"include_usage": True}
    )
    chunks = list(stream)
    *body, last = chunks
    assert "".join(c.choices[0].delta.content or "" for c in body) == "echo: hello there"
    assert body[0].choices[0].delta.role == "assistant"
    assert body[-1].choices[0].finish_reason == "stop"
    assert last.choices == [] and last.usage is not None and last.usage.total_tokens > 0


def test_openai_tools(sdk: Any) -> None:
    result = sdk.chat.completions.create(model="gpt-4o", messages=USER, tools=[TOOL], tool_choice="auto")
    choice = result.choices[0]
    assert choice.finish_reason == "tool_calls"
    (call,) = choice.message.tool_calls
    assert call.function.name == "get_weather"
    assert json.loads(call.function.arguments) == {"city": "Paris"}


def test_openai_models_list(sdk: Any) -> None:
    assert [m.id for m in sdk.models.list()] == ["gpt-4o"]


def test_openai_errors(server: tuple[str, ScriptedHandler], sdk: Any) -> None:
    with pytest.raises(openai.BadRequestError) as info:
        sdk.chat.completions.create(model="gpt-4o", messages=USER, temperature=3)
    assert info.value.param == "temperature" and info.value.code == "invalid_value"
    url, _ = server
    wrong = openai.OpenAI(base_url=f"{url}/v1", api_key="sk-wrong", max_retries=0, timeout=10)
    with wrong, pytest.raises(openai.AuthenticationError) as denied:
        wrong.chat.completions.create(model="gpt-4o", messages=USER)
    assert denied.value.code == "invalid_api_key"


def test_openai_async_streaming(server: tuple[str, ScriptedHandler], handler: ScriptedHandler) -> None:
    import asyncio

    url, _ = server

    async def main() -> list[Any]:
        async with openai.AsyncOpenAI(base_url=f"{url}/v1", api_key=KEY, max_retries=0, timeout=10) as client:
            stream = await client.chat.completions.create(model="gpt-4o", messages=USER, stream=True)
            return [chunk async for chunk in stream]

    chunks = asyncio.run(main())
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "echo: hello there"


# --------------------------------------------------------------------------------------------
# LangChain
# --------------------------------------------------------------------------------------------


def test_langchain_invoke(server: tuple[str, ScriptedHandler], handler: ScriptedHandler) -> None:
    message = chat(server).invoke("hello there")
    assert message.content == "echo: hello there"
    assert handler.requests[0][0].model == "gpt-4o"


def test_langchain_stream(server: tuple[str, ScriptedHandler], handler: ScriptedHandler) -> None:
    pieces = list(chat(server).stream("hello there"))
    assert "".join(p.content for p in pieces if isinstance(p.content, str)) == "echo: hello there"
    assert handler.requests[0][0].stream is True


def test_langchain_bind_tools(server: tuple[str, ScriptedHandler], handler: ScriptedHandler) -> None:
    message = chat(server).bind_tools([TOOL]).invoke("What is the weather in Paris?")
    (call,) = message.tool_calls
    assert call["name"] == "get_weather"
    assert call["args"] == {"city": "Paris"}
    assert handler.requests[0][0].tools[0].function.name == "get_weather"
