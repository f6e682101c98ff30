"""Reading pieces of Russian minutes and plans: labels, numbering, people, dates, lists.

PURE. Small functions shared by the protocol and the plan recognisers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from vault_sync.notes.when import MONTHS_GENITIVE, Precision, WhenError, parse_when

__all__ = [
    "DATE_PATTERN",
    "Label",
    "capitalised",
    "fold",
    "iso_day",
    "list_item",
    "match_label",
    "numbered",
    "one_line",
    "people",
    "person_at_start",
    "split_list",
    "strip_end",
]

_FOLD = str.maketrans({"ё": "е", "Ё": "Е", **dict.fromkeys("‐‑‒–—―−", "-")})


def fold(text: str) -> str:
    """Lower case, "ё" as "е", every dash as "-", single spaces: for comparing words."""
    return " ".join(text.translate(_FOLD).lower().split())


def one_line(text: str) -> str:
    return " ".join(text.split())


def strip_end(text: str, chars: str = ".;,:") -> str:
    """``text`` on one line without trailing punctuation (a final "…" or "»" stays)."""
    text = one_line(text)
    while text and text[-1] in chars:
        text = text[:-1].rstrip()
    return text


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- labels: "Дата проведения: 22.09.2021г." ----------------------------------------------


class Label:
    """A label at the start of a line and the value after it."""

    __slots__ = ("name", "number", "value")

    def __init__(self, name: str, value: str, number: int | None) -> None:
        self.name = name  # the field it names
        self.value = value
        self.number = number  # "1. СЛУШАЛИ: ..." -> 1


_SEPARATOR = r"\s*(?:(?:[:\-–—.]|_{2,})[\s_]*|(?=$))"
_LOOSE_SEPARATOR = r"\s*(?:(?:[:\-–—.]|_{2,})[\s_]*|\s+|(?=$))"


def compile_labels(table: Sequence[tuple[str, str]], loose: frozenset[str]) -> re.Pattern[str]:
    """One pattern for ``(words, name)`` rows; names in ``loose`` may be followed by a space."""
    alternatives = []
    for index, (words, name) in enumerate(sorted(table, key=lambda row: -len(row[0]))):
        separator = _LOOSE_SEPARATOR if name in loose or " " in words else _SEPARATOR
        spelled = r"\s+".join(re.escape(w) for w in words.split())
        alternatives.append(rf"(?P<{name}__{index}>{spelled}){separator}")
    return re.compile(
        r"^(?:(?P<num>\d{1,2})\s*[.)]\s*)?(?:" + "|".join(alternatives) + r")(?P<value>.*)$",
        re.IGNORECASE | re.DOTALL,
    )


def match_label(pattern: re.Pattern[str], text: str) -> Label | None:
    m = pattern.match(text.translate(_FOLD).replace("ё", "е"))
    if m is None:
        return None
    name = next(g.split("__")[0] for g, v in m.groupdict().items() if v and "__" in g)
    value = text[m.start("value") :].strip()
    return Label(name, value, int(m["num"]) if m["num"] else None)


# --- numbering and lists ------------------------------------------------------------------

_NUMBERED = re.compile(r"^(\d{1,2})\s*[.)](?!\d)\s*(\S.*)$", re.DOTALL)
_BULLET = re.compile(r"^[-–—•·*▪●○◦➢✓]\s*(\S.*)$", re.DOTALL)
_LETTERED = re.compile(r"^[а-яa-z]\)\s*(\S.*)$", re.DOTALL)


def numbered(text: str) -> tuple[int, str] | None:
    """``(1, "Утвердить план")`` for "1.Утвердить план" or "1) Утвердить план"."""
    m = _NUMBERED.match(text)
    return (int(m[1]), m[2].strip()) if m else None


def list_item(text: str) -> str | None:
    """The text of a numbered, lettered or bulleted list item, else None."""
    found = numbered(text)
    if found:
        return found[1]
    m = _BULLET.match(text) or _LETTERED.match(text)
    return m[1].strip() if m else None


def split_list(text: str) -> list[str]:
    """Comma- or semicolon-separated parts, not splitting inside «», "" or ()."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in one_line(text):
        if char in "«(“[":
            depth += 1
        elif char in "»)”]" and depth:
            depth -= 1
        if char in ",;" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [strip_end(p, ",;:") for p in parts if strip_end(p, ",;:")]


