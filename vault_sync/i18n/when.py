"""Messages for the error codes of :mod:`vault_sync.notes.when`, in Russian and English.

Templates are filled with ``str.format(text=..., detail=...)``: ``text`` is the part of the
value that could not be understood, ``detail`` what exactly is wrong with it (a date, a time,
a period). They are read by school librarians, so they say what to write instead.
"""

from __future__ import annotations

__all__ = ["EXAMPLES", "MESSAGES"]

# The accepted forms, as examples a librarian can copy.
EXAMPLES: dict[str, str] = {
    "ru": (
        "22.09.2021, 22.09.2021 14:00, 22 сентября 2021 г., 10 октября, до 27.09.2021, "
        "октябрь, декабрь - март, в течение года, 1 раз в четверть, по плану работы РМО"
    ),
    "en": (
        "22.09.2021, 22.09.2021 14:00, 22 сентября 2021 г., 10 октября, до 27.09.2021, "
        "октябрь, декабрь - март, в течение года, 1 раз в четверть, по плану работы РМО "
        "(or ISO: 2021-09-22, 2021-09-22 14:00, 2021-10, 2021-12/2022-03, 2021/2022)"
    ),
}

MESSAGES: dict[str, dict[str, str]] = {
    "when.empty": {
        "ru": "Срок не указан. Пишите так: " + EXAMPLES["ru"] + ".",
        "en": "The date is missing. Write it like this: " + EXAMPLES["en"] + ".",
    },
    "when.unknown": {
        "ru": "«{text}» — не удалось понять дату. Пишите так: " + EXAMPLES["ru"] + ".",
        "en": "“{text}”: this date could not be understood. Write it like this: "
        + EXAMPLES["en"]
        + ".",
    },
    "when.impossible_date": {
        "ru": "«{text}» — такой даты не бывает ({detail}). Проверьте число и месяц.",
        "en": "“{text}”: there is no such date ({detail}). Check the day and the month.",
    },
    "when.no_year": {
        "ru": (
            "«{text}» — непонятно, какой это год. Укажите год (например, 22.09.2021 или "
            "октябрь 2021) или учебный год заметки (например, 2021/2022)."
        ),
        "en": (
            "“{text}”: the year is not clear. Add the year (for example 22.09.2021 or "
            "октябрь 2021) or give the note its academic year (for example 2021/2022)."
        ),
    },
    "when.bad_time": {
        "ru": "«{text}» — такого времени не бывает ({detail}). Время пишите так: 14:00 или 14-00.",
        "en": "“{text}”: there is no such time ({detail}). Write the time like this: 14:00.",
    },
    "when.time_without_date": {
        "ru": "«{text}» — указано время, но нет даты. Пишите дату вместе со временем: "
        "22.09.2021 14:00.",
        "en": "“{text}”: there is a time but no date. Write the date with the time: "
        "22.09.2021 14:00.",
    },
    "when.range_backwards": {
        "ru": (
            "«{text}» — конец периода раньше его начала ({detail}). В учебном году месяцы с "
            "сентября по декабрь относятся к первому году, с января по август — ко второму. "
            "Если период выходит за учебный год, укажите годы: март 2022 - декабрь 2022."
        ),
        "en": (
            "“{text}”: the period ends before it starts ({detail}). In an academic year, "
            "September to December belong to its first year, January to August to the "
            "second. If the period leaves the academic year, give the years: "
            "март 2022 - декабрь 2022."
        ),
    },
    "when.bad_academic_year": {
        "ru": (
            "«{text}» — не удалось понять учебный год. Пишите так: 2021/2022 "
            "(второй год на единицу больше первого)."
        ),
        "en": (
            "“{text}”: this academic year could not be understood. Write it like this: "
            "2021/2022 (the second year is the first plus one)."
        ),
    },
}
