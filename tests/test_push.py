"""vault-sync push against a real WebDAV server on loopback, through a fault-injecting proxy.

The server is wsgidav laid out like Nextcloud (tests/davserver.py); the OCS share API
beside it is a FAKE (named so there). Nothing here mocks HTTP.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from davserver import DavServer, iter_files
from faultproxy import FaultProxy
from harness import DAV_PASSWORD

from vault_sync.build.engine import Engine
from vault_sync.config import Config, RemoteConfig, load_config
from vault_sync.credentials import Secret
from vault_sync.dav.client import DavClient
from vault_sync.dav.retry import RetryPolicy
from vault_sync.errors import VaultError
from vault_sync.state import State
from vault_sync.sync.publish import PushResult, push, remote_key

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "vault"
KRAS = "Красноярск ГМО/Протокол №1 от 22.09.2021.md"
PASSWORD = DAV_PASSWORD


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    target = tmp_path / "vault"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".vault-sync"))
    return target


def settings(vault: Path, proxy: FaultProxy) -> Config:
    config = load_config(vault, env={})
    return replace(config, remote=RemoteConfig(proxy.url, "anna", "vault-sync"))


def fast_client(remote: RemoteConfig, config: Config) -> DavClient:
    """The real client with short waits: the faults are real, only the backoff is brief."""
    return DavClient(
        remote,
        Secret(PASSWORD),
        read_timeout=2.0,
        retry=RetryPolicy(attempts=8, base=0.01, cap=0.05, max_retry_after=2.0),
    )


def run_push(vault: Path, proxy: FaultProxy, **options: bool) -> PushResult:
    state = State.for_vault(vault)
    try:
        return push(settings(vault, proxy), state, client_factory=fast_client, **options)
    finally:
        state.close()


def published_root(dav: DavServer) -> Path:
    return dav.root / "vault-sync"


def local_build(vault: Path) -> dict[str, bytes]:
    engine = Engine(load_config(vault, env={}), State(":memory:"))
    return engine.refresh().outputs


def assert_server_matches(dav: DavServer, vault: Path) -> None:
    """The server holds exactly the build's files, byte for byte (links aside)."""
    state = State.for_vault(vault)
    published = state.published(
        next(iter({k for k in state.db.execute("SELECT DISTINCT target FROM published")}))[0]
    )
    state.close()
    on_server = {p: (published_root(dav) / p).read_bytes() for p in iter_files(published_root(dav))}
    assert set(on_server) == set(published)
    for path, row in published.items():
        assert hashlib.sha256(on_server[path]).hexdigest() == row.digest, path


def test_first_push_publishes_every_output_and_shares_the_feeds(
    vault: Path, dav: DavServer, proxy: FaultProxy
) -> None:
    result = run_push(vault, proxy)
    assert result.report is not None and not result.report.unreachable
    files = set(iter_files(published_root(dav)))
    assert {
        "Readme.md",
        "calendars/all.ics",
        "calendars/gmo-krasnoyarsk.ics",
        "gmo-krasnoyarsk/Readme.md",
    } <= files
    assert_server_matches(dav, vault)
    links = result.report.links
    assert set(links) >= {"calendars/all.ics", "calendars/gmo-krasnoyarsk.ics"}
    digest = (published_root(dav) / "gmo-krasnoyarsk" / "Readme.md").read_text("utf-8")
    assert links["calendars/gmo-krasnoyarsk.ics"] in digest  # the digest shows its link
    puts = proxy.requests("PUT")
    # every write is conditional: new files If-None-Match: *, the digests re-sent with their
    # links If-Match the ETag of the first version
    assert puts and all(
        (r.headers.get("if-none-match") == "*") != ("if-match" in r.headers) for r in puts
    )
    assert all(r.headers["oc-checksum"].startswith("SHA256:") for r in puts)
    assert all(r.headers["x-oc-mtime"].isdigit() for r in puts)


def test_second_push_with_nothing_changed_sends_no_put_and_one_propfind(
    vault: Path, dav: DavServer, proxy: FaultProxy
) -> None:
    run_push(vault, proxy)
    proxy.reset_counts()
    result = run_push(vault, proxy)
    assert result.report is not None and result.report.unchanged > 10
    assert proxy.counts["PUT"] == 0 and proxy.counts["PROPFIND"] == 1  # the root's ETag
    assert proxy.counts["POST"] == 0  # links are reused from the state


