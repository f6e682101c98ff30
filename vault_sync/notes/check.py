"""One checking pass over a vault's files: read, validate, interpret. Pure.

Input is each file's path and bytes; output is the typed notes that are valid,
the notes held back, and every problem. Associations described by notes join
those of the configuration before the other notes are interpreted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from vault_sync.notes.model import Association, Note, Problem, problem
from vault_sync.notes.schema import schema_problems
from vault_sync.notes.source import DEFAULT_MAX_BYTES, SourceNote, read_note
from vault_sync.notes.typed import association_of, interpret


@dataclass
class CheckResult:
    notes: list[Note] = field(default_factory=list)  # valid: these are published
    held_back: dict[str, list[Problem]] = field(default_factory=dict)  # path -> its errors
    problems: list[Problem] = field(default_factory=list)  # everything, errors and warnings
    associations: dict[str, Association] = field(default_factory=dict)
    checked: int = 0  # notes of ours that were looked at
    valid: int = 0  # notes that passed (kept in ``notes`` unless the caller only counts)
    broken_associations: dict[str, str] = field(default_factory=dict)  # id -> invalid note
    identities: dict[str, str] = field(default_factory=dict)  # note identity -> its path

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def check_files(
    files: Iterable[tuple[str, bytes | Problem, int]],
    configured: Mapping[str, Association],
    max_bytes: int = DEFAULT_MAX_BYTES,
    keep_notes: bool = True,
) -> CheckResult:
    """Check every file: ``(path, bytes or the problem reading it, size in bytes)``.

    Streams: each note is interpreted as soon as it is read and only its typed form is
    kept (and not even that with ``keep_notes=False``: ``check`` only counts them), so
    memory follows the typed notes, not the files. A note whose association is not
    configured waits until every ``type: association`` note has been seen.
    """
    result = CheckResult(associations=dict(configured))
    waiting: list[tuple[SourceNote, dict[str, Any], list[Problem]]] = []
    for path, raw, size in files:
        if isinstance(raw, Problem):
            result.checked += 1
            _record(result, path, [raw])
            continue
        read = read_note(path, raw, max_bytes, size)
        if read.note is None:
            if read.problems:
                result.checked += 1 if read.ours else 0
                _record(result, path, list(read.problems))
            continue
        result.checked += 1
        note, problems = read.note, list(read.problems)
        found, data = schema_problems(note)
        problems.extend(found)
        if note.type == "association":
            _add_association(result, note, data, problems)
        elif data.get("association") in result.associations:
            _interpret(result, note, data, problems, keep_notes)
        else:
            waiting.append((note, data, problems))
    for note, data, problems in waiting:
        _interpret(result, note, data, problems, keep_notes)
    return result


def _add_association(
    result: CheckResult, note: SourceNote, data: dict[str, Any], problems: list[Problem]
) -> None:
    association, more = association_of(note, data)
    problems.extend(more)
    if association is not None and not any(p.is_error for p in problems):
        other = result.associations.get(association.id)
        if other is not None:
            problems.append(
                problem(
                    note.path,
                    note.lines.line_of(("id",)),
                    "id",
                    "note.duplicate_association",
                    name=association.id,
                    other=other.source,
                )
            )
        else:
            result.associations[association.id] = association
    elif isinstance(data.get("id"), str):
        result.broken_associations[data["id"]] = note.path
    _record(result, note.path, problems)


def _interpret(
    result: CheckResult,
    note: SourceNote,
    data: dict[str, Any],
    problems: list[Problem],
    keep_notes: bool,
) -> None:
    typed, more = interpret(note, data, result.associations, result.broken_associations)
    problems.extend(more)
    if typed is not None:
        problems.extend(duplicate_identity(note, typed.identity, result.identities))
    _record(result, note.path, problems)
    if typed is not None and not any(p.is_error for p in problems):
        result.valid += 1
        if keep_notes:
            result.notes.append(typed)


def duplicate_identity(note: SourceNote, identity: str, seen: dict[str, str]) -> list[Problem]:
    """Two notes with one ``id`` would give their events the same UIDs: the second is held."""
    other = seen.setdefault(identity, note.path)
    if other == note.path:
        return []
    return [
        problem(
            note.path,
            note.lines.line_of(("id",)),
            "id",
            "note.duplicate_id",
            value=identity,
            other=other,
        )
    ]


def _record(result: CheckResult, path: str, problems: list[Problem]) -> None:
    if not problems:
        return
    result.problems.extend(problems)
    errors = [p for p in problems if p.is_error]
    if errors:
        result.held_back[path] = errors
