"""An annual work plan (план работы) -> the frontmatter of a ``type: plan`` note.

PURE. Reads the header (УТВЕРЖДАЮ, the academic year, themes, goal, tasks, expected
results, as "Метка: значение" lines or as a two-column table), the activities from a
table whose header row names the columns (№, Мероприятия, Участники, Сроки, Место,
Ответственные, Ожидаемые результаты; in any order, any subset) or from a numbered list,
section rows ("I. Организационная деятельность", «Учитель будущего»), and the signatures.
Every "when" is read by :func:`vault_sync.notes.when.parse_when` with the plan's academic year.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from vault_sync.importer.activities import (
    NUMBERED_TITLE,
    activity_kind,
    cells_by_column,
    column_role,
    ordered_event,
    reads_as_when,
    split_activity,
)
from vault_sync.importer.document import Line, Unrecognised, unrecognised
from vault_sync.importer.text import (
    compile_labels,
    find_date,
    fold,
    iso_day,
    list_item,
    match_label,
    one_line,
    people,
    split_list,
    strip_end,
)
from vault_sync.notes.when import WhenError, parse_academic_year, parse_when

__all__ = ["read_plan"]

_LABELS = compile_labels(
    (
        ("единая городская методическая тема", "city_theme"),
        ("городская методическая тема", "city_theme"), ("единая методическая тема", "city_theme"),
        ("методическая тема", "theme"), ("тема работы", "theme"), ("тема", "theme"),
        ("цель деятельности", "goal"), ("цель работы", "goal"), ("цель", "goal"),
        ("задачи деятельности", "tasks"), ("задачи работы", "tasks"), ("основные задачи", "tasks"),
        ("задачи", "tasks"),
        ("ожидаемые результаты", "expected_results"), ("ожидаемый результат", "expected_results"),
        ("утверждаю", "approved"), ("утверждено", "approved"), ("утвержден", "approved"),
        ("содержание работы", "contents"), ("содержание деятельности", "contents"),
        ("план мероприятий", "contents"), ("основные мероприятия", "contents"),
        ("мероприятия", "contents"),
    ),
    loose=frozenset(),
)  # fmt: skip
_LIST_FIELDS = ("tasks", "expected_results")
_OF_KIND = re.compile(r"^(?:[гршмо]?мо|объединения)(?![а-яё])\s*[:\-–—.]?\s*", re.IGNORECASE)
_ROMAN = re.compile(r"^(?:[IVXL]{1,5}|раздел\s+\d+)[.)]?\s+\S", re.IGNORECASE)
_ACADEMIC = re.compile(
    r"(?<!\d)(\d{4})\s*[/–—-]\s*(\d{4})(?!\d)(?=\s*(?:уч|гг?\b|г\.|год|$|\*|\)))", re.IGNORECASE
)
_ROLE = re.compile(
    r"^(?P<role>руководител[ьяи]|координатор|методист(?:\s*-\s*куратор)?|куратор)"
    r"(?![а-я])(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_ROLE_FIELDS = {"руководител": "leader", "координатор": "coordinator", "методист": "methodologist",
                "куратор": "methodologist"}  # fmt: skip
_KIND_WORDS = re.compile(r"(?<![а-яёa-z])(?:[гршмо]?мо|объединени[а-я]*)(?![а-яё])", re.IGNORECASE)
_TITLE_WORDS = re.compile(
    r"план|объединени|\b[гршмо]?мо\b|учебн|педагог|библиотек|школ|работ|методическ|муниципальн"
    r"|городск|районн|окружн",
    re.IGNORECASE,
)


class _Reader:
    def __init__(self, lines: Sequence[Line]) -> None:
        self.lines = list(lines)
        self.fields: dict[str, Any] = {}
        self.year: int | None = None
        self.year_text: tuple[str, int] | None = None
        self.approval: list[tuple[str, int]] = []
        self.people: dict[str, list[str]] = {}
        self.pending_roles: list[str] = []
        self.events: list[dict[str, Any]] = []
        self.header: list[str | None] | None = None
        self.header_names: list[str] = []
        self.table = 0
        self.section = ""
        self.month: str | None = None  # a month heading over a numbered list of activities
        self.state = "title"
        self.started = False  # a field or an activity was seen: the title lines are over
        self.last = ""  # the field of the last label
        self.missed: list[Unrecognised] = []

    def run(self) -> None:
        self.find_year()
        for index, line in enumerate(self.lines):
            if line.is_row:
                self.on_row(index, line)
            elif not line.text:
                if self.state in ("approved", "value"):
                    self.state = "fields" if self.started else "title"
            else:
                self.on_text(line, line.text)

    def find_year(self) -> None:
        for line in self.lines:
            m = _ACADEMIC.search(line.text)
            if m and int(m[2]) == int(m[1]) + 1:
                self.year_text = (f"{m[1]}/{m[2]}", line.number)
                self.year = parse_academic_year(self.year_text[0])
                return
        self.missed.append(unrecognised("import.no_academic_year", None, "academic_year"))

    # --- paragraphs ---------------------------------------------------------------------
    def on_text(self, line: Line, text: str) -> None:
        label = match_label(_LABELS, text)
        if label is not None:
            self.on_label(label.name, label.value, line)
            return
        if self.state == "approved":
            if _ACADEMIC.search(text) or re.search(r"план|объединени", fold(text)):
                self.state = "title"
            else:
                self.approval.append((text, line.number))
                if len(self.approval) >= 5 or _approval_date(text):
                    self.state = "title"
                return
        if self.state == "value":
            self.set_field(self.last, text)
            self.state = "fields"
            return
        if self.state == "list":
            if list_item(text) is not None:
                self.set_field(self.last, text)
                return
            self.state = "fields"
        if self.signature(text):
            return
        if self.started and self.list_event(line, text):
            return
        if not self.started and (_TITLE_WORDS.search(text) or _ACADEMIC.search(text)):
            return
        self.miss(line)

    def on_label(self, name: str, value: str, line: Line) -> None:
        self.last = name
        value = _OF_KIND.sub("", value.strip()) if name not in ("approved", "contents") else value
        if name == "approved":
            self.state = "approved"
            if value:
                self.approval.append((value, line.number))
            return
        self.started = True
        if name == "contents":
            self.state = "events"
        elif value:
            self.set_field(name, value)
            self.state = "list" if name in _LIST_FIELDS else "fields"
        else:
            self.state = "list" if name in _LIST_FIELDS else "value"

    def set_field(self, name: str, value: str) -> None:
        if name in _LIST_FIELDS:
            items = self.fields.setdefault(name, [])
            for part in value.split("\n"):
                item = strip_end(list_item(part.strip()) or part)
                if item:
                    items.append(item)
        elif strip_end(value):
            self.fields[name] = strip_end(value)

    def signature(self, text: str) -> bool:
        """ "Руководитель ГМО — Е.А. Данилова", or roles and names on lines of their own."""
        role = _ROLE.match(fold(text))
        if role is not None:
            field = next(f for stem, f in _ROLE_FIELDS.items() if role["role"].startswith(stem))
            named = people(text)
            if named:
                self.people.setdefault(field, []).extend(named)
            elif re.sub(r"[\W_]+", "", _KIND_WORDS.sub("", role["rest"])):
                return False  # more than a role: not a signature
            else:
                self.pending_roles.append(field)
            return True
        named = people(text)
        if named and self.pending_roles and not re.sub(r"[\W_\d]+", "", _without(text, named)):
            for name in named:
                if self.pending_roles:
                    self.people.setdefault(self.pending_roles.pop(0), []).append(name)
            return True
        return False

    # --- tables ---------------------------------------------------------------------------
    def on_row(self, index: int, line: Line) -> None:
        if line.table != self.table:
            self.table, self.header = line.table, None
        cells = [c.strip() for c in line.cells or ()]
        roles = [column_role(c) for c in cells]
        found = {r for r in roles if r}
        if len(found) >= 2 and found & {"title", "when"}:
            self.header, self.state = roles, "events"
            self.header_names = [" ".join(c.split()) for c in cells]
            return
        filled = line.filled
        if not filled:
            return
        if self.header is None:
            self.plain_row(line, filled)
        else:
            self.event_row(index, line, cells)

    def plain_row(self, line: Line, filled: tuple[str, ...]) -> None:
        label = match_label(_LABELS, filled[0]) if len(filled) == 2 else None
        if label is not None and not _OF_KIND.sub("", label.value).strip():
            value = "\n".join(c.strip() for c in (line.cells or ())[1:] if c.strip())
            self.on_label(label.name, value, line)
            return
        if self.signature(": ".join(filled)):
            return
        if len(filled) == 1:
            self.on_text(line, filled[0])
        else:
            self.miss(line)

    def event_row(self, index: int, line: Line, cells: list[str]) -> None:
        values = cells_by_column(self.header or [], cells, self.header_names)
        filled = [v for v in values.values() if v]
        if len([c for c in cells if c.strip()]) == 1:
            self.one_cell_row(index, line)
            return
        self.started = True
        title = strip_end(values.get("title", ""), ".;:,")
        if not title:
            self.missed.append(unrecognised("import.row", line.number, "events", text=line.text))
            return
        if len(filled) == (2 if values.get("number") else 1) and self.is_heading(index, values):
            return
        event: dict[str, Any] = {}
        number = values.get("number", "").rstrip(".")
        if number:
            event["number"] = number
        event["title"] = title
        kind = activity_kind(title)
        if kind:
            event["kind"] = kind
        when = one_line(values.get("when", ""))
        self.add_event(event, when, values, line)

    def one_cell_row(self, index: int, line: Line) -> None:
        text = line.filled[0]
        numbered_title = NUMBERED_TITLE.match(text)
        if numbered_title is None or not numbered_title[2].strip():
            self.section = strip_end(text, ".;:,")
        elif not self.is_heading(index, {"number": numbered_title[1], "title": text}):
            title = strip_end(numbered_title[2], ".;:,")
            self.missed.append(
                unrecognised("import.event_without_when", line.number, "events", title=title)
            )  # "2.1 Изучение нормативных документов:" groups the rows below: not an event

    def is_heading(self, index: int, values: dict[str, str]) -> bool:
        """A numbered title alone on its row that groups the rows after it."""
        number = values.get("number", "").rstrip(".")
        if values.get("title", "").rstrip().endswith(":"):
            return True
        for later in self.lines[index + 1 :]:
            if later.is_row and later.filled:
                first = NUMBERED_TITLE.match(later.filled[0])
                return bool(number and first and first[1].startswith(number + "."))
        return False

    def add_event(
        self, event: dict[str, Any], when: str, values: dict[str, str], line: Line
    ) -> None:
        title = event["title"]
        if not when:
            self.missed.append(
                unrecognised("import.event_without_when", line.number, "events", title=title)
            )
            return
        try:
            parse_when(when, self.year)
        except WhenError as exc:
            if not (exc.code == "when.no_year" and self.year is None):
                self.missed.append(
                    unrecognised("import.event_when", line.number, "events", title=title,
                                 text=when, when_code=exc.code, detail=exc.detail)
                )  # fmt: skip
                return
        for name in ("participants",):
            if values.get(name):
                parts = split_list(values[name])
                event[name] = parts if len(parts) > 1 else parts[0]
        event["when"] = when
        if values.get("place"):
            event["place"] = one_line(values["place"])
        if values.get("responsible"):
            parts = split_list(values["responsible"])
            event["responsible"] = parts if len(parts) > 1 else parts[0]
        if values.get("expected_result"):
            event["expected_result"] = strip_end(values["expected_result"])
        if self.section:
            event["section"] = self.section
        for header, text in values.items():
            if header.startswith("?") and text:
                code = "import.cell" if header[1:] else "import.part"
                self.missed.append(
                    unrecognised(code, line.number, "events", header=header[1:], text=text)
                )
        self.events.append(ordered_event(event))

    # --- activities as a numbered list -------------------------------------------------------
    def list_event(self, line: Line, text: str) -> bool:
        item = list_item(text)
        if item is None:
            heading = strip_end(text, ".;:,")
            if _ROMAN.match(heading):
                self.section, self.state = heading, "events"
                self.month = None
                return True
            if self.state == "events" and reads_as_when(heading, self.year):
                self.month = heading
                return True
            return False
        self.state = "events"
        title, when, extra = split_activity(item, self.year)
        event: dict[str, Any] = {"title": title}
        kind = activity_kind(title)
        if kind:
            event["kind"] = kind
        self.add_event(event, when or self.month or "", extra, line)
        return True

    def miss(self, line: Line) -> None:
        self.missed.append(unrecognised("import.unused", line.number, text=line.text))


def read_plan(lines: Sequence[Line]) -> tuple[dict[str, Any], list[Unrecognised]]:
    """The plan's frontmatter fields (without ``type`` and ``association``)."""
    reader = _Reader(lines)
    reader.run()
    out: dict[str, Any] = {}
    if reader.year_text is not None:
        out["academic_year"] = reader.year_text[0]
    _approval(reader, out)
    for name in ("city_theme", "theme", "goal", "tasks", "expected_results"):
        if reader.fields.get(name):
            out[name] = reader.fields[name]
    for name in ("leader", "coordinator", "methodologist"):
        found = list(dict.fromkeys(reader.people.get(name, [])))
        if found:
            out[name] = found if len(found) > 1 else found[0]
    if reader.events:
        out["events"] = reader.events
    return out, reader.missed


