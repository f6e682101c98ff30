"""From a note's checked frontmatter to a typed :class:`Protocol` or :class:`Plan`.

Pure. Reads every "when", resolves months by the academic year, and finds what a
schema cannot: unknown associations, impossible or unreadable dates, deadlines before
the meeting, more votes than people present, dates too far off for the calendars. It is
tolerant of data that failed the schema (each field is used only if its type is right),
so that ``check`` reports every problem of a note at once. A note the schema accepts is
either built or given an error: never left out without a word.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, time
from functools import lru_cache
from typing import Any

from vault_sync.notes.model import (
    RESERVED_IDS,
    AgendaItem,
    Association,
    Attendance,
    Decision,
    Note,
    Plan,
    PlannedEvent,
    Problem,
    Protocol,
    Severity,
    Vote,
    is_valid_id,
    problem,
)
from vault_sync.notes.schema import dotted, validators
from vault_sync.notes.source import SourceNote
from vault_sync.notes.when import (
    Precision,
    When,
    WhenError,
    academic_year_of,
    parse_academic_year,
    parse_when,
)

FORMATS = {
    "очно": "in-person", "in-person": "in-person",
    "онлайн": "online", "online": "online",
    "смешанный": "hybrid", "hybrid": "hybrid",
}  # fmt: skip
# Plans name an activity's kind in its title ("Семинар «...»"); first match wins.
_KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("мастер-класс", "мастер-класс"), ("мастер класс", "мастер-класс"),
    ("круглый стол", "круглый стол"), ("вебинар", "вебинар"), ("семинар", "семинар"),
    ("конкурс", "конкурс"), ("конференц", "конференция"), ("ярмарк", "ярмарка идей"),
    ("обмен опытом", "обмен опытом"), ("консультац", "консультация"),
    ("мониторинг", "мониторинг"), ("заседани", "заседание"), ("совещани", "совещание"),
    ("акци", "акция"),
)  # fmt: skip
# The years a note's dates may fall in: what the calendars can hold (a VTIMEZONE is written
# for each year of a timed event with a day's margin each side, render.ical.vtimezone).
# Python's dates go from 0001 to 9999; outside these years a date is reported, not dropped.
FIRST_YEAR, LAST_YEAR = 2, 9997
_ACADEMIC_YEAR = re.compile(r"^\s*[0-9]{4}\s*[/–-]\s*[0-9]{4}\s*$")
_TIME = re.compile(r"^\s*(\d{1,2})\s*[:.\-]\s*(\d{2})\s*$")
_QUOTED = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”")
# Words after which a kind word names what is done or studied, not the activity itself.
_NOT_THE_KIND = re.compile(r"участи|итог|программ|подготов|организац|положени|материал|пакет")
_LATIN_WORD = re.compile(r"[a-z0-9]+")
_TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "ch", "ш": "sh",
    "щ": "sch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
})  # fmt: skip


def association_of(
    note: SourceNote, data: dict[str, Any]
) -> tuple[Association | None, list[Problem]]:
    """An association described by a note of ``type: association``."""
    import zoneinfo

    problems: list[Problem] = []
    ident, name, tz = data.get("id"), data.get("name"), data.get("timezone")
    if ident in RESERVED_IDS:
        problems.append(_at(note, ("id",), "note.reserved_id", value=ident))
    if isinstance(tz, str):
        try:
            zoneinfo.ZoneInfo(tz)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            problems.append(_at(note, ("timezone",), "note.bad_timezone", value=tz))
    if problems or not all(isinstance(v, str) for v in (ident, name, tz)):
        return None, problems
    required = data.get("required_meetings")
    kind = data.get("kind")
    return Association(
        id=str(ident),
        name=str(name),
        timezone=str(tz),
        kind=kind if isinstance(kind, str) else "",
        required_meetings=_int(required),
        source=note.path,
    ), problems


def interpret(
    note: SourceNote,
    data: dict[str, Any],
    associations: Mapping[str, Association],
    held_back_associations: Mapping[str, str] | None = None,
) -> tuple[Note | None, list[Problem]]:
    """The typed note (None if it cannot be built) and the problems found on the way.

    ``held_back_associations`` maps the id of an association whose own note is invalid
    to that note's path, so that the message points there instead of saying "unknown".
    """
    problems: list[Problem] = []
    association = data.get("association")
    if (
        isinstance(association, str)
        and is_valid_id(association)
        and (association not in associations)
    ):
        broken = (held_back_associations or {}).get(association)
        if broken is not None:
            problems.append(
                _at(
                    note,
                    ("association",),
                    "note.association_held_back",
                    name=association,
                    other=broken,
                )
            )
        else:
            known = ", ".join(sorted(associations)) or "—"
            problems.append(
                _at(
                    note,
                    ("association",),
                    "note.unknown_association",
                    name=association,
                    known=known,
                )
            )
    typed: Note | None
    try:
        typed = (
            _protocol(note, data, problems)
            if note.type == "protocol"
            else _plan(note, data, problems)
        )
    except (ValueError, OverflowError) as exc:  # a value Python cannot hold, not foreseen
        problems.append(_at(note, (), "note.not_built", detail=f"{type(exc).__name__}: {exc}"))
        return None, problems
    if (
        typed is None
        and not any(p.is_error for p in problems)
        and validators()[note.type].is_valid(data)  # else the schema's problems say why
    ):
        problems.append(_at(note, (), "note.not_built", detail="—"))
    return typed, problems


def _protocol(note: SourceNote, data: dict[str, Any], problems: list[Problem]) -> Protocol | None:
    meeting = _iso_date(data.get("date"))
    if meeting is not None and not _in_years(meeting):
        problems.append(_far_off(note, ("date",), str(data["date"]).strip(), meeting))
        meeting = None
    ay = academic_year_of(meeting) if meeting else None
    decisions = []
    for index, raw in enumerate(_list(data.get("decisions"))):
        if isinstance(raw, str):
            raw = {"text": raw}
        if not isinstance(raw, dict):
            continue
        path = ("decisions", index)
        due = None
        if isinstance(raw.get("due"), str):
            due = _due(note, (*path, "due"), raw["due"], ay, meeting, problems)
        vote = _vote(raw.get("vote"))
        decisions.append(
            Decision(
                number=index + 1,
                key=_str(raw.get("id")) or f"d{index + 1}",
                text=_str(raw.get("text")),
                due=due,
                responsible=_people(raw.get("responsible")),
                vote=vote,
                item=_int(raw.get("item")),
            )
        )
    seen: set[str] = set()
    for decision in decisions:
        if decision.key in seen:
            where = ("decisions", decision.number - 1, "id")
            problems.append(_at(note, where, "note.duplicate_key", value=decision.key))
        seen.add(decision.key)
    attendance = _attendance(data.get("attendance"))
    agenda = _agenda(data.get("agenda"))
    if (
        attendance.count is not None
        and attendance.names
        and attendance.count < len(attendance.names)
    ):
        problems.append(
            _at(
                note,
                ("attendance", "count"),
                "note.fewer_present",
                Severity.WARNING,
                count=attendance.count,
                names=len(attendance.names),
            )
        )
    for decision in decisions:
        if decision.item is not None and decision.item > len(agenda):
            problems.append(
                _at(
                    note,
                    ("decisions", decision.number - 1, "item"),
                    "note.item_missing",
                    Severity.WARNING,
                    item=decision.item,
                    count=len(agenda),
                )
            )
        if decision.vote and attendance.count is not None:
            voted = sum(
                v or 0 for v in (decision.vote.for_, decision.vote.against, decision.vote.abstained)
            )
            if voted > attendance.count:
                problems.append(
                    _at(
                        note,
                        ("decisions", decision.number - 1, "vote"),
                        "note.vote_count",
                        Severity.WARNING,
                        voted=voted,
                        count=attendance.count,
                    )
                )
    if meeting is None or not isinstance(data.get("association"), str):
        return None
    return Protocol(
        path=note.path,
        identity=_identity(note, data),
        association=data["association"],
        date=meeting,
        number=_int(data.get("number")),
        time=_time(data.get("time")),
        format=FORMATS.get(_str(data.get("format"))),
        place=_str(data.get("place")),
        topic=_str(data.get("topic")),
        goal=_str(data.get("goal")),
        chair=_people(data.get("chair")),
        secretary=_people(data.get("secretary")),
        attendance=attendance,
        agenda=tuple(agenda),
        decisions=tuple(decisions),
        attachments=_people(data.get("attachments")),
        plan_links=_people(data.get("plan")),
        tags=_people(data.get("tags")),
    )


def _due(
    note: SourceNote,
    path: tuple[str | int, ...],
    text: str,
    ay: int | None,
    meeting: date | None,
    problems: list[Problem],
) -> When | None:
    """A deadline: a day; one written without a year is the first such day after the meeting."""
    whens: tuple[When, ...] | None
    try:
        whens = parse_when(text, None)
        yearless = False
    except WhenError as exc:
        if exc.code != "when.no_year":
            problems.append(_at(note, path, exc.code, text=exc.text, detail=exc.detail))
            return None
        if meeting is None:
            return None  # the meeting's date is wrong, and that is reported already
        whens = _when(note, path, text, ay, problems)
        yearless = True
    if whens is None:
        return None
    if len(whens) != 1 or whens[0].precision is not Precision.DAY:
        problems.append(_at(note, path, "note.due_not_a_day", value=text))
        return None
    due = whens[0]
    if yearless and meeting is not None and due.start is not None and due.start < meeting:
        due = _next_year(due, meeting)
    if not _when_in_years(note, path, text, due, problems):
        return None
    if meeting is not None and due.start is not None and due.start < meeting:
        problems.append(
            _at(
                note,
                path,
                "note.due_before_meeting",
                Severity.WARNING,
                value=text,
                meeting=meeting.strftime("%d.%m.%Y"),
            )
        )
    return due


def _next_year(due: When, meeting: date) -> When:
    """The same day and month, in the first year that puts it on or after the meeting."""
    assert due.start is not None
    day = due.start
    for year in (meeting.year, meeting.year + 1):
        try:
            candidate = day.replace(year=year)
        except ValueError:  # 29 February
            continue
        if candidate >= meeting:
            return When(due.precision, candidate, candidate, due.time)
    return due


def _plan(note: SourceNote, data: dict[str, Any], problems: list[Problem]) -> Plan | None:
    ay: int | None = None
    year_text = data.get("academic_year")
    if isinstance(year_text, str) and _ACADEMIC_YEAR.match(year_text):
        try:
            ay = parse_academic_year(data["academic_year"])
        except WhenError as exc:
            problems.append(
                _at(note, ("academic_year",), exc.code, text=exc.text, detail=exc.detail)
            )
        if ay is not None and not FIRST_YEAR <= ay < LAST_YEAR:
            problems.append(_far_off(note, ("academic_year",), year_text.strip(), date(ay, 9, 1)))
            ay = None
    events: list[PlannedEvent] = []
    keys: set[str] = set()
    for index, raw in enumerate(_list(data.get("events"))):
        if not isinstance(raw, dict) or not isinstance(raw.get("title"), str):
            continue
        path = ("events", index)
        when_text = _str(raw.get("when"))
        whens = (
            _when(note, (*path, "when"), when_text, ay, problems, quiet_no_year=ay is None)
            if when_text
            else None
        )
        event_time = _time(raw.get("time"))
        if whens and event_time is not None:
            _check_time(note, path, raw, whens, event_time, problems)
        key = _str(raw.get("id")) or _unique_key(slug(raw["title"]), keys)
        if key in keys:
            problems.append(_at(note, (*path, "id"), "note.duplicate_key", value=key))
        keys.add(key)
        events.append(
            PlannedEvent(
                number=index + 1,
                key=key,
                title=" ".join(raw["title"].split()),
                kind=_str(raw.get("kind")) or guess_kind(raw["title"]),
                when=whens or (),
                when_text=when_text,
                time=event_time,
                place=_str(raw.get("place")),
                participants=_people(raw.get("participants")),
                responsible=_people(raw.get("responsible")),
                expected_result=_str(raw.get("expected_result")),
                section=_str(raw.get("section")),
                label=_str(raw.get("number")),
            )
        )
    if ay is None or not isinstance(data.get("association"), str):
        return None
    return Plan(
        path=note.path,
        identity=_identity(note, data),
        association=data["association"],
        academic_year=ay,
        city_theme=_str(data.get("city_theme")),
        theme=_str(data.get("theme")),
        goal=_str(data.get("goal")),
        tasks=_people(data.get("tasks")),
        expected_results=_people(data.get("expected_results")),
        approved_by=_str(data.get("approved_by")),
        approved_on=_str(data.get("approved_on")),
        leader=_people(data.get("leader")),
        coordinator=_people(data.get("coordinator")),
        methodologist=_people(data.get("methodologist")),
        events=tuple(events),
        tags=_people(data.get("tags")),
    )


def _check_time(
    note: SourceNote,
    path: tuple[str | int, ...],
    raw: dict[str, Any],
    whens: tuple[When, ...],
    event_time: time,
    problems: list[Problem],
) -> None:
    shown = event_time.strftime("%H:%M")
    if not any(w.precision is Precision.DAY for w in whens):
        problems.append(
            _at(
                note,
                (*path, "time"),
                "note.time_without_day",
                Severity.WARNING,
                value=shown,
                when=_str(raw.get("when")),
            )
        )
    for w in whens:
        if w.time is not None and w.time != event_time:
            problems.append(
                _at(
                    note,
                    (*path, "time"),
                    "note.time_conflict",
                    value=w.time.strftime("%H:%M"),
                    other=shown,
                )
            )


def _when(
    note: SourceNote,
    path: tuple[str | int, ...],
    text: str,
    ay: int | None,
    problems: list[Problem],
    quiet_no_year: bool = False,
) -> tuple[When, ...] | None:
    try:
        whens = parse_when(text, ay)
    except WhenError as exc:
        if not (quiet_no_year and exc.code == "when.no_year"):  # the year's problem is shown
            problems.append(_at(note, path, exc.code, text=exc.text, detail=exc.detail))
        return None
    if not all(_when_in_years(note, path, text, w, problems) for w in whens):
        return None
    return whens


def _in_years(day: date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


def _when_in_years(
    note: SourceNote, path: tuple[str | int, ...], text: str, when: When, problems: list[Problem]
) -> bool:
    """Whether ``when`` falls in years the calendars can hold; a problem if not."""
    for day in (when.start, when.end):
        if day is not None and not _in_years(day):
            problems.append(_far_off(note, path, text, day))
            return False
    return True


def _far_off(note: SourceNote, path: tuple[str | int, ...], text: str, day: date) -> Problem:
    shown = f"{day.day:02d}.{day.month:02d}.{day.year:04d}"
    return _at(
        note,
        path,
        "note.year_out_of_range",
        text=text,
        day=shown,
        first=FIRST_YEAR,
        last=LAST_YEAR,
    )


@lru_cache(maxsize=4096)  # plans repeat their activities' titles, year after year
def guess_kind(title: str) -> str:
    """The kind named first in the title, outside quotes and not after "участие в" and the like.

    "Семинар «...»" is a seminar; "Участие в вебинарах ..." and "Подготовка информации по
    итогам конкурсов" are not a webinar or a contest, so they stay "мероприятие".
    """
    lowered = _QUOTED.sub(" ", title.lower().replace("ё", "е"))
    found = [(lowered.find(word), kind) for word, kind in _KIND_WORDS if word in lowered]
    for position, kind in sorted(found):
        if not _NOT_THE_KIND.search(lowered[:position]):
            return kind
        break
    return "мероприятие"


@lru_cache(maxsize=4096)
def slug(text: str) -> str:
    """A stable ASCII key from a title.

    "Круглый стол «Обсуждение»" -> "kruglyi-stol-obsuzhdenie".
    """
    latin = text.lower().translate(_TRANSLIT)
    words = _LATIN_WORD.findall(latin)
    return "-".join(words)[:60].rstrip("-") or "event"


def _unique_key(key: str, taken: set[str]) -> str:
    candidate, n = key, 2
    while candidate in taken:
        candidate, n = f"{key}-{n}", n + 1
    return candidate


def _identity(note: SourceNote, data: dict[str, Any]) -> str:
    """The note's ``id`` if given, else its path without ``.md``: survives edits of any field."""
    explicit = data.get("id")
    if isinstance(explicit, str) and explicit:
        return explicit
    return note.path[:-3] if note.path.lower().endswith(".md") else note.path


