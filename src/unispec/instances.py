"""Values valid against a JSON Schema: tool arguments, structured output, and contract-case inputs."""

from __future__ import annotations

import math
import random
from typing import Any

WORDS = ("alpha", "bravo", "delta", "river", "spec", "model", "town", "answer", "tool", "kind")

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
        low = schema.get("minItems", 1)
        high = max(low, min(schema.get("maxItems", low + 2), low + 2))
        return [instance_for(schema.get("items") or {}, rng, root, depth + 1) for _ in range(rng.randint(low, high))]
    if kind == "integer":
        low = math.ceil(schema.get("minimum", schema.get("exclusiveMinimum", -1) + 1 if "exclusiveMinimum" in schema else 0))
        high = math.floor(schema.get("maximum", schema.get("exclusiveMaximum", low + 101) - 1 if "exclusiveMaximum" in schema else low + 100))
        return rng.randint(low, max(low, high))
    if kind == "number":
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0.0))
        high = schema.get("maximum", schema.get("exclusiveMaximum", low + 100.0))
        return round(low + (high - low) * (0.25 + rng.random() / 2), 3)
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "null":
        return None
    text = " ".join(rng.choice(WORDS) for _ in range(2))
    low, high = schema.get("minLength", 0), schema.get("maxLength")
    text = text.ljust(low, "x")
    return text[:high] if high is not None else text
