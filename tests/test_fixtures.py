"""The generated package against real recorded provider traffic (/work/shared/fixtures).

Every fixture file is its own test case, so a failure names the file:

- responses/*.json parse as `ChatCompletion`, lose nothing (provider extras kept and reported by
  `unknown_fields`), and accept Bifrost's `log_probs` spelling;
- streams/*.sse go through the real client stream reader (whole body, and split into 1..7-byte
  pieces), every chunk typed; error events and missing `[DONE]` raise the typed stream errors
  after the earlier chunks were delivered;
- errors/* raise the typed status error with the provider's human-readable message;
- requests/*.json validate against `ChatCompletionRequest` (JSON Schema and pydantic), except an
  explicit list of requests that use parameters none of our six platforms define.

The fixture root can be moved with UNISPEC_FIXTURES; when it does not exist the module is skipped
(the fixtures are shared read-only data, not part of the repository).
"""

from __future__ import annotations

import copy
import json
import os
import random
import re
import zlib
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import unified_chat
import yaml
from unified_chat.models import (
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionRequest,
    Choice,
    ChoiceLogprobs,
    ResponseMessage,
)

# shared/ sits beside the project's checkout, on developers' machines and in CI alike.
FIXTURES = Path(os.environ.get("UNISPEC_FIXTURES", Path(__file__).resolve().parents[2] / "shared" / "fixtures"))
SPEC = Path(__file__).resolve().parents[1] / "spec" / "openapi.yaml"

pytestmark = pytest.mark.skipif(not FIXTURES.is_dir(), reason=f"fixture corpus {FIXTURES} not present")


def _files(kind: str, pattern: str) -> list[str]:
    return sorted(p.name for p in (FIXTURES / kind).glob(pattern)) if FIXTURES.is_dir() else []


RESPONSES = _files("responses", "*.json")
STREAMS = _files("streams", "*.sse")
ERRORS = _files("errors", "*")
REQUESTS = _files("requests", "*.json")

MESSAGES = [{"role": "user", "content": "hi"}]


def test_corpus_is_complete() -> None:
    # Parametrising over an empty or partial glob would pass vacuously; pin the survey's counts.
    assert (len(RESPONSES), len(STREAMS), len(ERRORS), len(REQUESTS)) == (66, 43, 19, 31)


_VALIDATORS: dict[str, Any] = {}


def schema_validator(name: str):
    """An OAS 3.1 validator for `#/components/schemas/<name>` of spec/openapi.yaml, the way
    unispec.validate._validator_factory builds it: addressed inside the whole document, so the
    schema's own `#/components/...` refs resolve."""
    if name not in _VALIDATORS:
        from openapi_schema_validator import OAS31Validator
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        if "" not in _VALIDATORS:
            document = yaml.safe_load(SPEC.read_text())
            _VALIDATORS[""] = Registry().with_resource(
                "urn:unispec", Resource(contents=document, specification=DRAFT202012)
            )
        _VALIDATORS[name] = OAS31Validator(
            {"$ref": f"urn:unispec#/components/schemas/{name}"}, registry=_VALIDATORS[""]
        )
    return _VALIDATORS[name]


def _schema_errors(name: str, value: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in schema_validator(name).iter_errors(value)]


def _client(handler) -> unified_chat.Client:
    return unified_chat.Client(
        base_url="http://fixture.test",
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        max_retries=0,
    )


# --- 1. responses -----------------------------------------------------------------------------


def _nonempty(value: Any) -> bool:
    return value is not None and value != "" and value != []


