"""EDGE: ``vault-sync watch``, the daemon: build and publish on every change.

One thread does all the work, in passes; the observer's threads only queue paths
(:mod:`vault_sync.daemon.events`)::

    observer threads ──paths──▶ WorkQueue ──(quiet for the debounce time)──▶ this thread:
                                   ▲              engine.refresh(paths) → local folder
    SIGTERM/SIGINT ──wake-up fd────┘                                    → Nextcloud push

* At start: an exclusive lock (``.vault-sync/daemon.lock``, ``flock``, see
  :mod:`vault_sync.daemon.lock`; the OS drops it when the process dies, so ``kill -9``
  leaves nothing stale), the observer, then a catch-up pass over everything (what
  changed while the daemon was stopped).
* A pass reads only the paths that were touched (a folder that was created, moved or
  deleted: the paths under it), writes what changed into the local folder, then pushes
  to Nextcloud when ``[remote]`` is set. Every ``rescan`` seconds: a full pass (events
  can be lost; an inotify queue overflow asks for one at once).
* The server down: the work stays queued in the state; a push is tried again after 30 s,
  60 s, … up to 10 min, while the local folder keeps being updated.
* The vault folder gone, or empty when it had notes (an unmounted share): nothing is
  read, written or deleted; the folder is checked every few seconds, and when it is back
  the observer is started again and a full pass catches up.
* SIGTERM/SIGINT: the handler only sets a flag (and Python's wake-up fd wakes the loop);
  the pass in progress stops at its next safe point (a push after the requests already
  sent; the state records each as it goes), the observer is stopped and joined, the state
  closed, exit 0.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import signal
import stat
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from vault_sync import i18n
from vault_sync.build.engine import Engine
from vault_sync.build.entry import Pass
from vault_sync.config import CONFIG_NAME, Config
from vault_sync.daemon.events import (
    Batch,
    NoteEvents,
    OverflowAlarm,
    Timing,
    Watch,
    WorkQueue,
    start_watch,
)
from vault_sync.daemon.lock import VaultLock
from vault_sync.dav.retry import RetryPolicy
from vault_sync.errors import VaultError, VaultSyncError, os_reason
from vault_sync.state import State
from vault_sync.sync.folder import FolderTarget
from vault_sync.sync.nextcloud import NextcloudTarget
from vault_sync.sync.publish import deliver, open_remote, show_remote
from vault_sync.sync.target import SyncReport
from vault_sync.vault import scan

log = logging.getLogger("vault_sync.watch")

SHOWN_NAMES = 3  # paths named in a log line; the rest are counted
# The daemon retries a push itself, later: the client gives up after a few seconds.
CLIENT_RETRY = RetryPolicy(attempts=4, base=0.5, cap=4.0, budget=60.0)
STOP_GRACE = 2.0  # seconds the requests in flight at a stop get to finish


class Stopping(Exception):
    """The daemon is stopping: the pass in progress is abandoned at a safe point."""


@dataclass
class _Open:
    """What a configuration opens: the state, the engine, the targets."""

    state: State
    engine: Engine
    local: FolderTarget
    remote: NextcloudTarget | None

    def close(self) -> None:
        if self.remote is not None:
            self.remote.client.close()
        self.state.close()


class Daemon:
    def __init__(
        self,
        config: Config,
        *,
        lang: str = i18n.DEFAULT_LANG,
        polling: bool = False,
        timing: Timing | None = None,
        reload: Callable[[], Config] | None = None,
        env: Mapping[str, str] | None = None,
        inotify: Callable[[], Any] | None = None,
    ) -> None:
        self.config = config
        self.lang = lang
        self.polling = polling
        self.timing = timing or Timing.from_env(env)
        self._reload_config = reload
        self._env = env
        self._inotify = inotify
        self.queue = WorkQueue()
        self.lock = VaultLock(config.vault)
        self.exit_status = 0
        self._stop_requested = False
        self._signal: str | None = None
        self._said_stop = False
        self._said_lock = threading.Lock()
        self._open: _Open | None = None
        self._watch: Watch | None = None
        self._alarm: OverflowAlarm | None = None
        self._paused = False
        self._identity: tuple[int, int] | None = None
        self._next_rescan = 0.0
        self._push_wanted = False
        self._retry_at: float | None = None
        self._failures = 0
        self._held: set[str] = set()
        self._scan_problems: set[str] = set()
        self._said_empty = False
        self._cutter: threading.Timer | None = None

    # --- stopping ------------------------------------------------------------------------
    def stop(self) -> None:
        """Ask the daemon to stop (from a signal handler or another thread): no lock taken."""
        self._stop_requested = True
        self._cut_later()
        self.queue.wake()

    def _on_signal(self, number: int, frame: FrameType | None) -> None:
        if self._signal is None:
            self._signal = signal.Signals(number).name
        self._stop_requested = True  # the wake-up fd has already woken the loop
        self._cut_later()

    def _cut_later(self) -> None:
        """Requests still unanswered ``STOP_GRACE`` seconds after a stop was asked for are
        cut: whatever the server does (silent, trickling), the daemon ends in seconds."""
        opened = self._open
        if self._cutter is None and opened is not None and opened.remote is not None:
            self._cutter = threading.Timer(STOP_GRACE, self._cut_requests)
            self._cutter.daemon = True
            self._cutter.start()

    def _cut_requests(self) -> None:
        opened = self._open
        if opened is not None and opened.remote is not None:
            opened.remote.client.cancel()

    def _stopping(self) -> bool:
        """Whether a stop was asked for (said once in the log, when first noticed)."""
        if not self._stop_requested:
            return False
        with self._said_lock:
            if not self._said_stop:
                self._said_stop = True
                if self._signal is not None:
                    log.info(self._text("watch.stopping", signal=self._signal))
        return True

    def _check_stop(self, *_: object) -> None:
        """Called between steps of a push (as its progress): abandon it when stopping."""
        if self._stopping():
            raise Stopping

    def _sleep(self, seconds: float) -> None:
        """The web client's wait between retries, cut short by a stop."""
        end = time.monotonic() + seconds
        while True:
            self._check_stop()
            left = end - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(0.1, left))

    # --- the run -------------------------------------------------------------------------
    def run(self) -> int:
        """Run until stopped; the exit status (0, or 2 when the vault's lock was lost)."""
        self.lock.acquire()
        restore = self._install_signals()
        # watchdog warns when a folder moved back in is watched again; it is, and that is fine
        warnings.filterwarnings("ignore", "Callback with id", RuntimeWarning, "watchdog")
        try:
            self._open = self._open_config(self.config)
            self._identity = _identity(self.config.vault)
            self._arm()
            self._started()
            self._run_pass(None, "catch_up")
            gc.collect()
            gc.freeze()  # what the catch-up built lives on: keep the collector off it
            self._loop()
        finally:
            if self._cutter is not None:
                self._cutter.cancel()
                self._cutter.join()
            self._disarm()
            if self._open is not None:
                self._open.close()
                self._open = None
            self.lock.release()
            restore()
            self.queue.close()
        self._stopping()
        log.info(self._text("watch.stopped"))
        return self.exit_status

    def _install_signals(self) -> Callable[[], None]:
        if threading.current_thread() is not threading.main_thread():
            return lambda: None  # only the main thread gets signals (tests run us in another)
        before = {s: signal.signal(s, self._on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
        wakeup = signal.set_wakeup_fd(self.queue.wake_write, warn_on_full_buffer=False)

        def restore() -> None:
            signal.set_wakeup_fd(wakeup)
            for number, handler in before.items():
                signal.signal(number, handler)

        return restore

    def _loop(self) -> None:
        timing = self.timing
        if not self._next_rescan:  # else a catch-up that could not write set it sooner
            self._next_rescan = time.monotonic() + timing.rescan
        while not self._stopping():
            self.queue.wait(self._timeout())
            if self._stopping() or not self._check():
                continue
            batch = self.queue.take(timing.debounce, timing.burst)
            if batch.overflow:
                log.warning(self._text("watch.overflow"))
            if batch.settings:
                self._reload()
            now = time.monotonic()
            if batch.full or now >= self._next_rescan:
                self._next_rescan = now + timing.rescan
                self._run_pass(None, "rescan")
            elif batch.files or batch.folders:
                paths = self._fresh(self._expand(batch))
                if paths:
                    self._run_pass(paths, "changes")
            elif self._retry_at is not None and now >= self._retry_at:
                self._push()

    def _timeout(self) -> float:
        now = time.monotonic()
        deadlines = [now + self.timing.check]
        if not self._paused:
            due = self.queue.due(self.timing.debounce, self.timing.burst)
            if due is not None:
                deadlines.append(due)
            deadlines.append(self._next_rescan)
            if self._retry_at is not None:
                deadlines.append(self._retry_at)
        return max(0.0, min(deadlines) - now)

    def _started(self) -> None:
        assert self._watch is not None and self._open is not None
        if self._watch.polling:
            mode = self._text("watch.mode.polling", seconds=f"{self.timing.poll:g}")
        else:
            mode = self._text("watch.mode.inotify")
        targets = [str(self._open.local.root)]
        if self.config.remote is not None:
            targets.append(self._text("watch.target.remote", url=self.config.remote.url))
        log.info(
            self._text(
                "watch.started",
                vault=str(self.config.vault),
                mode=mode,
                targets=", ".join(targets),
                debounce=round(self.timing.debounce * 1000),
                rescan=f"{self.timing.rescan:g}",
            )
        )

    # --- opening and watching ------------------------------------------------------------
    def _open_config(self, config: Config) -> _Open:
        state = State.for_vault(config.vault)
        try:
            engine = Engine(config, state)
            local = FolderTarget(config.vault / config.output_dir, state)
            # Someone's folder: OutputError, the daemon does not start. The marker not
            # written (the disk full, …): the first pass says so and tries again.
            with contextlib.suppress(OSError):
                local.claim()
            remote = None
            if config.remote is not None:
                remote = self._open_remote(config, state)
                show_remote(engine, state, remote.key)
        except BaseException:
            state.close()
            raise
        self._push_wanted = remote is not None  # the first pass pushes whatever is pending
        return _Open(state, engine, local, remote)

    def _open_remote(self, config: Config, state: State) -> NextcloudTarget:
        return open_remote(config, state, self._env, sleep=self._sleep, retry=CLIENT_RETRY)

    def _arm(self) -> None:
        vault = self.config.vault
        root = os.path.realpath(vault)
        handler = NoteEvents(
            root,
            self.queue,
            self.config.exclude,
            settings=_inside(root, self._settings_file()),
            skip=_inside(root, str(vault / self.config.output_dir)),
        )
        options: dict[str, Any] = {"poll_interval": self.timing.poll}
        if self._inotify is not None:
            options["inotify"] = self._inotify
        self._watch = start_watch(root, handler, self.polling, **options)
        if self._watch.fallback_reason is not None:
            log.warning(self._text("watch.watch_limit", reason=self._watch.fallback_reason))
        if not self._watch.polling:
            self._alarm = OverflowAlarm(self.queue)
            self._alarm.attach()

    def _disarm(self) -> None:
        if self._alarm is not None:
            self._alarm.detach()
            self._alarm = None
        if self._watch is not None:
            self._watch.stop()
            self._watch = None

    def _settings_file(self) -> str:
        if self.config.source != "(defaults)":
            return self.config.source
        return str(self.config.vault / CONFIG_NAME)

    def _check(self) -> bool:
        """Whether work can go on: the vault folder is there, and watched."""
        if not self._vault_present():
            if not self._paused:
                self._paused = True
                self._disarm()
                log.warning(
                    self._text(
                        "watch.vault_gone",
                        vault=str(self.config.vault),
                        seconds=f"{self.timing.check:g}",
                    )
                )
            self.queue.clear()
            return False
        # Deleted and made again (or another share mounted) between two looks: the watch
        # is on the old folder, which no event will ever come from again.
        moved = _identity(self.config.vault) != self._identity
        if self._paused or moved:
            if moved and not self._paused:
                self._disarm()
            if not self._resume() or not self._rearm():
                self._paused = True
                return False
            self._paused = False
            log.warning(self._text("watch.vault_back", vault=str(self.config.vault)))
            self.queue.clear()
            self.queue.request_full()
            return True
        if self._watch is None or not self._watch.alive():
            if not self._rearm():
                return False
            log.warning(self._text("watch.rearmed"))
            self.queue.request_full()
        return True

    def _rearm(self) -> bool:
        """Start watching again; False when the folder went away again meanwhile."""
        self._disarm()
        try:
            self._arm()
        except OSError:
            log.debug("the vault folder cannot be watched yet", exc_info=True)
            self._disarm()
            return False
        return True

    def _vault_present(self) -> bool:
        vault = self.config.vault
        try:
            if not stat.S_ISDIR(os.stat(vault).st_mode):
                return False
            if self._open is None or self._open.engine.empty:
                return True
            with os.scandir(vault) as entries:  # empty, but it had notes: not mounted
                return next(entries, None) is not None
        except OSError:
            return False

    def _resume(self) -> bool:
        """The vault folder is back: if it is another folder than before (a share mounted
        again), open its lock and state anew. False when another daemon took it."""
        identity = _identity(self.config.vault)
        if identity == self._identity and self.lock.still_ours():
            return True
        self.lock.release()
        try:
            self.lock.acquire()
        except VaultSyncError as exc:
            log.error(i18n.render(exc.code, self.lang, **exc.params))
            self.exit_status = 2
            self._stop_requested = True
            return False
        if self._open is not None:
            self._open.close()
            self._open = None
        self._open = self._open_config(self.config)
        self._identity = identity
        return True

    def _reload(self) -> None:
        """The settings file changed: apply it when it is valid, else keep the old one."""
        if self._reload_config is None:
            return
        try:
            config = self._reload_config()
            if config == self.config:
                return
            opened = self._open_config(config)
        except VaultSyncError as exc:
            reason = i18n.render(exc.code, self.lang, **exc.params)
            log.error(self._text("watch.config_rejected", reason=reason))
            return
        if self._open is not None:
            self._open.close()
        self.config, self._open = config, opened
        self._retry_at, self._failures = None, 0
        self._disarm()
        self._arm()
        self.queue.request_full()
        log.info(self._text("watch.config_reloaded", file=self._settings_file()))

    # --- a pass --------------------------------------------------------------------------
    def _expand(self, batch: Batch) -> set[str]:
        """The files of the batch, and those under its folders (known before, or now)."""
        assert self._open is not None
        paths = set(batch.files)
        known = self._open.engine.entries
        for folder in batch.folders:
            prefix = folder + "/"
            paths.update(p for p in known if p.startswith(prefix))
            try:
                files, _ = scan(self.config.vault / folder, within=self.config.vault)
            except VaultError:  # gone, or not a folder any more
                continue
            paths.update(prefix + f.path for f in files)
        return paths

    def _fresh(self, paths: set[str]) -> set[str]:
        """``paths`` less the files modified less than the debounce time ago, which are
        put back in the queue: a file still being written is not read."""
        now, young, wait = time.time(), set(), 0.0
        for path in paths:
            try:
                age = now - os.stat(self.config.vault / path).st_mtime
            except OSError:
                continue
            if 0 <= age < self.timing.debounce:
                young.add(path)
                wait = max(wait, self.timing.debounce - age)
        if young:
            self.queue.defer(young, time.monotonic() + wait)
        return paths - young

    def _run_pass(self, paths: set[str] | None, kind: str) -> None:
        """Refresh ``paths`` (None: everything), write the local folder, push.

        Whatever one pass meets, the daemon goes on: an unexpected error (a bug) is said
        in the journal and the next full rescan tries again.
        """
        try:
            self._run_pass_unguarded(paths, kind)
        except (Stopping, VaultSyncError):
            raise
        except Exception as exc:
            log.debug("the pass failed", exc_info=True)
            self._next_rescan = time.monotonic() + self.timing.retry
            log.error(
                self._text(
                    "watch.internal_error",
                    error=_describe(exc),
                    seconds=f"{self.timing.retry:g}",
                )
            )

    def _run_pass_unguarded(self, paths: set[str] | None, kind: str) -> None:
        assert self._open is not None
        opened = self._open
        log.debug("pass (%s): %s", kind, "everything" if paths is None else sorted(paths))
        try:
            built = opened.engine.refresh(paths)
        except VaultError:  # the folder went away under the scan: _check pauses
            self.queue.request_full()
            return
        if self._stopping():
            return
        if opened.engine.empty:  # an emptied or unmounted vault publishes nothing at all
            if not self._said_empty:
                self._said_empty = True
                log.warning(self._text("watch.vault_empty", vault=str(self.config.vault)))
            return
        self._said_empty = False
        try:
            written = opened.local.apply(
                built.outputs,
                None if paths is None else built.changed_outputs,
                vault_empty=opened.engine.empty,
            )
        except OSError as exc:
            self._local_failed(exc)
            return
        self._report_pass(kind, built, written)
        if opened.remote is not None:
            self._push_wanted |= bool(built.changed_outputs) or kind == "catch_up"
            if self._retry_at is None or time.monotonic() >= self._retry_at:
                self._push()

    def _local_failed(self, exc: OSError) -> None:
        assert self._open is not None
        seconds = self.timing.retry
        log.error(
            self._text(
                "watch.local_error",
                out=str(self._open.local.root),
                reason=os_reason(exc),
                seconds=f"{seconds:g}",
            )
        )
        self._next_rescan = time.monotonic() + seconds  # a full pass rewrites what is missing

    def _push(self) -> None:
        """Push the outputs to Nextcloud; on failure, try again later (with backoff)."""
        opened = self._open
        assert opened is not None
        if not self._push_wanted or self.config.remote is None or opened.engine.empty:
            self._retry_at = None
            return
        self._retry_at = None
        try:
            if opened.remote is None:  # dropped after an error: open it again (password too)
                opened.remote = self._open_remote(self.config, opened.state)
            report, changed = deliver(
                opened.engine,
                opened.engine.outputs,
                opened.remote,
                progress=self._check_stop,
                waiting=self._check_stop,
                reshare=not self.config.remote.keep_file_links,
            )
        except Stopping:
            log.warning(self._text("watch.push_abandoned"))
            return
        except VaultSyncError as exc:  # wrong password, certificate, …: the client is reopened
            if opened.remote is not None:
                opened.remote.client.close()
                opened.remote = None
            seconds = self._back_off()
            reason = i18n.render(exc.code, self.lang, **exc.params)
            log.error(self._text("watch.push_error", reason=reason, seconds=f"{seconds:g}"))
            return
        except Exception as exc:  # a bug: said, and tried again later; the daemon goes on
            log.debug("the push failed", exc_info=True)
            seconds = self._back_off()
            reason = _describe(exc)
            log.error(self._text("watch.push_error", reason=reason, seconds=f"{seconds:g}"))
            return
        if self._stopping():  # requests cut by the stop: resumed at the next start
            log.warning(self._text("watch.push_abandoned"))
            return
        if changed:  # the digests now show the feeds' links or conflicts
            try:
                opened.local.apply(opened.engine.outputs, changed, vault_empty=opened.engine.empty)
            except OSError as exc:
                self._local_failed(exc)
        self._report_push(report)

    def _back_off(self) -> float:
        seconds = min(self.timing.retry_max, self.timing.retry * 2.0 ** min(self._failures, 30))
        self._failures += 1
        self._retry_at = time.monotonic() + seconds
        return seconds

    # --- the journal ---------------------------------------------------------------------
    def _text(self, code: str, **params: Any) -> str:
        return i18n.render(code, self.lang, **params)

    def _names(self, paths: Iterable[str]) -> str:
        paths = sorted(paths)
        shown = ", ".join(paths[:SHOWN_NAMES])
        if len(paths) > SHOWN_NAMES:
            shown += ", " + self._text("watch.more", count=len(paths) - SHOWN_NAMES)
        return shown

    def _report_pass(self, kind: str, built: Pass, written: SyncReport) -> None:
        assert self._open is not None
        engine = self._open.engine
        notes = sorted(set(built.reread) | set(built.removed))
        if kind == "catch_up":
            log.info(
                self._text(
                    "watch.catch_up",
                    reread=len(built.reread),
                    written=len(written.written),
                    unchanged=written.unchanged,
                    removed=len(written.removed),
                )
            )
        elif notes or written.written or written.removed:
            log.info(
                self._text(
                    "watch.rescan" if kind == "rescan" else "watch.changes",
                    count=len(notes),
                    names=self._names(notes) or "—",
                    written=len(written.written),
                    removed=len(written.removed),
                )
            )
        for path in built.reread:
            entry = engine.entries.get(path)
            for found in entry.problems if entry is not None else ():
                log.warning(i18n.format_problem(found, self.lang))
        if kind != "changes":
            shown = {i18n.format_problem(p, self.lang) for p in built.scan_problems}
            for line in sorted(shown - self._scan_problems):
                log.warning(line)
            self._scan_problems = shown
        held = set(engine.held_back())
        if held != self._held and held:
            log.warning(self._text("build.held_back", count=len(held)))
        self._held = held
        for path in written.kept_edited:
            log.warning(self._text("build.kept_edited", path=path))
        if written.deletion_refused:
            log.warning(self._text("build.deletion_refused", count=len(written.deletion_refused)))

    def _report_push(self, report: SyncReport) -> None:
        if report.created or report.updated or report.deleted:
            log.info(
                self._text(
                    "watch.pushed",
                    created=len(report.created),
                    updated=len(report.updated),
                    deleted=len(report.deleted),
                )
            )
        for path, copy in sorted(report.conflicts.items()):
            log.warning(self._text("push.conflict", path=path, copy=copy))
        for path in report.kept_edited:
            log.warning(self._text("push.kept_edited", path=path))
        for path, error in sorted(report.failed.items()):
            reason = i18n.render(error.code, self.lang, **error.params)
            log.warning(self._text("push.failed", path=path, reason=reason))
        if report.deletion_refused:
            log.warning(self._text("build.deletion_refused", count=len(report.deletion_refused)))
        if report.unreachable:
            seconds = self._back_off()
            log.error(
                self._text("watch.unreachable", pending=len(report.pending), seconds=f"{seconds:g}")
            )
        elif report.pending or report.failed:
            seconds = self._back_off()
            left = len(set(report.pending) | set(report.failed))
            log.warning(self._text("watch.push_incomplete", pending=left, seconds=f"{seconds:g}"))
        else:
            self._push_wanted, self._failures = False, 0


def _describe(exc: BaseException) -> str:
    """``Type: text`` of an unexpected exception, on one line, shortened."""
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= 300 else text[:299] + "…"


def _identity(folder: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _inside(root: str, path: str) -> str | None:
    """``path`` relative to ``root`` (``/``-separated) when it lies inside, else None."""
    real = os.path.realpath(path)
    if not real.startswith(root + os.sep):
        return None
    return real[len(root) + 1 :].replace(os.sep, "/")
