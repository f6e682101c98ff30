"""Markdown summaries of one protocol and of one work plan, Russian by default.

PURE: no I/O, no clock. The text is plain CommonMark (plus tables in the digests) that
Nextcloud's Text app renders: user text is escaped where it could break the structure (a
topic starting with "#" or "-", a "|" in a table cell, "*" or "_"), empty sections are left
out, and everything is sorted with stable keys so the same notes give the same bytes.

The digests (``Readme.md`` of a folder) live in :mod:`vault_sync.render.digests`; the Markdown
helpers and the event lines here are shared with them. Fixed phrases live in
:mod:`vault_sync.i18n.summaries`.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from vault_sync.i18n import phrase, unit
from vault_sync.notes.model import Association, Decision, Plan, PlannedEvent, Protocol
from vault_sync.notes.when import MONTHS_GENITIVE, MONTHS_NOMINATIVE, Precision, When
from vault_sync.render.dates import MONTHS_EN, describe_when, format_date_en, format_date_ru
from vault_sync.render.layout import summary_path

__all__ = [
    "EventLine",
    "event_lines",
    "format_date",
    "md_code",
    "md_link",
    "md_table",
    "md_text",
    "md_url",
    "plan_summary",
    "plural",
    "plural_en",
    "plural_ru",
    "protocol_summary",
    "relative_link",
]


# --- language helpers ----------------------------------------------------------------------
def norm_lang(lang: str) -> str:
    """ "en" for anything starting with "en", else "ru" (the product's language)."""
    return "en" if lang.startswith("en") else "ru"


def plural_ru(n: int, one: str, few: str, many: str) -> str:
    """The Russian form for ``n``: 1, 21 заседание; 2, 22 заседания; 5, 11, 12 заседаний."""
    n = abs(n)
    if n % 100 in (11, 12, 13, 14):
        return many
    if n % 10 == 1:
        return one
    if n % 10 in (2, 3, 4):
        return few
    return many


def plural_en(n: int, one: str, other: str) -> str:
    return one if abs(n) == 1 else other


def plural(n: int, code: str, lang: str) -> str:
    """The form of the catalogue unit ``code`` ("unit.meetings") for ``n`` in ``lang``."""
    one, few, many = unit(code, lang)
    if norm_lang(lang) == "en":
        return plural_en(n, one, many)
    return plural_ru(n, one, few, many)


def format_date(d: dt.date, lang: str) -> str:
    """ "22 сентября 2021 г." or "22 September 2021"."""
    return format_date_en(d) if norm_lang(lang) == "en" else format_date_ru(d)


def day_month(d: dt.date, lang: str) -> str:
    """ "22 сентября" (genitive after a day) or "22 September"."""
    if norm_lang(lang) == "en":
        return f"{d.day} {MONTHS_EN[d.month]}"
    return f"{d.day} {MONTHS_GENITIVE[d.month]}"


def month_heading(year: int, month: int, lang: str) -> str:
    """ "Сентябрь 2021" (nominative, capitalised) or "September 2021"."""
    if norm_lang(lang) == "en":
        return f"{MONTHS_EN[month]} {year}"
    return f"{MONTHS_NOMINATIVE[month].capitalize()} {year}"


def _hhmm(t: dt.time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def _labelled(code: str, people: Sequence[str], lang: str) -> tuple[str, str] | None:
    """("Ответственные", "А, Б") with the label in the right number, or None when empty."""
    if not people:
        return None
    label = phrase(f"{code}.one" if len(people) == 1 else f"{code}.many", lang)
    return label, md_text(", ".join(people))


# --- Markdown ------------------------------------------------------------------------------
# URLs stay clickable: they are written as autolinks and not escaped.
_URL_RE = re.compile(r"https?://[^\s<>\"'`|«»]*[^\s<>\"'`|«».,;:!?)\]]")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")
_ENTITY_RE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_BLOCK_START = re.compile(r"^(?:([-+=])|([0-9]{1,9})([.)]))")
# What md_text may escape ("&" only before an entity, but any "&" takes the long way).
_SPECIAL_CHAR = re.compile(r"[\\`*_\[\]<>|~#&]")
# Control characters but whitespace (which collapses): NUL, ESC, DEL, C1. They would act on
# a terminal showing the file, and a Markdown renderer shows them as garbage; dropped.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
_BLOCK_OR_SPACE_FIRST = " -+=0123456789"  # what a block marker or a space starts with
# The characters md_url encodes: Markdown's and URLs' specials, whitespace, and controls.
_URL_ESCAPE = re.compile(r'[ %#?()<>\[\]\\"|`^{}\s\x00-\x1f]')


@lru_cache(maxsize=16384)  # names, places and phrases repeat from note to note
def md_text(text: str, autolink: bool = True) -> str:
    """User text as one line of inline Markdown that shows exactly what was written.

    Whitespace (newlines too) collapses to single spaces; Markdown punctuation is escaped
    with a backslash; so is a block marker at the start ("- ", "+", "1.", "#", ">"). URLs
    become autolinks unless ``autolink`` is False (inside a link's text, where links nest not).
    """
    if (
        text.isprintable()  # no whitespace but " " (the others are all unprintable)
        and text[:1] not in _BLOCK_OR_SPACE_FIRST  # "" is in it: empty text too
        and text[-1:] != " "
        and "  " not in text
        and "://" not in text
        and not _SPECIAL_CHAR.search(text)
    ):
        return text  # the common case: nothing to collapse, escape, link or mark
    return _markup(text, autolink)


def _markup(text: str, autolink: bool) -> str:
    """:func:`md_text` the long way, for text that needs something done."""
    flat = " ".join(_CONTROLS.sub("", text).split())
    parts: list[str] = []
    pos = 0
    linkable = autolink and ("://" in flat or "www." in flat)
    for m in _URL_RE.finditer(flat) if linkable else ():
        parts.append(_escape(flat[pos : m.start()]))
        parts.append(f"<{m.group()}>")
        pos = m.end()
    parts.append(_escape(flat[pos:]))
    out = "".join(parts)
    return _BLOCK_START.sub(_escape_block_start, out, count=1)


def _escape(text: str) -> str:
    if _INLINE_SPECIAL.search(text):  # searching first: most text has nothing to escape
        text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return _ENTITY_RE.sub(r"\\&", text) if "&" in text else text


def _escape_block_start(m: re.Match[str]) -> str:
    if m.group(1):
        return "\\" + m.group(1)
    return f"{m.group(2)}\\{m.group(3)}"


def md_code(text: str) -> str:
    """A code span that holds any text (for paths): `Красноярск ГМО/Протокол.md`."""
    flat = " ".join(_CONTROLS.sub("", text).split())
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def md_url(target: str) -> str:
    """A link destination: spaces as %20, and "#", "?", "(", "%"... encoded; letters kept."""
    if not _URL_ESCAPE.search(target):
        return target  # the common case: nothing to encode
    return _URL_ESCAPE.sub(lambda m: quote(m.group(), safe=""), target)


def md_link(label: str, target: str) -> str:
    """``[label](target)``: ``label`` is plain text (escaped here), ``target`` a path or URL."""
    return f"[{md_text(label, autolink=False)}]({md_url(target)})"


def relative_link(from_dir: str, target: str) -> str:
    """``target`` (relative to the output root) as seen from the folder ``from_dir``."""
    folder = target.endswith("/")
    rel = posixpath.relpath(target.rstrip("/") or ".", from_dir or ".")
    return rel + "/" if folder else rel


def md_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A GFM table; cells are Markdown already (md_text escapes "|")."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(cell or " " for cell in row) + " |" for row in rows)
    return "\n".join(lines)


def _bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _numbered(items: Iterable[str]) -> str:
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))


