"""Reliability and security of the generated server with the reference backend (issue 7, server part).

Every case runs against a real uvicorn server on 127.0.0.1 and sends raw bytes with httpx, so what
is tested is what a hostile client can actually put on the wire. Each case asserts the exact
status, the full `{"error": {message, type, param, code}}` envelope, `param` where one applies, and
that the server still answers a normal request afterwards. docs/reliability.md lists the cases.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
import os
import re
import socket
import subprocess
import sys
import threading
import time
import types
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import unified_chat._server as server_module
from support import serve
from unified_chat.server import create_app

from unispec.backend import ReferenceBackend
from unispec.serve import AccessLog

KEY = "sk-reliability-7f3a9c2e5b1d"
LIMIT = 1024 * 1024  # the configurable body limit under test (the 100k-deep body and 10,000 messages fit)
AUTH = {"Authorization": f"Bearer {KEY}"}
JSON = {**AUTH, "Content-Type": "application/json"}
REPO = Path(__file__).resolve().parents[1]


def body(**fields: Any) -> bytes:
    return json.dumps({"model": "unispec-mini", "messages": [{"role": "user", "content": "Say hello."}], **fields}).encode()


def envelope(response: httpx.Response) -> dict[str, Any]:
    assert response.headers["content-type"].startswith("application/json"), response.headers
    data = response.json()
    assert set(data) == {"error"}, data
    error = data["error"]
    assert set(error) == {"message", "type", "param", "code"}, error
    assert isinstance(error["message"], str) and error["message"]
    return error


def healthy(client: httpx.Client, origin: str, base: str = "/v1", model: str = "unispec-mini") -> None:
    r = client.post(f"{origin}{base}/chat/completions", content=body(model=model), headers=JSON)
    assert r.status_code == 200, r.text
    assert r.json()["choices"][0]["message"]["content"]


@pytest.fixture(scope="module")
def origin() -> Iterator[str]:
    with serve(create_app(ReferenceBackend(), platform="openai", api_key=KEY, max_body_bytes=LIMIT)) as url:
        yield url


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as c:
        yield c


# --- hostile inputs ---------------------------------------------------------------------------------

PREFIX = b'{"model":"unispec-mini","messages":[{"role":"user","content":'
NESTED = PREFIX + b"[" * 100_000 + b"]" * 100_000 + b"}]}"

# id, raw body, extra headers, expected status, expected code, expected param (None: must be null)
HOSTILE = [
    ("malformed-json", b'{"model": "unispec-mini", "messages": [', {}, 400, "invalid_json", None),
    ("not-an-object", b'["messages"]', {}, 400, "invalid_json", None),
    ("empty-body", b"", {}, 400, "missing_required_parameter", "messages"),
    ("whitespace-body", b"  \n ", {}, 400, "missing_required_parameter", "messages"),
    ("wrong-content-type", body(), {"Content-Type": "text/plain"}, 415, "unsupported_media_type", None),
    ("form-content-type", b"messages=hi", {"Content-Type": "application/x-www-form-urlencoded"}, 415, "unsupported_media_type", None),
    ("over-limit-content-length", body(user="x" * LIMIT), {}, 413, "request_too_large", None),
    ("deeply-nested-100k", NESTED, {}, 400, "invalid_json", None),
    ("invalid-utf8", PREFIX + b'"caf\xc3\x28 \xff\xfe"}]}', {}, 400, "invalid_json", None),
    ("lone-surrogate-escape", PREFIX + b'"\\ud800"}]}', {}, 400, "invalid_json", None),
    ("temperature-nan", body()[:-1] + b',"temperature":NaN}', {}, 400, "invalid_value", "temperature"),
    ("temperature-infinity", body()[:-1] + b',"temperature":Infinity}', {}, 400, "invalid_value", "temperature"),
    ("unknown-role", body(messages=[{"role": "wizard", "content": "hi"}]), {}, 400, "invalid_value", "messages.0.role"),
    ("missing-role", body(messages=[{"content": "hi"}]), {}, 400, "invalid_value", "messages.0.role"),
    ("n-negative", body(n=-1), {}, 400, "invalid_value", "n"),
    ("n-billion", body(n=10**9), {}, 400, "invalid_value", "n"),
    ("max-tokens-negative", body(max_tokens=-1), {}, 400, "invalid_value", "max_tokens"),
    ("max-tokens-zero", body(max_tokens=0), {}, 400, "invalid_value", "max_tokens"),
    ("seed-2**64", body(seed=2**64), {}, 200, None, None),
    ("unknown-field", body(colour="red"), {}, 400, "unknown_parameter", "colour"),
    ("other-platforms-field", body(rag_params={"table_id": "handbook"}), {}, 400, "unsupported_parameter", "rag_params"),
    ("messages-empty", body(messages=[]), {}, 400, "invalid_value", "messages"),
]


@pytest.mark.parametrize(
    ("raw", "extra", "status", "code", "param"),
    [pytest.param(*case[1:], id=case[0]) for case in HOSTILE],
)
def test_hostile_input(origin: str, client: httpx.Client, raw: bytes, extra: dict, status: int, code: str | None, param: str | None) -> None:
    started = time.monotonic()
    r = client.post(f"{origin}/v1/chat/completions", content=raw, headers={**JSON, **extra})
    assert time.monotonic() - started < 10
    assert r.status_code == status, r.text[:500]
    if status >= 400:
        error = envelope(r)
        assert error["code"] == code, error
        assert error["param"] == param, error
        assert error["type"] == "invalid_request_error", error
    healthy(client, origin)


# The union branch pydantic tried ("str", "list[str]") leaks into `param` for union-typed fields.
def test_huge_stop_array_names_stop(origin: str, client: httpx.Client) -> None:
    r = client.post(f"{origin}/v1/chat/completions", content=body(stop=["x"] * 10_000), headers=JSON)
    assert r.status_code == 400
    assert envelope(r)["param"] == "stop"


def test_huge_stop_array_is_refused(origin: str, client: httpx.Client) -> None:
    """What passes today: 400 with the envelope, param under `stop`, quickly; the server survives."""
    started = time.monotonic()
    r = client.post(f"{origin}/v1/chat/completions", content=body(stop=["x"] * 10_000), headers=JSON)
    assert time.monotonic() - started < 5
    assert r.status_code == 400
    error = envelope(r)
    assert error["code"] == "invalid_value" and error["param"].split(".")[0] == "stop", error
    healthy(client, origin)


@pytest.mark.parametrize("parameters", [{"type": "nonsense"}, {"type": "object", "required": "city"}, {"properties": []}])
def test_tool_parameters_must_be_json_schema(origin: str, client: httpx.Client, parameters: dict) -> None:
    tools = [{"type": "function", "function": {"name": "get_weather", "parameters": parameters}}]
    r = client.post(f"{origin}/v1/chat/completions", content=body(tools=tools), headers=JSON)
    assert r.status_code == 400, r.text[:300]
    assert envelope(r)["param"] == "tools.0.function.parameters"


def test_infinity_refused_without_a_maximum() -> None:
    with serve(create_app(ReferenceBackend(), platform="jamai")) as url, httpx.Client(timeout=30) as c:
        raw = body(model="unispec-mini")[:-1] + b',"temperature":Infinity}'
        r = c.post(f"{url}/api/v1/chat/completions", content=raw, headers={"Content-Type": "application/json"})
        assert r.status_code == 422, r.text[:300]  # JamAI Base's status for an invalid request
        assert envelope(r)["param"] == "temperature"


def test_over_limit_chunked_without_content_length(origin: str, client: httpx.Client) -> None:
    sent = {"bytes": 0}

    def chunks() -> Iterator[bytes]:
        yield body()[:-1] + b',"user":"'
        for _ in range(384):  # 384 x 4 KiB: 1.5 times the limit, bounded
            sent["bytes"] += 4096
            yield b"x" * 4096
        yield b'"}'

    r = client.post(f"{origin}/v1/chat/completions", content=chunks(), headers=JSON)
    assert "content-length" not in r.request.headers and r.request.headers["transfer-encoding"] == "chunked"
    assert r.status_code == 413, r.text
    assert envelope(r)["code"] == "request_too_large"
    healthy(client, origin)


def test_body_at_the_limit_is_read(origin: str, client: httpx.Client) -> None:
    raw = body()[:-1] + b',"user":"'
    raw += b"x" * (LIMIT - len(raw) - 2) + b'"}'
    assert len(raw) == LIMIT
    r = client.post(f"{origin}/v1/chat/completions", content=raw, headers=JSON)
    assert r.status_code == 200, r.text[:300]


def test_duplicate_keys_last_one_wins(origin: str, client: httpx.Client) -> None:
    """As in Python's json and most parsers: the last duplicate decides, silently."""
    raw = b'{"model":"unispec-mini","messages":[{"role":"user","content":"hi"}],"n":1,"n":3}'
    r = client.post(f"{origin}/v1/chat/completions", content=raw, headers=JSON)
    assert r.status_code == 200, r.text
    assert len(r.json()["choices"]) == 3
    raw = b'{"model":"unispec-mini","messages":[{"role":"user","content":"hi"}],"n":3,"n":-1}'
    r = client.post(f"{origin}/v1/chat/completions", content=raw, headers=JSON)
    assert r.status_code == 400 and envelope(r)["param"] == "n"


