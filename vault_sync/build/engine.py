"""One build pass over a vault, incremental: work follows what changed, not the vault's size.

The engine keeps, per note file, its fingerprint and what it contributes (problems,
summary, rendered calendar events, and the typed note while the digests can show it),
and per association the feed and digest built from those. ``refresh()`` re-reads only
the files that changed (all of them the first time), re-renders only their pieces, and
re-assembles only the feeds and digests of the associations they belong to. A full
build is the same pass with everything changed, so both give the same bytes. Given
``jobs``, a large pass is read by forked worker processes (see :meth:`Engine._prepare`),
again with the same bytes.

A note that becomes invalid keeps contributing its last good version (from memory, or
from the state database after a restart), and is listed as held back in the digests.

Memory stays proportional to what is shown, not to the history: the digests show this
academic year, the feeds ``history_years`` more; a note older than that keeps only its
summary bytes, and one the feeds still show its rendered events too.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import stat
from collections.abc import Iterable, Mapping
from datetime import date

from vault_sync import i18n
from vault_sync.build import notecache
from vault_sync.build.assemble import Assembler
from vault_sync.build.entry import (
    Clock,
    Entry,
    Pass,
    Prepared,
    contribute,
    last_note_day,
    may_define_association,
)
from vault_sync.build.runtime import LARGE_PASS, collector_paused
from vault_sync.build.workers import chunked, ordered_map
from vault_sync.config import Config
from vault_sync.notes.model import Association, Note, Problem, internal_problem
from vault_sync.notes.pipeline import (
    Checked,
    Identities,
    Registry,
    check_source,
    id_line,
    type_note,
)
from vault_sync.notes.when import academic_year_of
from vault_sync.render.ical import Revision
from vault_sync.state import State
from vault_sync.vault import VaultFile, is_note_path, read_bytes, scan

log = logging.getLogger(__name__)
GOOD_NOTES_BATCH = 500  # newly valid notes stored per transaction during a large pass
PARALLEL_FROM = 500  # files to read from which forked workers pay for their start
CHUNK = 250  # files per piece of work sent to a worker
_NO_ZONES: frozenset[tuple[str, int]] = frozenset()


class Engine:
    def __init__(
        self, config: Config, state: State, clock: Clock | None = None, jobs: int = 1
    ) -> None:
        """``jobs``: worker processes forked to read a large pass (only in a process
        without threads of its own, see vault_sync.build.workers)."""
        self.config = config
        self.jobs = jobs
        self.state = state
        self.clock = clock or Clock()
        self.entries: dict[str, Entry] = {}
        self.registry = Registry.of(config.associations)
        self.revisions: dict[str, Revision] = state.revisions()
        self.assembler = Assembler(config)
        self.outputs = self.assembler.outputs
        self.scan_problems: list[Problem] = []
        self._held: dict[str, list[Problem]] = {}
        self._members_of: dict[str, set[str]] = {}  # association -> paths of its typed notes
        self._good_pending: set[str] = set()  # read valid this pass: store as last good
        self.identities = Identities()
        self._today: date | None = None
        self._fresh_revisions: dict[str, Revision] = {}  # revised this pass, not yet saved
        self._unsaved: set[str] = set()  # paths whose entries the note cache lacks
        self._cache_saved: str | None = None  # the key the note cache was last saved under
        self._cache_tried = False
        self._settings_text = ""  # notecache.settings_json(config), worked out once
        self._registry_text: str | None = None  # notecache.registry_json(...), until it changes

    @property
    def associations(self) -> dict[str, Association]:
        """Every association notes may name: of the settings and of association notes."""
        return self.registry.associations

    # --- the pass -----------------------------------------------------------------------
    def refresh(self, paths: Iterable[str] | None = None) -> Pass:
        """Re-read ``paths`` (vault-relative), or scan the whole vault when None."""
        done = Pass()
        if paths is None and not self.entries and not self._cache_tried:
            self._load_cache()
        files = self._files(paths, done)
        with collector_paused(len(files) - len(self.entries) >= LARGE_PASS):
            return self._refresh(files, done)

    def _refresh(self, files: list[VaultFile], done: Pass) -> Pass:
        dirty: set[str] = set()  # associations whose outputs must be re-assembled
        association_notes_changed = False
        for path in done.removed:  # first: a note that went frees its id
            self.identities.release(path)
            self._forget(path)
            old = self.entries.pop(path, None)
            self._held.pop(path, None)
            association_notes_changed |= old is not None and old.source is not None
            dirty |= self._associations_of(old)
        changed = [f for f in files if not self._same_stat(f)]
        if len(changed) >= LARGE_PASS:  # register associations before the notes naming them
            first = [f for f in changed if may_define_association(f)]
            if first:
                chosen = {f.path for f in first}
                changed = [f for f in changed if f.path not in chosen]
                association_notes_changed |= self._read_files(first, done, dirty, alone=True)
                if association_notes_changed:
                    dirty |= self._reinterpret_all(done)
                association_notes_changed = False
        association_notes_changed |= self._read_files(changed, done, dirty)
        if association_notes_changed:
            dirty |= self._reinterpret_all(done)
        orphans = [path for path in self.identities.orphans() if path in self.entries]
        if orphans:  # their id was let go: the first in path order takes it now
            for path in orphans:
                dirty |= self._associations_of(self.entries[path])
            self._reread(orphans, done)
            for path in orphans:
                dirty |= self._associations_of(self.entries[path])
        self._save_good_notes(done.removed)
        today = self.clock.today(self.config.timezone)
        if self.assembler.links_changed:  # every digest shows the subscription links
            self.assembler.links_changed, dirty = False, dirty | set(self.associations)
            self.assembler.rebuild_top_digest()
        if today != self._today:  # a new day: every digest's "upcoming" moves on
            window = self._window_start()
            self._today, dirty = today, dirty | set(self.associations)
            if self._window_start() != window:  # another academic year: the feeds' window moves
                self._rerender(done, backwards=self._window_start() < window)
        self._save_cache(done.removed)
        self.state.save_revisions(self._fresh_revisions)
        self._fresh_revisions = {}
        done.reread = list(dict.fromkeys(done.reread))  # a file may be read twice
        done.changed_outputs = self.assembler.assemble(self, dirty)
        done.outputs = self.outputs
        done.scan_problems = self.scan_problems
        return done

    def _read_files(
        self, files: list[VaultFile], done: Pass, dirty: set[str], alone: bool = False
    ) -> bool:
        """Read the files whose contents changed (``alone``: in this process, no workers);
        whether an association note changed."""
        association_notes_changed = False
        pairs = ((f, None) for f in files) if alone else self._prepared(files)
        for file, prepared in pairs:
            old = self.entries.get(file.path)
            new = self._take(file.path, prepared) if prepared is not None else None
            if new is None:
                raw = read_bytes(file, self.config.max_note_bytes)
                digest = hashlib.sha256(raw if isinstance(raw, bytes) else b"").hexdigest()
                if old and old.digest == digest and isinstance(raw, bytes):
                    old.size, old.mtime_ns = file.size, file.mtime_ns
                    continue
                new = self._read_guarded(file, raw, digest)
            done.reread.append(file.path)
            dirty |= self._associations_of(old)
            association_notes_changed |= (old is not None and old.source is not None) or (
                new.source is not None
            )
            self._set(file.path, new)
            dirty |= self._associations_of(new)
            if len(self._good_pending) >= GOOD_NOTES_BATCH:  # not every note's bytes at once
                self._save_good_notes()
        return association_notes_changed

    @property
    def empty(self) -> bool:
        """No note of ours was found: an unmounted share or an emptied folder."""
        return not any(
            e.owner is not None or e.problems or e.source is not None for e in self.entries.values()
        )

    def _set(self, path: str, entry: Entry) -> None:
        self._forget(path)
        self._unsaved.add(path)
        self.entries[path] = entry
        if entry.owner is not None:
            self._members_of.setdefault(entry.owner, set()).add(path)
        errors = [p for p in entry.problems if p.is_error]
        if errors:
            self._held[path] = errors
        else:
            self._held.pop(path, None)

    def _forget(self, path: str) -> None:
        old = self.entries.get(path)
        if old is not None and old.owner is not None:
            self._members_of.get(old.owner, set()).discard(path)

    def problems(self) -> list[Problem]:
        found = list(self.scan_problems)
        for entry in self.entries.values():
            found.extend(entry.problems)
        return found

    def held_back(self) -> dict[str, list[Problem]]:
        """Held-back note path -> its errors (kept up to date by refresh, not recomputed)."""
        return dict(sorted(self._held.items()))

    # --- reading ------------------------------------------------------------------------
    def _files(self, paths: Iterable[str] | None, done: Pass) -> list[VaultFile]:
        if paths is None:
            files, self.scan_problems = scan(self.config.vault, self.config.exclude)
            present = {f.path for f in files}
            done.removed = sorted(set(self.entries) - present)
            return files
        files = []
        vault = os.path.realpath(self.config.vault)
        for path in sorted(set(paths)):
            absolute = self.config.vault / path
            info: os.stat_result | None
            try:
                info = absolute.lstat()  # a symbolic link is not followed, as by the scan
                if not os.path.realpath(absolute).startswith(vault + os.sep):
                    info = None  # reached through a linked folder: not the vault's
            except OSError:
                info = None
            if (
                info is None
                or not stat.S_ISREG(info.st_mode)
                or not is_note_path(path, self.config.exclude)
            ):
                if path in self.entries:  # gone, or no longer a note's path: its outputs go
                    done.removed.append(path)
                continue
            files.append(VaultFile(path, absolute, info.st_size, info.st_mtime_ns))
        return files

    def _same_stat(self, file: VaultFile) -> bool:
        entry = self.entries.get(file.path)
        return entry is not None and (entry.size, entry.mtime_ns) == (file.size, file.mtime_ns)

    def _parse(self, file: VaultFile, raw: bytes, entry: Entry) -> tuple[Checked, Note | None]:
        """``raw`` through the note pipeline, its problems put in ``entry``; an association
        note is kept as ``entry.source`` (registered by _reinterpret_all)."""
        checked = check_source(file.path, raw, self.config.max_note_bytes, file.size)
        entry.problems = list(checked.problems)
        entry.association = checked.association
        if checked.note is None:
            return checked, None
        if checked.is_association:
            entry.source = checked
            return checked, None
        typed, more = type_note(checked, self.registry)
        entry.problems += more
        return checked, typed

    def _read_guarded(self, file: VaultFile, raw: bytes | Problem, digest: str) -> Entry:
        """:meth:`_read`, where a note whose processing raises becomes an error problem on
        that note (its last good version stays published): one note never ends a pass."""
        try:
            return self._read(file, raw, digest)
        except Exception as exc:  # a bug met on this note's values: said on the note
            log.debug("reading %s failed", file.path, exc_info=True)
            self.identities.release(file.path)
            entry = Entry(file.size, file.mtime_ns, digest)
            entry.problems = [internal_problem(file.path, exc)]
            try:
                return self._fall_back(file.path, entry)
            except Exception:  # the last good version fails too: nothing of it is shown
                log.debug("the last good version of %s failed", file.path, exc_info=True)
                return entry

    def _read(self, file: VaultFile, raw: bytes | Problem, digest: str) -> Entry:
        entry = Entry(file.size, file.mtime_ns, digest)
        if isinstance(raw, Problem):
            self.identities.release(file.path)
            entry.problems = [raw]
            return self._fall_back(file.path, entry)
        checked, typed = self._parse(file, raw, entry)
        if typed is None:  # not ours, unreadable, an association note, or not typed
            self.identities.release(file.path)
        if checked.note is None:
            return self._fall_back(file.path, entry) if checked.ours else entry
        if entry.source is not None:
            return entry
        if typed is not None:
            note = checked.note
            line = functools.partial(id_line, note)
            entry.problems += self.identities.claim(file.path, typed.identity, line)
        if typed is not None and not entry.held_back:
            entry.good_bytes = raw
            self._good_pending.add(file.path)
            self._publish(entry, typed)
            return entry
        return self._fall_back(file.path, entry)

    def _fall_back(self, path: str, entry: Entry) -> Entry:
        """A held-back note keeps publishing its last good version."""
        if not entry.held_back:
            return entry
        previous = self.entries.get(path)
        typed = previous.typed if previous is not None else None
        if typed is None:  # let go as history, or never read: read the last good version
            good = previous.good_bytes if previous is not None else None
            if good is None:
                found = self.state.good_note(path)
                good = found[1] if found is not None else None
            typed = self._typed(path, good) if good is not None else None
        if typed is not None:  # published while the file itself is held back
            self._publish(entry, typed)
        return entry

    # --- reading in forked workers ---------------------------------------------------
    def _prepared(self, files: list[VaultFile]) -> Iterable[tuple[VaultFile, Prepared | None]]:
        """Each file with what a worker made of it, or None: read it here.

        Workers read, check, interpret and render valid notes, the bulk of a cold pass;
        the rest (invalid notes, association notes, files not ours) needs this process.
        """
        if self.jobs <= 1 or len(files) < PARALLEL_FROM:
            return ((file, None) for file in files)
        chunks = chunked(files, CHUNK)
        made = ordered_map(self._prepare_all, chunks, self.jobs, self._workers_lost)
        return (
            pair
            for chunk, results in zip(chunks, made, strict=True)
            for pair in zip(chunk, results, strict=True)
        )

    def _workers_lost(self, left: int) -> None:
        log.warning(i18n.render("build.worker_died", self.config.lang, left=left * CHUNK))

    def _prepare_all(self, files: list[VaultFile]) -> list[Prepared | None]:
        return [self._prepare(file) for file in files]

    def _prepare(self, file: VaultFile) -> Prepared | None:
        """In a worker: ``file`` read, checked and, if valid, rendered; None: read it in
        the main process (association notes, unreadable files, touched ones, and notes
        whose processing raised, which the main process turns into a problem). Changes
        nothing in the engine, so that it can run in the main process too."""
        try:
            return self._prepare_unguarded(file)
        except Exception:
            return None

    def _prepare_unguarded(self, file: VaultFile) -> Prepared | None:
        raw = read_bytes(file, self.config.max_note_bytes)
        if not isinstance(raw, bytes):
            return None
        digest = hashlib.sha256(raw).hexdigest()
        old = self.entries.get(file.path)
        if old is not None and old.digest == digest:
            return None
        entry = Entry(file.size, file.mtime_ns, digest)
        checked, typed = self._parse(file, raw, entry)
        if entry.source is not None:
            return None
        identity = typed.identity if typed is not None else None
        if checked.note is None or typed is None or entry.held_back:
            fall_back = checked.note is not None or checked.ours
            return Prepared(entry, identity, {}, (), fall_back=fall_back)
        entry.good_bytes = raw
        uids, fresh = self._render(entry, typed)  # recorded by _take, if taken
        return Prepared(entry, identity, fresh, uids, fall_back=False)

    def _take(self, path: str, prepared: Prepared) -> Entry | None:
        """What a worker made of ``path``, finished here; None where it depends on the
        notes read before it in this pass (as a pass in one process sees them): an
        identity another file holds, or events another note revised."""
        if prepared.identity is not None:
            holder = self.identities.holder(prepared.identity)
            if holder is not None and holder != path:
                return None
        if any(uid in self._fresh_revisions for uid in prepared.uids):
            return None
        self.identities.release(path)
        if prepared.identity is not None:
            self.identities.take(path, prepared.identity)
        if prepared.fall_back:
            return self._fall_back(path, prepared.entry)
        self.revisions.update(prepared.revisions)
        self._fresh_revisions.update(prepared.revisions)
        if prepared.entry.good_bytes is not None:
            self._good_pending.add(path)
        return prepared.entry

    def _typed(self, path: str, raw: bytes) -> Note | None:
        """The typed note of a version known to be good (the last good one)."""
        checked = check_source(path, raw, self.config.max_note_bytes)
        if checked.note is None or checked.is_association:
            return None
        typed, _ = type_note(checked, Registry.of(self.associations))
        return typed

    def _reinterpret_all(self, done: Pass) -> set[str]:
        """Association notes changed: rebuild the registry; if it changed, re-read every
        note, in path order, its id claimed afresh (as ``check`` gives ids)."""
        before = (self.registry.associations, self.registry.broken)
        self._registry_text = None
        sources = [entry.source for entry in self.entries.values() if entry.source is not None]
        self.registry, added = Registry.rebuilt(self.config.associations, sources)
        for entry in self.entries.values():
            if entry.source is not None:
                entry.problems = entry.source.problems + added[entry.source.path]
        if (self.registry.associations, self.registry.broken) == before:  # an edited body
            for path, entry in list(self.entries.items()):
                if entry.source is not None:
                    self._set(path, entry)  # its own problems may have changed
            return set()
        self.identities.clear()
        for path, entry in sorted(self.entries.items()):
            if entry.source is None:
                self._reread([path], done)
            else:
                self._set(path, entry)
        return set(self.associations)

    def _rerender(self, done: Pass, backwards: bool) -> None:
        """Render again what the feeds' new window changes: notes let go as history are
        read again if they have events (or, when the clock went back, if they publish)."""
        for path, entry in sorted(self.entries.items()):
            if entry.typed is not None:
                self._publish(entry, entry.typed)
                self._unsaved.add(path)
            elif entry.owner is not None and (backwards or entry.common or entry.deadlines):
                self._reread([path], done)

    def _reread(self, paths: Iterable[str], done: Pass) -> None:
        """Read these known files again (the associations or the time window changed)."""
        for path in list(paths):
            entry = self.entries[path]
            file = VaultFile(path, self.config.vault / path, entry.size, entry.mtime_ns)
            raw = read_bytes(file, self.config.max_note_bytes)
            self._set(path, self._read_guarded(file, raw, entry.digest))
            done.reread.append(path)

    # --- the note cache (see vault_sync.build.notecache) ---------------------------------------
    def _cache_key(self, registry: str) -> str:
        if not self._settings_text:
            self._settings_text = notecache.settings_json(self.config)
        year = academic_year_of(self.day())
        return notecache.cache_key(self._settings_text, self._window_start(), year, registry)

    def _registry(self) -> str:
        if self._registry_text is None:
            associations, broken = self.registry.associations, self.registry.broken
            self._registry_text = notecache.registry_json(associations, broken)
        return self._registry_text

    def _load_cache(self) -> None:
        """Start from what the last process built: its entries for unchanged files."""
        self._cache_tried = True
        meta = self.state.cache_meta()
        if meta is None or meta[0] != self._cache_key(meta[1]):
            return
        key, registry = meta
        self.registry = Registry(*notecache.registry_from_json(registry))
        self._registry_text = registry
        for note in self.state.cached_notes(key):
            entry = notecache.entry_of(note)
            if note.identity is not None:
                self.identities.take(note.path, note.identity)
            self._set(note.path, entry)
        self._unsaved.clear()
        self._cache_saved = key

    def _save_cache(self, removed: Iterable[str]) -> None:
        """Store the entries this pass changed (all of them under a new key).

        Cached: entries described by plain values alone, history notes without problems
        and files that are not notes of ours. Notes the digests show (their typed notes are
        needed), notes with problems and association notes are read again at start.
        """
        registry = self._registry()
        key = self._cache_key(registry)
        everything = key != self._cache_saved
        paths = self.entries.keys() if everything else self._unsaved & self.entries.keys()
        self._unsaved.clear()
        gone = list(removed)
        if not everything and not paths and not gone:
            return
        notes = []
        for path in sorted(paths):
            cached = notecache.cached_note(path, self.entries[path], self.identities.of(path))
            if cached is None:
                gone.append(path)
            else:
                notes.append(cached)
        self.state.save_cache(key, registry, notes, gone, replace_all=everything)
        self._cache_saved = key

    def _save_good_notes(self, removed: Iterable[str] = ()) -> None:
        """Store newly valid versions; only the files this pass re-read can have one."""
        good = []
        for path in self._good_pending:
            entry = self.entries.get(path)
            if entry is not None and entry.good_bytes is not None:
                good.append((path, entry.digest, entry.good_bytes))
                entry.good_bytes = None
        self._good_pending.clear()
        self.state.save_good_notes(good, removed)

    # --- rendering ----------------------------------------------------------------------
    def _associations_of(self, entry: Entry | None) -> set[str]:
        """The associations whose outputs show this entry (as a note or as held back)."""
        if entry is None:
            return set()
        named = {entry.owner} if entry.owner else set()
        return named | ({entry.association} if entry.association else set())

    def _keeps(self, note: Note) -> bool:
        """Whether the digests can show ``note``: something in it falls in this academic
        year or later. (The feeds need only its rendered events, kept in the entry.)"""
        return last_note_day(note) >= date(academic_year_of(self.day()), 9, 1)

    def _publish(self, entry: Entry, note: Note) -> None:
        """Render ``note`` into ``entry``'s outputs and record its events' revisions."""
        _, fresh = self._render(entry, note)
        self.revisions.update(fresh)
        self._fresh_revisions.update(fresh)  # saved once per pass, in one transaction

    def _render(self, entry: Entry, note: Note) -> tuple[tuple[str, ...], dict[str, Revision]]:
        """Render ``note`` into ``entry``'s outputs; keep the note itself while it is shown.
        The UIDs of its events, and the revisions they changed (not recorded here)."""
        entry.owner = note.association
        entry.typed = note if self._keeps(note) else None
        association = self.associations.get(note.association)
        if association is None:
            return (), {}
        return contribute(
            entry,
            note,
            association,
            self.config.lang,
            since=self._window_start(),
            revisions=self.revisions,
            now=self.clock.now(),
        )

    # --- what the assembler reads (see build.assemble.NotesView) -------------------------
    def set_conflicts(self, conflicts: Mapping[str, str]) -> None:
        """Published files edited on the server (path -> our copy), for the top digest."""
        self.assembler.set_conflicts(conflicts)

    def set_feed_urls(self, urls: Mapping[str, str], folder: str | None = None) -> None:
        """Public addresses of the feeds: their own (feed path -> URL), else inside the
        public share of the feed folder at ``folder``; the next refresh puts them in the
        digests."""
        self.assembler.set_feed_urls(urls, folder)

    def members(self, key: str) -> list[tuple[str, Entry]]:
        return [(path, self.entries[path]) for path in sorted(self._members_of.get(key, ()))]

    def _window_start(self) -> date:
        """Feeds keep events from the start of the academic year ``history_years`` back."""
        first = academic_year_of(self.day()) - self.config.history_years
        return date(first, 9, 1)

    def day(self) -> date:
        return self._today or self.clock.today(self.config.timezone)

    def association_of_path(self, path: str) -> str | None:
        entry = self.entries.get(path)
        if entry is None:
            return None
        return entry.owner if entry.owner is not None else entry.association
