"""`unispec validate`: openapi-spec-validator plus the project's own lints.

Each finding names the file, line, column and JSON pointer of the offending node, in the
`file:line:col` form editors and CI annotators understand.
"""

from __future__ import annotations

import json
import keyword
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .spec import ARGUMENT_CLASSES, REQUEST_SCHEMA, Spec, child, escape_pointer_token, model_format_regex, pointer, walk

# The keywords a platform rule may use. The generated runtime checks them without a JSON Schema
# library, so the set is closed; `default` and `required` describe, they do not constrain.
RULE_KEYWORDS = frozenset(
    {
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minItems",
        "maxItems",
        "minLength",
        "maxLength",
        "type",
        "enum",
        "required",
    }
)
PROFILE_KEYS = ("title", "base_path", "model_format", "model_example", "auth", "defaults")
# What a platform does with an argument it does not define (optional; "refuse" when absent).
UNKNOWN_ARGUMENTS = ("refuse", "ignore")
COMPONENT_KINDS = ("schemas", "responses", "parameters", "examples", "requestBodies", "headers", "securitySchemes")


@dataclass(frozen=True, order=True)
class Finding:
    line: int
    column: int
    pointer: str
    rule: str
    message: str
    file: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.rule}: {self.message} (at #{self.pointer})"


class _Collector:
    def __init__(self, spec: Spec):
        self.spec = spec
        self.findings: list[Finding] = []

    def add(self, ptr: str, rule: str, message: str, at: tuple[int, int] | None = None) -> None:
        """`at`: the position when the pointer alone cannot give it (a duplicate key shares its pointer)."""
        # One finding, one line: validators' messages may carry newlines and whole instances (the
        # jsonschema-rs backend appends "Failed validating ... On instance ..." after a blank line).
        message = " ".join(message.split("\n\n", 1)[0].split())
        if len(message) > 300:
            message = message[:297] + "..."
        line, col = at or self.spec.position(ptr)
        self.findings.append(Finding(line, col, ptr, rule, message, str(self.spec.path)))


def _local_refs(spec: Spec) -> Iterator[tuple[str, str]]:
    for ptr, node in walk(spec.data):
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            yield ptr + "/$ref", node["$ref"]


def lint_duplicate_keys(spec: Spec, out: _Collector) -> None:
    for dup in spec.duplicate_keys:
        key = dup.pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
        out.add(
            dup.pointer,
            "duplicate-key",
            f"key {key!r} is given twice (first on line {dup.first_line}); YAML keeps only this last value",
            at=(dup.line, dup.column),
        )


def _ref_cycles(spec: Spec) -> Iterator[tuple[str, list[str]]]:
    """(pointer of the `$ref` that closes a loop, the loop) for schemas that are only references to each other.

    A schema that refers to itself through a property is recursive and fine; one whose `$ref` chain
    comes back to where it started never describes anything, and the validators recurse forever on it.
    """
    reported: set[frozenset[str]] = set()
    for ptr, ref in _local_refs(spec):
        chain = [ptr.removesuffix("/$ref")]
        target = ref
        while isinstance(target, str) and target.startswith("#/"):
            node_ptr = target[1:]
            if node_ptr in chain:
                loop = chain[chain.index(node_ptr) :]
                if frozenset(loop) not in reported and chain.index(node_ptr) == 0:
                    reported.add(frozenset(loop))
                    yield ptr, [*loop, node_ptr]
                break
            try:
                node = spec.resolve(target)
            except KeyError:
                break
            if len(chain) > 1000 or not isinstance(node, dict):
                break
            chain.append(node_ptr)
            target = node.get("$ref")


def lint_refs(spec: Spec, out: _Collector) -> bool:
    """Every `$ref` resolves, none loops and every component is used. Returns whether all refs resolve."""
    ok = True
    used: set[str] = set()
    for ptr, loop in _ref_cycles(spec):
        out.add(
            ptr,
            "ref",
            "$ref cycle: " + " -> ".join(f"#{p}" for p in loop) + " (a schema that is only a reference to itself)",
        )
        ok = False
    for ptr, ref in _local_refs(spec):
        if not ref.startswith("#/"):
            out.add(ptr, "ref", f"$ref {ref!r} points outside this document; unispec keeps one self-contained document")
            ok = False
            continue
        try:
            spec.resolve(ref)
        except KeyError:
            out.add(ptr, "ref", f"$ref {ref!r} does not resolve")
            ok = False
            continue
        used.add(ref)
    # Discriminator mappings name their targets by reference too.
    for ptr, node in walk(spec.data):
        if isinstance(node, dict) and ptr.endswith("/discriminator") and isinstance(node.get("mapping"), dict):
            for tag, target in node["mapping"].items():
                try:
                    spec.resolve(target)
                    used.add(target)
                except (KeyError, AttributeError):
                    out.add(
                        child(ptr, "mapping", tag),
                        "ref",
                        f"discriminator mapping {tag!r} -> {target!r} does not resolve",
                    )
                    ok = False
    schemes_used = {name for req in spec.data.get("security", []) or [] for name in req}
    for profile in spec.platforms.values():
        # Malformed profiles are lint_profiles' to report; here they just name no scheme.
        auth = profile.get("auth") if isinstance(profile, dict) else None
        if isinstance(auth, dict):
            schemes_used.add(auth.get("scheme"))
            headers = auth.get("optional_headers")
            schemes_used.update(h for h in headers if isinstance(h, str)) if isinstance(headers, list) else None
    components = spec.data.get("components") or {}
    for kind in COMPONENT_KINDS:
        for name in components.get(kind) or {}:
            ref = "#" + pointer("components", kind, name)
            if kind == "securitySchemes":
                if name not in schemes_used:
                    out.add(
                        ref[1:], "unused", f"security scheme {name!r} is used by no security requirement or profile"
                    )
            elif ref not in used:
                out.add(ref[1:], "unused", f"component {name!r} is never referenced")
    return ok


def _locate_schema_error(spec: Spec, relative: list[Any], instance: Any) -> str:
    """openapi-spec-validator reports schema errors relative to the schema it was checking; find it."""
    suffix = "".join("/" + escape_pointer_token(t) for t in relative)
    for ptr, node in walk(spec.data):
        if ptr.endswith(suffix) and node == instance:
            return ptr
    return suffix


def lint_openapi(spec: Spec, out: _Collector) -> None:
    from openapi_spec_validator import OpenAPIV31SpecValidator

    try:
        errors = list(OpenAPIV31SpecValidator(spec.data).iter_errors())
    except Exception as exc:  # the validator raises instead of reporting on some broken shapes
        out.add("", "openapi", f"openapi-spec-validator could not check the document: {exc}")
        return
    for error in errors:
        path = list(error.absolute_path)
        if path and path[0] in spec.data:
            ptr = pointer(*path)
        else:
            ptr = _locate_schema_error(spec, path, error.instance)
        detail = error.message
        if error.context:
            detail += " (" + "; ".join(sorted({c.message for c in error.context})[:3]) + ")"
        out.add(ptr, "openapi", detail)


def _schema_nodes(node: Any, ptr: str = "", in_properties: bool = False) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every mapping that can be a schema, skipping example payloads (their keys are data, not schema)."""
    if isinstance(node, dict):
        yield ptr, node
        for key, value in node.items():
            if key in ("example", "examples") and not in_properties:
                continue
            yield from _schema_nodes(
                value, f"{ptr}/{escape_pointer_token(key)}", key == "properties" and not in_properties
            )
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _schema_nodes(value, child(ptr, index))


def _schemas_with_properties(spec: Spec) -> Iterator[tuple[str, dict[str, Any]]]:
    for ptr, node in _schema_nodes(spec.data):
        if isinstance(node.get("properties"), dict) and not ptr.endswith("/properties"):
            yield ptr, node


def lint_descriptions(spec: Spec, out: _Collector) -> None:
    for ptr, schema in _schemas_with_properties(spec):
        for name, prop in schema["properties"].items():
            if not isinstance(prop, dict) or not str(prop.get("description", "")).strip():
                out.add(child(ptr, "properties", name), "description", f"property {name!r} has no description")
    for name, schema in (spec.data.get("components", {}).get("schemas") or {}).items():
        if isinstance(schema, dict) and not str(schema.get("description", "")).strip():
            out.add(pointer("components", "schemas", name), "description", f"schema {name!r} has no description")


HTTP_METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")
JSON_TYPES = frozenset({"null", "boolean", "object", "array", "number", "string", "integer"})
_METHOD_PART = re.compile(r"^[a-z_][a-z0-9_]*$")


def _rule_value_problem(keyword_: str, value: Any) -> str | None:
    """Why a platform rule's value cannot be checked by the generated runtime, if it cannot."""
    if keyword_ in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "must be a number"
    elif keyword_ in ("minItems", "maxItems", "minLength", "maxLength"):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return "must be a non-negative integer"
    elif keyword_ == "type":
        names = value if isinstance(value, list) else [value]
        if not names or not all(isinstance(n, str) and n in JSON_TYPES for n in names):
            return f"must be a JSON Schema type ({', '.join(sorted(JSON_TYPES))}) or a list of them"
    elif keyword_ == "required" and not isinstance(value, bool):
        return "must be true or false"
    return None


def _pydantic_attributes() -> frozenset[str]:
    from pydantic import BaseModel

    return frozenset(name for name in dir(BaseModel) if not name.startswith("__"))


def rename_reason(name: str) -> str | None:
    """Why the generator would have to rename a request property (its keyword argument), if it would."""
    if not name.isidentifier():
        return "is not a Python identifier"
    if keyword.iskeyword(name):
        return "is a Python keyword"
    if name.startswith("_"):
        return "starts with '_', which pydantic treats as private"
    if name.startswith("model_"):
        return "starts with 'model_', which pydantic reserves"
    if name in _pydantic_attributes():
        return "is an attribute of pydantic's BaseModel"
    return None


def operations(spec: Spec) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(pointer, path, method, operation object) of every operation under `paths`."""
    paths = spec.data.get("paths")
    for path, item in paths.items() if isinstance(paths, dict) else ():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            if isinstance(item.get(method), dict):
                yield pointer("paths", path, method), path, method, item[method]


def _deref(spec: Spec, node: Any, ptr: str) -> tuple[Any, str]:
    """A node and its pointer, following `$ref`s (bounded: cycles are lint_refs' to report)."""
    for _ in range(32):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/")):
            break
        try:
            node, ptr = spec.resolve(node["$ref"]), node["$ref"][1:]
        except KeyError:
            break
    return node, ptr


def _operation_platforms(spec: Spec, op: dict[str, Any]) -> set[str]:
    served = op.get("x-platforms")
    return set(served) & set(spec.platforms) if isinstance(served, list) else set(spec.platforms)


def request_schemas(spec: Spec) -> dict[str, tuple[dict[str, Any], set[str]]]:
    """Pointer of each operation's JSON request schema -> (the schema, the platforms of its operations)."""
    out: dict[str, tuple[dict[str, Any], set[str]]] = {}
    for op_ptr, _path, _method, op in operations(spec):
        body, body_ptr = _deref(spec, op.get("requestBody"), child(op_ptr, "requestBody"))
        content = body.get("content") if isinstance(body, dict) else None
        media = content.get("application/json") if isinstance(content, dict) else None
        if not isinstance(media, dict) or "schema" not in media:
            continue
        schema, schema_ptr = _deref(spec, media["schema"], child(body_ptr, "content", "application/json", "schema"))
        if isinstance(schema, dict):
            platforms = out.get(schema_ptr, (schema, set()))[1] | _operation_platforms(spec, op)
            out[schema_ptr] = (schema, platforms)
    return out


def lint_request_properties(spec: Spec, out: _Collector) -> None:
    # Every operation's request schema is linted; a spec needs no chat request of its own.
    chat = pointer("components", "schemas", REQUEST_SCHEMA)
    schemas = request_schemas(spec)
    if chat not in schemas and isinstance(spec.data.get("components", {}).get("schemas", {}).get(REQUEST_SCHEMA), dict):
        schemas[chat] = (spec.data["components"]["schemas"][REQUEST_SCHEMA], set(spec.platforms))
    for schema_ptr, (schema, served) in schemas.items():
        if isinstance(schema.get("properties"), dict):
            _lint_request_schema(spec, out, child(schema_ptr, "properties"), schema["properties"], served)


def _lint_request_schema(spec: Spec, out: _Collector, base: str, props: dict[str, Any], served: set[str]) -> None:
    """The request-property lints, for one request schema served on the platforms `served`."""
    known = set(spec.platforms)
    for name, prop in props.items():
        here = child(base, name)
        reason = rename_reason(str(name))
        if reason:
            out.add(
                here,
                "property-name",
                f"request property {name!r} {reason}: the generated client would have to rename its keyword "
                "argument; choose another name (aliases go in x-aliases)",
            )
        if not isinstance(prop, dict):
            continue
        cls = prop.get("x-argument-class")
        if cls not in ARGUMENT_CLASSES:
            got = "no x-argument-class" if cls is None else f"x-argument-class {cls!r}"
            out.add(
                here if cls is None else child(here, "x-argument-class"),
                "argument-class",
                f"request property {name!r} has {got}; expected one of {', '.join(ARGUMENT_CLASSES)}",
            )
        platforms = prop.get("x-platforms")
        if not isinstance(platforms, list) or not platforms:
            out.add(here, "platforms", f"request property {name!r} has no x-platforms list")
            platforms = []
        else:
            for i, p in enumerate(platforms):
                if p not in known:
                    out.add(
                        child(here, "x-platforms", i),
                        "platforms",
                        f"request property {name!r} names unknown platform {p!r}; profiles: {', '.join(sorted(known))}",
                    )
                elif p not in served:
                    out.add(
                        child(here, "x-platforms", i),
                        "platforms",
                        f"request property {name!r} names platform {p!r}, which serves no operation taking it "
                        "(the operation's x-platforms)",
                    )
            if len(set(platforms)) != len(platforms):
                out.add(child(here, "x-platforms"), "platforms", f"request property {name!r} lists a platform twice")
        rules = prop.get("x-platform-rules") or {}
        if not isinstance(rules, dict):
            out.add(
                child(here, "x-platform-rules"), "platform-rules", "x-platform-rules must map platform names to rules"
            )
            continue
        for platform, rule in rules.items():
            at = child(here, "x-platform-rules", platform)
            if platform not in platforms:
                out.add(
                    at,
                    "platform-rules",
                    f"rule for {platform!r} on {name!r}, which that platform does not accept (x-platforms)",
                )
            if not isinstance(rule, dict):
                out.add(at, "platform-rules", "a platform rule must be a mapping")
                continue
            for keyword_ in rule:
                if keyword_ == "default":
                    out.add(
                        child(at, keyword_),
                        "platform-rules",
                        f"a platform's default belongs in its profile: x-unispec-platforms/{platform}/defaults/{name}",
                    )
                elif keyword_ not in RULE_KEYWORDS:
                    out.add(
                        child(at, keyword_),
                        "platform-rules",
                        f"keyword {keyword_!r} is not supported in platform rules; use {', '.join(sorted(RULE_KEYWORDS))}",
                    )
                else:
                    problem = _rule_value_problem(keyword_, rule[keyword_])
                    if problem:
                        out.add(
                            child(at, keyword_),
                            "platform-rules",
                            f"{platform}'s rule {keyword_}: {rule[keyword_]!r} on {name!r} {problem}",
                        )


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def lint_operations(spec: Spec, out: _Collector) -> None:
    """The operation extensions (docs: issue 10's design): one operation, one client method and route."""
    known = set(spec.platforms)
    handlers: dict[str, str] = {}
    methods: dict[str, str] = {}
    for op_ptr, path, verb, op in operations(spec):
        what = f"operation {verb.upper()} {path}"
        op_id = op.get("operationId")
        if not isinstance(op_id, str) or not op_id:
            out.add(op_ptr, "operation", f"{what} has no operationId (its handler method is named after it)")
        else:
            handler = _snake(op_id)
            if not handler.isidentifier() or keyword.iskeyword(handler):
                out.add(
                    child(op_ptr, "operationId"),
                    "operation",
                    f"operationId {op_id!r} of {what} makes handler name {handler!r}, not a Python identifier",
                )
            elif handler in handlers:
                out.add(
                    child(op_ptr, "operationId"),
                    "operation",
                    f"operationId {op_id!r} of {what} makes handler {handler!r}, as does {handlers[handler]}",
                )
            handlers.setdefault(handler, what)
        _lint_unispec_method(op, op_ptr, what, methods, out)
        served = _lint_operation_platforms(op, op_ptr, what, known, out)
        for key in ("x-platform-paths", "x-platform-responses"):
            mapping = op.get(key)
            if mapping is None:
                continue
            if not isinstance(mapping, dict):
                out.add(child(op_ptr, key), "operation", f"{key} of {what} must map platform names to values")
                continue
            for platform, value in mapping.items():
                at = child(op_ptr, key, platform)
                if platform not in known:
                    out.add(at, "operation", f"{key} of {what} names unknown platform {platform!r}")
                elif platform not in served:
                    out.add(
                        at, "operation", f"{key} of {what} names {platform!r}, which does not serve it (x-platforms)"
                    )
                if key == "x-platform-paths" and not (isinstance(value, str) and value.startswith("/")):
                    out.add(at, "operation", f"{platform}'s path {value!r} for {what} must start with '/'")
                if key == "x-platform-responses" and not isinstance(value, dict):
                    out.add(at, "operation", f"{platform}'s response for {what} must be a schema ($ref or inline)")
        _lint_parameters(spec, op, op_ptr, what, out)
        _lint_responses(spec, op, op_ptr, what, out)


def _lint_unispec_method(op: dict[str, Any], op_ptr: str, what: str, methods: dict[str, str], out: _Collector) -> None:
    method = op.get("x-unispec-method")
    at = child(op_ptr, "x-unispec-method")
    if method is None:
        out.add(
            op_ptr, "operation", f"{what} has no x-unispec-method (its client method, e.g. chat.completions.create)"
        )
        return
    parts = method.split(".") if isinstance(method, str) else []
    if len(parts) < 2 or not all(_METHOD_PART.match(p) and not keyword.iskeyword(p) for p in parts):
        out.add(
            at,
            "operation",
            f"x-unispec-method {method!r} of {what} must be dotted lowercase identifiers, resource.method "
            "(e.g. chat.completions.create), none a Python keyword",
        )
        return
    if method in methods:
        out.add(at, "operation", f"x-unispec-method {method!r} of {what} is also that of {methods[method]}")
        return
    for other, owner in methods.items():
        short, long_ = sorted((method, other), key=len)
        if long_.startswith(short + "."):
            out.add(
                at,
                "operation",
                f"x-unispec-method {method!r} of {what} and {other!r} of {owner} conflict: "
                f"{short!r} would be both a method and a resource",
            )
    methods[method] = what


def _lint_operation_platforms(op: dict[str, Any], op_ptr: str, what: str, known: set[str], out: _Collector) -> set[str]:
    served = op.get("x-platforms")
    if served is None:
        return known
    at = child(op_ptr, "x-platforms")
    if not isinstance(served, list) or not served:
        out.add(at, "operation", f"x-platforms of {what} must be a non-empty list of profile names (absent: all)")
        return known
    for i, name in enumerate(served):
        if name not in known:
            out.add(
                child(at, i),
                "operation",
                f"x-platforms of {what} names unknown platform {name!r}; profiles: {', '.join(sorted(known))}",
            )
    if len(set(map(str, served))) != len(served):
        out.add(at, "operation", f"x-platforms of {what} lists a platform twice")
    return {n for n in served if n in known}


def _lint_parameters(spec: Spec, op: dict[str, Any], op_ptr: str, what: str, out: _Collector) -> None:
    params = op.get("parameters")
    if not isinstance(params, list):
        return  # absent, or malformed: openapi-spec-validator says so
    for i, raw in enumerate(params):
        param, at = _deref(spec, raw, child(op_ptr, "parameters", i))
        if not isinstance(param, dict):
            continue
        name, where = param.get("name"), param.get("in")
        if where not in ("query", "path"):
            out.add(
                child(at, "in") if "in" in param else at,
                "parameter",
                f"parameter {name!r} of {what} is in {where!r}; unispec supports query and path parameters",
            )
        if "schema" not in param and "content" in param:  # neither: openapi-spec-validator reports it
            out.add(at, "parameter", f"parameter {name!r} of {what} uses content; unispec needs a schema")
        if where == "query" and isinstance(name, str) and rename_reason(name):
            out.add(
                child(at, "name"),
                "property-name",
                f"query parameter {name!r} of {what} {rename_reason(name)}: its keyword argument would need renaming",
            )


def _lint_responses(spec: Spec, op: dict[str, Any], op_ptr: str, what: str, out: _Collector) -> None:
    responses = op.get("responses")
    if not isinstance(responses, dict):
        return  # openapi-spec-validator reports it
    has_schema = False
    for code, raw in responses.items():
        if not str(code).startswith("2"):
            continue
        response, at = _deref(spec, raw, child(op_ptr, "responses", code))
        content = response.get("content") if isinstance(response, dict) else None
        for media_type, media in content.items() if isinstance(content, dict) else ():
            if not isinstance(media, dict):
                continue
            media_at = child(at, "content", media_type)
            has_schema = has_schema or "schema" in media
            if media_type != "text/event-stream":
                continue
            if "schema" not in media:
                out.add(media_at, "stream", f"the event stream of {what} has no schema (its chunk)")
            terminator = media.get("x-sse-terminator")
            if not isinstance(terminator, str) or not terminator:
                out.add(
                    child(media_at, "x-sse-terminator") if "x-sse-terminator" in media else media_at,
                    "stream",
                    f'the event stream of {what} needs x-sse-terminator: the data payload that ends it (e.g. "[DONE]")',
                )
            _lint_stream_property(spec, op, op_ptr, what, media_at, out)
    if not has_schema:
        out.add(child(op_ptr, "responses"), "operation", f"{what} has no 2xx response with a schema")


def _lint_stream_property(spec: Spec, op: dict[str, Any], op_ptr: str, what: str, at: str, out: _Collector) -> None:
    body, body_ptr = _deref(spec, op.get("requestBody"), child(op_ptr, "requestBody"))
    content = body.get("content") if isinstance(body, dict) else None
    media = content.get("application/json") if isinstance(content, dict) else None
    schema, _ = _deref(spec, media.get("schema") if isinstance(media, dict) else None, body_ptr)
    prop = (schema.get("properties") or {}).get("stream") if isinstance(schema, dict) else None
    prop, _ = _deref(spec, prop, "")
    kind = prop.get("type") if isinstance(prop, dict) else None
    if not (kind == "boolean" or (isinstance(kind, list) and "boolean" in kind)):
        out.add(at, "stream", f"{what} streams, so its request schema needs a boolean 'stream' property")


def lint_schema_keywords(spec: Spec, out: _Collector) -> None:
    """What JSON Schema allows but makes a schema useless or a generated model wrong."""
    for ptr, node in _schema_nodes(spec.data):
        if node.get("enum") == []:
            out.add(child(ptr, "enum"), "enum", "enum is empty: no value could ever be valid")
        props = node.get("properties") if isinstance(node.get("properties"), dict) else None
        if props is not None and not ptr.endswith("/properties"):
            for name, prop in props.items():
                if isinstance(prop, dict) and "x-replaced-by" in prop:
                    target = prop["x-replaced-by"]
                    if not isinstance(target, str) or target not in props:
                        out.add(
                            child(ptr, "properties", name, "x-replaced-by"),
                            "replaced-by",
                            f"property {name!r} is x-replaced-by {target!r}, which is not a property of the same schema",
                        )
        discriminator = node.get("discriminator")
        if isinstance(discriminator, dict) and isinstance(discriminator.get("propertyName"), str):
            _lint_discriminator(spec, ptr, node, discriminator["propertyName"], out)


def _schema_properties(spec: Spec, schema: Any, depth: int = 0) -> tuple[set[str], set[str]]:
    """(properties, required) of a schema, through allOf and $ref."""
    schema, _ = _deref(spec, schema, "")
    if not isinstance(schema, dict) or depth > 16:
        return set(), set()
    props = set(schema.get("properties") or {}) if isinstance(schema.get("properties"), dict) else set()
    required = set(schema.get("required") or []) if isinstance(schema.get("required"), list) else set()
    for part in schema.get("allOf") or []:
        more_props, more_required = _schema_properties(spec, part, depth + 1)
        props |= more_props
        required |= more_required
    return props, required


def _lint_discriminator(spec: Spec, ptr: str, node: dict[str, Any], name: str, out: _Collector) -> None:
    for kind in ("oneOf", "anyOf"):
        members = node.get(kind)
        for i, member in enumerate(members if isinstance(members, list) else []):
            props, required = _schema_properties(spec, member)
            at = child(ptr, kind, i, "$ref") if isinstance(member, dict) and "$ref" in member else child(ptr, kind, i)
            label = member.get("$ref", f"{kind}[{i}]") if isinstance(member, dict) else f"{kind}[{i}]"
            if name not in props:
                out.add(
                    at, "discriminator", f"member {label} has no property {name!r}, the discriminator's propertyName"
                )
            elif name not in required:
                out.add(
                    at,
                    "discriminator",
                    f"member {label} does not require {name!r}, the discriminator's propertyName",
                )


def _validator_factory(spec: Spec):
    from openapi_schema_validator import OAS31Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    # Schemas are addressed by pointer into the whole document so their own `#/...` refs resolve.
    registry = Registry().with_resource("urn:unispec", Resource(contents=spec.data, specification=DRAFT202012))

    def make(schema_ptr: str):
        return OAS31Validator({"$ref": "urn:unispec#" + schema_ptr}, registry=registry)

    return make


def _examples(spec: Spec) -> Iterator[tuple[str, Any, dict[str, Any]]]:
    """(pointer of the example value, value, pointer of the schema it must satisfy)."""
    for ptr, node in walk(spec.data.get("paths") or {}, "/paths"):
        if isinstance(node, dict) and isinstance(node.get("schema"), dict):
            if "example" in node:
                yield child(ptr, "example"), node["example"], child(ptr, "schema")
            for name, ex in (node.get("examples") or {}).items():
                if isinstance(ex, dict) and "value" in ex:
                    yield child(ptr, "examples", name, "value"), ex["value"], child(ptr, "schema")
    components = spec.data.get("components") or {}
    for kind in ("responses", "requestBodies"):
        for name, obj in (components.get(kind) or {}).items():
            for ptr, node in walk(obj, pointer("components", kind, name)):
                if isinstance(node, dict) and isinstance(node.get("schema"), dict):
                    for ex_name, ex in (node.get("examples") or {}).items():
                        if isinstance(ex, dict) and "value" in ex:
                            yield child(ptr, "examples", ex_name, "value"), ex["value"], child(ptr, "schema")
    for name, schema in (components.get("schemas") or {}).items():
        for ptr, node in walk(schema, pointer("components", "schemas", name)):
            if isinstance(node, dict) and "example" in node and not ptr.endswith("/properties"):
                yield child(ptr, "example"), node["example"], ptr
            if isinstance(node, dict) and isinstance(node.get("examples"), list) and not ptr.endswith("/properties"):
                for i, value in enumerate(node["examples"]):
                    yield child(ptr, "examples", i), value, ptr


def _error_pointer(base: str, error: Any) -> str:
    return base + "".join("/" + escape_pointer_token(t) for t in error.absolute_path)


def _check(make: Any, schema_ptr: str, value: Any) -> tuple[list[Any], str | None]:
    """Validation errors of `value`, or the reason the schema itself cannot be used."""
    try:
        return list(make(schema_ptr).iter_errors(value)), None
    except Exception as exc:  # an invalid schema (reported by lint_openapi) cannot judge examples
        return [], f"{type(exc).__name__}: {exc}".splitlines()[0]


def lint_examples(spec: Spec, out: _Collector) -> None:
    make = _validator_factory(spec)
    for ptr, value, schema in _examples(spec):
        errors, broken = _check(make, schema, value)
        if broken:
            out.add(ptr, "example", f"example cannot be checked, its schema is broken: {broken}")
        for error in errors:
            out.add(
                _error_pointer(ptr, error), "example", f"example does not validate against its schema: {error.message}"
            )


def lint_profiles(spec: Spec, out: _Collector) -> None:
    profiles = spec.data.get("x-unispec-platforms")
    if not isinstance(profiles, dict) or not profiles:
        out.add("", "profile", "no platform profiles: add x-unispec-platforms at the top of the document")
        return
    schemes = (spec.data.get("components") or {}).get("securitySchemes") or {}
    try:
        props = spec.request_properties
    except (KeyError, TypeError):
        props = {}
    from openapi_schema_validator import OAS31Validator

    make = _validator_factory(spec)
    for name, profile in profiles.items():
        at = pointer("x-unispec-platforms", name)
        if not isinstance(profile, dict):
            out.add(at, "profile", f"profile {name!r} must be a mapping")
            continue
        for key in PROFILE_KEYS:
            if key not in profile:
                out.add(at, "profile", f"profile {name!r} is missing {key!r}")
        base_path = profile.get("base_path")
        if "base_path" in profile and (
            not isinstance(base_path, str) or not base_path.startswith("/") or base_path.endswith("/")
        ):
            out.add(
                child(at, "base_path"), "profile", f"base_path {base_path!r} must start with '/' and not end with one"
            )
        fmt = profile.get("model_format")
        if "model_format" in profile:
            if not isinstance(fmt, str) or "{model}" not in fmt:
                out.add(child(at, "model_format"), "profile", f"model_format {fmt!r} must contain '{{model}}'")
            elif isinstance(profile.get("model_example"), str) and not model_format_regex(fmt).match(
                profile["model_example"]
            ):
                out.add(
                    child(at, "model_example"),
                    "profile",
                    f"model_example {profile['model_example']!r} does not match model_format {fmt!r}",
                )
        auth = profile.get("auth")
        if "auth" in profile:
            if not isinstance(auth, dict) or "scheme" not in auth:
                out.add(child(at, "auth"), "profile", "auth must name a security scheme under 'scheme'")
            else:
                if auth["scheme"] not in schemes:
                    out.add(
                        child(at, "auth", "scheme"),
                        "profile",
                        f"auth scheme {auth['scheme']!r} is not in components.securitySchemes",
                    )
                for i, header in enumerate(auth.get("optional_headers") or []):
                    if header not in schemes:
                        out.add(
                            child(at, "auth", "optional_headers", i),
                            "profile",
                            f"optional header scheme {header!r} is not in components.securitySchemes",
                        )
        unknown = profile.get("unknown_arguments")
        if "unknown_arguments" in profile and unknown not in UNKNOWN_ARGUMENTS:
            out.add(
                child(at, "unknown_arguments"),
                "profile",
                f"unknown_arguments {unknown!r} must be one of: {', '.join(UNKNOWN_ARGUMENTS)}",
            )
        status = profile.get("validation_status")
        if "validation_status" in profile and (
            isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 499
        ):
            out.add(
                child(at, "validation_status"),
                "profile",
                f"validation_status {status!r} must be a 4xx status code (absent: 400)",
            )
        defaults = profile.get("defaults")
        if "defaults" in profile and not isinstance(defaults, dict):
            out.add(child(at, "defaults"), "profile", "defaults must be a mapping of request properties")
        for key, value in (defaults or {}).items() if isinstance(defaults, dict) else ():
            if key not in props:
                out.add(child(at, "defaults", key), "profile", f"default for {key!r}, which is not a request property")
                continue
            prop_ptr = pointer("components", "schemas", REQUEST_SCHEMA, "properties", key)
            errors, broken = _check(make, prop_ptr, value)
            if broken:
                out.add(
                    child(at, "defaults", key),
                    "profile",
                    f"default for {key!r} cannot be checked, its schema is broken: {broken}",
                )
            for error in errors:
                out.add(
                    child(at, "defaults", key),
                    "profile",
                    f"default {value!r} for {key!r} is not valid: {error.message}",
                )
            rule = (props[key].get("x-platform-rules") or {}).get(name)
            if isinstance(rule, dict):
                fragment = {k: v for k, v in rule.items() if k in RULE_KEYWORDS and k != "required"}
                try:
                    rule_errors = list(OAS31Validator(fragment).iter_errors(value)) if value is not None else []
                except Exception:  # a malformed rule is lint_request_properties' to report
                    rule_errors = []
                for error in rule_errors:
                    out.add(
                        child(at, "defaults", key),
                        "profile",
                        f"default {value!r} for {key!r} breaks {name}'s own rule: {error.message}",
                    )
            if name not in (props[key].get("x-platforms") or []):
                out.add(
                    child(at, "defaults", key),
                    "profile",
                    f"default for {key!r}, which platform {name!r} does not accept (x-platforms)",
                )


def lint_content_text(spec: Spec, out: _Collector) -> None:
    """`x-unispec-text: true` marks a message's `content` that providers also send as typed parts
    or a JSON object; the runtime reads those into `content` and keeps them in `content_parts`.
    `x-unispec-expected: true` marks an optional property strict mode reports when it is left out."""
    for name, schema in (spec.data.get("components", {}).get("schemas") or {}).items():
        props = schema.get("properties") if isinstance(schema, dict) else None
        for prop, sub in (props or {}).items() if isinstance(props, dict) else ():
            if isinstance(sub, dict) and "x-unispec-expected" in sub:
                at = pointer("components", "schemas", name, "properties", prop, "x-unispec-expected")
                if sub["x-unispec-expected"] is not True or prop in (schema.get("required") or []):
                    out.add(at, "content-text", "x-unispec-expected: true marks a property that is not required (the client reads answers without it)")
            if not isinstance(sub, dict) or "x-unispec-text" not in sub:
                continue
            at = pointer("components", "schemas", name, "properties", prop, "x-unispec-text")
            if prop != "content" or sub["x-unispec-text"] is not True:
                out.add(at, "content-text", "x-unispec-text: true belongs on a property named content")
                continue
            parts = props.get("content_parts")
            kinds = parts.get("type") if isinstance(parts, dict) else None
            if not (kinds == "array" or (isinstance(kinds, list) and "array" in kinds)):
                out.add(
                    at,
                    "content-text",
                    f"{name} marks content x-unispec-text but has no content_parts array to keep what was sent in",
                )


LINTS = (
    lint_request_properties,
    lint_content_text,
    lint_descriptions,
    lint_examples,
    lint_profiles,
    lint_operations,
    lint_schema_keywords,
)


def validate_spec(spec: Spec) -> list[Finding]:
    out = _Collector(spec)
    lint_duplicate_keys(spec, out)
    refs_ok = lint_refs(spec, out)
    if refs_ok:
        # Both need every reference to resolve; without that they would only repeat the ref findings.
        lint_openapi(spec, out)
        for lint in LINTS:
            lint(spec, out)
    else:
        # These read the document directly and stay meaningful with a dangling ref.
        lint_request_properties(spec, out)
        lint_descriptions(spec, out)
    return sorted(set(out.findings))


def format_findings(findings: Iterable[Finding]) -> str:
    return "\n".join(str(f) for f in findings)


class ValidationJob:
    """`validate_spec` in a child process, so it runs beside the rest of the work.

    Validation is most of a cold `unispec generate` besides datamodel-code-generator (the
    validators' imports alone take about half a second), and the generator needs no result from
    it. The caller must still wait for `result()` before writing anything. Should the child not
    start or not answer, validation runs in this process instead: slower, never skipped.
    """

    def __init__(self, spec: Spec):
        self.spec = spec
        self._result: list[Finding] | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "unispec.validate"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
            assert self._proc.stdin is not None
            self._proc.stdin.write(spec.text.encode())
            self._proc.stdin.close()
            self._proc.stdin = None  # written and closed: communicate() must not touch it again
        except (OSError, ValueError):
            self._proc = None

    def result(self, timeout: float = 300.0) -> list[Finding]:
        if self._result is None:
            self._result = self._collect(timeout)
        return self._result

    def _collect(self, timeout: float) -> list[Finding]:
        raw: list[list[str]] | None = None
        if self._proc is not None:
            try:
                stdout, _ = self._proc.communicate(timeout=timeout)
                if self._proc.returncode == 0:
                    raw = json.loads(stdout)
            except (subprocess.TimeoutExpired, ValueError, OSError):
                self._proc.kill()
                self._proc.wait()
        if raw is None:
            return validate_spec(self.spec)
        out = _Collector(self.spec)
        for ptr, rule, message, line, column in raw:
            out.add(ptr, rule, message, at=(line, column))  # same text, so the same positions
        return sorted(set(out.findings))

    def cancel(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()


def _child() -> int:
    """`python -m unispec.validate`: the spec's text on stdin, its findings as JSON on stdout."""
    from .spec import parse_spec

    spec = parse_spec(sys.stdin.read())
    json.dump([[f.pointer, f.rule, f.message, f.line, f.column] for f in validate_spec(spec)], sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(_child())
