"""One operation of the spec as the client and the server both see it: its route on each platform,
its body and answer models, its stream. The generated `_operations` module holds the spec's."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._exceptions import UnsupportedOperationError

if TYPE_CHECKING:
    from ._platform_base import Platform

__all__ = ["Operation", "QueryParam"]


@dataclass(frozen=True)
class QueryParam:
    name: str
    kind: str  # the JSON type a query string value is read as: string, integer, number, boolean
    required: bool = False


@dataclass(frozen=True)
class Operation:
    name: str  # the client's dotted name, `chat.completions.create`
    handler: str  # the handler's method, `create_chat_completion`
    method: str
    path: str  # below each platform's base path
    platforms: frozenset[str]
    request: Any = None  # the body's model, None without a body
    response: Any = None  # the 200 body's model (or type: `list[str]`)
    stream: Any = None  # the chunk model, for operations that stream
    terminator: bytes | None = None  # the `data:` payload that ends the stream
    terminators: Mapping[str, bytes | None] = field(default_factory=lambda: {})  # platform -> its own
    # Stream events that are not chunks, by their `object` (JamAI's `chat.references`) -> their model
    events: Mapping[str, Any] = field(default_factory=lambda: {})
    paths: Mapping[str, str] = field(default_factory=lambda: {})  # platform -> its own path
    responses: Mapping[str, Any] = field(default_factory=lambda: {})  # platform -> its own 200 shape
    query: tuple[QueryParam, ...] = ()
    # platform -> the request fields it accepts / its narrower rules, by field
    accepts: Mapping[str, frozenset[str]] = field(default_factory=lambda: {})
    rules: Mapping[str, Mapping[str, Mapping[str, Any]]] = field(default_factory=lambda: {})

    def serves(self, platform: str) -> bool:
        return platform in self.platforms

    def path_on(self, platform: Platform) -> str:
        if platform.name not in self.platforms:
            raise UnsupportedOperationError(
                f"{self.name}() is not served on {platform.title}; it is on: {', '.join(sorted(self.platforms))}"
            )
        return self.paths.get(platform.name, self.path)

    def terminator_on(self, platform: str) -> bytes | None:
        """What ends this operation's stream on `platform`; None: the connection closing."""
        return self.terminators.get(platform, self.terminator) if self.terminators else self.terminator

    def response_on(self, platform: str) -> Any:
        return self.responses.get(platform, self.response)
