"""The daemon's single-instance lock: ``<vault>/.vault-sync/daemon.lock``, held with ``flock``.

The OS drops an ``flock`` when the process dies, so ``kill -9`` leaves nothing stale. The
file holds the holder's pid, shown to a second daemon that is refused.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from vault_sync.errors import AlreadyRunning, VaultSyncError

__all__ = ["LOCK_NAME", "AlreadyRunning", "VaultLock"]

LOCK_NAME = "daemon.lock"


class VaultLock:
    """``<vault>/.vault-sync/daemon.lock``, held with ``flock`` while the daemon runs."""

    def __init__(self, vault: Path) -> None:
        self.vault = vault
        self.path = vault / ".vault-sync" / LOCK_NAME
        self.fd: int | None = None

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise VaultSyncError(
                "watch.lock_failed", lock=str(self.path), reason=exc.strerror or str(exc)
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise AlreadyRunning(
                "watch.already_running", vault=str(self.vault), pid=pid, lock=str(self.path)
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self.fd = fd

    def still_ours(self) -> bool:
        """Whether the lock file at the path is the one held (not a new vault's)."""
        if self.fd is None:
            return False
        try:
            here, held = os.stat(self.path), os.fstat(self.fd)
        except OSError:
            return False
        return (here.st_dev, here.st_ino) == (held.st_dev, held.st_ino)

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the last descriptor releases the flock
            self.fd = None
