"""Gateway mode (`unispec contract --gateway`): a gateway's contract is about what it does to the
request on its way to the provider and to the answer on its way back, so both sides are watched.

The reference backend runs as the gateway's upstream, on a port printed at the start (configure
the gateway to forward there, or pass `--gateway-cmd` with `{upstream}` / `{port}` placeholders),
behind a recorder that keeps every request it receives and every answer it sends. Each probe
request carries a nonce in its last message, so the request seen upstream is found again. Then:

- each parameter is **forwarded intact**, **translated** (under another name, or as its spec
  successor: `functions` -> `tools`), **dropped**, **altered** (with the value seen upstream), or
  **rejected by the gateway** (it never reached the upstream);
- each answer field is **relayed intact**, **dropped**, **altered** (both values shown) or **added**,
  for a plain answer, one with logprobs, n=2, a tool call, and a stream with usage.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import shlex
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from ..instances import instance_for
from ..spec import Spec
from .cases import TOOL

UNSET = object()
FORWARD_VERDICTS = ("forwarded intact", "translated", "dropped", "altered", "rejected by the gateway")
# What a parameter needs beside it to be meaningful (the upstream would refuse it alone).
COMPANIONS: dict[str, dict[str, Any]] = {
    "top_logprobs": {"logprobs": True},
    "tool_choice": {"tools": [TOOL]},
    "parallel_tool_calls": {"tools": [TOOL]},
    "function_call": {"functions": [TOOL["function"]]},
    "stream_options": {"stream": True},
}
# Values a spec example would not pick well (a tool the request does not declare).
FIXED: dict[str, Any] = {
    "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
    "function_call": {"name": "get_weather"},
    "tools": [TOOL],
    "functions": [TOOL["function"]],
    "stream_options": {"include_usage": True},
    "logit_bias": {"5": 3},
    "response_format": {"type": "json_object"},
}
SKIP = {"messages", "model", "stream"}  # the request itself


@dataclass
class Exchange:
    """One request the upstream received, and what it answered."""

    body: Any
    headers: dict[str, str]
    status: int = 0
    content_type: str = ""
    answer: bytes = b""


class Recorder:
    """ASGI: the upstream app, keeping every chat request and its answer (streams in full)."""

    def __init__(self, app: Any):
        self.app = app
        self.exchanges: list[Exchange] = []
        self.lock = threading.Lock()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].endswith("/chat/completions"):
            await self.app(scope, receive, send)
            return
        raw = b""
        while True:
            message = await receive()
            raw += message.get("body", b"")
            if not message.get("more_body"):
                break
        try:
            body = json.loads(raw)
        except ValueError:
            body = raw.decode("utf-8", "replace")
        exchange = Exchange(body, {k.decode(): v.decode("latin-1") for k, v in scope.get("headers") or []})
        with self.lock:
            self.exchanges.append(exchange)
        replayed = False

        async def again() -> dict[str, Any]:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": raw, "more_body": False}
            return await receive()

        async def keep(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                exchange.status = message["status"]
                exchange.content_type = dict(message.get("headers") or []).get(b"content-type", b"").decode()
            elif message["type"] == "http.response.body":
                exchange.answer += message.get("body", b"")
            await send(message)

        await self.app(scope, again, keep)

    def find(self, nonce: str) -> Exchange | None:
        with self.lock:
            for exchange in reversed(self.exchanges):
                if nonce in json.dumps(exchange.body):
                    return exchange
        return None


@dataclass
class Forward:
    param: str
    sent: Any
    verdict: str
    seen: Any = UNSET
    detail: str = ""


@dataclass
class Relay:
    answer: str  # which request: plain, logprobs, n=2, tools, stream
    field: str
    verdict: str  # relayed intact / dropped / altered / added / not relayed
    upstream: Any = UNSET
    client: Any = UNSET
    detail: str = ""


@dataclass
class GatewayReport:
    base_url: str
    upstream: str
    platform: str
    model: str
    forwards: list[Forward] = field(default_factory=list)
    relays: list[Relay] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        def show(value: Any) -> Any:
            return None if value is UNSET else value

        return {
            "base_url": self.base_url,
            "upstream": self.upstream,
            "platform": self.platform,
            "model": self.model,
            "forwards": [
                {"param": f.param, "sent": f.sent, "verdict": f.verdict, "seen_upstream": show(f.seen),
                 "detail": f.detail}
                for f in self.forwards
            ],
            "relays": [
                {"answer": r.answer, "field": r.field, "verdict": r.verdict, "upstream": show(r.upstream),
                 "client": show(r.client), "detail": r.detail}
                for r in self.relays
            ],
            "notes": self.notes,
        }


def _short(value: Any, width: int = 60) -> str:
    if value is UNSET:
        return "(absent)"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 1] + "…"


def gateway_value(spec: Spec, name: str, prop: dict[str, Any], platform: str) -> Any:
    """A value the platform accepts and a gateway has no reason to rewrite: the spec's example,
    else one built from the schema (not its default, which a gateway may drop as redundant)."""
    if name in FIXED:
        return FIXED[name]
    content = spec.data["paths"]["/chat/completions"]["post"]["requestBody"]["content"]["application/json"]
    for example in (content.get("examples") or {}).values():
        value = (example.get("value") or {}).get(name)
        if value is not None:
            return value
    rule = (prop.get("x-platform-rules") or {}).get(platform) or {}
    narrowed = {**prop, **{k: v for k, v in rule.items() if k != "required"}}
    if isinstance(narrowed.get("type"), list):
        narrowed["type"] = [t for t in narrowed["type"] if t != "null"] or narrowed["type"]
    if "anyOf" in narrowed:
        narrowed["anyOf"] = [b for b in narrowed["anyOf"] if b.get("type") != "null"]
    rng = random.Random(name)
    default = (spec.platforms.get(platform, {}).get("defaults") or {}).get(name, prop.get("default"))
    value = None
    for _ in range(8):
        value = instance_for(narrowed, rng, spec.data)
        if value is not None and value != default:
            break
    return value


def judge_forward(param: str, sent: Any, body: dict[str, Any], request: dict[str, Any], replaced_by: str | None) -> Forward:
    if param in body:
        seen = body[param]
        if seen == sent:
            return Forward(param, sent, "forwarded intact", seen)
        return Forward(param, sent, "altered", seen, f"sent {_short(sent)}, upstream saw {_short(seen)}")
    new = [k for k in body if k not in request]
    if replaced_by and replaced_by in new:
        return Forward(param, sent, "translated", body[replaced_by], f"arrived as {replaced_by}: {_short(body[replaced_by])}")
    same = [k for k in new if body[k] == sent]
    if same:
        return Forward(param, sent, "translated", body[same[0]], f"arrived as {same[0]}")
    return Forward(param, sent, "dropped", UNSET, f"absent upstream (upstream keys: {', '.join(sorted(body))})")


def _fields(answer: dict[str, Any]) -> dict[str, Any]:
    """An answer's fields, flattened to the depth a client reads: top level, choices, messages."""
    out: dict[str, Any] = {}
    for key, value in answer.items():
        if key != "choices":
            out[key] = value
    for choice in answer.get("choices") or []:
        i = choice.get("index", 0)
        for key, value in choice.items():
            if key not in ("message", "index"):
                out[f"choices.{i}.{key}"] = value
        for key, value in (choice.get("message") or {}).items():
            out[f"choices.{i}.message.{key}"] = value
    return out


