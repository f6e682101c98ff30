"""The sync planner: nothing unchanged is touched, nothing is deleted in a panic."""

from __future__ import annotations

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