def test_an_edit_uploads_only_what_it_changed(
    vault: Path, dav: DavServer, proxy: FaultProxy
) -> None:
    run_push(vault, proxy)
    note = vault / KRAS
    note.write_text(note.read_text("utf-8").replace('time: "14:00"', 'time: "15:00"'), "utf-8")
    proxy.reset_counts()
    result = run_push(vault, proxy)
    assert result.report is not None
    assert set(result.report.updated) <= {
        "gmo-krasnoyarsk/Протокол №1 от 22.09.2021.md",
        "calendars/gmo-krasnoyarsk.ics",
        "calendars/all.ics",
        "gmo-krasnoyarsk/Readme.md",
        "Readme.md",
    }
    assert proxy.counts["PUT"] == len(result.report.updated)
    assert all("if-match" in r.headers for r in proxy.requests("PUT"))
    assert_server_matches(dav, vault)


def test_a_file_edited_on_the_server_is_never_overwritten(
    vault: Path, dav: DavServer, proxy: FaultProxy
) -> None:
    run_push(vault, proxy)
    summary = published_root(dav) / "gmo-krasnoyarsk" / "Протокол №1 от 22.09.2021.md"
    summary.write_text("Правка методиста: не трогать", encoding="utf-8")
    note = vault / KRAS
    note.write_text(note.read_text("utf-8").replace('time: "14:00"', 'time: "15:00"'), "utf-8")
    result = run_push(vault, proxy)
    assert result.report is not None
    assert summary.read_text("utf-8") == "Правка методиста: не трогать"
    copy = result.report.conflicts["gmo-krasnoyarsk/Протокол №1 от 22.09.2021.md"]
    assert "15:00" in (published_root(dav) / copy).read_text("utf-8")
    top = (published_root(dav) / "Readme.md").read_text("utf-8")
    assert "Правки на сервере" in top and "версия vault-sync" in top  # the digest says so
    proxy.reset_counts()
    again = run_push(vault, proxy)  # nothing new: the conflict is reported, not re-sent
    assert again.report is not None and again.report.conflicts and proxy.counts["PUT"] == 0
    summary.unlink()  # the methodologist gives the file back
    handed_back = run_push(vault, proxy)
    assert handed_back.report is not None and not handed_back.report.conflicts
    assert "15:00" in summary.read_text("utf-8")


def server_bytes(dav: DavServer) -> dict[str, bytes]:
    root = published_root(dav)
    return {path: (root / path).read_bytes() for path in iter_files(root)}


def test_an_emptied_vault_publishes_nothing(vault: Path, dav: DavServer, proxy: FaultProxy) -> None:
    """The notes moved out (settings and state stay): no feed is emptied, nothing deleted,
    not one request sent; said as a vault error. ``--force-delete`` lets it through."""
    run_push(vault, proxy)
    before = server_bytes(dav)
    for note in vault.rglob("*.md"):
        note.unlink()
    proxy.reset_counts()
    with pytest.raises(VaultError) as raised:
        run_push(vault, proxy)
    assert raised.value.code == "vault.empty"
    assert sum(proxy.counts.values()) == 0
    assert server_bytes(dav) == before
    forced = run_push(vault, proxy, force_delete=True)
    assert forced.report is not None and forced.report.deleted


def test_a_deleted_note_is_deleted_remotely_with_if_match(
    vault: Path, dav: DavServer, proxy: FaultProxy
) -> None:
    run_push(vault, proxy)
    (vault / "Красноярск ГМО" / "Протокол №2 от 17.11.2021.md").unlink()
    proxy.reset_counts()
    result = run_push(vault, proxy)
    assert result.report is not None
    assert result.report.deleted == ["gmo-krasnoyarsk/Протокол №2 от 17.11.2021.md"]
    assert all("if-match" in r.headers for r in proxy.requests("DELETE"))
    assert_server_matches(dav, vault)


def test_a_fifth_of_requests_faulted_still_converges_with_nothing_twice(
    vault: Path, dav: DavServer, proxy: FaultProxy
) -> None:
    proxy.fault_rate(0.25, ["drop", "503", "423", "429", "500", "502", "drop-after", "503-after"])
    result = run_push(vault, proxy)
    proxy.fault_rate(0.0, [])
    assert result.report is not None
    assert sum(proxy.faults.values()) >= 5
    if result.report.pending or result.report.failed:  # a second run finishes the work
        run_push(vault, proxy)
    assert_server_matches(dav, vault)
    names = [p for p in iter_files(published_root(dav)) if "версия vault-sync" in p]
    assert names == []  # no false conflict from a retried write


