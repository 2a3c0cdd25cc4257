"""Which generated package `serve`, `contract` and `demo` run on: the project's own, never an installed one.

The toolkit's reference backend and contract checks import the generated package by its default
name, `unified_chat`. `load_generated` makes that name mean the package generated from the spec in
use: the project's configured output directory when the spec is the configured one, otherwise a
generation from the given spec in a cache directory. A package configured under another name is
imported under that name and also registered as `unified_chat`.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import sys
from pathlib import Path
from types import ModuleType

from .config import Config
from .generate import MANIFEST, PACKAGE, GenerationError, generate
from .spec import Spec

_loaded: Path | None = None  # the package directory load_generated imported, once per process


class ProjectError(Exception):
    """No usable generated package; the message says why and what to run."""


def cache_root() -> Path:
    configured = os.environ.get("UNISPEC_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "unispec"


def _recorded_spec(out_dir: Path) -> str | None:
    try:
        doc = json.loads((out_dir / MANIFEST).read_bytes())
    except (OSError, ValueError):
        return None
    return doc.get("spec") if isinstance(doc, dict) else None


def package_dir(config: Config, spec: Spec) -> Path:
    """The output directory holding the package for `spec`, generating it into the cache if need be."""
    configured = spec.path.resolve() == config.spec and (config.output / config.package / "__init__.py").is_file()
    if configured:
        recorded = _recorded_spec(config.output)
        if recorded is not None and recorded != spec.sha256:
            print(
                f"warning: {config.output} was generated from another version of {spec.path}; "
                "run `unispec generate` to update it",
                file=sys.stderr,
            )
        return config.output
    key = hashlib.sha256(
        f"{spec.sha256}\0{config.package}\0{config.distribution}\0{config.templates}".encode()
    ).hexdigest()[:20]
    out = cache_root() / key
    if not (out / config.package / "__init__.py").is_file() or _recorded_spec(out) != spec.sha256:
        print(f"unispec: generating {config.package} from {spec.path} into {out}", file=sys.stderr, flush=True)
        try:
            generate(spec, out, config.templates, package=config.package, distribution=config.distribution)
        except GenerationError as exc:
            raise ProjectError(f"cannot generate a package from {spec.path}: {exc}") from exc
    return out


def load_generated(config: Config, spec: Spec) -> ModuleType:
    """Import the package generated from `spec` (see the module docstring); call before importing
    unispec.backend or unispec.contract."""
    global _loaded
    out = package_dir(config, spec).resolve()
    target = out / config.package
    names = {config.package, PACKAGE}
    for name in list(sys.modules):
        if name.split(".", 1)[0] in names:
            module = sys.modules[name]
            origin = getattr(module, "__file__", None)
            if origin is None or not Path(origin).resolve().is_relative_to(target):
                # another copy of the package (an installed one): it must not answer for this project
                del sys.modules[name]
    if str(out) in sys.path:
        sys.path.remove(str(out))
    sys.path.insert(0, str(out))
    importlib.invalidate_caches()
    try:
        package = importlib.import_module(config.package)
    except Exception as exc:
        raise ProjectError(f"the generated package {target} cannot be imported: {type(exc).__name__}: {exc}") from exc
    if not Path(package.__file__ or "").resolve().is_relative_to(target):
        raise ProjectError(f"importing {config.package} found {package.__file__}, not {target}")
    if config.package != PACKAGE:
        _alias(package, config.package, target)
    _loaded = target
    return package


def _alias(package: ModuleType, name: str, target: Path) -> None:
    """Register `package` and its modules under the default name the toolkit imports."""
    sys.modules[PACKAGE] = package
    for path in sorted(target.glob("*.py")):
        if path.stem == "__init__":
            continue
        module = importlib.import_module(f"{name}.{path.stem}")
        sys.modules[f"{PACKAGE}.{path.stem}"] = module


def ensure_loaded() -> None:
    """For modules that need the generated package at import time (the reference backend).

    A command has already chosen the package (load_generated); a program that imported
    `unified_chat` itself keeps its choice. Otherwise the project in the working directory decides.
    """
    if _loaded is not None or PACKAGE in sys.modules:
        return
    from .config import resolve
    from .spec import load_spec

    config = resolve()
    load_generated(config, load_spec(config.spec))
