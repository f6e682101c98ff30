"""Benchmark: vault-sync watch, from a save to the published file.

    python bench/bench_watch.py [--sizes 100 10000] [--saves 50] [--idle 60] [--no-webdav]

For each vault size (bench/common.py ``vault(n)``, copied to a temporary folder) and each
target (the local folder; the WebDAV server of tests/davserver.py, no proxy) it starts
``python -m vault_sync watch VAULT`` as its own process, waits for the catch-up (and the
first upload), then saves notes one after another, each time changing the topic of a
random protocol, and measures the time from the save to the moment the published summary
(in the local folder, or on the server's disk) holds the new topic. Printed, per run:

* save-to-published latency, p50 and p95 (target: p95 <= debounce + 150 ms; at 10,000
  notes within 1.5x of 100 notes);
* CPU of the idle daemon over ``--idle`` seconds, from /proc/<pid>/stat (target < 1 %);
* peak memory (VmHWM of /proc/<pid>/status; target <= 200 MB at 10,000 notes), and the
  resident memory (VmRSS) once idle.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from common import ROOT, vault

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from davserver import DavServer, start_dav_server

from vault_sync.daemon.events import DEBOUNCE_MS
from vault_sync.render import layout

PASSWORD = "bench-app-password"
TOPIC = re.compile(r'^topic: "(.*)"$', re.MULTILINE)
ASSOCIATION = re.compile(r"^association: (\S+)$", re.MULTILINE)


@dataclass
class Result:
    notes: int
    target: str
    catch_up_s: float
    latencies_ms: list[float]
    passes: int
    idle_cpu_percent: float
    peak_mb: float
    rss_mb: float

    def p(self, percent: int) -> float:
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[percent - 1]


def proc_status(pid: int, field: str) -> float:
    """A ``kB`` field of /proc/<pid>/status, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def cpu_seconds(pid: int) -> float:
    """utime + stime of the process, in seconds (fields 14 and 15 of /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for(condition: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.01)


def protocols(folder: Path, count: int, seed: int = 7) -> list[tuple[Path, str]]:
    """``count`` valid protocols of the vault, each with its summary's output path."""
    found = []
    for note in sorted(folder.rglob("Протокол*.md")):
        text = note.read_text("utf-8")
        association = ASSOCIATION.search(text)
        if association and TOPIC.search(text):
            relative = note.relative_to(folder).as_posix()
            found.append((note, layout.summary_path(association.group(1), relative)))
    return random.Random(seed).sample(found, count)


