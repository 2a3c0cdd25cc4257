"""Client fidelity (issue 12): each platform's own SDK and the popular clients against `unispec serve --platform X`.

scripts/clients.py installs the clients into their own venvs (.bench/clients-venv, .bench/clients-legacy-venv) and
.bench/clients-npm, and defines the run: one `unispec serve --platform X --host 127.0.0.1 --port <free>` per profile,
each probe under tests/clients/ run once (concurrently, as a subprocess of its own venv's python or of node) against
every profile it applies to. Every check a probe makes is one case here; a failed check fails with its detail.
The run happens once per test session, shared by the pytest-xdist workers through a lock file.

A case is skipped only when its client's venv or npm install is missing or failed (`python scripts/clients.py`
installs them; .ci/run does that first).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]


def _clients() -> Any:
    spec = importlib.util.spec_from_file_location("unispec_clients", REPO / "scripts" / "clients.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


clients = _clients()
CASES = [
    (client, platform, check)
    for client, by_platform in clients.CHECKS.items()
    for platform, checks in by_platform.items()
    for check in checks
]


@pytest.fixture(scope="session")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    # under xdist every worker's basetemp sits in the session's own directory: share the run there
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    with clients.shared_run(sys.executable, root / "clients-results.json") as data:
        return data


@pytest.mark.parametrize(("client", "platform", "check"), CASES, ids=["/".join(c) for c in CASES])
def test_client_check(run: dict[str, Any], client: str, platform: str, check: str) -> None:
    runtime = clients.CLIENTS[client][0]
    if not run["ready"][runtime]:
        where = "npm packages in .bench/clients-npm" if runtime == "node" else f"{runtime} clients venv"
        pytest.skip(f"the {where} is not installed (or its install failed): run `python3 scripts/clients.py`; "
                    f"log {clients.LOG}")
    found = [r for r in run["results"] if (r["client"], r["platform"], r["check"]) == (client, platform, check)]
    assert len(found) == 1, f"{len(found)} results for {client} / {platform} / {check}"
    result = found[0]
    assert result["ok"], f"{client} against {platform}, {check}: {result['detail']}"


def test_probes_report_only_their_checks(run: dict[str, Any]) -> None:
    expected = set(CASES)
    extra = [r for r in run["results"] if (r["client"], r["platform"], r["check"]) not in expected]
    assert not extra, extra


def test_the_run_is_bounded(run: dict[str, Any]) -> None:
    # every server and probe of the run, concurrently: it must stay well inside the module's budget
    assert run["seconds"] < 90, run["seconds"]
