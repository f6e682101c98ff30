"""Tests of vault_sync.render.feeds / vault_sync.render.ical: typed notes -> iCalendar bytes.

The feeds are read back by the parsers real clients use (ical.js, sabre/vobject, see
tests/calparsers.py) and by icalendar, over hand-made notes, the example vault and a
generated vault of a few hundred notes in several time zones (one with DST).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfoNotFoundError

import icalendar
import pytest
from calparsers import (
    assert_same_events,
    icaljs_available,
    parse_with_icaljs,
    parse_with_vobject,
    require_tool,
    vobject_available,
)

from vault_sync.notes.model import AgendaItem, Association, Decision, Plan, PlannedEvent, Protocol
from vault_sync.notes.when import parse_when
from vault_sync.render import layout
from vault_sync.render.feeds import (
    FeedEvent,
    FeedInfo,
    HeldMeeting,
    PlannedMeeting,
    Revision,
    build_feeds,
    deadline_events,
    feed_events,
    fingerprint,
    minuted_meetings,
    note_events,
    render_feed,
    render_vevent,
    revise,
    short_name,
    vtimezone,
)
from vault_sync.render.ical import clean_text, escape_text, fold

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_VAULT = ROOT / "examples" / "vault"
NOW = dt.datetime(2021, 9, 1, 8, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2021, 10, 5, 12, 30, 15, tzinfo=dt.UTC)

KRASNOYARSK = Association(
    "gmo-krasnoyarsk",
    "Городское методическое объединение библиотечных работников школ г. Красноярска",
    "ГМО",
    "Asia/Krasnoyarsk",
)
NOVOSIBIRSK = Association(
    "gmo-novosibirsk",
    "Городское методическое объединение педагогов-библиотекарей г. Новосибирска",
    "ГМО",
    "Asia/Novosibirsk",
)
ASSOCIATIONS = {a.id: a for a in (KRASNOYARSK, NOVOSIBIRSK)}


# --- helpers ---------------------------------------------------------------------------------
def planned(key: str, title: str, when: str, year: int = 2021, **extra: Any) -> PlannedEvent:
    return PlannedEvent(
        1, key, title, extra.pop("kind", "семинар"), parse_when(when, year), when, **extra
    )


def plan(*events: PlannedEvent, association: str = "gmo-novosibirsk", year: int = 2021) -> Plan:
    folder = "Новосибирск ГМО" if association == "gmo-novosibirsk" else association
    return Plan(
        f"{folder}/План {year}.md", f"{folder}/План {year}", association, year, events=tuple(events)
    )


def protocol(**fields: Any) -> Protocol:
    base: dict[str, Any] = {
        "path": "Красноярск ГМО/Протокол №1 от 22.09.2021.md",
        "identity": "Красноярск ГМО/Протокол №1 от 22.09.2021",
        "association": "gmo-krasnoyarsk",
        "date": dt.date(2021, 9, 22),
        "number": 1,
        "time": dt.time(14, 0),
        "format": "online",
        "topic": "Установочное совещание. Итоги года",
        "chair": ("Замятина Е.Д.", "Попыхова Т.Ю."),
        "agenda": (AgendaItem("Задачи на новый учебный год"), AgendaItem("План работы ГМО")),
        "decisions": (
            Decision(1, "d1", "Утвердить план работы ГМО библиотечных работников."),
            Decision(
                2,
                "d2",
                "Выставить материалы планирования работы ГМО и РМО на сайт КИМЦ",
                due=parse_when("27.09.2021", 2021)[0],
                responsible=("Попыхова Т.Ю.",),
            ),
        ),
    }
    base.update(fields)
    return Protocol(**base)


def events_of(
    notes: Iterable[Protocol | Plan],
    associations: Mapping[str, Association] = ASSOCIATIONS,
    lang: str = "ru",
) -> list[FeedEvent]:
    return feed_events(list(notes), associations, lang)


def build(
    notes: list[Protocol | Plan],
    associations: Mapping[str, Association] = ASSOCIATIONS,
    previous: Mapping[str, Revision] | None = None,
    now: dt.datetime = NOW,
    lang: str = "ru",
) -> tuple[dict[str, bytes], dict[str, Revision]]:
    """One build as the engine does it: revise, merge over the old revisions, render."""
    old = dict(previous or {})
    revisions = {**old, **revise(events_of(notes, associations, lang), old, now)}
    return build_feeds(notes, associations, revisions, 60, lang), revisions


def unfold(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def vevents(data: bytes) -> list[dict[str, str]]:
    """Each VEVENT's properties (name with parameters -> raw value), from unfolded lines."""
    found: list[dict[str, str]] = []
    for line in unfold(data):
        if line == "BEGIN:VEVENT":
            found.append({})
        elif found and line != "END:VEVENT" and not line.startswith("END:V"):
            name, _, value = line.partition(":")
            found[-1][name] = value
    return found


def write(tmp_path: Path, feeds: Mapping[str, bytes]) -> list[Path]:
    paths = []
    for key, data in sorted(feeds.items()):
        path = tmp_path / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        paths.append(path)
    return paths


