"""The lines of a plain-text export, with the tables Word left in it put back together.

PURE. Word's "save as text" and copy-paste write a table in one of two layouts:

* a row per line, cells separated by tabs (``Семинар\tоктябрь\tМетодист``);
* a cell per line, each starting with a tab, rows separated by blank lines, a cell's
  further lines without the tab, and now and then a blank line inside a row (the
  Novosibirsk seed). Rows are rebuilt from the number of cells a full row has.

Everything else is a paragraph per line. Line numbers are those of the file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from vault_sync.importer.document import Line, clean, row

__all__ = ["lines_from_text"]


@dataclass
class _Group:
    first: int  # line number of its first cell
    cells: list[str] = field(default_factory=list)


def lines_from_text(text: str) -> list[Line]:
    raw = [clean(line) for line in clean(text).split("\n")]
    lines: list[Line] = []
    tables = 0
    i = 0
    while i < len(raw):
        kind = _kind(raw[i])
        if kind == "tsv":
            end = _region_end(raw, i, lambda k: k == "tsv", continuation=False)
            tables += 1
            lines.extend(_tsv_rows(raw, i, end, tables))
            i = end
        elif kind == "cell":
            end = _region_end(raw, i, lambda k: k == "cell", continuation=True)
            found = _cell_rows(raw, i, end, tables + 1)
            tables += 1 if found and found[0].is_row else 0
            lines.extend(found)
            i = end
        else:
            lines.append(Line(i + 1, " ".join(raw[i].split())))
            i += 1
    return lines


def _kind(line: str) -> str:
    if not line.strip(" \t"):
        return "cell" if line.startswith("\t") else "blank"
    body = line.lstrip("\t")
    if "\t" in body.rstrip(" "):
        return "tsv"
    if "\t" in body:  # only trailing tabs: a row of one cell
        return "tsv"
    return "cell" if line.startswith("\t") else "text"


def _region_end(
    raw: list[str], start: int, member: Callable[[str], bool], continuation: bool
) -> int:
    """The index after the last line of the table region starting at ``start``."""
    i, last = start, start
    while i < len(raw):
        kind = _kind(raw[i])
        if member(kind):
            last = i
        elif kind == "text" and continuation and i == last + 1:
            last = i  # a cell's second line, right after it
        elif kind != "blank":
            break
        i += 1
    return last + 1


def _tsv_rows(raw: list[str], start: int, end: int, table: int) -> list[Line]:
    rows = [(n, [c.strip() for c in raw[n].split("\t")]) for n in range(start, end)]
    rows = [(n, cells) for n, cells in rows if any(cells)]
    width = max(len(cells) for _, cells in rows)
    padded = [(n, cells + [""] * (width - len(cells))) for n, cells in rows]
    # Tabs used as spacing ("Руководитель ГМО\t\t\tЕ.А. Данилова"): drop columns empty in all rows
    used = [col for col in range(width) if any(cells[col] for _, cells in padded)]
    return [row(n + 1, [cells[col] for col in used], table) for n, cells in padded]


def _cell_rows(raw: list[str], start: int, end: int, table: int) -> list[Line]:
    groups: list[_Group] = []
    current: _Group | None = None
    for n in range(start, end):
        line = raw[n]
        kind = _kind(line)
        if kind == "blank":
            current = None
            continue
        if kind == "text":  # a cell's further line
            assert groups and groups[-1].cells
            groups[-1].cells[-1] += "\n" + line.strip()
            continue
        if current is None:
            current = _Group(n + 1)
            groups.append(current)
        current.cells.append(line.strip(" \t"))
    if not _looks_like_table(groups):
        return _as_paragraphs(raw, start, end)
    width = max(len(g.cells) for g in groups)
    return [row(g.first, g.cells, table) for g in _merge(groups, width)]


def _looks_like_table(groups: list[_Group]) -> bool:
    """Rows of a table have (nearly) the same number of cells; tab-indented prose does not."""
    sizes = [len(g.cells) for g in groups if len(g.cells) > 1]
    if len(sizes) < 2:
        return False
    width = max(sizes)
    common = Counter(sizes).most_common(1)[0][0]
    fitting = sum(1 for s in sizes if s >= width - 1 or s == common)
    return fitting / len(sizes) >= 0.6


def _merge(groups: list[_Group], width: int) -> list[_Group]:
    """Join a row that a blank line cut in two: a part too short to be a row takes the next."""
    merged: list[_Group] = []
    for group in groups:
        last = merged[-1] if merged else None
        if (
            last is not None
            and 1 < len(last.cells) < width - 1
            and len(last.cells) + len(group.cells) <= width
        ):
            last.cells.extend(group.cells)
        else:
            merged.append(_Group(group.first, list(group.cells)))
    return merged


def _as_paragraphs(raw: list[str], start: int, end: int) -> list[Line]:
    return [Line(n + 1, " ".join(raw[n].split())) for n in range(start, end)]
