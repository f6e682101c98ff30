"""Tests of vault_sync.notes.when, vault_sync.render.dates and vault_sync.i18n.when.

The table holds every form a "when" is written in (days, day ranges, months, month
ranges, seasons, the whole year, repetitions, references to other plans, with or without
a year and a time) and every "when" of the real documents in tests/data/import (Сроки
columns of both plans, date, time and deadline of the Krasnoyarsk protocol).
"""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from vault_sync.i18n import render
from vault_sync.i18n.when import MESSAGES
from vault_sync.notes.when import (
    MONTHS_GENITIVE,
    MONTHS_NOMINATIVE,
    Precision,
    When,
    WhenError,
    academic_year_of,
    parse_academic_year,
    parse_when,
)
from vault_sync.render.dates import (
    describe_when,
    describe_whens,
    format_date_en,
    format_date_ru,
    month_name_ru,
)

D, M, R, Y, REC, REF = (
    Precision.DAY,
    Precision.MONTH,
    Precision.RANGE,
    Precision.YEAR,
    Precision.RECURRING,
    Precision.REFERENCE,
)
SCHOOL_YEAR = ("2021-09-01", "2022-08-31")

# text, academic year, precision, first day, last day, time ("" for none)
SINGLE: list[tuple[str, int | None, Precision, str | None, str | None, str]] = [
    # the real documents (tests/data/import): Novosibirsk 2021/2022, Serpukhov 2024/2025,
    # Krasnoyarsk protocol
    ("1 раз в четверть", 2021, REC, *SCHOOL_YEAR, ""),
    ("октябрь", 2021, M, "2021-10-01", "2021-10-31", ""),
    ("в течении года", 2021, Y, *SCHOOL_YEAR, ""),
    ("октябрь-декабрь", 2021, R, "2021-10-01", "2021-12-31", ""),
    ("декабрь - март", 2021, R, "2021-12-01", "2022-03-31", ""),
    ("февраль", 2021, M, "2022-02-01", "2022-02-28", ""),
    ("ноябрь", 2021, M, "2021-11-01", "2021-11-30", ""),
    ("в течение года", 2021, Y, *SCHOOL_YEAR, ""),
    ("апрель", 2021, M, "2022-04-01", "2022-04-30", ""),
    ("январь", 2021, M, "2022-01-01", "2022-01-31", ""),
    ("сентябрь", 2024, M, "2024-09-01", "2024-09-30", ""),
    ("В течение года", 2024, Y, "2024-09-01", "2025-08-31", ""),
    ("декабрь", 2024, M, "2024-12-01", "2024-12-31", ""),
    ("май", 2024, M, "2025-05-01", "2025-05-31", ""),
    ("22.09.2021г.", 2021, D, "2021-09-22", "2021-09-22", ""),
    ("до 27.09.2021", 2021, D, "2021-09-27", "2021-09-27", ""),
    ("до 27.09.2021", None, D, "2021-09-27", "2021-09-27", ""),
    # exact days
    ("2021-09-22", None, D, "2021-09-22", "2021-09-22", ""),
    ("22.09.2021", None, D, "2021-09-22", "2021-09-22", ""),
    ("08.09.2023 г.", None, D, "2023-09-08", "2023-09-08", ""),
    ("22.09.21", None, D, "2021-09-22", "2021-09-22", ""),
    ("22 сентября 2021 г.", None, D, "2021-09-22", "2021-09-22", ""),
    ("22 сентября 2021", None, D, "2021-09-22", "2021-09-22", ""),
    ("22 сентября 2021 года.", None, D, "2021-09-22", "2021-09-22", ""),
    ("22\u00a0сентября\u00a02021\u00a0г.", None, D, "2021-09-22", "2021-09-22", ""),
    ("  22.09.2021 . ", None, D, "2021-09-22", "2021-09-22", ""),
    ("10 октября", 2021, D, "2021-10-10", "2021-10-10", ""),
    ("10 октября", 2019, D, "2019-10-10", "2019-10-10", ""),  # academic year given
    ("10 марта", 2021, D, "2022-03-10", "2022-03-10", ""),
    ("до 10 октября", 2021, D, "2021-10-10", "2021-10-10", ""),
    ("не позднее 10.10.2021", None, D, "2021-10-10", "2021-10-10", ""),
    ("22.09.2019", 2021, D, "2019-09-22", "2019-09-22", ""),  # the explicit year wins
    ("29.02.2024", None, D, "2024-02-29", "2024-02-29", ""),
    ("29.02", 2023, D, "2024-02-29", "2024-02-29", ""),
    ("27.09", 2021, D, "2021-09-27", "2021-09-27", ""),
    # with a time
    ("22.09.2021 14-00", None, D, "2021-09-22", "2021-09-22", "14:00"),
    ("22.09.2021 14:00", None, D, "2021-09-22", "2021-09-22", "14:00"),
    ("22.09.2021 14.00", None, D, "2021-09-22", "2021-09-22", "14:00"),
    ("22.09.2021г. в 14:00", None, D, "2021-09-22", "2021-09-22", "14:00"),
    ("22.09.2021г. 14-00", None, D, "2021-09-22", "2021-09-22", "14:00"),
    ("22.09.2021 в 14-00 ч.", None, D, "2021-09-22", "2021-09-22", "14:00"),
    ("22.09.2021 14 ч.", None, D, "2021-09-22", "2021-09-22", "14:00"),
    ("2021-09-22 14:00", None, D, "2021-09-22", "2021-09-22", "14:00"),
    ("2021-09-22T14:00", None, D, "2021-09-22", "2021-09-22", "14:00"),
    ("22 сентября 2021 г. в 9:30", None, D, "2021-09-22", "2021-09-22", "09:30"),
    ("10 октября 15.00", 2021, D, "2021-10-10", "2021-10-10", "15:00"),
    ("22.09.2021, 14-00", None, D, "2021-09-22", "2021-09-22", "14:00"),  # a lone time
    ("22 сентября 2021 г., 14:00", None, D, "2021-09-22", "2021-09-22", "14:00"),
    # a month
    ("Ноябрь", 2021, M, "2021-11-01", "2021-11-30", ""),
    ("октября", 2021, M, "2021-10-01", "2021-10-31", ""),
    ("в октябре", 2021, M, "2021-10-01", "2021-10-31", ""),
    ("в феврале", 2023, M, "2024-02-01", "2024-02-29", ""),
    ("ОКТЯБРЬ 2021", None, M, "2021-10-01", "2021-10-31", ""),
    ("октябрь 2021 г.", None, M, "2021-10-01", "2021-10-31", ""),
    ("в октябре 2021 года", None, M, "2021-10-01", "2021-10-31", ""),
    ("окт. 2021", None, M, "2021-10-01", "2021-10-31", ""),
    ("конец октября", 2021, M, "2021-10-01", "2021-10-31", ""),
    ("2021-10", None, M, "2021-10-01", "2021-10-31", ""),
    ("октябрь - октябрь", 2021, M, "2021-10-01", "2021-10-31", ""),  # one month is MONTH
    # a month range
    ("с октября по декабрь", 2021, R, "2021-10-01", "2021-12-31", ""),
    ("декабрь 2021 - март 2022", None, R, "2021-12-01", "2022-03-31", ""),
    ("декабрь 2021 г. – март 2022 г.", None, R, "2021-12-01", "2022-03-31", ""),
    ("декабрь — март", 2021, R, "2021-12-01", "2022-03-31", ""),
    ("декабрь–март", 2021, R, "2021-12-01", "2022-03-31", ""),
    ("декабрь - март 2022", None, R, "2021-12-01", "2022-03-31", ""),
    ("январь 2022 - март", None, R, "2022-01-01", "2022-03-31", ""),
    ("2021-12/2022-03", None, R, "2021-12-01", "2022-03-31", ""),
    ("сентябрь - август", 2021, R, *SCHOOL_YEAR, ""),
    # the whole year
    ("в течение учебного года", 2021, Y, *SCHOOL_YEAR, ""),
    ("в течение всего года", 2021, Y, *SCHOOL_YEAR, ""),
    ("весь год", 2021, Y, *SCHOOL_YEAR, ""),
    ("постоянно", 2021, Y, *SCHOOL_YEAR, ""),
    ("2021/2022", None, Y, *SCHOOL_YEAR, ""),
    ("2021/2022", 2024, Y, *SCHOOL_YEAR, ""),
    ("в течение 2021/2022 учебного года", None, Y, *SCHOOL_YEAR, ""),
    ("в течение года", None, Y, None, None, ""),
    # recurring
    ("раз в четверть", 2021, REC, *SCHOOL_YEAR, ""),
    ("ежеквартально", 2021, REC, *SCHOOL_YEAR, ""),
    ("ежемесячно", 2021, REC, *SCHOOL_YEAR, ""),
    ("1 раз в месяц", 2021, REC, *SCHOOL_YEAR, ""),
    ("1 раз в четверть", None, REC, None, None, ""),
    ("2021/2022 quarterly", None, REC, *SCHOOL_YEAR, ""),
]


