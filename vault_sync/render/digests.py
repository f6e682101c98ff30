"""Digests: the ``Readme.md`` that Nextcloud shows above a folder, Russian by default.

PURE: no I/O, no clock. ``today`` is an input, and the only date-dependent text is what
follows from it ("Обзор на 21 ноября 2026 г.", what is upcoming, what is overdue), so the
same inputs always give the same text.

- :func:`association_digest` — one association: upcoming events, open deadlines, meetings
  held this academic year against the required number, year-round items, notes held back.
- :func:`overall_digest` — every association in a table, then the nearest events and
  deadlines across all, then every note held back.

Rules, decided here:
- "upcoming" is a DAY event dated today or later, or a month/span not yet over, from any
  published plan (so next year's plan shows in August), plus protocols dated after today;
- "held" meetings are protocols dated in the current academic year up to today;
- a decision cannot be marked done yet, so a deadline is listed from the start of the
  current academic year on: today or later as open, earlier ones flagged "срок прошёл".
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from vault_sync.i18n import format_problem, phrase
from vault_sync.notes.model import Association, Decision, Plan, Problem, Protocol
from vault_sync.notes.when import academic_year_of
from vault_sync.render.feeds import PlannedMeeting, held_meeting, minuted_meetings, planned_meeting
from vault_sync.render.layout import summary_path
from vault_sync.render.summaries import (
    EventLine,
    event_body,
    event_lines,
    format_date,
    md_code,
    md_link,
    md_table,
    md_text,
    norm_lang,
    plural,
    relative_link,
    when_lead,
)

__all__ = [
    "DEADLINES_LIMIT",
    "UPCOMING_LIMIT",
    "Deadline",
    "association_digest",
    "deadlines",
    "held_back_by_association",
    "overall_digest",
]

UPCOMING_LIMIT = 15
DEADLINES_LIMIT = 30

Note = Protocol | Plan


@dataclass(frozen=True)
class Deadline:
    """A decision with a due day, and the protocol it comes from."""

    due: dt.date
    protocol: Protocol
    decision: Decision

    def key(self) -> tuple[object, ...]:
        p = self.protocol
        return (self.due, p.association, p.date, p.path, self.decision.number)


def deadlines(notes: Sequence[Note], today: dt.date) -> list[Deadline]:
    """Deadlines due from the start of ``today``'s academic year on, by date."""
    since = dt.date(academic_year_of(today), 9, 1)
    found = [
        Deadline(d.due.start, p, d)
        for p in notes
        if isinstance(p, Protocol)
        for d in p.decisions
        if d.due is not None and d.due.start is not None and d.due.start >= since
    ]
    return sorted(found, key=Deadline.key)


def held_back_by_association(
    notes: Sequence[Note],
    held_back: Mapping[str, Sequence[Problem]],
    known: Mapping[str, str] | None = None,
) -> dict[str, dict[str, list[Problem]]]:
    """Held-back notes by association id ("" when it cannot be told).

    ``known`` maps a held-back path to its association when the caller knows it (read from
    the note's ``association:``). Otherwise a note is attributed to the association of the
    valid notes in its folder, when they all belong to one.
    """
    folders: dict[str, set[str]] = {}
    for note in notes:
        folders.setdefault(posixpath.dirname(note.path), set()).add(note.association)
    grouped: dict[str, dict[str, list[Problem]]] = {}
    for path in sorted(held_back):
        owner = (known or {}).get(path)
        if owner is None:
            there = folders.get(posixpath.dirname(path), set())
            owner = next(iter(there)) if len(there) == 1 else ""
        grouped.setdefault(owner, {})[path] = list(held_back[path])
    return grouped


# --- pieces --------------------------------------------------------------------------------
class _Links:
    """Where summaries are, as links from the folder the digest is written in."""

    def __init__(self, from_dir: str, summary_paths: Mapping[str, str] | None) -> None:
        self.from_dir = from_dir
        self.paths = summary_paths

    def of(self, note: Note) -> str | None:
        if self.paths is None:
            return relative_link(self.from_dir, summary_path(note.association, note.path))
        target = self.paths.get(note.path)
        return None if target is None else relative_link(self.from_dir, target)

    def link(self, label: str, note: Note) -> str:
        target = self.of(note)
        return md_text(label) if target is None else md_link(label, target)


def _protocol_ref(p: Protocol, lang: str) -> str:
    number = phrase("summary.number", lang, number=p.number) if p.number else ""
    return phrase("digest.protocol_ref", lang, number=number, date=format_date(p.date, lang))


