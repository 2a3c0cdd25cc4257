"""Talking to the provider under test: one call, validated against the generated models.

Nothing here raises for a misbehaving provider: a hang, a dropped connection, garbage or a 5xx
becomes an `Answer` that says so, which the checks turn into verdicts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx
from pydantic import ValidationError
from unified_chat import unknown_fields
from unified_chat._streaming import SSEDecoder, _error_in
from unified_chat.models import ChatCompletion, ChatCompletionChunk


def _first_error(exc: ValidationError) -> str:
    err = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in err["loc"]) or "the top"
    return f"{where}: {err['msg']}"


@dataclass
class Answer:
    """What came back from one call."""

    status: int | None = None
    body: Any = None
    completion: ChatCompletion | None = None
    problem: str | None = None  # set when the answer does not conform (or never came)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300 and self.problem is None

    @property
    def rejected(self) -> bool:
        return self.status is not None and 400 <= self.status < 500

    def error_message(self) -> str:
        if isinstance(self.body, dict) and isinstance(self.body.get("error"), dict):
            return str(self.body["error"].get("message"))
        return str(self.body)[:200]


@dataclass
class StreamAnswer(Answer):
    chunks: list[ChatCompletionChunk] = field(default_factory=list)
    done: bool = False
    texts: dict[int, str] = field(default_factory=dict)
    tool_arguments: dict[tuple[int, int], str] = field(default_factory=dict)
    finish_reasons: dict[int, str] = field(default_factory=dict)
    usage_chunk: ChatCompletionChunk | None = None
    usage_missing: bool = False  # include_usage was asked for and no usage arrived at all
    violations: list[str] = field(default_factory=list)


class Provider:
    """The provider under test at `base_url` (origin plus the platform's base path)."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        base_url: str,
        headers: dict[str, str],
        timeout: float,
        terminator: bytes | None = b"[DONE]",
    ):
        self.client = client
        self.base_url = base_url.rstrip("/")
        self.headers = headers
        self.timeout = timeout
        # What ends a chat stream on this platform (the spec's); None: the connection closing.
        self.terminator = terminator

    async def raw(
        self, method: str, path: str, content: bytes | None = None, headers: dict[str, str] | None = None
    ) -> Answer:
        try:
            response = await self.client.request(
                method,
                self.base_url + path,
                content=content,
                headers={**self.headers, **(headers or {})},
                timeout=self.timeout,
            )
        except httpx.TimeoutException:
            return Answer(problem=f"no answer within {self.timeout:g}s")
        except httpx.HTTPError as exc:
            return Answer(problem=f"the connection failed: {type(exc).__name__}: {exc}")
        answer = Answer(status=response.status_code)
        try:
            answer.body = response.json()
        except ValueError:
            answer.body = response.text[:500]
            if response.status_code < 300:
                answer.problem = "the body is not JSON"
        if response.status_code >= 500:
            answer.problem = f"HTTP {response.status_code}: {answer.error_message()}"
        elif response.status_code >= 400 and not _is_error_body(answer.body):
            answer.warnings.append(f"HTTP {response.status_code} without an error envelope: {str(answer.body)[:120]}")
        return answer

    async def complete(self, body: dict[str, Any]) -> Answer:
        answer = await self.raw(
            "POST", "/chat/completions", json.dumps(body).encode(), {"Content-Type": "application/json"}
        )
        if answer.ok:
            try:
                answer.completion = ChatCompletion.model_validate(answer.body)
            except ValidationError as exc:
                answer.problem = f"the completion does not follow the spec at {_first_error(exc)}"
            else:
                answer.warnings += [f"unknown response field: {f}" for f in unknown_fields(answer.completion)]
                usage = answer.completion.usage
                if usage and None not in (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens):
                    if usage.total_tokens != usage.prompt_tokens + usage.completion_tokens:
                        answer.problem = f"usage does not add up: {usage.prompt_tokens} + {usage.completion_tokens} != {usage.total_tokens}"
                if not answer.completion.choices:
                    answer.problem = "the completion has no choices"
        return answer

    async def stream(self, body: dict[str, Any]) -> StreamAnswer:
        answer = StreamAnswer()
        decoder = SSEDecoder()
        try:
            async with self.client.stream(
                "POST",
                self.base_url + "/chat/completions",
                content=json.dumps({**body, "stream": True}).encode(),
                headers={**self.headers, "Content-Type": "application/json", "Accept": "text/event-stream"},
                timeout=self.timeout,
            ) as response:
                answer.status = response.status_code
                if response.status_code >= 300:
                    raw = await response.aread()
                    try:
                        answer.body = json.loads(raw)
                    except ValueError:
                        answer.body = raw[:500].decode("utf-8", "replace")
                    if response.status_code >= 500:
                        answer.problem = f"HTTP {response.status_code}: {answer.error_message()}"
                    return answer
                content_type = response.headers.get("content-type", "")
                if not content_type.startswith("text/event-stream"):
                    answer.violations.append(f"content-type is {content_type!r}, not text/event-stream")
                async for raw in response.aiter_bytes():
                    consume(answer, decoder.feed(raw))
                consume(answer, decoder.flush())
        except httpx.TimeoutException:
            answer.problem = f"the stream stalled: no data within {self.timeout:g}s"
            return answer
        except httpx.HTTPError as exc:
            answer.problem = f"the stream broke off: {type(exc).__name__}: {exc}"
            return answer
        if self.terminator is None:
            answer.done = answer.problem is None
        if not answer.done and answer.problem is None:
            answer.problem = "the stream ended without data: [DONE]"
        _check_invariants(answer, bool((body.get("stream_options") or {}).get("include_usage")))
        if answer.violations:
            answer.problem = "; ".join(filter(None, [answer.problem, *answer.violations]))
        return answer


