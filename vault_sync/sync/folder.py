"""EDGE: the embedded default target, a local folder the outputs are written into.

Writes atomically (a temporary file in the same folder, then rename), so a reader never
sees half a file; leaves files whose bytes did not change untouched (their mtime too);
removes only files it wrote itself and that nobody changed since; and never removes
more than half of what it published unless told to (an emptied or unmounted vault must
not read as "delete everything").
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from vault_sync.render.outputs import content_digest, digest_of
from vault_sync.state import State


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    kept_edited: list[str] = field(default_factory=list)  # ours, but changed by someone
    deletion_refused: list[str] = field(default_factory=list)  # mass deletion held back


class LocalTarget:
    def __init__(self, root: Path, state: State) -> None:
        self.root = root
        self.state = state
        self.key = "local:" + str(root.resolve())
        self._known: dict[str, str] | None = None  # path -> digest, read once per target

    def apply(
        self,
        outputs: Mapping[str, bytes],
        changed: Iterable[str] | None = None,
        force_delete: bool = False,
        vault_empty: bool = False,
    ) -> WriteReport:
        """Make the folder hold ``outputs``; ``changed`` limits the paths looked at.

        Removals are refused (and reported) when more than half of what was published
        would go, or when the vault reads empty, unless ``force_delete``.
        """
        report = WriteReport()
        if self._known is None:
            self._known = self.state.outputs(self.key)
        known = self._known
        paths = set(outputs) if changed is None else {p for p in changed if p in outputs}
        written: dict[str, str] = {}
        folders: dict[Path, bool] = {}  # folder -> it existed before this apply
        for path in sorted(paths):
            data = outputs[path]
            mark = digest_of(outputs, path)
            file = self.root / path
            if known.get(path) == mark and file.exists():
                report.unchanged += 1  # the state says we wrote exactly these bytes
                continue
            if file.parent not in folders:
                folders[file.parent] = file.parent.is_dir()
            # A file we do not know of may hold these bytes already (a state lost); in a
            # folder that did not exist (a first build) there is nothing to look at.
            unknown = known.get(path) is None and folders[file.parent]
            if not (unknown and _same(file, mark)):
                write_atomically(file, data)
                report.written.append(path)
            written[path] = mark
        report.unchanged += len(outputs) - len(paths)
        if changed is None:
            gone = sorted(set(known) - set(outputs))
        else:
            gone = sorted(p for p in changed if p not in outputs and p in known)
        if gone and not force_delete and (vault_empty or len(gone) * 2 > len(known)):
            report.deletion_refused = gone
            gone = []
        removed = []
        for path in gone:
            file = self.root / path
            if file.exists() and not _same(file, known[path]):
                report.kept_edited.append(path)
            else:
                file.unlink(missing_ok=True)
                _prune(file.parent, self.root)
                report.removed.append(path)
            removed.append(path)
        self.state.record_outputs(self.key, written, removed)
        known.update(written)
        for path in removed:
            known.pop(path, None)
        return report


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
