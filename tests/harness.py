"""Helpers shared by the test modules: running the real command, the test server's login."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAV_PASSWORD = "s3cret-app-pass"  # the app password of the test WebDAV server's user


def run_cli(
    *args: str,
    cwd: Path = ROOT,
    env: Mapping[str, str] | None = None,
    prefix: Sequence[str] = (sys.executable, "-m", "vault_sync"),
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run vault-sync as a user would (``prefix`` picks the entry point); ``env`` adds to
    the environment. Output is captured as UTF-8 text."""
    return subprocess.run(
        [*prefix, *args], cwd=cwd, capture_output=True, text=True, env=cli_env(env), timeout=timeout
    )


def cli_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a vault-sync run: UTF-8 output, and this checkout's vault_sync
    first on the path, whatever the working folder (an editable install elsewhere, e.g.
    another worktree, would otherwise be imported when ``cwd`` is not the checkout)."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": path, **(env or {})}
