"""The daemon's parts in process: the debouncing queue, the event filter, the observer's
fallback to polling when inotify runs out of watches, an overflow, and a whole daemon run
in a thread that leaves no thread behind."""

from __future__ import annotations

import ctypes
import errno
import gc
import logging
import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from calparsers import require_tool
from watchdog.events import (
    DirCreatedEvent,
    DirModifiedEvent,
    DirMovedEvent,
    FileClosedNoWriteEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileOpenedEvent,
)
from watchdog.observers import inotify_c

from vault_sync.config import load_config
from vault_sync.daemon.events import NoteEvents, Timing, WorkQueue, start_watch
from vault_sync.daemon.loop import Daemon
from vault_sync.errors import ConfigError
from vault_sync.i18n import daemon as daemon_messages

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "vault"
KRAS = "Красноярск ГМО/Протокол №1 от 22.09.2021.md"
SUMMARY = "gmo-krasnoyarsk/Протокол №1 от 22.09.2021.md"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def wait_until(condition: Callable[[], object], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@pytest.fixture
def queue() -> Iterator[WorkQueue]:
    work = WorkQueue(Clock())
    yield work
    work.close()


# --- the queue ------------------------------------------------------------------------------


def test_a_path_is_taken_once_everything_was_quiet_for_the_debounce_time() -> None:
    clock = Clock()
    work = WorkQueue(clock)
    work.touch("a.md")
    clock.now += 0.2
    work.touch("b.md")
    assert work.due(0.3, 2.0) == pytest.approx(clock.now + 0.3)
    clock.now += 0.2
    assert not work.take(0.3, 2.0)  # b.md was touched 0.2 s ago: the burst goes on
    work.touch("a.md")  # a.md saved again
    clock.now += 0.31
    batch = work.take(0.3, 2.0)
    assert batch.files == {"a.md", "b.md"} and not batch.full
    assert work.due(0.3, 2.0) is None and not work.take(0.3, 2.0)
    work.close()


def test_a_burst_that_never_pauses_is_taken_in_parts_of_quiet_paths() -> None:
    clock = Clock()
    work = WorkQueue(clock)
    work.touch("first.md")
    for _ in range(25):  # one file saved every 0.1 s for 2.5 s, another only at the start
        clock.now += 0.1
        work.touch("busy.md")
    assert work.take(0.3, 2.0).files == {"first.md"}  # quiet for 2.5 s: not starved
    clock.now += 0.31
    assert work.take(0.3, 2.0).files == {"busy.md"}
    work.close()


def test_a_file_too_fresh_is_put_back_and_folders_and_full_rescans_are_queued() -> None:
    clock = Clock()
    work = WorkQueue(clock)
    work.defer({"young.md"}, clock.now + 0.25)
    assert not work.take(0.3, 2.0)
    clock.now += 0.6
    assert work.take(0.3, 2.0).files == {"young.md"}
    work.touch_folder("Папка")
    work.request_full(overflow=True)
    batch = work.take(0.3, 2.0)
    assert batch.full and batch.overflow and batch.folders == set()  # not quiet yet
    clock.now += 0.31
    assert work.take(0.3, 2.0).folders == {"Папка"}
    work.settings_changed()
    clock.now += 0.31
    assert work.take(0.3, 2.0).settings
    work.close()


def test_the_queue_wakes_its_reader(queue: WorkQueue) -> None:
    started = time.monotonic()
    timer = threading.Timer(0.05, queue.touch, args=("a.md",))
    timer.start()
    queue.wait(5.0)
    assert time.monotonic() - started < 2.0
    timer.join()


# --- the handler ------------------------------------------------------------------------


def test_events_become_vault_relative_paths_and_temp_files_are_ignored(
    tmp_path: Path, queue: WorkQueue
) -> None:
    root = str(tmp_path / "vault")
    handler = NoteEvents(
        root, queue, ("Шаблоны/**",), settings="vault-sync.toml", skip="Публикация"
    )
    note = f"{root}/Красноярск ГМО/Протокол №1.md"
    handler.dispatch(FileModifiedEvent(note))
    handler.dispatch(FileMovedEvent(f"{root}/Красноярск ГМО/.Протокол №1.md.tmp", note))
    handler.dispatch(FileMovedEvent(f"{root}/a.md", f"{root}/a.md~"))  # vim's backup
    handler.dispatch(FileMovedEvent(f"{root}/b.md", f"{tmp_path}/outside.md"))  # moved out
    handler.dispatch(FileCreatedEvent(f"{root}/c.md"))
    handler.dispatch(DirMovedEvent(f"{root}/Старое", f"{root}/Новое"))
    handler.dispatch(DirCreatedEvent(f"{root}/Принесённое"))
    handler.dispatch(FileModifiedEvent(f"{root}/vault-sync.toml"))
    ignored = [
        ".~lock.Протокол.md#",
        "Протокол.md.swp",
        ".Протокол.md.swx",
        "Протокол.md~",
        ".#Протокол.md",
        "Протокол.tmp",
        "Протокол.md.part",
        "Протокол (conflicted copy 2024-01-01).md",
        "Протокол.sync-conflict-20240101-120000-ABCDEF.md",
        ".obsidian/workspace.md",
        ".vault-sync/public/Readme.md",
        ".trash/old.md",
        "Шаблоны/Протокол.md",
        "Публикация/Readme.md",
        "картинка.png",
    ]
    for name in ignored:
        handler.dispatch(FileModifiedEvent(f"{root}/{name}"))
    handler.dispatch(DirCreatedEvent(f"{root}/.obsidian/plugins"))
    handler.dispatch(DirModifiedEvent(f"{root}/Красноярск ГМО"))
    handler.dispatch(FileOpenedEvent(f"{root}/d.md"))
    handler.dispatch(FileClosedNoWriteEvent(f"{root}/d.md"))
    handler.dispatch(FileDeletedEvent(f"{tmp_path}/elsewhere.md"))
    queue._clock.now += 1  # type: ignore[attr-defined]
    batch = queue.take(0.3, 2.0)
    assert batch.files == {"Красноярск ГМО/Протокол №1.md", "a.md", "b.md", "c.md"}
    assert batch.folders == {"Старое", "Новое", "Принесённое"}
    assert batch.settings


# --- the observer -----------------------------------------------------------------------


def test_the_inotify_watch_limit_falls_back_to_polling_and_leaves_no_thread(
    tmp_path: Path, queue: WorkQueue, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = set(threading.enumerate())

    def no_more_watches(fd: int, path: bytes, mask: int) -> int:
        ctypes.set_errno(errno.ENOSPC)  # what the kernel says at max_user_watches
        return -1

    monkeypatch.setattr(inotify_c, "inotify_add_watch", no_more_watches)
    (tmp_path / "vault").mkdir()
    handler = NoteEvents(str(tmp_path / "vault"), queue)
    watch = start_watch(str(tmp_path / "vault"), handler, polling=False, poll_interval=0.1)
    try:
        assert watch.polling and watch.fallback_reason == "inotify watch limit reached"
        (tmp_path / "vault" / "a.md").write_text("---\n", "utf-8")
        wait_until(lambda: queue.due(0.0, 0.0) is not None)  # polling sees the new file
    finally:
        watch.stop()
    assert set(threading.enumerate()) == before


def test_timings_come_from_the_environment() -> None:
    timing = Timing.from_env(
        {"VAULT_SYNC_DEBOUNCE_MS": "50", "VAULT_SYNC_RESCAN_S": "5", "VAULT_SYNC_RETRY_S": "900"}
    )
    assert (timing.debounce, timing.rescan, timing.retry) == (0.05, 5.0, 900.0)
    assert timing.retry_max == 900.0
    assert Timing.from_env({}) == Timing()
    for bad in ("0", "-1", "soon"):
        with pytest.raises(ConfigError):
            Timing.from_env({"VAULT_SYNC_RESCAN_S": bad})


# --- a whole daemon, in a thread --------------------------------------------------------


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    target = tmp_path / "vault"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".vault-sync"))
    return target


