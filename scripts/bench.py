#!/usr/bin/env python3
"""unispec benchmark (issue 6): each row is ours vs a peer, measured as a ratio in the same run.

    .venv/bin/python scripts/bench.py --quick          # < 2 minutes, prints the table
    .venv/bin/python scripts/bench.py                  # the full run; writes docs/benchmarks.md
    .venv/bin/python scripts/bench.py --rows 4,5,6     # some rows only

Every round measures ours and the peer back to back (alternating which goes first) and takes the
ratio of that round, so a noisy machine moves both sides together; the table shows the median
ratio over the rounds and its min..max. Peers that must not enter the project venv (LiteLLM proxy,
py-spy) are installed on first use into `.bench/peers-venv` (gitignored). Every server binds
127.0.0.1 on a free port and is killed in `finally`; every load loop is bounded in requests and
in time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from peers import BENCH_DIR, LITELLM_REQ, PEERS_BIN, ROOT, PeersError, install_litellm, kill_tree, litellm_ready  # noqa: E402  (one install, shared with the tests)

VENV_BIN = Path(sys.executable).parent
# shared/ sits beside the project's checkout.
FIXTURES = Path(os.environ.get("UNISPEC_FIXTURES", ROOT.parent / "shared" / "fixtures"))
BODY_FIXTURE = "responses/openai__parallel_tool_calls.json"
STREAM_FIXTURE = "streams/openai__content_logprobs.sse"
MASTER_KEY = "sk-bench-master"
HOST = "127.0.0.1"
PERIOD_TOKEN_ID = 77  # "." in the reference backend's vocabulary; banned so replies run to max_tokens

# ---------------------------------------------------------------------------------------------------
# results


@dataclass
class Row:
    num: int
    name: str
    ours: str = ""
    peer: str = ""
    metric: str = ""  # what the ratio divides
    goal: str = ""
    goal_fn: Callable[[float], bool] | None = None
    ratios: list[float] = field(default_factory=list)
    ours_vals: list[float] = field(default_factory=list)
    peer_vals: list[float] = field(default_factory=list)
    unit: str = ""
    note: str = ""
    na: str = ""  # reason when not measured
    status: str = ""  # verdict of a row without a ratio

    @property
    def ratio(self) -> float | None:
        return statistics.median(self.ratios) if self.ratios else None

    def verdict(self) -> str:
        if self.status:
            return self.status
        if self.na or self.ratio is None or self.goal_fn is None:
            return "n/a"
        return "holds" if self.goal_fn(self.ratio) else "MISSED"


def fmt(v: float | None, unit: str = "") -> str:
    if v is None:
        return "n/a"
    if unit == "s":
        return f"{v:.3f} s" if v < 10 else f"{v:.1f} s"
    if unit == "ms":
        return f"{v:.1f} ms" if v < 100 else f"{v:.0f} ms"
    if unit == "us":
        return f"{v:.1f} us" if v < 100 else f"{v:.0f} us"
    if unit in ("req/s", "chunks/s"):
        return f"{v:,.0f} {unit}"
    if unit == "MiB":
        return f"{v:.0f} MiB"
    return f"{v:.3g} {unit}".strip()


def spread(vals: list[float], unit: str) -> str:
    if not vals:
        return "n/a"
    med = statistics.median(vals)
    if len(vals) == 1:
        return fmt(med, unit)
    return f"{fmt(med, unit)} ({fmt(min(vals), unit)}..{fmt(max(vals), unit)})"


def rspread(vals: list[float]) -> str:
    if not vals:
        return "n/a"
    med = statistics.median(vals)
    if len(vals) == 1:
        return f"{med:.3g}x"
    return f"**{med:.3g}x** ({min(vals):.3g}..{max(vals):.3g})"


def table(rows: list[Row]) -> str:
    out = [
        "| # | measurement | ours (median, min..max) | peer (median, min..max) | ratio ours/peer (median, min..max) | rounds | goal | verdict |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r.na and not r.ours_vals:
            out.append(f"| {r.num} | {r.name} | n/a | n/a | n/a ({r.na}) | 0 | {r.goal} | n/a |")
            continue
        peer = spread(r.peer_vals, r.unit) if r.peer_vals else f"n/a ({r.na})" if r.na else "n/a"
        ratio = rspread(r.ratios) if r.ratios else f"n/a ({r.na})" if r.na else "n/a"
        out.append(
            f"| {r.num} | {r.name} | {spread(r.ours_vals, r.unit)} | {peer} | {ratio} | "
            f"{len(r.ours_vals)} | {r.goal} | {r.verdict()} |"
        )
    return "\n".join(out)


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------
# helpers


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def run_timed(cmd: list[str], *, cwd: Path | None = None, ok: tuple[int, ...] = (0,), timeout: float = 300) -> float:
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    elapsed = time.perf_counter() - started
    if proc.returncode not in ok:
        raise RuntimeError(
            f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n{proc.stderr.decode()[-2000:]}{proc.stdout.decode()[-1000:]}"
        )
    return elapsed


def paired(
    row: Row, rounds: int, ours: Callable[[], float], peer: Callable[[], float], *, higher_is_better: bool = False
) -> None:
    """Each round: both sides back to back, alternating order; the ratio is ours/peer of that round."""
    for i in range(rounds):
        if i % 2 == 0:
            a = ours()
            b = peer()
        else:
            b = peer()
            a = ours()
        row.ours_vals.append(a)
        row.peer_vals.append(b)
        row.ratios.append(a / b if b else float("inf"))
    del higher_is_better


def per_call(fn: Callable[[], Any], budget: float, min_n: int = 20) -> float:
    """Seconds per call: a short warm-up, then as many calls as fit in `budget` seconds."""
    for _ in range(3):
        fn()
    n = 0
    started = time.perf_counter()
    while True:
        for _ in range(min_n):
            fn()
        n += min_n
        elapsed = time.perf_counter() - started
        if elapsed >= budget:
            return elapsed / n


def pkg_version(python: Path, dist: str) -> str:
    try:
        out = subprocess.run(
            [str(python), "-c", f"import importlib.metadata as m; print(m.version({dist!r}))"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        return out.stdout.strip() or "not installed"
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"


# ---------------------------------------------------------------------------------------------------
# peers venv


def ensure_peers(budget: float) -> str | None:
    """LiteLLM proxy and py-spy in .bench/peers-venv; None when ready, else the reason it is not."""
    marker = BENCH_DIR / "peers-ready"  # written once py-spy is in too; scripts/peers.py installs LiteLLM only
    if marker.exists() and litellm_ready():
        return None
    log(f"installing {LITELLM_REQ} and py-spy into .bench/peers-venv (budget {budget:.0f}s)")
    try:
        install_litellm(budget, extra=("py-spy",))
    except (PeersError, OSError) as exc:
        return f"the peers could not be installed: {str(exc).splitlines()[0][:160]}"
    marker.write_text(LITELLM_REQ + "\n")
    return None


# ---------------------------------------------------------------------------------------------------
# rows 1-3: subprocess timings

DMCG_FLAGS = [
    "--input-file-type",
    "openapi",
    "--output-model-type",
    "pydantic_v2.BaseModel",
    "--target-python-version",
    "3.11",
    "--use-annotated",
    "--field-constraints",
    "--use-union-operator",
    "--use-standard-collections",
    "--enum-field-as-literal",
    "all",
    "--use-double-quotes",
    "--use-schema-description",
    "--strict-nullable",
    "--disable-timestamp",
    "--reuse-model",
    "--naming-strategy",
    "full-path",
    "--use-type-alias",
    "--use-typed-nullable-map-values",
    "--field-extra-keys",
    "x-argument-class",
    "x-platforms",
    "--formatters",
    "ruff-format",
]


def dmcg_cmd(out: Path, check: bool = False) -> list[str]:
    return [
        str(VENV_BIN / "datamodel-codegen"),
        "--input",
        str(ROOT / "spec/openapi.yaml"),
        *DMCG_FLAGS,
        "--output",
        str(out),
        *(["--check"] if check else []),
    ]


def row_regen(rounds: int) -> tuple[Row, Row]:
    cold = Row(
        1,
        "regeneration, cold (fresh out dir), wall",
        "`unispec generate --out <fresh>`",
        "`datamodel-codegen` CLI (MODEL_OPTIONS as flags, ruff-format)",
        unit="s",
        goal="<= 1.0",
        goal_fn=lambda r: r <= 1.0,
    )
    check = Row(
        2,
        "regeneration, nothing changed (`--check`), wall",
        "`unispec generate --check --out <up-to-date>`",
        "`datamodel-codegen --check` vs its own output",
        unit="s",
        goal="<= 0.2",
        goal_fn=lambda r: r <= 0.2,
    )
    unispec = str(VENV_BIN / "unispec")
    with tempfile.TemporaryDirectory(prefix="unispec-bench-") as tmp:
        t = Path(tmp)
        n = [0]

        def ours_cold() -> float:
            n[0] += 1
            return run_timed([unispec, "generate", "--out", str(t / f"gen{n[0]}")])

        def peer_cold() -> float:
            n[0] += 1
            return run_timed(dmcg_cmd(t / f"models{n[0]}.py"))

        paired(cold, rounds, ours_cold, peer_cold)
        run_timed([unispec, "generate", "--out", str(t / "gen-ref")])
        run_timed(dmcg_cmd(t / "models-ref.py"))
        paired(
            check,
            max(rounds, 3),
            lambda: run_timed([unispec, "generate", "--check", "--out", str(t / "gen-ref")]),
            lambda: run_timed(dmcg_cmd(t / "models-ref.py", check=True)),
        )
    return cold, check


def row_import(rounds: int) -> list[Row]:
    row = Row(
        3,
        "import time, `python -c 'import X'`, wall",
        "`import unified_chat`",
        "`import openai`",
        unit="ms",
        goal="<= 0.5",
        goal_fn=lambda r: r <= 0.5,
    )
    py = sys.executable
    base: list[float] = []

    def imp(mod: str) -> float:
        return run_timed([py, "-c", f"import {mod}"]) * 1000

    for _ in range(2):  # warm the page cache and .pyc files
        imp("unified_chat"), imp("openai")
    paired(row, max(rounds, 5) * 2, lambda: imp("unified_chat"), lambda: imp("openai"))
    for _ in range(5):
        base.append(run_timed([py, "-c", "pass"]) * 1000)
    b = statistics.median(base)
    net = [(a - b) / (p - b) for a, p in zip(row.ours_vals, row.peer_vals)]
    row.note = (
        f"bare `python -c pass` is {b:.0f} ms; net of it the ratio is {statistics.median(net):.3g}x "
        f"({min(net):.3g}..{max(net):.3g}); ours {statistics.median(row.ours_vals) - b:.0f} ms vs "
        f"openai {statistics.median(row.peer_vals) - b:.0f} ms"
    )
    # `import unified_chat` loads its names on first use (PEP 562), so the row above mostly measures
    # that laziness. What an application pays to get a client is this one:
    client = Row(
        3,
        "  same, `from X import <client class>`, wall",
        "`from unified_chat import Client`",
        "`from openai import OpenAI`",
        unit="ms",
        goal="<= 0.5",
        goal_fn=lambda r: r <= 0.5,
    )

    def imp_client(stmt: str) -> float:
        return run_timed([py, "-c", stmt]) * 1000

    paired(
        client,
        max(rounds, 5) * 2,
        lambda: imp_client("from unified_chat import Client"),
        lambda: imp_client("from openai import OpenAI"),
    )
    return [row, client]


# ---------------------------------------------------------------------------------------------------
# rows 4-6: client side, in process


def load_body() -> bytes:
    return (FIXTURES / BODY_FIXTURE).read_bytes()


def stream_events(n: int) -> list[bytes]:
    """n `data:` events cycled from a recorded OpenAI stream with logprobs, then `[DONE]`."""
    text = (FIXTURES / STREAM_FIXTURE).read_bytes()
    datas = [e for e in text.split(b"\n\n") if e.startswith(b"data: {")]
    events = [datas[i % len(datas)] + b"\n\n" for i in range(n)]
    return events + [b"data: [DONE]\n\n"]


def row_parse(budget: float, rounds: int) -> tuple[Row, Row]:
    from openai._models import construct_type
    from openai.types.chat import ChatCompletion as OChatCompletion
    from unified_chat.models import ChatCompletion

    body = load_body()
    a = Row(
        4,
        "parse one completion body (bytes -> model)",
        "`ChatCompletion.model_validate_json` (validated)",
        "openai SDK default path: `json.loads` + `construct_type` (not validated)",
        unit="us",
        goal="<= 0.1",
        goal_fn=lambda r: r <= 0.1,
    )
    b = Row(
        4,
        "  same, vs the SDK's validated path",
        "`ChatCompletion.model_validate_json`",
        "`openai.types.chat.ChatCompletion.model_validate_json`",
        unit="us",
        goal="<= 1.0",
        goal_fn=lambda r: r <= 1.0,
    )

    def ours() -> float:
        return per_call(lambda: ChatCompletion.model_validate_json(body), budget) * 1e6

    paired(
        a,
        rounds,
        ours,
        lambda: per_call(lambda: construct_type(type_=OChatCompletion, value=json.loads(body)), budget) * 1e6,
    )
    paired(b, rounds, ours, lambda: per_call(lambda: OChatCompletion.model_validate_json(body), budget) * 1e6)
    a.note = (
        f"body: {BODY_FIXTURE} ({len(body)} bytes, parallel tool calls; no recorded non-streaming fixture has logprobs)"
    )
    return a, b


def row_roundtrip(budget: float, rounds: int) -> Row:
    import httpx
    import httpx2
    import openai
    from unified_chat import Client

    body = load_body()
    row = Row(
        5,
        "`chat.completions.create()` over a mock transport",
        "generated `Client` (httpx.MockTransport)",
        "`openai.OpenAI` (httpx2.MockTransport)",
        unit="us",
        goal="<= 0.25",
        goal_fn=lambda r: r <= 0.25,
    )
    hdr = {"content-type": "application/json"}
    ours = Client(
        platform="openai",
        api_key="sk-x",
        base_url="http://127.0.0.1:9",
        max_retries=0,
        http_client=httpx.Client(
            transport=httpx.MockTransport(lambda req: httpx.Response(200, headers=hdr, content=body))
        ),
    )
    peer = openai.OpenAI(
        api_key="sk-x",
        base_url="http://127.0.0.1:9/v1",
        max_retries=0,
        http_client=httpx2.Client(
            transport=httpx2.MockTransport(lambda req: httpx2.Response(200, headers=hdr, content=body))
        ),
    )
    msgs = [{"role": "user", "content": "What is the weather in Paris and in Tokyo?"}]
    assert ours.chat.completions.create(model="gpt-4o", messages=msgs).choices[0].message.tool_calls
    assert peer.chat.completions.create(model="gpt-4o", messages=msgs).choices[0].message.tool_calls
    paired(
        row,
        rounds,
        lambda: per_call(lambda: ours.chat.completions.create(model="gpt-4o", messages=msgs), budget) * 1e6,
        lambda: per_call(lambda: peer.chat.completions.create(model="gpt-4o", messages=msgs), budget) * 1e6,
    )
    row.note = "openai 3.x is built on httpx2, so its client gets an httpx2.MockTransport; same body, same headers"
    return row


def row_stream(rounds: int, n_chunks: int = 1000) -> tuple[Row, Row]:
    import httpx
    import httpx2
    import openai
    from unified_chat import Client

    events = stream_events(n_chunks)
    hdr = {"content-type": "text/event-stream"}

    class Events(httpx.SyncByteStream):
        def __iter__(self) -> Iterator[bytes]:
            return iter(events)

    class Events2(httpx2.SyncByteStream):
        def __iter__(self) -> Iterator[bytes]:
            return iter(events)

    ours = Client(
        platform="openai",
        api_key="sk-x",
        base_url="http://127.0.0.1:9",
        max_retries=0,
        http_client=httpx.Client(
            transport=httpx.MockTransport(lambda req: httpx.Response(200, headers=hdr, stream=Events()))
        ),
    )
    peer = openai.OpenAI(
        api_key="sk-x",
        base_url="http://127.0.0.1:9/v1",
        max_retries=0,
        http_client=httpx2.Client(
            transport=httpx2.MockTransport(lambda req: httpx2.Response(200, headers=hdr, stream=Events2()))
        ),
    )
    msgs = [{"role": "user", "content": "hi"}]

    def consume(client: Any) -> float:
        started = time.perf_counter()
        count = 0
        for chunk in client.chat.completions.create(model="gpt-4o", messages=msgs, stream=True):
            count += 1
        elapsed = time.perf_counter() - started
        assert count == n_chunks, count
        return n_chunks / elapsed

    def floor() -> float:
        started = time.perf_counter()
        buf = b""
        count = 0
        for raw in events:
            lines = (buf + raw).split(b"\n")
            buf = lines.pop()
            for line in lines:
                if line.startswith(b"data: ") and line != b"data: [DONE]":
                    json.loads(line[6:])
                    count += 1
        return count / (time.perf_counter() - started)

    for c in (ours, peer):
        consume(c)
    row = Row(
        6,
        f"{n_chunks}-chunk stream through the client, chunks/s",
        "generated `Stream` (every chunk validated)",
        "openai SDK `Stream` (constructed, not validated)",
        unit="chunks/s",
        goal=">= 10",
        goal_fn=lambda r: r >= 10,
    )
    fl = Row(
        6,
        "  same, vs the floor (SSE split + `json.loads` only)",
        "generated `Stream`",
        "split + json.loads, no client, no models",
        unit="chunks/s",
        goal="(floor: info)",
    )
    for i in range(rounds):
        order = [("o", ours), ("p", peer), ("f", None)] if i % 2 == 0 else [("f", None), ("p", peer), ("o", ours)]
        vals = {}
        for tag, c in order:
            vals[tag] = floor() if c is None else consume(c)
        row.ours_vals.append(vals["o"])
        row.peer_vals.append(vals["p"])
        row.ratios.append(vals["o"] / vals["p"])
        fl.ours_vals.append(vals["o"])
        fl.peer_vals.append(vals["f"])
        fl.ratios.append(vals["o"] / vals["f"])
    row.note = f"events: data chunks of {STREAM_FIXTURE} (logprobs on every chunk) cycled to {n_chunks}, one event per transport read"
    return row, fl


# ---------------------------------------------------------------------------------------------------
# servers


@dataclass
class Server:
    proc: subprocess.Popen
    url: str  # full chat completions URL
    headers: dict[str, str]
    startup: float  # spawn -> first 200


def descendants(pid: int) -> list[int]:
    kids: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(d.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def hwm_mib(pid: int) -> float:
    """Peak RSS (VmHWM) of the process and its descendants, summed."""
    total = 0
    for p in descendants(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


@contextlib.contextmanager
def serve(
    cmd: list[str],
    url: str,
    body: bytes,
    headers: dict[str, str],
    timeout: float = 90,
    env: dict[str, str] | None = None,
) -> Iterator[Server]:
    import httpx

    logf = tempfile.NamedTemporaryFile(prefix="bench-server-", suffix=".log", delete=False)
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=logf, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True, env={**os.environ, **(env or {})}
    )
    try:
        deadline = started + timeout
        with httpx.Client(timeout=5) as c:
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(
                        f"server exited {proc.returncode}: {Path(logf.name).read_text(errors='replace')[-1500:]}"
                    )
                if time.perf_counter() > deadline:
                    raise RuntimeError(
                        f"server gave no 200 within {timeout:.0f}s: {Path(logf.name).read_text(errors='replace')[-1500:]}"
                    )
                try:
                    r = c.post(url, content=body, headers=headers)
                    if r.status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.02)
        yield Server(proc, url, headers, time.perf_counter() - started)
    finally:
        kill_tree(proc)
        logf.close()
        with contextlib.suppress(OSError):
            os.unlink(logf.name)


def ours_server(port: int) -> tuple[list[str], str, dict[str, str]]:
    return (
        [str(VENV_BIN / "unispec"), "serve", "--platform", "openai", "--host", HOST, "--port", str(port)],
        f"http://{HOST}:{port}/v1/chat/completions",
        {"Content-Type": "application/json"},
    )


LITELLM_CONFIG = """\
model_list:
  - model_name: gpt-4o-mock
    litellm_params:
      model: openai/gpt-4o
      api_key: sk-not-used
      mock_response: "{reply}"
