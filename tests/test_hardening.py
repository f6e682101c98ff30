"""What an attacker and a bad day found: each defect tried again with real processes.

The push tests run against the real WebDAV server of tests/davserver.py behind the fault
proxy (tests/faultproxy.py), which can also be a misbehaving server: silent, trickling,
cutting answers mid-body, answering every PUT with an error. The CLI and the daemon run
as real subprocesses.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import pytest
from davserver import DavServer, iter_files
from faultproxy import FaultProxy
from harness import DAV_PASSWORD, cli_env, run_cli
from test_watch import Watcher, remote_env, wait_until

from vault_sync.config import Config, RemoteConfig, load_config
from vault_sync.credentials import Secret
from vault_sync.dav.client import DavClient
from vault_sync.dav.retry import RetryPolicy
from vault_sync.state import State
from vault_sync.sync.nextcloud import NextcloudTarget
from vault_sync.sync.publish import PushResult, push, remote_key
from vault_sync.sync.pushlock import PUSH_LOCK
from vault_sync.sync.target import SyncReport

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "vault"
KRAS = "Красноярск ГМО/Протокол №1 от 22.09.2021.md"


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
    for watcher in started:
        watcher.kill()


def settings(vault: Path, proxy: FaultProxy) -> Config:
    config = load_config(vault, env={})
    return replace(config, remote=RemoteConfig(proxy.url, "anna", "vault-sync"))


def fast_client(remote: RemoteConfig, config: Config) -> DavClient:
    """The real client with brief waits and a short deadline: the faults stay real."""
    return DavClient(
        remote,
        Secret(DAV_PASSWORD),
        read_timeout=2.0,
        deadline=1.5,
        retry=RetryPolicy(attempts=4, base=0.01, cap=0.05, max_retry_after=2.0, budget=6.0),
    )


def run_push(vault: Path, proxy: FaultProxy, **options: bool) -> PushResult:
    state = State.for_vault(vault)
    try:
        return push(settings(vault, proxy), state, client_factory=fast_client, **options)
    finally:
        state.close()


def cli_push(vault: Path, proxy: FaultProxy, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("push", str(vault), *args, env=remote_env(proxy))


def cli_status(vault: Path, proxy: FaultProxy) -> subprocess.CompletedProcess[str]:
    return run_cli("status", "--lang", "en", str(vault), env=remote_env(proxy))


def server_files(dav: DavServer) -> dict[str, str]:
    root = dav.root / "vault-sync"
    return {p: hashlib.sha256((root / p).read_bytes()).hexdigest() for p in iter_files(root)}


def folder_files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def move_notes_out(vault: Path, elsewhere: Path) -> None:
    """What a person does who empties a vault: the notes go, settings and state stay."""
    elsewhere.mkdir()
    for entry in vault.iterdir():
        if entry.name not in (".vault-sync", "vault-sync.toml"):
            shutil.move(str(entry), str(elsewhere / entry.name))


# --- 1. an emptied vault publishes nothing ------------------------------------------------


def test_push_and_build_of_an_emptied_vault_publish_nothing(
    vault: Path, dav: DavServer, proxy: FaultProxy, tmp_path: Path
) -> None:
    assert cli_push(vault, proxy).returncode == 0
    assert run_cli("build", str(vault)).returncode == 0
    on_server, local = server_files(dav), folder_files(vault / ".vault-sync" / "public")
    move_notes_out(vault, tmp_path / "moved")
    proxy.reset_counts()

    pushed = cli_push(vault, proxy)
    assert pushed.returncode == 2, pushed.stderr
    assert pushed.stderr.count("нет ни одной заметки") == 1, pushed.stderr  # said once
    assert sum(proxy.counts.values()) == 0  # not one request
    built = run_cli("build", str(vault))
    assert built.returncode == 2 and "нет ни одной заметки" in built.stderr
    assert server_files(dav) == on_server
    assert folder_files(vault / ".vault-sync" / "public") == local


def test_an_empty_mount_point_with_settings_elsewhere_publishes_nothing(
    vault: Path, dav: DavServer, proxy: FaultProxy, tmp_path: Path
) -> None:
    settings_file = tmp_path / "etc" / "vault-sync.toml"
    settings_file.parent.mkdir()
    shutil.copy(vault / "vault-sync.toml", settings_file)
    assert cli_push(vault, proxy, "--config", str(settings_file)).returncode == 0
    on_server = server_files(dav)
    mount = tmp_path / "mnt"  # the share is not mounted: an empty folder, no state
    mount.mkdir()
    proxy.reset_counts()
    pushed = cli_push(mount, proxy, "--config", str(settings_file))
    assert pushed.returncode == 2, pushed.stderr
    assert sum(proxy.counts.values()) == 0
    assert server_files(dav) == on_server  # no empty feed, no conflict copy
    assert not any("версия vault-sync" in p for p in server_files(dav))


def test_the_daemon_publishes_nothing_while_the_vault_reads_empty(
    vault: Path, dav: DavServer, proxy: FaultProxy, watchers: Callable[..., Watcher], tmp_path: Path
) -> None:
    assert cli_push(vault, proxy).returncode == 0
    on_server, local = server_files(dav), folder_files(vault / ".vault-sync" / "public")
    move_notes_out(vault, tmp_path / "moved")
    daemon = watchers(vault, env=remote_env(proxy))
    daemon.wait_log("нет ни одной заметки")
    time.sleep(1.0)
    assert server_files(dav) == on_server
    published = folder_files(vault / ".vault-sync" / "public")
    published.pop(".vault-sync-output", None)  # the folder's marker is no output
    assert published == local
    assert daemon.count("нет ни одной заметки") == 1
    assert daemon.stop() == 0


# --- 2. one note never crashes a pass -----------------------------------------------------


def huge_number(vault: Path) -> None:
    note = vault / KRAS
    text = note.read_text("utf-8").replace("number: 1\n", "number: " + "9" * 4301 + "\n", 1)
    assert "9" * 4301 in text
    note.write_text(text, "utf-8")


def test_a_note_that_breaks_the_build_is_a_problem_on_that_note(
    vault: Path, dav: DavServer, proxy: FaultProxy
) -> None:
    huge_number(vault)
    built = run_cli("build", "--lang", "en", str(vault))
    assert built.returncode == 1, built.stderr  # held back, not a crash (70)
    # the reader now says precisely what is wrong (a number Python cannot hold as text)
    assert f"{KRAS}:4: number: the number is too long" in built.stdout
    assert (vault / ".vault-sync/public/gmo-krasnoyarsk/Readme.md").exists()
    pushed = cli_push(vault, proxy)
    assert pushed.returncode == 1, pushed.stderr
    assert "gmo-krasnoyarsk/Readme.md" in server_files(dav)


def test_the_daemon_survives_a_note_that_breaks_the_build(
    vault: Path, watchers: Callable[..., Watcher]
) -> None:
    daemon = watchers(vault).ready()
    huge_number(vault)
    daemon.wait_log("число слишком длинное")
    note = vault / "Красноярск ГМО" / "Протокол №2 от 17.11.2021.md"
    note.write_text(note.read_text("utf-8").replace("Протокол", "Протокол (правка)", 1), "utf-8")
    daemon.wait_log("Протокол №2 от 17.11.2021.md")  # the next save is still read
    assert daemon.process.poll() is None
    assert daemon.stop() == 0


# --- 3. push and status tell the truth ----------------------------------------------------


@pytest.mark.parametrize("kind", ["500", "503", "423", "429"])
def test_puts_refused_after_retries_are_not_ok(
    vault: Path, dav: DavServer, proxy: FaultProxy, kind: str
) -> None:
    proxy.fault_rate(1.0, [kind], methods="PUT")
    result = run_push(vault, proxy)
    assert result.report is not None and result.report.failed
    status = cli_status(vault, proxy)
    assert "(failed)" in status.stdout and "last success: —" in status.stdout, status.stdout
    assert "Queued: 0 files" not in status.stdout


@pytest.mark.parametrize("kind", ["400", "404"])
def test_push_exits_3_when_the_server_refuses_files(
    vault: Path, proxy: FaultProxy, kind: str
) -> None:
    proxy.fault_rate(1.0, [kind], methods="PUT")
    pushed = cli_push(vault, proxy)
    assert pushed.returncode == 3, pushed.stderr
    assert "Сервер не принял файлов" in pushed.stderr
    assert "(failed)" in cli_status(vault, proxy).stdout
    proxy.clear_faults()
    assert cli_push(vault, proxy).returncode == 0  # the queued work is done next time
    assert "(ok)" in cli_status(vault, proxy).stdout


@pytest.mark.parametrize(("kind", "code", "outcome"), [("507", 3, "failed"), ("401", 2, "refused")])
def test_a_full_disk_or_a_wrong_password_is_not_ok(
    vault: Path, proxy: FaultProxy, kind: str, code: int, outcome: str
) -> None:
    proxy.fault_rate(1.0, [kind], methods="PUT")
    pushed = cli_push(vault, proxy)
    assert pushed.returncode == code, pushed.stderr
    status = cli_status(vault, proxy)
    assert f"({outcome})" in status.stdout and "last success: —" in status.stdout, status.stdout


def test_a_put_whose_answer_is_cut_mid_body_is_retried_and_not_sent_twice(
    vault: Path, dav: DavServer, proxy: FaultProxy
) -> None:
    proxy.fail_next("cut-after", 3, methods="PUT")
    result = run_push(vault, proxy)
    assert result.report is not None and not result.report.failed
    assert not result.report.conflicts
    state = State.for_vault(vault)
    try:
        published = state.published(remote_key(settings(vault, proxy).remote))  # type: ignore[arg-type]
    finally:
        state.close()
    assert server_files(dav) == {p: r.digest for p, r in published.items()}
    assert proxy.faults["cut-after"] == 3


# --- 5. a deadline for every request, and SIGTERM whatever the server does ----------------


@pytest.mark.parametrize("kind", ["silent", "trickle"])
def test_a_silent_or_trickling_server_ends_a_push_in_bounded_time(
    vault: Path, proxy: FaultProxy, kind: str
) -> None:
    proxy.trickle_seconds = 0.2  # under every per-read timeout: only a deadline ends it
    proxy.fault_rate(1.0, [kind])
    started = time.monotonic()
    result = run_push(vault, proxy)
    assert result.report is not None and result.report.unreachable
    assert time.monotonic() - started < 15  # budget 6 s per request; the run stops at once


@pytest.mark.parametrize("kind", ["silent", "trickle"])
def test_sigterm_ends_the_daemon_in_seconds_whatever_the_server_does(
    vault: Path, proxy: FaultProxy, watchers: Callable[..., Watcher], kind: str
) -> None:
    proxy.trickle_seconds = 0.5
    proxy.fault_rate(1.0, [kind])
    daemon = watchers(vault, env=remote_env(proxy)).ready()
    wait_until(lambda: proxy.faults[kind] >= 1, 20, "a request held by the server")
    time.sleep(0.5)
    started = time.monotonic()
    assert daemon.stop(timeout=8) == 0
    assert time.monotonic() - started < 6
    assert "публикация прервана остановкой" in daemon.log()


# --- 6. a password written in the URL ------------------------------------------------------


def test_status_refuses_a_password_in_the_url_and_never_shows_it(vault: Path) -> None:
    env = {
        "VAULT_SYNC_URL": "https://anna:Sup3rSecretPw@cloud.example.org",
        "VAULT_SYNC_USER": "anna",
    }
    for command in ("status", "push"):
        done = run_cli(command, "--lang", "en", str(vault), env=env)
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert "contains a user name and password" in done.stderr
        assert "Sup3rSecretPw" not in done.stdout + done.stderr


# --- 4. files deleted on the server come back ----------------------------------------------


def test_files_deleted_on_the_server_are_restored_and_a_quiet_push_stays_cheap(
    vault: Path, dav: DavServer, proxy: FaultProxy
) -> None:
    assert cli_push(vault, proxy).returncode == 0
    everything = server_files(dav)
    proxy.reset_counts()
    assert cli_push(vault, proxy).returncode == 0  # nothing changed: one look at the root
    # one look at the root folder, and the public links' check (one GET)
    assert dict(proxy.counts) == {"PROPFIND": 1, "GET": 1}, proxy.counts

    shutil.rmtree(dav.root / "vault-sync")  # someone deletes the whole folder
    note = vault / KRAS  # and a note changes meanwhile
    note.write_text(note.read_text("utf-8").replace('time: "14:00"', 'time: "15:00"'), "utf-8")
    assert cli_push(vault, proxy).returncode == 0
    assert set(server_files(dav)) == set(everything)
    proxy.reset_counts()
    assert cli_push(vault, proxy).returncode == 0
    # one look at the root folder, and the public links' check (one GET)
    assert dict(proxy.counts) == {"PROPFIND": 1, "GET": 1}, proxy.counts

    gone = sorted(everything)[:3]  # a few files deleted by hand
    for path in gone:
        (dav.root / "vault-sync" / path).unlink()
    pushed = cli_push(vault, proxy)
    assert pushed.returncode == 0, pushed.stderr
    assert set(server_files(dav)) == set(everything)
    assert not any("версия vault-sync" in p for p in server_files(dav))


# --- 9. the same vault never conflicts with itself ----------------------------------------


def test_push_during_watch_makes_no_false_conflict(
    vault: Path, dav: DavServer, proxy: FaultProxy, watchers: Callable[..., Watcher]
) -> None:
    proxy.slow_seconds = 0.05
    proxy.fault_rate(1.0, ["slow"])  # both publish at once, their requests interleaved
    daemon = watchers(vault, env=remote_env(proxy))
    wait_until(lambda: proxy.counts["PUT"] >= 1, 30, "the daemon publishing")
    pushed = cli_push(vault, proxy)
    assert pushed.returncode == 0, pushed.stderr
    daemon.wait_log("опубликовано в Nextcloud")
    note = vault / KRAS
    for n in range(3):  # edits published by both, at once
        note.write_text(note.read_text("utf-8").replace("14:00", f"1{n + 5}:00", 1), "utf-8")
        pushed = cli_push(vault, proxy)
        assert pushed.returncode == 0, pushed.stderr
    time.sleep(1.5)
    proxy.clear_faults()
    assert cli_push(vault, proxy).returncode == 0
    assert not any("версия vault-sync" in p for p in server_files(dav))
    assert "конфликт" not in daemon.log().lower()
    assert daemon.stop() == 0


def test_an_upload_answered_412_because_of_our_own_other_push_is_no_conflict(
    dav: DavServer, tmp_path: Path
) -> None:
    """Two pushes of one vault (two state connections, as ``push`` and ``watch``) plan
    from the same row; the second's If-Match meets the first's upload. The state says
    the server's version is ours: it is replaced, never copied aside as a conflict."""
    path = "calendars/gmo.ics"
    database = tmp_path / "state.sqlite"
    with FaultProxy(dav.url) as late:
        first_state, second_state = State(database), State(database)
        remote = RemoteConfig(dav.url, "anna", "vault-sync")
        first = NextcloudTarget(
            fast_client(remote, Config(tmp_path, "(defaults)")), first_state, "dav:x"
        )
        slow_remote = RemoteConfig(late.url, "anna", "vault-sync")
        second = NextcloudTarget(
            fast_client(slow_remote, Config(tmp_path, "(defaults)")), second_state, "dav:x"
        )
        second.client.deadline = 5.0
        first.push({path: b"version A"})
        late.slow_seconds = 1.0
        late.fail_next("slow", methods="PUT")  # the second's PUT waits while the first goes
        outcome: list[SyncReport] = []
        racing = threading.Thread(target=lambda: outcome.append(second.push({path: b"version C"})))
        racing.start()
        wait_until(lambda: late.counts["PUT"] >= 1, 10, "the second push's PUT")
        assert first.push({path: b"version B"}).updated == [path]
        racing.join(20)
        report = outcome[0]
        assert not report.conflicts and report.updated == [path], report
        assert (dav.root / "vault-sync" / path).read_bytes() == b"version C"
        assert not any("версия vault-sync" in p for p in server_files(dav))
        first_state.close()
        second_state.close()


