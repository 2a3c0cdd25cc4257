"""The spec's operations: one list, read from `paths`, that the client, the server, the handler, the
backend, validate and the contract all take their routes and wire facts from.

An operation is one client method, one server route and one handler method. The vendor extensions
on an operation object (documented in the spec's `info.description` and in README.md):

- `x-unispec-method`: the dotted client name, `chat.completions.create` -> `client.chat.completions.create`.
- `x-platforms`: the platform profiles that serve it (absent: every profile).
- `x-platform-paths`: `{platform: path}` where a platform serves it at another path.
- `x-platform-responses`: `{platform: schema}` where a platform answers 200 with another shape.
- a `text/event-stream` 200 response makes it streaming; its `x-sse-terminator` is the `data:`
  payload that ends the stream, and `x-platform-sse-terminators` `{platform: payload or null}` a
  platform's own (null: the stream ends when the connection closes, as on Scale's platform).
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field
from typing import Any

from .spec import Spec, child, pointer

HTTP_METHODS = ("get", "put", "post", "delete", "patch")
JSON = "application/json"
SSE = "text/event-stream"
_SCHEMA_REF = "#/components/schemas/"


class OperationError(Exception):
    """The spec's operations cannot be read; `pointer` says where."""

    def __init__(self, ptr: str, message: str):
        self.pointer = ptr
        super().__init__(f"{message} (at #{ptr})")


def snake(name: str) -> str:
    """`createChatCompletion` -> `create_chat_completion`."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).replace("-", "_").lower()


def pascal(dotted: str) -> str:
    """`chat.completions` -> `ChatCompletions`."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[._]", dotted) if part)


def schema_name(schema: Any) -> str | None:
    """The component name of a `$ref` schema; None for an inline one."""
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith(_SCHEMA_REF):
            return ref[len(_SCHEMA_REF) :]
    return None


@dataclass(frozen=True)
class QueryParam:
    name: str
    schema: dict[str, Any]
    required: bool
    description: str


@dataclass(frozen=True)
class Operation:
    pointer: str  # of the operation object, for messages
    method: str  # upper case
    path: str  # relative to each platform's base path
    operation_id: str
    dotted: str  # x-unispec-method
    summary: str
    description: str
    platforms: tuple[str, ...]
    platform_paths: dict[str, str]
    request: str | None  # component name of the JSON body
    request_required: bool
    response: str | None  # component name of the 200 JSON body
    platform_responses: dict[str, str]
    stream: str | None  # component name of an SSE chunk
    terminator: str | None
    platform_terminators: dict[str, str | None] = field(default_factory=dict)
    events: dict[str, str] = field(default_factory=dict)  # `object` of a non-chunk event -> its component
    query: tuple[QueryParam, ...] = ()
    tags: tuple[str, ...] = field(default=())

    @property
    def handler(self) -> str:
        return snake(self.operation_id)

    @property
    def resource(self) -> str:
        return self.dotted.rpartition(".")[0]

    @property
    def name(self) -> str:
        return self.dotted.rpartition(".")[2]

    def path_on(self, platform: str) -> str:
        return self.platform_paths.get(platform, self.path)

    def response_on(self, platform: str) -> str | None:
        return self.platform_responses.get(platform, self.response)

    @property
    def response_shapes(self) -> list[str]:
        """Every 200 body this operation may have, the shared one first."""
        shapes = [self.response] if self.response else []
        return shapes + sorted(set(self.platform_responses.values()) - set(shapes))


def _component(schema: Any, ptr: str, what: str) -> str:
    name = schema_name(schema)
    if name is None:
        raise OperationError(ptr, f"{what} must be a $ref to a schema in components/schemas")
    return name