def test_a_daemon_in_a_thread_works_rescans_on_overflow_and_leaves_no_thread(
    vault: Path, caplog: pytest.LogCaptureFixture
) -> None:
    gc.collect()  # files other tests left to the collector must not close during this one
    before, fds = set(threading.enumerate()), set(os.listdir("/proc/self/fd"))
    caplog.set_level(logging.DEBUG, logger="vault_sync")
    daemon = Daemon(load_config(vault, env={}), timing=Timing(debounce=0.05, rescan=600.0), env={})
    outcome: list[int] = []
    thread = threading.Thread(target=lambda: outcome.append(daemon.run()))
    thread.start()
    try:
        summary = vault / ".vault-sync" / "public" / SUMMARY
        wait_until(lambda: summary.exists())
        note = vault / KRAS
        note.write_text(note.read_text("utf-8").replace("Установочное", "Правка в потоке"))
        wait_until(lambda: "Правка в потоке" in summary.read_text("utf-8"))
        # watchdog reports a kernel queue overflow only in its log: a full rescan follows
        logging.getLogger("watchdog.observers.inotify_c").warning(
            "Inotify queue overflowed; filesystem events were lost"
        )
        wait_until(lambda: "pass (rescan)" in caplog.text)
        assert "переполнилась" in caplog.text
        assert "Inotify queue overflowed" not in caplog.text  # one line, ours, not two
    finally:
        daemon.stop()
        thread.join(timeout=10)
    assert not thread.is_alive() and outcome == [0]
    assert set(threading.enumerate()) == before
    assert set(os.listdir("/proc/self/fd")) == fds  # the wake-up pipe, inotify, the state


