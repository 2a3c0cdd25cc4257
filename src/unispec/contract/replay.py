"""`unispec contract --replay DIR`: judge recorded traffic offline, file by file."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from unified_chat._streaming import SSEDecoder
from unified_chat.models import ChatCompletionRequest

from . import judge
from .probe import StreamAnswer

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
    _, problems, usage_problems, warnings = judge.judge_completion(data)
    return problems + usage_problems, warnings


def judge_stream(raw: bytes) -> tuple[list[str], list[str]]:
    answer = StreamAnswer()
    decoder = SSEDecoder()
    judge.consume(answer, decoder.feed(raw))
    judge.consume(answer, decoder.flush())
    reasons = []
    if answer.problem:
        reasons.append(answer.problem)
    if not answer.done:
        reasons.append("the stream ended without data: [DONE]")
    judge.judge_stream(answer, include_usage=None)
    return reasons + answer.violations + answer.usage_problems, answer.warnings


def judge_error(raw: bytes) -> tuple[list[str], list[str]]:
    return judge.judge_error(None, raw)


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
