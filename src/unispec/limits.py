"""Ceilings on connections and requests for `unispec serve`: uvicorn's protocol with header and
body timeouts and a connection cap, and the command's flags for every ceiling.

Kept apart from serve.py, which imports the backend (and so FastAPI): the CLI builds every
subcommand's parser, flags included, and `unispec validate` must not pay for that import.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the CLI imports this module for its flags: asyncio only where a server runs
    import asyncio

log = logging.getLogger("unispec.serve")


@dataclass(frozen=True)
class ConnectionLimits:
    """Ceilings on connections (`unispec serve --header-timeout ...`); what one request may ask
    for is the app's `unified_chat.server.Limits`."""

    header_timeout: float = 10.0  # connection (or last response) -> the request's last header byte
    body_timeout: float = 30.0  # last header -> the body's last byte
    idle_timeout: float = 5.0  # an idle keep-alive connection is closed after this
    max_connections: int = 512  # open at once; beyond, a new one gets a 503 and is closed
    shutdown_timeout: float = 3.0  # Ctrl-C: requests still running after this are cancelled


def bounded_protocol(limits: ConnectionLimits) -> type:
    """uvicorn's h11 protocol with header and body timeouts and a connection cap.

    uvicorn (0.54) has neither a header nor a body timeout: `timeout_keep_alive` only runs between
    requests and is cancelled by the first byte of the next one, so a client that sends part of
    its headers or body holds the connection, and a file descriptor, forever; about 1,000 such
    clients exhaust the descriptors and lock everyone out. Its `limit_concurrency` answers 503
    only after a request's headers are complete, which such clients never send. So: one timer
    per connection, re-armed as the connection moves from headers to body to the app's turn, and
    a cap checked when a connection is made. Subclassing keeps everything else uvicorn's own.
    """
    import h11
    from unified_chat.server import error_body, new_request_id
    from uvicorn.protocols.http.h11_impl import H11Protocol

    def raw_error(status: int, reason: str, message: str, code: str) -> bytes:
        body = error_body(message, "invalid_request_error" if status < 500 else "server_error", None, code)
        head = (
            f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n"
            f"x-request-id: {new_request_id().decode()}\r\nconnection: close\r\n\r\n"
        )
        return head.encode() + body

    over_cap = {"logged": False}

    class BoundedH11Protocol(H11Protocol):
        _timer: asyncio.TimerHandle | None = None
        _phase: str | None = None
        _refused = False
        _malformed = "Invalid HTTP request received."

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.conn.next_event = self._next_event  # type: ignore[method-assign]

        def _next_event(self) -> Any:
            # h11 frames a request with both headers by Transfer-Encoding, as RFC 9112 allows; the
            # two disagreeing is how requests are smuggled past proxies, so such a request is
            # refused before the app sees it (uvicorn answers the error below with a 400).
            event = h11.Connection.next_event(self.conn)
            if isinstance(event, h11.Request):
                names = {name for name, _ in event.headers}
                if b"content-length" in names and b"transfer-encoding" in names:
                    self._malformed = "A request must not carry both Content-Length and Transfer-Encoding."
                    raise h11.RemoteProtocolError(self._malformed)
            return event

        def connection_made(self, transport: Any) -> None:  # type: ignore[override]
            super().connection_made(transport)
            if len(self.connections) > limits.max_connections:
                if not over_cap["logged"]:  # one line per episode, not one per refused client
                    log.warning("unispec serve: %d connections open, the cap; refusing new ones with 503 until some close",
                                limits.max_connections)
                    over_cap["logged"] = True
                self._refused = True
                transport.write(raw_error(503, "Service Unavailable",
                                          f"The server has {limits.max_connections} connections open, its limit; retry shortly.",
                                          "too_many_connections"))
                transport.close()
                return
            over_cap["logged"] = False
            self._follow()

        def data_received(self, data: bytes) -> None:
            if self._refused:
                return
            super().data_received(data)
            self._follow()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._follow()

        def connection_lost(self, exc: Exception | None) -> None:
            self._arm(None, 0)
            super().connection_lost(exc)

        def send_400_response(self, msg: str) -> None:
            # uvicorn's own answers text/plain; a client of this server expects the envelope.
            self.transport.write(raw_error(400, "Bad Request", self._malformed, "invalid_http"))
            self.transport.close()

        def _follow(self) -> None:
            state = self.conn.their_state
            phase = "headers" if state is h11.IDLE else "body" if state is h11.SEND_BODY else None
            if phase != self._phase:  # None: the request is in; the app's work is bounded by its Limits
                self._arm(phase, limits.header_timeout if phase == "headers" else limits.body_timeout)

        def _arm(self, phase: str | None, seconds: float) -> None:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            self._phase = phase
            if phase is not None and not self.transport.is_closing():
                self._timer = self.loop.call_later(seconds, self._expire)

        def _expire(self) -> None:
            self._timer = None
            if self.transport.is_closing():
                return
            started = self.cycle is not None and not self.cycle.response_complete and self.cycle.response_started
            if self._phase == "body" and not started:
                self.transport.write(raw_error(408, "Request Timeout",
                                               f"The body did not arrive within {limits.body_timeout:g}s.", "body_timeout"))
            elif self._phase == "headers" and self.conn.trailing_data[0]:
                # Part of a request came; a connection that sent nothing is just closed.
                self.transport.write(raw_error(408, "Request Timeout",
                                               f"The request headers did not arrive within {limits.header_timeout:g}s.",
                                               "header_timeout"))
            self.transport.close()

    return BoundedH11Protocol


