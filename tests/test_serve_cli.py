"""`unispec serve` and `unispec demo` as real subprocesses, and the official `openai` SDK against the
served reference backend.
"""

from __future__ import annotations

import json
import os
import queue
import re
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import openai
import pytest

from unispec.serve import background

REPO = Path(__file__).resolve().parents[1]
KEY = "sk-cli-SECRET-7f3a9c"


@dataclass
class Run:
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)
    url: str = ""
    curl: list[str] = field(default_factory=list)
    status: int | None = None
    reply: dict[str, Any] = field(default_factory=dict)
    stderr_after_request: list[str] = field(default_factory=list)
    returncode: int | None = None
    stop_seconds: float = 0.0


def _pump(stream: Any, sink: list[str], lines: queue.Queue[str] | None) -> None:
    for line in iter(stream.readline, ""):
        sink.append(line.rstrip("\n"))
        if lines is not None:
            lines.put(line)


def _wait_port(host: str, port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on {host}:{port}")


def _expand(value: str) -> str:
    """The curl line may name the key by an environment variable instead of printing it."""
    return re.sub(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?", KEY, value)


@pytest.fixture(scope="module")
def served() -> Iterator[Run]:
    """One `unispec serve --platform sgp --port 0 --api-key K` run: read the banner, replay the curl
    line, then SIGINT. The tests below each check one part of it."""
    run = Run()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "unispec", "serve", "--platform", "sgp", "--port", "0", "--api-key", KEY],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=env,
    )
    try:
        out_lines: queue.Queue[str] = queue.Queue()
        readers = [
            threading.Thread(target=_pump, args=(proc.stdout, run.stdout, out_lines), daemon=True),
            threading.Thread(target=_pump, args=(proc.stderr, run.stderr, None), daemon=True),
        ]
        for t in readers:
            t.start()
        deadline = time.monotonic() + 20
        while not any(line.startswith("Ctrl-C") for line in run.stdout):
            assert proc.poll() is None, f"serve exited early: {run.stdout} {run.stderr}"
            assert time.monotonic() < deadline, f"no banner: {run.stdout} {run.stderr}"
            try:
                out_lines.get(timeout=0.5)
            except queue.Empty:
                pass
        banner = "\n".join(run.stdout)
        match = re.search(r"http://127\.0\.0\.1:(\d+)", banner)
        assert match, banner
        run.url = match.group(0)
        curl = next(line for line in run.stdout if "curl " in line)
        run.curl = shlex.split(curl[curl.index("curl ") :])
        _wait_port("127.0.0.1", int(match.group(1)), deadline)

        # replay the curl line with httpx: its URL, -H headers and -d body
        args = run.curl[1:]
        url = next(a for a in args if a.startswith("http"))
        headers: dict[str, str] = {}
        body = None
        for flag, value in zip(args, args[1:], strict=False):
            if flag == "-H":
                name, _, val = value.partition(":")
                headers[name.strip()] = _expand(val.strip())
            elif flag in ("-d", "--data", "--data-raw"):
                body = value
        assert body is not None, run.curl
        response = httpx.post(url, content=body.encode(), headers=headers, timeout=10)
        run.status = response.status_code
        run.reply = response.json()
        # the access line is written when the response ends; give it a bounded moment
        wait_until = time.monotonic() + 5
        while not run.stderr and time.monotonic() < wait_until:
            time.sleep(0.02)
        time.sleep(0.2)
        run.stderr_after_request = list(run.stderr)

        started = time.monotonic()
        proc.send_signal(signal.SIGINT)
        try:
            run.returncode = proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            run.returncode = None
        run.stop_seconds = time.monotonic() - started
        for t in readers:
            t.join(5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
    yield run


def test_serve_prints_url_and_a_working_curl_line(served: Run) -> None:
    assert served.url.startswith("http://127.0.0.1:")
    assert any(f"{served.url}/v5" in line for line in served.stdout)
    assert served.curl[0] == "curl"
    assert f"{served.url}/v5/chat/completions" in served.curl
    assert served.status == 200, served.reply
    assert served.reply["object"] == "chat.completion"
    assert served.reply["model"] == "unispec/unispec-large"
    assert served.reply["choices"][0]["message"]["content"]
    assert any("unispec/unispec-large" in line for line in served.stdout)  # the models it serves


def test_serve_logs_one_line_per_request(served: Run) -> None:
    lines = [line for line in served.stderr_after_request if line.strip()]
    assert len(lines) == 1, lines
    (line,) = lines
    assert line.startswith("POST /v5/chat/completions 200 ")
    assert "model=unispec/unispec-large" in line


def test_serve_never_prints_the_key(served: Run) -> None:
    assert served.stdout and any("curl" in line for line in served.stdout)  # it did print, just not the key
    for line in served.stdout + served.stderr:
        assert KEY not in line, line


def test_serve_never_logs_the_key(served: Run) -> None:
    # stderr (the request log) holds no key, even though every request carries it
    assert served.stderr
    assert all(KEY not in line for line in served.stderr)


def test_serve_stops_cleanly_on_sigint(served: Run) -> None:
    assert served.returncode == 0, (served.stdout, served.stderr)
    assert served.stop_seconds < 10
    assert served.stdout[-1].endswith("stopped")
    assert not any("Traceback" in line for line in served.stdout + served.stderr)


def test_demo_streams_a_reply() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "unispec", "demo"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO
    )
    try:
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
    assert proc.returncode == 0, (out, err)
    lines = out.splitlines()
    reply = next(line for line in lines if line.startswith("assistant: "))
    assert len(reply) > len("assistant: ") + 3
    usage = next(
        line
        for line in lines
        if re.fullmatch(r"demo: \d+ prompt \+ \d+ completion tokens, stream ended with \[DONE\]", line)
    )
    completion = int(re.search(r"\+ (\d+) completion", usage).group(1))
    assert completion > 0
    assert "demo-key" not in err


