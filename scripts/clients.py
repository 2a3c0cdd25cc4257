#!/usr/bin/env python3
"""Install the clients of the fidelity suite (issue 12), and run it to write docs/clients.md.

    python scripts/clients.py            # installs what is missing, prints the pythons and node dir
    .venv/bin/python scripts/clients.py --matrix [docs/clients.md]
                                         # serves every profile, runs every probe, writes the matrix

Two venvs, because the pins cannot resolve in one: unifyai==0.9.172 (the last release with the
`Unify` chat client) requires openai<3, and instructor 1.17.0 (the newest) requires jiter<0.15,
which every openai release that openai-agents (openai>=3) and pydantic-ai-slim[openai]
(openai>=3.31) accept excludes (openai 3.57 needs jiter>=0.16). So:

- `.bench/clients-venv`: openai 3.x and the clients that need it (langchain-openai, pydantic-ai,
  litellm, openai-agents) and the platform SDKs jamaibase and scale-gp-beta;
- `.bench/clients-legacy-venv`: unifyai and instructor on openai 2.x;
- `.bench/clients-npm`: the npm `openai` SDK and the Vercel AI SDK (`ai`, `@ai-sdk/openai`), at the
  newest majors that still run on node 20 (openai 7, ai 7 and @ai-sdk/openai 4 need node >= 22).

Stdlib only, so it runs before (and without) the project venv; modelled on scripts/peers.py (same
log file style, timeout CLIENTS_TIMEOUT seconds, default 900). tests/test_clients.py imports the
venv definitions, the readiness probes and the runner from here.

Exit 0 with the two pythons and the npm dir on stdout; exit 1 with the tail of the log on stderr when
an install fails or does not finish within the timeout (what did install stays usable).
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / ".bench"
LOG = BENCH_DIR / "clients-install.log"
TIMEOUT = float(os.environ.get("CLIENTS_TIMEOUT", "900"))
PROBES = ROOT / "tests" / "clients"
RESULTS = BENCH_DIR / "clients-results.json"
MATRIX = ROOT / "docs" / "clients.md"

# name -> (venv dir, pinned requirements, distributions whose version the ready probe checks)
VENVS: dict[str, tuple[Path, tuple[str, ...]]] = {
    "main": (
        BENCH_DIR / "clients-venv",
        (
            "openai==3.57.0",
            "jamaibase==1.0.5",
            # jamaibase 1.0.5 imports both without declaring them (pydantic_extra_types.country needs
            # pycountry; jamaibase.types.db imports fastapi.exceptions)
            "pycountry==26.2.16",
            "fastapi==0.165.0",
            "scale-gp-beta==0.7.0",
            "langchain-openai==1.7.4",
            "pydantic-ai-slim[openai]==2.68.0",
            "litellm==1.110.2",
            "openai-agents==0.24.0",
        ),
    ),
    "legacy": (
        BENCH_DIR / "clients-legacy-venv",
        ("unifyai==0.9.172", "instructor==1.17.0", "openai==2.54.0"),
    ),
}
NPM_DIR = BENCH_DIR / "clients-npm"
NPM_REQS = ("openai@6.49.0", "ai@6.0.326", "@ai-sdk/openai@3.0.141", "zod@4.6.7")

# client -> (runtime: a VENVS name or "node", probe file under tests/clients/)
CLIENTS: dict[str, tuple[str, str]] = {
    "openai-python": ("main", "openai_py.py"),
    "openai-node": ("node", "openai_node.mjs"),
    "ai-sdk": ("node", "ai_sdk.mjs"),
    "langchain-openai": ("main", "langchain_probe.py"),
    "instructor": ("legacy", "instructor_probe.py"),
    "pydantic-ai": ("main", "pydantic_ai_probe.py"),
    "litellm": ("main", "litellm_probe.py"),
    "openai-agents": ("main", "agents_probe.py"),
    "unifyai": ("legacy", "unify_probe.py"),
    "jamaibase": ("main", "jamai_probe.py"),
    "scale-gp-beta": ("main", "sgp_probe.py"),
}

PLATFORMS = ("openai", "unify", "jamai", "generic", "bifrost", "sgp")
BASE_PATHS = {"openai": "/v1", "unify": "/v0", "jamai": "/api/v1", "generic": "/v1", "bifrost": "/v1", "sgp": "/v5"}
MODELS = {
    "openai": "unispec-large",
    "unify": "unispec-large@unispec",
    "jamai": "unispec/unispec-large",
    "generic": "unispec-large",
    "bifrost": "unispec/unispec-large",
    "sgp": "unispec/unispec-large",
}
KEY = "sk-clients-0c5e1d"
WRONG_KEY = "sk-wrong-key"

GENERIC = ("chat", "stream", "tool_round_trip", "json_output", "n2", "logprobs", "auth_error", "bad_request", "models")
# client -> {platform: checks}; the probes run exactly these, the tests expect one result for each
# (Unify and SGP list models in their own shapes at their own paths: their SDK probes check that.)


def _generic(platform: str) -> tuple[str, ...]:
    return tuple(c for c in GENERIC if not (c == "models" and platform in ("unify", "sgp")))


CHECKS: dict[str, dict[str, tuple[str, ...]]] = {
    "openai-python": {p: _generic(p) + (("fallbacks",) if p == "bifrost" else ()) for p in PLATFORMS},
    "openai-node": {p: _generic(p) for p in PLATFORMS},
    "ai-sdk": {
        p: ("chat", "stream", "tool_round_trip", "json_output", "json_object_mode", "auth_error", "bad_request")
        for p in PLATFORMS
    },
    "langchain-openai": {
        p: ("chat", "stream", "tool_round_trip", "structured_function_calling", "structured_json_schema",
            "structured_json_mode", "n2", "logprobs", "auth_error", "bad_request") for p in PLATFORMS
    },
    "instructor": {
        p: ("mode_TOOLS", "mode_PARALLEL_TOOLS", "mode_JSON", "mode_MD_JSON", "mode_JSON_SCHEMA",
            "auth_error", "bad_request") for p in PLATFORMS
    },
    "pydantic-ai": {
        p: ("chat", "stream", "tool_round_trip", "output_tool", "output_native", "output_prompted", "auth_error",
            "bad_request") for p in PLATFORMS
    },
    "litellm": {p: tuple(c for c in GENERIC if c != "models") for p in PLATFORMS},  # no listing for openai/
    "openai-agents": {p: ("chat", "stream", "tool_round_trip", "json_output", "auth_error") for p in PLATFORMS},
    "unifyai": {
        "unify": ("construct", "chat", "stream", "tool_round_trip", "json_output", "n2", "logprobs", "tags",
                  "drop_params", "auth_error", "bad_request", "models")
    },
    "jamaibase": {
        # (its ChatRequest has no logprobs or response_format: extra fields are dropped before sending)
        "jamai": ("chat", "stream", "tool_round_trip", "n2", "rag_references", "rag_stream", "headers",
                  "auth_error", "request_id", "bad_request", "models_info", "models_ids")
    },
    "scale-gp-beta": {
        "sgp": ("chat", "stream", "tool_round_trip", "json_output", "n2", "logprobs", "top_k", "x_api_key",
                "auth_error", "bad_request", "models")
    },
}

# (platform, check) -> why the real platform refuses it: the check passes only on that refusal (the SDK's own
# bad-request error). None today: every refusal a profile makes of these clients' requests is one the real
# platform does not make (see IGNORED), or is checked inside a platform check (Unify's drop_params=false).
REFUSALS: dict[tuple[str, str], str] = {}

# (platform, check) -> why the real platform accepts the request and ignores the feature: the check passes when
# the request is accepted (whatever the client then makes of an answer without the feature), and fails when the
# server refuses it. JamAI Base's server parses the body into its pydantic ChatRequest (owl routers/serving.py
# `body: ChatRequest`; the SDK ships the same model, model_config {} = extra "ignore"), so unknown fields are dropped.
_JAMAI_IGNORES = "JamAI Base's ChatRequest has no {0} and its server drops unknown fields (pydantic extra=ignore)"
IGNORED: dict[tuple[str, str], str] = {
    ("jamai", check): _JAMAI_IGNORES.format(field)
    for field, checks in {
        "logprobs": ("logprobs",),
        "response_format": ("json_output", "json_object_mode", "structured_json_schema", "structured_json_mode",
                            "mode_JSON", "mode_JSON_SCHEMA", "output_native", "output_prompted"),
    }.items()
    for check in checks
}


class ClientsError(Exception):
    """A clients install could not be made ready; the message carries the log tail."""


def python_of(venv: str) -> Path:
    return VENVS[venv][0] / "bin" / "python"


_PROBE = (
    "import importlib.metadata as m, json, sys\n"
    "want = json.loads(sys.argv[1])\n"
    "bad = []\n"
    "for name, version in want.items():\n"
    "    try:\n"
    "        got = m.version(name)\n"
    "    except m.PackageNotFoundError:\n"
    "        got = None\n"
    "    if got != version:\n"
    "        bad.append(f'{name}: {got} != {version}')\n"
    "print('; '.join(bad))\n"
    "sys.exit(1 if bad else 0)\n"
)


def _pins(reqs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for req in reqs:
        name, version = req.split("==")
        out[name.split("[")[0]] = version
    return out


def venv_ready(venv: str) -> bool:
    """Every pinned distribution is installed at its version; by metadata, never by importing."""
    python = python_of(venv)
    if not python.exists():
        return False
    try:
        probe = subprocess.run(
            [str(python), "-c", _PROBE, json.dumps(_pins(VENVS[venv][1]))], capture_output=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def npm_ready() -> bool:
    """node is there and every npm pin is installed at its version (read from package.json)."""
    if shutil.which("node") is None:
        return False
    for req in NPM_REQS:
        name, _, version = req.rpartition("@")
        try:
            meta = json.loads((NPM_DIR / "node_modules" / name / "package.json").read_text())
        except (OSError, ValueError):
            return False
        if meta.get("version") != version:
            return False
    return True


def runtime_ready(runtime: str) -> bool:
    return npm_ready() if runtime == "node" else venv_ready(runtime)


def _tail(lines: int = 25) -> str:
    try:
        text = LOG.read_text(errors="replace")
    except OSError:
        return "(no install log)"
    return "\n".join(line if len(line) <= 400 else line[:399] + "…" for line in text.strip().splitlines()[-lines:])


def _run_logged(cmd: list[str], deadline: float) -> None:
    with open(LOG, "ab") as out:
        out.write(f"\n$ {' '.join(cmd)}\n".encode())
        out.flush()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            rc = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            kill_tree(proc)
            raise ClientsError(f"{cmd[0]} did not finish within {TIMEOUT:.0f}s (log {LOG}):\n{_tail()}") from None
    if rc != 0:
        raise ClientsError(f"{' '.join(cmd[:4])} ... exited {rc} (log {LOG}):\n{_tail()}")


def install_venv(venv: str, timeout: float = TIMEOUT) -> Path:
    """Create the venv if needed and pip-install its pins; raises ClientsError."""
    deadline = time.monotonic() + timeout
    BENCH_DIR.mkdir(exist_ok=True)
    path, reqs = VENVS[venv]
    python = python_of(venv)
    if not python.exists():
        _run_logged([sys.executable, "-m", "venv", str(path)], deadline)
    _run_logged([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *reqs], deadline)
    if not venv_ready(venv):
        raise ClientsError(f"pip reported success but the pins of {path} are not all installed (log {LOG}):\n{_tail()}")
    return python


def install_npm(timeout: float = TIMEOUT) -> Path:
    """npm-install NPM_REQS into .bench/clients-npm; raises ClientsError (no node or npm, a failed install)."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise ClientsError("node and npm are needed for the npm clients (apt-get install nodejs npm)")
    NPM_DIR.mkdir(parents=True, exist_ok=True)
    _run_logged(
        [npm, "install", "--prefix", str(NPM_DIR), "--no-audit", "--no-fund", "--engine-strict", *NPM_REQS],
        time.monotonic() + timeout,
    )
    if not npm_ready():
        raise ClientsError(f"npm reported success but the pins are not in {NPM_DIR} (log {LOG}):\n{_tail()}")
    return NPM_DIR


