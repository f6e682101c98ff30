"""One checking pass over a vault's files: the note pipeline, streamed. Pure.

Input is each file's path and bytes; output is the typed notes that are valid, the
notes held back, and every problem, as :mod:`vault_sync.notes.pipeline` defines them
(and as the build publishes them). Memory follows the typed notes kept, not the files:
``check`` keeps none, only counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from vault_sync.notes.model import Association, Note, Problem, internal_problem
from vault_sync.notes.pipeline import (
    Checked,
    Identities,
    Registry,
    check_source,
    id_line,
    type_note,
)
from vault_sync.notes.source import DEFAULT_MAX_BYTES, SourceNote


@dataclass
class CheckResult:
    notes: list[Note] = field(default_factory=list)  # valid: these are published
    held_back: dict[str, list[Problem]] = field(default_factory=dict)  # path -> its errors
    problems: list[Problem] = field(default_factory=list)  # everything, errors and warnings
    associations: dict[str, Association] = field(default_factory=dict)
    checked: int = 0  # notes of ours that were looked at
    valid: int = 0  # notes that passed (kept in ``notes`` unless the caller only counts)
    broken_associations: dict[str, str] = field(default_factory=dict)  # id -> invalid note

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


@dataclass(slots=True)
class _Typed:
    """A typed note waiting for step 4 (ids are given in path order, at the end)."""

    path: str
    identity: str
    source: SourceNote | None  # kept while it names an ``id``: where a problem would be
    note: Note | None  # kept only when the caller keeps notes
    valid: bool  # no error before step 4

    def line(self) -> int:
        return id_line(self.source) if self.source is not None else 1


def check_files(
    files: Iterable[tuple[str, bytes | Problem, int]],
    configured: Mapping[str, Association],
    max_bytes: int = DEFAULT_MAX_BYTES,
    keep_notes: bool = True,
) -> CheckResult:
    """Check every file: ``(path, bytes or the problem reading it, size in bytes)``.

    Streams: each note is typed as soon as it is read, unless the association it names
    is not registered yet: it waits until every ``type: association`` note was seen.
    """
    result = CheckResult()
    registry = Registry.of(configured)
    waiting: list[Checked] = []
    typed: list[_Typed] = []
    for path, raw, size in files:
        try:
            checked = check_source(path, raw, max_bytes, size)
        except Exception as exc:  # a bug met on this note's values: said on the note
            result.checked += 1
            _record(result, path, [internal_problem(path, exc)])
            continue
        if checked.note is None:
            if checked.problems:
                result.checked += 1 if checked.ours else 0
                _record(result, path, checked.problems)
            continue
        result.checked += 1
        if checked.is_association:
            _record(result, path, checked.problems + registry.add(checked))
        elif checked.association in registry.associations:
            typed.append(_type(result, checked, registry, keep_notes))
        else:
            waiting.append(checked)
    for checked in waiting:
        typed.append(_type(result, checked, registry, keep_notes))
    _give_ids(result, typed)
    result.associations = registry.associations
    result.broken_associations = registry.broken
    return result


def _type(result: CheckResult, checked: Checked, registry: Registry, keep: bool) -> _Typed:
    try:
        note, more = type_note(checked, registry)
    except Exception as exc:  # a bug met on this note's values: said on the note
        _record(result, checked.path, [*checked.problems, internal_problem(checked.path, exc)])
        return _Typed(checked.path, "", None, None, valid=False)
    problems = checked.problems + more
    _record(result, checked.path, problems)
    if note is None:
        return _Typed(checked.path, "", None, None, valid=False)
    valid = not any(p.is_error for p in problems)
    source = checked.note if "id" in checked.data else None
    return _Typed(checked.path, note.identity, source, note if keep and valid else None, valid)


def _give_ids(result: CheckResult, typed: list[_Typed]) -> None:
    """Step 4, in path order: a note whose id another holds is held back."""
    identities = Identities()
    for item in sorted(typed, key=lambda t: t.path):
        if not item.identity:
            continue
        found = identities.claim(item.path, item.identity, item.line)
        _record(result, item.path, found)
        if found:
            item.valid = False
    for item in typed:
        if item.valid:
            result.valid += 1
            if item.note is not None:
                result.notes.append(item.note)


def _record(result: CheckResult, path: str, problems: list[Problem]) -> None:
    if not problems:
        return
    result.problems.extend(problems)
    errors = [p for p in problems if p.is_error]
    if errors:
        result.held_back.setdefault(path, []).extend(errors)
