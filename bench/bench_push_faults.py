"""Reliability figures: push about 1,000 files through a proxy that faults requests.

    python bench/bench_push_faults.py [--notes 950] [--rate 0.25]

1. A push with ``--rate`` of requests faulted (dropped connections, 503 with Retry-After,
   423, 429, 500, 502, and the same faults after the server did the work), repeated
   until nothing is pending: runs needed, requests, faults, and whether the server ends
   identical to the build, with nothing duplicated (no conflict copies, no extra files).
2. ``kill -9`` of a push half-way (every request slowed), then a rerun: the 412s the
   rerun meets (target: none beyond the requests that were in flight) and convergence.
3. A file edited on the server is never overwritten; an emptied vault deletes nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from common import ROOT, vault

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from davserver import iter_files, start_dav_server
from faultproxy import FaultProxy

from vault_sync.build.engine import Engine
from vault_sync.config import RemoteConfig, load_config
from vault_sync.credentials import Secret
from vault_sync.dav.client import DavClient
from vault_sync.dav.retry import RetryPolicy
from vault_sync.state import State
from vault_sync.sync.publish import push, remote_key

PASSWORD = "bench-app-password"
KINDS = ["drop", "503", "503-date", "423", "429", "500", "502", "drop-after", "503-after"]


def identical(
    server_root: Path, outputs: dict[str, bytes], source: Path, key: str
) -> tuple[bool, list[str]]:
    """The server holds exactly what the state says was published, byte for byte, and that
    is every output; the summaries equal the build. Whether it does, and what differs."""
    state = State.for_vault(source)
    published = state.published(key)
    state.close()
    on_server = set(iter_files(server_root))
    wrong = sorted(on_server ^ set(published)) + sorted(set(outputs) ^ set(published))
    for path, row in published.items():
        data = (server_root / path).read_bytes() if path in on_server else b""
        # Feeds carry the stamps of this state's revisions and digests the share links, so
        # only summaries are compared with the separate build byte for byte.
        summary = path.endswith(".md") and not path.endswith("Readme.md")
        if hashlib.sha256(data).hexdigest() != row.digest or (
            summary and path in outputs and data != outputs[path]
        ):
            wrong.append(path)
    return not wrong, wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=950)
    parser.add_argument("--rate", type=float, default=0.25)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vault-sync-faults-"))
    try:
        source = work / "vault"
        shutil.copytree(vault(args.notes), source, ignore=shutil.ignore_patterns(".vault-sync"))
        outputs = Engine(load_config(source), State(":memory:")).refresh().outputs
        server = start_dav_server(work / "dav", password=PASSWORD, threads=16)
        root = work / "dav" / "vault-sync"
        with FaultProxy(server.url, seed=7) as proxy:
            config = replace(
                load_config(source), remote=RemoteConfig(proxy.url, "anna", "vault-sync")
            )

            def client(remote: RemoteConfig, _: object) -> DavClient:
                return DavClient(
                    remote,
                    Secret(PASSWORD),
                    read_timeout=5.0,
                    retry=RetryPolicy(attempts=6, base=0.05, cap=0.5, max_retry_after=2.0),
                )

            proxy.fault_rate(args.rate, KINDS)
            started, runs, pending = time.perf_counter(), 0, True
            while pending and runs < 10:
                state = State.for_vault(source)
                result = push(config, state, client_factory=client)
                state.close()
                runs += 1
                assert result.report is not None
                pending = bool(result.report.pending or result.report.failed)
            wall = time.perf_counter() - started
            proxy.fault_rate(0.0, [])
            same, extra = identical(root, outputs, source, remote_key(config.remote))
            requests = sum(proxy.counts.values())
            faults = sum(proxy.faults.values())
            print(f"1. {len(outputs)} files, {args.rate:.0%} of requests faulted:")
            print(f"   runs until nothing pending: {runs}, wall {wall:.1f} s")
            print(
                f"   requests {requests}, faults injected {faults} "
                f"({faults / max(requests, 1):.0%}): {dict(proxy.faults)}"
            )
            print(f"   server identical to the build: {same}; differing: {extra[:5]}")

            # 2. kill -9 half-way, then a rerun
            shutil.rmtree(root, ignore_errors=True)
            shutil.rmtree(source / ".vault-sync", ignore_errors=True)
            proxy.reset_counts()
            proxy.slow_seconds = 0.2
            proxy.fault_rate(1.0, ["slow"])
            env = {
                **os.environ,
                "VAULT_SYNC_URL": proxy.url,
                "VAULT_SYNC_USER": "anna",
                "VAULT_SYNC_ROOT": "vault-sync",
                "VAULT_SYNC_PASSWORD": PASSWORD,
            }
            process = subprocess.Popen(
                [sys.executable, "-m", "vault_sync", "-q", "push", str(source)],
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            while proxy.counts["PUT"] < len(outputs) // 3 and process.poll() is None:
                time.sleep(0.05)
            process.send_signal(signal.SIGKILL)
            process.wait()
            killed_after = proxy.counts["PUT"]
            proxy.fault_rate(0.0, [])
            proxy.wait_idle()
            proxy.reset_counts()
            state = State.for_vault(source)
            result = push(config, state, client_factory=client)
            state.close()
            assert result.report is not None
            statuses = [r.status for r in proxy.requests("PUT")]
            same, extra = identical(root, outputs, source, remote_key(config.remote))
            print(
                f"2. kill -9 after {killed_after} PUTs; the rerun sent {len(statuses)} PUTs, "
                f"{statuses.count(412)} answered 412, recovered in flight: "
                f"{len(result.report.recovered)}, conflicts: {len(result.report.conflicts)}"
            )
            print(f"   server identical to the build: {same}; differing: {extra[:5]}")

            # 3. an edit on the server, then an emptied vault
            summary = next(
                p for p in outputs if p.endswith(".md") and "/" in p and not p.endswith("Readme.md")
            )
            (root / summary).write_text("edited on the server", encoding="utf-8")
            changed = next(source.rglob("Протокол*.md"))
            text = changed.read_text(encoding="utf-8")
            changed.write_text(text.replace('time: "14:00"', 'time: "16:45"'), encoding="utf-8")
            state = State.for_vault(source)
            push(config, state, client_factory=client)
            kept = (root / summary).read_text(encoding="utf-8") == "edited on the server"
            for note in source.rglob("*.md"):
                note.unlink()
            before = len(set(iter_files(root)))
            result = push(config, state, client_factory=client)
            state.close()
            assert result.report is not None
            print(
                f"3. a summary edited on the server kept: {kept}; emptied vault: "
                f"{len(result.report.deleted)} deleted, {len(result.report.deletion_refused)} "
                f"deletions refused, files on the server {before} -> "
                f"{len(set(iter_files(root)))}"
            )
        server.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
