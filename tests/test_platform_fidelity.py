"""Issue 12, the server side of platform fidelity: JamAI Base's validation status and its RAG
references (an object, streamed first as its own event). Real uvicorn servers, raw httpx and the
generated client, as a user of each platform's SDK would meet them."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from support import serve
from unified_chat import Client, UnprocessableEntityError
from unified_chat._platforms import PLATFORMS
from unified_chat.server import create_app

from unispec.backend import ReferenceBackend

KEY = "sk-fidelity"
AUTH = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}
USER = [{"role": "user", "content": "How many days of paid leave do I get?"}]


@contextlib.contextmanager
def served(platform: str, **kwargs: Any) -> Iterator[tuple[str, httpx.Client]]:
    with serve(create_app(ReferenceBackend(), platform=platform, api_key=KEY, **kwargs)) as url:
        with httpx.Client(base_url=url + PLATFORMS[platform].base_path, headers=AUTH, timeout=10) as http:
            yield url, http


def chat(http: httpx.Client, raw: bytes | dict[str, Any]) -> httpx.Response:
    content = raw if isinstance(raw, bytes) else json.dumps(raw).encode()
    return http.post("/chat/completions", content=content)


# --- the status of an invalid request ----------------------------------------------------------------

INVALID = [
    pytest.param(b'{"messages": [', "invalid_json", None, id="malformed-json"),
    pytest.param(b"", "missing_required_parameter", "messages", id="empty-body"),
    pytest.param({"messages": USER, "wizard": 1}, "unknown_parameter", "wizard", id="unknown-field"),
    pytest.param({"messages": USER, "n": -1}, "invalid_value", "n", id="schema"),
    pytest.param({"messages": USER, "max_tokens": 5000}, "invalid_value", "max_tokens", id="limits"),
    # the backend's own check: a token id beyond its vocabulary
    pytest.param({"messages": USER, "logit_bias": {"99999": 1}}, "invalid_value", "logit_bias", id="backend"),
]


@pytest.mark.parametrize(("raw", "code", "param"), INVALID)
def test_an_invalid_request_gets_the_platforms_status(raw: Any, code: str, param: str | None) -> None:
    model = {"jamai": "unispec/unispec-mini", "openai": "unispec-mini"}
    for platform, status in (("jamai", 422), ("openai", 400), ("unify", 400)):
        assert PLATFORMS[platform].validation_status == status
        with served(platform) as (_, http):
            body = raw
            if isinstance(raw, dict):
                body = {"model": model.get(platform, PLATFORMS[platform].model_id("unispec-mini", "unispec")), **raw}
                if platform == "jamai":
                    body.pop("model")  # optional there
            r = chat(http, body)
            if code == "unknown_parameter" and PLATFORMS[platform].unknown_arguments == "ignore":
                assert r.status_code == 200, r.text[:200]  # JamAI's request model drops it
                continue
            assert r.status_code == status, (platform, r.text[:200])
            error = r.json()["error"]
            assert error["code"] == code and error["param"] == param and error["type"] == "invalid_request_error"


def test_jamai_rule_refusal_is_the_sdks_bad_input_status() -> None:
    """JamAI's SDK maps 422 to BadInputError; the generated client types it UnprocessableEntityError."""
    with served("jamai") as (url, _):
        with Client(platform="jamai", api_key=KEY, base_url=url, max_retries=0) as c:
            with pytest.raises(UnprocessableEntityError) as info:
                c.chat.completions.create(messages=USER, top_p=0.0001)  # JamAI's own rule: top_p >= 0.001
            assert info.value.status_code == 422 and info.value.param == "top_p"
    # other statuses keep theirs: an unknown model is 404, a missing key 401, a wrong type 415
    with served("jamai") as (_, http):
        assert chat(http, {"model": "nope/none", "messages": USER}).status_code == 404
        assert http.post("/chat/completions", content=b"{}", headers={"Authorization": ""}).status_code == 401
        assert http.post("/chat/completions", content=b"x", headers={"Content-Type": "text/plain"}).status_code == 415


# --- JamAI's references ------------------------------------------------------------------------------

RAG = {"messages": USER, "rag_params": {"table_id": "handbook", "k": 2}, "temperature": 0.001}


def check_references(refs: dict[str, Any]) -> None:
    """The shape of jamaibase 1.0.5's References and Chunk."""
    assert refs["object"] == "chat.references" and refs["search_query"] == USER[0]["content"]
    assert refs["finish_reason"] is None and len(refs["chunks"]) == 2
    first = refs["chunks"][0]
    assert set(first) == {
        "text",
        "title",
        "page",
        "file_name",
        "file_path",
        "document_id",
        "chunk_id",
        "context",
        "metadata",
    }
    assert "25 days of paid leave" in first["text"] and first["document_id"] == "handbook"


def test_jamai_references_are_an_object() -> None:
    with served("jamai") as (_, http):
        r = chat(http, RAG)
        assert r.status_code == 200, r.text
        check_references(r.json()["references"])
        assert "references" not in chat(http, {"messages": USER}).json()


def test_jamai_references_are_streamed_first_as_their_own_event() -> None:
    with served("jamai") as (_, http):
        r = chat(http, {**RAG, "stream": True})
        assert r.status_code == 200, r.text
        events = [line[6:] for line in r.text.split("\n\n") if line.startswith("data: ")]
        assert events[-1] == "[DONE]"
        first, *chunks = [json.loads(e) for e in events[:-1]]
        check_references(first)
        assert all(ch["object"] == "chat.completion.chunk" for ch in chunks)
        assert not any("references" in ch for ch in chunks)  # sent once, first
        no_rag = chat(http, {"messages": USER, "stream": True})
        assert "chat.references" not in no_rag.text


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_generated_client_keeps_the_references_event(mode: str) -> None:
    import asyncio

    from unified_chat import AsyncClient
    from unified_chat.models import References

    with served("jamai") as (url, _):
        if mode == "sync":
            with Client(platform="jamai", api_key=KEY, base_url=url, max_retries=0) as c:
                with c.chat.completions.create(stream=True, **RAG) as stream:
                    chunks = list(stream)
                    events = stream.events
                whole = c.chat.completions.create(**RAG)
        else:

            async def run() -> tuple[list[Any], list[Any], Any]:
                async with AsyncClient(platform="jamai", api_key=KEY, base_url=url, max_retries=0) as c:
                    async with await c.chat.completions.create(stream=True, **RAG) as stream:
                        got = [chunk async for chunk in stream]
                    return got, stream.events, await c.chat.completions.create(**RAG)

            chunks, events, whole = asyncio.run(run())
    (refs,) = events
    assert isinstance(refs, References) and refs.chunks and "25 days" in refs.chunks[0].text
    assert refs == whole.references
    assert chunks and all(ch.object == "chat.completion.chunk" for ch in chunks)
    assert "".join(ch.choices[0].delta.content or "" for ch in chunks if ch.choices) == whole.choices[0].message.content


def test_an_unknown_non_chunk_event_is_still_a_validation_error() -> None:
    from unified_chat import APIResponseValidationError

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/event-stream")]})
        await send({"type": "http.response.body", "body": b'data: {"object": "chat.mystery"}\n\ndata: [DONE]\n\n'})

    with serve(app) as url, Client(platform="jamai", api_key=KEY, base_url=url, max_retries=0) as c:
        with pytest.raises(APIResponseValidationError):
            list(c.chat.completions.create(stream=True, messages=USER))
