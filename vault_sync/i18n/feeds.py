"""Texts of the calendar feeds (titles, descriptions, calendar names), Russian and English.

Only the fixed words are translated; what a note says stays as written. Templates are
filled with ``str.format``. :func:`text` is the lookup :mod:`vault_sync.render.feeds` uses; the
same catalogue can be registered with :mod:`vault_sync.i18n`.
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, dict[str, str]] = {
    # --- titles (SUMMARY) -------------------------------------------------------------------
    "feed.meeting": {"ru": "Заседание {kind}", "en": "{kind} meeting"},
    "feed.meeting_number": {
        "ru": "Заседание {kind} №{number}",
        "en": "{kind} meeting No. {number}",
    },
    "feed.tentative": {"ru": "{title} (дата уточняется)", "en": "{title} (date to be confirmed)"},
    "feed.tentative_range": {
        "ru": "{title} ({first} — {last}, дата уточняется)",
        "en": "{title} ({first} – {last}, date to be confirmed)",
    },
    "feed.deadline": {"ru": "Срок: {text}", "en": "Due: {text}"},
    "feed.online": {"ru": "онлайн", "en": "online"},
    # --- CATEGORIES ------------------------------------------------------------------------
    "feed.category.meeting": {"ru": "заседание", "en": "meeting"},
    "feed.category.deadline": {"ru": "срок", "en": "deadline"},
    # --- DESCRIPTION labels ----------------------------------------------------------------
    "feed.label.topic": {"ru": "Тема", "en": "Topic"},
    "feed.label.goal": {"ru": "Цель", "en": "Goal"},
    "feed.label.chair": {"ru": "Ведущие", "en": "Chaired by"},
    "feed.label.agenda": {"ru": "Повестка", "en": "Agenda"},
    "feed.label.kind": {"ru": "Вид", "en": "Kind"},
    "feed.label.when": {"ru": "Сроки по плану", "en": "When (as in the plan)"},
    "feed.label.participants": {"ru": "Участники", "en": "Participants"},
    "feed.label.responsible": {"ru": "Ответственные", "en": "Responsible"},
    "feed.label.result": {"ru": "Ожидаемый результат", "en": "Expected result"},
    "feed.label.section": {"ru": "Раздел плана", "en": "Plan section"},
    "feed.label.decision": {"ru": "Решение", "en": "Decision"},
    "feed.label.meeting": {"ru": "Принято на заседании", "en": "Decided at"},
    "feed.label.association": {"ru": "Объединение", "en": "Association"},
    "feed.meeting_on": {"ru": "{meeting} от {date}", "en": "{meeting} on {date}"},
    # --- calendars (NAME, X-WR-CALNAME, X-WR-CALDESC) --------------------------------------
    "feed.association.description": {
        "ru": "Заседания, мероприятия плана работы и сроки решений: {name}",
        "en": "Meetings, planned activities and decision deadlines: {name}",
    },
    "feed.all.name": {"ru": "Все объединения", "en": "All associations"},
    "feed.all.description": {
        "ru": "Заседания и мероприятия планов работы всех методических объединений",
        "en": "Meetings and planned activities of all methodological associations",
    },
    "feed.deadlines.name": {"ru": "Сроки решений", "en": "Decision deadlines"},
    "feed.deadlines.description": {
        "ru": "Сроки исполнения решений, принятых на заседаниях методических объединений",
        "en": "Due dates of the decisions taken at the associations' meetings",
    },
}
