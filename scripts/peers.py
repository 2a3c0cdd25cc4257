#!/usr/bin/env python3
"""Install the third-party peers the tests run against: the LiteLLM proxy in .bench/peers-venv,
and Portkey's gateway (npm `@portkey-ai/gateway`) in .bench/portkey.

    python scripts/peers.py        # installs both if missing, prints the venv's python

Stdlib only, so it runs before (and without) the project venv. The venv, the requirement and the
installer are defined here and nowhere else: scripts/bench.py and tests/test_contract_litellm.py
import them (bench.py installs py-spy beside LiteLLM through `install_litellm(extra=...)`).

Exit 0 with the python's path on stdout; exit 1 with the tail of the pip log on stderr when the
install fails or does not finish within the timeout (PEERS_TIMEOUT seconds, default 900).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / ".bench"
PEERS_VENV = BENCH_DIR / "peers-venv"
PEERS_BIN = PEERS_VENV / "bin"
PEERS_PYTHON = PEERS_BIN / "python"
LITELLM_REQ = "litellm[proxy]==1.106.2"
LOG = BENCH_DIR / "peers-install.log"
TIMEOUT = float(os.environ.get("PEERS_TIMEOUT", "900"))
PORTKEY_DIR = BENCH_DIR / "portkey"
PORTKEY_REQ = "@portkey-ai/gateway@1.15.2"
PORTKEY_SERVER = PORTKEY_DIR / "node_modules" / "@portkey-ai" / "gateway" / "build" / "start-server.js"


class PeersError(Exception):
    """The peers venv could not be made ready; the message carries the pip log tail."""


_PROBE = (
    "import importlib.metadata as m, importlib.util as u, sys\n"
    "missing = [n for n in ('litellm', 'fastapi', 'uvicorn', 'yaml', 'backoff') if u.find_spec(n) is None]\n"
    "sys.exit(1 if missing or m.version('litellm') != sys.argv[1] else 0)\n"
)


def litellm_ready(python: Path = PEERS_PYTHON) -> bool:
    """litellm (the pinned version) and its proxy extras are installed in the venv.

    Checked by metadata and find_spec, not by importing: importing litellm's proxy takes ~20 s.
    """
    if not python.exists() or not (PEERS_BIN / "litellm").exists():
        return False
    try:
        probe = subprocess.run(
            [str(python), "-c", _PROBE, LITELLM_REQ.split("==")[1]],
            capture_output=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def _tail(lines: int = 25) -> str:
    try:
        text = LOG.read_text(errors="replace")
    except OSError:
        return "(no pip log)"
    return "\n".join(line if len(line) <= 400 else line[:399] + "…" for line in text.strip().splitlines()[-lines:])


def _run_logged(cmd: list[str], deadline: float) -> None:
    with open(LOG, "ab") as out:
        out.write(f"\n$ {' '.join(cmd)}\n".encode())
        out.flush()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            rc = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            kill_tree(proc)  # pip's own children too
            raise PeersError(f"{cmd[0]} did not finish within {TIMEOUT:.0f}s (log {LOG}):\n{_tail()}") from None
    if rc != 0:
        raise PeersError(f"{' '.join(cmd[:4])} ... exited {rc} (log {LOG}):\n{_tail()}")


def install_litellm(timeout: float = TIMEOUT, extra: tuple[str, ...] = ()) -> Path:
    """Create the venv if needed and pip-install LITELLM_REQ (and `extra`) into it; raises PeersError."""
    deadline = time.monotonic() + timeout
    BENCH_DIR.mkdir(exist_ok=True)
    if not PEERS_PYTHON.exists():
        _run_logged([sys.executable, "-m", "venv", str(PEERS_VENV)], deadline)
    pip = [str(PEERS_PYTHON), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    _run_logged([*pip, LITELLM_REQ, *extra], deadline)
    if not litellm_ready():
        raise PeersError(f"pip reported success but litellm's proxy is not importable (log {LOG}):\n{_tail()}")
    return PEERS_PYTHON


def portkey_ready() -> bool:
    """Portkey's gateway (the pinned version) is installed and node can run it."""
    import json
    import shutil

    if shutil.which("node") is None or not PORTKEY_SERVER.exists():
        return False
    try:
        meta = json.loads((PORTKEY_SERVER.parents[1] / "package.json").read_text())
    except (OSError, ValueError):
        return False
    return meta.get("version") == PORTKEY_REQ.rsplit("@", 1)[1]


def install_portkey(timeout: float = TIMEOUT) -> Path:
    """npm-install PORTKEY_REQ into .bench/portkey; raises PeersError (no node or npm, or a failed install)."""
    import shutil

    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise PeersError("node and npm are needed for Portkey's gateway (apt-get install nodejs npm)")
    PORTKEY_DIR.mkdir(parents=True, exist_ok=True)
    _run_logged([npm, "install", "--prefix", str(PORTKEY_DIR), "--no-audit", "--no-fund", PORTKEY_REQ],
                time.monotonic() + timeout)
    if not portkey_ready():
        raise PeersError(f"npm reported success but {PORTKEY_SERVER} is missing (log {LOG}):\n{_tail()}")
    return PORTKEY_SERVER


def main() -> int:
    rc = 0
    if not litellm_ready():
        print(f"peers: installing {LITELLM_REQ} into {PEERS_VENV} (timeout {TIMEOUT:.0f}s; log {LOG})", file=sys.stderr)
        try:
            install_litellm()
        except (PeersError, OSError) as exc:
            print(f"peers: {exc}", file=sys.stderr)
            rc = 1
    if not portkey_ready():
        print(f"peers: installing {PORTKEY_REQ} into {PORTKEY_DIR} (log {LOG})", file=sys.stderr)
        try:
            install_portkey()
        except (PeersError, OSError) as exc:
            print(f"peers: {exc}", file=sys.stderr)
            rc = 1
    if rc == 0:
        print(PEERS_PYTHON)
    return rc


def kill_tree(proc: subprocess.Popen) -> None:
    """Stop a peer started in its own process group (start_new_session=True): TERM, then KILL."""
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


if __name__ == "__main__":
    sys.exit(main())
