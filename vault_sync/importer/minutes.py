"""Minutes of a meeting (протокол) -> the frontmatter of a ``type: protocol`` note.

PURE. Reads the layouts people use: a header of "Метка: значение" lines, an agenda
("Повестка"), what was heard as numbered speeches ("Выступления:") or as
"СЛУШАЛИ: / РЕШИЛИ:" blocks with "Голосовали" lines, and a final list of decisions
("Решено:"). Every line ends up in a field or in the unrecognised list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from vault_sync.importer.decisions import Decision, parse_vote
from vault_sync.importer.document import Line, Unrecognised, unrecognised
from vault_sync.importer.minutes_fields import TIME, Collected, Heard, format_of, protocol_fields
from vault_sync.importer.text import (
    capitalised,
    compile_labels,
    find_date,
    fold,
    list_item,
    match_label,
    numbered,
    one_line,
    people,
    person_at_start,
    split_list,
    strip_end,
)

__all__ = ["read_protocol"]

_LABELS = compile_labels(
    (
        ("дата проведения", "date"), ("дата заседания", "date"), ("дата", "date"),
        ("время проведения", "time"), ("время начала", "time"), ("время", "time"),
        ("начало заседания", "time"), ("начало", "time"),
        ("место проведения", "place"), ("место", "place"),
        ("форма проведения", "format"), ("формат", "format"), ("форма", "format"),
        ("тема заседания", "topic"), ("тема", "topic"),
        ("цель заседания", "goal"), ("цель", "goal"),
        ("ведущий заседания", "chair"), ("ведущие", "chair"), ("ведущий", "chair"),
        ("ведущая", "chair"), ("председатель", "chair"), ("председательствующий", "chair"),
        ("секретарь", "secretary"), ("протокол вела", "secretary"), ("протокол вел", "secretary"),
        ("присутствовали", "attendance"), ("присутствовало", "attendance"),
        ("присутствуют", "attendance"), ("участники", "attendance"),
        ("приняли участие", "attendance"),
        ("повестка дня", "agenda"), ("повестка заседания", "agenda"), ("повестка", "agenda"),
        ("выступления", "speeches"), ("ход заседания", "speeches"),
        ("слушали", "heard"), ("выступили", "also"),
        ("решено", "decided"), ("решили", "decided"), ("постановили", "decided"),
        ("принято решение", "decided"), ("принятые решения", "decisions"),
        ("решение", "decided"), ("решения", "decisions"), ("решения заседания", "decisions"),
        ("голосовали", "vote"), ("голосование", "vote"), ("итоги голосования", "vote"),
        ("результаты голосования", "vote"),
        ("приложения", "attachments"), ("приложение", "attachments"),
    ),
    loose=frozenset({"heard", "also", "decided", "decisions", "vote", "attendance"}),
)  # fmt: skip
_HEADER_FIELDS = {"date", "time", "place", "format", "topic", "goal", "attendance"}
_NUMBER = re.compile(r"протокол[^№\n]{0,60}№\s*(\d{1,3})(?!\d)", re.IGNORECASE)
_TITLE_WORDS = re.compile(
    r"протокол|заседани|объединени|совещани|\b[гршмо]?мо\b|город|район|округ|библиотек|школ"
    r"|^г\.\s*[а-я]",
    re.IGNORECASE,
)
_SPEECH = re.compile(r"^(?:выступил\w*|докладчик\w*|доклад\w*)\b", re.IGNORECASE)
_ORDINALS = (
    "перв", "втор", "трет", "четверт", "пят", "шест", "седьм", "восьм", "девят", "десят",
)  # fmt: skip
_BY_QUESTION = re.compile(
    r"^по\s+(?P<n>\d{1,2}|[а-яё]+)(?:-?[а-яё]*)?\s+(?:вопросу|пункту)(?:\s+повестки(?:\s+дня)?)?"
    r"\s*[:\-–—.,]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_ATTACHED = re.compile(
    r"\(?\s*([А-ЯЁа-яё][А-ЯЁа-яё\s-]{1,40}?)\s+(?:прилага(?:ю|ем|ется|ются))\s*\)?", re.IGNORECASE
)


class _Reader(Collected):
    """One pass over the lines; ``state`` says which part of the minutes it is in."""

    def __init__(self, lines: Sequence[Line]) -> None:
        super().__init__()
        self.lines = [line for line in lines if line.text]
        self.block_mode = False  # "СЛУШАЛИ: / РЕШИЛИ:" blocks, not numbered speeches
        self.since_vote: list[Decision] = []  # the decisions a "Голосовали" line votes on
        self.pending_vote: dict[str, int] | None = None
        self.pending_title: tuple[int, str] | None = None  # "2. О плане работы" before СЛУШАЛИ
        self.state = "title"  # title, header, agenda, speeches, block, decisions
        self.last_field = ""

    # --- the pass -----------------------------------------------------------------------
    def run(self) -> None:
        for index, line in enumerate(self.lines):
            text = _text_of(line)
            self.note_attachments(text)
            label = match_label(_LABELS, text)
            if label is not None and self.on_label(label.name, label.value, label.number, line):
                continue
            self.on_text(index, line, text)

    def on_label(self, name: str, value: str, number: int | None, line: Line) -> bool:
        if name == "heard":
            self.start_heard(number, value, line)
        elif name == "also" and self.heard:
            self.heard[-1].speakers.extend(
                p for p in people(value) if p not in self.heard[-1].speakers
            )
            self.heard[-1].said.append(value)
        elif name in ("decided", "decisions"):
            # "РЕШИЛИ:" inside a "СЛУШАЛИ" block, or the final list ("Решения:", "Решено:" after
            # the speeches, or again after the block already has its decision).
            current = self.heard[-1].number if self.heard else None
            decided = any(d.item == current for d in self.block)
            in_block = self.block_mode and self.heard and self.state in ("speeches", "block")
            final = name == "decisions" or (not value and decided)
            self.state = "block" if in_block and not final else "decisions"
            if value:
                self.add_decision(value, line, number)
        elif name == "vote":
            self.on_vote(value, line)
        elif name == "agenda":
            self.state = "agenda"
            for part in re.split(r"(?:^|\s)\d{1,2}\s*[.)]\s+", value):
                if strip_end(part):
                    self.agenda.append((strip_end(part), line.number))
        elif name == "speeches":
            self.state = "speeches"
            if value:
                self.on_text(-1, line, value)
        elif name in ("chair", "secretary"):
            found = people(value) or ([strip_end(value)] if strip_end(value) else [])
            target = self.chair if name == "chair" else self.secretary
            if target and found and found != target:
                self.miss(line)  # another name for the chair: not taken, but not a decision
            else:
                target[:] = found or target
        elif name == "attachments":
            self.attachments.extend(split_list(value))
            self.last_field = "attachments"
        elif name in _HEADER_FIELDS and self.state in ("title", "header"):
            if name in self.values:
                return False
            self.values[name] = (value, line.number)
            self.state, self.last_field = "header", name
            if name == "attendance":
                self.names.extend(people(value))
        else:
            return False
        return True

    def on_text(self, index: int, line: Line, text: str) -> None:
        by_question = _BY_QUESTION.match(text)
        if by_question and self.state != "decisions":
            number = _ordinal(by_question["n"])
            self.start_heard(number, by_question["rest"], line)
            return
        handler = {
            "title": self.title_text,
            "header": self.header_text,
            "agenda": self.agenda_text,
            "speeches": self.speech_text,
            "block": self.block_text,
            "decisions": self.decision_text,
        }[self.state]
        handler(index, line, text)

    # --- states ---------------------------------------------------------------------------
    def title_text(self, index: int, line: Line, text: str) -> None:
        if not self.title_facts(text, line) and not _TITLE_WORDS.search(text):
            self.miss(line)

    def header_text(self, index: int, line: Line, text: str) -> None:
        if self.title_facts(text, line):
            return
        if self.last_field == "attendance":
            found = people(text)
            if found:
                self.names.extend(found)
                return
        if self.last_field in ("topic", "goal") and text[:1].islower():
            value, number = self.values[self.last_field]
            self.values[self.last_field] = (f"{value} {text}", number)
            return
        if self.last_field == "attachments" and list_item(text):
            self.attachments.append(strip_end(list_item(text) or ""))
            return
        if numbered(text) and self.is_speech(text):  # speeches without a heading
            self.state = "speeches"
            self.speech_text(index, line, text)
            return
        self.miss(line)

    def agenda_text(self, index: int, line: Line, text: str) -> None:
        item = list_item(text)
        if item is not None:
            self.agenda.append((strip_end(item), line.number))
        elif self.agenda and text[:1].islower():
            title, number = self.agenda[-1]
            self.agenda[-1] = (f"{title} {strip_end(text)}", number)
        else:
            self.state = "speeches"
            self.speech_text(index, line, text)

    def speech_text(self, index: int, line: Line, text: str) -> None:
        found = numbered(text)
        if found and self.is_speech(found[1]):
            self.block_mode = False
            heard = Heard(len(self.heard) + 1, line.number)
            self.heard.append(heard)
            self.add_said(heard, found[1])
        elif found and self.heading_of_next_block(index):
            self.pending_title = (found[0], strip_end(found[1]))
        elif self.heard:
            self.heard[-1].said.append(text)
        elif found:
            self.heard.append(Heard(len(self.heard) + 1, line.number, said=[found[1]]))
        else:
            self.miss(line)

    def block_text(self, index: int, line: Line, text: str) -> None:
        found = numbered(text)
        if found and self.heading_of_next_block(index):
            self.pending_title = (found[0], strip_end(found[1]))
            self.state = "speeches"
        elif not found and text[:1].islower() and self.block:
            self.block[-1].text += " " + text
        else:
            self.add_decision(list_item(text) or text, line, None)

    def decision_text(self, index: int, line: Line, text: str) -> None:
        by_question = _BY_QUESTION.match(text)
        item = list_item(text)
        if by_question:
            self.add_decision(by_question["rest"], line, None, _ordinal(by_question["n"]))
        elif item is not None:
            self.add_decision(item, line, None)
        elif self.final and text[:1].islower():
            self.final[-1].text += " " + text
        elif not self.final or not self.final[-1].listed:
            self.add_decision(text, line, None, listed=False)
        else:
            self.miss(line)

    # --- pieces ---------------------------------------------------------------------------
    def title_facts(self, text: str, line: Line) -> bool:
        """Number, date, time and format in a title line such as "Протокол №1 от 22.09.2021"."""
        found = False
        number = _NUMBER.search(text)
        if number and self.number is None:
            self.number, found = int(number[1]), True
        date = find_date(text)
        before = fold(text[: date.start()]) if date is not None else ""
        starts_with_date = date is not None and before in ("", "от", "дата")
        if (
            date
            and (number or starts_with_date or "протокол" in fold(text))
            and not self.title_date
        ):
            self.title_date, found = (date[0], line.number), True
            if starts_with_date:
                self.date_line(text[date.end() :], line)
        return found

    def date_line(self, rest: str, line: Line) -> None:
        """ "05.10.2021 г., 15:00, МАОУ СШ №151, библиотека (очно и онлайн)" after the date."""
        time = TIME.search(rest)
        if time and "time" not in self.values:
            self.values["time"] = (time[0], line.number)
        if format_of(rest) and "format" not in self.values:
            self.values["format"] = (rest, line.number)
        place = re.sub(r"\([^)]*\)", " ", TIME.sub(" ", rest, count=1) if time else rest)
        place = strip_end(place.strip(" ,;.-–—"))
        if place and "place" not in self.values and re.search(r"[А-ЯЁа-яё]{2}", place):
            self.values["place"] = (place, line.number)

    def is_speech(self, text: str) -> bool:
        return bool(_SPEECH.match(text)) or person_at_start(text, within=40) is not None

    def heading_of_next_block(self, index: int) -> bool:
        """A numbered line followed by "СЛУШАЛИ": the title of the next agenda item."""
        following = self.lines[index + 1 : index + 2] if index >= 0 else []
        if not following:
            return False
        label = match_label(_LABELS, _text_of(following[0]))
        return label is not None and label.name == "heard"

    def start_heard(self, number: int | None, value: str, line: Line) -> None:
        self.block_mode, self.state = True, "speeches"
        title = ""
        if self.pending_title is not None:
            number, title = number or self.pending_title[0], self.pending_title[1]
            self.pending_title = None
        heard = Heard(number or len(self.heard) + 1, line.number, title)
        self.heard.append(heard)
        if value:
            self.add_said(heard, value)

    def add_said(self, heard: Heard, text: str) -> None:
        rest = _SPEECH.sub("", text).lstrip(" :,-–—")
        at_start = person_at_start(rest)
        if at_start is not None:
            heard.speakers.append(at_start[0])
            rest = rest[at_start[1] :].lstrip(" ,.:;-–—")
            for more in people(rest[:40]):
                if rest.startswith(more.split()[0]):
                    heard.speakers.append(more)
        heard.said.append(rest)

    def add_decision(
        self,
        text: str,
        line: Line,
        number: int | None,
        item: int | None = None,
        listed: bool = True,
    ) -> None:
        if self.state == "block" and self.heard:
            item = item or self.heard[-1].number
        decision = Decision(one_line(text), line.number, item, listed=listed)
        (self.block if self.state == "block" else self.final).append(decision)
        if self.pending_vote is not None:
            decision.vote, self.pending_vote = self.pending_vote, None
        else:
            self.since_vote.append(decision)

    def on_vote(self, value: str, line: Line) -> None:
        vote = parse_vote(value)
        if vote is None:
            self.missed.append(unrecognised("import.vote", line.number, text=strip_end(value)))
        elif self.since_vote:
            for decision in self.since_vote:
                decision.vote = vote
        else:
            self.pending_vote = vote
        self.since_vote = []

    def note_attachments(self, text: str) -> None:
        for m in _ATTACHED.finditer(text):
            name = capitalised(one_line(m[1]).strip(" -"))
            if name and name not in self.attachments:
                self.attachments.append(name)

    def miss(self, line: Line) -> None:
        self.missed.append(unrecognised("import.unused", line.number, text=line.text))


def read_protocol(lines: Sequence[Line]) -> tuple[dict[str, Any], list[Unrecognised]]:
    """The protocol's frontmatter fields (without ``type`` and ``association``)."""
    reader = _Reader(lines)
    reader.run()
    return protocol_fields(reader), reader.missed


def _text_of(line: Line) -> str:
    if not line.is_row:
        return line.text
    filled = line.filled
    return f"{filled[0]}: {' '.join(filled[1:])}" if len(filled) > 1 else " ".join(filled)


def _ordinal(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    low = fold(word)
    return next((n for n, stem in enumerate(_ORDINALS, start=1) if low.startswith(stem)), None)
