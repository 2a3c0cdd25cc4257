"""litellm as a client library (`litellm.completion` with the `openai/` provider and api_base) against every profile."""

from __future__ import annotations

import json
from typing import Any

import litellm
from _probe import MESSAGES, TIMEOUT, WEATHER_TOOL, expect, expect_raises, run
from pydantic import BaseModel

CLIENT = "litellm"
BAD_REQUEST = (litellm.BadRequestError, litellm.UnprocessableEntityError)
litellm.telemetry = False
litellm.suppress_debug_info = True


def call(pc: dict[str, Any], key: str | None = None, **kw: Any) -> Any:
    key = key or pc["api_key"]
    headers = {"x-api-key": key} if pc["base_url"].endswith("/v5") else None
    return litellm.completion(model="openai/" + pc["model"], api_base=pc["base_url"], api_key=key,
                              extra_headers=headers, num_retries=0, max_retries=0, timeout=TIMEOUT, **kw)


def chat(pc: dict[str, Any]) -> str:
    r = call(pc, messages=MESSAGES)
    text = r.choices[0].message.content
    expect(text, f"no content {r}")
    expect(r.usage.total_tokens > 0, f"no usage {r.usage}")
    return f"{text[:60]!r}"


def stream(pc: dict[str, Any]) -> str:
    parts = []
    for chunk in call(pc, messages=MESSAGES, stream=True):
        if chunk.choices:
            parts.append(chunk.choices[0].delta.content or "")
    text = "".join(parts)
    expect(text, "streamed no content")
    return f"{len(parts)} chunks {text[:40]!r}"


def tool_round_trip(pc: dict[str, Any]) -> str:
    messages: list[Any] = [{"role": "user", "content": "What is the weather in Paris?"}]
    r = call(pc, messages=messages, tools=[WEATHER_TOOL])
    msg = r.choices[0].message
    expect(msg.tool_calls, f"no tool call: {msg}")
    tc = msg.tool_calls[0]
    args = json.loads(tc.function.arguments)
    expect(tc.function.name == "get_weather" and isinstance(args.get("city"), str), f"bad call {tc}")
    messages += [msg.model_dump(exclude_none=True), {"role": "tool", "tool_call_id": tc.id, "content": "mild, 18 C"}]
    r2 = call(pc, messages=messages, tools=[WEATHER_TOOL])
    expect(r2.choices[0].message.content, f"no answer after the tool result: {r2.choices[0].message}")
    return f"called get_weather({args})"


class Weather(BaseModel):
    city: str
    degrees: int


def json_output(pc: dict[str, Any]) -> str:
    r = call(pc, messages=[{"role": "user", "content": "The weather in Paris as JSON."}], response_format=Weather)
    out = Weather.model_validate_json(r.choices[0].message.content)
    return f"{out!r}"


def n2(pc: dict[str, Any]) -> str:
    r = call(pc, messages=MESSAGES, n=2)
    expect(len(r.choices) == 2 and all(c.message.content for c in r.choices), f"{len(r.choices)} choices")
    return "2 choices"


def logprobs(pc: dict[str, Any]) -> str:
    r = call(pc, messages=MESSAGES, logprobs=True, top_logprobs=2)
    lp = r.choices[0].logprobs
    content = lp.content if lp is not None and hasattr(lp, "content") else (lp or {}).get("content")
    expect(content, f"no logprobs: {lp}")
    return f"{len(content)} tokens"


def auth_error(pc: dict[str, Any]) -> str:
    return expect_raises(lambda: call(pc, pc["wrong_key"], messages=MESSAGES), (litellm.AuthenticationError,),
                         "litellm.AuthenticationError")


def bad_request(pc: dict[str, Any]) -> str:
    return expect_raises(lambda: call(pc, messages=MESSAGES, temperature=-1), BAD_REQUEST, "litellm.BadRequestError")


if __name__ == "__main__":
    run(CLIENT, {f.__name__: f for f in (chat, stream, tool_round_trip, json_output, n2, logprobs, auth_error,
                                         bad_request)}, BAD_REQUEST)
