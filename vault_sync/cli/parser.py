"""The command line's grammar: the commands, their options and their help (argparse).

Usage errors exit with status 2 (:data:`~vault_sync.errors.EXIT_USAGE`), like every
other error of the settings.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from vault_sync import __version__, i18n
from vault_sync.cli import commands as cli_commands
from vault_sync.errors import EXIT_USAGE

__all__ = ["COMMON_DEFAULTS", "build_parser"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # usage errors exit 2, like every other config error
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


COMMON_DEFAULTS = {"config": None, "lang": None, "verbose": False, "quiet": False}


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command; each command's ``run`` is its function in
    :mod:`vault_sync.cli.commands`, looked up when the parser is built."""
    # The common options are accepted before and after the command; their defaults are
    # suppressed so that the command's copy does not overwrite what was given before it
    # ("vault-sync -v push"). main() fills in what was given nowhere.
    common = _Parser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="settings file (default: vault-sync.toml in the vault)",
    )
    common.add_argument(
        "--lang",
        choices=i18n.LANGS,
        help="language of messages: ru (default) or en",
    )
    verbosity = common.add_mutually_exclusive_group()
    verbosity.add_argument("-v", "--verbose", action="store_true", help="say more")
    verbosity.add_argument("-q", "--quiet", action="store_true", help="print only problems")

    parser = _Parser(
        prog="vault-sync",
        description="Validate the minutes and work plans of a folder of Markdown notes, "
        "build calendars and summaries from them, and publish them to Nextcloud.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"vault-sync {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    check = commands.add_parser(
        "check",
        parents=[common],
        help="validate every note",
        description="Validate every note; print every problem as "
        "file:line: field: message. Exit 1 if any note is invalid.",
    )
    _vault_argument(check)
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    check.set_defaults(run=cli_commands.run_check)

    build = commands.add_parser(
        "build",
        parents=[common],
        help="write calendars, summaries and digests to a folder",
        description="Write the calendar feeds, summaries and digests into a folder (the "
        "embedded default target). Only changed files are rewritten. Exit 1 if notes were "
        "held back.",
    )
    _vault_argument(build)
    build.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="the output folder (default: [output] dir of the settings, "
        ".vault-sync/public in the vault)",
    )
    build.add_argument(
        "--force-delete",
        action="store_true",
        help="remove outputs even when more than half of them would go",
    )
    _jobs_argument(build)
    build.set_defaults(run=cli_commands.run_build)

    serve = commands.add_parser(
        "serve",
        parents=[common],
        help="serve the built folder over HTTP on 127.0.0.1",
        description="Serve the built feeds and summaries on 127.0.0.1 (text/calendar for "
        "feeds, ETag and Last-Modified) and print the subscription links.",
    )
    serve.add_argument(
        "dir",
        nargs="?",
        type=Path,
        default=None,
        metavar="DIR",
        help="the folder to serve (default: the build folder of the vault in the current folder)",
    )
    serve.add_argument("--port", type=_port, default=8765, help="port (default 8765; 0: any)")
    serve.set_defaults(run=cli_commands.run_serve)

    push = commands.add_parser(
        "push",
        parents=[common],
        help="build, then publish what changed to Nextcloud",
        description="Build, then publish what changed to the Nextcloud folder of the settings "
        "([remote]); show the subscription links. Exit 1 if notes were held back or files "
        "are in conflict, 3 if the server cannot be reached (the work stays queued).",
    )
    _vault_argument(push)
    push.add_argument(
        "--dry-run",
        action="store_true",
        help="list what would be created, updated and deleted; send nothing",
    )
    push.add_argument(
        "--force-delete",
        action="store_true",
        help="delete remote files even when more than half of them would go",
    )
    push.add_argument(
        "--reshare",
        action="store_true",
        help="move feeds that still have links of their own to the calendars folder's link",
    )
    _jobs_argument(push)
    push.set_defaults(run=cli_commands.run_push)

    watch = commands.add_parser(
        "watch",
        parents=[common],
        help="the daemon: build and publish on every change",
        description="Watch the vault and, on every change, build what changed into the "
        "local folder and publish it to Nextcloud when [remote] is set. Catches up at "
        "start, rescans every 10 minutes, survives the server or the vault folder going "
        "away. Runs until SIGTERM or SIGINT, then exits 0; 2 if another daemon already "
        "watches the vault.",
    )
    _vault_argument(watch)
    watch.add_argument(
        "--polling",
        action="store_true",
        help="poll the folder every second instead of inotify notifications "
        "(network shares: NFS, SMB/CIFS, sshfs)",
    )
    watch.set_defaults(run=cli_commands.run_watch)

    status = commands.add_parser(
        "status",
        parents=[common],
        help="last push, queued work, conflicts, held-back notes, links",
        description="Show the last push, what is still queued, conflicts, notes held back "
        "and the subscription links. Sends no request.",
    )
    _vault_argument(status)
    status.set_defaults(run=cli_commands.run_status)

    init = commands.add_parser(
        "init",
        parents=[common],
        help="scaffold a new vault",
        description="Create a vault: settings, templates, an example.",
    )
    init.add_argument(
        "dir",
        nargs="?",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the folder to create the vault in (default: the current folder)",
    )
    init.set_defaults(run=cli_commands.run_init)

    importer = commands.add_parser(
        "import",
        parents=[common],
        help="turn existing documents (.docx, .odt, .txt, .doc) into notes",
        description="Turn existing minutes and work plans (.docx, .odt, .txt; .doc through "
        "LibreOffice) into notes of the vault: the frontmatter is filled from the text, the "
        "text stays as the note's body, and what was not recognised is listed, in the output "
        'and in the note. A note is never overwritten: a taken name gets " (2)". Exit 1 if '
        "anything was left unrecognised, 2 if a file cannot be read.",
    )
    importer.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help="the documents to import"
    )
    importer.add_argument(
        "--into",
        type=Path,
        default=Path("."),
        metavar="VAULT",
        help="the vault to write the notes into (default: the current folder)",
    )
    importer.add_argument(
        "--association",
        metavar="CODE",
        help="the code of the documents' association in the vault (default: found from "
        "the document's words, e.g. the city and ГМО)",
    )
    importer.add_argument(
        "--type",
        dest="note_type",
        choices=("protocol", "plan"),
        help="what the documents are (default: found from their text)",
    )
    importer.set_defaults(run=cli_commands.run_import)
    return parser


def _vault_argument(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "vault",
        nargs="?",
        type=Path,
        default=Path("."),
        metavar="VAULT",
        help="the vault folder (default: the current folder)",
    )


def _jobs_argument(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="processes that read notes when there are many (default: one per core, "
        "up to 4; 1: this process only)",
    )


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"a whole number from 1 up, not {text!r}")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port number from 0 to 65535, not {text!r}")
    return value
