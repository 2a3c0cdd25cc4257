"""Fault injection against the generated client over REAL loopback sockets (issue 7, client part).

`FaultServer` is a raw-socket HTTP/1.1 server on 127.0.0.1:<free port>. Each accepted connection
takes the next script from a list (the last one repeats) and plays its actions: send bytes, sleep,
RST (SO_LINGER 0 + close), stall until the test ends, or close cleanly. Nothing goes through
httpx.MockTransport here (tests/test_client_server.py covers that level): every fault is a real
socket event seen by httpx/httpcore, so what the client gets is what it would get in production.

Every scenario runs with the sync `Client` and with the `AsyncClient` (driven by `asyncio.run`).
The rule each test checks: a fault gives a typed error of this package or a correct retry, never
a silently truncated answer and never a raw httpx exception.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import struct
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import httpx
import pytest
import unified_chat
from unified_chat.models import ChatCompletion

KEY = "sk-test"
USER = [{"role": "user", "content": "hello"}]
KINDS = ["sync", "async"]
CREATED = 1_700_000_000
# Hard bounds, so that a client bug shows as a failure and never as a hung test run.
STALL_LIMIT = 8.0
READ_LIMIT = 5.0

pytestmark = pytest.mark.timeout(30)


# --------------------------------------------------------------------------------------------
# The scripted raw-socket server
# --------------------------------------------------------------------------------------------

# ("send", bytes) | ("sleep", s) | ("gate",): wait until the test opens `server.gate` | ("rst",)
# | ("close",): FIN | ("stall",): hold the connection open until the test ends | ("noread",) first:
# act without reading the request.
Action = tuple


class FaultServer:
    """Serve each accepted connection from the next script; record what happened."""

    def __init__(self, *scripts: list[Action]) -> None:
        self.scripts = list(scripts)
        self.connections = 0
        self.accepted_at: list[float] = []
        self.requests: list[bytes] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.gate = threading.Event()
        self._threads: list[threading.Thread] = []
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self._listener.settimeout(0.05)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def __enter__(self) -> FaultServer:
        thread = threading.Thread(target=self._accept_loop, daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in list(self._threads):
            thread.join(timeout=STALL_LIMIT + 1)
        self._listener.close()

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                index = self.connections
                self.connections += 1
                self.accepted_at.append(time.monotonic())
            script = self.scripts[min(index, len(self.scripts) - 1)]
            thread = threading.Thread(target=self._serve, args=(conn, script), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _read_request(self, conn: socket.socket) -> None:
        """Read one request (headers + Content-Length body), bounded in time and size."""
        conn.settimeout(READ_LIMIT)
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 1 << 20:
            part = conn.recv(65536)
            if not part:
                return
            data += part
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(body) < length:
            part = conn.recv(65536)
            if not part:
                break
            body += part
        with self._lock:
            self.requests.append(head + b"\r\n\r\n" + body)

    def _serve(self, conn: socket.socket, script: list[Action]) -> None:
        try:
            if script[:1] != [("noread",)]:
                self._read_request(conn)
            for action in script:
                kind = action[0]
                if kind == "send":
                    conn.sendall(action[1])
                elif kind == "sleep":
                    self._stop.wait(action[1])
                elif kind == "gate":
                    self.gate.wait(STALL_LIMIT)
                elif kind == "rst":
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    conn.close()
                    return
                elif kind == "close":
                    with contextlib.suppress(OSError):
                        conn.shutdown(socket.SHUT_WR)
                    break
                elif kind == "stall":
                    self._stop.wait(STALL_LIMIT)
        except OSError:
            pass  # the client went away first: that is its right
        finally:
            with contextlib.suppress(OSError):
                conn.close()


# --------------------------------------------------------------------------------------------
# Wire helpers
# --------------------------------------------------------------------------------------------

COMPLETION = {
    "id": "chatcmpl-f",
    "object": "chat.completion",
    "created": CREATED,
    "model": "m",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}],
}


def head(status: int, headers: dict[str, str] | None = None) -> bytes:
    reason = {200: "OK", 307: "Temporary Redirect", 429: "Too Many Requests", 500: "Internal Server Error"}
    lines = [f"HTTP/1.1 {status} {reason.get(status, 'Status')}"]
    lines += [f"{k}: {v}" for k, v in {"Connection": "close", **(headers or {})}.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> list[Action]:
    data = json.dumps(body).encode()
    hdrs = {"Content-Type": "application/json", "Content-Length": str(len(data)), **(headers or {})}
    return [("send", head(status, hdrs) + data), ("close",)]


OK = json_response(200, COMPLETION)


def error_envelope(message: str, code: str, type_: str = "server_error") -> dict:
    return {"error": {"message": message, "type": type_, "param": None, "code": code}}


def chunk(content: str) -> dict:
    return {
        "id": "chatcmpl-f",
        "object": "chat.completion.chunk",
        "created": CREATED,
        "model": "m",
        "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": None}],
    }


def event(obj: dict | str, name: str | None = None) -> bytes:
    data = obj if isinstance(obj, str) else json.dumps(obj)
    return (f"event: {name}\n" if name else "").encode() + f"data: {data}\n\n".encode()


def framed(data: bytes) -> bytes:
    """One HTTP/1.1 chunk (Transfer-Encoding: chunked)."""
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


SSE_HEAD = head(200, {"Content-Type": "text/event-stream", "Transfer-Encoding": "chunked"})
CHUNKED_END = b"0\r\n\r\n"


def sse_script(*events: bytes, tail: list[Action]) -> list[Action]:
    """200 text/event-stream, chunked; one HTTP chunk per event, a short gap between; then `tail`."""
    script: list[Action] = [("send", SSE_HEAD)]
    for ev in events:
        script += [("send", framed(ev)), ("sleep", 0.02)]
    # Give the client time to read what was sent before a reset can discard it from its buffer.
    return script + [("sleep", 0.15), *tail]


TWO = (event(chunk("Hel")), event(chunk("lo")))
DONE = event("[DONE]")


# --------------------------------------------------------------------------------------------
# Driving both clients
# --------------------------------------------------------------------------------------------


async def maybe(value: Any) -> Any:
    return await value if isinstance(value, Awaitable) else value


def run(kind: str, url: str, scenario: Callable[[Any], Awaitable[Any]], **kwargs: Any) -> Any:
    """`scenario(client)` with the sync Client (its calls just return) or the AsyncClient."""
    kwargs.setdefault("api_key", KEY)
    kwargs.setdefault("retry_initial_delay", 0.01)
    if kind == "sync":
        with unified_chat.Client(base_url=url, **kwargs) as client:
            return asyncio.run(scenario(client))

    async def main() -> Any:
        async with unified_chat.AsyncClient(base_url=url, **kwargs) as client:
            return await scenario(client)

    return asyncio.run(main())


def create(**extra: Any) -> Callable[[Any], Awaitable[Any]]:
    async def scenario(client: Any) -> Any:
        return await maybe(client.chat.completions.create(model="m", messages=USER, **extra))

    return scenario


def create_raw(**extra: Any) -> Callable[[Any], Awaitable[Any]]:
    async def scenario(client: Any) -> Any:
        return await maybe(client.chat.completions.with_raw_response.create(model="m", messages=USER, **extra))

    return scenario


def stream_into(received: list, gate: threading.Event | None = None, **extra: Any) -> Callable[[Any], Awaitable[None]]:
    """Open a stream and append each typed chunk to `received` until it ends or raises.

    With `gate`, open it once two chunks are in: a script waiting on ("gate",) then knows the client
    has consumed them, so a reset cannot discard them from the client's receive buffer.
    """

    async def scenario(client: Any) -> None:
        stream = await maybe(client.chat.completions.create(model="m", messages=USER, stream=True, **extra))
        if isinstance(stream, unified_chat.AsyncStream):
            async with stream:
                async for item in stream:
                    received.append(item)
                    if gate is not None and len(received) == 2:
                        gate.set()
        else:
            with stream:
                for item in stream:
                    received.append(item)
                    if gate is not None and len(received) == 2:
                        gate.set()

    return scenario


def contents(received: list) -> list[str]:
    return [c.choices[0].delta.content for c in received]


@contextlib.contextmanager
def elapsed() -> Iterator[list[float]]:
    box: list[float] = []
    start = time.monotonic()
    try:
        yield box
    finally:
        box.append(time.monotonic() - start)


# --------------------------------------------------------------------------------------------
# Connection reset before any response
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_reset_before_response_is_retried_and_succeeds(kind: str) -> None:
    with FaultServer([("rst",)], OK) as server:
        raw = run(kind, server.url, create_raw(), max_retries=2)
    assert raw.retries_taken == 1 and server.connections == 2
    assert isinstance(raw.parse(), ChatCompletion) and raw.parse().choices[0].message.content == "ok"


@pytest.mark.parametrize("kind", KINDS)
def test_reset_before_request_is_read_is_retried(kind: str) -> None:
    # The server resets without even reading the request: the client may see it while writing.
    with FaultServer([("noread",), ("rst",)], OK) as server:
        result = run(kind, server.url, create(), max_retries=1)
    assert result.choices[0].message.content == "ok" and server.connections == 2


@pytest.mark.parametrize("kind", KINDS)
def test_reset_before_response_without_retries_is_connection_error(kind: str) -> None:
    with FaultServer([("rst",)]) as server:
        with pytest.raises(unified_chat.APIConnectionError) as info:
            run(kind, server.url, create(), max_retries=0)
    assert not isinstance(info.value, unified_chat.APITimeoutError)
    assert isinstance(info.value.__cause__, httpx.TransportError)
    assert server.connections == 1


@pytest.mark.parametrize("kind", KINDS)
def test_clean_close_before_response_is_connection_error(kind: str) -> None:
    # "Server disconnected without sending a response", retried up to the budget then typed.
    with FaultServer([("close",)]) as server:
        with pytest.raises(unified_chat.APIConnectionError):
            run(kind, server.url, create(), max_retries=1)
    assert server.connections == 2


@pytest.mark.parametrize("kind", KINDS)
def test_reset_before_stream_headers_is_retried(kind: str) -> None:
    received: list = []
    with FaultServer([("rst",)], sse_script(*TWO, DONE, tail=[("send", CHUNKED_END), ("close",)])) as server:
        run(kind, server.url, stream_into(received), max_retries=1)
    assert contents(received) == ["Hel", "lo"] and server.connections == 2


# --------------------------------------------------------------------------------------------
# Streams that break off
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_reset_during_stream_gives_chunks_then_incomplete(kind: str) -> None:
    received: list = []
    with FaultServer(sse_script(*TWO, tail=[("gate",), ("rst",)]), OK) as server:
        with pytest.raises(unified_chat.IncompleteStreamError) as info:
            run(kind, server.url, stream_into(received, server.gate), max_retries=2)
    assert contents(received) == ["Hel", "lo"]
    assert isinstance(info.value.__cause__, httpx.TransportError)
    # A broken stream is not retried behind the caller's back: chunks were already delivered.
    assert server.connections == 1


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("framing", ["chunked", "close-delimited"])
def test_stream_ending_cleanly_without_done_is_incomplete(kind: str, framing: str) -> None:
    received: list = []
    if framing == "chunked":
        script = sse_script(*TWO, tail=[("send", CHUNKED_END), ("close",)])  # a complete HTTP message
    else:
        script = [("send", head(200, {"Content-Type": "text/event-stream"}) + b"".join(TWO)), ("close",)]
    with FaultServer(script) as server:
        with pytest.raises(unified_chat.IncompleteStreamError, match=r"\[DONE\]"):
            run(kind, server.url, stream_into(received))
    assert contents(received) == ["Hel", "lo"]


@pytest.mark.parametrize("kind", KINDS)
def test_stream_cut_inside_the_chunked_framing_is_incomplete(kind: str) -> None:
    # Half an HTTP chunk, then a clean FIN: an HTTP-level truncation (h11 sees it), not an SSE one.
    received: list = []
    partial = framed(event(chunk("!")))[:-12]
    with FaultServer(sse_script(*TWO, tail=[("send", partial), ("close",)])) as server:
        with pytest.raises(unified_chat.IncompleteStreamError):
            run(kind, server.url, stream_into(received))
    assert contents(received) == ["Hel", "lo"]


@pytest.mark.parametrize("kind", KINDS)
def test_stream_cut_mid_event_by_clean_close_is_incomplete(kind: str) -> None:
    received: list = []
    cut = b'data: {"id": "chatcmpl-f", "object": "chat.comp'
    script = [("send", head(200, {"Content-Type": "text/event-stream"}) + b"".join(TWO) + cut), ("close",)]
    with FaultServer(script) as server:
        with pytest.raises(unified_chat.IncompleteStreamError):
            run(kind, server.url, stream_into(received))
    assert contents(received) == ["Hel", "lo"]


@pytest.mark.parametrize("kind", KINDS)
def test_stream_cut_mid_event_is_never_a_normal_end(kind: str) -> None:
    # Whatever class the bug above settles on, the caller gets a typed error after the two chunks.
    received: list = []
    cut = b'data: {"id": "chatcmpl-f", "object": "chat.comp'
    script = [("send", head(200, {"Content-Type": "text/event-stream"}) + b"".join(TWO) + cut), ("close",)]
    with FaultServer(script) as server:
        with pytest.raises((unified_chat.StreamError, unified_chat.APIResponseValidationError)):
            run(kind, server.url, stream_into(received))
    assert contents(received) == ["Hel", "lo"]


@pytest.mark.parametrize("kind", KINDS)
def test_stream_with_done_but_no_final_blank_line_is_complete(kind: str) -> None:
    # The control: `data: [DONE]` at EOF without its blank line is a proper end.
    received: list = []
    body = b"".join(TWO) + b"data: [DONE]"
    with FaultServer([("send", head(200, {"Content-Type": "text/event-stream"}) + body), ("close",)]) as server:
        run(kind, server.url, stream_into(received))
    assert contents(received) == ["Hel", "lo"]


# --------------------------------------------------------------------------------------------
# Bad content inside a stream
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_malformed_sse_line_is_validation_error_naming_the_data(kind: str) -> None:
    received: list = []
    bad = b"data: {not json\n\n"
    with FaultServer(sse_script(TWO[0], bad, TWO[1], DONE, tail=[("send", CHUNKED_END), ("close",)])) as server:
        with pytest.raises(unified_chat.APIResponseValidationError) as info:
            run(kind, server.url, stream_into(received))
    assert contents(received) == ["Hel"]
    assert "{not json" in str(info.value) and info.value.body == b"{not json"


@pytest.mark.parametrize("kind", KINDS)
def test_chunk_of_the_wrong_shape_is_validation_error(kind: str) -> None:
    received: list = []
    bad = event({"id": "x", "object": "chat.completion.chunk", "choices": "nope"})
    with FaultServer(sse_script(TWO[0], bad, DONE, tail=[("send", CHUNKED_END), ("close",)])) as server:
        with pytest.raises(unified_chat.APIResponseValidationError, match="malformed stream event"):
            run(kind, server.url, stream_into(received))
    assert contents(received) == ["Hel"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("named", [True, False], ids=["event-error", "data-error"])
def test_error_event_mid_stream_is_stream_error(kind: str, named: bool) -> None:
    received: list = []
    envelope = error_envelope("upstream overloaded", "overloaded_error")
    err = event(envelope, "error") if named else event(envelope)
    with FaultServer(sse_script(*TWO, err, DONE, tail=[("send", CHUNKED_END), ("close",)])) as server:
        with pytest.raises(unified_chat.StreamError) as info:
            run(kind, server.url, stream_into(received))
    assert not isinstance(info.value, unified_chat.IncompleteStreamError)
    assert contents(received) == ["Hel", "lo"]
    assert info.value.message == "upstream overloaded" and info.value.code == "overloaded_error"
    assert info.value.body == envelope


@pytest.mark.parametrize("kind", KINDS)
def test_error_event_with_plain_text_data_is_stream_error(kind: str) -> None:
    received: list = []
    err = b"event: error\ndata: internal failure, try again\n\n"
    with FaultServer(sse_script(TWO[0], err, tail=[("send", CHUNKED_END), ("close",)])) as server:
        with pytest.raises(unified_chat.StreamError, match="internal failure, try again"):
            run(kind, server.url, stream_into(received))
    assert contents(received) == ["Hel"]


# --------------------------------------------------------------------------------------------
# 429 and Retry-After
# --------------------------------------------------------------------------------------------

RATE = error_envelope("Rate limit reached", "rate_limit_exceeded", "requests")


@pytest.mark.parametrize("kind", KINDS)
def test_429_retry_after_is_honoured(kind: str) -> None:
    with FaultServer(json_response(429, RATE, {"Retry-After": "0.3"}), OK) as server:
        with elapsed() as took:
            raw = run(kind, server.url, create_raw(), max_retries=2)
    assert raw.retries_taken == 1 and server.connections == 2
    gap = server.accepted_at[1] - server.accepted_at[0]
    assert 0.3 <= gap < 2.0, gap
    assert took[0] < 2.0


@pytest.mark.parametrize("kind", KINDS)
def test_429_retry_after_on_a_stream_request_is_honoured(kind: str) -> None:
    received: list = []
    ok = sse_script(*TWO, DONE, tail=[("send", CHUNKED_END), ("close",)])
    with FaultServer(json_response(429, RATE, {"Retry-After": "0.3"}), ok) as server:
        run(kind, server.url, stream_into(received), max_retries=1)
    assert contents(received) == ["Hel", "lo"]
    assert 0.3 <= server.accepted_at[1] - server.accepted_at[0] < 2.0


@pytest.mark.parametrize("kind", KINDS)
def test_429_huge_retry_after_is_not_waited_out(kind: str) -> None:
    with FaultServer(json_response(429, RATE, {"Retry-After": "3600"}), OK) as server:
        with elapsed() as took:
            result = run(kind, server.url, create(), max_retries=1, retry_initial_delay=0.05)
    assert result.choices[0].message.content == "ok" and server.connections == 2
    assert took[0] < 1.0


@pytest.mark.parametrize("kind", KINDS)
def test_429_without_retries_is_rate_limit_error_with_envelope(kind: str) -> None:
    with FaultServer(json_response(429, RATE, {"Retry-After": "0.3"})) as server:
        with pytest.raises(unified_chat.RateLimitError) as info:
            run(kind, server.url, create(), max_retries=0)
    err = info.value
    assert server.connections == 1
    assert err.status_code == 429 and err.body == RATE
    assert err.message == "Rate limit reached" and err.code == "rate_limit_exceeded" and err.type == "requests"
    assert err.response.headers["retry-after"] == "0.3"


# --------------------------------------------------------------------------------------------
# 5xx
# --------------------------------------------------------------------------------------------

BOOM = error_envelope("The server had an error", "server_error")


@pytest.mark.parametrize("kind", KINDS)
def test_500_then_200_is_retried(kind: str) -> None:
    with FaultServer(json_response(500, BOOM), OK) as server:
        raw = run(kind, server.url, create_raw(), max_retries=2)
    assert raw.retries_taken == 1 and raw.status_code == 200 and server.connections == 2
    assert raw.parse().choices[0].message.content == "ok"


@pytest.mark.parametrize("kind", KINDS)
def test_500_three_times_exhausts_two_retries(kind: str) -> None:
    with FaultServer(json_response(500, BOOM)) as server:
        with pytest.raises(unified_chat.InternalServerError) as info:
            run(kind, server.url, create(), max_retries=2)
    assert server.connections == 3
    assert info.value.status_code == 500 and info.value.message == "The server had an error"


@pytest.mark.parametrize("kind", KINDS)
def test_500_with_a_non_json_body_is_typed(kind: str) -> None:
    html = b"<html><body>502 Bad Gateway</body></html>"
    script = [("send", head(502, {"Content-Type": "text/html", "Content-Length": str(len(html))}) + html), ("close",)]
    with FaultServer(script) as server:
        with pytest.raises(unified_chat.InternalServerError) as info:
            run(kind, server.url, create(), max_retries=0)
    assert info.value.status_code == 502 and "502 Bad Gateway" in info.value.message


@pytest.mark.parametrize("kind", KINDS)
def test_error_status_on_a_stream_request_with_a_cut_body_is_typed(kind: str) -> None:
    partial = b'{"error": {"message": "The server'
    script = [("send", head(500, {"Content-Type": "application/json", "Content-Length": "200"}) + partial),
              ("sleep", 0.15), ("rst",)]
    with FaultServer(script) as server:
        with pytest.raises(unified_chat.APIError):
            run(kind, server.url, stream_into([]), max_retries=0)


# --------------------------------------------------------------------------------------------
# Timeouts
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_server_that_never_answers_times_out_after_all_attempts(kind: str) -> None:
    with FaultServer([("stall",)]) as server:
        with elapsed() as took, pytest.raises(unified_chat.APITimeoutError):
            run(kind, server.url, create(), max_retries=1, timeout=0.3)
    assert server.connections == 2
    # Two attempts of 0.3 s plus one ~0.01 s backoff; slack for a loaded machine.
    assert 0.6 <= took[0] < 1.6, took[0]


@pytest.mark.parametrize("kind", KINDS)
def test_per_call_timeout_overrides_the_client_default(kind: str) -> None:
    with FaultServer([("stall",)]) as server:
        with elapsed() as took, pytest.raises(unified_chat.APITimeoutError):
            run(kind, server.url, create(timeout=0.2), max_retries=0, timeout=30)
    assert server.connections == 1 and took[0] < 1.0


@pytest.mark.parametrize("kind", KINDS)
def test_stream_stalling_mid_way_is_incomplete_not_a_hang(kind: str) -> None:
    received: list = []
    with FaultServer(sse_script(*TWO, tail=[("stall",)])) as server:
        with elapsed() as took, pytest.raises(unified_chat.IncompleteStreamError) as info:
            run(kind, server.url, stream_into(received, timeout=0.4), max_retries=0)
    assert contents(received) == ["Hel", "lo"]
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)
    assert took[0] < 2.0


@pytest.mark.parametrize("kind", KINDS)
def test_headers_then_stall_on_a_plain_request_times_out(kind: str) -> None:
    # Status line and headers arrive, the body never does.
    script = [("send", head(200, {"Content-Type": "application/json", "Content-Length": "500"}) + b'{"id"'),
              ("stall",)]
    with FaultServer(script) as server:
        with pytest.raises(unified_chat.APITimeoutError):
            run(kind, server.url, create(), max_retries=0, timeout=0.3)


# --------------------------------------------------------------------------------------------
# Broken bodies on a plain (non-stream) 200
# --------------------------------------------------------------------------------------------

WHOLE = json.dumps(COMPLETION).encode()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("end", ["close", "rst"])
def test_body_shorter_than_content_length_is_connection_error(kind: str, end: str) -> None:
    script = [("send", head(200, {"Content-Type": "application/json", "Content-Length": str(len(WHOLE))})
               + WHOLE[: len(WHOLE) // 2]), ("sleep", 0.1), (end,)]
    with FaultServer(script) as server:
        with pytest.raises(unified_chat.APIConnectionError) as info:
            run(kind, server.url, create(), max_retries=1)
    assert not isinstance(info.value, unified_chat.APITimeoutError)
    assert server.connections == 2  # a transport failure: retried, then typed


@pytest.mark.parametrize("kind", KINDS)
def test_truncated_body_then_good_body_is_retried(kind: str) -> None:
    short = [("send", head(200, {"Content-Type": "application/json", "Content-Length": str(len(WHOLE))})
              + WHOLE[:40]), ("close",)]
    with FaultServer(short, OK) as server:
        raw = run(kind, server.url, create_raw(), max_retries=1)
    assert raw.retries_taken == 1 and raw.parse().choices[0].message.content == "ok"


@pytest.mark.parametrize("kind", KINDS)
def test_truncated_json_in_a_close_delimited_body_is_validation_error(kind: str) -> None:
    # No Content-Length: the close IS the end of the message, so HTTP cannot tell; the JSON can.
    script = [("send", head(200, {"Content-Type": "application/json"}) + WHOLE[:-20]), ("close",)]
    with FaultServer(script) as server:
        with pytest.raises(unified_chat.APIResponseValidationError) as info:
            run(kind, server.url, create(), max_retries=2)
    assert server.connections == 1 and info.value.body == WHOLE[:-20]


@pytest.mark.parametrize("kind", KINDS)
def test_truncated_chunked_body_is_connection_error(kind: str) -> None:
    body = head(200, {"Content-Type": "application/json", "Transfer-Encoding": "chunked"}) + framed(WHOLE[:30])
    with FaultServer([("send", body), ("close",)]) as server:
        with pytest.raises(unified_chat.APIConnectionError):
            run(kind, server.url, create(), max_retries=0)


@pytest.mark.parametrize("kind", KINDS)
def test_body_longer_than_content_length_is_not_a_different_object(kind: str) -> None:
    # Content-Length shorter than the JSON: the client reads exactly that many bytes.
    script = [("send", head(200, {"Content-Type": "application/json", "Content-Length": str(len(WHOLE) - 5)})
               + WHOLE), ("close",)]
    with FaultServer(script) as server:
        with pytest.raises(unified_chat.APIResponseValidationError):
            run(kind, server.url, create(), max_retries=0)


@pytest.mark.parametrize("kind", KINDS)
def test_corrupt_gzip_body_is_typed(kind: str) -> None:
    bad = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + b"\xff" * 40  # a gzip header, then an invalid block
    hdrs = {"Content-Type": "application/json", "Content-Encoding": "gzip", "Content-Length": str(len(bad))}
    with FaultServer([("send", head(200, hdrs) + bad), ("close",)]) as server:
        with pytest.raises(unified_chat.APIError):
            run(kind, server.url, create(), max_retries=0)


@pytest.mark.parametrize("kind", KINDS)
def test_corrupt_gzip_stream_is_typed(kind: str) -> None:
    bad = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + b"\xff" * 40  # a gzip header, then an invalid block
    hdrs = {"Content-Type": "text/event-stream", "Content-Encoding": "gzip"}
    with FaultServer([("send", head(200, hdrs) + bad), ("close",)]) as server:
        with pytest.raises(unified_chat.APIError):
            run(kind, server.url, stream_into([]), max_retries=0)


@pytest.mark.parametrize("kind", KINDS)
def test_redirect_loop_is_typed(kind: str) -> None:
    loop = [("send", head(307, {"Location": "/v1/chat/completions", "Content-Length": "0"})), ("close",)]
    with FaultServer(loop) as server:
        with pytest.raises(unified_chat.APIConnectionError):
            run(kind, server.url, create(), max_retries=0)
    assert server.connections == 21  # the first request and httpx's 20 redirects
