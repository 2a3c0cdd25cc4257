"""Answers real providers send outside the OpenAI shape, read by the generated client: content as
typed parts (text, thinking, refusal; in full messages and in stream deltas) or as a JSON object, a
completion or chunk without `object`, tool-call ids of any form. The client never refuses them;
`content` holds the text, `content_parts` what was sent, and `Client(strict=True)` reports each.
Sync and async, plain and streamed, over `httpx.MockTransport` so each body is exactly as written.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
import unified_chat
from unified_chat import nonconforming

USER = [{"role": "user", "content": "hi"}]
BASE = {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "m"}


def completion(message: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {**BASE, "choices": [{"index": 0, "message": {"role": "assistant", **message}, "finish_reason": "stop"}], **top}


def sse(*chunks: dict[str, Any]) -> bytes:
    return b"".join(b"data: " + json.dumps(c).encode() + b"\n\n" for c in chunks) + b"data: [DONE]\n\n"


def chunk(delta: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {**BASE, "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": delta, "finish_reason": None}], **top}


def answer_with(body: bytes, content_type: str) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(200, content=body, headers={"content-type": content_type}))


def create(body: bytes, *, stream: bool = False, mode: str = "sync", strict: bool = False) -> Any:
    """The client's answer to one request whose response is `body`: the completion, or the list of chunks."""
    content_type = "text/event-stream" if stream else "application/json"
    if mode == "sync":
        http = httpx.Client(transport=answer_with(body, content_type))
        with unified_chat.Client(api_key="k", http_client=http, max_retries=0, strict=strict) as client:
            if stream:
                return list(client.chat.completions.create(model="m", messages=USER, stream=True))
            return client.chat.completions.create(model="m", messages=USER)

    async def main() -> Any:
        http = httpx.AsyncClient(transport=answer_with(body, content_type))
        async with unified_chat.AsyncClient(api_key="k", http_client=http, max_retries=0, strict=strict) as client:
            if stream:
                return [c async for c in await client.chat.completions.create(model="m", messages=USER, stream=True)]
            return await client.chat.completions.create(model="m", messages=USER)

    return asyncio.run(main())


MODES = ["sync", "async"]
# Anthropic-style parts through an OpenAI-compatible gateway: a thinking part with its signature first.
PARTS = [
    {"type": "thinking", "thinking": "The user greets me.", "signature": "sig-1"},
    {"type": "text", "text": "Hello"},
    {"type": "text", "text": ", there."},
]


@pytest.mark.parametrize("mode", MODES)
def test_content_as_typed_parts_is_read_as_text_and_kept(mode: str) -> None:
    got = create(json.dumps(completion({"content": PARTS})).encode(), mode=mode)
    message = got.choices[0].message
    assert message.content == "Hello, there."
    assert message.reasoning_content == "The user greets me."
    assert message.content_parts is not None
    assert [(p.type, p.text, p.thinking, p.signature) for p in message.content_parts] == [
        ("thinking", None, "The user greets me.", "sig-1"),
        ("text", "Hello", None, None),
        ("text", ", there.", None, None),
    ]
    # A provider's own reasoning field wins over the parts' thinking; a refusal part is the refusal.
    got = create(json.dumps(completion({"content": [*PARTS, {"type": "refusal", "refusal": "No."}], "reasoning_content": "own"})).encode(), mode=mode)
    assert got.choices[0].message.reasoning_content == "own" and got.choices[0].message.refusal == "No."


@pytest.mark.parametrize("mode", MODES)
def test_mistral_thinking_parts_and_openai_output_text_parts(mode: str) -> None:
    mistral = [{"type": "thinking", "thinking": [{"type": "text", "text": "Step 1. "}, {"type": "text", "text": "Step 2."}]},
               {"type": "text", "text": "42"}]
    message = create(json.dumps(completion({"content": mistral})).encode(), mode=mode).choices[0].message
    assert (message.content, message.reasoning_content) == ("42", "Step 1. Step 2.")
    responses_style = [{"type": "output_text", "text": "Hi", "annotations": []}, {"type": "image", "url": "x"}]
    message = create(json.dumps(completion({"content": responses_style})).encode(), mode=mode).choices[0].message
    assert message.content == "Hi"
    # A part of a provider's own type is kept as sent, its fields too.
    assert message.content_parts is not None and message.content_parts[1].type == "image"
    assert message.content_parts[1].model_extra == {"url": "x"}


