"""Gateway mode (`unispec contract --gateway`, issue 13): the reference backend as the gateway's
upstream, both sides watched. First a small gateway of our own that forwards for real and does one
known thing to each of a few parameters and answer fields, so every verdict is pinned; then
Portkey's gateway from npm (`@portkey-ai/gateway`, installed by scripts/peers.py into .bench/portkey).
The LiteLLM proxy is in tests/test_contract_litellm.py.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest
from support import serve

from unispec.cli import main

REPO = Path(__file__).resolve().parents[1]


class RewritingGateway:
    """Forwards /v1/chat/completions to the upstream named in its x-upstream header, and on the way:
    drops `user`, renames `max_tokens` to `max_completion_tokens`, clamps `temperature` above 0.5 to 0.5,
    drops every choice's `logprobs` from answers and answers every stream (forwarded) with a 500."""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        raw = b""
        while True:
            message = await receive()
            raw += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode(): v.decode() for k, v in scope["headers"]}
        upstream = headers.get("x-upstream", "")
        path = scope["path"].removeprefix("/v1")
        async with httpx.AsyncClient(timeout=30) as client:
            if scope["method"] == "GET":
                r = await client.get(upstream + path)
                return await self._answer(send, r.status_code, r.content)
            body = json.loads(raw)
            if body.get("stream"):  # forwarded, then lost on the way back (as Portkey 1.15 does)
                await client.post(upstream + path, json=body)
                return await self._answer(send, 500, b'{"status": "failure", "message": "Something went wrong"}')
            body.pop("user", None)
            if "max_tokens" in body:
                body["max_completion_tokens"] = body.pop("max_tokens")
            if isinstance(body.get("temperature"), (int, float)) and body["temperature"] > 0.5:
                body["temperature"] = 0.5
            r = await client.post(upstream + path, json=body)
        answer = r.json()
        for choice in answer.get("choices") or []:
            choice.pop("logprobs", None)
        await self._answer(send, r.status_code, json.dumps(answer).encode())

    @staticmethod
    async def _answer(send: Any, status: int, body: bytes) -> None:
        await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": body})


def test_gateway_mode_sees_what_the_gateway_does(tmp_path, capsys):
    out = tmp_path / "reports" / "gw.json"
    md = tmp_path / "reports" / "gw.md"
    with serve(RewritingGateway()) as url:
        rc = main(["contract", "--gateway", "--base-url", url, "--header", "x-upstream:{upstream}",
                   "--only", "temperature,n,max_tokens", "--report-json", str(out), "--report-md", str(md)])
    printed = capsys.readouterr().out
    assert rc == 1  # parameters dropped and altered on the way
    assert printed.startswith("upstream (the reference backend, as an OpenAI-compatible provider): http://127.0.0.1:")
    data = json.loads(out.read_text())
    forwards = {f["param"]: f for f in data["gateway"]["forwards"]}
    assert forwards["user"]["verdict"] == "dropped"
    assert forwards["max_tokens"]["verdict"] == "translated"
    assert forwards["max_tokens"]["detail"] == "arrived as max_completion_tokens"
    assert forwards["max_tokens"]["seen_upstream"] == forwards["max_tokens"]["sent"]
    # The temperature sent (0.792, from the schema) is clamped: altered, with the value seen upstream.
    assert forwards["temperature"]["verdict"] == "altered", forwards["temperature"]
    assert forwards["temperature"]["seen_upstream"] == 0.5
    assert forwards["n"]["verdict"] == forwards["seed"]["verdict"] == forwards["tools"]["verdict"] == "forwarded intact"
    # Out-of-range values: one clamped on the way (3 -> 0.5), one passed on for the upstream to refuse.
    assert forwards["probe.temperature.maximum"]["verdict"] == "altered"
    assert forwards["probe.temperature.maximum"]["seen_upstream"] == 0.5
    assert forwards["probe.n.maximum"]["verdict"] == "forwarded intact"
    relays = {(r["answer"], r["field"]): r for r in data["gateway"]["relays"]}
    assert relays[("logprobs", "choices.0.logprobs")]["verdict"] == "dropped"
    assert relays[("plain", "choices.0.message.content")]["verdict"] == "relayed intact"
    assert relays[("plain", "usage")]["verdict"] == "relayed intact"
    stream = relays[("stream", "(the stream)")]
    assert stream["verdict"] == "not relayed" and "HTTP 500" in stream["detail"]
    assert any("reached the upstream, which answered HTTP 200" in n for n in data["gateway"]["notes"])
    # The client-side contract ran through the gateway too.
    verdicts = {r["case"]: r["verdict"] for r in data["results"]}
    assert verdicts["n"] == "honoured" and verdicts["max_tokens"] == "honoured"
    assert "| user |" in md.read_text() and "| dropped |" in md.read_text()


