"""Texts of the daemon (``vault-sync watch``): one journal line per event.

A catalogue of :mod:`vault_sync.i18n`. Lines are short and complete on their
own (journald adds the time); they name files, never a password.
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, dict[str, str]] = {
    "watch.started": {
        "ru": "Слежу за {vault}: {mode}; публикую в {targets}. Пауза после сохранения "
        "{debounce} мс, полная сверка каждые {rescan} с",
        "en": "Watching {vault}: {mode}; publishing to {targets}. Quiet time after a save "
        "{debounce} ms, full rescan every {rescan} s",
    },
    "watch.mode.inotify": {"ru": "уведомления inotify", "en": "inotify notifications"},
    "watch.mode.polling": {
        "ru": "опрос папки раз в {seconds} с",
        "en": "polling the folder every {seconds} s",
    },
    "watch.target.remote": {"ru": "Nextcloud {url}", "en": "Nextcloud {url}"},
    "watch.watch_limit": {
        "ru": "inotify не может следить за всеми папками ({reason}); перехожу на опрос папки. "
        "Чтобы вернуть мгновенные уведомления, увеличьте предел: "
        "sysctl fs.inotify.max_user_watches=524288",
        "en": "inotify cannot watch every folder ({reason}); polling the folder instead. "
        "To get instant notifications back, raise the limit: "
        "sysctl fs.inotify.max_user_watches=524288",
    },
    "watch.overflow": {
        "ru": "очередь уведомлений inotify переполнилась, часть изменений могла потеряться; "
        "сверяю хранилище целиком",
        "en": "the inotify event queue overflowed and changes may have been lost; "
        "rescanning the whole vault",
    },
    "watch.rearmed": {
        "ru": "наблюдение за папкой остановилось; запущено снова, сверяю хранилище целиком",
        "en": "watching the folder had stopped; started again, rescanning the whole vault",
    },
    "watch.catch_up": {
        "ru": "сверка при запуске: заметок прочитано {reread}; записано файлов: {written}, "
        "без изменений: {unchanged}, удалено: {removed}",
        "en": "catch-up at start: {reread} notes read; {written} files written, "
        "{unchanged} unchanged, {removed} removed",
    },
    "watch.changes": {
        "ru": "изменились заметки: {count} ({names}); записано файлов: {written}, "
        "удалено: {removed}",
        "en": "notes changed: {count} ({names}); {written} files written, {removed} removed",
    },
    "watch.rescan": {
        "ru": "полная сверка: изменились заметки: {count} ({names}); записано файлов: "
        "{written}, удалено: {removed}",
        "en": "full rescan: notes changed: {count} ({names}); {written} files written, "
        "{removed} removed",
    },
    "watch.more": {"ru": "и ещё {count}", "en": "and {count} more"},
    "watch.pushed": {
        "ru": "опубликовано в Nextcloud: создано {created}, обновлено {updated}, удалено {deleted}",
        "en": "published to Nextcloud: {created} created, {updated} updated, {deleted} deleted",
    },
    "watch.unreachable": {
        "ru": "сервер Nextcloud недоступен; несделанное ({pending} файлов) сохранено, "
        "повторю через {seconds} с. Ничего не удалено",
        "en": "the Nextcloud server cannot be reached; the remaining work ({pending} files) "
        "is kept, next try in {seconds} s. Nothing was deleted",
    },
    "watch.push_incomplete": {
        "ru": "опубликовано не всё: осталось файлов: {pending}; повторю через {seconds} с",
        "en": "not everything was published: {pending} files left; next try in {seconds} s",
    },
    "watch.push_error": {
        "ru": "публикация в Nextcloud не удалась: {reason}. Повторю через {seconds} с",
        "en": "publishing to Nextcloud failed: {reason}. Next try in {seconds} s",
    },
    "watch.push_abandoned": {
        "ru": "публикация прервана остановкой; начатое будет проверено и доделано "
        "при следующем запуске",
        "en": "publishing was interrupted by the stop; what was started is checked and "
        "finished at the next start",
    },
    "watch.local_error": {
        "ru": "не удалось записать в {out}: {reason}. Повторю через {seconds} с",
        "en": "cannot write to {out}: {reason}. Next try in {seconds} s",
    },
    "watch.vault_empty": {
        "ru": "в хранилище {vault} нет ни одной заметки (папка пуста или не подключена?). "
        "Ничего не публикую и не удаляю, пока заметки не появятся",
        "en": "the vault {vault} holds no note (emptied or not mounted?). "
        "Publishing and deleting nothing until notes are back",
    },
    "watch.internal_error": {
        "ru": "внутренняя ошибка vault-sync: {error}. Работаю дальше; полная сверка через "
        "{seconds} с. Сообщите об ошибке",
        "en": "vault-sync internal error: {error}. Going on; full rescan in {seconds} s. "
        "Please report it",
    },
    "watch.vault_gone": {
        "ru": "папка хранилища {vault} пропала или пуста (не подключён сетевой диск?). "
        "Ничего не удаляю; проверяю каждые {seconds} с",
        "en": "the vault folder {vault} is gone or empty (an unmounted share?). "
        "Deleting nothing; checking every {seconds} s",
    },
    "watch.vault_back": {
        "ru": "папка хранилища {vault} снова на месте; сверяю всё",
        "en": "the vault folder {vault} is back; rescanning everything",
    },
    "watch.config_reloaded": {
        "ru": "настройки {file} перечитаны; сверяю всё",
        "en": "the settings {file} were read again; rescanning everything",
    },
    "watch.config_rejected": {
        "ru": "новые настройки не применены, работаю с прежними: {reason}",
        "en": "the new settings were not applied, keeping the previous ones: {reason}",
    },
    "watch.already_running": {
        "ru": "за хранилищем {vault} уже следит другой vault-sync watch (процесс {pid}); "
        "второй не запущен. Блокировка: {lock}",
        "en": "another vault-sync watch (process {pid}) is already watching {vault}; "
        "not starting a second one. Lock: {lock}",
    },
    "watch.lock_failed": {
        "ru": "не удалось создать файл блокировки {lock}: {reason}",
        "en": "cannot create the lock file {lock}: {reason}",
    },
    "watch.bad_env": {
        "ru": "переменная окружения {name}={value}: нужно положительное число",
        "en": "the environment variable {name}={value}: a positive number is needed",
    },
    "watch.stopping": {
        "ru": "получен сигнал {signal}: заканчиваю работу",
        "en": "got signal {signal}: stopping",
    },
    "watch.stopped": {"ru": "остановлен", "en": "stopped"},
}
