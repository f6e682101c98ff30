"""An activity of a plan: which column says what, its kind, and one written as a line.

PURE. A table's header names its columns ("Сроки проведения" is the "when", "Раздел"
holds numbers); a row one cell short has its number inside the title cell. A line of a
numbered list ("Семинар «…» — 15 ноября, МБОУ СШ №1; отв. Иванова И.И.") is split into
title, when and the rest, every "when" tried with :func:`vault_sync.notes.when.parse_when`.
"""

from __future__ import annotations

import re
from typing import Any

from vault_sync.importer.text import fold, one_line, strip_end
from vault_sync.notes.typed import guess_kind
from vault_sync.notes.when import WhenError, parse_when

__all__ = [
    "NUMBERED_TITLE",
    "activity_kind",
    "cells_by_column",
    "column_role",
    "ordered_event",
    "reads_as_when",
    "split_activity",
]

_COLUMNS = (
    ("№", "number"), ("n п/п", "number"), ("п/п", "number"), ("раздел", "number"),
    ("номер", "number"),
    ("мероприяти", "title"), ("содержание", "title"), ("наименование", "title"),
    ("название", "title"), ("тема", "title"),
    ("участник", "participants"), ("категори", "participants"), ("для кого", "participants"),
    ("целевая", "participants"),
    ("срок", "when"), ("дата", "when"), ("когда", "when"), ("период", "when"), ("месяц", "when"),
    ("время проведения", "when"),
    ("место", "place"),
    ("ответствен", "responsible"), ("исполнител", "responsible"),
    ("ожидаем", "expected_result"), ("результат", "expected_result"), ("выход", "expected_result"),
    ("продукт", "expected_result"),
)  # fmt: skip
NUMBERED_TITLE = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?(?:\s+|$)(.*)$", re.DOTALL)
_PLACE_WORDS = re.compile(
    r"мбоу|маоу|мкоу|моу|сош|сш|оу\b|школ|лице|гимнази|библиотек|онлайн|дистанц|цдб|дк\b|зал",
    re.IGNORECASE,
)


def column_role(cell: str) -> str | None:
    low = fold(cell.replace("\n", " "))
    return next((role for word, role in _COLUMNS if low.startswith(word)), None)


def cells_by_column(header: list[str | None], cells: list[str], names: list[str]) -> dict[str, str]:
    """Cell text by column: a row one cell short holds its number inside the title cell."""
    values: dict[str, str] = {}
    width = len(header)
    if len(cells) == width - 1 and header[:2] == ["number", "title"]:
        m = NUMBERED_TITLE.match(cells[0].strip())
        number, title = (m[1], m[2]) if m and m[2].strip() else ("", cells[0])
        cells = [number, title, *cells[1:]]
    elif len(cells) != width:
        return {"title": "", "?": " | ".join(c for c in cells if c)}
    for position, (role, cell) in enumerate(zip(header, cells, strict=True)):
        key = role or f"?{names[position] if position < len(names) else position + 1}"
        if role in values:
            values[role] += "\n" + cell
        else:
            values[key] = cell.strip()
    if not values.get("number") and values.get("title"):
        m = NUMBERED_TITLE.match(values["title"])
        if m and m[2].strip() and "number" in header:
            values["number"], values["title"] = m[1], m[2].strip()
    return values


def activity_kind(title: str) -> str | None:
    """The kind a sentence of the title starts with: "Семинар «…»", "Муниципальный семинар";
    not "Использование технологий для онлайн совещаний" (a subject, not the activity)."""
    for sentence in re.split(r"(?<=[.!?])\s+", title):
        kind = guess_kind(" ".join(sentence.split()[:2]))
        if kind != "мероприятие":
            return kind
    return None


def ordered_event(event: dict[str, Any]) -> dict[str, Any]:
    order = ("number", "title", "kind", "participants", "when", "place", "responsible",
             "expected_result", "section")  # fmt: skip
    return {key: event[key] for key in order if key in event}


def reads_as_when(text: str, year: int | None) -> bool:
    try:
        parse_when(text, year)
    except WhenError:
        return False
    return True


_SEGMENTS = re.compile(r"\s+[—–-]\s+|;\s*")
_SEGMENT_LABEL = re.compile(
    r"^(?P<label>сроки?|дата|когда|место|где|отв\.?|ответственн\w*|участники|результат)"
    r"\s*[:\-–—]?\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_SEGMENT_FIELDS = {"срок": "when", "дата": "when", "когда": "when", "место": "place",
                   "где": "place", "отв": "responsible", "участники": "participants",
                   "результат": "expected_result"}  # fmt: skip


def split_activity(text: str, year: int | None) -> tuple[str, str, dict[str, str]]:
    """ "Семинар «…» — 15 ноября, МБОУ СШ №1; отв. Иванова И.И." -> title, when, the rest."""
    parts = [p for p in _SEGMENTS.split(one_line(text)) if p.strip()]
    title, extra, when = strip_end(parts[0], ".;:,"), {}, ""
    bracket = re.search(r"\(([^()]+)\)$", title)
    if bracket and reads_as_when(bracket[1], year):
        when, title = bracket[1].strip(), title[: bracket.start()].strip()
    for part in parts[1:]:
        part = strip_end(part, ",;")
        labelled = _SEGMENT_LABEL.match(part)
        if labelled is not None:
            stem = next(s for s in _SEGMENT_FIELDS if fold(labelled["label"]).startswith(s))
            extra[_SEGMENT_FIELDS[stem]] = strip_end(labelled["value"], ",;")
            continue
        pieces = [p.strip() for p in part.split(",")]
        for cut in range(len(pieces), 0, -1):
            if not when and reads_as_when(", ".join(pieces[:cut]), year):
                when, pieces = ", ".join(pieces[:cut]), pieces[cut:]
                break
        rest = ", ".join(pieces)
        if rest and _PLACE_WORDS.search(rest) and "place" not in extra:
            extra["place"] = rest
        elif rest:
            extra["?"] = f"{extra.get('?', '')} {rest}".strip()
    when = extra.pop("when", when)
    return title, when, extra