def test_ten_thousand_messages_answered(origin: str, client: httpx.Client) -> None:
    raw = body(messages=[{"role": "user", "content": f"Message {i}."} for i in range(10_000)])
    started = time.monotonic()
    r = client.post(f"{origin}/v1/chat/completions", content=raw, headers=JSON)
    elapsed = time.monotonic() - started
    assert r.status_code == 200, r.text[:300]
    assert r.json()["usage"]["prompt_tokens"] > 10_000 * 3
    assert elapsed < 10, elapsed


def test_absurd_max_tokens_refused(origin: str, client: httpx.Client) -> None:
    # Beyond the spec's maximum (2^31-1) and beyond the server's ceiling: a 400 naming it, no work.
    for value in (10**12, 10_000):
        r = client.post(f"{origin}/v1/chat/completions", content=body(max_tokens=value), headers=JSON)
        assert r.status_code == 400, r.text
        assert envelope(r)["param"] == "max_tokens"
    healthy(client, origin)


def test_unknown_path_and_method(origin: str, client: httpx.Client) -> None:
    r = client.post(f"{origin}/v1/nope", content=body(), headers=JSON)
    assert r.status_code == 404 and envelope(r)["code"] == "not_found"
    r = client.get(f"{origin}/v1/chat/completions", headers=AUTH)
    assert r.status_code == 405
    envelope(r)


