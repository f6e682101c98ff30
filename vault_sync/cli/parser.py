"""The command line's grammar: the commands, their options and their help (argparse).

The help speaks the user's language: ``--lang`` when given (found in the arguments before
they are parsed, since the help is written while parsing), else the locale of the
environment (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``en…`` is English, anything else
Russian). The help texts live in :mod:`vault_sync.i18n.cli_help`; argparse's own words
(``usage:``, ``options``, its error messages) are looked up through its module-level
gettext functions, which a parser points at that catalogue while it builds, parses and
formats, and puts back afterwards.

Usage errors exit with status 2 (:data:`~vault_sync.errors.EXIT_USAGE`), like every
other error of the settings.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from vault_sync import __version__, i18n
from vault_sync.cli import commands as cli_commands
from vault_sync.errors import EXIT_USAGE
from vault_sync.i18n.cli_help import ARGPARSE

__all__ = ["COMMON_DEFAULTS", "build_parser", "help_lang", "parse_args"]

_T = TypeVar("_T")
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")  # POSIX order: the first set one wins


def help_lang(argv: Sequence[str], env: Mapping[str, str] | None = None) -> str:
    """The language of the help and of argparse's messages: the last valid ``--lang`` of
    ``argv`` (also ``--lang=en`` and abbreviations such as ``--la en``), else the locale of
    ``env``; Russian when neither says English."""
    chosen = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        name, equals, value = arg.partition("=")
        if len(name) < 3 or not "--lang".startswith(name):
            continue
        if not equals:
            value = argv[index + 1] if index + 1 < len(argv) else ""
        if value in i18n.LANGS:
            chosen = value
    if chosen is not None:
        return chosen
    env = os.environ if env is None else env
    for variable in LOCALE_VARIABLES:
        locale = env.get(variable, "")
        if locale:
            return "en" if locale.startswith("en") else i18n.DEFAULT_LANG
    return i18n.DEFAULT_LANG


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """``argv`` (default: the process's) parsed, help and usage errors in the user's language."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    return build_parser(help_lang(arguments)).parse_args(arguments)


def _argparse_text(lang: str) -> Callable[[str], str]:
    def translate(message: str) -> str:
        if lang != "ru" or not isinstance(message, str):
            return message
        return ARGPARSE.get(message, message)

    return translate


def _argparse_plural(lang: str) -> Callable[[str, str, int], str]:
    translate = _argparse_text(lang)

    def plural(singular: str, plural: str, count: int) -> str:
        return translate(singular if count == 1 else plural)

    return plural


@contextmanager
def _speaking(lang: str) -> Iterator[None]:
    """argparse looks up its fixed words through its module's ``_`` and ``ngettext``
    (gettext): point them at the catalogue of ``lang`` for the duration."""
    module = vars(argparse)
    saved = module["_"], module["ngettext"]
    module["_"], module["ngettext"] = _argparse_text(lang), _argparse_plural(lang)
    try:
        yield
    finally:
        module["_"], module["ngettext"] = saved


class _Parser(argparse.ArgumentParser):
    """A parser that speaks ``lang``: its help, usage and errors."""

    def __init__(self, *args: Any, lang: str = i18n.DEFAULT_LANG, **kwargs: Any) -> None:
        self.lang = lang
        with _speaking(lang):
            super().__init__(*args, **kwargs)

    def _in_language(self, call: Callable[[], _T]) -> _T:
        with _speaking(self.lang):
            return call()

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        return self._in_language(lambda: super(_Parser, self).parse_known_args(args, namespace))

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        return self._in_language(lambda: super(_Parser, self).parse_args(args, namespace))

    def format_usage(self) -> str:
        return self._in_language(super().format_usage)

    def format_help(self) -> str:
        return self._in_language(super().format_help)

    def error(self, message: str) -> Any:  # usage errors exit 2, like every other config error
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


COMMON_DEFAULTS = {"config": None, "lang": None, "verbose": False, "quiet": False}


def build_parser(lang: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, speaking ``lang`` (default: :func:`help_lang` of the
    process's arguments and environment); each command's ``run`` is its function in
    :mod:`vault_sync.cli.commands`, looked up when the parser is built."""
    lang = i18n.lang_key(lang if lang is not None else help_lang(sys.argv[1:]))

    def say(code: str) -> str:
        return i18n.text(code, lang)

    # The common options are accepted before and after the command; their defaults are
    # suppressed so that the command's copy does not overwrite what was given before it
    # ("vault-sync -v push"). main() fills in what was given nowhere.
    common = _Parser(add_help=False, argument_default=argparse.SUPPRESS, lang=lang)
    common.add_argument(
        "--config", type=Path, metavar=say("help.metavar.file"), help=say("help.option.config")
    )
    common.add_argument("--lang", choices=i18n.LANGS, help=say("help.option.lang"))
    verbosity = common.add_mutually_exclusive_group()
    verbosity.add_argument("-v", "--verbose", action="store_true", help=say("help.option.verbose"))
    verbosity.add_argument("-q", "--quiet", action="store_true", help=say("help.option.quiet"))

    parser = _Parser(
        prog="vault-sync",
        description=say("help.description"),
        epilog=say("help.epilog"),
        parents=[common],
        lang=lang,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"vault-sync {__version__}",
        help=say("help.option.version"),
    )
    commands = parser.add_subparsers(
        title=say("help.commands_title"),
        dest="command",
        metavar=say("help.metavar.command"),
        parser_class=_Parser,
    )
    commands.required = True

    def command(name: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name,
            parents=[common],
            help=say(f"help.{name}.help"),
            description=say(f"help.{name}.description"),
            lang=lang,
        )

    def vault_argument(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "vault",
            nargs="?",
            type=Path,
            default=Path("."),
            metavar=say("help.metavar.vault"),
            help=say("help.option.vault"),
        )

    def jobs_argument(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "-j",
            "--jobs",
            type=_whole_number(lang, "help.option.jobs_invalid", 1, None),
            default=None,
            metavar="N",
            help=say("help.option.jobs"),
        )

    check = command("check")
    vault_argument(check)
    check.add_argument("--json", action="store_true", help=say("help.check.json"))
    check.set_defaults(run=cli_commands.run_check)

    build = command("build")
    vault_argument(build)
    build.add_argument(
        "--out", type=Path, metavar=say("help.metavar.dir"), help=say("help.build.out")
    )
    build.add_argument("--overwrite", action="store_true", help=say("help.build.overwrite"))
    build.add_argument("--force-delete", action="store_true", help=say("help.build.force_delete"))
    jobs_argument(build)
    build.set_defaults(run=cli_commands.run_build)

    serve = command("serve")
    serve.add_argument(
        "dir",
        nargs="?",
        type=Path,
        default=None,
        metavar=say("help.metavar.dir"),
        help=say("help.serve.dir"),
    )
    serve.add_argument(
        "--port",
        type=_whole_number(lang, "help.option.port_invalid", 0, 65535),
        default=8765,
        metavar=say("help.metavar.port"),
        help=say("help.serve.port"),
    )
    serve.set_defaults(run=cli_commands.run_serve)

    push = command("push")
    vault_argument(push)
    push.add_argument("--dry-run", action="store_true", help=say("help.push.dry_run"))
    push.add_argument("--force-delete", action="store_true", help=say("help.push.force_delete"))
    push.add_argument("--reshare", action="store_true", help=say("help.push.reshare"))
    jobs_argument(push)
    push.set_defaults(run=cli_commands.run_push)

    watch = command("watch")
    vault_argument(watch)
    watch.add_argument("--polling", action="store_true", help=say("help.watch.polling"))
    watch.set_defaults(run=cli_commands.run_watch)

    status = command("status")
    vault_argument(status)
    status.set_defaults(run=cli_commands.run_status)

    init = command("init")
    init.add_argument(
        "dir",
        nargs="?",
        type=Path,
        default=Path("."),
        metavar=say("help.metavar.dir"),
        help=say("help.init.dir"),
    )
    init.set_defaults(run=cli_commands.run_init)

    importer = command("import")
    importer.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar=say("help.metavar.file"),
        help=say("help.import.files"),
    )
    importer.add_argument(
        "--into",
        type=Path,
        default=Path("."),
        metavar=say("help.metavar.vault"),
        help=say("help.import.into"),
    )
    importer.add_argument(
        "--association", metavar=say("help.metavar.code"), help=say("help.import.association")
    )
    importer.add_argument(
        "--type", dest="note_type", choices=("protocol", "plan"), help=say("help.import.type")
    )
    importer.set_defaults(run=cli_commands.run_import)
    return parser


def _whole_number(lang: str, code: str, low: int, high: int | None) -> Callable[[str], int]:
    """An argument type: a whole number from ``low`` to ``high``; else the message ``code``."""

    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if value < low or (high is not None and value > high):
            raise argparse.ArgumentTypeError(i18n.text(code, lang, value=repr(text)))
        return value

    convert.__name__ = "int"
    return convert