def read_operations(spec: Spec) -> list[Operation]:
    """Every operation of the spec, in document order. Raises OperationError on what cannot be read
    at all; `unispec validate` reports the finer points."""
    platforms = tuple(spec.platforms)
    ops: list[Operation] = []
    for path, item in (spec.data.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            ptr = pointer("paths", path, method)
            ops.append(_read(spec, op, ptr, method, path, platforms))
    return ops


def _read(spec: Spec, op: dict[str, Any], ptr: str, method: str, path: str, platforms: tuple[str, ...]) -> Operation:
    op_id = op.get("operationId")
    if not isinstance(op_id, str) or not op_id.isidentifier():
        raise OperationError(child(ptr, "operationId"), "every operation needs an operationId that is an identifier")
    dotted = op.get("x-unispec-method")
    if not isinstance(dotted, str) or not method_name_ok(dotted):
        raise OperationError(
            child(ptr, "x-unispec-method"),
            "every operation needs x-unispec-method: a dotted lowercase name such as chat.completions.create",
        )
    served = tuple(op.get("x-platforms") or platforms)
    request = None
    request_required = False
    body = op.get("requestBody")
    if isinstance(body, dict):
        media = (body.get("content") or {}).get(JSON)
        if not isinstance(media, dict):
            raise OperationError(child(ptr, "requestBody", "content"), f"a request body needs an {JSON} schema")
        request = _component(
            media.get("schema"), child(ptr, "requestBody", "content", JSON, "schema"), "the request schema"
        )
        request_required = bool(body.get("required"))
    ok = (op.get("responses") or {}).get("200") or (op.get("responses") or {}).get("201")
    if isinstance(ok, dict) and "$ref" in ok:
        try:
            ok = spec.resolve(ok["$ref"])
        except KeyError:
            ok = None
    content = ok.get("content") if isinstance(ok, dict) else None
    content = content if isinstance(content, dict) else {}
    response = None
    if JSON in content:
        response = _component(
            content[JSON].get("schema"),
            child(ptr, "responses", "200", "content", JSON, "schema"),
            "the response schema",
        )
    stream = terminator = None
    platform_terminators: dict[str, str | None] = {}
    events: dict[str, str] = {}
    if SSE in content:
        sse = content[SSE]
        stream = _component(
            sse.get("schema"), child(ptr, "responses", "200", "content", SSE, "schema"), "the stream chunk schema"
        )
        terminator = sse.get("x-sse-terminator")
        platform_terminators = dict(sse.get("x-platform-sse-terminators") or {})
        for kind, schema in (sse.get("x-sse-events") or {}).items():
            events[str(kind)] = _component(
                schema, child(ptr, "responses", "200", "content", SSE, "x-sse-events", kind), "a stream event schema"
            )
    platform_responses = {
        name: _component(schema, child(ptr, "x-platform-responses", name), "a platform response")
        for name, schema in (op.get("x-platform-responses") or {}).items()
    }
    query = tuple(
        QueryParam(
            name=param["name"],
            schema=param.get("schema") or {},
            required=bool(param.get("required")),
            description=" ".join(str(param.get("description", "")).split()),
        )
        for param in (op.get("parameters") or [])
        if isinstance(param, dict) and param.get("in") == "query" and isinstance(param.get("name"), str)
    )
    return Operation(
        pointer=ptr,
        method=method.upper(),
        path=path,
        operation_id=op_id,
        dotted=dotted,
        summary=" ".join(str(op.get("summary", "")).split()),
        description=" ".join(str(op.get("description", "")).split()),
        platforms=served,
        platform_paths=dict(op.get("x-platform-paths") or {}),
        request=request,
        request_required=request_required,
        response=response,
        platform_responses=platform_responses,
        stream=stream,
        terminator=terminator,
        platform_terminators=platform_terminators,
        events=events,
        query=query,
        tags=tuple(op.get("tags") or ()),
    )


def method_name_ok(dotted: str) -> bool:
    parts = dotted.split(".")
    return len(parts) >= 2 and all(p.isidentifier() and p.islower() and not keyword.iskeyword(p) for p in parts)


def request_properties(spec: Spec, op: Operation) -> dict[str, Any]:
    if op.request is None:
        return {}
    return (spec.data["components"]["schemas"].get(op.request) or {}).get("properties") or {}


# --- the resource tree the client is made of --------------------------------------------------------


@dataclass
class Resource:
    """A node of the client: `chat`, `chat.completions`; methods are the operations named under it."""

    dotted: str
    operations: list[Operation] = field(default_factory=list)
    children: dict[str, Resource] = field(default_factory=dict)

    @property
    def attr(self) -> str:
        return self.dotted.rpartition(".")[2]

    @property
    def class_name(self) -> str:
        return pascal(self.dotted)

    @property
    def module(self) -> str:
        return self.dotted.replace(".", "_")


def resource_tree(ops: list[Operation]) -> Resource:
    root = Resource("")
    for op in ops:
        node = root
        for part in op.resource.split("."):
            key = f"{node.dotted}.{part}" if node.dotted else part
            node = node.children.setdefault(part, Resource(key))
        node.operations.append(op)
    return root


def resources(root: Resource) -> list[Resource]:
    """Every resource below the root, parents first."""
    out: list[Resource] = []
    for node in root.children.values():
        out.append(node)
        out.extend(resources(node))
    return out