@pytest.mark.parametrize("name", RESPONSES)
def test_response_parses(name: str) -> None:
    body = (FIXTURES / "responses" / name).read_bytes()
    raw = json.loads(body)
    completion = ChatCompletion.model_validate_json(body)
    # The spec's JSON Schema (what servers and other generators read) admits it too.
    assert _schema_errors("ChatCompletion", raw) == []

    assert completion.choices, "no choices"
    assert len(completion.choices) == len(raw["choices"])
    assert completion.id == raw["id"] and completion.model == raw["model"] == raw["model"].strip() != ""
    for choice, raw_choice in zip(completion.choices, raw["choices"], strict=True):
        message, raw_message = choice.message, raw_choice["message"]
        assert isinstance(message, ResponseMessage)
        assert message.role == "assistant"
        assert choice.finish_reason == raw_choice["finish_reason"]
        # The answer is reachable as typed attributes: text, tool calls, a legacy call or a refusal.
        assert any(_nonempty(v) for v in (message.content, message.tool_calls, message.function_call, message.refusal))
        assert message.content == raw_message.get("content")
        for call, raw_call in zip(message.tool_calls or [], raw_message.get("tool_calls") or [], strict=True):
            assert call.id == raw_call["id"]
            assert call.type == "function"  # defaulted where mistral leaves it out
            assert call.function.name == raw_call["function"]["name"]
            assert call.function.arguments == raw_call["function"]["arguments"]
        if raw_message.get("function_call"):
            assert message.function_call.name == raw_message["function_call"]["name"]
    if "usage" in raw:
        assert completion.usage is not None
        assert completion.usage.prompt_tokens == raw["usage"]["prompt_tokens"]
        assert completion.usage.total_tokens == raw["usage"]["total_tokens"]

    # Nothing the provider sent is lost: the dump of what was set is the body itself (this also
    # covers choices[].seed, which does not fit in int64).
    assert completion.model_dump(mode="json", exclude_unset=True) == raw

    # Provider extras are kept as extras and reported by unknown_fields.
    unknown = set(unified_chat.unknown_fields(completion))
    expected = {k for k in raw if k not in ChatCompletion.model_fields}
    for i, raw_choice in enumerate(raw["choices"]):
        expected |= {f"choices.{i}.{k}" for k in raw_choice if k not in Choice.model_fields}
        expected |= {f"choices.{i}.message.{k}" for k in raw_choice["message"] if k not in ResponseMessage.model_fields}
    assert expected <= unknown
    for path in expected:
        if "." not in path:
            assert completion.model_extra[path] == raw[path]


def test_groq_extension_is_an_unknown_field() -> None:
    groq = [n for n in RESPONSES if n.startswith("groq__")]
    assert len(groq) == 7
    for name in groq:
        body = (FIXTURES / "responses" / name).read_bytes()
        completion = ChatCompletion.model_validate_json(body)
        assert "x_groq" in unified_chat.unknown_fields(completion), name
        assert completion.model_extra["x_groq"] == json.loads(body)["x_groq"]
        assert completion.model_extra["x_groq"]["id"]


def test_plain_openai_response_has_no_unknown_fields() -> None:
    body = (FIXTURES / "responses" / "openai__parallel_tool_calls.json").read_bytes()
    assert unified_chat.unknown_fields(ChatCompletion.model_validate_json(body)) == []


def test_bifrost_log_probs_spelling_lands_in_logprobs() -> None:
    # snowflake is the one recorded response with a logprobs object rather than null.
    raw = json.loads((FIXTURES / "responses" / "snowflake__zero_value_fields_tool_call.json").read_bytes())
    assert raw["choices"][0]["logprobs"] == {"content": None, "refusal": None}
    bifrost = copy.deepcopy(raw)
    bifrost["choices"][0]["log_probs"] = bifrost["choices"][0].pop("logprobs")
    completion = ChatCompletion.model_validate_json(json.dumps(bifrost))
    assert isinstance(completion.choices[0].logprobs, ChoiceLogprobs)
    assert not any(p.endswith("log_probs") for p in unified_chat.unknown_fields(completion))
    assert completion.model_dump(mode="json", exclude_unset=True) == raw

    # The same spelling on a streamed choice, with real token logprobs.
    for line in (FIXTURES / "streams" / "openai__content_logprobs.sse").read_bytes().split(b"\n"):
        payload = json.loads(line[6:]) if line.startswith(b"data: {") else None
        if payload and payload["choices"] and (payload["choices"][0].get("logprobs") or {}).get("content"):
            break
    else:
        raise AssertionError("no chunk with content logprobs in openai__content_logprobs.sse")
    expected = payload["choices"][0]["logprobs"]["content"][0]
    payload["choices"][0]["log_probs"] = payload["choices"][0].pop("logprobs")
    chunk = ChatCompletionChunk.model_validate_json(json.dumps(payload))
    token = chunk.choices[0].logprobs.content[0]
    assert (token.token, token.logprob, token.bytes) == (expected["token"], expected["logprob"], expected["bytes"])
    assert not any(p.endswith("log_probs") for p in unified_chat.unknown_fields(chunk))


