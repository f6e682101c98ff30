"""Summaries of protocols and plans, and the digests (Readme.md) of associations.

The protocol is the real Krasnoyarsk one of 22.09.2021
(tests/data/import/protocol_krasnoyarsk_gmo_2021.txt);
the plan has every kind of "when" librarians write. Everything is pure: ``today`` is given.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vault_sync.i18n.summaries import MESSAGES
from vault_sync.notes.model import (
    AgendaItem,
    Association,
    Attendance,
    Decision,
    Plan,
    PlannedEvent,
    Problem,
    Protocol,
    Vote,
    problem,
)
from vault_sync.notes.when import Precision, When, parse_when
from vault_sync.render import summaries
from vault_sync.render.digests import association_digest, held_back_by_association, overall_digest
from vault_sync.render.summaries import (
    md_text,
    md_url,
    plan_summary,
    plural_ru,
    protocol_summary,
    relative_link,
)

ROOT = Path(__file__).resolve().parent.parent
CYRILLIC = re.compile(r"[а-яА-ЯёЁ]")

KRASNOYARSK = Association(
    id="gmo-krasnoyarsk",
    name="Городское методическое объединение библиотечных работников школ г. Красноярска",
    kind="ГМО",
    timezone="Asia/Krasnoyarsk",
    required_meetings=4,
)
PROTOCOL_PATH = "Красноярск ГМО/Протокол №1 от 22.09.2021.md"
PLAN_PATH = "Красноярск ГМО/План работы ГМО 2021-2022.md"


def due(text: str, year: int = 2021) -> When:
    (found,) = parse_when(text, year)
    return found


def seed_protocol() -> Protocol:
    return Protocol(
        path=PROTOCOL_PATH,
        identity="Красноярск ГМО/Протокол №1 от 22.09.2021",
        association=KRASNOYARSK.id,
        date=dt.date(2021, 9, 22),
        number=1,
        time=dt.time(14, 0),
        format="online",
        topic="Установочное совещание. Итоги года. Приоритеты деятельности библиотечного "
        "сообщества города на 2021-2022 годы",
        goal="Планирование деятельности ГМО библиотечных работников на 21-2022 год.",
        chair=("Замятина Е.Д.", "Попыхова Т.Ю."),
        attendance=Attendance(
            count=29,
            categories=(
                "библиотекари",
                "педагоги-библиотекари",
                "заведующие библиотекой",
                "сотрудники городских детских библиотек",
            ),
        ),
        agenda=(
            AgendaItem(
                "Задачи на новый учебный год",
                ("Замятина Елена Дмитриевна (методист МБУ КИМЦ)",),
                "О предстоящих задачах, функциональной грамотности; напомнила о "
                "листах регистрации и протоколах заседаний РМО.",
            ),
            AgendaItem(
                "План работы ГМО на 21-22 уч. год",
                ("Попыхова Т.Ю.",),
                "Представила план работы ГМО (план прилагаю).",
            ),
            AgendaItem(
                "Образовательные сервисы сети Интернет",
                ("Черемных Ольга Григорьевна (педагог-библиотекарь МБОУ СШ №56)",),
            ),
        ),
        decisions=(
            Decision(
                1, "d1", "Утвердить план работы ГМО библиотечных работников.", vote=Vote(29, 0, 0)
            ),
            Decision(
                2, "d2", "Скорректировать даты проведения городских мероприятий от каждого района."
            ),
            Decision(
                3, "d3", "Принять участие в Марафоне по формированию читательской грамотности."
            ),
            Decision(
                4,
                "d4",
                "Выставить материалы планирования работы ГМО и РМО на сайт КИМЦ",
                due=due("до 27.09.2021"),
                responsible=("Попыхова Т.Ю.",),
            ),
        ),
        attachments=("План работы ГМО на 2021-2022 учебный год",),
        plan_links=("[[План работы ГМО 2021-2022]]",),
    )


def event(
    number: int, title: str, when: str, kind: str = "мероприятие", **more: object
) -> PlannedEvent:
    whens = parse_when(when, 2021) if when else ()
    return PlannedEvent(
        number=number, key=f"e{number}", title=title, kind=kind, when=whens, when_text=when, **more
    )  # type: ignore[arg-type]


def seed_plan() -> Plan:
    return Plan(
        path=PLAN_PATH,
        identity="plan-2021",
        association=KRASNOYARSK.id,
        academic_year=2021,
        theme="Формирование читательской грамотности",
        goal="Организация методического сопровождения",
        tasks=("Планирование библиотечных занятий", "Выявление и распространение опыта"),
        expected_results=("Проведены 4 заседания ГМО",),
        approved_by="Директор МБУ КИМЦ",
        approved_on="2021-09-01",
        leader=("Попыхова Т.Ю.",),
        events=(
            event(
                1,
                "Марафон по формированию читательской грамотности",
                "декабрь - март",
                "акция",
                place="ОО города",
                responsible=("руководители РМО",),
            ),
            event(
                2,
                "Заседание ГМО №1. Установочное совещание",
                "22.09.2021 14:00",
                "заседание",
                place="онлайн",
            ),
            event(
                3,
                "Обсуждение стратегии развития библиотечного дела",
                "октябрь",
                participants=("члены ГМО", "педагоги-библиотекари"),
            ),
            event(
                4,
                "Семинар по наставничеству",
                "10 января",
                "семинар",
                expected_result="опыт обобщён",
            ),
            event(5, "Изучение нормативных документов", "в течении года"),
            event(6, "Заседания ГМО", "1 раз в четверть", "заседание"),
            event(
                7, "Координационные совещания в районах", "по планам работы РМО/ОМО", "совещание"
            ),
            event(
                8, "Мониторинг сайтов школьных библиотек", "Сентябрь, в течение года", "мониторинг"
            ),
            event(9, "Сбор данных без срока", ""),
            event(10, "Заседание ГМО №3", "16.02.2022", "заседание"),
        ),
    )


def sections(text: str) -> dict[str, str]:
    """Heading line -> the text up to the next heading of any level."""
    found: dict[str, str] = {}
    heading = ""
    for line in text.splitlines():
        if line.startswith("#"):
            heading = line
            found[heading] = ""
        else:
            found[heading] = found.get(heading, "") + line + "\n"
    return found


def no_empty_headings(text: str) -> None:
    for heading, body in sections(text).items():
        if heading.startswith("#") and not heading.startswith("# "):
            # a level-2 heading with nothing below it; level-2 over level-3 is fine
            level = len(heading) - len(heading.lstrip("#"))
            following = text.split(heading + "\n", 1)[1].lstrip("\n")
            assert body.strip() or following.startswith("#" * (level + 1) + " "), heading


# --- plural forms --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "заседаний"),
        (1, "заседание"),
        (2, "заседания"),
        (4, "заседания"),
        (5, "заседаний"),
        (11, "заседаний"),
        (12, "заседаний"),
        (14, "заседаний"),
        (21, "заседание"),
        (22, "заседания"),
        (25, "заседаний"),
        (101, "заседание"),
        (111, "заседаний"),
    ],
)
def test_plural_ru(n: int, expected: str) -> None:
    assert plural_ru(n, "заседание", "заседания", "заседаний") == expected


# --- protocol summary ----------------------------------------------------------------------
def test_protocol_summary_in_russian() -> None:
    text = protocol_summary(seed_protocol(), KRASNOYARSK)
    assert text.startswith("# Протокол №1 заседания ГМО от 22 сентября 2021 г.\n")
    assert "- **Дата:** 22 сентября 2021 г." in text
    assert "- **Время:** 14:00" in text
    assert "- **Формат:** онлайн" in text
    assert "- **Ведущие:** Замятина Е.Д., Попыхова Т.Ю." in text
    assert "29 человек" in text
    assert "сотрудники городских детских библиотек" in text
    assert "до 27 сентября 2021 г." in text
    assert "за — 29, против — 0, воздержались — 0" in text
    assert "Ответственный: Попыхова Т.Ю." in text
    assert "Докладчик: Черемных Ольга Григорьевна" in text
    assert "## Приложения" in text and "## План работы" in text
    assert "План работы ГМО 2021-2022" in text and "[[" not in text
    assert f"`{PROTOCOL_PATH}`" in text
    # agenda and decisions numbered in order
    body = sections(text)["## Решения"]
    numbers = re.findall(r"^(\d+)\. ", body, re.MULTILINE)
    assert numbers == ["1", "2", "3", "4"]
    assert "None" not in text
    no_empty_headings(text)


def test_protocol_summary_links_the_plan_summary() -> None:
    paths = {
        PROTOCOL_PATH: "gmo-krasnoyarsk/Протокол №1 от 22.09.2021.md",
        PLAN_PATH: "gmo-krasnoyarsk/План работы ГМО 2021-2022.md",
    }
    text = protocol_summary(seed_protocol(), KRASNOYARSK, summary_paths=paths)
    assert "[План работы ГМО 2021-2022](План%20работы%20ГМО%202021-2022.md)" in text


def test_protocol_summary_omits_empty_sections() -> None:
    bare = Protocol(
        path="x/p.md", identity="p", association=KRASNOYARSK.id, date=dt.date(2022, 1, 12)
    )
    text = protocol_summary(bare, Association("a", "Объединение", "", "Europe/Moscow"))
    assert text.startswith("# Протокол заседания от 12 января 2022 г.\n")
    for absent in (
        "None",
        "Время",
        "Формат",
        "Место",
        "Тема",
        "## Участники",
        "## Повестка",
        "## Решения",
        "## Приложения",
        "## План работы",
        "Ведущ",
        "Секретар",
    ):
        assert absent not in text, absent
    no_empty_headings(text)


def test_protocol_summary_escapes_user_markdown() -> None:
    note = Protocol(
        path="x/p.md",
        identity="p",
        association=KRASNOYARSK.id,
        date=dt.date(2021, 10, 5),
        topic="# Итоги | планы *важно* _курсив_ <b>",
        goal="- не список",
        decisions=(Decision(1, "d1", "1. не вложенный список"),),
        agenda=(AgendaItem("+ пункт", (), "> не цитата\nвторая строка"),),
    )
    text = protocol_summary(note, KRASNOYARSK)
    assert r"- **Тема:** \# Итоги \| планы \*важно\* \_курсив\_ \<b\>" in text
    assert r"- **Цель:** \- не список" in text
    assert r"1. 1\. не вложенный список" in text
    assert r"\> не цитата вторая строка" in text  # one line: no lazy continuation
    assert r"**\+ пункт**" in text
    assert "\n#" not in text.replace("\n## ", "\n").replace("\n# ", "\n")


def test_md_text_keeps_urls_clickable_and_escapes_block_starts() -> None:
    assert md_text("см. https://kimc.ms/a_b?x=1.") == "см. <https://kimc.ms/a_b?x=1>."
    assert md_text("- x") == r"\- x"
    assert md_text("12) x") == r"12\) x"
    assert md_text("&amp; и R&D") == r"\&amp; и R&D"
    assert md_url("Протокол №1 от 22.09.2021.md") == "Протокол%20№1%20от%2022.09.2021.md"
    assert md_url("a#b?(c)%.md") == "a%23b%3F%28c%29%25.md"
    assert relative_link("gmo", "gmo/a b.md") == "a b.md"
    assert relative_link("", "gmo/") == "gmo/"


_MARKDOWN_BITS = st.sampled_from(
    [
        *"aЯ 1.)-+=#>*_[]<|~&;`\\:/\t\n\xa0\u2028",
        *("http://x.ru/a", "https://a.b/c)", "www.", "&amp;", "&#12;", "12)", "  ", "Петров"),
    ]
)


@given(st.lists(_MARKDOWN_BITS, max_size=8).map("".join), st.booleans())
def test_md_text_shortcut_for_plain_text_changes_nothing(text: str, autolink: bool) -> None:
    """md_text returns text it finds nothing to do in as it is: the same as the long way."""
    assert md_text(text, autolink) == summaries._markup(text, autolink)


def test_md_text_shortcut_sees_every_whitespace_character() -> None:
    """The shortcut takes printable text as free of whitespace other than " "."""
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert [c for c in spaces if c.isprintable()] == [" "]
    assert all(md_text(f"a{c}b") == "a b" for c in spaces)


# --- plan summary --------------------------------------------------------------------------
def test_plan_summary_groups_events_by_month_in_academic_order() -> None:
    text = plan_summary(seed_plan(), KRASNOYARSK)
    assert text.startswith("# План работы ГМО на 2021/2022 учебный год\n")
    assert KRASNOYARSK.name in text
    assert "- **Утверждён:** Директор МБУ КИМЦ, 1 сентября 2021 г." in text
    months = re.findall(r"^### (.+)$", text, re.MULTILINE)
    assert months == [
        "Сентябрь 2021",
        "Октябрь 2021",
        "Декабрь 2021",
        "Январь 2022",
        "Февраль 2022",
    ]
    parts = sections(text)
    september = parts["### Сентябрь 2021"]
    assert (
        "- **22 сентября, 14:00** — Заседание ГМО №1. Установочное совещание; место: онлайн"
        in september
    )
    assert "**дата уточняется** — Мониторинг сайтов школьных библиотек" in september
    assert "(заседание)" not in september  # the kind is already in the title
    october = parts["### Октябрь 2021"]
    assert "**дата уточняется** — Обсуждение стратегии развития библиотечного дела" in october
    assert "участники: члены ГМО, педагоги-библиотекари" in october
    december = parts["### Декабрь 2021"]
    assert (
        "**декабрь 2021 г. — март 2022 г.** — Марафон по формированию читательской "
        "грамотности (акция); место: ОО города; ответственные: руководители РМО" in december
    )
    january = parts["### Январь 2022"]
    assert "**10 января** — Семинар по наставничеству; ожидаемый результат: опыт обобщён" in january
    year = parts["## В течение года"]
    assert "**в течение учебного года** — Изучение нормативных документов" in year
    assert "**раз в четверть** — Заседания ГМО" in year
    assert (
        "**по планам работы РМО/ОМО** — Координационные совещания в районах (совещание)" not in year
    )  # "совещани" is in the title
    assert "**по планам работы РМО/ОМО** — Координационные совещания в районах" in year
    assert "Мониторинг сайтов школьных библиотек (мониторинг)" not in text
    assert "**в течение учебного года** — Мониторинг сайтов" in year  # the list's 2nd part
    assert "Сбор данных без срока" in parts["## Без срока"]
    assert "None" not in text
    no_empty_headings(text)


def test_plan_summary_is_deterministic() -> None:
    plan = seed_plan()
    shuffled = list(plan.events)
    random.Random(7).shuffle(shuffled)
    other = dataclasses.replace(plan, events=tuple(shuffled))
    first = plan_summary(plan, KRASNOYARSK)
    assert plan_summary(plan, KRASNOYARSK) == first
    months = re.findall(r"^### .+$", plan_summary(other, KRASNOYARSK), re.MULTILINE)
    assert months == re.findall(r"^### .+$", first, re.MULTILINE)


# --- digests -------------------------------------------------------------------------------
def second_protocol() -> Protocol:
    return Protocol(
        path="Красноярск ГМО/Протокол №2 от 17.11.2021.md",
        identity="p2",
        association=KRASNOYARSK.id,
        date=dt.date(2021, 11, 17),
        number=2,
        topic="Практики | школьных библиотек",
        decisions=(
            Decision(
                1,
                "d1",
                "Обобщить опыт МБОУ СШ №56",
                due=due("10.12.2021"),
                responsible=("Лебедева О.Н.",),
            ),
            Decision(2, "d2", "Сдать протокол в МБУ КИМЦ", due=due("24.11.2021")),
            Decision(3, "d3", "Сдать протокол вовремя", due=due("21.11.2021")),
        ),
    )


def last_year_protocol() -> Protocol:
    return Protocol(
        path="Красноярск ГМО/Протокол №4 от 20.05.2021.md",
        identity="p0",
        association=KRASNOYARSK.id,
        date=dt.date(2021, 5, 20),
        number=4,
        decisions=(Decision(1, "d1", "Старый срок прошлого года", due=due("30.05.2021", 2020)),),
    )


HELD_BACK: dict[str, list[Problem]] = {
    "Красноярск ГМО/Протокол №3.md": [
        problem("Красноярск ГМО/Протокол №3.md", 4, "date", "schema.date", value="31.02.2022"),
    ],
}
TODAY = dt.date(2021, 11, 21)
LINKS = {
    "https": "https://cloud.school.ru/s/abc/gmo-krasnoyarsk.ics",
    "webcal": "webcal://cloud.school.ru/s/abc/gmo-krasnoyarsk.ics",
}


def digest_notes() -> list[Protocol | Plan]:
    return [seed_protocol(), second_protocol(), last_year_protocol(), seed_plan()]


def test_association_digest() -> None:
    text = association_digest(KRASNOYARSK, digest_notes(), HELD_BACK, TODAY, links=LINKS)
    assert text.startswith(f"# {KRASNOYARSK.name}\n\n_Обзор на 21 ноября 2021 г._\n")
    parts = sections(text)

    upcoming = parts["## Ближайшие мероприятия"]
    lines = [line for line in upcoming.splitlines() if line.startswith("- ")]
    assert lines == [
        "- **декабрь 2021 г. — март 2022 г.** — Марафон по формированию читательской "
        "грамотности (акция)",
        "- **10 января 2022 г.** — Семинар по наставничеству",
        "- **16 февраля 2022 г.** — Заседание ГМО №3",
    ]  # September and October are over

    deadlines = parts["## Открытые сроки"]
    lines = [line for line in deadlines.splitlines() if line.startswith("- ")]
    assert [line.split("** — ")[0] for line in lines] == [
        "- **до 27 сентября 2021 г., срок прошёл",
        "- **до 21 ноября 2021 г.",  # due today: still open
        "- **до 24 ноября 2021 г.",
        "- **до 10 декабря 2021 г.",
    ]
    assert "Старый срок прошлого года" not in text
    assert "ответственный: Лебедева О.Н." in deadlines
    assert "[протокол №1 от 22 сентября 2021 г.](Протокол%20№1%20от%2022.09.2021.md)" in deadlines
    assert "срок прошёл" in deadlines and "до конца учебного года" in deadlines

    meetings = parts["## Заседания в 2021/2022 учебном году"]
    assert "Проведено 2 заседания из 4 обязательных. Осталось провести 2 заседания." in meetings
    assert (
        "- **22 сентября 2021 г.** — [Протокол №1](Протокол%20№1%20от%2022.09.2021.md): "
        "Установочное совещание" in meetings
    )
    assert r"Практики \| школьных библиотек" in meetings
    assert "20 мая 2021" not in meetings
    assert "[План работы ГМО 2021-2022](План%20работы%20ГМО%202021-2022.md)" in meetings
    # The plan's meeting №1 has its minutes; №3 has not (the quarterly ones are no dates).
    planned = meetings.split("По плану, протоколов пока нет:\n", 1)[1]
    assert [line for line in planned.splitlines() if line.startswith("- ")] == [
        "- **16 февраля 2022 г.** — Заседание ГМО №3"
    ]

    year = parts["## В течение года"]
    assert "**раз в четверть** — Заседания ГМО" in year
    assert "**по планам работы РМО/ОМО** — Координационные совещания в районах" in year

    held = parts["## Не опубликовано из-за ошибок"]
    assert "- `Красноярск ГМО/Протокол №3.md`" in held
    assert "Красноярск ГМО/Протокол №3.md:4: date: «31.02.2022» — не дата" in held

    subscribe = parts["## Подписка на календарь"]
    assert f"- https: <{LINKS['https']}>" in subscribe
    assert f"- webcal: <{LINKS['webcal']}>" in subscribe
    assert "ICSx⁵" in subscribe and "iPhone" in subscribe
    assert "None" not in text
    no_empty_headings(text)


def test_association_digest_without_anything() -> None:
    empty = Association("rmo", "РМО Советского района", "РМО", "Asia/Krasnoyarsk")
    text = association_digest(empty, digest_notes(), {}, TODAY)
    assert "Проведено 0 заседаний." in text
    assert "Открытых сроков нет." in text
    assert "нет мероприятий с 21 ноября 2021 г." in text
    assert "План работы на 2021/2022 учебный год не опубликован." in text
    for absent in ("## В течение года", "## Не опубликовано", "## Подписка", "None"):
        assert absent not in text


@pytest.mark.parametrize(
    ("held", "required", "expected"),
    [
        (1, 4, "Проведено 1 заседание из 4 обязательных. Осталось провести 3 заседания."),
        (2, 4, "Проведено 2 заседания из 4 обязательных. Осталось провести 2 заседания."),
        (5, 4, "Проведено 5 заседаний из 4 обязательных. Обязательное число заседаний проведено."),
        (11, 21, "Проведено 11 заседаний из 21 обязательного. Осталось провести 10 заседаний."),
        (21, 25, "Проведено 21 заседание из 25 обязательных. Осталось провести 4 заседания."),
        (1, 1, "Проведено 1 заседание из 1 обязательного."),
        (5, None, "Проведено 5 заседаний."),
        (21, None, "Проведено 21 заседание."),
    ],
)
def test_meetings_held_against_required(held: int, required: int | None, expected: str) -> None:
    association = Association("a", "Объединение", "РМО", "Europe/Moscow", required)
    notes: list[Protocol | Plan] = [
        Protocol(
            path=f"a/{i}.md",
            identity=str(i),
            association="a",
            date=dt.date(2021, 9, 1) + dt.timedelta(days=i),
            number=i + 1,
        )
        for i in range(held)
    ]
    notes.append(
        Protocol(
            path="a/future.md",
            identity="f",
            association="a",
            date=dt.date(2022, 7, 1),
            topic="Будущее",
        )
    )
    text = association_digest(association, notes, {}, dt.date(2022, 6, 1))
    assert expected in text
    assert "**1 июля 2022 г.** — [протокол от 1 июля 2022 г.](future.md): Будущее" in text
    cell = f"{held} из {required}" if required is not None else str(held)
    overall = overall_digest({"a": association}, notes, {}, dt.date(2022, 6, 1))
    assert f"| РМО | {cell} |" in overall


def test_overall_digest() -> None:
    other = Association("gmo-nsk", "ГМО | Новосибирск", "ГМО", "Asia/Novosibirsk")
    nsk_plan = Plan(
        path="Новосибирск ГМО/План.md",
        identity="nsk",
        association="gmo-nsk",
        academic_year=2021,
        events=(event(1, "Семинар | практикум *онлайн*", "декабрь", "семинар"),),
    )
    held_back = {
        **HELD_BACK,
        "Прочее/Без объединения.md": [
            problem(
                "Прочее/Без объединения.md",
                2,
                "association",
                "note.unknown_association",
                name="xxx",
                known="gmo-krasnoyarsk",
            )
        ],
    }
    associations = {"gmo-nsk": other, KRASNOYARSK.id: KRASNOYARSK}
    notes = [*digest_notes(), nsk_plan]
    text = overall_digest(
        associations,
        notes,
        held_back,
        TODAY,
        links={"all": {"https": "https://x.ru/all.ics"}, KRASNOYARSK.id: LINKS},
    )
    table = [line for line in text.splitlines() if line.startswith("|")]
    assert len(table) == 4
    for row in table:  # every row has 6 cells: escaped pipes do not split cells
        assert len(re.findall(r"(?<!\\)\|", row)) == 7, row
    # sorted by name: "ГМО | ..." before "Городское ..."
    assert table[3].startswith(f"| [{KRASNOYARSK.name}](gmo-krasnoyarsk/) | ГМО | 2 из 4 | 3 | ")
    assert table[3].endswith("| 1 |")  # its held-back note, found by its folder
    assert table[2].startswith(
        r"| [ГМО \| Новосибирск](gmo-nsk/) | ГМО | 0 | 0 | "
        + r"декабрь 2021 г. (дата уточняется) — Семинар \| практикум "
        + r"\*онлайн\* | 0 |"
    )
    parts = sections(text)
    assert r"— _ГМО \| Новосибирск_" in parts["## Ближайшие мероприятия"]
    deadlines = parts["## Открытые сроки"]
    assert "(gmo-krasnoyarsk/Протокол%20№1%20от%2022.09.2021.md)" in deadlines
    held = parts["## Не опубликовано из-за ошибок"]
    assert "`Прочее/Без объединения.md`" in held and "«xxx» не описано" in held
    assert "`Красноярск ГМО/Протокол №3.md`" in held
    subscribe = parts["## Подписка на календари"]
    assert subscribe.index("Все объединения") < subscribe.index(KRASNOYARSK.name)
    assert "None" not in text
    no_empty_headings(text)


def test_held_back_by_association() -> None:
    held_back = {**HELD_BACK, "Прочее/x.md": [], "Новое/y.md": []}
    grouped = held_back_by_association(digest_notes(), held_back, {"Новое/y.md": "rmo"})
    assert sorted(grouped[KRASNOYARSK.id]) == ["Красноярск ГМО/Протокол №3.md"]
    assert sorted(grouped[""]) == ["Прочее/x.md"]
    assert sorted(grouped["rmo"]) == ["Новое/y.md"]


def test_digests_are_deterministic() -> None:
    notes = digest_notes()
    shuffled = list(reversed(notes))
    first = association_digest(KRASNOYARSK, notes, HELD_BACK, TODAY, links=LINKS)
    assert association_digest(KRASNOYARSK, notes, HELD_BACK, TODAY, links=LINKS) == first
    assert association_digest(KRASNOYARSK, shuffled, HELD_BACK, TODAY, links=LINKS) == first
    everything = overall_digest({KRASNOYARSK.id: KRASNOYARSK}, notes, HELD_BACK, TODAY)
    assert overall_digest({KRASNOYARSK.id: KRASNOYARSK}, shuffled, HELD_BACK, TODAY) == everything


# --- English -------------------------------------------------------------------------------
def test_english_has_no_russian_fixed_words() -> None:
    """With user text in Latin letters, English output has no Cyrillic at all."""
    association = Association(
        "gmo", "City association of school librarians", "GMO", "Europe/Moscow", 4
    )
    proto = Protocol(
        path="gmo/minutes-1.md",
        identity="m1",
        association="gmo",
        date=dt.date(2021, 9, 22),
        number=1,
        time=dt.time(14, 0),
        format="hybrid",
        place="School 56",
        topic="Kick-off",
        goal="Plan the year",
        chair=("Smith J.",),
        secretary=("Brown A.", "Green B."),
        attendance=Attendance(29, ("Smith J.",), ("librarians",)),
        agenda=(AgendaItem("Tasks", ("Smith J.",), "Talked about tasks"),),
        decisions=(
            Decision(
                1,
                "d1",
                "Publish the plan",
                due=due("27.09.2021"),
                responsible=("Smith J.",),
                vote=Vote(29, 0, 0),
                item=1,
            ),
        ),
        attachments=("plan.pdf",),
        plan_links=("[[plan-2021]]",),
    )
    reference = When(Precision.REFERENCE, None, None, reference="per district plans")
    plan = Plan(
        path="gmo/plan-2021.md",
        identity="plan",
        association="gmo",
        academic_year=2021,
        city_theme="Quality",
        theme="Reading",
        goal="Grow",
        tasks=("One",),
        expected_results=("Two",),
        approved_by="Director",
        approved_on="2021-09-01",
        leader=("Smith J.",),
        coordinator=("Brown A.",),
        methodologist=("Green B.",),
        events=(
            event(1, "Seminar", "22.09.2021", "seminar", place="online"),
            event(2, "Workshop", "ноябрь", "workshop"),
            event(3, "Marathon", "декабрь - март", "campaign"),
            event(4, "Reading", "в течение года", "work"),
            event(5, "Meetings", "1 раз в четверть", "meeting"),
            PlannedEvent(
                6, "e6", "Consultations", "consultation", (reference,), "per district plans"
            ),
            event(7, "Undated", "", "task"),
        ),
    )
    notes: list[Protocol | Plan] = [proto, plan]
    held = {"gmo/bad.md": [problem("gmo/bad.md", 3, "date", "schema.date", value="x")]}
    links = {"https": "https://x.org/gmo.ics"}
    texts = [
        protocol_summary(proto, association, "en"),
        plan_summary(plan, association, "en"),
        association_digest(association, notes, held, dt.date(2021, 9, 25), "en", links),
        overall_digest(
            {"gmo": association},
            notes,
            held,
            dt.date(2021, 9, 25),
            "en",
            {"all": links, "deadlines": links, "gmo": links},
        ),
    ]
    for text in texts:
        assert not CYRILLIC.search(text), CYRILLIC.findall(text)
        assert "None" not in text
    assert "Minutes No. 1 of the GMO meeting of 22 September 2021" in texts[0]
    assert "by 27 September 2021" in texts[0] and "for: 29, against: 0, abstained: 0" in texts[0]
    assert "### September 2021" in texts[1] and "date to be confirmed" in texts[1]
    assert "Held 1 of 4 required meetings. 3 more meetings to hold." in texts[2]


def test_catalogue_is_complete() -> None:
    for code, texts in MESSAGES.items():
        assert set(texts) == {"ru", "en"}, code
        assert not CYRILLIC.search(texts["en"]), code
        if code.startswith("unit."):
            assert texts["ru"].count("|") == texts["en"].count("|") == 2, code


# --- the example vault ---------------------------------------------------------------------
def test_example_vault_renders() -> None:
    vault = ROOT / "examples" / "vault"
    if not vault.is_dir():
        pytest.skip("examples/vault is not there yet")
    from vault_sync.cli.commands import check_vault
    from vault_sync.config import load_config
    from vault_sync.render.layout import summary_path

    result = check_vault(load_config(vault))
    assert result.notes
    paths = {n.path: summary_path(n.association, n.path) for n in result.notes}
    grouped = held_back_by_association(result.notes, result.held_back)
    for lang in ("ru", "en"):
        for note in result.notes:
            association = result.associations[note.association]
            if isinstance(note, Protocol):
                text = protocol_summary(note, association, lang, paths)
            else:
                text = plan_summary(note, association, lang)
            assert text.strip() and "None" not in text
        for today in (dt.date(2021, 11, 21), dt.date(2024, 10, 1)):
            for association in result.associations.values():
                text = association_digest(
                    association,
                    result.notes,
                    grouped.get(association.id, {}),
                    today,
                    lang,
                    {"https": "https://x.org/a.ics"},
                    paths,
                )
                assert text.startswith("# ") and "None" not in text
            text = overall_digest(
                result.associations,
                result.notes,
                result.held_back,
                today,
                lang,
                summary_paths=paths,
            )
            assert text.startswith("# ") and "None" not in text


@given(st.text(alphabet=' %#?()<>[]\\"|`^{}abcАБВ/.-_\t\n\x01\u00a0\u2003№«»', max_size=16))
def test_md_url_encodes_exactly_the_unsafe_characters(target: str) -> None:
    from urllib.parse import quote

    from vault_sync.render.summaries import md_url

    unsafe = set(' %#?()<>[]\\"|`^{}')
    expected = "".join(
        quote(ch, safe="") if ch in unsafe or ch.isspace() or ord(ch) < 32 else ch for ch in target
    )
    assert md_url(target) == expected