def _approval(reader: _Reader, out: dict[str, Any]) -> None:
    who: list[str] = []
    for text, line in reader.approval:
        date = find_date(text)
        year = re.fullmatch(
            r"[«»\"_\s]*(?:[а-я]+\s+)?(\d{4})\s*(?:г\.?|года)?[\s_/]*", text.lower()
        )
        if date is not None:
            try:
                day = iso_day(date[0])
            except WhenError:
                day = None
            if day:
                out["approved_on"] = day
                continue
        if year is not None:
            out["approved_on"] = year[1]
            continue
        cleaned = one_line(re.sub(r"[_/]+", " ", text))
        if cleaned:
            who.append(cleaned)
        else:
            reader.missed.append(unrecognised("import.unused", line, text=text))
    if who:
        out["approved_by"] = " ".join(who)
    if "approved_on" in out:
        out["approved_on"] = out.pop("approved_on")  # after approved_by, as people write it


def _approval_date(text: str) -> bool:
    """The last line of an approval block: a date, or a year ("«__» ____ 2024 г.")."""
    return (
        find_date(text) is not None
        or re.search(r"(?<!\d)\d{4}\s*(?:г|года)?\W*$", text) is not None
    )


def _without(text: str, names: list[str]) -> str:
    for name in names:
        for part in name.split():
            text = text.replace(part, "")
    return re.sub(r"[А-ЯЁ]\.", "", text)