def install_all() -> int:
    rc = 0
    BENCH_DIR.mkdir(exist_ok=True)
    for venv, (path, reqs) in VENVS.items():
        if venv_ready(venv):
            continue
        print(f"clients: installing {' '.join(reqs)} into {path} (timeout {TIMEOUT:.0f}s; log {LOG})", file=sys.stderr)
        try:
            install_venv(venv)
        except (ClientsError, OSError) as exc:
            print(f"clients: {exc}", file=sys.stderr)
            rc = 1
    if not npm_ready():
        print(f"clients: installing {' '.join(NPM_REQS)} into {NPM_DIR} (log {LOG})", file=sys.stderr)
        try:
            install_npm()
        except (ClientsError, OSError) as exc:
            print(f"clients: {exc}", file=sys.stderr)
            rc = 1
    if rc == 0:
        for venv in VENVS:
            print(python_of(venv))
        print(NPM_DIR)
    return rc


def kill_tree(proc: subprocess.Popen[Any]) -> None:
    """Stop a process started in its own process group (start_new_session=True): TERM, then KILL."""
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


# ---------------------------------------------------------------------------------------------
# The run: one `unispec serve` per profile, every probe once against all of them, concurrently.


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def servers(python: str = sys.executable, timeout: float = 30.0) -> Any:
    """`unispec serve --platform X` for every profile on 127.0.0.1:<free port>; yields {platform: origin}."""
    procs: dict[str, subprocess.Popen[bytes]] = {}
    origins: dict[str, str] = {}
    try:
        for platform in PLATFORMS:
            port = _free_port()
            procs[platform] = subprocess.Popen(
                [python, "-m", "unispec", "serve", "--platform", platform, "--host", "127.0.0.1",
                 "--port", str(port), "--api-key", KEY],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, start_new_session=True,
            )
            origins[platform] = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + timeout
        for platform, origin in origins.items():
            port = int(origin.rsplit(":", 1)[1])
            while True:
                if procs[platform].poll() is not None:
                    raise RuntimeError(f"unispec serve --platform {platform} exited {procs[platform].returncode}")
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"unispec serve --platform {platform} did not listen within {timeout:g}s") from None
                    time.sleep(0.05)
        yield origins
    finally:
        for proc in procs.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGINT)
        for proc in procs.values():
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                kill_tree(proc)


