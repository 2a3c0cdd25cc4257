"""langchain-openai's ChatOpenAI against every profile: invoke, stream, tools, the three structured-output methods."""

from __future__ import annotations

import json
from typing import Any

import openai
from _probe import TIMEOUT, expect, expect_raises, run
from langchain_core.messages import HumanMessage, ToolMessage
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI
from pydantic import BaseModel

CLIENT = "langchain-openai"
BAD_REQUEST = (openai.BadRequestError, openai.UnprocessableEntityError)
PROMPT = "Say something about the weather."


def llm(pc: dict[str, Any], key: str | None = None, **kw: Any) -> ChatOpenAI:
    key = key or pc["api_key"]
    headers = {"x-api-key": key} if pc["base_url"].endswith("/v5") else None
    return ChatOpenAI(model=pc["model"], base_url=pc["base_url"], api_key=key, default_headers=headers,
                      max_retries=0, timeout=TIMEOUT, **kw)


@tool
def get_weather(city: str) -> str:
    """The weather in a city."""
    return f"mild in {city}, 18 C"


class Weather(BaseModel):
    """The weather in a city."""

    city: str
    degrees: int


def chat(pc: dict[str, Any]) -> str:
    m = llm(pc).invoke(PROMPT)
    expect(isinstance(m.content, str) and m.content, f"no content {m!r}")
    expect(m.usage_metadata and m.usage_metadata["total_tokens"] > 0, f"no usage_metadata {m.usage_metadata}")
    return f"{m.content[:60]!r}"


def stream(pc: dict[str, Any]) -> str:
    chunks = list(llm(pc).stream(PROMPT))
    text = "".join(c.content for c in chunks if isinstance(c.content, str))
    expect(text, "streamed no content")
    return f"{len(chunks)} chunks {text[:40]!r}"


def tool_round_trip(pc: dict[str, Any]) -> str:
    model = llm(pc).bind_tools([get_weather])
    messages: list[Any] = [HumanMessage("What is the weather in Paris?")]
    ai = model.invoke(messages)
    expect(ai.tool_calls, f"no tool call: {ai!r}")
    call = ai.tool_calls[0]
    expect(call["name"] == "get_weather" and isinstance(call["args"].get("city"), str), f"bad call {call}")
    messages += [ai, ToolMessage(get_weather.invoke(call["args"]), tool_call_id=call["id"])]
    final = model.invoke(messages)
    expect(final.content, f"no answer after the tool result: {final!r}")
    return f"called get_weather({call['args']})"


def _structured(pc: dict[str, Any], method: str, prompt: str) -> str:
    out = llm(pc).with_structured_output(Weather, method=method).invoke(prompt)
    expect(isinstance(out, Weather), f"not a Weather: {out!r}")
    return f"{out!r}"


def structured_function_calling(pc: dict[str, Any]) -> str:
    return _structured(pc, "function_calling", "The weather in Paris.")


def structured_json_schema(pc: dict[str, Any]) -> str:
    return _structured(pc, "json_schema", "The weather in Paris.")


def structured_json_mode(pc: dict[str, Any]) -> str:
    # json_mode sends response_format json_object; LangChain's docs say to put the schema in the prompt
    schema = json.dumps(Weather.model_json_schema())
    return _structured(pc, "json_mode", f"The weather in Paris. Answer in JSON matching this schema: {schema}")


def n2(pc: dict[str, Any]) -> str:
    result = llm(pc, n=2).generate([[HumanMessage(PROMPT)]])
    gens = result.generations[0]
    expect(len(gens) == 2 and all(g.text for g in gens), f"{len(gens)} generations")
    return "2 generations"


def logprobs(pc: dict[str, Any]) -> str:
    m = llm(pc, logprobs=True).invoke(PROMPT)
    lp = (m.response_metadata.get("logprobs") or {}).get("content")
    expect(lp and "logprob" in lp[0], f"no logprobs in response_metadata: {m.response_metadata}")
    return f"{len(lp)} tokens"


def auth_error(pc: dict[str, Any]) -> str:
    return expect_raises(lambda: llm(pc, pc["wrong_key"]).invoke(PROMPT), (openai.AuthenticationError,),
                         "openai.AuthenticationError")


def bad_request(pc: dict[str, Any]) -> str:
    return expect_raises(lambda: llm(pc, temperature=-1).invoke(PROMPT), BAD_REQUEST, "openai.BadRequestError")


if __name__ == "__main__":
    run(CLIENT, {f.__name__: f for f in (chat, stream, tool_round_trip, structured_function_calling,
                                         structured_json_schema, structured_json_mode, n2, logprobs, auth_error,
                                         bad_request)}, BAD_REQUEST)