def _iso_date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()) if len(value.strip()) == 10 else None
    except ValueError:
        return None


def _time(value: Any) -> time | None:
    match = _TIME.match(value) if isinstance(value, str) else None
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    return time(hour, minute) if hour < 24 and minute < 60 else None


def _int(value: Any) -> int | None:
    """An integer as JSON Schema counts them: 3, and 3.0 too (YAML reads "3.0" so)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _vote(value: Any) -> Vote | None:
    if not isinstance(value, dict):
        return None

    def count(key: str) -> int | None:
        return _int(value.get(key))

    return Vote(count("for"), count("against"), count("abstained"))


def _attendance(value: Any) -> Attendance:
    if not isinstance(value, dict):
        return Attendance()
    count = value.get("count")
    return Attendance(
        count=_int(count),
        names=_people(value.get("names")),
        categories=_people(value.get("categories")),
    )


def _agenda(value: Any) -> list[AgendaItem]:
    items = []
    for raw in _list(value):
        if isinstance(raw, str):
            items.append(AgendaItem(raw.strip()))
        elif isinstance(raw, dict) and isinstance(raw.get("title"), str):
            items.append(
                AgendaItem(
                    raw["title"].strip(), _people(raw.get("speakers")), _str(raw.get("summary"))
                )
            )
    return items


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _people(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    return tuple(v.strip() for v in _list(value) if isinstance(v, str) and v.strip())


def _at(
    note: SourceNote,
    path: tuple[str | int, ...],
    code: str,
    severity: Severity = Severity.ERROR,
    **params: Any,
) -> Problem:
    return problem(note.path, note.lines.line_of(path), dotted(path), code, severity, **params)
