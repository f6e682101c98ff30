"""A full disk under the output folder or the vault: a clear error (exit 2), never a
traceback, and nothing half-written left behind.

The disk is a real one: a 64 KiB tmpfs mounted for the test (root can; the test machine
runs as root). Where mounting is not allowed, a FAKE stands in for it: the command runs
with writes under the folder failing with ENOSPC (:data:`_FAKE_FULL_DISK`), which is what
the kernel answers on a full disk.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from harness import cli_env, run_cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "vault"
PROTOCOL = ROOT / "tests" / "data" / "import" / "protocol_krasnoyarsk_gmo_2021.txt"

# The FAKE full disk: every file opened for writing under $FAKE_FULL_DISK fails to write.
_FAKE_FULL_DISK = """
import errno, io, os, sys
FULL = os.environ["FAKE_FULL_DISK"]
_real_open = io.open
class _Full:
    def __init__(self, handle): self.handle = handle
    def write(self, data): raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    def __enter__(self): return self
    def __exit__(self, *exc): self.handle.close()
    def __getattr__(self, name): return getattr(self.handle, name)
def _name(file):
    return os.readlink(f"/proc/self/fd/{file}") if isinstance(file, int) else os.fspath(file)
def _open(file, mode="r", *args, **kwargs):
    handle = _real_open(file, mode, *args, **kwargs)
    writing = any(c in mode for c in "wxa+")
    return _Full(handle) if writing and str(_name(file)).startswith(FULL) else handle
io.open = os.fdopen = _open
import builtins; builtins.open = _open
from vault_sync.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


@dataclass
class Disk:
    path: Path
    fake: bool

    def fill(self) -> None:
        """Take the last free byte (the fake disk is always full)."""
        if self.fake:
            return
        filler = os.open(self.path / ".filler", os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(filler, b"\0" * 512)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        finally:
            os.close(filler)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        if not self.fake:
            return run_cli(*args, timeout=60)
        prefix = (sys.executable, "-c", _FAKE_FULL_DISK)
        return run_cli(*args, prefix=prefix, env={"FAKE_FULL_DISK": str(self.path)}, timeout=60)


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Disk]:
    folder = tmp_path / "disk"
    folder.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)]
    mounted = subprocess.run(mount, capture_output=True, check=False).returncode == 0
    try:
        yield Disk(folder, fake=not mounted)
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], check=True)


def _one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_build_into_a_full_disk_says_so(tmp_path: Path, disk: Disk) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE, vault, ignore=shutil.ignore_patterns(".vault-sync"))
    disk.fill()
    result = disk.run("build", str(vault), "--out", str(disk.path / "out"), "--lang", "en")
    assert result.returncode == 2
    line = _one_error_line(result)
    assert str(disk.path / "out") in line and "the disk is full" in line, line
    assert not [p for p in disk.path.rglob("*.tmp")]  # no temporary file left behind


def test_import_into_a_vault_on_a_full_disk_says_so(disk: Disk) -> None:
    vault = disk.path / "vault"
    vault.mkdir()
    shutil.copy(EXAMPLE / "vault-sync.toml", vault / "vault-sync.toml")
    disk.fill()
    result = disk.run("import", "--lang", "en", "--into", str(vault), str(PROTOCOL))
    assert result.returncode == 2
    line = _one_error_line(result)
    assert "cannot be written: the disk is full" in line and str(vault) in line, line
    assert sorted(p.name for p in vault.iterdir()) == ["vault-sync.toml"]  # no empty note


def test_the_fake_full_disk_fails_as_a_full_disk(tmp_path: Path) -> None:
    """The FAKE says what the kernel says, so that the tests above mean the same with it."""
    (tmp_path / "disk").mkdir()
    fake = Disk(tmp_path / "disk", fake=True)
    result = fake.run("import", "--lang", "en", "--into", str(tmp_path / "disk"), str(PROTOCOL))
    assert result.returncode == 2 and "the disk is full" in _one_error_line(result)
    assert os.listdir(tmp_path / "disk") == []


def test_the_daemon_on_a_full_disk_says_so_and_catches_up_when_there_is_room(
    tmp_path: Path, disk: Disk
) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE, vault, ignore=shutil.ignore_patterns(".vault-sync"))
    out = disk.path / "public"
    settings = vault / "vault-sync.toml"
    text = settings.read_text("utf-8").replace('dir = ".vault-sync/public"', f'dir = "{out}"')
    settings.write_text(text, "utf-8")
    disk.fill()
    log = tmp_path / "watch.log"
    prefix = ["-c", _FAKE_FULL_DISK] if disk.fake else ["-m", "vault_sync"]
    with open(log, "wb") as sink:
        daemon = subprocess.Popen(
            [sys.executable, *prefix, "watch", "--lang", "en", str(vault)],
            env=cli_env({"VAULT_SYNC_RETRY_S": "1", "FAKE_FULL_DISK": str(disk.path)}),
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait(lambda: f"cannot write to {out}: the disk is full" in log.read_text("utf-8"))
        assert daemon.poll() is None  # it goes on
        if not disk.fake:
            (disk.path / ".filler").unlink()
            _wait(lambda: (out / "Readme.md").is_file())
        daemon.send_signal(signal.SIGTERM)
        assert daemon.wait(timeout=20) == 0
    finally:
        if daemon.poll() is None:
            daemon.kill()
            daemon.wait()
    assert "Traceback" not in log.read_text("utf-8")


def _wait(condition: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)
