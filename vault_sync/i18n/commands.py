"""Lines the commands print: check, build, push, status, serve, init, and usage errors.

Russian (the default) and English; rendered by :mod:`vault_sync.i18n`."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
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
