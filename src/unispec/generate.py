"""`unispec generate`: a project's spec -> its generated package (by default `unified_chat` in generated/).

The pipeline renders every output file in memory, formats them with one ruff run, and only then
touches generated/, by swapping a complete sibling directory into place. A spec that fails
validation, a template that fails to render or a formatter that crashes leaves generated/ as it was.
"""

from __future__ import annotations

import ast
import copy
import ctypes
import ctypes.util
import difflib
import hashlib
import json
import keyword
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from . import __version__
from .operations import (
    Operation,
    OperationError,
    Resource,
    read_operations,
    request_properties,
    resource_tree,
    resources,
)
from .spec import REQUEST_SCHEMA, Spec, model_format_regex, walk

# The templates' own tree names the package by its default; the output puts it under the configured one.
# The runtime the spec does not decide: plain, linted Python copied verbatim into the package.
RUNTIME = Path(__file__).resolve().parent / "runtime"
PACKAGE = "unified_chat"
DISTRIBUTION = "unified-chat"
MANIFEST = ".unispec-manifest.json"
# Left alone by --check and carried over by a swap: what tools create inside generated/.
IGNORED_PARTS = frozenset({"__pycache__", ".pytest_cache", ".ruff_cache", "build", "dist"})
IGNORED_SUFFIXES = (".pyc", ".egg-info")


class GenerationError(Exception):
    """Generation failed; generated/ was not touched."""


# The datamodel-code-generator options, pinned here and nowhere else. Why each matters:
# - FullPath naming keeps component names stable whatever order schemas are visited in.
# - Absent fields default to None, as pydantic users expect (`delta.content or ""`); "absent" stays
#   apart from null through `model_fields_set`, and every dump here uses `exclude_unset`. (The
#   MISSING sentinel would be stricter, but it is truthy, which breaks that idiom.)
# - use_type_alias keeps constrained list items plain values rather than RootModel wrappers.
# - formatters=[]: we run ruff once over the whole package instead of once per step.
MODEL_OPTIONS: dict[str, Any] = {
    "output_model_type": "pydantic_v2.BaseModel",
    "target_python_version": "3.11",
    "use_annotated": True,
    "field_constraints": True,
    "use_union_operator": True,
    "use_standard_collections": True,
    "enum_field_as_literal": "all",
    "use_double_quotes": True,
    "use_schema_description": True,
    "strict_nullable": True,
    "disable_timestamp": True,
    # Unions and enums keep the spec's names (`Message`, `ToolChoice`, `FinishReason`) as type aliases.
    "collapse_root_models": False,
    "reuse_model": True,
    "naming_strategy": "full-path",
    "use_type_alias": True,
    "use_typed_nullable_map_values": True,
    # x-unispec-expected: a field the client reads answers without, which strict mode reports missing.
    "field_extra_keys": {"x-argument-class", "x-platforms", "x-unispec-expected"},
    "base_class": f"{PACKAGE}._model_base.SpecModel",  # see model_options(): follows the package name
    "formatters": [],
}


def model_options(package: str = PACKAGE, spec: Spec | None = None) -> dict[str, Any]:
    options = {**MODEL_OPTIONS, "base_class": f"{package}._model_base.SpecModel"}
    content = content_models(spec) if spec is not None else []
    if content:
        options["base_class_map"] = {name: f"{package}._model_base.ContentModel" for name in content}
    return options


def content_models(spec: Spec) -> list[str]:
    """The schemas whose `content` is marked `x-unispec-text`: their models read content sent as
    typed parts or a JSON object (the runtime's `ContentModel`)."""
    schemas = spec.data.get("components", {}).get("schemas") or {}
    return sorted(
        name
        for name, schema in schemas.items()
        if isinstance(schema, dict)
        and isinstance((schema.get("properties") or {}).get("content"), dict)
        and schema["properties"]["content"].get("x-unispec-text") is True
    )


RUFF_ARGS = ["--isolated", "--line-length", "100", "--target-version", "py311", "--no-cache"]


def _is_object_schema(node: dict[str, Any]) -> bool:
    kind = node.get("type")
    return kind == "object" or (isinstance(kind, list) and "object" in kind) or "properties" in node