# --- auth ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "what"),
    [
        pytest.param({}, "missing", id="missing"),
        pytest.param({"Authorization": "Basic x"}, "malformed", id="basic-scheme"),
        pytest.param({"Authorization": "Bearer"}, "malformed", id="bearer-no-token"),
        pytest.param({"Authorization": KEY}, "malformed", id="key-without-scheme"),
        pytest.param({"Authorization": "Bearer sk-wrong"}, "incorrect", id="wrong-key"),
        pytest.param({"Authorization": f"Bearer {KEY}x"}, "incorrect", id="key-plus-one-char"),
        pytest.param({"Authorization": f"Bearer {KEY[:-1]}"}, "incorrect", id="key-minus-one-char"),
    ],
)
@pytest.mark.parametrize("route", ["POST /v1/chat/completions", "GET /v1/models"])
def test_auth_refused(origin: str, client: httpx.Client, headers: dict, what: str, route: str) -> None:
    method, path = route.split()
    r = client.request(method, f"{origin}{path}", content=body() if method == "POST" else None,
                       headers={"Content-Type": "application/json", **headers})
    assert r.status_code == 401, r.text
    error = envelope(r)
    assert (error["type"], error["code"]) == ("authentication_error", "invalid_api_key")
    assert (what in error["message"].lower()) if what != "incorrect" else error["message"] == "Incorrect API key provided."
    assert KEY not in r.text
    healthy(client, origin)


