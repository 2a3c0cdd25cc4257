"""A mutation proxy: the reference backend behind an ASGI layer that injects ONE deviation, chosen
per request by the path, taken from what real providers and gateways do. It measures what
`unispec contract` catches:

    python -m unispec.contract.mutants --port 8100          # serve every mutant of every profile
    unispec contract --base-url http://127.0.0.1:8100/m/openai/finish-eos   # run against one
    python -m unispec.contract.mutants --list               # the mutants, what each does, whence

`/m/<profile>/<mutant>/<base path>/...` reaches `unispec serve --platform <profile>` through
mutant `<mutant>`; `/m/<profile>/none/...` is the unmutated baseline. Each `Mutant` says which
contract cases must catch it (`expect`), which others may fail with it (`allow`), and a phrase
the catching verdict's detail must contain (`why`): that is what "attributed" means in
tests/test_mutation.py and in docs/contract.md's score table.
"""

from __future__ import annotations

import argparse
import asyncio
import fnmatch
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Body = dict[str, Any]


@dataclass
class Mutant:
    name: str
    what: str
    seen_at: str  # the provider or gateway that does this (shared/fixtures or issue 13)
    expect: tuple[str, ...]  # case ids (globs), each must fail
    why: str  # a phrase in the failing detail of an expected case
    allow: tuple[str, ...] = ()  # other cases that may fail with it
    request: Callable[[Body], Body] | None = None  # rewrites the request before it is served
    completion: Callable[[Body, Body], Body] | None = None  # (request, completion) -> completion
    chunks: Callable[[Body, list[Any]], list[Any]] | None = None  # (request, events) -> events
    error: Callable[[Body, int, Any], tuple[int, bytes, bytes]] | None = None  # 4xx/5xx rewrite
    answer: Callable[[Body], tuple[int, bytes, bytes] | None] | None = None  # answers instead
    tags: tuple[str, ...] = field(default=())


DONE = "[DONE]"


def _drop(*names: str) -> Callable[[Body], Body]:
    return lambda body: {k: v for k, v in body.items() if k not in names}


def _set(**values: Any) -> Callable[[Body], Body]:
    return lambda body: {**body, **values}


def _choices(fn: Callable[[Body, Body], None]) -> Callable[[Body, Body], Body]:
    def apply(request: Body, completion: Body) -> Body:
        for choice in completion.get("choices") or []:
            fn(request, choice)
        return completion

    return apply


def _each_chunk(fn: Callable[[Body, Body], Body | None]) -> Callable[[Body, list[Any]], list[Any]]:
    def apply(request: Body, events: list[Any]) -> list[Any]:
        out = []
        for event in events:
            if isinstance(event, dict):
                event = fn(request, event)
                if event is None:
                    continue
            out.append(event)
        return out

    return apply


def _finish(old: str, new: str) -> Callable[[Body, Body], Body]:
    def fn(request: Body, choice: Body) -> None:
        if choice.get("finish_reason") == old:
            choice["finish_reason"] = new

    return _choices(fn)


def _chunk_finish(new: str) -> Callable[[Body, list[Any]], list[Any]]:
    def fn(request: Body, chunk: Body) -> Body:
        for choice in chunk.get("choices") or []:
            if choice.get("finish_reason") == "stop":
                choice["finish_reason"] = new
        return chunk

    return _each_chunk(fn)


def _usage(fn: Callable[[Body], None]) -> Callable[[Body, Body], Body]:
    def apply(request: Body, completion: Body) -> Body:
        if completion.get("usage"):
            fn(completion["usage"])
        return completion

    return apply


def _envelope(style: str) -> Callable[[Body, int, Any], tuple[int, bytes, bytes]]:
    def apply(request: Body, status: int, body: Any) -> tuple[int, bytes, bytes]:
        error = body.get("error", {}) if isinstance(body, dict) else {}
        message = str(error.get("message", body))
        if style == "detail":  # FastAPI's validation error (Hyperbolic, TGI's routers)
            out = {"detail": [{"loc": ["body", error.get("param") or "body"], "msg": message, "type": "value_error"}]}
        elif style == "flat":  # the envelope's fields at the top level (Hyperbolic, Mistral)
            out = {"object": "error", "message": message, "type": error.get("type"), "param": error.get("param"), "code": error.get("code")}
        else:  # plain text (TGI)
            return status, message.encode(), b"text/plain"
        return status, json.dumps(out).encode(), b"application/json"

    return apply