# --- the systemd unit -------------------------------------------------------------------

UNIT = ROOT / "examples" / "vault-sync.service"
REQUIRED_LINES = """Type=simple
ExecStart=/usr/local/bin/vault-sync watch /srv/vault
Restart=on-failure
RestartSec=10
User=vault-sync
KillSignal=SIGTERM
TimeoutStopSec=90
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
ReadWritePaths=/srv/vault
PrivateTmp=yes
PrivateDevices=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectControlGroups=yes
RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX
LockPersonality=yes
MemoryDenyWriteExecute=yes
RestrictRealtime=yes
SystemCallArchitectures=native""".splitlines()


@pytest.mark.external
def test_the_systemd_unit_is_valid_and_sandboxed(tmp_path: Path) -> None:
    text = UNIT.read_text("utf-8")
    lines = text.splitlines()
    assert [line for line in REQUIRED_LINES if line not in lines] == []
    tool = shutil.which("systemd-analyze")
    require_tool(tool is not None, "systemd-analyze (Debian's systemd package; .ci/run)")
    assert tool is not None
    # verify checks that ExecStart= exists: the unit is checked with a program that does
    copy = tmp_path / "vault-sync.service"
    copy.write_text(text.replace("/usr/local/bin/vault-sync", shutil.which("true") or "/bin/true"))
    verified = subprocess.run(
        [tool, "verify", str(copy)], capture_output=True, text=True, timeout=60
    )
    assert verified.returncode == 0 and verified.stderr.strip() == "", verified.stderr
    security = subprocess.run(
        [tool, "security", "--offline=true", str(copy)], capture_output=True, text=True, timeout=60
    )
    found = re.search(r"Overall exposure level for vault-sync.service: ([\d.]+)", security.stdout)
    assert found is not None, security.stdout + security.stderr
    assert float(found.group(1)) <= 2.0  # systemd rates 1.2 "OK"; 9.6 is no sandbox at all


def test_systemd_waits_for_the_request_under_way_before_it_kills() -> None:
    """SIGTERM lets the upload under way finish: a server that stopped answering holds it
    until the client's timeouts, which the unit's TimeoutStopSec must outlast."""
    import inspect

    from vault_sync.dav.client import DavClient

    defaults = inspect.signature(DavClient).parameters
    longest = defaults["connect_timeout"].default + defaults["read_timeout"].default
    found = re.search(r"^TimeoutStopSec=(\d+)$", UNIT.read_text("utf-8"), re.MULTILINE)
    assert found is not None and int(found.group(1)) > longest


def test_every_message_of_the_daemon_is_in_both_languages_and_used() -> None:
    sources = "".join(
        (ROOT / "vault_sync" / name).read_text("utf-8")
        for name in ("daemon/loop.py", "daemon/events.py")
    )
    used = set(re.findall(r'"(watch\.[a-z_.]+)"', sources))
    assert used == set(daemon_messages.MESSAGES)
    for code, texts in daemon_messages.MESSAGES.items():
        assert set(texts) == {"ru", "en"}, code
        fields = [set(re.findall(r"\{(\w+)\}", text)) for text in texts.values()]
        assert fields[0] == fields[1], code