def test_auth_decided_by_compare_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    """The configured key is compared with hmac.compare_digest, and its answer alone decides."""
    calls: list[tuple[bytes, bytes]] = []
    verdict = {"value": True}

    def recording(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return verdict["value"]

    monkeypatch.setattr(server_module, "hmac", types.SimpleNamespace(compare_digest=recording))
    with serve(create_app(ReferenceBackend(), platform="openai", api_key=KEY)) as url, httpx.Client(timeout=30) as c:
        # A wrong key is let in when compare_digest says yes ...
        r = c.post(f"{url}/v1/chat/completions", content=body(), headers={**JSON, "Authorization": "Bearer sk-wrong"})
        assert r.status_code == 200, r.text
        assert calls == [(b"sk-wrong", KEY.encode())]
        # ... and the right one refused when it says no: no other comparison is made.
        verdict["value"] = False
        r = c.get(f"{url}/v1/models", headers=AUTH)
        assert r.status_code == 401
        assert calls[-1] == (KEY.encode(), KEY.encode()) and len(calls) == 2


def test_no_key_in_logs_errors_or_reports(caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    from unispec.cli import main

    backend = ReferenceBackend()
    stream = io.StringIO()
    app = AccessLog(create_app(backend, platform="unify", api_key=KEY), backend, stream=stream)
    bodies: list[str] = []
    with caplog.at_level(logging.DEBUG), serve(app) as url, httpx.Client(timeout=30) as c:
        good = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}
        for headers in [good, {"Authorization": f"Bearer {KEY}x"}, {"Authorization": f"Basic {KEY}"}, {"Authorization": KEY}]:
            for raw in [body(model="unispec-mini@unispec"), b"{", body(model="nope@unispec")]:
                r = c.post(f"{url}/v0/chat/completions", content=raw, headers={"Content-Type": "application/json", **headers})
                assert r.status_code < 500
                bodies.append(r.text)
        r = c.post(f"{url}/v0/chat/completions", content=body(model="unispec-mini@unispec", stream=True), headers=good)
        assert r.status_code == 200 and r.text.endswith("data: [DONE]\n\n")
        bodies.append(r.text)
        reports = [tmp_path / "report.json", tmp_path / "report.md", tmp_path / "junit.xml"]
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            main(["contract", "--base-url", url, "--platform", "unify", "--api-key", KEY, "--only", "temperature,auth*,stream*",
                  "--report-json", str(reports[0]), "--report-md", str(reports[1]), "--junit", str(reports[2])])
    access = stream.getvalue()
    assert access.count("POST /v0/chat/completions") >= 13  # the log was really captured
    assert len(caplog.records) > 0 and any(r.name == "unispec.backend" for r in caplog.records)
    texts = {"access log": access, "logging": "\n".join(r.getMessage() + repr(r.args) for r in caplog.records),
             "responses": "\n".join(bodies), "contract output": out.getvalue()}
    texts.update({p.name: p.read_text() for p in reports})
    assert all(texts.values()), [k for k, v in texts.items() if not v]
    for name, text in texts.items():
        assert KEY not in text, f"the key leaked into the {name}"
        assert KEY[3:15] not in text, f"part of the key leaked into the {name}"


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "streamed"])
def test_log_body_flags(stream: bool) -> None:
    backend = ReferenceBackend(keep_logs=10)
    with serve(create_app(backend, platform="unify")) as url, httpx.Client(timeout=30) as c:
        def send(**flags: Any) -> Any:
            before = len(backend.logs)
            r = c.post(f"{url}/v0/chat/completions", content=body(model="unispec-mini@unispec", stream=stream, tags=["t"], **flags),
                       headers={"Content-Type": "application/json"})
            assert r.status_code == 200, r.text
            assert len(backend.logs) == before + 1
            return backend.logs[-1]

        default = send()
        assert default.query_body is not None and default.query_body["messages"][0]["content"] == "Say hello."
        assert default.response_body is not None and default.response_body["choices"]
        both_off = send(log_query_body=False, log_response_body=False)
        assert both_off.query_body is None and both_off.response_body is None
        assert both_off.tags == ["t"]  # the record itself is kept
        query_off = send(log_query_body=False)
        assert query_off.query_body is None and query_off.response_body is not None
        response_off = send(log_response_body=False)
        assert response_off.query_body is not None and response_off.response_body is None
        assert "Say hello." not in repr(both_off)


# --- load with clients that leave mid-stream ----------------------------------------------------------

STREAMS = int(os.environ.get("UNISPEC_LOAD_STREAMS", "300"))
CONCURRENCY = 20


class Watched(ReferenceBackend):
    """The reference backend, slowed a little per chunk, counting how each stream ends."""

    def __init__(self) -> None:
        super().__init__()
        self.ends: Counter[str] = Counter()
        self.loop: asyncio.AbstractEventLoop | None = None

    async def create_chat_completion(self, request: Any, context: Any) -> Any:
        self.loop = asyncio.get_running_loop()
        result = await super().create_chat_completion(request, context)
        if not request.stream:
            return result
        return self._watch(result)

    async def _watch(self, chunks: AsyncIterator[Any]) -> AsyncIterator[Any]:
        self.ends["started"] += 1
        how = "abandoned"
        try:
            async for chunk in chunks:
                yield chunk
                await asyncio.sleep(0.002)
            how = "finished"
        except GeneratorExit:
            how = "closed"
            raise
        except asyncio.CancelledError:
            how = "cancelled"
            raise
        finally:
            self.ends[how] += 1


