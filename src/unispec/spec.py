"""Loading the spec with source positions, so every finding can say file, line and JSON pointer."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml is several times faster; the pure-Python loader gives the same result.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

REQUEST_SCHEMA = "ChatCompletionRequest"
ARGUMENT_CLASSES = ("unified", "partially-unified", "platform")


def __getattr__(name: str) -> Any:
    # DEFAULT_SPEC: the starter spec unispec ships (what `unispec init` copies), found on first use.
    # A project's own spec comes from its configuration (unispec.config), never from here.
    if name == "DEFAULT_SPEC":
        from .resources import starter_spec

        return starter_spec()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class DuplicateKey:
    """A mapping key given twice: YAML loaders keep the last value silently."""

    pointer: str
    line: int
    column: int
    first_line: int


class SpecLoadError(Exception):
    """The spec cannot be used at all: missing, unreadable, not YAML, not a mapping."""

    def __init__(self, path: Path, message: str, line: int | None = None, column: int | None = None):
        self.path, self.line, self.column = path, line, column
        where = f"{path}:{line}:{column}" if line else str(path)
        super().__init__(f"{where}: {message}")


def escape_pointer_token(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer(*tokens: str | int) -> str:
    return "".join("/" + escape_pointer_token(t) for t in tokens)


def child(ptr: str, *tokens: str | int) -> str:
    """`ptr` extended by tokens, each escaped: names may hold `/` or `~`."""
    return ptr + pointer(*tokens)


def split_pointer(ptr: str) -> list[str]:
    """The tokens of a JSON pointer (`/a/b`) or a local reference (`#/a/b`); ValueError otherwise."""
    if ptr in ("", "#"):
        return []
    ptr = ptr.removeprefix("#")
    if not ptr.startswith("/"):
        raise ValueError(f"not a JSON pointer: {ptr!r}")
    return [t.replace("~1", "/").replace("~0", "~") for t in ptr.split("/")[1:]]


@dataclass
class Spec:
    """A parsed spec document and where each of its nodes came from."""

    path: Path
    text: str
    data: dict[str, Any]
    positions: dict[str, tuple[int, int]] = field(repr=False)
    duplicate_keys: list[DuplicateKey] = field(default_factory=list, repr=False)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()

    def position(self, ptr: str) -> tuple[int, int]:
        """Line and column (1-based) of the node at `ptr`, or of its nearest existing ancestor."""
        try:
            tokens = split_pointer(ptr)
        except ValueError:
            tokens = []
        while tokens:
            found = self.positions.get(pointer(*tokens))
            if found:
                return found
            tokens.pop()
        return self.positions.get("", (1, 1))

    def resolve(self, ptr: str) -> Any:
        """The node at a local pointer (`#/components/...`); KeyError if it does not exist."""
        node: Any = self.data
        try:
            tokens = split_pointer(ptr)
        except ValueError:
            raise KeyError(ptr) from None
        for token in tokens:
            if isinstance(node, list):
                if not token.isdigit() or int(token) >= len(node):
                    raise KeyError(ptr)
                node = node[int(token)]
            elif isinstance(node, dict) and token in node:
                node = node[token]
            else:
                raise KeyError(ptr)
        return node

    @property
    def request_properties(self) -> dict[str, Any]:
        return self.data["components"]["schemas"][REQUEST_SCHEMA]["properties"]

    @property
    def platforms(self) -> dict[str, Any]:
        return self.data.get("x-unispec-platforms") or {}


def walk(node: Any, ptr: str = "") -> Iterator[tuple[str, Any]]:
    """Every node of a JSON-like tree with its pointer, depth first, parents before children."""
    yield ptr, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, f"{ptr}/{escape_pointer_token(key)}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{ptr}/{index}")


def _record_positions(
    node: yaml.Node, ptr: str, out: dict[str, tuple[int, int]], duplicates: list[DuplicateKey]
) -> None:
    out[ptr] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        first: dict[Any, int] = {}
        for key_node, value_node in node.value:
            child = f"{ptr}/{escape_pointer_token(key_node.value)}"
            here = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if isinstance(key_node, yaml.ScalarNode) and key_node.value in first:
                duplicates.append(DuplicateKey(child, *here, first[key_node.value]))
            elif isinstance(key_node, yaml.ScalarNode):
                first[key_node.value] = here[0]
            _record_positions(value_node, child, out, duplicates)
            # A key's own line is more useful than its value's when the value is a block.
            out[child] = here
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_positions(item, f"{ptr}/{index}", out, duplicates)


def load_spec(path: str | Path) -> Spec:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecLoadError(path, "no such file") from None
    except IsADirectoryError:
        raise SpecLoadError(path, "is a directory, expected the entry YAML document") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecLoadError(path, f"cannot read: {exc}") from None
    return parse_spec(text, path)


def parse_spec(text: str, path: str | Path = "<spec>") -> Spec:
    """A spec from its text; `path` only names it in messages."""
    path = Path(path)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise SpecLoadError(path, "empty document")
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise SpecLoadError(path, f"not valid YAML: {exc.problem or exc.context}", line, col) from None
    except yaml.YAMLError as exc:
        raise SpecLoadError(path, f"not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise SpecLoadError(path, f"expected a mapping at the top, found {type(data).__name__}", 1, 1)
    positions: dict[str, tuple[int, int]] = {}
    duplicates: list[DuplicateKey] = []
    _record_positions(node, "", positions, duplicates)
    return Spec(path=path, text=text, data=data, positions=positions, duplicate_keys=duplicates)


_FORMAT_FIELD = re.compile(r"\{(\w+)\}")


def model_format_regex(model_format: str) -> re.Pattern[str]:
    """`{provider}/{model}` -> a regex with named groups; the model part may itself contain `/`."""
    parts, last = [], 0
    for match in _FORMAT_FIELD.finditer(model_format):
        parts.append(re.escape(model_format[last : match.start()]))
        greedy = ".+" if match.group(1) == "model" else "[^/@]+"
        parts.append(f"(?P<{match.group(1)}>{greedy})")
        last = match.end()
    parts.append(re.escape(model_format[last:]))
    return re.compile("^" + "".join(parts) + "$")
