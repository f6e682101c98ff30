"""Calendar feeds: typed notes -> iCalendar bytes. PURE: no I/O, no clock, no uuid.

- :func:`note_events` / :func:`deadline_events` turn a note into :class:`FeedEvent` s whose
  UID comes from the association, the note's identity and the event's key (plus the part
  index for a second date of one event): the same across builds and across edits.
- :func:`revise` gives each UID a :class:`Revision`: SEQUENCE rises only when something a
  client shows changes; DTSTAMP/LAST-MODIFIED are when that revision was first seen.
  Callers keep the merged map, ``{**previous, **revise(events, previous, now)}``, so a UID
  that vanishes and comes back never reuses a lower SEQUENCE.
- :func:`render_vevent` (one cacheable block), :func:`vtimezone` and :func:`render_feed`
  write the bytes; :func:`build_feeds` does a whole build. Same input, same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from vault_sync.i18n import lang_key, text
from vault_sync.notes.model import Association, Plan, PlannedEvent, Protocol
from vault_sync.notes.when import MONTHS_NOMINATIVE, Precision, When, academic_year_of
from vault_sync.render import layout
from vault_sync.render.dates import MONTHS_EN, format_date_en, format_date_ru
from vault_sync.render.ical import (
    FeedEvent,
    FeedInfo,
    Revision,
    render_feed,
    render_vevent,
    vtimezone,
)

__all__ = [
    "DEFAULT_DURATION", "FeedEvent", "FeedInfo", "Revision", "build_feeds", "deadline_events",
    "feed_events", "feed_timezones", "fingerprint", "make_uid", "note_events", "render_events",
    "render_feed", "render_vevent", "revise", "short_name", "sort_key", "vtimezone",
    "zone_timezones", "zone_years",
]  # fmt: skip

DEFAULT_DURATION = dt.timedelta(hours=2)
TITLE_LIMIT = 80  # characters of a decision's text in a deadline's title
_DATABLE = (Precision.DAY, Precision.MONTH, Precision.RANGE)
_KIND_WORDS = {  # "Городское методическое объединение ..." -> "ГМО ..." in calendar names
    "ШМО": "школьное", "РМО": "районное", "ОМО": "окружное", "ГМО": "городское",
    "ММО": "муниципальное",
}  # fmt: skip


# --- notes -> events -------------------------------------------------------------------------
def make_uid(kind: str, association: str, identity: str, key: str, part: int = 0) -> str:
    """A UID from what identifies the event; part 0 (the first date) has no part suffix, so an
    event that gains a second date keeps its UID. NFC: a vault synced from macOS (NFD file
    names) gives the same UIDs."""
    fields = [kind, association, identity, key, *([str(part)] if part else [])]
    raw = "\x1f".join(unicodedata.normalize("NFC", f) for f in fields)
    return f"{kind}-{hashlib.sha256(raw.encode('utf-8')).hexdigest()[:32]}@vault-sync"


def note_events(
    note: Protocol | Plan, association: Association, lang: str = "ru"
) -> list[FeedEvent]:
    """A protocol's meeting, or a plan's activities (one per datable When of each event)."""
    if isinstance(note, Protocol):
        return [_meeting(note, association, lang)]
    return [event for event, _ in plan_events(note, association, lang)]


MEETING_KIND = "заседание"  # what interpret.guess_kind makes of "Заседание ГМО №2 ..."
_NUMBERED = re.compile(r"№\s*(\d+)")


@dataclass(frozen=True, slots=True)
class HeldMeeting:
    """A meeting whose minutes (a protocol) are in the vault."""

    day: dt.date
    number: int | None


@dataclass(frozen=True, slots=True)
class PlannedMeeting:
    """A meeting a plan puts in the calendar: the days of one datable "when" of an
    activity of kind "заседание", and its number ("Заседание ГМО №2 ...": 2)."""

    start: dt.date
    end: dt.date  # inclusive
    number: int | None


def meeting_number(title: str) -> int | None:
    """The number a plan gives a meeting in its title: "Заседание ГМО №2 ..." -> 2."""
    numbered = _NUMBERED.search(title)
    return int(numbered.group(1)) if numbered else None


def held_meeting(protocol: Protocol) -> HeldMeeting:
    return HeldMeeting(protocol.date, protocol.number)


def plan_events(
    plan: Plan, association: Association, lang: str = "ru"
) -> list[tuple[FeedEvent, PlannedMeeting | None]]:
    """A plan's activities, each with the meeting it plans when it is one: the minutes of
    that meeting, once in the vault, stand for it (see :func:`minuted_meetings`)."""
    found: list[tuple[FeedEvent, PlannedMeeting | None]] = []
    for planned in plan.events:
        events = _activities(plan, planned, association, lang)
        found += [
            (event, planned_meeting(planned, when))
            for event, when in zip(events, _datable(planned), strict=True)
        ]
    return found


def planned_meeting(planned: PlannedEvent, when: When) -> PlannedMeeting | None:
    """The meeting ``planned`` is at ``when``, if it is one and the calendars show it: an
    activity of kind "заседание" at a day, a month or a span of months."""
    if planned.kind != MEETING_KIND or when.precision not in _DATABLE:
        return None
    if when.start is None or when.end is None:
        return None
    return PlannedMeeting(when.start, when.end, meeting_number(planned.title))


def minuted_meetings(planned: Sequence[PlannedMeeting], held: Iterable[HeldMeeting]) -> set[int]:
    """Indexes of the planned meetings that held ones stand for, each held meeting for one.

    A plan's "Заседание ГМО №1" and the minutes of meeting №1 of the same academic year
    are one meeting, even on another day than planned; a meeting without a number (in
    the plan or in the minutes) is the one whose days the minutes' date falls in, the
    earliest first. The protocol's event then shows that meeting, once, with the day and
    time it was held.
    """
    left = sorted(held, key=lambda h: (h.day, h.number or 0))
    order = sorted(range(len(planned)), key=lambda i: (planned[i].start, planned[i].end, i))
    minuted: set[int] = set()
    for index in order:  # by number first: the surest match
        meeting = planned[index]
        if meeting.number is None:
            continue
        year = academic_year_of(meeting.start)
        for n, protocol in enumerate(left):
            if protocol.number == meeting.number and academic_year_of(protocol.day) == year:
                minuted.add(index)
                del left[n]
                break
    for index in order:  # then by day
        meeting = planned[index]
        if index in minuted:
            continue
        for n, protocol in enumerate(left):
            if not meeting.start <= protocol.day <= meeting.end:
                continue
            if None not in (meeting.number, protocol.number) and meeting.number != protocol.number:
                continue
            minuted.add(index)
            del left[n]
            break
    return minuted


def deadline_events(note: Protocol, association: Association, lang: str = "ru") -> list[FeedEvent]:
    """One all-day event on the due day of each decision that has one."""
    found: list[FeedEvent] = []
    meeting = ""  # the same for every decision: made once, for the first with a due day
    for decision in note.decisions:
        due = decision.due
        if due is None or due.end is None:
            continue
        if not meeting:
            held, on = _meeting_title(note, association, lang), _format_date(note.date, lang)
            meeting = text("feed.meeting_on", lang, meeting=held, date=on)
        description = _labelled(lang, [
            ("decision", decision.text), ("responsible", ", ".join(decision.responsible)),
            ("meeting", meeting), ("association", association.name),
        ])  # fmt: skip
        title = text("feed.deadline", lang, text=_shorten(_one_line(decision.text), TITLE_LIMIT))
        found.append(FeedEvent(
            make_uid("deadline", association.id, note.identity, decision.key), association.id,
            title, due.end, due.end + dt.timedelta(days=1), None, "CONFIRMED", True,
            description=description, kind="deadline",
            categories=_categories(association.kind, text("feed.category.deadline", lang)),
        ))  # fmt: skip
    return found


def _meeting(note: Protocol, association: Association, lang: str) -> FeedEvent:
    title = _meeting_title(note, association, lang)
    topic = _one_line(note.topic)
    start, end, tzid = _timing(note.date, note.time, association.timezone)
    agenda = "\n".join(f"{n}. {_one_line(item.title)}" for n, item in enumerate(note.agenda, 1))
    description = _labelled(lang, [
        ("topic", note.topic), ("goal", note.goal), ("chair", ", ".join(note.chair)),
        ("agenda", "\n" + agenda if agenda else ""), ("association", association.name),
    ])  # fmt: skip
    online = note.format in ("online", "hybrid")
    return FeedEvent(
        make_uid("meeting", association.id, note.identity, "meeting"), association.id,
        f"{title}: {topic}" if topic else title, start, end, tzid, "CONFIRMED", False,
        location=_location(note.place, online, lang), description=description, kind="meeting",
        categories=_categories(association.kind, text("feed.category.meeting", lang)),
    )  # fmt: skip


def _activities(
    plan: Plan, planned: PlannedEvent, association: Association, lang: str
) -> list[FeedEvent]:
    datable = _datable(planned)
    if not datable:  # "в течение года", "по плану ОУ": not in the calendar
        return []
    title = _one_line(planned.title)
    description = _labelled(lang, [
        ("kind", planned.kind), ("when", planned.when_text),
        ("participants", ", ".join(planned.participants)),
        ("responsible", ", ".join(planned.responsible)), ("result", planned.expected_result),
        ("section", planned.section), ("association", association.name),
    ])  # fmt: skip
    found: list[FeedEvent] = []
    for part, when in enumerate(datable):
        start, end, tzid, summary = _activity_timing(when, planned, association, title, lang)
        exact = when.precision is Precision.DAY
        found.append(FeedEvent(
            make_uid("activity", association.id, plan.identity, planned.key, part),
            association.id, summary, start, end, tzid, "CONFIRMED" if exact else "TENTATIVE",
            not exact, location=_one_line(planned.place), description=description,
            categories=_categories(association.kind, planned.kind), kind="activity",
        ))  # fmt: skip
    return found


def _datable(planned: PlannedEvent) -> list[When]:
    return [w for w in planned.when if w.precision in _DATABLE and w.start and w.end]


def _activity_timing(
    when: When, planned: PlannedEvent, association: Association, title: str, lang: str
) -> tuple[dt.date, dt.date, str | None, str]:
    assert when.start is not None and when.end is not None
    if when.precision is Precision.DAY:
        start, end, tzid = _timing(when.start, when.time or planned.time, association.timezone)
        return start, end, tzid, title
    end_day = when.end + dt.timedelta(days=1)
    if when.precision is Precision.MONTH:
        return when.start, end_day, None, text("feed.tentative", lang, title=title)
    names = MONTHS_EN if lang_key(lang) == "en" else MONTHS_NOMINATIVE
    summary = text("feed.tentative_range", lang, title=title,
                   first=names[when.start.month], last=names[when.end.month])  # fmt: skip
    return when.start, end_day, None, summary


def _timing(day: dt.date, at: dt.time | None, tzid: str) -> tuple[dt.date, dt.date, str | None]:
    if at is None:
        return day, day + dt.timedelta(days=1), None
    start = dt.datetime.combine(day, at.replace(tzinfo=None))
    return start, start + DEFAULT_DURATION, tzid


def _meeting_title(note: Protocol, association: Association, lang: str) -> str:
    if note.number is None:
        return text("feed.meeting", lang, kind=association.kind)
    return text("feed.meeting_number", lang, kind=association.kind, number=note.number)


def _location(place: str, online: bool, lang: str) -> str:
    word = text("feed.online", lang)
    place = _one_line(place)
    if not online or word in place.lower():
        return place
    return f"{place}, {word}" if place else word


def _labelled(lang: str, fields: list[tuple[str, str]]) -> str:
    """ "Label: value" lines; a value starting with a newline (a list) goes below its label."""
    lines = []
    for key, value in fields:
        shown = value.strip()
        if shown:
            gap = "\n" if value.startswith("\n") else " "
            lines.append(f"{text('feed.label.' + key, lang)}:{gap}{shown}")
    return "\n".join(lines)


@lru_cache(maxsize=256)  # an association's kind and an activity's: few pairs
def _categories(*names: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in map(_one_line, names) if n))


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _shorten(value: str, limit: int) -> str:
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:.-—") + "…"


def _format_date(day: dt.date, lang: str) -> str:
    return format_date_en(day) if lang_key(lang) == "en" else format_date_ru(day)


def short_name(association: Association) -> str:
    """The association's name with its kind abbreviated: "ГМО библиотечных работников ..."."""
    word = _KIND_WORDS.get(association.kind)
    full = f"{word} методическое объединение" if word else None
    if full and association.name.lower().startswith(full):
        return association.kind + association.name[len(full) :]
    return association.name