def uvicorn_config(app: Any, host: str, port: int, limits: ConnectionLimits | None = None, **kwargs: Any) -> Any:
    """The uvicorn settings every server here runs with: the bounded protocol, its timeouts and cap."""
    import uvicorn

    limits = limits or ConnectionLimits()
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=bounded_protocol(limits),
        timeout_keep_alive=limits.idle_timeout,  # type: ignore[arg-type]
        timeout_graceful_shutdown=limits.shutdown_timeout,  # type: ignore[arg-type]
        lifespan="off",
        **kwargs,
    )


# `unispec serve` flags for every ceiling: (flag, which limits, field, type, help).
LIMIT_FLAGS: tuple[tuple[str, str, str, type, str], ...] = (
    ("--max-tokens-ceiling", "app", "max_tokens", int, "largest max_tokens / max_completion_tokens"),
    ("--max-total-tokens", "app", "max_total_tokens", int, "largest n x max_tokens"),
    ("--max-logit-bias", "app", "max_logit_bias", int, "most logit_bias entries"),
    ("--max-schema-bytes", "app", "max_schema_bytes", int, "largest tool / response_format schema, bytes of JSON"),
    ("--max-schema-size", "app", "max_schema_size", int, "largest minLength / minItems / minProperties in a schema"),
    ("--max-pattern-length", "app", "max_pattern_length", int, "longest `pattern` in a schema"),
    ("--max-body-bytes", "body", "max_body_bytes", int, "largest request body"),
    ("--header-timeout", "connection", "header_timeout", float, "seconds for a request's headers"),
    ("--body-timeout", "connection", "body_timeout", float, "seconds for a request's body, after its headers"),
    ("--idle-timeout", "connection", "idle_timeout", float, "seconds an idle keep-alive connection stays open"),
    ("--max-connections", "connection", "max_connections", int, "connections open at once; more get a 503"),
    ("--shutdown-timeout", "connection", "shutdown_timeout", float, "seconds Ctrl-C waits for running requests"),
)


class _Default:
    """A ceiling's default, looked up only when printed: the CLI builds every subcommand's parser,
    and `unispec validate` must not pay for importing FastAPI (where `Limits` lives)."""

    def __init__(self, kind: str, name: str) -> None:
        self.kind, self.name = kind, name

    def __str__(self) -> str:
        from unified_chat import server

        if self.kind == "body":
            return str(server.DEFAULT_MAX_BODY_BYTES)
        return str(getattr(server.Limits() if self.kind == "app" else ConnectionLimits(), self.name))


def add_limit_flags(parser: Any) -> None:
    """The ceilings' flags on `unispec serve`'s parser (docs/reliability.md, "Limits")."""
    for flag, kind, name, kind_type, help_text in LIMIT_FLAGS:
        parser.add_argument(flag, type=kind_type, default=_Default(kind, name), metavar="N" if kind_type is int else "S",
                            help=f"{help_text} (default: %(default)s)")
    parser.add_argument("--keep-logs", type=int, default=0, metavar="N",
                        help="keep the last N served requests, bodies included, in memory (default: none)")


def limits_from_args(args: Any) -> tuple[Any, ConnectionLimits, int | None]:
    """The app's Limits, the ConnectionLimits and the body limit the parsed flags ask for."""
    from unified_chat.server import Limits

    def pick(kind: str) -> dict[str, Any]:
        values = {name: getattr(args, flag[2:].replace("-", "_")) for flag, k, name, _, _ in LIMIT_FLAGS if k == kind}
        return {name: value for name, value in values.items() if not isinstance(value, _Default)}

    body = pick("body").get("max_body_bytes")
    return Limits(**pick("app")), ConnectionLimits(**pick("connection")), body


def raise_fd_limit(connections: int) -> None:
    """Room for the connection cap plus the process's own files: the cap, not the OS, must refuse
    (out of descriptors, every accept fails with a traceback and every client is locked out)."""
    try:
        import resource
    except ImportError:  # not on this OS
        return
    want = connections + 64
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= want:
        return
    target = want if hard == resource.RLIM_INFINITY else min(want, hard)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    except (ValueError, OSError):
        target = soft
    if target < want:
        log.warning("unispec serve: the open-file limit (%d) is below --max-connections %d + 64; lower the cap "
                    "or raise the limit (ulimit -n)", target, connections)
