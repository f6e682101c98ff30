"""Every user-facing text, in Russian (the default) and English.

Problems and errors carry a message code and parameters; this package turns them into
text. The texts live in one catalogue per area (the modules of this package, plain data
that import nothing), so a translator sees every sentence of an area at once and the
core stays free of language choices. This module is the only way to render them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from vault_sync.i18n import (
    cli_help,
    commands,
    daemon,
    feeds,
    importer,
    notes,
    publishing,
    settings,
    summaries,
    when,
)

if TYPE_CHECKING:
    from vault_sync.notes.model import Problem

LANGS = ("ru", "en")
DEFAULT_LANG = "ru"
CATALOGUES: dict[str, dict[str, dict[str, str]]] = {
    "notes": notes.MESSAGES,
    "when": when.MESSAGES,
    "settings": settings.MESSAGES,
    "commands": commands.MESSAGES,
    "cli_help": cli_help.MESSAGES,
    "feeds": feeds.MESSAGES,
    "summaries": summaries.MESSAGES,
    "publishing": publishing.MESSAGES,
    "daemon": daemon.MESSAGES,
    "importer": importer.MESSAGES,
}

TYPE_NAMES: dict[str, dict[str, str]] = {
    "string": {"ru": "текст", "en": "text"},
    "integer": {"ru": "целое число", "en": "a whole number"},
    "number": {"ru": "число", "en": "a number"},
    "array": {"ru": "список (строки с «- » в начале)", "en": "a list (lines starting with “- ”)"},
    "object": {"ru": "набор полей «поле: значение»", "en": "fields “field: value”"},
    "boolean": {"ru": "true или false", "en": "true or false"},
    "null": {"ru": "пустое значение", "en": "nothing"},
}

# Every code -> its texts: one dict look-up per message (a summary asks for a hundred
# phrases). A code is defined in one catalogue only (tests/test_i18n.py checks it).
_index: dict[str, dict[str, str]] = {
    code: texts for catalogue in CATALOGUES.values() for code, texts in catalogue.items()
}


def _lookup(code: str) -> dict[str, str] | None:
    return _index.get(code)


def lang_key(lang: str) -> str:
    """The catalogue language: English for anything starting with "en", else Russian."""
    return "en" if lang.startswith("en") else "ru"


def text(code: str, lang: str = DEFAULT_LANG, **params: Any) -> str:
    """The text of message ``code`` in ``lang`` with ``params`` filled in, as they are."""
    texts = _index.get(code)
    if texts is None:
        return code + (" " + repr(params) if params else "")
    template = texts["en" if lang.startswith("en") else "ru"]  # lang_key, inlined: hot
    if not params:
        return template
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


def render(code: str, lang: str = DEFAULT_LANG, **params: Any) -> str:
    """The text of a problem's or an error's message ``code`` in ``lang``.

    Their parameters stay language-neutral; a few are shown here: ``value`` is quoted,
    ``expected`` (JSON types) and ``allowed`` (values) are listed, and a ``reason`` that
    is itself a message code is rendered.
    """
    shown = {k: visible(v) if isinstance(v, str) else v for k, v in params.items()}
    if "value" in shown:
        shown["value"] = quote(shown["value"], lang)
    if "expected" in shown:
        joiner = " или " if lang == "ru" else " or "
        shown["expected"] = joiner.join(type_name(t, lang) for t in shown["expected"])
    if "reason" in shown and _lookup(str(shown["reason"])) is not None:
        shown["reason"] = text(str(shown["reason"]), lang)
    if "allowed" in shown:
        shown["allowed"] = ", ".join(quote(v, lang) for v in shown["allowed"])
    return text(code, lang, **shown)


# Characters that would act on a terminal or a log instead of being shown: C0 and C1
# controls (ESC starts colour and cursor sequences, CR/LF start a forged line) and the
# bidirectional overrides that reorder what is shown.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(found: re.Match[str]) -> str:
    char = found.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(value: str) -> str:
    """``value`` with every control character written out (``\\x1b``, ``\\n``), so that
    what a note, a file name or a server holds is shown, never obeyed by the terminal.
    Every message parameter goes through it (:func:`render`, :func:`format_problem`)."""
    return _INVISIBLE.sub(_escape, value) if _INVISIBLE.search(value) else value


def type_name(json_type: str, lang: str) -> str:
    names = TYPE_NAMES.get(json_type)
    return names.get(lang, json_type) if names else json_type


def quote(value: Any, lang: str) -> str:
    """Show a value the way a user typed it, quoted and shortened."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        return "пустое значение" if lang == "ru" else "an empty value"
    elif isinstance(value, dict):
        return "набор полей" if lang == "ru" else "a set of fields"
    elif isinstance(value, list | tuple):
        return "список" if lang == "ru" else "a list"
    else:
        text = visible(str(value))
    if len(text) > 60:
        text = text[:57] + "…"
    return f"«{text}»" if lang == "ru" else f"“{text}”"


def format_problem(found: Problem, lang: str) -> str:
    """``file:line: field.path: message``, the one way problems are shown everywhere."""
    text = render(found.code, lang, **found.param_dict())
    if not found.is_error:
        text = render("check.warning_prefix", lang) + text
    path, field = visible(found.path), visible(found.field)
    where = path if found.line is None else f"{path}:{found.line}"
    return f"{where}: {field}: {text}" if field else f"{where}: {text}"


def phrase(code: str, lang: str, **params: Any) -> str:
    """A fixed phrase of summaries and digests, filled in (see :func:`text`)."""
    return text(code, lang, **params)


def unit(code: str, lang: str) -> tuple[str, str, str]:
    """The plural forms (one, few, many) of the unit ``code`` ("unit.meetings")."""
    one, few, many = phrase(code, lang).split("|")
    return one, few, many