def probe_config(client: str, origins: dict[str, str]) -> dict[str, Any]:
    """What a probe gets (env CLIENT_PROBE_CONFIG): per platform its URLs, key, model, checks, refusals."""
    platforms = {}
    for platform, checks in CHECKS[client].items():
        origin = origins[platform]
        platforms[platform] = {
            "origin": origin,
            "base_url": origin + BASE_PATHS[platform],
            "api_key": KEY,
            "wrong_key": WRONG_KEY,
            "model": MODELS[platform],
            "checks": list(checks),
            "refusals": {c: REFUSALS[(platform, c)] for c in checks if (platform, c) in REFUSALS},
            "ignored": {c: IGNORED[(platform, c)] for c in checks if (platform, c) in IGNORED},
        }
    return {"client": client, "platforms": platforms}


def run_probe(client: str, origins: dict[str, str], timeout: float = 150.0) -> list[dict[str, Any]]:
    """Run one probe; its JSON lines, plus one failed result per expected check it did not report."""
    runtime, script = CLIENTS[client]
    exe = "node" if runtime == "node" else str(python_of(runtime))
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY") and not k.startswith("OPENAI_")}
    env.update({
        "CLIENT_PROBE_CONFIG": json.dumps(probe_config(client, origins)),
        "NODE_PATH": str(NPM_DIR / "node_modules"), "CLIENTS_NODE_MODULES": str(NPM_DIR / "node_modules"),
        "PYTHONUNBUFFERED": "1",
        # no telemetry, no network beyond the loopback servers
        "LITELLM_LOCAL_MODEL_COST_MAP": "True", "LITELLM_TELEMETRY": "False", "OPENAI_AGENTS_DISABLE_TRACING": "1",
        "NO_PROXY": "*", "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
        "UNIFY_KEY": KEY, "UNIFY_BASE_URL": origins.get("unify", "") + "/v0", "JAMAI_API_BASE": "",
    })
    started = time.monotonic()
    proc = subprocess.Popen([exe, str(PROBES / script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, cwd=PROBES, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
        status = f"exited {proc.returncode}"
    except subprocess.TimeoutExpired:
        kill_tree(proc)
        out, err = proc.communicate()
        status = f"killed after {timeout:g}s"
    results: list[dict[str, Any]] = []
    for line in out.decode(errors="replace").splitlines():
        with contextlib.suppress(ValueError):
            item = json.loads(line)
            if isinstance(item, dict) and {"client", "platform", "check", "ok"} <= item.keys():
                results.append(item)
    seen = {(r["platform"], r["check"]) for r in results}
    tail = " | ".join(err.decode(errors="replace").strip().splitlines()[-6:])
    for platform, checks in CHECKS[client].items():
        for check in checks:
            if (platform, check) not in seen:
                results.append({"client": client, "platform": platform, "check": check, "ok": False,
                                "detail": f"no result: the probe {status} ({tail or 'no stderr'})"})
    for r in results:
        r.setdefault("seconds_probe", round(time.monotonic() - started, 1))
    return results


def run_all(python: str = sys.executable, clients: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Serve every profile, run every installed client's probe concurrently; the results and versions."""
    wanted = clients or tuple(CLIENTS)
    ready = {rt: runtime_ready(rt) for rt in ("main", "legacy", "node")}
    results: list[dict[str, Any]] = []
    started = time.monotonic()
    with servers(python) as origins:
        lock = threading.Lock()

        def one(client: str) -> None:
            got = run_probe(client, origins)
            with lock:
                results.extend(got)

        threads = [threading.Thread(target=one, args=(c,)) for c in wanted if ready[CLIENTS[c][0]]]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "seconds": round(time.monotonic() - started, 1),
        "ready": ready,
        "versions": versions(),
        "results": sorted(results, key=lambda r: (r["client"], PLATFORMS.index(r["platform"]), r["check"])),
    }


def versions() -> dict[str, str]:
    out: dict[str, str] = {}
    for venv, (_path, reqs) in VENVS.items():
        for name, version in _pins(reqs).items():
            out[name] = f"{version} ({venv} venv)"
    for req in NPM_REQS:
        name, _, version = req.rpartition("@")
        out[f"npm {name}"] = version
    with contextlib.suppress(OSError):
        out["node"] = subprocess.run(["node", "--version"], capture_output=True, text=True, timeout=10).stdout.strip()
    return out


@contextlib.contextmanager
def shared_run(python: str = sys.executable, cache: Path = RESULTS) -> Any:
    """run_all once for all pytest-xdist workers: the first takes the lock and runs, the others read."""
    cache.parent.mkdir(parents=True, exist_ok=True)
    with open(cache.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if cache.exists():
                data = json.loads(cache.read_text())
            else:
                data = run_all(python)
                cache.write_text(json.dumps(data, indent=1))
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    yield data


def _kind(r: dict[str, Any]) -> str:
    detail = str(r.get("detail", ""))
    if not r["ok"]:
        return "fail"
    if detail.startswith("refused as expected"):
        return "refused"
    if detail.startswith("ignored as expected"):
        return "ignored"
    return "pass"


def write_matrix(data: dict[str, Any], path: Path = MATRIX) -> None:
    results = data["results"]
    counts = {"pass": 0, "refused": 0, "ignored": 0, "fail": 0}
    cells: dict[tuple[str, str], list[str]] = {}
    for r in results:
        kind = _kind(r)
        counts[kind] += 1
        mark = {"pass": "", "refused": " (refused)", "ignored": " (ignored)", "fail": " **FAIL**"}[kind]
        if kind != "pass":
            cells.setdefault((r["client"], r["platform"]), []).append(r["check"] + mark)
    lines = [
        "# Client fidelity matrix",
        "",
        "Written by `.venv/bin/python scripts/clients.py --matrix` (issue 12): one `unispec serve --platform X`",
        "per profile, each client's probe (tests/clients/) run once against every profile it applies to.",
        "`tests/test_clients.py` runs the same probes and fails on every failed check below.",
        "",
        f"Measured {data['date']} in {data['seconds']} s: **{counts['pass']} passed, {counts['refused']} refused as "
        f"expected, {counts['ignored']} ignored as expected, {counts['fail']} failed** of {len(results)} checks.",
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in data["versions"].items()) + ".",
        "",
        "## Install",
        "",
        "`python3 scripts/clients.py` (stdlib only; .ci/run runs it; log .bench/clients-install.log) installs:",
        "",
        *[f"- `{path.relative_to(ROOT)}`: {', '.join(reqs)}" for path, reqs in VENVS.values()],
        f"- `{NPM_DIR.relative_to(ROOT)}`: {', '.join(NPM_REQS)} (node {data['versions'].get('node', '?')})",
        "",
        "Two venvs because the pins do not resolve in one: unifyai 0.9.172 requires openai<3, instructor 1.17.0"
        " requires jiter<0.15 while openai 3.x from 3.31 on (needed by pydantic-ai-slim[openai]) requires"
        " jiter>=0.16, and openai-agents needs openai>=3. The npm pins are the newest majors that run on node 20"
        " (openai 7, ai 7 and @ai-sdk/openai 4 declare node>=22). jamaibase 1.0.5 imports pycountry and fastapi"
        " without declaring them, so both are pinned beside it.",
        "",
        "## Matrix",
        "",
        "Each cell: checks passed / run; then the checks refused as expected (the real platform refuses them"
        " too), ignored as expected (the real platform accepts the request and drops the feature) and the failed ones.",
        "",
        "| client | " + " | ".join(PLATFORMS) + " |",
        "|---|" + "---|" * len(PLATFORMS),
    ]
    for client in CLIENTS:
        row = [client]
        for platform in PLATFORMS:
            mine = [r for r in results if r["client"] == client and r["platform"] == platform]
            if not mine:
                row.append("–")
                continue
            ok = sum(1 for r in mine if r["ok"])
            extra = cells.get((client, platform), [])
            row.append(f"{ok}/{len(mine)}" + ("<br>" + "<br>".join(extra) if extra else ""))
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", "## Refused or ignored as expected", ""]
    for r in results:
        if _kind(r) in ("refused", "ignored"):
            detail = " ".join(str(r.get("detail", "")).split())[:300]
            lines.append(f"- {r['client']} / {r['platform']} / {r['check']}: {detail}")
    lines += ["", "## Failed", ""]
    for r in results:
        if not r["ok"]:
            detail = " ".join(str(r.get("detail", "")).split())[:400]
            lines.append(f"- {r['client']} / {r['platform']} / {r['check']}: {detail}")
    path.write_text("\n".join(lines) + "\n")


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--probe":  # --probe CLIENT...: run those probes only, print their results
        data = run_all(sys.executable, tuple(argv[1:]))
        for r in data["results"]:
            print(json.dumps(r))
        return 0
    if argv and argv[0] == "--matrix":
        out = Path(argv[1]) if len(argv) > 1 else MATRIX
        data = run_all(sys.executable)
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.with_name("clients-matrix-results.json").write_text(json.dumps(data, indent=1))
        write_matrix(data, out)
        print(f"{out}: {len(data['results'])} checks in {data['seconds']} s", file=sys.stderr)
        return 0
    return install_all()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
