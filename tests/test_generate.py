"""`unispec generate`, checked the way a spec maintainer would: generate into scratch directories,
compare trees byte for byte, break inputs and outputs on purpose, and read what the command says.

The repo's generated/ is only ever *read* here (`--check`, imports); every write goes to tmp dirs.
The spec and templates are snapshotted once per session, so concurrent edits to spec/ or
templates/ cannot make two runs of this file disagree with each other.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

import unispec.generate as gen
from unispec.generate import GenerationError
from unispec.spec import load_spec

REPO = Path(__file__).resolve().parents[1]
REPO_SPEC = REPO / "spec" / "openapi.yaml"
REPO_TEMPLATES = REPO / "templates"
REPO_GENERATED = REPO / "generated"
MANIFEST = ".unispec-manifest.json"
# What `--check` and the swap deliberately leave alone inside an output directory (tools' litter).
LITTER = re.compile(r"(^|/)(__pycache__|\.pytest_cache|\.ruff_cache|build|dist)(/|$)|\.pyc$|\.egg-info(/|$)")
LISTED = re.compile(r"^  (missing|differs|unexpected) +(\S+)$")


# ----------------------------------------------------------------------------------------- helpers


def unispec(*args: Any, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "unispec", *map(str, args)],
        capture_output=True, text=True, timeout=120, cwd=REPO, env=env,
    )


def tree(root: Path) -> dict[str, bytes | None]:
    """Every entry under root: files -> bytes, directories -> None (so an added empty dir shows)."""
    return {
        p.relative_to(root).as_posix(): (None if p.is_dir() else p.read_bytes())
        for p in sorted(root.rglob("*"))
    }


def files_of(root: Path) -> dict[str, bytes]:
    return {k: v for k, v in tree(root).items() if v is not None}


def tree_diff(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    return sorted(k for k in set(a) | set(b) if a.get(k, "<absent>") != b.get(k, "<absent>"))


def listed(stdout: str) -> dict[str, str]:
    """The `  <kind> <path>` lines of a --check report, path -> kind."""
    out = {}
    for line in stdout.splitlines():
        m = LISTED.match(line)
        if m:
            out[m.group(2)] = m.group(1)
    return out


def siblings(out: Path) -> list[str]:
    """Staging/old directories the swap may leave next to `out`."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def edit_text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"expected exactly one {old!r} in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


# ---------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A snapshot of spec/ and templates/ taken once, used by every generation below."""
    root = tmp_path_factory.mktemp("inputs")
    shutil.copy2(REPO_SPEC, root / "openapi.yaml")
    shutil.copytree(REPO_TEMPLATES, root / "templates")
    return {"spec": root / "openapi.yaml", "templates": root / "templates"}


@pytest.fixture(scope="session")
def pair(tmp_path_factory: pytest.TempPathFactory, inputs: dict[str, Path]) -> tuple[Path, Path]:
    """Two independent `unispec generate` runs (different hash seeds), run side by side."""
    outs = [tmp_path_factory.mktemp(f"run{i}") / "generated" for i in (1, 2)]
    procs = []
    for seed, out in zip(("1", "2"), outs, strict=True):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "unispec", "generate", "--spec", str(inputs["spec"]),
             "--templates", str(inputs["templates"]), "--out", str(out)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, env=env,
        ))
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, f"generate failed:\n{stdout}\n{stderr}"
    return outs[0], outs[1]


@pytest.fixture(scope="session")
def fresh(pair: tuple[Path, Path]) -> dict[str, bytes]:
    return files_of(pair[0])


@pytest.fixture
def up_to_date(tmp_path: Path, pair: tuple[Path, Path]) -> Path:
    out = tmp_path / "generated"
    shutil.copytree(pair[0], out)
    return out


@pytest.fixture
def stale(up_to_date: Path) -> tuple[Path, dict[str, bytes | None]]:
    """An output dir a successful generation would rewrite (one file edited, one deleted, one extra),
    with a snapshot of all of its bytes."""
    types = up_to_date / "unified_chat" / "_types.py"
    types.write_bytes(types.read_bytes() + b"# hand edit\n")
    (up_to_date / "README.md").unlink()
    (up_to_date / "unified_chat" / "extra.py").write_text("x = 1\n")
    return up_to_date, tree(up_to_date)


