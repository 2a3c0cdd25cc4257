"""`unispec validate`: openapi-spec-validator plus the project's own lints.

Each finding names the file, line, column and JSON pointer of the offending node, in the
`file:line:col` form editors and CI annotators understand.
"""

from __future__ import annotations

import json
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
        "default",
        "required",
    }
)
PROFILE_KEYS = ("title", "base_path", "model_format", "model_example", "auth", "defaults")
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

    def add(self, ptr: str, rule: str, message: str) -> None:
        # One finding, one line: validators' messages may carry newlines and whole instances (the
        # jsonschema-rs backend appends "Failed validating ... On instance ..." after a blank line).
        message = " ".join(message.split("\n\n", 1)[0].split())
        if len(message) > 300:
            message = message[:297] + "..."
        line, col = self.spec.position(ptr)
        self.findings.append(Finding(line, col, ptr, rule, message, str(self.spec.path)))


def _local_refs(spec: Spec) -> Iterator[tuple[str, str]]:
    for ptr, node in walk(spec.data):
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            yield ptr + "/$ref", node["$ref"]


def lint_refs(spec: Spec, out: _Collector) -> bool:
    """Every `$ref` resolves and every component is used. Returns whether all refs resolve."""
    ok = True
    used: set[str] = set()
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


def lint_request_properties(spec: Spec, out: _Collector) -> None:
    base = pointer("components", "schemas", REQUEST_SCHEMA, "properties")
    try:
        props = spec.request_properties
    except (KeyError, TypeError):
        out.add(pointer("components", "schemas"), "request", f"schema {REQUEST_SCHEMA!r} with properties is missing")
        return
    known = set(spec.platforms)
    for name, prop in props.items():
        here = child(base, name)
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
            for keyword in rule:
                if keyword not in RULE_KEYWORDS:
                    out.add(
                        child(at, keyword),
                        "platform-rules",
                        f"keyword {keyword!r} is not supported in platform rules; use {', '.join(sorted(RULE_KEYWORDS))}",
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
            if isinstance(rule, dict) and "default" in rule and rule["default"] != value:
                out.add(
                    child(at, "defaults", key),
                    "profile",
                    f"default {value!r} for {key!r} disagrees with {name}'s rule default {rule['default']!r}",
                )
            if isinstance(rule, dict):
                fragment = {k: v for k, v in rule.items() if k in RULE_KEYWORDS and k not in ("default", "required")}
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


LINTS = (lint_request_properties, lint_descriptions, lint_examples, lint_profiles)


def validate_spec(spec: Spec) -> list[Finding]:
    out = _Collector(spec)
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
        for ptr, rule, message in raw:
            out.add(ptr, rule, message)  # positions come from this process's parse
        return sorted(set(out.findings))

    def cancel(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()


def _child() -> int:
    """`python -m unispec.validate`: the spec's text on stdin, its findings as JSON on stdout."""
    from .spec import parse_spec

    spec = parse_spec(sys.stdin.read())
    json.dump([[f.pointer, f.rule, f.message] for f in validate_spec(spec)], sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(_child())
