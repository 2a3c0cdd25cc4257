"""JamAI Base's own SDK (jamaibase 1.0.5) against `serve --platform jamai`: its ChatRequest model (which always
sends reasoning_summary and the other fields it defines), rag_params with references, its user/project headers,
its error types (AuthorizationError for 401, BadInputError for 422, JAMAI's validation status) and listings."""

from __future__ import annotations

from typing import Any

from _probe import expect, expect_raises, run
from jamaibase import JamAI
from jamaibase.types import ChatRequest, RAGParams, References
from jamaibase.utils.exceptions import AuthorizationError, BadInputError

CLIENT = "jamaibase"
BAD_REQUEST = (BadInputError,)
MESSAGES = [{"role": "user", "content": "Say something about the weather."}]
PROJECT, USER = "proj_fidelity", "user_fidelity"


def client(pc: dict[str, Any], key: str | None = None) -> JamAI:
    # the SDK appends /v1/... to api_base
    return JamAI(project_id=PROJECT, token=key or pc["api_key"], api_base=pc["origin"] + "/api", user_id=USER,
                 timeout=20)


def req(pc: dict[str, Any], **kw: Any) -> ChatRequest:
    return ChatRequest(model=pc["model"], messages=kw.pop("messages", MESSAGES), **kw)


def chat(pc: dict[str, Any]) -> str:
    r = client(pc).generate_chat_completions(req(pc))
    text = r.choices[0].message.content
    expect(text, f"no content {r}")
    expect(r.usage.total_tokens > 0, f"no usage {r.usage}")
    return f"{text[:60]!r}"


def stream(pc: dict[str, Any]) -> str:
    items = list(client(pc).generate_chat_completions(req(pc, stream=True)))
    text = "".join(i.content or "" for i in items if not isinstance(i, References))
    expect(text, f"streamed no content: {items[:3]}")
    return f"{len(items)} items {text[:40]!r}"


WEATHER_TOOL = {"type": "function", "function": {"name": "get_weather", "description": "The weather in a city.",
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}


def tool_round_trip(pc: dict[str, Any]) -> str:
    c = client(pc)
    messages: list[Any] = [{"role": "user", "content": "What is the weather in Paris?"}]
    r = c.generate_chat_completions(req(pc, messages=messages, tools=[WEATHER_TOOL]))
    msg = r.choices[0].message
    expect(msg.tool_calls, f"no tool call: {msg}")
    tc = msg.tool_calls[0]
    # JamAI's chat protocol has no `tool` role (its ChatRole: system, user, assistant), so the SDK
    # itself cannot send the result back: the round trip ends at the call, and that refusal is asserted.
    import pydantic

    refused = expect_raises(
        lambda: req(pc, messages=[*messages, {"role": "tool", "tool_call_id": tc.id, "content": "mild, 18 C"}]),
        (pydantic.ValidationError,),
        "a tool-role message",
    )
    return f"called {tc.function.name}({tc.function.arguments}); a tool result is refused by the SDK: {refused[:60]}"


def n2(pc: dict[str, Any]) -> str:
    r = client(pc).generate_chat_completions(req(pc, n=2))
    expect(len(r.choices) == 2, f"{len(r.choices)} choices")
    return "2 choices"


RAG = {"table_id": "handbook", "k": 2}
RAG_MESSAGES = [{"role": "user", "content": "How many days of paid leave do employees get?"}]


def rag_references(pc: dict[str, Any]) -> str:
    r = client(pc).generate_chat_completions(req(pc, messages=RAG_MESSAGES, rag_params=RAGParams(**RAG)))
    expect(isinstance(r.references, References), f"references not a References object: {r.references!r}")
    expect(r.references.chunks and r.references.chunks[0].text, f"no chunks: {r.references}")
    expect(r.choices[0].message.content, "no content")
    return f"{len(r.references.chunks)} chunks, first {r.references.chunks[0].text[:40]!r}"


def rag_stream(pc: dict[str, Any]) -> str:
    items = list(client(pc).generate_chat_completions(
        req(pc, messages=RAG_MESSAGES, rag_params=RAGParams(**RAG), stream=True)))
    expect(items and isinstance(items[0], References), f"the stream does not start with References: {items[:2]}")
    expect(items[0].chunks, "References without chunks")
    expect("".join(i.content or "" for i in items[1:]), "no content after the references")
    return f"References first ({len(items[0].chunks)} chunks), then {len(items) - 1} chunks"


def headers(pc: dict[str, Any]) -> str:
    c = client(pc)
    expect(c.headers.get("X-PROJECT-ID") == PROJECT and c.headers.get("X-USER-ID") == USER, f"headers {c.headers}")
    r = c.generate_chat_completions(req(pc))
    expect(r.choices[0].message.content, "no content")
    return "answered with X-USER-ID and X-PROJECT-ID"


def auth_error(pc: dict[str, Any]) -> str:
    return expect_raises(lambda: client(pc, pc["wrong_key"]).generate_chat_completions(req(pc)),
                         (AuthorizationError,), "jamaibase AuthorizationError")


def request_id(pc: dict[str, Any]) -> str:
    # the SDK names the answer's x-request-id in every error it raises ("Request <id> failed. ...")
    detail = expect_raises(lambda: client(pc, pc["wrong_key"]).generate_chat_completions(req(pc)),
                           (AuthorizationError,), "jamaibase AuthorizationError")
    expect("<no-request-id>" not in detail, f"the answer carries no x-request-id: {detail}")
    return detail


def bad_request(pc: dict[str, Any]) -> str:
    # n=0 passes the SDK's own model (temperature < 0 would not: the SDK checks that itself)
    return expect_raises(lambda: client(pc).generate_chat_completions(req(pc, n=0)), BAD_REQUEST,
                         "jamaibase BadInputError (JamAI answers validation errors with 422)")


def models_info(pc: dict[str, Any]) -> str:
    info = client(pc).model_info()
    ids = [m.id for m in info.data]
    expect(pc["model"] in ids, f"{pc['model']} not in {ids}")
    return f"{len(ids)} models"


def models_ids(pc: dict[str, Any]) -> str:
    ids = client(pc).model_ids()
    expect(pc["model"] in ids, f"{pc['model']} not in {ids}")
    return f"{ids}"


if __name__ == "__main__":
    run(CLIENT, {f.__name__: f for f in (chat, stream, tool_round_trip, n2, rag_references, rag_stream, headers,
                                         auth_error, request_id, bad_request, models_info, models_ids)}, BAD_REQUEST)
