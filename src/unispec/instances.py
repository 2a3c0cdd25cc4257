"""Values valid against a JSON Schema: tool arguments, structured output, and contract-case inputs.

Sizes stay small unless the schema's bounds force otherwise: a number range wider than
NUMBER_WINDOW is narrowed to a window of that width (holding 0 where the range does, else at the
bound nearest 0), so `maximum: 9007199254740991` gives a two- or three-digit number; strings are a
couple of words, arrays one to three items, objects their required properties. `format`s
(date, date-time, time, email, uri, uuid, ipv4, ipv6, hostname, ...) get a value of that format.

`find_schema(texts)` finds the last JSON Schema written into a conversation (JSON mode with the
schema in the prompt: instructor, pydantic-ai's prompted output, the AI SDK), in a bounded scan.
"""

from __future__ import annotations

import contextvars
import json
import math
import random
import re
import threading
import uuid
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote

WORDS = ("alpha", "bravo", "delta", "river", "spec", "model", "town", "answer", "tool", "kind")


NUMBER_WINDOW = 100  # the widest number range a value is drawn from (narrower bounds win)
# Wider while the items of a uniqueItems array are drawn: 5,000 distinct integers need the room.
_WINDOW: contextvars.ContextVar[int] = contextvars.ContextVar("window", default=NUMBER_WINDOW)
DEEP = 6  # below this nesting depth, values are the smallest the schema allows (recursive $refs end)


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
        if isinstance(value, float) and k_high - k_low < 10**15:
            # Validators check `value / step` is a whole number in floats, which k * 0.01 often
            # is not (81.52 / 0.01 = 8151.999...): a few draws find one that is.
            for _ in range(16):
                if low <= value <= high and value / step == int(value / step):
                    break
                value = step * rng.randint(k_low, max(k_low, k_high))
    except (OverflowError, ValueError):
        value = math.nan
    if isinstance(value, float) and not math.isfinite(value):
        if low <= 0 <= high:
            return 0
        raise TooLarge(f"no multiple of {step} between {low} and {high} can be written as a JSON number")
    return int(value) if integer else value


def _bounds(schema: dict[str, Any], integer: bool) -> tuple[float, float]:
    """The closed range a number is drawn from: the schema's, narrowed to NUMBER_WINDOW."""
    window = _WINDOW.get()

    def nudge(bound: Any) -> float | int:  # past an exclusive bound; an integer one too big for floats stays one
        return 1 if integer or (isinstance(bound, int) and abs(bound) > 2**53) else 1e-6

    low = schema.get("minimum")
    if low is None and "exclusiveMinimum" in schema:
        low = schema["exclusiveMinimum"] + nudge(schema["exclusiveMinimum"])
    high = schema.get("maximum")
    if high is None and "exclusiveMaximum" in schema:
        high = schema["exclusiveMaximum"] - nudge(schema["exclusiveMaximum"])
    if low is None and high is None:
        return 0, window
    if low is None:
        low = high - window if high <= 0 else min(0, high)
    if high is None:
        high = low + window if low >= 0 else max(0, low)
    try:
        wide = high - low > window
    except OverflowError:  # pragma: no cover - int bounds beyond float range
        wide = True
    if not wide:
        return low, high
    # A small window of the range: at 0 where it holds 0, else at the bound nearest 0.
    if low >= 0:
        return low, low + window
    if high <= 0:
        return high - window, high
    return 0, min(high, window)


def instance_for(
    schema: Any, rng: random.Random, root: Any = None, depth: int = 0, budget: Budget | None = None
) -> Any:
    """A value valid against `schema` (the JSON Schema subset tools and structured outputs use).

    With a `budget`, raises TooLarge once the value would cost more than it allows.
    """
    return _instance(schema, rng, schema if root is None else root, depth, budget)


def _resolve_ref(ref: str, root: Any) -> Any:
    """The schema a local `$ref` (`#`, `#/$defs/Name`, JSON-pointer escapes) points at; {} if none."""
    target: Any = root
    for part in ref[2:].split("/") if ref.startswith("#/") else ():
        part = unquote(part).replace("~1", "/").replace("~0", "~")
        if isinstance(target, dict):
            target = target.get(part, {})
        elif isinstance(target, list) and part.isdigit() and int(part) < len(target):
            target = target[int(part)]
        else:
            return {}
    return target


