"""Values valid against a JSON Schema: tool arguments, structured output, and contract-case inputs."""

from __future__ import annotations

import json
import math
import random
import threading
from typing import Any

WORDS = ("alpha", "bravo", "delta", "river", "spec", "model", "town", "answer", "tool", "kind")


class TooLarge(ValueError):
    """The value the schema demands is larger than the budget (or no representable value fits)."""


class Cancelled(Exception):
    """The request this value was for is gone."""


class Budget:
    """How much an instance may cost: one unit per value and per character of a string.

    A schema's own numbers are checked by the server (`Limits.max_schema_size`), but nesting
    multiplies them (minItems 100 of minItems 100 of minLength 100) and a `$ref` can recurse, so
    the cost is counted while the value is built and building stops as soon as it runs out.
    """

    def __init__(self, units: int, cancel: threading.Event | None = None) -> None:
        self.left = units
        self.units = units
        self.cancel = cancel

    def charge(self, units: int) -> None:
        self.left -= units
        if self.left < 0:
            raise TooLarge(f"the value it demands is larger than this server builds ({self.units} units)")
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled


def _multiple(low: float, high: float, step: float, integer: bool, rng: random.Random) -> float | int:
    """A multiple of `step` in [low, high]; 0 when it fits and the range holds too many multiples
    to count (multipleOf: 5e-324 over [0, 100] has more than floats can express)."""
    try:
        if integer and isinstance(step, int):  # exact: big integers lose digits through floats
            k_low, k_high = -(-math.ceil(low) // step), math.floor(high) // step
        else:
            k_low, k_high = math.ceil(low / step), math.floor(high / step)
        value = step * rng.randint(k_low, max(k_low, k_high))
    except (OverflowError, ValueError):
        value = math.nan
    if isinstance(value, float) and not math.isfinite(value):
        if low <= 0 <= high:
            return 0
        raise TooLarge(f"no multiple of {step} between {low} and {high} can be written as a JSON number")
    return int(value) if integer else value


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


def instance_for(
    schema: Any, rng: random.Random, root: Any = None, depth: int = 0, budget: Budget | None = None
) -> Any:
    """A value valid against `schema` (the JSON Schema subset tools and structured outputs use).

    With a `budget`, raises TooLarge once the value would cost more than it allows.
    """
    return _instance(schema, rng, schema if root is None else root, depth, budget)


def _instance(schema: Any, rng: random.Random, root: Any, depth: int, budget: Budget | None) -> Any:
    if budget is not None:
        budget.charge(1)
    if not isinstance(schema, dict) or depth > 12:
        return {}
    if "$ref" in schema and isinstance(schema["$ref"], str) and schema["$ref"].startswith("#/"):
        target: Any = root
        for part in schema["$ref"][2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        return _instance(target, rng, root, depth + 1, budget)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][rng.randrange(len(schema["enum"]))]
    for key in ("anyOf", "oneOf"):
        if schema.get(key):
            options = [o for o in schema[key] if isinstance(o, dict) and o.get("type") != "null"] or schema[key]
            return _instance(options[0], rng, root, depth + 1, budget)
    if schema.get("allOf"):
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            if isinstance(part, dict):
                merged.update(part)
        return _instance(merged, rng, root, depth + 1, budget)
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
            return {"1": _instance(extra, rng, root, depth + 1, budget)}
        required = set(schema.get("required") or props)
        return {name: _instance(sub, rng, root, depth + 1, budget) for name, sub in props.items() if name in required}
    if kind == "array":
        # int(): JSON Schema counts 5.0 as an integer, Python's range() and ljust() do not.
        low = int(schema.get("minItems", min(1, schema.get("maxItems", 1))))
        high = max(low, min(int(schema.get("maxItems", low + 2)), low + 2))
        items = schema.get("items") or {}
        count = rng.randint(low, high)
        if not schema.get("uniqueItems"):
            return [_instance(items, rng, root, depth + 1, budget) for _ in range(count)]
        out: list[Any] = []
        seen: set[str] = set()  # by JSON text: values may be unhashable, and `in out` is quadratic
        for _ in range(count * 10):  # bounded: distinct values may run out (a small enum)
            value = _instance(items, rng, root, depth + 1, budget)
            key = json.dumps(value, sort_keys=True)
            if key not in seen:
                seen.add(key)
                out.append(value)
            if len(out) == count:
                break
        return out
    if kind in ("integer", "number"):
        low, high = _bounds(schema, kind == "integer")
        step = schema.get("multipleOf")
        if step:
            return _multiple(low, high, step, kind == "integer", rng)
        if kind == "integer":
            return rng.randint(math.ceil(low), max(math.ceil(low), math.floor(high)))
        x = 0.25 + rng.random() / 2
        try:
            return round(low * (1 - x) + high * x, 3)  # not low + (high - low) * x: that overflows at +-1e308
        except OverflowError:  # an integer bound such as 10**400 has no float
            raise TooLarge("a bound of its number range is too large for a float") from None
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "null":
        return None
    text = " ".join(rng.choice(WORDS) for _ in range(2))
    low, high = int(schema.get("minLength", 0)), schema.get("maxLength")
    high = None if high is None else int(high)
    if budget is not None:
        budget.charge(max(low, len(text)))
    text = text.ljust(low, "x")
    return text[:high] if high is not None else text