def _status(new: int) -> Callable[[Body, int, Any], tuple[int, bytes, bytes]]:
    return lambda request, status, body: (
        new if 400 <= status < 500 else status,
        json.dumps(body).encode() if not isinstance(body, bytes) else body,
        b"application/json",
    )


def _stream_500(request: Body) -> tuple[int, bytes, bytes] | None:
    if request.get("stream"):  # Portkey's gateway 1.15 on every stream to an openai-compatible upstream
        body = {"error": {"message": "Internal server error", "type": "server_error", "param": None, "code": None}}
        return 500, json.dumps(body).encode(), b"application/json"
    return None


def _clamp(name: str, low: float | None, high: float | None) -> Callable[[Body], Body]:
    """Answer 200 to an out-of-range value by quietly clamping it (a gateway's "sanitising")."""

    def apply(body: Body) -> Body:
        value = body.get(name)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if high is not None and value > high:
                body = {**body, name: high}
            if low is not None and value < low:
                body = {**body, name: low}
        return body

    return apply


def _when_tools(fn: Callable[[Body], Body]) -> Callable[[Body], Body]:
    return lambda body: fn(body) if body.get("tools") else body


def _tool_calls(fn: Callable[[Body], None]) -> Callable[[Body, Body], Body]:
    def each(request: Body, choice: Body) -> None:
        for call in (choice.get("message") or {}).get("tool_calls") or []:
            fn(call)

    return _choices(each)


def _usage_every_chunk(request: Body, events: list[Any]) -> list[Any]:
    if not (request.get("stream_options") or {}).get("include_usage"):
        return events
    final = next((e for e in events if isinstance(e, dict) and not e.get("choices")), None)
    if final is None:
        return events
    out = []
    for e in events:
        if isinstance(e, dict) and e.get("choices"):
            e = {**e, "usage": final["usage"]}
        if e is not final:
            out.append(e)
    return out


def _usage_chunk_with_choice(request: Body, events: list[Any]) -> list[Any]:
    # LiteLLM 1.106: the usage chunk carries choices [{"index": 0, "delta": {}}]
    for e in events:
        if isinstance(e, dict) and not e.get("choices") and e.get("usage"):
            e["choices"] = [{"index": 0, "delta": {}, "finish_reason": None}]
    return events


def _leading_filter_chunk(request: Body, events: list[Any]) -> list[Any]:
    # Azure: a first chunk with prompt_filter_results, empty id and object, no choices, no usage
    lead = {"id": "", "object": "", "created": 0, "model": "", "choices": [], "prompt_filter_results": []}
    return [lead, *events]


def _strip_role(request: Body, chunk: Body) -> Body:
    for choice in chunk.get("choices") or []:
        (choice.get("delta") or {}).pop("role", None)
    return chunk


def _strip_finish(request: Body, chunk: Body) -> Body:
    for choice in chunk.get("choices") or []:
        choice["finish_reason"] = None
    return chunk


def _alter_text(request: Body, chunk: Body) -> Body:
    for choice in chunk.get("choices") or []:
        delta = choice.get("delta") or {}
        if delta.get("content"):
            delta["content"] = delta["content"].upper()
    return chunk


def _drop_done(request: Body, events: list[Any]) -> list[Any]:
    return [e for e in events if e != DONE]


def _chunk_field(**values: Any) -> Callable[[Body, list[Any]], list[Any]]:
    return _each_chunk(lambda request, chunk: {**chunk, **values})


def _bad_json_schema(request: Body, completion: Body) -> Body:
    fmt = request.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        for choice in completion["choices"]:
            choice["message"]["content"] = json.dumps({"city": 12})
    return completion


def _positive_logprob(request: Body, choice: Body) -> None:
    entries = (choice.get("logprobs") or {}).get("content") or []
    if entries:
        entries[0]["logprob"] = 0.5


def _same_index(request: Body, completion: Body) -> Body:
    for choice in completion.get("choices") or []:
        choice["index"] = 0
    return completion


