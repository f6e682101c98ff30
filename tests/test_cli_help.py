"""The command line's help and usage errors speak the user's language: ``--lang``, else
the locale of the environment, else Russian."""

from __future__ import annotations

import argparse
import gettext
import re

import pytest
from harness import run_cli

from vault_sync.cli.parser import build_parser, help_lang

NO_LOCALE = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}
ENGLISH_ARGPARSE = re.compile(r"usage|options|positional arguments|show this help|required")
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def _parsers(lang: str) -> dict[str, argparse.ArgumentParser]:
    parser = build_parser(lang)
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {"": parser, **action.choices}


def _helps(parser: argparse.ArgumentParser) -> dict[str, str]:
    """Every option's and argument's help, by its first option string or its name."""
    return {
        (action.option_strings or [action.dest])[0]: str(action.help)
        for action in parser._actions
        if action.help != argparse.SUPPRESS and not isinstance(action, argparse._SubParsersAction)
    }


def test_every_command_and_option_has_help_in_both_languages() -> None:
    russian, english = _parsers("ru"), _parsers("en")
    assert russian.keys() == english.keys() and len(russian) == 9
    for name in russian:
        for parser in (russian[name], english[name]):
            assert parser.description, f"{name or 'vault-sync'} has no description"
        assert CYRILLIC.search(str(russian[name].description)), name
        assert not CYRILLIC.search(str(english[name].description)), name
        ru_helps, en_helps = _helps(russian[name]), _helps(english[name])
        assert ru_helps.keys() == en_helps.keys() and len(ru_helps) >= 5, name
        for option, text in ru_helps.items():
            assert text and text != "None", f"{name} {option} has no help"
            assert CYRILLIC.search(text), f"{name} {option}: {text!r} is not Russian"
            assert en_helps[option] and en_helps[option] != text, f"{name} {option}"


@pytest.mark.parametrize(
    "command", ["", "check", "build", "serve", "push", "watch", "status", "init", "import"]
)
def test_russian_help_has_no_english_argparse_words(command: str) -> None:
    result = run_cli(*([command] if command else []), "--help", env=NO_LOCALE)
    assert result.returncode == 0, result.stderr
    assert "использование: vault-sync" in result.stdout
    assert not ENGLISH_ARGPARSE.search(result.stdout.lower()), result.stdout
    assert "параметры:" in result.stdout and "показать эту справку и выйти" in result.stdout


def test_english_help_with_lang_en_and_with_an_english_locale() -> None:
    for args, env in [(("--lang", "en"), NO_LOCALE), ((), {**NO_LOCALE, "LANG": "en_US.UTF-8"})]:
        result = run_cli(*args, "push", "--help", env=env)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("usage: vault-sync push")
        assert "options:" in result.stdout and "list what would be created" in result.stdout
        assert not CYRILLIC.search(result.stdout), result.stdout


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        ((), NO_LOCALE, "ru"),
        ((), {**NO_LOCALE, "LANG": "de_DE.UTF-8"}, "ru"),
        ((), {**NO_LOCALE, "LANG": "ru_RU.UTF-8"}, "ru"),
        (("--lang", "en"), NO_LOCALE, "en"),
        (("--lang=en",), {**NO_LOCALE, "LANG": "ru_RU.UTF-8"}, "en"),
        ((), {**NO_LOCALE, "LANG": "en_US.UTF-8"}, "en"),
        ((), {**NO_LOCALE, "LC_ALL": "en_GB.UTF-8", "LANG": "ru_RU.UTF-8"}, "en"),
        ((), {**NO_LOCALE, "LC_MESSAGES": "ru_RU.UTF-8", "LANG": "en_US.UTF-8"}, "ru"),
        (("--lang", "ru"), {**NO_LOCALE, "LANG": "en_US.UTF-8"}, "ru"),
    ],
)
def test_a_missing_argument_is_said_in_the_users_language(
    args: tuple[str, ...], env: dict[str, str], expected: str
) -> None:
    result = run_cli(*args, "import", env=env)
    assert result.returncode == 2
    if expected == "ru":
        assert "использование: vault-sync import" in result.stderr
        assert "vault-sync import: не указаны обязательные аргументы: ФАЙЛ" in result.stderr
        assert not ENGLISH_ARGPARSE.search(result.stderr), result.stderr
    else:
        assert "usage: vault-sync import" in result.stderr
        assert "the following arguments are required: FILE" in result.stderr
        assert not CYRILLIC.search(result.stderr), result.stderr


def test_an_invalid_choice_and_a_bad_number_are_said_in_russian() -> None:
    result = run_cli("frobnicate", env=NO_LOCALE)
    assert result.returncode == 2
    assert "недопустимое значение: 'frobnicate' (возможные: 'check'" in result.stderr
    jobs = run_cli("build", "--jobs", "0", env=NO_LOCALE)
    assert jobs.returncode == 2
    assert "аргумент -j/--jobs: нужно целое число от 1, а не '0'" in jobs.stderr
    english = run_cli("build", "--jobs", "0", env={**NO_LOCALE, "LANG": "en_US.UTF-8"})
    assert "argument -j/--jobs: a whole number from 1 up, not '0'" in english.stderr


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--lang", "en", "check"], "en"),
        (["check", "--lang=en"], "en"),
        (["--la", "en"], "en"),
        (["--lang", "fr"], "ru"),  # not a language of ours: the environment's, here none
        (["--lang", "en", "--lang", "ru"], "ru"),  # the last one wins, as argparse does
        (["import", "--", "--lang=en"], "ru"),  # after "--" it is a file name
        (["--lang"], "ru"),
    ],
)
def test_lang_is_found_before_parsing(argv: list[str], expected: str) -> None:
    assert help_lang(argv, {}) == expected


def test_argparse_is_left_as_it_was() -> None:
    parser = build_parser("ru")
    assert "использование:" in parser.format_help()
    with pytest.raises(SystemExit):
        parser.parse_args(["--no-such-option"])
    assert vars(argparse)["_"] is gettext.gettext
    assert argparse.ArgumentParser(prog="x").format_usage() == "usage: x [-h]\n"