# --- the official openai SDK --------------------------------------------------------------------------

SDK_KEY = "sk-openai-sdk"
SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "count": {"type": "integer", "minimum": 0, "maximum": 9},
        "kind": {"type": "string", "enum": ["a", "b"]},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"id": {"type": "integer"}},
                "required": ["id"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["name", "count", "kind", "items"],
    "additionalProperties": False,
}
TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "days": {"type": "integer", "minimum": 1, "maximum": 7}},
            "required": ["city", "days"],
        },
    },
}
USER = [{"role": "user", "content": "Say something about the spec."}]


@pytest.fixture(scope="module")
def sdk() -> Iterator[openai.OpenAI]:
    with background("openai", SDK_KEY) as url:
        with openai.OpenAI(base_url=url + "/v1", api_key=SDK_KEY, max_retries=0, timeout=10) as client:
            yield client


def test_openai_sdk_stream_equals_non_stream(sdk: openai.OpenAI) -> None:
    for seed in (1, 2, 3):
        whole = sdk.chat.completions.create(model="unispec-large", messages=USER, seed=seed, temperature=1)
        chunks = list(
            sdk.chat.completions.create(
                model="unispec-large",
                messages=USER,
                seed=seed,
                temperature=1,
                stream=True,
                stream_options={"include_usage": True},
            )
        )
        streamed = "".join(ch.choices[0].delta.content or "" for ch in chunks if ch.choices)
        assert streamed == whole.choices[0].message.content and streamed
        assert chunks[-1].choices == [] and chunks[-1].usage.total_tokens == whole.usage.total_tokens
        assert whole.model == "unispec-large"


def test_openai_sdk_tools_round_trip(sdk: openai.OpenAI) -> None:
    result = sdk.chat.completions.create(
        model="unispec-large", messages=USER, tools=[TOOL], tool_choice="required", seed=4
    )
    choice = result.choices[0]
    assert choice.finish_reason == "tool_calls"
    (call,) = choice.message.tool_calls
    assert call.function.name == "get_weather"
    jsonschema.validate(json.loads(call.function.arguments), TOOL["function"]["parameters"])
    # and back: the tool's answer, then a text reply
    follow = sdk.chat.completions.create(
        model="unispec-large",
        tools=[TOOL],
        seed=4,
        messages=USER
        + [
            choice.message.model_dump(exclude_none=True),
            {"role": "tool", "tool_call_id": call.id, "content": "Sunny."},
        ],
    )
    assert follow.choices[0].finish_reason == "stop" and follow.choices[0].message.content


def test_openai_sdk_json_schema_round_trip(sdk: openai.OpenAI) -> None:
    for seed in (1, 2):
        result = sdk.chat.completions.create(
            model="unispec-large",
            messages=USER,
            seed=seed,
            response_format={"type": "json_schema", "json_schema": {"name": "thing", "schema": SCHEMA, "strict": True}},
        )
        jsonschema.validate(json.loads(result.choices[0].message.content), SCHEMA)


def test_openai_sdk_unknown_model_is_not_found(sdk: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError) as info:
        sdk.chat.completions.create(model="gpt-nope", messages=USER)
    assert info.value.status_code == 404
    assert info.value.body["param"] == "model"


def test_access_log_names_each_requests_own_model() -> None:
    # Once the backend's log is full, and under concurrency, the line must still name the model
    # of its own request (an earlier version read the backend's latest record instead).
    import io

    import httpx
    from unified_chat.server import create_app

    from unispec.backend import ReferenceBackend
    from unispec.serve import AccessLog, serve_in_thread

    backend = ReferenceBackend(keep_logs=1)
    stream = io.StringIO()
    app = AccessLog(create_app(backend, platform="openai"), backend, stream)
    with serve_in_thread(app) as url:
        ok = httpx.post(f"{url}/v1/chat/completions", json={"model": "unispec-mini", "messages": [{"role": "user", "content": "hi"}]}, timeout=10)
        missing = httpx.post(f"{url}/v1/chat/completions", json={"model": "no-such", "messages": [{"role": "user", "content": "hi"}]}, timeout=10)
        large = httpx.post(f"{url}/v1/chat/completions", json={"model": "unispec-large", "messages": [{"role": "user", "content": "hi"}]}, timeout=10)
    assert (ok.status_code, missing.status_code, large.status_code) == (200, 404, 200)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[0].endswith("model=unispec-mini") and " 200 " in lines[0]
    assert " 404 " in lines[1] and "model=" not in lines[1]
    assert lines[2].endswith("model=unispec-large")
