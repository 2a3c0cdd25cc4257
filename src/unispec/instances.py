"""Values valid against a JSON Schema: tool arguments, structured output, and contract-case inputs."""

from __future__ import annotations

import math
import random
from typing import Any

WORDS = ("alpha", "bravo", "delta", "river", "spec", "model", "town", "answer", "tool", "kind")


def _bounds(schema: dict[str, Any], integer: bool) -> tuple[float, float]:
    """The closed range a number must fall in; 100 wide on a side the schema leaves open."""
    nudge = 1 if integer else 1e-6
    low = schema.get("minimum")
    if low is None and "exclusiveMinimum" in schema:
        low = schema["exclusiveMinimum"] + nudge
    high = schema.get("maximum")
    if high is None and "exclusiveMaximum" in schema:
        high = schema["exclusiveMaximum"] - nudge
    if low is None and high is None:
        return 0, 100
    if low is None:
        return high - 100, high
    if high is None:
        return low, low + 100
    return low, high


def instance_for(schema: Any, rng: random.Random, root: Any = None, depth: int = 0) -> Any:
    """A value valid against `schema` (the JSON Schema subset tools and structured outputs use)."""
    root = schema if root is None else root
    if not isinstance(schema, dict) or depth > 12:
        return {}
    if "$ref" in schema and isinstance(schema["$ref"], str) and schema["$ref"].startswith("#/"):
        target: Any = root
        for part in schema["$ref"][2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        return instance_for(target, rng, root, depth + 1)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][rng.randrange(len(schema["enum"]))]
    for key in ("anyOf", "oneOf"):
        if schema.get(key):
            options = [o for o in schema[key] if isinstance(o, dict) and o.get("type") != "null"] or schema[key]
            return instance_for(options[0], rng, root, depth + 1)
    if schema.get("allOf"):
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            if isinstance(part, dict):
                merged.update(part)
        return instance_for(merged, rng, root, depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = "object" if "properties" in schema else "string"
    if kind == "object":
        props = schema.get("properties") or {}
        extra = schema.get("additionalProperties")
        if not props and isinstance(extra, dict):
            # A map (token id -> bias, key -> value): one entry, so the argument is exercised.
            return {"1": instance_for(extra, rng, root, depth + 1)}
        required = set(schema.get("required") or props)
        return {name: instance_for(sub, rng, root, depth + 1) for name, sub in props.items() if name in required}
    if kind == "array":
        low = schema.get("minItems", min(1, schema.get("maxItems", 1)))
        high = max(low, min(schema.get("maxItems", low + 2), low + 2))
        items = schema.get("items") or {}
        count = rng.randint(low, high)
        if not schema.get("uniqueItems"):
            return [instance_for(items, rng, root, depth + 1) for _ in range(count)]
        out: list[Any] = []
        for _ in range(count * 10):  # bounded: distinct values may run out (a small enum)
            value = instance_for(items, rng, root, depth + 1)
            if value not in out:
                out.append(value)
            if len(out) == count:
                break
        return out
    if kind in ("integer", "number"):
        low, high = _bounds(schema, kind == "integer")
        step = schema.get("multipleOf")
        if step:
            k_low, k_high = math.ceil(low / step), math.floor(high / step)
            value = step * rng.randint(k_low, max(k_low, k_high))
            return int(value) if kind == "integer" else value
        if kind == "integer":
            return rng.randint(math.ceil(low), max(math.ceil(low), math.floor(high)))
        return round(low + (high - low) * (0.25 + rng.random() / 2), 3)
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "null":
        return None
    text = " ".join(rng.choice(WORDS) for _ in range(2))
    low, high = schema.get("minLength", 0), schema.get("maxLength")
    text = text.ljust(low, "x")
    return text[:high] if high is not None else text
