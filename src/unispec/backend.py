"""The reference backend: a deterministic local "model" that honours every request parameter.

It implements the generated `ChatHandler`, so `unispec serve` and the contract tests have a
provider whose behaviour is known without an API key. What it does, precisely:

- Tokenizer: `tokenize()` splits text into words with their leading space, and single
  punctuation marks. A message costs its tokens plus 3; a reply costs its tokens.
- Model: a bigram chain over a fixed vocabulary (`VOCAB`; token ids are indexes into it, which is
  what `logit_bias` keys name). Each step's logits are `log(count + 0.02)` of the bigram table,
  then logit_bias, frequency and presence penalties, temperature, top_k and top_p apply as in
  OpenAI's docs. A reply ends after its first sentence (a `.` token) or at the length limit.
- Determinism: sampling uses `random.Random` seeded by `seed`; without one, by a hash of the
  request, so the same request always gives the same reply, streamed or not. Temperatures
  below 0.01 decode greedily.
- Models: `unispec-mini` (no logprobs: dropped, or 400 with `drop_params: false`), `unispec-large`
  (everything) and `unispec-broken`, which always fails with 503, to exercise `fallbacks`.
- Bounded work: the app's `Limits` (in `context.limits`) cap what a request may ask for; a
  request that may generate more than INLINE_TOKENS runs in a worker thread, stopped at the next
  token when its client leaves or the server shuts down; tool arguments and structured output
  cost at most SCHEMA_BUDGET_FACTOR x `Limits.max_schema_size` units per request. Nothing of a
  request is kept after it unless `keep_logs` asks.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import json
import logging
import math
import random
import re
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from .instances import Budget, Cancelled, TooLarge, find_schema, instance_for
from .project import ensure_loaded

ensure_loaded()  # the project's own generated package answers to `unified_chat`, not an installed one
from unified_chat import parse_model_id  # noqa: E402
from unified_chat.models import ChatCompletion, ChatCompletionRequest, CompletionRequest, EmbeddingRequest  # noqa: E402
from unified_chat.server import ChatHandler, RequestContext, ServerError, check_limits  # noqa: E402

from .backend_ops import OperationsMixin  # noqa: E402

log = logging.getLogger("unispec.backend")

CORPUS = """
The gateway sends the request to the model. The model reads the messages and writes a short answer.
A good answer is clear and kind. The spec says what every platform accepts. The client and the server
share one spec, so they agree. Every stream ends with a done event. The tools help the model act in the
world. A tool call names the function and its arguments. The weather in Paris is mild today. The river
runs past the old town. We test every parameter and we trust the spec. The answer is ready. Thank you
for the question. The small model is fast and the large model is careful. Each token has a probability.
"""
_TOKEN = re.compile(r" ?[A-Za-z0-9']+| ?[^\sA-Za-z0-9']")


def tokenize(text: str) -> list[str]:
    """Words with their leading space, and punctuation marks: `" Hello", ",", " world"`."""
    return _TOKEN.findall(text)


def _build_vocab() -> tuple[list[str], list[list[float]]]:
    words = tokenize(" " + " ".join(CORPUS.split()))  # every word, the first too, has its space
    vocab = sorted(set(words))
    index = {w: i for i, w in enumerate(vocab)}
    counts = [[0.0] * len(vocab) for _ in vocab]
    for a, b in itertools.pairwise(words):
        counts[index[a]][index[b]] += 1
    table = [[math.log(c + 0.02) for c in row] for row in counts]
    return vocab, table


VOCAB, _BIGRAM = _build_vocab()
TOKEN_ID = {token: i for i, token in enumerate(VOCAB)}
_PERIOD = TOKEN_ID["."]
_START = [math.log(1.5) if tok.startswith(" ") and tok[1:2].isupper() else math.log(0.5) for tok in VOCAB]
MAX_REPLY_TOKENS = 64  # the model's own limit when the request sets none
# Requests that may generate more than this many tokens (n x the limit), or that carry a schema,
# are generated in a worker thread, so the event loop keeps answering others; below it, the
# thread hop would cost more than the work (64 tokens take about 10 ms).
INLINE_TOKENS = 128
# A schema-driven answer (tool arguments, structured output) costs one unit per value and per
# character; it may cost this many times Limits.max_schema_size, which bounds each single demand.
SCHEMA_BUDGET_FACTOR = 16
# The bigram table has exact ties, which sampling at a tiny temperature would break at random:
# below this, decoding is greedy (JamAI Base's lowest temperature, 0.001, is deterministic).
GREEDY_BELOW = 0.01

PROVIDER = "unispec"
LOG_RECORD = "unispec.log_record"  # where a request's LogRecord is left in its ASGI scope state
MODELS = {  # the first is what clients that take "the first listed model" get
    "unispec-large": {"logprobs": True, "fails": False},
    "unispec-mini": {"logprobs": False, "fails": False},
    "unispec-broken": {"logprobs": True, "fails": True},
}

KNOWLEDGE = {
    "handbook": [
        "Leave: every employee has 25 days of paid leave a year.",
        "Remote work: the team works remotely on Mondays and Fridays.",
        "Expenses: travel is booked through the travel desk and approved by a manager.",
        "Security: keys are never shared in chat and rotated every 90 days.",
    ],
}


def _softmax(logits: list[float]) -> list[float]:
    top = max(logits)
    exps = [math.exp(x - top) if x > -1e29 else 0.0 for x in logits]
    total = sum(exps)
    return [e / total for e in exps]


def _log_softmax(logits: list[float]) -> list[float]:
    top = max(logits)
    total = math.log(sum(math.exp(x - top) for x in logits if x > -1e29)) + top
    return [x - total if x > -1e29 else -9999.0 for x in logits]


@dataclass
class Sampling:
    temperature: float
    top_p: float
    top_k: int | None
    frequency_penalty: float
    presence_penalty: float
    logit_bias: dict[int, float]
    limit: int
    limited_by_request: bool
    stop: list[str]
    logprobs: bool
    top_logprobs: int
    cancel: threading.Event | None = None  # set when the client is gone: generation stops


@dataclass
class Generated:
    text: str
    tokens: list[str]
    finish_reason: str
    logprobs: list[dict[str, Any]] | None = None


def _entry(token: str, logprob: float) -> dict[str, Any]:
    return {"token": token, "logprob": round(logprob, 6), "bytes": list(token.encode())}


def generate_text(rng: random.Random, s: Sampling, forced_start: int | None = None) -> Generated:
    tokens: list[str] = []
    entries: list[dict[str, Any]] = []
    counts: dict[int, int] = {}
    prev: int | None = None
    text = ""
    while True:
        if len(tokens) >= s.limit:
            return Generated(text, tokens, "length", entries if s.logprobs else None)
        if s.cancel is not None and s.cancel.is_set():
            raise Cancelled
        logits = list(_START if prev is None else _BIGRAM[prev])
        for tid, bias in s.logit_bias.items():
            logits[tid] = -1e30 if bias <= -100 else logits[tid] + bias
        if counts:
            for tid, c in counts.items():
                logits[tid] -= c * s.frequency_penalty + s.presence_penalty
        if all(x <= -1e29 for x in logits):
            return Generated(text, tokens, "stop", entries if s.logprobs else None)
        reported = _log_softmax(logits) if s.logprobs else logits  # only logprobs need it
        if forced_start is not None and prev is None:
            choice = forced_start
        elif s.temperature < GREEDY_BELOW:
            choice = max(range(len(logits)), key=logits.__getitem__)
        else:
            probs = _softmax([x / s.temperature for x in logits])
            ranked = sorted(range(len(probs)), key=lambda i: -probs[i])
            if s.top_k:
                ranked = ranked[: s.top_k]
            kept, mass = [], 0.0
            for i in ranked:
                if probs[i] <= 0:
                    break
                kept.append(i)
                mass += probs[i]
                if mass >= s.top_p:
                    break
            choice = rng.choices(kept, weights=[probs[i] for i in kept])[0]
        token = VOCAB[choice]
        if s.logprobs:
            entry = _entry(token, reported[choice])
            if s.top_logprobs:
                order = sorted(range(len(reported)), key=lambda i: -reported[i])[: s.top_logprobs]
                if choice not in order:
                    order[-1] = choice
                    order.sort(key=lambda i: -reported[i])
                entry["top_logprobs"] = [_entry(VOCAB[i], reported[i]) for i in order]
            else:
                entry["top_logprobs"] = []
            entries.append(entry)
        candidate = text + token
        for stop in s.stop:
            at = candidate.find(stop)
            if at != -1:
                # The reply must not contain the stop sequence: cut before it.
                text = candidate[:at]
                if s.logprobs:
                    entries = _trim_entries(entries, text)
                return Generated(text, tokenize(text), "stop", entries if s.logprobs else None)
        text = candidate
        tokens.append(token)
        counts[choice] = counts.get(choice, 0) + 1
        if choice == _PERIOD:  # the end of the first sentence is the model's natural end
            return Generated(text, tokens, "stop", entries if s.logprobs else None)
        prev = choice


def _trim_entries(entries: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The entries of the tokens kept before a stop sequence; a token the stop cut is kept in part,
    so the entries' tokens still join to the content."""
    kept, length = [], 0
    for entry in entries:
        if length + len(entry["token"]) > len(text):
            if length < len(text):
                rest = text[length:]
                kept.append({**entry, "token": rest, "bytes": list(rest.encode())})
            break
        kept.append(entry)
        length += len(entry["token"])
    return kept


