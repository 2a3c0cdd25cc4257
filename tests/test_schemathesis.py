"""Schemathesis against the generated server with the reference backend, driven from our spec.

The spec is the one the server serves at /openapi.json (its `servers` entry is the platform's base
path). Each operation is fuzzed with valid (positive) and invalid (negative) requests over real
HTTP on 127.0.0.1. The CI size is a few hundred requests; set UNISPEC_FUZZ_EXAMPLES (per operation
and mode, e.g. 5000) for the nightly size.

What is checked on every response:
- schemathesis' own checks: not_a_server_error (no 5xx), status_code_conformance,
  content_type_conformance, response_headers_conformance, response_schema_conformance (every body,
  errors included, matches the spec), negative_data_rejection (an invalid request is rejected);
- ours: every 4xx carries the full `{"error": {message, type, param, code}}` envelope; an invalid
  request gets a 4xx; a valid request is answered 200, or 400/404 with the envelope, because the
  shared schema is the union of the platforms' and a platform's narrower rules (`temperature <= 2`
  on OpenAI) and the backend's (unknown token ids in logit_bias) may still refuse it.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from typing import Any

import httpx
import jsonschema
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from support import serve
from unified_chat import get_platform
from unified_chat.server import create_app

from unispec.backend import ReferenceBackend

KEY = "sk-fuzz-0123456789"
EXAMPLES = int(os.environ.get("UNISPEC_FUZZ_EXAMPLES", "60"))
DEADLINE_S = float(os.environ.get("UNISPEC_FUZZ_DEADLINE_S", "45" if EXAMPLES <= 100 else "3600"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# Tallies of the run; each test prints its own figures (run with -s), quoted in docs/reliability.md.
FIGURES: Counter[str] = Counter()


@pytest.fixture(scope="module", params=["openai", "unify"])
def served(request: pytest.FixtureRequest):
    platform = request.param
    app = create_app(ReferenceBackend(), platform=platform, api_key=KEY)
    with serve(app) as origin:
        spec = httpx.get(f"{origin}/openapi.json", timeout=10).json()
        assert spec["servers"][0]["url"] == get_platform(platform).base_path
        schema = schemathesis.openapi.from_dict(spec)
        yield platform, origin, schema


def _envelope_ok(response: Any) -> dict[str, Any]:
    body = json.loads(response.content)
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"message", "type", "param", "code"}, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"], body
    return body["error"]


def _check_stream(text: str, validator: jsonschema.Validator, cut_short: bool) -> None:
    """Every event is `data: <ChatCompletionChunk JSON>`, and the last is `data: [DONE]`.

    schemathesis stops reading a stream after a number of events (`stream_cut_short`): then the
    events read are checked, and the end cannot be.
    """
    events = [e for e in text.split("\n\n") if e.strip()]
    if cut_short:
        FIGURES["streams cut short by schemathesis"] += 1
        # schemathesis stops at 20 events, a stream's [DONE] included when it is the 20th
        if not events or events[-1] != "data: [DONE]":
            events.append("data: [DONE]")
    assert events and events[-1] == "data: [DONE]", events[-3:]
    for event in events[:-1]:
        assert event.startswith("data: "), event
        chunk = json.loads(event[len("data: "):])
        errors = sorted(validator.iter_errors(chunk), key=str)
        assert not errors, (errors[0].message, chunk)
    FIGURES["stream chunks validated"] += len(events) - 1


def _for_platform(platform: str):
    profile = get_platform(platform)
    model = profile.model_id("unispec-large", "unispec")

    def fix(case: schemathesis.Case) -> schemathesis.Case:
        if isinstance(case.body, dict):
            # Arguments other platforms define are valid for the shared schema but refused here
            # (unknown_fields="reject"); a model this server does not serve is a 404 every time.
            # A new dict: the spec's examples are shared objects, reused by the invalid-mode run.
            body = {name: value for name, value in case.body.items() if name in profile.accepts}
            body["model"] = model
            case.body = body
        return case

    return fix


@pytest.mark.timeout(max(600, 2 * EXAMPLES))
@pytest.mark.parametrize(
    ("operation", "mode"),
    [
        ("POST /chat/completions", GenerationMode.POSITIVE),
        ("POST /chat/completions", GenerationMode.NEGATIVE),
        # GET /models takes no parameters: nothing to make invalid, and few distinct valid requests.
        ("GET /models", GenerationMode.POSITIVE),
    ],
    ids=["chat-valid", "chat-invalid", "models-valid"],
)
def test_fuzz(served, operation: str, mode: GenerationMode) -> None:
    platform, origin, schema = served
    method, path = operation.split(" ")
    op = schema[path][method]
    strategy = op.as_strategy(generation_mode=mode)
    if mode is GenerationMode.POSITIVE:
        strategy = strategy.map(_for_platform(platform))
    base_url = origin + get_platform(platform).base_path
    headers = {"Authorization": f"Bearer {KEY}"}
    statuses: Counter[int] = Counter()
    refusals: Counter[str] = Counter()
    chunk_validator = jsonschema.Draft202012Validator(
        {"$ref": "#/components/schemas/ChatCompletionChunk", "components": schema.raw_schema["components"]}
    )
    started = time.monotonic()

    @settings(
        max_examples=EXAMPLES if operation.startswith("POST") else min(EXAMPLES, 20),
        deadline=None,
        derandomize=EXAMPLES <= 100,  # CI: reproducible; nightly: explore
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: report the first failure as found
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: schemathesis.Case) -> None:
        if time.monotonic() - started > DEADLINE_S:
            return
        data = case.meta.phase.data if case.meta is not None else None
        header_mutated = getattr(data, "parameter_location", None) == ParameterLocation.HEADER
        # The key is ours to send, except when the invalid part is the auth header itself (then 401).
        response = case.call(base_url=base_url, headers=None if header_mutated else headers, timeout=30)
        statuses[response.status_code] += 1
        sse = (response.headers.get("content-type") or [""])[0].startswith("text/event-stream")
        # schemathesis reads a text/event-stream schema as the SSE event envelope (OpenAPI 3.2's
        # itemSchema reading); ours describes each event's JSON data, so the stream is checked below.
        case.validate_response(
            response, checks=[c for c in CHECKS if not (sse and c is response_schema_conformance)], headers=headers
        )
        if sse:
            assert response.status_code == 200
            _check_stream(response.text, chunk_validator, bool(response.stream_cut_short))
        assert response.status_code < 500, response.text
        if response.status_code >= 400:
            error = _envelope_ok(response)
            refusals[f"{response.status_code} {error['code']} {error['param']}"] += 1
        negative = case.meta is not None and case.meta.generation.mode.is_negative  # spec examples stay valid
        FIGURES[f"{platform} {operation} {'invalid' if negative else 'valid'} cases"] += 1
        if negative and operation.startswith("POST"):
            assert 400 <= response.status_code < 500, (response.status_code, case.body, case.headers)
        else:
            assert response.status_code in (200, 400, 404), (response.status_code, response.text)

    try:
        run()
    finally:
        sent = sum(statuses.values())
        label = f"{platform} {operation} {mode.value}"
        FIGURES[f"{label} sent"] += sent
        for status, count in sorted(statuses.items()):
            FIGURES[f"{label} {status}"] += count
        print(f"\n[fuzz] {label}: {sent} requests, statuses {dict(sorted(statuses.items()))}, {time.monotonic() - started:.1f}s")
        print(f"[fuzz] {label}: refusals {refusals.most_common(8)}")
    assert sent > 0
    if mode is GenerationMode.POSITIVE and operation.startswith("POST"):
        # Valid requests must mostly be served, not refused: a server answering 400 to all would pass otherwise.
        assert statuses[200] >= sent // 4, dict(statuses)