def assert_untouched(out: Path, snapshot: dict[str, bytes | None]) -> None:
    assert out.is_dir(), f"{out} is gone; siblings: {siblings(out)}"
    assert tree_diff(snapshot, tree(out)) == [], "the output directory changed"
    assert siblings(out) == [], "a staging/old directory was left behind"


# ------------------------------------------------------------------------- 1. reproducible, headers


def test_two_runs_give_byte_identical_trees(pair: tuple[Path, Path]) -> None:
    a, b = tree(pair[0]), tree(pair[1])
    assert tree_diff(a, b) == []
    expected = {MANIFEST, "README.md", "pyproject.toml", "unified_chat/__init__.py",
                "unified_chat/models.py", "unified_chat/_client.py", "unified_chat/server.py"}
    assert expected <= set(a)
    assert siblings(pair[0]) == [] and siblings(pair[1]) == []


def test_every_file_starts_with_the_header(fresh: dict[str, bytes], inputs: dict[str, Path]) -> None:
    # The header names the generator, not the spec's hash (that would rewrite every file on any
    # edit of the spec text); the manifest records which spec text the tree came from.
    header = re.compile(r"generated by unispec \S+, do not edit")
    wrappers = {".md": ("<!-- ", " -->"), ".py": ("# ", ""), ".toml": ("# ", ""), ".typed": ("# ", "")}
    assert len(fresh) > 10
    for rel, data in fresh.items():
        if rel == MANIFEST:
            doc = json.loads(data)
            assert header.fullmatch(doc["generated"]), doc["generated"]
            assert doc["spec"] == hashlib.sha256(inputs["spec"].read_bytes()).hexdigest()
            # the manifest records every other file's hash, and only those
            assert doc["files"] == {p: hashlib.sha256(d).hexdigest() for p, d in fresh.items() if p != MANIFEST}
            continue
        first = data.decode("utf-8").split("\n", 1)[0]
        suffix = Path(rel).suffix
        assert suffix in wrappers, f"unexpected kind of generated file: {rel}"
        start, end = wrappers[suffix]
        assert first.startswith(start) and first.endswith(end), f"{rel}: {first!r}"
        assert header.fullmatch(first[len(start): len(first) - len(end)]), f"{rel}: {first!r}"


# ------------------------------------------------------------------- 2. committed generated/ matches


def test_committed_generated_passes_full_check() -> None:
    r = unispec("generate", "--check", "--no-cache")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "up to date" in r.stdout and "(by manifest)" not in r.stdout


def test_committed_generated_passes_manifest_check() -> None:
    r = unispec("generate", "--check")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "up to date" in r.stdout and "(by manifest)" in r.stdout


def test_committed_generated_equals_a_fresh_generation(fresh: dict[str, bytes]) -> None:
    """Every generated file, byte for byte; of the manifest, all but the inputs hash (which changes
    with any edit to the generator's sources, and is what the two --check tests above judge)."""
    committed = {k: v for k, v in files_of(REPO_GENERATED).items() if not LITTER.search(k)}
    strip = lambda files: {**files, MANIFEST: {**json.loads(files[MANIFEST]), "inputs": None}}  # noqa: E731
    assert MANIFEST in committed
    assert tree_diff(strip(fresh), strip(committed)) == []


# -------------------------------------------------------------------------------------- 3. --check


@pytest.mark.parametrize("no_cache", [False, True], ids=["manifest", "no-cache"])
def test_check_lists_exactly_the_edited_deleted_and_extra_files(
    stale: tuple[Path, dict[str, bytes | None]], inputs: dict[str, Path], no_cache: bool
) -> None:
    out, _ = stale
    # tools' litter inside the output is not a difference
    (out / "unified_chat" / "__pycache__").mkdir()
    (out / "unified_chat" / "__pycache__" / "models.cpython-311.pyc").write_bytes(b"\0")
    before = tree(out)
    # --diff needs the content, so it renders in full: it goes with the no-cache variant
    r = unispec("generate", "--check", *(["--no-cache", "--diff"] if no_cache else []),
                "--spec", inputs["spec"], "--templates", inputs["templates"], "--out", out)
    assert r.returncode == 1, r.stdout + r.stderr
    assert listed(r.stdout) == {
        "unified_chat/_types.py": "differs",
        "README.md": "missing",
        "unified_chat/extra.py": "unexpected",
    }, r.stdout
    assert ("(by manifest)" in r.stdout) is (not no_cache)
    types, extra, readme = (f"{out}/unified_chat/_types.py", f"{out}/unified_chat/extra.py", f"{out}/README.md")
    shown = [f"--- {types}\n+++ {types} (generated)\n", "\n-# hand edit\n", f"--- {extra}\n+++ /dev/null\n",
             "\n-x = 1\n", f"--- /dev/null\n+++ {readme} (generated)\n"]
    assert [line in r.stdout for line in shown] == [no_cache] * len(shown), r.stdout
    assert f"{out}/{MANIFEST}" not in r.stdout  # it matched but for the cache keys: no hunk
    assert tree_diff(before, tree(out)) == [], "--check wrote to the output"


def test_check_with_a_stale_manifest_regenerates_in_full(
    up_to_date: Path, inputs: dict[str, Path], tmp_path: Path
) -> None:
    spec = tmp_path / "openapi.yaml"
    shutil.copy2(inputs["spec"], spec)
    edit_text(spec, "  description: |\n    The merged request,", "  description: |\n    The merged (edited) request,")
    assert yaml.safe_load(spec.read_text())["info"]["description"] != yaml.safe_load(inputs["spec"].read_text())["info"]["description"]
    r = unispec("generate", "--check", "--spec", spec, "--templates", inputs["templates"], "--out", up_to_date)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "(by manifest)" not in r.stdout
    # only what the edit changes: the served spec, the content hash the package exports, the manifest
    got = listed(r.stdout)
    assert got == {p: "differs" for p in (MANIFEST, "unified_chat/_openapi.py", "unified_chat/__init__.py")}, r.stdout


# ------------------------------------------------------------------------------------- 4. atomic


def test_broken_spec_leaves_output_untouched(
    stale: tuple[Path, dict[str, bytes | None]], inputs: dict[str, Path], tmp_path: Path
) -> None:
    out, snapshot = stale
    spec = tmp_path / "broken.yaml"
    lines = inputs["spec"].read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("        top_k:\n")
    drop = next(i for i in range(start + 1, len(lines)) if lines[i].strip().startswith("x-argument-class:"))
    assert all(lines[i].startswith("          ") for i in range(start + 1, drop + 1)), "not inside top_k"
    del lines[drop]
    spec.write_text("".join(lines), encoding="utf-8")
    assert "x-argument-class" not in yaml.safe_load(spec.read_text())["components"]["schemas"]["ChatCompletionRequest"]["properties"]["top_k"]

    r = unispec("generate", "--spec", spec, "--templates", inputs["templates"], "--out", out)
    assert r.returncode != 0
    assert f"{spec}:{start + 1}:9: argument-class:" in r.stderr, r.stderr
    assert "'top_k'" in r.stderr and "1 finding(s)" in r.stderr, r.stderr
    assert "left as it was" in r.stderr
    assert_untouched(out, snapshot)


@pytest.mark.parametrize(
    "expr, error",
    [("{{ undefined_variable }}", "undefined_variable"), ("{{ 1/0 }}", "ZeroDivisionError")],
    ids=["undefined", "zero-division"],
)
def test_template_failing_to_render_leaves_output_untouched(
    stale: tuple[Path, dict[str, bytes | None]], inputs: dict[str, Path], tmp_path: Path, expr: str, error: str
) -> None:
    out, snapshot = stale
    templates = tmp_path / "templates"
    shutil.copytree(inputs["templates"], templates)
    broken = templates / "unified_chat" / "_operations.py.jinja"
    lines = broken.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(4, expr + "\n")  # becomes line 5, in the middle of the template
    broken.write_text("".join(lines), encoding="utf-8")

    r = unispec("generate", "--spec", inputs["spec"], "--templates", templates, "--out", out)
    assert r.returncode != 0
    assert f"template {broken}:5 failed to render" in r.stderr, r.stderr
    assert error in r.stderr, r.stderr
    assert_untouched(out, snapshot)


