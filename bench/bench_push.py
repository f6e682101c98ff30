"""Benchmark: push a 10,000-note build to a local WebDAV server, against rclone.

    python bench/bench_push.py [--notes 10000] [--workers 4]

Both tools send the same files to the same kind of server (wsgidav laid out like
Nextcloud, tests/davserver.py), each into a fresh folder, through a counting proxy
(tests/faultproxy.py, no faults). Printed:

* first upload: files per second for vault-sync and for ``rclone copy``, and the ratio
  (target: vault-sync at least 3x);
* nothing changed: requests and wall time of a second vault-sync push against a second
  ``rclone sync`` (target: 0 PUT, and at least 5x faster).

Needs rclone (Debian's package: apt-get install rclone).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, vault

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from davserver import start_dav_server
from faultproxy import FaultProxy

from vault_sync.build.engine import Engine
from vault_sync.config import RemoteConfig, load_config
from vault_sync.credentials import Secret
from vault_sync.dav.client import DavClient
from vault_sync.state import State
from vault_sync.sync.folder import FolderTarget
from vault_sync.sync.nextcloud import NextcloudTarget

PASSWORD = "bench-app-password"


def vault_sync_push(
    url: str, outputs: dict[str, bytes], state: State, workers: int
) -> tuple[float, int]:
    client = DavClient(RemoteConfig(url, "anna", "vault-sync"), Secret(PASSWORD), workers=workers)
    target = NextcloudTarget(client, state, "bench", workers=workers)
    started = time.perf_counter()
    report = target.push(outputs)
    wall = time.perf_counter() - started
    assert not report.unreachable and not report.failed and not report.conflicts
    return wall, len(report.created) + len(report.updated)


def rclone(args: list[str], url: str, transfers: int) -> float:
    obscured = subprocess.run(
        ["rclone", "obscure", PASSWORD], capture_output=True, text=True, check=True
    ).stdout.strip()
    env = {
        **os.environ,
        "RCLONE_CONFIG_DAV_TYPE": "webdav",
        "RCLONE_CONFIG_DAV_URL": f"{url}/remote.php/dav/files/anna",
        "RCLONE_CONFIG_DAV_VENDOR": "other",
        "RCLONE_CONFIG_DAV_USER": "anna",
        "RCLONE_CONFIG_DAV_PASS": obscured,
    }
    started = time.perf_counter()
    subprocess.run(
        ["rclone", *args, f"--transfers={transfers}", "--checkers=8", "-q"], env=env, check=True
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    if shutil.which("rclone") is None:
        sys.exit("rclone is not installed: apt-get install rclone")
    work = Path(tempfile.mkdtemp(prefix="vault-sync-push-"))
    try:
        source = vault(args.notes)
        outputs = Engine(load_config(source), State(":memory:")).refresh().outputs
        local = work / "local"
        FolderTarget(local, State(":memory:")).apply(outputs)
        files = len(outputs)
        server = start_dav_server(work / "dav", password=PASSWORD, threads=16)
        with FaultProxy(server.url) as proxy:
            state = State(work / "state.sqlite")
            ours, _sent = vault_sync_push(proxy.url, outputs, state, args.workers)
            first_requests = dict(proxy.counts)
            proxy.reset_counts()
            theirs = rclone(["copy", str(local), "dav:rclone"], proxy.url, args.workers)
            rclone_requests = dict(proxy.counts)
            proxy.reset_counts()
            print(f"first upload of {files} files ({args.workers} parallel transfers each):")
            print(
                f"  vault-sync push: {ours:.1f} s, {files / ours:.0f} files/s, "
                f"requests {first_requests}"
            )
            print(
                f"  rclone copy:     {theirs:.1f} s, {files / theirs:.0f} files/s, "
                f"requests {rclone_requests}"
            )
            print(f"  ratio: {theirs / ours:.2f}x  (target >= 3x)")
            ours_noop, _ = vault_sync_push(proxy.url, outputs, state, args.workers)
            noop_requests = dict(proxy.counts)
            proxy.reset_counts()
            theirs_noop = rclone(["sync", str(local), "dav:rclone"], proxy.url, args.workers)
            rclone_noop_requests = dict(proxy.counts)
            print("nothing changed:")
            print(
                f"  vault-sync push: {ours_noop * 1000:.0f} ms, requests {noop_requests} "
                f"(target: 0 PUT)"
            )
            print(
                f"  rclone sync:     {theirs_noop * 1000:.0f} ms, requests {rclone_noop_requests}"
            )
            print(f"  ratio: {theirs_noop / max(ours_noop, 1e-6):.0f}x  (target >= 5x)")
            state.close()
        server.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
