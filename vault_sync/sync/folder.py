"""EDGE: the embedded default target, a local folder the outputs are written into.

A :class:`~vault_sync.sync.target.Target`: the planner decides what to create, update
and delete, and holds back mass deletions (an emptied or unmounted vault must not read
as "delete everything"); this module carries that out. It writes atomically (a
temporary file in the same folder, then rename), so a reader never sees half a file;
files whose bytes did not change are left untouched (their mtime too), and a file the
state does not know of that already holds the bytes (a lost state) is adopted, not
rewritten; a file removed by someone is written again; it removes only files it wrote
itself and that nobody changed since, and prunes the folders that leaves empty.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from vault_sync.render.outputs import content_digest
from vault_sync.state import State
from vault_sync.sync.plan import Kind, Published, SyncPlan
from vault_sync.sync.target import Progress, SyncReport, Target, synchronize


class FolderTarget:
    def __init__(self, root: Path, state: State) -> None:
        self.root = root
        self.state = state
        self.key = "local:" + str(root.resolve())
        self._published: dict[str, Published] | None = None  # read once per target

    def apply(
        self,
        outputs: Mapping[str, bytes],
        changed: Iterable[str] | None = None,
        force_delete: bool = False,
        vault_empty: bool = False,
    ) -> SyncReport:
        """Make the folder hold ``outputs``; ``changed`` limits the paths looked at.

        Removals are refused (and reported) when more than half of what was published
        would go, or when the vault reads empty, unless ``force_delete``.
        """
        return synchronize(
            self, outputs, only=changed, force_delete=force_delete, vault_empty=vault_empty
        )

    # --- the Target protocol -------------------------------------------------------------
    def published(self) -> dict[str, Published]:
        """The files this folder got from vault-sync; the digest serves as the ETag."""
        if self._published is None:
            self._published = {
                path: Published(path, digest, digest)
                for path, digest in self.state.outputs(self.key).items()
            }
        return self._published

    def holds(self, path: str) -> bool:
        return (self.root / path).exists()

    def execute(
        self,
        sync: SyncPlan,
        outputs: Mapping[str, bytes],
        report: SyncReport,
        progress: Progress | None = None,
    ) -> None:
        published = self.published()
        written: dict[str, str] = {}
        removed: list[str] = []
        folders: dict[Path, bool] = {}  # folder -> it existed before this run
        try:
            for done, action in enumerate(sync.actions, 1):
                path = action.path
                file = self.root / path
                if action.kind is Kind.DELETE:
                    if file.exists() and not _same(file, action.etag):
                        report.kept_edited.append(path)  # someone changed it: it stays
                    else:
                        file.unlink(missing_ok=True)
                        _prune(file.parent, self.root)
                        report.deleted.append(path)
                    removed.append(path)  # ours no more, either way
                else:
                    if file.parent not in folders:
                        folders[file.parent] = file.parent.is_dir()
                    # A file we do not know of may hold these bytes already (a state lost);
                    # in a folder that did not exist (a first build) there is nothing to read.
                    unknown = path not in published and folders[file.parent]
                    if unknown and _same(file, action.digest):
                        report.unchanged += 1
                    else:
                        write_atomically(file, outputs[path])
                        done_to = report.created if action.kind is Kind.CREATE else report.updated
                        done_to.append(path)
                    written[path] = action.digest
                if progress is not None:
                    progress(done, len(sync.actions))
        finally:  # what was done is recorded, even when a write failed half-way
            self.state.record_outputs(self.key, written, removed)
            for path, digest in written.items():
                published[path] = Published(path, digest, digest)
            for path in removed:
                published.pop(path, None)


if TYPE_CHECKING:  # mypy: a FolderTarget is a Target
    _TARGET: type[Target] = FolderTarget


def _same(file: Path, mark: str) -> bool:
    try:
        return content_digest(file.read_bytes()) == mark
    except OSError:
        return False


def write_atomically(file: Path, data: bytes) -> None:
    """Write to a hidden temporary file beside ``file``, then rename it over ``file``.

    The temporary name is fixed per file and process (one writer per target at a time):
    no random names to try, and the mode is set as the file is created.
    """
    temporary = file.with_name(f".{file.name}.{os.getpid()}.tmp")
    try:
        handle = os.open(temporary, _FLAGS, 0o644)
    except FileNotFoundError:
        file.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(temporary, _FLAGS, 0o644)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, file)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


def _prune(folder: Path, root: Path) -> None:
    """Remove folders left empty by a removal, up to (not including) the root."""
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