def _field(label: str, value: str) -> str:
    """A "- **Label:** value" line; ``value`` is Markdown already."""
    return f"- **{label}:** {value}"


def _document(blocks: Iterable[str]) -> str:
    return "\n\n".join(block for block in blocks if block) + "\n"


# --- plan events as lines ------------------------------------------------------------------
_KIND_UNKNOWN = "мероприятие"  # what interpret.guess_kind says when it does not know


def event_body(event: PlannedEvent, lang: str, details: bool = True) -> str:
    """ "Title (семинар); место: ОУ; ответственные: ..." as Markdown."""
    text = _titled(event.title, event.kind)
    if not details:
        return text
    extras = [
        ("summary.event.place", (event.place,) if event.place.strip() else ()),
        ("summary.event.participants", event.participants),
        ("summary.event.responsible", event.responsible),
        ("summary.event.result", (event.expected_result,) if event.expected_result.strip() else ()),
    ]
    for code, values in extras:
        if values:
            text += "; " + phrase(code, lang, value=md_text(", ".join(values)))
    return text


@lru_cache(maxsize=4096)  # plans repeat their activities, and digests show them again
def _titled(title: str, kind: str) -> str:
    """ "Title (семинар)"; the kind is left out when unknown or named in the title."""
    text = md_text(title)
    kind = " ".join(kind.split())
    stem = kind[:-1] if len(kind) > 4 else kind
    if kind and kind.casefold() != _KIND_UNKNOWN and stem.casefold() not in title.casefold():
        text += f" ({md_text(kind)})"
    return text