def _no_function_call(request: Body, choice: Body) -> None:
    if choice.get("finish_reason") == "function_call":
        choice["message"].pop("function_call", None)


def _none_is_auto(body: Body) -> Body:
    return {**body, "tool_choice": "auto"} if body.get("tool_choice") == "none" else body


def _unknown_model_served(body: Body) -> Body:
    model = str(body.get("model") or "")
    return {**body, "model": model.replace("no-such-model-", "")} if model.startswith("no-such-model-") else body


MUTANTS: list[Mutant] = [
    # --- error bodies ---------------------------------------------------------------------------
    Mutant("error-detail", "4xx bodies as FastAPI's {\"detail\": [...]}", "Hyperbolic 422, FastAPI servers",
           ("probe.*",), "non-envelope error", ("probe.*",), error=_envelope("detail")),
    Mutant("error-flat", "the envelope's fields at the top level, no \"error\" object", "Hyperbolic 400, Mistral 401",
           ("probe.*",), "non-envelope error", ("probe.*",), error=_envelope("flat")),
    Mutant("error-text", "4xx bodies as text/plain", "TGI 422", ("probe.*",), "non-envelope error", ("probe.*",),
           error=_envelope("text")),
    Mutant("error-500", "bad input answered 500 instead of 4xx", "LiteLLM (n as a string), crashing handlers",
           ("probe.*",), "expected 4xx", ("probe.*",), error=_status(500)),
    # --- the completion's shape -----------------------------------------------------------------
    Mutant("finish-eos", "finish_reason stop sent as eos", "Together", ("model",), "finish_reason 'eos'", ("*",),
           completion=_finish("stop", "eos")),
    Mutant("finish-eos-token-stream", "streamed finish_reason stop sent as eos_token", "TGI",
           ("stream",), "finish_reason 'eos_token'", ("stream*",), chunks=_chunk_finish("eos_token")),
    Mutant("empty-id", "the completion's id is empty", "TGI, HF router", ("model",), "the id is empty", ("*",),
           completion=lambda r, c: {**c, "id": ""}),
    Mutant("empty-id-stream", "every chunk's id is empty", "Snowflake, TGI streams", ("stream",), "empty id",
           ("stream*",), chunks=_chunk_field(id="")),
    Mutant("object-text-completion", "object text_completion", "older TGI", ("model",), "object is 'text_completion'",
           ("*",), completion=lambda r, c: {**c, "object": "text_completion"}),
    Mutant("object-chunk", "chunks say object chat.completion", "hand-rolled gateways", ("stream",),
           "not 'chat.completion.chunk'", ("stream*",), chunks=_chunk_field(object="chat.completion")),
    Mutant("no-model", "the completion names no model", "proxies that drop the field", ("model",), "names no model",
           completion=lambda r, c: {**c, "model": ""}),
    Mutant("choice-index-zero", "every choice has index 0", "naive n fan-out", ("n",), "choice indexes", ("*",),
           completion=_same_index),
    Mutant("function-call-missing", "finish_reason function_call without the function_call", "issue 13",
           ("functions", "function_call"), "without a function_call", completion=_choices(_no_function_call)),
    Mutant("tool-call-no-id", "tool calls without an id", "Gemini's OpenAI compatibility", ("tools",),
           "a tool call without an id", ("tool*", "parallel_tool_calls", "messages"),
           completion=_tool_calls(lambda call: call.pop("id", None))),
    Mutant("tool-args-not-json", "tool call arguments that are not JSON", "small open models behind vLLM",
           ("tools",), "not JSON", ("tool*", "parallel_tool_calls", "messages"),
           completion=_tool_calls(lambda call: call["function"].update(arguments="{city: Paris"))),
    Mutant("logprob-positive", "a log probability above 0", "broken quantised servers", ("logprobs",),
           "above 0", ("logprobs", "top_logprobs", "usage", "max_*"), completion=_choices(_positive_logprob)),
    # --- usage ----------------------------------------------------------------------------------
    Mutant("completion-tokens-wrong", "completion_tokens 5 too many (total adjusted)", "issue 13", ("usage",),
           "the logprobs show", completion=_usage(lambda u: u.update(completion_tokens=u["completion_tokens"] + 5,
                                                                      total_tokens=u["total_tokens"] + 5))),
    Mutant("usage-not-adding-up", "total_tokens one off", "xAI, Gemini", ("usage",), "does not add up",
           completion=_usage(lambda u: u.update(total_tokens=u["total_tokens"] + 1))),
    Mutant("prompt-tokens-fixed", "prompt_tokens always 10", "gateways that estimate", ("usage",),
           "for a longer prompt", completion=_usage(lambda u: u.update(prompt_tokens=10,
                                                                        total_tokens=10 + u["completion_tokens"]))),
    Mutant("no-usage", "no usage in completions", "MLflow's gateway, mocks", ("usage",), "no usage",
           completion=lambda r, c: {k: v for k, v in c.items() if k != "usage"}),
    # --- streams --------------------------------------------------------------------------------
    Mutant("missing-done", "streams end without data: [DONE]", "MLflow AI gateway, TGI", ("stream",), "[DONE]",
           ("stream*",), chunks=_drop_done),
    Mutant("usage-every-chunk", "usage on every chunk with include_usage", "Hyperbolic", ("stream_options",),
           "usage came on a chunk that has choices", chunks=_usage_every_chunk),
    Mutant("usage-chunk-with-choice", "the usage chunk carries a choice", "LiteLLM proxy 1.106",
           ("stream_options",), "usage came on a chunk that has choices", chunks=_usage_chunk_with_choice),
    Mutant("leading-empty-chunk", "a first chunk without choices, id or object", "Azure (prompt_filter_results)",
           ("stream",), "no choices and no usage", ("stream*",), chunks=_leading_filter_chunk),
    Mutant("no-role", "the first delta has no role", "Groq tool streams, vLLM", ("stream",), "has no role",
           ("stream*",), chunks=_each_chunk(_strip_role)),
    Mutant("no-finish-reason", "no chunk carries finish_reason", "early Ollama", ("stream",), "no finish_reason",
           ("stream*",), chunks=_each_chunk(_strip_finish)),
    Mutant("stream-text-differs", "the streamed text differs from the plain answer", "gateways re-chunking",
           ("stream",), "differs from the plain answer", chunks=_each_chunk(_alter_text)),
    Mutant("stream-500", "every stream answered 500", "Portkey gateway 1.15", ("stream", "stream_options"),
           "HTTP 500", answer=_stream_500),
    Mutant("include-usage-ignored", "stream_options dropped", "OpenAI-compatible servers without include_usage",
           ("stream_options",), "no final chunk with usage", request=_drop("stream_options")),
    # --- parameters dropped or altered ----------------------------------------------------------
    Mutant("ignore-logit-bias", "logit_bias dropped", "Anthropic and Gemini compatibility layers", ("logit_bias",),
           "forced", request=_drop("logit_bias")),
    Mutant("ignore-frequency-penalty", "frequency_penalty dropped", "Bedrock, Gemini layers",
           ("frequency_penalty",), "left the output unchanged", request=_drop("frequency_penalty")),
    Mutant("ignore-presence-penalty", "presence_penalty dropped", "Bedrock, Gemini layers", ("presence_penalty",),
           "left the output unchanged", request=_drop("presence_penalty")),
    Mutant("ignore-top-p", "top_p dropped", "reasoning models behind gateways", ("top_p",), "still samples",
           request=_drop("top_p")),
    Mutant("always-greedy", "temperature forced to 0", "gateways that pin sampling", ("temperature",),
           "decoded greedily", request=_set(temperature=0)),
    Mutant("clamp-temperature", "temperature above 1 clamped to 1", "Portkey (Anthropic-style range)",
           ("temperature",), "clamped", ("probe.temperature.maximum",), request=_clamp("temperature", None, 1.0)),
    Mutant("ignore-seed", "seed dropped", "providers without seeded sampling", ("seed",), "gave the same output",
           request=_drop("seed")),
    Mutant("ignore-stop", "stop dropped", "MLflow gateway (some routes)", ("stop",), "stop", request=_drop("stop")),
    Mutant("ignore-n", "n dropped", "Anthropic layers, many gateways", ("n",), "asked for 2 choices, got 1",
           request=_drop("n")),
    Mutant("ignore-max-tokens", "max_tokens dropped", "gateways mapping only max_completion_tokens",
           ("max_tokens",), "max_tokens=3 but", request=_drop("max_tokens")),
    Mutant("ignore-max-completion-tokens", "max_completion_tokens dropped", "older OpenAI-compatible servers",
           ("max_completion_tokens",), "max_completion_tokens=3 but", request=_drop("max_completion_tokens")),
    Mutant("length-says-stop", "a reply cut by the limit says finish_reason stop", "Ollama, llama.cpp",
           ("max_tokens",), "not 'length'", ("max_*",), completion=_finish("length", "stop")),
    Mutant("ignore-logprobs", "logprobs dropped from the answer", "MLflow AI gateway", ("logprobs",),
           "none returned", ("logprobs", "top_logprobs"), completion=_choices(lambda r, c: c.update(logprobs=None))),
    Mutant("ignore-top-logprobs", "top_logprobs dropped", "Groq, gateways", ("top_logprobs",), "got 0",
           request=_drop("top_logprobs")),
    Mutant("ignore-tool-choice", "tool_choice dropped (the model decides)", "Ollama, early vLLM", ("tool_choice",),
           "asked for get_time", ("probe.unknown-tool-name",), request=_when_tools(_drop("tool_choice"))),
    Mutant("tool-choice-none-is-auto", "tool_choice none treated as auto", "gateways that only map named tools",
           ("tool_choice",), "none, yet a tool was called", request=_none_is_auto),
    Mutant("ignore-parallel-tool-calls", "parallel_tool_calls dropped", "Mistral, gateways",
           ("parallel_tool_calls",), "at most 1", request=_drop("parallel_tool_calls")),
    Mutant("ignore-tools", "tools dropped", "text-only models behind gateways", ("tools",), "no tools were given",
           ("tool*", "parallel_tool_calls", "messages", "probe.unknown-tool-name"), request=_drop("tools")),
    Mutant("ignore-response-format", "response_format dropped", "Anthropic layer, older gateways",
           ("response_format",), "not JSON", request=_drop("response_format")),
    Mutant("json-schema-broken", "json_schema output that breaks the schema", "non-strict providers",
           ("response_format",), "breaks the schema", completion=_bad_json_schema),
    # --- bad input answered 200 -----------------------------------------------------------------
    Mutant("temperature-out-of-range-200", "temperature above the maximum clamped, answered 200",
           "LiteLLM (no range check), Portkey", ("probe.temperature.maximum",), "expected 4xx",
           ("probe.temperature.*",), request=_clamp("temperature", 0.0, 2.0)),
    Mutant("top-p-out-of-range-200", "top_p above 1 clamped, answered 200", "gateways that sanitise",
           ("probe.top_p.maximum",), "expected 4xx", ("probe.top_p.*",), request=_clamp("top_p", 0.0, 1.0)),
    Mutant("n-zero-200", "n below 1 raised to 1, answered 200", "issue 13 (n 0 accepted)", ("probe.n.minimum",),
           "expected 4xx", request=_clamp("n", 1, None)),
    Mutant("unknown-model-200", "an unknown model served by the default", "LiteLLM wildcard routes",
           ("probe.unknown-model",), "expected 4xx", request=_unknown_model_served),
]
BY_NAME = {m.name: m for m in MUTANTS}


