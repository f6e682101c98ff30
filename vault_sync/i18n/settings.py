"""Messages about the settings file (``vault-sync.toml``) and the vault folder.

Russian (the default) and English; rendered by :mod:`vault_sync.i18n`."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
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
    "config.reason.bool": {
        "ru": "ожидается true или false (без кавычек)",
        "en": "expected true or false (without quotes)",
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
        "ru": "код: строчные латинские буквы, цифры, дефис (без пробелов и переводов строки, "
        "до 64 знаков), например gmo-krasnoyarsk",
        "en": "a code is lowercase Latin letters, digits and hyphens (no spaces or line "
        "breaks, at most 64), e.g. gmo-krasnoyarsk",
    },
    "config.reason.association": {
        "ru": "ожидается раздел с полями name, kind, timezone",
        "en": "expected a section with name, kind, timezone",
    },
    "config.reason.reserved": {
        "ru": "коды all, deadlines и calendars заняты общими календарями; выберите другой",
        "en": "the codes all, deadlines and calendars belong to the common calendars; pick another",
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
    "vault.empty": {
        "ru": "в папке {path} нет ни одной заметки: она пуста или сетевой диск не подключён. "
        "Ничего не опубликовано и не удалено. Если заметки действительно удалены, а "
        "опубликованное надо убрать, повторите с --force-delete",
        "en": "the folder {path} holds no note: it is empty or the share is not mounted. "
        "Nothing was published or deleted. If the notes really are gone and what was "
        "published must go too, run again with --force-delete",
    },
    "vault.missing": {
        "ru": "папка {path} не найдена",
        "en": "the folder {path} does not exist",
    },
    "vault.broken_link": {
        "ru": "{path} — ссылка (symlink) на папку, которой нет (или ссылки ведут по кругу). "
        "Подключите диск или общую папку, на которую она указывает, или укажите саму папку",
        "en": "{path} is a symbolic link to a folder that does not exist (or links that loop). "
        "Mount the drive or share it points to, or name the folder itself",
    },
    "vault.not_a_folder": {
        "ru": "{path} — не папка",
        "en": "{path} is not a folder",
    },
}
