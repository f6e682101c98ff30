"""EDGE: the watchdog glue of ``vault-sync watch``: events become queued paths, nothing more.

The observer's threads call :class:`NoteEvents`, which only turns an event into
vault-relative paths and puts them into a :class:`WorkQueue`; it reads no file. The
daemon's thread takes from the queue what has been quiet for the debounce time
(:data:`DEBOUNCE_MS`), so a file is read once its writer is done with it, and a burst
of saves becomes one pass.

Which paths matter is decided by the same rules as the scan (:func:`is_note_path`,
:func:`is_ignored_name`): editor and sync temp files, hidden folders (``.obsidian/``,
``.vault-sync/`` with the output folder and the state) and conflict copies never wake
the daemon.

Timings can be changed through the environment (tests, slow network shares):
``VAULT_SYNC_DEBOUNCE_MS``, ``VAULT_SYNC_RESCAN_S``, ``VAULT_SYNC_RETRY_S``.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import select
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers.inotify import InotifyObserver
from watchdog.observers.polling import PollingObserver

from vault_sync.errors import ConfigError
from vault_sync.vault import is_ignored_name, is_note_path

log = logging.getLogger("vault_sync.watch")

DEBOUNCE_MS = 300  # a path is read once it has been quiet this long (and the file this old)
RESCAN_S = 600.0  # a full rescan this often: events can be lost
RETRY_S = 30.0  # first wait after a failed push; doubles each time ...
RETRY_MAX_S = 600.0  # ... up to this
CHECK_S = 2.0  # the vault folder and the observer are checked this often
POLL_S = 1.0  # the polling observer's interval
BURST_S = 2.0  # a burst that never pauses is taken in parts after this long

_ENV = {
    "VAULT_SYNC_DEBOUNCE_MS": ("debounce", 0.001),
    "VAULT_SYNC_RESCAN_S": ("rescan", 1.0),
    "VAULT_SYNC_RETRY_S": ("retry", 1.0),
}


@dataclass(frozen=True)
class Timing:
    """The daemon's intervals, in seconds."""

    debounce: float = DEBOUNCE_MS / 1000
    rescan: float = RESCAN_S
    retry: float = RETRY_S
    retry_max: float = RETRY_MAX_S
    check: float = CHECK_S
    poll: float = POLL_S
    burst: float = BURST_S

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Timing:
        env = os.environ if env is None else env
        values: dict[str, float] = {}
        for name, (attribute, unit) in _ENV.items():
            raw = env.get(name)
            if raw is None or raw == "":
                continue
            try:
                value = float(raw) * unit
            except ValueError:
                value = -1.0
            if not value > 0:
                raise ConfigError("watch.bad_env", name=name, value=raw)
            values[attribute] = value
        values["retry_max"] = max(RETRY_MAX_S, values.get("retry", RETRY_S))
        return cls(**values)


@dataclass
class Batch:
    """What a pass has to look at."""

    files: set[str] = field(default_factory=set)  # vault-relative paths of files
    folders: set[str] = field(default_factory=set)  # folders created, moved or deleted
    full: bool = False  # everything: a lost event, an overflow, an observer restarted
    settings: bool = False  # the settings file changed
    overflow: bool = False  # the kernel's event queue overflowed: events were lost

    def __bool__(self) -> bool:
        return bool(self.files or self.folders or self.full or self.settings)