general_settings:
  master_key: {key}
litellm_settings:
  telemetry: false
"""


def litellm_server(port: int, tmp: Path, reply: str) -> tuple[list[str], str, dict[str, str]]:
    cfg = tmp / f"litellm-{port}.yaml"
    cfg.write_text(LITELLM_CONFIG.format(reply=reply, key=MASTER_KEY))
    cmd = [str(PEERS_BIN / "litellm"), "--config", str(cfg), "--host", HOST, "--port", str(port), "--num_workers", "1"]
    return (
        cmd,
        f"http://{HOST}:{port}/v1/chat/completions",
        {"Content-Type": "application/json", "Authorization": f"Bearer {MASTER_KEY}"},
    )


LITELLM_ENV = {"LITELLM_LOG": "ERROR", "LITELLM_TELEMETRY": "False", "DISABLE_SCHEMA_UPDATE": "True", "NO_DOCS": "True"}


def wrk_rps(url: str, body: bytes, headers: dict[str, str], duration: float, conns: int, tmp: Path) -> float:
    """Requests/s of 2xx answers; wrk -t1 -c<conns> for <duration> s (falls back to async httpx)."""
    if shutil.which("wrk") is None:
        return httpx_rps(url, body, headers, conns, int(duration * 400), duration)
    lua = tmp / "post.lua"
    hdrs = "".join(f'wrk.headers["{k}"] = "{v}"\n' for k, v in headers.items())
    lua.write_text(f'wrk.method = "POST"\nwrk.body = {json.dumps(body.decode())}\n{hdrs}')
    out = subprocess.run(
        ["wrk", "-t1", f"-c{conns}", f"-d{duration:.0f}s", "--timeout", "10s", "-s", str(lua), url],
        capture_output=True,
        text=True,
        timeout=duration + 60,
    ).stdout
    total = bad = 0
    secs = duration
    for line in out.splitlines():
        line = line.strip()
        if " requests in " in line:
            total = int(line.split()[0])
            t = line.split(" requests in ")[1].split(",")[0]
            secs = float(t[:-2]) / 1000 if t.endswith("ms") else float(t[:-1]) * (60 if t.endswith("m") else 1)
        elif line.startswith("Non-2xx or 3xx responses:"):
            bad = int(line.split(":")[1])
    if total == 0:
        raise RuntimeError(f"wrk measured nothing:\n{out}")
    if bad > total * 0.01:
        raise RuntimeError(f"{bad} of {total} answers were not 2xx at {url}")
    return (total - bad) / secs


def httpx_rps(url: str, body: bytes, headers: dict[str, str], conns: int, requests: int, max_seconds: float) -> float:
    import httpx

    async def main() -> float:
        done = 0
        limits = httpx.Limits(max_connections=conns, max_keepalive_connections=conns)
        async with httpx.AsyncClient(limits=limits, timeout=10) as c:
            deadline = time.perf_counter() + max_seconds
            left = [requests]

            async def worker() -> None:
                nonlocal done
                while left[0] > 0 and time.perf_counter() < deadline:
                    left[0] -= 1
                    r = await c.post(url, content=body, headers=headers)
                    if r.status_code == 200:
                        done += 1

            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(conns)))
            return done / (time.perf_counter() - started)

    return asyncio.run(main())


def stream_load(
    url: str, body: bytes, headers: dict[str, str], conns: int, streams: int, max_seconds: float
) -> tuple[float, float, float]:
    """(chunks/s over the run, median TTFB s, median chunks per stream) for `streams` streamed requests."""
    import httpx

    async def main() -> tuple[float, float, float]:
        ttfbs: list[float] = []
        counts: list[int] = []
        limits = httpx.Limits(max_connections=conns, max_keepalive_connections=conns)
        async with httpx.AsyncClient(limits=limits, timeout=30) as c:
            deadline = time.perf_counter() + max_seconds
            left = [streams]

            async def worker() -> None:
                while left[0] > 0 and time.perf_counter() < deadline:
                    left[0] -= 1
                    t0 = time.perf_counter()
                    first = None
                    n = 0
                    buf = b""
                    async with c.stream("POST", url, content=body, headers=headers) as r:
                        if r.status_code != 200:
                            await r.aread()
                            raise RuntimeError(f"stream answered {r.status_code}: {r.content[:300]!r}")
                        async for raw in r.aiter_raw():
                            if first is None:
                                first = time.perf_counter() - t0
                            buf += raw
                            *events, buf = buf.split(b"\n\n")
                            n += sum(1 for e in events if e.startswith(b"data: {"))
                    ttfbs.append(first or 0.0)
                    counts.append(n)

            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(conns)))
            elapsed = time.perf_counter() - started
        return sum(counts) / elapsed, statistics.median(ttfbs), statistics.median(counts)

    return asyncio.run(main())


def rows_servers(rounds: int, duration: float, litellm_na: str | None, streams: int) -> list[Row]:
    r7 = Row(
        7,
        "server, non-streaming, req/s (wrk -t1 -c32)",
        "`unispec serve` (generated server + reference backend, uvicorn, 1 worker)",
        "LiteLLM proxy 1.106.2, `mock_response`, 1 worker",
        unit="req/s",
        goal=">= 10",
        goal_fn=lambda r: r >= 10,
    )
    r9 = Row(
        9,
        "streaming server, 200 chunks/stream, chunks/s (8 concurrent)",
        "`unispec serve`, `stream: true`",
        "LiteLLM proxy streaming its mock",
        unit="chunks/s",
        goal=">= 5",
        goal_fn=lambda r: r >= 5,
    )
    r9t = Row(
        9,
        "  same, time to first byte (median)",
        "`unispec serve`",
        "LiteLLM proxy",
        unit="ms",
        goal="< 1.0 (lower)",
        goal_fn=lambda r: r < 1.0,
    )
    r11m = Row(
        11,
        "peak RSS under load (VmHWM, process tree)",
        "`unispec serve`",
        "LiteLLM proxy",
        unit="MiB",
        goal="<= 0.3",
        goal_fn=lambda r: r <= 0.3,
    )
    r11s = Row(
        11,
        "start-up: spawn -> first 200 answer",
        "`unispec serve`",
        "LiteLLM proxy",
        unit="s",
        goal="<= 0.3",
        goal_fn=lambda r: r <= 0.3,
    )
    rows = [r7, r9, r9t, r11m, r11s]
    req_ours = json.dumps({"model": "unispec-mini", "messages": [{"role": "user", "content": "Say hello"}]}).encode()
    req_peer = json.dumps({"model": "gpt-4o-mock", "messages": [{"role": "user", "content": "Say hello"}]}).encode()
    # max_tokens 199 with "." banned: this request's reply streams as exactly 200 chunks (role, 198 deltas, finish)
    sreq_ours = json.dumps(
        {
            "model": "unispec-mini",
            "messages": [{"role": "user", "content": "Say hello"}],
            "stream": True,
            "max_tokens": 199,
            "logit_bias": {str(PERIOD_TOKEN_ID): -100},
        }
    ).encode()
    sreq_peer = json.dumps(
        {"model": "gpt-4o-mock", "messages": [{"role": "user", "content": "Say hello"}], "stream": True}
    ).encode()
    reply = ("word " * 120)[:597]  # LiteLLM streams a mock 3 characters a chunk: 199 chunks + the finish chunk

    def measure(kind: str, tmp: Path) -> dict[str, float]:
        port = free_port()
        if kind == "ours":
            cmd, url, hdr = ours_server(port)
            env, req, sreq = None, req_ours, sreq_ours
        else:
            cmd, url, hdr = litellm_server(port, tmp, reply)
            env, req, sreq = LITELLM_ENV, req_peer, sreq_peer
        with serve(cmd, url, req, hdr, env=env) as s:
            log(f"  {kind}: up in {s.startup:.2f}s")
            rps = wrk_rps(url, req, hdr, duration, 32, tmp)
            cps, ttfb, per = stream_load(url, sreq, hdr, 8, streams, duration * 2)
            mem = hwm_mib(s.proc.pid)
            log(
                f"  {kind}: {rps:,.0f} req/s, {cps:,.0f} chunks/s ({per:.0f}/stream), ttfb {ttfb * 1000:.1f} ms, {mem:.0f} MiB"
            )
            return {"rps": rps, "cps": cps, "ttfb": ttfb * 1000, "mem": mem, "startup": s.startup, "per": per}

    with tempfile.TemporaryDirectory(prefix="unispec-bench-") as tmp:
        t = Path(tmp)
        per_stream: dict[str, list[float]] = {"ours": [], "peer": []}
        for i in range(rounds):
            order = ["ours", "peer"] if i % 2 == 0 else ["peer", "ours"]
            got: dict[str, dict[str, float]] = {}
            for kind in order:
                if kind == "peer" and litellm_na:
                    continue
                try:
                    got[kind] = measure(kind, t)
                except Exception as exc:  # a peer that fails to start is a reported n/a, not a crash
                    if kind == "ours":
                        raise
                    litellm_na = f"LiteLLM proxy failed: {str(exc).strip().splitlines()[-1][:200]}"
                    log(litellm_na)
            for key, row, higher in (
                ("rps", r7, True),
                ("cps", r9, True),
                ("ttfb", r9t, False),
                ("mem", r11m, False),
                ("startup", r11s, False),
            ):
                row.ours_vals.append(got["ours"][key])
                if "peer" in got:
                    row.peer_vals.append(got["peer"][key])
                    row.ratios.append(got["ours"][key] / got["peer"][key])
            for k in got:
                per_stream[k].append(got[k]["per"])
        if litellm_na:
            for row in rows:
                row.na = litellm_na
        r9.note = f"chunks per stream (median): ours {statistics.median(per_stream['ours']):.0f}" + (
            f", LiteLLM {statistics.median(per_stream['peer']):.0f} (mock reply of 597 characters, 3 per chunk)"
            if per_stream["peer"]
            else ""
        )
        r11m.unit = "MiB"
    return rows


# --- row 8: the generated server's own overhead -----------------------------------------------------


def app_fixed() -> Any:
    from unified_chat.models import ChatCompletion
    from unified_chat.server import ChatHandler, create_app

    completion = ChatCompletion.model_validate_json(load_body())

    class Fixed(ChatHandler):
        async def create_chat_completion(self, request, context):  # type: ignore[no-untyped-def]
            return completion

        async def list_models(self, context):  # type: ignore[no-untyped-def]
            raise NotImplementedError

    return create_app(Fixed(), platform="openai")


def app_bare() -> Any:
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route
    from unified_chat.models import ChatCompletion

    completion = ChatCompletion.model_validate_json(load_body())
    data = completion.__pydantic_serializer__.to_json(completion, exclude_unset=True)

    async def chat(request):  # type: ignore[no-untyped-def]
        return Response(data, media_type="application/json")

    return Starlette(routes=[Route("/v1/chat/completions", chat, methods=["POST"])])


def serve_app(kind: str, port: int) -> None:
    import uvicorn

    app = app_fixed() if kind == "fixed" else app_bare()
    uvicorn.run(app, host=HOST, port=port, log_level="warning", access_log=False, lifespan="off")


def row_overhead(rounds: int, duration: float) -> Row:
    row = Row(
        8,
        "server overhead, req/s (wrk -t1 -c32)",
        "generated `create_app` + handler returning a fixed completion",
        "bare Starlette route returning the same bytes",
        unit="req/s",
        goal=">= 0.8",
        goal_fn=lambda r: r >= 0.8,
    )
    req = json.dumps(
        {"model": "gpt-4o", "messages": [{"role": "user", "content": "What is the weather in Paris and in Tokyo?"}]}
    ).encode()
    hdr = {"Content-Type": "application/json"}
    with tempfile.TemporaryDirectory(prefix="unispec-bench-") as tmp, contextlib.ExitStack() as stack:
        servers = {}
        for kind in ("fixed", "bare"):
            port = free_port()
            url = f"http://{HOST}:{port}/v1/chat/completions"
            servers[kind] = stack.enter_context(
                serve(
                    [sys.executable, str(Path(__file__).resolve()), "--serve-app", kind, "--port", str(port)],
                    url,
                    req,
                    hdr,
                )
            )
        for kind in servers:  # warm-up
            wrk_rps(servers[kind].url, req, hdr, 1, 32, Path(tmp))
        paired(
            row,
            rounds,
            lambda: wrk_rps(servers["fixed"].url, req, hdr, duration, 32, Path(tmp)),
            lambda: wrk_rps(servers["bare"].url, req, hdr, duration, 32, Path(tmp)),
        )
    row.note = "same uvicorn settings for both (asyncio loop, h11: the project venv has neither uvloop nor httptools)"
    return row


def row_contract(rounds: int) -> Row:
    """`unispec contract` against `unispec serve`: wall time and verdicts (no peer: info row)."""
    row = Row(
        10,
        "contract suite against `unispec serve`, wall",
        "`unispec contract --base-url <serve>`",
        "-",
        unit="s",
        goal="runs, PASS",
    )
    unispec = str(VENV_BIN / "unispec")
    probe = subprocess.run([unispec, "contract", "--help"], capture_output=True, text=True, timeout=60)
    if probe.returncode != 0:
        row.na = "not built yet: `unispec contract --help` fails"
        return row
    cmd, url, hdr = ours_server(free_port())
    req = json.dumps({"model": "unispec-mini", "messages": [{"role": "user", "content": "Say hello"}]}).encode()
    verdicts = []
    with tempfile.TemporaryDirectory(prefix="unispec-bench-") as tmp, serve(cmd, url, req, hdr):
        origin = url.split("/v1/")[0]
        for i in range(rounds):
            report = Path(tmp) / f"contract-{i}.json"
            started = time.perf_counter()
            proc = subprocess.run(
                [unispec, "contract", "--base-url", origin, "--platform", "openai", "--report-json", str(report)],
                capture_output=True,
                text=True,
                timeout=300,
            )
            row.ours_vals.append(time.perf_counter() - started)
            summary = [line for line in proc.stdout.splitlines() if line.startswith(("PASS", "FAIL"))] or [
                f"exit {proc.returncode}"
            ]
            detail = [line for line in proc.stdout.splitlines() if " honoured, " in line]
            verdicts.append(
                f"{summary[-1].split(' (')[0]}; {detail[-1].split(': ', 1)[-1] if detail else ''}".strip("; ")
            )
    row.note = f"no peer; verdict (last round): {verdicts[-1]}"
    row.status = "holds" if all(v.startswith("PASS") for v in verdicts) else "MISSED"
    row.na = "no peer"
    return row


# ---------------------------------------------------------------------------------------------------
# report


def machine() -> dict[str, str]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "kernel": platform.release(),
        "wrk": (subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.splitlines() or ["?"])[
            0
        ].split(" [")[0]
        if shutil.which("wrk")
        else "not installed (async httpx load generator used)",
    }


def versions(with_litellm: bool) -> dict[str, str]:
    py = Path(sys.executable)
    out = {
        d: pkg_version(py, d)
        for d in (
            "unispec",
            "unified-chat",
            "openai",
            "httpx",
            "httpx2",
            "pydantic",
            "pydantic-core",
            "fastapi",
            "starlette",
            "uvicorn",
            "datamodel-code-generator",
            "ruff",
        )
    }
    out["uvloop / httptools (project venv)"] = f"{pkg_version(py, 'uvloop')} / {pkg_version(py, 'httptools')}"
    if with_litellm:
        out["litellm (peers venv)"] = pkg_version(PEERS_BIN / "python", "litellm")
    return out


ANALYSIS_MARKER = "<!-- analysis: hand-written below this line; scripts/bench.py keeps it -->"


def write_markdown(path: Path, rows: list[Row], args: argparse.Namespace, elapsed: float, extra: str) -> None:
    m = machine()
    v = versions(any(r.peer_vals and r.num in (7, 9, 11) for r in rows))
    notes = "\n".join(
        f"- row {r.num}{' (' + r.name.strip() + ')' if r.name.startswith('  ') else ''}: {r.note}"
        for r in rows
        if r.note
    )
    goals = "\n".join(
        f"- row {r.num} {r.name.strip()}: goal {r.goal}, measured {r.ratio:.3g}x: **{r.verdict()}**"
        for r in rows
        if r.ratio is not None and r.goal_fn
    )
    who = "\n".join(f"| {r.num} | {r.ours} | {r.peer} |" for r in rows if r.ours)
    text = (
        f"""# Benchmarks

