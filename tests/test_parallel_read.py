"""A large pass read by forked workers gives what one process gives, and a large pass
reads the notes of associations described in notes once."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from vault_sync.build import engine as engine_module
from vault_sync.build import workers
from vault_sync.build.engine import Engine
from vault_sync.build.entry import Clock
from vault_sync.config import load_config
from vault_sync.notes import pipeline, source
from vault_sync.render import summaries
from vault_sync.state import State
from vault_sync.sync.folder import FolderTarget

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from genvault import generate, protocol  # noqa: E402

MOMENT = datetime(2021, 11, 1, 9, 0, tzinfo=UTC)  # the vault's history ends in 2021/2022


def make_vault(where: Path, twins: bool = True) -> Path:
    vault = generate(where, 300, first_year=2012, association_notes=True)
    protocols = sorted(vault.rglob("Протокол*.md"))
    # The same id in two notes far apart (other chunks): the second one is held back.
    for note in (protocols[3], protocols[-3]) if twins else ():
        text = note.read_text(encoding="utf-8")
        note.write_text(text.replace("type: protocol", "type: protocol\nid: twin", 1), "utf-8")
    return vault


def build(vault: Path, jobs: int) -> Engine:
    state = State.for_vault(vault)
    try:
        engine = Engine(load_config(vault, env={}), state, Clock(lambda: MOMENT), jobs=jobs)
        result = engine.refresh()
        FolderTarget(vault.parent / "out", state).apply(result.outputs)
    finally:
        state.close()
    return engine


def snapshot(vault: Path) -> dict[str, Any]:
    """The outputs, and what the state keeps of the notes (the note cache without its key,
    a digest of the code, and the files' times)."""
    out = vault.parent / "out"
    found: dict[str, Any] = {
        p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()
    }
    db = sqlite3.connect(vault / ".vault-sync" / "state.sqlite")
    try:
        found["revisions"] = db.execute("SELECT * FROM revisions ORDER BY 1").fetchall()
        found["good_notes"] = db.execute("SELECT * FROM good_notes ORDER BY 1").fetchall()
        cached = db.execute("SELECT * FROM note_cache ORDER BY path").fetchall()
        found["note_cache"] = [(row[0], row[2], *row[4:]) for row in cached]  # no mtime
    finally:
        db.close()
    return found


def break_some_notes(vault: Path) -> None:
    """Edits between two builds: one note made invalid (it publishes its last good
    version), one moved to another day, one association note made invalid."""
    protocols = sorted(vault.rglob("Протокол*.md"))
    bad = protocols[10].read_text(encoding="utf-8").replace("number:", "number: два\nn:", 1)
    protocols[10].write_text(bad, encoding="utf-8")
    moved = protocols[20].read_text(encoding="utf-8").replace('time: "14:00"', 'time: "15:30"')
    protocols[20].write_text(moved, encoding="utf-8")
    association = vault / "Объединения" / "mo-0001.md"
    association.write_text(
        association.read_text(encoding="utf-8").replace("timezone:", "timezone: Марс\nx:"),
        encoding="utf-8",
    )


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers from the first file on, seven files a chunk: every chunk boundary is met."""
    monkeypatch.setattr(engine_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(engine_module, "CHUNK", 7)
    monkeypatch.setattr(engine_module, "LARGE_PASS", 50)


def worker_pids(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """Have each chunk write the pid of the process that read it to ``log``."""
    prepare_all = Engine._prepare_all

    def logged(self: Engine, files: Any) -> Any:
        with log.open("a") as handle:
            handle.write(f"{os.getpid()}\n")
        return prepare_all(self, files)

    monkeypatch.setattr(Engine, "_prepare_all", logged)


@pytest.mark.usefixtures("small_chunks")
def test_workers_give_what_one_process_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pids = tmp_path / "pids"
    worker_pids(monkeypatch, pids)
    found = {}
    for jobs in (1, 2):
        vault = make_vault(tmp_path / f"jobs-{jobs}" / "vault")
        first = build(vault, jobs)
        assert len(first.held_back()) > 1  # the twin and genvault's invalid notes
        before = snapshot(vault)
        break_some_notes(vault)
        forget_cache(vault)  # a new process without its note cache: everything is read again
        second = build(vault, jobs)
        found[jobs] = (before, snapshot(vault), second.held_back())
    workers = {int(line) for line in pids.read_text().split()}
    assert workers and os.getpid() not in workers  # forked processes did read
    assert found[1][0] == found[2][0]
    assert found[1][1] == found[2][1]
    assert list(found[1][2]) == list(found[2][2])
    assert any("mo-0001" in path for path in found[2][2])  # the association note broke


def forget_cache(vault: Path) -> None:
    db = sqlite3.connect(vault / ".vault-sync" / "state.sqlite")
    with db:
        db.execute("DELETE FROM cache_meta")
    db.close()


@pytest.mark.usefixtures("small_chunks")
def test_a_note_revised_earlier_in_the_pass_is_rendered_again_here(tmp_path: Path) -> None:
    """A held-back note publishes its last good version under an id another note has
    taken since: read in this order in one process, the second note's events are revised
    after the first's. A worker cannot know that; its rendering is not taken."""
    meeting = protocol(random.Random(5), "mo-0000", 1, date(2021, 10, 5))
    first = meeting.replace("type: protocol", "type: protocol\nid: shared", 1)
    found = {}
    for jobs in (1, 2):
        vault = make_vault(tmp_path / f"jobs-{jobs}" / "vault", twins=False)
        (vault / "a.md").write_text(first, encoding="utf-8")
        build(vault, jobs=1)  # its last good version, under "shared"
        renamed = first.replace("id: shared", "id: renamed").replace("number: 1", "number: x")
        (vault / "a.md").write_text(renamed, encoding="utf-8")
        other = first.replace("2021-10-05", "2021-10-12")
        (vault / "b.md").write_text(other, encoding="utf-8")  # "shared", taken by b.md
        build(vault, jobs=1)
        forget_cache(vault)
        engine = build(vault, jobs)  # a.md falls back to its old version, then b.md
        assert list(engine.held_back()).count("a.md") == 1
        found[jobs] = snapshot(vault)
    assert found[1] == found[2]


@pytest.mark.usefixtures("small_chunks")
def test_an_error_in_a_worker_is_a_problem_on_that_note_as_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug met on one note's values ends the pass neither in a worker nor here: the
    note is held back with an internal error, the same with workers as without."""
    summarise: Callable[..., Any] = summaries.protocol_summary

    def failing(note: Any, *args: Any) -> Any:
        if note.number == 5:
            raise RuntimeError("a bug in a summary")
        return summarise(note, *args)

    monkeypatch.setattr(summaries, "protocol_summary", failing)
    failed = []
    for jobs in (2, 1):
        engine = build(make_vault(tmp_path / f"jobs{jobs}" / "vault"), jobs=jobs)
        errors = [p for p in engine.problems() if p.code == "note.internal_error"]
        assert errors and all("a bug in a summary" in p.param_dict()["error"] for p in errors)
        assert set(engine.held_back()) >= {p.path for p in errors}
        failed.append(sorted(p.path for p in errors))
    assert failed[0] == failed[1]


@pytest.mark.usefixtures("small_chunks")
def test_a_worker_killed_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The kernel kills a worker (out of memory): what it was reading is read here."""
    found = [snapshot_of_build(make_vault(tmp_path / "alone" / "vault"), jobs=1)]
    main = os.getpid()
    prepare_all = Engine._prepare_all

    def dying(self: Engine, files: Any) -> Any:
        if os.getpid() != main and any("(150)" in f.path for f in files):
            os._exit(137)  # as SIGKILL would, without a word
        return prepare_all(self, files)

    monkeypatch.setattr(Engine, "_prepare_all", dying)
    found.append(snapshot_of_build(make_vault(tmp_path / "killed" / "vault"), jobs=2))
    assert found[0] == found[1]
    assert "Процесс, читавший заметки, остановлен системой" in caplog.text


def snapshot_of_build(vault: Path, jobs: int) -> dict[str, Any]:
    build(vault, jobs)
    return snapshot(vault)


@pytest.mark.usefixtures("small_chunks")
def test_no_fork_while_other_threads_run(tmp_path: Path) -> None:
    """The chunks are then read here, with what one process gives."""
    alone = snapshot_of_build(make_vault(tmp_path / "alone" / "vault"), jobs=1)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not workers.can_fork()
        pids = list(workers.ordered_map(lambda _: os.getpid(), [[1], [2], [3]], jobs=2))
        assert pids == [os.getpid()] * 3
        threaded = snapshot_of_build(make_vault(tmp_path / "threaded" / "vault"), jobs=2)
    finally:
        stop.set()
        thread.join()
    assert threaded == alone


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_large_pass_reads_the_notes_of_note_associations_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    monkeypatch.setattr(engine_module, "LARGE_PASS", 50)
    monkeypatch.setattr(engine_module, "PARALLEL_FROM", 1)
    vault = make_vault(tmp_path / "vault", twins=False)  # a twin is read again, on purpose
    reads = tmp_path / "reads"
    read_note = source.read_note

    def counted(path: str, *args: Any) -> Any:
        with reads.open("a", encoding="utf-8") as handle:  # workers too: a shared file
            handle.write(path + "\n")
        return read_note(path, *args)

    monkeypatch.setattr(pipeline, "read_note", counted)
    build(vault, jobs)
    paths = reads.read_text(encoding="utf-8").splitlines()
    assert len(paths) == len(set(paths)) > 300


def test_an_association_note_the_quick_look_misses_is_still_registered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ``type`` written after 4 KB of frontmatter: read late, the notes naming the
    association are read again, with the same result as when it is found at once."""
    monkeypatch.setattr(engine_module, "LARGE_PASS", 50)
    found = []
    for late in (False, True):
        vault = make_vault(tmp_path / f"late-{late}" / "vault")
        if late:
            note = vault / "Объединения" / "mo-0002.md"
            text = note.read_text(encoding="utf-8").replace("type: association\n", "")
            padding = "".join(f"# {'x' * 70}\n" for _ in range(60))
            note.write_text(
                text.replace("---\n", "---\n" + padding, 1).replace(
                    "required_meetings: 4\n", "required_meetings: 4\ntype: association\n"
                ),
                encoding="utf-8",
            )
        engine = build(vault, jobs=1)
        assert "mo-0002" in engine.associations
        found.append(snapshot(vault))
    assert found[0] == found[1]


def test_jobs_must_be_a_whole_number_from_one(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "vault")
    command = [sys.executable, "-m", "vault_sync", "build", "-q", str(vault)]
    refused = subprocess.run([*command, "--jobs", "0"], capture_output=True, text=True)
    assert refused.returncode == 2
    assert "--jobs" in refused.stderr
    done = subprocess.run([*command, "--jobs", "1"], capture_output=True, text=True)
    assert done.returncode == 1, done.stderr  # genvault's invalid notes are held back
    assert (vault / ".vault-sync" / "public" / "calendars" / "all.ics").exists()