def run(notes: int, target: str, saves: int, idle: float, work: Path) -> Result:
    folder = work / f"vault-{notes}-{target}"
    shutil.copytree(vault(notes), folder, ignore=shutil.ignore_patterns(".vault-sync"))
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    for name in ("VAULT_SYNC_URL", "VAULT_SYNC_USER", "VAULT_SYNC_ROOT", "VAULT_SYNC_PASSWORD"):
        env.pop(name, None)
    server: DavServer | None = None
    if target == "webdav":
        server = start_dav_server(work / f"dav-{notes}", password=PASSWORD)
        env.update(
            VAULT_SYNC_URL=server.url,
            VAULT_SYNC_USER="anna",
            VAULT_SYNC_ROOT="vault-sync",
            VAULT_SYNC_PASSWORD=PASSWORD,
        )
        published = server.root / "vault-sync"
    else:
        published = folder / ".vault-sync" / "public"
    log_path = work / f"watch-{notes}-{target}.log"
    started = time.perf_counter()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "vault_sync", "watch", str(folder)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def logged(text: str) -> int:
        return log_path.read_text("utf-8", errors="replace").count(text)

    try:
        wait_for(lambda: logged("сверка при запуске"), 600, "the catch-up")
        if server is not None:
            wait_for(lambda: logged("опубликовано в Nextcloud"), 600, "the first upload")
        catch_up = time.perf_counter() - started
        time.sleep(1.0)
        before = logged("изменились заметки")
        latencies = []
        for n, (note, summary) in enumerate(protocols(folder, saves)):
            text = note.read_text("utf-8")
            token = f"замер {n}"
            changed = TOPIC.sub(lambda m, t=token: f'topic: "{m.group(1)} {t}"', text, count=1)
            out = published / summary
            saved = time.perf_counter()
            note.write_text(changed, "utf-8")
            while True:
                try:
                    if token in out.read_text("utf-8"):
                        break
                except (OSError, UnicodeDecodeError):
                    pass
                if time.perf_counter() - saved > 60:
                    raise SystemExit(f"save {n} never published: {out}")
                time.sleep(0.001)
            latencies.append((time.perf_counter() - saved) * 1000)
            time.sleep(0.4)  # the pass ends (digests, the second upload) before the next save
        time.sleep(2.0)
        passes = logged("изменились заметки") - before
        cpu_before, wall_before = cpu_seconds(process.pid), time.monotonic()
        time.sleep(idle)
        cpu = cpu_seconds(process.pid) - cpu_before
        idle_cpu = cpu / (time.monotonic() - wall_before) * 100
        peak, rss = proc_status(process.pid, "VmHWM"), proc_status(process.pid, "VmRSS")
    finally:
        process.send_signal(signal.SIGTERM)
        status = process.wait(timeout=60)
        if server is not None:
            server.stop()
    text = log_path.read_text("utf-8", errors="replace")
    if status != 0 or "Traceback" in text:
        raise SystemExit(f"the daemon failed (status {status}):\n{text[-3000:]}")
    return Result(notes, target, catch_up, latencies, passes, idle_cpu, peak, rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000])
    parser.add_argument("--saves", type=int, default=50)
    parser.add_argument("--idle", type=float, default=60.0, help="seconds of idle measured")
    parser.add_argument("--no-webdav", action="store_true", help="the local target only")
    args = parser.parse_args()
    targets = ["local"] if args.no_webdav else ["local", "webdav"]
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-watch-") as temporary:
        for notes in args.sizes:
            for target in targets:
                result = run(notes, target, args.saves, args.idle, Path(temporary))
                results.append(result)
                print(
                    f"{notes:>6} notes, {target:<6}: catch-up {result.catch_up_s:6.1f} s; "
                    f"save→published p50 {result.p(50):6.0f} ms, p95 {result.p(95):6.0f} ms, "
                    f"max {max(result.latencies_ms):6.0f} ms over {len(result.latencies_ms)} "
                    f"saves ({result.passes} passes); idle CPU {result.idle_cpu_percent:.2f} % "
                    f"over {args.idle:g} s; VmHWM {result.peak_mb:.0f} MB, "
                    f"VmRSS idle {result.rss_mb:.0f} MB",
                    flush=True,
                )
    budget = DEBOUNCE_MS + 150
    print(f"\ntargets: p95 <= {budget} ms (debounce {DEBOUNCE_MS} ms + 150 ms); idle CPU < 1 %;")
    print("VmHWM <= 200 MB at 10,000 notes; p95 at 10,000 notes within 1.5x of 100 notes")
    for result in results:
        verdict = "ok" if result.p(95) <= budget else "OVER"
        print(f"  {result.notes:>6} {result.target:<6} p95 {result.p(95):.0f} ms: {verdict}")
    for target in targets:
        small = [r for r in results if r.target == target and r.notes == min(args.sizes)]
        large = [r for r in results if r.target == target and r.notes == max(args.sizes)]
        if small and large and small[0] is not large[0]:
            ratio = large[0].p(95) / small[0].p(95)
            verdict = "ok" if ratio <= 1.5 else "OVER"
            sizes = f"{large[0].notes} / at {small[0].notes}"
            print(f"  {target}: p95 at {sizes} = {ratio:.2f}: {verdict}")
    for result in results:
        cpu = "ok" if result.idle_cpu_percent < 1 else "OVER"
        memory = "ok" if result.peak_mb <= 200 else "OVER"
        print(
            f"  {result.notes:>6} {result.target:<6} idle CPU {result.idle_cpu_percent:.2f} %: "
            f"{cpu}; VmHWM {result.peak_mb:.0f} MB: {memory}"
        )


if __name__ == "__main__":
    main()