@pytest.mark.parametrize("how", ["bad-flag", "no-interpreter"])
def test_formatter_crash_leaves_output_untouched(
    stale: tuple[Path, dict[str, bytes | None]], inputs: dict[str, Path], monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    out, snapshot = stale
    if how == "bad-flag":
        monkeypatch.setattr(gen, "RUFF_ARGS", [*gen.RUFF_ARGS, "--no-such-ruff-flag"])
    else:
        monkeypatch.setattr(sys, "executable", str(out.parent / "no-such-python"))
    with pytest.raises(GenerationError, match=r"formatter \(ruff check\)"):
        gen.generate(load_spec(inputs["spec"]), out, inputs["templates"])
    assert_untouched(out, snapshot)


def test_write_failing_halfway_leaves_output_untouched(
    stale: tuple[Path, dict[str, bytes | None]], inputs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, snapshot = stale
    staged: list[Path] = []
    real = Path.write_bytes

    def write_bytes(self: Path, data: bytes) -> int:
        if any(part.startswith(f".{out.name}.new-") for part in self.parts):
            if len(staged) == 7:  # of 15 files
                raise OSError(28, "No space left on device (simulated)")
            staged.append(self)
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    with pytest.raises(gen.GenerationError, match="could not write .*simulated"):
        gen.generate(load_spec(inputs["spec"]), out, inputs["templates"])
    assert len(staged) == 7, "the failure was not injected halfway through staging"
    assert not staged[0].exists()
    assert_untouched(out, snapshot)


KILL_SCRIPT = """
import os, signal, sys
from pathlib import Path
from unispec.generate import generate
from unispec.spec import load_spec

spec, templates, out, n = sys.argv[1:]
real, count = Path.write_bytes, [0]

def write_bytes(self, data):
    if any(p.startswith("." + Path(out).name + ".new-") for p in self.parts):
        if count[0] == int(n):
            os.kill(os.getpid(), signal.SIGKILL)
        count[0] += 1
    return real(self, data)

Path.write_bytes = write_bytes
generate(load_spec(spec), Path(out), Path(templates))
print("not killed")
"""


def test_kill_halfway_leaves_output_untouched(
    stale: tuple[Path, dict[str, bytes | None]], inputs: dict[str, Path]
) -> None:
    out, snapshot = stale
    r = subprocess.run(
        [sys.executable, "-c", KILL_SCRIPT, str(inputs["spec"]), str(inputs["templates"]), str(out), "7"],
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )
    assert r.returncode == -9, r.stdout + r.stderr
    assert tree_diff(snapshot, tree(out)) == []
    # SIGKILL cannot clean up: the half-written staging dir is what's left, and only that
    left = siblings(out)
    assert len(left) == 1 and left[0].startswith(f".{out.name}.new-"), left
    assert len(files_of(out.parent / left[0])) == 7


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "rename-fallback"])
def test_swap_replaces_a_stale_tree(
    stale: tuple[Path, dict[str, bytes | None]], fresh: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    """The control for the tests above: without a fault, the same output dir does change."""
    out, _ = stale
    if not exchange:
        monkeypatch.setattr(gen, "_exchange", lambda a, b: False)
    gen.write_atomically(dict(fresh), out)
    assert tree_diff(fresh, files_of(out)) == []
    assert siblings(out) == []


def test_rename_fallback_failing_between_renames_keeps_the_output(
    stale: tuple[Path, dict[str, bytes | None]], fresh: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, snapshot = stale
    monkeypatch.setattr(gen, "_exchange", lambda a, b: False)
    real, calls = os.rename, []

    def rename(src: Any, dst: Any) -> None:
        calls.append((src, dst))
        if len(calls) == 2:
            raise OSError(5, "I/O error (simulated)")
        real(src, dst)

    monkeypatch.setattr(gen.os, "rename", rename)
    with pytest.raises(OSError, match="simulated"):
        gen.write_atomically(dict(fresh), out)
    monkeypatch.undo()
    assert len(calls) == 3  # out -> old, staging -> out (fails), old -> out (restores)
    assert_untouched(out, snapshot)


# ------------------------------------------------------------- 5. a new spec property, no template edit

MIN_P = """\
        min_p:
          type: [number, "null"]
          minimum: 0
          maximum: 1
          description: Minimum probability of a token relative to the most likely one.
          x-argument-class: partially-unified
          x-platforms: [openai, unify, jamai, generic, bifrost, sgp]
"""

MIN_P_SCRIPT = r"""
import inspect, json, sys, threading, time, typing
pkg = sys.argv[1]
sys.path.insert(0, pkg)
import pydantic, uvicorn
import unified_chat
from unified_chat import BadRequestError, Client
from unified_chat.resources.chat_completions import AsyncChatCompletions as AsyncCompletions, ChatCompletions as Completions
from unified_chat.models import ChatCompletion, ChatCompletionRequest, ModelList
from unified_chat.server import ChatHandler, create_app

obs = {"package": unified_chat.__file__}
msgs = [{"role": "user", "content": "hi"}]
obs["field"] = "min_p" in ChatCompletionRequest.model_fields
obs["validates"] = {}
for v in (0.3, 1.5, -0.1):
    try:
        obs["validates"][str(v)] = ChatCompletionRequest.model_validate({"messages": msgs, "min_p": v}).min_p
    except pydantic.ValidationError as e:
        obs["validates"][str(v)] = [[list(err["loc"]), err["type"]] for err in e.errors()]
obs["kw"] = {}
for cls in (Completions, AsyncCompletions):
    p = inspect.signature(cls.create).parameters.get("min_p")
    obs["kw"][cls.__name__] = {
        "kind": p and p.kind.name,
        "annotation": p and str(p.annotation),
        "overloads": [("min_p" in inspect.signature(o).parameters) for o in typing.get_overloads(cls.create)],
        "doc": [l.strip() for l in (cls.create.__doc__ or "").splitlines() if l.strip().startswith("min_p:")],
    }

seen = []
class Handler(ChatHandler):
    async def create_chat_completion(self, request, context):
        seen.append([request.min_p, "min_p" in request.model_fields_set])
        return ChatCompletion.model_validate({
            "id": "c", "object": "chat.completion", "created": 1, "model": "m",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop", "logprobs": None}]})
    async def list_models(self, context):
        return ModelList.model_validate({"object": "list", "data": []})

server = uvicorn.Server(uvicorn.Config(create_app(Handler()), host="127.0.0.1", port=0, log_level="warning", lifespan="off"))
thread = threading.Thread(target=server.run, daemon=True)
thread.start()
deadline = time.monotonic() + 15
while not server.started:
    assert time.monotonic() < deadline and thread.is_alive(), "server did not start"
    time.sleep(0.01)
port = server.servers[0].sockets[0].getsockname()[1]
client = Client(platform="openai", api_key="k", base_url=f"http://127.0.0.1:{port}", max_retries=0)
client.chat.completions.create(messages=msgs, model="gpt-4o", min_p=0.3)
try:
    client.chat.completions.create(messages=msgs, model="gpt-4o", min_p=2)
    obs["invalid"] = "accepted"
except BadRequestError as e:
    obs["invalid"] = {"status": e.status_code, "param": e.param}
obs["seen"] = seen
server.should_exit = True
thread.join(10)
print(json.dumps(obs))
"""


def test_new_spec_property_reaches_models_client_and_server(inputs: dict[str, Path], tmp_path: Path) -> None:
    text = inputs["spec"].read_text(encoding="utf-8")
    anchor = "    ChatCompletionRequest:\n"
    props_at = text.index("      properties:\n", text.index(anchor)) + len("      properties:\n")
    spec = tmp_path / "openapi.yaml"
    spec.write_text(text[:props_at] + MIN_P + text[props_at:], encoding="utf-8")
    before = yaml.safe_load(text)
    after = yaml.safe_load(spec.read_text(encoding="utf-8"))
    request = ["components", "schemas", "ChatCompletionRequest", "properties"]
    old_props = before["components"]["schemas"]["ChatCompletionRequest"]["properties"]
    assert "min_p" not in old_props, "the spec has min_p now; pick another new property for this test"
    new_props = after["components"]["schemas"]["ChatCompletionRequest"].pop("properties")
    assert new_props.pop("min_p")["maximum"] == 1 and new_props == old_props, request
    before["components"]["schemas"]["ChatCompletionRequest"].pop("properties")
    assert before == after, "the edit touched more than the new property"

    out = tmp_path / "pkg"
    r = unispec("generate", "--spec", spec, "--templates", inputs["templates"], "--out", out)
    assert r.returncode == 0, r.stdout + r.stderr

    run = subprocess.run([sys.executable, "-c", MIN_P_SCRIPT, str(out)], capture_output=True, text=True,
                         timeout=60, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    obs = json.loads(run.stdout.strip().splitlines()[-1])
    assert obs["package"] == str(out / "unified_chat" / "__init__.py")
    assert obs["field"] is True
    assert obs["validates"]["0.3"] == 0.3
    assert obs["validates"]["1.5"] == [[["min_p"], "less_than_equal"]]
    assert obs["validates"]["-0.1"] == [[["min_p"], "greater_than_equal"]]
    for name in ("ChatCompletions", "AsyncChatCompletions"):
        kw = obs["kw"][name]
        assert kw["kind"] == "KEYWORD_ONLY", kw
        assert "float" in kw["annotation"] and "None" in kw["annotation"], kw
        assert kw["overloads"] and all(kw["overloads"]), kw
        assert len(kw["doc"]) == 1 and "Minimum probability of a token" in kw["doc"][0], kw
    assert obs["seen"] == [[0.3, True]], "the handler did not get min_p=0.3 (or got the invalid request)"
    assert obs["invalid"] == {"status": 400, "param": "min_p"}


# ------------------------------------------------------------------------- 6. golden-file checks

EXPECTED_CLASSES = [
    "ChatCompletionRequest", "ChatCompletion", "ChatCompletionChunk", "Choice", "ChunkChoice",
    "SystemMessage", "DeveloperMessage", "UserMessage", "AssistantMessage", "ToolMessage", "FunctionMessage",
    "TextPart", "ImageUrlPart", "InputAudioPart", "FilePart", "RefusalPart", "Usage", "Error", "ErrorResponse",
    "ModelList", "Tool", "ToolCall", "ResponseFormatJsonSchema",
]


@pytest.fixture(scope="module")
def models() -> Any:
    import unified_chat
    from unified_chat import models

    assert Path(unified_chat.__file__).resolve() == REPO_GENERATED / "unified_chat" / "__init__.py", (
        "the installed unified_chat is not the repo's generated/ package"
    )
    return models


def test_models_define_the_public_classes(models: Any) -> None:
    from pydantic import BaseModel

    tree_ = ast.parse((REPO_GENERATED / "unified_chat" / "models.py").read_text(encoding="utf-8"))
    defined = {n.name for n in tree_.body if isinstance(n, ast.ClassDef)}
    assert sorted(set(EXPECTED_CLASSES) - defined) == []
    for name in EXPECTED_CLASSES:
        assert issubclass(getattr(models, name), BaseModel), name


def test_messages_are_discriminated_on_role(models: Any) -> None:
    from pydantic import ValidationError

    roles = {"system": "SystemMessage", "developer": "DeveloperMessage", "user": "UserMessage",
             "assistant": "AssistantMessage", "tool": "ToolMessage"}
    msgs = [{"role": r, "content": "x", **({"tool_call_id": "t"} if r == "tool" else {})} for r in roles]
    req = models.ChatCompletionRequest.model_validate({"messages": msgs})
    assert [type(m).__name__ for m in req.messages] == list(roles.values())
    with pytest.raises(ValidationError) as err:
        models.ChatCompletionRequest.model_validate({"messages": [{"role": "robot", "content": "x"}]})
    assert [e["type"] for e in err.value.errors()] == ["union_tag_invalid"]


def test_user_content_parts_are_discriminated_on_type(models: Any) -> None:
    from pydantic import ValidationError

    msg = models.UserMessage.model_validate({"role": "user", "content": [
        {"type": "text", "text": "hi"}, {"type": "image_url", "image_url": {"url": "https://x/y.png"}}]})
    assert [type(p).__name__ for p in msg.content] == ["TextPart", "ImageUrlPart"]
    with pytest.raises(ValidationError) as err:
        models.UserMessage.model_validate({"role": "user", "content": [{"type": "hologram"}]})
    assert "union_tag_invalid" in [e["type"] for e in err.value.errors()]


def test_request_forbids_unknown_fields_and_responses_keep_them(models: Any) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as err:
        models.ChatCompletionRequest.model_validate({"messages": [{"role": "user", "content": "x"}], "x_vendor": 1})
    assert [(e["type"], e["loc"]) for e in err.value.errors()] == [("extra_forbidden", ("x_vendor",))]
    done = models.ChatCompletion.model_validate({
        "id": "c", "object": "chat.completion", "created": 1, "model": "m", "x_vendor": {"a": 1},
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}]})
    assert done.model_extra == {"x_vendor": {"a": 1}}


def test_choice_accepts_log_probs_as_logprobs(models: Any) -> None:
    base = {"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}
    choice = models.Choice.model_validate({**base, "log_probs": {"content": []}})
    assert choice.logprobs is not None and choice.logprobs.content == []
    assert not choice.model_extra
    assert models.Choice.model_validate(base).logprobs is None


def test_generated_package_does_not_import_unispec() -> None:
    sources = sorted((REPO_GENERATED / "unified_chat").rglob("*.py"))
    assert len(sources) > 5
    for src in sources:
        text = src.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n == "unispec" or n.startswith("unispec.") for n in names), f"{src}: {names}"
        assert not re.search(r"""(import_module|__import__)\(\s*["']unispec""", text), src


def test_generated_pyproject_dependencies() -> None:
    project = tomllib.loads((REPO_GENERATED / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    def names(reqs: list[str]) -> set[str]:
        return {re.match(r"[A-Za-z0-9_.\-]+", r).group(0).lower() for r in reqs}

    assert names(project["dependencies"]) == {"pydantic", "httpx"}
    assert "fastapi" in names(project["optional-dependencies"]["server"])


# ------------------------------------------------------------------------------------------ 7. CLI


def test_missing_spec_exits_2_naming_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    r = unispec("generate", "--spec", missing, "--out", tmp_path / "out")
    assert r.returncode == 2, r.stdout + r.stderr
    assert str(missing) in r.stderr and "no such file" in r.stderr
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------- validation beside generation


def test_validation_job_runs_in_a_child_and_agrees_with_validate(tmp_path: Path) -> None:
    # generate validates in a child process; a silent fallback to in-process validation would hide
    # a broken child (it once did), so the child's own answer is checked here.
    from unispec.validate import ValidationJob, validate_spec

    text = (REPO / "spec" / "openapi.yaml").read_text()
    broken = re.sub(r"\n *x-argument-class: unified\n", "\n", text, count=1)
    assert broken != text
    path = tmp_path / "openapi.yaml"
    path.write_text(broken)
    spec = load_spec(path)
    job = ValidationJob(spec)
    findings = job.result()
    assert job._proc is not None and job._proc.returncode == 0, "the child did not answer"
    assert findings == validate_spec(spec)
    assert [f.rule for f in findings] == ["argument-class"]
    clean = ValidationJob(load_spec(REPO / "spec" / "openapi.yaml"))
    assert clean.result() == [] and clean._proc is not None and clean._proc.returncode == 0


# ------------------------------------------------------------------ issue 11: quiet, --diff, leftovers


def test_a_yaml_comment_rewrites_no_generated_file_and_leftovers_go(
    up_to_date: Path, inputs: dict[str, Path], tmp_path: Path
) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(inputs["spec"].read_text(encoding="utf-8") + "# a comment changes no content\n", encoding="utf-8")
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in up_to_date.rglob("*") if p.is_file()}
    # a killed run's staging dir (its process is gone) goes; a live run's (this test's pid) stays
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    staging = up_to_date.parent / f".{up_to_date.name}.new-{dead.stdout.strip()}-abc"
    (staging / "unified_chat").mkdir(parents=True)
    (staging / "unified_chat" / "models.py").write_text("half")
    live = up_to_date.parent / f".{up_to_date.name}.new-{os.getpid()}-xyz"
    live.mkdir()
    r = unispec("generate", "--spec", spec, "--templates", inputs["templates"], "--out", up_to_date)
    assert r.returncode == 0, r.stdout + r.stderr
    assert listed(r.stdout) == {MANIFEST: "differs"}, r.stdout
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in up_to_date.rglob("*") if p.is_file()}
    changed = sorted(p.relative_to(up_to_date).as_posix() for p in before if before[p] != after.get(p))
    assert changed == [MANIFEST]  # neither content nor timestamps of the others changed
    assert json.loads((up_to_date / MANIFEST).read_bytes())["spec"] == hashlib.sha256(spec.read_bytes()).hexdigest()
    assert siblings(up_to_date) == [live.name]
    live.rmdir()


def test_diff_without_check_is_refused(up_to_date: Path) -> None:
    before = tree(up_to_date)
    r = unispec("generate", "--diff", "--out", up_to_date)
    assert r.returncode == 2 and "--diff only goes with --check" in r.stderr
    assert tree_diff(before, tree(up_to_date)) == []


def test_staging_dirs_are_ignored_by_git(tmp_path: Path) -> None:
    for name in (".generated.new-123-abc", ".generated.old-123-abc"):
        (REPO / name).mkdir()
        try:
            r = subprocess.run(["git", "check-ignore", "-q", name], cwd=REPO, timeout=30)
            assert r.returncode == 0, f"{name} is not ignored by git"
        finally:
            (REPO / name).rmdir()


# ----------------------------------------------------------------- issue 11: errors, not false success


@pytest.mark.parametrize("kind", ["missing", "empty", "file"])
def test_unusable_template_directory_is_an_error(up_to_date: Path, inputs: dict[str, Path], tmp_path: Path, kind: str) -> None:
    templates = tmp_path / "templates"
    if kind == "empty":
        templates.mkdir()
    elif kind == "file":
        templates.write_text("x")
    before = tree(up_to_date)
    r = unispec("generate", "--spec", inputs["spec"], "--templates", templates, "--out", up_to_date)
    assert r.returncode == 1, r.stdout + r.stderr
    reason = {"missing": "does not exist", "empty": "holds no *.jinja templates", "file": "is not a directory"}[kind]
    assert f"template directory {templates} {reason}" in r.stderr and "Traceback" not in r.stderr
    assert "up to date" not in r.stdout
    assert tree_diff(before, tree(up_to_date)) == [] and siblings(up_to_date) == []


def test_templates_that_make_no_package_are_an_error(up_to_date: Path, inputs: dict[str, Path], tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "README.md.jinja").write_text("hello\n")
    before = tree(up_to_date)
    r = unispec("generate", "--spec", inputs["spec"], "--templates", templates, "--out", up_to_date)
    assert r.returncode == 1, r.stdout + r.stderr
    assert f"the templates in {templates} yield no package" in r.stderr and "Traceback" not in r.stderr
    assert tree_diff(before, tree(up_to_date)) == [] and siblings(up_to_date) == []


def test_generate_refuses_a_spec_with_the_new_lints_findings(
    up_to_date: Path, inputs: dict[str, Path], tmp_path: Path
) -> None:
    """One spec broken the ways the new lints catch (each lint has its own test in test_validate) and
    with a profile missing a key: generate names each finding with file:line:col and pointer, exits 1,
    shows no traceback, and writes nothing."""
    text = inputs["spec"].read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    generic = lines.index("  generic:\n")
    del lines[next(i for i in range(generic, len(lines)) if lines[i].startswith("    title:"))]
    text = "".join(lines)  # a profile without a required key: a KeyError traceback in generate once
    edits = {
        "          x-replaced-by: tools\n": "          x-replaced-by: toolz\n",
        "      x-unispec-method: models.list\n": "      x-unispec-method: Models.list\n",
        "  title: unispec unified chat completions\n": "  title: unispec unified chat completions\n  title: again\n",
    }
    for old, new in edits.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    spec = tmp_path / "openapi.yaml"
    spec.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    before = tree(up_to_date)
    r = unispec("generate", "--spec", spec, "--templates", inputs["templates"], "--out", up_to_date)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "the spec has 4 finding(s)" in r.stderr and "Traceback" not in r.stderr, r.stderr
    generic = lines.index("  generic:") + 1
    assert f"{spec}:{generic}:3: profile: profile 'generic' is missing 'title'" in r.stderr
    for needle, rule, ptr in (
        ("x-replaced-by: toolz", "replaced-by", "#/components/schemas/ChatCompletionRequest/properties/functions/x-replaced-by"),
        ("x-unispec-method: Models.list", "operation", "#/paths/~1models/get/x-unispec-method"),
        ("  title: again", "duplicate-key", "#/info/title"),
    ):
        line = next(i for i, t in enumerate(lines) if t.endswith(needle)) + 1
        col = len(lines[line - 1]) - len(lines[line - 1].lstrip()) + 1
        assert re.search(rf"{re.escape(str(spec))}:{line}:{col}: {rule}: .*\(at {re.escape(ptr)}\)", r.stderr), (needle, r.stderr)
    assert tree_diff(before, tree(up_to_date)) == [] and siblings(up_to_date) == []