def when_lead(when: When, event: PlannedEvent, lang: str, with_year: bool) -> str:
    """The date part of an event line: "22 сентября, 14:00", "ноябрь 2021 г. (дата уточняется)"."""
    start = when.start
    if when.precision is Precision.DAY and start is not None:
        text = format_date(start, lang) if with_year else day_month(start, lang)
        at = when.time or event.time
        return text if at is None else f"{text}, {_hhmm(at)}"
    if when.precision is Precision.MONTH and start is not None:
        tbc = phrase("summary.date_tbc", lang)
        return f"{describe_when(when, norm_lang(lang))} ({tbc})" if with_year else tbc
    return describe_when(when, norm_lang(lang)) or event.when_text


@dataclass(frozen=True)
class EventLine:
    """One event at one of its Whens (None: no readable when), with the keys that sort it."""

    owner: Plan
    event: PlannedEvent
    when: When | None
    when_index: int

    @property
    def dated(self) -> bool:
        """A day, a month or a span of months (something that goes under a month)."""
        w = self.when
        return (
            w is not None
            and w.start is not None
            and w.end is not None
            and w.precision in (Precision.DAY, Precision.MONTH, Precision.RANGE)
        )

    @property
    def yearly(self) -> bool:
        """In force through the year: YEAR, RECURRING, REFERENCE."""
        w = self.when
        return w is not None and w.precision in (
            Precision.YEAR, Precision.RECURRING, Precision.REFERENCE,
        )  # fmt: skip

    def sort_key(self) -> tuple[object, ...]:
        """Chronological: days by day and time, then month-only, then spans starting then."""
        w = self.when
        rank = {Precision.DAY: 0, Precision.MONTH: 1, Precision.RANGE: 2}
        start = w.start if w is not None and w.start is not None else dt.date.max
        month = (start.year, start.month)
        at = (w.time if w is not None else None) or self.event.time or dt.time.min
        precision = rank.get(w.precision, 3) if w is not None else 3
        day = start if precision == 0 else dt.date.min
        return (month, precision, day, at, self.owner.association, self.owner.path,
                self.event.number, self.when_index)  # fmt: skip

    def line(self, lang: str, with_year: bool, details: bool = True) -> str:
        body = event_body(self.event, lang, details)
        if self.when is None:
            lead = md_text(self.event.when_text)
            return f"- **{lead}** — {body}" if lead else f"- {body}"
        return f"- **{md_text(when_lead(self.when, self.event, lang, with_year))}** — {body}"


def event_lines(plan: Plan) -> list[EventLine]:
    """Every (event, when) of a plan; an event without a parsed when gets one line too."""
    lines: list[EventLine] = []
    for event in plan.events:
        if not event.when:
            lines.append(EventLine(plan, event, None, 0))
        lines.extend(EventLine(plan, event, w, i) for i, w in enumerate(event.when))
    return lines


# --- the protocol summary ------------------------------------------------------------------
def protocol_title(note: Protocol, association: Association, lang: str) -> str:
    number = phrase("summary.number", lang, number=note.number) if note.number else ""
    kind = f" {md_text(association.kind)}" if association.kind.strip() else ""
    return phrase(
        "summary.protocol_title", lang, number=number, kind=kind, date=format_date(note.date, lang)
    )


