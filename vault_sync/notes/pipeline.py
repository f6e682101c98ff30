"""The one note pipeline: a file's bytes -> a checked note -> a typed note. Pure.

``check`` (:mod:`vault_sync.notes.check`) and the incremental build
(:mod:`vault_sync.build.engine`) both run every file through these steps, so what
``check`` calls valid is exactly what ``build`` publishes, with the same problems
(tests/test_pipeline.py compares the two over generated vaults):

1. :func:`check_source`: read the frontmatter and check it against its JSON Schema;
2. :class:`Registry`: an association note (``type: association``) joins the
   associations of the settings, unless it is invalid or defines an id twice;
3. :func:`type_note`: any other note of ours becomes a typed protocol or plan, checked
   against the registry of every association;
4. :class:`Identities`: of the typed notes sharing one ``id``, the first in path order
   holds it; the others are held back (their events would share UIDs).

The order is part of the contract: associations are registered before notes are typed
(a note never depends on where its association's note sits in the folder), and ids are
given in path order whatever order the files were read in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from vault_sync.notes.model import Association, Note, Problem, Severity, problem
from vault_sync.notes.names import safe_name
from vault_sync.notes.schema import schema_problems
from vault_sync.notes.source import SourceNote, read_note
from vault_sync.notes.typed import association_of, interpret


@dataclass(slots=True)
class Checked:
    """One file after steps 1: its note (None: not ours, or unreadable), the data the
    schema checked, and the problems so far."""

    path: str
    note: SourceNote | None
    data: dict[str, Any]
    problems: list[Problem]
    ours: bool  # a note of ours (or a file that says it is one but cannot be read)

    @property
    def is_association(self) -> bool:
        return self.note is not None and self.note.type == "association"

    @property
    def association(self) -> str | None:
        """The association a protocol or plan names, even when the note is invalid."""
        named = self.data.get("association")
        return named if isinstance(named, str) else None

    @property
    def held_back(self) -> bool:
        return any(p.is_error for p in self.problems)


def check_source(
    path: str, raw: bytes | Problem, max_bytes: int, size: int | None = None
) -> Checked:
    """Step 1: ``raw`` (a file's bytes, or the problem reading it) read and checked."""
    if isinstance(raw, Problem):
        return Checked(path, None, {}, [raw], ours=True)
    read = read_note(path, raw, max_bytes, size)
    if read.note is None:
        return Checked(path, None, {}, list(read.problems), ours=read.ours)
    found, data = schema_problems(read.note)
    if read.note.type in ("protocol", "plan"):
        found += renamed_output(path)
    return Checked(path, read.note, data, [*read.problems, *found], ours=True)


def renamed_output(path: str) -> list[Problem]:
    """A warning when the summary of the note at ``path`` cannot bear the note's name
    (too long, or a name Nextcloud or Windows refuses): it names the published one."""
    name = path.rpartition("/")[2]
    stem = name[:-3] if name.lower().endswith(".md") else name
    published = safe_name(stem, ".md")
    if published == stem + ".md":
        return []
    return [problem(path, None, "", "note.output_renamed", Severity.WARNING, name=published)]


@dataclass
class Registry:
    """Step 2: the associations notes may name, and the ids of those whose own note is
    invalid (a note naming one is told to fix that note, not that the id is unknown)."""

    associations: dict[str, Association]
    broken: dict[str, str] = field(default_factory=dict)  # id -> the invalid note's path

    @classmethod
    def of(cls, configured: Mapping[str, Association]) -> Registry:
        return cls(dict(configured))

    def add(self, checked: Checked) -> list[Problem]:
        """Register the association note ``checked``; the problems it adds to it."""
        assert checked.note is not None and checked.is_association
        association, problems = association_of(checked.note, checked.data)
        if association is None or checked.held_back or any(p.is_error for p in problems):
            if isinstance(checked.data.get("id"), str):
                self.broken[checked.data["id"]] = checked.path
            return problems
        other = self.associations.get(association.id)
        if other is not None:
            line = checked.note.lines.line_of(("id",))
            problems.append(
                problem(
                    checked.path,
                    line,
                    "id",
                    "note.duplicate_association",
                    name=association.id,
                    other=other.source,
                )
            )
            return problems
        self.associations[association.id] = association
        return problems

    @classmethod
    def rebuilt(
        cls, configured: Mapping[str, Association], notes: Iterable[Checked]
    ) -> tuple[Registry, dict[str, list[Problem]]]:
        """The registry of the settings and these association notes (in path order), and
        each note's own problems from step 2."""
        registry = cls.of(configured)
        added = {c.path: registry.add(c) for c in sorted(notes, key=lambda c: c.path)}
        return registry, added


def type_note(checked: Checked, registry: Registry) -> tuple[Note | None, list[Problem]]:
    """Step 3: the typed note of a protocol or plan (None if it cannot be built), and the
    problems found on the way."""
    assert checked.note is not None and not checked.is_association
    return interpret(checked.note, checked.data, registry.associations, registry.broken)


class Identities:
    """Step 4: which note holds each ``id`` (a note's identity, see ``Note.identity``).

    Claims are made in path order (the engine reads files in that order, and re-reads
    every note when the registry changes); a note that can no longer be typed releases
    what it held. A note read later that sorts before the holder takes the id over, so
    the result never depends on the order of edits; :meth:`orphans` then names the notes
    whose claim changed (displaced, or refused an id that is free now) to read again.
    """

    def __init__(self) -> None:
        self._holder: dict[str, str] = {}  # identity -> the path that holds it
        self._of: dict[str, str] = {}  # path -> the identity it holds
        self._refused: dict[str, set[str]] = {}  # identity -> paths refused it
        self._freed: set[str] = set()  # identities let go that some path was refused
        self._displaced: set[str] = set()  # paths whose id an earlier path took

    def claim(self, path: str, identity: str, line: Callable[[], int]) -> list[Problem]:
        """Give ``path`` ``identity``, unless another note holds it: then the problem, at
        ``line()`` (the line of the note's ``id``, worked out only then: it may take a
        careful re-reading of the note)."""
        self.release(path)
        holder = self._holder.setdefault(identity, path)
        if holder != path and path < holder:  # an earlier path: the id is its
            self._of.pop(holder, None)
            refused = self._refused.setdefault(identity, set())
            refused.add(holder)
            self._displaced |= refused  # their problem names the holder: say the new one
            self._holder[identity] = holder = path
        if holder == path:
            self._of[path] = identity
            return []
        self._refused.setdefault(identity, set()).add(path)
        return [duplicate_id(path, line(), identity, holder)]

    def release(self, path: str) -> None:
        """``path`` holds nothing (and waits for nothing) any more."""
        identity = self._of.pop(path, None)
        if identity is not None and self._holder.get(identity) == path:
            del self._holder[identity]
            if self._refused.get(identity):
                self._freed.add(identity)
        for waiting in self._refused.values():
            waiting.discard(path)

    def take(self, path: str, identity: str) -> None:
        """Record a claim already known to succeed (a note cache, a worker's result)."""
        self.release(path)
        self._holder[identity] = path
        self._of[path] = identity

    def holder(self, identity: str) -> str | None:
        return self._holder.get(identity)

    def of(self, path: str) -> str | None:
        return self._of.get(path)

    def clear(self) -> None:
        self._holder.clear()
        self._of.clear()
        self._refused.clear()
        self._freed.clear()
        self._displaced.clear()

    def orphans(self) -> list[str]:
        """Notes whose claim changed since they were read, in path order: read them
        again. Those refused an id that nobody holds now, and those whose id a note
        earlier in path order took."""
        found = set(self._displaced)
        for identity in self._freed:
            if identity not in self._holder:
                found |= self._refused.pop(identity, set())
        self._freed.clear()
        self._displaced.clear()
        return sorted(found)


def id_line(note: SourceNote) -> int:
    """The line of the note's ``id``; a note without one takes its identity from its path,
    and the problem is shown at its first line."""
    return note.lines.line_of(("id",)) if "id" in note.data else 1


def duplicate_id(path: str, line: int, identity: str, holder: str) -> Problem:
    """Two notes with one ``id`` would give their events the same UIDs: the second is held."""
    return problem(
        path,
        line,
        "id",
        "note.duplicate_id",
        value=identity,
        other=holder,
    )
