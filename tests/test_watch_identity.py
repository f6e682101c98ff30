"""`vault-sync watch .`: the vault folder deleted and made again (a restore from a
backup, a sync client re-creating it) is watched again, whether it was gone for a while
or came back between two looks. The real daemon, its working folder the vault."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from harness import cli_env

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "vault"
NOTE = "Красноярск ГМО/Протокол №1 от 22.09.2021.md"
SUMMARY = "gmo-krasnoyarsk/Протокол №1 от 22.09.2021.md"


def _wait(condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


class Daemon:
    def __init__(self, vault: Path, log: Path) -> None:
        self.log_path = log
        with open(log, "wb") as sink:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "vault_sync", "watch", "--lang", "en", "."],
                cwd=vault,
                env=cli_env({"VAULT_SYNC_DEBOUNCE_MS": "100"}),
                stdout=sink,
                stderr=subprocess.STDOUT,
            )

    def log(self) -> str:
        return self.log_path.read_text("utf-8")

    def wait_log(self, text: str, count: int = 1) -> None:
        _wait(lambda: self.log().count(text) >= count, repr(text))


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "vault"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".vault-sync"))
    yield folder


def _recreate(vault: Path) -> None:
    shutil.rmtree(vault)
    shutil.copytree(EXAMPLE, vault, ignore=shutil.ignore_patterns(".vault-sync"))


def _edit_and_see_it_published(vault: Path, topic: str) -> None:
    note = vault / NOTE
    text = note.read_text("utf-8")
    note.write_text(text.replace("Установочное совещание", topic, 1), "utf-8")
    summary = vault / ".vault-sync" / "public" / SUMMARY
    _wait(lambda: summary.is_file() and topic in summary.read_text("utf-8"), topic)


@pytest.mark.parametrize("gone_for", [0.0, 5.0])
def test_a_vault_deleted_and_made_again_is_watched_again(
    vault: Path, tmp_path: Path, gone_for: float
) -> None:
    daemon = Daemon(vault, tmp_path / "watch.log")
    try:
        daemon.wait_log("catch-up at start")
        _edit_and_see_it_published(vault, "Первая правка")
        if gone_for:
            shutil.rmtree(vault)
            daemon.wait_log("is gone or empty")
            time.sleep(gone_for - 2)
            shutil.copytree(EXAMPLE, vault, ignore=shutil.ignore_patterns(".vault-sync"))
        else:
            _recreate(vault)  # between two looks of the daemon
        daemon.wait_log(f"the vault folder {vault} is back")
        _edit_and_see_it_published(vault, "Правка в новой папке")
        assert daemon.process.poll() is None
        daemon.process.send_signal(signal.SIGTERM)
        assert daemon.process.wait(timeout=20) == 0
    finally:
        if daemon.process.poll() is None:
            daemon.process.kill()
            daemon.process.wait()
    assert "Traceback" not in daemon.log()
    assert os.path.isdir(vault)


def test_a_link_to_a_note_outside_made_while_watching_is_not_published(
    vault: Path, tmp_path: Path
) -> None:
    private = tmp_path / "private"
    private.mkdir()
    secret = (vault / NOTE).read_text("utf-8").replace("number: 1", "number: 9")
    (private / "Секрет.md").write_text(secret.replace("Установочное", "Секретное"), "utf-8")
    daemon = Daemon(vault, tmp_path / "watch.log")
    try:
        daemon.wait_log("catch-up at start")
        os.symlink(private / "Секрет.md", vault / "Красноярск ГМО" / "Секрет.md")
        os.symlink(private, vault / "Личное")
        _edit_and_see_it_published(vault, "Правка после ссылок")  # a pass came after them
        time.sleep(1)
        public = vault / ".vault-sync" / "public"
        published = "".join(p.read_text("utf-8") for p in public.rglob("*.md"))
        assert "Секретное" not in published and not (public / "gmo-krasnoyarsk/Секрет.md").exists()
        daemon.process.send_signal(signal.SIGTERM)
        assert daemon.process.wait(timeout=20) == 0
    finally:
        if daemon.process.poll() is None:
            daemon.process.kill()
            daemon.process.wait()
