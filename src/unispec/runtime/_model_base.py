"""The base of every generated model, and of the messages whose content providers send in shapes
beyond a string."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache, partial
from typing import Any, cast, get_args

from pydantic import BaseModel, ConfigDict, ValidationError

__all__ = ["SpecModel", "ContentModel", "read_content", "parse_answer", "validate_answer", "answer_validator"]


class SpecModel(BaseModel):
    # Build each model's validator on first use, not at import: a client never validates request
    # models and a server never validates chunks, so neither pays for what it does not use.
    # JSON has no NaN or Infinity, but pydantic's JSON parser accepts them: refuse them.
    # A number where the spec has a string (a tool-call id of 7) is read as its text: an answer
    # is never refused for a scalar's JSON type.
    model_config = ConfigDict(defer_build=True, allow_inf_nan=False, coerce_numbers_to_str=True)


# Part types whose text is the answer's, and those whose text is the model's reasoning.
_TEXT_PARTS = frozenset({"text", "output_text"})
_THINKING_PARTS = frozenset({"thinking", "reasoning", "reasoning_text", "redacted_thinking"})
_PART_TYPES = _TEXT_PARTS | _THINKING_PARTS | {"refusal"}


def read_content(data: dict[str, Any], fields: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A message whose `content` is not a string, as the spec's fields hold it.

    Typed parts (`[{"type": "text", ...}, {"type": "thinking", ...}]`, in full messages and in
    stream deltas): the text parts joined are `content`, the thinking parts joined are
    `reasoning_content` (unless the provider sent that too), a refusal part is `refusal`. A JSON
    object: its compact JSON is `content`. Either way what was sent is kept in `content_parts`
    (an object as one part of type `json`), so nothing is lost and strict mode can report it.
    """
    content: Any = data["content"]
    out = dict(data)
    if isinstance(content, dict) and cast("dict[str, Any]", content).get("type") in _PART_TYPES:
        content = [cast("dict[str, Any]", content)]  # one typed part, sent without its list
    if isinstance(content, dict):
        out["content"] = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
        out["content_parts"] = [{"type": "json", "json": content}]
        return out
    if not isinstance(content, list):
        return out  # a scalar: the field's own validation says what is wrong with it
    parts = cast("list[Any]", content)
    text: list[str] = []
    thinking: list[str] = []
    refusal: list[str] = []
    for part in parts:
        if isinstance(part, str):  # some providers send bare strings in the list
            text.append(part)
            continue
        if not isinstance(part, dict):
            continue
        part = cast("dict[str, Any]", part)
        kind = part.get("type")
        if kind in _TEXT_PARTS and isinstance(part.get("text"), str):
            text.append(part["text"])
        elif kind in _THINKING_PARTS:
            said = part.get("thinking", part.get("text", part.get("reasoning")))
            if isinstance(said, list):  # Mistral: the thinking is itself a list of text parts
                pieces = [cast("dict[str, Any]", p).get("text") for p in cast("list[Any]", said) if isinstance(p, dict)]
                said = "".join(piece for piece in pieces if isinstance(piece, str))
            if isinstance(said, str):
                thinking.append(said)
        elif kind == "refusal" and isinstance(part.get("refusal"), str):
            refusal.append(part["refusal"])
    out["content"] = "".join(text) if text or not (thinking or refusal) else None
    # Only into fields the model has: otherwise they would be extras, blamed on the provider.
    if thinking and out.get("reasoning_content") is None and (fields is None or "reasoning_content" in fields):
        out["reasoning_content"] = "".join(thinking)
    if refusal and out.get("refusal") is None and (fields is None or "refusal" in fields):
        out["refusal"] = "".join(refusal)
    # Anything else in the list is left for the field's validation to refuse, saying where.
    out["content_parts"] = [{"type": "text", "text": p} if isinstance(p, str) else p for p in parts]
    return out


class ContentModel(SpecModel):
    """A message or a delta whose `content` the spec marks `x-unispec-text`: providers send it as
    typed parts or a JSON object too, and the client must read those answers, not refuse them.

    Read by `parse_answer`, and only for an answer that does not parse as it is: a validator on
    the model would cost every conforming answer a Python call and a dict built from its JSON."""


def parse_answer(shape: type[BaseModel], data: bytes) -> Any:
    """`shape.model_validate_json(data)`; an answer that fails only because some message's
    content came as parts or an object is read (`read_content`) and validated again."""
    try:
        return shape.model_validate_json(data)
    except ValidationError as exc:
        try:
            value = json.loads(data)
        except ValueError:
            raise exc from None
        read = _read_tree(shape, value)
        if read is value:
            raise
    return shape.model_validate(read)


def validate_answer(shape: type[BaseModel], value: Any) -> Any:
    """`parse_answer` for an answer already parsed from JSON."""
    try:
        return shape.model_validate(value)
    except ValidationError:
        read = _read_tree(shape, value)
        if read is value:
            raise
    return shape.model_validate(read)


def answer_validator(shape: type[BaseModel]) -> Callable[[bytes], Any]:
    """The JSON validator of an answer's model: `parse_answer` where a ContentModel is in reach."""
    if _reaches_content(shape):
        return partial(parse_answer, shape)
    return shape.model_validate_json


@cache
def _models_in(annotation: Any) -> tuple[type[BaseModel], ...]:
    """The models an annotation can hold (through Optional, unions, lists and type aliases)."""
    value = getattr(annotation, "__value__", None)  # a `type X = ...` alias
    if value is not None:
        return _models_in(value)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return (annotation,)
    return tuple(m for arg in get_args(annotation) for m in _models_in(arg))


@cache
def _reaches_content(model: type[BaseModel]) -> bool:
    seen: set[type[BaseModel]] = set()
    todo = [model]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        if issubclass(current, ContentModel):
            return True
        todo.extend(m for info in current.model_fields.values() for m in _models_in(info.annotation))
    return False


def _read_tree(model: type[BaseModel], value: Any, depth: int = 0) -> Any:
    """`value` (parsed JSON) with every ContentModel's content read; the same object if nothing was."""
    if not isinstance(value, dict) or depth > 32:  # bounded: answers are not that deep
        return cast(Any, value)
    out = cast("dict[str, Any]", value)
    content = out.get("content")
    if issubclass(model, ContentModel) and content is not None and type(content) is not str:
        out = read_content(out, model.model_fields)
    for name, info in model.model_fields.items():
        key = info.alias or name
        models = _models_in(info.annotation)
        if models and key in out:
            new = _read_value(models, out[key], depth + 1)
            if new is not out[key]:
                out = {**out, key: new}
    return out


def _read_value(models: tuple[type[BaseModel], ...], value: Any, depth: int) -> Any:
    if isinstance(value, list):
        items = cast("list[Any]", value)
        read = [_read_value(models, item, depth) for item in items]
        return read if any(a is not b for a, b in zip(read, items, strict=True)) else items
    for model in models:
        read = _read_tree(model, value, depth)
        if read is not value:
            return read
    return value
