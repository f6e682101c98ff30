"""``vault-sync import`` on three real documents (text exports, in tests/data/import).

The expected values below were read off the documents by hand (and match the notes
written by hand in examples/vault/): dates, numbers, how many agenda items and
decisions, every deadline, and the month and year of every planned activity.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from harness import run_cli

from vault_sync.cli.commands import check_vault
from vault_sync.config import load_config
from vault_sync.importer import Imported, import_file
from vault_sync.notes import yaml_reader
from vault_sync.notes.check import check_files
from vault_sync.notes.when import Precision, parse_when

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "vault"
DATA = ROOT / "tests" / "data" / "import"  # byte for byte as the documents were exported
PROTOCOL = DATA / "protocol_krasnoyarsk_gmo_2021.txt"
NOVOSIBIRSK = DATA / "plan_novosibirsk_gmo_2021-2022.txt"
SERPUKHOV = DATA / "plan_serpukhov_mmo_2024-2025.txt"


@pytest.fixture(scope="module")
def associations() -> Any:
    return check_vault(load_config(EXAMPLES), keep_notes=False).associations


def test_the_copies_are_the_seeds() -> None:
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("shared/seeds/ is not beside the repository")
    for seed in (PROTOCOL, NOVOSIBIRSK, SERPUKHOV):
        assert seed.read_bytes() == (shared / seed.name).read_bytes()


def imported(path: Path, associations: Any) -> Imported:
    return import_file(path, associations)


def span(text: str, academic_year: int) -> str:
    """A "when" as a short string: "2021-10", "2021-12..2022-03", "year", "quarterly"."""
    parts = []
    for when in parse_when(text, academic_year):
        if when.precision is Precision.MONTH:
            assert when.start is not None
            parts.append(f"{when.start:%Y-%m}")
        elif when.precision is Precision.RANGE:
            assert when.start is not None and when.end is not None
            parts.append(f"{when.start:%Y-%m}..{when.end:%Y-%m}")
        elif when.precision is Precision.YEAR:
            assert when.start == dt.date(academic_year, 9, 1)
            parts.append("year")
        elif when.precision is Precision.RECURRING:
            parts.append(str(when.recurrence))
        elif when.precision is Precision.REFERENCE:
            parts.append("reference")
        else:
            assert when.start is not None
            parts.append(when.start.isoformat())
    return " + ".join(parts)


def passes_check(note: Imported, associations: Any) -> None:
    data = note.text.encode("utf-8")
    result = check_files([(note.file_name, data, len(data))], associations)
    assert result.problems == [] and result.valid == 1


def body_of(note: Imported) -> str:
    return note.text.split("\n---\n", 1)[1]


def words(text: str) -> list[str]:
    return text.replace("**", "").split()


# --- the Krasnoyarsk protocol --------------------------------------------------------------


def test_krasnoyarsk_protocol_header(associations: Any) -> None:
    note = imported(PROTOCOL, associations)
    fm = note.frontmatter
    assert note.note_type == "protocol" and fm["type"] == "protocol"
    assert fm["association"] == "gmo-krasnoyarsk"  # "г. Красноярска" + "городского ... объединения"
    assert note.guess is not None and "Красноярска" in note.guess.words
    assert fm["number"] == 1
    assert fm["date"] == "2021-09-22"  # "Дата проведения: 22.09.2021г."
    assert fm["time"] == "14:00"  # "Время проведения: 14-00 (онлайн)"
    assert fm["format"] == "онлайн"
    assert fm["topic"] == (
        "Установочное совещание. Итоги года. Приоритеты деятельности библиотечного "
        "сообщества города на 2021-2022 годы"
    )
    assert fm["goal"].startswith("Планирование деятельности ГМО библиотечных работников на 21-2022")
    assert fm["chair"] == ["Замятина Е.Д.", "Попыхова Т.Ю."]
    assert "secretary" not in fm  # the document names none
    assert fm["attendance"] == {
        "categories": [
            "библиотекари",
            "педагоги-библиотекари",
            "заведующие библиотекой",
            "сотрудники городских детских библиотек",
        ]
    }
    assert note.file_name == "Протокол №1 от 22.09.2021.md"


def test_krasnoyarsk_protocol_agenda_and_decisions(associations: Any) -> None:
    fm = imported(PROTOCOL, associations).frontmatter
    agenda = fm["agenda"]
    assert len(agenda) == 3  # three people spoke; the other numbered lines belong to the first
    assert [item["speakers"] for item in agenda] == [
        "Замятина Елена Дмитриевна (методист МБУ КИМЦ)",
        "Попыхова Т.Ю.",
        "Черемных Ольга Григорьевна (педагог-библиотекарь МБОУ СШ №56)",
    ]
    assert "397-11-05" in agenda[0]["summary"]  # the order she introduced
    assert "Новым ФГОСам" in agenda[0]["summary"]
    assert agenda[1]["title"] == "Представила план работы ГМО на 21-22 уч.год"
    assert "Web 2.0" in agenda[2]["summary"]
    decisions = fm["decisions"]
    assert len(decisions) == 4
    assert decisions[0] == "Утвердить план работы ГМО библиотечных работников."
    assert (
        decisions[1] == "Скорректировать даты проведения городских мероприятий от каждого района."
    )
    assert decisions[2].startswith("Принять участие в Марафоне по формированию читательской")
    assert decisions[3] == {
        "text": "Выставить материалы планирования работы ГМО и РМО на сайт КИМЦ",
        "due": "27.09.2021",
    }
    (due,) = parse_when(decisions[3]["due"], 2021)
    assert (due.precision, due.start) == (Precision.DAY, dt.date(2021, 9, 27))
    assert fm["attachments"] == ["План"]  # "( план прилагаю)"


def test_krasnoyarsk_protocol_note_passes_check_and_keeps_the_text(associations: Any) -> None:
    note = imported(PROTOCOL, associations)
    passes_check(note, associations)
    assert note.unrecognised == () and "x-unrecognised" not in note.frontmatter
    body = body_of(note)
    assert "[bookmark" not in body and "_GoBack" not in body
    source = PROTOCOL.read_text(encoding="utf-8").replace("[bookmark: _GoBack]", "")
    assert words(body) == words(source)  # every word, in order
    assert note.frontmatter["x-source"] == PROTOCOL.name


# --- the Novosibirsk plan ------------------------------------------------------------------

NOVOSIBIRSK_EVENTS = [  # number, start of the title, when as written, its span
    ("1.1", "Заседания ГМО", "1 раз в четверть", "quarterly"),
    ("1.2", "Координационные совещания", "по планам работы РМО/ОМО", "reference"),
    ("2.1.1", "Обсуждение «Стратегии", "октябрь", "2021-10"),
    ("2.1.2", "Изучение и обсуждение", "в течении года", "year"),
    ("2.2.1", "Создание Google презентация", "октябрь-декабрь", "2021-10..2021-12"),
    ("2.3", "Сбор данных", "в течении года", "year"),
    ("3.1.1", "Мастер-классы по созданию", "декабрь - март", "2021-12..2022-03"),
    ("3.1.2", "Круглый стол", "февраль", "2022-02"),
    ("3.1.3", "«Функциональная грамотность", "ноябрь", "2021-11"),
    ("3.2.1", "Использование цифровых", "в течение года", "year"),
    ("3.4.1", "Семинар «Совершенствование", "апрель", "2022-04"),
    ("3.4.2", "Знакомство педагогов", "в течение года", "year"),
    (None, "Семинар «Электронные каталоги", "ноябрь", "2021-11"),
    (None, "Мастер-класс «Использование Google форм", "январь", "2022-01"),
    (None, "Обсуждение критериев", "апрель", "2022-04"),
    ("4.1", "Работа по вопросам аттестации", "в течение года", "year"),
    ("4.2", "Участие в вебинарах", "в течение года", "year"),
]


def test_novosibirsk_plan_header(associations: Any) -> None:
    note = imported(NOVOSIBIRSK, associations)
    fm = note.frontmatter
    assert (fm["type"], fm["association"]) == ("plan", "gmo-novosibirsk")
    assert fm["academic_year"] == "2021/2022"  # "на 2021/ 2022 учебный год"
    assert (
        fm["city_theme"] == "Качество реализации образовательных программ: от процесса к результату"
    )
    assert fm["theme"] == (
        "Профессиональная компетентность педагога-библиотекаря – ресурс эффективной работы "
        "школьной библиотеки"
    )
    assert fm["goal"] == "Развитие профессиональной компетентности педагогов-библиотекарей"
    assert fm["tasks"] == [
        "Нормативно-правовое обеспечение деятельности педагогов-библиотекарей",
        "Выявление, обобщение и распространение передового опыта педагогов-библиотекарей",
    ]
    assert fm["expected_results"] == [
        "Повышение профессиональной компетентности педагогов-библиотекарей"
    ]
    assert fm["leader"] == "Данилова Е.А."  # "Руководитель ГМО ... Е.А. Данилова"
    assert fm["coordinator"] == "Бежецких Ю.В."
    assert note.file_name == "План работы ГМО 2021-2022.md"


def test_novosibirsk_plan_every_event_and_its_month(associations: Any) -> None:
    events = imported(NOVOSIBIRSK, associations).frontmatter["events"]
    assert len(events) == len(NOVOSIBIRSK_EVENTS) == 17  # rows "2.1", "3.1" … only group rows
    for event, (number, title, when, expected) in zip(events, NOVOSIBIRSK_EVENTS, strict=True):
        assert event.get("number") == number, event
        assert event["title"].startswith(title), event
        assert event["when"] == when
        assert span(event["when"], 2021) == expected, event["title"]


def test_novosibirsk_plan_event_fields(associations: Any) -> None:
    events = imported(NOVOSIBIRSK, associations).frontmatter["events"]
    first = events[0]
    assert first == {
        "number": "1.1",
        "title": "Заседания ГМО",
        "kind": "заседание",
        "participants": "члены ГМО",
        "when": "1 раз в четверть",
        "place": "МКУДПО «ГЦРО», МБОУ Лицей №130",
        "responsible": ["Бежецких Ю.В.", "Данилова Е.А."],
        "expected_result": "составление плана работы ГМО",
        "section": "I. Организационная деятельность",
    }
    by_number = {e.get("number"): e for e in events}
    assert by_number["2.1.1"]["participants"] == ["члены ГМО", "педагоги-библиотекари"]
    assert by_number["2.1.1"]["expected_result"] == (
        "корректировка профессиональной деятельности ГМО педагогов-библиотекарей"
    )  # a cell over two lines
    assert "place" not in by_number["2.3"]  # its place cell is empty
    assert by_number["3.1.1"]["kind"] == "мастер-класс"
    assert by_number["3.1.2"]["kind"] == "круглый стол"
    assert "kind" not in by_number["3.1.3"]  # a quoted title names no kind
    assert by_number["3.4.1"]["responsible"] == ["Мухадинова О.В.", "Курило В.Я."]
    assert by_number["3.4.1"]["place"] == "СОШ №217"
    assert by_number["4.2"]["participants"] == [
        "Общероссийские",
        "ГБОУ ДПО НСО «ОблЦИТ»",
        "члены ГМО",
        "педагоги-библиотекари",
    ]
    sections = [e["section"] for e in events]
    assert sections.count("I. Организационная деятельность") == 2
    assert sections.count("II. Информационно-аналитическая деятельность") == 4
    assert sections.count("«Учитель будущего»") == 6
    assert sections.count("«Цифровая образовательная среда»") == 3
    assert sections.count("IV. Взаимодействие с партнёрами") == 2


def test_novosibirsk_plan_passes_check(associations: Any) -> None:
    note = imported(NOVOSIBIRSK, associations)
    passes_check(note, associations)
    assert note.unrecognised == ()
    body = body_of(note)
    assert "| 2.1.1 | Обсуждение «Стратегии развития библиотечного дела" in body  # a table
    assert "[bookmark" not in body
    source = NOVOSIBIRSK.read_text(encoding="utf-8").replace("[bookmark: _GoBack]", "")
    assert set(words(source)) <= set(body.replace("<br>", " ").split())  # no text is lost


# --- the Serpukhov plan --------------------------------------------------------------------

SERPUKHOV_WHENS = [
    ("Формирование пакета документов", "2024-09 + year"),  # "Сентябрь, в течение года"
    ("Планирование деятельности", "2024-09"),
    ("Участие в творческой группе", "year"),
    ("Празднование международного дня", "2024-10"),
    ("Круглый стол", "2024-12"),
    ("Ярмарка библиотечных идей", "2024-12"),
    ("Семинар «Алгоритм заказа", "2024-12"),
    ("Муниципальный семинар", "2025-04"),
    ("Обмен опытом", "2025-04"),
    ("Участие в вебинарах", "year"),
    ("Обеспечение индивидуального консультирования", "year"),
    ("Информационно-методическое сопровождение", "year"),
    ("Подготовка материалов", "year"),
    ("Мониторинг обеспеченности", "2024-09"),
    ("Организация и участие", "year"),
    ("Подготовка аналитической информации", "year"),
    ("Анализ результатов деятельности", "2025-05"),  # "май" of 2024/2025
]


def test_serpukhov_plan(associations: Any) -> None:
    note = imported(SERPUKHOV, associations)
    fm = note.frontmatter
    assert (fm["type"], fm["association"]) == ("plan", "mmo-serpukhov")
    assert fm["academic_year"] == "2024/2025"
    assert fm["approved_by"] == "директор МОУ ДПО УМЦ Г.В. Венкова"  # "УТВЕРЖДАЮ ..."
    assert fm["approved_on"] == "2024"  # "2024 г."
    assert fm["theme"].startswith("Развитие творческой инициативы библиотечных работников")
    assert fm["goal"].endswith("городского округа Серпухов")
    assert len(fm["tasks"]) == 5
    assert (
        fm["tasks"][3]
        == "Формирование функциональной грамотности на основе ресурсов школьных библиотек"
    )
    assert fm["leader"] == "Никитенко Т.Г."  # roles and names on lines of their own
    assert fm["methodologist"] == "Леонтьева Э.В."
    events = fm["events"]
    assert len(events) == len(SERPUKHOV_WHENS) == 17
    for event, (title, expected) in zip(events, SERPUKHOV_WHENS, strict=True):
        assert event["title"].startswith(title)
        assert span(event["when"], 2024) == expected, event["title"]
    assert events[0]["when"] == "Сентябрь, в течение года"
    assert events[0]["responsible"] == ["Методист", "руководитель ММО", "члены ММО"]
    assert (
        events[0]["section"]
        == "Мероприятия по нормативно-правовому обеспечению функционирования ММО"
    )
    assert events[-1]["section"] == "Информационно-аналитическая деятельность"
    assert [e.get("kind") for e in events[3:9]] == [
        "семинар",
        "круглый стол",
        "ярмарка идей",
        "семинар",
        "семинар",
        "обмен опытом",
    ]
    passes_check(note, associations)
    assert note.unrecognised == ()
    assert note.file_name == "План работы ММО 2024-2025.md"


def test_frontmatter_reads_back_exactly(associations: Any) -> None:
    for seed in (PROTOCOL, NOVOSIBIRSK, SERPUKHOV):
        note = imported(seed, associations)
        yaml_text = note.text.split("---\n", 2)[1]
        assert yaml_reader.load(yaml_text).data == note.frontmatter


# --- the command ---------------------------------------------------------------------------


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd)


def vault_copy(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    vault.mkdir()
    shutil.copy(EXAMPLES / "vault-sync.toml", vault)
    return vault


def test_import_command_writes_notes_that_check_accepts(tmp_path: Path) -> None:
    vault = vault_copy(tmp_path)
    result = run("import", "--into", str(vault), str(PROTOCOL), str(NOVOSIBIRSK), str(SERPUKHOV))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        "protocol_krasnoyarsk_gmo_2021.txt → Протокол №1 от 22.09.2021.md (протокол, "
        "объединение gmo-krasnoyarsk — по словам «Красноярска», «ГМО»)" in result.stdout
    )
    assert "План работы ГМО 2021-2022.md" in result.stdout
    assert "Документов: 3; записано заметок: 3; с нераспознанным: 0." in result.stderr
    names = sorted(p.name for p in vault.glob("*.md"))
    assert names == ["План работы ГМО 2021-2022.md", "План работы ММО 2024-2025.md",
                     "Протокол №1 от 22.09.2021.md"]  # fmt: skip
    checked = check_vault(load_config(vault))
    assert checked.problems == [] and checked.valid == 3
    assert run("check", str(vault)).returncode == 0


def test_an_existing_note_is_never_overwritten(tmp_path: Path) -> None:
    vault = vault_copy(tmp_path)
    mine = vault / "Протокол №1 от 22.09.2021.md"
    mine.write_text("my own note\n", encoding="utf-8")
    result = run("import", "--into", str(vault), str(PROTOCOL))
    assert result.returncode == 0
    assert mine.read_text(encoding="utf-8") == "my own note\n"
    assert "→ Протокол №1 от 22.09.2021 (2).md" in result.stdout
    again = run("import", "--into", str(vault), str(PROTOCOL))
    assert "→ Протокол №1 от 22.09.2021 (3).md" in again.stdout
    second = (vault / "Протокол №1 от 22.09.2021 (2).md").read_text(encoding="utf-8")
    assert second == (vault / "Протокол №1 от 22.09.2021 (3).md").read_text(encoding="utf-8")


def test_import_in_english(tmp_path: Path) -> None:
    vault = vault_copy(tmp_path)
    result = run("import", "--lang", "en", "--into", str(vault), str(SERPUKHOV))
    assert "(work plan, association mmo-serpukhov, by the words “Серпухов”, “ММО”)" in result.stdout
    assert "Documents: 1; notes written: 1" in result.stderr
