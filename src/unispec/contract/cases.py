"""Contract cases, derived from the spec.

Every request property of the spec gets a case. Properties whose effect can be observed have a
semantic check in `SEMANTIC` (n, stop, max tokens, seed, logprobs, tools, response_format,
streaming, ...); every other property, including one added to the spec tomorrow, is sent with a
value taken from the spec's own examples (or built from its schema) and checked for being accepted
with a conforming answer. Bad-input probes check that the provider answers 4xx, never 5xx.
"""

from __future__ import annotations

import json
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft202012Validator

from ..instances import instance_for
from ..spec import Spec
from ..validate import RULE_KEYWORDS
from .judge import NON_ENVELOPE
from .probe import Answer, Provider, StreamAnswer

HONOURED, IGNORED, REJECTED, BROKEN = "honoured", "ignored", "rejected", "broken"
PASSED, FAILED = "passed", "failed"

TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["c", "f"]}},
            "required": ["city", "unit"],
            "additionalProperties": False,
        },
    },
}
TOOL_2 = {
    "type": "function",
    "function": {
        "name": "get_time",
        "description": "Current time in a city.",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}
SCHEMA = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "population": {"type": "integer", "minimum": 0}},
    "required": ["city", "population"],
    "additionalProperties": False,
}


@dataclass
class Outcome:
    verdict: str
    detail: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class Env:
    """What every check needs: the provider, the model, and a few facts learnt up front."""

    provider: Provider
    model: str
    platform: str
    greedy_temperature: float
    base: dict[str, Any]
    deterministic: bool = False
    baseline: str = ""

    def body(self, **extra: Any) -> dict[str, Any]:
        return {**self.base, **extra}


Check = Callable[[Env, Any], Awaitable[Outcome]]


@dataclass
class Case:
    id: str
    param: str | None
    kind: str  # "semantic", "accepted" or "probe"
    claimed: bool  # the platform's profile says it accepts this parameter
    check: Check
    value: Any = None
    argument_class: str | None = None


# --- shared judgements ------------------------------------------------------------------------------


def judged(answer: Answer) -> Outcome | None:
    """The verdict when the call itself already decides it (rejected, broken); None to go on."""
    if answer.problem is not None:
        return Outcome(BROKEN, answer.problem, answer.warnings)
    if answer.rejected:
        return Outcome(REJECTED, f"HTTP {answer.status}: {answer.error_message()}", answer.warnings)
    if not answer.ok:
        return Outcome(BROKEN, f"HTTP {answer.status}", answer.warnings)
    return None


def content(answer: Answer, index: int = 0) -> str:
    assert answer.completion is not None
    message = answer.completion.choices[index].message
    return message.content or ""


# --- semantic checks, by parameter -------------------------------------------------------------------


async def check_accepted(env: Env, value: Any, param: str) -> Outcome:
    answer = await env.provider.complete(env.body(**{param: value}))
    return judged(answer) or Outcome(HONOURED, "accepted; the answer conforms", answer.warnings)


async def check_messages(env: Env, value: Any) -> Outcome:
    messages = [
        {"role": "system", "content": "You are terse."},
        {"role": "developer", "content": [{"type": "text", "text": "Answer in one sentence."}]},
        {"role": "user", "content": [{"type": "text", "text": "What is the weather?"}]},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"city": "Paris", "unit": "c"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "Mild, 18 C."},
        {"role": "user", "content": "Thanks. Summarise."},
    ]
    answer = await env.provider.complete(env.body(messages=messages, tools=[TOOL]))
    return judged(answer) or Outcome(HONOURED, "every role accepted; the answer conforms", answer.warnings)


async def check_model(env: Env, value: Any) -> Outcome:
    answer = await env.provider.complete(env.body())
    if (out := judged(answer)) is not None:
        return out
    assert answer.completion is not None
    if not answer.completion.model:
        return Outcome(BROKEN, "the completion names no model", answer.warnings)
    return Outcome(HONOURED, f"answered by {answer.completion.model}", answer.warnings)


