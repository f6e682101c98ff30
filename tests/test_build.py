"""vault-sync build: the local target, incremental, keeping the last good outputs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from vault_sync.build.engine import Engine
from vault_sync.build.entry import Clock
from vault_sync.config import load_config
from vault_sync.state import SCHEMA_VERSION, State
from vault_sync.sync.folder import FolderTarget

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "vault"
KRAS = "Красноярск ГМО/Протокол №1 от 22.09.2021.md"
KRAS_SUMMARY = "gmo-krasnoyarsk/Протокол №1 от 22.09.2021.md"


class StepClock(Clock):
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.moment = datetime(2021, 11, 1, 9, 0, tzinfo=UTC)
        super().__init__(now=lambda: self.moment)


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """The example vault with the default feed window (the example keeps ten years, as
    its notes are from 2021-2025), which the tests of the window move through."""
    target = tmp_path / "vault"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".vault-sync"))
    settings = target / "vault-sync.toml"
    text = settings.read_text(encoding="utf-8")
    assert "history_years = 10" in text
    settings.write_text(text.replace("history_years = 10", "history_years = 1"), "utf-8")
    return target


def build(
    vault: Path, clock: Clock | None = None, state: State | None = None
) -> tuple[Engine, State]:
    state = state or State.for_vault(vault)
    engine = Engine(load_config(vault, env={}), state, clock or StepClock())
    result = engine.refresh()
    FolderTarget(vault / ".vault-sync" / "public", state).apply(result.outputs)
    return engine, state


def out(vault: Path) -> Path:
    return vault / ".vault-sync" / "public"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_build_writes_feeds_summaries_and_digests(vault: Path) -> None:
    build(vault)
    files = snapshot(out(vault))
    assert {
        "Readme.md",
        "calendars/all.ics",
        "calendars/deadlines.ics",
        "calendars/gmo-krasnoyarsk.ics",
        "gmo-krasnoyarsk/Readme.md",
        KRAS_SUMMARY,
    } <= set(files)
    assert "22 сентября 2021 г." in files[KRAS_SUMMARY].decode()


def test_rebuild_is_byte_identical_and_touches_nothing(vault: Path) -> None:
    clock = StepClock()
    _, state = build(vault, clock)
    before = snapshot(out(vault))
    times = {p: p.stat().st_mtime_ns for p in out(vault).rglob("*") if p.is_file()}
    state.close()
    clock.moment += timedelta(hours=3)  # a later build, same day, nothing changed
    _, state = build(vault, clock)
    assert snapshot(out(vault)) == before
    assert {p: p.stat().st_mtime_ns for p in out(vault).rglob("*") if p.is_file()} == times


def test_one_edit_rereads_one_note_and_rewrites_only_what_it_affects(vault: Path) -> None:
    clock = StepClock()
    engine, _ = build(vault, clock)
    note = vault / KRAS
    note.write_text(
        note.read_text(encoding="utf-8").replace('time: "14:00"', 'time: "15:00"'), encoding="utf-8"
    )
    result = engine.refresh([KRAS])
    assert result.reread == [KRAS]
    assert result.changed_outputs == {
        KRAS_SUMMARY,
        "calendars/gmo-krasnoyarsk.ics",
        "calendars/all.ics",
    }


def test_deleted_note_loses_its_outputs(vault: Path) -> None:
    engine, state = build(vault)
    (vault / KRAS).unlink()
    result = engine.refresh()
    report = FolderTarget(out(vault), state).apply(result.outputs)
    assert KRAS_SUMMARY in report.removed and not (out(vault) / KRAS_SUMMARY).exists()
    assert b"22 \xd1\x81\xd0\xb5\xd0\xbd" not in (out(vault) / "calendars/all.ics").read_bytes()


def test_invalid_note_keeps_its_last_good_outputs_even_after_a_restart(vault: Path) -> None:
    _, state = build(vault)
    good_summary = (out(vault) / KRAS_SUMMARY).read_bytes()
    good_feed = (out(vault) / "calendars/gmo-krasnoyarsk.ics").read_bytes()
    state.close()
    note = vault / KRAS
    note.write_text(
        note.read_text(encoding="utf-8").replace("date: 2021-09-22", "date: 22.09"),
        encoding="utf-8",
    )
    engine, state = build(vault)  # a new process: the good version comes from the state
    assert KRAS in engine.held_back()
    assert (out(vault) / KRAS_SUMMARY).read_bytes() == good_summary
    assert (out(vault) / "calendars/gmo-krasnoyarsk.ics").read_bytes() == good_feed
    digest = (out(vault) / "gmo-krasnoyarsk/Readme.md").read_text(encoding="utf-8")
    assert "Протокол №1 от 22.09.2021.md" in digest  # listed as held back, with its problem


def test_an_emptied_vault_deletes_nothing_without_force(vault: Path) -> None:
    _, state = build(vault)
    before = snapshot(out(vault))
    for note in vault.rglob("*.md"):
        if ".vault-sync" not in note.parts:
            note.unlink()
    engine = Engine(load_config(vault, env={}), state, StepClock())
    report = FolderTarget(out(vault), state).apply(
        engine.refresh().outputs, vault_empty=engine.empty
    )
    assert engine.empty and report.deletion_refused and not report.removed
    assert all((out(vault) / path).exists() for path in before)
    forced = FolderTarget(out(vault), state).apply(engine.refresh().outputs, force_delete=True)
    assert KRAS_SUMMARY in forced.removed


def test_an_output_someone_edited_is_not_removed(vault: Path) -> None:
    engine, state = build(vault)
    (out(vault) / KRAS_SUMMARY).write_text("правка методиста", encoding="utf-8")
    (vault / KRAS).unlink()
    report = FolderTarget(out(vault), state).apply(engine.refresh().outputs)
    assert report.kept_edited == [KRAS_SUMMARY]
    assert (out(vault) / KRAS_SUMMARY).read_text(encoding="utf-8") == "правка методиста"


def test_sequence_rises_on_a_real_change_and_survives_restarts(vault: Path) -> None:
    clock = StepClock()
    _, state = build(vault, clock)
    first = (out(vault) / "calendars/gmo-krasnoyarsk.ics").read_text(encoding="utf-8")
    state.close()
    note = vault / KRAS
    note.write_text(
        note.read_text(encoding="utf-8")
        .replace("date: 2021-09-22", "date: 2021-09-23")
        .replace("due: 27.09.2021", "due: 28.09.2021"),
        encoding="utf-8",
    )
    clock.moment += timedelta(days=1)
    _, state = build(vault, clock)
    second = (out(vault) / "calendars/gmo-krasnoyarsk.ics").read_text(encoding="utf-8")
    uids = [line for line in first.splitlines() if line.startswith("UID:")]
    assert uids == [line for line in second.splitlines() if line.startswith("UID:")]
    assert "SEQUENCE:1" in second and "DTSTART;VALUE=DATE:20210923" not in first


def test_written_atomically_no_temporary_files_left(vault: Path) -> None:
    build(vault)
    assert not [p for p in out(vault).rglob(".*.tmp")]


def test_build_command_exit_status_and_message(vault: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "vault_sync",
            "build",
            str(vault),
            "--out",
            str(vault.parent / "site"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (vault.parent / "site" / "calendars" / "all.ics").exists()
    assert "записано файлов" in done.stderr
    (vault / "bad.md").write_text(
        "---\ntype: protocol\nassociation: gmo-krasnoyarsk\n---\n", encoding="utf-8"
    )
    held = subprocess.run(
        [sys.executable, "-m", "vault_sync", "build", str(vault)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert held.returncode == 1 and "bad.md:2: date:" in held.stdout


def test_feeds_keep_events_from_the_previous_academic_year_on(vault: Path) -> None:
    clock = StepClock()
    clock.moment = datetime(2022, 8, 31, 9, 0, tzinfo=UTC)  # still academic year 2021/2022
    engine, _ = build(vault, clock)
    feed = engine.outputs["calendars/gmo-krasnoyarsk.ics"]
    assert b"DTSTART;TZID=Asia/Krasnoyarsk:20210922T140000" in feed
    clock.moment = datetime(2023, 9, 1, 9, 0, tzinfo=UTC)  # 2023/2024: 2021/2022 is too old
    result = engine.refresh()
    feed = result.outputs["calendars/gmo-krasnoyarsk.ics"]
    assert b"20210922" not in feed and b"BEGIN:VTIMEZONE" in feed
    summary = result.outputs[KRAS_SUMMARY].decode()
    assert "22 сентября 2021 г." in summary  # the minutes themselves stay published


class KeepAllEngine(Engine):
    """The engine as if it kept every typed note: the reference for letting history go."""

    def _keeps(self, note: object) -> bool:
        return True


def moved_build(vault: Path, engine_type: type[Engine], days: list[str]) -> dict[str, bytes]:
    """Outputs after a build on ``days[0]``, an edit making an old protocol invalid, a
    refresh on each later day, and the same edit undone."""
    clock = StepClock()
    clock.moment = datetime.fromisoformat(days[0] + "T09:00:00+00:00")
    state = State.for_vault(vault)
    engine = engine_type(load_config(vault, env={}), state, clock)
    engine.refresh()
    note = vault / KRAS
    good = note.read_text(encoding="utf-8")
    note.write_text(good.replace("date: 2021-09-22", "date: 22.09"), encoding="utf-8")
    for day in days[1:]:
        clock.moment = datetime.fromisoformat(day + "T09:00:00+00:00")
        engine.refresh([KRAS])
    outputs = dict(engine.refresh().outputs)
    note.write_text(good, encoding="utf-8")
    os.utime(note, ns=(1, 1))  # another mtime: read again
    outputs.update({"after undo/" + p: b for p, b in engine.refresh([KRAS]).outputs.items()})
    state.close()
    return outputs


@pytest.mark.parametrize(
    "days",
    [
        ["2024-10-01", "2024-10-02"],  # all history: notes let go from the first pass
        ["2021-11-01", "2023-09-05", "2024-10-01"],  # let go as the years pass
        ["2024-10-01", "2021-11-01"],  # the clock set back: history is read again
        ["2021-11-01", "2026-01-10", "2022-03-01"],
    ],
)
def test_letting_history_go_gives_the_same_outputs_as_keeping_it(
    tmp_path: Path, days: list[str]
) -> None:
    """Old notes keep only their outputs; feeds, digests, summaries, held-back notes
    (their last good version read back from the state) must not show the difference."""
    kept, light = tmp_path / "kept", tmp_path / "light"
    for target in (kept, light):
        shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".vault-sync"))
    expected = moved_build(kept, KeepAllEngine, days)
    assert moved_build(light, Engine, days) == expected
    assert any("22 сентября 2021 г." in b.decode() for b in expected.values())


def test_history_notes_keep_their_outputs_not_their_typed_notes(vault: Path) -> None:
    clock = StepClock()
    clock.moment = datetime(2024, 10, 1, 9, 0, tzinfo=UTC)
    engine, _ = build(vault, clock)
    assert engine.entries[KRAS].typed is None and engine.entries[KRAS].owner
    assert KRAS_SUMMARY in engine.outputs
    clock.moment = datetime(2021, 11, 1, 9, 0, tzinfo=UTC)
    engine.refresh()
    assert engine.entries[KRAS].typed is not None


@pytest.mark.parametrize("day", ["2021-11-21", "2022-05-20", "2024-10-01"])
def test_overall_digest_from_cached_facts_is_the_same(vault: Path, day: str) -> None:
    """The engine builds the top digest from per-association facts; it must read the same."""
    from datetime import date

    from vault_sync.render import digests

    (vault / "bad.md").write_text(
        "---\ntype: protocol\nassociation: gmo-novosibirsk\n---\n", encoding="utf-8"
    )
    clock = StepClock()
    clock.moment = datetime.fromisoformat(day + "T09:00:00+00:00")
    engine, _ = build(vault, clock)
    notes = [e.typed for e in engine.entries.values() if e.typed is not None]
    held = engine.held_back()
    owners = {p: a for p in held if (a := engine.association_of_path(p)) is not None}
    expected = digests.overall_digest(
        engine.associations,
        notes,
        held,
        date.fromisoformat(day),
        "ru",
        None,
        held_back_associations=owners,
    )
    assert engine.outputs["Readme.md"].decode() == expected


def test_a_second_note_with_the_same_id_is_held_back_until_the_first_goes(vault: Path) -> None:
    engine, _ = build(vault)
    note = (
        (vault / KRAS)
        .read_text(encoding="utf-8")
        .replace("type: protocol", "type: protocol\nid: kras-1")
    )
    (vault / KRAS).write_text(note, encoding="utf-8")
    (vault / "copy.md").write_text(note, encoding="utf-8")
    engine.refresh()
    assert list(engine.held_back()) == [KRAS]  # "copy.md" sorts first: it claims the id
    (vault / "copy.md").unlink()
    (vault / KRAS).write_text(note + "\n", encoding="utf-8")
    engine.refresh()
    assert engine.held_back() == {}


@pytest.mark.parametrize(
    "name",
    [
        ".~lock.Протокол.md#",
        "Протокол.md.swp",
        "Протокол.md~",
        ".#Протокол.md",
        "x.tmp",
        "x.md.part",
        ".obsidian/workspace.md",
        "Шаблоны/Протокол.md",
        "Протокол (conflicted copy 2021-09-23).md",
        "notes.txt",
    ],
)
def test_refresh_of_a_path_the_scan_would_skip_reads_nothing(vault: Path, name: str) -> None:
    engine, _ = build(vault)
    target = vault / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("---\ntype: protocol\nassociation: gmo-krasnoyarsk\n---\n", encoding="utf-8")
    result = engine.refresh([name])
    assert result.reread == [] and engine.held_back() == {}


def test_refresh_of_a_note_turned_into_a_folder_drops_it(vault: Path) -> None:
    engine, _ = build(vault)
    (vault / KRAS).unlink()
    (vault / KRAS).mkdir()
    result = engine.refresh([KRAS])
    assert result.removed == [KRAS] and KRAS_SUMMARY not in result.outputs


def test_digests_show_subscription_links_when_the_address_is_known(vault: Path) -> None:
    toml = vault / "vault-sync.toml"
    text = toml.read_text(encoding="utf-8").replace(
        "[output]", '[output]\nbase_url = "https://school.example/mo"', 1
    )
    toml.write_text(text, encoding="utf-8")
    engine, _ = build(vault)
    own = engine.outputs["gmo-krasnoyarsk/Readme.md"].decode()
    assert "https://school.example/mo/calendars/gmo-krasnoyarsk.ics" in own
    assert "webcal://school.example/mo/calendars/gmo-krasnoyarsk.ics" in own
    top = engine.outputs["Readme.md"].decode()
    assert "webcal://school.example/mo/calendars/all.ics" in top
    assert "calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fschool.example" in top


def test_state_of_an_older_version_is_upgraded_in_place(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "state.sqlite"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE revisions (uid TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, "
        "sequence INTEGER NOT NULL, stamp TEXT NOT NULL);"
        "INSERT INTO revisions VALUES ('u@vault-sync', 'f', 3, '2021-11-01T09:00:00+00:00');"
        "PRAGMA user_version=1;"
    )
    old.close()
    state = State(path)
    assert state.revisions()["u@vault-sync"].sequence == 3
    assert state.published("t") == {} and state.cache_meta() is None
    assert state.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_an_association_that_goes_takes_its_events_out_of_the_common_feeds(
    vault: Path,
) -> None:
    (vault / "Советский.md").write_text(
        "---\ntype: protocol\nassociation: rmo-sovetsky\nnumber: 1\ndate: 2021-10-20\n"
        'time: "15:00"\ntopic: Заседание района\ndecisions:\n'
        "  - text: Сдать отчёты\n    due: 2021-11-15\n---\n",
        encoding="utf-8",
    )
    engine, _ = build(vault)
    assert b"20211020T150000" in engine.outputs["calendars/all.ics"]
    assert b"20211115" in engine.outputs["calendars/deadlines.ics"]
    (vault / "Объединения" / "РМО Советского района.md").unlink()
    result = engine.refresh()
    assert "Советский.md" in engine.held_back()  # its association is unknown now
    assert {"calendars/all.ics", "calendars/deadlines.ics"} <= result.changed_outputs
    assert b"20211020T150000" not in result.outputs["calendars/all.ics"]
    assert b"20211115" not in result.outputs["calendars/deadlines.ics"]


# --- the note cache: a new process re-reads only what changed --------------------------

ASSOCIATION_NOTE = "Объединения/РМО Советского района.md"


def new_process(vault: Path, clock: Clock) -> tuple[Engine, list[str], dict[str, bytes]]:
    """A build as a new process makes it: a new engine on the same state."""
    state = State.for_vault(vault)
    engine = Engine(load_config(vault, env={}), state, clock)
    result = engine.refresh()
    outputs = dict(result.outputs)
    state.close()
    return engine, sorted(result.reread), outputs


def history_clock() -> StepClock:
    clock = StepClock()
    clock.moment = datetime(2024, 10, 1, 9, 0, tzinfo=UTC)  # the 2021 notes are history
    return clock


def test_a_second_build_rereads_only_the_files_that_changed(vault: Path) -> None:
    clock = history_clock()
    engine, first_read, first = new_process(vault, clock)
    assert KRAS in first_read and len(first_read) > 5
    # read at every start: association notes, notes with problems, and this year's notes
    # (the digests need their typed notes, which are not cached)
    always = {p for p, e in engine.entries.items() if e.typed or e.problems or e.source}
    assert always == {ASSOCIATION_NOTE, "Серпухов ММО/План работы ММО 2024-2025.md"}
    _, again, second = new_process(vault, clock)
    assert second == first
    assert set(again) == always
    note = vault / KRAS
    note.write_text(note.read_text("utf-8").replace("Установочное", "Правка"), "utf-8")
    _, edited, third = new_process(vault, clock)
    assert set(edited) == always | {KRAS}
    assert "Правка" in third[KRAS_SUMMARY].decode()
    assert {p for p in third if third[p] != first[p]} >= {KRAS_SUMMARY}


def test_a_cached_build_equals_a_cold_one_this_year_too(vault: Path) -> None:
    """Notes the digests show are read again (their typed notes are not cached)."""
    clock = StepClock()  # 2021-11: the example notes are this academic year's
    _, _, first = new_process(vault, clock)
    (vault / "Серпухов ММО" / "лишнее.md").write_text("просто заметка\n", "utf-8")
    _, _, second = new_process(vault, clock)
    forget_cache(vault)
    _, _, cold = new_process(vault, clock)
    assert second == cold and set(second) == set(first)


@pytest.mark.parametrize(
    "change",
    [
        ("vault-sync.toml", 'lang = "ru"', 'lang = "en"'),
        ("vault-sync.toml", "Городское методическое объединение", "Городское МО"),
        (ASSOCIATION_NOTE, "Советского района", "Октябрьского района"),
    ],
)
def test_the_cache_is_not_used_when_settings_or_associations_changed(
    vault: Path, change: tuple[str, str, str]
) -> None:
    clock = history_clock()
    new_process(vault, clock)
    name, old, new = change
    file = vault / name
    assert old in file.read_text("utf-8")
    file.write_text(file.read_text("utf-8").replace(old, new), "utf-8")
    engine, reread, warm = new_process(vault, clock)
    if name == "vault-sync.toml":  # the key differs: nothing is taken from the cache
        assert KRAS in reread
    else:  # the registry read from the notes differs from the cache's: all read again
        assert new in engine.associations["rmo-sovetsky"].name
    assert new in warm["Readme.md"].decode() or name == "vault-sync.toml"
    forget_cache(vault)  # the same state otherwise: SEQUENCEs rose with the change
    _, reread, uncached = new_process(vault, clock)
    assert KRAS in reread and warm == uncached


def forget_cache(vault: Path) -> None:
    state = State.for_vault(vault)
    state.db.execute("DELETE FROM cache_meta")
    state.close()


def test_editing_an_association_notes_text_rereads_no_other_note(vault: Path) -> None:
    clock = history_clock()
    engine, _ = build(vault, clock)
    note = vault / ASSOCIATION_NOTE
    note.write_text(note.read_text("utf-8") + "\nЕщё одна строка описания.\n", "utf-8")
    assert engine.refresh([ASSOCIATION_NOTE]).reread == [ASSOCIATION_NOTE]


def meetings_in(feed: bytes) -> list[str]:
    """The summaries of a feed's meetings, planned or held ("Заседание ..."), sorted."""
    calendar = icalendar.Calendar.from_ical(feed)
    found = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    return sorted(s for s in found if s.startswith("Заседание"))


