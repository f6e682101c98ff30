"""EDGE: the Nextcloud target: carry out a sync plan over WebDAV and record each step.

A :class:`~vault_sync.sync.target.Target`: the plan comes from the one planner, through
:func:`~vault_sync.sync.target.synchronize` (a push) and
:func:`~vault_sync.sync.target.plan_for` (a dry run, what is still pending).

Every request is recorded before it goes (``in_flight``) and after it completes
(``published``), one at a time; so a push killed at any moment resumes where it
stopped. At the start of a push, requests left in flight are checked against the
server (did the upload land? is the file gone?) instead of being repeated: no storm of
412s after a crash, nothing uploaded twice.

A file someone changed on the server since vault-sync wrote it is never overwritten:
our version goes beside it as a conflict copy, and the conflict is reported until the
file is put back (or deleted on the server, which hands it back to vault-sync).

The feeds' public links come from one link share of the ``calendars/`` folder
(:meth:`NextcloudTarget.check_shares`, once per push, before the build): known before
any feed is uploaded, made again when deleted or expired on the server. Feeds shared one
by one by an older version keep their own links while those live.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from vault_sync.dav.client import DavClient
from vault_sync.dav.multistatus import same_etag
from vault_sync.dav.shares import (
    folder_share,
    link_shares,
    public_folder_url,
    token_of,
)
from vault_sync.errors import AuthError, NotFound, PreconditionFailed, RemoteError, Unreachable
from vault_sync.render import layout
from vault_sync.render.links import feed_links
from vault_sync.render.outputs import content_digest
from vault_sync.state import FolderShare, State
from vault_sync.sync.plan import (
    Action,
    Kind,
    Published,
    SyncPlan,
    conflict_copy_name,
    folders_of,
)
from vault_sync.sync.target import Progress, SyncReport, Target, plan_for, synchronize

log = logging.getLogger("vault_sync.sync.nextcloud")


class NextcloudTarget:
    """A Nextcloud folder (``[remote]`` of the settings) as a target of outputs."""

    def __init__(
        self,
        client: DavClient,
        state: State,
        key: str,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        workers: int = 4,
    ) -> None:
        self.client = client
        self.state = state
        self.key = key  # identifies the remote in the state: "dav:" + its files URL
        self.now = now
        self.workers = workers
        self._lock = threading.Lock()  # one writer to the state database at a time
        self._missing: set[str] = set()  # published files found gone or changed there

    # --- planning --------------------------------------------------------------------------
    def preview(
        self, outputs: Mapping[str, bytes], force_delete: bool = False, vault_empty: bool = False
    ) -> tuple[list[Action], list[str]]:
        """What a push would do (no request is sent): actions, refused deletions."""
        result = plan_for(self, outputs, force_delete=force_delete, vault_empty=vault_empty)
        return result.actions, result.deletions_refused

    # --- pushing ---------------------------------------------------------------------------
    def push(
        self,
        outputs: Mapping[str, bytes],
        force_delete: bool = False,
        vault_empty: bool = False,
        progress: Progress | None = None,
    ) -> SyncReport:
        report = SyncReport()
        stopped: RemoteError | None = None  # what ended the run early, if anything did
        self._missing = set()
        try:
            self._recover(outputs, report)
            root_unchanged = self._look_for_missing()
            synchronize(
                self,
                outputs,
                force_delete=force_delete,
                vault_empty=vault_empty,
                progress=progress,
                report=report,
            )
            if not (root_unchanged and report.quiet):  # what the root looks like now
                found = self.client.stat("")
                self.state.save_root_etag(self.key, found.etag if found is not None else None)
        except Unreachable:
            report.unreachable = True
        except RemoteError as exc:  # a wrong password, a full disk, …: said by the caller
            stopped = exc
            raise
        finally:
            report.pending = sorted(self._pending(outputs, force_delete, vault_empty))
            outcome = run_outcome(report, stopped)
            self.state.record_run(
                self.key,
                self.now().isoformat(timespec="seconds"),
                len(set(report.pending) | set(report.failed)),
                outcome,
                outcome in ("ok", "conflicts"),
            )
        return report

    # --- the Target protocol -------------------------------------------------------------
    def published(self) -> dict[str, Published]:
        return self.state.published(self.key)

    def holds(self, path: str) -> bool:
        """Whether the server still has ``path``, as the look at the start of the push
        found (:meth:`_look_for_missing`)."""
        return path not in self._missing

    def _look_for_missing(self) -> bool:
        """Find the published files someone deleted or changed on the server, cheaply: one
        PROPFIND (Depth 0) of the root folder, whose ETag changes whenever anything below
        it does; only when it differs from the one after our last push are the folders we
        publish into listed. Whether the root was as we left it."""
        published = self.state.published(self.key)
        if not published:
            return True
        found = self.client.stat("")
        recorded = self.state.root_etag(self.key)
        if found is not None and recorded is not None and same_etag(found.etag, recorded):
            return True
        present: dict[str, str] = {}
        if found is not None:
            for folder in ["", *folders_of(sorted(published))]:
                try:
                    present.update(self.client.list(folder))
                except NotFound:
                    continue
        gone = set(published) - set(present)
        if gone:
            log.info("%d published files are gone from the server", len(gone))
            self.client.forget_folders()
            conflicted = self.state.conflicts(self.key)
            for path in gone & set(conflicted):  # deleted: handed back to us
                self.state.clear_conflict(self.key, path)
        # changed there since we wrote them: written again, which finds out whose they are
        # (ours after all, or someone's edit: then ours goes beside it as a conflict copy)
        changed = {
            path
            for path, row in published.items()
            if path in present and not same_etag(present[path], row.etag)
        }
        self._missing = gone | changed
        return False

    def execute(
        self,
        sync: SyncPlan,
        outputs: Mapping[str, bytes],
        report: SyncReport,
        progress: Progress | None = None,
    ) -> None:
        """Carry out the actions in parallel, each recorded before it goes and when done."""
        actions = self._without_standing_conflicts(sync.actions, report)
        self.client.ensure_folders(
            folders_of([a.path for a in actions if a.kind is not Kind.DELETE])
        )
        done = 0

        def one(action: Action) -> None:
            nonlocal done
            self._carry_out(action, outputs, report)
            with self._lock:
                done += 1
                if progress is not None:
                    progress(done, len(actions))

        outcomes = self.client.run_parallel([functools.partial(one, a) for a in actions])
        for action, result in zip(actions, outcomes, strict=True):
            if isinstance(result, RemoteError):  # retried and still failing: next time
                report.failed[action.path] = result
        for done_paths in (report.created, report.updated, report.deleted, report.recovered):
            done_paths.sort()  # in path order, whichever worker finished first

    def _without_standing_conflicts(
        self, actions: list[Action], report: SyncReport
    ) -> list[Action]:
        """Drop updates that would only repeat a conflict already reported.

        A conflict stands while the server keeps its own version: ours is in the copy. If
        the file was deleted there, it is handed back to vault-sync and created again.
        """
        conflicted = self.state.conflicts(self.key)
        kept = []
        for action in actions:
            standing = conflicted.get(action.path)
            if standing is None or standing[1] != action.digest:
                kept.append(action)
            elif self.client.stat(action.path) is None:
                self.state.clear_conflict(self.key, action.path)
                kept.append(Action(Kind.CREATE, action.path, action.digest))
            else:
                report.conflicts[action.path] = standing[0]
        return kept

    def _pending(self, outputs: Mapping[str, bytes], force: bool, empty: bool) -> list[str]:
        left = plan_for(self, outputs, force_delete=force, vault_empty=empty)
        conflicted = self.state.conflicts(self.key)
        return [
            a.path
            for a in left.actions
            if not (a.path in conflicted and conflicted[a.path][1] == a.digest)
        ]

    def _carry_out(self, action: Action, outputs: Mapping[str, bytes], report: SyncReport) -> None:
        path = action.path
        with self._lock:
            self.state.begin(self.key, path, action.kind.value, action.digest)
        try:
            if action.kind is Kind.DELETE:
                self.client.delete(path, if_match=action.etag)
                self._record(path, None)
                report.deleted.append(path)
                return
            data = outputs[path]
            etag = self.client.put(
                path,
                data,
                mtime=self.now().timestamp(),
                if_match=action.etag or None,
                if_none_match=action.kind is Kind.CREATE,
            )
            self._record(path, Published(path, action.digest, etag))
            (report.created if action.kind is Kind.CREATE else report.updated).append(path)
        except PreconditionFailed:
            self._precondition_failed(action, outputs, report)
        except NotFound:
            if action.kind is Kind.DELETE:  # already gone: what we wanted
                self._record(path, None)
                report.deleted.append(path)
            else:
                raise
        except AuthError:
            with self._lock:
                self.state.abandon(self.key, path)
            raise

    def _precondition_failed(
        self, action: Action, outputs: Mapping[str, bytes], report: SyncReport
    ) -> None:
        """The server's file is not the version we wrote: see whose it is."""
        path = action.path
        found = self.client.stat(path)
        if action.kind is Kind.DELETE:
            # Edited since we wrote it: it stays, and is someone else's from now on (as in
            # the local folder), so it is not reported again at every push.
            self._record(path, None)
            report.kept_edited.append(path)
            return
        data = outputs[path]
        if found is None:  # deleted on the server: the file is handed back to us
            etag = self.client.put(
                path, data, if_match=None, if_none_match=True, mtime=self.now().timestamp()
            )
            self._record(path, Published(path, action.digest, etag))
            with self._lock:
                self.state.clear_conflict(self.key, path)
            report.created.append(path)
            return
        if content_digest(self.client.get(path)) == action.digest:  # ours already (a lost answer)
            self._record(path, Published(path, action.digest, found[0]))
            report.recovered.append(path)
            return
        with self._lock:  # another push of this vault may have published it meanwhile
            now_published = self.state.published(self.key).get(path)
        if now_published is not None and same_etag(found[0], now_published.etag):
            etag = self.client.put(
                path, data, if_match=found[0], mtime=self.now().timestamp()
            )  # ours, as the state says: replaced, never a conflict with ourselves
            self._record(path, Published(path, action.digest, etag))
            report.updated.append(path)
            return
        copy = conflict_copy_name(path, self.now().date().isoformat())
        existing = self.client.stat(copy)
        self.client.put(
            copy,
            data,
            if_match=existing[0] if existing else None,
            if_none_match=existing is None,
            mtime=self.now().timestamp(),
        )
        with self._lock:
            self.state.abandon(self.key, path)
            self.state.record_conflict(
                self.key, path, copy, action.digest, self.now().isoformat(timespec="seconds")
            )
        report.conflicts[path] = copy
        log.warning("conflict: %s was changed on the server; ours is in %s", path, copy)

    def _record(self, path: str, published: Published | None) -> None:
        with self._lock:
            self.state.done(self.key, path, published)

    def _recover(self, outputs: Mapping[str, bytes], report: SyncReport) -> None:
        """Requests left in flight by a crash: find out whether they happened."""
        for path, (kind, wanted) in sorted(self.state.in_flight(self.key).items()):
            found = self.client.stat(path)
            if kind == Kind.DELETE.value:
                if found is None:
                    self._record(path, None)
                    report.recovered.append(path)
                else:
                    self.state.abandon(self.key, path)
                continue
            if found is not None and content_digest(self.client.get(path)) == wanted:
                self._record(path, Published(path, wanted, found[0]))
                report.recovered.append(path)
            else:
                self.state.abandon(self.key, path)  # it did not land: the plan redoes it

    # --- public links -------------------------------------------------------------------
    def check_shares(self, reshare: bool = False) -> bool:
        """Make sure the feeds' public links work; ``True`` when the links changed.

        One request lists the user's live public links. The feed folder's share is kept
        when it is among them; otherwise it is found again or created (with the folder),
        so a share deleted or expired on the server is replaced on the next push. A feed
        with a link of its own from before keeps it while that link lives; a dead one,
        or all of them with ``reshare``, give way to the folder's.
        """
        before = self.links_shown()
        live = link_shares(self.client)
        tokens = {share.token for share in live}
        for path, link in self.state.links(self.key).items():
            if reshare or token_of(link) not in tokens:
                with self._lock:
                    self.state.drop_link(self.key, path)
        stored = self.state.folder_share(self.key)
        if stored is None or stored.token not in tokens:
            with self._lock:
                self.state.drop_folder_share(self.key)  # never shown dead, even if refused
            share = folder_share(self.client, layout.CALENDARS, live)
            url = public_folder_url(share, self.client.server_url)
            kept = FolderShare(share.share_id, share.token, url)
            with self._lock:
                self.state.save_folder_share(self.key, kept)
            log.info("public link of %s: %s", layout.CALENDARS, url)
        return self.links_shown() != before

    def links_shown(self) -> tuple[dict[str, str], str | None]:
        """What the digests show: the feeds' own links, and the folder share's address."""
        return links_of(self.state, self.key)

    def feed_links(self, outputs: Mapping[str, bytes]) -> dict[str, str]:
        """Feed path -> public address, for the published feeds among ``outputs``."""
        published = self.state.published(self.key)
        own, folder = self.links_shown()
        return feed_links([p for p in feed_paths(outputs) if p in published], own, folder)


def links_of(state: State, key: str) -> tuple[dict[str, str], str | None]:
    """The feeds' own links on the remote ``key``, and its feed folder share's address."""
    share = state.folder_share(key)
    return state.links(key), share.url if share else None


if TYPE_CHECKING:  # mypy: a NextcloudTarget is a Target
    _TARGET: type[Target] = NextcloudTarget


def run_outcome(report: SyncReport, stopped: RemoteError | None = None) -> str:
    """How a push ended, as ``status`` shows it: ``ok`` and ``conflicts`` are successes
    (everything we could publish is published); ``unreachable``, ``failed`` (files the
    server refused, still queued) and the code of an error that stopped the run are not."""
    if stopped is not None:
        return "refused" if isinstance(stopped, AuthError) else "failed"
    if report.unreachable:
        return "unreachable"
    if report.failed:
        return "failed"
    return "conflicts" if report.conflicts else "ok"


def feed_paths(outputs: Iterable[str]) -> list[str]:
    """The calendar feeds among the outputs, which have public links."""
    prefix = layout.CALENDARS + "/"
    return sorted(p for p in outputs if p.startswith(prefix) and p.endswith(".ics"))