def protocol_summary(
    note: Protocol,
    association: Association,
    lang: str = "ru",
    summary_paths: Mapping[str, str] | None = None,
) -> str:
    """The summary of one protocol: what happened, who was there, what was decided.

    ``summary_paths`` (note path -> output path relative to the output root) turns the
    protocol's ``plan: [[...]]`` links into links to the plan's summary; without it, or when
    the plan is not among them, the plan is named in plain text.
    """
    lang = norm_lang(lang)
    blocks = [f"# {protocol_title(note, association, lang)}"]
    header = [_field(phrase("summary.association", lang), md_text(association.name))]
    header.append(_field(phrase("summary.date", lang), format_date(note.date, lang)))
    if note.time is not None:
        header.append(_field(phrase("summary.time", lang), _hhmm(note.time)))
    if note.format:
        known = note.format in ("in-person", "online", "hybrid")
        shown = phrase(f"summary.format.{note.format}", lang) if known else md_text(note.format)
        header.append(_field(phrase("summary.format", lang), shown))
    for code, value in (
        ("summary.place", note.place),
        ("summary.topic", note.topic),
        ("summary.goal", note.goal),
    ):
        if value.strip():
            header.append(_field(phrase(code, lang), md_text(value)))
    for code, people in (("summary.chair", note.chair), ("summary.secretary", note.secretary)):
        found = _labelled(code, people, lang)
        if found:
            header.append(_field(*found))
    blocks.append("\n".join(header))
    blocks.extend(_attendance(note, lang))
    if note.agenda:
        items = []
        for i, item in enumerate(note.agenda, 1):
            paragraphs = [f"**{md_text(item.title)}**" if item.title.strip() else ""]
            found = _labelled("summary.speakers", item.speakers, lang)
            if found:
                paragraphs.append(f"{found[0]}: {found[1]}")
            if item.summary.strip():
                paragraphs.append(md_text(item.summary))
            items.append(_list_item(f"{i}.", [p for p in paragraphs if p]))
        blocks += [f"## {phrase('summary.agenda', lang)}", "\n\n".join(items)]
    if note.decisions:
        ordered = sorted(note.decisions, key=lambda d: d.number)
        items = [_list_item(f"{i}.", _decision(d, lang)) for i, d in enumerate(ordered, 1)]
        blocks += [f"## {phrase('summary.decisions', lang)}", "\n\n".join(items)]
    attachments = [a for a in note.attachments if a.strip()]
    if attachments:
        blocks += [
            f"## {phrase('summary.attachments', lang)}",
            _bullets(md_text(a) for a in attachments),
        ]
    plans = [p for p in note.plan_links if p.strip()]
    if plans:
        own = (summary_paths or {}).get(note.path) or summary_path(association.id, note.path)
        linked = [_wiki_link(p, posixpath.dirname(own), summary_paths) for p in plans]
        blocks += [f"## {phrase('summary.plan_links', lang)}", _bullets(linked)]
    blocks.append(phrase("summary.source", lang, path=md_code(note.path)))
    return _document(blocks)


def _attendance(note: Protocol, lang: str) -> list[str]:
    attendance = note.attendance
    names = [n for n in attendance.names if n.strip()]
    categories = [c for c in attendance.categories if c.strip()]
    count = attendance.count if attendance.count is not None else (len(names) or None)
    lines = []
    if count is not None:
        people = plural(count, "unit.people", lang)
        lines.append(_field(phrase("summary.present", lang), f"{count} {people}"))
    if categories:
        lines.append(_field(phrase("summary.categories", lang), md_text(", ".join(categories))))
    if not lines and not names:
        return []
    blocks = [f"## {phrase('summary.attendance', lang)}"]
    if lines:
        blocks.append("\n".join(lines))
    if names:
        blocks += [f"**{phrase('summary.names', lang)}:**", _numbered(md_text(n) for n in names)]
    return blocks


def _decision(decision: Decision, lang: str) -> list[str]:
    paragraphs = [md_text(decision.text)] if decision.text.strip() else []
    details: list[str] = []
    if decision.due is not None and decision.due.start is not None:
        due = phrase("summary.due", lang, date=format_date(decision.due.start, lang))
        details.append(f"{phrase('summary.deadline', lang)}: **{due}**")
    found = _labelled("summary.responsible", decision.responsible, lang)
    if found:
        details.append(f"{found[0]}: {found[1]}")
    vote = vote_text(decision, lang)
    if vote:
        details.append(f"{phrase('summary.vote', lang)}: {vote}")
    if decision.item is not None:
        details.append(f"{phrase('summary.agenda_item', lang)}: {decision.item}")
    if details:
        paragraphs.append(" · ".join(details))
    return paragraphs or ["—"]


def vote_text(decision: Decision, lang: str) -> str:
    """ "за — 29, против — 0, воздержались — 0"; the counts not given are left out."""
    vote = decision.vote
    if vote is None:
        return ""
    parts = [
        phrase(f"summary.vote.{name}", lang, n=n)
        for name, n in (("for", vote.for_), ("against", vote.against),
                        ("abstained", vote.abstained))
        if n is not None
    ]  # fmt: skip
    return ", ".join(parts)


def _list_item(marker: str, paragraphs: Sequence[str]) -> str:
    """A list item of several paragraphs, continuation lines indented under the text."""
    return f"{marker} " + ("\n\n" + " " * (len(marker) + 1)).join(paragraphs)


