"""EDGE: the state database (SQLite, WAL): what must survive a restart.

* ``revisions``: each calendar event's fingerprint, SEQUENCE and DTSTAMP, so that
  SEQUENCE rises only on a real change and never goes down;
* ``good_notes``: the last valid version of every note, so that a note that becomes
  invalid keeps its last good outputs published;
* ``outputs``: the files written to each target and their digests, so that only our
  own files are ever removed, and unchanged ones are not rewritten;
* ``folder_shares`` and ``links``: the public share of the feed folder on each remote, and
  the older per-file links of feeds shared one by one, which keep working;
* ``note_cache`` (with ``cache_meta``): what each note file contributed to the last
  build, so that the next process re-reads only the files that changed. A cache: the
  engine drops it whenever it was made by other code or other settings.

Versioned (``PRAGMA user_version``) and transactional; ``":memory:"`` works for tests.
A database that cannot be used (made by a newer version, not a database, not writable,
the disk full) raises :class:`~vault_sync.errors.StateError` naming the file; other
``sqlite3`` errors are bugs and pass unchanged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from vault_sync.errors import StateError, os_reason
from vault_sync.render.feeds import Revision
from vault_sync.sync.plan import Published


class FolderShare(NamedTuple):
    """The public link share of a remote's feed folder."""

    share_id: str
    token: str
    url: str  # the public WebDAV address of the folder: a feed's link is this + "/" + name


class CachedNote(NamedTuple):
    """One row of the note cache: what a note file contributed (see vault_sync.build.engine)."""

    path: str
    size: int
    mtime_ns: int
    digest: str
    owner: str | None
    association: str | None
    identity: str | None
    zone_years: str  # JSON: [[TZID, year], ...]
    summary: bytes
    common: bytes
    deadlines: bytes
    held: str  # JSON: [day, number] of a protocol's meeting, or ""
    planned: str  # JSON: a plan's calendar meetings, [[start, end, number, VEVENT], ...]


# 2: the remote's tables (published, in_flight, ...); 3: the note cache; 4: its meetings;
# 5: folder_shares (the one public share of the feeds' folder; ``links`` keeps the older
# per-file links, which stay valid)
SCHEMA_VERSION = 5
_SCHEMA = """
CREATE TABLE IF NOT EXISTS revisions (
    uid TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    stamp TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS good_notes (
    path TEXT PRIMARY KEY,
    digest TEXT NOT NULL,
    content BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS outputs (
    target TEXT NOT NULL,
    path TEXT NOT NULL,
    digest TEXT NOT NULL,
    PRIMARY KEY (target, path)
);
CREATE TABLE IF NOT EXISTS published (
    target TEXT NOT NULL,
    path TEXT NOT NULL,
    digest TEXT NOT NULL,
    etag TEXT NOT NULL,
    PRIMARY KEY (target, path)
);
CREATE TABLE IF NOT EXISTS in_flight (
    target TEXT NOT NULL,
    path TEXT NOT NULL,
    kind TEXT NOT NULL,
    digest TEXT NOT NULL,
    PRIMARY KEY (target, path)
);
CREATE TABLE IF NOT EXISTS conflicts (
    target TEXT NOT NULL,
    path TEXT NOT NULL,
    copy_path TEXT NOT NULL,
    digest TEXT NOT NULL,
    seen TEXT NOT NULL,
    PRIMARY KEY (target, path)
);
CREATE TABLE IF NOT EXISTS links (
    target TEXT NOT NULL,
    path TEXT NOT NULL,
    url TEXT NOT NULL,
    PRIMARY KEY (target, path)
);
CREATE TABLE IF NOT EXISTS folder_shares (
    target TEXT PRIMARY KEY,
    share_id TEXT NOT NULL,
    token TEXT NOT NULL,
    url TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS note_cache (
    path TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    digest TEXT NOT NULL,
    owner TEXT,
    association TEXT,
    identity TEXT,
    zone_years TEXT NOT NULL,
    summary BLOB NOT NULL,
    common BLOB NOT NULL,
    deadlines BLOB NOT NULL,
    held TEXT NOT NULL,
    planned TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cache_meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    key TEXT NOT NULL,
    registry TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS remote_roots (
    target TEXT PRIMARY KEY,
    etag TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    target TEXT PRIMARY KEY,
    last_attempt TEXT NOT NULL,
    last_success TEXT,
    pending INTEGER NOT NULL,
    outcome TEXT NOT NULL
);
"""