# --- the handler ------------------------------------------------------------------------------------


@dataclass
class LogRecord:
    """One served request, as the platform pages say they are logged."""

    id: str
    model: str
    platform: str
    chat_id: str | None = None
    tags: list[str] = field(default_factory=list)
    region: str | None = None
    signature: str | None = None
    use_custom_keys: bool | None = None
    query_body: dict[str, Any] | None = None
    response_body: dict[str, Any] | None = None
    fallback_from: list[str] = field(default_factory=list)


def _pieces(text: str) -> list[str]:
    """Stream pieces that join back to exactly `text` (tokenize() drops repeated whitespace)."""
    return re.findall(r"\s*\S+|\s+", text) or [""]


def _text_of(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    # A part's text (or refusal) only: other parts may carry extra fields of any name and type.
    texts = (getattr(part, "text", None) or getattr(part, "refusal", None) for part in content)
    return " ".join(t if isinstance(t, str) else "" for t in texts)


class ReferenceBackend(OperationsMixin, ChatHandler):
    """`keep_logs`: how many served requests to keep in `logs`, bodies included where the request's
    log_query_body / log_response_body allow; 0 (the default) keeps none, so nothing of a request
    outlives it unless you ask."""

    def __init__(self, *, keep_logs: int = 0) -> None:
        self.logs: deque[LogRecord] = deque(maxlen=keep_logs)

    # -- models ---------------------------------------------------------------------------------------

    def _resolve(self, context: RequestContext, model_id: str | None) -> str:
        """The catalogue name behind a model id in the platform's format; 404 if not served."""
        if not model_id:
            return "unispec-mini"  # JamAI Base: model is optional, "" picks the default
        try:
            parts = parse_model_id(context.platform, model_id)
        except ValueError as exc:
            raise ServerError(
                404, f"The model `{model_id}` does not exist: {exc}", param="model", code="model_not_found"
            ) from None
        name, provider = parts["model"], parts.get("provider", PROVIDER)
        if name.startswith(f"{PROVIDER}/"):
            name = name.split("/", 1)[1]
        if name not in MODELS or provider != PROVIDER:
            served = ", ".join(context.platform.model_id(m, PROVIDER) for m in MODELS)
            raise ServerError(
                404,
                f"The model `{model_id}` does not exist; this server serves {served}.",
                param="model",
                code="model_not_found",
            )
        return name

    # -- completions ----------------------------------------------------------------------------------

    async def create_chat_completion(self, request: ChatCompletionRequest, context: RequestContext) -> Any:
        with _platform_status(context):
            if _light(request):
                return self._answer(request, context)
            return await _off_loop(self._answer, request, context)

    async def create_completion(self, request: CompletionRequest, context: RequestContext) -> Any:
        with _platform_status(context):
            return await super().create_completion(request, context)

    async def create_embedding(self, request: EmbeddingRequest, context: RequestContext) -> Any:
        with _platform_status(context):
            return await super().create_embedding(request, context)

    def _answer(
        self, request: ChatCompletionRequest, context: RequestContext, cancel: threading.Event | None = None
    ) -> Any:
        """The completion, or the stream of it; all the work but sending, so a thread can do it."""
        plan = self._plan(request, context, cancel)
        if request.stream:
            return self._stream(plan)
        body = self._completion(plan)
        self._log(plan, body)
        return ChatCompletion.model_validate(body)

    def _plan(
        self, request: ChatCompletionRequest, context: RequestContext, cancel: threading.Event | None = None
    ) -> dict[str, Any]:
        def param(name: str) -> Any:
            return context.param(request, name)

        requested = [request.model] + list(request.fallbacks or []) if request.fallbacks else [request.model]
        tried: list[str] = []
        model = None
        last_error: ServerError | None = None
        for candidate in requested:
            name = self._resolve(context, candidate)
            if MODELS[name]["fails"]:
                tried.append(candidate or name)
                last_error = ServerError(
                    503,
                    f"The model `{candidate}` is unavailable (it always fails, on purpose).",
                    code="model_unavailable",
                    type="server_error",
                )
                continue
            model = (candidate or name, name)
            break
        if model is None:
            assert last_error is not None
            raise last_error
        model_id, name = model
        caps = MODELS[name]
        drop = param("drop_params")
        drop = True if drop is None else drop
        want_logprobs = bool(request.logprobs)
        if want_logprobs and not caps["logprobs"]:
            if drop is False:
                raise ServerError(
                    400,
                    f"`logprobs` is not supported by {model_id}; send drop_params: true to drop it.",
                    param="logprobs",
                    code="unsupported_parameter",
                )
            want_logprobs = False
        if request.top_logprobs is not None and not request.logprobs:
            raise ServerError(400, "top_logprobs needs logprobs: true.", param="top_logprobs", code="invalid_value")
        self._check_tool_schemas(request)
        bias: dict[int, float] = {}
        for key, value in (request.logit_bias or {}).items():
            tid = int(key)
            if tid >= len(VOCAB):
                raise ServerError(
                    400,
                    f"logit_bias names token {tid}; this model's vocabulary has {len(VOCAB)} tokens.",
                    param="logit_bias",
                    code="invalid_value",
                )
            bias[tid] = float(value)
        # max_completion_tokens wins over max_tokens, as JamAI Base and OpenAI document.
        limit = request.max_completion_tokens if request.max_completion_tokens is not None else request.max_tokens
        if limit is None:  # the server checked what the request set; this model's own default is ours to check
            refused = check_limits(context.limits, request, default_tokens=min(MAX_REPLY_TOKENS, context.limits.max_tokens))
            if refused is not None:
                raise ServerError(400, refused[1], param=refused[0], code="invalid_value")
        stop = request.stop
        stops = [stop] if isinstance(stop, str) else list(stop or [])
        stops = [s for s in stops if s]
        temperature = param("temperature")
        top_p = param("top_p")
        sampling = Sampling(
            temperature=1.0 if temperature is None else float(temperature),
            top_p=1.0 if top_p is None else float(top_p),
            top_k=request.top_k,
            frequency_penalty=request.frequency_penalty or 0.0,
            presence_penalty=request.presence_penalty or 0.0,
            logit_bias=bias,
            limit=limit if limit is not None else min(MAX_REPLY_TOKENS, context.limits.max_tokens),
            limited_by_request=limit is not None,
            stop=stops,
            logprobs=want_logprobs,
            top_logprobs=request.top_logprobs or 0,
            cancel=cancel,
        )
        prompt_text = [_text_of(getattr(m, "content", None)) for m in request.messages]
        references = self._retrieve(request, prompt_text)
        digest = hashlib.sha256(request.model_dump_json(exclude={"stream", "stream_options"}).encode()).hexdigest()
        seed = request.seed if request.seed is not None else int(digest[:12], 16)
        n = request.n or 1
        budget = Budget(context.limits.max_schema_size * SCHEMA_BUDGET_FACTOR, cancel)
        prompt_schema = _prompt_schema(request)
        choices = [self._choice(request, sampling, seed, i, references, budget, prompt_schema) for i in range(n)]
        if sampling.temperature > 0 and not request.tools and not request.__dict__["functions"]:
            seen = set()
            # Redrawing a duplicate costs a whole choice again: all redraws together may generate
            # at most Limits.max_total_tokens more, so the work stays within twice the ceiling.
            spare = context.limits.max_total_tokens
            for i, choice in enumerate(choices):
                attempt = 1
                while choice["text"] in seen and attempt <= 8 and spare > 0:
                    choice = self._choice(
                        request, sampling, seed + 7919 * attempt, i, references, budget, prompt_schema
                    )
                    spare -= max(1, choice["completion_tokens"])
                    attempt += 1
                choices[i] = choice
                seen.add(choice["text"])
        prompt_tokens = sum(len(tokenize(t)) + 3 for t in prompt_text) + sum(len(tokenize(r)) for r in references)
        completion_tokens = sum(c["completion_tokens"] for c in choices)
        return {
            "request": request,
            "context": context,
            "id": "chatcmpl-" + digest[:24],
            "created": int(time.time()),
            "model": model_id,
            "choices": choices,
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
            "tried": tried,
            "references": references,
            "search_query": _search_query(request, prompt_text),
            "started": time.perf_counter(),
        }

    @staticmethod
    def _check_tool_schemas(request: ChatCompletionRequest) -> None:
        """Tool parameters and response-format schemas must be JSON Schemas: the model cannot
        produce values for anything else."""
        declared = [("tools", i, t.function.parameters) for i, t in enumerate(request.tools or [])]
        declared += [("functions", i, f.parameters) for i, f in enumerate(request.__dict__["functions"] or [])]
        fmt = request.response_format
        if getattr(fmt, "type", None) == "json_schema":
            declared.append(("response_format", 0, fmt.json_schema.schema_))  # type: ignore[union-attr]
        for field_name, i, schema in declared:
            if schema is None:
                continue
            path = _schema_param(field_name, i)
            try:
                Draft202012Validator.check_schema(schema)
            except SchemaError as exc:
                raise ServerError(
                    400, f"{path} is not a valid JSON Schema: {exc.message}", param=path, code="invalid_value"
                ) from None

    def _retrieve(self, request: ChatCompletionRequest, prompt_text: list[str]) -> list[str]:
        rag = request.rag_params
        if rag is None:
            return []
        table = KNOWLEDGE.get(rag.table_id)
        if table is None:
            raise ServerError(
                404,
                f"Knowledge table `{rag.table_id}` not found; this server has {', '.join(KNOWLEDGE)}.",
                param="rag_params.table_id",
                code="not_found",
            )
        query = _search_query(request, prompt_text).lower()
        words = set(re.findall(r"[a-z]+", query))
        scored = sorted(
            table, key=lambda doc: (-len(words & set(re.findall(r"[a-z]+", doc.lower()))), table.index(doc))
        )
        return scored[: rag.k or 3]

    def _choice(
        self,
        request: ChatCompletionRequest,
        sampling: Sampling,
        seed: int,
        index: int,
        references: list[str],
        budget: Budget | None = None,
        prompt_schema: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        rng = random.Random(f"{seed}:{index}")
        calls = self._tool_calls(request, rng, budget)
        if calls is not None:
            return calls
        fmt = request.response_format
        kind = getattr(fmt, "type", None)
        if kind in ("json_object", "json_schema"):
            if kind == "json_schema":
                value = _bounded_instance(fmt.json_schema.schema_ or {}, rng, budget, _schema_param("response_format", 0))
            else:
                value = _json_mode_value(prompt_schema, rng, sampling, budget)
            return _capped(json.dumps(value), "stop", sampling)
        if kind is None and prompt_schema is not None:  # asked for a fenced JSON block
            value = _json_mode_value(prompt_schema, rng, sampling, budget)
            return _capped(f"{_FENCED}\n{json.dumps(value)}\n```", "stop", sampling)
        if references:
            gen = generate_text(rng, sampling)
            return _capped("According to the knowledge table: " + references[0] + gen.text, gen.finish_reason, sampling)
        gen = generate_text(rng, sampling)
        return {
            "text": gen.text,
            "finish_reason": gen.finish_reason,
            "completion_tokens": len(gen.tokens),
            "logprobs": gen.logprobs,
        }

    def _tool_calls(
        self, request: ChatCompletionRequest, rng: random.Random, budget: Budget | None = None
    ) -> dict[str, Any] | None:
        # The spec marks functions/function_call deprecated, so attribute access warns; the backend
        # must still honour them, so it reads the values directly.
        legacy_functions, legacy_choice = request.__dict__["functions"], request.__dict__["function_call"]
        legacy = bool(legacy_functions) and not request.tools
        if legacy:
            functions = list(legacy_functions or [])
            choice = legacy_choice
        else:
            functions = [t.function for t in request.tools or []]
            choice = request.tool_choice
        if not functions:
            if isinstance(choice, str) and choice == "required":
                raise ServerError(
                    400, "tool_choice is `required` but no tools were given.", param="tool_choice", code="invalid_value"
                )
            return None
        name_forced = getattr(getattr(choice, "function", None), "name", None) or getattr(choice, "name", None)
        if choice == "none":
            return None
        last = request.messages[-1]
        if choice in (None, "auto") and last.role in ("tool", "function"):
            return None  # the tool answered: now the model replies in text
        by_name = {f.name: f for f in functions}
        if name_forced is not None:
            if name_forced not in by_name:
                param = "function_call" if legacy else "tool_choice"
                raise ServerError(
                    400,
                    f"{param} names `{name_forced}`, which is not among the given functions.",
                    param=param,
                    code="invalid_value",
                )
            chosen = [by_name[name_forced]]
        else:
            parallel = request.parallel_tool_calls is not False and not legacy
            chosen = functions if parallel else functions[:1]
        calls = []
        for fn in chosen:
            param = _schema_param("functions" if legacy else "tools", functions.index(fn))
            args = _bounded_instance(fn.parameters or {"type": "object", "properties": {}}, rng, budget, param)
            calls.append(
                {
                    "id": f"call_{rng.getrandbits(48):012x}",
                    "type": "function",
                    "function": {"name": fn.name, "arguments": json.dumps(args)},
                }
            )
        if legacy:
            return {
                "text": None,
                "function_call": calls[0]["function"],
                "finish_reason": "function_call",
                "completion_tokens": len(tokenize(calls[0]["function"]["arguments"])) + 1,
                "logprobs": None,
            }
        tokens = sum(len(tokenize(c["function"]["arguments"])) + 1 for c in calls)
        return {
            "text": None,
            "tool_calls": calls,
            "finish_reason": "tool_calls",
            "completion_tokens": tokens,
            "logprobs": None,
        }

    def _message(self, choice: dict[str, Any]) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": choice["text"]}
        if "tool_calls" in choice:
            message["tool_calls"] = choice["tool_calls"]
        if "function_call" in choice:
            message["function_call"] = choice["function_call"]
        return message

    def _extras(self, plan: dict[str, Any]) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        context: RequestContext = plan["context"]
        if context.platform.name == "bifrost":
            request: ChatCompletionRequest = plan["request"]
            extra["extra_fields"] = {
                "provider": PROVIDER,
                "request_type": "chat_completion",
                "model_requested": request.model or "",
                "model_params": request.model_dump(
                    mode="json", exclude_unset=True, exclude={"messages", "model", "fallbacks"}
                ),
                "latency": round((time.perf_counter() - plan["started"]) * 1000, 3),
            }
        return extra

    @staticmethod
    def _references(plan: dict[str, Any]) -> dict[str, Any] | None:
        """JamAI Base's References of a RAG answer (only JamAI takes `rag_params`): the chunks the
        knowledge table gave, in its SDK's shape; in a stream, the first event."""
        if not plan["references"]:
            return None
        request: ChatCompletionRequest = plan["request"]
        table = request.rag_params.table_id if request.rag_params else ""
        chunks = []
        for doc in plan["references"]:
            index = KNOWLEDGE[table].index(doc)
            chunks.append(
                {
                    "text": doc,
                    "title": doc.split(":", 1)[0],
                    "page": index,
                    "file_name": f"{table}.md",
                    "file_path": f"{table}/{table}.md",
                    "document_id": table,
                    "chunk_id": f"{table}-{index}",
                    "context": {},
                    "metadata": {"table_id": table},
                }
            )
        return {"object": "chat.references", "chunks": chunks, "search_query": plan["search_query"], "finish_reason": None}

    def _completion(self, plan: dict[str, Any]) -> dict[str, Any]:
        choices = []
        for i, choice in enumerate(plan["choices"]):
            choices.append(
                {
                    "index": i,
                    "message": self._message(choice),
                    "finish_reason": choice["finish_reason"],
                    "logprobs": {"content": choice["logprobs"], "refusal": None}
                    if choice["logprobs"] is not None
                    else None,
                }
            )
        body = {
            "id": plan["id"],
            "object": "chat.completion",
            "created": plan["created"],
            "model": plan["model"],
            "choices": choices,
            "usage": plan["usage"],
            "system_fingerprint": "fp_unispec",
            **self._extras(plan),
        }
        references = self._references(plan)
        if references is not None:
            body["references"] = references
        return body

    async def _stream(self, plan: dict[str, Any]) -> AsyncIterator[bytes]:
        base = {
            "id": plan["id"],
            "object": "chat.completion.chunk",
            "created": plan["created"],
            "model": plan["model"],
            "system_fingerprint": "fp_unispec",
        }
        request: ChatCompletionRequest = plan["request"]
        include_usage = bool(request.stream_options and request.stream_options.include_usage)
        dumps = json.dumps
        references = self._references(plan)
        if references is not None:  # JamAI Base sends them first, as their own event
            yield dumps(references).encode()
        for i, choice in enumerate(plan["choices"]):
            for delta, logprobs, finish in self._deltas(choice):
                chunk: dict[str, Any] = {
                    **base,
                    "choices": [{"index": i, "delta": delta, "logprobs": logprobs, "finish_reason": finish}],
                }
                if include_usage:
                    chunk["usage"] = None
                yield dumps(chunk).encode()
        if include_usage:
            yield dumps({**base, "choices": [], "usage": plan["usage"], **self._extras(plan)}).encode()
        self._log(plan, self._completion(plan))

    def _deltas(self, choice: dict[str, Any]) -> Iterable[tuple[dict[str, Any], Any, str | None]]:
        yield {"role": "assistant", "content": ""}, None, None
        if "tool_calls" in choice:
            for k, call in enumerate(choice["tool_calls"]):
                yield (
                    {
                        "tool_calls": [
                            {
                                "index": k,
                                "id": call["id"],
                                "type": "function",
                                "function": {"name": call["function"]["name"], "arguments": ""},
                            }
                        ]
                    },
                    None,
                    None,
                )
                for piece in _pieces(call["function"]["arguments"]):
                    yield {"tool_calls": [{"index": k, "function": {"arguments": piece}}]}, None, None
        elif "function_call" in choice:
            fc = choice["function_call"]
            yield {"function_call": {"name": fc["name"], "arguments": ""}}, None, None
            for piece in _pieces(fc["arguments"]):
                yield {"function_call": {"arguments": piece}}, None, None
        else:
            entries = choice["logprobs"]
            pieces = [e["token"] for e in entries] if entries is not None else tokenize(choice["text"])
            joined = "".join(pieces)
            if joined != choice["text"]:  # tokens of structured output may not re-join exactly
                pieces = [choice["text"]]
                entries = None
            for k, piece in enumerate(pieces):
                yield (
                    {"content": piece},
                    ({"content": [entries[k]], "refusal": None} if entries is not None else None),
                    None,
                )
        yield {}, None, choice["finish_reason"]

    def _log(self, plan: dict[str, Any], response: dict[str, Any]) -> None:
        request: ChatCompletionRequest = plan["request"]
        context: RequestContext = plan["context"]
        keep = bool(self.logs.maxlen)  # with no log kept, no body is dumped either

        def param(name: str) -> Any:
            return context.param(request, name)

        tags = request.tags
        tag_list = [t.strip() for t in tags.split(",")] if isinstance(tags, str) else list(tags or [])
        record = LogRecord(
            id=plan["id"],
            model=plan["model"],
            platform=context.platform.name,
            chat_id=request.id,
            tags=[t for t in tag_list if t],
            region=request.region,
            signature=request.signature,
            use_custom_keys=request.use_custom_keys,
            # Unify's log_query_body / log_response_body: false keeps the body out of the log.
            query_body=request.model_dump(mode="json", exclude_unset=True)
            if keep and param("log_query_body") is not False
            else None,
            response_body=response if keep and param("log_response_body") is not False else None,
            fallback_from=plan["tried"],
        )
        if keep:
            self.logs.append(record)
        if context.http_request is not None:
            context.http_request.scope.setdefault("state", {})[LOG_RECORD] = record
        log.debug("served %s model=%s chat_id=%s tags=%s", record.id, record.model, record.chat_id, record.tags)


# --- bounded work -----------------------------------------------------------------------------------


def _schema_param(field_name: str, index: int) -> str:
    if field_name == "tools":
        return f"tools.{index}.function.parameters"
    if field_name == "functions":
        return f"functions.{index}.parameters"
    return "response_format.json_schema.schema"


def _bounded_instance(schema: Any, rng: random.Random, budget: Budget | None, param: str) -> Any:
    try:
        return instance_for(schema, rng, budget=budget)
    except TooLarge as exc:
        raise ServerError(400, f"{param}: {exc}.", param=param, code="invalid_value") from None


@contextlib.contextmanager
def _platform_status(context: RequestContext) -> Iterator[None]:
    """The backend's own refusals of invalid input (400) get the platform's status for them, as
    its server answers (`Platform.validation_status`: 422 on JamAI Base)."""
    try:
        yield
    except ServerError as exc:
        if exc.status_code == 400 and exc.code != "client_disconnected":
            exc.status_code = context.platform.validation_status
        raise


def _capped(text: str, finish: str, sampling: Sampling) -> dict[str, Any]:
    """A reply written whole (JSON, a fenced block, a cited answer), cut at the request's token
    limit as a sampled one would be."""
    pieces = tokenize(text)
    if sampling.limited_by_request and len(pieces) > sampling.limit:
        pieces, finish = pieces[: sampling.limit], "length"
    return {"text": "".join(pieces), "finish_reason": finish, "completion_tokens": len(pieces), "logprobs": None}


def _search_query(request: ChatCompletionRequest, prompt_text: list[str]) -> str:
    """What the knowledge table is searched with: rag_params.search_query, else the last message."""
    rag = request.rag_params
    return (rag.search_query if rag is not None else None) or (prompt_text[-1] if prompt_text else "")


def _prompt_schema(request: ChatCompletionRequest) -> dict[str, Any] | None:
    """JSON mode's schema, when the conversation carries one: instructor, pydantic-ai's prompted
    output and the AI SDK write it into a system or user message. The assistant's own turns are
    answers (instances), not instructions, and are not read. Bounded: `instances.find_schema`."""
    kind = getattr(request.response_format, "type", None)
    # Without a response_format, only a conversation that asks for a fenced JSON block (instructor's
    # MD_JSON mode: "Return the correct JSON response within a ```json codeblock") gets JSON.
    if kind != "json_object" and not (kind is None and _asks_fenced(request)):
        return None
    return find_schema([_text_of(getattr(m, "content", None)) for m in request.messages if m.role != "assistant"])


def _asks_fenced(request: ChatCompletionRequest) -> bool:
    """Whether the last message asks for a fenced JSON block, looked for near its end (bounded)."""
    last = request.messages[-1] if request.messages else None
    return last is not None and _FENCED in _text_of(getattr(last, "content", None))[-_ASK_SCAN:]


_FENCED = "```json"
_ASK_SCAN = 4096  # how far from the end of the last message the ask for a fenced block is looked for


def _json_mode_value(
    schema: dict[str, Any] | None, rng: random.Random, sampling: Sampling, budget: Budget | None
) -> Any:
    """JSON mode's answer: an instance of the conversation's schema, else `{"answer": <text>}`.
    A found schema that asks for more than this server builds falls back to the plain answer:
    the prompt is a hint, not a parameter to refuse."""
    if schema is not None:
        try:
            return instance_for(schema, rng, budget=budget)
        except TooLarge:
            pass
    return {"answer": generate_text(rng, sampling).text.strip()}


def _light(request: ChatCompletionRequest) -> bool:
    """Whether the request is cheap enough to generate on the event loop (O(1) to decide)."""
    values = request.__dict__
    if values["tools"] or values["functions"] or values["response_format"] is not None:
        return False
    if _asks_fenced(request):  # the schema scan and the instance: off the loop
        return False
    limit = values["max_completion_tokens"] or values["max_tokens"] or MAX_REPLY_TOKENS
    return (values["n"] or 1) * limit <= INLINE_TOKENS


async def _off_loop(answer: Any, request: ChatCompletionRequest, context: RequestContext) -> Any:
    """`answer(request, context, cancel)` in a worker thread; stopped when the client goes away or
    the request's task is cancelled (a server shutting down), so no thread outlives its request
    by more than one token."""
    cancel = threading.Event()
    work = asyncio.ensure_future(asyncio.to_thread(answer, request, context, cancel))
    gone = asyncio.ensure_future(_disconnected(context))
    try:
        await asyncio.wait((work, gone), return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:
        # uvicorn cancels what still runs after its graceful-shutdown timeout, and logs a
        # traceback for anything an app raises, this too: the client gets a 503 instead.
        cancel.set()
        gone.cancel()
        work.add_done_callback(_drop_result)
        raise ServerError(
            503, "The server is shutting down; retry the request.", code="server_shutting_down", type="server_error"
        ) from None
    gone.cancel()
    if not work.done():
        cancel.set()
        work.add_done_callback(_drop_result)
        raise ServerError(400, "The client went away before the reply was ready.", code="client_disconnected")
    try:
        return work.result()
    except Cancelled:  # pragma: no cover - only set by the paths above, which do not wait for it
        raise ServerError(400, "The request was cancelled.", code="client_disconnected") from None


async def _disconnected(context: RequestContext) -> None:
    """Returns when the client has closed the connection (never without an HTTP request)."""
    http_request = context.http_request
    if http_request is None:
        await asyncio.Event().wait()
        return
    receive = http_request.receive
    # The body is read, so the next message is the disconnect; a server that answers otherwise
    # is not polled in a loop: the request then just runs to its (bounded) end.
    for _ in range(4):
        if (await receive())["type"] == "http.disconnect":
            return
    await asyncio.Event().wait()


def _drop_result(work: asyncio.Future[Any]) -> None:
    if not work.cancelled():
        work.exception()  # retrieved, so asyncio does not log "exception was never retrieved"