def model_input(spec: Spec) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The document datamodel-code-generator sees, and the field aliases to give it.

    JSON Schema allows unknown properties unless `additionalProperties: false` says otherwise, so
    every object without that keyword becomes `extra="allow"`: real providers add fields freely.
    """
    data = copy.deepcopy(spec.data)
    aliases: dict[str, list[str]] = {}
    for _ptr, node in walk(data.get("components", {}).get("schemas", {}), "/components/schemas"):
        if isinstance(node, dict) and _is_object_schema(node) and "additionalProperties" not in node:
            node["additionalProperties"] = True
    for name, schema in data.get("components", {}).get("schemas", {}).items():
        for prop, sub in (schema.get("properties") or {}).items():
            if isinstance(sub, dict) and sub.get("x-aliases"):
                aliases[f"{name}.{prop}"] = [prop, *sub["x-aliases"]]
    return data, aliases


def build_models(spec: Spec, package: str = PACKAGE) -> str:
    from datamodel_code_generator import InputFileType, generate

    data, aliases = model_input(spec)
    try:
        code = generate(
            data, input_file_type=InputFileType.OpenAPI, output=None, aliases=aliases, **model_options(package, spec)
        )
    except Exception as exc:
        raise GenerationError(f"datamodel-code-generator failed: {exc}") from exc
    if not isinstance(code, str):  # several modules would come back as a dict; one spec, one module
        raise GenerationError("datamodel-code-generator returned several modules; expected one")
    return _object_sizes(spec, code)


_SIZE_KEYWORDS = {"minProperties": "min_length", "maxProperties": "max_length"}


def _object_sizes(spec: Spec, code: str) -> str:
    """`minProperties`/`maxProperties` of a schema's object properties as the field's length bounds:
    datamodel-code-generator drops them, and pydantic bounds a dict's size with min/max_length."""
    wanted: dict[tuple[str, str], dict[str, int]] = {}
    for name, schema in (spec.data.get("components", {}).get("schemas") or {}).items():
        for prop, sub in ((schema or {}).get("properties") or {}).items() if isinstance(schema, dict) else ():
            if isinstance(sub, dict):
                bounds = {_SIZE_KEYWORDS[k]: v for k, v in sub.items() if k in _SIZE_KEYWORDS and isinstance(v, int)}
                if bounds:
                    wanted[(name, prop)] = bounds
    if not wanted:
        return code
    lines = code.splitlines(keepends=True)
    edits: list[tuple[int, int, str]] = []
    for stmt in ast.parse(code).body:
        if not isinstance(stmt, ast.ClassDef):
            continue
        for item in stmt.body:
            if not (isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)):
                continue
            keywords = _field_keywords(item.annotation)
            alias = keywords.get("alias")
            wire = alias.value if isinstance(alias, ast.Constant) else item.target.id
            bounds = wanted.get((stmt.name, wire))
            call = _field_call(item.annotation)
            if bounds and call is not None and call.end_lineno is not None and call.end_col_offset is not None:
                extra = "".join(f", {k}={v}" for k, v in bounds.items() if k not in keywords)
                edits.append((call.end_lineno - 1, call.end_col_offset - 1, extra))
    for line, col, extra in sorted(edits, reverse=True):  # from the end, so positions stay valid
        lines[line] = lines[line][:col] + extra + lines[line][col:]
    return "".join(lines)


def _field_call(annotation: ast.expr) -> ast.Call | None:
    if isinstance(annotation, ast.Subscript) and getattr(annotation.value, "id", "") == "Annotated":
        for extra in annotation.slice.elts[1:] if isinstance(annotation.slice, ast.Tuple) else ():
            if isinstance(extra, ast.Call) and getattr(extra.func, "id", "") == "Field":
                return extra
    return None


# --- what the templates see -------------------------------------------------------------------------


def _strip_annotated(node: ast.expr) -> ast.expr:
    class Strip(ast.NodeTransformer):
        def visit_Subscript(self, sub: ast.Subscript) -> ast.AST:
            if isinstance(sub.value, ast.Name) and sub.value.id == "Annotated":
                first = sub.slice.elts[0] if isinstance(sub.slice, ast.Tuple) else sub.slice
                return self.visit(first)
            self.generic_visit(sub)
            return sub

    return Strip().visit(copy.deepcopy(node))


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


@dataclass
class ModelField:
    name: str  # the Python attribute
    wire: str  # the JSON key
    annotation: ast.expr  # Annotated stripped
    required: bool
    description: str


