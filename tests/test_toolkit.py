"""unispec as a user gets it: a wheel built from this repository, installed into a fresh virtual
environment, used in an empty directory that has nothing of this checkout.

The fresh venv gets unispec from the wheel only. Its third-party dependencies come from this test
venv's site-packages (linked in, without unispec and the generated package), because resolving them
from the index takes over a minute and a half here; that the wheel *declares* each one it imports
is checked on its own, against the wheel's metadata.
"""

from __future__ import annotations

import ast
import email.parser
import json
import os
import re
import signal
import subprocess
import sys
import sysconfig
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.timeout(300)

# Not linked into the fresh venv: what the wheel must bring, and what this checkout installs.
_OWN = re.compile(r"^(_?unispec|_?unified_chat|_editable_impl_|__editable__|__pycache__)|\.pth$", re.IGNORECASE)


def run(cmd: list[Any], cwd: Path, env: dict[str, str] | None = None, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def ok(proc: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert proc.returncode == 0, f"{proc.args}\nexit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc


class Toolkit:
    def __init__(self, root: Path, wheel: Path):
        self.root, self.wheel = root, wheel
        self.venv = root / "venv"
        self.bin = self.venv / "bin"
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")},
            "PATH": f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}",
            "UNISPEC_CACHE_DIR": str(root / "cache"),
        }

    def unispec(self, *args: Any, cwd: Path) -> subprocess.CompletedProcess[str]:
        return run([self.bin / "unispec", *args], cwd, self.env)

    def python(self, code: str, *args: Any, cwd: Path) -> subprocess.CompletedProcess[str]:
        return run([self.bin / "python", "-c", code, *args], cwd, self.env)

    def pip_install(self, *args: Any, cwd: Path) -> subprocess.CompletedProcess[str]:
        return run([sys.executable, "-m", "pip", "--python", self.bin / "python", "install", "-q", "--no-deps", *args], cwd)

    @contextmanager
    def serve(self, *args: Any, cwd: Path) -> Iterator[str]:
        """`unispec serve` on a free port: yields its origin, read from what it prints; stops it after."""
        proc = subprocess.Popen(
            [self.bin / "unispec", "serve", "--port", "0", *args],
            cwd=cwd, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        try:
            assert proc.stdout is not None
            deadline = time.monotonic() + 60
            first = ""
            while time.monotonic() < deadline and not first:
                line = proc.stdout.readline()
                if not line:
                    break
                if line.startswith("unispec serve: the reference backend as"):
                    first = line
            if not first:
                proc.kill()
                raise AssertionError(f"unispec serve did not start:\n{proc.stderr.read() if proc.stderr else ''}")
            match = re.search(r" at (http://127\.0\.0\.1:\d+)", first)
            assert match, first
            yield match.group(1)
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


@pytest.fixture(scope="module")
def toolkit(tmp_path_factory: pytest.TempPathFactory) -> Toolkit:
    root = tmp_path_factory.mktemp("toolkit")
    ok(run([sys.executable, "-m", "pip", "wheel", REPO, "--no-deps", "-q", "-w", root / "wheels"], root))
    (wheel,) = (root / "wheels").glob("unispec-*.whl")
    kit = Toolkit(root, wheel)
    ok(run([sys.executable, "-m", "venv", "--without-pip", kit.venv], root))
    ok(kit.pip_install(wheel, cwd=root))
    deps = root / "deps"
    deps.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not _OWN.search(entry.name):
            (deps / entry.name).symlink_to(entry)
    # ruff's package finds its binary next to the interpreter: the one data file outside site-packages
    (kit.bin / "ruff").symlink_to(Path(sysconfig.get_paths()["scripts"]) / "ruff")
    site = Path(ok(kit.python("import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=root)).stdout.strip())
    (site / "_unispec_test_deps.pth").write_text(f"{deps}\n", encoding="utf-8")
    return kit


def test_the_wheel_carries_templates_starter_spec_and_declares_what_it_imports(toolkit: Toolkit) -> None:
    with zipfile.ZipFile(toolkit.wheel) as whl:
        names = set(whl.namelist())
        meta = email.parser.Parser().parsestr(whl.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode())
        # The runtime under unispec/runtime is copied into generated packages, never imported by
        # the toolkit: its imports are the generated package's dependencies, not the toolkit's.
        sources = {n: whl.read(n).decode() for n in names if n.endswith(".py") and not n.startswith("unispec/runtime/")}
        assert "unispec/runtime/_base_client.py" in names and "unispec/runtime/py.typed" in names
    templates = {n.removeprefix("unispec/_data/templates/") for n in names if n.startswith("unispec/_data/templates/")}
    assert templates == {p.relative_to(REPO / "templates").as_posix() for p in (REPO / "templates").rglob("*.jinja")}
    assert "unispec/_data/spec/openapi.yaml" in names
    # importlib.resources finds them in the installed package, not in this checkout
    where = ok(toolkit.python(
        "from unispec.resources import starter_spec, templates_dir; print(templates_dir()); print(starter_spec())",
        cwd=toolkit.root,
    )).stdout.split()
    site = toolkit.venv / "lib"
    assert all(Path(p).is_relative_to(site) and "unispec/_data/" in p for p in where), where

    declared = {re.match(r"[A-Za-z0-9_.\-]+", r).group(0).lower().replace("_", "-") for r in meta.get_all("Requires-Dist") or []
                if "extra ==" not in r}
    imported: set[str] = set()
    for text in sources.values():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Import):
                imported.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {m for m in imported if m not in sys.stdlib_module_names and m not in ("unispec", "unified_chat")}
    owners = metadata.packages_distributions()
    undeclared = {m: owners.get(m) for m in third_party if not {d.lower().replace("_", "-") for d in owners.get(m, [])} & declared}
    assert third_party and not undeclared, f"imported but not in Requires-Dist: {undeclared}"


def _client_script() -> str:
    return """
import sys
import unified_chat
from unified_chat import Client
url, platform, key = sys.argv[1:4]
with Client(platform=platform, api_key=key, base_url=url, max_retries=0) as client:
    model = client.model_id("unispec-large", provider="unispec")
    reply = client.chat.completions.create(model=model, messages=[{"role": "user", "content": "Say hello"}], seed=1)
    text = "".join(c.choices[0].delta.content or "" for c in client.chat.completions.create(
        model=model, messages=[{"role": "user", "content": "Say hello"}], seed=1, stream=True) if c.choices)
print(unified_chat.__file__)
print(reply.choices[0].message.content == text and bool(text), reply.model)
"""


def _add_profile(spec: Path) -> None:
    """A 7th platform, by editing the spec alone: its own base path, model-id format and auth header."""
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    data["components"]["securitySchemes"]["acmeKey"] = {
        "type": "apiKey", "in": "header", "name": "x-acme-key", "description": "Acme's key header.",
    }
    openai = data["x-unispec-platforms"]["openai"]
    data["x-unispec-platforms"]["acme"] = {
        **openai, "title": "Acme Gateway", "base_path": "/acme/v2", "model_format": "acme:{model}",
        "model_example": "acme:gpt-4o", "auth": {"scheme": "acmeKey", "optional_headers": []},
    }
    for prop in data["components"]["schemas"]["ChatCompletionRequest"]["properties"].values():
        if "openai" in prop.get("x-platforms", []):
            prop["x-platforms"].append("acme")
            if "openai" in prop.get("x-platform-rules", {}):
                prop["x-platform-rules"]["acme"] = prop["x-platform-rules"]["openai"]
    spec.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def test_init_validate_generate_install_serve_and_a_seventh_platform(toolkit: Toolkit) -> None:
    project = toolkit.root / "project"
    project.mkdir()
    init = ok(toolkit.unispec("init", cwd=project))
    assert (project / "spec" / "openapi.yaml").read_bytes() == (REPO / "spec" / "openapi.yaml").read_bytes()
    assert "[tool.unispec]" in (project / "pyproject.toml").read_text(encoding="utf-8"), init.stdout
    assert ok(toolkit.unispec("validate", cwd=project)).stdout.startswith(f"{project / 'spec' / 'openapi.yaml'}: valid")
    assert "already up to date" in ok(toolkit.unispec("generate", cwd=project)).stdout

    ok(toolkit.pip_install(project / "generated", cwd=project))
    with toolkit.serve("--platform", "unify", "--api-key", "k1", cwd=project) as url:
        answer = ok(toolkit.python(_client_script(), url, "unify", "k1", cwd=toolkit.root)).stdout.split("\n")
    installed = Path(answer[0])
    assert installed.is_relative_to(toolkit.venv) and not installed.is_relative_to(project), answer
    assert answer[1] == "True unispec-large@unispec", answer

    # a 7th profile, added to the spec only: a choice of serve and contract, with no Python edited
    _add_profile(project / "spec" / "openapi.yaml")
    ok(toolkit.unispec("validate", cwd=project))
    refused = toolkit.unispec("serve", "--platform", "nope", cwd=project)
    assert refused.returncode == 2 and "bifrost, sgp, acme (x-unispec-platforms)" in refused.stderr, refused.stderr
    ok(toolkit.unispec("generate", cwd=project))
    with toolkit.serve("--platform", "acme", "--api-key", "k2", cwd=project) as url:
        models = ok(toolkit.python(
            "import sys, httpx; r = httpx.get(sys.argv[1] + '/acme/v2/models', headers={'x-acme-key': 'k2'}); "
            "print(r.status_code, [m['id'] for m in r.json()['data']][:1])", url, cwd=toolkit.root,
        )).stdout
        assert models.startswith("200 ['acme:"), models
        # from outside the project, with --spec: judged by that spec's own models and profiles, from a
        # package generated for it into the cache (nothing installed knows acme)
        report = toolkit.root / "acme.json"
        spec = project / "spec" / "openapi.yaml"
        contract = toolkit.unispec(
            "contract", "--spec", spec, "--base-url", url, "--platform", "acme", "--api-key", "k2",
            "--report-json", report, cwd=toolkit.root,
        )
    assert contract.returncode == 0, contract.stdout + contract.stderr
    assert f"generating unified_chat from {spec} into {toolkit.root / 'cache'}" in contract.stderr
    doc = json.loads(report.read_text(encoding="utf-8"))
    assert (doc["platform"], doc["ok"]) == ("acme", True) and doc["model"].startswith("acme:"), doc["model"]
    # every argument the spec says acme accepts was a case, judged by the 7th profile's own rules
    accepted = {name for name, prop in yaml.safe_load((project / "spec" / "openapi.yaml").read_text())["components"][
        "schemas"]["ChatCompletionRequest"]["properties"].items() if "acme" in prop["x-platforms"]}
    assert accepted and accepted <= {r["param"] for r in doc["results"] if r["claimed"]}, doc["results"][:3]
