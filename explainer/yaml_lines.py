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

from .errors import Problem

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


def _events_to_value(loader: Any, first: int) -> Any:  # noqa: C901 - one loop on purpose: it is the hot path
    import yaml

    wildcard = loader.yaml_implicit_resolvers.get(None, [])
    resolvers = {first: table + wildcard for first, table in loader.yaml_implicit_resolvers.items()}
    if loader.yaml_path_resolvers:  # pragma: no cover - nobody registers path resolvers on SafeLoader
        raise RuntimeError("path resolvers are not supported")
    constructor = yaml.constructor.SafeConstructor()
    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    document_start, alias_event = yaml.DocumentStartEvent, yaml.AliasEvent
    plain_tags, merge_tag, str_tag = _PLAIN_TAGS, _MERGE_TAG, _STR_TAG

    # Each open collection is a frame [container, is_mapping, pending key, the key's line].
    stack: list[list[Any]] = []
    depth = 0
    documents = 0
    second_document: Any = None
    root: Any = None
    failed: _Invalid | None = None  # the first schema problem; raised once the whole stream has parsed

    for event in iter(loader.get_event, None):
        kind = type(event)
        if kind is scalar_event:
            line = event.start_mark.line + first
            if event.anchor:
                raise _Invalid(line, *_ANCHORS)
            if failed is not None or documents > 1:
                continue
            tag = event.tag
            value = event.value
            if tag is None or tag == "!":
                tag = str_tag
                if event.implicit[0]:
                    for resolved, regexp in resolvers.get(value[0] if value else "", wildcard):
                        if regexp.match(value):
                            tag = resolved
                            break
            failed = _refusal(stack, tag, line, merge_tag, plain_tags)
            if failed is not None:
                continue
            if tag != str_tag:
                node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
                try:
                    value = constructor.construct_object(node)
                except (ValueError, OverflowError, KeyError, AttributeError):
                    # 2026-02-30, an integer of 5,000 digits, '!!bool maybe', '!!timestamp soon'
                    failed = _bad_scalar(line, tag, value)
                    continue
                constructor.constructed_objects.pop(node, None)
                if isinstance(value, (dt.date, dt.datetime)):
                    value = value.isoformat()
        elif kind is mapping_start or kind is sequence_start:
            line = event.start_mark.line + first
            if event.anchor:
                raise _Invalid(line, *_ANCHORS)
            depth += 1
            if depth > _MAX_DEPTH:
                raise _Invalid(line, *_TOO_DEEP)
            if failed is not None or documents > 1:
                continue
            tag = event.tag
            if tag is None or tag == "!":
                tag = _MAP_TAG if kind is mapping_start else _SEQ_TAG
            failed = _refusal(stack, tag, line, merge_tag, plain_tags)
            if failed is not None:
                continue
            container: Any
            if kind is mapping_start:
                container = YDict()
                container.lines = {}
            else:
                container = YList()
                container.lines = []
            container.line = line
            stack.append([container, kind is mapping_start, _NO_KEY, 0])
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
            if documents == 2:
                second_document = event
            continue
        else:  # stream start and end, document end
            continue

        # A node is complete: hand its value to the collection it belongs to.
        if not stack:
            root = value
            continue
        frame = stack[-1]
        if not frame[1]:
            frame[0].append(value)
            frame[0].lines.append(line)
        elif frame[2] is _NO_KEY:
            key = value if isinstance(value, str) else str(value)
            mapping = frame[0]
            if key in mapping:
                failed = _Invalid(line, f"duplicate key '{key}' (first on line {mapping.lines[key]})",
                                  "remove one of the two")
                continue
            frame[2], frame[3] = key, line
        else:
            mapping = frame[0]
            mapping[frame[2]] = value
            mapping.lines[frame[2]] = frame[3]
            frame[2] = _NO_KEY

    if second_document is not None:
        mark = second_document.start_mark
        raise yaml.composer.ComposerError("expected a single document in the stream", None,
                                          "but found another document", mark)
    if failed is not None:
        raise failed
    return root


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

