"""Read a YAML file into plain data plus a map from each path inside it to its line number.

Timestamps are left as strings (the spec format validates dates itself) so that the data
round-trips through JSON Schema unchanged.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from conformance.specs.problems import Severity, SpecProblem

PathKey = tuple[str | int, ...]


# libyaml's C parser when PyYAML was built with it (it is in the PyPI wheels), else the pure-Python one.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader without the implicit timestamp resolver."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

MAX_SPEC_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """A parsed YAML file: its data and the line of every mapping key / sequence entry."""

    path: Path
    display: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)
    digest: str = ""  # SHA-256 of the file's bytes

    def line(self, key: PathKey) -> int | None:
        """The line of `key`, or of its nearest ancestor that has one."""
        probe = key
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), None)


class YamlReadError(Exception):
    """The file could not be read or parsed; `problem` says where."""

    def __init__(self, problem: SpecProblem) -> None:
        super().__init__(problem.render())
        self.problem = problem


def read_yaml(path: Path, display: str) -> YamlDocument:
    """Parse `path`; raise YamlReadError naming the file and line on any failure."""
    try:
        size = path.stat().st_size
        if size > MAX_SPEC_FILE_BYTES:
            raise YamlReadError(_unusable(display, f"file is {size} bytes; the limit is {MAX_SPEC_FILE_BYTES}"))
        content = path.read_bytes()
        text = content.decode("utf-8")
    except FileNotFoundError as exc:
        raise YamlReadError(_unusable(display, "file not found")) from exc
    except UnicodeDecodeError as exc:
        raise YamlReadError(_unusable(display, f"not UTF-8 (byte {exc.start})")) from exc
    except OSError as exc:
        raise YamlReadError(_unusable(display, f"cannot read: {exc.strerror}")) from exc
    try:
        node, data = _parse(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        message = f"YAML syntax error: {exc.problem or exc.context}"
        raise YamlReadError(_unusable(display, message, line)) from exc
    except yaml.YAMLError as exc:
        raise YamlReadError(_unusable(display, f"YAML error: {exc}")) from exc
    lines: dict[PathKey, int] = {}
    if node is not None:
        _index(node, (), lines)
    return YamlDocument(path=path, display=display, data=data, lines=lines, digest=hashlib.sha256(content).hexdigest())


def _parse(text: str) -> tuple[yaml.Node | None, Any]:
    """The document's node tree (for line numbers) and its data, built from that tree: one parse, not two."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def _index(node: yaml.Node, key: PathKey, lines: dict[PathKey, int]) -> None:
    lines.setdefault(key, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*key, str(key_node.value))
            lines[child] = key_node.start_mark.line + 1
            _index(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value):
            _index(item, (*key, position), lines)


def _unusable(display: str, message: str, line: int | None = None) -> SpecProblem:
    return SpecProblem(file=display, where="", message=message, line=line, severity=Severity.UNUSABLE)


def render_path(key: PathKey) -> str:
    """Render a path as ``requirements[3].id``."""
    text = ""
    for part in key:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