@dataclass(frozen=True)
class _Upcoming:
    """One upcoming event: ``lead`` (its date) is plain text, ``body`` Markdown."""

    key: tuple[dt.date, int, dt.time, str, str, int, int]
    lead: str
    body: str
    title: str  # plain, for the table
    association: str


def _upcoming(notes: Sequence[Note], today: dt.date, lang: str, links: _Links) -> list[_Upcoming]:
    """Events from today on, soonest first (a span or month under way sorts by its start)."""
    found: list[_Upcoming] = []
    for note in notes:
        if isinstance(note, Protocol):
            if note.date > today:  # minutes written ahead: a meeting to come
                lead = format_date(note.date, lang)
                if note.time is not None:
                    lead += f", {note.time.hour:02d}:{note.time.minute:02d}"
                title = _protocol_ref(note, lang)
                body = links.link(title, note)
                if note.topic.strip():
                    body += f": {md_text(note.topic)}"
                    title += f": {note.topic}"
                key = (note.date, 0, note.time or dt.time.min, note.association, note.path, 0, 0)
                found.append(_Upcoming(key, lead, body, title, note.association))
            continue
        for x in event_lines(note):
            w = x.when
            if not x.dated or w is None or w.start is None or w.end is None or w.end < today:
                continue
            rank = 0 if w.start == w.end else 1
            key = (w.start, rank, w.time or x.event.time or dt.time.min, note.association,
                   note.path, x.event.number, x.when_index)  # fmt: skip
            lead = when_lead(w, x.event, lang, with_year=True)
            body = event_body(x.event, lang, details=False)
            found.append(_Upcoming(key, lead, body, x.event.title, note.association))
    return sorted(found, key=lambda item: item.key)


def _upcoming_lines(
    found: Sequence[_Upcoming],
    lang: str,
    names: Mapping[str, str] | None,
    total: int | None = None,
) -> list[str]:
    """List lines of the first :data:`UPCOMING_LIMIT`; ``names`` adds the association.

    ``total`` is how many there are when ``found`` holds only the first ones."""
    total = len(found) if total is None else total
    lines = []
    for item in found[:UPCOMING_LIMIT]:
        suffix = f" — _{md_text(names.get(item.association, item.association))}_" if names else ""
        lines.append(f"- **{md_text(item.lead)}** — {item.body}{suffix}")
    if total > UPCOMING_LIMIT:
        lines.append(f"- {phrase('digest.more', lang, n=total - UPCOMING_LIMIT)}")
    return lines


