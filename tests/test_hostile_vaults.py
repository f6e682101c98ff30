"""Vaults made to hurt: symbolic links out of the vault and ladders of links, hostile
note names, control characters in values, bad association ids. Each through the real
command, as a user (or an attacker who can write into the shared folder) would meet it."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from davserver import DavServer, nextcloud_accepts, start_dav_server
from harness import DAV_PASSWORD, cli_env, run_cli

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


# --- names of published files ---------------------------------------------------------


@pytest.fixture
def dav(tmp_path: Path) -> Iterator[DavServer]:
    """The test server refusing the names a Nextcloud with Windows-compatible names refuses."""
    (tmp_path / "dav").mkdir()
    server = start_dav_server(tmp_path / "dav", password=DAV_PASSWORD, windows_names=True)
    yield server
    server.stop()


def test_hostile_note_names_are_published_under_valid_short_names(
    tmp_path: Path, dav: DavServer
) -> None:
    vault = _vault(tmp_path)
    long_name = "Протокол заседания " + "очень " * 19 + "xxx.md"
    assert len(long_name.encode()) == 251
    names = [long_name, "Итоги: «что?» <да> | нет*.md", "CON.md", "Протокол\x1b[31m.md"]
    for n, name in enumerate(names, start=2):
        (vault / name).write_text(PROTOCOL.replace("number: 1", f"number: {n}"), "utf-8")
    out = tmp_path / "out"
    built = run_cli("build", str(vault), "--out", str(out), "--lang", "en")
    assert built.returncode == 0, built.stderr
    summaries = sorted(p for p in _published(out) if p.startswith("gmo-test/"))
    assert len(summaries) == 6  # the five notes and the digest
    for path in summaries:
        name = path.partition("/")[2]
        assert nextcloud_accepts(name) and len(name.encode()) <= 180, name
    warned = [line for line in built.stdout.splitlines() if "is published as" in line]
    assert len(warned) == 4  # each renamed note says under which name
    assert all(
        line.partition("“")[2].rstrip("”") in {s.partition("/")[2] for s in summaries}
        for line in [w.rpartition(" as ")[2].partition(". Rename")[0] for w in warned]
    )
    again = run_cli("build", str(vault), "--out", str(tmp_path / "again"), "--lang", "en")
    assert _published(tmp_path / "again") == _published(out)  # the same names every time
    assert again.returncode == 0
    pushed = run_cli("push", str(vault), "--lang", "en", env=_remote(dav))
    assert pushed.returncode == 0, pushed.stderr
    on_server = {
        p.relative_to(dav.root / "vault-sync").as_posix()
        for p in (dav.root / "vault-sync").rglob("*.md")
    }
    assert set(summaries) <= on_server


def test_the_conflict_copy_of_a_long_name_is_accepted_by_the_server(
    tmp_path: Path, dav: DavServer
) -> None:
    vault = _vault(tmp_path)
    name = "Протокол " + "длинный " * 13 + "x" * 15 + ".md"  # 230 bytes, its copy 267
    (vault / name).write_text(PROTOCOL.replace("number: 1", "number: 2"), "utf-8")
    assert run_cli("push", str(vault), env=_remote(dav)).returncode == 0
    summary = next((dav.root / "vault-sync" / "gmo-test").glob("Протокол длинный*"))
    summary.write_text("edited on the server", "utf-8")
    note = vault / name
    note.write_text(note.read_text("utf-8").replace("14:00", "15:00"), "utf-8")
    for _ in range(2):  # the conflict copy is written once, then left as it is
        pushed = run_cli("push", str(vault), "--lang", "en", env=_remote(dav))
        assert pushed.returncode == 1, pushed.stderr
        assert "usually this passes" not in pushed.stderr + pushed.stdout
    copies = [p.name for p in summary.parent.iterdir() if "vault-sync" in p.name]
    assert len(copies) == 1 and nextcloud_accepts(copies[0])


def _remote(dav: DavServer) -> dict[str, str]:
    return {
        "VAULT_SYNC_URL": dav.url,
        "VAULT_SYNC_USER": "anna",
        "VAULT_SYNC_ROOT": "vault-sync",
        "VAULT_SYNC_PASSWORD": DAV_PASSWORD,
    }


# --- the vault itself -----------------------------------------------------------------


@pytest.mark.parametrize("command", ["build", "push", "check", "status", "watch"])
def test_a_missing_vault_or_a_dangling_link_as_the_vault_is_a_clear_error(
    tmp_path: Path, command: str
) -> None:
    os.symlink(tmp_path / "unmounted" / "share", tmp_path / "vault")
    os.symlink(tmp_path / "loop", tmp_path / "loop")
    for vault in (tmp_path / "missing", tmp_path / "vault", tmp_path / "loop"):
        result = run_cli(command, str(vault), "--lang", "en", timeout=60)
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith("vault-sync: ") and result.stderr.count("\n") == 1
        assert str(vault) in result.stderr and "Traceback" not in result.stderr
    if command in ("build", "push", "watch"):
        assert "is a symbolic link to a folder that does not exist" in result.stderr


# --- association ids ------------------------------------------------------------------


def test_an_association_id_with_a_newline_is_refused_in_notes(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    (vault / "Объединение.md").write_text(
        '---\ntype: association\nid: "rmo\\n"\nname: РМО\nkind: РМО\n'
        "timezone: Asia/Krasnoyarsk\n---\n",
        "utf-8",
    )
    (vault / "Протокол РМО.md").write_text(
        PROTOCOL.replace("association: gmo-test", 'association: "rmo\\n"'), "utf-8"
    )
    (vault / "Длинный.md").write_text(
        PROTOCOL.replace("association: gmo-test", "association: " + "a" * 65), "utf-8"
    )
    checked = run_cli("check", str(vault), "--lang", "en")
    assert checked.returncode == 1
    lines = checked.stdout.splitlines()
    assert lines[1].startswith("Объединение.md:3: id: “rmo\\n”: a code is lowercase Latin")
    assert lines[2].startswith("Протокол РМО.md:3: association: “rmo\\n”: a code is")
    assert lines[0].startswith("Длинный.md:3: association: “aaaa")
    out = tmp_path / "out"
    built = run_cli("build", str(vault), "--out", str(out))
    assert built.returncode == 1
    assert all("\n" not in p and "rmo" not in p for p in _published(out))


def test_an_association_id_with_a_newline_is_refused_in_the_settings(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    settings = vault / "vault-sync.toml"
    settings.write_text(
        settings.read_text("utf-8") + '\n[associations."rmo\\n"]\nname = "РМО"\n', "utf-8"
    )
    for command in ("check", "build"):
        result = run_cli(command, str(vault), "--lang", "en")
        assert result.returncode == 2
        assert "a code is lowercase Latin letters" in result.stderr
        assert result.stderr.count("\n") == 1  # the newline is shown, not printed


# --- what reaches the terminal --------------------------------------------------------


def test_control_characters_in_values_and_names_are_shown_not_obeyed(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    forged = '"\\e[31m14:00\\nfake.md:1: date: all is well\\r"'
    (vault / "Протокол\x1b[2J.md").write_text(
        PROTOCOL.replace('time: "14:00"', f"time: {forged}"), "utf-8"
    )
    result = run_cli("check", str(vault), "--lang", "en")
    assert result.returncode == 1
    assert "\x1b" not in result.stdout + result.stderr and "\r" not in result.stdout
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and not any(line.startswith("fake.md") for line in lines)
    assert "is published as “Протокол_[2J ~" in lines[0]  # the name is renamed too
    assert lines[1].startswith("Протокол\\x1b[2J.md:6: time: “\\x1b[31m14:00\\nfake.md:1:")
    missing = run_cli("build", str(tmp_path / "нет\x1b[31m\nfake.md:1: x"), "--lang", "en")
    assert missing.returncode == 2
    assert missing.stderr.count("\n") == 1 and "\x1b" not in missing.stderr
    assert "нет\\x1b[31m\\nfake.md:1: x" in missing.stderr


def test_control_characters_never_reach_summaries_or_calendars(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    (vault / "Протокол 2.md").write_text(
        "---\ntype: protocol\nassociation: gmo-test\nnumber: 2\n"
        f'date: {time.strftime("%Y-%m-%d")}\ntime: "14:00"\n'
        'topic: "Тема\\e[31m красная\\0 и\\x9b2J чистая\\a"\n'
        'place: "Библиотека\\x7f №1\\e]0;title\\a"\n'
        'decisions:\n  - text: "Сдать\\0 отчёт\\e[2J"\n    due: "31.12.2099"\n'
        "---\nТекст\n",
        "utf-8",
    )
    out = tmp_path / "out"
    built = run_cli("build", str(vault), "--out", str(out))
    assert built.returncode == 0, built.stdout + built.stderr
    summary = (out / "gmo-test" / "Протокол 2.md").read_text("utf-8")
    assert "Тема\\[31m красная и2J чистая" in summary and "Сдать отчёт" in summary
    feeds = ["calendars/gmo-test.ics", "calendars/all.ics", "calendars/deadlines.ics"]
    for path in ["gmo-test/Протокол 2.md", "gmo-test/Readme.md", "Readme.md", *feeds]:
        text = (out / path).read_text("utf-8").replace("\r\n", "\n")
        controls = [c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0]
        assert not controls, (path, controls)
    feed = (out / "calendars" / "gmo-test.ics").read_text("utf-8")
    assert "Тема[31m красная и2J чистая" in feed and "Сдать отчёт[2J" in feed


# --- the output folder ----------------------------------------------------------------


def test_build_does_not_overwrite_a_folder_of_someone_elses_files(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    documents = tmp_path / "Documents"
    (documents / "Отчёты").mkdir(parents=True)
    (documents / "Readme.md").write_text("my own readme", "utf-8")
    for n in range(7):
        (documents / "Отчёты" / f"{n}.docx").write_bytes(b"x")
    refused = run_cli("build", str(vault), "--out", str(documents), "--lang", "en")
    assert refused.returncode == 2
    [line] = refused.stderr.splitlines()
    assert f"the folder {documents} holds files vault-sync did not write (Readme.md, " in line
    assert "Отчёты/0.docx" in line and "…" in line and "--overwrite" in line
    assert (documents / "Readme.md").read_text("utf-8") == "my own readme"
    assert sorted(p.name for p in documents.iterdir()) == ["Readme.md", "Отчёты"]
    forced = run_cli("build", str(vault), "--out", str(documents), "--overwrite")
    assert forced.returncode == 0, forced.stderr
    assert (documents / "calendars" / "gmo-test.ics").is_file()
    again = run_cli("build", str(vault), "--out", str(documents))  # marked ours now
    assert again.returncode == 0, again.stderr


def test_a_folder_built_before_the_marker_existed_is_still_ours(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    assert run_cli("build", str(vault)).returncode == 0
    public = vault / ".vault-sync" / "public"
    (public / ".vault-sync-output").unlink()
    (vault / "Протокол.md").write_text(PROTOCOL.replace("14:00", "15:00"), "utf-8")
    rebuilt = run_cli("build", str(vault))
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert (public / ".vault-sync-output").is_file()


def test_the_daemon_does_not_start_on_someone_elses_folder(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "Readme.md").write_text("my own readme", "utf-8")
    settings = vault / "vault-sync.toml"
    settings.write_text(f'[output]\ndir = "{documents}"\n' + settings.read_text("utf-8"), "utf-8")
    result = run_cli("watch", str(vault), "--lang", "en", timeout=30)
    assert result.returncode == 2
    assert f"the folder {documents} holds files vault-sync did not write (Readme.md)" in (
        result.stderr
    )
    assert (documents / "Readme.md").read_text("utf-8") == "my own readme"


# --- a closed pipe --------------------------------------------------------------------


def test_status_into_a_closed_pipe_ends_quietly_with_141(tmp_path: Path) -> None:
    """`vault-sync status | head -1`: the reader goes away before we are done."""
    vault = _vault(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "vault_sync", "status", str(vault)],
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=60) == 141
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr and "Exception" not in stderr
