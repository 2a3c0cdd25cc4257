"""Where a project keeps its spec and its generated package: `[tool.unispec]` in pyproject.toml.

The table is found the way ruff and pytest find theirs: the nearest `pyproject.toml` holding it,
walking up from the working directory. Command-line flags override it; with neither, the working
directory's conventional paths (`spec/openapi.yaml`, `generated/`) apply. Every command resolves
its paths here, so none points into the toolkit's own checkout or virtual environment.
"""

from __future__ import annotations

import keyword
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TABLE = "tool.unispec"
DEFAULT_SPEC = "spec/openapi.yaml"
DEFAULT_OUTPUT = "generated"
DEFAULT_PACKAGE = "unified_chat"
DEFAULT_DISTRIBUTION = "unified-chat"
KEYS = ("spec", "output", "package", "distribution", "templates")
# PEP 508 names, as pip and hatchling accept them.
_DISTRIBUTION = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")


class ConfigError(Exception):
    """The configuration cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Config:
    """A project's resolved settings; every path is absolute."""

    root: Path
    spec: Path
    output: Path
    package: str = DEFAULT_PACKAGE
    distribution: str = DEFAULT_DISTRIBUTION
    templates: Path | None = None  # None: the templates shipped with unispec
    pyproject: Path | None = None  # where the [tool.unispec] table was found, if anywhere
    origins: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def origin(self, key: str) -> str:
        """Where a setting came from, for error messages: a flag, the table, or the convention."""
        return self.origins.get(key, "default")


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start` that has a `[tool.unispec]` table."""
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and "unispec" in read_pyproject(candidate).get("tool", {}):
            return candidate
    return None


def read_pyproject(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _table(pyproject: Path) -> dict[str, Any]:
    table = read_pyproject(pyproject).get("tool", {}).get("unispec")
    if not isinstance(table, dict):
        raise ConfigError(f"{pyproject}: [{TABLE}] must be a table")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError(f"{pyproject}: [{TABLE}] has unknown key(s) {', '.join(unknown)}; known: {', '.join(KEYS)}")
    for key, value in table.items():
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{pyproject}: [{TABLE}] {key} must be a non-empty string, found {value!r}")
    return table


def check_package(name: str, where: str) -> None:
    if not name.isidentifier() or keyword.iskeyword(name) or name != name.lower():
        raise ConfigError(f"{where}: package {name!r} must be a lowercase Python identifier (the import name)")


def check_distribution(name: str, where: str) -> None:
    if not _DISTRIBUTION.match(name):
        raise ConfigError(f"{where}: distribution {name!r} is not a valid distribution name (PEP 508)")


def resolve(
    cwd: Path | None = None,
    *,
    spec: Path | None = None,
    output: Path | None = None,
    templates: Path | None = None,
    package: str | None = None,
    distribution: str | None = None,
) -> Config:
    """The settings for a command run in `cwd`: flags (the keyword arguments) over the table over defaults.

    Flag paths are relative to `cwd`, table paths to the directory of the pyproject.toml holding it.
    """
    cwd = (cwd or Path.cwd()).resolve()
    pyproject = find_pyproject(cwd)
    table = _table(pyproject) if pyproject else {}
    root = pyproject.parent if pyproject else cwd
    where = f"[{TABLE}] in {pyproject}"
    origins: dict[str, str] = {}

    def pick(key: str, flag: Any, default: str | None) -> Any:
        if flag is not None:
            origins[key] = f"--{key}"
            return (cwd / flag) if isinstance(flag, Path) else flag
        if key in table:
            origins[key] = f"{key} = {table[key]!r} of {where}"
            return (root / table[key]) if key not in ("package", "distribution") else table[key]
        return None if default is None else (root / default if key in ("spec", "output") else default)

    config = Config(
        root=root,
        spec=Path(pick("spec", spec, DEFAULT_SPEC)).resolve(),
        output=Path(pick("output", output, DEFAULT_OUTPUT)).resolve(),
        package=pick("package", package, DEFAULT_PACKAGE),
        distribution=pick("distribution", distribution, DEFAULT_DISTRIBUTION),
        templates=None if (t := pick("templates", templates, None)) is None else Path(t).resolve(),
        pyproject=pyproject,
        origins=origins,
    )
    check_package(config.package, where if "package" in table and package is None else "--package")
    check_distribution(
        config.distribution, where if "distribution" in table and distribution is None else "--distribution"
    )
    return config


def table_text(package: str = DEFAULT_PACKAGE, distribution: str = DEFAULT_DISTRIBUTION) -> str:
    """The `[tool.unispec]` table `unispec init` writes; paths are relative to the pyproject.toml."""
    return (
        f"[{TABLE}]\n"
        f'spec = "{DEFAULT_SPEC}"  # the entry document\n'
        f'output = "{DEFAULT_OUTPUT}"  # where `unispec generate` writes the package\n'
        f'package = "{package}"  # its import name\n'
        f'distribution = "{distribution}"  # its distribution name\n'
        '# templates = "templates"  # a template directory to use instead of the bundled one\n'
    )
