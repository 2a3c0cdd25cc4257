"""Server-sent events: a byte-level decoder and the typed chunk streams built on it.

The decoder works on bytes and splits with `bytes.split`, so a chunk costs one C-level split and
one `model_validate_json`; no str decoding or per-character scanning happens in Python.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterator, Mapping
from typing import Any, Generic, Literal, TypeVar, cast

import httpx
from pydantic import BaseModel, ValidationError

from ._exceptions import APIResponseValidationError, IncompleteStreamError, StreamError, parse_error_body
from ._model_base import answer_validator
from ._unknown import strict_check

__all__ = ["SSEDecoder", "Stream", "AsyncStream"]

T = TypeVar("T", bound=BaseModel)
_DONE = b"[DONE]"


class SSEDecoder:
    """Incremental SSE parser: feed bytes, get complete `(event, data)` pairs.

    Follows the WHATWG rules the recorded providers need: `data:` with or without the space,
    multi-line data, `event:` names, `:` comment lines (keep-alives), and `\\r\\n` line ends.
    """

    __slots__ = ("_buffer", "_data", "_event")

    def __init__(self) -> None:
        # The unfinished last line, in pieces: joined once its newline arrives, so a large event
        # read in many small pieces costs linear, not quadratic, time.
        self._buffer: list[bytes] = []
        self._data: list[bytes] = []
        self._event: bytes | None = None

    def feed(self, chunk: bytes) -> list[tuple[bytes | None, bytes]]:
        events: list[tuple[bytes | None, bytes]] = []
        if b"\n" not in chunk:
            if chunk:
                self._buffer.append(chunk)
            return events
        if self._buffer:
            self._buffer.append(chunk)
            chunk = b"".join(self._buffer)
        lines = chunk.split(b"\n")
        last = lines.pop()
        self._buffer = [last] if last else []
        for line in lines:
            if line.endswith(b"\r"):
                line = line[:-1]
            if not line:
                if self._data:
                    events.append((self._event, self._data[0] if len(self._data) == 1 else b"\n".join(self._data)))
                    self._data = []
                self._event = None
            elif line.startswith(b"data:"):
                self._data.append(line[6:] if line[5:6] == b" " else line[5:])
            elif line.startswith(b"event:"):
                self._event = line[6:].strip()
            # `:` comments, `id:` and `retry:` carry nothing a completion needs.
        return events

    def flush(self) -> list[tuple[bytes | None, bytes]]:
        """At end of input, an event not followed by a blank line still counts."""
        events = self.feed(b"\n\n") if (self._buffer or self._data) else []
        self._buffer = []
        return events


def _error_in(event: bytes | None, data: bytes) -> dict[str, Any] | None:
    if event == b"error":
        try:
            return json.loads(data)
        except ValueError:
            return {"error": {"message": data.decode("utf-8", "replace")}}
    if b'"error"' in data:  # cheap pre-check; real chunks almost never contain the word
        try:
            obj = json.loads(data)
        except ValueError:
            return None
        if isinstance(obj, dict):
            found = cast("dict[str, Any]", obj)  # decoded JSON: its keys are strings
            if found.get("error"):
                return found
    return None


class _Base(Generic[T]):
    def __init__(
        self,
        response: httpx.Response,
        shape: type[T],
        terminator: bytes | None = _DONE,
        events: Mapping[str, type[BaseModel]] | None = None,
        strict: bool = False,
    ):
        self.response = response
        self._shape = shape
        self._terminator = terminator
        self._events = events or {}
        # The stream's events that are not chunks, typed, in order (the spec's `x-sse-events`:
        # JamAI Base's `References`, sent before the first chunk). Iteration skips them.
        self.events: list[BaseModel] = []
        self._strict = strict
        self._validate = answer_validator(cast("type[BaseModel]", shape))
        self._decoder = SSEDecoder()

    def _parse(self, event: bytes | None, data: bytes) -> T | None | Literal[False]:
        """The typed chunk, None at the terminator, False for a non-chunk event (kept in `events`);
        raises on an error event or a malformed chunk."""
        if data == self._terminator:
            return None
        error_body = _error_in(event, data)
        if error_body is not None:
            error = parse_error_body(error_body, "the stream carried an error")
            raise StreamError(error.message, request=self.response.request, body=error_body, error=error)
        try:
            chunk = self._validate(data)
        except ValidationError as exc:
            if self._events and self._side_event(data):
                return False
            raise APIResponseValidationError(
                f"malformed stream event: {exc.errors(include_url=False)[0]['msg']}: {data[:200]!r}",
                request=self.response.request,
                body=data,
            ) from exc
        if self._strict:
            strict_check(chunk, self.response.request, data)
        return chunk

    def _side_event(self, data: bytes) -> bool:
        """Whether `data` is one of the operation's non-chunk events; if so it is kept, typed.
        Only tried on what is not a chunk, so chunks cost nothing more."""
        try:
            found: Any = json.loads(data)
        except ValueError:
            return False
        kind = cast("dict[str, Any]", found).get("object") if isinstance(found, dict) else None
        shape = self._events.get(kind) if isinstance(kind, str) else None
        if shape is None:
            return False
        try:
            self.events.append(shape.model_validate(found))
        except ValidationError:
            return False
        return True

    def _parse_tail(self, event: bytes | None, data: bytes) -> T | None | Literal[False]:
        """An event left at the end without its blank line: if it does not parse, the stream was
        cut inside it, which is a truncation, not a malformed event."""
        try:
            return self._parse(event, data)
        except APIResponseValidationError as exc:
            raise self._incomplete() from exc

    def _incomplete(self) -> IncompleteStreamError:
        end = (self._terminator or b"").decode("utf-8", "replace")
        return IncompleteStreamError(
            f"the stream ended before data: {end}; the answer may be truncated", request=self.response.request
        )

    def _ended(self) -> None:
        """The connection closed: an end only where the operation's stream has no terminator."""
        if self._terminator is not None:
            raise self._incomplete()