<!-- written by scripts/bench.py; numbers are one run of `{" ".join(["python scripts/bench.py", *args.argv])}` -->

Each row compares ours with a peer **in the same run**: every round measures both back to back
(alternating which goes first) and takes that round's ratio, so load from other tenants of this
shared machine moves both sides together. Cells show the median over the rounds and min..max.
A ratio below 1 means ours takes less (time, memory); for req/s and chunks/s above 1 means ours
does more. `--quick` runs 1-3 rounds with 2 s loads: its verdicts on rows within about 25% of
their goal can flip with the machine's noise (row 5 measured 0.14x-0.32x across runs); the full
run is the reference.

Run: {time.strftime("%Y-%m-%d %H:%M %Z")}, {"--quick" if args.quick else "full"} mode, {elapsed:.0f} s in all.

## Results

{table(rows)}

## Goals

{goals}

## Notes

{notes}
{extra}

## What is compared

| # | ours | peer |
|---|---|---|
{who}

## Machine

- nproc: {m["nproc"]}; CPU: {m["cpu"]}; kernel {m["kernel"]}; shared and noisy (other jobs run alongside)
- Python {m["python"]} (project venv `.venv`; LiteLLM in `.bench/peers-venv`)
- load generator: {m["wrk"]}, one thread, 32 connections, on the same 2 cores as the server