def _bare(value: Any) -> Any:
    """A value without its null members: `"refusal": null` and an absent refusal say the same."""
    if isinstance(value, dict):
        return {k: _bare(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_bare(v) for v in value]
    return value


def first_difference(a: Any, b: Any, path: str = "") -> str:
    """Where two JSON values first differ, as a dotted path with both sides."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in list(a) + [k for k in b if k not in a]:
            if key not in b:
                return f"{path}{key} dropped"
            if key not in a:
                return f"{path}{key} added ({_short(b[key], 30)})"
            if a[key] != b[key]:
                return first_difference(a[key], b[key], f"{path}{key}.")
        return ""
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path.rstrip('.')} has {len(b)} items, not {len(a)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return first_difference(x, y, f"{path}{i}.")
        return ""
    return f"{path.rstrip('.')}: {_short(a, 30)} -> {_short(b, 30)}"


def compare_answers(label: str, upstream: dict[str, Any], client: dict[str, Any]) -> list[Relay]:
    up, down = _fields(_bare(upstream)), _fields(_bare(client))
    relays = []
    for key, value in up.items():
        if key not in down:
            relays.append(Relay(label, key, "dropped", value, UNSET))
        elif down[key] != value:
            relays.append(Relay(label, key, "altered", value, down[key], first_difference(value, down[key])))
        else:
            relays.append(Relay(label, key, "relayed intact", value, value))
    for key, value in down.items():
        if key not in up and value is not None:
            relays.append(Relay(label, key, "added", UNSET, value))
    return relays


def _stream_facts(raw: bytes) -> dict[str, Any]:
    text, finish, usage, chunks, done, ids = "", None, None, 0, False, set()
    for block in raw.split(b"\n\n"):
        data = b"".join(line[5:].strip() for line in block.split(b"\n") if line.startswith(b"data:"))
        if not data:
            continue
        if data == b"[DONE]":
            done = True
            continue
        try:
            chunk = json.loads(data)
        except ValueError:
            continue
        chunks += 1
        ids.add(chunk.get("id"))
        if chunk.get("usage"):
            usage = chunk["usage"]
        for choice in chunk.get("choices") or []:
            text += (choice.get("delta") or {}).get("content") or ""
            finish = choice.get("finish_reason") or finish
    return {"content": text, "finish_reason": finish, "usage": usage, "[DONE]": done, "chunks": chunks,
            "id": sorted(i for i in ids if i)}


def compare_streams(upstream: bytes, client: bytes) -> list[Relay]:
    up, down = _stream_facts(upstream), _stream_facts(client)
    relays = []
    for key, value in up.items():
        if key == "chunks":
            verdict = "relayed intact" if down[key] == value else "altered"
        elif down[key] in (None, False, [], "") and value not in (None, False, [], ""):
            verdict = "dropped"
        else:
            verdict = "relayed intact" if _bare(down[key]) == _bare(value) else "altered"
        detail = first_difference(_bare(value), _bare(down[key])) if verdict == "altered" else ""
        relays.append(Relay("stream", key, verdict, value, down[key], detail))
    return relays


@contextlib.contextmanager
def upstream_server(port: int = 0) -> Iterator[tuple[str, Recorder]]:
    """The reference backend as an OpenAI-compatible upstream (unknown fields passed through, so
    whatever a gateway forwards arrives and is recorded) on 127.0.0.1:<port>."""
    import uvicorn

    from ..serve import build_app, free_port

    recorder = Recorder(build_app("openai", None, "passthrough", access_log=False))
    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(recorder, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            raise RuntimeError(f"the upstream did not start on port {port}")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}/v1", recorder
    finally:
        server.should_exit = True
        thread.join(10)


class GatewayStartError(Exception):
    """The gateway command exited or did not answer in time."""


@contextlib.contextmanager
def gateway_process(command: str, values: dict[str, str], base_url: str, wait: float, log_path: str | None) -> Iterator[subprocess.Popen[bytes]]:
    """Start `command` (placeholders filled in) in its own process group; wait until `base_url` answers."""
    argv = [part.format(**values) for part in shlex.split(command)]
    log = open(log_path, "wb") if log_path else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    env = {**os.environ, "UNISPEC_UPSTREAM": values["upstream"]}
    proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + wait
        with httpx.Client(timeout=2) as client:
            while True:
                if proc.poll() is not None:
                    raise GatewayStartError(f"the gateway command exited {proc.returncode}: {' '.join(argv)[:200]}")
                if time.monotonic() > deadline:
                    raise GatewayStartError(f"the gateway did not answer at {base_url} within {wait:g}s")
                with contextlib.suppress(httpx.TransportError):
                    client.get(base_url)
                    break
                time.sleep(0.2)
        yield proc
    finally:
        stop_group(proc)
        if log is not subprocess.DEVNULL:
            log.close()


def stop_group(proc: subprocess.Popen[bytes]) -> None:
    """Stop a process started in its own group (its children too): TERM, then KILL."""
    import signal

    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


async def watch(
    spec: Spec,
    recorder: Recorder,
    upstream: str,
    base_url: str,
    platform: str,
    model: str,
    headers: dict[str, str],
    timeout: float = 30.0,
) -> GatewayReport:
    """Send one request per parameter and a few answers' worth through the gateway; compare sides."""
    from unified_chat import get_platform

    profile = get_platform(platform)
    root = base_url.rstrip("/")
    if not root.endswith(profile.base_path):
        root += profile.base_path
    report = GatewayReport(root, upstream, platform, model)
    base = {"model": model, "temperature": 0}

    def body_with(nonce: str, extra: dict[str, Any]) -> dict[str, Any]:
        return {**base, "messages": [{"role": "user", "content": f"Describe the spec in one sentence. [{nonce}]"}], **extra}

    gate = asyncio.Semaphore(4)
    async with httpx.AsyncClient(timeout=timeout, headers=headers) as http:

        async def send(extra: dict[str, Any]) -> tuple[str, httpx.Response | None, str]:
            nonce = f"unispec-{uuid.uuid4().hex[:12]}"
            body = body_with(nonce, extra)
            async with gate:
                try:
                    response = await http.post(root + "/chat/completions", json=body)
                except httpx.HTTPError as exc:
                    return nonce, None, f"{type(exc).__name__}: {exc}"
            return nonce, response, ""

        async def forward(name: str, prop: dict[str, Any]) -> Forward:
            value = gateway_value(spec, name, prop, platform)
            extra = {**COMPANIONS.get(name, {}), name: value}
            nonce, response, error = await send(extra)
            exchange = recorder.find(nonce)
            if exchange is None:
                said = error or f"HTTP {response.status_code}: {response.text[:160]}" if response is not None else error
                return Forward(name, value, "rejected by the gateway", UNSET, f"never reached the upstream; the gateway said {said}")
            sent = body_with(nonce, extra)
            body = exchange.body if isinstance(exchange.body, dict) else {}
            return judge_forward(name, value, body, sent, prop.get("x-replaced-by"))

        params = [(n, p) for n, p in spec.request_properties.items() if n not in SKIP and platform in (p.get("x-platforms") or [])]
        report.forwards = list(await asyncio.gather(*(forward(n, p) for n, p in params)))

        async def out_of_range(probe: Any) -> Forward:
            # A value outside a bound the spec sets: a gateway should refuse it or pass it on for the
            # provider to refuse; one that rewrites it into range answers 200 to bad input.
            nonce, response, error = await send({probe.param: probe.value})
            exchange = recorder.find(nonce)
            if exchange is None:
                said = error or (f"HTTP {response.status_code}" if response is not None else "")
                return Forward(probe.id, probe.value, "rejected by the gateway", UNSET, f"never reached the upstream ({said})")
            body = exchange.body if isinstance(exchange.body, dict) else {}
            found = judge_forward(probe.param, probe.value, body, {}, None)
            found.param = probe.id
            if found.verdict == "altered":
                found.detail += f"; the client got HTTP {response.status_code if response is not None else '?'}"
            return found

        from .derive import derive_probes

        bounds = [p for p in derive_probes(spec, platform) if p.id.rsplit(".", 1)[-1] in ("minimum", "maximum", "maxItems")]
        report.forwards += list(await asyncio.gather(*(out_of_range(p) for p in bounds)))

        answers = {
            "plain": {},
            "logprobs": {"logprobs": True, "top_logprobs": 2} if "top_logprobs" in profile.accepts else {},
            "n=2": {"n": 2, "temperature": 1, "seed": 3} if "seed" in profile.accepts else {"n": 2},
            "tools": {"tools": [TOOL], "tool_choice": "required"},
        }
        for label, extra in answers.items():
            if label != "plain" and not extra:
                continue
            nonce, response, error = await send(extra)
            exchange = recorder.find(nonce)
            if response is None or exchange is None or response.status_code != 200:
                said = error or (f"HTTP {response.status_code}: {response.text[:160]}" if response is not None else "")
                report.relays.append(Relay(label, "(the answer)", "not relayed", exchange.status if exchange else UNSET, UNSET, said))
                continue
            try:
                report.relays += compare_answers(label, json.loads(exchange.answer), response.json())
            except ValueError as exc:
                report.relays.append(Relay(label, "(the answer)", "altered", "JSON", UNSET, f"not JSON at the client: {exc}"))
        # A stream with usage: what the upstream streamed against what the client got.
        stream_extra: dict[str, Any] = {"stream": True}
        if "stream_options" in profile.accepts:
            stream_extra["stream_options"] = {"include_usage": True}
        nonce = f"unispec-{uuid.uuid4().hex[:12]}"
        try:
            async with http.stream("POST", root + "/chat/completions", json=body_with(nonce, stream_extra)) as response:
                raw = await response.aread()
                status = response.status_code
        except httpx.HTTPError as exc:
            raw, status = str(exc).encode(), None
        exchange = recorder.find(nonce)
        if exchange is None:
            report.relays.append(Relay("stream", "(the stream)", "not relayed", UNSET, UNSET, f"HTTP {status}; the request never reached the upstream: {raw[:160]!r}"))
        elif status != 200:
            facts = _stream_facts(exchange.answer)
            report.relays.append(Relay("stream", "(the stream)", "not relayed",
                                       f"HTTP {exchange.status}, {facts['chunks']} chunks, [DONE] {facts['[DONE]']}",
                                       UNSET, f"the client got HTTP {status}: {raw[:200].decode('utf-8', 'replace')}"))
            report.notes.append(
                f"the stream reached the upstream, which answered HTTP {exchange.status} with {facts['chunks']} chunks; "
                f"the gateway answered the client HTTP {status}"
            )
        else:
            report.relays += compare_streams(exchange.answer, raw)
    return report


def table(report: GatewayReport) -> str:
    lines = [f"gateway {report.base_url} -> upstream {report.upstream} (model {report.model})", "", "request: parameter  verdict  detail"]
    width = max((len(f.param) for f in report.forwards), default=10)
    for f in report.forwards:
        lines.append(f"  {f.param.ljust(width)}  {f.verdict:<24}  {f.detail or _short(f.sent)}")
    lines += ["", "answer: request  field  verdict  upstream -> client"]
    for r in report.relays:
        shown = r.detail if r.detail else f"{_short(r.upstream, 40)} -> {_short(r.client, 40)}"
        lines.append(f"  {r.answer:<9} {r.field:<36} {r.verdict:<15} {shown}")
    counts: dict[str, int] = {}
    for f in report.forwards:
        counts[f.verdict] = counts.get(f.verdict, 0) + 1
    relayed: dict[str, int] = {}
    for r in report.relays:
        relayed[r.verdict] = relayed.get(r.verdict, 0) + 1
    lines += ["", "parameters: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())),
              "answer fields: " + ", ".join(f"{v} {k}" for k, v in sorted(relayed.items()))]
    lines += [f"note: {n}" for n in report.notes]
    return "\n".join(lines)


def markdown(report: GatewayReport) -> str:
    def cell(text: Any) -> str:
        return " ".join(str(text).split()).replace("|", "\\|")

    lines = [f"### Gateway: {report.base_url} -> upstream {report.upstream}", "",
             "| parameter | sent | verdict | seen upstream / detail |", "|---|---|---|---|"]
    for f in report.forwards:
        lines.append(f"| {f.param} | `{cell(_short(f.sent, 50))}` | {f.verdict} | {cell(f.detail or _short(f.seen, 50))} |")
    lines += ["", "| answer | field | verdict | upstream | client / what changed |", "|---|---|---|---|---|"]
    for r in report.relays:
        shown = r.detail or _short(r.client, 50)
        lines.append(f"| {r.answer} | {r.field} | {r.verdict} | {cell(_short(r.upstream, 50))} | {cell(shown)} |")
    if report.notes:
        lines += [""] + [f"- {n}" for n in report.notes]
    return "\n".join(lines) + "\n"
