"""The entry point: parse, dispatch, and the one place that turns errors into messages and
exit statuses.

* a :class:`~vault_sync.errors.VaultSyncError` becomes one line ``vault-sync: <message>``
  in the user's language and the error's ``exit_status``;
* Ctrl+C ends with 130, quietly;
* stdout closed early (``vault-sync status | head -1``) ends with 141, quietly: the
  status of a program stopped by SIGPIPE, which is what a shell shows for any other
  command in such a pipeline;
* anything else is a bug. The last-resort handler says so in one line in the user's
  language (the exception's type and text, never an object's ``repr``), logs the
  traceback at DEBUG (shown with ``-v``) and exits with 70 (EX_SOFTWARE), never 1,
  which means "notes held back".

The exit statuses are defined in :mod:`vault_sync.errors` and listed in README.md.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Sequence

from vault_sync import i18n
from vault_sync.cli.parser import COMMON_DEFAULTS, parse_args
from vault_sync.cli.report import print_error
from vault_sync.errors import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    VaultSyncError,
)

__all__ = ["main"]

log = logging.getLogger("vault_sync")

PASSWORD_VARIABLE = "VAULT_SYNC_PASSWORD"
_LONGEST_ERROR = 300  # characters of an unexpected exception's text shown on its line


def main(argv: Sequence[str] | None = None) -> int:
    args: argparse.Namespace | None = None
    try:
        args = parse_args(argv)  # usage errors exit 2 from argparse itself
        for name, default in COMMON_DEFAULTS.items():
            if not hasattr(args, name):
                setattr(args, name, default)
        verbose, quiet = args.verbose, args.quiet
        level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
        logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr)
        status: int = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
        return status
    except VaultSyncError as exc:
        print_error(exc, _lang(args))
        return exc.exit_status
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # whoever read our output stopped reading: nothing to say
        _discard_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as exc:  # the last resort: a bug, said in one line
        return internal_error(exc, _lang(args), verbose=bool(args and args.verbose))


def internal_error(exc: BaseException, lang: str, *, verbose: bool) -> int:
    """Log the traceback at DEBUG, print one line in ``lang`` saying what happened and
    what to do, and return :data:`~vault_sync.errors.EXIT_INTERNAL`."""
    log.debug("%s", _redact("".join(traceback.format_exception(exc)).rstrip()))
    code = "internal.error_verbose" if verbose else "internal.error"
    print(i18n.render(code, lang, error=_describe(exc)), file=sys.stderr)
    return EXIT_INTERNAL


def _lang(args: argparse.Namespace | None) -> str:
    """The language of messages: ``--lang``, else the settings' (set once they are read)."""
    lang = getattr(args, "lang", None)
    return lang if isinstance(lang, str) else i18n.DEFAULT_LANG


def _describe(exc: BaseException) -> str:
    """``Type: text`` of an exception, on one line, shortened, without the password."""
    try:
        text = str(exc)
    except Exception:  # an exception whose __str__ fails still gets a line
        text = ""
    text = " ".join(text.split()).rstrip(".")  # the message goes on after it
    if len(text) > _LONGEST_ERROR:
        text = text[: _LONGEST_ERROR - 1] + "…"
    name = type(exc).__name__
    return _redact(f"{name}: {text}" if text else name)


def _redact(text: str) -> str:
    """``text`` without the app password of the environment, should a library have put
    it into an exception (the password is otherwise only ever a Secret, which hides itself)."""
    password = os.environ.get(PASSWORD_VARIABLE, "").strip()
    return text.replace(password, "***") if len(password) >= 4 else text


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush of what is still
    buffered does not fail again on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real stdout (tests capture it): nothing to flush
        pass
