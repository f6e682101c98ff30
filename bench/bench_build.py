"""Benchmark: ``vault-sync build`` cold, a second build, and a rebuild after one edit.

    python bench/bench_build.py [--notes 10000] [--small 100] [--edits 20] [--runs 3]

* cold: a new process, no state, no outputs: ``vault-sync build VAULT --out DIR``
  (target: at most 4 s for 10,000 notes); the median of ``--runs`` runs, each into a
  new folder (building into a folder just emptied of 10,000 files measures the kernel
  recycling them: the system time doubled from run to run). As it runs by default (one
  worker process per core), in one process (``--jobs 1``), and for a vault whose
  associations are described in notes (as in examples/vault) rather than in its settings;
* a second build, a new process with the state of the first (its note cache): nothing
  changed, and one note edited;
* rebuild after one edit: the engine as the daemon holds it (warm), one note edited
  on disk, then ``refresh([that note])`` and writing what changed; the median over
  ``--edits`` edits, at ``--small`` notes and at ``--notes`` notes (targets: at most
  100 ms, and the large figure within 1.5x of the small one).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from common import ROOT, measure, vault

sys.path.insert(0, str(ROOT))
from vault_sync.build.engine import Engine
from vault_sync.build.workers import default_jobs
from vault_sync.config import load_config
from vault_sync.notes.model import Protocol
from vault_sync.notes.when import academic_year_of
from vault_sync.state import State
from vault_sync.sync.folder import FolderTarget, write_atomically


def cold(path: Path, work: Path, runs: int, *options: str) -> tuple[float, float, Path]:
    """Median wall time and peak memory of ``runs`` cold builds, each into a new folder
    (the peak is the largest of the build's processes); the last folder."""
    walls, peaks, out = [], [], work
    for _ in range(runs):
        shutil.rmtree(path / ".vault-sync", ignore_errors=True)
        out = Path(tempfile.mkdtemp(dir=work)) / "out"
        run = measure(["build", "-q", str(path), "--out", str(out), *options])
        assert run.status in (0, 1), run.status
        walls.append(run.wall_s)
        peaks.append(run.peak_mb)
    return statistics.median(walls), statistics.median(peaks), out


def second(path: Path, out: Path) -> tuple[float, float]:
    """A second build after a cold one (a new process): nothing changed; one note edited."""
    run = measure(["build", "-q", str(path), "--out", str(out)])
    assert run.status in (0, 1), run.status
    note = sorted(path.rglob("*.md"))[len(list(path.rglob("*.md"))) // 2]
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace("topic:", "topic: правка", 1), encoding="utf-8")
    try:
        edited = measure(["build", "-q", str(path), "--out", str(out)])
    finally:
        note.write_text(text, encoding="utf-8")
    assert edited.status in (0, 1), edited.status
    return run.wall_s, edited.wall_s


@dataclass
class Rebuild:
    total_s: float  # medians over the edits: refresh + write
    engine_s: float  # refresh alone
    files: int  # files written per edit
    all_ics_bytes: int
    all_ics_replace_s: float  # replacing calendars/all.ics alone (temp + rename), median


def rebuild(path: Path, out: Path, edits: int, current: bool) -> Rebuild:
    """Medians of refresh + write after one edit, and of what it is made of.

    ``current``: edit protocols of the current academic year (what people edit: their
    meetings are in the feeds and the top digest); else any protocol (mostly history).
    The cost of replacing ``calendars/all.ics`` alone, the one output that grows with the
    vault and that such an edit changes, is measured in the same folder.
    """
    shutil.rmtree(path / ".vault-sync", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    state = State.for_vault(path)
    engine = Engine(load_config(path), state)
    target = FolderTarget(out, state)
    target.apply(engine.refresh().outputs)
    this_year = academic_year_of(date.today())
    if current:  # the engine keeps the typed notes of this academic year only
        protocols = sorted(
            p
            for p, e in engine.entries.items()
            if isinstance(e.typed, Protocol) and academic_year_of(e.typed.date) == this_year
        )
    else:
        protocols = sorted(
            p
            for p, e in engine.entries.items()
            if e.owner and not e.problems and "type: protocol" in (path / p).read_text("utf-8")
        )
    rng = random.Random(3)
    times, engine_times, written = [], [], []
    for n in range(edits):
        note = rng.choice(protocols)
        file = path / note
        text = file.read_text(encoding="utf-8")
        file.write_text(text.replace('time: "14:00"', f'time: "1{n % 8}:30"', 1), encoding="utf-8")
        started = time.perf_counter()
        result = engine.refresh([note])
        refreshed = time.perf_counter()
        report = target.apply(result.outputs, result.changed_outputs)
        times.append(time.perf_counter() - started)
        engine_times.append(refreshed - started)
        written.append(len(report.written))
        file.write_text(text, encoding="utf-8")
        engine.refresh([note])
    state.close()
    feed = out / "calendars" / "all.ics"
    data = feed.read_bytes()
    replaces = []
    for _ in range(edits):
        started = time.perf_counter()
        write_atomically(feed, data)
        replaces.append(time.perf_counter() - started)
    return Rebuild(
        statistics.median(times),
        statistics.median(engine_times),
        int(statistics.median(written)),
        len(data),
        statistics.median(replaces),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3, help="cold builds measured")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vault-sync-build-"))
    try:
        big = vault(args.notes)
        kinds = (
            (big, (), f"{default_jobs()} worker processes (the default here)"),
            (big, ("--jobs", "1"), "one process (--jobs 1)"),
            (vault(args.notes, association_notes=True), (), "associations described in notes"),
        )
        for path, options, what in kinds:
            wall, peak, _ = cold(path, work, args.runs, *options)
            print(
                f"cold build, {args.notes} notes, {what}: median {wall:.2f} s wall of"
                f" {args.runs}, {peak:.0f} MB peak  (target <= 4.00 s)"
            )
        _, _, out = cold(big, work, 1)  # the state and outputs the second build starts from
        unchanged, edited = second(big, out)
        print(
            f"second build (new process, note cache), {args.notes} notes: nothing changed"
            f" {unchanged:.2f} s, one note edited {edited:.2f} s"
        )
        for current, what in ((True, "a current-year protocol"), (False, "any protocol")):
            figures = {}
            for size in (args.small, args.notes):
                found = rebuild(vault(size), work / f"out-{size}", args.edits, current)
                figures[size] = found.total_s
                print(
                    f"rebuild after one edit of {what}, {size} notes: median "
                    f"{found.total_s * 1000:.1f} ms (engine {found.engine_s * 1000:.1f} ms), "
                    f"{found.files} files written per edit  (target <= 100 ms)"
                )
                if current:
                    print(
                        f"  replacing calendars/all.ics alone ({found.all_ics_bytes / 1e6:.2f} MB):"
                        f" median {found.all_ics_replace_s * 1000:.1f} ms"
                    )
            ratio = figures[args.notes] / figures[args.small]
            print(f"  ratio {args.notes} / {args.small} notes: {ratio:.2f}x  (target <= 1.5x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