## Package versions

| package | version |
|---|---|
"""
        + "\n".join(f"| {k} | {val} |" for k, val in v.items())
        + f"""

## Commands

    .venv/bin/python scripts/bench.py --quick    # < 2 min once the peers venv exists
    .venv/bin/python scripts/bench.py            # the full run (writes this file)

What each row runs:

- 1: `unispec generate --out <fresh tmp dir>` vs `datamodel-codegen --input spec/openapi.yaml {" ".join(DMCG_FLAGS)} --output <fresh tmp>/models.py`, both as subprocesses.
- 2: `unispec generate --check --out <up-to-date dir>` vs the same `datamodel-codegen ... --check` against its own output.
- 3: `.venv/bin/python -c "import unified_chat"` vs `.venv/bin/python -c "import openai"`, wall time of the subprocess.
- 4: `unified_chat.models.ChatCompletion.model_validate_json(body)` vs `openai._models.construct_type(type_=ChatCompletion, value=json.loads(body))` (what `OpenAI._process_response_data` does without `_strict_response_validation`) and vs `openai.types.chat.ChatCompletion.model_validate_json(body)`.
- 5: `client.chat.completions.create(model=..., messages=[...])` with `http_client=httpx.Client(transport=httpx.MockTransport(...))` (openai: `httpx2`).
- 6: the same with `stream=True`, iterating all {args.chunks} chunks; the floor splits the same bytes on newlines and `json.loads` each data line.
- 7, 9, 11: `unispec serve --platform openai --host 127.0.0.1 --port <free>` vs `.bench/peers-venv/bin/litellm --config <cfg> --host 127.0.0.1 --port <free> --num_workers 1` (config: one model `gpt-4o-mock` with `mock_response`, `master_key`); non-streaming load `wrk -t1 -c32 -d{args.duration:.0f}s -s post.lua`; streaming load: {args.streams} streamed requests, 8 at a time, async httpx, bounded by {args.duration * 2:.0f} s; peak RSS from `/proc/<pid>/status` VmHWM summed over the server's process tree after both loads; start-up from `Popen` to the first 200 answer to a POST (polled every 20 ms).
- 8: `python scripts/bench.py --serve-app fixed|bare --port <free>` (uvicorn, 1 worker) under the same wrk load.
- 10: `unispec contract --help`.

