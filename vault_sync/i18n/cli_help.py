"""The command line's help: every command's and option's text, and argparse's own words.

``MESSAGES`` holds the help of vault-sync's commands and options, Russian (the default)
and English, rendered by :mod:`vault_sync.i18n`. ``ARGPARSE`` translates the fixed
phrases of the standard library's argparse (``usage:``, ``options``, its error messages),
keyed by argparse's own English text, which is also the English translation. It holds the
phrases of Python 3.11 to 3.13; a phrase missing here is shown in English.
"""

from __future__ import annotations

__all__ = ["ARGPARSE", "MESSAGES"]

MESSAGES: dict[str, dict[str, str]] = {
    "help.description": {
        "ru": "Проверяет протоколы и планы работы в папке с заметками Markdown, строит по ним "
        "календари и сводки и публикует их в Nextcloud.",
        "en": "Validate the minutes and work plans of a folder of Markdown notes, build "
        "calendars and summaries from them, and publish them to Nextcloud.",
    },
    "help.epilog": {
        "ru": "Справка по команде: vault-sync КОМАНДА --help",
        "en": "Help on a command: vault-sync COMMAND --help",
    },
    "help.commands_title": {"ru": "команды", "en": "commands"},
    "help.metavar.command": {"ru": "КОМАНДА", "en": "COMMAND"},
    "help.metavar.file": {"ru": "ФАЙЛ", "en": "FILE"},
    "help.metavar.dir": {"ru": "ПАПКА", "en": "DIR"},
    "help.metavar.vault": {"ru": "ХРАНИЛИЩЕ", "en": "VAULT"},
    "help.metavar.code": {"ru": "КОД", "en": "CODE"},
    "help.metavar.port": {"ru": "ПОРТ", "en": "PORT"},
    "help.option.version": {
        "ru": "показать номер версии и выйти",
        "en": "show the version number and exit",
    },
    "help.option.config": {
        "ru": "файл настроек (по умолчанию: vault-sync.toml в хранилище)",
        "en": "settings file (default: vault-sync.toml in the vault)",
    },
    "help.option.lang": {
        "ru": "язык сообщений и справки: ru (по умолчанию) или en",
        "en": "language of messages and help: ru (default) or en",
    },
    "help.option.verbose": {"ru": "выводить подробнее", "en": "say more"},
    "help.option.quiet": {"ru": "выводить только ошибки", "en": "print only problems"},
    "help.option.vault": {
        "ru": "папка хранилища (по умолчанию: текущая папка)",
        "en": "the vault folder (default: the current folder)",
    },
    "help.option.jobs": {
        "ru": "сколько процессов читают заметки, когда их много (по умолчанию: по одному на "
        "ядро, не больше 4; 1 — только этот процесс)",
        "en": "processes that read notes when there are many (default: one per core, "
        "up to 4; 1: this process only)",
    },
    "help.option.jobs_invalid": {
        "ru": "нужно целое число от 1, а не {value}",
        "en": "a whole number from 1 up, not {value}",
    },
    "help.option.port_invalid": {
        "ru": "нужен номер порта от 0 до 65535, а не {value}",
        "en": "a port number from 0 to 65535, not {value}",
    },
    "help.check.help": {"ru": "проверить все заметки", "en": "validate every note"},
    "help.check.description": {
        "ru": "Проверяет все заметки и выводит каждую ошибку в виде «файл:строка: поле: "
        "сообщение». Код выхода 1, если есть заметки с ошибками.",
        "en": "Validate every note; print every problem as file:line: field: message. "
        "Exit 1 if any note is invalid.",
    },
    "help.check.json": {"ru": "вывести результат в формате JSON", "en": "print the result as JSON"},
    "help.build.help": {
        "ru": "записать календари, сводки и обзоры в папку",
        "en": "write calendars, summaries and digests to a folder",
    },
    "help.build.description": {
        "ru": "Записывает календари, сводки и обзоры в папку (встроенная цель по умолчанию). "
        "Перезаписываются только изменившиеся файлы. Код выхода 1, если какие-то заметки "
        "задержаны из-за ошибок.",
        "en": "Write the calendar feeds, summaries and digests into a folder (the embedded "
        "default target). Only changed files are rewritten. Exit 1 if notes were held back.",
    },
    "help.build.out": {
        "ru": "папка для результатов (по умолчанию: [output] dir из настроек, "
        ".vault-sync/public в хранилище)",
        "en": "the output folder (default: [output] dir of the settings, "
        ".vault-sync/public in the vault)",
    },
    "help.build.overwrite": {
        "ru": "писать в папку результатов, даже если в ней есть файлы, которые записала не "
        "vault-sync",
        "en": "write into the output folder even when it holds files vault-sync did not write",
    },
    "help.push.reshare": {
        "ru": "перевести календари, у которых ещё свои ссылки, на ссылку папки календарей",
        "en": "move feeds that still have links of their own to the calendars folder's link",
    },
    "help.build.force_delete": {
        "ru": "удалять результаты, даже если уйдёт больше половины из них",
        "en": "remove outputs even when more than half of them would go",
    },
    "help.serve.help": {
        "ru": "раздавать собранную папку по HTTP на 127.0.0.1",
        "en": "serve the built folder over HTTP on 127.0.0.1",
    },
    "help.serve.description": {
        "ru": "Раздаёт собранные календари и сводки на 127.0.0.1 (календари как text/calendar, "
        "с ETag и Last-Modified) и выводит ссылки для подписки.",
        "en": "Serve the built feeds and summaries on 127.0.0.1 (text/calendar for feeds, "
        "ETag and Last-Modified) and print the subscription links.",
    },
    "help.serve.dir": {
        "ru": "папка, которую раздавать (по умолчанию: папка сборки хранилища в текущей папке)",
        "en": "the folder to serve (default: the build folder of the vault in the current folder)",
    },
    "help.serve.port": {
        "ru": "порт (по умолчанию 8765; 0 — любой свободный)",
        "en": "port (default 8765; 0: any)",
    },
    "help.push.help": {
        "ru": "собрать и опубликовать изменения в Nextcloud",
        "en": "build, then publish what changed to Nextcloud",
    },
    "help.push.description": {
        "ru": "Собирает результаты и публикует изменившееся в папку Nextcloud из настроек "
        "([remote]); выводит ссылки для подписки. Код выхода 1, если заметки задержаны или "
        "файлы в конфликте, 3 — если сервер недоступен (работа остаётся в очереди).",
        "en": "Build, then publish what changed to the Nextcloud folder of the settings "
        "([remote]); show the subscription links. Exit 1 if notes were held back or files "
        "are in conflict, 3 if the server cannot be reached (the work stays queued).",
    },
    "help.push.dry_run": {
        "ru": "только показать, что будет создано, обновлено и удалено; ничего не отправлять",
        "en": "list what would be created, updated and deleted; send nothing",
    },
    "help.push.force_delete": {
        "ru": "удалять файлы на сервере, даже если уйдёт больше половины из них",
        "en": "delete remote files even when more than half of them would go",
    },
    "help.watch.help": {
        "ru": "служба: собирать и публиковать при каждом изменении",
        "en": "the daemon: build and publish on every change",
    },
    "help.watch.description": {
        "ru": "Следит за хранилищем и при каждом изменении собирает изменившееся в локальную "
        "папку и публикует в Nextcloud, если задан раздел [remote]. При запуске наверстывает "
        "пропущенное, каждые 10 минут сверяет всё хранилище, переживает недоступность "
        "сервера и пропажу папки. Работает до SIGTERM или SIGINT, затем выходит с кодом 0; "
        "код 2 — если за хранилищем уже следит другая служба.",
        "en": "Watch the vault and, on every change, build what changed into the local folder "
        "and publish it to Nextcloud when [remote] is set. Catches up at start, rescans every "
        "10 minutes, survives the server or the vault folder going away. Runs until SIGTERM "
        "or SIGINT, then exits 0; 2 if another daemon already watches the vault.",
    },
    "help.watch.polling": {
        "ru": "проверять папку каждую секунду вместо уведомлений inotify "
        "(сетевые папки: NFS, SMB/CIFS, sshfs)",
        "en": "poll the folder every second instead of inotify notifications "
        "(network shares: NFS, SMB/CIFS, sshfs)",
    },
    "help.status.help": {
        "ru": "последняя публикация, очередь, конфликты, задержанные заметки, ссылки",
        "en": "last push, queued work, conflicts, held-back notes, links",
    },
    "help.status.description": {
        "ru": "Показывает последнюю публикацию, что ещё в очереди, конфликты, задержанные "
        "заметки и ссылки для подписки. Запросов к серверу не отправляет.",
        "en": "Show the last push, what is still queued, conflicts, notes held back and the "
        "subscription links. Sends no request.",
    },
    "help.init.help": {"ru": "создать новое хранилище", "en": "scaffold a new vault"},
    "help.init.description": {
        "ru": "Создаёт хранилище: настройки, шаблоны, пример заметки.",
        "en": "Create a vault: settings, templates, an example.",
    },
    "help.init.dir": {
        "ru": "папка, в которой создать хранилище (по умолчанию: текущая папка)",
        "en": "the folder to create the vault in (default: the current folder)",
    },
    "help.import.help": {
        "ru": "превратить документы (.docx, .odt, .txt, .doc) в заметки",
        "en": "turn existing documents (.docx, .odt, .txt, .doc) into notes",
    },
    "help.import.description": {
        "ru": "Превращает готовые протоколы и планы работы (.docx, .odt, .txt; .doc через "
        "LibreOffice) в заметки хранилища: свойства заполняются по тексту, текст остаётся "
        "телом заметки, а нераспознанное перечисляется в выводе и в заметке. Заметка никогда "
        "не перезаписывается: к занятому имени добавляется « (2)». Код выхода 1, если что-то "
        "не распознано, 2 — если файл не читается.",
        "en": "Turn existing minutes and work plans (.docx, .odt, .txt; .doc through "
        "LibreOffice) into notes of the vault: the frontmatter is filled from the text, the "
        "text stays as the note's body, and what was not recognised is listed, in the output "
        'and in the note. A note is never overwritten: a taken name gets " (2)". Exit 1 if '
        "anything was left unrecognised, 2 if a file cannot be read.",
    },
    "help.import.files": {"ru": "документы для импорта", "en": "the documents to import"},
    "help.import.into": {
        "ru": "хранилище, в которое записать заметки (по умолчанию: текущая папка)",
        "en": "the vault to write the notes into (default: the current folder)",
    },
    "help.import.association": {
        "ru": "код объединения документов в хранилище (по умолчанию: определяется по словам "
        "документа, например по городу и «ГМО»)",
        "en": "the code of the documents' association in the vault (default: found from "
        "the document's words, e.g. the city and ГМО)",
    },
    "help.import.type": {
        "ru": "что это за документы (по умолчанию: определяется по тексту)",
        "en": "what the documents are (default: found from their text)",
    },
}