@dataclass
class Score:
    mutant: Mutant
    failing: dict[str, tuple[str, str]]  # case id -> (verdict, detail)

    @property
    def caught(self) -> bool:
        return bool(self.failing)

    def _allowed(self, case_id: str) -> bool:
        # A parameter dropped or altered on the way also loses its validation, so that parameter's
        # own probes may fail with it: still the same parameter.
        patterns = [*self.mutant.expect, *self.mutant.allow, *(f"probe.{e}.*" for e in self.mutant.expect)]
        return any(fnmatch.fnmatch(case_id, p) for p in patterns)

    @property
    def stray(self) -> list[str]:
        return sorted(c for c in self.failing if not self._allowed(c))

    @property
    def missed(self) -> list[str]:
        return [e for e in self.mutant.expect if not any(fnmatch.fnmatch(c, e) for c in self.failing)]

    @property
    def attributed(self) -> bool:
        named = [d for c, (_, d) in self.failing.items() if any(fnmatch.fnmatch(c, e) for e in self.mutant.expect)]
        return self.caught and not self.missed and not self.stray and any(self.mutant.why in d for d in named)


def score(mutant: Mutant, report: Any, known_gaps: frozenset[str] = frozenset()) -> Score:
    """How a contract report against this mutant did; `known_gaps` fail against the baseline too."""
    failing = {
        r.case.id: (r.outcome.verdict, r.outcome.detail) for r in report.results if not r.ok and r.case.id not in known_gaps
    }
    if report.health.verdict != "passed":
        failing["health"] = (report.health.verdict, report.health.detail)
    return Score(mutant, failing)


