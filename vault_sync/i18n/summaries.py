"""Every fixed phrase of summaries and digests, in Russian (the default) and English.

Templates are filled with ``str.format``; what goes in (dates, names, counts) is formatted
by the caller. Codes start with ``summary.``, ``digest.`` or ``unit.`` (one catalogue of
:mod:`vault_sync.i18n`).
``unit.*`` entries are the three Russian plural forms "one|few|many" (1 заседание,
2 заседания, 5 заседаний); English has "one|other|other".
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # --- plural units --------------------------------------------------------------------
    "unit.meetings": {"ru": "заседание|заседания|заседаний", "en": "meeting|meetings|meetings"},
    "unit.people": {"ru": "человек|человека|человек", "en": "person|people|people"},
    "unit.required": {
        "ru": "обязательного|обязательных|обязательных",
        "en": "required meeting|required meetings|required meetings",
    },
    # --- protocol summary ------------------------------------------------------------------
    "summary.protocol_title": {
        "ru": "Протокол{number} заседания{kind} от {date}",
        "en": "Minutes{number} of the{kind} meeting of {date}",
    },
    "summary.number": {"ru": " №{number}", "en": " No. {number}"},
    "summary.association": {"ru": "Объединение", "en": "Association"},
    "summary.date": {"ru": "Дата", "en": "Date"},
    "summary.time": {"ru": "Время", "en": "Time"},
    "summary.format": {"ru": "Формат", "en": "Format"},
    "summary.format.in-person": {"ru": "очно", "en": "in person"},
    "summary.format.online": {"ru": "онлайн", "en": "online"},
    "summary.format.hybrid": {
        "ru": "смешанный (очно и онлайн)",
        "en": "hybrid (in person and online)",
    },
    "summary.place": {"ru": "Место", "en": "Place"},
    "summary.topic": {"ru": "Тема", "en": "Topic"},
    "summary.goal": {"ru": "Цель", "en": "Goal"},
    "summary.chair.one": {"ru": "Ведущий", "en": "Chair"},
    "summary.chair.many": {"ru": "Ведущие", "en": "Chairs"},
    "summary.secretary.one": {"ru": "Секретарь", "en": "Secretary"},
    "summary.secretary.many": {"ru": "Секретари", "en": "Secretaries"},
    "summary.attendance": {"ru": "Участники", "en": "Attendance"},
    "summary.present": {"ru": "Присутствовали", "en": "Present"},
    "summary.categories": {"ru": "Категории участников", "en": "Participants"},
    "summary.names": {"ru": "Список присутствующих", "en": "Those present"},
    "summary.agenda": {"ru": "Повестка и выступления", "en": "Agenda"},
    "summary.speakers.one": {"ru": "Докладчик", "en": "Speaker"},
    "summary.speakers.many": {"ru": "Докладчики", "en": "Speakers"},
    "summary.decisions": {"ru": "Решения", "en": "Decisions"},
    "summary.deadline": {"ru": "Срок", "en": "Deadline"},
    "summary.due": {"ru": "до {date}", "en": "by {date}"},
    "summary.responsible.one": {"ru": "Ответственный", "en": "Responsible"},
    "summary.responsible.many": {"ru": "Ответственные", "en": "Responsible"},
    "summary.vote": {"ru": "Голосование", "en": "Vote"},
    "summary.vote.for": {"ru": "за — {n}", "en": "for: {n}"},
    "summary.vote.against": {"ru": "против — {n}", "en": "against: {n}"},
    "summary.vote.abstained": {"ru": "воздержались — {n}", "en": "abstained: {n}"},
    "summary.agenda_item": {"ru": "Вопрос повестки", "en": "Agenda item"},
    "summary.attachments": {"ru": "Приложения", "en": "Attachments"},
    "summary.plan_links": {"ru": "План работы", "en": "Work plan"},
    "summary.source": {"ru": "Заметка в хранилище: {path}", "en": "Source note: {path}"},
    # --- plan summary ----------------------------------------------------------------------
    "summary.plan_title": {
        "ru": "План работы{kind} на {years} учебный год",
        "en": "Work plan of the{kind} association for the {years} school year",
    },
    "summary.approved": {"ru": "Утверждён", "en": "Approved"},
    "summary.leader.one": {"ru": "Руководитель", "en": "Leader"},
    "summary.leader.many": {"ru": "Руководители", "en": "Leaders"},
    "summary.coordinator.one": {"ru": "Координатор", "en": "Coordinator"},
    "summary.coordinator.many": {"ru": "Координаторы", "en": "Coordinators"},
    "summary.methodologist.one": {"ru": "Методист", "en": "Methodologist"},
    "summary.methodologist.many": {"ru": "Методисты", "en": "Methodologists"},
    "summary.city_theme": {"ru": "Городская методическая тема", "en": "City-wide theme"},
    "summary.theme": {"ru": "Методическая тема", "en": "Methodological theme"},
    "summary.tasks": {"ru": "Задачи", "en": "Tasks"},
    "summary.expected_results": {"ru": "Ожидаемые результаты", "en": "Expected results"},
    "summary.by_month": {"ru": "Мероприятия по месяцам", "en": "Activities by month"},
    "summary.during_year": {"ru": "В течение года", "en": "Throughout the year"},
    "summary.no_date": {"ru": "Без срока", "en": "No date"},
    "summary.date_tbc": {"ru": "дата уточняется", "en": "date to be confirmed"},
    "summary.event.place": {"ru": "место: {value}", "en": "place: {value}"},
    "summary.event.participants": {"ru": "участники: {value}", "en": "participants: {value}"},
    "summary.event.responsible": {"ru": "ответственные: {value}", "en": "responsible: {value}"},
    "summary.event.result": {
        "ru": "ожидаемый результат: {value}",
        "en": "expected result: {value}",
    },
    # --- digests ---------------------------------------------------------------------------
    "digest.as_of": {"ru": "Обзор на {date}", "en": "Overview as of {date}"},
    "digest.upcoming": {"ru": "Ближайшие мероприятия", "en": "Upcoming events"},
    "digest.no_upcoming": {
        "ru": "В опубликованных планах нет мероприятий с {date} и позже.",
        "en": "The published plans have no events on or after {date}.",
    },
    "digest.more": {"ru": "…и ещё {n}", "en": "…and {n} more"},
    "digest.deadlines": {"ru": "Открытые сроки", "en": "Open deadlines"},
    "digest.no_deadlines": {"ru": "Открытых сроков нет.", "en": "No open deadlines."},
    "digest.overdue": {"ru": "срок прошёл", "en": "overdue"},
    "digest.overdue_note": {
        "ru": "Отметить решение выполненным пока нельзя, поэтому решения с прошедшим сроком "
        "показаны с пометкой «срок прошёл» до конца учебного года.",
        "en": "Decisions cannot be marked as done yet, so those past their deadline are "
        "shown as “overdue” until the end of the school year.",
    },
    "digest.protocol_ref": {"ru": "протокол{number} от {date}", "en": "minutes{number} of {date}"},
    "digest.meetings": {
        "ru": "Заседания в {years} учебном году",
        "en": "Meetings in the {years} school year",
    },
    "digest.held_of_required": {
        "ru": "Проведено {held} {meetings} из {required} {obligatory}.",
        "en": "Held {held} of {required} {obligatory}.",
    },
    "digest.held": {"ru": "Проведено {held} {meetings}.", "en": "Held {held} {meetings}."},
    "digest.remaining": {
        "ru": "Осталось провести {n} {meetings}.",
        "en": "{n} more {meetings} to hold.",
    },
    "digest.met": {
        "ru": "Обязательное число заседаний проведено.",
        "en": "The required number of meetings has been held.",
    },
    "digest.held_cell": {"ru": "{held} из {required}", "en": "{held} of {required}"},
    "digest.meeting_link": {"ru": "Протокол{number}", "en": "Minutes{number}"},
    "digest.planned_meetings": {
        "ru": "По плану, протоколов пока нет:",
        "en": "Planned, no minutes yet:",
    },
    "digest.plan": {
        "ru": "План работы на {years} учебный год: {link}",
        "en": "Work plan for the {years} school year: {link}",
    },
    "digest.no_plan": {
        "ru": "План работы на {years} учебный год не опубликован.",
        "en": "No work plan for the {years} school year is published.",
    },
    "digest.during_year": {"ru": "В течение года", "en": "Throughout the year"},
    "digest.conflicts": {"ru": "Правки на сервере", "en": "Edits on the server"},
    "digest.conflicts_intro": {
        "ru": "Эти файлы кто-то изменил в Nextcloud; vault-sync их не перезаписывает, а кладёт "
        "свою версию рядом. Чтобы vault-sync снова обновлял файл, удалите его на сервере.",
        "en": "Someone changed these files in Nextcloud; vault-sync does not overwrite them and "
        "puts its version beside them. Delete a file on the server to hand it back.",
    },
    "digest.conflict": {"ru": "{path} — наша версия: {copy}", "en": "{path}: ours is {copy}"},
    "digest.held_back": {
        "ru": "Не опубликовано из-за ошибок",
        "en": "Not published because of errors",
    },
    "digest.held_back_intro": {
        "ru": "Эти заметки не попадают в календари и сводки, пока ошибки не исправлены.",
        "en": "These notes are left out of calendars and summaries until the errors are fixed.",
    },
    "digest.subscribe": {"ru": "Подписка на календарь", "en": "Calendar subscription"},
    "digest.subscribe_all": {"ru": "Подписка на календари", "en": "Calendar subscriptions"},
    "digest.subscribe_help": {
        "ru": "На iPhone откройте ссылку webcal (или: Настройки → Календарь → Учётные записи → "
        "Добавить → Другое → Подписной календарь — и вставьте https-адрес); на Android "
        "установите ICSx⁵ и добавьте в нём https-адрес.",
        "en": "On an iPhone open the webcal link (or Settings → Calendar → Accounts → Add → "
        "Other → Add Subscribed Calendar, and paste the https address); on Android install "
        "ICSx⁵ and add the https address there.",
    },
    "digest.feed.all": {"ru": "Все объединения", "en": "All associations"},
    "digest.feed.deadlines": {"ru": "Сроки решений", "en": "Decision deadlines"},
    "digest.overall_title": {"ru": "Методические объединения", "en": "Methodological associations"},
    "digest.col.association": {"ru": "Объединение", "en": "Association"},
    "digest.col.kind": {"ru": "Вид", "en": "Kind"},
    "digest.col.meetings": {"ru": "Заседания {years}", "en": "Meetings {years}"},
    "digest.col.deadlines": {"ru": "Открытые сроки", "en": "Open deadlines"},
    "digest.col.next": {"ru": "Ближайшее мероприятие", "en": "Next event"},
    "digest.col.held_back": {"ru": "С ошибками", "en": "With errors"},
}
