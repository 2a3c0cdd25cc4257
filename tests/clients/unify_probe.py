"""Unify's own SDK (unifyai 0.9.172, the last release with the `Unify` chat client) against `serve --platform unify`.

UNIFY_BASE_URL (read by `unify` at import) and UNIFY_KEY point it at the server (scripts/clients.py sets both).
The SDK turns every API error into a plain `Exception(message)` (uni_llm.py: `except openai.APIStatusError as e:
raise Exception(e.message)`), so its "own" error type is Exception carrying the server's message.
"""

from __future__ import annotations

import json
from typing import Any

import openai
import unify
from _probe import WEATHER_TOOL, expect, expect_raises, run
from pydantic import BaseModel

CLIENT = "unifyai"
BAD_REQUEST = (Exception,)  # what the SDK raises for a 400 (see above); refusals are checked by message too
PROMPT = "Say something about the weather."


def client(pc: dict[str, Any], key: str | None = None, **kw: Any) -> unify.Unify:
    return unify.Unify(pc["model"], api_key=key or pc["api_key"], **kw)


def construct(pc: dict[str, Any]) -> str:
    # Unify("model@provider") validates the endpoint against GET /v0/endpoints (and /models, /providers)
    c = client(pc)
    expect(c.endpoint == pc["model"], f"endpoint {c.endpoint}")
    return f"constructed {c!r}"


def chat(pc: dict[str, Any]) -> str:
    text = client(pc).generate(PROMPT)
    expect(isinstance(text, str) and text, f"no text {text!r}")
    return f"{text[:60]!r}"


def stream(pc: dict[str, Any]) -> str:
    parts = list(client(pc).generate(PROMPT, stream=True))
    expect(parts and "".join(parts), f"streamed nothing: {parts}")
    return f"{len(parts)} parts {''.join(parts)[:40]!r}"


def tool_round_trip(pc: dict[str, Any]) -> str:
    c = client(pc, return_full_completion=True)
    messages: list[Any] = [{"role": "user", "content": "What is the weather in Paris?"}]
    r = c.generate(messages=messages, tools=[WEATHER_TOOL])
    msg = r.choices[0].message
    expect(msg.tool_calls, f"no tool call: {msg}")
    tc = msg.tool_calls[0]
    args = json.loads(tc.function.arguments)
    messages += [msg.model_dump(exclude_none=True), {"role": "tool", "tool_call_id": tc.id, "content": "mild, 18 C"}]
    r2 = client(pc, return_full_completion=True).generate(messages=messages, tools=[WEATHER_TOOL])
    expect(r2.choices[0].message.content, f"no answer after the tool result: {r2.choices[0].message}")
    return f"called get_weather({args})"


class Weather(BaseModel):
    city: str
    degrees: int


def json_output(pc: dict[str, Any]) -> str:
    r = client(pc, return_full_completion=True).generate("The weather in Paris as JSON.", response_format=Weather)
    parsed = r.choices[0].message.parsed
    expect(isinstance(parsed, Weather), f"not parsed: {r.choices[0].message}")
    return f"{parsed!r}"


def n2(pc: dict[str, Any]) -> str:
    r = client(pc, return_full_completion=True).generate(PROMPT, n=2)
    expect(len(r.choices) == 2, f"{len(r.choices)} choices")
    return "2 choices"


def logprobs(pc: dict[str, Any]) -> str:
    r = client(pc, return_full_completion=True).generate(PROMPT, logprobs=True, top_logprobs=2)
    lp = r.choices[0].logprobs
    expect(lp and lp.content, f"no logprobs {lp}")
    return f"{len(lp.content)} tokens"


def tags(pc: dict[str, Any]) -> str:
    text = client(pc, tags=["fidelity", "suite"]).generate(PROMPT)
    expect(text, "no text with tags")
    return "answered with tags=['fidelity', 'suite']"


def drop_params(pc: dict[str, Any]) -> str:
    # unispec-mini has no logprobs: dropped with drop_params true (the default), refused with false
    mini = pc["model"].replace("unispec-large", "unispec-mini")
    kept = unify.Unify(mini, api_key=pc["api_key"], return_full_completion=True).generate(PROMPT, logprobs=True)
    expect(kept.choices[0].message.content and not kept.choices[0].logprobs, f"not dropped: {kept.choices[0]}")
    refused = expect_raises(
        lambda: unify.Unify(mini, api_key=pc["api_key"], drop_params=False).generate(PROMPT, logprobs=True),
        (Exception,), "an error for logprobs with drop_params=False")
    expect("logprobs" in refused, f"the refusal does not name logprobs: {refused}")
    return f"dropped with drop_params=True; {refused[:120]}"


def auth_error(pc: dict[str, Any]) -> str:
    # the wrong key fails at construction, on GET /v0/endpoints, with the SDK's own RequestError
    from unify.utils.http import RequestError

    detail = expect_raises(lambda: client(pc, pc["wrong_key"]).generate(PROMPT), (RequestError,),
                           "unify.utils.http.RequestError")
    expect("401" in detail, f"not an authentication error: {detail}")
    return detail


def bad_request(pc: dict[str, Any]) -> str:
    detail = expect_raises(lambda: client(pc).generate(PROMPT, temperature=-1), (Exception,), "an error")
    expect("temperature" in detail, f"the error does not name temperature: {detail}")
    return detail


def models(pc: dict[str, Any]) -> str:
    names = unify.list_models(api_key=pc["api_key"])
    endpoints = unify.list_endpoints(api_key=pc["api_key"])
    providers = unify.list_providers(api_key=pc["api_key"])
    model, provider = pc["model"].split("@")
    expect(model in names and pc["model"] in endpoints and provider in providers,
           f"models {names} endpoints {endpoints} providers {providers}")
    by_provider = unify.list_models(provider, api_key=pc["api_key"])
    expect(model in by_provider, f"list_models({provider!r}) = {by_provider}")
    return f"models {names}, endpoints {endpoints}"


if __name__ == "__main__":
    del openai  # imported so a missing openai fails here, not inside unify
    run(CLIENT, {f.__name__: f for f in (construct, chat, stream, tool_round_trip, json_output, n2, logprobs, tags,
                                         drop_params, auth_error, bad_request, models)}, BAD_REQUEST)
