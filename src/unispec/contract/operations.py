"""A case for every operation of the spec besides the chat request's: an operation added to the spec
is called and judged with no edit here.

Each served operation is sent its spec example (the request body's first example, with `model` set
to the run's model; a listing takes no body) and its answer judged against the operation's own
200 shape on the platform (`x-platform-responses`). Verdicts: honoured when the answer conforms,
broken when it does not (or is a 5xx), rejected on a 4xx. A streaming operation is judged on its
plain answer only.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..operations import Operation, read_operations
from ..spec import REQUEST_SCHEMA, Spec
from .cases import BROKEN, HONOURED, REJECTED, Case, Env, Outcome


def _example(spec: Spec, op: Operation) -> dict[str, Any] | None:
    ptr = op.pointer.split("/")[1:]
    node: Any = spec.data
    for token in ptr:
        node = node[token.replace("~1", "/").replace("~0", "~")]
    media = ((node.get("requestBody") or {}).get("content") or {}).get("application/json") or {}
    for example in (media.get("examples") or {}).values():
        if isinstance(example, dict) and isinstance(example.get("value"), dict):
            return dict(example["value"])
    if isinstance(media.get("example"), dict):
        return dict(media["example"])
    return None


def _first_error(exc: ValidationError) -> str:
    first = exc.errors(include_url=False)[0]
    return f"{'.'.join(str(p) for p in first['loc']) or 'the top'}: {first['msg']}"


def operation_cases(spec: Spec, platform: str) -> list[Case]:
    from unified_chat._operations import BY_NAME  # the generated package of the spec in use

    cases = []
    for op in read_operations(spec):
        if op.request == REQUEST_SCHEMA or platform not in op.platforms or op.dotted not in BY_NAME:
            continue  # the chat request has its own cases, parameter by parameter
        example = _example(spec, op) if op.request else None
        if op.request and example is None:
            continue  # nothing to send without guessing; validate asks for examples
        cases.append(
            Case(
                id=f"operation.{op.dotted}",
                param=None,
                kind="semantic",
                claimed=True,
                check=_check(op, BY_NAME[op.dotted].response_on(platform), platform),
                value=example,
            )
        )
    return cases


def _check(op: Operation, shape: Any, platform: str) -> Any:
    adapter: TypeAdapter[Any] = TypeAdapter(shape)
    path = op.path_on(platform)
    where = f"{op.method} {path}"

    async def check(env: Env, value: Any) -> Outcome:
        content = None
        headers = None
        if value is not None:
            body = {**value, "model": env.model} if "model" in value else value
            body.pop("stream", None)
            content = json.dumps(body).encode()
            headers = {"Content-Type": "application/json"}
        answer = await env.provider.raw(op.method, path, content, headers)
        if answer.status == 501:  # the server says it does not implement it: a refusal, not a fault
            return Outcome(REJECTED, f"{where}: HTTP 501: {answer.error_message()}")
        if answer.status is None or answer.status >= 500:
            return Outcome(BROKEN, f"{where}: {answer.problem or f'HTTP {answer.status}: {answer.error_message()}'}")
        if answer.rejected:
            return Outcome(REJECTED, f"{where}: HTTP {answer.status}: {answer.error_message()}")
        if answer.problem:
            return Outcome(BROKEN, f"{where}: {answer.problem}")
        try:
            adapter.validate_python(answer.body)
        except ValidationError as exc:
            return Outcome(BROKEN, f"{where}: the answer does not follow {getattr(shape, '__name__', shape)} at {_first_error(exc)}")
        return Outcome(HONOURED, f"{where}: a conforming {getattr(shape, '__name__', 'answer')}")

    return check