def _wiki_link(raw: str, from_dir: str, summary_paths: Mapping[str, str] | None) -> str:
    """ "[[План работы ГМО 2021-2022|план]]" as a link to that plan's summary, or as text."""
    text = " ".join(raw.split())
    target = text
    if text.startswith("[[") and text.endswith("]]"):
        target = text[2:-2]
    target, _, alias = target.partition("|")
    target = target.split("#", 1)[0].strip()
    label = alias.strip() or target or text
    if summary_paths and target:
        wanted = target.casefold().removesuffix(".md")
        for path in sorted(summary_paths):
            bare = path.casefold().removesuffix(".md")
            if bare == wanted or posixpath.basename(bare) == wanted:
                return md_link(label, relative_link(from_dir, summary_paths[path]))
    return md_text(label)


# --- the plan summary ----------------------------------------------------------------------
def plan_title(note: Plan, association: Association, lang: str) -> str:
    """ "План работы ГМО на 2021/2022 учебный год" (the full name follows in the header:
    it is in the nominative case and cannot follow "План работы")."""
    years = f"{note.academic_year}/{note.academic_year + 1}"
    kind = f" {md_text(association.kind)}" if association.kind.strip() else ""
    return phrase("summary.plan_title", lang, kind=kind, years=years)


def plan_summary(note: Plan, association: Association, lang: str = "ru") -> str:
    """The summary of one work plan: theme, goal, tasks, and the activities month by month.

    An activity dated by a day goes under its month with its day; one known only to the
    month goes there "(дата уточняется)"; a span of months goes under its first month with
    the span; "в течение года", "раз в четверть" and "по планам РМО" go to "В течение года";
    an activity without a readable date (the checker holds such plans back) to "Без срока".
    """
    lang = norm_lang(lang)
    blocks = [f"# {plan_title(note, association, lang)}"]
    header = [_field(phrase("summary.association", lang), md_text(association.name))]
    approved = ", ".join(x for x in (note.approved_by.strip(), _approved_on(note, lang)) if x)
    if approved:
        header.append(_field(phrase("summary.approved", lang), md_text(approved)))
    for code, people in (
        ("summary.leader", note.leader),
        ("summary.coordinator", note.coordinator),
        ("summary.methodologist", note.methodologist),
    ):
        found = _labelled(code, people, lang)
        if found:
            header.append(_field(*found))
    for code, value in (
        ("summary.city_theme", note.city_theme),
        ("summary.theme", note.theme),
        ("summary.goal", note.goal),
    ):
        if value.strip():
            header.append(_field(phrase(code, lang), md_text(value)))
    blocks.append("\n".join(header))
    tasks = [t for t in note.tasks if t.strip()]
    if tasks:
        blocks += [f"## {phrase('summary.tasks', lang)}", _numbered(md_text(t) for t in tasks)]
    results = [r for r in note.expected_results if r.strip()]
    if results:
        blocks += [
            f"## {phrase('summary.expected_results', lang)}",
            _bullets(md_text(r) for r in results),
        ]
    lines = event_lines(note)
    dated = sorted((x for x in lines if x.dated), key=EventLine.sort_key)
    if dated:
        blocks.append(f"## {phrase('summary.by_month', lang)}")
        month: tuple[int, int] | None = None
        group: list[str] = []
        for x in dated:
            assert x.when is not None and x.when.start is not None  # dated
            this = (x.when.start.year, x.when.start.month)
            if this != month:
                if group:
                    blocks.append("\n".join(group))
                blocks.append(f"### {month_heading(*this, lang)}")
                month, group = this, []
            group.append(x.line(lang, with_year=False))
        blocks.append("\n".join(group))
    yearly = [x for x in lines if x.yearly]
    if yearly:
        blocks += [
            f"## {phrase('summary.during_year', lang)}",
            "\n".join(x.line(lang, with_year=False) for x in yearly),
        ]
    undated = [x for x in lines if not x.dated and not x.yearly]
    if undated:
        blocks += [
            f"## {phrase('summary.no_date', lang)}",
            "\n".join(x.line(lang, with_year=False) for x in undated),
        ]
    blocks.append(phrase("summary.source", lang, path=md_code(note.path)))
    return _document(blocks)


def _approved_on(note: Plan, lang: str) -> str:
    """ "2024-08-30" as "30 августа 2024 г."; a year or anything else as written."""
    text = note.approved_on.strip()
    try:
        return format_date(dt.date.fromisoformat(text), lang) if len(text) == 10 else text
    except ValueError:
        return text
