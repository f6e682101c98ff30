"""Dates and "when"s as people read them: "22 сентября 2021 г.", "декабрь 2021 г. — март 2022 г.".

PURE: no I/O, no clock, no locale (``strftime`` month names depend on the system locale, so
the names are spelled out here). Used by summaries, digests and calendar titles.
"""

from __future__ import annotations

import datetime as dt

from vault_sync.notes.when import (
    MONTHS_GENITIVE,
    MONTHS_NOMINATIVE,
    MONTHS_PREPOSITIONAL,
    Precision,
    When,
)

__all__ = [
    "MONTHS_EN",
    "describe_when",
    "describe_whens",
    "format_date_en",
    "format_date_ru",
    "month_name_ru",
]

MONTHS_EN: tuple[str, ...] = (
    "", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_CASES = {
    "nominative": MONTHS_NOMINATIVE,
    "genitive": MONTHS_GENITIVE,
    "prepositional": MONTHS_PREPOSITIONAL,
}
_RECURRENCE = {
    "ru": {"quarterly": "раз в четверть", "monthly": "раз в месяц"},
    "en": {"quarterly": "once a school quarter", "monthly": "once a month"},
}
_WHOLE_YEAR = {"ru": "в течение учебного года", "en": "during the school year"}


def month_name_ru(m: int, case: str = "nominative") -> str:
    """The Russian name of month ``m`` (1..12): nominative, genitive or prepositional."""
    names = _CASES.get(case)
    if names is None:
        raise ValueError(f"unknown grammatical case {case!r}; use one of {sorted(_CASES)}")
    if not 1 <= m <= 12:
        raise ValueError(f"month must be 1..12, not {m}")
    return names[m]


def format_date_ru(d: dt.date) -> str:
    """22 сентября 2021 г."""
    return f"{d.day} {MONTHS_GENITIVE[d.month]} {d.year} г."


def format_date_en(d: dt.date) -> str:
    """22 September 2021"""
    return f"{d.day} {MONTHS_EN[d.month]} {d.year}"


def describe_when(w: When, lang: str = "ru") -> str:
    """Human text of a When for summaries and calendar titles.

    ``lang`` is "ru" (the default) or "en"; anything starting with "en" is English and
    anything else Russian, the product's language.
    """
    english = lang.startswith("en")
    key = "en" if english else "ru"
    start, end = w.start, w.end
    if w.precision is Precision.REFERENCE:
        return w.reference or ""
    if w.precision is Precision.YEAR:
        return _WHOLE_YEAR[key]
    if w.precision is Precision.RECURRING:
        return _RECURRENCE[key].get(w.recurrence or "", w.recurrence or "")
    if start is None or end is None:  # not a When that parse_when builds
        return ""
    if w.precision is Precision.DAY:
        text = format_date_en(start) if english else format_date_ru(start)
        return text if w.time is None else f"{text}, {w.time.hour:02d}:{w.time.minute:02d}"
    if w.precision is Precision.MONTH:
        return _month_year(start, english)
    # RANGE: the year once when both ends share it ("октябрь — декабрь 2021 г.")
    dash = " – " if english else " — "
    if start.year == end.year:
        first = MONTHS_EN[start.month] if english else MONTHS_NOMINATIVE[start.month]
        return f"{first}{dash}{_month_year(end, english)}"
    return f"{_month_year(start, english)}{dash}{_month_year(end, english)}"


def describe_whens(whens: tuple[When, ...] | list[When], lang: str = "ru") -> str:
    """Several Whens joined with commas: "сентябрь 2021 г., в течение учебного года"."""
    return ", ".join(describe_when(w, lang) for w in whens)


def _month_year(d: dt.date, english: bool) -> str:
    if english:
        return f"{MONTHS_EN[d.month]} {d.year}"
    return f"{MONTHS_NOMINATIVE[d.month]} {d.year} г."
