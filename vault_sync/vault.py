"""EDGE: find the notes in a vault folder and read their bytes.

Skips what is not ours to read: hidden folders (``.obsidian/``, ``.trash/``,
``.vault-sync/``, ``.git/``), editor and sync temp files, conflict copies, the
excluded globs of the configuration. Survives symlink loops and unreadable files,
reporting each as a problem instead of stopping.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from dataclasses import dataclass
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


def scan(vault: Path, exclude: tuple[str, ...] = ()) -> tuple[list[VaultFile], list[Problem]]:
    """Every ``.md`` file of the vault that may be a note, and the problems met on the way."""
    if not vault.exists():
        raise VaultError("vault.missing", path=str(vault))
    if not vault.is_dir():
        raise VaultError("vault.not_a_folder", path=str(vault))
    files: list[VaultFile] = []
    problems: list[Problem] = []
    root_stat = vault.stat()
    _walk(vault, "", {(root_stat.st_dev, root_stat.st_ino)}, exclude, files, problems)
    files.sort(key=lambda f: f.path)
    return files, problems


def _walk(
    folder: Path,
    prefix: str,
    ancestors: set[tuple[int, int]],
    exclude: tuple[str, ...],
    files: list[VaultFile],
    problems: list[Problem],
) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError as exc:
        problems.append(
            problem(
                prefix.rstrip("/") or ".",
                None,
                "",
                "file.unreadable",
                Severity.WARNING,
                reason=exc.strerror or str(exc),
            )
        )
        return
    for entry in entries:
        if is_ignored_name(entry.name):
            continue
        rel = prefix + entry.name
        if exclude and is_excluded(rel, exclude):
            continue
        try:
            info = entry.stat()  # follows symlinks
        except OSError as exc:
            if entry.is_symlink() and entry.name.lower().endswith(".md"):
                continue  # a dangling link is nobody's note
            problems.append(
                problem(rel, None, "", "file.unreadable", Severity.WARNING, reason=_reason(exc))
            )
            continue
        if stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in ancestors:
                problems.append(problem(rel, None, "", "file.symlink_loop", Severity.WARNING))
                continue
            _walk(Path(entry.path), rel + "/", ancestors | {key}, exclude, files, problems)
        elif stat.S_ISREG(info.st_mode) and entry.name.lower().endswith(".md"):
            files.append(VaultFile(rel, Path(entry.path), info.st_size, info.st_mtime_ns))


def read_bytes(file: VaultFile, limit: int) -> bytes | Problem:
    """The file's bytes; of a file over ``limit``, only its head (enough to tell whose it is)."""
    try:
        with open(file.absolute, "rb") as handle:
            return handle.read(4096 if file.size > limit else -1)
    except OSError as exc:
        return problem(file.path, None, "", "file.unreadable", Severity.ERROR, reason=_reason(exc))


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__
