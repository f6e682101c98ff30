"""A strict, safe YAML reader for frontmatter that remembers where every value is.

PyYAML's defaults do not fit notes written by people:

* YAML 1.1 turns ``14:00`` into 840, ``no`` into False and ``2021-09-22`` into a
  date object; here scalars follow the YAML 1.2 core schema (only ``true``/``false``
  are booleans, no sexagesimal numbers, no timestamps: dates stay text and the
  JSON Schema checks them);
* duplicate keys silently keep the last value; here they are a problem;
* aliases can expand exponentially ("billion laughs"); here the number of nodes
  visited is capped;
* errors carry no line in the file; here every value's line is recorded.

The parser is libyaml's (``CSafeLoader``) when available: it is about ten times
faster than the pure-Python one, which matters for a vault of 10,000 notes.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # an accelerator for the common case, a valid note (see fast_load); optional
    import yaml_rs
except ImportError:  # pragma: no cover - tested by hiding the module; only slower
    yaml_rs = None  # type: ignore[assignment]

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - libyaml is in every wheel we install
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_NODES = 20_000  # far above any real note, far below an alias bomb
MAX_DEPTH = (
    32  # real frontmatter nests three or four levels; a self-referencing alias nests forever
)

Path = tuple[str | int, ...]

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)

# What yaml_rs reads otherwise than load: plain scalars it takes for numbers where YAML
# 1.2's core schema (and load) sees text (digits grouped by "_" as in 1_000, 0b101, 0X1F,
# 0O17, signed 0x/0o); NEL, LS and PS, which PyYAML takes for line breaks (YAML 1.1) even
# inside quotes. And runs of digits long enough to need load's check of _too_long.
# fast_load leaves texts with any of them to load.
# Tried on every note, so written as checks Python's re and str run fast (a pattern that
# starts with a literal, substring tests): one alternation of these took 100 µs a note.
_RADIX = re.compile(r"0[bBXOxo]")  # 0b101, 0X1F, 0O17, and 0x/0o (signed ones differ)
_BREAKS = ("\x85", "\u2028", "\u2029")
_DIGITS = bytes(0x30 if 0x30 <= b <= 0x39 else b for b in range(256))  # any digit -> "0"
_LONG_RUN = b"0" * 18


def _fast_differs(text: str) -> bool:
    """Whether yaml_rs may type a scalar of ``text`` otherwise than :func:`load`."""
    if _RADIX.search(text) is not None or any(c in text for c in _BREAKS):
        return True
    at = text.find("_")
    while at != -1:  # digits grouped by "_" (1_000): a digit on either side
        if text[at - 1 : at].isdigit() or text[at + 1 : at + 2].isdigit():
            return True
        at = text.find("_", at + 1)
    return _LONG_RUN in text.encode("utf-8", "surrogatepass").translate(_DIGITS)
# The longest integer Python turns into text (sys.get_int_max_str_digits; 0: no limit).
DEFAULT_MAX_DIGITS = 4300

STR_TAG = "tag:yaml.org,2002:str"
_CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


class _PlainLoader(_BaseLoader):
    """Resolves every plain scalar as a string; typing happens in :func:`_scalar`."""


_PlainLoader.yaml_implicit_resolvers = {}


class YamlProblem(Exception):
    """The YAML text cannot be read. ``line`` is 0-based within the YAML text.

    ``path`` is the value's place in the data when the problem is one value's.
    """

    def __init__(
        self, code: str, line: int | None, path: Path | None = None, **params: Any
    ) -> None:
        super().__init__(code)
        self.code = code
        self.line = line
        self.path = path
        self.params = params


@dataclass
class YamlDocument:
    """Plain data (dicts, lists, str, int, float, bool, None) and where it came from."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)  # 0-based lines within the YAML
    plain_text: dict[Path, str] = field(default_factory=dict)  # unquoted scalars typed as numbers
    duplicates: list[tuple[Path, int, int]] = field(default_factory=list)  # key, first, again


_FAST_LIMITS = (
    yaml_rs.AliasLimits(max_total_replayed_events=MAX_NODES, max_replay_stack_depth=MAX_DEPTH)
    if yaml_rs is not None and hasattr(yaml_rs, "AliasLimits")
    else None
)


def fast_load(text: str) -> Any | None:
    """Parse with the native ``yaml_rs`` (about 6x faster); None when it cannot or will not.

    Only ever a shortcut: it keeps no lines, so a note it reads is re-read by :func:`load`
    whenever a problem has to be shown. It follows the same YAML 1.2 rules (dates stay
    text, 14:00 is text, ``no`` is text) and refuses duplicate keys and unknown tags;
    whatever it refuses, :func:`load` explains. Texts where yaml_rs would type a scalar
    otherwise than :func:`load` (see :func:`_fast_differs`) are declined before parsing.
    None without yaml_rs (the ``fast`` extra), always.
    """
    if yaml_rs is None or _fast_differs(text):
        return None
    try:
        if _FAST_LIMITS is not None:
            return yaml_rs.loads(text, parse_datetime=False, alias_limits=_FAST_LIMITS)
        return yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # any refusal: the careful path will say what is wrong
        return None


