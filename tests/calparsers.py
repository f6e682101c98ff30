"""Check .ics files with the parsers real calendar clients use.

- ical.js (Thunderbird, Nextcloud's web calendar): ``tests/parsers/icaljs_check.mjs``
  run with ``node``;
- sabre/vobject 4 (Nextcloud server): ``tests/parsers/vobject_check.php`` run with
  ``php``, strict reading plus ``validate()``.

Both are installed by ``.ci/install-parsers.sh``. Each script prints one JSON
object per file::

    {"file": str, "ok": bool, "error": str | None, "messages": [...],
     "calname": str | None,
     "events": [{"uid", "summary", "start", "end", "start_utc", "allday",
                 "status", "sequence", "tzid"}]}

``start``/``end`` are the values as written ("2021-09-22T14:00:00",
"2021-09-22" or "...Z"; ``end`` is the effective end: DTEND, else
DTSTART + DURATION, else DTSTART + 1 day for a DATE, else DTSTART).
``start_utc`` is "YYYY-MM-DDTHH:MM:SSZ", or None for all-day and floating
starts.

Usage in a test::

    from calparsers import icaljs_available, parse_with_icaljs, require_tool

    def test_feed(tmp_path):
        require_tool(icaljs_available(), "ical.js")
        [result] = parse_with_icaljs([path])
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

PARSERS_DIR = Path(__file__).resolve().parent / "parsers"
ICALJS_SCRIPT = PARSERS_DIR / "icaljs_check.mjs"
VOBJECT_SCRIPT = PARSERS_DIR / "vobject_check.php"
INSTALL_HINT = "run `bash .ci/install-parsers.sh` (as root) to install it"
REQUIRE_TOOLS_ENV = "VAULT_SYNC_REQUIRE_TOOLS"
TIMEOUT_S = 120

EVENT_FIELDS = (
    "uid",
    "summary",
    "start",
    "end",
    "start_utc",
    "allday",
    "status",
    "sequence",
    "tzid",
)

__all__ = [
    "EVENT_FIELDS",
    "assert_same_events",
    "icaljs_available",
    "parse_with_icaljs",
    "parse_with_vobject",
    "require_tool",
    "vobject_available",
]


def _version(cmd: list[str]) -> dict[str, Any] | None:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    except OSError:
        return None
    if proc.returncode != 0:
        return None
    try:
        info = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return None
    return info if isinstance(info, dict) else None


@functools.cache
def icaljs_version() -> dict[str, Any] | None:
    """{"ical.js": ..., "node": ...}, or None when ical.js cannot run."""
    node = shutil.which("node")
    if node is None or not (PARSERS_DIR / "node_modules" / "ical.js").is_dir():
        return None
    return _version([node, str(ICALJS_SCRIPT), "--version"])


@functools.cache
def vobject_version() -> dict[str, Any] | None:
    """{"sabre/vobject": ..., "php": ...}, or None when sabre/vobject cannot run."""
    php = shutil.which("php")
    if php is None:
        return None
    return _version([php, str(VOBJECT_SCRIPT), "--version"])


def icaljs_available() -> bool:
    """True when node and tests/parsers/node_modules/ical.js work."""
    return icaljs_version() is not None


def vobject_available() -> bool:
    """True when php and the unpacked sabre/vobject 4 work."""
    info = vobject_version()
    return info is not None and str(info.get("sabre/vobject", "")).startswith("4.")


def require_tool(available: bool, name: str) -> None:
    """Skip the calling test when a parser is missing; fail it instead when
    VAULT_SYNC_REQUIRE_TOOLS=1 (set by CI, so a missing parser cannot pass
    CI by skipping)."""
    if available:
        return
    message = f"{name} is not installed: {INSTALL_HINT}"
    if os.environ.get(REQUIRE_TOOLS_ENV) == "1":
        pytest.fail(f"{message} ({REQUIRE_TOOLS_ENV}=1 makes this a failure)", pytrace=False)
    pytest.skip(message)


def _format_failures(parser: str, failed: list[dict[str, Any]]) -> str:
    lines = [f"{parser} rejected {len(failed)} file(s):"]
    for res in failed:
        lines.append(f"  {res.get('file')}:")
        lines.extend(f"    {line}" for line in str(res.get("error")).splitlines())
    return "\n".join(lines)


def _run(
    parser: str, cmd: list[str], paths: Iterable[Path | str], check: bool
) -> list[dict[str, Any]]:
    files = [str(p) for p in paths]
    if not files:
        return []
    proc = subprocess.run(
        [*cmd, *files],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT_S,
        check=False,
    )
    try:
        results = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        raise AssertionError(
            f"{parser} printed something that is not JSON ({exc}); exit {proc.returncode}\n"
            f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
        ) from None
    # Exit 0 = all passed, 1 = some file failed; anything else (or a missing
    # result) means the checker itself broke.
    if proc.returncode not in (0, 1) or len(results) != len(files):
        raise AssertionError(
            f"{parser} crashed (exit {proc.returncode}, "
            f"{len(results)} results for {len(files)} files)\n"
            f"stderr:\n{proc.stderr}"
        )
    failed = [r for r in results if not r.get("ok")]
    if (proc.returncode == 0) != (not failed):
        raise AssertionError(f"{parser}: exit {proc.returncode} does not match results {results}")
    if check and failed:
        raise AssertionError(_format_failures(parser, failed))
    return results


def parse_with_icaljs(paths: Iterable[Path | str], *, check: bool = True) -> list[dict[str, Any]]:
    """Parse each file with ical.js; one result dict per file, in order.

    With check=True (default) raise AssertionError carrying the parser's
    messages if any file failed; with check=False return the failures too
    (result["ok"] is False, result["error"] says why)."""
    node = shutil.which("node")
    if node is None:
        raise AssertionError(f"node not found: {INSTALL_HINT}")
    return _run("ical.js", [node, str(ICALJS_SCRIPT)], paths, check)


def parse_with_vobject(
    paths: Iterable[Path | str], *, check: bool = True, caldav: bool = False
) -> list[dict[str, Any]]:
    """Parse each file with sabre/vobject 4 (strict read + validate(), every
    message of level >= 2 fails the file); one result dict per file.

    caldav=True validates with PROFILE_CALDAV (one object per resource, as
    for a CalDAV PUT) instead of as a subscription feed. check as in
    parse_with_icaljs."""
    php = shutil.which("php")
    if php is None:
        raise AssertionError(f"php not found: {INSTALL_HINT}")
    cmd = [php, str(VOBJECT_SCRIPT), *(["--caldav"] if caldav else [])]
    return _run("sabre/vobject", cmd, paths, check)


def assert_same_events(first: dict[str, Any], second: dict[str, Any]) -> None:
    """Assert two parsers' results for one file describe the same events
    (matched by UID and start, compared on EVENT_FIELDS)."""

    def keyed(result: dict[str, Any]) -> dict[tuple[Any, Any], dict[str, Any]]:
        return {
            (e["uid"], e["start"]): {f: e.get(f) for f in EVENT_FIELDS} for e in result["events"]
        }

    a, b = keyed(first), keyed(second)
    assert a.keys() == b.keys(), (
        f"parsers see different events in {first.get('file')}: "
        f"{sorted(map(repr, a))} vs {sorted(map(repr, b))}"
    )
    diffs = [
        f"  {key}: {field}: {a[key][field]!r} != {b[key][field]!r}"
        for key in a
        for field in EVENT_FIELDS
        if a[key][field] != b[key][field]
    ]
    assert not diffs, f"parsers disagree about {first.get('file')}:\n" + "\n".join(diffs)