# argparse's fixed phrases -> Russian. The key is argparse's English text.
ARGPARSE: dict[str, str] = {
    "usage: ": "использование: ",
    "positional arguments": "позиционные аргументы",
    "options": "параметры",
    "optional arguments": "параметры",
    "subcommands": "команды",
    "show this help message and exit": "показать эту справку и выйти",
    "show program's version number and exit": "показать номер версии и выйти",
    "argument %(argument_name)s: %(message)s": "аргумент %(argument_name)s: %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: ошибка: %(message)s\n",
    "the following arguments are required: %s": "не указаны обязательные аргументы: %s",
    "one of the arguments %s is required": "нужен один из аргументов %s",
    "unrecognized arguments: %s": "неизвестные аргументы: %s",
    "not allowed with argument %s": "нельзя указывать вместе с %s",
    "ignored explicit argument %r": "лишнее значение %r",
    "expected one argument": "нужно одно значение",
    "expected at most one argument": "нужно не больше одного значения",
    "expected at least one argument": "нужно хотя бы одно значение",
    "expected %s argument": "нужно значений: %s",
    "expected %s arguments": "нужно значений: %s",
    "ambiguous option: %(option)s could match %(matches)s": (
        "неоднозначный параметр: %(option)s может означать %(matches)s"
    ),
    "unexpected option string: %s": "неожиданный параметр: %s",
    "invalid %(type)s value: %(value)r": "недопустимое значение %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "недопустимое значение: %(value)r (возможные: %(choices)s)"
    ),
    "invalid choice: %(value)r, choose from %(choices)s": (
        "недопустимое значение: %(value)r, возможные: %(choices)s"
    ),
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "неизвестная команда %(parser_name)r (возможные: %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "не удалось открыть «%(filename)s»: %(error)s",
    "cannot have multiple subparser arguments": "команда может быть только одна",
}