def icalendar_events(data: bytes) -> dict[str, tuple[Any, ...]]:
    calendar = icalendar.Calendar.from_ical(data)
    found = {}
    for event in calendar.walk("VEVENT"):
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        if isinstance(start, dt.datetime):
            start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
        found[str(event["UID"])] = (
            str(event["SUMMARY"]),
            start,
            end,
            str(event["STATUS"]),
            int(event["SEQUENCE"]),
            str(event.get("DESCRIPTION", "")),
        )
    return found


def check_with_everything(tmp_path: Path, feeds: Mapping[str, bytes]) -> None:
    """Both real parsers accept every feed and agree; icalendar reads and round-trips it."""
    require_tool(icaljs_available(), "ical.js")
    require_tool(vobject_available(), "sabre/vobject")
    paths = write(tmp_path, feeds)
    for by_icaljs, by_vobject in zip(
        parse_with_icaljs(paths), parse_with_vobject(paths), strict=True
    ):
        assert_same_events(by_icaljs, by_vobject)
        assert len(by_icaljs["events"]) == len({e["uid"] for e in by_icaljs["events"]})
    for path in paths:
        data = path.read_bytes()
        first = icalendar_events(data)
        assert len(first) == data.count(b"BEGIN:VEVENT\r\n")
        again = icalendar.Calendar.from_ical(data).to_ical()
        assert icalendar_events(again) == first
        check_lines(data)


def check_lines(data: bytes) -> None:
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"") and b"\r" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # no line ends or starts inside a UTF-8 sequence


# --- UIDs and revisions ----------------------------------------------------------------------
def test_uids_are_stable_across_builds_and_date_edits() -> None:
    before = plan(planned("seminar", "Семинар «Электронные каталоги»", "ноябрь"))
    after = plan(planned("seminar", "Семинар «Электронные каталоги»", "17.11.2021"))
    first, second, edited = events_of([before]), events_of([before]), events_of([after])
    assert [e.uid for e in first] == [e.uid for e in second] == [e.uid for e in edited]
    assert first[0].uid.endswith("@vault-sync") and " " not in first[0].uid
    # the meeting and each deadline have their own UIDs, stable too
    meeting = events_of([protocol()])
    moved = events_of([protocol(date=dt.date(2021, 9, 29), time=dt.time(15, 0))])
    assert [e.uid for e in meeting] == [e.uid for e in moved]
    assert len({e.uid for e in meeting}) == len(meeting) == 2  # the meeting, one deadline


def test_uid_is_the_same_for_nfd_identities() -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Красноярск ГМО/Протокол №1 от 22.09.2021 (йо)")
    nfc = unicodedata.normalize("NFC", nfd)
    assert nfd != nfc
    uids = [events_of([protocol(identity=i)])[0].uid for i in (nfd, nfc)]
    assert uids[0] == uids[1]


def test_revise_sequence() -> None:
    [event] = events_of([plan(planned("seminar", "Семинар", "ноябрь"))])
    first = revise([event], {}, NOW)
    assert first == {event.uid: Revision(fingerprint(event), 0, NOW)}
    # nothing changed: the very same revision, whatever the time
    assert revise([event], first, LATER) == first
    # a change a client sees: SEQUENCE + 1, stamped now
    moved = replace(event, start=dt.date(2021, 11, 17), end=dt.date(2021, 11, 18))
    second = revise([moved], first, LATER)
    assert second[event.uid].sequence == 1 and second[event.uid].stamp == LATER
    # back to the old content: still rises, never reuses 0
    third = revise([event], {**first, **second}, LATER + dt.timedelta(days=1))
    assert third[event.uid].sequence == 2
    # a clock that went backwards does not lower the stamp
    fourth = revise([moved], third, NOW)
    assert fourth[event.uid].sequence == 3 and fourth[event.uid].stamp == third[event.uid].stamp


def test_revise_merge_keeps_sequences_of_vanished_events() -> None:
    [event] = events_of([plan(planned("seminar", "Семинар", "ноябрь"))])
    kept = revise([event], {}, NOW)
    changed = replace(event, summary="Семинар (перенесён)")
    kept = {**kept, **revise([changed], kept, LATER)}
    assert kept[event.uid].sequence == 1
    gone = {**kept, **revise([], kept, LATER)}  # the event is deleted for a while ...
    back = revise([event], gone, LATER + dt.timedelta(days=3))  # ... and comes back
    assert back[event.uid].sequence == 2


def test_revise_needs_an_aware_now() -> None:
    with pytest.raises(ValueError):
        revise([], {}, dt.datetime(2021, 9, 1))


def test_fingerprint_covers_what_clients_show() -> None:
    [event] = events_of([protocol()])[:1]
    changes: dict[str, Any] = {
        "summary": "x",
        "start": event.start + dt.timedelta(hours=1),
        "tzid": "Europe/Moscow",
        "status": "TENTATIVE",
        "transparent": True,
        "location": "x",
        "description": "x",
        "categories": ("x",),
        "end": event.end + dt.timedelta(hours=1),
    }
    for name, value in changes.items():
        assert fingerprint(replace(event, **{name: value})) != fingerprint(event), name
    assert fingerprint(replace(event, association="other", kind="x")) == fingerprint(event)


