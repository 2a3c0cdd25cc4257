"""`unispec serve`: the reference backend behind the generated server stub, for any platform."""

from __future__ import annotations

import contextlib
import json
import logging
import shlex
import socket
import sys
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the backend imports the generated package: loaded on first use, not with this module
    from .backend import ReferenceBackend

from .limits import ConnectionLimits, raise_fd_limit, uvicorn_config

log = logging.getLogger("unispec.serve")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class AccessLog:
    """ASGI middleware: one line per request (method, path, status, time, what the backend served).

    Headers are never logged, so no key reaches the log; bodies only through the backend's own
    log, which honours `log_query_body` / `log_response_body`.
    """

    def __init__(self, app: Any, backend: ReferenceBackend, stream: Any = None):
        self.app = app
        self.backend = backend
        self.stream = stream or sys.stderr

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        from .backend import LOG_RECORD

        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 0}
        # The backend leaves this request's own record in the ASGI scope's state; reading the
        # backend's shared log instead would name another request's model under concurrency.
        state = scope.setdefault("state", {})

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            ms = (time.perf_counter() - started) * 1000
            served = ""
            record = state.get(LOG_RECORD)
            if record is not None:
                served = f" model={record.model}"
                if record.chat_id:
                    served += f" chat_id={record.chat_id}"
                if record.tags:
                    served += f" tags={','.join(record.tags)}"
                if record.fallback_from:
                    served += f" fallback_from={','.join(record.fallback_from)}"
            print(
                f"{scope['method']} {scope['path']} {status['code']} {ms:.1f}ms{served}", file=self.stream, flush=True
            )


def build_app(
    platform: str,
    api_key: str | None,
    unknown_fields: str | None = None,
    backend: ReferenceBackend | None = None,
    access_log: bool = True,
    limits: Any = None,
    max_body_bytes: int | None = None,
    cors_origins: list[str] | None = None,
) -> Any:
    from unified_chat.server import DEFAULT_MAX_BODY_BYTES, create_app

    from .backend import ReferenceBackend

    backend = backend or ReferenceBackend()
    app = create_app(
        backend,
        platform=platform,
        api_key=api_key,
        unknown_fields=unknown_fields,  # type: ignore[arg-type]
        limits=limits,
        max_body_bytes=max_body_bytes or DEFAULT_MAX_BODY_BYTES,
        cors_origins=cors_origins,
    )
    return AccessLog(app, backend) if access_log else app


KEY_VARIABLE = "UNISPEC_API_KEY"


def curl_line(base_url: str, platform: str, api_key: str | None) -> str:
    """A ready-to-paste request. The key is never printed: the line reads it from $UNISPEC_API_KEY."""
    from unified_chat import get_platform

    from .backend import PROVIDER

    profile = get_platform(platform)
    body = {
        "model": profile.model_id("unispec-large", PROVIDER),
        "messages": [{"role": "user", "content": "Say hello"}],
    }
    parts = [
        shlex.join(
            ["curl", "-sS", f"{base_url}{profile.base_path}/chat/completions", "-H", "Content-Type: application/json"]
        )
    ]
    if api_key:
        parts.append(f'-H "{profile.auth_header}: {profile.auth_prefix}${KEY_VARIABLE}"')
    parts.append(shlex.join(["-d", json.dumps(body)]))
    return " ".join(parts)


def run(
    platform: str,
    host: str,
    port: int,
    api_key: str | None,
    unknown_fields: str | None,
    limits: Any = None,
    connection_limits: ConnectionLimits | None = None,
    keep_logs: int = 0,
    max_body_bytes: int | None = None,
    cors_origins: list[str] | None = None,
) -> int:
    """`unispec serve`. `limits`: the app's `unified_chat.server.Limits`; `keep_logs`: how many
    served requests the backend keeps (none by default); `cors_origins`: browser origins allowed
    (none by default: no CORS)."""
    import uvicorn

    from .backend import MODELS, PROVIDER, ReferenceBackend

    port = port or free_port(host)
    connection_limits = connection_limits or ConnectionLimits()
    raise_fd_limit(connection_limits.max_connections)
    app = build_app(
        platform,
        api_key,
        unknown_fields,
        ReferenceBackend(keep_logs=keep_logs),
        limits=limits,
        max_body_bytes=max_body_bytes,
        cors_origins=cors_origins,
    )
    url = f"http://{host}:{port}"
    from unified_chat import get_platform

    profile = get_platform(platform)
    print(f"unispec serve: the reference backend as {profile.title} at {url}{profile.base_path}", flush=True)
    print(
        f"models: {', '.join(profile.model_id(m, PROVIDER) for m in MODELS)}",
        flush=True,
    )
    print("try:   " + curl_line(url, platform, api_key), flush=True)
    if cors_origins:
        print(f"CORS:   {', '.join(cors_origins)}", flush=True)
    print("Ctrl-C stops.", flush=True)
    config = uvicorn_config(app, host, port, connection_limits, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    try:
        # uvicorn handles SIGINT/SIGTERM: it stops accepting, lets running requests finish for
        # shutdown_timeout seconds, cancels the rest (their generation threads stop), and returns.
        server.run()
    except KeyboardInterrupt:
        pass
    print("unispec serve: stopped", flush=True)
    return 0


@contextlib.contextmanager
def background(
    platform: str = "openai",
    api_key: str | None = None,
    host: str = "127.0.0.1",
    access_log: bool = False,
    unknown_fields: str | None = None,
) -> Iterator[str]:
    """`unispec serve` in a thread: yields the origin URL, stops on exit. For the demo and tests."""
    app = build_app(platform, api_key, unknown_fields, access_log=access_log)
    with serve_in_thread(app, host) as url:
        yield url


@contextlib.contextmanager
def serve_in_thread(
    app: Any, host: str = "127.0.0.1", timeout: float = 15.0, limits: ConnectionLimits | None = None
) -> Iterator[str]:
    """Any ASGI app on `host`:<free port> in a thread: yields the origin URL, stops on exit."""
    import uvicorn

    port = free_port(host)
    server = uvicorn.Server(uvicorn_config(app, host, port, limits, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            raise RuntimeError(f"the server did not start within {timeout:g}s")
        time.sleep(0.01)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)


def demo(platform: str = "unify") -> int:
    """Serve the reference backend and stream a short reply to the generated client."""
    from unified_chat import Client

    from .backend import PROVIDER

    key = "demo-key"
    with (
        background(platform, key) as url,
        Client(platform=platform, api_key=key, base_url=url, max_retries=0) as client,
    ):
        model = client.model_id("unispec-large", PROVIDER)
        print(f"demo: {client.platform.title} at {url}{client.platform.base_path}, model {model}", flush=True)
        print("assistant: ", end="", flush=True)
        usage = None
        with client.chat.completions.create(
            model=model,
            messages=[{"role": "user", "content": "Say something about the spec."}],
            stream=True,
            stream_options={"include_usage": True},
            seed=7,
        ) as stream:
            for chunk in stream:
                if chunk.choices:
                    print(chunk.choices[0].delta.content or "", end="", flush=True)
                if chunk.usage:
                    usage = chunk.usage
        print(flush=True)
        if usage:
            print(
                f"demo: {usage.prompt_tokens} prompt + {usage.completion_tokens} completion tokens, stream ended with [DONE]",
                flush=True,
            )
    return 0
