"""Texts of the errors of publishing to Nextcloud: the password, the address, the server.

A catalogue of :mod:`vault_sync.i18n`. Parameters: ``method``, ``path`` (as
Nextcloud's Files app shows it), ``host``, ``status`` for server errors; ``reason`` may
itself be a message code (``remote.reason.*``, ``credentials.reason.*``).
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, dict[str, str]] = {
    # --- the app password ---------------------------------------------------------------
    "credentials.missing": {
        "ru": "не задан пароль приложения Nextcloud. Укажите его одним из трёх способов: "
        "переменная окружения {variable}; файл с паролем — password_file в разделе [remote] "
        "файла vault-sync.toml; команда, которая выводит пароль, — password_command там же. "
        "Пароль приложения создаётся в Nextcloud: Настройки → Безопасность → "
        "«Создать пароль приложения»",
        "en": "no Nextcloud app password is set. Give it one of three ways: the environment "
        "variable {variable}; a file holding it, password_file in the [remote] section of "
        "vault-sync.toml; a command printing it, password_command there. App passwords are "
        "made in Nextcloud: Settings → Security → “Create new app password”",
    },
    "credentials.empty": {
        "ru": "пароль приложения пуст (источник: {source}); впишите пароль в первую строку",
        "en": "the app password is empty (from {source}); put it on the first line",
    },
    "credentials.file_unreadable": {
        "ru": "файл с паролем {file} не удалось прочитать: {reason}",
        "en": "the password file {file} cannot be read: {reason}",
    },
    "credentials.reason.not_found": {"ru": "такого файла нет", "en": "there is no such file"},
    "credentials.reason.denied": {
        "ru": "нет прав на чтение; файл должен принадлежать пользователю, от имени которого "
        "запускается vault-sync",
        "en": "permission denied; the file must belong to the user running vault-sync",
    },
    "credentials.file_not_file": {
        "ru": "{file} — не обычный файл; укажите в password_file файл, где первая строка — "
        "пароль приложения",
        "en": "{file} is not a regular file; password_file must name a file whose first line "
        "is the app password",
    },
    "credentials.file_open": {
        "ru": "файл с паролем {file} могут читать или менять другие пользователи этого "
        "компьютера (права {mode}); пароль не использован. Закройте доступ командой: "
        "chmod 600 {file}",
        "en": "other users of this computer can read or change the password file {file} "
        "(mode {mode}); the password was not used. Restrict it: chmod 600 {file}",
    },
    "credentials.file_encoding": {
        "ru": "файл с паролем {file} записан не в UTF-8; пересохраните его в UTF-8",
        "en": "the password file {file} is not UTF-8; save it as UTF-8",
    },
    "credentials.command_syntax": {
        "ru": "password_command записана с ошибкой (например, не закрыта кавычка); "
        'пример: password_command = "pass show nextcloud/vault-sync"',
        "en": "password_command cannot be split into words (an unclosed quote?); "
        'e.g. password_command = "pass show nextcloud/vault-sync"',
    },
    "credentials.command_not_found": {
        "ru": "программа {program} из password_command не найдена; проверьте, что она "
        "установлена, или укажите полный путь к ней",
        "en": "the program {program} of password_command is not found; install it or give "
        "its full path",
    },
    "credentials.command_not_runnable": {
        "ru": "программу {program} из password_command нельзя запустить: нет прав на запуск",
        "en": "the program {program} of password_command cannot be run: permission denied",
    },
    "credentials.command_timeout": {
        "ru": "команда password_command ({program}) не выдала пароль за {seconds} с "
        "(возможно, она ждёт ввода); проверьте её, запустив вручную",
        "en": "password_command ({program}) gave no password within {seconds} s (is it "
        "waiting for input?); try running it yourself",
    },
    "credentials.command_failed": {
        "ru": "команда password_command ({program}) завершилась с ошибкой (код {status}). "
        "Её сообщения не показываются, так как в них может оказаться пароль: запустите "
        "команду вручную, чтобы увидеть причину",
        "en": "password_command ({program}) failed (status {status}). Its messages are not "
        "shown, as they may contain the password: run it yourself to see why",
    },
    "credentials.command_encoding": {
        "ru": "команда password_command ({program}) вывела не текст в UTF-8",
        "en": "password_command ({program}) printed something that is not UTF-8 text",
    },
    # --- the address ---------------------------------------------------------------------
    "remote.url_credentials": {
        "ru": "в адресе сервера (url в разделе [remote]) записаны имя и пароль; уберите их "
        "из адреса: имя указывается в user, пароль — в VAULT_SYNC_PASSWORD или в файле",
        "en": "the server address (url in [remote]) contains a user name and password; "
        "remove them: the name goes in user, the password in VAULT_SYNC_PASSWORD or a file",
    },
    "remote.insecure_http": {
        "ru": "адрес сервера начинается с http://, а не https://: пароль ушёл бы по сети "
        "незашифрованным, поэтому подключение к {host} отклонено. Укажите адрес https://",
        "en": "the server address starts with http://, not https://: the password would "
        "cross the network unencrypted, so connecting to {host} is refused. Use https://",
    },
    "remote.url_scheme": {
        "ru": "адрес сервера {url} не подходит; нужен адрес вида https://cloud.school.ru",
        "en": "the server address {url} cannot be used; give one like https://cloud.school.ru",
    },
    "remote.bad_root": {
        "ru": "папка root = «{root}» в разделе [remote] не подходит: в ней не должно быть "
        'частей «.» и «..»; пример: root = "vault-sync"',
        "en": "the folder root = “{root}” in [remote] cannot be used: no “.” or “..” parts; "
        'e.g. root = "vault-sync"',
    },
    # --- answers of the server -----------------------------------------------------------
    "remote.auth": {
        "ru": "Nextcloud {host} не принял имя пользователя или пароль приложения (ответ 401). "
        "Проверьте user в настройках; если пароль приложения удалён или отозван, создайте "
        "новый: Настройки → Безопасность → «Создать пароль приложения»",
        "en": "Nextcloud {host} did not accept the user name or the app password (401). "
        "Check user in the settings; if the app password was deleted or revoked, create a "
        "new one: Settings → Security → “Create new app password”",
    },
    "remote.forbidden": {
        "ru": "Nextcloud {host} запретил {method} {path} (ответ 403): у пользователя нет прав "
        "на эту папку, или пароль приложения отозван либо ограничен",
        "en": "Nextcloud {host} refused {method} {path} (403): the user may not write there, "
        "or the app password was revoked or restricted",
    },
    "remote.not_found": {
        "ru": "на сервере нет {path} (ответ 404)",
        "en": "{path} does not exist on the server (404)",
    },
    "remote.parent_missing": {
        "ru": "не удалось записать {path}: на сервере нет папки, в которой он должен лежать, "
        "или на её месте файл (ответ 409)",
        "en": "{path} cannot be written: its folder does not exist on the server, or a file "
        "has the folder's name (409)",
    },
    "remote.conflict": {
        "ru": "файл {path} на сервере кто-то изменил после последней публикации; он оставлен "
        "как есть, изменения не затёрты (ответ 412)",
        "en": "someone changed {path} on the server since it was last published; it was kept "
        "as it is (412)",
    },
    "remote.locked": {
        "ru": "файл {path} на сервере занят (открыт в редакторе или синхронизируется; "
        "ответ 423); попробуем позже",
        "en": "{path} is locked on the server (open in an editor or being synced; 423); "
        "it will be tried again later",
    },
    "remote.too_many_requests": {
        "ru": "сервер {host} просит присылать запросы реже (ответ 429); отправка продолжится позже",
        "en": "the server {host} asks for fewer requests (429); publishing continues later",
    },
    "remote.no_space": {
        "ru": "на сервере {host} закончилось место или квота пользователя (ответ 507); "
        "освободите место или попросите администратора увеличить квоту",
        "en": "the server {host} or the user's quota is full (507); free some space or ask "
        "the administrator for a larger quota",
    },
    "remote.server_error": {
        "ru": "ошибка на сервере {host} (ответ {status}) при {method} {path}; обычно она "
        "временная — отправка будет повторена при следующем запуске. Если повторяется, "
        "сообщите администратору Nextcloud",
        "en": "the server {host} failed ({status}) on {method} {path}; usually this passes — "
        "publishing is tried again next time. If it persists, tell the Nextcloud administrator",
    },
    "remote.unreachable": {
        "ru": "сервер {host} недоступен: {reason}. Проверьте подключение к интернету и url в "
        "настройках; неотправленное будет отправлено при следующем запуске",
        "en": "the server {host} cannot be reached: {reason}. Check the network and url in the "
        "settings; what was not sent is sent next time",
    },
    "remote.reason.dns": {
        "ru": "такой адрес не найден (проверьте, нет ли в нём опечатки)",
        "en": "no such address (check it for typos)",
    },
    "remote.reason.refused": {
        "ru": "сервер отказал в подключении (он выключен или адрес неверен)",
        "en": "the connection was refused (the server is down or the address is wrong)",
    },
    "remote.reason.closed": {
        "ru": "соединение оборвалось",
        "en": "the connection was cut",
    },
    "remote.reason.other": {
        "ru": "нет соединения",
        "en": "no connection",
    },
    "remote.timeout": {
        "ru": "сервер {host} не ответил за {seconds} с на {method} {path}; неотправленное "
        "будет отправлено при следующем запуске",
        "en": "the server {host} did not answer {method} {path} within {seconds} s; what was "
        "not sent is sent next time",
    },
    "remote.tls": {
        "ru": "не удалось установить защищённое соединение с {host}: сертификат сервера не "
        "подтверждён (просрочен, выдан на другое имя или самоподписанный). Сообщите "
        "администратору сервера; проверка сертификата не отключается",
        "en": "no secure connection to {host}: the server's certificate is not trusted "
        "(expired, for another name, or self-signed). Tell the server's administrator; "
        "certificate checks cannot be turned off",
    },
    "remote.redirected": {
        "ru": "сервер {host} перенаправляет {method} {path} на другой адрес ({location}); "
        "укажите в url точный адрес Nextcloud, с https://",
        "en": "the server {host} redirects {method} {path} elsewhere ({location}); give the "
        "exact Nextcloud address, with https://, as url",
    },
    "remote.unexpected": {
        "ru": "сервер {host} ответил на {method} {path} неожиданно ({reason})",
        "en": "the server {host} answered {method} {path} unexpectedly ({reason})",
    },
    "remote.bad_response": {
        "ru": "ответ сервера {host} на {method} {path} не удалось разобрать; возможно, по "
        "этому адресу не Nextcloud",
        "en": "the answer of {host} to {method} {path} cannot be read; perhaps this address "
        "is not a Nextcloud",
    },
    "remote.share_refused": {
        "ru": "Nextcloud не создал публичную ссылку на {path}: {reason}. Возможно, "
        "администратор запретил публичные ссылки (Настройки администрирования → Общий "
        "доступ) или требует для них пароль",
        "en": "Nextcloud did not create a public link to {path}: {reason}. Perhaps the "
        "administrator disabled public links (Administration settings → Sharing) or "
        "requires a password for them",
    },
}