class WorkQueue:
    """Paths waiting to be read, with the time each was last touched; thread-safe.

    Writers (the observer's threads) call :meth:`touch` and friends; the one reader (the
    daemon's thread) sleeps in :meth:`wait` and takes ripe work with :meth:`take`. A pipe
    wakes the reader: writers write a byte to it, and so does the C signal handler when
    the daemon has set it with ``signal.set_wakeup_fd`` (no lock is taken in a handler).
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._files: dict[str, float] = {}
        self._folders: dict[str, float] = {}
        self._full = False
        self._settings = False
        self._overflow = False
        self._first = 0.0  # when the oldest waiting path was touched
        self._last = 0.0  # when any path was last touched
        self._closed = False
        self.wake_read, self.wake_write = os.pipe()
        for fd in (self.wake_read, self.wake_write):
            os.set_blocking(fd, False)

    # --- writers -----------------------------------------------------------------------
    def touch(self, path: str) -> None:
        self._put(self._files, path)

    def touch_folder(self, path: str) -> None:
        self._put(self._folders, path)

    def _put(self, where: dict[str, float], path: str) -> None:
        now = self._clock()
        with self._lock:
            if not self._files and not self._folders:
                self._first = now
            where[path] = now
            self._last = now
        self.wake()

    def request_full(self, overflow: bool = False) -> None:
        with self._lock:
            self._full = True
            self._overflow |= overflow
        self.wake()

    def settings_changed(self) -> None:
        now = self._clock()
        with self._lock:
            if not self._files and not self._folders and not self._settings:
                self._first = now
            self._settings = True
            self._last = now
        self.wake()

    def wake(self) -> None:
        if self._closed:
            return
        with contextlib.suppress(OSError):  # full: the reader is woken anyway
            os.write(self.wake_write, b"\0")

    # --- the reader --------------------------------------------------------------------
    def wait(self, timeout: float | None) -> None:
        """Sleep until woken or ``timeout`` seconds have passed (None: until woken)."""
        if timeout is None or timeout > 0:
            select.select([self.wake_read], [], [], timeout)
        with contextlib.suppress(OSError):  # BlockingIOError: drained
            while os.read(self.wake_read, 4096):
                pass

    def due(self, quiet: float, burst: float) -> float | None:
        """When work is next ripe (monotonic time), or None when nothing waits."""
        with self._lock:
            if self._full:
                return self._clock()
            if not self._files and not self._folders and not self._settings:
                return None
            return min(self._last + quiet, self._first + burst)

    def take(self, quiet: float, burst: float) -> Batch:
        """The work that is ripe: everything once nothing was touched for ``quiet``
        seconds (a burst is one pass); during a burst that lasts longer than ``burst``,
        the paths quiet for ``quiet`` (each is read only once its writer paused)."""
        now = self._clock()
        batch = Batch()
        with self._lock:
            batch.full, self._full = self._full, False
            batch.overflow, self._overflow = self._overflow, False
            if now - self._last >= quiet:
                batch.files, batch.folders = set(self._files), set(self._folders)
                batch.settings, self._settings = self._settings, False
                self._files.clear()
                self._folders.clear()
            elif now - self._first >= burst:
                for waiting, taken in ((self._files, batch.files), (self._folders, batch.folders)):
                    for path, touched in list(waiting.items()):
                        if now - touched >= quiet:
                            taken.add(path)
                            del waiting[path]
                times = list(self._files.values()) + list(self._folders.values())
                self._first = min(times, default=now)
        return batch

    def defer(self, paths: set[str], until: float) -> None:
        """Put ``paths`` back so that they are ripe at ``until`` (too fresh to read now)."""
        with self._lock:
            if not self._files and not self._folders:
                self._first = until
            for path in paths:
                self._files[path] = max(self._files.get(path, 0.0), until)
            self._last = max(self._last, until)

    def clear(self) -> None:
        with self._lock:
            self._files.clear()
            self._folders.clear()
            self._full = self._settings = self._overflow = False

    def close(self) -> None:
        self._closed = True
        for fd in (self.wake_read, self.wake_write):
            with contextlib.suppress(OSError):
                os.close(fd)


class NoteEvents(FileSystemEventHandler):
    """The observer's handler: turns an event into queued vault-relative paths, only."""

    def __init__(
        self,
        root: str,
        queue: WorkQueue,
        exclude: tuple[str, ...] = (),
        settings: str | None = None,
        skip: str | None = None,
    ) -> None:
        super().__init__()
        self.root = root.rstrip(os.sep)
        self.queue = queue
        self.exclude = exclude
        self.settings = settings  # the settings file, vault-relative, when it is in the vault
        self.skip = None if skip is None else skip + "/"  # the output folder, when in the vault

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write", "attrib"):
            return  # only asked for by a test, or by a future watchdog
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if not raw:
                continue
            path = os.fsdecode(raw)
            if path == self.root:  # the vault folder itself went or came: check it now
                self.queue.wake()
                continue
            if not path.startswith(self.root + os.sep):
                continue  # outside the vault (a move out names both ends)
            relative = path[len(self.root) + 1 :].replace(os.sep, "/")
            if self.skip is not None and (relative + "/").startswith(self.skip):
                continue  # our own outputs
            if event.is_directory:
                if event.event_type != "modified" and is_watched_folder(relative):
                    self.queue.touch_folder(relative)
            elif is_note_path(relative, self.exclude):
                self.queue.touch(relative)
            elif relative == self.settings:
                self.queue.settings_changed()


