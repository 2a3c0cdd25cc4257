"""`unispec contract --replay DIR`: judge recorded traffic offline, file by file."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from unified_chat import unknown_fields
from unified_chat._streaming import SSEDecoder
from unified_chat.models import ChatCompletion, ChatCompletionRequest, Choice, ErrorResponse

from .probe import StreamAnswer, _check_invariants, _first_error, consume


def _known_finish_reasons() -> frozenset[str]:
    """The spec's enum of finish reasons, read off the generated model (`Literal[...] | str | None`)."""
    from typing import Annotated, Literal, get_args, get_origin

    def literals(tp: object) -> set[str]:
        tp = getattr(tp, "__value__", tp)  # a named type alias (`FinishReason`)
        if get_origin(tp) is Annotated:
            return literals(get_args(tp)[0])
        if get_origin(tp) is Literal:
            return set(get_args(tp))
        return {v for arg in get_args(tp) for v in literals(arg)}

    return frozenset(literals(Choice.model_fields["finish_reason"].annotation))


FINISH_REASONS = _known_finish_reasons()
_STATUS = re.compile(r"__(\d{3})")


@dataclass
class Verdict:
    path: str
    kind: str
    conforming: bool
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def kind_of(path: Path, data: Any) -> str:
    if path.suffix == ".sse":
        return "stream"
    parts = {p.lower() for p in path.parts}
    if "errors" in parts or _STATUS.search(path.name):
        return "error"
    if "requests" in parts or (isinstance(data, dict) and "messages" in data):
        return "request"
    return "response"


def judge_response(data: Any) -> tuple[list[str], list[str]]:
    try:
        completion = ChatCompletion.model_validate(data)
    except ValidationError as exc:
        return [f"not a chat completion: {_first_error(exc)}"], []
    reasons = []
    if completion.object != "chat.completion":
        reasons.append(f"object is {completion.object!r}, not 'chat.completion'")
    if not completion.id:
        reasons.append("the id is empty")
    if not completion.choices:
        reasons.append("no choices")
    for choice in completion.choices:
        if choice.finish_reason is not None and choice.finish_reason not in FINISH_REASONS:
            reasons.append(
                f"choice {choice.index}: finish_reason {choice.finish_reason!r} is not one of {', '.join(sorted(FINISH_REASONS))}"
            )
        for call in choice.message.tool_calls or []:
            if not call.id:
                reasons.append(f"choice {choice.index}: a tool call without an id")
            if call.type != "function":
                reasons.append(f"choice {choice.index}: tool call type {call.type!r}")
            try:
                json.loads((call.function.arguments if call.function else None) or "")
            except ValueError:
                reasons.append(f"choice {choice.index}: tool call arguments are not JSON")
    usage = completion.usage
    if usage and None not in (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens):
        if usage.total_tokens != usage.prompt_tokens + usage.completion_tokens:
            reasons.append("usage does not add up")
    return reasons, [f"unknown field: {f}" for f in unknown_fields(completion)]


def judge_stream(raw: bytes) -> tuple[list[str], list[str]]:
    answer = StreamAnswer()
    decoder = SSEDecoder()
    consume(answer, decoder.feed(raw))
    consume(answer, decoder.flush())
    reasons = []
    if answer.problem:
        reasons.append(answer.problem)
    if not answer.done:
        reasons.append("ends without data: [DONE]")
    _check_invariants(answer, include_usage=False)
    reasons += answer.violations
    for i, finish in answer.finish_reasons.items():
        if finish not in FINISH_REASONS:
            reasons.append(f"choice {i}: finish_reason {finish!r} is not one of {', '.join(sorted(FINISH_REASONS))}")
    return reasons, answer.warnings


def judge_error(raw: bytes) -> tuple[list[str], list[str]]:
    try:
        data = json.loads(raw)
    except ValueError:
        return [f"not JSON: {raw[:60]!r}"], []
    try:
        envelope = ErrorResponse.model_validate(data)
    except ValidationError:
        keys = sorted(data) if isinstance(data, dict) else type(data).__name__
        return [f'not the OpenAI error envelope {{"error": {{message, type, param, code}}}}: top-level {keys}'], []
    warnings = [f"unknown field: {f}" for f in unknown_fields(envelope)]
    missing = [k for k in ("type", "param", "code") if k not in envelope.error.model_fields_set]
    return [], warnings + ([f"the envelope leaves out {', '.join(missing)}"] if missing else [])


def judge_request(data: Any) -> tuple[list[str], list[str]]:
    try:
        ChatCompletionRequest.model_validate(data)
    except ValidationError as exc:
        reasons = []
        unknown = [str(e["loc"][0]) for e in exc.errors() if e["type"] == "extra_forbidden" and len(e["loc"]) == 1]
        if unknown:
            reasons.append(f"arguments no platform of the spec defines: {', '.join(unknown)}")
        others = [e for e in exc.errors() if not (e["type"] == "extra_forbidden" and len(e["loc"]) == 1)]
        if others:
            first = others[0]
            reasons.append(f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}")
        return reasons, []
    return [], []


def replay(directory: Path) -> list[Verdict]:
    verdicts = []
    for path in sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix in (".json", ".sse", ".txt")):
        rel = path.relative_to(directory).as_posix()
        raw = path.read_bytes()
        data: Any = None
        if path.suffix == ".json":
            try:
                data = json.loads(raw)
            except ValueError as exc:
                verdicts.append(Verdict(rel, "unknown", False, [f"not JSON: {exc}"]))
                continue
        kind = kind_of(Path(rel), data)
        if kind == "stream":
            reasons, warnings = judge_stream(raw)
        elif kind == "error":
            reasons, warnings = judge_error(raw)
        elif kind == "request":
            reasons, warnings = judge_request(data)
        else:
            if path.suffix != ".json":
                continue  # notes and other text beside the traffic
            reasons, warnings = judge_response(data)
        verdicts.append(Verdict(rel, kind, not reasons, reasons, warnings))
    return verdicts


def summary(verdicts: list[Verdict]) -> str:
    lines = []
    width = max((len(v.path) for v in verdicts), default=10)
    for v in verdicts:
        mark = "conforming" if v.conforming else "NOT conforming"
        why = "; ".join(v.reasons)
        lines.append(f"{v.path.ljust(width)}  {v.kind:<8}  {mark}{': ' + why if why else ''}")
    lines.append("")
    kinds = sorted({v.kind for v in verdicts})
    for kind in kinds:
        of = [v for v in verdicts if v.kind == kind]
        ok = sum(v.conforming for v in of)
        lines.append(f"{kind}: {ok}/{len(of)} conforming")
    total_ok = sum(v.conforming for v in verdicts)
    lines.append(f"total: {total_ok}/{len(verdicts)} files conforming")
    return "\n".join(lines)
