"""What a schema cannot see: dates in context, associations, consistency between fields."""

from __future__ import annotations

from datetime import date

import pytest

from vault_sync.i18n import format_problem
from vault_sync.notes.check import CheckResult, check_files
from vault_sync.notes.model import Association, Protocol
from vault_sync.notes.typed import guess_kind

KRASNOYARSK = {"gmo": Association("gmo", "ГМО Красноярска", "ГМО", "Asia/Krasnoyarsk", 4)}


def check(*notes: tuple[str, str]) -> CheckResult:
    files = [(path, text.encode(), len(text.encode())) for path, text in notes]
    return check_files(files, KRASNOYARSK)


def protocol(*lines: str, when: str = "2022-05-20") -> str:
    return "\n".join(
        ["---", "type: protocol", "association: gmo", f"date: {when}", *lines, "---", ""]
    )


def codes(result: CheckResult) -> list[str]:
    return sorted(p.code for p in result.problems)


def test_deadline_without_a_year_is_the_next_such_day_after_the_meeting() -> None:
    result = check(
        ("p.md", protocol("decisions:", "  - text: Сдать отчёт", "    due: до 1 сентября"))
    )
    assert codes(result) == []
    note = result.notes[0]
    assert isinstance(note, Protocol) and note.decisions[0].due is not None
    assert note.decisions[0].due.start == date(2022, 9, 1)


def test_deadline_with_a_year_before_the_meeting_is_a_warning() -> None:
    result = check(("p.md", protocol("decisions:", "  - text: Сдать", "    due: 01.05.2022")))
    assert codes(result) == ["note.due_before_meeting"] and result.notes


def test_a_wrong_meeting_date_is_reported_once_not_on_every_deadline() -> None:
    result = check(
        (
            "p.md",
            protocol("decisions:", "  - text: Сдать", "    due: 10 декабря", when="17.11.2021"),
        )
    )
    assert codes(result) == ["schema.date_suggest"]


def test_a_wrong_academic_year_is_reported_once() -> None:
    text = (
        "---\ntype: plan\nassociation: gmo\nacademic_year: 2021\nevents:\n"
        "  - title: Семинар\n    when: ноябрь\n---\n"
    )
    assert codes(check(("plan.md", text))) == ["schema.academic_year"]


def test_an_invalid_association_code_is_reported_once() -> None:
    text = "---\ntype: protocol\nassociation: ГМО\ndate: 2021-09-22\n---\n"
    assert codes(check(("p.md", text))) == ["schema.slug"]


def test_protocol_of_an_association_whose_note_is_invalid_points_at_that_note() -> None:
    association = (
        "---\ntype: association\nid: rmo-sov\nname: РМО\ntimezone: Asia/Krasnoyarskk\n---\n"
    )
    minutes = "---\ntype: protocol\nassociation: rmo-sov\ndate: 2021-10-05\n---\n"
    result = check(("Объединения/РМО.md", association), ("p.md", minutes))
    assert codes(result) == ["note.association_held_back", "note.bad_timezone"]
    message = format_problem(next(p for p in result.problems if p.path == "p.md"), "ru")
    assert "Объединения/РМО.md" in message
    timezone = format_problem(next(p for p in result.problems if p.path != "p.md"), "ru")
    assert "««" not in timezone and "«Asia/Krasnoyarskk»" in timezone


def test_association_described_in_a_note_is_known_to_notes_read_before_it() -> None:
    minutes = "---\ntype: protocol\nassociation: rmo-sov\ndate: 2021-10-05\n---\n"
    association = "---\ntype: association\nid: rmo-sov\nname: РМО\ntimezone: Asia/Irkutsk\n---\n"
    result = check(("a.md", minutes), ("z.md", association))
    assert codes(result) == [] and result.associations["rmo-sov"].timezone == "Asia/Irkutsk"


@pytest.mark.parametrize(
    ("lines", "code"),
    [
        (
            ["agenda: [Первый вопрос]", "decisions:", "  - text: Решили", "    item: 3"],
            "note.item_missing",
        ),
        (
            ["attendance:", "  count: 1", "  names: [Иванова А.С., Петрова Б.В.]"],
            "note.fewer_present",
        ),
        (
            [
                "attendance: {count: 5}",
                "decisions:",
                "  - text: Решили",
                "    vote: {for: 5, against: 1}",
            ],
            "note.vote_count",
        ),
    ],
)
def test_fields_that_disagree_are_warned_about(lines: list[str], code: str) -> None:
    result = check(("p.md", protocol(*lines)))
    assert codes(result) == [code] and result.notes  # a warning does not hold the note back


def plan(*event: str) -> str:
    return "\n".join(
        [
            "---",
            "type: plan",
            "association: gmo",
            "academic_year: 2021/2022",
            "events:",
            "  - title: Семинар",
            *event,
            "---",
            "",
        ]
    )


def test_two_different_times_for_one_event_are_an_error() -> None:
    result = check(("plan.md", plan("    when: 20.10.2021 14:00", '    time: "16:00"')))
    assert codes(result) == ["note.time_conflict"] and not result.notes


def test_a_time_on_an_event_known_only_to_the_month_is_a_warning() -> None:
    result = check(("plan.md", plan("    when: март", '    time: "14:00"')))
    assert codes(result) == ["note.time_without_day"] and result.notes


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Семинар «Электронные каталоги»", "семинар"),
        ("Муниципальный семинар «Школьная библиотека»", "семинар"),
        ("Круглый стол «Обсуждение профессиональных компетенций»", "круглый стол"),
        ("Мастер-классы по созданию виртуальных плакатов", "мастер-класс"),
        ("1.1 Заседания ГМО:", "заседание"),
        ("Обмен опытом. Мастер-класс «Школа, семья и библиотека»", "обмен опытом"),
        ("Участие в вебинарах, дистанционных курсах, мастер-классах", "мероприятие"),
        ("Подготовка аналитической информации по итогам проведения конкурсов", "мероприятие"),
        ("Формирование пакета документов: программы методических семинаров", "мероприятие"),
        ("Конкурс «Лучший буктрейлер»", "конкурс"),
        ("Знакомство с работой базовой площадки", "мероприятие"),
    ],
)
def test_kind_is_the_activity_the_title_names_first(title: str, kind: str) -> None:
    assert guess_kind(title) == kind


def test_an_association_note_cannot_take_a_common_feed_name() -> None:
    text = "---\ntype: association\nid: deadlines\nname: РМО\ntimezone: Asia/Irkutsk\n---\n"
    result = check(("a.md", text))
    assert codes(result) == ["note.reserved_id"] and "deadlines" not in result.associations


def test_two_notes_with_one_id_hold_back_the_second() -> None:
    first = protocol("id: gmo-2021-1", when="2021-09-22")
    second = protocol("id: gmo-2021-1", when="2021-11-17")
    result = check(("a.md", first), ("b.md", second))
    assert codes(result) == ["note.duplicate_id"] and list(result.held_back) == ["b.md"]
    assert "a.md" in format_problem(result.problems[0], "ru")


def test_events_and_decisions_with_one_id_are_an_error() -> None:
    text = plan(
        "    when: октябрь",
        "    id: seminar",
        "  - title: Круглый стол",
        "    when: ноябрь",
        "    id: seminar",
    )
    assert codes(check(("plan.md", text))) == ["note.duplicate_key"]
    minutes = protocol("decisions:", "  - text: Первое", "  - text: Второе", "    id: d1")
    assert codes(check(("p.md", minutes))) == ["note.duplicate_key"]
