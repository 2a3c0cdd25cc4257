"""Contract cases, derived from the spec.

Every request property of the spec gets a case. Properties whose effect can be observed have a
semantic check in `SEMANTIC` (n, stop, max tokens, seed, logprobs, tools, response_format,
streaming, ...); every other property, including one added to the spec tomorrow, is sent with a
value taken from the spec's own examples (or built from its schema) and checked for being accepted
with a conforming answer. Bad-input probes check that the provider answers 4xx, never 5xx.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft202012Validator

from ..instances import instance_for
from ..spec import Spec
from ..validate import RULE_KEYWORDS
from .derive import MISSING, DerivedProbe, derive_probes
from .judge import NON_ENVELOPE
from .probe import Answer, Provider, StreamAnswer

# honoured: the parameter's effect was seen; accepted: a conforming answer, but its effect cannot be
# seen from the answer (or was not observable against this provider); ignored: the effect should have
# been seen and was not; rejected: a 4xx; broken: a non-conforming answer.
HONOURED, ACCEPTED, IGNORED, REJECTED, BROKEN = "honoured", "accepted", "ignored", "rejected", "broken"
PASSED, FAILED = "passed", "failed"
OK_VERDICTS = frozenset({HONOURED, ACCEPTED, PASSED})

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
    accepts: frozenset[str] = frozenset()
    max_temperature: float = 2.0
    min_top_p: float = 0.0

    shared: dict[str, asyncio.Future[Any]] = field(default_factory=dict)

    def body(self, **extra: Any) -> dict[str, Any]:
        return {**self.base, **extra}

    def once(self, key: str, make: Callable[[], Awaitable[Any]]) -> asyncio.Future[Any]:
        """A fact several checks need (does temperature 1 sample?), found out once per run."""
        if key not in self.shared:
            self.shared[key] = asyncio.ensure_future(make())
        return self.shared[key]

    @property
    def limit_param(self) -> str:
        """The output-length parameter the platform claims (generic gateways only max_completion_tokens)."""
        return "max_tokens" if "max_tokens" in self.accepts or "max_completion_tokens" not in self.accepts else "max_completion_tokens"

    def seeded(self, seed: int) -> dict[str, Any]:
        return {"seed": seed} if "seed" in self.accepts else {}


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


def content_of(answer: Answer, index: int = 0) -> str:
    assert answer.completion is not None
    message = answer.completion.choices[index].message
    return message.content or ""


def words(text: str) -> list[str]:
    return text.split()


def repeats(text: str) -> int:
    """How many words repeat an earlier one: what penalties act on."""
    ws = [w.strip(".,").lower() for w in words(text)]
    return len(ws) - len(set(ws))


# --- semantic checks, by parameter -------------------------------------------------------------------


async def check_accepted(env: Env, value: Any, param: str, why: str = "its effect cannot be seen in the answer") -> Outcome:
    answer = await env.provider.complete(env.body(**{param: value}))
    return judged(answer) or Outcome(ACCEPTED, f"accepted, the answer conforms; {why}", answer.warnings)


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


def _inside_word(text: str) -> str | None:
    """Two letters from inside a word, first found there: a stop sequence that cuts a token in two."""
    for word in words(text):
        core = word.strip(".,!?")
        if len(core) >= 4:
            piece = core[1:3]
            at = text.find(piece)
            if at > 0 and text.find(core) <= at:
                return piece
    return None


async def _stopped(env: Env, stop: str) -> Outcome | None:
    """None when `stop` cut the greedy output exactly before its first occurrence."""
    answer = await env.provider.complete(env.body(stop=[stop]))
    if (out := judged(answer)) is not None:
        return out
    text = content_of(answer)
    finish = answer.completion.choices[0].finish_reason if answer.completion else None
    if stop in text:
        return Outcome(IGNORED, f"the output contains the stop sequence {stop!r}", answer.warnings)
    if text == env.baseline:
        return Outcome(IGNORED, f"the output was not cut at {stop!r}", answer.warnings)
    if text != env.baseline[: env.baseline.find(stop)]:
        return Outcome(BROKEN, f"cut at {stop!r} but not just before it: {text[-30:]!r}", answer.warnings)
    if finish != "stop":
        return Outcome(BROKEN, f"stopped by {stop!r} but finish_reason is {finish!r}", answer.warnings)
    return None


async def check_stop(env: Env, value: Any) -> Outcome:
    stop = _stop_word(env.baseline) if env.deterministic else None
    if stop is None:
        return await check_accepted(env, ["\n\n"], "stop", "the greedy output is not repeatable, so no cut can be seen")
    if (out := await _stopped(env, stop)) is not None:
        return out
    inner = _inside_word(env.baseline)
    if inner is not None and (out := await _stopped(env, inner)) is not None:
        out.detail = f"within a word: {out.detail}"
        return out
    within = f" and inside a word at {inner!r}" if inner else ""
    return Outcome(HONOURED, f"cut just before {stop!r}{within}, finish_reason stop")


async def _check_limit(env: Env, param: str) -> Outcome:
    limit = 3
    # With logprobs, the tokens are counted from the answer itself: a wrong usage is the usage
    # case's finding, not this one's.
    logprobs = {"logprobs": True} if "logprobs" in env.accepts else {}
    answer = await env.provider.complete(env.body(**{param: limit}, **logprobs))
    if (out := judged(answer)) is not None:
        return out
    assert answer.completion is not None
    choice = answer.completion.choices[0]
    usage = answer.completion.usage
    finish = choice.finish_reason
    entries = choice.logprobs.content if choice.logprobs and choice.logprobs.content else None
    if entries is not None:
        used, how = len(entries), "tokens (by logprobs)"
    elif usage and usage.completion_tokens is not None:
        used, how = usage.completion_tokens, "completion tokens (by usage)"
    else:
        used, how = None, ""
    if used is not None and used > limit:
        return Outcome(IGNORED, f"{param}={limit} but {used} {how}", answer.warnings)
    if used is None and len(words(content_of(answer))) > limit + 2:
        return Outcome(IGNORED, f"{param}={limit} but the output has {len(words(content_of(answer)))} words", answer.warnings)
    if used == limit and finish != "length" and env.deterministic and len(env.baseline.split()) > limit:
        return Outcome(
            BROKEN, f"cut at {param}={limit} tokens but finish_reason is {finish!r}, not 'length'", answer.warnings
        )
    return Outcome(HONOURED, f"at most {limit} {how or 'tokens'}, finish_reason {finish}", answer.warnings)


async def check_max_tokens(env: Env, value: Any) -> Outcome:
    return await _check_limit(env, "max_tokens")


async def check_max_completion_tokens(env: Env, value: Any) -> Outcome:
    return await _check_limit(env, "max_completion_tokens")


async def _sample(env: Env, **params: Any) -> tuple[str | None, Outcome | None]:
    """One output; seeded only when `params` name a seed (the baseline's own seed is dropped)."""
    body = {k: v for k, v in env.body(**params).items() if k != "seed" or "seed" in params}
    answer = await env.provider.complete(body)
    if (out := judged(answer)) is not None:
        return None, out
    return content_of(answer), None


async def _samples(env: Env, variants: list[dict[str, Any]], **params: Any) -> tuple[list[str], Outcome | None]:
    got = []
    for variant in variants:
        text, out = await _sample(env, **params, **variant)
        if out is not None:
            return got, out
        got.append(text or "")
    return got, None


def _unseeded_variants(env: Env) -> list[dict[str, Any]]:
    """Three requests that differ only where sampling cannot care (the end user's id)."""
    return [{"user": f"contract-{i}"} for i in range(3)] if "user" in env.accepts else [{}, {}, {}]


async def _is_random(env: Env) -> tuple[bool | None, Outcome | None]:
    """Does temperature 1 sample at all? Asked once per run, shared by every check that needs it."""
    return await env.once("random", lambda: _find_random(env))


async def _find_random(env: Env) -> tuple[bool | None, Outcome | None]:
    # Different seeds first (a gateway may drop `user`, and a provider that is deterministic per
    # request would then look greedy); then requests differing only in `user`.
    tries = [[{"seed": s} for s in (1, 2, 3)]] if "seed" in env.accepts else []
    for variants in [*tries, _unseeded_variants(env)]:
        got, out = await _samples(env, variants, temperature=1.0)
        if out is not None:
            return None, out
        if len(set(got)) > 1:
            return True, None
    return False, None


async def check_seed(env: Env, value: Any) -> Outcome:
    random_, out = await _is_random(env)
    if out is not None:
        return out
    if not random_:
        return await check_accepted(env, 1234, "seed", "temperature 1 gives one output whatever the request, so a seed's effect cannot be seen")
    same, out = await _samples(env, [{"seed": 1234}, {"seed": 1234}], temperature=1.0)
    if out is not None:
        return out
    if same[0] != same[1]:
        return Outcome(IGNORED, "same seed and parameters gave different outputs")
    other, out = await _samples(env, [{"seed": 1}, {"seed": 2}, {"seed": 3}], temperature=1.0)
    if out is not None:
        return out
    if len({same[0], *other}) == 1:
        return Outcome(IGNORED, "seeds 1234, 1, 2 and 3 gave the same output at temperature 1")
    return Outcome(HONOURED, "same seed, same output at temperature 1; other seeds, other outputs")


async def check_temperature(env: Env, value: Any) -> Outcome:
    body = {k: v for k, v in env.body().items() if k != "seed"}  # greedy needs no seed
    first = await env.provider.complete(body)
    if (out := judged(first)) is not None:
        return out
    second = await env.provider.complete(body)
    if (out := judged(second)) is not None:
        return out
    if content_of(first) != content_of(second):
        return Outcome(IGNORED, f"temperature {env.greedy_temperature:g} gave different outputs", first.warnings)
    random_, out = await _is_random(env)
    if out is not None:
        return out
    if not random_:
        return Outcome(IGNORED, "temperature 1 gave one output for three seeds and three users: decoded greedily whatever the temperature")
    detail = f"temperature {env.greedy_temperature:g} repeatable; temperature 1 samples"
    if "seed" in env.accepts and env.max_temperature > 1:
        hot = max(env.max_temperature, 1.0)
        pair, out = await _samples(env, [{"temperature": 1.0}, {"temperature": 1.0}, {"temperature": hot}], seed=77)
        if out is not None:
            return out
        if pair[0] == pair[1]:  # the seed makes sampling repeatable, so a clamp can be seen
            if pair[2] == pair[0]:
                return Outcome(IGNORED, f"temperature {hot:g} gave the output of temperature 1 for the same seed: clamped")
            detail += f"; temperature {hot:g} differs from 1 for the same seed"
    return Outcome(HONOURED, detail, first.warnings)


async def check_top_p(env: Env, value: Any) -> Outcome:
    if not env.deterministic:
        return await check_accepted(env, 0.5, "top_p", "the greedy output is not repeatable, so nothing can be compared")
    random_, out = await _is_random(env)
    if out is not None:
        return out
    if not random_:
        return await check_accepted(env, 0.5, "top_p", "temperature 1 does not sample here, so a narrower nucleus cannot be seen")
    tiny = max(env.min_top_p, 1e-6)
    got, out = await _samples(env, _unseeded_variants(env), temperature=1.0, top_p=tiny)
    if out is not None:
        return out
    if any(text != env.baseline for text in got):
        return Outcome(IGNORED, f"top_p={tiny:g} at temperature 1 still samples: {got[0][:40]!r} vs greedy {env.baseline[:40]!r}")
    return Outcome(HONOURED, f"top_p={tiny:g} at temperature 1 gives the greedy output, top_p=1 samples")


async def _check_penalty(env: Env, param: str) -> Outcome:
    """A seeded sample with repeated words, again with the penalty: the repetition must change."""
    if "seed" not in env.accepts:
        return await check_accepted(env, 0.5, param, "without seed no sample is repeatable, so a change cannot be seen")
    limit = {env.limit_param: 40}
    for seed in (3, 5, 11, 17):
        plain, out = await env.once(
            f"plain-{seed}", lambda seed=seed: _samples(env, [{}, {}], temperature=1.0, seed=seed, **limit)
        )
        if out is not None:
            return out
        if plain[0] != plain[1]:
            return await check_accepted(env, 0.5, param, "the same seed gave different outputs, so a change cannot be seen")
        if repeats(plain[0]) >= 2:
            break
    else:
        return await check_accepted(env, 0.5, param, "no seeded sample repeated a word, so a penalty has nothing to act on")
    pushed, out = await _samples(env, [{param: 2.0}], temperature=1.0, seed=seed, **limit)
    if out is not None:
        return out
    before, after = repeats(plain[0]), repeats(pushed[0])
    if pushed[0] == plain[0]:
        return Outcome(IGNORED, f"{param}=2 left the output unchanged ({before} repeated words, seed {seed})")
    if after > before:
        return Outcome(IGNORED, f"{param}=2 raised the repeated words from {before} to {after} (seed {seed})")
    return Outcome(HONOURED, f"{param}=2 changed the output, repeated words {before} -> {after} (seed {seed})")


async def check_frequency_penalty(env: Env, value: Any) -> Outcome:
    return await _check_penalty(env, "frequency_penalty")


async def check_presence_penalty(env: Env, value: Any) -> Outcome:
    return await _check_penalty(env, "presence_penalty")


async def check_logit_bias(env: Env, value: Any) -> Outcome:
    """Force a token id (+100) and see it fill the output; ban the greedy first token (-100) and see it go."""
    if not env.deterministic or not env.baseline.strip():
        return await check_accepted(env, {"0": 1}, "logit_bias", "the greedy output is not repeatable")
    limit = {env.limit_param: 4}
    learnt: dict[int, str] = {}
    for tid in range(8):
        forced, out = await _sample(env, logit_bias={str(tid): 100}, **limit)
        if out is not None:
            return out
        pieces = words(forced or "")
        if not pieces or len(set(pieces)) != 1:
            return Outcome(IGNORED, f"token {tid} forced with +100, the output is {(forced or '')[:40]!r}")
        learnt[tid] = pieces[0]
        if env.baseline.split()[0] == pieces[0]:
            break
    else:
        return Outcome(HONOURED, f"+100 forces tokens 0-7 ({', '.join(map(repr, learnt.values()))}); the greedy first token is none of them, so no ban was tried")
    banned, out = await _sample(env, logit_bias={str(tid): -100})
    if out is not None:
        return out
    first = (banned or "").split()[:1]
    if first == [learnt[tid]]:
        return Outcome(IGNORED, f"token {tid} ({learnt[tid]!r}) banned with -100 still starts the output")
    return Outcome(HONOURED, f"+100 on token {tid} gives {learnt[tid]!r} throughout; -100 on it changes the greedy start to {first[0] if first else ''!r}")


async def check_usage(env: Env, value: Any) -> Outcome:
    """usage is there, adds up, grows with the prompt and matches the tokens seen in the logprobs."""
    logprobs = {"logprobs": True} if "logprobs" in env.accepts else {}
    short = await env.provider.complete(env.body(**logprobs), judge_usage=True)
    if (out := judged(short)) is not None:
        return out
    longer_messages = [*env.base["messages"], {"role": "user", "content": "Say it again, with more words this time."}]
    longer = await env.provider.complete(env.body(messages=longer_messages, **logprobs), judge_usage=True)
    if (out := judged(longer)) is not None:
        return out
    assert short.completion is not None and longer.completion is not None
    a, b = short.completion.usage, longer.completion.usage
    if a is None or a.prompt_tokens is None or a.completion_tokens is None:
        return Outcome(BROKEN, "the completion has no usage", short.warnings)
    if b is not None and b.prompt_tokens is not None and b.prompt_tokens <= a.prompt_tokens:
        return Outcome(BROKEN, f"prompt_tokens {a.prompt_tokens} -> {b.prompt_tokens} for a longer prompt", short.warnings)
    seen = " and the logprobs" if short.completion.choices[0].logprobs else ""
    return Outcome(HONOURED, f"{a.prompt_tokens} + {a.completion_tokens} = {a.total_tokens}, grows with the prompt, agrees with the content{seen}", short.warnings)


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
    out = await _check_tool_call(env, env.body(tools=[TOOL, TOOL_2], tool_choice=named), "get_time", None)
    if out.verdict != HONOURED:
        return out
    answer = await env.provider.complete(env.body(tools=[TOOL, TOOL_2], tool_choice="none"))
    if (bad := judged(answer)) is not None:
        return bad
    assert answer.completion is not None
    if answer.completion.choices[0].message.tool_calls:
        return Outcome(IGNORED, "tool_choice none, yet a tool was called", answer.warnings)
    return Outcome(HONOURED, "a named tool is called alone; none calls no tool", out.warnings + answer.warnings)


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
    text = content_of(answer)
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
        parsed = json.loads(content_of(obj))
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
    if stream.usage_problems:
        return Outcome(BROKEN, "; ".join(stream.usage_problems), stream.warnings)
    usage = stream.usage_chunk.usage if stream.usage_chunk else None
    return Outcome(
        HONOURED, f"final usage chunk with choices: [] ({usage.total_tokens if usage else '?'} tokens)", stream.warnings
    )


async def check_top_k(env: Env, value: Any) -> Outcome:
    if not env.deterministic:
        return await check_accepted(env, 1, "top_k", "the greedy output is not repeatable, so nothing can be compared")
    random_, out = await _is_random(env)
    if out is not None:
        return out
    if not random_:
        return await check_accepted(env, 1, "top_k", "temperature 1 does not sample here, so top_k=1 cannot be told from it")
    answer = await env.provider.complete(env.body(top_k=1, temperature=1.0, **env.seeded(99)))
    if (out := judged(answer)) is not None:
        return out
    if content_of(answer) == env.baseline:
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
    "top_p": check_top_p,
    "frequency_penalty": check_frequency_penalty,
    "presence_penalty": check_presence_penalty,
    "logit_bias": check_logit_bias,
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


def _derived(probe: DerivedProbe) -> Check:
    def body_of(env: Env) -> dict[str, Any]:
        if probe.value is MISSING:
            return {k: v for k, v in env.body().items() if k != probe.param}
        return env.body(**{probe.param: probe.value})

    return _probe(body_of, probe.what)


# What the schema alone cannot say: these stay written out.
PROBES: dict[str, tuple[Check, str | None]] = {
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
_RULE_CONSTRAINTS = RULE_KEYWORDS - {"type", "required"}


def _spec_value(spec: Spec, name: str, prop: dict[str, Any], rng: random.Random, platform: str) -> Any:
    """A value for `name` that the platform should accept: from the spec's request examples, else
    the platform's or the spec's default, else built from the schema narrowed by the platform's rule."""
    rule = (prop.get("x-platform-rules") or {}).get(platform) or {}
    content = spec.data["paths"]["/chat/completions"]["post"]["requestBody"]["content"]["application/json"]
    for example in (content.get("examples") or {}).values():
        value = (example.get("value") or {}).get(name)
        if value is not None:
            return value
    # As the generated Platform.default(): the profile's defaults, then the spec's own.
    for default in (spec.platforms.get(platform, {}).get("defaults", {}).get(name), prop.get("default")):
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
    cases.append(Case("usage", None, "semantic", True, check_usage))
    for probe in derive_probes(spec, platform):
        cases.append(Case(probe.id, probe.param, "probe", True, _derived(probe), probe.value))
    for case_id, (check, param) in PROBES.items():
        cases.append(Case(case_id, param, "probe", True, check))
    return cases