def _short(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _upcoming_section(lines: list[str], today: dt.date, lang: str) -> list[str]:
    body = "\n".join(lines) or phrase("digest.no_upcoming", lang, date=format_date(today, lang))
    return [f"## {phrase('digest.upcoming', lang)}", body]


@dataclass(frozen=True)
class _DeadlineLine:
    """One deadline as the digests show it, but for its date and its association."""

    key: tuple[object, ...]
    due: dt.date
    text: str  # Markdown: the decision
    extra: tuple[str, ...]  # Markdown: the protocol's link, who is responsible
    association: str


def _deadline_line(d: Deadline, lang: str, links: _Links) -> _DeadlineLine:
    extra = [links.link(_protocol_ref(d.protocol, lang), d.protocol)]
    if d.decision.responsible:
        label = (
            "summary.responsible.one"
            if len(d.decision.responsible) == 1
            else ("summary.responsible.many")
        )
        extra.append(f"{phrase(label, lang).lower()}: {md_text(', '.join(d.decision.responsible))}")
    text = md_text(d.decision.text) or f"№{d.decision.number}"
    return _DeadlineLine(d.key(), d.due, text, tuple(extra), d.protocol.association)


def _deadline_section(
    notes: Sequence[Note],
    today: dt.date,
    lang: str,
    links: _Links,
    names: Mapping[str, str] | None,
) -> list[str]:
    found = deadlines(notes, today)
    return _deadline_blocks(
        [_deadline_line(d, lang, links) for d in found[:DEADLINES_LIMIT]],
        len(found),
        any(d.due < today for d in found),
        today,
        lang,
        names,
    )


def _deadline_blocks(
    found: Sequence[_DeadlineLine],
    total: int,
    overdue: bool,
    today: dt.date,
    lang: str,
    names: Mapping[str, str] | None,
) -> list[str]:
    """The deadlines section from the first deadlines (sorted), their total, any overdue."""
    lines = []
    for d in found[:DEADLINES_LIMIT]:
        lead = phrase("summary.due", lang, date=format_date(d.due, lang))
        if d.due < today:
            lead += ", " + phrase("digest.overdue", lang)
        extra = list(d.extra)
        if names:
            extra.append(f"_{md_text(names.get(d.association, d.association))}_")
        lines.append(f"- **{lead}** — {d.text} ({'; '.join(extra)})")
    if total > DEADLINES_LIMIT:
        lines.append(f"- {phrase('digest.more', lang, n=total - DEADLINES_LIMIT)}")
    blocks = [
        f"## {phrase('digest.deadlines', lang)}",
        "\n".join(lines) or phrase("digest.no_deadlines", lang),
    ]
    if overdue:
        blocks.append(f"_{phrase('digest.overdue_note', lang)}_")
    return blocks


def _held(notes: Sequence[Note], today: dt.date) -> list[Protocol]:
    year = academic_year_of(today)
    held = [n for n in notes if isinstance(n, Protocol)
            and academic_year_of(n.date) == year and n.date <= today]  # fmt: skip
    return sorted(held, key=lambda p: (p.date, p.number or 0, p.path))


def _meetings_without_minutes(plans: list[Plan], protocols: list[Protocol]) -> list[EventLine]:
    """The plans' meetings (activities of kind "заседание") that no protocol stands for
    yet, as the calendars see it (see vault_sync.render.feeds.minuted_meetings), by date."""
    planned: list[tuple[EventLine, PlannedMeeting]] = []
    for plan in plans:
        for x in event_lines(plan):
            meeting = planned_meeting(x.event, x.when) if x.when is not None else None
            if meeting is not None:
                planned.append((x, meeting))
    minuted = minuted_meetings([m for _, m in planned], [held_meeting(p) for p in protocols])
    left = (x for n, (x, _) in enumerate(planned) if n not in minuted)
    return sorted(left, key=EventLine.sort_key)


def _meetings_line(held: int, required: int | None, lang: str) -> str:
    meetings = plural(held, "unit.meetings", lang)
    if required is None:
        return phrase("digest.held", lang, held=held, meetings=meetings)
    text = phrase(
        "digest.held_of_required",
        lang,
        held=held,
        meetings=meetings,
        required=required,
        obligatory=plural(required, "unit.required", lang),
    )
    if held >= required:
        return f"{text} {phrase('digest.met', lang)}"
    left = required - held
    return f"{text} " + phrase(
        "digest.remaining", lang, n=left, meetings=plural(left, "unit.meetings", lang)
    )


def _held_back_section(held_back: Mapping[str, Sequence[Problem]], lang: str) -> list[str]:
    if not held_back:
        return []
    lines = []
    for path in sorted(held_back):
        lines.append(f"- {md_code(path)}")
        ordered = sorted(
            held_back[path], key=lambda p: (p.line or 0, p.field, p.code, repr(p.params))
        )
        lines.extend(f"  - {md_text(format_problem(p, lang))}" for p in ordered)
    return [
        f"## {phrase('digest.held_back', lang)}",
        phrase("digest.held_back_intro", lang),
        "\n".join(lines),
    ]


def _url(url: str) -> str:
    if url and not any(c.isspace() or c in "<>" for c in url):
        return f"<{url}>"
    return md_link(url, url)


def _as_of(today: dt.date, lang: str) -> str:
    return f"_{phrase('digest.as_of', lang, date=format_date(today, lang))}_"


def _document(blocks: Sequence[str]) -> str:
    return "\n\n".join(b for b in blocks if b) + "\n"


# --- the digests ---------------------------------------------------------------------------
def association_digest(
    association: Association,
    notes: Sequence[Note],
    held_back: Mapping[str, Sequence[Problem]],
    today: dt.date,
    lang: str = "ru",
    links: Mapping[str, str] | None = None,
    summary_paths: Mapping[str, str] | None = None,
) -> str:
    """The ``<association>/Readme.md``.

    ``notes`` may hold other associations' notes (they are skipped); ``held_back`` is
    already this association's. ``links`` maps a label to a feed URL ("https", "webcal",
    ...), shown in the given order. ``summary_paths`` maps a note path to its summary's
    path relative to the output root (default: :func:`vault_sync.render.layout.summary_path`).
    """
    lang = norm_lang(lang)
    mine = [n for n in notes if n.association == association.id]
    refs = _Links(association.id, summary_paths)
    year = academic_year_of(today)
    years = f"{year}/{year + 1}"
    blocks = [f"# {md_text(association.name)}", _as_of(today, lang)]
    blocks += _upcoming_section(
        _upcoming_lines(_upcoming(mine, today, lang, refs), lang, None), today, lang
    )
    blocks += _deadline_section(mine, today, lang, refs, None)
    held = _held(mine, today)
    blocks += [
        f"## {phrase('digest.meetings', lang, years=years)}",
        _meetings_line(len(held), association.required_meetings, lang),
    ]
    meeting_lines = []
    for p in held:
        number = phrase("summary.number", lang, number=p.number) if p.number else ""
        text = refs.link(phrase("digest.meeting_link", lang, number=number), p)
        if p.topic.strip():
            text += f": {md_text(p.topic)}"
        meeting_lines.append(f"- **{format_date(p.date, lang)}** — {text}")
    blocks.append("\n".join(meeting_lines))
    plans = sorted(
        (n for n in mine if isinstance(n, Plan) and n.academic_year == year), key=lambda n: n.path
    )
    left = _meetings_without_minutes(plans, [n for n in mine if isinstance(n, Protocol)])
    if left:
        blocks.append(phrase("digest.planned_meetings", lang))
        blocks.append("\n".join(x.line(lang, with_year=True, details=False) for x in left))
    for plan in plans:
        label = posixpath.splitext(posixpath.basename(plan.path))[0]
        blocks.append(phrase("digest.plan", lang, years=years, link=refs.link(label, plan)))
    if not plans:
        blocks.append(phrase("digest.no_plan", lang, years=years))
    yearly: list[EventLine] = [x for plan in plans for x in event_lines(plan) if x.yearly]
    if yearly:
        blocks += [
            f"## {phrase('digest.during_year', lang)}",
            "\n".join(x.line(lang, with_year=True, details=False) for x in yearly),
        ]
    blocks += _held_back_section(held_back, lang)
    if links:
        rows = [f"- {md_text(label)}: {_url(url)}" for label, url in links.items()]
        blocks += [
            f"## {phrase('digest.subscribe', lang)}",
            "\n".join(rows),
            phrase("digest.subscribe_help", lang),
        ]
    return _document(blocks)


@dataclass(frozen=True)
class AssociationFacts:
    """What the overall digest shows of one association; computed from its notes alone,
    so a caller can keep it until one of them changes (see vault_sync.build.engine)."""

    held: int  # meetings held this academic year
    open_deadlines: int
    upcoming: tuple[_Upcoming, ...]  # the first UPCOMING_LIMIT, soonest first
    upcoming_total: int
    deadlines: tuple[_DeadlineLine, ...]  # the first DEADLINES_LIMIT, by date, as shown
    deadlines_total: int
    overdue: bool


def association_facts(
    notes: Sequence[Note],
    today: dt.date,
    lang: str = "ru",
    summary_paths: Mapping[str, str] | None = None,
) -> AssociationFacts:
    """The facts of one association's ``notes`` for :func:`overall_digest`."""
    lang = norm_lang(lang)
    upcoming = _upcoming(notes, today, lang, _Links("", summary_paths))
    found = deadlines(notes, today)
    links = _Links("", summary_paths)
    return AssociationFacts(
        held=len(_held(notes, today)),
        open_deadlines=sum(1 for d in found if d.due >= today),
        upcoming=tuple(upcoming[:UPCOMING_LIMIT]),
        upcoming_total=len(upcoming),
        deadlines=tuple(_deadline_line(d, lang, links) for d in found[:DEADLINES_LIMIT]),
        deadlines_total=len(found),
        overdue=any(d.due < today for d in found),
    )


def association_row(association: Association, facts: AssociationFacts, lang: str) -> list[str]:
    """The overall table's cells for one association, but for its held-back count."""
    lang = norm_lang(lang)
    meetings = (
        str(facts.held)
        if association.required_meetings is None
        else phrase(
            "digest.held_cell", lang, held=facts.held, required=association.required_meetings
        )
    )
    next_event = "—"
    if facts.upcoming:
        first = facts.upcoming[0]
        next_event = md_text(f"{first.lead} — {_short(first.title)}")
    return [
        md_link(association.name, f"{association.id}/"),
        md_text(association.kind) or "—",
        meetings,
        str(facts.open_deadlines),
        next_event,
    ]


def overall_digest(
    associations: Mapping[str, Association],
    notes: Sequence[Note],
    held_back: Mapping[str, Sequence[Problem]],
    today: dt.date,
    lang: str = "ru",
    links: Mapping[str, Mapping[str, str]] | None = None,
    summary_paths: Mapping[str, str] | None = None,
    held_back_associations: Mapping[str, str] | None = None,
    facts: Mapping[str, AssociationFacts] | None = None,
    row_cells: Mapping[str, Sequence[str]] | None = None,
    conflicts: Mapping[str, str] | None = None,
) -> str:
    """The top ``Readme.md``: every association, then the nearest events and deadlines.

    ``links`` maps a feed name ("all", "deadlines" or an association id) to its label ->
    URL mapping. ``held_back_associations`` (held-back path -> association id) lets the
    table count each association's held-back notes; see :func:`held_back_by_association`.
    ``conflicts`` (published path -> where our version went) lists files someone edited
    on the server. ``facts`` (association id -> :func:`association_facts`) may be given
    instead of being computed from ``notes``: the result is the same; so may ``row_cells``
    (association id -> :func:`association_row`).
    """
    lang = norm_lang(lang)
    year = academic_year_of(today)
    years = f"{year}/{year + 1}"
    ordered = sorted(associations.values(), key=lambda a: (a.name.casefold(), a.id))
    names = {a.id: a.name for a in ordered}
    grouped = held_back_by_association(notes, held_back, held_back_associations)
    if facts is None:
        by_association: dict[str, list[Note]] = {}
        for note in notes:
            by_association.setdefault(note.association, []).append(note)
        facts = {
            a.id: association_facts(by_association.get(a.id, []), today, lang, summary_paths)
            for a in ordered
        }
    empty = association_facts([], today, lang)
    cached = row_cells or {}
    rows = []
    for a in ordered:
        cells = cached.get(a.id) or association_row(a, facts.get(a.id, empty), lang)
        rows.append([*cells, str(len(grouped.get(a.id, {})))])
    header = [
        phrase(f"digest.col.{c}", lang, years=years)
        for c in ("association", "kind", "meetings", "deadlines", "next", "held_back")
    ]
    blocks = [f"# {phrase('digest.overall_title', lang)}", _as_of(today, lang)]
    if rows:
        blocks.append(md_table(header, rows))
    known = [facts[a.id] for a in ordered if a.id in facts]
    merged = heapq.merge(*(f.upcoming for f in known), key=lambda item: item.key)
    upcoming = list(itertools.islice(merged, UPCOMING_LIMIT))
    total = sum(f.upcoming_total for f in known)
    blocks += _upcoming_section(_upcoming_lines(upcoming, lang, names, total), today, lang)
    by_date = heapq.merge(*(f.deadlines for f in known), key=lambda item: item.key)
    soonest = list(itertools.islice(by_date, DEADLINES_LIMIT))
    blocks += _deadline_blocks(
        soonest[:DEADLINES_LIMIT],
        sum(f.deadlines_total for f in known),
        any(f.overdue for f in known),
        today,
        lang,
        names,
    )
    blocks += _held_back_section(held_back, lang)
    if conflicts:
        lines = [
            "- " + phrase("digest.conflict", lang, path=md_code(path), copy=md_code(copy))
            for path, copy in sorted(conflicts.items())
        ]
        blocks += [
            f"## {phrase('digest.conflicts', lang)}",
            phrase("digest.conflicts_intro", lang),
            "\n".join(lines),
        ]
    if links:
        blocks += [
            f"## {phrase('digest.subscribe_all', lang)}",
            _feed_list(links, names, lang),
            phrase("digest.subscribe_help", lang),
        ]
    return _document(blocks)


def _feed_list(links: Mapping[str, Mapping[str, str]], names: Mapping[str, str], lang: str) -> str:
    fixed = {"all": 0, "deadlines": 1}
    order = sorted(links, key=lambda k: (fixed.get(k, 2), names.get(k, k).casefold(), k))
    lines = []
    for feed in order:
        if feed in fixed:
            title = phrase(f"digest.feed.{feed}", lang)
        else:
            title = md_text(names.get(feed, feed))
        lines.append(f"- {title}")
        lines.extend(f"  - {md_text(label)}: {_url(url)}" for label, url in links[feed].items())
    return "\n".join(lines)
