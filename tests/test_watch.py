"""vault-sync watch as a real process: saves as editors make them, outages, signals, locks.

Each test starts ``python -m vault_sync watch VAULT`` on a copy of examples/vault, makes
changes the way editors and people do, and polls the published files with a deadline.
The WebDAV tests use the real server of tests/davserver.py behind the fault proxy.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from davserver import DavServer, iter_files
from faultproxy import FaultProxy
from harness import DAV_PASSWORD

from vault_sync.state import State

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "vault"
KRAS = "Красноярск ГМО/Протокол №1 от 22.09.2021.md"
KRAS2 = "Красноярск ГМО/Протокол №2 от 17.11.2021.md"
SUMMARY = "gmo-krasnoyarsk/Протокол №1 от 22.09.2021.md"
SUMMARY2 = "gmo-krasnoyarsk/Протокол №2 от 17.11.2021.md"
TOPIC = "Установочное совещание"
PASSWORD = DAV_PASSWORD
DEBOUNCE_MS = 200


def wait_until(condition: Callable[[], object], timeout: float = 10.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        time.sleep(0.02)


def read(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except OSError:
        return ""


class Watcher:
    """``vault-sync watch -v VAULT`` in a subprocess, its log in a file."""

    def __init__(self, vault: Path, log: Path, *args: str, env: dict[str, str] | None = None):
        self.log_path = log
        self.vault = vault
        environment = {
            **os.environ,
            "PYTHONIOENCODING": "utf-8",
            "VAULT_SYNC_DEBOUNCE_MS": str(DEBOUNCE_MS),
            **(env or {}),
        }
        for name in ("VAULT_SYNC_URL", "VAULT_SYNC_USER", "VAULT_SYNC_ROOT"):
            if env is None or name not in env:
                environment.pop(name, None)
        with open(log, "ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "vault_sync", "watch", "-v", str(vault), *args],
                cwd=ROOT,
                env=environment,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def log(self) -> str:
        return read(self.log_path)

    def count(self, text: str) -> int:
        return self.log().count(text)

    def wait_log(self, text: str, count: int = 1, timeout: float = 20.0) -> None:
        wait_until(
            lambda: self.count(text) >= count or self.process.poll() is not None,
            timeout,
            f"{text!r} in the log",
        )
        assert self.count(text) >= count, self.log()

    def ready(self) -> Watcher:
        self.wait_log("сверка при запуске")
        return self

    def stop(self, timeout: float = 10.0, sent: signal.Signals = signal.SIGTERM) -> int:
        """SIGTERM; the daemon must be gone, with status 0, within ``timeout`` seconds."""
        self.process.send_signal(sent)
        try:
            status = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError("the daemon did not stop on SIGTERM:\n" + self.log()) from None
        assert "остановлен" in self.log()
        return status

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    target = tmp_path / "vault"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".vault-sync"))
    return target


@pytest.fixture
def watchers(tmp_path: Path) -> Iterator[Callable[..., Watcher]]:
    started: list[Watcher] = []

    def start(vault: Path, *args: str, env: dict[str, str] | None = None) -> Watcher:
        watcher = Watcher(vault, tmp_path / f"watch-{len(started)}.log", *args, env=env)
        started.append(watcher)
        return watcher

    yield start
    for watcher in started:  # a failed test leaves no process behind
        watcher.kill()


def public(vault: Path) -> Path:
    return vault / ".vault-sync" / "public"


def edit(vault: Path, path: str, old: str, new: str) -> None:
    note = vault / path
    note.write_text(note.read_text("utf-8").replace(old, new, 1), "utf-8")


def test_every_kind_of_save_is_published_and_temp_files_are_not(
    vault: Path, watchers: Callable[..., Watcher], tmp_path: Path
) -> None:
    daemon = watchers(vault).ready()
    out = public(vault)
    summary = out / SUMMARY
    assert TOPIC in read(summary)
    note = vault / KRAS
    original = note.read_text("utf-8")

    # written in place
    edit(vault, KRAS, TOPIC, "Правка на месте")
    wait_until(lambda: "Правка на месте" in read(summary), what="an in-place save")

    # written to a temporary file, renamed over (Obsidian, most editors)
    temporary = note.with_name(".Протокол №1 от 22.09.2021.md.tmp")
    temporary.write_text(original.replace(TOPIC, "Правка через переименование"), "utf-8")
    os.replace(temporary, note)
    wait_until(lambda: "Правка через переименование" in read(summary), what="a rename-over save")

    # vim: the original renamed to a backup, a new file written, the backup removed
    backup = note.with_name(note.name + "~")
    os.rename(note, backup)
    note.write_text(original.replace(TOPIC, "Правка vim"), "utf-8")
    backup.unlink()
    wait_until(lambda: "Правка vim" in read(summary), what="vim's backup-and-write")

    # deleted, then created again
    note.unlink()
    note.write_text(original.replace(TOPIC, "Правка удалением"), "utf-8")
    wait_until(lambda: "Правка удалением" in read(summary), what="delete then create")

    # a burst: twenty saves in a second are one pass
    time.sleep(DEBOUNCE_MS / 1000)  # the last pass has logged
    passes = daemon.count("изменились заметки")
    for n in range(20):
        note.write_text(original.replace(TOPIC, f"Очередь {n}"), "utf-8")
        time.sleep(0.03)
    wait_until(lambda: "Очередь 19" in read(summary), what="the last save of a burst")
    time.sleep(DEBOUNCE_MS / 1000 * 2)
    assert daemon.count("изменились заметки") == passes + 1, daemon.log()

    # editor and sync temp files, hidden folders, conflict copies: no pass at all
    passes = daemon.count("pass (")
    folder = note.parent
    valid = original.replace(TOPIC, "Временный файл")
    for name in (
        ".~lock.Протокол №1 от 22.09.2021.md#",
        "Протокол №1 от 22.09.2021.md.swp",
        ".Протокол №1 от 22.09.2021.md.swp",
        "Протокол №1 от 22.09.2021.md~",
        ".#Протокол №1 от 22.09.2021.md",
        "Протокол.tmp",
        "Протокол.md.part",
        "Протокол №1 от 22.09.2021 (conflicted copy 2024-01-01).md",
        "Протокол №1 от 22.09.2021.sync-conflict-20240101-120000-ABCDEF.md",
    ):
        (folder / name).write_text(valid, "utf-8")
    (vault / ".obsidian").mkdir()
    (vault / ".obsidian" / "workspace.json").write_text("{}", "utf-8")
    (vault / ".obsidian" / "note.md").write_text(valid, "utf-8")
    (vault / ".trash").mkdir()
    (vault / ".trash" / "old.md").write_text(valid, "utf-8")
    time.sleep(DEBOUNCE_MS / 1000 * 3)
    assert daemon.count("pass (") == passes, daemon.log()
    assert "Временный файл" not in "".join(read(p) for p in out.rglob("*.md"))

    # a new note appears, and goes
    new = vault / "Красноярск ГМО" / "Протокол №3 от 15.12.2021.md"
    new_summary = out / "gmo-krasnoyarsk" / "Протокол №3 от 15.12.2021.md"
    new.write_text(
        original.replace("number: 1", "number: 3")
        .replace("date: 2021-09-22", "date: 2021-12-15")
        .replace(TOPIC, "Третье заседание"),
        "utf-8",
    )
    wait_until(lambda: "Третье заседание" in read(new_summary), what="a new note")
    new.unlink()
    wait_until(lambda: not new_summary.exists(), what="a deleted note's summary removed")

    # moved within the vault: the summary follows the note's name
    renamed = vault / "Заметки" / "Протокол №1 (перенесён).md"
    os.rename(note, renamed)
    moved_summary = out / "gmo-krasnoyarsk" / "Протокол №1 (перенесён).md"
    wait_until(lambda: moved_summary.exists() and not summary.exists(), what="a move within")
    os.rename(renamed, note)
    wait_until(lambda: summary.exists() and not moved_summary.exists(), what="a move back")

    # a folder moved out of the vault, then back in
    outside = tmp_path / "outside"
    os.rename(vault / "Красноярск ГМО", outside)
    wait_until(lambda: not summary.exists() and not (out / SUMMARY2).exists(), what="folder out")
    os.rename(outside, vault / "Красноярск ГМО")
    wait_until(lambda: summary.exists() and (out / SUMMARY2).exists(), what="folder back in")

    # a file moved in from outside, then out again
    stray = tmp_path / "Протокол №4 от 19.01.2022.md"
    stray.write_text(
        original.replace("number: 1", "number: 4")
        .replace("date: 2021-09-22", "date: 2022-01-19")
        .replace(TOPIC, "Принесённый протокол"),
        "utf-8",
    )
    os.rename(stray, vault / "Красноярск ГМО" / stray.name)
    stray_summary = out / "gmo-krasnoyarsk" / stray.name
    wait_until(lambda: "Принесённый протокол" in read(stray_summary), what="a file moved in")
    os.rename(vault / "Красноярск ГМО" / stray.name, stray)
    wait_until(lambda: not stray_summary.exists(), what="a file moved out")

    # an invalid note is held back: its last good version stays published
    note.write_text(original.replace("date: 2021-09-22", "date: 22.09.2021"), "utf-8")
    daemon.wait_log("дату здесь пишут как ГГГГ-ММ-ДД")
    assert summary.exists() and "Правка удалением" not in read(summary)
    assert "Очередь 19" in read(summary)  # the last good version
    note.write_text(original, "utf-8")
    wait_until(lambda: TOPIC in read(summary), what="the fixed note published")

    assert daemon.stop() == 0
    assert "Traceback" not in daemon.log()


def test_catch_up_at_start_and_no_rewrite_of_what_did_not_change(
    vault: Path, watchers: Callable[..., Watcher]
) -> None:
    first = watchers(vault).ready()
    assert first.stop() == 0
    out = public(vault)
    untouched = out / "gmo-novosibirsk" / "Readme.md"
    stamp = untouched.stat().st_mtime_ns
    edit(vault, KRAS, TOPIC, "Правка без демона")
    (vault / KRAS2).unlink()
    second = watchers(vault).ready()
    assert "Правка без демона" in read(out / SUMMARY)  # caught up before "ready"
    assert not (out / SUMMARY2).exists()
    assert untouched.stat().st_mtime_ns == stamp  # identical outputs are not rewritten
    assert second.stop() == 0


def test_settings_edited_while_running_are_applied(
    vault: Path, watchers: Callable[..., Watcher]
) -> None:
    daemon = watchers(vault).ready()
    digest = public(vault) / "gmo-novosibirsk" / "Readme.md"
    settings = vault / "vault-sync.toml"
    text = settings.read_text("utf-8")
    settings.write_text(text.replace("педагогов-библиотекарей", "школьных библиотекарей"), "utf-8")
    daemon.wait_log("перечитаны")
    wait_until(lambda: "школьных библиотекарей г. Новосибирска" in read(digest), what="reload")
    settings.write_text(text.replace('lang = "ru"', 'lang = "klingon"'), "utf-8")
    daemon.wait_log("не применены")
    edit(vault, KRAS, TOPIC, "Правка после ошибки в настройках")
    wait_until(lambda: "Правка после ошибки" in read(public(vault) / SUMMARY), what="still on")
    assert daemon.stop() == 0


def test_a_vanished_vault_deletes_nothing_and_is_caught_up_when_back(
    tmp_path: Path, vault: Path, watchers: Callable[..., Watcher]
) -> None:
    out = tmp_path / "published"  # outside the vault, to see that nothing goes meanwhile
    settings = vault / "vault-sync.toml"
    settings.write_text(
        settings.read_text("utf-8").replace(
            'dir = ".vault-sync/public"', f'dir = "{out.as_posix()}"'
        ),
        "utf-8",
    )
    daemon = watchers(vault).ready()
    before = {p: (out / p).read_bytes() for p in iter_files(out)}
    assert SUMMARY in before

    # the folder renamed away (a share unmounted), edited meanwhile, renamed back
    away = tmp_path / "vault-away"
    os.rename(vault, away)
    daemon.wait_log("пропала или пуста")
    edit(away, KRAS, TOPIC, "Правка пока папки не было")
    (away / KRAS2).unlink()
    time.sleep(1.0)
    assert {p: (out / p).read_bytes() for p in iter_files(out)} == before
    os.rename(away, vault)
    daemon.wait_log("снова на месте")
    wait_until(lambda: "Правка пока папки не было" in read(out / SUMMARY), what="caught up")
    wait_until(lambda: not (out / SUMMARY2).exists(), what="the deletion caught up")
    edit(vault, KRAS, "Правка пока папки не было", "Правка после возвращения")
    wait_until(lambda: "Правка после возвращения" in read(out / SUMMARY), what="watched again")

    # the folder still there but empty (the mount point of an unmounted share)
    before = {p: (out / p).read_bytes() for p in iter_files(out)}
    aside = tmp_path / "aside"
    aside.mkdir()
    for entry in list(vault.iterdir()):
        os.rename(entry, aside / entry.name)
    daemon.wait_log("пропала или пуста", count=2)
    time.sleep(0.5)
    assert {p: (out / p).read_bytes() for p in iter_files(out)} == before
    for entry in list(aside.iterdir()):
        os.rename(entry, vault / entry.name)
    daemon.wait_log("снова на месте", count=2)
    edit(vault, KRAS, "Правка после возвращения", "Правка после монтирования")
    wait_until(lambda: "Правка после монтирования" in read(out / SUMMARY), what="after remount")
    assert daemon.stop() == 0
    assert "Traceback" not in daemon.log()


def test_a_second_daemon_is_refused_and_kill_9_leaves_no_stale_lock(
    vault: Path, watchers: Callable[..., Watcher]
) -> None:
    first = watchers(vault).ready()
    second = watchers(vault)
    assert second.process.wait(timeout=20) == 2
    assert "уже следит другой vault-sync watch" in second.log()
    assert f"процесс {first.process.pid}" in second.log()
    status = subprocess.run(  # status works while the daemon runs (SQLite WAL)
        [sys.executable, "-m", "vault_sync", "status", str(vault)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert status.returncode == 0, status.stderr
    assert "Заметок с ошибками: 0" in status.stdout
    first.process.send_signal(signal.SIGKILL)
    first.process.wait(timeout=10)
    third = watchers(vault).ready()  # the lock died with the process
    edit(vault, KRAS, TOPIC, "После kill -9")
    wait_until(lambda: "После kill -9" in read(public(vault) / SUMMARY), what="the third daemon")
    assert third.stop() == 0


def test_polling_mode_for_network_shares(vault: Path, watchers: Callable[..., Watcher]) -> None:
    daemon = watchers(vault, "--polling").ready()
    assert "опрос папки раз в 1 с" in daemon.log()
    edit(vault, KRAS, TOPIC, "Правка на сетевом диске")
    wait_until(lambda: "Правка на сетевом диске" in read(public(vault) / SUMMARY), what="polled")
    os.rename(vault / KRAS, vault / "Заметки" / "Перенесён.md")
    wait_until(lambda: not (public(vault) / SUMMARY).exists(), what="a polled move")
    assert daemon.stop(sent=signal.SIGINT) == 0  # Ctrl+C
    assert "получен сигнал SIGINT" in daemon.log()


# --- with Nextcloud (the WebDAV server of tests/davserver.py) ------------------------------


def remote_env(proxy: FaultProxy) -> dict[str, str]:
    return {
        "VAULT_SYNC_URL": proxy.url,
        "VAULT_SYNC_USER": "anna",
        "VAULT_SYNC_ROOT": "vault-sync",
        "VAULT_SYNC_PASSWORD": PASSWORD,
        "VAULT_SYNC_RETRY_S": "1",
    }


def on_server(dav: DavServer, path: str) -> str:
    return read(dav.root / "vault-sync" / path)


def server_matches(dav: DavServer, vault: Path) -> bool:
    """The server holds exactly what the state says was published, and nothing is queued."""
    state = State.for_vault(vault)
    try:
        targets = [row[0] for row in state.db.execute("SELECT DISTINCT target FROM published")]
        if len(targets) != 1 or state.in_flight(targets[0]):
            return False
        published = state.published(targets[0])
        local = state.outputs(next(iter(state.db.execute("SELECT target FROM outputs")))[0])
    finally:
        state.close()
    root = dav.root / "vault-sync"
    files = set(iter_files(root))
    if files != set(published) or {p: r.digest for p, r in published.items()} != local:
        return False
    return all(hashlib.sha256((root / p).read_bytes()).hexdigest() == local[p] for p in files)


def test_published_to_nextcloud_through_an_outage(
    vault: Path, dav: DavServer, proxy: FaultProxy, watchers: Callable[..., Watcher]
) -> None:
    daemon = watchers(vault, env=remote_env(proxy)).ready()
    daemon.wait_log("опубликовано в Nextcloud")
    wait_until(lambda: server_matches(dav, vault), what="the first publication")
    digest = on_server(dav, "gmo-krasnoyarsk/Readme.md")
    assert "/public.php/dav/files/" in digest  # the digests show the feeds' links

    edit(vault, KRAS, TOPIC, "Правка для Nextcloud")
    wait_until(lambda: "Правка для Nextcloud" in on_server(dav, SUMMARY), what="a published edit")
    assert "Правка для Nextcloud" in read(public(vault) / SUMMARY)

    proxy.set_down(True)
    edit(vault, KRAS, "Правка для Nextcloud", "Правка при недоступном сервере")
    wait_until(lambda: "при недоступном" in read(public(vault) / SUMMARY), what="local, down")
    daemon.wait_log("сервер Nextcloud недоступен")
    assert "при недоступном" not in on_server(dav, SUMMARY)
    proxy.set_down(False)  # the retry (after 1 s here, 30 s by default) publishes it
    wait_until(lambda: "при недоступном" in on_server(dav, SUMMARY), 20, "the retry")
    wait_until(lambda: server_matches(dav, vault), what="everything published")
    assert daemon.stop() == 0
    log = daemon.log()
    assert PASSWORD not in log and "Traceback" not in log


def test_sigterm_in_the_middle_of_an_upload_then_a_restart_converges(
    vault: Path, dav: DavServer, proxy: FaultProxy, watchers: Callable[..., Watcher]
) -> None:
    proxy.slow_seconds = 0.3
    proxy.fault_rate(1.0, ["slow"])  # every request slow: the first upload takes a while
    daemon = watchers(vault, env=remote_env(proxy))
    wait_until(lambda: proxy.counts["PUT"] >= 5, 30, "uploads under way")
    started = time.monotonic()
    assert daemon.stop(timeout=10) == 0
    assert time.monotonic() - started < 5
    assert "публикация прервана остановкой" in daemon.log()
    proxy.fault_rate(0.0, [])
    proxy.wait_idle()
    assert not server_matches(dav, vault)
    proxy.reset_counts()
    again = watchers(vault, env=remote_env(proxy)).ready()
    wait_until(lambda: server_matches(dav, vault), 20, "convergence after the restart")
    statuses = [r.status for r in proxy.requests("PUT")]
    assert statuses.count(412) <= 4  # at most the requests that were in flight
    names = [p for p in iter_files(dav.root / "vault-sync") if "версия vault-sync" in p]
    assert names == []  # no false conflict
    assert again.stop() == 0
