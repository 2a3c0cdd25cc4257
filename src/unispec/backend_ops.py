"""The reference backend's operations besides chat: each platform's listings in its own shape, the
legacy text completion and embeddings. Deterministic, like the chat model:

- Listings: the chat models of `backend.MODELS`, with ids in the platform's format (Unify's plain
  lists of model names, endpoints and providers; JamAI Base's `models.info` and ids; Scale's
  `items`; Bifrost's list without `object`; OpenAI's list elsewhere).
- Text completions: the chat model continues the prompt (`echo` and `suffix` as OpenAI documents
  them, legacy `logprobs` records, `n`, `stop`, `max_tokens` (16 by default), streaming).
- Embeddings (`unispec-embed`, and the chat models too, 256 dimensions): feature hashing of the input's tokens into a unit
  vector, so the same input always gives the same vector and inputs sharing words point alike.
  `dimensions` keeps the first components, renormalised; `base64` is little-endian float32.
"""

from __future__ import annotations

import base64
import hashlib
import math
import random
import struct
import time
from collections.abc import AsyncIterator
from typing import Any

from unified_chat.models import (
    BifrostModelList,
    Completion,
    CompletionRequest,
    EmbeddingList,
    EmbeddingRequest,
    JamaiModelInfoList,
    ModelList,
    SgpModelList,
)
from unified_chat.server import RequestContext, ServerError

EMBEDDING_MODELS = {"unispec-embed": 256}
# A ceiling on what one request may ask for, so no legal request holds the server for long.
MAX_EMBEDDING_INPUTS = 2048
MAX_EMBEDDING_TOKENS = 100_000
MAX_COMPLETION_TOKENS = 4096
CREATED = 1_700_000_000


