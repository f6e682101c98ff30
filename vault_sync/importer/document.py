"""The importer's data: a document as lines and table rows, and what could not be read.

PURE. Every reader (``.txt``, ``.docx``, ``.odt``) produces a :class:`Document`: paragraphs
and table rows in the order they appear, each with its position in the source, so that
recognition works the same whatever the file's format was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = ["Document", "Line", "Unrecognised", "clean", "unrecognised"]


@dataclass(frozen=True)
class Line:
    """A paragraph, or one row of a table (``cells`` set, ``table`` its 1-based number)."""

    number: int  # 1-based: the line of a text file, the paragraph or row of a document
    text: str  # a paragraph's text; for a row, its non-empty cells joined by " | "
    cells: tuple[str, ...] | None = None  # a row's cells (a cell may hold several lines)
    table: int = 0

    @property
    def is_row(self) -> bool:
        return self.cells is not None

    @property
    def filled(self) -> tuple[str, ...]:
        """A row's non-empty cells, each on one line."""
        return tuple(" ".join(c.split()) for c in self.cells or () if c.strip())


def row(number: int, cells: list[str] | tuple[str, ...], table: int) -> Line:
    """A table row whose ``text`` shows its non-empty cells."""
    shown = " | ".join(" ".join(c.split()) for c in cells if c.strip())
    return Line(number, shown, tuple(cells), table)


@dataclass(frozen=True)
class Document:
    """What a reader found in a file."""

    name: str  # the file's name: shown in messages and kept in the note (x-source)
    lines: tuple[Line, ...]
    unit: str = "line"  # what Line.number counts: "line" (text files) or "paragraph"
    encoding: str | None = None  # a text file's legacy encoding, when it was not UTF-8

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True)
class Unrecognised:
    """Something in the document that did not become frontmatter: said, never guessed."""

    code: str  # a message code of vault_sync.i18n.importer (or of vault_sync.notes.when)
    line: int | None = None  # Line.number, when it came from one place
    field: str = ""  # the frontmatter field it was meant for, e.g. "events.3.when"
    params: tuple[tuple[str, Any], ...] = ()

    def param_dict(self) -> dict[str, Any]:
        return dict(self.params)


def unrecognised(
    code: str, line: int | None = None, field_path: str = "", **params: Any
) -> Unrecognised:
    return Unrecognised(code, line, field_path, tuple(sorted(params.items())))


# --- cleaning export debris ----------------------------------------------------------------
# Word's hidden bookmark at the cursor ("[bookmark: _GoBack]") and the like, left in the text
# by converters; invisible characters; bold markers ("**") some converters write.
_DEBRIS = re.compile(
    r"\[(?:bookmark|закладка)\s*:[^\]\n]*\]|\[(?:image|picture|рисунок)(?:\s*:[^\]\n]*)?\]",
    re.IGNORECASE,
)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\xad"), None)
_SPACES = dict.fromkeys(map(ord, "\xa0\u2007\u202f\u2009\u200a\u3000"), " ")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """``text`` without export debris; tabs and line breaks are kept."""
    text = text.translate(_INVISIBLE).translate(_SPACES)
    text = (
        text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n").replace("\x0c", "\n")
    )
    text = _CONTROL.sub("", text)
    return _DEBRIS.sub("", text).replace("**", "")