def _refers(schema: Any) -> bool:
    return isinstance(schema, dict) and ("$ref" in schema or "items" in schema and _refers(schema["items"]))


# A value of each string format the JSON Schema vocabulary names (and a few common extras).
_FORMATS: dict[str, Any] = {
    "date": lambda rng: f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
    "date-time": lambda rng: f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:30:00Z",
    "time": lambda rng: f"{rng.randint(0, 23):02d}:30:00Z",
    "duration": lambda rng: f"P{rng.randint(1, 9)}D",
    "email": lambda rng: f"{rng.choice(WORDS)}@example.com",
    "idn-email": lambda rng: f"{rng.choice(WORDS)}@example.com",
    "hostname": lambda rng: f"{rng.choice(WORDS)}.example.com",
    "idn-hostname": lambda rng: f"{rng.choice(WORDS)}.example.com",
    "ipv4": lambda rng: f"192.0.2.{rng.randint(1, 254)}",
    "ipv6": lambda rng: f"2001:db8::{rng.randint(1, 0xFFFF):x}",
    "uri": lambda rng: f"https://example.com/{rng.choice(WORDS)}",
    "url": lambda rng: f"https://example.com/{rng.choice(WORDS)}",
    "iri": lambda rng: f"https://example.com/{rng.choice(WORDS)}",
    "uri-reference": lambda rng: f"/{rng.choice(WORDS)}",
    "iri-reference": lambda rng: f"/{rng.choice(WORDS)}",
    "uri-template": lambda rng: "https://example.com/{id}",
    "uuid": lambda rng: str(uuid.UUID(int=rng.getrandbits(128), version=4)),
    "json-pointer": lambda rng: f"/{rng.choice(WORDS)}",
    "relative-json-pointer": lambda rng: "0",
    "regex": lambda rng: "^[a-z]+$",
    "byte": lambda rng: "YWxwaGE=",
    "binary": lambda rng: rng.choice(WORDS),
    "password": lambda rng: rng.choice(WORDS),
}