class OperationsMixin:
    """The handler methods of the spec's other operations; `ReferenceBackend` mixes them in."""

    def _resolve(self, context: RequestContext, model_id: str | None) -> str:
        """The catalogue name behind a model id (the chat backend's own, which overrides this)."""
        raise NotImplementedError

    # -- listings ------------------------------------------------------------------------------------

    @staticmethod
    def _names() -> list[str]:
        from .backend import MODELS

        return list(MODELS)

    async def list_models(self, context: RequestContext) -> Any:
        from .backend import PROVIDER

        platform = context.platform
        names = self._names()
        provider = context.query.get("provider")
        if provider is not None and provider != PROVIDER:
            names = []
        ids = [platform.model_id(name, PROVIDER) for name in names]
        if platform.name == "unify":
            return names  # `/v0/models`: bare model names
        if platform.name == "jamai":
            stamp = "2023-11-14T22:13:20Z"
            return JamaiModelInfoList.model_validate(
                {
                    "object": "models.info",
                    "data": [
                        {
                            "id": model,
                            "type": "llm",
                            "name": name,
                            "owned_by": PROVIDER,
                            "capabilities": ["chat", "tool"],
                            "context_length": 4096,
                            "created_at": stamp,
                            "updated_at": stamp,
                        }
                        for name, model in zip(names, ids, strict=True)
                    ],
                }
            )
        if platform.name == "sgp":
            return SgpModelList.model_validate(
                {
                    "object": "list",
                    "items": [
                        {
                            "model_name": name,
                            "model_type": "chat_completion",
                            "model_vendor": PROVIDER,
                            "model_availability": "available",
                        }
                        for name in names
                    ],
                }
            )
        if platform.name == "bifrost":
            return BifrostModelList.model_validate(
                {
                    "data": [
                        {"id": model, "name": name, "created": CREATED, "owned_by": PROVIDER}
                        for name, model in zip(names, ids, strict=True)
                    ],
                    "extra_fields": {"request_type": "list_models", "provider": PROVIDER, "latency": 0},
                }
            )
        return ModelList.model_validate(
            {
                "object": "list",
                "data": [{"id": i, "object": "model", "created": CREATED, "owned_by": PROVIDER} for i in ids],
            }
        )

    async def list_model_ids(self, context: RequestContext) -> list[str]:
        from .backend import PROVIDER

        ids = [context.platform.model_id(name, PROVIDER) for name in self._names()]
        prefer = context.query.get("prefer")
        if prefer in ids:
            ids.remove(prefer)
            ids.insert(0, prefer)
        return ids

    async def list_endpoints(self, context: RequestContext) -> list[str]:
        from .backend import PROVIDER

        model, provider = context.query.get("model"), context.query.get("provider")
        if model and provider:
            raise ServerError(422, "Pass model or provider, not both.", param="provider", code="invalid_value")
        return [
            f"{name}@{PROVIDER}"
            for name in self._names()
            if (not model or model == name) and (not provider or provider == PROVIDER)
        ]

    async def list_providers(self, context: RequestContext) -> list[str]:
        from .backend import PROVIDER

        model = context.query.get("model")
        return [PROVIDER] if not model or model in self._names() else []

    # -- legacy completions ---------------------------------------------------------------------------

    async def create_completion(self, request: CompletionRequest, context: RequestContext) -> Any:
        from .backend import VOCAB, Sampling, generate_text, tokenize

        name = self._resolve(context, request.model)
        prompts = _prompts(request.prompt)
        n = request.n or 1
        limit = 16 if request.max_tokens is None else request.max_tokens
        if limit > MAX_COMPLETION_TOKENS:
            raise ServerError(
                400,
                f"max_tokens must be <= {MAX_COMPLETION_TOKENS} on this server.",
                param="max_tokens",
                code="invalid_value",
            )
        if len(prompts) * n > 128:
            raise ServerError(
                400, "At most 128 completions (prompts x n) per request.", param="n", code="invalid_value"
            )
        stop = [request.stop] if isinstance(request.stop, str) else list(request.stop or [])
        logit_bias: dict[int, float] = {}
        for key, bias in (request.logit_bias or {}).items():
            if int(key) >= len(VOCAB):
                raise ServerError(
                    400,
                    f"logit_bias: token id {key} is not in the vocabulary (0..{len(VOCAB) - 1}).",
                    param="logit_bias",
                    code="invalid_value",
                )
            logit_bias[int(key)] = float(bias)
        created = int(time.time())
        # Streamed or not, the same request gets the same reply.
        digest = hashlib.sha256(
            request.model_dump_json(exclude_unset=True, exclude={"stream", "stream_options"}).encode()
        ).hexdigest()
        choices = []
        prompt_tokens = completion_tokens = 0
        for p_index, prompt in enumerate(prompts):
            prompt_tokens += len(tokenize(prompt))
            for k in range(n):
                seed = request.seed if request.seed is not None else int(digest[:12], 16)
                rng = random.Random(f"{seed}:{p_index}:{k}")
                sampling = Sampling(
                    temperature=1.0 if request.temperature is None else request.temperature,
                    top_p=1.0 if request.top_p is None else request.top_p,
                    top_k=None,
                    frequency_penalty=request.frequency_penalty or 0.0,
                    presence_penalty=request.presence_penalty or 0.0,
                    logit_bias=logit_bias,
                    limit=limit,
                    limited_by_request=True,
                    stop=stop,
                    logprobs=request.logprobs is not None,
                    top_logprobs=request.logprobs or 0,
                )
                out = generate_text(rng, sampling) if limit else None
                text = out.text if out else ""
                completion_tokens += len(out.tokens) if out else 0
                full = (prompt if request.echo else "") + text + (request.suffix or "")
                choices.append(
                    {
                        "index": len(choices),
                        "text": full,
                        "finish_reason": out.finish_reason if out else "length",
                        "logprobs": _legacy_logprobs(out.logprobs, len(prompt) if request.echo else 0)
                        if out and out.logprobs is not None
                        else None,
                    }
                )
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        }
        body = {
            "id": f"cmpl-{digest[:24]}",
            "object": "text_completion",
            "created": created,
            "model": context.platform.model_id(name, "unispec"),
            "system_fingerprint": "fp_unispec",
            "choices": choices,
            "usage": usage,
        }
        if request.stream:
            include_usage = bool(request.stream_options and request.stream_options.include_usage)
            return _stream_completion(body, include_usage)
        return Completion.model_validate(body)

    # -- embeddings -----------------------------------------------------------------------------------

    async def create_embedding(self, request: EmbeddingRequest, context: RequestContext) -> EmbeddingList:
        from .backend import MODELS, PROVIDER, tokenize

        parts = _model_part(context, request.model)
        if parts not in EMBEDDING_MODELS and parts not in MODELS:  # the chat models embed too
            served = ", ".join(context.platform.model_id(m, PROVIDER) for m in EMBEDDING_MODELS)
            raise ServerError(
                404,
                f"The embedding model `{request.model}` does not exist; this server serves {served}.",
                param="model",
                code="model_not_found",
            )
        full = EMBEDDING_MODELS.get(parts, EMBEDDING_MODELS["unispec-embed"])
        dims = full if request.dimensions is None else request.dimensions
        if dims > full:
            raise ServerError(
                400, f"dimensions must be <= {full} for {request.model}.", param="dimensions", code="invalid_value"
            )
        inputs = _embedding_inputs(request.input)
        if len(inputs) > MAX_EMBEDDING_INPUTS:
            raise ServerError(
                400, f"At most {MAX_EMBEDDING_INPUTS} inputs per request.", param="input", code="invalid_value"
            )
        token_lists = [tokenize(item) if isinstance(item, str) else [str(t) for t in item] for item in inputs]
        total = sum(len(t) for t in token_lists)
        if total > MAX_EMBEDDING_TOKENS:
            raise ServerError(
                400,
                f"The inputs hold {total} tokens; at most {MAX_EMBEDDING_TOKENS} per request.",
                param="input",
                code="invalid_value",
            )
        data = []
        for index, tokens in enumerate(token_lists):
            vector = embed(tokens, full)[:dims]
            norm = math.sqrt(sum(x * x for x in vector)) or 1.0
            vector = [x / norm for x in vector]
            value: Any = vector
            if request.encoding_format == "base64":
                value = base64.b64encode(struct.pack(f"<{dims}f", *vector)).decode()
            data.append({"object": "embedding", "index": index, "embedding": value})
        return EmbeddingList.model_validate(
            {
                "object": "list",
                "model": context.platform.model_id(parts, PROVIDER),
                "data": data,
                "usage": {"prompt_tokens": total, "total_tokens": total},
            }
        )