# --- what each kind of "when" becomes --------------------------------------------------------
def test_month_only_event_is_a_tentative_span_until_the_date_is_known() -> None:
    title = "Семинар «Электронные каталоги: разнообразие платформ»"
    feeds, revisions = build([plan(planned("catalogues", title, "ноябрь"))])
    [month] = vevents(feeds["calendars/gmo-novosibirsk.ics"])
    assert month["DTSTART;VALUE=DATE"] == "20211101"
    assert month["DTEND;VALUE=DATE"] == "20211201"
    assert month["STATUS"] == "TENTATIVE" and month["TRANSP"] == "TRANSPARENT"
    assert "дата уточняется" in month["SUMMARY"] and month["SEQUENCE"] == "0"
    assert month["SUMMARY"] == escape_text(f"{title} (дата уточняется)")

    feeds, _ = build(
        [plan(planned("catalogues", title, "17.11.2021"))], previous=revisions, now=LATER
    )
    [day] = vevents(feeds["calendars/gmo-novosibirsk.ics"])
    assert day["UID"] == month["UID"] and day["SEQUENCE"] == "1"
    assert day["DTSTART;VALUE=DATE"] == "20211117" and day["DTEND;VALUE=DATE"] == "20211118"
    assert day["STATUS"] == "CONFIRMED" and day["TRANSP"] == "OPAQUE"
    assert "уточняется" not in day["SUMMARY"] and day["DTSTAMP"] == "20211005T123015Z"


def test_january_of_academic_year_2021_is_in_2022() -> None:
    [event] = events_of([plan(planned("google-forms", "Мастер-класс", "январь"))])
    assert (event.start, event.end) == (dt.date(2022, 1, 1), dt.date(2022, 2, 1))


def test_day_with_time_is_timed_in_the_association_zone() -> None:
    events = events_of(
        [
            plan(
                planned("a", "Вебинар", "20.10.2021 14:00"),
                planned("b", "Семинар", "21.10.2021", time=dt.time(10, 30)),
                planned("c", "Выставка", "22.10.2021"),
            )
        ]
    )
    a, b, c = events
    assert (a.start, a.end, a.tzid) == (
        dt.datetime(2021, 10, 20, 14),
        dt.datetime(2021, 10, 20, 16),
        "Asia/Novosibirsk",
    )
    assert (b.start, b.tzid) == (dt.datetime(2021, 10, 21, 10, 30), "Asia/Novosibirsk")
    assert (c.start, c.end, c.tzid) == (dt.date(2021, 10, 22), dt.date(2021, 10, 23), None)
    assert all(e.status == "CONFIRMED" and not e.transparent for e in events)


def test_range_is_a_span_over_its_months() -> None:
    [event] = events_of(
        [plan(planned("posters", "Мастер-классы по созданию плакатов", "декабрь - март"))]
    )
    assert (event.start, event.end) == (dt.date(2021, 12, 1), dt.date(2022, 4, 1))
    assert event.status == "TENTATIVE" and event.transparent and event.tzid is None
    assert event.summary == "Мастер-классы по созданию плакатов (декабрь — март, дата уточняется)"


@pytest.mark.parametrize("when", ["в течение года", "1 раз в четверть", "по планам работы РМО/ОМО"])
def test_year_recurring_and_reference_make_no_calendar_event(when: str) -> None:
    assert events_of([plan(planned("x", "Консультации", when))]) == []


def test_two_datable_parts_make_two_events() -> None:
    events = events_of([plan(planned("fair", "Ярмарка идей", "октябрь и апрель"))])
    assert [(e.start, e.end) for e in events] == [
        (dt.date(2021, 10, 1), dt.date(2021, 11, 1)),
        (dt.date(2022, 4, 1), dt.date(2022, 5, 1)),
    ]
    assert len({e.uid for e in events}) == 2
    # the first part keeps the UID of the event as it was with one date
    [alone] = events_of([plan(planned("fair", "Ярмарка идей", "октябрь"))])
    assert events[0].uid == alone.uid
    # "Сентябрь, в течение года": one datable part
    assert len(events_of([plan(planned("docs", "Документы", "Сентябрь, в течение года"))])) == 1


def test_plan_event_description_and_location() -> None:
    event = planned(
        "s",
        "Семинар\n«Алгоритм заказа»",
        "декабрь",
        place="СОШ №217",
        participants=("члены ГМО",),
        responsible=("Иванова А.А.",),
        expected_result="алгоритм освоен",
        section="I. Организационная деятельность",
    )
    [made] = events_of([plan(event)])
    assert made.summary == "Семинар «Алгоритм заказа» (дата уточняется)"  # one line
    assert made.location == "СОШ №217" and made.kind == "activity"
    assert made.categories == ("ГМО", "семинар")
    for part in (
        "Вид: семинар",
        "Сроки по плану: декабрь",
        "Участники: члены ГМО",
        "Ответственные: Иванова А.А.",
        "Ожидаемый результат: алгоритм освоен",
        "Раздел плана: I. Организационная деятельность",
        NOVOSIBIRSK.name,
    ):
        assert part in made.description