@pytest.mark.parametrize(("text", "year", "precision", "start", "end", "at"), SINGLE)
def test_forms(
    text: str, year: int | None, precision: Precision, start: str | None, end: str | None, at: str
) -> None:
    (got,) = parse_when(text, year)
    assert got.precision is precision
    assert got.start == (dt.date.fromisoformat(start) if start else None)
    assert got.end == (dt.date.fromisoformat(end) if end else None)
    assert got.time == (dt.time.fromisoformat(at) if at else None)
    assert parse_when(got.normalized(), year) == (got,)


@pytest.mark.parametrize(
    ("text", "recurrence"),
    [("1 раз в четверть", "quarterly"), ("ежемесячно", "monthly"), ("каждый месяц", "monthly")],
)
def test_recurrence(text: str, recurrence: str) -> None:
    assert parse_when(text, 2021)[0].recurrence == recurrence


@pytest.mark.parametrize(
    "text",
    [
        "по планам работы РМО/ОМО",
        "по плану ОУ",
        "по графику КИМЦ",
        "по согласованию",
        "Согласно плану работы ГМО",
        "по плану работы ОУ, РМО и ОМО",  # parts that are no dates stay in the reference
    ],
)
def test_reference(text: str) -> None:
    (got,) = parse_when(f"  {text}. ", 2021)
    assert got == When(REF, None, None, reference=text)
    assert parse_when(got.normalized(), None) == (got,)


