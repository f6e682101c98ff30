"""Run jobs on a few threads, keeping only a small window of them submitted ahead.

Waiting on every submitted future per completion is O(n) a job (a 10,000-file push ran at
86 files/s when all were submitted at once), so at most two jobs per worker are waiting.

Which errors are a job's own outcome, and which of them end the whole run, is the
caller's to say (``failure``, ``stops_run``): :func:`vault_sync.dav.client.run_parallel`
binds them to ``RemoteError``.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TypeVar

__all__ = ["run_parallel"]

T = TypeVar("T")
E = TypeVar("E", bound=Exception)


def run_parallel(
    jobs: Sequence[Callable[[], T]],
    workers: int,
    *,
    failure: type[E],
    stops_run: Callable[[E], bool],
    on_done: Callable[[int, T | E], None] | None = None,
    abort: threading.Event | None = None,
) -> list[T | E]:
    """Run ``jobs`` on at most ``workers`` threads; their results in the order of ``jobs``.

    A ``failure`` raised by one job is its result (the others go on), unless
    ``stops_run(it)``: then no further job starts, ``abort`` is set (running jobs can
    stop early), and it is raised once the running jobs have ended; so is any other
    exception. ``on_done(index, outcome)`` is called in the calling thread as each job
    ends, so the caller can record progress as it happens.
    """
    outcomes: dict[int, T | E] = {}
    if not jobs:
        return []
    pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="vault-sync-dav")
    pending: dict[Future[T], int] = {}
    queue = iter(enumerate(jobs))
    window = 2 * max(1, workers)  # jobs submitted ahead: waiting on all of them is O(n) a job

    def fill() -> None:
        for index, job in itertools.islice(queue, window - len(pending)):
            pending[pool.submit(job)] = index

    try:
        fill()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                index = pending.pop(future)
                outcome: T | E
                try:
                    outcome = future.result()
                except failure as exc:
                    if stops_run(exc):
                        raise
                    outcome = exc
                outcomes[index] = outcome
                if on_done is not None:
                    on_done(index, outcome)
            fill()
    except BaseException:
        if abort is not None:
            abort.set()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return [outcomes[index] for index in range(len(jobs))]
