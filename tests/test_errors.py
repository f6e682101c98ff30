"""Errors end in one line in the user's language and a documented exit status, never a
traceback: the hierarchy's messages, the last-resort handler, the state database, the
output folder, and the other mistakes a user can type."""

from __future__ import annotations

import re
import shutil
import socket
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from harness import DAV_PASSWORD, cli_env, run_cli

from vault_sync import errors, i18n
from vault_sync.errors import StateError, VaultSyncError
from vault_sync.render.feeds import Revision
from vault_sync.state import SCHEMA_VERSION, State

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "data" / "bad_input"
EXAMPLE = ROOT / "examples" / "vault"

# Where the errors and the CLI name their message codes.
SOURCES = [
    ROOT / "vault_sync" / "errors.py",
    ROOT / "vault_sync" / "state.py",
    *sorted((ROOT / "vault_sync" / "cli").glob("*.py")),
]
# A dotted lower-case string is a message code, unless it names a file.
_LITERAL = re.compile(r'"([a-z_]+(?:\.[a-z_.]+|\.\{[a-z_.]+\})+)"')
_FILE_NAMES = re.compile(r"\.(sqlite|toml|md|lock|ics|json)$")


def _codes() -> tuple[set[str], set[str]]:
    """(the message codes the sources name, the prefixes of those built by f-strings)."""
    codes, prefixes = set(), set()
    for source in SOURCES:
        for code in _LITERAL.findall(source.read_text(encoding="utf-8")):
            if "{" in code:
                prefixes.add(code.split("{", 1)[0])
            elif not _FILE_NAMES.search(code):
                codes.add(code)
    return codes, prefixes


def _fields(template: str) -> set[str]:
    return set(re.findall(r"\{(\w+)", template))


def test_every_message_of_the_errors_and_the_cli_is_in_both_languages() -> None:
    codes, prefixes = _codes()
    assert len(codes) > 40 and {"state.newer", "internal.error"} <= codes  # the scan works
    catalogue = i18n._index
    for code in sorted(codes):
        assert code in catalogue, f"{code} has no text"
        texts = catalogue[code]
        assert set(texts) == {"ru", "en"} and all(t.strip() for t in texts.values()), code
        assert _fields(texts["ru"]) == _fields(texts["en"]), f"{code}: placeholders differ"
    for prefix in sorted(prefixes):
        found = [code for code in catalogue if code.startswith(prefix)]
        assert found, f"no message starts with {prefix}"
        assert all(set(catalogue[code]) == {"ru", "en"} for code in found), prefix


def test_the_hierarchy_is_defined_in_one_module() -> None:
    ours = {
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, VaultSyncError)
    }
    elsewhere = [
        f"{source.relative_to(ROOT)}: {name}"
        for source in (ROOT / "vault_sync").rglob("*.py")
        if source.name != "errors.py"
        for name, bases in re.findall(r"^class (\w+)\(([^)]*)\)", source.read_text("utf-8"), re.M)
        if ours & {base.strip().rsplit(".", 1)[-1] for base in bases.split(",")}
    ]
    assert len(ours) > 15 and elsewhere == []


def test_the_readme_documents_every_exit_status() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Exit statuses", 1)[1].split("\n## ", 1)[0]
    for name in dir(errors):
        if name.startswith("EXIT_"):
            value = getattr(errors, name)
            assert re.search(rf"\|\s*{value}\s*\|", section), f"{name} = {value}"


# --- the last-resort handler ---------------------------------------------------------------