async def _load(url: str, path: str, model: str, streams: int) -> Counter[str]:
    outcome: Counter[str] = Counter()
    gate = asyncio.Semaphore(CONCURRENCY)
    raw = body(model=model, stream=True, n=4)
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=0)

    async with httpx.AsyncClient(timeout=30, limits=limits) as c:
        async def one(i: int) -> None:
            async with gate:
                async with c.stream("POST", f"{url}{path}", content=raw, headers={"Content-Type": "application/json"}) as r:
                    assert r.status_code == 200
                    if i % 2:  # half of the clients leave after the first chunk
                        async for _ in r.aiter_raw():
                            break
                        outcome["left"] += 1
                        return
                    text = "".join([t async for t in r.aiter_text()])
                    assert text.endswith("data: [DONE]\n\n")
                    outcome["complete"] += 1

        await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(streams))), timeout=120)
    return outcome


def _tasks(loop: asyncio.AbstractEventLoop) -> int:
    async def count() -> int:
        return len(asyncio.all_tasks())

    return asyncio.run_coroutine_threadsafe(count(), loop).result(5)


def test_load_with_disconnecting_clients() -> None:
    backend = Watched()
    with serve(create_app(backend, platform="openai")) as url, httpx.Client(timeout=30) as c:
        healthy(c, url)
        assert backend.loop is not None
        tasks_before = _tasks(backend.loop)
        started = time.monotonic()
        outcome = asyncio.run(_load(url, "/v1/chat/completions", "unispec-mini", STREAMS))
        elapsed = time.monotonic() - started
        assert outcome == Counter(left=STREAMS // 2, complete=STREAMS - STREAMS // 2)
        deadline = time.monotonic() + 10  # closed connections are noticed asynchronously: bounded wait
        while backend.ends["started"] != sum(v for k, v in backend.ends.items() if k != "started") and time.monotonic() < deadline:
            time.sleep(0.05)
        ends = dict(backend.ends)
        print(f"\n[load] {STREAMS} streams at concurrency {CONCURRENCY} in {elapsed:.1f}s: {ends}")
        assert ends["started"] == STREAMS
        assert ends.get("abandoned", 0) == 0
        assert ends["finished"] + ends.get("closed", 0) + ends.get("cancelled", 0) == STREAMS
        # Most leavers are seen by the handler as a close or a cancellation, not run to the end.
        assert ends.get("closed", 0) + ends.get("cancelled", 0) >= STREAMS * 2 // 5, ends
        deadline = time.monotonic() + 10
        while (tasks_after := _tasks(backend.loop)) > tasks_before and time.monotonic() < deadline:
            time.sleep(0.05)
        assert tasks_after <= tasks_before, (tasks_before, tasks_after)
        healthy(c, url)


def _rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1))


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmRSS from /proc")
def test_serve_subprocess_rss_under_load() -> None:
    port = _port()
    cmd = [sys.executable, "-m", "unispec", "serve", "--platform", "openai", "--port", str(port)]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "UNISPEC_API_KEY": ""})
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)  # type: ignore[arg-type]
    reader.start()
    try:
        url = f"http://127.0.0.1:{port}"
        with httpx.Client(timeout=5) as c:
            deadline = time.monotonic() + 20
            while True:
                try:
                    c.get(f"{url}/v1/models")
                    break
                except httpx.TransportError:
                    assert proc.poll() is None and time.monotonic() < deadline, lines
                    time.sleep(0.1)
            asyncio.run(_load(url, "/v1/chat/completions", "unispec-mini", 40))  # warm-up
            before = _rss_kib(proc.pid)
            started = time.monotonic()
            outcome = asyncio.run(_load(url, "/v1/chat/completions", "unispec-mini", STREAMS))
            elapsed = time.monotonic() - started
            after = _rss_kib(proc.pid)
            assert outcome["left"] == STREAMS // 2
            r = c.post(f"{url}/v1/chat/completions", content=body(), headers={"Content-Type": "application/json"}, timeout=30)
            assert r.status_code == 200
        growth_mb = (after - before) / 1024
        print(f"\n[rss] unispec serve pid {proc.pid}: {before / 1024:.1f} MB before, {after / 1024:.1f} MB after "
              f"{STREAMS} streams ({elapsed:.1f}s), growth {growth_mb:+.1f} MB")
        assert growth_mb < 50, (before, after)
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