class Stream(_Base[T]):
    """Iterate to get typed chunks. Leaving early (break, exception, `close()`) closes the connection."""

    def __init__(
        self,
        response: httpx.Response,
        shape: type[T],
        terminator: bytes | None = _DONE,
        events: Mapping[str, type[BaseModel]] | None = None,
        strict: bool = False,
    ):
        super().__init__(response, shape, terminator, events, strict)
        self._iterator = self._iter()

    def _iter(self) -> Generator[T, None, None]:
        try:
            for raw in self.response.iter_bytes():
                for event, data in self._decoder.feed(raw):
                    chunk = self._parse(event, data)
                    if chunk is None:
                        return
                    if chunk is not False:
                        yield chunk
            for event, data in self._decoder.flush():
                chunk = self._parse_tail(event, data)
                if chunk is None:
                    return
                if chunk is not False:
                    yield chunk
            self._ended()
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise IncompleteStreamError(f"the stream broke off: {exc!r}", request=self.response.request) from exc
        finally:
            self.response.close()

    def __iter__(self) -> Iterator[T]:
        # A fresh generator per loop, not the stored one: when a `for` loop is left with `break`,
        # this one is dropped at once and its `finally` closes the connection.
        try:
            yield from self._iterator
        finally:
            self.close()

    def __next__(self) -> T:
        return next(self._iterator)

    def close(self) -> None:
        self._iterator.close()
        self.response.close()

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncStream(_Base[T]):
    """Async-iterate to get typed chunks. Use `async with` (or `await close()`) when leaving early:
    Python finalises an abandoned async generator only later, so `break` alone cannot close it."""

    def __init__(
        self,
        response: httpx.Response,
        shape: type[T],
        terminator: bytes | None = _DONE,
        events: Mapping[str, type[BaseModel]] | None = None,
        strict: bool = False,
    ):
        super().__init__(response, shape, terminator, events, strict)
        self._iterator = self._iter()

    async def _iter(self) -> AsyncGenerator[T, None]:
        try:
            async for raw in self.response.aiter_bytes():
                for event, data in self._decoder.feed(raw):
                    chunk = self._parse(event, data)
                    if chunk is None:
                        return
                    if chunk is not False:
                        yield chunk
            for event, data in self._decoder.flush():
                chunk = self._parse_tail(event, data)
                if chunk is None:
                    return
                if chunk is not False:
                    yield chunk
            self._ended()
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise IncompleteStreamError(f"the stream broke off: {exc!r}", request=self.response.request) from exc
        finally:
            await self.response.aclose()

    def __aiter__(self) -> AsyncIterator[T]:
        return self._iterator

    async def __anext__(self) -> T:
        return await self._iterator.__anext__()

    async def close(self) -> None:
        await self._iterator.aclose()
        await self.response.aclose()

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
