"""What one note file contributes to a build, and what one refresh changed."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from vault_sync.notes.model import Association, Note, Plan, Problem, Protocol
from vault_sync.notes.pipeline import Checked
from vault_sync.render import summaries
from vault_sync.render.feeds import (
    HeldMeeting,
    PlannedMeeting,
    deadline_events,
    held_meeting,
    note_events,
    plan_events,
    render_vevent,
    revise,
    zone_years,
)
from vault_sync.render.ical import FeedEvent, Revision
from vault_sync.render.outputs import Outputs
from vault_sync.vault import VaultFile

_NO_ZONES: frozenset[tuple[str, int]] = frozenset()


@dataclass
class Clock:
    """The time, passed in: builders never read the clock themselves."""

    now: Callable[[], datetime] = lambda: datetime.now(UTC)

    def today(self, zone: str) -> date:
        return self.now().astimezone(ZoneInfo(zone)).date()


@dataclass(slots=True)
class Entry:
    """What one note file contributes."""

    size: int
    mtime_ns: int
    digest: str
    source: Checked | None = None  # kept only for association notes (see Registry)
    owner: str | None = None  # the association of what is published (None: nothing is)
    # What is published, the current or the last good version, kept while the digests
    # can show it (see Engine._keeps); older notes keep their outputs only.
    typed: Note | None = None
    problems: list[Problem] = field(default_factory=list)
    common: bytes = b""  # its VEVENTs for the association's and the all-associations feeds
    deadlines: bytes = b""  # its deadline VEVENTs
    zone_years: frozenset[tuple[str, int]] = _NO_ZONES  # (TZID, year) of its timed events
    summary: bytes = b""
    association: str | None = None  # the association the file names, even when invalid
    good_bytes: bytes | None = None  # a newly valid version, to store as the last good one
    held: HeldMeeting | None = None  # a protocol's meeting, while in the feeds' window
    planned: tuple[tuple[PlannedMeeting, bytes], ...] = ()  # a plan's meetings, their VEVENTs

    @property
    def held_back(self) -> bool:
        return any(p.is_error for p in self.problems)


def last_note_day(note: Note) -> date:
    """The last day any event of ``note`` can fall on (a plan: the end of its year)."""
    if isinstance(note, Plan):  # a year written out in a "when" may fall after the plan's
        ends = [w.end for e in note.events for w in e.when if w.end is not None]
        return max([date(note.academic_year + 1, 8, 31), *ends])
    dues = [d.due.start for d in note.decisions if d.due is not None and d.due.start]
    return max([note.date, *dues])


def event_zone_years(events: list[FeedEvent]) -> frozenset[tuple[str, int]]:
    if not events:  # most notes: history, before the feeds' window
        return _NO_ZONES
    return frozenset(zone_years(events))


def last_day(event: FeedEvent) -> date:
    end = event.end
    return end.date() if isinstance(end, datetime) else end


_ASSOCIATION_TYPE = re.compile(rb"^type:[ \t]*[\"']?association[\"']?[ \t]*\r?$", re.M)


def may_define_association(file: VaultFile) -> bool:
    """Whether the head of ``file`` has a ``type: association`` line: a cheap look, no
    parse. A large pass reads these first, so that the notes naming their associations
    are read once; one it misses costs a second reading of the notes, not a wrong result
    (the registry is rebuilt after the pass all the same)."""
    try:
        with open(file.absolute, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return _ASSOCIATION_TYPE.search(head) is not None


@dataclass
class Pass:
    """What one refresh changed."""

    reread: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    outputs: Outputs = field(default_factory=Outputs)  # every output, path -> bytes
    changed_outputs: set[str] = field(default_factory=set)
    scan_problems: list[Problem] = field(default_factory=list)


@dataclass(slots=True)
class Prepared:
    """What a forked worker made of one file (see Engine._prepare)."""

    entry: Entry
    identity: str | None  # of its typed note, if it has one
    revisions: dict[str, Revision]  # the revisions its events changed
    uids: tuple[str, ...]  # all its events
    fall_back: bool  # held back: publish its last good version (done here, not in a worker)


def contribute(
    entry: Entry,
    note: Note,
    association: Association,
    lang: str,
    *,
    since: date,
    revisions: Mapping[str, Revision],
    now: datetime,
) -> tuple[tuple[str, ...], dict[str, Revision]]:
    """Render what ``note`` contributes into ``entry``: its summary, and the VEVENTs of its
    meetings, activities and deadlines that end on or after ``since`` (the feeds' window).
    Returns the UIDs of its events and the revisions that changed (``revisions`` is not
    changed: the engine records them). Pure."""
    if isinstance(note, Protocol):
        text = summaries.protocol_summary(note, association, lang)
    else:
        text = summaries.plan_summary(note, association, lang)
    entry.summary = text.encode("utf-8")
    events: list[FeedEvent] = []
    meetings: dict[str, PlannedMeeting] = {}  # UID -> the meeting a plan's event plans
    if last_note_day(note) >= since:  # most of a long history is before the window
        if isinstance(note, Protocol):
            events = note_events(note, association, lang)
            events += deadline_events(note, association, lang)
        else:
            planned = plan_events(note, association, lang)
            events = [event for event, _ in planned]
            meetings = {event.uid: m for event, m in planned if m is not None}
        events = [e for e in events if last_day(e) >= since]
    revised = revise(events, revisions, now)
    fresh = {uid: r for uid, r in revised.items() if revisions.get(uid) != r}
    blocks = [(e, render_vevent(e, revised[e.uid])) for e in events]
    entry.common = b"".join(
        block for e, block in blocks if e.kind != "deadline" and e.uid not in meetings
    )
    entry.deadlines = b"".join(block for e, block in blocks if e.kind == "deadline")
    entry.planned = tuple((meetings[e.uid], block) for e, block in blocks if e.uid in meetings)
    entry.held = held_meeting(note) if isinstance(note, Protocol) and note.date >= since else None
    entry.zone_years = event_zone_years(events)
    return tuple(e.uid for e in events), fresh
