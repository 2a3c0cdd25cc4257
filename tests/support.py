"""Shared test helpers: a scriptable handler and a real uvicorn server on a free loopback port."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from unified_chat.models import ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, ModelList
from unified_chat.server import ChatHandler, RequestContext, ServerError

from unispec.serve import free_port, serve_in_thread  # noqa: F401  (free_port: for the tests)

CREATED = 1_700_000_000


def text_of(request: ChatCompletionRequest) -> str:
    last = request.messages[-1].content
    if isinstance(last, str):
        return last
    return " ".join(getattr(part, "text", "") for part in last or [])


class ScriptedHandler(ChatHandler):
    """Echoes the last message; `fail` maps a status code to the next N requests' answer."""

    def __init__(self) -> None:
        self.failures: list[tuple[int, dict[str, str]]] = []
        self.requests: list[tuple[ChatCompletionRequest, RequestContext]] = []

    async def create_chat_completion(self, request: ChatCompletionRequest, context: RequestContext) -> Any:
        self.requests.append((request, context))
        if self.failures:
            status, _headers = self.failures.pop(0)
            raise ServerError(status, f"scripted failure {status}", code="scripted")
        text = "echo: " + text_of(request)
        n = request.n or 1
        model = request.model or "test-model"
        if request.tools and request.tool_choice != "none":
            tool = request.tools[0].function.name
            message = {"role": "assistant", "content": None, "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": tool, "arguments": '{"city": "Paris"}'}}]}
            finish = "tool_calls"
        else:
            message = {"role": "assistant", "content": text}
            finish = "stop"
        if request.stream:
            return self._stream(text, model, n, bool(request.stream_options and request.stream_options.include_usage))
        return ChatCompletion.model_validate({
            "id": "chatcmpl-test", "object": "chat.completion", "created": CREATED, "model": model,
            "choices": [{"index": i, "message": message, "finish_reason": finish, "logprobs": None} for i in range(n)],
            "usage": {"prompt_tokens": 3, "completion_tokens": len(text.split()), "total_tokens": 3 + len(text.split())},
        })

    async def _stream(self, text: str, model: str, n: int, usage: bool) -> AsyncIterator[ChatCompletionChunk]:
        base = {"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": CREATED, "model": model}
        words = text.split(" ")
        for i in range(n):
            yield ChatCompletionChunk.model_validate({**base, "choices": [{"index": i, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]})
            for j, word in enumerate(words):
                piece = word if j == 0 else " " + word
                yield ChatCompletionChunk.model_validate({**base, "choices": [{"index": i, "delta": {"content": piece}, "finish_reason": None}]})
            yield ChatCompletionChunk.model_validate({**base, "choices": [{"index": i, "delta": {}, "finish_reason": "stop"}]})
        if usage:
            yield ChatCompletionChunk.model_validate({**base, "choices": [], "usage": {"prompt_tokens": 3, "completion_tokens": len(words), "total_tokens": 3 + len(words)}})

    async def list_models(self, context: RequestContext) -> ModelList:
        return ModelList.model_validate({"object": "list", "data": [{"id": context.platform.model_example, "object": "model", "created": CREATED, "owned_by": "test"}]})


def serve(app: Any, timeout: float = 10.0) -> contextlib.AbstractContextManager[str]:
    """Run `app` on 127.0.0.1:<free port> in a thread; yields the origin URL; stops on exit."""
    return serve_in_thread(app, "127.0.0.1", timeout)
