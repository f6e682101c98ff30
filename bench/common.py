"""Shared pieces of the benchmarks: a generated vault, and a child process measured."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from genvault import generate

ROOT = Path(__file__).resolve().parent.parent


def vault(notes: int, where: Path | None = None, association_notes: bool = False) -> Path:
    """A generated vault of ``notes`` notes (made once per size, reused by later runs);
    ``association_notes``: its associations described in notes, not in vault-sync.toml."""
    base = where or Path(tempfile.gettempdir()) / "vault-sync-bench"
    path = base / (f"vault-{notes}" + ("-association-notes" if association_notes else ""))
    marker = path / ".generated"
    if not marker.exists():
        generate(path, notes, association_notes=association_notes)
        marker.write_text("ok")
    return path


@dataclass
class Run:
    wall_s: float
    peak_mb: float
    status: int


def measure(args: list[str]) -> Run:
    """Run ``python -m vault_sync ARGS`` in a new process: wall time and peak memory (RSS)."""
    command = [sys.executable, "-m", "vault_sync", *args]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_maxrss / 1024, process.returncode)