# --- the proxy ------------------------------------------------------------------------------------


class MutationProxy:
    """ASGI: `/m/<profile>/<mutant>/...` -> the reference server of that profile, through the mutant."""

    def __init__(self, api_key: str | None = None):
        from ..serve import build_app

        self._build = lambda platform: build_app(platform, api_key, "reject", access_log=False)
        self.apps: dict[str, Any] = {}

    def app(self, platform: str) -> Any:
        if platform not in self.apps:
            self.apps[platform] = self._build(platform)
        return self.apps[platform]

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        parts = scope["path"].split("/", 4)  # "", "m", profile, mutant, rest
        from unified_chat import PLATFORMS

        if len(parts) < 5 or parts[1] != "m" or parts[2] not in PLATFORMS or (parts[3] != "none" and parts[3] not in BY_NAME):
            await _send(send, 404, json.dumps({"error": {"message": f"no such mutant route: {scope['path']}; see --list",
                                                         "type": "invalid_request_error", "param": None, "code": "not_found"}}).encode())
            return
        platform, mutant = parts[2], BY_NAME.get(parts[3])
        inner_scope = {**scope, "path": "/" + parts[4], "raw_path": ("/" + parts[4]).encode()}
        raw = b""
        while True:
            message = await receive()
            raw += message.get("body", b"")
            if not message.get("more_body"):
                break
        try:
            request = json.loads(raw) if raw else {}
        except ValueError:
            request = None
        body: Body = request if isinstance(request, dict) else {}
        if not inner_scope["path"].endswith("/chat/completions"):
            mutant = None  # the deviations are the chat route's; the spec's other operations pass through
        if mutant is not None and mutant.answer is not None and (early := mutant.answer(body)) is not None:
            await _send(send, early[0], early[1], early[2])
            return
        if mutant is not None and mutant.request is not None and isinstance(request, dict):
            body = mutant.request(dict(body))
            raw = json.dumps(body).encode()
        status, headers, content = await _call(self.app(platform), inner_scope, raw)
        if mutant is None:
            await _send(send, status, content, headers.get(b"content-type", b"application/json"))
            return
        kind = headers.get(b"content-type", b"")
        if status >= 400 and mutant.error is not None:
            try:
                parsed: Any = json.loads(content)
            except ValueError:
                parsed = content
            status, content, kind = mutant.error(body, status, parsed)
        elif status == 200 and kind.startswith(b"text/event-stream") and mutant.chunks is not None:
            content = _rewrite_stream(content, lambda events: mutant.chunks(body, events))  # type: ignore[misc]
        elif status == 200 and kind.startswith(b"application/json") and mutant.completion is not None and "/chat/" in inner_scope["path"]:
            content = json.dumps(mutant.completion(body, json.loads(content))).encode()
        await _send(send, status, content, kind or b"application/json")