def test_lists() -> None:
    september, year = parse_when("Сентябрь, в течение года", 2024)
    assert (september.precision, september.start) == (M, dt.date(2024, 9, 1))
    assert (year.precision, year.start, year.end) == (Y, dt.date(2024, 9, 1), dt.date(2025, 8, 31))
    assert [w.precision for w in parse_when("октябрь; по плану РМО, апрель", 2021)] == [M, REF, M]
    assert [w.start for w in parse_when("октябрь и апрель", 2021)] == [
        dt.date(2021, 10, 1),
        dt.date(2022, 4, 1),
    ]
    assert len(parse_when("22 сентября 2021 г.", None)) == 1  # no comma in a date


def test_academic_year_rule() -> None:
    (january,) = parse_when("январь", 2021)
    assert (january.start, january.end) == (dt.date(2022, 1, 1), dt.date(2022, 1, 31))
    (september,) = parse_when("сентябрь", 2021)
    assert (september.start, september.end) == (dt.date(2021, 9, 1), dt.date(2021, 9, 30))
    assert academic_year_of(dt.date(2021, 9, 1)) == 2021
    assert academic_year_of(dt.date(2021, 12, 31)) == 2021
    assert academic_year_of(dt.date(2022, 8, 31)) == 2021
    assert academic_year_of(dt.date(2022, 1, 1)) == 2021


ERRORS: list[tuple[str, int | None, str]] = [
    ("", 2021, "when.empty"),
    ("  \u00a0 ", 2021, "when.empty"),
    (" , ; ", 2021, "when.empty"),
    ("абракадабра", 2021, "when.unknown"),
    ("Сентябрь, в течение гола", 2021, "when.unknown"),
    ("с октября до декабря", 2021, "when.unknown"),
    ("31.02.2024", None, "when.impossible_date"),
    ("29.02.2023", None, "when.impossible_date"),
    ("29.02", 2022, "when.impossible_date"),
    ("31 апреля 2022 г.", None, "when.impossible_date"),
    ("15.13.2024", None, "when.impossible_date"),
    ("00.05.2024", None, "when.impossible_date"),
    ("2024-13", None, "when.impossible_date"),
    ("2024-00-10", None, "when.impossible_date"),
    ("октябрь", None, "when.no_year"),
    ("10 октября", None, "when.no_year"),
    ("декабрь - март", None, "when.no_year"),
    ("22.09.2021 25:00", None, "when.bad_time"),
    ("22.09.2021 14:75", None, "when.bad_time"),
    ("25:00", 2021, "when.bad_time"),
    ("14-00", 2021, "when.time_without_date"),
    ("14:00", 2021, "when.time_without_date"),
    ("в 14.00", 2021, "when.time_without_date"),
    ("октябрь, 14:00", 2021, "when.time_without_date"),
    ("март - декабрь", 2021, "when.range_backwards"),
    ("2022-03/2021-12", None, "when.range_backwards"),
    ("март 2022 - декабрь 2021", None, "when.range_backwards"),
    ("2021/2023", None, "when.bad_academic_year"),
]