def test_a_push_waits_for_the_push_lock(vault: Path, proxy: FaultProxy) -> None:
    (vault / ".vault-sync").mkdir()
    holder = os.open(vault / ".vault-sync" / PUSH_LOCK, os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)  # as a running push or daemon holds it
    try:
        pushing = subprocess.Popen(
            [sys.executable, "-m", "vault_sync", "push", str(vault)],
            cwd=ROOT,
            env=cli_env(remote_env(proxy)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(2.0)
        assert pushing.poll() is None and proxy.counts["PUT"] == 0
    finally:
        os.close(holder)
    assert pushing.wait(60) == 0
    assert proxy.counts["PUT"] > 0


# --- 19. one dropped verification request does not end a run -------------------------------


@pytest.mark.parametrize(
    ("write", "check"),
    [
        ("PUT", "PROPFIND"),  # the upload's answer lost, then the look at the file dropped
        ("PUT", "GET"),  # … then the download comparing the content dropped
        ("DELETE", "PROPFIND"),  # a deletion's answer lost, then the look dropped
    ],
)
def test_a_dropped_verification_request_is_retried_not_unreachable(
    vault: Path, dav: DavServer, proxy: FaultProxy, write: str, check: str
) -> None:
    run_push(vault, proxy)
    if write == "PUT":
        note = vault / KRAS
        note.write_text(note.read_text("utf-8").replace('time: "14:00"', 'time: "15:00"'), "utf-8")
    else:
        (vault / "Красноярск ГМО" / "Протокол №2 от 17.11.2021.md").unlink()
    proxy.fail_next("drop-after", methods=write, path_contains="gmo-krasnoyarsk/")
    proxy.fail_next("drop", methods=check, path_contains="gmo-krasnoyarsk/")
    result = run_push(vault, proxy)
    assert result.report is not None
    assert not result.report.unreachable and not result.report.failed, result.report
    assert not result.report.conflicts
    assert proxy.pending_faults() == 0 and proxy.faults["drop"] == 1


def test_a_dropped_look_at_requests_left_in_flight_is_retried(
    vault: Path, dav: DavServer, proxy: FaultProxy
) -> None:
    run_push(vault, proxy)
    state = State.for_vault(vault)
    key = remote_key(settings(vault, proxy).remote)  # type: ignore[arg-type]
    path = next(iter(state.published(key)))
    state.begin(key, path, "update", state.published(key)[path].digest)  # as a killed push left it
    state.close()
    proxy.fail_next("drop", methods="PROPFIND", path_contains=quote(path))
    result = run_push(vault, proxy)
    assert proxy.faults["drop"] == 1
    assert result.report is not None and not result.report.unreachable, result.report
    assert path in result.report.recovered
