"""EDGE: find the notes in a vault folder and read their bytes.

Skips what is not ours to read: hidden folders (``.obsidian/``, ``.trash/``,
``.vault-sync/``, ``.git/``), editor and sync temp files, conflict copies, the
excluded globs of the configuration. Never follows a symbolic link (see :func:`scan`).
Survives unreadable files and folders, reporting each as a problem instead of stopping.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from vault_sync.errors import VaultError
from vault_sync.notes.model import Problem, Severity, problem

# Editors' and sync clients' temporary files, and conflict copies: never read as notes.
_TEMP_NAME = re.compile(
    r"^(?:\.~lock\..*|\.#.*|.*~|.*\.swp|.*\.swx|.*\.tmp|.*\.part|.*\.crdownload|~\$.*)$",
    re.IGNORECASE,
)
_CONFLICT = re.compile(
    r"(?:\(conflicted copy|\(conflict|\.sync-conflict-|\bconflict-\d|\(Конфликтующая копия"
    r"|_conflict-\d|\.conflict\.md$)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class VaultFile:
    path: str  # relative, forward slashes
    absolute: Path
    size: int
    mtime_ns: int


def is_ignored_name(name: str) -> bool:
    """A file or folder name that never holds a note of ours."""
    return name.startswith(".") or bool(_TEMP_NAME.match(name)) or bool(_CONFLICT.search(name))


def is_note_path(path: str, exclude: tuple[str, ...] = ()) -> bool:
    """Whether a vault-relative path is one the scan would read: the same rules, one path."""
    parts = path.split("/")
    return (
        parts[-1].lower().endswith(".md")
        and not any(is_ignored_name(part) for part in parts)
        and not (exclude and is_excluded(path, exclude))
    )


def is_excluded(path: str, patterns: tuple[str, ...]) -> bool:
    return any(
        fnmatch.fnmatchcase(path, p)
        or (path.startswith(p.rstrip("*").rstrip("/") + "/") and p.endswith("/**"))
        for p in patterns
    )


def scan(
    vault: Path, exclude: tuple[str, ...] = (), *, within: Path | None = None
) -> tuple[list[VaultFile], list[Problem]]:
    """Every ``.md`` file of the vault that may be a note, and the problems met on the way.

    Symbolic links are never followed: a link pointing out of the vault (``within``, by
    default ``vault`` itself) would publish what is not the vault's, and is reported; a
    link inside it leads to a file or folder read under its own name anyway, and is left
    alone (a link back to a folder above it is reported as a loop). So each real folder
    is visited once and the walk ends, whatever links the folder holds.
    """
    if not vault.exists():
        raise VaultError("vault.missing", path=str(vault))
    if not vault.is_dir():
        raise VaultError("vault.not_a_folder", path=str(vault))
    files: list[VaultFile] = []
    problems: list[Problem] = []
    root = (within or vault).resolve()
    if not vault.resolve().is_relative_to(root):  # a folder of it that is a link out of it
        return files, problems
    walk = _Walk(root, exclude, files, problems)
    walk.folder(vault, "", [vault.resolve()])
    files.sort(key=lambda f: f.path)
    return files, problems


@dataclass
class _Walk:
    root: Path  # the vault's real path: nothing outside it is read
    exclude: tuple[str, ...]
    files: list[VaultFile]
    problems: list[Problem]
    seen: set[tuple[int, int]] = field(default_factory=set)

    def folder(self, folder: Path, prefix: str, ancestors: list[Path]) -> None:
        try:
            info = folder.stat()
            entries = list(os.scandir(folder))
        except OSError as exc:
            self.warn(prefix.rstrip("/") or ".", "file.unreadable", reason=_reason(exc))
            return
        key = (info.st_dev, info.st_ino)
        if key in self.seen:  # a bind mount showing a folder twice
            self.warn(prefix.rstrip("/") or ".", "file.symlink_loop")
            return
        self.seen.add(key)
        for entry in entries:
            if is_ignored_name(entry.name):
                continue
            rel = prefix + entry.name
            if self.exclude and is_excluded(rel, self.exclude):
                continue
            try:
                if entry.is_symlink():
                    self.link(Path(entry.path), rel, ancestors)
                    continue
                info = entry.stat(follow_symlinks=False)
            except OSError as exc:
                self.warn(rel, "file.unreadable", reason=_reason(exc))
                continue
            if stat.S_ISDIR(info.st_mode):
                self.folder(Path(entry.path), rel + "/", [*ancestors, Path(entry.path)])
            elif stat.S_ISREG(info.st_mode) and entry.name.lower().endswith(".md"):
                self.files.append(VaultFile(rel, Path(entry.path), info.st_size, info.st_mtime_ns))

    def link(self, path: Path, rel: str, ancestors: list[Path]) -> None:
        """A symbolic link: reported when it leads out of the vault or loops, never followed."""
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):  # dangling, or a loop of links: nobody's note
            return
        is_md = path.name.lower().endswith(".md")
        if not target.is_dir() and not is_md:
            return
        if not target.is_relative_to(self.root):
            self.warn(rel, "file.symlink_outside")
        elif target.is_dir() and any(target == a.resolve() for a in ancestors):
            self.warn(rel, "file.symlink_loop")

    def warn(self, rel: str, code: str, **params: str) -> None:
        self.problems.append(problem(rel, None, "", code, Severity.WARNING, **params))


def read_bytes(file: VaultFile, limit: int) -> bytes | Problem:
    """The file's bytes; of a file over ``limit``, only its head (enough to tell whose it is)."""
    try:
        with open(file.absolute, "rb") as handle:
            return handle.read(4096 if file.size > limit else -1)
    except OSError as exc:
        return problem(file.path, None, "", "file.unreadable", Severity.ERROR, reason=_reason(exc))


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__
