"""Messages of ``vault-sync import`` (:mod:`vault_sync.importer`), in Russian and English.

Filled with ``str.format``. ``text`` is a piece of the document as written; ``reason``
is the message of :mod:`vault_sync.notes.when` that says why a date was not understood.
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, dict[str, str]] = {
    # --- where in the document ---------------------------------------------------------------
    "import.where.line": {"ru": "строка {line}", "en": "line {line}"},
    "import.where.paragraph": {"ru": "абзац {line}", "en": "paragraph {line}"},
    # --- what was not recognised (listed in the output and in the note) --------------------
    "import.unused": {
        "ru": "«{text}» — не отнесено ни к одному свойству",
        "en": "“{text}” was not put into any property",
    },
    "import.type_unknown": {
        "ru": "не удалось понять, протокол это или план работы: повторите импорт "
        "с --type protocol или --type plan",
        "en": "could not tell whether this is a protocol or a plan: import it again "
        "with --type protocol or --type plan",
    },
    "import.no_association": {
        "ru": "объединение не определено: допишите в свойства association: КОД "
        "(коды объединений хранилища: {known}) или повторите импорт с --association КОД",
        "en": "the association is unknown: add association: CODE to the properties "
        "(the vault's associations: {known}) or import again with --association CODE",
    },
    "import.ambiguous_association": {
        "ru": "объединение не определено: подходят {known}; допишите в свойства "
        "association: КОД или повторите импорт с --association КОД",
        "en": "the association is unclear: {known} all fit; add association: CODE to the "
        "properties or import again with --association CODE",
    },
    "import.no_associations": {
        "ru": "в хранилище не описано ни одного объединения: добавьте в vault-sync.toml раздел "
        '[associations.КОД] с name = "полное название" и kind = "ГМО" (или РМО, ММО …), '
        "затем допишите в свойства заметки association: КОД",
        "en": "the vault describes no association: add a section [associations.CODE] with "
        'name = "full name" and kind = "ГМО" (or РМО, ММО …) to vault-sync.toml, then add '
        "association: CODE to the note's properties",
    },
    "import.no_date": {
        "ru": "дата заседания не найдена: допишите в свойства date: ГГГГ-ММ-ДД",
        "en": "the meeting's date was not found: add date: YYYY-MM-DD to the properties",
    },
    "import.not_a_day": {
        "ru": "«{text}» — здесь нужна одна дата, например 27.09.2021",
        "en": "“{text}”: one day is needed here, e.g. 27.09.2021",
    },
    "import.when": {"ru": "«{text}»: {reason}", "en": "“{text}”: {reason}"},
    "import.time": {
        "ru": 'время «{text}» не понято; допишите в свойства time: "14:00"',
        "en": 'the time “{text}” was not understood; add time: "14:00" to the properties',
    },
    "import.format": {
        "ru": "форма проведения «{text}» не понята; допишите format: очно, онлайн или смешанный",
        "en": "the format “{text}” was not understood; add format: очно, онлайн or смешанный",
    },
    "import.vote": {
        "ru": "голосование «{text}»: не найдено, сколько «за», «против» и «воздержались»; "
        "допишите vote к решению",
        "en": "vote “{text}”: the numbers for, against and abstained were not found; "
        "add vote to the decision",
    },
    "import.heard_extra": {
        "ru": "выступление «{text}» не отнесено ни к одному вопросу повестки",
        "en": "the speech “{text}” was not matched to any agenda item",
    },
    "import.block_decision": {
        "ru": "решение по вопросу {item} «{text}» не найдено в итоговом списке решений",
        "en": "the decision on item {item} “{text}” is not in the final list of decisions",
    },
    "import.due_not_date": {
        "ru": "срок «{text}» — не дата; оставлен в тексте решения",
        "en": "the deadline “{text}” is not a date; it stays in the decision's text",
    },
    "import.no_academic_year": {
        "ru": "учебный год не найден: допишите в свойства academic_year: 2021/2022",
        "en": "the academic year was not found: add academic_year: 2021/2022 to the properties",
    },
    "import.event_without_when": {
        "ru": "у мероприятия «{title}» не указан срок; оно не внесено в events",
        "en": "the activity “{title}” has no date; it was not added to events",
    },
    "import.event_when": {
        "ru": "мероприятие «{title}» не внесено в events: срок «{text}» не понят. {reason}",
        "en": "the activity “{title}” was not added to events: its date “{text}” was not "
        "understood. {reason}",
    },
    "import.row": {
        "ru": "строка таблицы «{text}» не разобрана: её ячейки не совпадают со столбцами заголовка",
        "en": "the table row “{text}” was not read: its cells do not match the header's columns",
    },
    "import.cell": {
        "ru": "столбец «{header}» («{text}») не соответствует ни одному свойству мероприятия",
        "en": "the column “{header}” (“{text}”) matches no property of an activity",
    },
    "import.part": {
        "ru": "«{text}» — не понято (срок, место, ответственные?)",
        "en": "“{text}” was not understood (date, place, people responsible?)",
    },
    # --- the note's section ------------------------------------------------------------------
    "import.section_title": {"ru": "Не распознано", "en": "Not recognised"},
    "import.section_intro": {
        "ru": "vault-sync import не смог отнести это к свойствам заметки (текст документа — "
        "выше). Перенесите нужное в свойства и удалите этот раздел и поле x-unrecognised.",
        "en": "vault-sync import could not put this into the note's properties (the document's "
        "text is above). Move what matters into the properties, then delete this section "
        "and the x-unrecognised field.",
    },
    # --- the command's output ----------------------------------------------------------------
    "import.written": {"ru": "{source} → {note} ({what})", "en": "{source} → {note} ({what})"},
    "import.what.protocol": {"ru": "протокол", "en": "protocol"},
    "import.what.plan": {"ru": "план работы", "en": "work plan"},
    "import.association_given": {"ru": "объединение {name}", "en": "association {name}"},
    "import.association_guessed": {
        "ru": "объединение {name} — по словам {words}",
        "en": "association {name}, by the words {words}",
    },
    "import.association_none": {"ru": "объединение не определено", "en": "no association"},
    "import.encoding": {
        "ru": "{source}: текст не в UTF-8, а в кодировке {encoding}; перекодирован",
        "en": "{source}: the text is not UTF-8 but {encoding}; converted",
    },
    "import.missed": {
        "ru": "{source}: не распознано: {text}",
        "en": "{source}: not recognised: {text}",
    },
    "import.not_written": {
        "ru": "{source}: заметка не записана",
        "en": "{source}: no note was written",
    },
    "import.summary": {
        "ru": "Документов: {total}; записано заметок: {written}; с нераспознанным: {partial}.",
        "en": "Documents: {total}; notes written: {written}; with something not recognised: "
        "{partial}.",
    },
    # --- errors ------------------------------------------------------------------------------
    "import.no_file": {"ru": "файл {path} не найден", "en": "the file {path} does not exist"},
    "import.unsupported": {
        "ru": "{path}: формат {suffix} не поддерживается; можно импортировать .docx, .odt, .txt "
        "и .doc (через LibreOffice)",
        "en": "{path}: the format {suffix} is not supported; .docx, .odt, .txt and .doc "
        "(through LibreOffice) can be imported",
    },
    "import.needs_extra": {
        "ru": "{path}: чтобы читать такие документы, нужен пакет {package}, а он не установлен. "
        "Установите его: pip install '{extra}' (файлы .txt читаются и без него)",
        "en": "{path}: reading such documents needs the package {package}, which is not "
        "installed. Install it: pip install '{extra}' (.txt files are read without it)",
    },
    "import.too_large": {
        "ru": "{path}: файл больше {size} МБ — для протокола или плана это слишком много; "
        "не прочитан. Разделите документ на части или сохраните его без вложенных картинок",
        "en": "{path}: the file is over {size} MB, too much for minutes or a plan; not read. "
        "Split the document or save it without embedded pictures",
    },
    "import.zip_bomb": {
        "ru": "{path}: часть документа «{part}» распаковывается в {size} МБ (слишком много или "
        "сжата неправдоподобно сильно — так устроены вредоносные «zip-бомбы»); документ не "
        "прочитан. Если вы ему доверяете, откройте его в Word или LibreOffice и сохраните заново",
        "en": "{path}: the document's part “{part}” unpacks into {size} MB (too much, or "
        "compressed implausibly well, as malicious “zip bombs” are); not read. If you trust it, "
        "open it in Word or LibreOffice and save it again",
    },
    "import.zip_many": {
        "ru": "{path}: в документе {count} частей — так устроены вредоносные «zip-бомбы», а не "
        "протоколы; документ не прочитан. Если вы ему доверяете, откройте его в Word или "
        "LibreOffice и сохраните заново",
        "en": "{path}: the document has {count} parts, as malicious “zip bombs” have, not "
        "minutes; not read. If you trust it, open it in Word or LibreOffice and save it again",
    },
    "import.too_costly": {
        "ru": "{path}: на чтение документа не хватило памяти; не прочитан. Разделите его на части",
        "en": "{path}: there was not enough memory to read the document; not read. Split it",
    },
    "import.note_too_large": {
        "ru": "{path}: заметка из документа заняла бы {size} МБ, больше предела {limit} МБ "
        "([vault] max_note_bytes в vault-sync.toml); не записана. Разделите документ на части",
        "en": "{path}: the note made of it would take {size} MB, over the limit of {limit} MB "
        "([vault] max_note_bytes in vault-sync.toml); not written. Split the document",
    },
    "import.unwritable": {
        "ru": "заметку {path} не удалось записать: {reason}. Освободите место или укажите "
        "другую папку (--into)",
        "en": "the note {path} cannot be written: {reason}. Free some space or import into "
        "another folder (--into)",
    },
    "import.unreadable": {
        "ru": "{path}: документ не удалось прочитать ({reason}); откройте его в Word или "
        "LibreOffice и сохраните заново как .docx",
        "en": "{path}: the document cannot be read ({reason}); open it in Word or LibreOffice "
        "and save it again as .docx",
    },
    "import.bad_encoding": {
        "ru": "{path}: не удалось определить кодировку текста; сохраните файл в UTF-8 "
        "(в Блокноте: «Сохранить как» → Кодировка: UTF-8)",
        "en": "{path}: the text's encoding could not be detected; save the file as UTF-8",
    },
    "import.doc_no_office": {
        "ru": "{path} — документ в старом формате Word (.doc), а LibreOffice не установлен. "
        "Установите его (Debian/Ubuntu: sudo apt install libreoffice-writer) — тогда "
        "vault-sync сам сконвертирует файл, — или откройте документ в Word или LibreOffice, "
        "сохраните как .docx («Файл → Сохранить как → Документ Word (*.docx)») и "
        "импортируйте .docx",
        "en": "{path} is an old Word document (.doc) and LibreOffice is not installed. "
        "Install it (Debian/Ubuntu: sudo apt install libreoffice-writer) and vault-sync "
        "converts the file itself, or open the document in Word or LibreOffice, save it "
        "as .docx (File → Save As → Word Document (*.docx)) and import the .docx",
    },
    "import.doc_failed": {
        "ru": "{path}: LibreOffice не смог сконвертировать документ в .docx ({reason}); "
        "сохраните его как .docx вручную",
        "en": "{path}: LibreOffice could not convert the document to .docx ({reason}); "
        "save it as .docx by hand",
    },
    "import.unknown_association": {
        "ru": "объединение {name} не описано в хранилище {vault}; известны: {known}",
        "en": "the association {name} is not described in the vault {vault}; known: {known}",
    },
    "import.no_name": {
        "ru": "{path}: не найдено свободное имя для заметки",
        "en": "{path}: no free name for the note",
    },
}
