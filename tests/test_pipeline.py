"""One note pipeline: what ``check`` says of a vault is what ``build`` publishes.

A differential test over generated vaults: associations configured, described in notes
(valid, broken, defined twice), notes naming them or unknown ones, duplicate ids, invalid
values, files that are not notes. ``check`` (streaming, keeps no state) and the build
engine (incremental, cached) must agree on every problem, on which notes are held back
and on which notes are published.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vault_sync.build.engine import Engine
from vault_sync.build.entry import Clock
from vault_sync.cli import check_vault
from vault_sync.config import load_config
from vault_sync.notes.model import Problem
from vault_sync.state import State

MOMENT = datetime(2022, 3, 1, 9, 0, tzinfo=UTC)
SETTINGS = """\
[vault]
lang = "ru"
timezone = "Europe/Moscow"

[associations.rmo-a]
name = "РМО школьных библиотекарей Советского района"
kind = "РМО"
"""
ASSOCIATIONS = ["rmo-a", "gmo-b", "gmo-c", "mmo-unknown"]


@dataclass(frozen=True)
class Spec:
    """One generated file."""

    folder: str
    kind: str  # protocol, plan, association, other
    association: str
    identity: str | None
    number: str
    date: str
    broken: bool  # an invalid value somewhere (an association note: a bad kind)


def _text(spec: Spec) -> str:
    if spec.kind == "other":
        return "# Заметка\n\nПросто текст, без свойств.\n"
    if spec.kind == "association":
        kind = "кружок" if spec.broken else "ГМО"
        return (
            f"---\ntype: association\nid: {spec.association}\n"
            f"name: Объединение {spec.association}\nkind: {kind}\n"
            "timezone: Asia/Krasnoyarsk\n---\n"
        )
    head = f"---\ntype: {spec.kind}\nassociation: {spec.association}\n"
    if spec.identity is not None:
        head += f"id: {spec.identity}\n"
    if spec.kind == "protocol":
        head += f"number: {spec.number}\ndate: {spec.date}\ntopic: Итоги года\n"
        if spec.broken:
            head += "format: по телефону\n"
        head += "decisions:\n  - text: Подготовить выставку\n    due: 27.09.2021\n"
    else:
        head += 'academic_year: "2021-2022"\ntheme: Чтение\n'
        head += "events:\n  - title: Семинар\n    when: октябрь\n"
        if spec.broken:
            head += "  - title: Мастер-класс\n    when: тридцатое февраля\n"
    return head + "---\n\nТекст заметки.\n"


specs = st.builds(
    Spec,
    folder=st.sampled_from(["", "Заметки", "Объединения", "Заметки/2021"]),
    kind=st.sampled_from(["protocol", "protocol", "plan", "association", "other"]),
    association=st.sampled_from(ASSOCIATIONS),
    identity=st.sampled_from([None, None, "twin", "other-twin"]),
    number=st.sampled_from(["1", "2", "два"]),
    date=st.sampled_from(["2021-09-22", "2021-11-17", "17.11.2021"]),
    broken=st.booleans(),
)
vaults = st.lists(st.tuples(specs, st.integers(0, 99)), min_size=1, max_size=9)


def _write(vault: Path, files: list[tuple[Spec, int]]) -> None:
    (vault / "vault-sync.toml").write_text(SETTINGS, encoding="utf-8")
    for spec, n in files:
        folder = vault / spec.folder
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"Заметка {n}.md").write_text(_text(spec), encoding="utf-8")


def _agree(vault: Path) -> None:
    config = load_config(vault, env={})
    checked = check_vault(config)
    state = State.for_vault(vault)
    try:
        engine = Engine(config, state, Clock(lambda: MOMENT))
        engine.refresh()
    finally:
        state.close()

    def key(p: Problem) -> tuple[object, ...]:
        return (p.path, p.line or 0, p.field, p.code, p.severity, p.params)

    assert sorted(checked.problems, key=key) == sorted(engine.problems(), key=key)
    assert sorted(checked.held_back) == sorted(engine.held_back())
    published = sorted(path for path, entry in engine.entries.items() if entry.owner is not None)
    assert sorted(note.path for note in checked.notes) == published


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(files=vaults)
def test_check_and_build_agree_on_every_note(files: list[tuple[Spec, int]]) -> None:
    vault = Path(tempfile.mkdtemp(prefix="vault-sync-pipeline-"))
    try:
        _write(vault, files)
        _agree(vault)
    finally:
        shutil.rmtree(vault)


def test_check_and_build_agree_on_the_example_vault(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(Path(__file__).resolve().parent.parent / "examples" / "vault", vault)
    _agree(vault)


def test_a_duplicate_id_holds_back_the_same_note_in_both(tmp_path: Path) -> None:
    """The order notes are read in decides which of two notes with one id is held back:
    an association described in a note must not change it."""
    spec = Spec("", "protocol", "gmo-b", "twin", "1", "2021-09-22", False)
    files = [
        (spec, 1),
        (Spec("", "association", "gmo-b", None, "1", "2021-09-22", False), 2),
        (Spec("", "protocol", "rmo-a", "twin", "2", "2021-11-17", False), 3),
    ]
    _write(tmp_path, files)
    _agree(tmp_path)
    checked = check_vault(load_config(tmp_path, env={}))
    assert list(checked.held_back) == ["Заметка 3.md"]  # the later file, as in the engine


@dataclass(frozen=True)
class Edit:
    """One change between two refreshes of a warm engine."""

    index: int  # which file (modulo the files there are)
    action: str  # delete, rewrite
    spec: Spec


edits = st.lists(
    st.builds(Edit, st.integers(0, 50), st.sampled_from(["delete", "rewrite"]), specs),
    min_size=1,
    max_size=4,
)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(files=vaults, changes=edits)
def test_a_warm_engine_agrees_with_check_after_edits(
    files: list[tuple[Spec, int]], changes: list[Edit]
) -> None:
    """The daemon's engine refreshes only the files that changed: after any edits it
    must still say what a fresh ``check`` says (e.g. a note held back for taking the id
    of another is published once that other note is deleted)."""
    vault = Path(tempfile.mkdtemp(prefix="vault-sync-pipeline-"))
    try:
        _write(vault, files)
        config = load_config(vault, env={})
        state = State.for_vault(vault)
        try:
            engine = Engine(config, state, Clock(lambda: MOMENT))
            engine.refresh()
            for change in changes:
                notes = sorted(p for p in vault.rglob("*.md"))
                if not notes:
                    break
                note = notes[change.index % len(notes)]
                if change.action == "delete":
                    note.unlink()
                else:
                    note.write_text(_text(change.spec) + "\n" * change.index, encoding="utf-8")
                engine.refresh([note.relative_to(vault).as_posix()])
            checked = check_vault(config)

            def key(p: Problem) -> tuple[object, ...]:
                return (p.path, p.line or 0, p.field, p.code, p.severity, p.params)

            assert sorted(checked.problems, key=key) == sorted(engine.problems(), key=key)
            assert sorted(checked.held_back) == sorted(engine.held_back())
        finally:
            state.close()
    finally:
        shutil.rmtree(vault)
