"""Run one function over chunks of work in forked worker processes, results in order.

A cold build spends most of its time parsing, checking and rendering notes one by one,
each independent of the others: on a school server's two or four cores, forked workers
do that in parallel. Fork, not spawn: the workers start with the caller's memory as it
is (the configuration, the association registry, the revisions read from the state), so
nothing but the chunks and the results crosses the pipe.

Only for processes without threads of their own (``vault-sync build``, ``push``), since
forking a threaded process can copy a lock held by another thread: with other threads
running, or where fork is missing (Windows), the chunks run here, one after another.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_work: Callable[[Any], Any] | None = None  # what the forked workers run, set before forking


def default_jobs() -> int:
    """Worker processes worth starting here: the cores this process may use, up to four."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def can_fork() -> bool:
    """Fork is there, and safe: no other thread could hold a lock the copy would keep."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def ordered_map(
    work: Callable[[T], R],
    chunks: Sequence[T],
    jobs: int,
    lost: Callable[[int], None] = lambda left: None,
) -> Iterator[R]:
    """``work(chunk)`` for each chunk, in ``jobs`` forked processes; yielded in order.

    An exception in a worker is raised here, at its chunk. A worker that dies (the kernel
    killed it for memory) loses nothing: ``lost`` is told how many chunks were left, and
    they run here instead.
    """
    if jobs <= 1 or len(chunks) <= 1 or not can_fork():
        yield from map(work, chunks)
        return
    global _work
    _work = work
    done = 0
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(min(jobs, len(chunks)), mp_context=context) as pool:
            for result in pool.map(_run, chunks):
                yield result
                done += 1
    except BrokenProcessPool:
        lost(len(chunks) - done)
        yield from map(work, chunks[done:])
    finally:
        _work = None


def _run(chunk: Any) -> Any:
    assert _work is not None, "set before the fork"
    return _work(chunk)


def chunked(items: Iterable[T], size: int) -> list[list[T]]:
    found: list[list[T]] = []
    for item in items:
        if not found or len(found[-1]) >= size:
            found.append([])
        found[-1].append(item)
    return found