@pytest.mark.parametrize(("text", "year", "code"), ERRORS)
def test_errors(text: str, year: int | None, code: str) -> None:
    with pytest.raises(WhenError) as caught:
        parse_when(text, year)
    assert caught.value.code == code
    assert caught.value.params["text"] == caught.value.text
    assert render(code, "ru", **caught.value.params)  # every code has a message


def test_error_details() -> None:
    with pytest.raises(WhenError) as caught:
        parse_when("Сентябрь, в течение гола.", 2021)
    assert caught.value.text == "в течение гола"  # the offending part, as written
    with pytest.raises(WhenError) as caught:
        parse_when("31.02.2024", None)
    assert caught.value.detail == "31.02.2024"
    with pytest.raises(WhenError) as caught:
        parse_when("22.09.2021 25:00", None)
    assert caught.value.detail == "25:00"
    assert "25:00" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2021/2022", 2021),
        ("2021-2022", 2021),
        ("2021/ 2022", 2021),
        ("2021–2022 учебный год", 2021),
        ("на 2024/2025 учебный год", 2024),
        ("2024-2025 уч. год", 2024),
    ],
)
def test_parse_academic_year(text: str, year: int) -> None:
    assert parse_academic_year(text) == year


@pytest.mark.parametrize("text", ["21/22", "2021/2023", "2021", "", "21-2022 год"])
def test_bad_academic_year(text: str) -> None:
    with pytest.raises(WhenError) as caught:
        parse_academic_year(text)
    assert caught.value.code == "when.bad_academic_year"


def test_messages() -> None:
    assert {code for *_, code in ERRORS} == set(MESSAGES)  # every code is raised somewhere
    for code, templates in MESSAGES.items():
        assert set(templates) == {"ru", "en"}, code
        for template in templates.values():
            assert set(re.findall(r"{(\w*)}", template)) <= {"text", "detail"}, code
    unknown = render("when.unknown", "ru", text="послезавтра")
    assert unknown.startswith("«послезавтра» — не удалось понять дату. Пишите так: 22.09.2021")
    for example_text in ("22.09.2021 14:00", "октябрь", "декабрь - март", "1 раз в четверть"):
        assert example_text in unknown
        assert parse_when(example_text, 2021)  # every example we give is accepted


def test_rudates() -> None:
    assert format_date_ru(dt.date(2021, 9, 22)) == "22 сентября 2021 г."
    assert format_date_en(dt.date(2021, 9, 2)) == "2 September 2021"
    assert month_name_ru(10) == "октябрь"
    assert month_name_ru(10, "genitive") == "октября"
    assert month_name_ru(10, "prepositional") == "октябре"
    assert MONTHS_NOMINATIVE[1] == "январь" and MONTHS_GENITIVE[12] == "декабря"
    with pytest.raises(ValueError):
        month_name_ru(13)

    def ru(text: str, lang: str = "ru") -> str:
        return describe_whens(parse_when(text, 2021), lang)

    assert ru("22.09.2021г.") == "22 сентября 2021 г."
    assert ru("22.09.2021 14-00") == "22 сентября 2021 г., 14:00"
    assert ru("октябрь") == "октябрь 2021 г."
    assert ru("декабрь - март") == "декабрь 2021 г. — март 2022 г."
    assert ru("октябрь-декабрь") == "октябрь — декабрь 2021 г."
    assert ru("в течении года") == "в течение учебного года"
    assert ru("1 раз в четверть") == "раз в четверть"
    assert ru("ежемесячно") == "раз в месяц"
    assert ru("по планам работы РМО/ОМО") == "по планам работы РМО/ОМО"
    assert ru("Сентябрь, в течение года") == "сентябрь 2021 г., в течение учебного года"
    assert ru("22.09.2021 14-00", "en") == "22 September 2021, 14:00"
    assert ru("декабрь - март", "en") == "December 2021 – March 2022"
    assert ru("в течение года", "en") == "during the school year"


# --- properties -------------------------------------------------------------------------

WORDS = [
    *MONTHS_NOMINATIVE[1:], *MONTHS_GENITIVE[1:], "в", "с", "по", "до", "г.", "г", "года",
    "течение", "течении", "учебного", "раз", "четверть", "месяц", "1", "22", "09", "2021",
    "2022", "14", "00", "31", "13", "-", "–", "—", ",", ";", ".", ":", "/", "и", "плану",
    "РМО/ОМО", "T", "ч.", "\u00a0", "quarterly", "year",
]  # fmt: skip
grammar_text = st.lists(st.sampled_from(WORDS), max_size=8).flatmap(
    lambda words: st.sampled_from(["", " "]).map(lambda sep: sep.join(words))
)
years = st.none() | st.integers(1, 9998)


@given(text=st.text() | grammar_text, academic_year=st.none() | st.integers(-5, 10_005))
@example(text="январь", academic_year=9999)
@example(text="в течение года", academic_year=9999)
@example(text="декабрь - март 0001", academic_year=None)
def test_only_when_errors(text: str, academic_year: int | None) -> None:
    try:
        whens = parse_when(text, academic_year)
    except WhenError as error:
        assert error.code in MESSAGES
        return
    assert whens
    for w in whens:
        assert describe_when(w) is not None
        if w.precision is not REF:
            assert parse_when(w.normalized(), academic_year) == (w,)


def _month_when(year: int, month: int) -> When:
    (got,) = parse_when(f"{year:04d}-{month:02d}", None)
    return got


days = st.builds(
    lambda d, t: When(D, d, d, t),
    st.dates(),
    st.none() | st.times().map(lambda t: t.replace(second=0, microsecond=0)),
)
months = st.builds(_month_when, st.integers(1, 9999), st.integers(1, 12))


def _range_when(year: int, month: int, length: int) -> When:
    last = year * 12 + month - 1 + length  # months counted from year 0
    return When(R, _month_when(year, month).start, _month_when(last // 12, last % 12 + 1).end)


ranges = st.builds(_range_when, st.integers(1, 9990), st.integers(1, 12), st.integers(1, 100))
whole_years = st.builds(
    lambda y: When(Y, dt.date(y, 9, 1), dt.date(y + 1, 8, 31)), st.integers(1, 9998)
)
recurring = st.builds(
    lambda y, every: When(REC, dt.date(y, 9, 1), dt.date(y + 1, 8, 31), recurrence=every),
    st.integers(1, 9998),
    st.sampled_from(["quarterly", "monthly"]),
)
dated = days | months | ranges | whole_years | recurring
yearless = st.sampled_from(
    [When(Y, None, None), When(REC, None, None, recurrence="quarterly"),
     When(REC, None, None, recurrence="monthly")]
)  # fmt: skip
reference_tail = st.text(alphabet="АБВГДабвгдРМОи/№ -" + string.ascii_letters, max_size=30)


@given(w=dated, academic_year=years)
def test_normalized_round_trip(w: When, academic_year: int | None) -> None:
    assert parse_when(w.normalized(), None) == (w,)
    assert parse_when(w.normalized(), academic_year) == (w,)
    assert describe_when(w, "ru") and describe_when(w, "en")


@given(w=yearless)
def test_yearless_round_trip(w: When) -> None:
    assert parse_when(w.normalized(), None) == (w,)


@given(
    prefix=st.sampled_from(["по плану", "по планам работы", "по графику", "по согласованию"]),
    tail=reference_tail,
    academic_year=years,
)
def test_reference_round_trip(prefix: str, tail: str, academic_year: int | None) -> None:
    whens = parse_when(f"{prefix} {tail}", academic_year)
    assume(len(whens) == 1)
    (w,) = whens
    assert w.precision is REF and w.reference and w.reference.startswith(prefix)
    assert parse_when(w.normalized(), None) == (w,)
    assert parse_when(w.normalized(), academic_year) == (w,)
    assert describe_when(w) == w.reference