def test_gateway_cmd_that_exits_is_a_clear_error(capsys):
    rc = main(["contract", "--gateway", "--gateway-cmd", "false", "--gateway-wait", "5"])
    err = capsys.readouterr().err
    assert rc == 2 and "the gateway command exited 1" in err


# --- Portkey's gateway ------------------------------------------------------------------------------


def _portkey() -> Path:
    import importlib.util

    spec = importlib.util.spec_from_file_location("unispec_peers", REPO / "scripts" / "peers.py")
    assert spec and spec.loader
    peers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(peers)
    if not peers.portkey_ready():
        pytest.skip(f"{peers.PORTKEY_REQ} is not installed in .bench/portkey; run `python scripts/peers.py`")
    return peers.PORTKEY_SERVER


def test_portkey_gateway(tmp_path):
    server = _portkey()
    node = shutil.which("node")
    out = tmp_path / "portkey.json"
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "unispec", "contract", "--gateway",
         "--gateway-cmd", f"{node} {server} --port={{port}} --headless",
         "--header", "x-portkey-provider:openai", "--header", "x-portkey-custom-host:{upstream}",
         "--api-key", "sk-upstream-PORTKEY-0d9c", "--model", "unispec-large", "--label", "Portkey gateway 1.15.2",
         "--report-json", str(out)],
        capture_output=True, text=True, timeout=240, cwd=REPO,
    )
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "sk-upstream-PORTKEY-0d9c" not in proc.stdout + proc.stderr + out.read_text()
    data = json.loads(out.read_text())
    gateway = data["gateway"]
    # Every claimed parameter arrives upstream as sent ...
    params = [f for f in gateway["forwards"] if not f["param"].startswith("probe.")]
    assert {f["verdict"] for f in params} == {"forwarded intact"}, [f for f in params if f["verdict"] != "forwarded intact"]
    # ... but out-of-range sampling values are silently clamped into range (checked by hand once:
    # temperature -1 reaches the upstream as 0, top_p 2 as 1, and the client gets a 200).
    probes = {f["param"]: f for f in gateway["forwards"] if f["param"].startswith("probe.")}
    assert probes["probe.temperature.minimum"]["verdict"] == "altered"
    assert probes["probe.temperature.minimum"]["seen_upstream"] == 0
    assert probes["probe.top_p.maximum"]["verdict"] == "altered" and probes["probe.top_p.maximum"]["seen_upstream"] == 1
    assert probes["probe.n.maximum"]["verdict"] == "forwarded intact"  # passed on; the upstream refuses it
    # Its known stream bug: the upstream streams fine, the client gets a 500.
    relays = {(r["answer"], r["field"]): r for r in gateway["relays"]}
    stream = relays[("stream", "(the stream)")]
    assert stream["verdict"] == "not relayed" and "HTTP 500" in stream["detail"]
    assert any("which answered HTTP 200" in n and "the client HTTP 500" in n for n in gateway["notes"])
    # Non-streamed answers come back as the upstream sent them.
    assert {r["verdict"] for k, r in relays.items() if k[0] != "stream"} == {"relayed intact"}
    verdicts = {r["case"]: (r["verdict"], r["detail"]) for r in data["results"]}
    assert verdicts["stream"][0] == verdicts["stream_options"][0] == "broken"
    # Out-of-range sampling values are answered 200 (the upstream would refuse them): Portkey
    # rewrites them on the way (see docs/contract-gateways.md).
    assert verdicts["probe.temperature.minimum"][0] == "failed"
    assert "HTTP 200" in verdicts["probe.temperature.minimum"][1]
    assert verdicts["probe.malformed-json"][0] == "failed" and "HTTP 500" in verdicts["probe.malformed-json"][1]
