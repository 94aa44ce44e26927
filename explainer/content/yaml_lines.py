"""Safe YAML that remembers the line of every key and item.

PyYAML's safe loader loses positions and silently keeps the last of two duplicate
keys. We read the parser's event stream (libyaml's C parser when present) and build
plain Python values ourselves, in one pass: mappings become ``YDict`` and sequences
``YList``, which carry the 1-based line of each key or item, so later stages can
point an editor at the exact line. Anchors and aliases are refused outright, which also rules out
"billion laughs" alias bombs; custom tags are refused too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..errors import Problem

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
    import yaml  # here, not at the top: a rebuild answered from the cache reads no YAML

    try:
        value = _load(text, line_offset)
    except _Invalid as exc:
        return None, [Problem(path, exc.line, exc.message, exc.hint)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 0) + line_offset
        what = exc.problem or exc.context or "not valid YAML"
        return None, [Problem(path, line, f"YAML syntax error: {what}",
                              "check the indentation and quoting on this line and the one before")]
    except yaml.YAMLError as exc:
        return None, [Problem(path, line_offset + 1, f"YAML error: {exc}")]
    return value, []


_ANCHORS = ("YAML anchors and aliases (&name, *name) are not allowed", "write the value out in full")
_TOO_DEEP = ("YAML nested too deeply", f"keep nesting under {_MAX_DEPTH} levels")
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_NO_KEY = object()


def _load(text: str, offset: int) -> Any:
    """Build line-tracked values straight from libyaml's event stream, in one pass.

    The event parser is iterative, so depth is counted before anything nests (libyaml's
    C composer recurses once per level: a few tens of thousands of ``[`` would crash the
    process with SIGSEGV before any Python ``RecursionError``), and anchors and aliases
    are refused at the event that carries them, so an alias bomb is never expanded.

    The checks keep the precedence of the old three passes (scan every event, then
    compose a single document, then build values): a syntax error, anchor, alias or
    too-deep nesting anywhere in the stream wins over a second document, which wins
    over a schema problem (tag, merge key, duplicate key, bad scalar) in the document.
    Lines (of values and of problems) are 1-based, plus ``offset``.
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)  # the C parser is ~10x faster, when libyaml is there
    try:
        return _events_to_value(loader, offset + 1)
    finally:
        loader.dispose()


def _events_to_value(loader: Any, first: int) -> Any:
    """The one value of the stream, built event by event (see ``_load``); hot: one loop, few calls."""
    import yaml

    scalar = _Scalars(loader)
    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    document_start, alias_event = yaml.DocumentStartEvent, yaml.AliasEvent
    stack: list[list[Any]] = []  # each open collection: [container, is_mapping, pending key, the key's line]
    depth = documents = 0
    second_document: Any = None
    root: Any = None
    failed: _Invalid | None = None  # the first schema problem; raised once the whole stream has parsed

    for event in iter(loader.get_event, None):
        kind = type(event)
        if kind is scalar_event or kind is mapping_start or kind is sequence_start:
            line = event.start_mark.line + first
            if event.anchor:
                raise _Invalid(line, *_ANCHORS)
            if kind is not scalar_event:
                depth += 1
                if depth > _MAX_DEPTH:
                    raise _Invalid(line, *_TOO_DEEP)
            if failed is not None or documents > 1:
                continue
            if kind is scalar_event:
                value, failed = scalar(event, line, stack)
            else:
                failed = _refusal(stack, event.tag if event.tag not in (None, "!") else
                                  _MAP_TAG if kind is mapping_start else _SEQ_TAG, line, _MERGE_TAG, _PLAIN_TAGS)
                if failed is None:
                    stack.append([_container(kind is mapping_start, line), kind is mapping_start, _NO_KEY, 0])
                continue
            if failed is not None:
                continue
        elif kind is mapping_end or kind is sequence_end:
            depth -= 1
            if failed is not None or documents > 1:
                continue
            value = stack.pop()[0]
            line = value.line
        elif kind is alias_event:
            raise _Invalid(event.start_mark.line + first, *_ANCHORS)
        elif kind is document_start:
            documents += 1
            second_document = event if documents == 2 else second_document
            continue
        else:  # stream start and end, document end
            continue
        if stack:  # a node is complete: hand its value to the collection it belongs to
            failed = _attach(stack[-1], value, line)
        else:
            root = value
    if second_document is not None:
        raise yaml.composer.ComposerError("expected a single document in the stream", None,
                                          "but found another document", second_document.start_mark)
    if failed is not None:
        raise failed
    return root