@dataclass
class ModelIndex:
    """What the generated models.py defines: classes with their fields, and type aliases."""

    classes: dict[str, list[ModelField]]
    aliases: dict[str, ast.expr]  # TypeAliasType name -> its target, Annotated stripped

    def involves_models(self, node: ast.expr, seen: frozenset[str] = frozenset()) -> bool:
        for name in _names(node):
            if name in self.classes:
                return True
            if name in self.aliases and name not in seen and self.involves_models(self.aliases[name], seen | {name}):
                return True
        return False


def _field_keywords(annotation: ast.expr) -> dict[str, ast.expr]:
    if isinstance(annotation, ast.Subscript) and getattr(annotation.value, "id", "") == "Annotated":
        for extra in annotation.slice.elts[1:] if isinstance(annotation.slice, ast.Tuple) else ():
            if isinstance(extra, ast.Call) and getattr(extra.func, "id", "") == "Field":
                return {k.arg: k.value for k in extra.keywords if k.arg}
    return {}


def index_models(models_code: str) -> ModelIndex:
    tree = ast.parse(models_code)
    classes: dict[str, list[ModelField]] = {}
    aliases: dict[str, ast.expr] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.ClassDef):
            fields = []
            for item in stmt.body:
                if not (isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)):
                    continue
                if item.target.id == "model_config":
                    continue
                keywords = _field_keywords(item.annotation)
                alias = keywords.get("alias")
                description = keywords.get("description")
                fields.append(
                    ModelField(
                        name=item.target.id,
                        wire=alias.value if isinstance(alias, ast.Constant) else item.target.id,
                        annotation=_strip_annotated(item.annotation),
                        required=item.value is None,
                        description=description.value if isinstance(description, ast.Constant) else "",
                    )
                )
            classes[stmt.name] = fields
        elif (
            isinstance(stmt, ast.Assign)
            and isinstance(stmt.value, ast.Call)
            and getattr(stmt.value.func, "id", "") == "TypeAliasType"
        ):
            aliases[stmt.targets[0].id] = _strip_annotated(stmt.value.args[1])
    return ModelIndex(classes, aliases)


class _ToInput(ast.NodeTransformer):
    """A model annotation as a caller may pass it: each model (or alias of models) also as its
    TypedDict (`Tool | ToolParam`), or only as the TypedDict inside `_params`; lists as sequences."""

    def __init__(self, index: ModelIndex, params_only: bool):
        self.index = index
        self.params_only = params_only

    def visit_Name(self, name: ast.Name) -> ast.AST:
        if name.id in self.index.classes or (name.id in self.index.aliases and self.index.involves_models(name)):
            param = ast.Name(f"{name.id}Param")
            return param if self.params_only else ast.BinOp(ast.Name(name.id), ast.BitOr(), param)
        if name.id == "list":
            return ast.Name("Sequence")
        if name.id == "dict":
            return ast.Name("Mapping")
        return name


def input_annotation(node: ast.expr, index: ModelIndex, params_only: bool = False) -> str:
    return ast.unparse(_ToInput(index, params_only).visit(copy.deepcopy(node)))


def typed_params_code(index: ModelIndex) -> str:
    """`_params.py`: a TypedDict per model and an alias per alias of models, so a dict literal a user
    passes is checked key by key (`{"rol": "user"}` is a type error), as with the openai SDK."""
    lines = [
        '"""TypedDicts of every model: what a caller may pass as plain dicts, checked by type checkers."""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Any, Literal, Mapping, Sequence",
        "",
        "from typing_extensions import Required, TypeAlias, TypedDict",
        "",
    ]
    plain_aliases = sorted(a for a in index.aliases if not index.involves_models(ast.Name(a)))
    if plain_aliases:
        lines.append(f"from .models import {', '.join(plain_aliases)}")
    for name, fields in index.classes.items():
        entries = []
        for f in fields:
            kind = input_annotation(f.annotation, index, params_only=True)
            entries.append((f.wire, f"Required[{kind}]" if f.required else kind))
        if all(w.isidentifier() and not keyword.iskeyword(w) for w, _ in entries):
            lines.append(f"\n\nclass {name}Param(TypedDict, total=False):")
            lines.extend(f"    {w}: {k}" for w, k in entries)
            if not entries:
                lines.append("    pass")
        else:
            body = ", ".join(f"{w!r}: {k}" for w, k in entries)
            lines.append(f"\n\n{name}Param = TypedDict({name + 'Param'!r}, {{{body}}}, total=False)")
    # After the classes (annotations are lazy, alias values are not), in the models' own order,
    # in which each alias comes after those it names.
    lines.append("\n")
    for name, target in index.aliases.items():
        if index.involves_models(ast.Name(name)):
            lines.append(f"{name}Param: TypeAlias = {input_annotation(target, index, params_only=True)}")
    return "\n".join(lines) + "\n"


