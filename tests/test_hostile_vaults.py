"""Vaults made to hurt: symbolic links out of the vault and ladders of links, hostile
note names, control characters in values, bad association ids. Each through the real
command, as a user (or an attacker who can write into the shared folder) would meet it."""

from __future__ import annotations

import itertools
import os
import shutil
import time
from pathlib import Path

from harness import run_cli

DATA = Path(__file__).parent / "data" / "bad_input"
PROTOCOL = (DATA / "valid_protocol.md").read_text(encoding="utf-8")


def _vault(root: Path) -> Path:
    vault = root / "vault"
    vault.mkdir()
    shutil.copy(DATA / "vault-sync.toml", vault / "vault-sync.toml")
    (vault / "Протокол.md").write_text(PROTOCOL, encoding="utf-8")
    return vault


def _published(out: Path) -> set[str]:
    return {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}


# --- symbolic links ---------------------------------------------------------------------


def test_a_link_to_a_note_outside_the_vault_is_not_published(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    private = tmp_path / "private"
    private.mkdir()
    (private / "Секрет.md").write_text(PROTOCOL.replace("number: 1", "number: 7"), "utf-8")
    os.symlink(private / "Секрет.md", vault / "Секрет.md")
    os.symlink(private, vault / "Личное")
    out = tmp_path / "out"
    result = run_cli("build", str(vault), "--out", str(out), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert not any("Секрет" in p for p in _published(out))
    assert "Секрет.md: warning: a symbolic link points outside the vault" in result.stdout
    assert "Личное: warning: a symbolic link points outside the vault" in result.stdout


def test_links_to_the_root_and_ladders_of_links_end_the_scan_at_once(tmp_path: Path) -> None:
    """Two links per level to the next level: followed, 2**24 folders; not followed, 25."""
    vault = _vault(tmp_path)
    os.symlink("/", vault / "корень")
    levels = [vault / f"d{i}" for i in range(25)]
    for level in levels:
        level.mkdir()
    for upper, lower in itertools.pairwise(levels):
        os.symlink(lower, upper / "a")
        os.symlink(lower, upper / "b")
    (levels[-1] / "Протокол 2.md").write_text(PROTOCOL.replace("number: 1", "number: 2"), "utf-8")
    started = time.monotonic()
    result = run_cli("check", str(vault), "--lang", "en", timeout=60)
    assert time.monotonic() - started < 30
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("Notes checked: 2;")
    assert "корень: warning: a symbolic link points outside the vault" in result.stdout
    assert result.stdout.count("warning") == 1  # the links inside are not even reported


def test_a_link_back_up_inside_the_vault_is_a_loop_not_a_second_copy(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    (vault / "Архив").mkdir()
    os.symlink(vault, vault / "Архив" / "назад")
    os.symlink(vault / "Протокол.md", vault / "Архив" / "Копия.md")
    out = tmp_path / "out"
    result = run_cli("build", str(vault), "--out", str(out), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "Архив/назад: warning: a symbolic link loops back" in result.stdout
    summaries = [p for p in _published(out) if p.startswith("gmo-test/") and "Readme" not in p]
    assert summaries == ["gmo-test/Протокол.md"]