def _run_with(
    command: str, raise_: str, *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run the real CLI with ``run_<command>`` replaced by a function raising ``raise_``."""
    script = (
        "import sys\n"
        "import vault_sync.cli.commands as commands\n"
        "def broken(args):\n"
        f"    raise {raise_}\n"
        f"commands.run_{command} = broken\n"
        "from vault_sync.cli import main\n"
        "raise SystemExit(main(sys.argv[1:]))\n"
    )
    return run_cli(*args, prefix=(sys.executable, "-c", script), env=env, timeout=60)


def test_an_unexpected_error_is_one_line_and_exit_70() -> None:
    result = _run_with("check", "ValueError('the numbers\\ndo not add up')", "check", str(BAD))
    assert result.returncode == errors.EXIT_INTERNAL == 70
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "Внутренняя ошибка vault-sync: ValueError: the numbers do not add up. Запустите "
        "команду с -v, чтобы увидеть подробности, и сообщите о ней."
    ]


def test_an_unexpected_error_in_english_and_with_its_traceback_under_v() -> None:
    result = _run_with("check", "KeyError('x')", "check", "-v", "--lang", "en", str(BAD))
    assert result.returncode == 70
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert any("in broken" in line for line in lines) and "KeyError: 'x'" in lines
    assert lines[-1] == (
        "Internal error of vault-sync: KeyError: 'x'. The details are above; please report it."
    )


def test_an_unexpected_error_does_not_show_the_password() -> None:
    raise_ = f"RuntimeError('sent {DAV_PASSWORD} to the server')"
    for verbose in ([], ["-v"]):
        result = _run_with(
            "check", raise_, "check", *verbose, str(BAD), VAULT_SYNC_PASSWORD=DAV_PASSWORD
        )
        assert result.returncode == 70
        assert DAV_PASSWORD not in result.stderr and "sent *** to the server" in result.stderr


def test_an_error_of_vault_sync_keeps_its_own_status() -> None:
    raise_ = "__import__('vault_sync.errors').errors.StateError('state.corrupt', path='s.db')"
    result = _run_with("check", raise_, "check", str(BAD))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "vault-sync: файл s.db — не база состояния vault-sync или он повреждён. Восстановите "
        "его из резервной копии или, чтобы начать заново, уберите его в другое место — "
        "история публикаций (номера версий событий, что и куда опубликовано, конфликты) "
        "будет потеряна"
    ]


def test_ctrl_c_ends_quietly_with_130() -> None:
    result = _run_with("check", "KeyboardInterrupt", "check", str(BAD))
    assert (result.returncode, result.stderr) == (130, "")


@pytest.mark.parametrize("command", [["check", str(BAD)], ["check", "--json", str(BAD)]])
def test_output_closed_early_ends_quietly_with_141(command: list[str]) -> None:
    """`vault-sync check | head -1`: the reader goes away before we are done."""
    process = subprocess.Popen(
        [sys.executable, "-m", "vault_sync", *command],
        cwd=ROOT,
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # before the program has written anything
    stderr = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=60) == errors.EXIT_BROKEN_PIPE == 141
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr and "Exception" not in stderr


# --- the output folder ----------------------------------------------------------------------


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    folder = tmp_path / "vault"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".vault-*"))
    return folder


def _one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_build_into_a_folder_inside_a_file_is_an_output_error(vault: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder\n", encoding="utf-8")
    result = run_cli("build", str(vault), "--out", str(blocker / "sub"))
    assert result.returncode == 2
    line = _one_error_line(result)
    assert line.startswith("vault-sync: результаты некуда записать: ")
    assert f"{blocker} — файл, а папка {blocker / 'sub'} должна быть внутри него" in line
    assert "--out" in line
    english = run_cli("build", str(vault), "--out", str(blocker / "sub"), "--lang", "en")
    assert english.returncode == 2
    assert f"{blocker} is a file, and the folder {blocker / 'sub'}" in _one_error_line(english)


def test_build_into_a_file_is_an_output_error(vault: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "public"
    blocker.write_bytes(b"")
    result = run_cli("build", str(vault), "--out", str(blocker))
    assert result.returncode == 2
    assert f"{blocker} — файл, а не папка" in _one_error_line(result)


def test_a_file_inside_the_output_folder_in_the_way_is_an_output_error(
    vault: Path, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    out.mkdir()
    (out / "calendars").write_bytes(b"")  # where the feeds' folder goes
    result = run_cli("build", str(vault), "--out", str(out), "--overwrite")
    assert result.returncode == 2
    assert f"{out / 'calendars'} — файл, а папка {out} должна быть" in _one_error_line(result)


# --- the state database ---------------------------------------------------------------------


def _state_file(vault: Path) -> Path:
    return vault / ".vault-sync" / "state.sqlite"


def _make_newer(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.close()


@pytest.mark.parametrize("command", ["build", "status", "push"])
def test_a_state_database_of_a_newer_version_is_a_state_error(vault: Path, command: str) -> None:
    state = _state_file(vault)
    _make_newer(state)
    result = run_cli(command, str(vault))
    assert result.returncode == 2
    line = _one_error_line(result)
    assert f"базу состояния {state} создала более новая версия vault-sync" in line
    assert "Обновите vault-sync" in line and "уберите этот файл" in line
    assert "история публикаций" in line and "будет потеряна" in line
    english = _one_error_line(run_cli(command, str(vault), "--lang", "en"))
    assert f"the state database {state} was made by a newer vault-sync" in english


@pytest.mark.parametrize("command", ["build", "status"])
def test_a_damaged_state_database_is_a_state_error(vault: Path, command: str) -> None:
    state = _state_file(vault)
    state.parent.mkdir(parents=True)
    state.write_bytes(bytes(range(256)) * 16)  # not SQLite
    result = run_cli(command, str(vault))
    assert result.returncode == 2
    line = _one_error_line(result)
    assert f"файл {state} — не база состояния vault-sync или он повреждён" in line
    assert state.read_bytes() == bytes(range(256)) * 16  # left as it was


def test_a_state_folder_that_is_a_file_is_a_state_error(vault: Path) -> None:
    (vault / ".vault-sync").write_bytes(b"")
    result = run_cli("build", str(vault))
    assert result.returncode == 2
    assert "на пути есть файл, а не папка" in _one_error_line(result)


def test_state_says_which_file_and_why(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    _make_newer(path)
    with pytest.raises(StateError) as newer:
        State(path)
    assert newer.value.code == "state.newer"
    assert newer.value.params == {"path": str(path), "version": SCHEMA_VERSION + 1,
                                  "known": SCHEMA_VERSION}  # fmt: skip
    path.write_bytes(b"\x00garbage" * 512)
    with pytest.raises(StateError) as damaged:
        State(path)
    assert damaged.value.code == "state.corrupt"


def test_a_full_disk_and_a_read_only_database_are_state_errors(tmp_path: Path) -> None:
    state = State(tmp_path / "state.sqlite")
    revision = Revision("f", 0, datetime(2024, 1, 1, tzinfo=UTC))
    pages = state.db.execute("PRAGMA page_count").fetchone()[0]
    state.db.execute(f"PRAGMA max_page_count={pages}")  # as if the disk were full
    with pytest.raises(StateError) as full:
        state.save_good_notes([("a.md", "d", b"x" * 100_000)], [])
    assert (full.value.code, full.value.params["reason"]) == ("state.unusable", "state.reason.full")
    state.db.execute("PRAGMA max_page_count=1073741823")
    state.save_revisions({"u": revision})  # the failed write left the database usable
    state.db.execute("PRAGMA query_only=1")
    with pytest.raises(StateError) as readonly:
        state.save_revisions({"v": revision})
    assert readonly.value.params["reason"] == "state.reason.readonly"
    assert "cannot be opened or written" in str(readonly.value)
    state.close()


def test_a_bug_in_a_statement_is_not_a_state_error(tmp_path: Path) -> None:
    state = State(tmp_path / "state.sqlite")
    with pytest.raises(sqlite3.OperationalError):
        state.db.execute("SELECT nothing FROM nowhere")
    with pytest.raises(sqlite3.IntegrityError):
        state.db.execute("INSERT INTO revisions(uid) VALUES ('u')")
    state.close()


# --- other mistakes a user can type ---------------------------------------------------------


@pytest.mark.parametrize("command", ["build", "push"])
def test_a_missing_vault_is_not_created_by_build_or_push(tmp_path: Path, command: str) -> None:
    missing = tmp_path / "typo"
    result = run_cli(command, str(missing))
    assert result.returncode == 2
    assert _one_error_line(result) == f"vault-sync: папка {missing} не найдена"
    assert not missing.exists()


def test_init_into_a_file_is_a_vault_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    result = run_cli("init", str(blocker))
    assert result.returncode == 2
    assert _one_error_line(result) == f"vault-sync: {blocker} — не папка"
    inside = run_cli("init", str(blocker / "vault"))
    assert inside.returncode == 2
    assert _one_error_line(inside) == (
        f"vault-sync: создать хранилище в {blocker / 'vault'} не удалось: "
        "на пути есть файл, а не папка"
    )


def test_serve_on_a_port_out_of_range_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("serve", str(tmp_path), "--port", "70000")
    assert result.returncode == 2 and "--port" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_on_a_taken_port_says_so(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        (tmp_path / ".vault-sync-output").write_text("")  # a folder build wrote
        result = run_cli("serve", str(tmp_path), "--port", str(port), timeout=30)
    assert result.returncode == 2
    assert _one_error_line(result) == (
        f"vault-sync: раздавать на 127.0.0.1:{port} не получается: порт уже занят другой "
        "программой. Укажите другой порт (--port N; 0 — любой свободный)"
    )
