"""Bad-input probes derived from the spec: every bound, enum, type and required field of every
request parameter a platform accepts, and every narrower rule of that platform (`x-platform-rules`),
gives one value that breaks it. A constraint added to the spec is probed with no code edit.

Each derived value is checked with jsonschema against the parameter's schema narrowed by the
platform's rule before it is used, so a probe never sends a value the spec allows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator

from ..instances import instance_for
from ..spec import REQUEST_SCHEMA, Spec
from ..validate import RULE_KEYWORDS

MISSING = object()  # the probe leaves the parameter out
# The rule keywords that constrain a value (not `default`, `required`).
_RULE_CONSTRAINTS = RULE_KEYWORDS - {"required"}
_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
_SIZES = ("minItems", "maxItems", "minLength", "maxLength", "minProperties", "maxProperties")
# One value of each JSON type, in the order a type probe tries them: a string first (the commonest
# mistake), then the types no coercion turns into a number or a string.
_WRONG_TYPES: tuple[tuple[str, Any], ...] = (
    ("string", "unispec-wrong-type"),
    ("object", {"unispec": "wrong type"}),
    ("array", ["unispec-wrong-type"]),
    ("integer", 12345),
    ("boolean", True),
)
# The largest array or object a size probe builds: a bound above it is not probed (the body would
# be larger than any check needs).
MAX_BUILT = 256


@dataclass(frozen=True)
class DerivedProbe:
    id: str
    param: str
    what: str
    value: Any  # MISSING to leave the parameter out


def _resolve(spec: Spec, node: Any) -> Any:
    for _ in range(16):  # bounded: a $ref chain longer than this is a spec error validate reports
        if not (isinstance(node, dict) and "$ref" in node):
            return node
        node = spec.resolve(node["$ref"])
    return node


def _branches(spec: Spec, schema: Any) -> list[dict[str, Any]]:
    """The schema and its anyOf/oneOf branches, references resolved."""
    schema = _resolve(spec, schema)
    if not isinstance(schema, dict):
        return []
    out = [schema]
    for key in ("anyOf", "oneOf"):
        for branch in schema.get(key) or []:
            out.extend(_branches(spec, branch))
    return out


def _types(spec: Spec, schema: Any) -> set[str] | None:
    """The JSON types a schema admits; None when it does not say (no `type` anywhere)."""
    found: set[str] = set()
    for node in _branches(spec, schema):
        t = node.get("type")
        if isinstance(t, str):
            found.add(t)
        elif isinstance(t, list):
            found.update(t)
        for value in node.get("enum") or ([node["const"]] if "const" in node else []):
            found.add(_json_type(value))
    return found or None


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


class _Builder:
    def __init__(self, spec: Spec, platform: str):
        self.spec = spec
        self.platform = platform
        self.rng = random.Random(0)

    def validator(self, prop: dict[str, Any], rule: dict[str, Any]) -> Draft202012Validator:
        narrowed = {k: v for k, v in rule.items() if k in _RULE_CONSTRAINTS}
        # The spec's own components travel along, so `#/components/...` references resolve.
        root = {"components": self.spec.data.get("components", {}), "allOf": [prop, narrowed]}
        return Draft202012Validator(root)

    def valid_instance(self, schema: Any) -> Any:
        try:
            return instance_for(_resolve(self.spec, schema) or {}, self.rng, self.spec.data)
        except Exception:  # a schema instance_for cannot build for: a plain string will do
            return "x"

    def sized(self, keyword: str, bound: int, node: dict[str, Any]) -> Any:
        if keyword in ("minItems", "maxItems"):
            n = bound - 1 if keyword == "minItems" else bound + 1
            return [self.valid_instance(node.get("items", {})) for _ in range(n)] if 0 <= n <= MAX_BUILT else None
        if keyword in ("minLength", "maxLength"):
            n = bound - 1 if keyword == "minLength" else bound + 1
            return "x" * n if 0 <= n <= 100_000 else None
        n = bound - 1 if keyword == "minProperties" else bound + 1
        extra = node.get("additionalProperties")
        item = self.valid_instance(extra) if isinstance(extra, dict) else "x"
        return {f"k{i}": item for i in range(n)} if 0 <= n <= MAX_BUILT else None


def _bound_value(keyword: str, bound: float, integer: bool, looser: float | None) -> float:
    if keyword.startswith("exclusive"):
        return bound
    step = -1 if keyword == "minimum" else 1
    if looser is not None and not integer and looser != bound:
        return (looser + bound) / 2  # inside the shared range, outside the platform's narrower one
    return bound + step


def derive_probes(spec: Spec, platform: str) -> list[DerivedProbe]:
    builder = _Builder(spec, platform)
    request = spec.data["components"]["schemas"][REQUEST_SCHEMA]
    required = set(request.get("required") or [])
    probes: dict[str, DerivedProbe] = {}

    def add(probe_id: str, param: str, what: str, value: Any, check: Draft202012Validator | None) -> None:
        if value is None or probe_id in probes:
            return
        if check is not None and value is not MISSING and check.is_valid(value):
            return  # the spec allows it after all (another branch admits it): no probe
        probes[probe_id] = DerivedProbe(probe_id, param, what, value)

    for name, prop in spec.request_properties.items():
        if platform not in (prop.get("x-platforms") or []):
            continue  # not accepted there at all: rejecting it proves nothing about its constraints
        rule = (prop.get("x-platform-rules") or {}).get(platform) or {}
        check = builder.validator(prop, rule)
        if name in required or rule.get("required"):
            add(f"probe.{name}.required", name, f"no {name}", MISSING, None)
        types = _types(spec, prop)
        if types is not None:
            narrowed = _types(spec, {"type": rule["type"]}) if "type" in rule else None
            admitted = types & narrowed if narrowed else types
            # Prefer a value the shared schema admits and the platform's rule does not.
            order = sorted(_WRONG_TYPES, key=lambda tv: tv[0] in admitted or tv[0] not in types)
            for type_name, value in order:
                if type_name not in admitted and not (type_name == "integer" and "number" in admitted):  # noqa: SIM102
                    add(f"probe.{name}.type", name, f"{name} as {type_name} {value!r:.40}", value, check)
                    break
        # Bounds and sizes: on the parameter itself (merged with the rule) and one level down
        # (array items, object values), where the spec puts them for stop, logit_bias, metadata ...
        sites: list[tuple[str, dict[str, Any], Any]] = []
        for node in _branches(spec, prop):
            sites.append(("", node, None))
            if isinstance(node.get("items"), dict):
                sites.append(("items.", _resolve(spec, node["items"]), "items"))
            if isinstance(node.get("additionalProperties"), dict):
                sites.append(("values.", _resolve(spec, node["additionalProperties"]), "values"))
        top = {k: v for k, v in rule.items() if k in _RULE_CONSTRAINTS}
        narrower = [
            v for node in _branches(spec, prop) for v in node.get("enum") or [] if v is not None and v not in (rule.get("enum") or [v])
        ]
        if narrower:  # a value the shared schema admits and this platform's enum does not
            add(f"probe.{name}.rule-enum", name, f"{name} {narrower[0]!r}, outside {platform}'s enum", narrower[0], check)
        if top:
            sites.insert(0, ("", {**_branches(spec, prop)[0], **top, "__rule__": True}, None))
        for prefix, node, wrap in sites:
            kinds = _types(spec, node) or set()
            integer = "integer" in kinds and "number" not in kinds
            for keyword in _BOUNDS:
                if keyword not in node:
                    continue
                looser = _branches(spec, prop)[0].get(keyword) if node.get("__rule__") else None
                value = _bound_value(keyword, node[keyword], integer, looser)
                if integer:
                    value = int(value)
                what = f"{name} {prefix}{keyword} {node[keyword]}: {value!r}"
                add(f"probe.{name}.{prefix}{keyword}", name, what, _wrap(value, wrap), check)
            for keyword in _SIZES:
                if isinstance(node.get(keyword), int):
                    value = builder.sized(keyword, node[keyword], node)
                    what = f"{name} {prefix}{keyword} {node[keyword]}"
                    add(f"probe.{name}.{prefix}{keyword}", name, what, _wrap(value, wrap), check)
            if node.get("enum") and not wrap:
                add(f"probe.{name}.enum", name, f"{name} outside its enum", "unispec-not-in-the-enum", check)
            elif node.get("enum"):
                add(f"probe.{name}.{prefix}enum", name, f"{name} {prefix[:-1]} outside their enum", _wrap("unispec-not-in-the-enum", wrap), check)
    return list(probes.values())


def _wrap(value: Any, wrap: str | None) -> Any:
    if value is None:
        return None
    if wrap == "items":
        return [value]
    if wrap == "values":
        return {"1": value}
    return value
