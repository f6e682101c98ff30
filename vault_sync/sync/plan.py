"""What a push must do: compare what should be published with what was. PURE.

Like vdirsyncer's sync algorithm, this module knows nothing of HTTP or of files: it
takes the outputs of a build (path -> content digest) and the rows of the published
state (what vault-sync wrote to a target, with the ETag the target gave it; the local
folder uses the digest as its ETag) and returns actions. It is the one place that
decides create/update/delete and holds back mass deletions, for every target
(:mod:`vault_sync.sync.target` runs it; the targets carry the actions out).

Rules:
* a file whose digest equals the published one is not touched: no PUT, no PROPFIND;
* a new file is created with ``If-None-Match: *``; a changed one updated with
  ``If-Match: <etag we got>``: a file someone edited on the server is never overwritten;
* a published file that is no longer an output is deleted (``If-Match``) — only files
  vault-sync wrote; and not at all when more than half of the published files would go
  or the vault reads empty, unless ``force_delete``: an unmounted share or a half-synced
  folder must never read as "delete everything";
* a published file the target no longer holds (``present`` says so) is created again.

A rebuild after one edit must not cost a look at every output: ``only`` restricts the
plan to the paths that may have changed; the rest count as unchanged. The deletion
guard then weighs the deletions among those paths against the whole published table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from vault_sync.notes.names import safe_name


class Kind(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


@dataclass(frozen=True)
class Published:
    """A file vault-sync wrote to a target, as the target answered."""

    path: str
    digest: str  # sha256 of the bytes we sent
    etag: str  # the ETag the server gave that version (the local folder: the digest)


@dataclass(frozen=True)
class Action:
    kind: Kind
    path: str
    digest: str = ""  # of the new content (create, update)
    etag: str = ""  # the version we expect to find there (update, delete)


@dataclass
class SyncPlan:
    actions: list[Action] = field(default_factory=list)
    unchanged: int = 0
    deletions_refused: list[str] = field(default_factory=list)

    def of(self, kind: Kind) -> list[Action]:
        return [a for a in self.actions if a.kind is kind]


def plan(
    desired: Mapping[str, str],
    published: Mapping[str, Published],
    *,
    force_delete: bool = False,
    vault_empty: bool = False,
    only: Iterable[str] | None = None,
    present: Callable[[str], bool] | None = None,
) -> SyncPlan:
    """Actions that make the target hold ``desired`` (path -> digest).

    ``only``: look at these paths alone (outputs or former outputs that may have
    changed); every other desired path counts as unchanged, and no other published
    path is deleted. The guard still weighs the deletions against all of ``published``.
    ``present``: whether the target still holds a published path; asked only of paths
    that would be left alone (None: trust the state), a missing one is created again.

    Creates come first, folders before files (sorted paths), then updates, then deletes;
    so a reader never sees a digest pointing at a summary that is not there yet.
    """
    result = SyncPlan()
    if only is None:
        looked: Iterable[str] = desired
        gone = sorted(set(published) - set(desired))
    else:
        paths = set(only)
        looked = [p for p in paths if p in desired]
        gone = sorted(p for p in paths if p in published and p not in desired)
        result.unchanged = len(desired) - len(looked)
    for path in sorted(looked):
        digest = desired[path]
        row = published.get(path)
        if row is None:
            result.actions.append(Action(Kind.CREATE, path, digest))
        elif row.digest != digest:
            result.actions.append(Action(Kind.UPDATE, path, digest, row.etag))
        elif present is not None and not present(path):
            result.actions.append(Action(Kind.CREATE, path, digest))  # someone removed it
        else:
            result.unchanged += 1
    if gone and not force_delete and (vault_empty or len(gone) * 2 > len(published)):
        result.deletions_refused = gone
    else:
        result.actions += [Action(Kind.DELETE, p, etag=published[p].etag) for p in gone]
    order = {Kind.CREATE: 0, Kind.UPDATE: 1, Kind.DELETE: 2}
    result.actions.sort(key=lambda a: (order[a.kind], a.path))
    return result


def folders_of(paths: list[str]) -> list[str]:
    """Every parent folder of ``paths``, parents before children ("a", "a/b")."""
    found: set[str] = set()
    for path in paths:
        parts = path.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            found.add("/".join(parts[:depth]))
    return sorted(found, key=lambda f: (f.count("/"), f))


def conflict_copy_name(path: str, stamp: str) -> str:
    """Where our version goes when the server's was edited by someone:
    "gmo/Readme.md" -> "gmo/Readme (версия vault-sync 2026-11-21).md"; cut short and
    made valid as every published name (:func:`vault_sync.notes.names.safe_name`)."""
    folder, _, name = path.rpartition("/")
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    marker = f" (версия vault-sync {stamp})" + (f".{suffix}" if suffix else "")
    copy = safe_name(stem, marker)  # a long name is cut before the marker, which stays
    return f"{folder}/{copy}" if folder else copy