def test_meeting() -> None:
    meeting, deadline = note_events(protocol(), KRASNOYARSK) + deadline_events(
        protocol(), KRASNOYARSK
    )
    assert meeting.summary == "Заседание ГМО №1: Установочное совещание. Итоги года"
    assert (meeting.start, meeting.end) == (
        dt.datetime(2021, 9, 22, 14),
        dt.datetime(2021, 9, 22, 16),
    )
    assert meeting.tzid == "Asia/Krasnoyarsk" and meeting.location == "онлайн"
    assert "Повестка:\n1. Задачи на новый учебный год\n2. План работы ГМО" in meeting.description
    assert "Ведущие: Замятина Е.Д., Попыхова Т.Ю." in meeting.description
    assert (
        deadline.summary == "Срок: Выставить материалы планирования работы ГМО и РМО на сайт КИМЦ"
    )
    assert (deadline.start, deadline.end, deadline.tzid) == (
        dt.date(2021, 9, 27),
        dt.date(2021, 9, 28),
        None,
    )
    assert deadline.kind == "deadline" and deadline.transparent
    assert "Принято на заседании: Заседание ГМО №1 от 22 сентября 2021 г." in deadline.description
    assert "Ответственные: Попыхова Т.Ю." in deadline.description
    untimed = note_events(
        protocol(time=None, number=None, topic="", format="in-person", place="МБОУ Лицей №130"),
        KRASNOYARSK,
    )[0]
    assert untimed.summary == "Заседание ГМО"
    assert (untimed.start, untimed.end, untimed.tzid) == (
        dt.date(2021, 9, 22),
        dt.date(2021, 9, 23),
        None,
    )
    assert untimed.location == "МБОУ Лицей №130"


def held(day: str, number: int | None) -> HeldMeeting:
    return HeldMeeting(dt.date.fromisoformat(day), number)


def meeting_in(start: str, end: str, number: int | None) -> PlannedMeeting:
    return PlannedMeeting(dt.date.fromisoformat(start), dt.date.fromisoformat(end), number)


def test_minutes_stand_for_the_planned_meeting_of_their_number_or_their_days() -> None:
    september = meeting_in("2021-09-01", "2021-09-30", 1)
    november = meeting_in("2021-11-01", "2021-11-30", 2)
    spring = meeting_in("2022-03-01", "2022-05-31", None)
    planned = [september, november, spring]
    # №1 held in October (moved), №2 on time, an unnumbered meeting in April.
    found = minuted_meetings(planned, [held("2021-10-06", 1), held("2021-11-17", 2)])
    assert found == {0, 1}
    assert minuted_meetings(planned, [held("2022-04-20", None)]) == {2}
    assert minuted_meetings(planned, [held("2022-04-20", 7)]) == {2}  # the plan has no number
    # A number that is another meeting's: not this one, even within its days.
    assert minuted_meetings([september], [held("2021-09-22", 2)]) == set()
    # The same number a year later is another year's meeting.
    assert minuted_meetings([september], [held("2022-09-21", 1)]) == set()
    # One protocol stands for one meeting: two unnumbered meetings in one month.
    twice = [meeting_in("2021-10-01", "2021-10-31", None)] * 2
    assert minuted_meetings(twice, [held("2021-10-12", None)]) == {0}
    assert minuted_meetings(twice, [held("2021-10-12", None), held("2021-10-26", None)]) == {0, 1}


def test_a_planned_meeting_with_minutes_is_in_the_calendar_once() -> None:
    """The plan's "Заседание ГМО №1" (September) and the minutes of meeting №1 of
    22 September: one event, the protocol's, with its day and time. The plan's other
    meeting, and its seminar, stay."""
    year = plan(
        planned("z1", "Заседание ГМО №1. Установочное совещание", "сентябрь", kind="заседание"),
        replace(planned("z2", "Заседание ГМО №2", "ноябрь", kind="заседание"), number=2),
        replace(planned("s", "Семинар «Каталоги»", "сентябрь"), number=3),
        association="gmo-krasnoyarsk",
    )
    alone = [e.summary for e in events_of([year])]
    assert alone[:2] == [
        "Заседание ГМО №1. Установочное совещание (дата уточняется)",
        "Заседание ГМО №2 (дата уточняется)",
    ]
    together = events_of([year, protocol()])
    assert sorted(e.summary for e in together if e.kind != "deadline") == [
        "Заседание ГМО №1: Установочное совещание. Итоги года",
        "Заседание ГМО №2 (дата уточняется)",
        "Семинар «Каталоги» (дата уточняется)",
    ]
    # Minutes of another association's meeting №1 stand for nothing here.
    other = protocol(association="gmo-novosibirsk", identity="n", path="n.md")
    assert len(events_of([year, other])) == len(alone) + 2


def test_long_decision_title_is_shortened() -> None:
    text = "Принять участие в Марафоне по формированию читательской грамотности. " * 3
    decision = Decision(1, "d1", text, due=parse_when("10 октября", 2021)[0])
    [deadline] = deadline_events(protocol(decisions=(decision,)), KRASNOYARSK)
    assert deadline.summary.endswith("…") and len(deadline.summary) <= len("Срок: ") + 80
    assert text.strip() in deadline.description