# --- 2. streams -------------------------------------------------------------------------------

# The streams that do not end in `data: [DONE]` after chunks: (exception class, message check).
STREAM_FAILURES: dict[str, tuple[type[Exception], str]] = {
    # `event: error` with OpenAI's envelope, after 94 reasoning chunks, then EOF.
    "groq__error_event_tool_use_failed.sse": (unified_chat.StreamError, "tool_use_failed"),
    # `data:` without the space and no `[DONE]`: the answer may be truncated.
    "hf-tgi__data_no_space_no_done.sse": (unified_chat.IncompleteStreamError, "incomplete"),
    # A chunk with choices *and* a top-level `error: {code: 400, message}`.
    "openrouter__midstream_error.sse": (unified_chat.StreamError, "Token limit reached"),
}


def _independent_parse(body: bytes) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The chunk payloads up to `[DONE]` or an error, and the error payload: a plain line split,
    written separately from the runtime's decoder (every recorded event is one `data:` line)."""
    chunks: list[dict[str, Any]] = []
    event = None
    for line in body.split(b"\n"):
        if line.startswith(b"event:"):
            event = line[6:].strip()
        if not line.startswith(b"data:"):
            continue
        data = line[5:].strip()
        if data == b"[DONE]":
            return chunks, None
        payload = json.loads(data)
        if event == b"error" or payload.get("error"):
            return chunks, payload
        chunks.append(payload)
    return chunks, None


def _content_by_choice(chunks: list[dict[str, Any]]) -> dict[int, str]:
    out: dict[int, str] = defaultdict(str)
    for chunk in chunks:
        for choice in chunk["choices"]:
            out[choice["index"]] += choice["delta"].get("content") or ""
    return dict(out)


class _Pieces(httpx.SyncByteStream):
    """The body in 1..7-byte slices, so SSE lines, `data:` prefixes and UTF-8 sequences split anywhere."""

    def __init__(self, body: bytes, seed: int):
        self.body = body
        self.seed = seed
        self.pieces = 0

    def __iter__(self) -> Iterator[bytes]:
        rng = random.Random(self.seed)
        i = 0
        while i < len(self.body):
            n = rng.randint(1, 7)
            self.pieces += 1
            yield self.body[i : i + n]
            i += n


def _read_stream(
    name: str, pieces: bool, crlf: bool = False
) -> tuple[list[ChatCompletionChunk], Exception | None, Any]:
    body = (FIXTURES / "streams" / name).read_bytes()
    if crlf:  # JSON payloads never hold a raw newline, so this only changes the line ends
        body = body.replace(b"\n", b"\r\n")
    source = _Pieces(body, zlib.crc32(name.encode())) if pieces else None
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        headers = {"content-type": "text/event-stream"}
        return (
            httpx.Response(200, stream=source, headers=headers)
            if pieces
            else httpx.Response(200, content=body, headers=headers)
        )

    stream = _client(handler).chat.completions.create(model="m", messages=MESSAGES, stream=True)
    assert isinstance(stream, unified_chat.Stream)
    chunks: list[ChatCompletionChunk] = []
    error: Exception | None = None
    try:
        for chunk in stream:
            chunks.append(chunk)
    except unified_chat.UnifiedChatError as exc:
        error = exc
    assert len(seen) == 1
    assert json.loads(seen[0].content)["stream"] is True
    assert seen[0].headers["accept"] == "text/event-stream"
    assert stream.response.is_closed
    if pieces:
        assert source.pieces >= len(body) // 7
    return chunks, error, body


@pytest.mark.parametrize("name", STREAMS)
def test_stream(name: str) -> None:
    chunks, error, body = _read_stream(name, pieces=False)
    expected_chunks, error_payload = _independent_parse(body)
    for payload in expected_chunks:
        assert _schema_errors("ChatCompletionChunk", payload) == []

    assert all(type(c) is ChatCompletionChunk for c in chunks)
    assert [c.model_dump(mode="json", exclude_unset=True) for c in chunks] == expected_chunks
    content = _content_by_choice([c.model_dump(mode="json", exclude_unset=True) for c in chunks])
    assert content == _content_by_choice(expected_chunks)
    if any(_content_by_choice(expected_chunks).values()):
        assert any(content.values()), "the file has content but none came through"

    if name not in STREAM_FAILURES:
        assert error is None, f"{type(error).__name__}: {error}"
        return
    cls, needle = STREAM_FAILURES[name]
    assert type(error) is cls, f"expected {cls.__name__}, got {error!r}"
    assert chunks, "the chunks before the error must have been delivered"
    if cls is unified_chat.IncompleteStreamError:
        assert error_payload is None
        assert "[DONE]" in error.message and "truncated" in error.message
    else:
        assert error_payload is not None
        assert error.message == error_payload["error"]["message"]
        assert error.body == error_payload
        assert error.code == error_payload["error"]["code"]
        assert needle in (error.message, error.code)


