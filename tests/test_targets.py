"""One sync algorithm, two targets: the local folder and Nextcloud both plan through
vault_sync.sync.plan, and the folder keeps its own guarantees while doing so.

The Nextcloud target talks to a real WebDAV server on loopback (tests/davserver.py)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from davserver import DavServer, iter_files
from harness import DAV_PASSWORD
from hypothesis import given, settings
from hypothesis import strategies as st

from vault_sync.config import RemoteConfig
from vault_sync.credentials import Secret
from vault_sync.dav.client import DavClient
from vault_sync.render.outputs import content_digest
from vault_sync.state import State
from vault_sync.sync import target as target_module
from vault_sync.sync.folder import FolderTarget
from vault_sync.sync.nextcloud import NextcloudTarget
from vault_sync.sync.plan import SyncPlan, plan
from vault_sync.sync.target import SyncReport, Target, synchronize

OUTPUTS = {f"group{n % 3}/note{n}.md": f"заметка {n}\n".encode() for n in range(10)}


def digests(outputs: Mapping[str, bytes]) -> dict[str, str]:
    return {path: content_digest(data) for path, data in outputs.items()}


def first(count: int) -> dict[str, bytes]:
    return dict(list(OUTPUTS.items())[:count])


@contextmanager
def memory_state() -> Iterator[State]:
    opened = State(":memory:")
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def state() -> Iterator[State]:
    with memory_state() as opened:
        yield opened


@pytest.fixture
def remote(dav: DavServer, state: State) -> Iterator[NextcloudTarget]:
    client = DavClient(RemoteConfig(dav.url, "anna", "vault-sync"), Secret(DAV_PASSWORD))
    yield NextcloudTarget(client, state, "dav:test")
    client.close()


def test_both_targets_are_targets(tmp_path: Path, remote: NextcloudTarget) -> None:
    targets = [FolderTarget(tmp_path, remote.state), remote]  # mypy checks it in the modules
    assert all(isinstance(t, Target) for t in targets)
    assert [t.key for t in targets] == ["local:" + str(tmp_path.resolve()), "dav:test"]


def test_both_targets_refuse_the_same_deletions_for_the_same_published_table(
    tmp_path: Path, dav: DavServer, state: State, remote: NextcloudTarget
) -> None:
    folder = FolderTarget(tmp_path / "out", state)
    assert folder.apply(OUTPUTS).written == remote.push(OUTPUTS).written == sorted(OUTPUTS)
    assert set(folder.published()) == set(remote.published()) == set(OUTPUTS)

    fewer = first(4)  # six of ten would go: more than half, held back
    expected = plan(digests(fewer), remote.published()).deletions_refused
    assert len(expected) == 6
    local, pushed = folder.apply(fewer), remote.push(fewer)
    assert local.deletion_refused == pushed.deletion_refused == expected
    assert local.removed == pushed.deleted == []
    assert sorted(iter_files(tmp_path / "out")) == sorted(OUTPUTS)
    assert sorted(iter_files(dav.root / "vault-sync")) == sorted(OUTPUTS)

    # the daemon's way: only the paths a rebuild changed are looked at; the guard still
    # weighs them against all ten published files, for both targets alike
    changed = set(OUTPUTS) - set(fewer)
    local = folder.apply(fewer, changed)
    pushed = synchronize(remote, fewer, only=changed)
    assert local.deletion_refused == pushed.deletion_refused == expected
    assert local.unchanged == pushed.unchanged == 4

    emptied = folder.apply({}, vault_empty=True), remote.push({}, vault_empty=True)
    assert emptied[0].deletion_refused == emptied[1].deletion_refused == sorted(OUTPUTS)

    most = first(8)  # two of ten go: deleted from both
    local, pushed = folder.apply(most), remote.push(most)
    assert local.removed == pushed.deleted == sorted(set(OUTPUTS) - set(most))
    assert local.deletion_refused == pushed.deletion_refused == []
    assert set(folder.published()) == set(remote.published()) == set(most)


def test_the_folder_target_does_what_the_planner_says(
    tmp_path: Path, state: State, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = FolderTarget(tmp_path, state)
    folder.apply(OUTPUTS)
    asked: list[dict[str, Any]] = []

    def planner(*args: Any, **options: Any) -> SyncPlan:
        asked.append(options)
        return SyncPlan(deletions_refused=["a planner's word"])

    monkeypatch.setattr(target_module, "plan", planner)
    report = folder.apply(first(1), force_delete=True)  # nine would go, forced
    assert report.deletion_refused == ["a planner's word"] and report.removed == []
    assert sorted(iter_files(tmp_path)) == sorted(OUTPUTS)
    folder.apply(first(1), ["group0/note0.md"])
    assert asked[0]["force_delete"] and asked[0]["only"] is None
    assert asked[1]["only"] == ["group0/note0.md"]


@pytest.mark.parametrize("restricted", [False, True])
def test_a_file_removed_from_the_output_folder_is_written_again(
    tmp_path: Path, state: State, restricted: bool
) -> None:
    folder = FolderTarget(tmp_path, state)
    folder.apply(OUTPUTS)
    lost = "group1/note4.md"
    (tmp_path / lost).unlink()
    other = tmp_path / "group2/note5.md"
    os.utime(other, ns=(1, 1))
    report = folder.apply(OUTPUTS, [lost] if restricted else None)
    assert report.written == [lost] and report.unchanged == len(OUTPUTS) - 1
    assert (tmp_path / lost).read_bytes() == OUTPUTS[lost]
    assert other.stat().st_mtime_ns == 1  # the others were left alone


@pytest.mark.parametrize("restricted", [False, True])
def test_an_output_someone_edited_is_kept_not_removed(
    tmp_path: Path, state: State, restricted: bool
) -> None:
    folder = FolderTarget(tmp_path, state)
    folder.apply(OUTPUTS)
    edited, untouched = "group0/note3.md", "group1/note1.md"
    (tmp_path / edited).write_text("правка методиста", encoding="utf-8")
    outputs = {p: d for p, d in OUTPUTS.items() if p not in (edited, untouched)}
    report = folder.apply(outputs, [edited, untouched] if restricted else None)
    assert report.kept_edited == [edited] and report.removed == [untouched]
    assert (tmp_path / edited).read_text(encoding="utf-8") == "правка методиста"
    assert not (tmp_path / untouched).exists()
    assert edited not in FolderTarget(tmp_path, state).published()  # no longer ours


def test_a_lost_state_adopts_the_files_that_hold_the_bytes_already(tmp_path: Path) -> None:
    with memory_state() as before:
        FolderTarget(tmp_path, before).apply(OUTPUTS)
    stale = "group2/note2.md"
    (tmp_path / stale).write_bytes(b"old")
    for path in OUTPUTS:
        os.utime(tmp_path / path, ns=(1, 1))
    with memory_state() as after:  # the state is gone: every file is of unknown origin
        report = FolderTarget(tmp_path, after).apply(OUTPUTS)
        assert report.written == [stale] and report.unchanged == len(OUTPUTS) - 1
        assert {p for p in OUTPUTS if (tmp_path / p).stat().st_mtime_ns == 1} == set(OUTPUTS) - {
            stale
        }
        assert set(FolderTarget(tmp_path, after).published()) == set(OUTPUTS)


outputs_strategy = st.dictionaries(
    st.sampled_from(["a.md", "b/c.md", "b/d.md", "e/f/g.md", "h.ics"]),
    st.sampled_from([b"1", b"2", b"3"]),
)


@settings(max_examples=40, deadline=None)
@given(outputs_strategy, outputs_strategy, st.booleans())
def test_applying_only_what_changed_gives_the_folder_a_full_apply_gives(
    before: dict[str, bytes], after: dict[str, bytes], force_delete: bool
) -> None:
    changed = {p for p in set(before) | set(after) if before.get(p) != after.get(p)}
    results: list[tuple[dict[str, bytes], SyncReport]] = []
    for only in (None, changed):
        with tempfile.TemporaryDirectory() as work, memory_state() as state:
            folder = FolderTarget(Path(work), state)
            folder.apply(before)
            report = folder.apply(after, only, force_delete=force_delete)
            files = {p: (Path(work) / p).read_bytes() for p in iter_files(Path(work))}
            results.append((files, report))
    (full_files, full), (part_files, part) = results
    assert part_files == full_files
    assert (part.written, part.removed, part.deletion_refused, part.unchanged) == (
        full.written,
        full.removed,
        full.deletion_refused,
        full.unchanged,
    )
    if not full.deletion_refused:
        assert full_files == after
