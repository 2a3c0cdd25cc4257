"""Strict mode for responses: what a provider sent that a conforming one would not.

Response models read what real providers send rather than refuse it: fields the spec does not know
are kept as extras, content sent as typed parts or a JSON object is read as text (its parts kept in
`content_parts`), a missing `object` tag is left unset. These functions say where that happened,
for anyone who wants to hold a provider to the spec (`Client(strict=True)` raises on it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import httpx
from pydantic import BaseModel

from ._exceptions import APIResponseValidationError

__all__ = ["unknown_fields", "nonconforming", "strict_check"]


def unknown_fields(value: object, path: str = "") -> list[str]:
    """Dotted paths of every field kept as an extra (`x_groq`, `choices.0.message.reasoning`, ...)."""
    found: list[str] = []
    if isinstance(value, BaseModel):
        extra = value.__pydantic_extra__ or {}
        found.extend(f"{path}{key}" for key in extra)
        for name in type(value).model_fields:
            found.extend(unknown_fields(value.__dict__.get(name), f"{path}{name}."))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(cast("Sequence[Any]", value)):
            found.extend(unknown_fields(item, f"{path}{index}."))
    return found


def nonconforming(value: object, path: str = "") -> list[str]:
    """What a conforming provider would not have sent, one line each: unknown fields, content that
    was not a string (and in which parts), a field the spec expects (`x-unispec-expected`) left out."""
    found: list[str] = []
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        for name, info in fields.items():  # the spec's `x-unispec-expected`: read without, reported here
            marks = info.json_schema_extra
            if isinstance(marks, dict) and cast("dict[str, Any]", marks).get("x-unispec-expected") and value.__dict__.get(name) is None:
                found.append(f"{path}{name}: left out")
        parts = value.__dict__.get("content_parts") if "content_parts" in fields else None
        if parts:
            kinds = ", ".join(sorted({str(getattr(p, "type", None) or "?") for p in cast("Sequence[Any]", parts)}))
            found.append(f"{path}content: sent as {kinds} part(s), not a string; kept in content_parts")
        found.extend(f"{path}{key}: not in the spec" for key in value.__pydantic_extra__ or {})
        for name in fields:
            if name != "content_parts":
                found.extend(nonconforming(value.__dict__.get(name), f"{path}{name}."))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(cast("Sequence[Any]", value)):
            found.extend(nonconforming(item, f"{path}{index}."))
    return found


def strict_check(parsed: object, request: httpx.Request, body: bytes) -> None:
    """Strict mode: raise on an answer the client could read but a conforming provider would not send."""
    problems = nonconforming(parsed)
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise APIResponseValidationError(
            f"the response is not what the spec says (strict mode): {shown}", request=request, body=body
        )
