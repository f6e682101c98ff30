"""EDGE: the embedded default target, a local folder the outputs are written into.

A :class:`~vault_sync.sync.target.Target`: the planner decides what to create, update
and delete, and holds back mass deletions (an emptied or unmounted vault must not read
as "delete everything"); this module carries that out. It writes atomically (a
temporary file in the same folder, then rename), so a reader never sees half a file;
files whose bytes did not change are left untouched (their mtime too), and a file the
state does not know of that already holds the bytes (a lost state) is adopted, not
rewritten; a file removed by someone is written again; it removes only files it wrote
itself and that nobody changed since, and prunes the folders that leaves empty.

It writes only into a folder of its own (:meth:`FolderTarget.claim`): one that is new or
empty, that it wrote before (the state says so), or that holds its marker file
:data:`MARKER`; any other folder holds someone's files (``build --out ~/Documents``
would overwrite a ``Readme.md``) and is refused unless told to overwrite.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from vault_sync.errors import OutputError
from vault_sync.render.outputs import content_digest
from vault_sync.state import State
from vault_sync.sync.plan import Kind, Published, SyncPlan
from vault_sync.sync.target import Progress, SyncReport, Target, synchronize

# Written into every output folder: this folder is vault-sync's to write (and to serve).
MARKER = ".vault-sync-output"
_MARKER_TEXT = (
    "This folder holds what vault-sync builds: it may rewrite or remove any file here.\n"
    "В этой папке — то, что строит vault-sync: он может переписать или удалить любой файл.\n"
)
_FOREIGN_SHOWN = 5  # foreign files named in the message


def is_output_folder(folder: Path) -> bool:
    """Whether ``folder`` holds vault-sync's marker: it was built by vault-sync."""
    return (folder / MARKER).is_file()


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

    def claim(self, overwrite: bool = False) -> None:
        """Make sure the folder is ours to write, and mark it so.

        Ours: it holds :data:`MARKER`, does not exist or holds no file, or the state
        knows of files vault-sync wrote there (a folder built before the marker existed).
        Else an :class:`OutputError` naming a few of the files found, unless
        ``overwrite``. OSError when the marker cannot be written.
        """
        if is_output_folder(self.root):
            return
        if not overwrite and self.root.is_dir() and not self.published():
            foreign = _files_in(self.root, _FOREIGN_SHOWN + 1)
            if foreign:
                shown = ", ".join(foreign[:_FOREIGN_SHOWN])
                more = "" if len(foreign) <= _FOREIGN_SHOWN else ", …"
                raise OutputError("output.foreign", path=str(self.root), files=shown + more)
        self.root.mkdir(parents=True, exist_ok=True)
        write_atomically(self.root / MARKER, _MARKER_TEXT.encode("utf-8"))

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


def _files_in(root: Path, limit: int) -> list[str]:
    """Up to ``limit`` files under ``root`` (relative paths, shallowest first)."""
    found: list[str] = []
    for folder, subfolders, files in os.walk(root):
        subfolders.sort()
        relative = Path(folder).relative_to(root)
        found += [(relative / name).as_posix() for name in sorted(files)]
        if len(found) >= limit:
            break
    return found[:limit]


def _prune(folder: Path, root: Path) -> None:
    """Remove folders left empty by a removal, up to (not including) the root."""
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