class _Scalars:
    """Turns scalar events into plain values as ``SafeLoader`` would (implicit types, dates as text)."""

    def __init__(self, loader: Any):
        import yaml

        self.yaml = yaml
        self.wildcard = loader.yaml_implicit_resolvers.get(None, [])
        self.resolvers = {first: table + self.wildcard for first, table in loader.yaml_implicit_resolvers.items()}
        if loader.yaml_path_resolvers:  # pragma: no cover - nobody registers path resolvers on SafeLoader
            raise RuntimeError("path resolvers are not supported")
        self.constructor = yaml.constructor.SafeConstructor()

    def __call__(self, event: Any, line: int, stack: list[Any]) -> tuple[Any, _Invalid | None]:
        tag, value = event.tag, event.value
        if tag is None or tag == "!":
            tag = _STR_TAG
            if event.implicit[0]:
                for resolved, regexp in self.resolvers.get(value[0] if value else "", self.wildcard):
                    if regexp.match(value):
                        tag = resolved
                        break
        failed = _refusal(stack, tag, line, _MERGE_TAG, _PLAIN_TAGS)
        if failed is not None or tag == _STR_TAG:
            return value, failed
        node = self.yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        try:
            value = self.constructor.construct_object(node)
        except (ValueError, OverflowError, KeyError, AttributeError):
            # 2026-02-30, an integer of 5,000 digits, '!!bool maybe', '!!timestamp soon'
            return None, _bad_scalar(line, tag, value)
        self.constructor.constructed_objects.pop(node, None)
        return (value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value), None


def _container(mapping: bool, line: int) -> Any:
    container: Any = YDict() if mapping else YList()
    container.lines = {} if mapping else []
    container.line = line
    return container


def _attach(frame: list[Any], value: Any, line: int) -> _Invalid | None:
    """Add a complete value to the open collection ``frame``: an item, a mapping's key, or its value."""
    if not frame[1]:
        frame[0].append(value)
        frame[0].lines.append(line)
    elif frame[2] is _NO_KEY:
        key = value if isinstance(value, str) else str(value)
        mapping = frame[0]
        if key in mapping:
            return _Invalid(line, f"duplicate key '{key}' (first on line {mapping.lines[key]})", "remove one of the two")
        frame[2], frame[3] = key, line
    else:
        mapping = frame[0]
        mapping[frame[2]] = value
        mapping.lines[frame[2]] = frame[3]
        frame[2] = _NO_KEY
    return None


def _refusal(stack: list[Any], tag: str, line: int, merge_tag: str, plain_tags: Any) -> _Invalid | None:
    """A merge key where a mapping key is due, or a tag other than plain data: the first problem, or None."""
    frame = stack[-1] if stack else None
    if frame is not None and frame[1] and frame[2] is _NO_KEY and tag == merge_tag:
        return _Invalid(line, "YAML merge keys (<<) are not allowed", "write the keys out in full")
    if tag not in plain_tags:
        return _tag_refused(line, tag)
    return None


def _tag_refused(line: int, tag: str) -> _Invalid:
    return _Invalid(line, f"YAML tag {tag!r} is not allowed",
                    "remove the !tag; plain strings, numbers, booleans and dates are supported")


def _bad_scalar(line: int, tag: str, value: str) -> _Invalid:
    if tag.endswith(":timestamp"):
        return _Invalid(line, f"{value!r} is not a date", "write a real date as YYYY-MM-DD")
    if tag.endswith(":bool"):
        return _Invalid(line, f"{value[:40]!r} is not true or false", "write true or false, or remove the !!bool")
    return _Invalid(line, f"{value[:40]!r} is not a number this build can read", "put it in quotes to keep it as text")