_QUERY_ANNOTATIONS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


def _kind(schema: dict[str, Any]) -> str:
    kind = schema.get("type", "string")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    return kind if kind in _QUERY_ANNOTATIONS else "string"


def operation_context(spec: Spec, op: Operation, index: ModelIndex) -> dict[str, Any]:
    params = []
    if op.request is not None:
        fields = {f.wire: f for f in index.classes.get(op.request, [])}
        schema = spec.data["components"]["schemas"][op.request]
        for name, prop in request_properties(spec, op).items():
            if name not in fields:
                raise GenerationError(f"request property {op.request}.{name} has no field in the generated model")
            params.append(
                {
                    "name": name,
                    "annotation": input_annotation(fields[name].annotation, index),
                    "description": " ".join(str(prop.get("description", "")).split()),
                    "argument_class": prop.get("x-argument-class"),
                    "platforms": prop.get("x-platforms", []),
                    "deprecated": bool(prop.get("deprecated")),
                    "replaced_by": prop.get("x-replaced-by"),
                    "required": name in schema.get("required", []),
                }
            )
    query = [
        {
            "name": q.name,
            "annotation": _QUERY_ANNOTATIONS[_kind(q.schema)],
            "kind": _kind(q.schema),
            "required": q.required,
            "description": q.description,
        }
        for q in op.query
    ]
    streams = op.stream is not None and any(p["name"] == "stream" for p in params)
    shapes = op.response_shapes or ["None"]
    platforms = list(op.platforms)
    accepts = {
        name: sorted(p for p, prop in request_properties(spec, op).items() if name in prop.get("x-platforms", []))
        for name in platforms
    }
    rules: dict[str, dict[str, Any]] = {name: {} for name in platforms}
    for param, prop in request_properties(spec, op).items():
        for platform, rule in (prop.get("x-platform-rules") or {}).items():
            if platform in rules:
                rules[platform][param] = rule
    return {
        "dotted": op.dotted,
        "name": op.name,
        "const": op.handler.upper(),
        "handler": op.handler,
        "method": op.method,
        "path": op.path,
        "summary": op.summary or op.dotted,
        "description": op.description,
        "platforms": platforms,
        "all_platforms": set(platforms) == set(spec.platforms),
        "platform_paths": op.platform_paths,
        "request": op.request,
        "request_required": op.request_required,
        "response": op.response,
        "platform_responses": op.platform_responses,
        "response_type": " | ".join(shapes),
        "stream": op.stream,
        "terminator": op.terminator,
        "platform_terminators": op.platform_terminators,
        "events": op.events,
        "streams": streams,
        "params": params,
        "query": query,
        "accepts": accepts,
        "rules": {k: v for k, v in rules.items() if v},
    }


def _words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z_]\w*", text))


def resource_context(node: Resource, ops: dict[str, dict[str, Any]], index: ModelIndex) -> dict[str, Any]:
    operations = [ops[op.dotted] for op in node.operations]
    words = _words(" ".join(p["annotation"] for o in operations for p in o["params"]))
    words |= _words(" ".join(f"{o['response_type']} {o['stream'] or ''}" for o in operations))
    known = set(index.classes) | set(index.aliases)
    return {
        "models": sorted(words & known),
        "param_types": sorted(w for w in words if w.endswith("Param") and w[: -len("Param")] in known),
        "dotted": node.dotted,
        "attr": node.attr,
        "class_name": node.class_name,
        "module": node.module,
        "operations": operations,
        "children": [{"attr": c.attr, "class_name": c.class_name, "module": c.module} for c in node.children.values()],
    }


