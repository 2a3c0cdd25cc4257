"""`unispec init`, the `[tool.unispec]` configuration and the data unispec ships, checked as a new
user would meet them: in empty directories outside this repository, by running the command."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from unispec.config import ConfigError, resolve
from unispec.resources import starter_spec, templates_dir

REPO = Path(__file__).resolve().parents[1]
MANIFEST = ".unispec-manifest.json"


def unispec(*args: Any, cwd: Path) -> subprocess.CompletedProcess[str]:
    # The checkout must not leak in through the working directory: every run is in a temp dir.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, "-m", "unispec", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env=env,
    )


def tree(root: Path) -> dict[str, bytes | None]:
    return {p.relative_to(root).as_posix(): (None if p.is_dir() else p.read_bytes()) for p in sorted(root.rglob("*"))}


# -------------------------------------------------------------------------------------------- init


ORIGINAL = '[project]\nname = "mine"\nversion = "1.0"\n\n[tool.ruff]\nline-length = 99\n'


def _committed() -> dict[str, bytes | None]:
    return {k: v for k, v in tree(REPO / "generated").items() if "__pycache__" not in k}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """One `unispec init` of a directory that has a pyproject.toml already, shared by the checks below."""
    root = tmp_path_factory.mktemp("init") / "chatproj"
    root.mkdir()
    (root / "pyproject.toml").write_text(ORIGINAL, encoding="utf-8")
    before = _committed()
    r = unispec("init", root, "--package", "acme_chat", "--distribution", "acme-chat", cwd=root.parent)
    # The issue's bug: paths came from the installed unispec's location, so a second checkout
    # regenerated the first. Now they come from the project's table: this repo's output is untouched.
    assert _committed() == before
    return root, r


def test_init_scaffolds_spec_table_and_a_first_generation(project: tuple[Path, Any]) -> None:
    root, r = project
    assert r.returncode == 0, r.stdout + r.stderr
    assert (root / "spec" / "openapi.yaml").read_bytes() == (REPO / "spec" / "openapi.yaml").read_bytes()
    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert text.startswith(ORIGINAL)  # added to, not rewritten
    doc = tomllib.loads(text)
    assert doc["project"]["name"] == "mine" and doc["tool"]["ruff"] == {"line-length": 99}
    table = doc["tool"]["unispec"]
    assert table == {
        "spec": "spec/openapi.yaml",
        "output": "generated",
        "package": "acme_chat",
        "distribution": "acme-chat",
    }
    assert (root / "generated" / "acme_chat" / "__init__.py").is_file() and (root / "generated" / MANIFEST).is_file()
    assert "package acme_chat" in r.stdout and "updated   chatproj/pyproject.toml (added [tool.unispec])" in r.stdout


def test_the_package_name_drives_the_output(project: tuple[Path, Any]) -> None:
    root, _ = project
    out = root / "generated"
    assert not (out / "unified_chat").exists()
    meta = tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["name"] == "acme-chat"
    assert meta["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["acme_chat"]
    assert "from acme_chat import Client" in (out / "README.md").read_text(encoding="utf-8")
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); import acme_chat; from acme_chat.models import ChatCompletion; "
        "from acme_chat._model_base import SpecModel; assert issubclass(ChatCompletion, SpecModel); "
        "assert not [m for m in sys.modules if m.startswith('unified_chat')]; "
        "c = acme_chat.Client(platform='unify', api_key='k', base_url='http://x'); "
        "print(acme_chat.__file__, c.model_id('gpt-4o', provider='openai'))"
    )
    p = subprocess.run([sys.executable, "-c", probe, str(out)], capture_output=True, text=True, timeout=60, cwd=root)
    assert p.returncode == 0, p.stderr
    assert p.stdout.split() == [str(out / "acme_chat" / "__init__.py"), "gpt-4o@openai"]


def test_commands_in_the_project_use_its_table_from_any_subdirectory(project: tuple[Path, Any]) -> None:
    root, _ = project
    sub = root / "spec"
    v = unispec("validate", cwd=sub)
    assert v.returncode == 0 and v.stdout.startswith(f"{root / 'spec' / 'openapi.yaml'}: valid"), v.stdout + v.stderr
    c = unispec("generate", "--check", cwd=sub)
    assert c.returncode == 0 and "up to date" in c.stdout, c.stdout + c.stderr
    assert str(root / "generated") in c.stdout


def test_init_refuses_a_project_that_has_the_table(project: tuple[Path, Any]) -> None:
    root, _ = project
    before = tree(root)
    r = unispec("init", root, cwd=root)
    assert r.returncode == 2
    assert f"{root / 'pyproject.toml'} already has a [tool.unispec] table; nothing was changed" in r.stderr
    assert tree(root) == before


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        ("badtoml", [], "pyproject.toml: not valid TOML"),
        ("foreign-output", [], "generated exists and was not made by unispec; nothing was changed"),
        ("none", ["--package", "Acme-Chat"], "package 'Acme-Chat' must be a lowercase Python identifier"),
        ("none", ["--distribution", "acme chat"], "distribution 'acme chat' is not a valid distribution name"),
    ],
)
def test_init_errors_change_nothing(tmp_path: Path, setup: str, args: list[str], message: str) -> None:
    if setup == "badtoml":
        (tmp_path / "pyproject.toml").write_text("[project\n", encoding="utf-8")
    elif setup == "foreign-output":
        (tmp_path / "generated").mkdir()
        (tmp_path / "generated" / "mine.txt").write_text("mine")
    before = tree(tmp_path)
    r = unispec("init", *args, cwd=tmp_path)
    assert r.returncode == 2, r.stdout + r.stderr
    assert message in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert tree(tmp_path) == before


# ------------------------------------------------------------------------------------ configuration


def test_flags_override_the_table_and_paths_are_relative_to_it(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.unispec]\nspec = "api/main.yaml"\noutput = "out"\npackage = "acme"\n', encoding="utf-8"
    )
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    config = resolve(deep)
    assert (config.root, config.spec, config.output, config.package, config.distribution, config.templates) == (
        tmp_path,
        tmp_path / "api" / "main.yaml",
        tmp_path / "out",
        "acme",
        "unified-chat",
        None,
    )
    assert "api/main.yaml" in config.origin("spec") and str(tmp_path / "pyproject.toml") in config.origin("spec")
    flagged = resolve(deep, spec=Path("x.yaml"), output=Path("gen"), package="other")
    assert (flagged.spec, flagged.output, flagged.package) == (deep / "x.yaml", deep / "gen", "other")
    assert flagged.origin("spec") == "--spec"


def test_without_a_table_the_working_directory_conventions_apply(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")  # no [tool.unispec]
    config = resolve(tmp_path)
    assert (config.spec, config.output, config.pyproject) == (
        tmp_path / "spec/openapi.yaml",
        tmp_path / "generated",
        None,
    )
    r = unispec("validate", cwd=tmp_path)
    assert r.returncode == 2
    assert f"{tmp_path / 'spec' / 'openapi.yaml'}: no such file" in r.stderr and "unispec init" in r.stderr


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('spec = "spec/openapi.yaml"\nouptut = "gen"\n', "unknown key(s) ouptut"),
        ("spec = 3\n", "spec must be a non-empty string, found 3"),
        ('package = "class"\n', "package 'class' must be a lowercase Python identifier"),
    ],
)
def test_a_bad_table_is_an_error_naming_the_file(tmp_path: Path, table: str, message: str) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.unispec]\n" + table, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        resolve(tmp_path)
    r = unispec("generate", cwd=tmp_path)
    assert r.returncode == 2 and message in r.stderr and str(tmp_path / "pyproject.toml") in r.stderr, r.stderr
    assert not (tmp_path / "generated").exists()


def test_a_missing_spec_named_by_the_table_says_so(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.unispec]\nspec = "api.yaml"\n', encoding="utf-8")
    r = unispec("generate", cwd=tmp_path)
    assert r.returncode == 2
    assert f"{tmp_path / 'api.yaml'}: no such file" in r.stderr and "spec = 'api.yaml' of [tool.unispec]" in r.stderr
    assert not (tmp_path / "generated").exists()


def test_this_repository_configures_itself_with_the_table() -> None:
    config = resolve(REPO / "src")
    assert (config.pyproject, config.spec, config.output, config.package) == (
        REPO / "pyproject.toml",
        REPO / "spec" / "openapi.yaml",
        REPO / "generated",
        "unified_chat",
    )


# ---------------------------------------------------------------------------------- shipped data


def test_shipped_data_in_a_source_checkout_is_read_from_the_checkout() -> None:
    # an editable install: no unispec/_data, so the top-level directories are the data
    # (tests/test_toolkit.py checks the wheel's own copy)
    assert not (REPO / "src" / "unispec" / "_data").exists()
    assert templates_dir() == REPO / "templates"
    assert starter_spec() == REPO / "spec" / "openapi.yaml"
