"""What several commands print the same way: problems, the check summary, the links of
the published feeds, warnings, the progress bar, and the one line of an error."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any, TextIO

from vault_sync import i18n
from vault_sync.errors import VaultSyncError
from vault_sync.i18n import format_problem
from vault_sync.notes.check import CheckResult
from vault_sync.notes.model import Problem
from vault_sync.render.links import subscription_links

__all__ = [
    "check_report",
    "print_error",
    "print_links",
    "print_problems",
    "progress_bar",
    "summary_line",
    "warn_refused",
]

log = logging.getLogger("vault_sync")


def print_error(exc: VaultSyncError, lang: str) -> None:
    """``vault-sync: <the error's message>`` on stderr: how every error is shown."""
    print(f"vault-sync: {exc.message(lang)}", file=sys.stderr)


def print_problems(problems: list[Problem], lang: str, out: TextIO) -> None:
    """Every problem as ``file:line: field: message``, in file and line order."""
    for found in sorted(problems, key=lambda p: (p.path, p.line or 0, p.field)):
        print(format_problem(found, lang), file=out)


def summary_line(result: CheckResult, lang: str) -> str:
    """The last line of ``check``: how many notes, how many invalid, errors, warnings."""
    if not result.problems:
        return i18n.render("check.summary_ok", lang, notes=result.checked)
    return i18n.render(
        "check.summary_bad",
        lang,
        notes=result.checked,
        invalid=len(result.held_back),
        errors=len(result.errors),
        warnings=len(result.warnings),
    )


def check_report(result: CheckResult, lang: str) -> dict[str, Any]:
    """What ``check --json`` prints."""
    return {
        "notes_checked": result.checked,
        "valid": result.valid,
        "held_back": sorted(result.held_back),
        "problems": [
            {
                "file": p.path,
                "line": p.line,
                "field": p.field,
                "severity": p.severity.value,
                "code": p.code,
                "message": i18n.render(p.code, lang, **p.param_dict()),
            }
            for p in sorted(result.problems, key=lambda p: (p.path, p.line or 0, p.field))
        ],
    }


def warn_refused(paths: list[str], lang: str) -> None:
    """Say that a mass deletion was held back (``--force-delete`` lets it through)."""
    if paths:
        log.warning(i18n.render("build.deletion_refused", lang, count=len(paths)))


def print_links(links: dict[str, str], lang: str) -> None:
    """Each published feed and its subscription links (http, webcal, Google)."""
    for path, url in sorted(links.items()):
        print(i18n.render("serve.feed", lang, name=path))
        for label, link in subscription_links(url).items():
            print(f"  {label}: {i18n.visible(link)}")  # a URL the server gave


def progress_bar() -> Callable[[int, int], None]:
    """A ``[####....] done/total`` bar on stderr, redrawn in place (for a terminal)."""

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        end = "\n" if done >= total else ""
        print(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
            end=end,
            file=sys.stderr,
            flush=True,
        )

    return show