def platform_context(spec: Spec) -> dict[str, Any]:
    schemes = spec.data.get("components", {}).get("securitySchemes", {})
    chat = spec.data.get("components", {}).get("schemas", {}).get(REQUEST_SCHEMA, {}).get("properties", {})
    rules: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in spec.platforms}
    for param, prop in chat.items():
        for platform, rule in (prop.get("x-platform-rules") or {}).items():
            if platform in rules:
                rules[platform][param] = rule

    def header(scheme_name: str) -> dict[str, Any]:
        scheme = schemes[scheme_name]
        if scheme.get("type") == "http" and scheme.get("scheme") == "bearer":
            return {"name": "Authorization", "prefix": "Bearer ", "scheme": scheme_name}
        return {"name": scheme["name"], "prefix": "", "scheme": scheme_name}

    out = {}
    for name, profile in spec.platforms.items():
        out[name] = {
            "name": name,
            "title": profile["title"],
            "base_path": profile["base_path"],
            "model_format": profile["model_format"],
            "model_pattern": model_format_regex(profile["model_format"]).pattern,
            "model_example": profile["model_example"],
            "auth_header": header(profile["auth"]["scheme"]),
            "optional_headers": [header(h) for h in profile["auth"].get("optional_headers") or []],
            "defaults": profile.get("defaults") or {},
            # None where the profile says nothing: `Platform`'s own defaults apply (400, "refuse")
            "validation_status": profile.get("validation_status"),
            "rules": rules[name],
            "accepts": sorted(p for p, prop in chat.items() if name in prop.get("x-platforms", [])),
            "unknown_arguments": profile.get("unknown_arguments"),
        }
    return out


def header_line() -> str:
    # No spec hash here: an edit that changes no file's content (a YAML comment) must rewrite no file.
    # The manifest records which spec text the tree came from.
    return f"generated by unispec {__version__}, do not edit"