def load(text: str) -> YamlDocument:
    """Parse one YAML document; raise :class:`YamlProblem` on anything unreadable."""
    loader = _PlainLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _explain(exc, text) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("yaml.syntax", None, reason=str(exc).splitlines()[0]) from None
    finally:
        loader.dispose()
    doc = YamlDocument(data=None)
    if node is None:
        return doc
    walker = _Walker(doc)
    doc.data = walker.value(node, ())
    return doc


def _explain(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    """Name the usual mistakes; point at the line where the mistake is, not where it shows."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line if mark is not None else None
    reason = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    if line is not None and "\t" in _indent(_line(text, line)):
        return YamlProblem("yaml.tab", line)
    if "quoted scalar" in context and exc.context_mark is not None:
        return YamlProblem("yaml.unclosed_quote", exc.context_mark.line)
    if "alias" in reason or "anchor" in reason:
        return YamlProblem("yaml.alias", line)
    if "mapping values are not allowed" in reason:
        return YamlProblem("yaml.colon_in_value", line)
    if "could not find expected ':'" in reason and exc.context_mark is not None:
        return YamlProblem("yaml.missing_colon", exc.context_mark.line)
    if "expected <block end>" in reason or "did not find expected '-'" in reason:
        return YamlProblem("yaml.indent", line)
    return YamlProblem("yaml.syntax", line, reason=" ".join(filter(None, [context, reason])))


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _line(text: str, index: int) -> str:
    lines = text.split("\n")
    return lines[index] if 0 <= index < len(lines) else ""


class _Walker:
    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.visited = 0

    def value(self, node: yaml.Node, path: Path) -> Any:
        self.visited += 1
        if len(path) > MAX_DEPTH:
            raise YamlProblem("yaml.too_deep", node.start_mark.line, limit=MAX_DEPTH)
        if self.visited > MAX_NODES:
            raise YamlProblem("yaml.too_big", node.start_mark.line, limit=MAX_NODES)
        self.doc.lines.setdefault(path, node.start_mark.line)
        if node.tag not in _CORE_TAGS:
            raise YamlProblem("yaml.tag", node.start_mark.line, tag=node.tag)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        try:
            result = _scalar(node)
        except YamlProblem as exc:
            exc.path = path
            raise
        if isinstance(result, int | float) and not isinstance(result, bool):
            self.doc.plain_text[path] = node.value
        return result

    def mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge" or key_node.value == "<<":
                raise YamlProblem("yaml.merge", key_node.start_mark.line)
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem("yaml.complex_key", key_node.start_mark.line)
            key = str(key_node.value)
            line = key_node.start_mark.line
            if key in first_seen:
                self.doc.duplicates.append(((*path, key), first_seen[key], line))
                continue  # the first value wins; the note is invalid anyway
            first_seen[key] = line
            child = (*path, key)
            self.doc.lines[child] = line
            result[key] = self.value(value_node, child)
        return result


def _scalar(node: yaml.ScalarNode) -> Any:
    """Type a scalar: quoted and block scalars are text, plain ones by YAML 1.2 core rules."""
    text = str(node.value)
    tag = node.tag
    if tag == STR_TAG:
        if node.style not in (None, ""):
            return text
        tag = _resolve_plain(text)
    try:
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return text.lower() == "true"
        if tag == "tag:yaml.org,2002:int":
            value = _to_int(text)
            if _too_long(value):
                raise YamlProblem(
                    "yaml.number_too_long",
                    node.start_mark.line,
                    digits=_digits(text),
                    limit=_max_digits(),
                )
            return value
        if tag == "tag:yaml.org,2002:float":
            return _to_float(text)
    except ValueError:
        raise YamlProblem("yaml.tag", node.start_mark.line, tag=tag) from None
    return text


def _resolve_plain(text: str) -> str:
    if _NULL.match(text):
        return "tag:yaml.org,2002:null"
    if _BOOL.match(text):
        return "tag:yaml.org,2002:bool"
    if _INT.match(text):
        return "tag:yaml.org,2002:int"
    if _FLOAT.match(text):
        return "tag:yaml.org,2002:float"
    return STR_TAG


def _to_int(text: str) -> int:
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    if len(text.lstrip("+-")) > _max_digits():  # int() would raise ValueError
        long_enough: int = 10 ** _max_digits()  # its length is all that counts: _too_long
        return long_enough
    return int(text, 10)


def _max_digits() -> int:
    return sys.get_int_max_str_digits() or DEFAULT_MAX_DIGITS


def _too_long(value: int) -> bool:
    """Too many digits for Python to write it out (str(value) would raise ValueError)."""
    if value.bit_length() < 3 * _max_digits():  # fewer than ~900 digits per 3000 bits
        return False
    limit: int = 10 ** _max_digits()
    return abs(value) >= limit


def _digits(text: str) -> int:
    return sum(char.isdigit() for char in text)


def _to_float(text: str) -> float:
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return float("-inf") if lowered.startswith("-") else float("inf")
    if lowered == ".nan":
        return float("nan")
    return float(text)
