"""What the reader of a protocol collected -> frontmatter values, checked.

PURE. The date must read as one day and the time as a time (both as ``vault-sync check``
reads them); decisions get their deadlines and people (:mod:`.decisions`); the agenda
gets the speeches; a decision repeated in a "СЛУШАЛИ/РЕШИЛИ" block and in the final list
is one decision, with the block's item and vote.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from vault_sync.importer.decisions import Decision, decision_fields
from vault_sync.importer.document import Unrecognised, unrecognised
from vault_sync.importer.text import (
    capitalised,
    find_date,
    fold,
    one_line,
    split_list,
    strip_end,
    written_date,
)
from vault_sync.notes.when import WhenError, academic_year_of, parse_when

__all__ = ["TIME", "Collected", "Heard", "format_of", "protocol_fields"]

_FORMATS = (
    (re.compile(r"смешанн|гибрид|очно\s*(?:и|-|/|,)\s*(?:онлайн|дистанц)", re.I), "смешанный"),
    (
        re.compile(r"онлайн|он-лайн|online|дистанц|zoom|зум|видеоконф|вкс|сферум|webinar", re.I),
        "онлайн",
    ),
    (re.compile(r"(?<![а-яё])очн(?:о|ая|ый|ое)(?![а-яё])", re.I), "очно"),
)
TIME = re.compile(
    r"(?<![\d.])(\d{1,2})\s*[:.\-]\s*(\d{2})(?![\d.])|(?<![\d.])(\d{1,2})\s*ч(?:ас\w*)?\.?"
)


@dataclass
class Heard:
    number: int
    line: int
    title: str = ""
    speakers: list[str] = field(default_factory=list)
    said: list[str] = field(default_factory=list)


@dataclass
class Collected:
    """What a protocol says, as found: texts with their lines, not yet checked."""

    values: dict[str, tuple[str, int]] = field(default_factory=dict)  # field -> (text, line)
    number: int | None = None
    title_date: tuple[str, int] | None = None  # a date in a title line: "Протокол №1 от …"
    chair: list[str] = field(default_factory=list)
    secretary: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # people present
    attachments: list[str] = field(default_factory=list)
    agenda: list[tuple[str, int]] = field(default_factory=list)
    heard: list[Heard] = field(default_factory=list)
    block: list[Decision] = field(default_factory=list)  # "РЕШИЛИ:" inside the blocks
    final: list[Decision] = field(default_factory=list)  # the final list ("Решено:")
    missed: list[Unrecognised] = field(default_factory=list)


def protocol_fields(collected: Collected) -> dict[str, Any]:
    """The frontmatter fields; what does not check out goes to ``collected.missed``."""
    return _Fields(collected).build()


class _Fields:
    """Turns what the reader collected into frontmatter values, checking dates and times."""

    def __init__(self, reader: Collected) -> None:
        self.r = reader
        self.out: dict[str, Any] = {}

    def build(self) -> dict[str, Any]:
        r, out = self.r, self.out
        if r.number is not None:
            out["number"] = r.number
        meeting = self.date()
        self.time(meeting)
        self.format_and_place()
        for name in ("topic", "goal"):
            if name in r.values:
                text = strip_end(r.values[name][0], ".;,").strip('«»"“” ')
                if text:
                    out[name] = text
        if r.chair:
            out["chair"] = r.chair if len(r.chair) > 1 else r.chair[0]
        if r.secretary:
            out["secretary"] = r.secretary if len(r.secretary) > 1 else r.secretary[0]
        self.attendance()
        self.agenda()
        self.decisions(meeting)
        if r.attachments:
            out["attachments"] = r.attachments
        return out

    def date(self) -> str | None:
        r = self.r
        found = r.values.get("date") or r.title_date
        if found is None:
            r.missed.append(unrecognised("import.no_date", None, "date"))
            return None
        text, line = found
        match = find_date(text)
        written = written_date(match[0]) if match else one_line(text)
        try:
            whens = parse_when(written, None)
        except WhenError as exc:
            r.missed.append(_when_problem(exc, line, "date", written))
            return None
        start = whens[0].start
        if len(whens) != 1 or start is None or whens[0].precision != "day":
            r.missed.append(unrecognised("import.not_a_day", line, "date", text=written))
            return None
        self.out["date"] = start.isoformat()
        return start.isoformat()

    def time(self, meeting: str | None) -> None:
        found = self.r.values.get("time")
        if found is None:
            return
        text, line = found
        m = TIME.search(re.sub(r"\([^)]*\)", " ", text))
        if m is None:
            self.r.missed.append(unrecognised("import.time", line, "time", text=one_line(text)))
            return
        hour, minute = (int(m[1]), int(m[2])) if m[1] else (int(m[3]), 0)
        spoken = f"{hour:02d}:{minute:02d}"
        try:  # read the way the checker reads a meeting's time
            when = parse_when(f"{meeting or '01.01.2000'} {spoken}", None)[0]
        except WhenError:
            when = None
        if when is None or when.time is None:
            self.r.missed.append(unrecognised("import.time", line, "time", text=one_line(text)))
            return
        self.out["time"] = f"{when.time.hour:02d}:{when.time.minute:02d}"

    def format_and_place(self) -> None:
        r = self.r
        for name in ("format", "time", "place", "date"):
            if name in r.values and format_of(r.values[name][0]):
                self.out["format"] = format_of(r.values[name][0])
                break
        if "format" in r.values and "format" not in self.out:
            text, line = r.values["format"]
            r.missed.append(unrecognised("import.format", line, "format", text=one_line(text)))
        if "place" in r.values:
            place = strip_end(r.values["place"][0])
            if place and fold(place) not in ("онлайн", "дистанционно", "online"):
                self.out["place"] = place

    def attendance(self) -> None:
        r = self.r
        if "attendance" not in r.values:
            return
        text = r.values["attendance"][0]
        result: dict[str, Any] = {}
        count = re.match(r"^\s*(\d{1,4})(?!\d|\s*[.:]\s*\d)", text)
        if count:
            result["count"] = int(count[1])
        if r.names:
            result["names"] = list(dict.fromkeys(r.names))
        if not result and strip_end(text):
            result["categories"] = split_list(strip_end(text))
        if result:
            self.out["attendance"] = result

    def agenda(self) -> None:
        r = self.r
        items: list[Any] = []
        by_number = {h.number: h for h in r.heard}
        if r.agenda:
            for position, (title, _line) in enumerate(r.agenda, start=1):
                heard = by_number.pop(position, None)
                items.append(_agenda_item(title, heard))
            for heard in by_number.values():
                r.missed.append(
                    unrecognised(
                        "import.heard_extra", heard.line, "agenda", text=_said(heard)[:200]
                    )
                )
        else:
            items = [_agenda_item(h.title, h) for h in r.heard]
        if items:
            self.out["agenda"] = items

    def decisions(self, meeting: str | None) -> None:
        r = self.r
        chosen = r.final or r.block
        if r.final and r.block:
            for block in r.block:
                match = _same_decision(block, r.final)
                if match is None:
                    r.missed.append(
                        unrecognised("import.block_decision", block.line, "decisions",
                                     item=block.item or 0, text=block.text)
                    )  # fmt: skip
                    continue
                match.item = match.item or block.item
                match.vote = match.vote or block.vote
        year = academic_year_of(_date(meeting)) if meeting else None
        values = [decision_fields(d, year, meeting, r.missed, f"decisions.{n}") for n, d in
                  enumerate(chosen, start=1)]  # fmt: skip
        if values:
            self.out["decisions"] = values


def _agenda_item(title: str, heard: Heard | None) -> Any:
    if heard is None:
        return title
    item: dict[str, Any] = {"title": title or heard.title or _title_from(_said(heard))}
    if heard.speakers:
        item["speakers"] = heard.speakers if len(heard.speakers) > 1 else heard.speakers[0]
    summary = _said(heard)
    if summary and summary != item["title"]:
        item["summary"] = summary
    if not item["title"]:
        item["title"] = summary or "—"
    return item


def _said(heard: Heard) -> str:
    return strip_end(" ".join(heard.said), ";,")


def _title_from(text: str) -> str:
    """A short title: the first sentence, cut at a comma when it runs on."""
    text = one_line(text).lstrip(" ,.:;-–—")
    sentence = re.split(r"(?<=[^\s.]{3})\.\s+(?=\S)", text, maxsplit=1)[0]
    if len(sentence) > 100:
        comma = sentence.find(",", 20)
        sentence = sentence[:comma] if 0 < comma <= 100 else sentence[:100].rsplit(" ", 1)[0] + "…"
    return capitalised(strip_end(sentence))


def _same_decision(block: Decision, final: list[Decision]) -> Decision | None:
    key = _key(block.text)
    for decision in final:
        other = _key(decision.text)
        if key and other and (key.startswith(other[:40]) or other.startswith(key[:40])):
            return decision
    return None


def _key(text: str) -> str:
    return re.sub(r"[^0-9а-яa-z]+", "", fold(text))


def format_of(text: str) -> str | None:
    return next((name for pattern, name in _FORMATS if pattern.search(text)), None)


def _when_problem(exc: WhenError, line: int | None, field_path: str, text: str) -> Unrecognised:
    return unrecognised(
        "import.when", line, field_path, text=text, when_code=exc.code, detail=exc.detail
    )


def _date(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)
