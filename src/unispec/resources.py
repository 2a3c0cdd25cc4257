"""The data unispec ships: its templates and the starter spec.

In a wheel they are package data under `unispec/_data/` (hatchling force-includes the repository's
top-level `templates/` and `spec/`, which stay where spec maintainers edit them); in a source
checkout or an editable install they are read from those directories directly.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

# package-data path -> the same thing in a source checkout, relative to its root
_CHECKOUT = {"templates": "templates", "spec/openapi.yaml": "spec/openapi.yaml"}


class ResourceError(Exception):
    """unispec's own data is missing: a broken installation."""


def data_path(name: str) -> Path:
    """The file or directory `name` (a key of `_CHECKOUT`) as a real filesystem path."""
    packaged = resources.files("unispec").joinpath("_data", *name.split("/"))
    # Wheels are installed unpacked, so the traversable is a plain path; a zipped install is not supported.
    if isinstance(packaged, Path) and packaged.exists():
        return packaged
    root = Path(__file__).resolve().parents[2]
    checkout = root / _CHECKOUT[name]
    if (root / "pyproject.toml").is_file() and checkout.exists():
        return checkout
    raise ResourceError(f"unispec's {name} is missing from its installation ({packaged}); reinstall unispec")


def templates_dir() -> Path:
    return data_path("templates")


def starter_spec() -> Path:
    return data_path("spec/openapi.yaml")