# --- revisions -------------------------------------------------------------------------------
def fingerprint(event: FeedEvent) -> str:
    """A hash of everything a client shows; the UID, association and kind are not shown."""
    shown = [
        "v1", event.summary, event.start.isoformat(), event.end.isoformat(), event.tzid,
        event.status, event.transparent, event.location, event.description, event.categories,
    ]  # fmt: skip
    data = json.dumps(shown, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()


def revise(
    events: Iterable[FeedEvent], previous: Mapping[str, Revision], now: dt.datetime
) -> dict[str, Revision]:
    """Revisions for exactly ``events``: a new UID starts at SEQUENCE 0 stamped ``now``; an
    unchanged one keeps its revision; a changed one gets SEQUENCE + 1 stamped ``now`` (never
    earlier than before). Merge the result over ``previous`` and keep it: a UID that comes
    back after a while then continues from its old SEQUENCE."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("revise() needs an aware `now` (UTC)")
    stamp = now.astimezone(dt.UTC).replace(microsecond=0)
    revised: dict[str, Revision] = {}
    for event in events:
        mark = fingerprint(event)
        old = previous.get(event.uid)
        if old is None:
            revised[event.uid] = Revision(mark, 0, stamp)
        elif old.fingerprint == mark:
            revised[event.uid] = old
        else:
            revised[event.uid] = Revision(mark, old.sequence + 1, max(stamp, old.stamp))
    return revised


# --- feeds --------------------------------------------------------------------------------
def sort_key(event: FeedEvent) -> tuple[str, str]:
    """Feed order: by start as written (a day before the times of that day), then UID."""
    return event.start.isoformat(), event.uid


def feed_timezones(events: Iterable[FeedEvent], zones: Iterable[str] = ()) -> list[bytes]:
    """VTIMEZONEs for ``zones`` and every TZID of ``events``, sorted by TZID, each exact for
    the years its events fall in."""
    return zone_timezones(zone_years(events), zones)


def zone_years(events: Iterable[FeedEvent]) -> set[tuple[str, int]]:
    """(TZID, year) of the timed events: what their feed's VTIMEZONEs must cover."""
    return {(e.tzid, y) for e in events if e.tzid for y in (e.start.year, e.end.year)}


def zone_timezones(years: Iterable[tuple[str, int]], zones: Iterable[str] = ()) -> list[bytes]:
    """VTIMEZONEs for ``zones`` and the zones of ``years`` (see :func:`zone_years`),
    sorted by TZID, each exact for its years."""
    found: dict[str, set[int]] = {zone: set() for zone in zones}
    for zone, year in years:
        found.setdefault(zone, set()).add(year)
    return [vtimezone(zone, sorted(found[zone])) for zone in sorted(found)]


def render_events(
    info: FeedInfo,
    events: Iterable[FeedEvent],
    zones: Iterable[str],
    revisions: Mapping[str, Revision],
) -> bytes:
    """A feed of ``events`` (sorted by :func:`sort_key`) with the VTIMEZONEs of ``zones``."""
    ordered = sorted(events, key=sort_key)
    missing = [event.uid for event in ordered if event.uid not in revisions]
    if missing:
        raise ValueError(f"no revision for {len(missing)} event(s) ({missing[0]}...): revise()")
    blocks = [render_vevent(event, revisions[event.uid]) for event in ordered]
    return render_feed(info, blocks, feed_timezones(ordered, zones))


def feed_events(
    notes: Iterable[Protocol | Plan], associations: Mapping[str, Association], lang: str = "ru"
) -> list[FeedEvent]:
    """Every event of a build (what to :func:`revise`): meetings, activities, deadlines.

    Notes of unknown associations are skipped; of two events with one UID (two notes
    sharing an ``id``) the one from the first note by path is kept; a plan's meeting whose
    minutes are among the notes is left out (see :func:`minuted_meetings`)."""
    ordered = [n for n in sorted(notes, key=lambda n: n.path) if n.association in associations]
    held: dict[str, list[HeldMeeting]] = {}
    planned: dict[str, list[PlannedMeeting]] = {}
    made: list[tuple[str, list[tuple[FeedEvent, PlannedMeeting | None]]]] = []
    for note in ordered:
        association = associations[note.association]
        if isinstance(note, Protocol):
            held.setdefault(note.association, []).append(held_meeting(note))
            events = note_events(note, association, lang) + deadline_events(note, association, lang)
            made.append((note.association, [(event, None) for event in events]))
        else:
            pairs = plan_events(note, association, lang)
            planned.setdefault(note.association, []).extend(m for _, m in pairs if m is not None)
            made.append((note.association, pairs))
    minuted = {key: minuted_meetings(found, held.get(key, [])) for key, found in planned.items()}
    counted = dict.fromkeys(planned, 0)
    result: list[FeedEvent] = []
    seen: set[str] = set()
    for key, pairs in made:
        for event, meeting in pairs:
            if meeting is not None:
                counted[key] += 1
                if counted[key] - 1 in minuted[key]:
                    continue
            if event.uid not in seen:
                seen.add(event.uid)
                result.append(event)
    return result


def build_feeds(
    notes: Iterable[Protocol | Plan],
    associations: Mapping[str, Association],
    revisions: Mapping[str, Revision],
    refresh_minutes: int,
    lang: str = "ru",
) -> dict[str, bytes]:
    """Every feed of a build, keyed by :func:`layout.feed_path`: one per association (its
    meetings, activities and deadlines), :data:`layout.ALL_FEED` (meetings and activities
    of all) and :data:`layout.DEADLINES_FEED`. Each feed carries the VTIMEZONEs of the
    associations it covers, so even an empty one is a valid calendar. ``revisions`` must
    cover :func:`feed_events` (see :func:`revise`)."""
    reserved = {layout.ALL_FEED, layout.DEADLINES_FEED} & set(associations)
    if reserved:
        raise ValueError(f"association id {sorted(reserved)[0]!r} is the name of a common feed")
    events = feed_events(notes, associations, lang)
    every = sorted({a.timezone for a in associations.values()})
    feeds: dict[str, bytes] = {}
    for key, association in associations.items():
        about = text("feed.association.description", lang, name=association.name)
        info = FeedInfo(short_name(association), about, refresh_minutes, lang)
        own = [event for event in events if event.association == key]
        feeds[layout.feed_path(key)] = render_events(info, own, [association.timezone], revisions)
    for name, deadlines in ((layout.ALL_FEED, False), (layout.DEADLINES_FEED, True)):
        info = FeedInfo(
            text(f"feed.{name}.name", lang), text(f"feed.{name}.description", lang),
            refresh_minutes, lang,
        )  # fmt: skip
        chosen = [event for event in events if (event.kind == "deadline") == deadlines]
        feeds[layout.feed_path(name)] = render_events(info, chosen, every, revisions)
    return feeds
