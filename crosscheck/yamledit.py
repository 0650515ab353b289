"""Edit a hand-written YAML rule file in place: every comment, blank line and wrapped line kept.

Round-tripping a file through a YAML library re-flows hand-wrapped lists and
drops or moves comments. Instead the file is parsed once for positions
(PyYAML's composer gives every node its start and end in the text), and the
new text is inserted at the right place, in the style of its neighbours: a
one-line ``{id: …}`` entry after one-line entries, a block entry after block
entries, ``, alias`` before the ``]`` of a flow list. The caller checks that
the edited text loads to exactly the data intended.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import CrosscheckError

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 .'&()/-]*[A-Za-z0-9.)]$|^[A-Za-z]$")
_RESERVED = frozenset("y n yes no true false on off null".split())


class YamlEditError(CrosscheckError):
    """The file's layout is not one this editor can change without rewriting it."""


def scalar(value: Any) -> str:
    """A value as YAML text: plain where that reads back as the same string, else JSON-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


def _root(text: str) -> MappingNode:
    node = yaml.compose(text)
    if node is None:
        return MappingNode("tag:yaml.org,2002:map", [])
    if not isinstance(node, MappingNode):
        raise YamlEditError("the file is not a mapping of sections")
    return node


def _get(mapping: MappingNode, key: str) -> Node | None:
    return next((v for k, v in mapping.value if isinstance(k, ScalarNode) and k.value == key), None)


def _end(node: Node) -> int:
    """Where the node's own text ends (a block collection's end mark lies past the comments after it)."""
    if isinstance(node, MappingNode) and not node.flow_style and node.value:
        return _end(node.value[-1][1])
    if isinstance(node, SequenceNode) and not node.flow_style and node.value:
        return _end(node.value[-1])
    return node.end_mark.index


def _line_end(text: str, index: int) -> int:
    nl = text.find("\n", index)
    return len(text) if nl < 0 else nl + 1


def _line_prefix(text: str, node: Node) -> str:
    start = text.rfind("\n", 0, node.start_mark.index) + 1
    return text[start:node.start_mark.index]


def _insert(text: str, at: int, piece: str) -> str:
    if at == len(text) and text and not text.endswith("\n"):
        piece = "\n" + piece
    return text[:at] + piece + text[at:]


def _section(text: str, section: str) -> SequenceNode | None:
    node = _get(_root(text), section)
    if node is None:
        return None
    if not isinstance(node, SequenceNode):
        raise YamlEditError(f"section {section!r} is not a list")
    return node


def append_entry(text: str, section: str, entry: dict[str, Any]) -> str:
    """Add ``entry`` at the end of the list ``section``, in the style of the entry before it."""
    seq = _section(text, section)
    if seq is None or not seq.value:
        body = "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in entry.items()) + "}"
        if seq is None:
            return _insert(text, len(text), f"\n{section}:\n  - {body}\n")
        if seq.flow_style:  # "section: []"
            return text[:seq.start_mark.index] + "\n  - " + body + text[seq.end_mark.index:]
        raise YamlEditError(f"section {section!r}: cannot tell where its entries go")
    last = seq.value[-1]
    prefix = _line_prefix(text, last)
    if seq.flow_style or not re.fullmatch(r"\s*-\s+", prefix):
        raise YamlEditError(f"section {section!r} is written as one flow list; add the entry by hand")
    if isinstance(last, MappingNode) and not last.flow_style:
        pad = " " * len(prefix)
        lines = [f"{k}: {scalar(v)}" for k, v in entry.items()]
        piece = prefix + lines[0] + "\n" + "".join(pad + line + "\n" for line in lines[1:])
    else:
        piece = prefix + "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in entry.items()) + "}\n"
    return _insert(text, _line_end(text, _end(last)), piece)


def _entry(text: str, section: str, index: int) -> MappingNode:
    seq = _section(text, section)
    if seq is None or index >= len(seq.value) or not isinstance(seq.value[index], MappingNode):
        raise YamlEditError(f"{section}[{index}] is not an entry")
    return seq.value[index]


def add_to_list(text: str, section: str, index: int, key: str, value: Any) -> str:
    """Append ``value`` to the list ``key`` of entry ``section[index]``, creating the list if needed."""
    entry = _entry(text, section, index)
    node = _get(entry, key)
    if node is None:
        return set_key(text, section, index, key, [value])
    if not isinstance(node, SequenceNode):
        raise YamlEditError(f"{section}[{index}].{key} is not a list")
    if node.flow_style:
        close = node.end_mark.index - 1
        if text[close] != "]":
            raise YamlEditError(f"{section}[{index}].{key}: cannot find the end of the list")
        return text[:close] + (", " if node.value else "") + scalar(value) + text[close:]
    last = node.value[-1]
    return _insert(text, _line_end(text, _end(last)), _line_prefix(text, last) + scalar(value) + "\n")


def set_key(text: str, section: str, index: int, key: str, value: Any) -> str:
    """Give entry ``section[index]`` the field ``key`` (replacing a scalar value it has)."""
    entry = _entry(text, section, index)
    node = _get(entry, key)
    if node is not None:
        if not isinstance(node, ScalarNode):
            raise YamlEditError(f"{section}[{index}].{key} is not a single value")
        return text[:node.start_mark.index] + scalar(value) + text[node.end_mark.index:]
    if entry.flow_style:
        close = entry.end_mark.index - 1
        if text[close] != "}":
            raise YamlEditError(f"{section}[{index}]: cannot find the end of the entry")
        return text[:close] + f", {key}: {scalar(value)}" + text[close:]
    first_key = entry.value[0][0]
    pad = " " * first_key.start_mark.column
    return _insert(text, _line_end(text, _end(entry)), f"{pad}{key}: {scalar(value)}\n")