def _is_error_body(body: Any) -> bool:
    return isinstance(body, dict) and isinstance(body.get("error"), dict) and "message" in body["error"]


def consume(answer: StreamAnswer, events: list[tuple[bytes | None, bytes]]) -> None:
    """Take decoded SSE events into the answer; anything after `[DONE]` is a violation."""
    for event, data in events:
        if answer.done:
            answer.violations.append("data after [DONE]")
            continue
        _take(answer, event, data)


def _take(answer: StreamAnswer, event: bytes | None, data: bytes) -> None:
    if data == b"[DONE]":
        answer.done = True
        return
    error = _error_in(event, data)  # the client's own test for an error event
    if error is not None:
        answer.problem = answer.problem or f"the stream carried an error: {str(error)[:200]}"
        return
    try:
        chunk = ChatCompletionChunk.model_validate_json(data)
    except ValidationError as exc:
        answer.violations.append(f"a chunk does not follow the spec at {_first_error(exc)}: {data[:120]!r}")
        return
    answer.chunks.append(chunk)
    for path in unknown_fields(chunk):
        warning = f"unknown chunk field: {path.split('.', 1)[-1] if path.startswith('choices.') else path}"
        if warning not in answer.warnings:
            answer.warnings.append(warning)


def _check_invariants(answer: StreamAnswer, include_usage: bool) -> None:
    ids = {c.id for c in answer.chunks if c.id}
    if len(ids) > 1:
        answer.violations.append(f"{len(ids)} different ids across chunks")
    seen_role: set[int] = set()
    finished: set[int] = set()
    for position, chunk in enumerate(answer.chunks):
        if not chunk.choices:
            if chunk.usage is None:
                answer.violations.append("a chunk with no choices and no usage")
            elif position != len(answer.chunks) - 1:
                answer.violations.append("the usage chunk is not the last chunk")
            else:
                answer.usage_chunk = chunk
            continue
        for choice in chunk.choices:
            i = choice.index
            delta = choice.delta
            if i in finished and (delta.content or delta.tool_calls or choice.finish_reason):
                answer.violations.append(f"choice {i} continues after its finish_reason")
            if delta.role is not None:
                if i in seen_role or answer.texts.get(i):
                    answer.warnings.append(f"choice {i} repeats the role after its first delta")
                seen_role.add(i)
            elif i not in seen_role and i not in answer.texts:
                answer.violations.append(f"choice {i}'s first delta has no role")
                seen_role.add(i)
            answer.texts[i] = answer.texts.get(i, "") + (delta.content or "")
            for call in delta.tool_calls or []:
                key = (i, call.index or 0)
                piece = call.function.arguments if call.function and call.function.arguments else ""
                answer.tool_arguments[key] = answer.tool_arguments.get(key, "") + piece
            if choice.finish_reason:
                answer.finish_reasons[i] = choice.finish_reason
                finished.add(i)
    for i in answer.texts:
        if i not in answer.finish_reasons:
            answer.violations.append(f"choice {i} has no finish_reason")
    if include_usage:
        if answer.usage_chunk is None and any(c.usage is not None and c.choices for c in answer.chunks):
            answer.violations.append("usage came on a chunk that has choices, not on a final chunk with choices: []")
        elif answer.usage_chunk is None:
            answer.usage_missing = True
            answer.violations.append("include_usage was asked for, but no final chunk with usage and choices: []")
        else:
            usage = answer.usage_chunk.usage
            if usage and None not in (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens):
                if usage.total_tokens != usage.prompt_tokens + usage.completion_tokens:
                    answer.violations.append("the usage chunk does not add up")
