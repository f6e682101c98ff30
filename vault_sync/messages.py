"""Every user-facing text, in Russian (the default) and English.

Problems and errors carry a message code and parameters; this module turns them
into text. Keeping all texts here lets a translator see every sentence at once
and keeps the core free of language choices.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vault_sync.model import Problem

LANGS = ("ru", "en")
DEFAULT_LANG = "ru"

MESSAGES: dict[str, dict[str, str]] = {
    # --- files ---------------------------------------------------------------------------
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
    "file.empty": {
        "ru": "файл пуст",
        "en": "the file is empty",
    },
    # --- frontmatter and YAML -------------------------------------------------------------
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
    # --- schema -----------------------------------------------------------------------------
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
    "schema.time": {
        "ru": "{value} — не время; пишите 14:00 (часы 0–23, минуты 00–59)",
        "en": "{value} is not a time; write 14:00 (hours 0–23, minutes 00–59)",
    },
    "schema.academic_year": {
        "ru": "{value} — не учебный год; пишите 2021/2022",
        "en": "{value} is not an academic year; write 2021/2022",
    },
    "schema.slug": {
        "ru": "{value} — код должен состоять из строчных латинских букв, цифр и дефисов, "
        "например gmo-krasnoyarsk",
        "en": "{value}: a code is lowercase Latin letters, digits and hyphens, "
        "e.g. gmo-krasnoyarsk",
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
    # --- meaning ----------------------------------------------------------------------------
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
    # --- config -----------------------------------------------------------------------------
    "config.syntax": {
        "ru": "{file}: ошибка в записи настроек (TOML): {reason}",
        "en": "{file}: the settings (TOML) cannot be read: {reason}",
    },
    "config.unknown_option": {
        "ru": "{file}: неизвестная настройка {option}",
        "en": "{file}: unknown setting {option}",
    },
    "config.unknown_option_suggest": {
        "ru": "{file}: неизвестная настройка {option} — может быть, {suggestion}?",
        "en": "{file}: unknown setting {option}: did you mean {suggestion}?",
    },
    "config.reason.text": {
        "ru": "ожидается непустой текст в кавычках",
        "en": "expected non-empty text in quotes",
    },
    "config.reason.lang": {"ru": 'возможные значения: "ru", "en"', "en": 'use "ru" or "en"'},
    "config.reason.timezone": {
        "ru": 'неизвестный часовой пояс; например "Asia/Krasnoyarsk"',
        "en": 'unknown time zone; e.g. "Asia/Krasnoyarsk"',
    },
    "config.reason.positive": {
        "ru": "ожидается целое число больше нуля",
        "en": "expected a whole number above zero",
    },
    "config.reason.count": {
        "ru": "ожидается целое число, 0 или больше",
        "en": "expected a whole number, 0 or more",
    },
    "config.reason.globs": {
        "ru": 'ожидается список шаблонов в кавычках: ["Архив/**"]',
        "en": 'expected a list of quoted patterns: ["Archive/**"]',
    },
    "config.reason.kind": {
        "ru": "возможные значения: ШМО, РМО, ОМО, ГМО, ММО",
        "en": "use one of ШМО, РМО, ОМО, ГМО, ММО",
    },
    "config.reason.url": {
        "ru": 'ожидается адрес вида "https://cloud.school.ru"',
        "en": 'expected an address like "https://cloud.school.ru"',
    },
    "config.reason.section": {"ru": "ожидается раздел [...]", "en": "expected a [section]"},
    "config.reason.url_and_user": {
        "ru": "нужны и url, и user",
        "en": "both url and user are needed",
    },
    "config.reason.associations": {
        "ru": "ожидаются разделы [associations.код]",
        "en": "expected [associations.code] sections",
    },
    "config.reason.slug": {
        "ru": "код: строчные латинские буквы, цифры, дефис",
        "en": "a code is lowercase Latin letters, digits and hyphens",
    },
    "config.reason.association": {
        "ru": "ожидается раздел с полями name, kind, timezone",
        "en": "expected a section with name, kind, timezone",
    },
    "config.reason.reserved": {
        "ru": "коды all, deadlines и calendars заняты общими календарями; выберите другой",
        "en": "the codes all, deadlines and calendars belong to the common calendars; pick another",
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
    "config.reason.name": {
        "ru": "укажите полное название объединения",
        "en": "give the association's full name",
    },
    "config.bad_value": {
        "ru": "{file}: настройка {option} = {value}: {reason}",
        "en": "{file}: setting {option} = {value}: {reason}",
    },
    "config.unreadable": {
        "ru": "{file}: файл настроек не удалось прочитать: {reason}",
        "en": "{file}: the settings file cannot be read: {reason}",
    },
    "config.missing": {
        "ru": "файл настроек {file} не найден",
        "en": "the settings file {file} does not exist",
    },
    "vault.missing": {
        "ru": "папка {path} не найдена",
        "en": "the folder {path} does not exist",
    },
    "vault.not_a_folder": {
        "ru": "{path} — не папка",
        "en": "{path} is not a folder",
    },
    "usage.bad_lang": {
        "ru": "язык {value} не поддерживается; возможные: ru, en",
        "en": "language {value} is not supported; use ru or en",
    },
    "init.created": {"ru": "создан {path}", "en": "created {path}"},
    "init.nothing": {
        "ru": "в {path} уже всё есть; ничего не изменено",
        "en": "{path} already has everything; nothing changed",
    },
    "build.worker_died": {
        "ru": "Процесс, читавший заметки, остановлен системой (не хватило памяти?); "
        "оставшиеся заметки (около {left}) читаются в основном процессе",
        "en": "A process reading notes was stopped by the system (out of memory?); the "
        "notes left (about {left}) are read in the main process",
    },
    "build.done": {
        "ru": "Готово: {out} — записано файлов: {written}, без изменений: {unchanged}, "
        "удалено: {removed}",
        "en": "Done: {out}: {written} written, {unchanged} unchanged, {removed} removed",
    },
    "build.kept_edited": {
        "ru": "{path} больше не нужен, но его кто-то изменил; оставлен как есть",
        "en": "{path} is no longer needed but someone changed it; left as it is",
    },
    "build.deletion_refused": {
        "ru": "удалять {count} файлов (больше половины опубликованного) не стали: "
        "похоже, папка заметок пуста или не подключена. Если это нарочно, добавьте --force-delete",
        "en": "{count} files (over half of what is published) were not removed: the vault "
        "looks empty or unmounted. If this is intended, add --force-delete",
    },
    "build.held_back": {
        "ru": "заметок с ошибками: {count}; для них опубликована последняя верная версия, "
        "если она была",
        "en": "{count} notes have errors; their last good version stays published, if any",
    },
    "serve.no_folder": {
        "ru": "папка {path} не найдена; сначала выполните vault-sync build",
        "en": "the folder {path} does not exist; run vault-sync build first",
    },
    "serve.listening": {
        "ru": "Раздаю {path} на http://127.0.0.1:{port}/ (остановить: Ctrl+C)",
        "en": "Serving {path} at http://127.0.0.1:{port}/ (stop: Ctrl+C)",
    },
    "serve.feed": {"ru": "Календарь {name}:", "en": "Calendar {name}:"},
    "push.not_configured": {
        "ru": "Nextcloud не настроен: добавьте в {file} раздел [remote] (url, user, root) или "
        "задайте VAULT_SYNC_URL и VAULT_SYNC_USER; пароль приложения — в VAULT_SYNC_PASSWORD",
        "en": "Nextcloud is not configured: add a [remote] section (url, user, root) to {file} "
        "or set VAULT_SYNC_URL and VAULT_SYNC_USER; the app password goes in VAULT_SYNC_PASSWORD",
    },
    "push.would.create": {"ru": "создать   {path}", "en": "create  {path}"},
    "push.would.update": {"ru": "обновить  {path}", "en": "update  {path}"},
    "push.would.delete": {"ru": "удалить   {path}", "en": "delete  {path}"},
    "push.nothing": {
        "ru": "Публиковать нечего: всё уже на сервере.",
        "en": "Nothing to publish: the server is up to date.",
    },
    "push.done": {
        "ru": "Опубликовано: создано {created}, обновлено {updated}, удалено {deleted}, "
        "без изменений {unchanged}",
        "en": "Published: {created} created, {updated} updated, {deleted} deleted, "
        "{unchanged} unchanged",
    },
    "push.conflict": {
        "ru": "{path} изменили на сервере; их версия сохранена, наша лежит рядом: {copy}",
        "en": "{path} was changed on the server; theirs is kept, ours is beside it: {copy}",
    },
    "push.kept_edited": {
        "ru": "{path} больше не нужен, но его изменили на сервере; оставлен",
        "en": "{path} is no longer needed but was changed on the server; left there",
    },
    "push.failed": {
        "ru": "{path} не опубликован: {reason}. Попробую снова при следующей публикации",
        "en": "{path} was not published: {reason}. It will be tried again next time",
    },
    "push.unreachable": {
        "ru": "Сервер недоступен; несделанное ({pending} файлов) сохранено и будет "
        "опубликовано при следующем запуске. Ничего не удалено",
        "en": "The server cannot be reached; the remaining work ({pending} files) is kept "
        "and will be published next time. Nothing was deleted",
    },
    "status.no_remote": {
        "ru": "Nextcloud не настроен ({file}); результаты пишутся только в локальную папку",
        "en": "Nextcloud is not configured ({file}); outputs go to the local folder only",
    },
    "status.remote": {
        "ru": "Nextcloud: {url}, пользователь {user}, папка {root}",
        "en": "Nextcloud: {url}, user {user}, folder {root}",
    },
    "status.never": {"ru": "Публикаций ещё не было", "en": "Nothing was published yet"},
    "status.last": {
        "ru": "Последняя попытка: {attempt} ({outcome}); последняя успешная: {success}",
        "en": "Last attempt: {attempt} ({outcome}); last success: {success}",
    },
    "status.pending": {"ru": "В очереди: {pending} файлов", "en": "Queued: {pending} files"},
    "status.conflict": {
        "ru": "Конфликт с {seen}: {path} (наша версия: {copy})",
        "en": "Conflict since {seen}: {path} (ours: {copy})",
    },
    "status.held_back": {"ru": "Заметок с ошибками: {count}", "en": "Notes with errors: {count}"},
    # --- check report -----------------------------------------------------------------------
    "check.summary_ok": {
        "ru": "Проверено заметок: {notes}. Ошибок нет.",
        "en": "Notes checked: {notes}. No problems.",
    },
    "check.summary_bad": {
        "ru": "Проверено заметок: {notes}; с ошибками: {invalid} (не публикуются), "
        "ошибок: {errors}, предупреждений: {warnings}.",
        "en": "Notes checked: {notes}; invalid: {invalid} (held back), "
        "errors: {errors}, warnings: {warnings}.",
    },
    "check.warning_prefix": {"ru": "предупреждение: ", "en": "warning: "},
}

TYPE_NAMES: dict[str, dict[str, str]] = {
    "string": {"ru": "текст", "en": "text"},
    "integer": {"ru": "целое число", "en": "a whole number"},
    "number": {"ru": "число", "en": "a number"},
    "array": {"ru": "список (строки с «- » в начале)", "en": "a list (lines starting with “- ”)"},
    "object": {"ru": "набор полей «поле: значение»", "en": "fields “field: value”"},
    "boolean": {"ru": "true или false", "en": "true or false"},
    "null": {"ru": "пустое значение", "en": "nothing"},
}

_catalogues: list[dict[str, dict[str, str]]] = [MESSAGES]
# Every registered code -> its texts, the first catalogue registered winning as in a walk
# over _catalogues: one dict look-up per message (a summary asks for a hundred phrases).
# Rebuilt by register(); the catalogues are constants and are not changed once registered.
_index: dict[str, dict[str, str]] = dict(MESSAGES)


def register(catalogue: dict[str, dict[str, str]]) -> None:
    """Add the messages of another module (e.g. the "when" parser)."""
    global _index
    _catalogues.append(catalogue)
    _index = {code: texts for known in reversed(_catalogues) for code, texts in known.items()}


def _lookup(code: str) -> dict[str, str] | None:
    return _index.get(code)


def lang_key(lang: str) -> str:
    """The catalogue language: English for anything starting with "en", else Russian."""
    return "en" if lang.startswith("en") else "ru"


def text(code: str, lang: str = DEFAULT_LANG, **params: Any) -> str:
    """The text of message ``code`` in ``lang`` with ``params`` filled in, as they are."""
    texts = _index.get(code)
    if texts is None:
        return code + (" " + repr(params) if params else "")
    template = texts["en" if lang.startswith("en") else "ru"]  # lang_key, inlined: hot
    if not params:
        return template
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


def render(code: str, lang: str = DEFAULT_LANG, **params: Any) -> str:
    """The text of a problem's or an error's message ``code`` in ``lang``.

    Their parameters stay language-neutral; a few are shown here: ``value`` is quoted,
    ``expected`` (JSON types) and ``allowed`` (values) are listed, and a ``reason`` that
    is itself a message code is rendered.
    """
    shown = dict(params)
    if "value" in shown:
        shown["value"] = quote(shown["value"], lang)
    if "expected" in shown:
        joiner = " или " if lang == "ru" else " or "
        shown["expected"] = joiner.join(type_name(t, lang) for t in shown["expected"])
    if "reason" in shown and _lookup(str(shown["reason"])) is not None:
        shown["reason"] = text(str(shown["reason"]), lang)
    if "allowed" in shown:
        shown["allowed"] = ", ".join(quote(v, lang) for v in shown["allowed"])
    return text(code, lang, **shown)


def type_name(json_type: str, lang: str) -> str:
    names = TYPE_NAMES.get(json_type)
    return names.get(lang, json_type) if names else json_type


def quote(value: Any, lang: str) -> str:
    """Show a value the way a user typed it, quoted and shortened."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        return "пустое значение" if lang == "ru" else "an empty value"
    elif isinstance(value, dict):
        return "набор полей" if lang == "ru" else "a set of fields"
    elif isinstance(value, list | tuple):
        return "список" if lang == "ru" else "a list"
    else:
        text = str(value)
    if len(text) > 60:
        text = text[:57] + "…"
    return f"«{text}»" if lang == "ru" else f"“{text}”"


def format_problem(found: Problem, lang: str) -> str:
    """``file:line: field.path: message``, the one way problems are shown everywhere."""
    text = render(found.code, lang, **found.param_dict())
    if not found.is_error:
        text = render("check.warning_prefix", lang) + text
    where = found.path if found.line is None else f"{found.path}:{found.line}"
    return f"{where}: {found.field}: {text}" if found.field else f"{where}: {text}"
