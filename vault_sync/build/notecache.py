"""The note cache's keys: when what a build stored may be used by the next process.

The engine stores, per note file, what the file contributed to the build (see
:class:`vault_sync.state.CachedNote`), so that a new process re-reads only the files
that changed. What is stored depends on the program's code and schemas, on the settings
that shape outputs, on the feeds' window and the academic year (they decide which events
a note contributes), and on the associations (names and time zones go into summaries
and events). All of these go into the key; the associations are stored with it, as
plain JSON, so that the engine starts from the registry the cache was built with. A
cache saved under any other key is not used.

Nothing is unpickled: the state lives in the vault's folder, which other people can
write to.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path

from vault_sync.build.entry import Entry
from vault_sync.config import Config
from vault_sync.notes.model import Association
from vault_sync.notes.schema import schema_folder
from vault_sync.render.feeds import HeldMeeting, PlannedMeeting
from vault_sync.state import CachedNote

CACHE_FORMAT = 2  # raise when what a cached note holds changes meaning (2: meetings)


@cache
def code_fingerprint() -> str:
    """A digest of this program's code and schemas (a cache made by other code is dropped)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]  # vault_sync/, every subpackage
    code = [(file.relative_to(package).as_posix(), file) for file in package.rglob("*.py")]
    schemas = [(file.name, file) for file in schema_folder().glob("*.json")]
    for name, file in sorted(code) + sorted(schemas):
        digest.update(name.encode("utf-8") + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def settings_json(config: Config) -> str:
    """The settings that shape what a note contributes, as canonical JSON."""
    return json.dumps(
        [
            CACHE_FORMAT,
            code_fingerprint(),
            registry_json(config.associations, {}),
            config.lang,
            config.max_note_bytes,
            config.history_years,
        ],
        ensure_ascii=False,
    )


def cache_key(settings: str, window_start: date, academic_year: int, registry: str) -> str:
    """The key for outputs built with these settings (:func:`settings_json`), feeds'
    window, academic year and associations (:func:`registry_json`: the settings' ones and
    those the notes define)."""
    shaping = [settings, window_start.isoformat(), academic_year, registry]
    return hashlib.sha256(json.dumps(shaping, ensure_ascii=False).encode("utf-8")).hexdigest()


def registry_json(associations: Mapping[str, Association], broken: Mapping[str, str]) -> str:
    """The association registry (and the ids whose notes are invalid) as canonical JSON."""
    return json.dumps(
        {
            "associations": [dataclasses.asdict(associations[k]) for k in sorted(associations)],
            "broken": dict(sorted(broken.items())),
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def registry_from_json(text: str) -> tuple[dict[str, Association], dict[str, str]]:
    data = json.loads(text)
    associations = {a["id"]: Association(**a) for a in data["associations"]}
    return associations, {str(k): str(v) for k, v in data["broken"].items()}


def zone_years_json(zone_years: frozenset[tuple[str, int]]) -> str:
    return json.dumps(sorted(zone_years))


def zone_years_from_json(text: str) -> frozenset[tuple[str, int]]:
    return frozenset((str(zone), int(year)) for zone, year in json.loads(text))


def held_json(held: HeldMeeting | None) -> str:
    return "" if held is None else json.dumps([held.day.isoformat(), held.number])


def held_from_json(text: str) -> HeldMeeting | None:
    if not text:
        return None
    day, number = json.loads(text)
    return HeldMeeting(date.fromisoformat(day), number)


def planned_json(planned: tuple[tuple[PlannedMeeting, bytes], ...]) -> str:
    """A plan's calendar meetings and their VEVENTs (UTF-8 text, as iCalendar is)."""
    return json.dumps(
        [[m.start.isoformat(), m.end.isoformat(), m.number, b.decode()] for m, b in planned],
        ensure_ascii=False,
    )


def planned_from_json(text: str) -> tuple[tuple[PlannedMeeting, bytes], ...]:
    return tuple(
        (PlannedMeeting(date.fromisoformat(a), date.fromisoformat(b), n), blob.encode())
        for a, b, n, blob in json.loads(text)
    )


def cached_note(path: str, entry: Entry, identity: str | None) -> CachedNote | None:
    """What the cache keeps of ``entry``; None for what is read again at start: notes the
    digests show (their typed notes are needed), notes with problems, association notes."""
    if entry.source is not None or entry.problems or entry.typed is not None:
        return None
    return CachedNote(
        path,
        entry.size,
        entry.mtime_ns,
        entry.digest,
        entry.owner,
        entry.association,
        identity,
        zone_years_json(entry.zone_years),
        entry.summary,
        entry.common,
        entry.deadlines,
        held_json(entry.held),
        planned_json(entry.planned),
    )


def entry_of(note: CachedNote) -> Entry:
    """The entry a cached note stands for (see :func:`cached_note`)."""
    return Entry(
        note.size,
        note.mtime_ns,
        note.digest,
        owner=note.owner,
        association=note.association,
        common=note.common,
        deadlines=note.deadlines,
        zone_years=zone_years_from_json(note.zone_years),
        summary=note.summary,
        held=held_from_json(note.held),
        planned=planned_from_json(note.planned),
    )