# --- people -------------------------------------------------------------------------------
_UP, _LOW = "А-ЯЁ", "а-яё"
_SURNAME = rf"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?"
_INITIALS = rf"[{_UP}]\.\s?(?:[{_UP}]\.)?"
_PERSON = re.compile(
    rf"(?P<full>{_SURNAME}\s+[{_UP}][{_LOW}]+\s+[{_UP}][{_LOW}]+(?:вна|вич|ична|чна|ич|оглы|кызы))(?![{_LOW}])"
    rf"|(?P<si>{_SURNAME}\s?{_INITIALS})"
    rf"|(?P<is>{_INITIALS}\s?{_SURNAME})(?![{_LOW}])"
)
_ROLE_AFTER = re.compile(r"^\s*,?\s*(\([^()]{2,80}\))")


def people(text: str) -> list[str]:
    """Every person named in ``text`` as "Фамилия И.О." (or in full), in order."""
    return [_person(m) for m in _PERSON.finditer(text)]


def _person(m: re.Match[str]) -> str:
    if m["full"]:
        return one_line(m["full"])
    if m["si"]:
        surname, initials = re.match(rf"({_SURNAME})\s?(.*)", m["si"]).groups()  # type: ignore[union-attr]
    else:
        initials, surname = re.match(rf"({_INITIALS})\s?(.*)", m["is"]).groups()  # type: ignore[union-attr]
    return f"{surname} {initials.replace(' ', '')}"


def person_at_start(text: str, within: int = 60) -> tuple[str, int] | None:
    """The person named near the start of ``text`` with a role in () right after, and where
    that ends: ("Черемных Ольга Григорьевна (педагог-библиотекарь МБОУ СШ №56)", 62)."""
    m = _PERSON.search(text)
    if m is None or m.start() > within:
        return None
    name, end = _person(m), m.end()
    role = _ROLE_AFTER.match(text[end:])
    if role:
        name, end = f"{name} {one_line(role[1])}", end + role.end()
    return name, end


# --- dates ---------------------------------------------------------------------------------
_MONTHS = "|".join(MONTHS_GENITIVE[1:])
DATE_PATTERN = (
    r"«?\d{1,2}»?\s*\.\s*\d{1,2}(?:\s*\.\s*(?:\d{4}|\d{2}))?(?:\s*(?:года|г\.?)(?![а-яё]))?"
    rf"|«?\d{{1,2}}»?\s+(?:{_MONTHS})(?:\s+\d{{4}})?(?:\s*(?:года|г\.?)(?![а-яё]))?"
    r"|\d{4}-\d{2}-\d{2}"
)
_DATE = re.compile(DATE_PATTERN, re.IGNORECASE)


def written_date(text: str) -> str:
    """A date as written, without «», "г." and extra spaces: "22.09.2021", "10 октября"."""
    text = one_line(text.replace("«", "").replace("»", ""))
    text = re.sub(r"\s*(?:года|г\.?)$", "", text)
    return re.sub(r"\s*\.\s*", ".", text)


def find_date(text: str) -> re.Match[str] | None:
    return _DATE.search(text)


def iso_day(text: str, academic_year: int | None = None) -> str | None:
    """ "22.09.2021г." -> "2021-09-22"; None unless one day (WhenError if unreadable)."""
    whens = parse_when(text, academic_year)
    if len(whens) != 1 or whens[0].precision is not Precision.DAY or whens[0].start is None:
        return None
    return whens[0].start.isoformat()


def safe_iso_day(text: str, academic_year: int | None = None) -> str | None:
    try:
        return iso_day(text, academic_year)
    except WhenError:
        return None
