"""The text of an imported note: YAML frontmatter, then the document as Markdown.

PURE. The frontmatter is written the way the example notes are written by hand (plain
values where YAML allows, quotes where a value would read as a number, a time or
something else, long text folded) and read back with :mod:`vault_sync.notes.yaml_reader` before
it is returned, so what vault-sync reads is exactly what was recognised. The body keeps
the full text of the document: paragraphs, lists and tables (as Markdown tables).
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Sequence
from typing import Any

from vault_sync.importer.document import Line
from vault_sync.notes import yaml_reader

__all__ = ["body_markdown", "frontmatter_yaml", "note_file_name", "note_text"]

_WRAP = 88  # folded text is wrapped at this width
_FOLD_OVER = 100  # longer text is folded over several lines
_NUMBERISH = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|0[xob][0-9a-fA-F_]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[0-9]+(?::[0-9]+)+"
)
_WORDS = re.compile(r"(?:true|false|yes|no|on|off|y|n|null|~)", re.IGNORECASE)
_BAD_START = set("-?:,[]{}#&*!|>'\"%@`«“„ ")


def note_text(
    frontmatter: dict[str, Any], lines: Sequence[Line], appendix: Sequence[str] = ()
) -> str:
    """The whole note; ``appendix``: a section after the document (what was not recognised)."""
    text = f"---\n{frontmatter_yaml(frontmatter)}---\n" + body_markdown(lines)
    if appendix:
        text += "\n" + "\n".join(appendix) + "\n"
    return text


def frontmatter_yaml(data: dict[str, Any]) -> str:
    text = _dump(data, quote_all=False)
    try:
        same = yaml_reader.load(text).data == data
    except yaml_reader.YamlProblem:
        same = False
    return text if same else _dump(data, quote_all=True)


def _dump(data: dict[str, Any], quote_all: bool) -> str:
    out: list[str] = []
    _mapping(data, 0, out, quote_all)
    return "".join(line + "\n" for line in out)


def _mapping(data: dict[str, Any], indent: int, out: list[str], quote_all: bool) -> None:
    pad = " " * indent
    for key, value in data.items():
        if isinstance(value, dict) and value:
            out.append(f"{pad}{key}:")
            _mapping(value, indent + 2, out, quote_all)
        elif isinstance(value, list) and value:
            out.append(f"{pad}{key}:")
            _sequence(value, indent + 2, out, quote_all)
        else:
            _scalar(f"{pad}{key}: ", value, indent + 2, out, quote_all)


def _sequence(items: list[Any], indent: int, out: list[str], quote_all: bool) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item:
            start = len(out)
            _mapping(item, indent + 2, out, quote_all)
            out[start] = f"{pad}- {out[start][indent + 2 :]}"
        else:
            _scalar(f"{pad}- ", item, indent + 2, out, quote_all)


def _scalar(prefix: str, value: Any, indent: int, out: list[str], quote_all: bool) -> None:
    if isinstance(value, bool):
        out.append(prefix + ("true" if value else "false"))
    elif isinstance(value, int):
        out.append(prefix + str(value))
    elif isinstance(value, list | dict):  # empty
        out.append(prefix + ("[]" if isinstance(value, list) else "{}"))
    elif not quote_all and _foldable(str(value)):
        out.append(prefix + ">-")
        for line in textwrap.wrap(
            str(value), _WRAP, break_long_words=False, break_on_hyphens=False
        ):
            out.append(" " * indent + line)
    elif not quote_all and _plain(str(value)):
        out.append(prefix + str(value))
    else:
        out.append(prefix + json.dumps(str(value), ensure_ascii=False))


def _foldable(text: str) -> bool:
    """Long text on one line with single spaces: a folded block (``>-``) keeps it exactly."""
    if len(text) <= _FOLD_OVER or text != text.strip() or "  " in text:
        return False
    return "\n" not in text and "\t" not in text and "\r" not in text


def _plain(text: str) -> bool:
    """Whether ``text`` reads back as the same string without quotes (YAML 1.1 and 1.2)."""
    if not text or text != text.strip() or "\n" in text or "\t" in text or "  " in text:
        return False
    if text[0] in _BAD_START or ": " in text or " #" in text or text.endswith(":"):
        return False
    return not (_NUMBERISH.fullmatch(text) or _WORDS.fullmatch(text))


# --- the body --------------------------------------------------------------------------------
_LIST_ITEM = re.compile(r"^(?:\d{1,2}[.)]|[-–—•·*▪●○◦➢✓])\s*\S")
_ESCAPE_START = re.compile(r"^(?:#|>|[-=_*]{3,}\s*$|\+\s)")


def body_markdown(lines: Sequence[Line]) -> str:
    """The document as Markdown: a paragraph per line, lists kept together, tables as tables."""
    blocks: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.is_row:
            end = index
            while end < len(lines) and lines[end].is_row and lines[end].table == line.table:
                end += 1
            table = _table([lines[i].cells or () for i in range(index, end)])
            if table:
                blocks.append(table)
            index = end
            continue
        if line.text:
            text = _escape(line.text)
            joined = (
                blocks and _LIST_ITEM.match(text) and _LIST_ITEM.match(blocks[-1].split("\n")[-1])
            )
            if joined:
                blocks[-1] += "\n" + text
            else:
                blocks.append(text)
        index += 1
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _escape(text: str) -> str:
    return "\\" + text if _ESCAPE_START.match(text) else text


def _table(rows: Sequence[Sequence[str]]) -> str:
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    cells = [[_cell(c) for c in r] + [""] * (width - len(r)) for r in rows]
    lines = [_row(cells[0]), "|" + "---|" * width]
    lines.extend(_row(r) for r in cells[1:])
    return "\n".join(lines)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _cell(text: str) -> str:
    parts = [" ".join(p.split()) for p in text.split("\n")]
    return "<br>".join(p for p in parts if p).replace("|", "\\|")


# --- the file name ---------------------------------------------------------------------------
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def note_file_name(
    note_type: str | None, fields: dict[str, Any], kind: str | None, stem: str
) -> str:
    """ "Протокол №1 от 22.09.2021.md", "План работы ГМО 2021-2022.md", else the file's name."""
    name = ""
    if note_type == "protocol":
        number, date = fields.get("number"), fields.get("date")
        day = ".".join(reversed(date.split("-"))) if isinstance(date, str) else ""
        if number and day:
            name = f"Протокол №{number} от {day}"
        elif day:
            name = f"Протокол от {day}"
        elif number:
            name = f"Протокол №{number}"
    elif note_type == "plan" and isinstance(fields.get("academic_year"), str):
        years = fields["academic_year"].replace("/", "-")
        name = " ".join(p for p in ("План работы", kind or "", years) if p)
    name = _UNSAFE.sub("-", name or stem).strip(" .") or "Импорт"
    return name[:120] + ".md"