@pytest.mark.parametrize("mode", MODES)
def test_content_as_a_json_object_is_its_json_text(mode: str) -> None:
    got = create(json.dumps(completion({"content": {"city": "Paris", "n": 2}})).encode(), mode=mode)
    message = got.choices[0].message
    assert json.loads(message.content or "") == {"city": "Paris", "n": 2}
    assert message.content_parts is not None and message.content_parts[0].type == "json"
    assert message.content_parts[0].json_ == {"city": "Paris", "n": 2}


@pytest.mark.parametrize("mode", MODES)
def test_a_completion_without_object_and_tool_call_ids_of_any_form(mode: str) -> None:
    calls = [
        {"id": id_, "type": "function", "function": {"name": "f", "arguments": "{}"}}
        for id_ in ("toolu_01A09q90qw90lq917835lq9", "functions.get_weather:0", "0", 7)
    ]
    body = completion({"content": None, "tool_calls": calls})
    del body["object"]
    got = create(json.dumps(body).encode(), mode=mode)
    assert got.object is None
    assert [c.id for c in got.choices[0].message.tool_calls or []] == ["toolu_01A09q90qw90lq917835lq9", "functions.get_weather:0", "0", "7"]


@pytest.mark.parametrize("mode", MODES)
def test_streamed_deltas_with_parts_and_without_object(mode: str) -> None:
    first = chunk({"role": "assistant", "content": [{"type": "thinking", "thinking": "Hm."}]})
    second = chunk({"content": [{"type": "text", "text": "Hel"}]})
    third = chunk({"content": "lo"})
    del third["object"]
    chunks = create(sse(first, second, third), stream=True, mode=mode)
    deltas = [c.choices[0].delta for c in chunks]
    assert [d.content for d in deltas] == [None, "Hel", "lo"]
    assert "".join(d.reasoning_content or "" for d in deltas) == "Hm."
    assert deltas[0].content_parts is not None and deltas[2].content_parts is None
    assert chunks[2].object is None


@pytest.mark.parametrize("mode", MODES)
def test_strict_mode_reports_each_departure(mode: str) -> None:
    body = completion({"content": PARTS}, x_provider="groq")
    del body["object"]
    raw = json.dumps(body).encode()
    lenient = create(raw, mode=mode)
    assert nonconforming(lenient) == [
        "object: left out",
        "x_provider: not in the spec",
        "choices.0.message.content: sent as text, thinking part(s), not a string; kept in content_parts",
    ]
    with pytest.raises(unified_chat.APIResponseValidationError) as info:
        create(raw, mode=mode, strict=True)
    assert "strict mode" in str(info.value) and "choices.0.message.content: sent as text, thinking" in str(info.value)
    assert info.value.body == raw
    # A conforming answer passes strict mode untouched; a streamed departure is reported at its chunk.
    assert create(json.dumps(completion({"content": "Hello"})).encode(), mode=mode, strict=True).choices[0].message.content == "Hello"
    with pytest.raises(unified_chat.APIResponseValidationError, match=r"choices\.0\.delta\.content: sent as text"):
        create(sse(chunk({"content": "a"}), chunk({"content": [{"type": "text", "text": "b"}]})), stream=True, mode=mode, strict=True)


def test_a_content_the_client_cannot_read_is_still_an_error() -> None:
    # A number is its text; a list of numbers carries no content the spec can place: refused, saying where.
    assert create(json.dumps(completion({"content": 42})).encode()).choices[0].message.content == "42"
    with pytest.raises(unified_chat.APIResponseValidationError, match="choices.0.message.content_parts.0"):
        create(json.dumps(completion({"content": [1, 2]})).encode())


def test_strict_mode_passes_what_the_spec_lets_a_provider_leave_out_and_a_lone_part() -> None:
    # `object` is optional in Scale's model listing: only fields marked x-unispec-expected are reported.
    from unified_chat.models import SgpModelList

    assert nonconforming(SgpModelList.model_validate({"items": []})) == []
    # One typed part sent without its list is that part, not a JSON object.
    message = create(json.dumps(completion({"content": {"type": "text", "text": "hi"}})).encode()).choices[0].message
    assert message.content == "hi" and message.content_parts is not None and message.content_parts[0].type == "text"