def _rewrite_stream(content: bytes, fn: Callable[[list[Any]], list[Any]]) -> bytes:
    events: list[Any] = []
    for block in content.split(b"\n\n"):
        data = b"".join(line[5:].lstrip() for line in block.split(b"\n") if line.startswith(b"data:"))
        if not data:
            continue
        events.append(DONE if data == b"[DONE]" else json.loads(data))
    out = fn(events)
    return b"".join(b"data: " + (e.encode() if e == DONE else json.dumps(e).encode()) + b"\n\n" for e in out)


async def _call(app: Any, scope: dict[str, Any], raw: bytes) -> tuple[int, dict[bytes, bytes], bytes]:
    sent = False
    status, headers, chunks = 500, {}, []

    answered = asyncio.Event()

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": raw, "more_body": False}
        # The client is still there until the answer is complete: a server that watches for a
        # disconnect (to stop work nobody waits for) must not hear one early.
        await answered.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status = message["status"]
            headers = {k.lower(): v for k, v in message.get("headers") or []}
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    headers_in = [(k, v) for k, v in scope.get("headers") or [] if k.lower() != b"content-length"]
    headers_in.append((b"content-length", str(len(raw)).encode()))
    try:
        await app({**scope, "headers": headers_in}, receive, send)
    finally:
        answered.set()
    return status, headers, b"".join(chunks)