def test_stream_error_details() -> None:
    _, groq, _ = _read_stream("groq__error_event_tool_use_failed.sse", pieces=False)
    assert groq.message.startswith("Tool call validation failed: tool call validation failed: parameters for tool")
    assert (groq.code, groq.type) == ("tool_use_failed", "invalid_request_error")
    assert '"invalid_param"' in groq.body["error"]["failed_generation"]
    chunks, openrouter, _ = _read_stream("openrouter__midstream_error.sse", pieces=False)
    assert (openrouter.message, openrouter.code) == ("Token limit reached", 400)
    assert [c.choices[0].finish_reason for c in chunks][-2:] == ["length", "length"]
    chunks, tgi, _ = _read_stream("hf-tgi__data_no_space_no_done.sse", pieces=False)
    assert len(chunks) == 15 and chunks[-1].choices[0].finish_reason == "eos_token"
    assert "".join(c.choices[0].delta.content or "" for c in chunks)


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
@pytest.mark.parametrize("name", STREAMS)
def test_stream_split_anywhere(name: str, crlf: bool) -> None:
    # The recorded files all use \n; the crlf variant (allowed by the SSE spec, and what some
    # proxies send) also puts a split between \r and \n about one time in four.
    whole, whole_error, _ = _read_stream(name, pieces=False)
    split, split_error, _ = _read_stream(name, pieces=True, crlf=crlf)
    assert split == whole
    assert type(split_error) is type(whole_error)
    if whole_error is not None:
        assert split_error.message == whole_error.message


# --- 3. errors --------------------------------------------------------------------------------

STATUS_CLASSES = {
    400: unified_chat.BadRequestError,
    401: unified_chat.AuthenticationError,
    404: unified_chat.NotFoundError,
    422: unified_chat.UnprocessableEntityError,
    429: unified_chat.RateLimitError,
}

# Where each non-envelope shape keeps its message, and the exact string it must come out as.
ERROR_MESSAGES = {
    # OpenAI envelope
    "openai__400_missing_model.json": "you must provide a model parameter",
    "openrouter__401.json": "No cookie auth credentials found",  # envelope without type/param, int code
    # TGI {"error": "...", "error_type": ...}
    "hf-tgi__422_template_error.json": "Template error: template not found",
    # flat vLLM-style {"object": "error", "message": ...}
    "hyperbolic__400_object_error.json": None,  # long; checked against body["message"] below
    # FastAPI {"detail": [{"msg": ...}]}
    "hyperbolic__422_fastapi_validation.json": "Field required",
    # mistral {"message": ..., "request_id": ...}
    "mistral__401_no_api_key.json": "No API key found in request",
    # text/plain
    "hf-tgi__422_text_plain.txt": (
        "Failed to deserialize the JSON body into the target type: missing field `messages` at line 1 column 144"
    ),
}


