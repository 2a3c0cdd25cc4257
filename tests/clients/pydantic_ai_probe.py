"""pydantic-ai (OpenAIChatModel on the openai SDK) against every profile: text, stream, a tool, and the
three output modes (tool, native, prompted)."""

from __future__ import annotations

from typing import Any

import openai
from _probe import TIMEOUT, expect, expect_raises, run
from pydantic import BaseModel
from pydantic_ai import Agent, NativeOutput, PromptedOutput, ToolOutput
from pydantic_ai.exceptions import ModelAuthenticationError, ModelRequestRejectedError
from pydantic_ai.messages import ToolCallPart
from pydantic_ai.models.openai import OpenAIChatModel
from pydantic_ai.providers.openai import OpenAIProvider

CLIENT = "pydantic-ai"
BAD_REQUEST = (ModelRequestRejectedError,)
PROMPT = "Say something about the weather."


class Weather(BaseModel):
    city: str
    degrees: int


def model(pc: dict[str, Any], key: str | None = None) -> OpenAIChatModel:
    key = key or pc["api_key"]
    headers = {"x-api-key": key} if pc["base_url"].endswith("/v5") else None
    raw = openai.AsyncOpenAI(base_url=pc["base_url"], api_key=key, default_headers=headers, max_retries=0,
                             timeout=TIMEOUT)
    return OpenAIChatModel(pc["model"], provider=OpenAIProvider(openai_client=raw))


def chat(pc: dict[str, Any]) -> str:
    r = Agent(model(pc)).run_sync(PROMPT)
    expect(isinstance(r.output, str) and r.output, f"no text: {r.output!r}")
    expect(r.usage.total_tokens > 0, f"no usage {r.usage}")
    return f"{r.output[:60]!r}"


def stream(pc: dict[str, Any]) -> str:
    result = Agent(model(pc)).run_stream_sync(PROMPT)
    pieces = list(result.stream_text(delta=True))
    text = "".join(pieces)
    expect(text, "streamed no text")
    return f"{len(pieces)} deltas {text[:40]!r}"


def tool_round_trip(pc: dict[str, Any]) -> str:
    agent = Agent(model(pc))
    called: list[str] = []

    @agent.tool_plain
    def get_weather(city: str) -> str:
        """The weather in a city."""
        called.append(city)
        return f"mild in {city}, 18 C"

    r = agent.run_sync("What is the weather in Paris?")
    calls = [p for m in r.all_messages() for p in getattr(m, "parts", []) if isinstance(p, ToolCallPart)]
    expect(called and calls, f"the tool was not called: {r.all_messages()}")
    expect(isinstance(r.output, str) and r.output, f"no answer after the tool: {r.output!r}")
    return f"called get_weather({called[0]!r})"


def _output(pc: dict[str, Any], spec: Any) -> str:
    r = Agent(model(pc), output_type=spec).run_sync("The weather in Paris: city and degrees.")
    expect(isinstance(r.output, Weather), f"not a Weather: {r.output!r}")
    return f"{r.output!r}"


def output_tool(pc: dict[str, Any]) -> str:
    return _output(pc, ToolOutput(Weather))


def output_native(pc: dict[str, Any]) -> str:
    return _output(pc, NativeOutput(Weather))


def output_prompted(pc: dict[str, Any]) -> str:
    return _output(pc, PromptedOutput(Weather))


def auth_error(pc: dict[str, Any]) -> str:
    return expect_raises(lambda: Agent(model(pc, pc["wrong_key"])).run_sync(PROMPT), (ModelAuthenticationError,),
                         "pydantic_ai ModelAuthenticationError")


def bad_request(pc: dict[str, Any]) -> str:
    return expect_raises(lambda: Agent(model(pc)).run_sync(PROMPT, model_settings={"temperature": -1}), BAD_REQUEST,
                         "pydantic_ai ModelRequestRejectedError (HTTP 400)")


if __name__ == "__main__":
    run(CLIENT, {f.__name__: f for f in (chat, stream, tool_round_trip, output_tool, output_native, output_prompted,
                                         auth_error, bad_request)}, BAD_REQUEST)
