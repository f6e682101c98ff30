"""EDGE: one push at a time per vault: ``<vault>/.vault-sync/push.lock``, held with ``flock``.

A ``push`` run while ``watch`` publishes the same vault (or two pushes at once) would
otherwise plan from the same published table and answer each other's uploads with 412s,
which would read as someone else's edits. Holding this lock from the plan to the last
record, the second waits for the first and then plans from what the first recorded. The
OS drops the lock when its process dies, even by ``kill -9``.
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from vault_sync.errors import AlreadyRunning

__all__ = ["PUSH_LOCK", "push_lock"]

PUSH_LOCK = "push.lock"
WAIT_STEP = 0.1  # seconds between two tries of a held lock

log = logging.getLogger(__name__)


@contextmanager
def push_lock(
    vault: Path, waiting: Callable[[], None] | None = None, timeout: float = 900.0
) -> Iterator[None]:
    """Hold the vault's push lock for the block, waiting up to ``timeout`` seconds for
    another push to end (``waiting`` is called while waiting: it may raise to give up).
    A vault whose ``.vault-sync`` cannot be written is pushed without it (the state
    database there says what is wrong)."""
    path = vault / ".vault-sync" / PUSH_LOCK
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError:
        log.debug("no push lock at %s", path, exc_info=True)
        yield
        return
    try:
        end = time.monotonic() + timeout
        said = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > end:
                    raise AlreadyRunning("push.busy", vault=str(vault), lock=str(path)) from None
                if not said:
                    said = True
                    log.debug("another push of %s is under way: waiting for it", vault)
                if waiting is not None:
                    waiting()
                time.sleep(WAIT_STEP)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock
