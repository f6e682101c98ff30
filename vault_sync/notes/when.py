"""Parse the "when" of an event or a deadline as school librarians write it.

PURE: no I/O, no clock. ``parse_when("декабрь - март", 2021)`` returns a tuple of
:class:`When`, each keeping its precision (a day, a month, a span of months, the whole
academic year, a recurrence, a reference to other plans): a seminar "in November" is
not a seminar on 1 November. Anything not understood raises :class:`WhenError`
(never a guess); its ``code`` names a message in :mod:`vault_sync.i18n.when`.

An academic year is named by the calendar year it starts in (2021 for "2021/2022"):
September-December belong to that year, January-August to the next.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from vault_sync.i18n import render

__all__ = [
    "MONTHS_GENITIVE",
    "MONTHS_NOMINATIVE",
    "MONTHS_PREPOSITIONAL",
    "Precision",
    "When",
    "WhenError",
    "academic_year_of",
    "parse_academic_year",
    "parse_when",
]


class Precision(StrEnum):
    DAY = "day"  # a known day, maybe with a time
    MONTH = "month"  # known only to the month: "октябрь"
    RANGE = "range"  # a span of months: "декабрь - март"
    YEAR = "year"  # the whole academic year: "в течение года"
    RECURRING = "recurring"  # "1 раз в четверть", "ежемесячно"
    REFERENCE = "reference"  # "по планам работы РМО/ОМО": no dates


@dataclass(frozen=True)
class When:
    """One parsed "when"; ``start``..``end`` are the days it covers, inclusive."""

    precision: Precision
    start: dt.date | None
    end: dt.date | None
    time: dt.time | None = None  # only with DAY; naive local time, minute resolution
    recurrence: str | None = None  # "quarterly" or "monthly" for RECURRING
    reference: str | None = None  # the referenced text for REFERENCE

    def normalized(self) -> str:
        """Canonical text; ``parse_when`` reads it back to an equal When."""
        start, precision = self.start, self.precision
        if precision is Precision.REFERENCE:
            return self.reference or ""
        if start is None or self.end is None:  # YEAR or RECURRING without an academic year
            return "year" if precision is Precision.YEAR else self.recurrence or ""
        if precision is Precision.DAY:
            text = _iso_day(start)
            t = self.time
            return text if t is None else f"{text} {t.hour:02d}:{t.minute:02d}"
        if precision is Precision.MONTH:
            return _iso_month(start)
        if precision is Precision.RANGE:
            return f"{_iso_month(start)}/{_iso_month(self.end)}"
        years = f"{start.year:04d}/{start.year + 1:04d}"
        return years if precision is Precision.YEAR else f"{years} {self.recurrence}"


class WhenError(ValueError):
    """A "when" that cannot be understood; ``text`` is the offending part of the input."""

    def __init__(self, code: str, text: str, detail: str = "") -> None:
        super().__init__(code, text, detail)
        self.code = code
        self.text = text
        self.detail = detail

    @property
    def params(self) -> dict[str, str]:
        """The parameters of the message template (same shape as VaultSyncError.params)."""
        return {"text": self.text, "detail": self.detail}

    def __str__(self) -> str:  # English, for logs and tracebacks
        return render(self.code, "en", text=self.text, detail=self.detail)


MONTHS_NOMINATIVE: tuple[str, ...] = (
    "", "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip
MONTHS_GENITIVE: tuple[str, ...] = (
    "", "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
MONTHS_PREPOSITIONAL: tuple[str, ...] = (
    "", "январе", "феврале", "марте", "апреле", "мае", "июне",
    "июле", "августе", "сентябре", "октябре", "ноябре", "декабре",
)  # fmt: skip
_ABBREVIATIONS = {
    "янв": 1, "фев": 2, "февр": 2, "мар": 3, "апр": 4, "июн": 6, "июл": 7, "авг": 8,
    "сен": 9, "сент": 9, "окт": 10, "ноя": 11, "нояб": 11, "дек": 12,
}  # fmt: skip
_MONTH_OF_WORD: dict[str, int] = dict(_ABBREVIATIONS)
for _table in (MONTHS_NOMINATIVE, MONTHS_GENITIVE, MONTHS_PREPOSITIONAL):
    _MONTH_OF_WORD.update((word, number) for number, word in enumerate(_table) if word)
_MONTH_WORDS = "|".join(sorted(_MONTH_OF_WORD, key=len, reverse=True))
_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# --- the grammar, applied to lower-cased text with "ё" -> "е" and every dash -> "-" ---
_L = "(?![а-я])"  # end of a Cyrillic word
_YEAR_WORD = rf"(?:\s*(?:года|год|гг|г){_L}\.?)?"  # "2021 г.", "2021г", "2021 года"


def _month(name: str) -> str:
    return rf"(?P<{name}>{_MONTH_WORDS}){_L}\.?"


_HOURS = rf"(?:ч|час|часа|часов){_L}\.?"
_TIME = (
    rf"(?:в\s*)?(?:(?P<hh>[0-9]{{1,2}})\s*[:.\-]\s*(?P<mi>[0-9]{{2}})(?:\s*{_HOURS})?"
    rf"|(?P<hh2>[0-9]{{1,2}})\s*{_HOURS})"
)
_FLAGS = re.ASCII  # [0-9] only; Cyrillic literals still match exactly
_DAY_RE = re.compile(
    r"(?:(?:до|не\s+позднее|не\s+позже|к)\s+)?"  # a deadline: the day itself
    r"(?:(?P<iy>[0-9]{4})-(?P<im>[0-9]{1,2})-(?P<id>[0-9]{1,2})"
    r"|(?P<nd>[0-9]{1,2})\s*(?P<ns>[./])\s*(?P<nm>[0-9]{1,2})"
    r"(?:\s*[./]\s*(?P<ny>[0-9]{4}|[0-9]{2}))?"
    rf"|(?P<td>[0-9]{{1,2}})\s*{_month('tm')}(?:\s*(?P<ty>[0-9]{{4}}))?)"
    rf"{_YEAR_WORD}(?P<at>(?:\s*t\s*|\s+|(?=в)){_TIME})?",
    _FLAGS,
)
_MONTH_RE = re.compile(
    r"(?:(?:в|на)\s+|в\s+течени[еи]\s+|(?:в\s+)?(?:начал[оае]|середин[ае]|конец|конце)\s+)?"
    rf"{_month('m')}(?:\s*(?P<y>[0-9]{{4}}){_YEAR_WORD})?"
    r"|(?P<iy>[0-9]{4})-(?P<im>[0-9]{1,2})",
    _FLAGS,
)
_RANGE_RE = re.compile(
    r"(?:(?:в\s+период\s+)?с\s+|в\s+течени[еи]\s+)?"
    rf"{_month('a')}(?:\s*(?P<ay>[0-9]{{4}}){_YEAR_WORD})?"
    r"\s*(?:-|по)\s*"
    rf"{_month('b')}(?:\s*(?P<by>[0-9]{{4}}){_YEAR_WORD})?"
    r"|(?P<iay>[0-9]{4})-(?P<iam>[0-9]{1,2})\s*(?:/|-|по)\s*(?P<iby>[0-9]{4})-(?P<ibm>[0-9]{1,2})",
    _FLAGS,
)
_ACADEMIC = (
    r"(?P<y1>[0-9]{4})\s*[/-]\s*(?P<y2>[0-9]{4})"
    r"(?:\s*(?:учебн(?:ый|ого|ом)|уч\.?)\s*(?:году|года|год|г)\.?|\s*(?:гг|г)\.?)?"
)
_YEAR_RE = re.compile(
    r"(?:в\s+)?течени[еи]\s+(?:всего\s+)?(?:(?P<z1>[0-9]{4})\s*[/-]\s*(?P<z2>[0-9]{4})\s+)?"
    r"(?:(?:учебного|уч\.?)\s*)?(?:года|г\.?)"
    r"|(?:весь|круглый)\s+(?:учебный\s+)?год|постоянно|year"
    rf"|(?:на\s+)?{_ACADEMIC}",
    _FLAGS,
)
_RECURRING_RE = re.compile(
    r"(?:(?P<y1>[0-9]{4})\s*/\s*(?P<y2>[0-9]{4})\s+)?(?:quarterly|monthly)"
    r"|(?:(?:1|один)\s+)?раз\s+в\s+(?:четверть|квартал|месяц)"
    r"|ежеквартально|ежемесячно|ежечетвертно|кажд(?:ую|ый)\s+(?:четверть|квартал|месяц)",
    _FLAGS,
)
_REFERENCE_RE = re.compile(
    r"(?:по|согласно|в\s+соответствии\s+с)\s+(?:план|график|согласовани|мере|запрос"
    r"|необходимост|отдельн|расписани|приказ|положени|циклограмм|договоренност)",
    _FLAGS,
)
_TIME_RE = re.compile(_TIME, _FLAGS)
_ACADEMIC_RE = re.compile(rf"(?:на\s+)?{_ACADEMIC}", _FLAGS)
_SEPARATOR_RE = re.compile(r"\s*[,;]\s*|\s+и\s+")

_DROP = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\xad"))
_FOLD = str.maketrans({"ё": "е", **dict.fromkeys("‐‑‒–—―−", "-")})


def parse_when(text: str, academic_year: int | None) -> tuple[When, ...]:
    """Parse ``text`` into one When per comma/semicolon/"и" separated part.

    A lone time after a day ("22.09.2021, 14:00") completes that day; parts that are not
    understood right after a reference ("по плану ОУ, РМО") belong to the reference.
    """
    return _parse_cached(text, academic_year)


@lru_cache(maxsize=8192)
def _parse_cached(text: str, academic_year: int | None) -> tuple[When, ...]:
    spaced = " ".join(text.translate(_DROP).split())  # NBSP and friends are whitespace
    low = spaced.lower()
    if len(low) != len(spaced):  # keep offsets aligned ("İ".lower() has two characters)
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in spaced)
    low = low.translate(_FOLD)
    found: list[When] = []
    reference_start = -1  # offset of the reference that found[-1] is, else -1
    start = 0
    for end, next_start in _part_bounds(low):
        part = low[start:end].rstrip(". ")
        begin, start = start, next_start
        if not part:
            continue
        original = spaced[begin : begin + len(part)]
        try:
            got = _parse_part(part, original, academic_year)
        except WhenError as error:
            if error.code != "when.unknown" or reference_start < 0:
                raise
            found[-1] = _reference(spaced[reference_start : begin + len(part)])
            continue
        if isinstance(got, dt.time):
            last = found[-1] if found else None
            if last is None or last.precision is not Precision.DAY or last.time is not None:
                raise WhenError("when.time_without_date", original)
            found[-1] = When(Precision.DAY, last.start, last.end, got)
        elif got.precision is Precision.REFERENCE:
            got = _reference(original)
            reference_start = begin
            found.append(got)
            continue
        else:
            found.append(got)
        reference_start = -1
    if not found:
        raise WhenError("when.empty", text)
    return tuple(found)


def _part_bounds(low: str) -> list[tuple[int, int]]:
    """(end of part, start of the next part) for every part of ``low``."""
    bounds = [(m.start(), m.end()) for m in _SEPARATOR_RE.finditer(low)]
    bounds.append((len(low), len(low)))
    return bounds


def _reference(text: str) -> When:
    return When(Precision.REFERENCE, None, None, reference=text.rstrip(". "))


def _parse_part(s: str, original: str, ay: int | None) -> When | dt.time:
    """Parse one normalised part; ``original`` is what error messages quote."""
    if m := _DAY_RE.fullmatch(s):
        return _day(m, original, ay)
    if m := _MONTH_RE.fullmatch(s):
        if m["m"]:
            month = _MONTH_OF_WORD[m["m"].rstrip(".")]
            year = int(m["y"]) if m["y"] else _year_of(month, ay, original)
        else:
            year, month = int(m["iy"]), int(m["im"])
        return When(Precision.MONTH, *_month_span(year, month, original))
    if m := _RANGE_RE.fullmatch(s):
        return _range(m, original, ay)
    if m := _YEAR_RE.fullmatch(s):
        first, second = m["z1"] or m["y1"], m["z2"] or m["y2"]
        of = _academic(first, second, original) if first and second else ay
        return _whole_year(Precision.YEAR, of, None, original)
    if m := _RECURRING_RE.fullmatch(s):
        of = _academic(m["y1"], m["y2"], original) if m["y1"] and m["y2"] else ay
        every = "monthly" if "меся" in s or "monthly" in s else "quarterly"
        return _whole_year(Precision.RECURRING, of, every, original)
    if _REFERENCE_RE.match(s):
        return When(Precision.REFERENCE, None, None)  # the caller keeps the original text
    if m := _TIME_RE.fullmatch(s):
        return _time(m, original)
    raise WhenError("when.unknown", original)


def _day(m: re.Match[str], original: str, ay: int | None) -> When | dt.time:
    year: int | None
    if m["iy"]:
        year, month, day = int(m["iy"]), int(m["im"]), int(m["id"])
    elif m["nd"]:
        day, month = int(m["nd"]), int(m["nm"])
        year = None if m["ny"] is None else int(m["ny"]) + (2000 if len(m["ny"]) == 2 else 0)
        lone = year is None and m["at"] is None and m["ns"] == "." and len(m["nm"]) == 2
        if lone and not 1 <= month <= 12 and day <= 23 and month <= 59:  # "14.00": a time
            return dt.time(day, month)
    else:
        day, month = int(m["td"]), _MONTH_OF_WORD[m["tm"].rstrip(".")]
        year = int(m["ty"]) if m["ty"] else None
    if not 1 <= month <= 12:
        detail = f"{day:02d}.{month:02d}" + ("" if year is None else f".{year:04d}")
        raise WhenError("when.impossible_date", original, detail)
    if year is None:
        year = _year_of(month, ay, original)
    day_ = _date(year, month, day, original, f"{day:02d}.{month:02d}.{year:04d}")
    at = _time(m, original) if m["at"] else None
    return When(Precision.DAY, day_, day_, at)


def _range(m: re.Match[str], original: str, ay: int | None) -> When:
    if m["a"]:
        first, last = _MONTH_OF_WORD[m["a"].rstrip(".")], _MONTH_OF_WORD[m["b"].rstrip(".")]
        if m["ay"] and m["by"]:
            y1, y2 = int(m["ay"]), int(m["by"])
        elif m["ay"]:  # "декабрь 2021 - март": the end follows the start
            y1 = int(m["ay"])
            y2 = y1 if last >= first else y1 + 1
        elif m["by"]:  # "декабрь - март 2022": the start precedes the end
            y2 = int(m["by"])
            y1 = y2 if first <= last else y2 - 1
        else:
            y1, y2 = _year_of(first, ay, original), _year_of(last, ay, original)
    else:
        y1, first, y2, last = int(m["iay"]), int(m["iam"]), int(m["iby"]), int(m["ibm"])
    start, _ = _month_span(y1, first, original)
    _, end = _month_span(y2, last, original)
    if end < start:
        detail = f"{first:02d}.{y1:04d} – {last:02d}.{y2:04d}"
        raise WhenError("when.range_backwards", original, detail)
    precision = Precision.MONTH if (y1, first) == (y2, last) else Precision.RANGE
    return When(precision, start, end)


def _time(m: re.Match[str], original: str) -> dt.time:
    hour, minute = (int(m["hh"]), int(m["mi"])) if m["hh"] else (int(m["hh2"]), 0)
    if hour > 23 or minute > 59:
        raise WhenError("when.bad_time", original, f"{hour:02d}:{minute:02d}")
    return dt.time(hour, minute)


def _whole_year(precision: Precision, year: int | None, every: str | None, original: str) -> When:
    if year is None:
        return When(precision, None, None, recurrence=every)
    start = _date(year, 9, 1, original, f"{year:04d}/{year + 1:04d}")
    end = _date(year + 1, 8, 31, original, f"{year:04d}/{year + 1:04d}")
    return When(precision, start, end, recurrence=every)


def _academic(first: str, second: str, original: str) -> int:
    year = int(first)
    if int(second) != year + 1:
        raise WhenError("when.bad_academic_year", original, f"{first}/{second}")
    return year


def _year_of(month: int, ay: int | None, original: str) -> int:
    if ay is None:
        raise WhenError("when.no_year", original)
    return ay if month >= 9 else ay + 1


def _date(year: int, month: int, day: int, original: str, detail: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except (ValueError, OverflowError):
        raise WhenError("when.impossible_date", original, detail) from None


def _month_span(year: int, month: int, original: str) -> tuple[dt.date, dt.date]:
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        raise WhenError("when.impossible_date", original, f"{month:02d}.{year:04d}")
    leap = month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return dt.date(year, month, 1), dt.date(year, month, _DAYS_IN_MONTH[month] + leap)


def _iso_day(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _iso_month(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def academic_year_of(d: dt.date) -> int:
    """The academic year a day belongs to: September-December -> d.year, else d.year - 1."""
    return d.year if d.month >= 9 else d.year - 1


def parse_academic_year(text: str) -> int:
    """The academic year named by "2021/2022", "2021/ 2022", "2021–2022 учебный год": 2021."""
    low = " ".join(text.split()).lower().translate(_FOLD).rstrip(". ")
    m = _ACADEMIC_RE.fullmatch(low)
    if m is None:
        raise WhenError("when.bad_academic_year", text, text.strip())
    return _academic(m["y1"], m["y2"], text)
