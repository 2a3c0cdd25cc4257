"""`unispec contract --gateway` against the LiteLLM proxy (`litellm[proxy]==1.106.2` from
.bench/peers-venv, installed by `python scripts/peers.py`), forwarding for real to the reference
backend as its OpenAI-compatible upstream (no `mock_response`). The verdicts asserted are the ones
measured and checked by hand once (docs/contract-gateways.md has the full report).

Without the peers venv the module is skipped, saying how to install it; .ci/run installs it first.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import free_port

REPO = Path(__file__).resolve().parents[1]
MASTER_KEY = "sk-litellm-MASTER-7c41e09b"
UPSTREAM_KEY = "sk-upstream-LITELLM-55aa"
# Quiet, offline start: no telemetry, no DB schema work, no fetch of the remote model cost map.
PROXY_ENV = {
    "LITELLM_LOG": "ERROR",
    "LITELLM_TELEMETRY": "False",
    "DISABLE_SCHEMA_UPDATE": "True",
    "NO_DOCS": "True",
    "LITELLM_LOCAL_MODEL_COST_MAP": "True",
}


def _peers():
    spec = importlib.util.spec_from_file_location("unispec_peers", REPO / "scripts" / "peers.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


peers = _peers()


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    if not peers.litellm_ready():
        pytest.skip(f"{peers.LITELLM_REQ} is not installed in .bench/peers-venv; run `python scripts/peers.py`")
    tmp = tmp_path_factory.mktemp("litellm")
    upstream_port = free_port()
    config = tmp / "config.yaml"
    config.write_text(f"""\
model_list:
  - model_name: unispec-large
    litellm_params:
      model: openai/unispec-large
      api_base: http://127.0.0.1:{upstream_port}/v1
      api_key: {UPSTREAM_KEY}
general_settings:
  master_key: {MASTER_KEY}
litellm_settings:
  telemetry: false
""")
    out, md = tmp / "litellm.json", tmp / "litellm.md"
    import os

    proc = subprocess.run(
        [sys.executable, "-m", "unispec", "contract", "--gateway", "--upstream-port", str(upstream_port),
         "--gateway-cmd", f"{peers.PEERS_BIN / 'litellm'} --config {config} --host 127.0.0.1 --port {{port}} --num_workers 1",
         "--gateway-log", str(tmp / "proxy.log"), "--api-key", MASTER_KEY, "--platform", "openai",
         "--label", "LiteLLM proxy 1.106.2", "--report-json", str(out), "--report-md", str(md)],
        capture_output=True, text=True, timeout=400, cwd=REPO,
        env={**{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "OPENAI_API_KEY")}, **PROXY_ENV},
    )
    assert out.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc, json.loads(out.read_text()), md.read_text()


def test_the_run_forwards_for_real_and_keeps_the_keys_secret(run):
    proc, data, md = run
    assert proc.returncode == 1  # findings: dropped and altered parameters, a broken usage chunk
    assert data["model"] == "unispec-large" and data["health"]["verdict"] == "passed"
    assert data["gateway"]["upstream"].startswith("http://127.0.0.1:")
    # Real forwarding: the upstream saw the requests (a parameter forwarded intact was read there).
    forwards = {f["param"]: f for f in data["gateway"]["forwards"]}
    assert forwards["tools"]["verdict"] == "forwarded intact" and forwards["tools"]["seen_upstream"]
    for text in (proc.stdout, proc.stderr, json.dumps(data), md):
        assert MASTER_KEY not in text and UPSTREAM_KEY not in text


def test_what_litellm_does_to_the_request(run):
    _, data, _ = run
    forwards = {f["param"]: f for f in data["gateway"]["forwards"]}
    # Checked by hand once: `user` and `metadata` never reach the upstream.
    assert forwards["user"]["verdict"] == forwards["metadata"]["verdict"] == "dropped"
    # LiteLLM's own parameter map refuses verbosity for openai/* unless drop_params is set.
    assert forwards["verbosity"]["verdict"] == "rejected by the gateway"
    assert "UnsupportedParamsError" in forwards["verbosity"]["detail"]
    intact = {p for p, f in forwards.items() if f["verdict"] == "forwarded intact" and not p.startswith("probe.")}
    assert {"max_tokens", "temperature", "top_p", "n", "seed", "logit_bias", "tools", "tool_choice", "functions",
            "response_format", "stop", "logprobs", "top_logprobs", "stream_options"} <= intact
    # Five stop sequences are cut to four without a word to the client (HTTP 200).
    stop = forwards["probe.stop.maxItems"]
    assert stop["verdict"] == "altered" and len(stop["seen_upstream"]) == 4 and "HTTP 200" in stop["detail"]
    # Out-of-range temperature is passed on for the upstream to refuse (so the client gets the 400).
    assert forwards["probe.temperature.minimum"]["verdict"] == "forwarded intact"
    verdicts = {r["case"]: r["verdict"] for r in data["results"]}
    assert verdicts["probe.temperature.minimum"] == "passed"


def test_what_litellm_does_to_the_answer(run):
    _, data, _ = run
    relays = {(r["answer"], r["field"]): r for r in data["gateway"]["relays"]}
    for answer in ("plain", "logprobs", "n=2", "tools"):
        assert relays[(answer, "id")]["verdict"] == "relayed intact"
        assert relays[(answer, "usage")]["verdict"] == "relayed intact"
        assert relays[(answer, "choices.0.provider_specific_fields")]["verdict"] == "added"
    assert relays[("logprobs", "choices.0.logprobs")]["verdict"] == "relayed intact"
    assert relays[("tools", "choices.0.message.tool_calls")]["verdict"] == "relayed intact"
    assert relays[("stream", "content")]["verdict"] == relays[("stream", "[DONE]")]["verdict"] == "relayed intact"
    usage = relays[("stream", "usage")]
    assert usage["verdict"] == "altered" and "completion_tokens_details added" in usage["detail"]
    # ... and the client-side contract: the usage chunk carries a choice, against the spec.
    verdicts = {r["case"]: (r["verdict"], r["detail"]) for r in data["results"]}
    assert verdicts["stream_options"][0] == "broken"
    assert "usage came on a chunk that has choices" in verdicts["stream_options"][1]
    assert verdicts["stream"][0] == verdicts["temperature"][0] == verdicts["logit_bias"][0] == "honoured"
    assert verdicts["verbosity"][0] == "rejected"
