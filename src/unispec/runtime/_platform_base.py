"""What a platform profile is and what follows from one: model ids, auth headers, narrower rules.

The profiles themselves are the spec's, in the generated `_platforms` module."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sized
from dataclasses import dataclass, field
from typing import Any, Literal, cast

__all__ = ["Platform", "get_platform", "model_id", "parse_model_id", "check_rules"]


@dataclass(frozen=True)
class Platform:
    name: str
    title: str
    base_path: str
    model_format: str
    model_pattern: re.Pattern[str]
    model_example: str
    auth_header: str
    auth_prefix: str
    optional_headers: tuple[str, ...]
    defaults: Mapping[str, Any] = field(default_factory=lambda: {})
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: {})
    accepts: frozenset[str] = frozenset()
    # What the platform does with an argument it does not define: "refuse" (400 naming it, as
    # OpenAI does) or "ignore" (as a server whose request model drops unknown fields does).
    unknown_arguments: Literal["refuse", "ignore"] = "refuse"
    # The status the platform answers a request it refuses as invalid with (its profile's
    # `validation_status`): 400 as OpenAI does, 422 on JamAI Base.
    validation_status: int = 400

    def auth_headers(self, api_key: str | None) -> dict[str, str]:
        return {self.auth_header: self.auth_prefix + api_key} if api_key else {}

    def model_id(self, model: str, provider: str | None = None) -> str:
        return model_id(self, model, provider)

    def default(self, param: str) -> Any:
        """What this platform assumes when `param` is absent (None when it documents nothing)."""
        return self.defaults.get(param)


def get_platform(platform: str | Platform) -> Platform:
    if isinstance(platform, Platform):
        return platform
    from ._platforms import PLATFORMS  # the spec's profiles, generated beside this module

    try:
        return PLATFORMS[platform]
    except KeyError:
        raise ValueError(f"unknown platform {platform!r}; choose one of {', '.join(PLATFORMS)}") from None


def model_id(platform: str | Platform, model: str, provider: str | None = None) -> str:
    """A model id in the platform's format: `gpt-4o@openai` on Unify, `openai/gpt-4o` on Bifrost."""
    p = get_platform(platform)
    if "{provider}" in p.model_format:
        if not provider:
            if p.model_pattern.match(model):
                return model
            raise ValueError(f"platform {p.name!r} names models as {p.model_format!r}; pass provider=")
        return p.model_format.format(model=model, provider=provider)
    return p.model_format.format(model=model)


def parse_model_id(platform: str | Platform, value: str) -> dict[str, str]:
    """The parts of a model id (`model`, and `provider` where the format has one); ValueError if it does not fit."""
    p = get_platform(platform)
    match = p.model_pattern.match(value)
    if not match:
        raise ValueError(
            f"model {value!r} does not match {p.name}'s format {p.model_format!r} (e.g. {p.model_example!r})"
        )
    return match.groupdict()


_JSON_TYPES: dict[str, type | tuple[type, ...]] = {
    "array": (list, tuple),
    "string": str,
    "object": dict,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
}


def check_rules(
    platform: str | Platform, values: Mapping[str, Any], rules: Mapping[str, Mapping[str, Any]] | None = None
) -> list[tuple[str, str]]:
    """The platform's narrower rules that `values` (request field -> value) breaks, as (param, message).

    `rules` are those of one operation's request; by default, the chat request's."""
    p = get_platform(platform)
    problems: list[tuple[str, str]] = []
    for param, rule in (p.rules if rules is None else rules).items():
        value = values.get(param)
        if value is None:
            if rule.get("required"):
                problems.append((param, f"{param} is required on {p.title}"))
            continue
        kind = rule.get("type")
        if kind and not isinstance(value, _JSON_TYPES[kind]):
            problems.append((param, f"{param} must be of type {kind} on {p.title}"))
            continue
        allowed = rule.get("enum")
        if allowed is not None and value not in allowed:
            shown = ", ".join(repr(v) for v in allowed if v is not None)
            problems.append((param, f"{param} must be one of {shown} on {p.title}, got {value!r}"))
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if "minimum" in rule and value < rule["minimum"]:
                problems.append((param, f"{param} must be >= {rule['minimum']} on {p.title}, got {value}"))
            if "maximum" in rule and value > rule["maximum"]:
                problems.append((param, f"{param} must be <= {rule['maximum']} on {p.title}, got {value}"))
            if "exclusiveMinimum" in rule and value <= rule["exclusiveMinimum"]:
                problems.append((param, f"{param} must be > {rule['exclusiveMinimum']} on {p.title}, got {value}"))
            if "exclusiveMaximum" in rule and value >= rule["exclusiveMaximum"]:
                problems.append((param, f"{param} must be < {rule['exclusiveMaximum']} on {p.title}, got {value}"))
        if isinstance(value, (list, tuple, str, dict)):
            size = len(cast("Sized", value))
            low = rule.get("minItems" if not isinstance(value, str) else "minLength")
            high = rule.get("maxItems" if not isinstance(value, str) else "maxLength")
            if low is not None and size < low:
                problems.append((param, f"{param} must have at least {low} item(s) on {p.title}"))
            if high is not None and size > high:
                problems.append((param, f"{param} must have at most {high} item(s) on {p.title}"))
    return problems
