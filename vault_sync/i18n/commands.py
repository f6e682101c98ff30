"""Lines the commands print: check, build, push, status, serve, init; usage errors, the
errors of the state database and the output folder, and the last-resort internal error.

Russian (the default) and English; rendered by :mod:`vault_sync.i18n`."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "usage.bad_lang": {
        "ru": "язык {value} не поддерживается; возможные: ru, en",
        "en": "language {value} is not supported; use ru or en",
    },
    "init.created": {"ru": "создан {path}", "en": "created {path}"},
    "init.failed": {
        "ru": "создать хранилище в {path} не удалось: {reason}",
        "en": "cannot create the vault in {path}: {reason}",
    },
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
    "serve.a_vault": {
        "ru": "{path} — папка заметок (в ней настройки и база состояния), её нельзя раздавать: "
        "раздайте папку результатов, например {path}/.vault-sync/public",
        "en": "{path} is a vault (its settings and state database are there) and is not "
        "served: serve its output folder, e.g. {path}/.vault-sync/public",
    },
    "serve.not_output": {
        "ru": "папку {path} строил не vault-sync (в ней нет файла .vault-sync-output), и она "
        "не раздаётся; выполните vault-sync build (с --out {path}) и раздайте то, что он "
        "записал",
        "en": "the folder {path} was not built by vault-sync (it has no .vault-sync-output "
        "file) and is not served; run vault-sync build (with --out {path}) and serve what it "
        "wrote",
    },
    "serve.listening": {
        "ru": "Раздаю {path} на http://127.0.0.1:{port}/ (остановить: Ctrl+C)",
        "en": "Serving {path} at http://127.0.0.1:{port}/ (stop: Ctrl+C)",
    },
    "serve.feed": {"ru": "Календарь {name}:", "en": "Calendar {name}:"},
    "serve.cannot_listen": {
        "ru": "раздавать на 127.0.0.1:{port} не получается: {reason}. Укажите другой порт "
        "(--port N; 0 — любой свободный)",
        "en": "cannot serve on 127.0.0.1:{port}: {reason}. Give another port (--port N; 0: "
        "any free one)",
    },
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
    "push.busy": {
        "ru": "хранилище {vault} уже публикуется другим процессом (vault-sync watch или push) "
        "слишком долго; повторите позже (блокировка {lock})",
        "en": "another process (vault-sync watch or push) has been publishing {vault} for too "
        "long; try again later (lock {lock})",
    },
    "push.incomplete": {
        "ru": "Сервер не принял файлов: {failed}; они не опубликованы. Несделанное ({pending} "
        "файлов) сохранено и будет опубликовано при следующем запуске",
        "en": "The server refused {failed} files; they are not published. The remaining work "
        "({pending} files) is kept and will be published next time",
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
    # --- errors a command ends with (vault_sync.errors) ----------------------------------
    "state.newer": {
        "ru": "базу состояния {path} создала более новая версия vault-sync (версия базы "
        "{version}, эта программа понимает до {known}). Обновите vault-sync. Или, чтобы "
        "начать заново, уберите этот файл в другое место — история публикаций (номера версий "
        "событий, что и куда опубликовано, конфликты) будет потеряна",
        "en": "the state database {path} was made by a newer vault-sync (database version "
        "{version}, this program knows up to {known}). Update vault-sync. Or, to start "
        "afresh, move the file elsewhere; the publication history (event revision numbers, "
        "what was published where, conflicts) is then lost",
    },
    "state.corrupt": {
        "ru": "файл {path} — не база состояния vault-sync или он повреждён. Восстановите его "
        "из резервной копии или, чтобы начать заново, уберите его в другое место — история "
        "публикаций (номера версий событий, что и куда опубликовано, конфликты) будет потеряна",
        "en": "{path} is not a vault-sync state database, or it is damaged. Restore it from a "
        "backup or, to start afresh, move it elsewhere; the publication history (event "
        "revision numbers, what was published where, conflicts) is then lost",
    },
    "state.unusable": {
        "ru": "базу состояния {path} не удалось открыть или записать: {reason}",
        "en": "the state database {path} cannot be opened or written: {reason}",
    },
    "state.reason.full": {
        "ru": "на диске не осталось места; освободите место и повторите",
        "en": "the disk is full; free some space and try again",
    },
    "state.reason.readonly": {
        "ru": "нет прав на запись; проверьте права на файл и папку .vault-sync",
        "en": "it may not be written; check the permissions of the file and of .vault-sync",
    },
    "state.reason.cantopen": {
        "ru": "файл не открывается; проверьте, что это файл, а не папка, и права на папку "
        ".vault-sync",
        "en": "the file cannot be opened; check that it is a file, not a folder, and the "
        "permissions of .vault-sync",
    },
    "state.reason.busy": {
        "ru": "базой занят другой процесс vault-sync; повторите, когда он закончит",
        "en": "another vault-sync process is using it; try again when it has finished",
    },
    "state.reason.io": {
        "ru": "ошибка чтения или записи диска",
        "en": "the disk failed to read or write",
    },
    "output.not_a_folder": {
        "ru": "результаты некуда записать: {blocker} — файл, а папка {path} должна быть "
        "внутри него. Укажите другую папку (--out или [output] dir в настройках) или уберите "
        "этот файл",
        "en": "the outputs cannot be written: {blocker} is a file, and the folder {path} "
        "would have to be inside it. Give another folder (--out, or [output] dir in the "
        "settings) or move that file away",
    },
    "output.is_a_file": {
        "ru": "результаты некуда записать: {path} — файл, а не папка. Укажите другую папку "
        "(--out или [output] dir в настройках) или уберите этот файл",
        "en": "the outputs cannot be written: {path} is a file, not a folder. Give another "
        "folder (--out, or [output] dir in the settings) or move that file away",
    },
    "output.foreign": {
        "ru": "в папке {path} есть файлы, которые записал не vault-sync ({files}): запись "
        "результатов могла бы их заменить. Укажите новую или пустую папку (--out или "
        "[output] dir в настройках) или, если эти файлы можно заменить, добавьте --overwrite",
        "en": "the folder {path} holds files vault-sync did not write ({files}): writing the "
        "outputs could replace them. Give a new or empty folder (--out, or [output] dir in "
        "the settings) or, if those files may be replaced, add --overwrite",
    },
    "output.unwritable": {
        "ru": "в папку {path} не удалось записать результаты: {reason}. Укажите другую папку "
        "(--out или [output] dir в настройках) или исправьте эту",
        "en": "the outputs cannot be written into {path}: {reason}. Give another folder "
        "(--out, or [output] dir in the settings) or fix this one",
    },
    "os.reason.permission": {"ru": "нет прав на запись", "en": "permission denied"},
    "os.reason.full": {"ru": "на диске не осталось места", "en": "the disk is full"},
    "os.reason.readonly": {
        "ru": "диск доступен только для чтения",
        "en": "the disk is mounted read-only",
    },
    "os.reason.not_a_folder": {
        "ru": "на пути есть файл, а не папка",
        "en": "a file stands where a folder should be",
    },
    "os.reason.port_taken": {
        "ru": "порт уже занят другой программой",
        "en": "another program is using the port",
    },
    "os.reason.is_a_folder": {
        "ru": "на месте файла — папка",
        "en": "a folder stands where a file should be",
    },
    "internal.error": {
        "ru": "Внутренняя ошибка vault-sync: {error}. Запустите команду с -v, чтобы увидеть "
        "подробности, и сообщите о ней.",
        "en": "Internal error of vault-sync: {error}. Run the command with -v to see the "
        "details, and report it.",
    },
    "internal.error_verbose": {
        "ru": "Внутренняя ошибка vault-sync: {error}. Подробности выше; сообщите о ней.",
        "en": "Internal error of vault-sync: {error}. The details are above; please report it.",
    },
}
