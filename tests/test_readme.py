"""The README tells the truth: every command and option, and the quick start."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

from vault_sync.cli.parser import build_parser
from vault_sync.config import ASSOCIATION_OPTIONS, OPTIONS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_has_help_and_is_in_the_readme() -> None:
    for name, command in _commands().items():
        assert command.description, f"{name} has no description"
        assert f"`vault-sync {name}" in README, f"{name} is missing from the README"


def test_every_option_is_in_the_readme() -> None:
    for option in OPTIONS:
        assert f"`[{option.section}] {option.name}`" in README, option.name
    for option in ASSOCIATION_OPTIONS:
        assert f"`[associations.ID] {option.name}`" in README, option.name


def test_quick_start_has_the_two_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```\n(.+?)\n```", quick)
    assert commands[:2] == [
        "pip install -e . && python -m vault_sync build examples/vault",
        "bash .ci/run",
    ]
    assert "\npython -m pytest\n" in README  # what .ci/run runs


def test_quick_start_shows_events_in_every_calendar_today(tmp_path: Path) -> None:
    """The example's notes are from 2021-2025: built today, with the real clock, its
    calendars must not come out empty (its settings keep ten years in the feeds)."""
    vault = tmp_path / "vault"
    shutil.copytree(ROOT / "examples" / "vault", vault, ignore=shutil.ignore_patterns(".vault-*"))
    built = subprocess.run(
        [sys.executable, "-m", "vault_sync", "build", str(vault)], capture_output=True, text=True
    )
    assert built.returncode == 0, built.stdout + built.stderr
    feeds = sorted((vault / ".vault-sync" / "public" / "calendars").glob("*.ics"))
    assert len(feeds) == 6
    for feed in feeds:
        assert b"BEGIN:VEVENT" in feed.read_bytes(), feed.name