# Primary SQLite result codes that say the database file cannot be used: the user's
# problem, told as a StateError. Any other code (a constraint, a bad statement) is a bug.
_CORRUPT = {sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT}
_REASONS = {
    sqlite3.SQLITE_FULL: "state.reason.full",
    sqlite3.SQLITE_READONLY: "state.reason.readonly",
    sqlite3.SQLITE_PERM: "state.reason.readonly",
    sqlite3.SQLITE_CANTOPEN: "state.reason.cantopen",
    sqlite3.SQLITE_BUSY: "state.reason.busy",
    sqlite3.SQLITE_LOCKED: "state.reason.busy",
    sqlite3.SQLITE_IOERR: "state.reason.io",
}


def _raise_state_error(exc: sqlite3.Error, location: str) -> None:
    """Raise the :class:`StateError` that ``exc`` means for the database at ``location``;
    return when it is not about the file (a bug in a statement: the caller re-raises)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return
    primary = code & 0xFF  # extended codes (SQLITE_READONLY_DBMOVED, ...) keep it low
    if primary in _CORRUPT:
        raise StateError("state.corrupt", path=location) from exc
    if primary in _REASONS:
        raise StateError("state.unusable", path=location, reason=_REASONS[primary]) from exc


class _Connection(sqlite3.Connection):
    """A connection whose failures to use the file are :class:`StateError`."""

    location = ":memory:"

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        try:
            return super().execute(sql, parameters)
        except sqlite3.Error as exc:
            _raise_state_error(exc, self.location)
            raise

    def executemany(self, sql: str, parameters: Any, /) -> sqlite3.Cursor:
        try:
            return super().executemany(sql, parameters)
        except sqlite3.Error as exc:
            _raise_state_error(exc, self.location)
            raise


class State:
    """One connection to the state database of a vault."""

    def __init__(self, location: Path | str) -> None:
        shown = str(location)
        if isinstance(location, Path):
            try:
                location.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StateError("state.unusable", path=shown, reason=os_reason(exc)) from exc
        try:
            db = sqlite3.connect(
                shown, isolation_level=None, check_same_thread=False, factory=_Connection
            )
        except sqlite3.Error as exc:
            _raise_state_error(exc, shown)
            raise
        assert isinstance(db, _Connection)
        db.location = shown
        self.db: sqlite3.Connection = db
        try:
            self._open(shown)
        except BaseException:
            db.close()
            raise

    def _open(self, shown: str) -> None:
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA busy_timeout=5000")
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StateError("state.newer", path=shown, version=version, known=SCHEMA_VERSION)
        with self.transaction():  # executescript() would commit on its own: one statement each
            if 3 <= version < 4:  # a cache: made again rather than converted
                self.db.execute("DROP TABLE note_cache")
                self.db.execute("DELETE FROM cache_meta")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self.db.execute(statement)
            self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    @classmethod
    def for_vault(cls, vault: Path) -> State:
        return cls(vault / ".vault-sync" / "state.sqlite")

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.db.in_transaction:  # SQLite may have rolled back itself (disk full)
                self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # --- revisions -------------------------------------------------------------------------
    def revisions(self) -> dict[str, Revision]:
        rows = self.db.execute("SELECT uid, fingerprint, sequence, stamp FROM revisions")
        return {
            uid: Revision(fp, seq, datetime.fromisoformat(stamp)) for uid, fp, seq, stamp in rows
        }

    def save_revisions(self, changed: Mapping[str, Revision]) -> None:
        if not changed:
            return
        with self.transaction():
            self.db.executemany(
                "INSERT INTO revisions(uid, fingerprint, sequence, stamp) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(uid) DO UPDATE SET fingerprint=excluded.fingerprint, "
                "sequence=MAX(revisions.sequence, excluded.sequence), stamp=excluded.stamp",
                [
                    (uid, r.fingerprint, r.sequence, r.stamp.isoformat())
                    for uid, r in changed.items()
                ],
            )

    # --- last good notes -------------------------------------------------------------------
    def good_note(self, path: str) -> tuple[str, bytes] | None:
        row = self.db.execute("SELECT digest, content FROM good_notes WHERE path=?", (path,))
        found = row.fetchone()
        return (found[0], bytes(found[1])) if found else None

    def good_digests(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT path, digest FROM good_notes"))

    def save_good_notes(self, notes: Iterable[tuple[str, str, bytes]], gone: Iterable[str]) -> None:
        rows, gone = list(notes), list(gone)
        if not rows and not gone:
            return
        with self.transaction():
            self.db.executemany(
                "INSERT INTO good_notes(path, digest, content) VALUES (?, ?, ?) "
                "ON CONFLICT(path) DO UPDATE SET digest=excluded.digest, content=excluded.content",
                rows,
            )
            self.db.executemany("DELETE FROM good_notes WHERE path=?", [(p,) for p in gone])

    # --- the note cache --------------------------------------------------------------------
    def cache_meta(self) -> tuple[str, str] | None:
        """The key the cache was saved under, and the association registry it was built with."""
        found = self.db.execute("SELECT key, registry FROM cache_meta").fetchone()
        return (found[0], found[1]) if found else None

    def cached_notes(self, key: str) -> Iterator[CachedNote]:
        """The cached notes saved under ``key`` (others are left over from other settings)."""
        rows = self.db.execute(
            f"SELECT {', '.join(CachedNote._fields)} FROM note_cache WHERE key=?", (key,)
        )
        for row in rows:
            path, size, mtime_ns, digest, owner, association, identity, zones = row[:8]
            yield CachedNote(
                path, size, mtime_ns, digest, owner, association, identity, zones,
                bytes(row[8]), bytes(row[9]), bytes(row[10]), row[11], row[12],
            )  # fmt: skip

    def save_cache(
        self,
        key: str,
        registry: str,
        notes: Iterable[CachedNote],
        gone: Iterable[str],
        replace_all: bool = False,
    ) -> None:
        """Store ``notes`` under ``key``, drop ``gone``; ``replace_all`` drops all others."""
        columns = ", ".join(CachedNote._fields)
        places = ", ".join("?" * (len(CachedNote._fields) + 1))
        updates = ", ".join(f"{c}=excluded.{c}" for c in CachedNote._fields[1:])
        with self.transaction():
            if replace_all:
                self.db.execute("DELETE FROM note_cache")
            self.db.execute(
                "INSERT INTO cache_meta(id, key, registry) VALUES (1, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET key=excluded.key, registry=excluded.registry",
                (key, registry),
            )
            self.db.executemany(
                f"INSERT INTO note_cache({columns}, key) VALUES ({places}) "
                f"ON CONFLICT(path) DO UPDATE SET {updates}, key=excluded.key",
                [(*note, key) for note in notes],
            )
            self.db.executemany("DELETE FROM note_cache WHERE path=?", [(p,) for p in gone])

    # --- outputs ---------------------------------------------------------------------------
    def outputs(self, target: str) -> dict[str, str]:
        rows = self.db.execute("SELECT path, digest FROM outputs WHERE target=?", (target,))
        return dict(rows)

    def record_outputs(
        self, target: str, written: Mapping[str, str], removed: Iterable[str]
    ) -> None:
        removed = list(removed)
        if not written and not removed:
            return
        with self.transaction():
            self.db.executemany(
                "INSERT INTO outputs(target, path, digest) VALUES (?, ?, ?) "
                "ON CONFLICT(target, path) DO UPDATE SET digest=excluded.digest",
                [(target, path, digest) for path, digest in written.items()],
            )
            self.db.executemany(
                "DELETE FROM outputs WHERE target=? AND path=?",
                [(target, path) for path in removed],
            )

    # --- the remote (push) ---------------------------------------------------------------
    def published(self, target: str) -> dict[str, Published]:
        rows = self.db.execute("SELECT path, digest, etag FROM published WHERE target=?", (target,))
        return {path: Published(path, digest, etag) for path, digest, etag in rows}

    def begin(self, target: str, path: str, kind: str, digest: str) -> None:
        """Record that a request is about to go: after a crash, it is checked, not redone."""
        self.db.execute(
            "INSERT INTO in_flight(target, path, kind, digest) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(target, path) DO UPDATE SET kind=excluded.kind, digest=excluded.digest",
            (target, path, kind, digest),
        )

    def in_flight(self, target: str) -> dict[str, tuple[str, str]]:
        rows = self.db.execute("SELECT path, kind, digest FROM in_flight WHERE target=?", (target,))
        return {path: (kind, digest) for path, kind, digest in rows}

    def done(self, target: str, path: str, published: Published | None) -> None:
        """A request completed: the file is published as ``published`` (None: deleted)."""
        with self.transaction():
            if published is None:
                self.db.execute("DELETE FROM published WHERE target=? AND path=?", (target, path))
            else:
                self.db.execute(
                    "INSERT INTO published(target, path, digest, etag) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT(target, path) DO UPDATE SET digest=excluded.digest, "
                    "etag=excluded.etag",
                    (target, path, published.digest, published.etag),
                )
            self.db.execute("DELETE FROM in_flight WHERE target=? AND path=?", (target, path))

    def abandon(self, target: str, path: str) -> None:
        """A request that certainly did not happen (refused before the server acted)."""
        self.db.execute("DELETE FROM in_flight WHERE target=? AND path=?", (target, path))

    def conflicts(self, target: str) -> dict[str, tuple[str, str, str]]:
        """path -> (conflict copy path, digest of our version there, when first seen)."""
        rows = self.db.execute(
            "SELECT path, copy_path, digest, seen FROM conflicts WHERE target=?", (target,)
        )
        return {path: (copy, digest, seen) for path, copy, digest, seen in rows}

    def record_conflict(
        self, target: str, path: str, copy_path: str, digest: str, seen: str
    ) -> None:
        self.db.execute(
            "INSERT INTO conflicts(target, path, copy_path, digest, seen) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(target, path) DO UPDATE SET copy_path=excluded.copy_path, "
            "digest=excluded.digest",
            (target, path, copy_path, digest, seen),
        )

    def clear_conflict(self, target: str, path: str) -> None:
        self.db.execute("DELETE FROM conflicts WHERE target=? AND path=?", (target, path))

    def record_run(self, target: str, when: str, pending: int, outcome: str, success: bool) -> None:
        self.db.execute(
            "INSERT INTO runs(target, last_attempt, last_success, pending, outcome) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(target) DO UPDATE SET "
            "last_attempt=excluded.last_attempt, pending=excluded.pending, "
            "outcome=excluded.outcome, last_success=COALESCE(excluded.last_success, "
            "runs.last_success)",
            (target, when, when if success else None, pending, outcome),
        )

    def run(self, target: str) -> tuple[str, str | None, int, str] | None:
        """(last attempt, last success, files still pending, outcome) of the last push."""
        row = self.db.execute(
            "SELECT last_attempt, last_success, pending, outcome FROM runs WHERE target=?",
            (target,),
        ).fetchone()
        return (row[0], row[1], row[2], row[3]) if row else None

    def root_etag(self, target: str) -> str | None:
        """The ETag the target's root folder had after our last push (None: not known)."""
        row = self.db.execute("SELECT etag FROM remote_roots WHERE target=?", (target,)).fetchone()
        return row[0] if row else None

    def save_root_etag(self, target: str, etag: str | None) -> None:
        if etag is None:
            self.db.execute("DELETE FROM remote_roots WHERE target=?", (target,))
            return
        self.db.execute(
            "INSERT INTO remote_roots(target, etag) VALUES (?, ?) "
            "ON CONFLICT(target) DO UPDATE SET etag=excluded.etag",
            (target, etag),
        )

    def links(self, target: str) -> dict[str, str]:
        """Feed path -> its public subscription URL on the remote."""
        return dict(self.db.execute("SELECT path, url FROM links WHERE target=?", (target,)))

    def save_link(self, target: str, path: str, url: str) -> None:
        self.db.execute(
            "INSERT INTO links(target, path, url) VALUES (?, ?, ?) "
            "ON CONFLICT(target, path) DO UPDATE SET url=excluded.url",
            (target, path, url),
        )

    def drop_link(self, target: str, path: str) -> None:
        """Forget a feed's own link (its share is gone, or everyone moved to the folder's)."""
        self.db.execute("DELETE FROM links WHERE target=? AND path=?", (target, path))

    def folder_share(self, target: str) -> FolderShare | None:
        """The public share of the remote's feed folder, when one was made or found."""
        row = self.db.execute(
            "SELECT share_id, token, url FROM folder_shares WHERE target=?", (target,)
        ).fetchone()
        return FolderShare(row[0], row[1], row[2]) if row else None

    def drop_folder_share(self, target: str) -> None:
        self.db.execute("DELETE FROM folder_shares WHERE target=?", (target,))

    def save_folder_share(self, target: str, share: FolderShare) -> None:
        self.db.execute(
            "INSERT INTO folder_shares(target, share_id, token, url) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(target) DO UPDATE SET share_id=excluded.share_id, "
            "token=excluded.token, url=excluded.url",
            (target, share.share_id, share.token, share.url),
        )
