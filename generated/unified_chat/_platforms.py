# generated from spec 539bddf77d292aa7 by unispec 0.1.0, do not edit
"""Platform profiles from the spec: base path, model-id format, auth headers, defaults, narrower rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

__all__ = ["Platform", "PLATFORMS", "get_platform", "model_id", "parse_model_id", "check_rules"]


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
    defaults: Mapping[str, Any] = field(default_factory=dict)
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    accepts: frozenset[str] = frozenset()

    def auth_headers(self, api_key: str | None) -> dict[str, str]:
        return {self.auth_header: self.auth_prefix + api_key} if api_key else {}

    def model_id(self, model: str, provider: str | None = None) -> str:
        return model_id(self, model, provider)

    def default(self, param: str) -> Any:
        """What this platform assumes when `param` is absent (None when it documents nothing)."""
        if param in self.defaults:
            return self.defaults[param]
        return self.rules.get(param, {}).get("default")


PLATFORMS: dict[str, Platform] = {
    "openai": Platform(
        name="openai",
        title="OpenAI (the reference)",
        base_path="/v1",
        model_format="{model}",
        model_pattern=re.compile("^(?P<model>.+)$"),
        model_example="gpt-4o",
        auth_header="Authorization",
        auth_prefix="Bearer ",
        optional_headers=(),
        defaults={"temperature": 1, "top_p": 1, "n": 1, "stream": False},
        rules={
            "model": {"required": True},
            "temperature": {"maximum": 2, "default": 1},
            "top_p": {"maximum": 1, "default": 1},
        },
        accepts=frozenset(
            [
                "audio",
                "frequency_penalty",
                "function_call",
                "functions",
                "logit_bias",
                "logprobs",
                "max_completion_tokens",
                "max_tokens",
                "messages",
                "metadata",
                "modalities",
                "model",
                "n",
                "parallel_tool_calls",
                "prediction",
                "presence_penalty",
                "prompt_cache_key",
                "reasoning_effort",
                "response_format",
                "safety_identifier",
                "seed",
                "service_tier",
                "stop",
                "store",
                "stream",
                "stream_options",
                "temperature",
                "tool_choice",
                "tools",
                "top_logprobs",
                "top_p",
                "user",
                "verbosity",
                "web_search_options",
            ]
        ),
    ),
    "unify": Platform(
        name="unify",
        title="Unify AI",
        base_path="/v0",
        model_format="{model}@{provider}",
        model_pattern=re.compile("^(?P<model>.+)@(?P<provider>[^/@]+)$"),
        model_example="gpt-4o@openai",
        auth_header="Authorization",
        auth_prefix="Bearer ",
        optional_headers=(),
        defaults={
            "temperature": 1,
            "stream": False,
            "drop_params": True,
            "log_query_body": True,
            "log_response_body": True,
        },
        rules={
            "model": {"required": True},
            "temperature": {"maximum": 2, "default": 1},
            "top_p": {"maximum": 1},
        },
        accepts=frozenset(
            [
                "drop_params",
                "frequency_penalty",
                "log_query_body",
                "log_response_body",
                "logit_bias",
                "logprobs",
                "max_tokens",
                "messages",
                "model",
                "n",
                "parallel_tool_calls",
                "presence_penalty",
                "region",
                "response_format",
                "seed",
                "signature",
                "stop",
                "stream",
                "stream_options",
                "tags",
                "temperature",
                "tool_choice",
                "tools",
                "top_logprobs",
                "top_p",
                "use_custom_keys",
                "user",
            ]
        ),
    ),
    "jamai": Platform(
        name="jamai",
        title="JamAI Base",
        base_path="/api/v1",
        model_format="{model}",
        model_pattern=re.compile("^(?P<model>.+)$"),
        model_example="openai/gpt-4o-mini",
        auth_header="Authorization",
        auth_prefix="Bearer ",
        optional_headers=(
            "X-USER-ID",
            "X-PROJECT-ID",
        ),
        defaults={
            "model": "",
            "temperature": 0.2,
            "top_p": 0.6,
            "max_tokens": 2048,
            "n": 1,
            "stream": False,
            "presence_penalty": 0,
            "frequency_penalty": 0,
            "id": "",
        },
        rules={
            "model": {"default": ""},
            "max_tokens": {"default": 2048},
            "max_completion_tokens": {"default": 2048},
            "stop": {"type": "array", "minItems": 1},
            "temperature": {"minimum": 0.001, "default": 0.2},
            "top_p": {"minimum": 0.001, "default": 0.6},
            "n": {"default": 1},
            "frequency_penalty": {"default": 0},
            "presence_penalty": {"default": 0},
            "tools": {"minItems": 1},
            "id": {"default": ""},
        },
        accepts=frozenset(
            [
                "frequency_penalty",
                "id",
                "logit_bias",
                "max_completion_tokens",
                "max_tokens",
                "messages",
                "model",
                "n",
                "presence_penalty",
                "rag_params",
                "stop",
                "stream",
                "temperature",
                "tool_choice",
                "tools",
                "top_p",
                "user",
            ]
        ),
    ),
    "generic": Platform(
        name="generic",
        title="Generic OpenAI-compatible gateway",
        base_path="/v1",
        model_format="{model}",
        model_pattern=re.compile("^(?P<model>.+)$"),
        model_example="gpt-4o",
        auth_header="Authorization",
        auth_prefix="Bearer ",
        optional_headers=(),
        defaults={"stream": False},
        rules={
            "model": {"required": True},
            "stop": {"type": "array"},
            "temperature": {"maximum": 2},
            "top_p": {"maximum": 1},
        },
        accepts=frozenset(
            [
                "frequency_penalty",
                "logprobs",
                "max_completion_tokens",
                "messages",
                "model",
                "n",
                "presence_penalty",
                "response_format",
                "seed",
                "stop",
                "stream",
                "stream_options",
                "temperature",
                "tool_choice",
                "tools",
                "top_logprobs",
                "top_p",
                "user",
            ]
        ),
    ),
    "bifrost": Platform(
        name="bifrost",
        title="Bifrost",
        base_path="/v1",
        model_format="{provider}/{model}",
        model_pattern=re.compile("^(?P<provider>[^/@]+)/(?P<model>.+)$"),
        model_example="openai/gpt-4o-mini",
        auth_header="Authorization",
        auth_prefix="Bearer ",
        optional_headers=(),
        defaults={"n": 1, "stream": False, "logprobs": False},
        rules={"model": {"required": True}, "temperature": {"maximum": 2}, "top_p": {"maximum": 1}},
        accepts=frozenset(
            [
                "fallbacks",
                "frequency_penalty",
                "logit_bias",
                "logprobs",
                "max_completion_tokens",
                "max_tokens",
                "messages",
                "metadata",
                "modalities",
                "model",
                "n",
                "parallel_tool_calls",
                "presence_penalty",
                "prompt_cache_key",
                "reasoning_effort",
                "response_format",
                "safety_identifier",
                "seed",
                "service_tier",
                "stop",
                "store",
                "stream",
                "stream_options",
                "temperature",
                "tool_choice",
                "tools",
                "top_logprobs",
                "top_p",
                "user",
                "verbosity",
            ]
        ),
    ),
    "sgp": Platform(
        name="sgp",
        title="Scale GenAI Platform",
        base_path="/v5",
        model_format="{provider}/{model}",
        model_pattern=re.compile("^(?P<provider>[^/@]+)/(?P<model>.+)$"),
        model_example="openai/gpt-4o",
        auth_header="x-api-key",
        auth_prefix="",
        optional_headers=("x-selected-account-id",),
        defaults={"stream": False},
        rules={"model": {"required": True}, "temperature": {"maximum": 2}, "top_p": {"maximum": 1}},
        accepts=frozenset(
            [
                "audio",
                "frequency_penalty",
                "function_call",
                "functions",
                "logit_bias",
                "logprobs",
                "max_completion_tokens",
                "max_tokens",
                "messages",
                "metadata",
                "modalities",
                "model",
                "n",
                "parallel_tool_calls",
                "prediction",
                "presence_penalty",
                "reasoning_effort",
                "response_format",
                "seed",
                "stop",
                "store",
                "stream",
                "stream_options",
                "temperature",
                "tool_choice",
                "tools",
                "top_k",
                "top_logprobs",
                "top_p",
                "user",
            ]
        ),
    ),
}


def get_platform(platform: str | Platform) -> Platform:
    if isinstance(platform, Platform):
        return platform
    try:
        return PLATFORMS[platform]
    except KeyError:
        raise ValueError(
            f"unknown platform {platform!r}; choose one of {', '.join(PLATFORMS)}"
        ) from None


def model_id(platform: str | Platform, model: str, provider: str | None = None) -> str:
    """A model id in the platform's format: `gpt-4o@openai` on Unify, `openai/gpt-4o` on Bifrost."""
    p = get_platform(platform)
    if "{provider}" in p.model_format:
        if not provider:
            if p.model_pattern.match(model):
                return model
            raise ValueError(
                f"platform {p.name!r} names models as {p.model_format!r}; pass provider="
            )
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