def test_english_fixed_words() -> None:
    events = events_of(
        [protocol(), plan(planned("x", "Семинар «Каталоги»", "декабрь - март"))], lang="en"
    )
    titles = {e.kind: e.summary for e in events}
    assert titles["meeting"] == "ГМО meeting No. 1: Установочное совещание. Итоги года"
    assert titles["activity"] == "Семинар «Каталоги» (December – March, date to be confirmed)"
    assert titles["deadline"].startswith("Due: Выставить")
    feeds, _ = build([], lang="en")
    assert b"X-WR-CALNAME:All associations\r\n" in feeds["calendars/all.ics"]
    assert b"PRODID:-//vault-sync//vault-sync 0.1//EN\r\n" in feeds["calendars/all.ics"]


def test_short_name() -> None:
    assert short_name(KRASNOYARSK) == "ГМО библиотечных работников школ г. Красноярска"
    assert short_name(replace(KRASNOYARSK, name="Библиотекари")) == "Библиотекари"


# --- the feeds -------------------------------------------------------------------------------
def test_build_feeds_keys_and_contents() -> None:
    notes: list[Protocol | Plan] = [protocol(), plan(planned("x", "Семинар", "ноябрь"))]
    feeds, _ = build(notes)
    assert set(feeds) == {
        layout.feed_path(k)
        for k in ("gmo-krasnoyarsk", "gmo-novosibirsk", layout.ALL_FEED, layout.DEADLINES_FEED)
    }
    kinds = {
        key: sorted(e["UID"].split("-")[0] for e in vevents(data)) for key, data in feeds.items()
    }
    assert kinds == {
        "calendars/gmo-krasnoyarsk.ics": ["deadline", "meeting"],
        "calendars/gmo-novosibirsk.ics": ["activity"],
        "calendars/all.ics": ["activity", "meeting"],
        "calendars/deadlines.ics": ["deadline"],
    }
    assert "X-WR-CALNAME:Все объединения" in unfold(feeds["calendars/all.ics"])
    assert "X-WR-CALNAME:Сроки решений" in unfold(feeds["calendars/deadlines.ics"])
    assert "NAME:ГМО библиотечных работников школ г. Красноярска" in unfold(
        feeds["calendars/gmo-krasnoyarsk.ics"]
    )


def test_identical_input_gives_identical_bytes() -> None:
    notes: list[Protocol | Plan] = [protocol(), plan(planned("x", "Семинар", "ноябрь"))]
    first, revisions = build(notes)
    again = build_feeds(list(reversed(notes)), ASSOCIATIONS, revisions, 60)
    assert first == again
    # a later build with unchanged notes: no DTSTAMP from the wall clock
    later, later_revisions = build(notes, previous=revisions, now=LATER)
    assert later == first and later_revisions == revisions


def test_events_are_sorted_by_start_then_uid() -> None:
    notes: list[Protocol | Plan] = [
        plan(
            planned("b", "Б", "декабрь"),
            planned("a", "А", "20.10.2021 14:00"),
            planned("c", "В", "20.10.2021"),
        )
    ]
    feeds, _ = build(notes)
    starts = [
        next(v for k, v in e.items() if k.startswith("DTSTART"))
        for e in vevents(feeds["calendars/all.ics"])
    ]
    assert starts == ["20211020", "20211020T140000", "20211201"]


def test_deleted_event_disappears() -> None:
    keep, drop = planned("keep", "Остаётся", "октябрь"), planned("drop", "Удаляется", "ноябрь")
    before, revisions = build([plan(keep, drop)])
    after, _ = build([plan(keep)], previous=revisions, now=LATER)
    for key in ("calendars/gmo-novosibirsk.ics", "calendars/all.ics"):
        assert len(vevents(before[key])) == 2
        [left] = vevents(after[key])
        assert "Остаётся" in left["SUMMARY"] and "Удаляется".encode() not in after[key]
    gone, _ = build([protocol(decisions=())], previous=revisions, now=LATER)
    assert vevents(gone["calendars/deadlines.ics"]) == []


HOSTILE = "Итоги года;\nEND:VCALENDAR\nBEGIN:VEVENT, план \\ отчёт\\n «конец»"
CALNAME = "ГМО, РМО и ШМО: «сроки»"  # X-WR-CALNAME is read unescaped by ical.js: commas raw


def test_hostile_title_cannot_break_the_feed(tmp_path: Path) -> None:
    event = FeedEvent(
        "hostile@vault-sync",
        "gmo-krasnoyarsk",
        HOSTILE,
        dt.date(2021, 10, 1),
        dt.date(2021, 10, 2),
        None,
        "CONFIRMED",
        False,
        location=HOSTILE,
        description=HOSTILE,
        categories=(HOSTILE, "b,c"),
    )
    block = render_vevent(event, Revision("x", 0, NOW))
    data = render_feed(FeedInfo(CALNAME, HOSTILE, 60), [block], [])
    assert data.count(b"\r\nEND:VCALENDAR\r\n") == 1 and data.endswith(b"\r\nEND:VCALENDAR\r\n")
    check_lines(data)
    path = tmp_path / "hostile.ics"
    path.write_bytes(data)
    for parse, name in ((parse_with_icaljs, "ical.js"), (parse_with_vobject, "sabre/vobject")):
        require_tool(icaljs_available() if name == "ical.js" else vobject_available(), name)
        [result] = parse([path])
        assert result["calname"] == CALNAME
        [read] = result["events"]
        assert read["summary"] == HOSTILE and read["uid"] == "hostile@vault-sync"
    [read_back] = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert str(read_back["SUMMARY"]) == str(read_back["LOCATION"]) == HOSTILE
    assert [str(c) for c in read_back["CATEGORIES"].cats] == [HOSTILE, "b,c"]