def test_a_planned_meeting_is_in_the_calendars_once_its_minutes_are_written(vault: Path) -> None:
    """Krasnoyarsk's plan has meetings №1-4; the minutes of №1 and №2 are in the vault.
    Each meeting shows once: as held when its minutes are there, as planned until then."""
    engine, _ = build(vault)
    feed = engine.outputs["calendars/gmo-krasnoyarsk.ics"]
    held_1, held_2, planned_3, planned_4 = meetings_in(feed)
    assert held_1.startswith("Заседание ГМО №1: ") and held_2.startswith("Заседание ГМО №2: ")
    assert planned_3.startswith("Заседание ГМО №3. ") and "(дата уточняется)" in planned_4
    assert meetings_in(engine.outputs["calendars/all.ics"]).count(held_1) == 1
    planned_uid = [line for line in feed.split(b"\r\n") if line.startswith(b"UID:activity")]

    minutes_3 = vault / "Красноярск ГМО" / "Протокол №3 от 16.02.2022.md"
    minutes_3.write_text(
        (vault / KRAS)
        .read_text(encoding="utf-8")
        .replace("number: 1", "number: 3")
        .replace("date: 2021-09-22", "date: 2022-02-18"),  # two days later than planned
        encoding="utf-8",
    )
    (vault / "Красноярск ГМО" / "Протокол №2 от 17.11.2021.md").unlink()
    result = engine.refresh()
    feed = result.outputs["calendars/gmo-krasnoyarsk.ics"]
    now = meetings_in(feed)
    assert len(now) == 4 and now[0] == held_1
    assert now[1].startswith("Заседание ГМО №2. ")  # planned again: no minutes
    assert now[2].startswith("Заседание ГМО №3: ")  # the minutes, on the 18th
    assert planned_uid[0] in feed  # the plan's meetings keep their UIDs
    fresh, _ = build(vault, state=State(":memory:"))  # incremental = from scratch
    assert fresh.outputs["calendars/gmo-krasnoyarsk.ics"] == feed


def test_a_note_cache_of_version_3_is_dropped_not_misread(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "state.sqlite"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE note_cache (path TEXT PRIMARY KEY, key TEXT NOT NULL, size INTEGER, "
        "mtime_ns INTEGER, digest TEXT, owner TEXT, association TEXT, identity TEXT, "
        "zone_years TEXT, summary BLOB, common BLOB, deadlines BLOB);"
        "INSERT INTO note_cache VALUES "
        "('a.md', 'k', 1, 1, 'd', 'o', 'o', 'i', '[]', x'', x'', x'');"
        "CREATE TABLE cache_meta (id INTEGER PRIMARY KEY CHECK (id = 1), key TEXT NOT NULL, "
        "registry TEXT NOT NULL);"
        "INSERT INTO cache_meta VALUES (1, 'k', '{}');"
        "PRAGMA user_version=3;"
    )
    old.close()
    state = State(path)
    assert state.cache_meta() is None and list(state.cached_notes("k")) == []
    columns = [row[1] for row in state.db.execute("PRAGMA table_info(note_cache)")]
    assert columns[-2:] == ["held", "planned"]
