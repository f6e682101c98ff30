"""The sync planner: nothing unchanged is touched, nothing is deleted in a panic."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from vault_sync.sync.plan import Kind, Published, conflict_copy_name, folders_of, plan


def published(**rows: str) -> dict[str, Published]:
    return {path: Published(path, digest, f'"e-{digest}"') for path, digest in rows.items()}


def test_unchanged_files_need_nothing() -> None:
    result = plan({"a.ics": "1", "b.md": "2"}, published(**{"a.ics": "1", "b.md": "2"}))
    assert result.actions == [] and result.unchanged == 2


def test_new_changed_and_gone_files() -> None:
    result = plan(
        {"a.ics": "1", "b.md": "3", "c.md": "4"},
        published(**{"a.ics": "1", "b.md": "2", "d.md": "5"}),
    )
    assert [(a.kind, a.path) for a in result.actions] == [
        (Kind.CREATE, "c.md"),
        (Kind.UPDATE, "b.md"),
        (Kind.DELETE, "d.md"),
    ]
    update = result.of(Kind.UPDATE)[0]
    assert update.etag == '"e-2"' and update.digest == "3"  # If-Match the version we wrote


def test_more_than_half_gone_deletes_nothing_without_force() -> None:
    rows = published(**{f"{n}.md": str(n) for n in range(10)})
    keep = {f"{n}.md": str(n) for n in range(4)}
    refused = plan(keep, rows)
    assert refused.of(Kind.DELETE) == [] and len(refused.deletions_refused) == 6
    forced = plan(keep, rows, force_delete=True)
    assert len(forced.of(Kind.DELETE)) == 6


def test_an_empty_vault_deletes_nothing_without_force() -> None:
    rows = published(**{"a.md": "1", "b.md": "2", "c.md": "3"})
    result = plan({"a.md": "1", "b.md": "2"}, rows, vault_empty=True)
    assert result.of(Kind.DELETE) == [] and result.deletions_refused == ["c.md"]


def test_folders_parents_first() -> None:
    assert folders_of(["calendars/all.ics", "gmo/Readme.md", "a/b/c.md"]) == [
        "a",
        "calendars",
        "gmo",
        "a/b",
    ]


def test_conflict_copy_keeps_the_folder_and_extension() -> None:
    assert conflict_copy_name("gmo/Readme.md", "2026-11-21") == (
        "gmo/Readme (версия vault-sync 2026-11-21).md"
    )
    assert conflict_copy_name("x", "d") == "x (версия vault-sync d)"


@given(
    st.dictionaries(st.sampled_from("abcdefgh"), st.sampled_from("123")),
    st.dictionaries(st.sampled_from("abcdefgh"), st.sampled_from("123")),
)
def test_applying_the_plan_gives_the_desired_state(
    desired: dict[str, str], before: dict[str, str]
) -> None:
    rows = published(**before)
    result = plan(desired, rows, force_delete=True)
    after = dict(before)
    for action in result.actions:
        if action.kind is Kind.DELETE:
            del after[action.path]
        else:
            after[action.path] = action.digest
    assert after == desired
    assert result.unchanged == sum(1 for p, d in desired.items() if before.get(p) == d)


def test_only_looks_at_the_given_paths_and_counts_the_rest_unchanged() -> None:
    desired = {"a.md": "1", "b.md": "9", "c.md": "3", "new.md": "4"}
    rows = published(**{"a.md": "1", "b.md": "2", "c.md": "0", "gone.md": "5", "old.md": "6"})
    result = plan(desired, rows, only=["b.md", "new.md", "gone.md", "never.md"])
    assert [(a.kind, a.path) for a in result.actions] == [
        (Kind.CREATE, "new.md"),
        (Kind.UPDATE, "b.md"),
        (Kind.DELETE, "gone.md"),
    ]  # c.md changed and old.md went, but they were not asked about
    assert result.unchanged == 2  # a.md and c.md, not looked at


def test_the_guard_in_restricted_mode_weighs_against_the_whole_table() -> None:
    rows = published(**{f"{n}.md": str(n) for n in range(10)})
    keep = {f"{n}.md": str(n) for n in range(3, 10)}  # three of ten go
    few = plan(keep, rows, only=["0.md", "1.md", "2.md"])
    assert [a.path for a in few.of(Kind.DELETE)] == ["0.md", "1.md", "2.md"]
    assert few.deletions_refused == []
    # six of ten asked about at once: more than half of the whole table, held back
    six = plan({}, rows, only=[f"{n}.md" for n in range(6)])
    assert six.of(Kind.DELETE) == [] and six.deletions_refused == [f"{n}.md" for n in range(6)]
    assert len(plan({}, rows, only=["0.md"], vault_empty=True).deletions_refused) == 1
    forced = plan({}, rows, only=[f"{n}.md" for n in range(6)], force_delete=True)
    assert len(forced.of(Kind.DELETE)) == 6 and forced.deletions_refused == []


def test_a_published_file_the_target_lost_is_created_again() -> None:
    rows = published(**{"a.md": "1", "b.md": "2"})
    result = plan({"a.md": "1", "b.md": "2"}, rows, present=lambda path: path != "b.md")
    assert [(a.kind, a.path, a.digest) for a in result.actions] == [(Kind.CREATE, "b.md", "2")]
    assert result.unchanged == 1
    asked: list[str] = []
    plan({"a.md": "1", "b.md": "3"}, rows, present=lambda p: asked.append(p) or True)
    assert asked == ["a.md"]  # only files that would be left alone are looked for


paths = st.sampled_from("abcdefghij")


@given(
    st.dictionaries(paths, st.sampled_from("123")),
    st.dictionaries(paths, st.sampled_from("123")),
    st.sets(paths),
    st.sets(paths),
    st.booleans(),
    st.booleans(),
)
def test_a_plan_restricted_to_some_paths_is_the_full_plan_on_those_paths(
    desired: dict[str, str],
    before: dict[str, str],
    only: set[str],
    lost: set[str],
    force_delete: bool,
    vault_empty: bool,
) -> None:
    rows = published(**before)
    options: dict[str, Any] = {
        "force_delete": force_delete,
        "vault_empty": vault_empty,
        "present": lambda path: path not in lost,
    }
    full = plan(desired, rows, **options)
    part = plan(desired, rows, only=only, **options)
    on = [a for a in full.actions if a.path in only]
    writes = [a for a in part.actions if a.kind is not Kind.DELETE]
    assert writes == [a for a in on if a.kind is not Kind.DELETE]
    assert all(a.path in only for a in part.actions)
    looked = only & set(desired)
    left_alone = [p for p in looked if before.get(p) == desired[p] and p not in lost]
    assert part.unchanged == len(desired) - len(looked) + len(left_alone)
    # the same deletions are asked for; the guard weighs them against the whole table,
    # so a restricted plan holds back no more than the full plan does
    gone = sorted(p for p in only if p in before and p not in desired)
    deleted = [a.path for a in part.of(Kind.DELETE)]
    assert sorted(deleted + part.deletions_refused) == gone
    if not full.deletions_refused:
        assert deleted == [a.path for a in on if a.kind is Kind.DELETE]
    if force_delete:
        assert part.actions == on and part.deletions_refused == []
    elif vault_empty:
        assert deleted == []
    else:
        assert bool(part.deletions_refused) == (len(gone) * 2 > len(before))


def test_a_conflict_copy_is_valid_and_short_keeping_its_marker() -> None:
    long = "gmo/" + "Протокол " * 20 + ".md"
    copy = conflict_copy_name(long, "2026-11-21").partition("/")[2]
    assert len(copy.encode()) <= 180 and copy.endswith(" (версия vault-sync 2026-11-21).md")
    assert copy != conflict_copy_name("gmo/" + "Протокол " * 21 + ".md", "2026-11-21")
    assert (
        conflict_copy_name("gmo/a:b.md", "d")
        == "gmo/a_b ~" + conflict_copy_name("gmo/a:b.md", "d").partition(" ~")[2]
    )