def test_hostile_title_in_a_note(tmp_path: Path) -> None:
    feeds, _ = build([plan(planned("x", HOSTILE, "ноябрь"))])
    check_with_everything(tmp_path, feeds)
    [result] = parse_with_icaljs([tmp_path / "calendars/gmo-novosibirsk.ics"])
    [read] = result["events"]
    assert read["summary"] == " ".join(HOSTILE.split()) + " (дата уточняется)"


def test_control_characters_are_dropped() -> None:
    assert escape_text("a\x00b\x1bc\x7fd\te\r\nf\rg\u2028h") == "abcd\te\\nf\\ng\\nh"
    assert escape_text("e\u0301") == "\u00e9"  # NFC


def test_every_break_and_control_character_is_seen() -> None:
    """clean_text's one-search shortcut lets no line break or control character through."""
    for c in map(chr, [*range(0x20), *range(0x7F, 0xA1), 0x2028, 0x2029]):
        if c in "\n\r\x85\u2028\u2029":
            expected = "a\nb"
        elif (c < " " and c != "\t") or "\x7f" <= c <= "\x9f":  # C1 too: \x9b is ESC [
            expected = "ab"
        else:  # TAB, and NBSP
            expected = f"a{c}b"
        assert clean_text(f"a{c}b") == expected, repr(c)
    assert clean_text("a\r\nb") == "a\nb"


def test_krasnoyarsk_14_00_is_07_00_utc(tmp_path: Path) -> None:
    feeds, _ = build([protocol()])
    data = feeds["calendars/gmo-krasnoyarsk.ics"]
    assert "DTSTART;TZID=Asia/Krasnoyarsk:20210922T140000" in unfold(data)
    path = tmp_path / "k.ics"
    path.write_bytes(data)
    for available, parse, name in (
        (icaljs_available, parse_with_icaljs, "ical.js"),
        (vobject_available, parse_with_vobject, "sabre/vobject"),
    ):
        require_tool(available(), name)
        [result] = parse([path])
        meeting = next(e for e in result["events"] if e["uid"].startswith("meeting-"))
        assert meeting["start_utc"] == "2021-09-22T07:00:00Z", name
        assert meeting["tzid"] == "Asia/Krasnoyarsk" and meeting["end"] == "2021-09-22T16:00:00"
    [meeting] = [
        e
        for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
        if str(e["UID"]).startswith("meeting-")
    ]
    assert meeting["DTSTART"].dt.astimezone(dt.UTC) == dt.datetime(2021, 9, 22, 7, tzinfo=dt.UTC)


def test_lines_and_header() -> None:
    long_title = (
        "Заседание методического объединения школьных библиотекарей Красноярского края " * 4
    )
    feeds, _ = build(
        [protocol(topic=long_title), plan(planned("x", "ё" * 200 + "😀" * 30, "ноябрь"))]
    )
    for data in feeds.values():
        check_lines(data)
        lines = unfold(data)
        header = lines[
            : lines.index(
                next(x for x in lines if x.startswith("BEGIN:V") and x != "BEGIN:VCALENDAR")
            )
        ]
        for name in (
            "NAME:",
            "X-WR-CALNAME:",
            "REFRESH-INTERVAL;VALUE=DURATION:PT60M",
            "X-PUBLISHED-TTL:PT60M",
            "VERSION:2.0",
            "METHOD:PUBLISH",
            "CALSCALE:GREGORIAN",
        ):
            assert any(x.startswith(name) for x in header), name
    data = feeds["calendars/gmo-krasnoyarsk.ics"]
    assert any(len(line) == 75 for line in data.split(b"\r\n"))  # folding really happens
    assert long_title.strip() in "".join(unfold(data))


def test_fold() -> None:
    rng = random.Random(75)
    pieces = ["a", " ", "ж", "€", "😀", "é", "\\\\", "\\n", "\\,", "\\;"]  # escapes as pairs
    texts = ["a" * 200, "ж" * 200, "€" * 100, "😀" * 100, "x" * 66 + "\\,", "\\\\" * 80]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randrange(150))) for _ in range(3000)]
    for text in texts:
        line = "SUMMARY:" + text
        physical = fold(line).split(b"\r\n")
        assert physical.pop() == b""
        assert all(len(p) <= 75 for p in physical)
        assert all(p.startswith(b" ") for p in physical[1:])
        assert b"".join([physical[0], *(p[1:] for p in physical[1:])]).decode() == line
        for part in physical:
            part.decode("utf-8")  # whole characters only
        for part in physical[:-1]:  # no escape cut in two: an even run of trailing backslashes
            assert (len(part) - len(part.rstrip(b"\\"))) % 2 == 0, part
    assert fold("X:" + "a" * 73) == b"X:" + b"a" * 73 + b"\r\n"  # exactly 75: not folded
    assert fold("X:" + "a" * 74) == b"X:" + b"a" * 73 + b"\r\n a\r\n"


