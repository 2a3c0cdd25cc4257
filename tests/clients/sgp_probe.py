"""Scale GenAI Platform's own SDK (scale-gp-beta 0.7.0) against `serve --platform sgp`: x-api-key and
x-selected-account-id, top_k, its stream reader and its model listing (GET /v5/chat/completions/models, `items`)."""

from __future__ import annotations

import json
from typing import Any

import httpx
from _probe import WEATHER_TOOL, expect, expect_raises, run
from scale_gp_beta import AuthenticationError, BadRequestError, SGPClient, UnprocessableEntityError

CLIENT = "scale-gp-beta"
BAD_REQUEST = (BadRequestError, UnprocessableEntityError)
MESSAGES = [{"role": "user", "content": "Say something about the weather."}]


def client(pc: dict[str, Any], key: str | None = None) -> SGPClient:
    # the SDK's paths carry /v5 themselves
    return SGPClient(api_key=key or pc["api_key"], account_id="acct_fidelity", base_url=pc["origin"], max_retries=0,
                     timeout=20)


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def chat(pc: dict[str, Any]) -> str:
    r = client(pc).chat.completions.create(model=pc["model"], messages=MESSAGES)
    text = r.choices[0].message.content
    expect(text, f"no content {r}")
    return f"{text[:60]!r}"


def stream(pc: dict[str, Any]) -> str:
    parts = []
    for chunk in client(pc).chat.completions.create(model=pc["model"], messages=MESSAGES, stream=True):
        if chunk.choices:
            parts.append(chunk.choices[0].delta.content or "")
    text = "".join(parts)
    expect(text, "streamed no content")
    return f"{len(parts)} chunks {text[:40]!r}"


def tool_round_trip(pc: dict[str, Any]) -> str:
    c = client(pc)
    messages: list[Any] = [{"role": "user", "content": "What is the weather in Paris?"}]
    r = c.chat.completions.create(model=pc["model"], messages=messages, tools=[WEATHER_TOOL])
    msg = r.choices[0].message
    expect(msg.tool_calls, f"no tool call: {msg}")
    tc = msg.tool_calls[0]
    args = json.loads(tc.function.arguments)
    messages += [msg.model_dump(exclude_none=True), {"role": "tool", "tool_call_id": tc.id, "content": "mild, 18 C"}]
    r2 = c.chat.completions.create(model=pc["model"], messages=messages, tools=[WEATHER_TOOL])
    expect(r2.choices[0].message.content, f"no answer after the tool result: {r2.choices[0].message}")
    return f"called get_weather({args})"


def json_output(pc: dict[str, Any]) -> str:
    schema = {"type": "object", "properties": {"city": {"type": "string"}, "degrees": {"type": "integer"}},
              "required": ["city", "degrees"], "additionalProperties": False}
    r = client(pc).chat.completions.create(
        model=pc["model"], messages=[{"role": "user", "content": "The weather in Paris as JSON."}],
        response_format={"type": "json_schema", "json_schema": {"name": "weather", "strict": True, "schema": schema}})
    obj = json.loads(r.choices[0].message.content)
    expect(isinstance(obj.get("city"), str) and isinstance(obj.get("degrees"), int), f"not the schema: {obj}")
    return f"{obj}"


def n2(pc: dict[str, Any]) -> str:
    r = client(pc).chat.completions.create(model=pc["model"], messages=MESSAGES, n=2)
    expect(len(r.choices) == 2, f"{len(r.choices)} choices")
    return "2 choices"


def logprobs(pc: dict[str, Any]) -> str:
    r = client(pc).chat.completions.create(model=pc["model"], messages=MESSAGES, logprobs=True, top_logprobs=2)
    lp = r.choices[0].logprobs
    expect(lp and lp.content, f"no logprobs {lp}")
    return f"{len(lp.content)} tokens"


def top_k(pc: dict[str, Any]) -> str:
    # top_k=1 is greedy: two different seeds give the same reply
    c = client(pc)
    a = c.chat.completions.create(model=pc["model"], messages=MESSAGES, top_k=1, temperature=1, seed=1)
    b = c.chat.completions.create(model=pc["model"], messages=MESSAGES, top_k=1, temperature=1, seed=2)
    expect(a.choices[0].message.content == b.choices[0].message.content, "top_k=1 is not greedy")
    return f"top_k=1 greedy: {a.choices[0].message.content[:40]!r}"


def x_api_key(pc: dict[str, Any]) -> str:
    # what the SDK sends: x-api-key (no Authorization) and x-selected-account-id
    c = client(pc)
    expect(c.auth_headers == {"x-api-key": pc["api_key"]}, f"auth headers {c.auth_headers}")
    r = httpx.post(pc["origin"] + "/v5/chat/completions", timeout=20,
                   headers={"x-api-key": pc["api_key"], "x-selected-account-id": "acct_fidelity"},
                   json={"model": pc["model"], "messages": MESSAGES})
    expect(r.status_code == 200, f"{r.status_code} {r.text[:200]}")
    bearer = httpx.post(pc["origin"] + "/v5/chat/completions", timeout=20,
                        headers={"Authorization": "Bearer " + pc["api_key"]},
                        json={"model": pc["model"], "messages": MESSAGES})
    expect(bearer.status_code == 401, f"a Bearer key without x-api-key got {bearer.status_code}")
    return "x-api-key accepted, Bearer alone refused with 401"


def auth_error(pc: dict[str, Any]) -> str:
    return expect_raises(lambda: client(pc, pc["wrong_key"]).chat.completions.create(model=pc["model"], messages=MESSAGES),
                         (AuthenticationError,), "scale_gp_beta.AuthenticationError")


def bad_request(pc: dict[str, Any]) -> str:
    return expect_raises(
        lambda: client(pc).chat.completions.create(model=pc["model"], messages=MESSAGES, temperature=-1),
        BAD_REQUEST, "scale_gp_beta.BadRequestError")


def models(pc: dict[str, Any]) -> str:
    r = client(pc).chat.completions.models()
    names = [_get(m, "name") or _get(m, "id") for m in r.items]
    vendors = {_get(m, "model_vendor") for m in r.items}
    expect(any(pc["model"].endswith("/" + str(n)) or pc["model"] == n for n in names), f"{pc['model']} not in {names}")
    return f"{len(names)} models {names} vendors {vendors}"


if __name__ == "__main__":
    run(CLIENT, {f.__name__: f for f in (chat, stream, tool_round_trip, json_output, n2, logprobs, top_k, x_api_key,
                                         auth_error, bad_request, models)}, BAD_REQUEST)
