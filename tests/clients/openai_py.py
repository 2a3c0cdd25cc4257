"""The openai Python SDK against every profile (and Bifrost's `fallbacks` through extra_body)."""

from __future__ import annotations

import json
from typing import Any

import openai
from _probe import MESSAGES, TIMEOUT, WEATHER_TOOL, expect, expect_raises, run
from pydantic import BaseModel

CLIENT = "openai-python"
BAD_REQUEST = (openai.BadRequestError, openai.UnprocessableEntityError)


def client(pc: dict[str, Any], key: str | None = None) -> openai.OpenAI:
    key = key or pc["api_key"]
    headers = {"x-api-key": key} if "/v5" in pc["base_url"] else None  # SGP authenticates by x-api-key
    return openai.OpenAI(base_url=pc["base_url"], api_key=key, default_headers=headers, max_retries=0, timeout=TIMEOUT)


def chat(pc: dict[str, Any]) -> str:
    r = client(pc).chat.completions.create(model=pc["model"], messages=MESSAGES)
    text = r.choices[0].message.content
    expect(text, f"no content: {r}")
    expect(r.usage and r.usage.total_tokens > 0, f"no usage: {r.usage}")
    return f"{text[:60]!r} usage={r.usage.total_tokens}"


def stream(pc: dict[str, Any]) -> str:
    opts = {} if "/api/v1" in pc["base_url"] else {"stream_options": {"include_usage": True}}
    parts, usage = [], None
    for chunk in client(pc).chat.completions.create(model=pc["model"], messages=MESSAGES, stream=True, **opts):
        if chunk.choices:
            parts.append(chunk.choices[0].delta.content or "")
        if chunk.usage:
            usage = chunk.usage
    text = "".join(parts)
    expect(text, "streamed no content")
    if opts:
        expect(usage is not None, "include_usage sent but no usage chunk")
    return f"{len(parts)} chunks {text[:40]!r}"


def tool_round_trip(pc: dict[str, Any]) -> str:
    c = client(pc)
    messages: list[Any] = [{"role": "user", "content": "What is the weather in Paris?"}]
    r = c.chat.completions.create(model=pc["model"], messages=messages, tools=[WEATHER_TOOL])
    msg = r.choices[0].message
    expect(msg.tool_calls, f"no tool call: {msg}")
    call = msg.tool_calls[0]
    args = json.loads(call.function.arguments)
    expect(call.function.name == "get_weather" and isinstance(args.get("city"), str), f"bad call {call}")
    messages.append(msg.model_dump(exclude_none=True))
    messages.append({"role": "tool", "tool_call_id": call.id, "content": "mild, 18 C"})
    r2 = c.chat.completions.create(model=pc["model"], messages=messages, tools=[WEATHER_TOOL])
    expect(r2.choices[0].message.content, f"no answer after the tool result: {r2.choices[0].message}")
    return f"called get_weather({args}); answered {r2.choices[0].message.content[:40]!r}"


class Weather(BaseModel):
    city: str
    degrees: int


def json_output(pc: dict[str, Any]) -> str:
    r = client(pc).chat.completions.parse(model=pc["model"], messages=[
        {"role": "user", "content": "The weather in Paris as JSON with city and degrees."}], response_format=Weather)
    parsed = r.choices[0].message.parsed
    expect(isinstance(parsed, Weather), f"not parsed: {r.choices[0].message}")
    return f"parsed {parsed!r}"


def n2(pc: dict[str, Any]) -> str:
    r = client(pc).chat.completions.create(model=pc["model"], messages=MESSAGES, n=2)
    expect(len(r.choices) == 2, f"{len(r.choices)} choices")
    expect(all(c.message.content for c in r.choices), "an empty choice")
    return f"2 choices, indexes {[c.index for c in r.choices]}"


def logprobs(pc: dict[str, Any]) -> str:
    r = client(pc).chat.completions.create(model=pc["model"], messages=MESSAGES, logprobs=True, top_logprobs=2)
    lp = r.choices[0].logprobs
    expect(lp and lp.content, f"no logprobs: {lp}")
    first = lp.content[0]
    expect(first.token and first.logprob <= 0 and len(first.top_logprobs) == 2, f"bad logprob {first}")
    return f"{len(lp.content)} tokens, first {first.token!r} {first.logprob:.3f}"


def auth_error(pc: dict[str, Any]) -> str:
    return expect_raises(lambda: client(pc, pc["wrong_key"]).chat.completions.create(model=pc["model"], messages=MESSAGES),
                         (openai.AuthenticationError,), "openai.AuthenticationError")


def bad_request(pc: dict[str, Any]) -> str:
    return expect_raises(
        lambda: client(pc).chat.completions.create(model=pc["model"], messages=MESSAGES, temperature=-1),
        BAD_REQUEST, "openai.BadRequestError")


def models(pc: dict[str, Any]) -> str:
    ids = [m.id for m in client(pc).models.list()]
    expect(pc["model"] in ids, f"{pc['model']} not in {ids}")
    return f"{len(ids)} models"


def fallbacks(pc: dict[str, Any]) -> str:
    r = client(pc).chat.completions.create(model="unispec/unispec-broken", messages=MESSAGES,
                                           extra_body={"fallbacks": [pc["model"]]})
    expect(r.choices[0].message.content, "no content")
    expect(r.model == pc["model"], f"answered by {r.model}, not the fallback {pc['model']}")
    return f"answered by the fallback {r.model}"


if __name__ == "__main__":
    run(CLIENT, {f.__name__: f for f in (chat, stream, tool_round_trip, json_output, n2, logprobs, auth_error,
                                         bad_request, models, fallbacks)}, BAD_REQUEST)