def is_watched_folder(relative: str) -> bool:
    """Whether notes can live in this folder: none of its parts is hidden or temporary."""
    return not any(is_ignored_name(part) for part in relative.split("/"))


class OverflowAlarm(logging.Filter):
    """Watchdog tells of an inotify queue overflow only in its log: listen there.

    watchdog (7.x) logs "Inotify queue overflowed" and re-adds its watches, but hands the
    handlers no event; events were lost, so the daemon rescans everything. Its English
    line is dropped: the daemon logs its own (one event, one line, in the user's language).
    """

    def __init__(self, queue: WorkQueue) -> None:
        super().__init__()
        self.queue = queue

    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith("Inotify queue overflowed"):
            self.queue.request_full(overflow=True)
            return False
        return True

    def attach(self) -> None:
        for name in WATCHDOG_LOGGERS:
            logging.getLogger(name).addFilter(self)

    def detach(self) -> None:
        for name in WATCHDOG_LOGGERS:
            logging.getLogger(name).removeFilter(self)


# The loggers of watchdog's inotify observer (a logger's filters see only its own records).
WATCHDOG_LOGGERS = ("watchdog.observers.inotify_c", "watchdog.observers.inotify")

# What can change a note: inotify is asked for these only, so the daemon's own reads
# (open, access, close without writing) and attribute changes do not wake anything.
EVENTS: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileClosedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]


@dataclass
class Watch:
    """A running observer and how it watches."""

    observer: Any
    polling: bool
    fallback_reason: str | None = None  # why inotify was not used, when it was asked for

    def alive(self) -> bool:
        return bool(self.observer.is_alive()) and all(
            emitter.is_alive() for emitter in self.observer.emitters
        )

    def stop(self) -> None:
        with contextlib.suppress(OSError):  # its folder may be gone already
            self.observer.stop()
        if self.observer.is_alive():
            self.observer.join(timeout=10)


def start_watch(
    root: str,
    handler: NoteEvents,
    polling: bool,
    poll_interval: float = POLL_S,
    inotify: Callable[[], Any] = InotifyObserver,
) -> Watch:
    """Start an observer of ``root`` (recursive): inotify, or polling when asked for or
    when inotify runs out of watches (ENOSPC) or instances (EMFILE)."""
    reason = None
    if not polling:
        observer = None
        try:
            observer = inotify()
            observer.schedule(handler, root, recursive=True, event_filter=EVENTS)
            observer.start()
            return Watch(observer, polling=False)
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.EMFILE):
                _discard(observer)
                raise
            _discard(observer)
            reason = exc.strerror or str(exc)
    observer = PollingObserver(timeout=poll_interval)
    observer.schedule(handler, root, recursive=True, event_filter=EVENTS)
    observer.start()
    return Watch(observer, polling=True, fallback_reason=reason)


def _discard(observer: Any) -> None:
    """Stop what a half-started observer has started (inotify's reader thread)."""
    if observer is None:
        return
    try:
        observer.stop()
    except Exception:  # pragma: no cover - best effort on a failed start
        log.debug("stopping a failed observer", exc_info=True)
    if observer.is_alive():
        observer.join(timeout=10)
