#!/usr/bin/env python3
"""Install the third-party peers the tests run against: the LiteLLM proxy in .bench/peers-venv.

    python scripts/peers.py        # installs litellm[proxy]==1.106.2 if missing, prints the venv's python

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


def main() -> int:
    if litellm_ready():
        print(PEERS_PYTHON)
        return 0
    print(f"peers: installing {LITELLM_REQ} into {PEERS_VENV} (timeout {TIMEOUT:.0f}s; log {LOG})", file=sys.stderr)
    try:
        python = install_litellm()
    except (PeersError, OSError) as exc:
        print(f"peers: {exc}", file=sys.stderr)
        return 1
    print(python)
    return 0


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