def content_sha256(spec: Spec) -> str:
    """The spec's content, blind to comments and layout: what the generated package embeds."""
    canonical = json.dumps(spec.data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _comment(path: str, text: str) -> str:
    if path.endswith(".md"):
        return f"<!-- {text} -->\n"
    return f"# {text}\n"


def render(
    spec: Spec, templates: Path | None = None, *, package: str = PACKAGE, distribution: str = DISTRIBUTION
) -> dict[str, bytes]:
    """Every output file, relative path -> bytes. Raises GenerationError; touches nothing."""
    # Imported here, not at the top: `generate --check` with unchanged inputs needs neither.
    import jinja2

    from .validate import ValidationJob

    # Validation runs in a child process meanwhile; nothing is returned (and so nothing written)
    # before its verdict is in. A spec with findings may also make the generator fail: then the
    # findings, which say why, are what the user hears.
    templates = template_dir(templates)
    job = ValidationJob(spec)
    try:
        try:
            files = _render_unchecked(spec, templates, jinja2, package, distribution)
        except GenerationError:
            _refuse(job.result())
            raise
        except Exception as exc:  # a spec the lints let through but the generator cannot use
            _refuse(job.result())
            raise GenerationError(f"the spec cannot be generated from: {type(exc).__name__}: {exc}") from exc
        _refuse(job.result())
    finally:
        job.cancel()
    if f"{package}/__init__.py" not in files:
        raise GenerationError(
            f"the templates in {templates} yield no package: no {PACKAGE}/__init__.py.jinja to make {package}/__init__.py"
        )
    return files


def template_dir(templates: Path | None) -> Path:
    """The template directory to use (the bundled one by default), or GenerationError saying why not."""
    if templates is None:
        from .resources import templates_dir

        return templates_dir()
    if not templates.exists():
        raise GenerationError(f"template directory {templates} does not exist")
    if not templates.is_dir():
        raise GenerationError(f"template directory {templates} is not a directory")
    if not any(templates.rglob("*.jinja")):
        raise GenerationError(f"template directory {templates} holds no *.jinja templates")
    if not (templates / PACKAGE / "__init__.py.jinja").is_file():
        raise GenerationError(f"the templates in {templates} yield no package: {PACKAGE}/__init__.py.jinja is missing")
    return templates


def _refuse(findings: list[Any]) -> None:
    if findings:
        shown = "\n".join(f"  {f}" for f in findings[:20])
        more = f"\n  ... and {len(findings) - 20} more" if len(findings) > 20 else ""
        raise GenerationError(f"the spec has {len(findings)} finding(s); fix them first:\n{shown}{more}")


def _render_unchecked(
    spec: Spec, templates: Path, jinja2: Any, package: str = PACKAGE, distribution: str = DISTRIBUTION
) -> dict[str, bytes]:
    models_code = build_models(spec, package)
    try:
        ops = read_operations(spec)
    except OperationError as exc:
        raise GenerationError(f"{spec.path}: {exc}") from exc
    index = index_models(models_code)
    op_contexts = {op.dotted: operation_context(spec, op, index) for op in ops}
    tree = resource_tree(ops)
    nodes = [resource_context(node, op_contexts, index) for node in resources(tree)]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pyrepr"] = repr
    env.filters["json"] = lambda v: json.dumps(v, sort_keys=True)
    head = header_line()
    context = {
        "header": head,
        "package": package,
        "distribution": distribution,
        "spec_hash": content_sha256(spec),
        "version": spec.data.get("info", {}).get("version", "0"),
        "operations": list(op_contexts.values()),
        "root": resource_context(tree, op_contexts, index),
        "server_models": sorted(
            {
                name
                for o in op_contexts.values()
                for name in (o["request"], o["stream"], *o["response_type"].split(" | "))
                if name and name != "None"
            }
        ),
        "resources": nodes,
        "platforms": platform_context(spec),
        "openapi_json": json.dumps(spec.data, sort_keys=False, separators=(",", ":"), ensure_ascii=False),
    }
    files: dict[str, str] = {
        f"{package}/models.py": models_code.split("\n", 1)[1] if models_code.startswith("#") else models_code,
        f"{package}/params.py": typed_params_code(index),
    }
    for template in sorted(templates.rglob("*.jinja")):
        rel = template.relative_to(templates).as_posix()
        out_path = rel.removesuffix(".jinja")
        if out_path.startswith(f"{PACKAGE}/"):
            out_path = package + out_path.removeprefix(PACKAGE)
        # `{resource}` in a template's name: rendered once per resource of the client, so a new
        # operation in the spec needs no template edit.
        per = nodes if "{resource}" in out_path else [None]
        for node in per:
            target = out_path.replace("{resource}", node["module"]) if node else out_path
            try:
                files[target] = env.get_template(rel).render(**context, resource=node)
            except Exception as exc:  # a template error is any error raised while rendering it
                raise GenerationError(
                    f"template {template}{_template_line(exc, template)} failed to render: {type(exc).__name__}: {exc}"
                ) from exc
    files = {path: _comment(path, head) + text.lstrip("\n") for path, text in files.items()}
    files = format_python(files)
    # The runtime is copied as written: it is linted and reviewed as the toolkit's own source.
    for source in sorted(RUNTIME.iterdir()):
        if source.is_file() and not _ignored(Path(source.name)):
            text = source.read_text(encoding="utf-8")
            files[f"{package}/{source.name}"] = _comment(source.name, head) + text
    return {path: text.encode() for path, text in sorted(files.items())}


def _template_line(exc: BaseException, template: Path) -> str:
    """`:line` of the innermost frame in the template, which jinja2 rewrites tracebacks to show."""
    line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(template):
            line = tb.tb_lineno
        tb = tb.tb_next
    return f":{line}" if line else ""


def format_python(files: dict[str, str]) -> dict[str, str]:
    """One ruff run (import sorting, then formatting) over every Python file, in a scratch dir."""
    with tempfile.TemporaryDirectory(prefix="unispec-fmt-") as scratch:
        root = Path(scratch)
        for path, text in files.items():
            if path.endswith(".py"):
                target = root / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
        ruff = [sys.executable, "-m", "ruff"]
        for args in (
            ["check", "--select", "I,F401", "--fix", "--exit-zero", "--quiet", *RUFF_ARGS, "."],
            ["format", "--quiet", *RUFF_ARGS, "."],
        ):
            try:
                proc = subprocess.run(ruff + args, cwd=root, capture_output=True, text=True, timeout=120)
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise GenerationError(f"the formatter (ruff {args[0]}) could not run: {exc}") from exc
            if proc.returncode != 0:
                raise GenerationError(
                    f"the formatter (ruff {args[0]}) failed:\n{proc.stderr.strip() or proc.stdout.strip()}"
                )
        return {
            path: (root / path).read_text(encoding="utf-8") if path.endswith(".py") else text
            for path, text in files.items()
        }


# --- inputs hash, manifest and --check ---------------------------------------------------------------


def inputs_hash(
    spec: Spec, templates: Path | None = None, package: str = PACKAGE, distribution: str = DISTRIBUTION
) -> str:
    """Everything the output depends on: spec, templates, names, this generator and the tools' versions."""
    templates = template_dir(templates)
    h = hashlib.sha256()
    h.update(spec.text.encode())
    h.update(f"{package}\0{distribution}\0".encode())
    for path in sorted(templates.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(templates).as_posix().encode() + b"\0" + path.read_bytes())
    for path in sorted(RUNTIME.iterdir()):
        if path.is_file() and not _ignored(Path(path.name)):
            h.update(b"runtime/" + path.name.encode() + b"\0" + path.read_bytes())
    # validate.py only decides whether to generate, not what: editing it needs no regeneration.
    for module in ("generate.py", "operations.py", "spec.py", "__init__.py"):
        h.update((Path(__file__).parent / module).read_bytes())
    for dist in ("datamodel-code-generator", "ruff", "pydantic", "jinja2"):
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(dist.encode())
    h.update(json.dumps(model_options(package), sort_keys=True, default=sorted).encode())
    return h.hexdigest()


def manifest_bytes(files: dict[str, bytes], inputs: str, header: str, spec_sha256: str) -> bytes:
    doc = {
        "generated": header,
        "spec": spec_sha256,
        "inputs": inputs,
        "files": {path: _digest(data) for path, data in sorted(files.items())},
    }
    return (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode()


def _ignored(rel: Path) -> bool:
    return any(part in IGNORED_PARTS or part.endswith(IGNORED_SUFFIXES) for part in rel.parts)


def on_disk(out_dir: Path) -> dict[str, bytes]:
    if not out_dir.is_dir():
        return {}
    return {
        path.relative_to(out_dir).as_posix(): path.read_bytes()
        for path in out_dir.rglob("*")
        if path.is_file() and not _ignored(path.relative_to(out_dir))
    }


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _changed(files: dict[str, bytes], disk: dict[str, bytes]) -> list[str]:
    return _diff_digests({path: _digest(data) for path, data in files.items()}, disk)


def _diff_digests(expected: dict[str, str], actual: dict[str, bytes]) -> list[str]:
    """What differs between the expected files (path -> sha256) and those on disk."""
    lines = []
    for path in sorted(set(expected) | set(actual)):
        if path not in actual:
            lines.append(f"missing   {path}")
        elif path not in expected:
            lines.append(f"unexpected {path}")
        elif expected[path] != _digest(actual[path]):
            lines.append(f"differs   {path}")
    return lines


def unified_diff(expected: dict[str, bytes], actual: dict[str, bytes], out_dir: Path) -> str:
    """What `--check --diff` prints: a unified diff per file that differs, on disk -> generated."""
    chunks = []
    for path in sorted(set(expected) | set(actual)):
        old, new = actual.get(path), expected.get(path)
        if old == new:
            continue
        lines = [
            (data.decode("utf-8", errors="replace").splitlines(keepends=True) if data is not None else [])
            for data in (old, new)
        ]
        label = (out_dir / path).as_posix()
        chunks.extend(
            difflib.unified_diff(
                lines[0],
                lines[1],
                fromfile=label if old is not None else "/dev/null",
                tofile=f"{label} (generated)" if new is not None else "/dev/null",
            )
        )
        if chunks and not chunks[-1].endswith("\n"):
            chunks.append("\n\\ No newline at end of file\n")
    return "".join(chunks)


def _without_inputs(manifest: bytes) -> Any:
    """A manifest but for what only keys the cache: the inputs hash and the spec's text hash."""
    try:
        doc = json.loads(manifest)
    except ValueError:
        return None
    return {k: v for k, v in doc.items() if k not in ("inputs", "spec")} if isinstance(doc, dict) else None


def check_cached(out_dir: Path, inputs: str) -> list[str] | None:
    """The files that differ, judged by the manifest alone; None when the inputs changed."""
    try:
        manifest = json.loads((out_dir / MANIFEST).read_bytes())
    except (OSError, ValueError):
        return None
    if manifest.get("inputs") != inputs:
        return None
    actual = on_disk(out_dir)
    actual.pop(MANIFEST, None)
    return _diff_digests(manifest.get("files", {}), actual)


# --- the swap ------------------------------------------------------------------------------------------

_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2); False where the system cannot."""
    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but is someone else's
        return True
    return True


def _remove_leftovers(out_dir: Path) -> None:
    """Staging or old trees of a run that was killed: they never hold the only copy.

    Each is named after the process that made it, so a run in progress next door keeps its own.
    """
    for pattern in (f".{out_dir.name}.new-*", f".{out_dir.name}.old-*"):
        for path in out_dir.parent.glob(pattern):
            pid = path.name.split("-", 2)[1] if path.name.count("-") >= 2 else ""
            if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
                continue
            if path.is_dir() and (out_dir.is_dir() or pattern.endswith("new-*")):
                shutil.rmtree(path, ignore_errors=True)


def write_atomically(files: dict[str, bytes], out_dir: Path) -> None:
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-{os.getpid()}-", dir=out_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the output is an ordinary directory
    try:
        for rel, data in files.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            previous = out_dir / rel
            if previous.is_file() and previous.stat().st_size == len(data) and previous.read_bytes() == data:
                # Same content: keep its timestamps, so no tool (make, pytest, an IDE) sees it rewritten.
                stat = previous.stat()
                os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        # Keep what tools made inside generated/ (an editable install's metadata, caches).
        if out_dir.is_dir():
            for path in out_dir.iterdir():
                if _ignored(Path(path.name)) and not (staging / path.name).exists():
                    shutil.copytree(path, staging / path.name) if path.is_dir() else shutil.copy2(
                        path, staging / path.name
                    )
        if out_dir.exists() and _exchange(staging, out_dir):
            shutil.rmtree(staging)  # now holds the previous output
            return
        if out_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-{os.getpid()}-", dir=out_dir.parent))
            old.rmdir()
            os.rename(out_dir, old)
            try:
                os.rename(staging, out_dir)
            except BaseException:
                os.rename(old, out_dir)  # put the previous output back before reporting
                raise
            shutil.rmtree(old)
        else:
            os.rename(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


@dataclass
class Result:
    changed: list[str]
    cached: bool = False
    diff: str = ""  # with diff=True: the unified diff of what differs


def generate(
    spec: Spec,
    out_dir: Path,
    templates: Path | None = None,
    *,
    check: bool = False,
    use_cache: bool = True,
    package: str = PACKAGE,
    distribution: str = DISTRIBUTION,
    diff: bool = False,
) -> Result:
    """Generate `package` from `spec` into `out_dir` (or, with check, only say what differs).

    `templates` None means the templates unispec ships. `diff` (with check) needs the content, so it
    always renders in full.
    """
    want_diff = diff
    inputs = inputs_hash(spec, templates, package, distribution)
    if not check:
        _remove_leftovers(out_dir.resolve())
    if check and use_cache and not want_diff:
        cached = check_cached(out_dir, inputs)
        if cached is not None:
            return Result(changed=cached, cached=True)
    files = render(spec, templates, package=package, distribution=distribution)
    files[MANIFEST] = manifest_bytes(files, inputs, header_line(), spec.sha256)
    disk = on_disk(out_dir)
    changed = _changed(files, disk)
    stale_manifest = f"differs   {MANIFEST}"
    if stale_manifest in changed and _without_inputs(files[MANIFEST]) == _without_inputs(disk[MANIFEST]):
        # Only the cache keys differ (a YAML comment, another tool version): every generated file
        # matches. --check says so; a run rewrites the manifest alone.
        if check:
            changed.remove(stale_manifest)
    text = ""
    if check and want_diff:
        # The manifest is shown only when something other than its cache keys differs.
        skip = set() if stale_manifest in changed else {MANIFEST}
        text = unified_diff(
            {p: d for p, d in files.items() if p not in skip}, {p: d for p, d in disk.items() if p not in skip}, out_dir
        )
    if not check and changed:
        try:
            write_atomically(files, out_dir)
        except OSError as exc:
            raise GenerationError(f"could not write {out_dir}: {exc}") from exc
    return Result(changed=changed, diff=text)
