"""The data model: frozen dataclasses shared by every pure module.

Nothing here does I/O. A :class:`Problem` is how every module reports bad input:
it names the file, the line, the field path and a message code whose text (in
Russian or English) lives in :mod:`vault_sync.i18n`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: notes.when is not loaded with the model
    from datetime import date, time

    from vault_sync.notes.when import When


class Severity(StrEnum):
    ERROR = "error"  # the note is held back
    WARNING = "warning"  # reported, the note is still published


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one note (or with the vault)."""

    path: str  # relative to the vault, with forward slashes
    line: int | None  # 1-based line in the file, when known
    field: str  # dotted field path ("decisions.2.due"), "" for the whole note
    code: str  # message code, see vault_sync.i18n
    params: tuple[tuple[str, Any], ...] = ()
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def param_dict(self) -> dict[str, Any]:
        return dict(self.params)


def problem(
    path: str,
    line: int | None,
    field_path: str,
    code: str,
    severity: Severity = Severity.ERROR,
    **params: Any,
) -> Problem:
    """Build a Problem with keyword parameters (sorted, lists frozen to tuples: hashable)."""
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    return Problem(path, line, field_path, code, frozen, severity)


def internal_problem(path: str, exc: BaseException) -> Problem:
    """The error problem of a note whose processing raised (a bug met on its values):
    the pass goes on, the note is held back, and the message asks for a report."""
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    if len(text) > 200:
        text = text[:199] + "…"
    return problem(path, None, "", "note.internal_error", error=text)


@dataclass(frozen=True)
class Association:
    """A methodological association: the unit of feeds and digests."""

    id: str
    name: str
    kind: str  # ШМО, РМО, ОМО, ГМО, ММО
    timezone: str  # IANA zone
    required_meetings: int | None = None
    source: str = "config"  # "config" or the note path that defines it


# Names of the common feeds and of the calendars folder (vault_sync.render.layout): an
# association cannot take them, whether it is set up in the settings or in a note.
RESERVED_IDS = frozenset({"all", "deadlines", "calendars"})
# An association's id names a folder and a calendar file: lowercase Latin letters,
# digits, "-" and "_", at most 64 characters. Matched whole (fullmatch): "$" of a
# pattern also matches before a final newline, which once let "rmo\n" through.
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def is_valid_id(value: object) -> bool:
    """Whether ``value`` may be an association's id (see :data:`ID_PATTERN`)."""
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None


@dataclass(frozen=True)
class LineMap:
    """Line numbers of a note's frontmatter values, keyed by field path tuples."""

    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)
    first_line: int = 1  # line of the opening '---'

    def line_of(self, path: tuple[str | int, ...]) -> int:
        """The line of the deepest known prefix of ``path``."""
        for cut in range(len(path), -1, -1):
            found = self.lines.get(tuple(path[:cut]))
            if found is not None:
                return found
        return self.first_line


# --- typed notes: what feeds and summaries are built from ---------------------------------


@dataclass(frozen=True, slots=True)
class Vote:
    for_: int | None = None
    against: int | None = None
    abstained: int | None = None


@dataclass(frozen=True, slots=True)
class AgendaItem:
    title: str
    speakers: tuple[str, ...] = ()
    summary: str = ""


@dataclass(frozen=True, slots=True)
class Decision:
    number: int  # 1-based position in the note
    key: str  # stable within the note: the decision's ``id`` or ``d<number>``
    text: str
    due: When | None = None  # a DAY when set
    responsible: tuple[str, ...] = ()
    vote: Vote | None = None
    item: int | None = None


@dataclass(frozen=True, slots=True)
class Attendance:
    count: int | None = None
    names: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Protocol:
    path: str
    identity: str  # stable across edits: the note's ``id`` or its file name
    association: str
    date: date
    number: int | None = None
    time: time | None = None
    format: str | None = None  # "in-person", "online" or "hybrid"
    place: str = ""
    topic: str = ""
    goal: str = ""
    chair: tuple[str, ...] = ()
    secretary: tuple[str, ...] = ()
    attendance: Attendance = field(default_factory=Attendance)
    agenda: tuple[AgendaItem, ...] = ()
    decisions: tuple[Decision, ...] = ()
    attachments: tuple[str, ...] = ()
    plan_links: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlannedEvent:
    number: int  # 1-based position in the plan
    key: str  # stable within the plan: the event's ``id`` or a slug of its title
    title: str
    kind: str  # from ``kind`` or guessed from the title ("мероприятие" when unknown)
    when: tuple[When, ...]
    when_text: str
    time: time | None = None
    place: str = ""
    participants: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    expected_result: str = ""
    section: str = ""
    label: str = ""  # the plan's own numbering, "3.1.2"


@dataclass(frozen=True, slots=True)
class Plan:
    path: str
    identity: str
    association: str
    academic_year: int  # the year the school year starts in
    city_theme: str = ""
    theme: str = ""
    goal: str = ""
    tasks: tuple[str, ...] = ()
    expected_results: tuple[str, ...] = ()
    approved_by: str = ""
    approved_on: str = ""
    leader: tuple[str, ...] = ()
    coordinator: tuple[str, ...] = ()
    methodologist: tuple[str, ...] = ()
    events: tuple[PlannedEvent, ...] = ()
    tags: tuple[str, ...] = ()


Note = Protocol | Plan
