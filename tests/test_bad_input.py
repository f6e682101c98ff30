"""Every kind of bad input in tests/data/bad_input gets a precise problem and stops nothing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from frontmatter.default_handlers import YAMLHandler
from hypothesis import assume, given
from hypothesis import strategies as st

from vault_sync.cli.commands import check_vault
from vault_sync.config import load_config
from vault_sync.i18n import format_problem
from vault_sync.notes import source
from vault_sync.notes.check import CheckResult
from vault_sync.notes.model import Severity
from vault_sync.vault import VaultFile, read_bytes

DATA = Path(__file__).parent / "data" / "bad_input"

# file -> (message code, line or None, severity)
EXPECTED: dict[str, tuple[str, int | None, Severity]] = {
    "yaml_syntax_error.md": ("yaml.unclosed_quote", 5, Severity.ERROR),
    "tab_indentation.md": ("yaml.tab", 7, Severity.ERROR),
    "duplicate_key.md": ("yaml.duplicate", 6, Severity.ERROR),
    "cp1251_encoding.md": ("file.encoding", None, Severity.ERROR),
    "binary_named.md": ("file.binary", None, Severity.WARNING),
    "too_large.md": ("file.too_large", None, Severity.ERROR),
    "alias_bomb.md": ("yaml.too_big", None, Severity.ERROR),
    "frontmatter_not_mapping.md": ("frontmatter.not_mapping", 2, Severity.WARNING),
    "impossible_date.md": ("when.impossible_date", 7, Severity.ERROR),
    "impossible_iso_date.md": ("schema.date_impossible", 4, Severity.ERROR),
    "deadline_before_meeting.md": ("note.due_before_meeting", 7, Severity.WARNING),
    "unknown_association.md": ("note.unknown_association", 3, Severity.ERROR),
    "unreadable_when.md": ("when.unknown", 7, Severity.ERROR),
    "unknown_field_typo.md": ("schema.unknown_field_suggest", 5, Severity.ERROR),
    "russian_date_in_iso_field.md": ("schema.date_suggest", 4, Severity.ERROR),
    "unclosed_frontmatter.md": ("frontmatter.unclosed", 1, Severity.ERROR),
    "python_tag.md": ("yaml.tag", 4, Severity.ERROR),
    "colon_in_value.md": ("yaml.colon_in_value", 5, Severity.ERROR),
    "bad_indent.md": ("yaml.indent", 7, Severity.ERROR),
}
SILENT = {
    "valid_protocol.md",
    "utf8_bom_crlf.md",
    "empty_file.md",
    "not_ours_no_frontmatter.md",
    "not_ours_other_type.md",
}


@pytest.fixture(scope="module")
def result() -> CheckResult:
    return check_vault(load_config(DATA))


def test_every_case_file_is_covered() -> None:
    on_disk = {p.name for p in DATA.glob("*.md")}
    assert on_disk == set(EXPECTED) | SILENT | {"wrong_types.md"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input_gets_its_problem(result: CheckResult, name: str) -> None:
    code, line, severity = EXPECTED[name]
    found = [p for p in result.problems if p.path == name]
    assert [p.code for p in found] == [code], [format_problem(p, "en") for p in found]
    if line is not None:
        assert found[0].line == line
    assert found[0].severity is severity
    assert (name in result.held_back) == (severity is Severity.ERROR)
    for lang in ("ru", "en"):  # every message renders, names the file, never a bare code
        text = format_problem(found[0], lang)
        assert text.startswith(name) and code not in text


def test_wrong_types_reports_every_field_at_once(result: CheckResult) -> None:
    fields = sorted(p.field for p in result.problems if p.path == "wrong_types.md")
    assert fields == ["agenda", "attendance.count", "decisions.1.vote.for", "number"]


@pytest.mark.parametrize("name", sorted(SILENT))
def test_good_and_foreign_files_are_silent(result: CheckResult, name: str) -> None:
    assert [p for p in result.problems if p.path == name] == []


def test_valid_notes_still_publish_beside_bad_ones(result: CheckResult) -> None:
    published = sorted(n.path for n in result.notes)
    assert published == ["deadline_before_meeting.md", "utf8_bom_crlf.md", "valid_protocol.md"]


def test_bom_and_crlf_are_read_like_any_note(result: CheckResult) -> None:
    note = next(n for n in result.notes if n.path == "utf8_bom_crlf.md")
    assert str(note.date) == "2021-09-22" and str(note.time) == "14:00:00"


def test_cp1251_message_shows_the_text_decoded(result: CheckResult) -> None:
    found = next(p for p in result.problems if p.path == "cp1251_encoding.md")
    message = format_problem(found, "ru")
    assert "Windows-1251" in message and "Установочное совещание" in message


def test_symlink_loop_is_reported_not_followed(tmp_path: Path) -> None:
    shutil.copy(DATA / "valid_protocol.md", tmp_path / "valid_protocol.md")
    shutil.copy(DATA / "vault-sync.toml", tmp_path / "vault-sync.toml")
    (tmp_path / "sub").mkdir()
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    result = check_vault(load_config(tmp_path))
    assert [(p.path, p.code) for p in result.problems] == [("sub/loop", "file.symlink_loop")]
    assert [n.path for n in result.notes] == ["valid_protocol.md"]


def test_file_that_cannot_be_read_is_a_problem(tmp_path: Path) -> None:
    gone = VaultFile("gone.md", tmp_path / "gone.md", 10, 0)  # deleted after the scan
    found = read_bytes(gone, 1000)
    assert not isinstance(found, bytes) and found.code == "file.unreadable"


_FRONTMATTER_BITS = st.sampled_from(["---", "----", "-", "\n", " ", "\t", "a", ": ", "x---"])


@given(st.lists(_FRONTMATTER_BITS, max_size=12).map("".join))
def test_frontmatter_is_split_as_python_frontmatter_splits_it(tail: str) -> None:
    """The note reader's own split gives what python-frontmatter's gives, or fails as it does
    (for text that python-frontmatter detects as starting with frontmatter: the reader asks)."""
    text = "---" + tail
    assert (source._BOUNDARY.match(text) is not None) == YAMLHandler().detect(text)
    assume(YAMLHandler().detect(text))
    try:
        expected: tuple[str, str] | None = YAMLHandler().split(text)
    except ValueError:
        expected = None
    try:
        found: tuple[str, str] | None = source._split_frontmatter(text)
    except ValueError:
        found = None
    assert found == expected
