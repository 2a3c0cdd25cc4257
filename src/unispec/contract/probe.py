"""Talking to the provider under test: one call, validated against the generated models.

Nothing here raises for a misbehaving provider: a hang, a dropped connection, garbage or a 5xx
becomes an `Answer` that says so, which the checks turn into verdicts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx
from unified_chat._streaming import SSEDecoder
from unified_chat.models import ChatCompletion, ChatCompletionChunk

from .judge import consume, judge_completion, judge_error, judge_stream


@dataclass
class Answer:
    """What came back from one call."""

    status: int | None = None
    body: Any = None
    completion: ChatCompletion | None = None
    problem: str | None = None  # set when the answer does not conform (or never came)
    warnings: list[str] = field(default_factory=list)
    envelope_problem: str | None = None  # a 4xx/5xx body outside the error envelope (judge.NON_ENVELOPE)
    usage_problems: list[str] = field(default_factory=list)  # judged by the usage / stream_options cases

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
    function_calls: dict[int, str] = field(default_factory=dict)
    logprob_tokens: int | None = None  # logprobs entries across the stream, when every piece had them
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
        _judge_status(answer)
        return answer

    async def complete(self, body: dict[str, Any], judge_usage: bool = False) -> Answer:
        answer = await self.raw(
            "POST", "/chat/completions", json.dumps(body).encode(), {"Content-Type": "application/json"}
        )
        if answer.ok:
            completion, problems, answer.usage_problems, warnings = judge_completion(answer.body)
            answer.warnings += warnings
            if judge_usage:
                problems += answer.usage_problems
            if problems:
                answer.problem = "; ".join(problems)
            else:
                answer.completion = completion
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
                    _judge_status(answer)
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
        judge_stream(answer, bool((body.get("stream_options") or {}).get("include_usage")))
        if answer.violations:
            answer.problem = "; ".join(filter(None, [answer.problem, *answer.violations]))
        return answer


def _judge_status(answer: Answer) -> None:
    status = answer.status or 0
    if status >= 400:
        problems, warnings = judge_error(status, answer.body)
        answer.envelope_problem = problems[0] if problems else None
        answer.warnings += warnings
    if status >= 500:
        answer.problem = f"HTTP {status}: {answer.error_message()}"
    elif status >= 300 and status < 400:
        answer.problem = f"HTTP {status}: a redirect, not an answer"
