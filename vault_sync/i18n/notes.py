"""Messages about notes: reading a file, its properties (YAML), the schema and the note's fields.

Russian (the default) and English; rendered by :mod:`vault_sync.i18n`."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "note.internal_error": {
        "ru": "внутренняя ошибка при чтении этой заметки: {error}. Заметка не опубликована "
        "(опубликована её последняя верная версия, если она была); сообщите об этой ошибке",
        "en": "internal error while reading this note: {error}. The note is held back (its "
        "last good version stays published, if there is one); please report this",
    },
    "file.too_large": {
        "ru": "файл слишком большой ({size} байт, допускается до {limit}); заметка не проверена. "
        "Разделите её на несколько или вынесите вложения в отдельные файлы",
        "en": "the file is too large ({size} bytes, at most {limit}); not checked. "
        "Split it or move attachments into files of their own",
    },
    "file.binary": {
        "ru": "это не текстовый файл (похоже, {looks_like}), хотя имя оканчивается на .md; "
        "пропущен",
        "en": "this is not a text file (it looks like {looks_like}) although its name ends in .md; "
        "skipped",
    },
    "file.encoding": {
        "ru": "файл записан не в UTF-8, а, похоже, в кодировке {encoding}: «{sample}». "
        "Пересохраните его в UTF-8 (в Блокноте: «Сохранить как» → Кодировка: UTF-8)",
        "en": "the file is not UTF-8 but apparently {encoding}: “{sample}”. Save it again as UTF-8",
    },
    "file.unreadable": {
        "ru": "файл не удалось прочитать: {reason}",
        "en": "the file cannot be read: {reason}",
    },
    "file.symlink_loop": {
        "ru": "ссылка (symlink) ведёт по кругу; папка пропущена",
        "en": "a symbolic link loops back on itself; the folder is skipped",
    },
    "file.symlink_outside": {
        "ru": "ссылка (symlink) ведёт за пределы папки заметок; не прочитана и не опубликована. "
        "Переместите или скопируйте то, на что она указывает, внутрь папки",
        "en": "a symbolic link points outside the vault; not read and not published. "
        "Move or copy what it points to into the vault",
    },
    "note.output_renamed": {
        "ru": "имя заметки не годится для её сводки в Nextcloud (слишком длинное или с символом, "
        "именем, которые Nextcloud или Windows не допускают); сводка публикуется как «{name}». "
        "Чтобы выбрать имя самим, переименуйте заметку",
        "en": "the note's name cannot be used for its summary on Nextcloud (too long, or with a "
        "character or a name Nextcloud or Windows forbid); the summary is published as "
        "“{name}”. Rename the note to choose the name yourself",
    },
    "file.empty": {
        "ru": "файл пуст",
        "en": "the file is empty",
    },
    "frontmatter.unclosed": {
        "ru": "свойства заметки (блок между строками ---) не закрыты: добавьте строку --- "
        "после последнего свойства",
        "en": "the note's properties (the block between --- lines) are not closed: add a --- "
        "line after the last property",
    },
    "frontmatter.not_mapping": {
        "ru": "свойства заметки должны быть парами «поле: значение», а здесь {value}",
        "en": "the note's properties must be “field: value” pairs, but here is {value}",
    },
    "yaml.syntax": {
        "ru": "ошибка в записи свойств (YAML): {reason}. Проверьте двоеточия, отступы и кавычки "
        "в этой строке и в строке выше",
        "en": "the properties (YAML) cannot be read: {reason}. Check colons, indentation and "
        "quotes on this line and the one above",
    },
    "yaml.unclosed_quote": {
        "ru": "кавычка открыта, но не закрыта: поставьте закрывающую кавычку в конце значения",
        "en": "a quote is opened but never closed: close it at the end of the value",
    },
    "yaml.colon_in_value": {
        "ru": "в значении есть двоеточие с пробелом («: »): возьмите всё значение в кавычки, "
        'например topic: "Тема: итоги года"',
        "en": "the value contains a colon and a space (“: ”): put the whole value in quotes, "
        'e.g. topic: "Theme: the year"',
    },
    "yaml.missing_colon": {
        "ru": "после имени поля нужно двоеточие и пробел: «поле: значение»",
        "en": "a field name must be followed by a colon and a space: “field: value”",
    },
    "yaml.indent": {
        "ru": "неверный отступ: строки одного списка или набора должны начинаться с одной позиции",
        "en": "wrong indentation: the lines of one list or mapping must start at the same column",
    },
    "yaml.tab": {
        "ru": "в отступе стоит символ табуляции; в свойствах отступы делаются только пробелами",
        "en": "a tab character is used for indentation; properties are indented with spaces only",
    },
    "yaml.duplicate": {
        "ru": "поле «{key}» указано дважды (ещё в строке {first}); оставьте одно",
        "en": "the field “{key}” appears twice (also on line {first}); keep one",
    },
    "yaml.alias": {
        "ru": "ссылки YAML (&якорь и *ссылка) не поддерживаются или указывают на несуществующий "
        "якорь; напишите значение полностью",
        "en": "YAML anchors and aliases (&anchor, *alias) are not supported here or refer to a "
        "missing anchor; write the value out",
    },
    "yaml.merge": {
        "ru": "слияние YAML («<<:») не поддерживается; напишите поля полностью",
        "en": "YAML merge keys (“<<:”) are not supported; write the fields out",
    },
    "yaml.complex_key": {
        "ru": "имя поля должно быть простым словом, а не списком или набором",
        "en": "a field name must be a plain word, not a list or a mapping",
    },
    "yaml.tag": {
        "ru": "метка типа {tag} не поддерживается; уберите её (значения с ! и !! не нужны)",
        "en": "the type tag {tag} is not supported; remove it",
    },
    "yaml.too_big": {
        "ru": "свойства слишком велики (больше {limit} значений, возможно из-за ссылок YAML); "
        "заметка не проверена",
        "en": "the properties are too large (over {limit} values, perhaps through YAML aliases); "
        "not checked",
    },
    "yaml.too_deep": {
        "ru": "свойства вложены слишком глубоко (больше {limit} уровней) "
        "или ссылаются сами на себя",
        "en": "the properties nest too deeply (over {limit} levels) or refer to themselves",
    },
    "yaml.number_too_long": {
        "ru": "число слишком длинное ({digits} цифр, можно не больше {limit}). Напишите "
        "настоящее число, например 12, а если это текст — возьмите его в кавычки",
        "en": "the number is too long ({digits} digits, at most {limit}). Write the real "
        "number, e.g. 12, or put it in quotes if it is text",
    },
    "schema.required": {
        "ru": "не заполнено обязательное поле «{name}»: добавьте строку «{name}: ...»",
        "en": "the required field “{name}” is missing: add a line “{name}: ...”",
    },
    "schema.type": {
        "ru": "ожидается {expected}, а написано {value}",
        "en": "expected {expected}, found {value}",
    },
    "schema.enum": {
        "ru": "{value} — недопустимое значение; возможные: {allowed}",
        "en": "{value} is not allowed; use one of: {allowed}",
    },
    "schema.const": {
        "ru": "здесь должно быть {allowed}",
        "en": "this must be {allowed}",
    },
    "schema.unknown_field": {
        "ru": "неизвестное поле «{name}». Свои поля называйте с приставкой x-, например x-{name}",
        "en": "unknown field “{name}”. Name fields of your own with the prefix x-, e.g. x-{name}",
    },
    "schema.unknown_field_suggest": {
        "ru": "неизвестное поле «{name}» — может быть, «{suggestion}»?",
        "en": "unknown field “{name}”: did you mean “{suggestion}”?",
    },
    "schema.date": {
        "ru": "{value} — не дата; пишите ГГГГ-ММ-ДД, например 2021-09-22",
        "en": "{value} is not a date; write YYYY-MM-DD, e.g. 2021-09-22",
    },
    "schema.date_suggest": {
        "ru": "{value} — дату здесь пишут как ГГГГ-ММ-ДД: {iso}",
        "en": "{value}: dates here are written YYYY-MM-DD: {iso}",
    },
    "schema.date_impossible": {
        "ru": "{value} — такой даты нет в календаре",
        "en": "{value}: there is no such date",
    },
    "schema.date_year_zero": {
        "ru": "{value} — года 0000 в календаре нет (после 1 г. до н. э. сразу идёт 1 г.); "
        "напишите настоящий год, например 2021-09-22",
        "en": "{value}: there is no year 0000 in the calendar; write the real year, "
        "e.g. 2021-09-22",
    },
    "schema.time": {
        "ru": "{value} — не время; пишите 14:00 (часы 0–23, минуты 00–59)",
        "en": "{value} is not a time; write 14:00 (hours 0–23, minutes 00–59)",
    },
    "schema.academic_year": {
        "ru": "{value} — не учебный год; пишите 2021/2022",
        "en": "{value} is not an academic year; write 2021/2022",
    },
    "schema.slug": {
        "ru": "{value} — код должен состоять из строчных латинских букв, цифр и дефисов "
        "(без пробелов и переводов строки, до 64 знаков), например gmo-krasnoyarsk",
        "en": "{value}: a code is lowercase Latin letters, digits and hyphens (no spaces or "
        "line breaks, at most 64), e.g. gmo-krasnoyarsk",
    },
    "schema.approved_on": {
        "ru": "{value} — пишите дату утверждения как ГГГГ-ММ-ДД (2024-08-30) или только год (2024)",
        "en": "{value}: write the approval date as YYYY-MM-DD (2024-08-30) or just the year (2024)",
    },
    "schema.pattern": {
        "ru": "{value} — неверная запись",
        "en": "{value} is not written correctly",
    },
    "schema.empty_text": {
        "ru": "пустое значение: заполните или удалите поле",
        "en": "empty value: fill it in or remove the field",
    },
    "schema.minimum": {
        "ru": "{value} — должно быть не меньше {limit}",
        "en": "{value} must be at least {limit}",
    },
    "schema.min_properties": {
        "ru": "пустой набор: заполните хотя бы одно поле ({allowed})",
        "en": "empty: fill in at least one of {allowed}",
    },
    "schema.other": {"ru": "неверное значение: {detail}", "en": "invalid value: {detail}"},
    "note.year_out_of_range": {
        "ru": "«{text}» ({day}) — слишком далёкая дата: календари и сводки умеют только "
        "годы от {first} до {last}. Проверьте год, например 2021-09-22",
        "en": "“{text}” ({day}) is too far off: calendars and summaries handle only the "
        "years {first} to {last}. Check the year, e.g. 2021-09-22",
    },
    "note.not_built": {
        "ru": "заметка прошла проверку схемы, но её не удалось прочитать ({detail}); "
        "она не попадёт в календари и сводки. Сообщите об этом разработчикам vault-sync",
        "en": "the note passes the schema but could not be read ({detail}); it is left out "
        "of calendars and summaries. Please report this to the vault-sync developers",
    },
    "note.unknown_association": {
        "ru": "объединение «{name}» не описано. Известные: {known}. Добавьте в vault-sync.toml "
        "раздел [associations.{name}] (name, kind, timezone) или заметку с type: association",
        "en": "the association “{name}” is not described. Known: {known}. Add a section "
        "[associations.{name}] (name, kind, timezone) to vault-sync.toml or a note with "
        "type: association",
    },
    "note.association_held_back": {
        "ru": "объединение «{name}» описано в заметке {other}, но она не проходит проверку; "
        "исправьте её",
        "en": "the association “{name}” is described in {other}, which is invalid; fix it",
    },
    "note.item_missing": {
        "ru": "пункта повестки №{item} нет: в повестке {count}",
        "en": "there is no agenda item {item}: the agenda has {count}",
    },
    "note.fewer_present": {
        "ru": "присутствовало {count}, а в списке {names} человек",
        "en": "{count} present, but {names} names are listed",
    },
    "note.time_conflict": {
        "ru": "время указано дважды и не совпадает: {value} в сроке и {other} в поле time",
        "en": "two different times: {value} in the date and {other} in the time field",
    },
    "note.time_without_day": {
        "ru": "время {value} не используется: у мероприятия нет точной даты ({when})",
        "en": "the time {value} is not used: the event has no exact day ({when})",
    },
    "note.duplicate_association": {
        "ru": "объединение «{name}» уже описано в {other}",
        "en": "the association “{name}” is already described in {other}",
    },
    "note.bad_timezone": {
        "ru": "часовой пояс {value} неизвестен; пишите, например, Europe/Moscow, "
        "Asia/Krasnoyarsk, Asia/Novosibirsk, Asia/Irkutsk",
        "en": "unknown time zone {value}; write e.g. Europe/Moscow or Asia/Krasnoyarsk",
    },
    "note.due_not_a_day": {
        "ru": "срок {value} должен быть конкретным днём, например 27.09.2021",
        "en": "the deadline {value} must be a day, e.g. 27.09.2021",
    },
    "note.due_before_meeting": {
        "ru": "срок {value} раньше даты заседания ({meeting}); проверьте год и месяц",
        "en": "the deadline {value} is before the meeting ({meeting}); check the year and month",
    },
    "note.event_outside_year": {
        "ru": "дата {value} вне учебного года {year}",
        "en": "the date {value} is outside the academic year {year}",
    },
    "note.vote_count": {
        "ru": "проголосовало {voted}, а присутствовало {count}",
        "en": "{voted} voted, but {count} were present",
    },
    "note.duplicate_key": {
        "ru": "код {value} уже есть у другого пункта этой заметки; коды не должны повторяться",
        "en": "the code {value} is already used in this note; codes must not repeat",
    },
    "note.duplicate_id": {
        "ru": "код заметки {value} уже есть у {other}; у каждой заметки свой код",
        "en": "the note code {value} is already used by {other}; every note needs its own",
    },
    "note.reserved_id": {
        "ru": "код {value} занят общими календарями (all, deadlines, calendars); выберите другой",
        "en": "the code {value} belongs to the common calendars (all, deadlines, calendars); "
        "pick another",
    },
}