def embed(tokens: list[str], dims: int) -> list[float]:
    """Feature hashing: each token adds +-1 at a position its hash picks; then a unit vector. An
    empty input gets a fixed unit vector rather than zeros."""
    vector = [0.0] * dims
    for token in tokens or [""]:
        h = hashlib.blake2b(token.strip().lower().encode(), digest_size=8).digest()
        position = int.from_bytes(h[:4], "little") % dims
        vector[position] += 1.0 if h[4] & 1 else -1.0
        second = int.from_bytes(h[4:], "little") % dims  # a second position keeps collisions rare
        vector[second] += 0.5 if h[5] & 1 else -0.5
    norm = math.sqrt(sum(x * x for x in vector)) or 1.0
    return [x / norm for x in vector]


def _model_part(context: RequestContext, model_id: str) -> str:
    from unified_chat import parse_model_id

    try:
        return parse_model_id(context.platform, model_id)["model"].removeprefix("unispec/")
    except ValueError as exc:
        raise ServerError(
            404, f"The model `{model_id}` does not exist: {exc}", param="model", code="model_not_found"
        ) from None


def _prompts(prompt: Any) -> list[str]:
    from .backend import VOCAB

    if isinstance(prompt, str):
        return [prompt]
    if prompt and isinstance(prompt[0], int):
        return ["".join(VOCAB[t % len(VOCAB)] for t in prompt)]
    if prompt and isinstance(prompt[0], list):
        return ["".join(VOCAB[t % len(VOCAB)] for t in item) for item in prompt]
    return list(prompt) or [""]


def _embedding_inputs(value: Any) -> list[Any]:
    if isinstance(value, str):
        return [value]
    if value and isinstance(value[0], int):
        return [value]
    return list(value)


def _legacy_logprobs(entries: list[dict[str, Any]], offset: int) -> dict[str, Any]:
    tokens = [e["token"] for e in entries]
    offsets, at = [], offset
    for token in tokens:
        offsets.append(at)
        at += len(token)
    return {
        "tokens": tokens,
        "token_logprobs": [e["logprob"] for e in entries],
        "top_logprobs": [{t["token"]: t["logprob"] for t in e.get("top_logprobs", [])} for e in entries],
        "text_offset": offsets,
    }


async def _stream_completion(body: dict[str, Any], include_usage: bool) -> AsyncIterator[dict[str, Any]]:
    """The completion as OpenAI streams it: text pieces per choice, finish_reason on each choice's
    last piece, then (if asked) a last chunk with usage and no choices."""
    import re

    head = {k: body[k] for k in ("id", "object", "created", "model", "system_fingerprint")}
    for choice in body["choices"]:
        pieces = re.findall(r"\s*\S+|\s+", choice["text"]) or [""]
        for i, piece in enumerate(pieces):
            last = i == len(pieces) - 1
            yield {
                **head,
                "choices": [
                    {
                        "index": choice["index"],
                        "text": piece,
                        "finish_reason": choice["finish_reason"] if last else None,
                        "logprobs": None,
                    }
                ],
            }
    if include_usage:
        yield {**head, "choices": [], "usage": body["usage"]}


__all__ = ["OperationsMixin", "EMBEDDING_MODELS", "embed"]
