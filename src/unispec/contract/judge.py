"""The one judge of what a provider sends back: completions, stream chunks, whole streams and error
bodies. The live run (`probe.Provider`) and `--replay` both call these functions, so the same body
gets the same verdict in both modes.

Each `judge_*` returns `(problems, warnings)`: a problem makes the answer non-conforming; a warning
(an unknown field, an envelope that leaves out `param`) is reported and fails nothing.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args, get_origin

from pydantic import ValidationError
from unified_chat import nonconforming, unknown_fields
from unified_chat._model_base import parse_answer, validate_answer
from unified_chat._streaming import _error_in  # the client's own test for an error event
from unified_chat.models import ChatCompletion, ChatCompletionChunk, Choice, ErrorResponse

# An error body outside OpenAI's envelope is this verdict wherever it is seen: a probe answered
# with it fails, and a recorded error file holding it is not conforming.
NON_ENVELOPE = "non-envelope error"


def _known_finish_reasons() -> frozenset[str]:
    """The spec's enum of finish reasons, read off the generated model (`FinishReason`, a named
    alias of `Literal[...] | str | None`)."""

    def literals(tp: object) -> set[str]:
        tp = getattr(tp, "__value__", tp)  # a named type alias
        if get_origin(tp) is Annotated:
            return literals(get_args(tp)[0])
        if get_origin(tp) is Literal:
            return set(get_args(tp))
        return {v for arg in get_args(tp) for v in literals(arg)}

    return frozenset(literals(Choice.model_fields["finish_reason"].annotation))


FINISH_REASONS = _known_finish_reasons()
_FINISH_LIST = ", ".join(sorted(FINISH_REASONS))


def first_error(exc: ValidationError) -> str:
    err = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in err["loc"]) or "the top"
    return f"{where}: {err['msg']}"


def finish_problem(index: int, finish: str | None) -> str | None:
    if finish is not None and finish not in FINISH_REASONS:
        return f"choice {index}: finish_reason {finish!r} is not one of {_FINISH_LIST}"
    return None


def usage_problem(usage: Any, where: str = "usage") -> str | None:
    if usage is None or None in (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens):
        return None
    if min(usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) < 0:
        return f"{where} has a negative count"
    if usage.total_tokens != usage.prompt_tokens + usage.completion_tokens:
        return f"{where} does not add up: {usage.prompt_tokens} + {usage.completion_tokens} != {usage.total_tokens}"
    return None


def _reasoning_tokens(usage: Any) -> int:
    details = getattr(usage, "completion_tokens_details", None)
    return int(getattr(details, "reasoning_tokens", None) or 0)


def token_count_problem(usage: Any, observed: int | None, where: str = "usage") -> str | None:
    """completion_tokens against the tokens seen (one logprobs entry per token), where they were seen."""
    if usage is None or usage.completion_tokens is None or observed is None:
        return None
    visible = usage.completion_tokens - _reasoning_tokens(usage)
    if visible != observed:
        return f"{where} says {usage.completion_tokens} completion tokens, but the logprobs show {observed} tokens"
    return None


def judge_completion(data: Any) -> tuple[ChatCompletion | None, list[str], list[str], list[str]]:
    """A non-streamed answer: the parsed completion (None if it does not parse), problems, usage
    problems (kept apart so a live run can blame them on its usage check, not on whichever
    parameter's case happened to see them) and warnings."""
    try:
        completion = validate_answer(ChatCompletion, data)  # read as the client reads it
    except ValidationError as exc:
        return None, [f"the completion does not follow the spec at {first_error(exc)}"], [], []
    problems: list[str] = []
    if completion.object != "chat.completion":
        problems.append(f"object is {completion.object!r}, not 'chat.completion'")
    if not completion.id:
        problems.append("the id is empty")
    if not completion.choices:
        problems.append("the completion has no choices")
    indexes = sorted(c.index for c in completion.choices)
    if indexes != list(range(len(indexes))):
        problems.append(f"choice indexes are {indexes}, not 0..{len(indexes) - 1}")
    observed: int | None = 0
    for choice in completion.choices:
        message = choice.message
        if (p := finish_problem(choice.index, choice.finish_reason)) is not None:
            problems.append(p)
        if choice.finish_reason == "tool_calls" and not message.tool_calls:
            problems.append(f"choice {choice.index}: finish_reason tool_calls without tool_calls")
        if choice.finish_reason == "function_call" and message.function_call is None:
            problems.append(f"choice {choice.index}: finish_reason function_call without a function_call")
        for call in message.tool_calls or []:
            if not call.id:
                problems.append(f"choice {choice.index}: a tool call without an id")
            if call.type != "function":
                problems.append(f"choice {choice.index}: tool call type {call.type!r}")
            try:
                json.loads((call.function.arguments if call.function else None) or "")
            except ValueError:
                problems.append(f"choice {choice.index}: tool call arguments are not JSON")
        entries = choice.logprobs.content if choice.logprobs else None
        if entries is None or message.tool_calls or message.function_call:
            observed = None
        elif observed is not None:
            observed += len(entries)
            if message.content is not None and "".join(e.token for e in entries) != message.content:
                problems.append(f"choice {choice.index}: the logprobs tokens do not join to the content")
    usage = completion.usage
    usage_problems = [p for p in (usage_problem(usage), token_count_problem(usage, observed)) if p is not None]
    return completion, problems, usage_problems, _warnings(completion)


def _warnings(answer: Any) -> list[str]:
    """What the client read but a conforming provider would not send (strict mode's findings),
    less a missing `object`, which the judges count as a problem."""
    return [f"not as the spec says: {line}" for line in nonconforming(answer) if not line.endswith("object: left out")]


def judge_chunk(chunk: ChatCompletionChunk) -> list[str]:
    """What one chunk gets wrong on its own; the stream's invariants are `judge_stream`'s."""
    problems = []
    if chunk.object != "chat.completion.chunk":
        problems.append(f"a chunk's object is {chunk.object!r}, not 'chat.completion.chunk'")
    if not chunk.id:
        problems.append("a chunk has an empty id")
    if chunk.choices and chunk.usage is not None:
        problems.append("usage came on a chunk that has choices, not on a final chunk with choices: []")
    return problems


def judge_error(status: int | None, body: Any) -> tuple[list[str], list[str]]:
    """An error answer's body: outside OpenAI's envelope it is a NON_ENVELOPE problem."""
    if isinstance(body, (bytes, str)):
        try:
            body = json.loads(body)
        except ValueError:
            return [f"{NON_ENVELOPE}: the body is not JSON: {str(body)[:60]!r}"], []
    try:
        envelope = ErrorResponse.model_validate(body)
    except ValidationError:
        keys = sorted(body) if isinstance(body, dict) else type(body).__name__
        return [
            f'{NON_ENVELOPE}: not the OpenAI envelope {{"error": {{message, type, param, code}}}}: top-level {keys}'
        ], []
    warnings = [f"unknown error field: {f}" for f in unknown_fields(envelope)]
    missing = [k for k in ("type", "param", "code") if k not in envelope.error.model_fields_set]
    return [], warnings + ([f"the error envelope leaves out {', '.join(missing)}"] if missing else [])


# --- streams -------------------------------------------------------------------------------------------


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
        chunk = parse_answer(ChatCompletionChunk, data)
    except ValidationError as exc:
        answer.violations.append(f"a chunk does not follow the spec at {first_error(exc)}: {data[:120]!r}")
        return
    answer.chunks.append(chunk)
    for problem in judge_chunk(chunk):
        if problem not in answer.violations:
            answer.violations.append(problem)
    for warning in _warnings(chunk):
        warning = re.sub(r"choices\.\d+\.", "choices.*.", warning)  # once per stream, not per choice
        if warning not in answer.warnings:
            answer.warnings.append(warning)


def judge_stream(answer: StreamAnswer, include_usage: bool | None) -> None:
    """The invariants across a stream's chunks, added to `answer.violations`.

    `include_usage` None (replay: the request is unknown) checks the usage chunk's shape only when
    one came; True also requires it; False forbids none (a final usage chunk nobody asked for is harmless).
    """
    ids = {c.id for c in answer.chunks if c.id}
    if len(ids) > 1:
        answer.violations.append(f"{len(ids)} different ids across chunks")
    seen_role: set[int] = set()
    finished: set[int] = set()
    entries: dict[int, int] = {}
    logprobs_seen = True
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
            if delta.content and not (choice.logprobs and choice.logprobs.content):
                logprobs_seen = False
            if choice.logprobs and choice.logprobs.content:
                entries[i] = entries.get(i, 0) + len(choice.logprobs.content)
            for call in delta.tool_calls or []:
                key = (i, call.index or 0)
                piece = call.function.arguments if call.function and call.function.arguments else ""
                answer.tool_arguments[key] = answer.tool_arguments.get(key, "") + piece
            if delta.function_call is not None:
                answer.function_calls[i] = answer.function_calls.get(i, "") + (delta.function_call.arguments or "")
            if choice.finish_reason:
                answer.finish_reasons[i] = choice.finish_reason
                finished.add(i)
    for i in answer.texts:
        if i not in answer.finish_reasons:
            answer.violations.append(f"choice {i} has no finish_reason")
    for i, finish in answer.finish_reasons.items():
        if (p := finish_problem(i, finish)) is not None:
            answer.violations.append(p)
        if finish == "tool_calls" and not any(k[0] == i for k in answer.tool_arguments):
            answer.violations.append(f"choice {i}: finish_reason tool_calls without tool_calls")
        if finish == "function_call" and i not in answer.function_calls:
            answer.violations.append(f"choice {i}: finish_reason function_call without a function_call")
    answer.logprob_tokens = sum(entries.values()) if entries and logprobs_seen else None
    if answer.usage_chunk is not None:
        usage = answer.usage_chunk.usage
        for p in (
            usage_problem(usage, "the usage chunk"),
            token_count_problem(usage, answer.logprob_tokens, "the usage chunk"),
        ):
            if p is not None:
                answer.usage_problems.append(p)
    elif include_usage and not any(c.usage is not None and c.choices for c in answer.chunks):
        answer.usage_missing = True
        answer.violations.append("include_usage was asked for, but no final chunk with usage and choices: []")


if TYPE_CHECKING:
    from .probe import StreamAnswer
