"""openai-agents (the Agents SDK, on its chat-completions model) against every profile."""

from __future__ import annotations

import asyncio
from typing import Any

import openai
from _probe import TIMEOUT, expect, expect_raises, run
from agents import Agent, OpenAIChatCompletionsModel, Runner, function_tool, set_tracing_disabled
from pydantic import BaseModel

CLIENT = "openai-agents"
BAD_REQUEST = (openai.BadRequestError, openai.UnprocessableEntityError)
PROMPT = "Say something about the weather."
set_tracing_disabled(True)


def model(pc: dict[str, Any], key: str | None = None) -> OpenAIChatCompletionsModel:
    key = key or pc["api_key"]
    headers = {"x-api-key": key} if pc["base_url"].endswith("/v5") else None
    raw = openai.AsyncOpenAI(base_url=pc["base_url"], api_key=key, default_headers=headers, max_retries=0,
                             timeout=TIMEOUT)
    return OpenAIChatCompletionsModel(model=pc["model"], openai_client=raw)


@function_tool
def get_weather(city: str) -> str:
    """The weather in a city."""
    return f"mild in {city}, 18 C"


class Weather(BaseModel):
    city: str
    degrees: int


def chat(pc: dict[str, Any]) -> str:
    r = Runner.run_sync(Agent(name="a", model=model(pc)), PROMPT)
    expect(isinstance(r.final_output, str) and r.final_output, f"no output {r.final_output!r}")
    return f"{r.final_output[:60]!r}"


def stream(pc: dict[str, Any]) -> str:
    async def go() -> tuple[int, str]:
        result = Runner.run_streamed(Agent(name="a", model=model(pc)), PROMPT)
        n, text = 0, ""
        async for event in result.stream_events():
            if event.type == "raw_response_event" and getattr(event.data, "type", "") == "response.output_text.delta":
                n += 1
                text += event.data.delta
        return n, text

    n, text = asyncio.run(go())
    expect(text, "streamed no text deltas")
    return f"{n} deltas {text[:40]!r}"


def tool_round_trip(pc: dict[str, Any]) -> str:
    r = Runner.run_sync(Agent(name="a", model=model(pc), tools=[get_weather]), "What is the weather in Paris?")
    kinds = [item.type for item in r.new_items]
    expect("tool_call_item" in kinds and "tool_call_output_item" in kinds, f"no tool call: {kinds}")
    expect(isinstance(r.final_output, str) and r.final_output, f"no answer after the tool: {r.final_output!r}")
    return f"items {kinds}"


def json_output(pc: dict[str, Any]) -> str:
    r = Runner.run_sync(Agent(name="a", model=model(pc), output_type=Weather), "The weather in Paris.")
    expect(isinstance(r.final_output, Weather), f"not a Weather: {r.final_output!r}")
    return f"{r.final_output!r}"


def auth_error(pc: dict[str, Any]) -> str:
    return expect_raises(lambda: Runner.run_sync(Agent(name="a", model=model(pc, pc["wrong_key"])), PROMPT),
                         (openai.AuthenticationError,), "openai.AuthenticationError")


if __name__ == "__main__":
    run(CLIENT, {f.__name__: f for f in (chat, stream, tool_round_trip, json_output, auth_error)}, BAD_REQUEST)
