"""Safe YAML that remembers the line of every key and item.

PyYAML's safe loader loses positions and silently keeps the last of two duplicate
keys. We compose the node tree (with the C parser when present), then build plain
Python values ourselves: mappings become ``YDict`` and sequences ``YList``, which
carry the 1-based line of each key or item, so later stages can point an editor at
the exact line. Anchors and aliases are refused outright, which also rules out
"billion laughs" alias bombs; custom tags are refused too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from .errors import Problem

try:  # the C parser is ~10x faster than the pure-Python one
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
_MAX_DEPTH = 64


class YDict(dict):
    """A mapping with ``line`` (where it starts) and ``lines[key]`` (where each key is)."""

    line: int = 0
    lines: dict[str, int]


class YList(list):
    """A sequence with ``line`` (where it starts) and ``lines[i]`` (where each item is)."""

    line: int = 0
    lines: list[int]


class _Invalid(Exception):
    def __init__(self, line: int, message: str, hint: str = ""):
        self.line, self.message, self.hint = line, message, hint


def load_yaml(text: str, path: str, line_offset: int = 0) -> tuple[Any, list[Problem]]:
    """Parse ``text``; return ``(value, problems)``. ``value`` is None when parsing failed.

    ``line_offset`` shifts reported lines, for YAML embedded in a Markdown file.
    """
    try:
        _prescan(text)
        node = yaml.compose(text, Loader=_Loader)
    except _Invalid as exc:
        return None, [Problem(path, exc.line + line_offset, exc.message, exc.hint)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 0) + line_offset
        what = exc.problem or exc.context or "not valid YAML"
        return None, [Problem(path, line, f"YAML syntax error: {what}",
                              "check the indentation and quoting on this line and the one before")]
    except yaml.YAMLError as exc:
        return None, [Problem(path, line_offset + 1, f"YAML error: {exc}")]
    except RecursionError:
        return None, [Problem(path, line_offset + 1, "YAML nested too deeply",
                              f"keep nesting under {_MAX_DEPTH} levels")]
    if node is None:
        return None, []
    builder = _Builder(line_offset)
    try:
        return builder.build(node, 0), []
    except _Invalid as exc:
        return None, [Problem(path, exc.line, exc.message, exc.hint)]


def _prescan(text: str) -> None:
    """Refuse anchors, aliases and deep nesting from the event stream, before composing.

    Composing would expand an alias bomb, and libyaml's C composer recurses once per
    level: a few tens of thousands of ``[`` crash the process (SIGSEGV) before any
    Python ``RecursionError``. The event parser itself is iterative, so this is safe.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Invalid(event.start_mark.line + 1, "YAML anchors and aliases (&name, *name) are not allowed",
                           "write the value out in full")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > _MAX_DEPTH:
                raise _Invalid(event.start_mark.line + 1, "YAML nested too deeply",
                               f"keep nesting under {_MAX_DEPTH} levels")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


class _Builder:
    def __init__(self, line_offset: int):
        self.offset = line_offset
        self.seen: set[int] = set()
        self.scalars = yaml.constructor.SafeConstructor()

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.offset

    def build(self, node: yaml.Node, depth: int) -> Any:
        if id(node) in self.seen:
            raise _Invalid(self.line(node), "YAML anchors and aliases (&name, *name) are not allowed",
                           "write the value out in full")
        self.seen.add(id(node))
        if depth > _MAX_DEPTH:
            raise _Invalid(self.line(node), "YAML nested too deeply", f"keep nesting under {_MAX_DEPTH} levels")
        if node.tag not in _PLAIN_TAGS:
            raise _Invalid(self.line(node), f"YAML tag {node.tag!r} is not allowed",
                           "remove the !tag; plain strings, numbers, booleans and dates are supported")
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            items = YList(self.build(item, depth + 1) for item in node.value)
            items.line, items.lines = self.line(node), [self.line(item) for item in node.value]
            return items
        try:
            value = self.scalars.construct_object(node)
        except (ValueError, OverflowError) as exc:  # 2026-02-30, or an integer of 5,000 digits
            if node.tag.endswith(":timestamp"):
                raise _Invalid(self.line(node), f"{node.value!r} is not a date", "write a real date as YYYY-MM-DD") from exc
            raise _Invalid(self.line(node), f"{node.value[:40]!r} is not a number this build can read",
                           "put it in quotes to keep it as text") from exc
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        return value

    def mapping(self, node: yaml.MappingNode, depth: int) -> YDict:
        result = YDict()
        result.line, result.lines = self.line(node), {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Invalid(self.line(key_node), "YAML merge keys (<<) are not allowed", "write the keys out in full")
            key = self.build(key_node, depth + 1)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                raise _Invalid(self.line(key_node), f"duplicate key '{key}' (first on line {result.lines[key]})",
                               "remove one of the two")
            result[key] = self.build(value_node, depth + 1)
            result.lines[key] = self.line(key_node)
        return result
