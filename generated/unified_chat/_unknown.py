# generated from spec 539bddf77d292aa7 by unispec 0.1.0, do not edit
"""Strict mode for responses: the fields a provider sent that the spec does not know."""

from __future__ import annotations

from pydantic import BaseModel

__all__ = ["unknown_fields"]


def unknown_fields(value: object, path: str = "") -> list[str]:
    """Dotted paths of every field kept as an extra (`x_groq`, `choices.0.message.reasoning`, ...).

    Response models keep fields they do not know, so real providers never fail to parse; this
    reports them for anyone who wants to hold a provider to the spec.
    """
    found: list[str] = []
    if isinstance(value, BaseModel):
        extra = value.__pydantic_extra__ or {}
        found.extend(f"{path}{key}" for key in extra)
        for name in type(value).model_fields:
            found.extend(unknown_fields(value.__dict__.get(name), f"{path}{name}."))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            found.extend(unknown_fields(item, f"{path}{index}."))
    return found
