"""Write the generated tables of the Russian guides from the code, so they never go stale.

    python docs/make_tables.py

* docs/ru/librarian.md, between the ``check-messages`` markers: every message of
  ``vault-sync check`` (the catalogues vault_sync/i18n/notes.py and when.py), with what it
  means and how to fix it (:data:`FIXES`);
* docs/ru/admin.md, between the ``settings`` markers: every option of ``vault-sync.toml``
  (the option table of vault_sync/config.py), its default and meaning (:data:`OPTIONS_RU`).

tests/test_docs.py fails when a message or an option has no entry here, or when a guide's
table differs from what this script writes.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vault_sync.config import ASSOCIATION_OPTIONS, OPTIONS, Option  # noqa: E402
from vault_sync.i18n import notes, when  # noqa: E402

LIBRARIAN = ROOT / "docs" / "ru" / "librarian.md"
ADMIN = ROOT / "docs" / "ru" / "admin.md"

# What each message of `check` means and what to do, by message code.
FIXES: dict[str, str] = {
    "file.too_large": "Заметка больше предела `[vault] max_note_bytes` (обычно 1 МиБ). "
    "Чаще всего внутрь попала картинка, вставленная текстом: сохраните её отдельным файлом "
    "и вставьте ссылку.",
    "file.binary": "Файл с окончанием `.md` на самом деле картинка или документ. "
    "Переименуйте его (например, в `.png`) или удалите.",
    "file.encoding": "Файл сохранён в старой кодировке (Windows-1251 и т. п.). Откройте его "
    "и сохраните в UTF-8.",
    "file.unreadable": "Файл не читается: нет прав или диск недоступен. Сообщите администратору.",
    "file.symlink_loop": "Ярлык (символическая ссылка) указывает на папку, в которой сам "
    "лежит. Удалите ярлык.",
    "file.empty": "Файл пустой. Заполните его по шаблону или удалите.",
    "frontmatter.unclosed": "Свойства начинаются строкой `---`, но второй строки `---` нет. "
    "Добавьте её после последнего свойства.",
    "frontmatter.not_mapping": "Между строками `---` должны быть строки вида `поле: значение`. "
    "Сравните с шаблоном.",
    "yaml.syntax": "Ошибка записи в указанной строке или строкой выше: лишний или "
    "недостающий пробел после двоеточия, незакрытая кавычка, сбитый отступ.",
    "yaml.unclosed_quote": 'Поставьте закрывающую кавычку: `topic: "Итоги года"`.',
    "yaml.colon_in_value": 'Возьмите значение в кавычки: `topic: "Тема: итоги года"`.',
    "yaml.missing_colon": "После имени поля поставьте двоеточие и пробел: `number: 1`.",
    "yaml.indent": "Строки одного списка (`- …`) и вложенные поля начинайте с одной и той "
    "же позиции; выравнивайте пробелами.",
    "yaml.tab": "Замените табуляцию в начале строки пробелами (обычно двумя).",
    "yaml.duplicate": "Одно и то же поле написано дважды. Оставьте одно, второе удалите "
    "или объедините.",
    "yaml.alias": "Знаки `&` и `*` в начале значения YAML понимает как ссылки. Напишите "
    'значение полностью или возьмите его в кавычки: `place: "*онлайн"`.',
    "yaml.merge": "Строка `<<:` не поддерживается: перепишите поля полностью.",
    "yaml.complex_key": "Имя поля — одно слово перед двоеточием, без скобок и списков.",
    "yaml.tag": "Значение начинается с `!`: уберите его или возьмите значение в кавычки.",
    "yaml.too_big": "Свойств слишком много (обычно из-за ссылок YAML). Упростите свойства.",
    "yaml.too_deep": "Свойства вложены слишком глубоко. Сравните с шаблоном.",
    "schema.required": "Добавьте обязательное поле. У протокола это `type`, `association`, "
    "`date`; у плана — `type`, `association`, `academic_year`, у мероприятия — `title` "
    "и `when`.",
    "schema.type": "Значение не того вида: например, список там, где нужен текст, или текст "
    "там, где нужно число. Сравните с шаблоном.",
    "schema.enum": "Выберите одно из перечисленных значений (например, `format: очно`).",
    "schema.const": "Здесь допустимо только одно значение, оно указано в сообщении.",
    "schema.unknown_field": "Такого поля нет. Проверьте написание по шаблону; своё поле "
    "назовите с приставкой `x-`.",
    "schema.unknown_field_suggest": "Опечатка в имени поля: исправьте на предложенное.",
    "schema.date": "Дата заседания (`date`) пишется как ГГГГ-ММ-ДД: `2021-09-22`.",
    "schema.date_suggest": "Перепишите дату так, как предложено в сообщении.",
    "schema.date_impossible": "Такого дня нет (например, 31 ноября). Проверьте число и месяц.",
    "schema.time": 'Время пишется в кавычках: `time: "14:00"`.',
    "schema.academic_year": "Учебный год пишется как `2021/2022`.",
    "schema.slug": "Код — строчные латинские буквы, цифры и дефис: `gmo-krasnoyarsk`.",
    "schema.approved_on": 'Дата утверждения: `2024-08-30` или год в кавычках: `"2024"`.',
    "schema.pattern": "Значение записано не по образцу. Сравните с шаблоном.",
    "schema.empty_text": "Поле есть, а значения нет. Заполните его или удалите строку.",
    "schema.minimum": "Число меньше допустимого (например, номер протокола 0). Исправьте.",
    "schema.min_properties": "Раздел пуст. Заполните хотя бы одно из полей, перечисленных "
    "в сообщении, или удалите раздел.",
    "schema.other": "Значение не подходит. Сравните с шаблоном или спросите администратора.",
    "note.unknown_association": "Код объединения в поле `association` не описан. Проверьте "
    "написание (коды перечислены в сообщении) или попросите администратора добавить "
    "объединение.",
    "note.association_held_back": "Заметка с описанием объединения содержит ошибку: "
    "исправьте сначала её.",
    "note.item_missing": "В решении `item:` указан номер вопроса, которого нет в повестке. "
    "Исправьте номер.",
    "note.fewer_present": "Число присутствовавших (`attendance.count`) меньше, чем фамилий "
    "в списке. Исправьте число или список.",
    "note.time_conflict": "Время указано и в сроке, и в поле `time`, и они разные. Оставьте одно.",
    "note.time_without_day": "Время указано, а точного дня нет (например, «октябрь»). "
    "Укажите день или уберите время.",
    "note.duplicate_association": "Одно объединение описано дважды (в настройках и в заметке "
    "или в двух заметках). Оставьте одно описание.",
    "note.not_built": "Это ошибка самой программы, не ваша: перешлите сообщение тому, кто "
    "обслуживает сервер, вместе с заметкой. Пока её нет в календарях и сводках.",
    "note.year_out_of_range": "В дате опечатка в годе: напишите год полностью, например "
    "`2021-09-22` или `22.09.2021`.",
    "schema.date_year_zero": "Года 0000 не бывает: впишите настоящий год заседания, например "
    "`2021-09-22`.",
    "yaml.number_too_long": "Число слишком длинное: напишите настоящее число (например `12`), "
    "а если это текст — возьмите его в кавычки.",
    "file.symlink_outside": "Ярлык (symlink) указывает на файл или папку вне хранилища: "
    "vault-sync их не читает. Скопируйте заметки внутрь папки хранилища.",
    "note.output_renamed": "Это предупреждение: сводка опубликована под исправленным именем. "
    "Если оно не нравится, переименуйте заметку короче и без символов `\\ : * ? \" < > |`.",
    "note.internal_error": "Это ошибка самой программы, не ваша: перешлите сообщение тому, "
    "кто обслуживает сервер, вместе с заметкой. Остальные заметки публикуются как обычно.",
    "note.bad_timezone": "Часовой пояс пишется по-английски: `Asia/Krasnoyarsk`, `Europe/Moscow`.",
    "note.due_not_a_day": "Срок решения (`due`) должен быть днём: `27.09.2021`, а не месяцем "
    "или «в течение года».",
    "note.due_before_meeting": "Срок раньше заседания: скорее всего, опечатка в годе или месяце.",
    "note.event_outside_year": "Дата мероприятия плана не попадает в учебный год плана. "
    "Проверьте год.",
    "note.vote_count": "Голосов «за», «против» и «воздержались» вместе больше, чем "
    "присутствовавших. Проверьте числа.",
    "note.duplicate_key": "Два решения или мероприятия с одинаковым `id`. Сделайте коды разными.",
    "note.duplicate_id": "Две заметки с одинаковым `id`. У каждой заметки свой код.",
    "note.reserved_id": "Коды `all`, `deadlines`, `calendars` заняты общими календарями. "
    "Выберите другой.",
    "when.empty": "Срок (`when` или `due`) пуст. Напишите его одним из показанных способов.",
    "when.unknown": "Срок записан так, что его нельзя понять. Перепишите одним из способов "
    "из раздела «Как писать даты и сроки».",
    "when.impossible_date": "Такого дня нет (30 февраля, 13-й месяц). Проверьте число и месяц.",
    "when.no_year": "Год не указан, и его не из чего взять. Допишите год или укажите у плана "
    "`academic_year`.",
    "when.bad_time": "Такого времени нет (25:00). Время пишется `14:00` или `14-00`.",
    "when.time_without_date": "Есть время, но нет дня. Напишите `22.09.2021 14:00`.",
    "when.range_backwards": "Конец периода раньше начала. Если период переходит через Новый "
    "год, это нормально (декабрь - март); иначе проверьте порядок месяцев и годы.",
    "when.bad_academic_year": "Учебный год пишется `2021/2022`: второй год на единицу больше "
    "первого.",
}

# The meaning of each option of vault-sync.toml, in Russian.
OPTIONS_RU: dict[str, str] = {
    "vault.lang": "язык сообщений, сводок и названий в календаре: `ru` или `en`",
    "vault.timezone": "часовой пояс объединений, у которых свой не указан",
    "vault.max_note_bytes": "заметки больше этого размера (в байтах) не читаются",
    "vault.exclude": 'какие файлы и папки не проверять, например `["Шаблоны/**"]`',
    "output.dir": "локальная папка результатов `build` (относительно хранилища)",
    "output.base_url": "адрес, по которому раздаётся папка результатов "
    "(например, `https://school.ru/mo`); тогда в обзорах появляются ссылки для подписки",
    "feeds.refresh_minutes": "как часто (в минутах) программы-календари перечитывают подписку",
    "feeds.history_years": "сколько прошлых учебных лет остаётся в календарях "
    "(в сводках остаются все)",
    "remote.url": "адрес Nextcloud, например `https://cloud.school.ru` "
    "(или переменная `VAULT_SYNC_URL`)",
    "remote.user": "пользователь Nextcloud (или `VAULT_SYNC_USER`)",
    "remote.root": "папка в файлах этого пользователя, куда публиковать (или `VAULT_SYNC_ROOT`)",
    "remote.password_file": "файл с паролем приложения (права 600)",
    "remote.password_command": "команда, которая печатает пароль приложения",
    "remote.keep_file_links": "оставлять календарям их прежние отдельные ссылки, пока те "
    "работают (`false`: все календари переходят на ссылку папки `calendars/`)",
    "associations.*.name": "полное название объединения (обязательно)",
    "associations.*.kind": "вид: `ШМО`, `РМО`, `ОМО`, `ГМО` или `ММО`",
    "associations.*.timezone": "часовой пояс объединения: заседание в 14:00 в Красноярске — "
    "это 07:00 UTC",
    "associations.*.required_meetings": "сколько заседаний в учебный год обязательно, "
    "показывается в обзоре",
}


def _shown(template: str) -> str:
    """A message template as the guide shows it: placeholders become «…»."""
    text = re.sub(r"«?\{(value|allowed)\}»?", "«…»", template)
    text = re.sub(r"\{\w+\}", "…", text)
    return text.replace("|", "\\|")


def messages_table() -> str:
    rows = ["| сообщение (код) | что это значит и что делать |", "|---|---|"]
    for catalogue in (notes.MESSAGES, when.MESSAGES):
        for code, texts in catalogue.items():
            fix = FIXES[code].replace("|", "\\|")
            rows.append(f"| {_shown(texts['ru'])} <br>`{code}` | {fix} |")
    return "\n".join(rows)


def _default(option: Option) -> str:
    if option.section.startswith("associations"):
        return "`[vault] timezone`" if option.name == "timezone" else "—"
    value: Any = option.default
    if value is None:
        return "—"
    if isinstance(value, tuple):
        return "`[]`"
    if isinstance(value, str):
        return f'`"{value}"`'
    return f"`{value}`"


def settings_table() -> str:
    rows = ["| параметр | по умолчанию | что задаёт |", "|---|---|---|"]
    for option in (*OPTIONS, *ASSOCIATION_OPTIONS):
        section = "associations.КОД" if option.section == "associations.*" else option.section
        meaning = OPTIONS_RU[f"{option.section}.{option.name}"]
        rows.append(f"| `[{section}] {option.name}` | {_default(option)} | {meaning} |")
    return "\n".join(rows)


TABLES = {  # marker name -> (guide, table)
    "check-messages": (LIBRARIAN, messages_table),
    "settings": (ADMIN, settings_table),
}


def markers(name: str) -> tuple[str, str]:
    return (
        f"<!-- BEGIN GENERATED {name}: python docs/make_tables.py -->",
        f"<!-- END GENERATED {name} -->",
    )


def with_table(text: str, name: str, table: str) -> str:
    """``text`` with the table between the markers ``name`` replaced by ``table``."""
    begin, end = markers(name)
    head, found, rest = text.partition(begin)
    if not found or end not in rest:
        raise SystemExit(f"the markers of {name} are missing")
    return f"{head}{begin}\n{table}\n{end}{rest.split(end, 1)[1]}"


def main() -> None:
    for name, (guide, make) in TABLES.items():
        text = guide.read_text(encoding="utf-8")
        updated = with_table(text, name, make())
        if updated != text:
            guide.write_text(updated, encoding="utf-8")
            print(f"updated {guide.relative_to(ROOT)} ({name})")


if __name__ == "__main__":
    main()