def _message_in(name: str, body: bytes) -> str:
    """The human-readable message, read from where each recorded shape keeps it."""
    if name.endswith(".txt"):
        return body.decode().strip()
    obj = json.loads(body)
    if isinstance(obj.get("error"), dict):
        return obj["error"]["message"]
    if isinstance(obj.get("error"), str):
        return obj["error"]
    if "detail" in obj:
        return obj["detail"][0]["msg"]
    return obj["message"]


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
@pytest.mark.parametrize("name", ERRORS)
def test_error(name: str, stream: bool) -> None:
    body = (FIXTURES / "errors" / name).read_bytes()
    status = int(re.search(r"__(\d{3})", name).group(1))
    content_type = "text/plain; charset=utf-8" if name.endswith(".txt") else "application/json"
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(status, content=body, headers={"content-type": content_type})

    with pytest.raises(unified_chat.APIStatusError) as info:
        _client(handler).chat.completions.create(model="m", messages=MESSAGES, stream=stream)
    exc = info.value
    assert type(exc) is STATUS_CLASSES[status]
    assert len(calls) == 1, "max_retries=0 must not retry"
    assert exc.status_code == status
    message = _message_in(name, body)
    assert message and exc.message == message
    if ERROR_MESSAGES.get(name) is not None:
        assert exc.message == ERROR_MESSAGES[name]
    assert str(exc) == f"Error code: {status} - {message}"
    if name.endswith(".txt"):
        assert exc.body == body.decode()
    else:
        assert exc.body == json.loads(body)
        if isinstance(exc.body.get("error"), dict):
            # OpenAI's envelope, in all its recorded variants (no type/param, int code), is the
            # spec's ErrorResponse.
            assert _schema_errors("ErrorResponse", exc.body) == []


def _raise_for(name: str) -> unified_chat.APIStatusError:
    body = (FIXTURES / "errors" / name).read_bytes()
    status = int(re.search(r"__(\d{3})", name).group(1))
    client = _client(lambda request: httpx.Response(status, content=body, headers={"content-type": "application/json"}))
    with pytest.raises(unified_chat.APIStatusError) as info:
        client.chat.completions.create(model="m", messages=MESSAGES)
    return info.value


def test_error_fields_per_shape() -> None:
    exc = _raise_for("openai__400_stop_unsupported.json")
    assert (exc.param, exc.code, exc.type) == ("stop", "unsupported_parameter", "invalid_request_error")
    exc = _raise_for("openai__400_missing_model.json")
    assert exc.code is None
    exc = _raise_for("openrouter__401.json")
    assert (exc.code, exc.type, exc.param) == (401, None, None)
    exc = _raise_for("hf-tgi__422_template_error.json")
    assert exc.type == "template_error"
    exc = _raise_for("hyperbolic__400_object_error.json")
    assert exc.message.startswith("Only Qwen/Qwen2.5-72B-Instruct && ") and exc.code == 40301
    exc = _raise_for("hyperbolic__422_fastapi_validation.json")
    assert (exc.message, exc.param, exc.type) == ("Field required", "messages", "missing")
    exc = _raise_for("openrouter__429_rate_limited.json")
    # The generic envelope message; the upstream detail stays reachable on the parsed error.
    assert exc.message == "Provider returned error"
    assert "temporarily rate-limited upstream" in exc.error.model_extra["metadata"]["raw"]


# --- 4. requests ------------------------------------------------------------------------------

# Requests the spec rightly rejects: the top-level keys at fault, and why. None of these keys is
# defined by any of our six platforms (openai, unify, jamai, generic, bifrost, sgp); a server
# serves such clients through its `unknown_fields="passthrough"` policy, not through the schema.
REJECTED_REQUESTS: dict[str, tuple[set[str], str]] = {
    "huggingface-js__tgi_extra_params.json": ({"return_full_text"}, "TGI's return_full_text"),
    "openllmetry__together_explicit_nulls.json": (
        {"repetition_penalty", "min_p", "echo", "safety_model"},
        "Together's sampling and safety parameters (top_k is SGP's and is accepted)",
    ),
    "pydantic-ai__groq_reasoning_format_service_tier.json": (
        {"reasoning_format", "service_tier"},
        "Groq's reasoning_format, and service_tier 'on_demand', a Groq tier outside OpenAI's and Bifrost's enum",
    ),
    "pydantic-ai__openrouter_provider_options.json": (
        {"models", "provider", "transforms"},
        "OpenRouter's routing options",
    ),
}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return yaml.safe_load(SPEC.read_text())


@pytest.fixture(scope="module")
def request_validator():
    return schema_validator("ChatCompletionRequest")


def _schema_offenders(validator, body: dict[str, Any]) -> set[str]:
    out: set[str] = set()
    for error in validator.iter_errors(body):
        path = list(error.absolute_path)
        if path:
            out.add(str(path[0]))
        elif error.validator == "additionalProperties":
            out |= set(body) - set(error.schema["properties"])
        else:
            out.add(f"<root: {error.message}>")
    return out


