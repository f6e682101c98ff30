"""One build pass over a vault, incremental: work follows what changed, not the vault's size.

The engine keeps, per note file, its fingerprint and what it contributes (typed note,
problems, summary, rendered calendar events), and per association the feed and digest
built from those. ``refresh()`` re-reads only the files that changed (all of them the
first time), re-renders only their pieces, and re-assembles only the feeds and digests
of the associations they belong to. A full build is the same pass with everything
changed, so both give the same bytes.

A note that becomes invalid keeps contributing its last good version (from memory, or
from the state database after a restart), and is listed as held back in the digests.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from vault_sync import digests, layout, summaries
from vault_sync.config import Config
from vault_sync.feed_messages import text as feed_text
from vault_sync.feeds import (
    FeedInfo,
    deadline_events,
    feed_timezones,
    note_events,
    render_feed,
    render_vevent,
    revise,
    short_name,
)
from vault_sync.ics import FeedEvent, Revision
from vault_sync.interpret import association_of, interpret
from vault_sync.model import Association, Note, Problem, Protocol, problem
from vault_sync.notes import SourceNote, read_note
from vault_sync.state import State
from vault_sync.validate import schema_problems
from vault_sync.vault import VaultFile, read_bytes, scan


@dataclass
class Clock:
    """The time, passed in: builders never read the clock themselves."""

    now: Callable[[], datetime] = lambda: datetime.now(UTC)

    def today(self, zone: str) -> date:
        return self.now().astimezone(ZoneInfo(zone)).date()


@dataclass
class Entry:
    """What one note file contributes."""

    size: int
    mtime_ns: int
    digest: str
    source: SourceNote | None = None  # kept only for association notes
    typed: Note | None = None  # what is published: the current or the last good version
    problems: list[Problem] = field(default_factory=list)
    stale: bool = False  # typed is the last good version; the file itself is held back
    events: list[FeedEvent] = field(default_factory=list)
    blocks: dict[str, bytes] = field(default_factory=dict)  # uid -> VEVENT
    summary: bytes = b""
    association: str | None = None  # the association the file names, even when invalid
    good_bytes: bytes | None = None  # a newly valid version, to store as the last good one

    @property
    def held_back(self) -> bool:
        return any(p.is_error for p in self.problems)


@dataclass
class Pass:
    """What one refresh changed."""

    reread: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    outputs: dict[str, bytes] = field(default_factory=dict)  # every output, path -> bytes
    changed_outputs: set[str] = field(default_factory=set)
    scan_problems: list[Problem] = field(default_factory=list)


class Engine:
    def __init__(self, config: Config, state: State, clock: Clock | None = None) -> None:
        self.config = config
        self.state = state
        self.clock = clock or Clock()
        self.entries: dict[str, Entry] = {}
        self.associations: dict[str, Association] = dict(config.associations)
        self.broken_associations: dict[str, str] = {}
        self.revisions: dict[str, Revision] = state.revisions()
        self.outputs: dict[str, bytes] = {}
        self.scan_problems: list[Problem] = []
        self._assoc_pieces: dict[str, dict[str, bytes]] = {}
        self._today: date | None = None

    # --- the pass -----------------------------------------------------------------------
    def refresh(self, paths: Iterable[str] | None = None) -> Pass:
        """Re-read ``paths`` (vault-relative), or scan the whole vault when None."""
        done = Pass()
        files = self._files(paths, done)
        dirty: set[str] = set()  # associations whose outputs must be re-assembled
        association_notes_changed = False
        for file in files:
            entry = self.entries.get(file.path)
            if entry and (entry.size, entry.mtime_ns) == (file.size, file.mtime_ns):
                continue
            raw = read_bytes(file, self.config.max_note_bytes)
            digest = hashlib.sha256(raw if isinstance(raw, bytes) else b"").hexdigest()
            if entry and entry.digest == digest and isinstance(raw, bytes):
                entry.size, entry.mtime_ns = file.size, file.mtime_ns
                continue
            done.reread.append(file.path)
            old = self.entries.get(file.path)
            dirty |= self._associations_of(old)
            new = self._read(file, raw, digest)
            association_notes_changed |= (old is not None and old.source is not None) or (
                new.source is not None
            )
            self.entries[file.path] = new
            dirty |= self._associations_of(new)
        for path in done.removed:
            old = self.entries.pop(path, None)
            association_notes_changed |= old is not None and old.source is not None
            dirty |= self._associations_of(old)
        if association_notes_changed:
            dirty |= self._reinterpret_all()
        self._save_good_notes(done)
        today = self.clock.today(self.config.timezone)
        if today != self._today:
            self._today, dirty = today, dirty | set(self.associations)
        before = self.outputs
        self.outputs = self._assemble(dirty)
        done.outputs = self.outputs
        done.changed_outputs = {p for p, b in self.outputs.items() if before.get(p) != b} | (
            set(before) - set(self.outputs)
        )
        done.scan_problems = self.scan_problems
        return done

    @property
    def empty(self) -> bool:
        """No note of ours was found: an unmounted share or an emptied folder."""
        return not any(
            e.typed is not None or e.problems or e.source is not None for e in self.entries.values()
        )

    def problems(self) -> list[Problem]:
        found = list(self.scan_problems)
        for entry in self.entries.values():
            found.extend(entry.problems)
        return found

    def held_back(self) -> dict[str, list[Problem]]:
        return {
            path: [p for p in e.problems if p.is_error]
            for path, e in sorted(self.entries.items())
            if e.held_back
        }

    # --- reading ------------------------------------------------------------------------
    def _files(self, paths: Iterable[str] | None, done: Pass) -> list[VaultFile]:
        if paths is None:
            files, self.scan_problems = scan(self.config.vault, self.config.exclude)
            present = {f.path for f in files}
            done.removed = sorted(set(self.entries) - present)
            return files
        files = []
        for path in sorted(set(paths)):
            absolute = self.config.vault / path
            try:
                info = absolute.stat()
            except OSError:
                if path in self.entries:
                    done.removed.append(path)
                continue
            files.append(VaultFile(path, absolute, info.st_size, info.st_mtime_ns))
        return files

    def _read(self, file: VaultFile, raw: bytes | Problem, digest: str) -> Entry:
        entry = Entry(file.size, file.mtime_ns, digest)
        if isinstance(raw, Problem):
            entry.problems = [raw]
            return self._fall_back(file.path, entry)
        read = read_note(file.path, raw, self.config.max_note_bytes, file.size)
        entry.problems = list(read.problems)
        if read.note is None:
            return self._fall_back(file.path, entry) if read.ours else entry
        found, data = schema_problems(read.note)
        entry.problems += found
        named = data.get("association")
        entry.association = named if isinstance(named, str) else None
        if read.note.type == "association":
            entry.source = read.note
            return entry  # registered by _reinterpret_all
        typed, more = interpret(read.note, data, self.associations, self.broken_associations)
        entry.problems += more
        if typed is not None and not entry.held_back:
            entry.typed, entry.good_bytes = typed, raw
            self._render(entry)
            return entry
        return self._fall_back(file.path, entry)

    def _fall_back(self, path: str, entry: Entry) -> Entry:
        """A held-back note keeps publishing its last good version."""
        if not entry.held_back:
            return entry
        previous = self.entries.get(path)
        if previous is not None and previous.typed is not None:
            entry.typed, entry.stale = previous.typed, True
        else:
            good = self.state.good_note(path)
            if good is not None:
                read = read_note(path, good[1], self.config.max_note_bytes)
                if read.note is not None and read.note.type != "association":
                    _, data = schema_problems(read.note)
                    typed, _ = interpret(read.note, data, self.associations)
                    entry.typed, entry.stale = typed, typed is not None
        if entry.typed is not None:
            self._render(entry)
        return entry

    def _reinterpret_all(self) -> set[str]:
        """Associations defined in notes changed: rebuild the registry, re-read every note."""
        self.associations = dict(self.config.associations)
        self.broken_associations = {}
        for path, entry in sorted(self.entries.items()):
            if entry.source is None:
                continue
            found, data = schema_problems(entry.source)
            association, more = association_of(entry.source, data)
            entry.problems = found + more
            if association is None or entry.held_back:
                if isinstance(data.get("id"), str):
                    self.broken_associations[data["id"]] = path
            elif association.id in self.associations:
                entry.problems.append(
                    problem(
                        path,
                        entry.source.lines.line_of(("id",)),
                        "id",
                        "note.duplicate_association",
                        name=association.id,
                        other=self.associations[association.id].source,
                    )
                )
            else:
                self.associations[association.id] = association
        for path, entry in list(self.entries.items()):
            if entry.source is None:
                file = VaultFile(path, self.config.vault / path, entry.size, entry.mtime_ns)
                raw = read_bytes(file, self.config.max_note_bytes)
                self.entries[path] = self._read(file, raw, entry.digest)
        return set(self.associations)

    def _save_good_notes(self, done: Pass) -> None:
        good = []
        for entry_path, entry in self.entries.items():
            if entry.good_bytes is not None:
                good.append((entry_path, entry.digest, entry.good_bytes))
                entry.good_bytes = None
        self.state.save_good_notes(good, done.removed)

    # --- rendering ----------------------------------------------------------------------
    def _associations_of(self, entry: Entry | None) -> set[str]:
        """The associations whose outputs show this entry (as a note or as held back)."""
        if entry is None:
            return set()
        named = {entry.typed.association} if entry.typed else set()
        return named | ({entry.association} if entry.association else set())

    def _render(self, entry: Entry) -> None:
        note = entry.typed
        assert note is not None
        association = self.associations.get(note.association)
        if association is None:
            return
        lang = self.config.lang
        events = note_events(note, association, lang)
        if isinstance(note, Protocol):
            events += deadline_events(note, association, lang)
            text = summaries.protocol_summary(note, association, lang)
        else:
            text = summaries.plan_summary(note, association, lang)
        entry.summary = text.encode("utf-8")
        changed = revise(events, self.revisions, self.clock.now())
        fresh = {uid: r for uid, r in changed.items() if self.revisions.get(uid) != r}
        self.revisions.update(fresh)
        self.state.save_revisions(fresh)
        entry.events = events
        entry.blocks = {e.uid: render_vevent(e, self.revisions[e.uid]) for e in events}

    def _assemble(self, dirty: set[str]) -> dict[str, bytes]:
        """Every output; only the pieces of ``dirty`` associations are rebuilt."""
        by_association: dict[str, list[tuple[str, Entry]]] = {a: [] for a in self.associations}
        for path, entry in sorted(self.entries.items()):
            if entry.typed is not None and entry.typed.association in by_association:
                by_association[entry.typed.association].append((path, entry))
        summary_paths = self._summary_paths(by_association)
        held_back = self.held_back()
        lang, today = self.config.lang, self._today or date.today()
        for gone in set(self._assoc_pieces) - set(self.associations):
            del self._assoc_pieces[gone]
        for key in sorted(dirty & set(self.associations)):
            association = self.associations[key]
            mine = by_association[key]
            notes = [e.typed for _, e in mine if e.typed is not None]
            blocks = [b for _, e in mine for b in e.blocks.values()]
            info = FeedInfo(
                short_name(association),
                feed_text("feed.association.description", lang, name=association.name),
                self.config.refresh_minutes,
                lang,
            )
            zones = feed_timezones([ev for _, e in mine for ev in e.events], [association.timezone])
            own_held = {p: v for p, v in held_back.items() if self._association_of_path(p) == key}
            self._assoc_pieces[key] = {
                layout.feed_path(key): render_feed(info, blocks, zones),
                layout.digest_path(key): digests.association_digest(
                    association,
                    notes,
                    own_held,
                    today,
                    lang,
                    None,
                    {p: summary_paths[p] for p, _ in mine if p in summary_paths},
                ).encode("utf-8"),
            }
        outputs: dict[str, bytes] = {}
        for pieces in self._assoc_pieces.values():
            outputs.update(pieces)
        for path, target in summary_paths.items():
            outputs[target] = self.entries[path].summary
        if dirty or not self.outputs:
            outputs.update(self._common(by_association, held_back, today))
        else:
            for name in (layout.ALL_FEED, layout.DEADLINES_FEED):
                outputs[layout.feed_path(name)] = self.outputs[layout.feed_path(name)]
            outputs[layout.digest_path(None)] = self.outputs[layout.digest_path(None)]
        return outputs

    def _common(
        self,
        by_association: dict[str, list[tuple[str, Entry]]],
        held_back: dict[str, list[Problem]],
        today: date,
    ) -> dict[str, bytes]:
        lang = self.config.lang
        common: list[bytes] = []
        deadlines: list[bytes] = []
        events: list[FeedEvent] = []
        for key in sorted(by_association):
            for _, entry in by_association[key]:
                for event in entry.events:
                    events.append(event)
                    block = entry.blocks[event.uid]
                    (deadlines if event.kind == "deadline" else common).append(block)
        zones = sorted({a.timezone for a in self.associations.values()})
        result = {}
        for name, blocks in ((layout.ALL_FEED, common), (layout.DEADLINES_FEED, deadlines)):
            info = FeedInfo(
                feed_text(f"feed.{name}.name", lang),
                feed_text(f"feed.{name}.description", lang),
                self.config.refresh_minutes,
                lang,
            )
            result[layout.feed_path(name)] = render_feed(
                info, blocks, feed_timezones(events, zones)
            )
        notes = [
            e.typed for group in by_association.values() for _, e in group if e.typed is not None
        ]
        owners = {
            path: owner
            for path in held_back
            if (owner := self._association_of_path(path)) is not None
        }
        result[layout.digest_path(None)] = digests.overall_digest(
            self.associations, notes, held_back, today, lang, None, held_back_associations=owners
        ).encode("utf-8")
        return result

    def _summary_paths(self, by_association: dict[str, list[tuple[str, Entry]]]) -> dict[str, str]:
        """Note path -> summary path; two notes with one name get "(2)", "(3)" in path order."""
        result: dict[str, str] = {}
        for key, mine in by_association.items():
            taken: set[str] = set()
            for path, _entry in mine:
                target = layout.summary_path(key, path)
                stem, n = target[:-3], 2
                while target in taken:
                    target, n = f"{stem} ({n}).md", n + 1
                taken.add(target)
                result[path] = target
        return result

    def _association_of_path(self, path: str) -> str | None:
        entry = self.entries.get(path)
        if entry is None:
            return None
        return entry.typed.association if entry.typed is not None else entry.association