def test_an_unreachable_server_keeps_the_work_and_deletes_nothing(
    vault: Path, dav: DavServer, proxy: FaultProxy
) -> None:
    run_push(vault, proxy)
    note = vault / KRAS
    note.write_text(note.read_text("utf-8").replace('time: "14:00"', 'time: "15:00"'), "utf-8")
    proxy.set_down(True)
    result = run_push(vault, proxy)
    assert result.report is not None and result.report.unreachable and result.report.pending
    proxy.set_down(False)
    resumed = run_push(vault, proxy)
    assert resumed.report is not None and not resumed.report.pending
    assert_server_matches(dav, vault)


def test_dry_run_sends_nothing(vault: Path, dav: DavServer, proxy: FaultProxy) -> None:
    result = run_push(vault, proxy, dry_run=True)
    assert result.report is None and len(result.preview) > 10
    assert sum(proxy.counts.values()) == 0


def cli(vault: Path, proxy: FaultProxy, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONIOENCODING": "utf-8",
        "VAULT_SYNC_URL": proxy.url,
        "VAULT_SYNC_USER": "anna",
        "VAULT_SYNC_ROOT": "vault-sync",
        "VAULT_SYNC_PASSWORD": PASSWORD,
    }
    return subprocess.run(
        [sys.executable, "-m", "vault_sync", *args, str(vault)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_push_and_status_commands_and_no_password_anywhere(
    vault: Path, dav: DavServer, proxy: FaultProxy
) -> None:
    first = cli(vault, proxy, "-v", "push")
    assert first.returncode == 0, first.stderr
    assert "webcal://" in first.stdout and "Опубликовано" in first.stderr
    status = cli(vault, proxy, "status")
    assert status.returncode == 0 and "Последняя попытка" in status.stdout
    proxy.set_down(True)
    note = vault / KRAS
    note.write_text(note.read_text("utf-8").replace('time: "14:00"', 'time: "15:00"'), "utf-8")
    down = cli(vault, proxy, "push")
    assert down.returncode == 3, down.stderr
    wrong = subprocess.run(
        [sys.executable, "-m", "vault_sync", "push", str(vault)],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **os.environ,
            "VAULT_SYNC_URL": dav.url,
            "VAULT_SYNC_USER": "anna",
            "VAULT_SYNC_PASSWORD": "wrong-" + PASSWORD,
            "PYTHONIOENCODING": "utf-8",
        },
    )
    assert wrong.returncode == 2
    everything = "".join(r.stdout + r.stderr for r in (first, status, down, wrong))
    state = (vault / ".vault-sync" / "state.sqlite").read_bytes()
    assert PASSWORD not in everything and PASSWORD.encode() not in state


def test_kill_9_mid_push_then_rerun_converges_without_a_storm_of_412(
    vault: Path, dav: DavServer, proxy: FaultProxy
) -> None:
    proxy.slow_seconds = 0.3
    proxy.fault_rate(1.0, ["slow"])  # every request slow: the push is killed half-way
    env = {
        **os.environ,
        "PYTHONIOENCODING": "utf-8",
        "VAULT_SYNC_URL": proxy.url,
        "VAULT_SYNC_USER": "anna",
        "VAULT_SYNC_ROOT": "vault-sync",
        "VAULT_SYNC_PASSWORD": PASSWORD,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "vault_sync", "-q", "push", str(vault)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while proxy.counts["PUT"] < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert proxy.counts["PUT"] >= 5
    proxy.fault_rate(0.0, [])
    proxy.wait_idle()
    proxy.reset_counts()
    result = run_push(vault, proxy)
    assert result.report is not None and not result.report.conflicts
    statuses = [r.status for r in proxy.requests("PUT")]
    assert statuses.count(412) <= 4  # at most the requests that were in flight
    assert_server_matches(dav, vault)


def test_remote_key_names_server_user_and_folder() -> None:
    key = remote_key(RemoteConfig("https://cloud.school.ru", "anna", "/МО/"))
    assert key == "dav:https://cloud.school.ru/remote.php/dav/files/anna/МО"