def _pydantic_offenders(body: dict[str, Any]) -> set[str]:
    from pydantic import ValidationError

    try:
        ChatCompletionRequest.model_validate(body)
    except ValidationError as exc:
        return {str(e["loc"][0]) if e["loc"] else f"<root: {e['msg']}>" for e in exc.errors()}
    return set()


@pytest.mark.parametrize("name", REQUESTS)
def test_request(name: str, request_validator) -> None:
    body = json.loads((FIXTURES / "requests" / name).read_bytes())
    expected, _reason = REJECTED_REQUESTS.get(name, (set(), ""))
    assert _schema_offenders(request_validator, body) == expected
    assert _pydantic_offenders(body) == expected
    # Without the offending keys the request is valid, so nothing else in it is at fault.
    rest = {k: v for k, v in body.items() if k not in expected}
    assert not list(request_validator.iter_errors(rest))
    request = ChatCompletionRequest.model_validate(rest)
    # and the model keeps all of it (assistant reasoning_content, a user message's tool_calls: null)
    assert request.model_dump(mode="json", exclude_unset=True, by_alias=True) == rest


def test_rejected_requests_exist() -> None:
    assert REJECTED_REQUESTS and set(REJECTED_REQUESTS) <= set(REQUESTS)


ISSUE_PARAMETERS = [
    "messages", "model", "max_tokens", "max_completion_tokens", "stop", "stream", "stream_options",
    "temperature", "top_p", "n", "frequency_penalty", "presence_penalty", "logit_bias", "logprobs",
    "top_logprobs", "response_format", "seed", "tools", "tool_choice", "parallel_tool_calls", "user",
    "metadata", "modalities", "store", "reasoning_effort", "verbosity", "service_tier", "prompt_cache_key",
    "safety_identifier", "prediction", "audio", "functions", "function_call", "top_k", "fallbacks",
    "rag_params", "id", "signature", "use_custom_keys", "tags", "drop_params", "region", "log_query_body",
    "log_response_body",
]  # fmt: skip
PLATFORMS = {"openai", "unify", "jamai", "generic", "bifrost", "sgp"}


def test_issue_parameters_are_in_the_request_schema(spec: dict[str, Any]) -> None:
    assert len(ISSUE_PARAMETERS) == len(set(ISSUE_PARAMETERS)) == 44
    props = spec["components"]["schemas"]["ChatCompletionRequest"]["properties"]
    missing = [p for p in ISSUE_PARAMETERS if p not in props]
    assert not missing
    for name in ISSUE_PARAMETERS:
        prop = props[name]
        assert prop.get("x-argument-class") in {"unified", "partially-unified", "platform"}, name
        assert prop.get("x-platforms") and set(prop["x-platforms"]) <= PLATFORMS, name
        assert str(prop.get("description", "")).strip(), name
        assert name in ChatCompletionRequest.model_fields, name

    assert props["functions"]["deprecated"] is True and props["functions"]["x-replaced-by"] == "tools"
    assert props["function_call"]["deprecated"] is True and props["function_call"]["x-replaced-by"] == "tool_choice"

    def cls(name: str) -> tuple[str, list[str]]:
        return props[name]["x-argument-class"], props[name]["x-platforms"]

    assert cls("fallbacks") == ("platform", ["bifrost"])
    assert cls("rag_params") == ("platform", ["jamai"])
    assert cls("id") == ("platform", ["jamai"])
    assert cls("drop_params") == ("platform", ["unify"])
    assert props["top_k"]["x-platforms"] == ["sgp"]
    assert props["temperature"]["x-argument-class"] == "unified"
    # JamAI's narrower bound is its rule; its default is its profile's (said once). Its
    # temperature has no rule: any value >= 0, the shared minimum, and no maximum of 2.
    assert props["top_p"]["x-platform-rules"]["jamai"] == {"minimum": 0.001}
    assert "jamai" not in props["temperature"]["x-platform-rules"]
    assert spec["x-unispec-platforms"]["jamai"]["defaults"]["temperature"] == 0.2
    # JamAI's SDK sends its reasoning arguments on every request
    assert {"thinking_budget", "reasoning_summary", "reasoning_effort"} <= {n for n, p in props.items() if "jamai" in p["x-platforms"]}
    assert cls("messages") == (
        "unified",
        sorted(PLATFORMS, key=["openai", "unify", "jamai", "generic", "bifrost", "sgp"].index),
    )