def check_rules(platform: str | Platform, values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The platform's narrower rules that `values` (request field -> value) breaks, as (param, message)."""
    p = get_platform(platform)
    problems: list[tuple[str, str]] = []
    for param, rule in p.rules.items():
        value = values.get(param)
        if value is None:
            if rule.get("required"):
                problems.append((param, f"{param} is required on {p.title}"))
            continue
        kind = rule.get("type")
        if kind and not isinstance(value, _JSON_TYPES[kind]):
            problems.append((param, f"{param} must be of type {kind} on {p.title}"))
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if "minimum" in rule and value < rule["minimum"]:
                problems.append(
                    (param, f"{param} must be >= {rule['minimum']} on {p.title}, got {value}")
                )
            if "maximum" in rule and value > rule["maximum"]:
                problems.append(
                    (param, f"{param} must be <= {rule['maximum']} on {p.title}, got {value}")
                )
            if "exclusiveMinimum" in rule and value <= rule["exclusiveMinimum"]:
                problems.append(
                    (
                        param,
                        f"{param} must be > {rule['exclusiveMinimum']} on {p.title}, got {value}",
                    )
                )
            if "exclusiveMaximum" in rule and value >= rule["exclusiveMaximum"]:
                problems.append(
                    (
                        param,
                        f"{param} must be < {rule['exclusiveMaximum']} on {p.title}, got {value}",
                    )
                )
        if isinstance(value, (list, tuple, str, dict)):
            size = len(value)
            low = rule.get("minItems" if not isinstance(value, str) else "minLength")
            high = rule.get("maxItems" if not isinstance(value, str) else "maxLength")
            if low is not None and size < low:
                problems.append((param, f"{param} must have at least {low} item(s) on {p.title}"))
            if high is not None and size > high:
                problems.append((param, f"{param} must have at most {high} item(s) on {p.title}"))
    return problems