async def _send(send: Any, status: int, body: bytes, content_type: bytes = b"application/json") -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


# Findings against `unispec serve` itself: probe id -> (the profiles where it fails, why). They
# fail against the baseline too, so the score does not count them against a mutant. None today
# (`metadata`'s maxProperties, the last one, is enforced by the generated model since).
KNOWN_GAP_DETAILS: dict[str, tuple[frozenset[str], str]] = {}
KNOWN_GAPS: frozenset[str] = frozenset(KNOWN_GAP_DETAILS)


async def score_all(
    spec: Any, mutants: list[Mutant] | None = None, platform: str = "openai", parallel: int = 8
) -> list[Score]:
    """Run the contract against every mutant, in-process through httpx's ASGI transport (the same
    proxy app `--port` serves over loopback, without a socket per request: the suite stays fast)."""
    import asyncio

    import httpx

    from .run import run_contract

    proxy = MutationProxy()
    gate = asyncio.Semaphore(parallel)

    async def one(mutant: Mutant) -> Score:
        async with gate:
            report = await run_contract(
                spec,
                base_url=f"http://mutants/m/{platform}/{mutant.name}",
                platform=platform,
                progress=None,
                transport=httpx.ASGITransport(app=proxy),
            )
        return score(mutant, report, KNOWN_GAPS)

    return list(await asyncio.gather(*(one(m) for m in mutants or MUTANTS)))


def score_table(scores: list[Score]) -> str:
    """The Markdown score table of docs/contract.md."""
    lines = [
        "| mutant | what it does | seen at | caught | attributed to | verdict there |",
        "|---|---|---|---|---|---|",
    ]
    for s in scores:
        named = sorted(c for c in s.failing if any(fnmatch.fnmatch(c, e) for e in s.mutant.expect))
        telling = [c for c in named if s.mutant.why in s.failing[c][1]] or named
        first = s.failing[telling[0]] if telling else ("", "")
        where = ", ".join(telling[:3]) + (f" (+{len(named) - 3} more)" if len(named) > 3 else "")
        verdict = f"{first[0]}: {' '.join(first[1].split())[:90]}".replace("|", "\\|") if named else ""
        lines.append(
            f"| `{s.mutant.name}` | {s.mutant.what} | {s.mutant.seen_at} | {'yes' if s.caught else 'NO'} | "
            f"{'yes' if s.attributed else 'NO'}: {where} | {verdict} |"
        )
    caught = sum(s.caught for s in scores)
    attributed = sum(s.attributed for s in scores)
    lines.append("")
    lines.append(f"{caught}/{len(scores)} caught, {attributed}/{len(scores)} attributed to the right case.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m unispec.contract.mutants", description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free one (printed)")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument("--score", action="store_true", help="run the contract against every mutant; print the table")
    args = parser.parse_args(argv)
    if args.score:
        import asyncio

        from ..spec import DEFAULT_SPEC, load_spec

        scores = asyncio.run(score_all(load_spec(DEFAULT_SPEC)))
        print(score_table(scores))
        return 0 if all(s.attributed for s in scores) else 1
    if args.list:
        for m in MUTANTS:
            print(f"{m.name:<32} {m.what}  [{m.seen_at}]  caught by: {', '.join(m.expect)}")
        return 0
    import uvicorn

    from ..serve import free_port

    port = args.port or free_port(args.host)
    print(f"mutation proxy at http://{args.host}:{port}/m/<profile>/<mutant> ({len(MUTANTS)} mutants, 'none' for the baseline)", flush=True)
    uvicorn.run(MutationProxy(), host=args.host, port=port, log_level="warning", access_log=False, lifespan="off")
    return 0


if __name__ == "__main__":
    sys.exit(main())
