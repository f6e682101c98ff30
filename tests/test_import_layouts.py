"""Documents laid out otherwise than the three real ones: they import, and say what they missed.

tests/data/import/ holds small made-up documents in layouts met in real minutes and plans:
"СЛУШАЛИ: / РЕШИЛИ:" blocks with "Голосовали" lines, a protocol with a final list of
decisions after the blocks, a plan as a numbered list under month headings, a plan table
with other columns. People, schools and dates in them are invented.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from harness import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from vault_sync.cli.commands import check_vault
from vault_sync.config import load_config
from vault_sync.importer import Document, Imported, convert, describe, import_file
from vault_sync.importer.document import Line
from vault_sync.importer.text_tables import lines_from_text
from vault_sync.notes.check import check_files
from vault_sync.notes.source import parse_text
from vault_sync.notes.when import Precision, parse_when

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "vault"
DATA = ROOT / "tests" / "data" / "import"
BLOCKS = DATA / "protocol_slushali_reshili.txt"
SHORT = DATA / "protocol_rmo_short.txt"
LIST_PLAN = DATA / "plan_numbered_list.txt"
OTHER_TABLE = DATA / "plan_table_other_columns.txt"


@pytest.fixture(scope="module")
def associations() -> Any:
    return check_vault(load_config(EXAMPLES), keep_notes=False).associations


def missed(note: Imported) -> list[tuple[str, int | None]]:
    return [(item.code, item.line) for item in note.unrecognised]


def check_problems(note: Imported, associations: Any) -> list[str]:
    data = note.text.encode("utf-8")
    result = check_files([(note.file_name, data, len(data))], associations)
    return [p.code for p in result.problems]


def test_slushali_reshili_blocks(associations: Any) -> None:
    note = import_file(BLOCKS, associations)
    fm = note.frontmatter
    assert fm["association"] == "rmo-sovetsky"  # "районного ..." + "Советского района"
    assert (fm["number"], fm["date"], fm["time"]) == (3, "2022-03-14", "15:00")  # "15.00"
    assert (fm["format"], fm["place"]) == ("очно", "МАОУ СШ №151, библиотека")
    assert (fm["chair"], fm["secretary"]) == ("Кузнецова И.В.", "Полякова А.С.")
    assert fm["attendance"] == {
        "count": 12,
        "names": ["Алексеева М.В.", "Борисова Г.Н.", "Воробьёва Е.С.", "Гусева Т.В."],
    }
    agenda = fm["agenda"]
    assert [item["title"] for item in agenda] == [
        "О подготовке к районному конкурсу чтецов «Живая классика»",
        "Об участии в неделе детской книги",
        "Разное",
    ]
    assert agenda[0]["speakers"] == "Кузнецову И.В."  # as written: names are not declined
    assert agenda[1]["speakers"] == ["Макарову О.А.", "Борисова Г.Н."]  # and "ВЫСТУПИЛИ"
    decisions = fm["decisions"]
    assert len(decisions) == 4
    assert decisions[0] == {
        "text": "Подать заявки на участие в конкурсе",
        "item": 1,
        "due": "25.03.2022",
        "responsible": "Гусева Т.В.",
        "vote": {"for": 12, "against": 0, "abstained": 0},  # "«против» – нет"
    }
    assert decisions[1] == {
        "text": "Провести неделю детской книги в школах района с 28 марта по 3 апреля.",
        "item": 2,
    }
    assert decisions[2] == {
        "text": "Направить отчёты о проведении недели",
        "item": 2,
        "due": "10 апреля",  # as written; the year comes from the meeting
        "responsible": ["Борисова Г.Н.", "Воробьёва Е.С."],
    }
    (due,) = parse_when(decisions[2]["due"], 2021)
    assert (due.precision, str(due.start)) == (Precision.DAY, "2022-04-10")
    assert decisions[3] == {"text": "Сдать заявки на учебники до конца четверти.", "item": 3}
    assert missed(note) == [
        ("import.unused", 14),  # "Отсутствовали: 2 человека": no such field
        ("import.vote", 30),  # "Голосовали: единогласно.": no numbers, not guessed
        ("import.due_not_date", 33),  # "до конца четверти" is not a day
    ]
    said = note.frontmatter["x-unrecognised"]
    assert said[1] == (
        "строка 30: голосование «единогласно»: не найдено, сколько «за», «против» и "
        "«воздержались»; допишите vote к решению"
    )
    assert (
        "## Не распознано\n" in note.text and "- строка 14: «Отсутствовали: 2 человека" in note.text
    )
    assert check_problems(note, associations) == []


def test_blocks_then_a_final_list_of_decisions(associations: Any) -> None:
    note = import_file(SHORT, associations)
    fm = note.frontmatter
    assert fm["association"] == "rmo-sovetsky"
    assert (fm["date"], fm["time"], fm["format"]) == ("2021-10-05", "15:00", "смешанный")
    assert fm["place"] == "МАОУ СШ №151, библиотека"  # "05.10.2021 г., 15:00, МАОУ …"
    assert fm["attendance"] == {"count": 9}
    assert fm["attachments"] == ["Лист регистрации"]  # "(лист регистрации прилагается)"
    assert len(fm["agenda"]) == 2
    assert fm["decisions"] == [  # the final list, with the vote of the block it repeats
        {
            "text": "Утвердить план работы РМО на 2021-2022 учебный год.",
            "item": 2,
            "vote": {"for": 9, "against": 0, "abstained": 0},
        },
        {
            "text": "Направить протокол заседания и лист регистрации в МБУ КИМЦ",
            "due": "12 октября",
            "responsible": "Полякова А.С.",
        },
    ]
    assert note.unrecognised == ()
    assert check_problems(note, associations) == []


def test_plan_as_a_numbered_list_under_months(associations: Any) -> None:
    note = import_file(LIST_PLAN, associations)
    fm = note.frontmatter
    assert "association" not in fm  # no city named: not guessed
    assert fm["academic_year"] == "2022/2023"
    assert (fm["approved_by"], fm["approved_on"]) == ("приказом МБУ ИМЦ", "2022-08-30")
    assert fm["tasks"] == ["Изучать нормативные документы", "Распространять опыт работы"]
    assert fm["leader"] == "Иванова И.И."
    events = fm["events"]
    assert [(e["title"], e.get("kind"), e["when"]) for e in events] == [
        ("Заседание РМО «Планирование работы на год»", "заседание", "Сентябрь"),
        ("Мониторинг обеспеченности учебниками", "мониторинг", "Сентябрь"),
        ("Конкурс буктрейлеров «Читаем вместе» (ОУ района)", "конкурс", "Октябрь – ноябрь"),
        ("Семинар «Детская периодика в школьной библиотеке»", "семинар", "15 ноября"),
        ("Круглый стол «Библиотека и семья»", "круглый стол", "Октябрь – ноябрь"),
        ("Мастер-класс по созданию лэпбуков", "мастер-класс", "декабрь"),
    ]
    starts = [str(parse_when(e["when"], 2022)[0].start) for e in events]
    assert starts == ["2022-09-01", "2022-09-01", "2022-10-01", "2022-11-15", "2022-10-01",
                      "2022-12-01"]  # fmt: skip
    assert (events[0]["place"], events[0]["responsible"]) == ("МБОУ СШ №1", "Иванова И.И.")
    assert events[3]["place"] == "МБОУ Гимназия №3"
    assert missed(note) == [("import.no_association", None), ("import.part", 22)]
    assert check_problems(note, associations) == ["schema.required"]  # association: said above
    given = import_file(LIST_PLAN, associations, association="rmo-sovetsky")
    assert given.frontmatter["association"] == "rmo-sovetsky"
    assert check_problems(given, associations) == []


def test_plan_table_with_other_columns(associations: Any) -> None:
    note = import_file(OTHER_TABLE, associations)
    events = note.frontmatter["events"]
    assert [(e["number"], e["title"], e["when"]) for e in events] == [
        ("1", "Заседание ШМО «Задачи на год»", "сентябрь"),
        ("4", "Конкурс чтецов «Зимние стихи»", "10.12.2023"),
    ]
    assert events[1]["responsible"] == ["Сидорова В.В.", "Петрова А.А."]
    assert missed(note) == [
        ("import.no_association", None),
        ("import.cell", 6),  # "Форма отчёта": no such property
        ("import.event_when", 7),  # "в конце четверти": not a date; the activity is left out
        ("import.event_without_when", 8),
        ("import.cell", 9),
    ]
    texts = note.frontmatter["x-unrecognised"]
    assert texts[1] == (
        "строка 6: столбец «Форма отчёта» («протокол») не соответствует ни одному свойству "
        "мероприятия"
    )
    assert texts[2].startswith(
        "строка 7: мероприятие «Выставка новых книг» не внесено в events: срок «в конце "
        "четверти» не понят. «в конце четверти» — не удалось понять дату."
    )
    assert describe(note.unrecognised[3], "line", "en") == (
        "line 8: the activity “Акция «Подари книгу»” has no date; it was not added to events"
    )


def test_neither_protocol_nor_plan(associations: Any) -> None:
    document = Document("note.txt", tuple(lines_from_text("Список литературы\nПушкин. Сказки\n")))
    note = convert(document, associations)
    assert note.note_type is None
    assert missed(note) == [("import.type_unknown", None)]
    forced = convert(document, associations, note_type="plan")
    assert forced.note_type == "plan"
    assert ("import.no_academic_year", None) in missed(forced)


def test_association_is_not_guessed_between_equals() -> None:
    from vault_sync.notes.model import Association

    two = {
        "gmo-a": Association("gmo-a", "Городское МО библиотекарей г. Красноярска", "ГМО", "UTC"),
        "gmo-b": Association(
            "gmo-b", "Городское МО школьных библиотекарей Красноярска", "ГМО", "UTC"
        ),
    }
    note = import_file(DATA / "protocol_krasnoyarsk_gmo_2021.txt", two)
    assert note.association is None
    assert note.unrecognised[0].code == "import.ambiguous_association"
    assert "gmo-a, gmo-b" in note.frontmatter["x-unrecognised"][0]


# --- the command: exit statuses and what it says ------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args)


def vault_copy(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLES, vault, ignore=shutil.ignore_patterns(".vault-sync"))
    return vault


def test_exit_1_and_the_list_when_something_is_not_recognised(tmp_path: Path) -> None:
    vault = vault_copy(tmp_path)
    result = run("import", "--into", str(vault), str(BLOCKS))
    assert result.returncode == 1
    assert (
        "protocol_slushali_reshili.txt: не распознано: строка 14: «Отсутствовали: 2 человека "
        "(по уважительной причине)» — не отнесено ни к одному свойству" in result.stdout
    )
    assert "с нераспознанным: 1" in result.stderr
    assert (vault / "Протокол №3 от 14.03.2022.md").is_file()


def test_unknown_association_says_exactly_what_to_add(tmp_path: Path) -> None:
    vault = vault_copy(tmp_path)
    result = run("import", "--into", str(vault), str(LIST_PLAN))
    assert result.returncode == 1
    assert (
        "объединение не определено: допишите в свойства association: КОД (коды объединений "
        "хранилища: gmo-krasnoyarsk, gmo-novosibirsk, mmo-serpukhov, rmo-sovetsky) или "
        "повторите импорт с --association КОД" in result.stdout
    )
    assert "План работы РМО 2022-2023.md:2: association: не заполнено обязательное поле" in (
        result.stdout
    )
    again = run("import", "--into", str(vault), "--association", "rmo-sovetsky", str(LIST_PLAN))
    assert (
        "План работы РМО 2022-2023 (2).md (план работы, объединение rmo-sovetsky)" in again.stdout
    )
    assert "association:" not in again.stdout


def test_a_vault_without_associations(tmp_path: Path) -> None:
    result = run("import", "--into", str(tmp_path), str(SHORT))
    assert result.returncode == 1
    assert "в хранилище не описано ни одного объединения: добавьте в vault-sync.toml раздел " in (
        result.stdout
    )


def test_usage_errors_exit_2_and_write_nothing(tmp_path: Path) -> None:
    vault = vault_copy(tmp_path)
    before = sorted(vault.rglob("*"))
    unknown = run("import", "--into", str(vault), "--association", "gmo-omsk", str(SHORT))
    assert unknown.returncode == 2
    assert "объединение gmo-omsk не описано в хранилище" in unknown.stderr
    assert run("import", "--into", str(vault), str(tmp_path / "нет.docx")).returncode == 2
    assert run("import", "--into", str(tmp_path / "нет"), str(SHORT)).returncode == 2
    assert run("import", "--into", str(vault), "--type", "minutes", str(SHORT)).returncode == 2
    assert run("import").returncode == 2
    assert sorted(vault.rglob("*")) == before


def test_a_missing_file_does_not_stop_the_others(tmp_path: Path) -> None:
    vault = vault_copy(tmp_path)
    result = run("import", "--into", str(vault), str(tmp_path / "нет.txt"), str(SHORT))
    assert result.returncode == 2
    assert "нет.txt не найден" in result.stderr
    assert (vault / "Протокол №1 от 05.10.2021.md").is_file()


def test_not_a_protocol_nor_a_plan_writes_nothing(tmp_path: Path) -> None:
    text = tmp_path / "список.txt"
    text.write_text("Список литературы к семинару\nПушкин А.С. Сказки\n", encoding="utf-8")
    result = run("import", "--into", str(tmp_path), str(text))
    assert result.returncode == 1
    assert "не удалось понять, протокол это или план работы" in result.stdout
    assert "список.txt: заметка не записана" in result.stdout
    assert list(tmp_path.glob("*.md")) == []


# --- anything goes in, nothing crashes -------------------------------------------------------

FRAGMENTS = [
    "Протокол №", "ПЛАН РАБОТЫ", "1.", "2)", "- ", "\t", "\t\t", ":", " ", "Решено:", "РЕШИЛИ:",
    "СЛУШАЛИ:", "Повестка дня:", "Голосовали: «за» - ", "нет", "до 10 октября", "до 31.02.2021",
    "Сроки", "Мероприятие", "Ответственный", "сентябрь", "декабрь - март", "в течение года",
    "2021/2022 учебный год", "Иванова И.И.", "Е.А. Данилова", "Присутствовали: 12",
    "Дата проведения: 22.09.2021г.", "Время: 25-99", "Цель", "Задачи:", "«", "»", "#", "---",
    "Руководитель ГМО", "УТВЕРЖДАЮ", "[bookmark: _GoBack]", "|", "\"", "'", "x: y", "12", "*",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(FRAGMENTS), max_size=6).map("".join), max_size=25),
    st.sampled_from([None, "protocol", "plan"]),
)
def test_any_text_imports_without_a_crash(lines: list[str], note_type: str | None) -> None:
    document = Document("fuzz.txt", tuple(lines_from_text("\n".join(lines))))
    note = convert(document, {}, note_type=note_type)
    if note.note_type is not None:
        read = parse_text(note.file_name, note.text)  # as vault-sync reads a note
        assert read.note is not None and read.note.data == note.frontmatter


def test_rows_of_any_shape() -> None:
    lines = (
        Line(1, "План работы на 2021/2022 учебный год"),
        Line(2, "", ("Мероприятие", "Сроки"), 1),
        Line(3, "", ("Семинар", "октябрь", "лишняя ячейка", "ещё"), 1),
        Line(4, "", (), 1),
        Line(5, "", ("", ""), 1),
    )
    note = convert(Document("rows.docx", lines, "paragraph"), {})
    assert ("import.row", 3) in missed(note)