def _instance(schema: Any, rng: random.Random, root: Any, depth: int, budget: Budget | None) -> Any:
    if budget is not None:
        budget.charge(1)
    if schema is True or not isinstance(schema, dict) or depth > 2 * DEEP + 8:
        return {} if schema is not False else None
    if "$ref" in schema and isinstance(schema["$ref"], str) and schema["$ref"].startswith("#"):
        target = _resolve_ref(schema["$ref"], root)
        siblings = {k: v for k, v in schema.items() if k not in ("$ref", "description", "title", "default", "examples")}
        if siblings and isinstance(target, dict):  # 2020-12: `$ref` beside other keywords applies with them
            target = {**target, **siblings}
        return _instance(target, rng, root, depth + 1, budget)
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][rng.randrange(len(schema["enum"]))]
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        if isinstance(options, list) and options:
            concrete = [o for o in options if isinstance(o, dict) and o.get("type") != "null"] or options
            if depth > DEEP:  # deep in a recursive schema: null, or a branch that does not recurse
                nulls = [o for o in options if isinstance(o, dict) and o.get("type") == "null"]
                concrete = nulls or [o for o in concrete if not _refers(o)] or concrete
            rest = {k: v for k, v in schema.items() if k != key}
            chosen = concrete[0]
            if rest and isinstance(chosen, dict):  # keywords beside anyOf (type, properties) apply too
                chosen = {**rest, **chosen}
            return _instance(chosen, rng, root, depth + 1, budget)
    if isinstance(schema.get("allOf"), list) and schema["allOf"]:
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        for part in schema["allOf"]:
            if isinstance(part, dict) and isinstance(part.get("$ref"), str):
                part = _resolve_ref(part["$ref"], root)
            if isinstance(part, dict):
                for k, v in part.items():
                    if k == "properties" and isinstance(merged.get(k), dict) and isinstance(v, dict):
                        merged[k] = {**merged[k], **v}
                    elif k == "required" and isinstance(merged.get(k), list) and isinstance(v, list):
                        merged[k] = [*merged[k], *v]
                    else:
                        merged[k] = v
        return _instance(merged, rng, root, depth + 1, budget)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        if "properties" in schema or "additionalProperties" in schema or "required" in schema:
            kind = "object"
        elif "items" in schema or "prefixItems" in schema:
            kind = "array"
        elif any(k in schema for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")):
            kind = "number"
        else:
            kind = "string"
    if kind == "object":
        props = schema.get("properties") or {}
        props = props if isinstance(props, dict) else {}
        extra = schema.get("additionalProperties")
        required = schema.get("required")
        names = [n for n in props if n in required] if isinstance(required, list) else list(props)
        if depth > DEEP and not isinstance(required, list):
            names = []  # nothing required: deep in a recursive schema, the empty object ends it
        out: dict[str, Any] = {name: _instance(props[name], rng, root, depth + 1, budget) for name in names}
        for name in required if isinstance(required, list) else ():  # required, but not among properties
            if isinstance(name, str) and name not in out and extra is not False:
                out[name] = _instance(extra if isinstance(extra, dict) else {}, rng, root, depth + 1, budget)
        if not props and isinstance(extra, dict) and not out:
            # A map (token id -> bias, key -> value): one entry, so the argument is exercised.
            out["1"] = _instance(extra, rng, root, depth + 1, budget)
        wanted = int(schema.get("minProperties", 0) or 0)
        for name in props:  # minProperties: the optional properties too, in order
            if len(out) >= wanted:
                break
            if name not in out:
                out[name] = _instance(props[name], rng, root, depth + 1, budget)
        k = 0
        while len(out) < wanted and extra is not False:
            key = f"key{k}"
            k += 1
            if key not in out:
                out[key] = _instance(extra if isinstance(extra, dict) else {}, rng, root, depth + 1, budget)
        return out
    if kind == "array":
        # int(): JSON Schema counts 5.0 as an integer, Python's range() and ljust() do not.
        prefix = schema.get("prefixItems") if isinstance(schema.get("prefixItems"), list) else []
        low = int(schema.get("minItems", min(1, schema.get("maxItems", 1))))
        high = max(low, min(int(schema.get("maxItems", low + 2)), low + 2))
        items = schema.get("items")
        if isinstance(items, list):  # draft 7's tuple form
            prefix, items = items, schema.get("additionalItems", True)
            high = max(high, min(len(prefix), int(schema.get("maxItems", len(prefix)))))
        items = {} if items is None or items is True else items
        count = low if depth > DEEP else rng.randint(low, high)
        if items is False:
            count = min(count, len(prefix))
        count = max(count, min(len(prefix), high))
        schemas = [prefix[i] if i < len(prefix) else items for i in range(count)]
        if not schema.get("uniqueItems"):
            return [_instance(sub, rng, root, depth + 1, budget) for sub in schemas]
        values: list[Any] = []
        seen: set[str] = set()  # by JSON text: values may be unhashable, and `in out` is quadratic
        token = _WINDOW.set(max(_WINDOW.get(), 10 * count))
        try:
            for _ in range(count * 10):  # bounded: distinct values may run out (a small enum)
                sub = schemas[len(values)] if len(values) < len(schemas) else items
                value = _instance(sub, rng, root, depth + 1, budget)
                key = json.dumps(value, sort_keys=True)
                if key not in seen:
                    seen.add(key)
                    values.append(value)
                if len(values) == count:
                    break
        finally:
            _WINDOW.reset(token)
        return values
    if kind in ("integer", "number"):
        low, high = _bounds(schema, kind == "integer")
        step = schema.get("multipleOf")
        if step:
            return _multiple(low, high, step, kind == "integer", rng)
        if kind == "integer" or (isinstance(low, int) and isinstance(high, int) and max(abs(low), abs(high)) > 2**53):
            return rng.randint(math.ceil(low), max(math.ceil(low), math.floor(high)))
        x = 0.25 + rng.random() / 2
        try:
            value = low * (1 - x) + high * x  # not low + (high - low) * x: that overflows at +-1e308
        except OverflowError:  # an integer bound such as 10**400 has no float
            raise TooLarge("a bound of its number range is too large for a float") from None
        rounded = round(value, 3)
        return rounded if low <= rounded <= high else value
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "null":
        return None
    low, high = int(schema.get("minLength", 0)), schema.get("maxLength")
    high = None if high is None else int(high)
    fmt = schema.get("format")
    make = _FORMATS.get(fmt) if isinstance(fmt, str) else None
    if make is not None:
        text = make(rng)
        if low <= len(text) and (high is None or len(text) <= high):
            if budget is not None:
                budget.charge(len(text))
            return text
    text = " ".join(rng.choice(WORDS) for _ in range(2))
    if high is not None and high < len(text):
        text = rng.choice(WORDS)
    if budget is not None:
        budget.charge(max(low, len(text)))
    text = text.ljust(low, "x")
    return text[:high] if high is not None else text


# --- a schema written into the conversation ----------------------------------------------------------

# The scan reads at most the last SCAN_CHARS characters of the conversation's text, and spends at
# most SCAN_BUDGET characters of JSON parsing on it: every `{` followed by `"` is a candidate start,
# and a parse costs the characters it read, a failed one at least FAILED_PARSE_COST (the decoder's
# error message counts lines from the start), so a hostile prompt costs a bounded, small time.
SCAN_CHARS = 256 * 1024
SCAN_BUDGET = 4 * SCAN_CHARS
FAILED_PARSE_COST = 256
MAX_SCHEMA_CHECKS = 8  # candidates checked against their metaschema, the last first
_OBJECT_START = re.compile(r'\{\s*"')
_SCHEMA_WORDS = frozenset(
    ("type", "properties", "$ref", "$defs", "definitions", "anyOf", "oneOf", "allOf", "enum", "const", "items")
)
_JSON_TYPES = frozenset(("object", "array", "string", "integer", "number", "boolean", "null"))


def looks_like_schema(value: Any, full: bool = True) -> bool:
    """Whether a JSON value found in a prompt is a JSON Schema (not an example instance of one);
    `full=False` skips the metaschema check, the costly part."""
    if not isinstance(value, dict) or not _SCHEMA_WORDS.intersection(value):
        return False
    kind = value.get("type")
    kinds = kind if isinstance(kind, list) else [kind] if kind is not None else []
    if any(not isinstance(k, str) or k not in _JSON_TYPES for k in kinds):
        return False
    props = value.get("properties")
    if props is not None and (not isinstance(props, dict) or not all(isinstance(p, dict) for p in props.values())):
        return False
    return not full or _valid_schema(value)


def _valid_schema(value: dict[str, Any]) -> bool:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError
    from jsonschema.validators import validator_for

    try:
        validator_for(value, default=Draft202012Validator).check_schema(value)
    except (SchemaError, RecursionError):
        return False
    return True


def find_schema(texts: Iterable[str], scan_chars: int = SCAN_CHARS, budget: int = SCAN_BUDGET) -> dict[str, Any] | None:
    """The last JSON Schema object written in `texts` (the conversation's messages, in order), or None.

    Objects are read left to right; one that parses is skipped as a whole (its inner objects are
    part of it), so "the last" is the last top-level one that is a schema."""
    joined = "\n".join(texts)
    text = joined[-scan_chars:]
    decoder = json.JSONDecoder()
    found: list[dict[str, Any]] = []  # the candidates, checked against their metaschema at the end

    def next_start(after: int) -> int:
        match = _OBJECT_START.search(text, after)
        return -1 if match is None else match.start()

    at = next_start(0)
    while at != -1 and budget > 0:
        try:
            value, end = decoder.raw_decode(text, at)
        except json.JSONDecodeError as exc:
            budget -= max(FAILED_PARSE_COST, exc.pos - at)
            at = next_start(at + 1)
            continue
        except RecursionError:
            budget -= len(text) - at
            at = next_start(at + 1)
            continue
        budget -= max(16, end - at)
        if looks_like_schema(value, full=False):
            found.append(value)
            at = next_start(end)
        else:
            at = next_start(at + 1)  # an instance or a wrapper: a schema may sit inside it
    for value in reversed(found[-MAX_SCHEMA_CHECKS:]):
        if _valid_schema(value):
            return value
    return None
