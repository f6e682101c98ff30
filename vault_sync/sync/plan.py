"""What a push must do: compare what should be published with what was. PURE.

Like vdirsyncer's sync algorithm, this module knows nothing of HTTP: it takes the
outputs of a build (path -> content digest) and the rows of the published state (what
vault-sync wrote, with the ETag the server gave it) and returns actions. The remote
target executes them and records each as it completes, so a crash resumes.

Rules:
* a file whose digest equals the published one is not touched: no PUT, no PROPFIND;
* a new file is created with ``If-None-Match: *``; a changed one updated with
  ``If-Match: <etag we got>``: a file someone edited on the server is never overwritten;
* a published file that is no longer an output is deleted (``If-Match``) — only files
  vault-sync wrote; and not at all when more than half of the published files would go
  or the vault reads empty, unless ``force_delete``: an unmounted share or a half-synced
  folder must never read as "delete everything".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


@dataclass(frozen=True)
class Published:
    """A file vault-sync wrote to the remote, as the server answered."""

    path: str
    digest: str  # sha256 of the bytes we sent
    etag: str  # the ETag the server gave that version


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
) -> SyncPlan:
    """Actions that make the remote hold ``desired`` (path -> digest).

    Creates come first, folders before files (sorted paths), then updates, then deletes;
    so a reader never sees a digest pointing at a summary that is not there yet.
    """
    result = SyncPlan()
    for path in sorted(desired):
        digest = desired[path]
        row = published.get(path)
        if row is None:
            result.actions.append(Action(Kind.CREATE, path, digest))
        elif row.digest != digest:
            result.actions.append(Action(Kind.UPDATE, path, digest, row.etag))
        else:
            result.unchanged += 1
    gone = sorted(set(published) - set(desired))
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
    "gmo/Readme.md" -> "gmo/Readme (версия vault-sync 2026-11-21).md"."""
    folder, _, name = path.rpartition("/")
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    copy = f"{stem} (версия vault-sync {stamp})" + (f".{suffix}" if suffix else "")
    return f"{folder}/{copy}" if folder else copy