async def check_n(env: Env, value: Any) -> Outcome:
    answer = await env.provider.complete(env.body(n=2, temperature=1.0))
    if (out := judged(answer)) is not None:
        return out
    assert answer.completion is not None
    indexes = sorted(c.index for c in answer.completion.choices)
    if indexes == [0, 1]:
        return Outcome(HONOURED, "2 choices, indexes 0 and 1", answer.warnings)
    if indexes == [0]:
        return Outcome(IGNORED, "asked for 2 choices, got 1", answer.warnings)
    return Outcome(BROKEN, f"asked for 2 choices, got indexes {indexes}", answer.warnings)


def _stop_word(text: str) -> str | None:
    words = [w for w in text.split() if len(w) >= 3]
    return " " + words[len(words) // 2] if len(words) >= 2 else None


async def check_stop(env: Env, value: Any) -> Outcome:
    stop = _stop_word(env.baseline) if env.deterministic else None
    if stop is None:
        return await check_accepted(env, ["\n\n"], "stop")
    answer = await env.provider.complete(env.body(stop=[stop]))
    if (out := judged(answer)) is not None:
        return out
    text = content(answer)
    finish = answer.completion.choices[0].finish_reason if answer.completion else None
    if stop in text:
        return Outcome(IGNORED, f"the output contains the stop sequence {stop!r}", answer.warnings)
    if finish != "stop":
        return Outcome(BROKEN, f"stopped by {stop!r} but finish_reason is {finish!r}", answer.warnings)
    if not env.baseline.startswith(text):
        return Outcome(BROKEN, "the stopped output is not a prefix of the unstopped output", answer.warnings)
    return Outcome(HONOURED, f"cut before {stop!r}, finish_reason stop", answer.warnings)


async def _check_limit(env: Env, param: str) -> Outcome:
    limit = 3
    answer = await env.provider.complete(env.body(**{param: limit}))
    if (out := judged(answer)) is not None:
        return out
    assert answer.completion is not None
    usage = answer.completion.usage
    finish = answer.completion.choices[0].finish_reason
    used = usage.completion_tokens if usage and usage.completion_tokens is not None else None
    if used is not None and used > limit:
        return Outcome(IGNORED, f"{param}={limit} but {used} completion tokens", answer.warnings)
    if used is None and len(content(answer).split()) > limit + 2:
        return Outcome(
            IGNORED, f"{param}={limit} but the output has {len(content(answer).split())} words", answer.warnings
        )
    if used == limit and finish != "length":
        return Outcome(
            BROKEN, f"cut at {param}={limit} tokens but finish_reason is {finish!r}, not 'length'", answer.warnings
        )
    return Outcome(HONOURED, f"at most {limit} tokens, finish_reason {finish}", answer.warnings)


async def check_max_tokens(env: Env, value: Any) -> Outcome:
    return await _check_limit(env, "max_tokens")


async def check_max_completion_tokens(env: Env, value: Any) -> Outcome:
    return await _check_limit(env, "max_completion_tokens")


async def check_seed(env: Env, value: Any) -> Outcome:
    first = await env.provider.complete(env.body(seed=1234, temperature=1.0))
    if (out := judged(first)) is not None:
        return out
    second = await env.provider.complete(env.body(seed=1234, temperature=1.0))
    if (out := judged(second)) is not None:
        return out
    if content(first) == content(second):
        return Outcome(HONOURED, "same seed, same output at temperature 1", first.warnings)
    return Outcome(IGNORED, "same seed and parameters gave different outputs", first.warnings)


async def check_temperature(env: Env, value: Any) -> Outcome:
    body = {k: v for k, v in env.body().items() if k != "seed"}  # greedy needs no seed
    first = await env.provider.complete(body)
    if (out := judged(first)) is not None:
        return out
    second = await env.provider.complete(body)
    if (out := judged(second)) is not None:
        return out
    if content(first) == content(second):
        return Outcome(HONOURED, f"temperature {env.greedy_temperature:g} gave the same output twice", first.warnings)
    return Outcome(IGNORED, f"temperature {env.greedy_temperature:g} gave different outputs", first.warnings)


async def _logprob_entries(env: Env, **params: Any) -> tuple[Answer, Outcome | None, list[Any]]:
    """The first choice's content logprobs, or the verdict when the call already decides it."""
    answer = await env.provider.complete(env.body(logprobs=True, **params))
    if (out := judged(answer)) is not None:
        return answer, out, []
    assert answer.completion is not None
    lp = answer.completion.choices[0].logprobs
    return answer, None, list(lp.content or []) if lp else []


async def check_logprobs(env: Env, value: Any) -> Outcome:
    answer, out, entries = await _logprob_entries(env)
    if out is not None:
        return out
    if not entries:
        return Outcome(IGNORED, "logprobs asked for, none returned", answer.warnings)
    if any(e.logprob > 0 for e in entries):
        return Outcome(BROKEN, "a log probability is above 0", answer.warnings)
    return Outcome(HONOURED, f"{len(entries)} token entries, all <= 0", answer.warnings)


async def check_top_logprobs(env: Env, value: Any) -> Outcome:
    answer, out, entries = await _logprob_entries(env, top_logprobs=2)
    if out is not None:
        return out
    if not entries:
        return Outcome(IGNORED, "no logprobs returned", answer.warnings)
    for entry in entries:
        tops = entry.top_logprobs or []
        values = [t.logprob for t in tops]
        if len(tops) != 2:
            return Outcome(IGNORED, f"asked for 2 alternatives, got {len(tops)}", answer.warnings)
        if values != sorted(values, reverse=True):
            return Outcome(BROKEN, "top_logprobs are not sorted", answer.warnings)
    return Outcome(HONOURED, "2 sorted alternatives per token", answer.warnings)


def _tool_problem(arguments: str | None, schema: dict[str, Any]) -> str | None:
    try:
        args = json.loads(arguments or "")
    except ValueError:
        return f"tool arguments are not JSON: {arguments!r:.80}"
    errors = list(Draft202012Validator(schema).iter_errors(args))
    return f"tool arguments break the tool's schema: {errors[0].message}" if errors else None


async def _check_tool_call(env: Env, body: dict[str, Any], expect_name: str | None, max_calls: int | None) -> Outcome:
    answer = await env.provider.complete(body)
    if (out := judged(answer)) is not None:
        return out
    assert answer.completion is not None
    choice = answer.completion.choices[0]
    calls = choice.message.tool_calls or []
    if not calls:
        return Outcome(IGNORED, "no tool call made", answer.warnings)
    schemas = {t["function"]["name"]: t["function"]["parameters"] for t in body["tools"]}
    for call in calls:
        name = call.function.name if call.function else None
        if name not in schemas:
            return Outcome(BROKEN, f"called {name!r}, which is not among the tools", answer.warnings)
        if (problem := _tool_problem(call.function.arguments, schemas[name])) is not None:
            return Outcome(BROKEN, problem, answer.warnings)
    if expect_name and any(c.function.name != expect_name for c in calls):
        return Outcome(IGNORED, f"asked for {expect_name}, got {[c.function.name for c in calls]}", answer.warnings)
    if max_calls is not None and len(calls) > max_calls:
        return Outcome(IGNORED, f"{len(calls)} calls where at most {max_calls} were allowed", answer.warnings)
    if choice.finish_reason != "tool_calls":
        return Outcome(BROKEN, f"tool calls made but finish_reason is {choice.finish_reason!r}", answer.warnings)
    return Outcome(HONOURED, f"{len(calls)} valid call(s), finish_reason tool_calls", answer.warnings)


async def check_tools(env: Env, value: Any) -> Outcome:
    return await _check_tool_call(env, env.body(tools=[TOOL], tool_choice="required"), None, None)


async def check_tool_choice(env: Env, value: Any) -> Outcome:
    named = {"type": "function", "function": {"name": "get_time"}}
    return await _check_tool_call(env, env.body(tools=[TOOL, TOOL_2], tool_choice=named), "get_time", None)


async def check_parallel_tool_calls(env: Env, value: Any) -> Outcome:
    return await _check_tool_call(
        env, env.body(tools=[TOOL, TOOL_2], tool_choice="required", parallel_tool_calls=False), None, 1
    )


async def check_functions(env: Env, value: Any) -> Outcome:
    fn = TOOL["function"]
    answer = await env.provider.complete(env.body(functions=[fn], function_call={"name": fn["name"]}))
    if (out := judged(answer)) is not None:
        return out
    assert answer.completion is not None
    choice = answer.completion.choices[0]
    call = choice.message.function_call
    if call is None:
        return Outcome(IGNORED, "no function_call made", answer.warnings)
    if (problem := _tool_problem(call.arguments, fn["parameters"])) is not None:
        return Outcome(BROKEN, problem, answer.warnings)
    return Outcome(HONOURED, f"function_call {call.name} with valid arguments", answer.warnings)


async def check_response_format(env: Env, value: Any) -> Outcome:
    fmt = {"type": "json_schema", "json_schema": {"name": "city", "strict": True, "schema": SCHEMA}}
    answer = await env.provider.complete(env.body(response_format=fmt))
    if (out := judged(answer)) is not None:
        return out
    text = content(answer)
    try:
        value = json.loads(text)
    except ValueError:
        return Outcome(IGNORED, f"json_schema asked for, the output is not JSON: {text[:60]!r}", answer.warnings)
    errors = list(Draft202012Validator(SCHEMA).iter_errors(value))
    if errors:
        return Outcome(BROKEN, f"the output breaks the schema: {errors[0].message}", answer.warnings)
    obj = await env.provider.complete(env.body(response_format={"type": "json_object"}))
    if (out := judged(obj)) is not None:
        return out
    try:
        parsed = json.loads(content(obj))
    except ValueError:
        return Outcome(IGNORED, "json_object asked for, the output is not JSON", answer.warnings + obj.warnings)
    if not isinstance(parsed, dict):
        return Outcome(
            BROKEN, "json_object asked for, the output is JSON but not an object", answer.warnings + obj.warnings
        )
    return Outcome(HONOURED, "json_schema output valid, json_object output an object", answer.warnings + obj.warnings)


def _stream_outcome(stream: StreamAnswer) -> Outcome | None:
    if stream.problem is not None:
        return Outcome(BROKEN, stream.problem, stream.warnings)
    if stream.rejected:
        return Outcome(REJECTED, f"HTTP {stream.status}: {stream.error_message()}", stream.warnings)
    return None


async def check_stream(env: Env, value: Any) -> Outcome:
    stream = await env.provider.stream(env.body())
    if (out := _stream_outcome(stream)) is not None:
        return out
    text = stream.texts.get(0, "")
    if env.deterministic and text != env.baseline:
        return Outcome(
            BROKEN,
            f"streamed text differs from the plain answer: {text[:40]!r} vs {env.baseline[:40]!r}",
            stream.warnings,
        )
    same = " and equal to the plain answer" if env.deterministic else ""
    return Outcome(
        HONOURED,
        f"{len(stream.chunks)} conforming chunks, one id, role first, finish_reason last, [DONE]{same}",
        stream.warnings,
    )


async def check_stream_options(env: Env, value: Any) -> Outcome:
    stream = await env.provider.stream(env.body(stream_options={"include_usage": True}))
    if (out := _stream_outcome(stream)) is not None:
        return Outcome(IGNORED, out.detail, out.warnings) if stream.usage_missing else out
    usage = stream.usage_chunk.usage if stream.usage_chunk else None
    return Outcome(
        HONOURED, f"final usage chunk with choices: [] ({usage.total_tokens if usage else '?'} tokens)", stream.warnings
    )


async def check_top_k(env: Env, value: Any) -> Outcome:
    if not env.deterministic:
        return await check_accepted(env, 1, "top_k")
    answer = await env.provider.complete(env.body(top_k=1, temperature=1.0, seed=99))
    if (out := judged(answer)) is not None:
        return out
    if content(answer) == env.baseline:
        return Outcome(HONOURED, "top_k=1 at temperature 1 equals the greedy output", answer.warnings)
    return Outcome(IGNORED, "top_k=1 at temperature 1 differs from the greedy output", answer.warnings)


SEMANTIC: dict[str, Check] = {
    "messages": check_messages,
    "model": check_model,
    "n": check_n,
    "stop": check_stop,
    "max_tokens": check_max_tokens,
    "max_completion_tokens": check_max_completion_tokens,
    "seed": check_seed,
    "temperature": check_temperature,
    "logprobs": check_logprobs,
    "top_logprobs": check_top_logprobs,
    "tools": check_tools,
    "tool_choice": check_tool_choice,
    "parallel_tool_calls": check_parallel_tool_calls,
    "functions": check_functions,
    "function_call": check_functions,
    "response_format": check_response_format,
    "stream": check_stream,
    "stream_options": check_stream_options,
    "top_k": check_top_k,
}


# --- bad-input probes --------------------------------------------------------------------------------


async def _expect_4xx(env: Env, raw: bytes, what: str) -> Outcome:
    answer = await env.provider.raw("POST", "/chat/completions", raw, {"Content-Type": "application/json"})
    if answer.status is None:
        return Outcome(FAILED, f"{what}: {answer.problem}")
    if 400 <= answer.status < 500:
        if answer.envelope_problem is not None:
            return Outcome(NON_ENVELOPE, f"{what}: HTTP {answer.status}, {answer.envelope_problem}", answer.warnings)
        return Outcome(PASSED, f"{what}: HTTP {answer.status} {answer.error_message()[:80]}", answer.warnings)
    return Outcome(
        FAILED, f"{what}: HTTP {answer.status}, expected 4xx: {answer.error_message()[:80]}", answer.warnings
    )


def _probe(body_of: Callable[[Env], Any], what: str) -> Check:
    async def check(env: Env, value: Any) -> Outcome:
        body = body_of(env)
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        return await _expect_4xx(env, raw, what)

    return check


PROBES: dict[str, tuple[Check, str | None]] = {
    # Below every platform's minimum (JamAI Base has no maximum, so a huge value proves nothing).
    "probe.temperature-out-of-range": (_probe(lambda e: e.body(temperature=-1), "temperature -1"), "temperature"),
    "probe.missing-messages": (
        _probe(lambda e: {k: v for k, v in e.body().items() if k != "messages"}, "no messages"),
        "messages",
    ),
    "probe.messages-wrong-type": (_probe(lambda e: e.body(messages="hello"), "messages as a string"), "messages"),
    "probe.n-wrong-type": (_probe(lambda e: e.body(n="two"), "n as a string"), "n"),
    "probe.unknown-tool-name": (
        _probe(
            lambda e: e.body(tools=[TOOL], tool_choice={"type": "function", "function": {"name": "no_such_tool"}}),
            "tool_choice naming an unknown tool",
        ),
        "tool_choice",
    ),
    "probe.malformed-json": (_probe(lambda e: b'{"messages": [', "a body that is not JSON"), None),
    "probe.unknown-model": (_probe(lambda e: e.body(model="no-such-model-" + e.model), "an unknown model"), "model"),
}


# --- building the list ------------------------------------------------------------------------------


# The rule keywords that constrain a value (not `type`, `default`, `required`).
_RULE_CONSTRAINTS = RULE_KEYWORDS - {"type", "default", "required"}


def _spec_value(spec: Spec, name: str, prop: dict[str, Any], rng: random.Random, platform: str) -> Any:
    """A value for `name` that the platform should accept: from the spec's request examples, else
    the platform's or the spec's default, else built from the schema narrowed by the platform's rule."""
    rule = (prop.get("x-platform-rules") or {}).get(platform) or {}
    content = spec.data["paths"]["/chat/completions"]["post"]["requestBody"]["content"]["application/json"]
    for example in (content.get("examples") or {}).values():
        value = (example.get("value") or {}).get(name)
        if value is not None:
            return value
    # The same order as the generated Platform.default(): the profile's defaults, then the rule's.
    for default in (
        spec.platforms.get(platform, {}).get("defaults", {}).get(name),
        rule.get("default"),
        prop.get("default"),
    ):
        if default is not None:
            return default
    narrowed = {**prop, **{k: v for k, v in rule.items() if k in _RULE_CONSTRAINTS}}
    return instance_for(narrowed, rng, spec.data)


def build_cases(spec: Spec, platform: str) -> list[Case]:
    rng = random.Random(0)
    cases: list[Case] = []
    for name, prop in spec.request_properties.items():
        claimed = platform in (prop.get("x-platforms") or [])
        cls = prop.get("x-argument-class")
        semantic = SEMANTIC.get(name)
        if semantic is not None:
            cases.append(Case(name, name, "semantic", claimed, semantic, argument_class=cls))
        else:
            value = _spec_value(spec, name, prop, rng, platform)

            async def accepted(env: Env, value: Any, _name: str = name) -> Outcome:
                return await check_accepted(env, value, _name)

            cases.append(Case(name, name, "accepted", claimed, accepted, value, cls))
    for case_id, (check, param) in PROBES.items():
        cases.append(Case(case_id, param, "probe", True, check))
    return cases