# --- time zones ------------------------------------------------------------------------------
def test_vtimezone_fixed_offset_zone() -> None:
    block = vtimezone("Asia/Irkutsk", [2021, 2022]).decode()
    assert block == (
        "BEGIN:VTIMEZONE\r\nTZID:Asia/Irkutsk\r\nBEGIN:STANDARD\r\n"
        "DTSTART:19700101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\n"
        "TZNAME:+08\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    )
    assert "TZNAME:MSK" in vtimezone("Europe/Moscow", [2024]).decode()
    assert vtimezone("Europe/Moscow", [2016]) == vtimezone("Europe/Moscow", [2024, 2025])


def test_vtimezone_with_transitions() -> None:
    berlin = vtimezone("Europe/Berlin", [2021]).decode()
    assert (
        "BEGIN:DAYLIGHT\r\nDTSTART:20210328T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200"
        in berlin
    )
    assert (
        "BEGIN:STANDARD\r\nDTSTART:20211031T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100"
        in berlin
    )
    moscow = vtimezone("Europe/Moscow", [2014]).decode()  # the last Russian change
    assert "DTSTART:20141026T020000\r\nTZOFFSETFROM:+0400\r\nTZOFFSETTO:+0300" in moscow
    with pytest.raises(ZoneInfoNotFoundError):
        vtimezone("Mars/Olympus", [2021])


def test_empty_feeds_are_valid(tmp_path: Path) -> None:
    feeds, _ = build([])  # associations without notes
    feeds.update(
        {f"none/{k}": v for k, v in build([], associations={})[0].items()}
    )  # no associations
    feeds["bare.ics"] = render_feed(FeedInfo("Пусто", "", 60), [], [])
    assert b"TZID:UTC" in feeds["bare.ics"]
    assert all(b"BEGIN:VEVENT" not in data for data in feeds.values())
    check_with_everything(tmp_path, feeds)


def test_render_feed_checks_its_blocks() -> None:
    with pytest.raises(ValueError):
        render_feed(FeedInfo("x", "", 60), [b"BEGIN:VTODO\r\nEND:VTODO\r\n"], [])
    with pytest.raises(ValueError):
        render_feed(FeedInfo("x", "", 0), [], [])


def test_render_vevent_rejects_inconsistent_events() -> None:
    event = events_of([protocol()])[0]
    revision = Revision("x", 0, NOW)
    for bad in (
        replace(event, tzid=None),
        replace(event, end=event.start),
        replace(event, status="MAYBE"),
        replace(event, start=dt.date(2021, 9, 22)),
    ):
        with pytest.raises(ValueError):
            render_vevent(bad, revision)
    with pytest.raises(ValueError):
        render_vevent(event, Revision("x", 0, dt.datetime(2021, 9, 1)))  # naive stamp


def test_reserved_association_ids() -> None:
    with pytest.raises(ValueError):
        build_feeds([], {"all": replace(KRASNOYARSK, id="all")}, {}, 60)


def test_duplicate_identities_keep_one_event() -> None:
    first = plan(planned("x", "Первый", "ноябрь"))
    second = replace(
        first, path="Новосибирск ГМО/Копия.md", events=(planned("x", "Второй", "май"),)
    )
    [kept] = events_of([second, first])
    assert kept.summary.startswith("Второй")  # "Копия.md" sorts before "План 2021.md"


# --- conformance over real and generated vaults ----------------------------------------------
def test_example_vault_feeds_conform(tmp_path: Path) -> None:
    from vault_sync.cli.commands import check_vault
    from vault_sync.config import load_config

    result = check_vault(load_config(EXAMPLE_VAULT))
    assert result.notes, "the example vault has no valid notes"
    feeds, _ = build(result.notes, result.associations)
    assert set(feeds) >= {"calendars/all.ics", "calendars/deadlines.ics"}
    assert sum(len(vevents(data)) for data in feeds.values()) > 0
    check_with_everything(tmp_path, feeds)
    again, _ = build(result.notes, result.associations, now=LATER)
    assert {k: unstamped(v) for k, v in again.items()} == {
        k: unstamped(v) for k, v in feeds.items()
    }


def unstamped(data: bytes) -> bytes:
    return re.sub(rb"(DTSTAMP|LAST-MODIFIED):\d{8}T\d{6}Z", b"", data)


GENERATED_ZONES = {
    "gmo-krasnoyarsk": ("ГМО", "Asia/Krasnoyarsk"),
    "mmo-serpukhov": ("ММО", "Europe/Moscow"),
    "rmo-buryatia": ("РМО", "Asia/Irkutsk"),
    "shmo-berlin": ("ШМО", "Europe/Berlin"),
    "omo-novosibirsk": ("ОМО", "Asia/Novosibirsk"),
}
WHENS = [
    "ноябрь",
    "январь",
    "декабрь - март",
    "октябрь и апрель",
    "в течение года",
    "1 раз в четверть",
    "по планам работы РМО/ОМО",
    "Сентябрь, в течение года",
    "{d}.{m}.{y}",
    "{d}.{m}.{y} 14:00",
    "{d}.{m}.{y} 09:30",
    "октябрь-декабрь",
    "май",
]
WORDS = (
    "Семинар «Электронные каталоги: разнообразие платформ»",
    "Круглый стол",
    "Мастер-класс",
    "Ярмарка библиотечных идей; обмен опытом, наставничество",
    "Конкурс \\ буктрейлеров",
    "Заседание методического объединения школьных библиотекарей Красноярского края",
    "Вебинар 😀 «Цифровая образовательная среда»",
)


def generated_vault(
    seed: int = 2021, count: int = 300
) -> tuple[list[Protocol | Plan], dict[str, Association]]:
    rng = random.Random(seed)
    associations = {
        key: Association(key, f"{kind} школьных библиотекарей {n}", kind, zone)
        for n, (key, (kind, zone)) in enumerate(GENERATED_ZONES.items())
    }
    notes: list[Protocol | Plan] = []
    for n in range(count):
        key = rng.choice(sorted(associations))
        year = rng.choice([2019, 2020, 2021, 2022, 2023])
        day = dt.date(year, 9, 1) + dt.timedelta(days=rng.randrange(360))
        title = f"{rng.choice(WORDS)} {n}"
        if n % 3 == 0:
            decisions = tuple(
                Decision(
                    i,
                    f"d{i}",
                    f"{rng.choice(WORDS)} — решение {i}",
                    due=rng.choice(
                        [None, parse_when(f"{(day + dt.timedelta(days=7 * i)):%d.%m.%Y}", None)[0]]
                    ),
                    responsible=("Иванова А.А.",),
                )
                for i in range(1, rng.randrange(1, 5))
            )
            at = rng.choice(
                [None, dt.time(14), dt.time(rng.randrange(8, 19), rng.choice([0, 15, 30]))]
            )
            notes.append(
                Protocol(
                    f"{key}/Протокол {n}.md",
                    f"{key}/Протокол {n}",
                    key,
                    day,
                    number=rng.randrange(1, 6),
                    time=at,
                    format=rng.choice([None, "online", "hybrid"]),
                    place=rng.choice(["", "МБОУ Лицей №130", "СОШ №217, каб. 5"]),
                    topic=title,
                    chair=("Попыхова Т.Ю.",),
                    agenda=(AgendaItem(title),),
                    decisions=decisions,
                )
            )
            continue
        events = []
        for i in range(rng.randrange(1, 8)):
            d = dt.date(year, 9, 1) + dt.timedelta(days=rng.randrange(360))
            when = rng.choice(WHENS).format(d=f"{d.day:02d}", m=f"{d.month:02d}", y=d.year)
            events.append(
                PlannedEvent(
                    i + 1,
                    f"e{i}",
                    f"{rng.choice(WORDS)} {n}.{i}",
                    "семинар",
                    parse_when(when, year),
                    when,
                    place=rng.choice(["", "ОУ"]),
                    participants=("члены ГМО",),
                    responsible=("Петрова Б.Б.",),
                )
            )
        notes.append(Plan(f"{key}/План {n}.md", f"{key}/План {n}", key, year, events=tuple(events)))
    return notes, associations


def test_generated_vault_feeds_conform(tmp_path: Path) -> None:
    notes, associations = generated_vault()
    feeds, revisions = build(notes, associations)
    counted = {key: len(vevents(data)) for key, data in feeds.items()}
    assert counted["calendars/all.ics"] > 300 and counted["calendars/deadlines.ics"] > 20
    berlin = feeds["calendars/shmo-berlin.ics"].decode()
    assert "BEGIN:DAYLIGHT" in berlin and "TZID=Europe/Berlin" in berlin
    irkutsk = feeds["calendars/rmo-buryatia.ics"].decode()
    assert irkutsk.count("BEGIN:STANDARD") == 1 and "BEGIN:DAYLIGHT" not in irkutsk
    check_with_everything(tmp_path, feeds)
    assert build_feeds(notes, associations, revisions, 60) == feeds


def test_calendar_names_read_the_same_everywhere(tmp_path: Path) -> None:
    info = FeedInfo("ГМО; РМО\nи ШМО, \\ «сроки»", "Заседания, мероприятия; сроки", 60)
    data = render_feed(info, [], [vtimezone("Asia/Krasnoyarsk", [2021])])
    lines = unfold(data)
    assert "X-WR-CALNAME:ГМО\\; РМО и ШМО, \\\\ «сроки»" in lines
    assert "X-WR-CALDESC:Заседания, мероприятия\\; сроки" in lines
    assert "DESCRIPTION:Заседания\\, мероприятия\\; сроки" in lines  # RFC 7986 TEXT
    path = tmp_path / "names.ics"
    path.write_bytes(render_feed(FeedInfo(CALNAME, "", 60), [], []))
    require_tool(icaljs_available(), "ical.js")
    require_tool(vobject_available(), "sabre/vobject")
    assert parse_with_icaljs([path])[0]["calname"] == CALNAME
    assert parse_with_vobject([path])[0]["calname"] == CALNAME
    assert str(icalendar.Calendar.from_ical(path.read_bytes())["X-WR-CALNAME"]) == CALNAME