Peers venv (first use, automatic): `python -m venv .bench/peers-venv && .bench/peers-venv/bin/pip install '{LITELLM_REQ}' py-spy`.
"""
    )
    # The hand-written analysis (profiles, recommended fixes) below ANALYSIS_MARKER survives reruns.
    if path.exists() and ANALYSIS_MARKER in path.read_text():
        text += "\n" + ANALYSIS_MARKER + path.read_text().split(ANALYSIS_MARKER, 1)[1]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="fewer rounds and shorter loads (< 2 minutes)")
    p.add_argument("--rows", default="", help="comma-separated row numbers (default: all)")
    p.add_argument("--rounds", type=int, default=None)
    p.add_argument("--duration", type=float, default=None, help="seconds per wrk load")
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="markdown report (default: docs/benchmarks.md; --quick writes only with --out)",
    )
    p.add_argument("--no-peers-install", action="store_true", help="do not install LiteLLM; its rows say n/a")
    p.add_argument("--serve-app", choices=("fixed", "bare"), help=argparse.SUPPRESS)
    p.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.serve_app:
        serve_app(args.serve_app, args.port)
        return 0
    args.argv = sys.argv[1:]
    quick = args.quick
    rounds = args.rounds or (3 if quick else 7)
    args.duration = args.duration or (2.0 if quick else 8.0)
    server_rounds = args.rounds or (1 if quick else 3)
    args.streams = 16 if quick else 48
    args.chunks = 1000
    budget = 0.15 if quick else 0.5
    want = {int(x) for x in args.rows.split(",") if x.strip()} or set(range(1, 12))
    started = time.perf_counter()
    os.chdir(ROOT)
    rows: list[Row] = []
    extra = ""

    litellm_na: str | None = None
    if want & {7, 9, 11}:
        if args.no_peers_install and not (PEERS_BIN / "litellm").exists():
            litellm_na = "LiteLLM not installed (--no-peers-install)"
        else:
            litellm_na = ensure_peers(45 if quick else 900)
    if 1 in want or 2 in want:
        log("rows 1-2: regeneration")
        a, b = row_regen(2 if quick else 5)
        rows += [r for r in (a, b) if r.num in want]
    if 3 in want:
        log("row 3: import time")
        rows += row_import(rounds)
    if 4 in want:
        log("row 4: parse")
        rows += row_parse(budget, rounds)
    if 5 in want:
        log("row 5: round trip over MockTransport")
        rows.append(row_roundtrip(budget, rounds))
    if 6 in want:
        log("row 6: 1,000-chunk stream")
        rows += row_stream(rounds, args.chunks)
    if want & {7, 9, 11}:
        log(
            f"rows 7, 9, 11: servers ({server_rounds} round(s), {args.duration:.0f}s loads)"
            + (f"; LiteLLM: {litellm_na}" if litellm_na else "")
        )
        rows += [r for r in rows_servers(server_rounds, args.duration, litellm_na, args.streams) if r.num in want]
    if 8 in want:
        log("row 8: server overhead")
        rows.append(row_overhead(rounds if not quick else 3, args.duration))
    if 10 in want:
        log("row 10: contract suite")
        rows.append(row_contract(1 if quick else 3))
    rows.sort(key=lambda r: r.num)
    elapsed = time.perf_counter() - started
    print(table(rows))
    print()
    for r in rows:
        if r.note:
            print(f"row {r.num}: {r.note}")
    print(f"\n{'quick' if quick else 'full'} run: {elapsed:.0f} s")
    out = args.out or (None if quick else ROOT / "docs/benchmarks.md")
    if out is not None:
        write_markdown(out, rows, args, elapsed, extra)
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
