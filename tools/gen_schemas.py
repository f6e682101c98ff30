"""Generate schemas/*.schema.json from one description.

The three schemas share their definitions (people, links, "when" strings, ...);
writing them from one place keeps those definitions identical. Run
``python tools/gen_schemas.py`` after editing; a test fails when the files in
schemas/ differ from what this script writes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

BASE_ID = "https://vault-sync.org/schemas/"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

# Properties Obsidian gives a meaning of its own; allowed in every note.
OBSIDIAN: dict[str, Any] = {
    "tags": {"$ref": "#/$defs/textList", "description": "Теги Obsidian"},
    "aliases": {"$ref": "#/$defs/textList", "description": "Другие названия заметки (Obsidian)"},
    "cssclasses": {"$ref": "#/$defs/textList", "description": "CSS-классы Obsidian"},
    "publish": {"type": "boolean", "description": "Obsidian Publish"},
}

DEFS: dict[str, Any] = {
    "text": {"type": "string", "minLength": 1, "pattern": "\\S"},
    "textList": {"type": "array", "items": {"$ref": "#/$defs/text"}},
    "textOrList": {
        "oneOf": [{"$ref": "#/$defs/text"}, {"$ref": "#/$defs/textList"}],
    },
    "people": {
        "description": "Люди: «Фамилия И.О.» или полностью, одной строкой или списком",
        "oneOf": [{"$ref": "#/$defs/text"}, {"$ref": "#/$defs/textList"}],
    },
    "isoDate": {
        "description": "Дата в виде ГГГГ-ММ-ДД, например 2021-09-22",
        "type": "string",
        "format": "date",
    },
    "time": {
        "description": "Время: 14:00 (также 14-00 или 14.00)",
        "type": "string",
        "pattern": "^\\s*([01]?[0-9]|2[0-3])\\s*[:.\\-]\\s*[0-5][0-9]\\s*$",
    },
    "when": {
        "description": (
            "Когда: 22.09.2021, 22.09.2021 14:00, 22 сентября 2021 г., 10 октября, октябрь, "
            "декабрь - март, в течение года, 1 раз в четверть, по планам работы РМО"
        ),
        "type": "string",
        "minLength": 1,
    },
    "slug": {
        "description": "Код: строчные латинские буквы, цифры, дефис (до 64), "
        "например gmo-krasnoyarsk",
        "type": "string",
        # The lookahead: "$" alone matches before a final newline in Python's re
        # (jsonschema's), and an id names a folder and a file.
        "pattern": "^[a-z0-9][a-z0-9_-]{0,63}(?!\\n)$",
    },
    "link": {
        "description": "Ссылка на заметку или файл: [[План ГМО 2021-2022]] или имя файла",
        "$ref": "#/$defs/text",
    },
}

PROTOCOL: dict[str, Any] = {
    "title": "Протокол заседания методического объединения",
    "required": ["type", "association", "date"],
    "properties": {
        "type": {"const": "protocol", "description": "Тип заметки: protocol"},
        "association": {
            "$ref": "#/$defs/slug",
            "description": "Код объединения из vault-sync.toml, например gmo-krasnoyarsk",
        },
        "number": {"type": "integer", "minimum": 1, "description": "Номер протокола"},
        "date": {"$ref": "#/$defs/isoDate", "description": "Дата заседания, ГГГГ-ММ-ДД"},
        "time": {"$ref": "#/$defs/time", "description": "Время начала, 14:00"},
        "format": {
            "description": "Форма проведения",
            "enum": ["очно", "онлайн", "смешанный", "in-person", "online", "hybrid"],
        },
        "place": {"$ref": "#/$defs/text", "description": "Место проведения"},
        "topic": {"$ref": "#/$defs/text", "description": "Тема заседания"},
        "goal": {"$ref": "#/$defs/text", "description": "Цель заседания"},
        "chair": {"$ref": "#/$defs/people", "description": "Ведущий (председатель)"},
        "secretary": {"$ref": "#/$defs/people", "description": "Секретарь"},
        "attendance": {
            "description": "Присутствовали: число, список и/или категории участников",
            "type": "object",
            "minProperties": 1,
            "additionalProperties": False,
            "properties": {
                "count": {"type": "integer", "minimum": 0},
                "names": {"$ref": "#/$defs/textList"},
                "categories": {"$ref": "#/$defs/textList"},
            },
        },
        "agenda": {
            "description": "Повестка: пункты по порядку",
            "type": "array",
            "items": {
                "oneOf": [
                    {"$ref": "#/$defs/text"},
                    {
                        "type": "object",
                        "required": ["title"],
                        "additionalProperties": False,
                        "properties": {
                            "title": {"$ref": "#/$defs/text"},
                            "speakers": {"$ref": "#/$defs/people"},
                            "summary": {"$ref": "#/$defs/text"},
                        },
                    },
                ]
            },
        },
        "decisions": {
            "description": "Решения: текст, срок, ответственные, голосование",
            "type": "array",
            "items": {
                "oneOf": [
                    {"$ref": "#/$defs/text"},
                    {
                        "type": "object",
                        "required": ["text"],
                        "additionalProperties": False,
                        "properties": {
                            "text": {"$ref": "#/$defs/text"},
                            "due": {"$ref": "#/$defs/when", "description": "Срок: 27.09.2021"},
                            "responsible": {"$ref": "#/$defs/people"},
                            "item": {"type": "integer", "minimum": 1},
                            "vote": {
                                "type": "object",
                                "additionalProperties": False,
                                "minProperties": 1,
                                "properties": {
                                    "for": {"type": "integer", "minimum": 0},
                                    "against": {"type": "integer", "minimum": 0},
                                    "abstained": {"type": "integer", "minimum": 0},
                                },
                            },
                            "id": {"$ref": "#/$defs/slug"},
                        },
                    },
                ]
            },
        },
        "attachments": {"$ref": "#/$defs/textList", "description": "Приложения"},
        "plan": {
            "description": "Ссылка на план работы: [[План ГМО 2021-2022]]",
            "oneOf": [
                {"$ref": "#/$defs/link"},
                {"type": "array", "items": {"$ref": "#/$defs/link"}},
            ],
        },
        "id": {"$ref": "#/$defs/slug", "description": "Постоянный код заметки"},
    },
}

EVENT: dict[str, Any] = {
    "type": "object",
    "required": ["title", "when"],
    "additionalProperties": False,
    "properties": {
        "title": {"$ref": "#/$defs/text", "description": "Название мероприятия"},
        "kind": {
            "description": "Вид мероприятия (если не указан, определяется по названию)",
            "enum": [
                "заседание",
                "семинар",
                "мастер-класс",
                "круглый стол",
                "конкурс",
                "вебинар",
                "конференция",
                "ярмарка идей",
                "обмен опытом",
                "консультация",
                "мониторинг",
                "совещание",
                "акция",
                "мероприятие",
            ],
        },
        "when": {"$ref": "#/$defs/when"},
        "time": {"$ref": "#/$defs/time"},
        "place": {"$ref": "#/$defs/text"},
        "participants": {"$ref": "#/$defs/textOrList"},
        "responsible": {"$ref": "#/$defs/people"},
        "expected_result": {"$ref": "#/$defs/text"},
        "section": {"$ref": "#/$defs/text", "description": "Раздел плана"},
        "number": {"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)*\\.?$"},
        "id": {"$ref": "#/$defs/slug", "description": "Постоянный код мероприятия"},
    },
}

PLAN: dict[str, Any] = {
    "title": "План работы методического объединения на учебный год",
    "required": ["type", "association", "academic_year"],
    "properties": {
        "type": {"const": "plan", "description": "Тип заметки: plan"},
        "association": {
            "$ref": "#/$defs/slug",
            "description": "Код объединения из vault-sync.toml, например gmo-krasnoyarsk",
        },
        "academic_year": {
            "description": "Учебный год: 2021/2022",
            "type": "string",
            "pattern": "^\\s*[0-9]{4}\\s*[/–-]\\s*[0-9]{4}\\s*$",
        },
        "city_theme": {"$ref": "#/$defs/text", "description": "Единая городская тема"},
        "theme": {"$ref": "#/$defs/text", "description": "Методическая тема"},
        "goal": {"$ref": "#/$defs/text", "description": "Цель"},
        "tasks": {"$ref": "#/$defs/textList", "description": "Задачи"},
        "expected_results": {"$ref": "#/$defs/textOrList", "description": "Ожидаемые результаты"},
        "approved_by": {"$ref": "#/$defs/text", "description": "Кем утверждён"},
        "approved_on": {
            "description": "Когда утверждён: ГГГГ-ММ-ДД или год",
            "type": "string",
            "pattern": "^[0-9]{4}(-[0-9]{2}-[0-9]{2})?$",
        },
        "leader": {"$ref": "#/$defs/people", "description": "Руководитель"},
        "coordinator": {"$ref": "#/$defs/people", "description": "Координатор"},
        "methodologist": {"$ref": "#/$defs/people", "description": "Методист-куратор"},
        "events": {
            "type": "array",
            "items": {"$ref": "#/$defs/event"},
            "description": "Мероприятия",
        },
        "id": {"$ref": "#/$defs/slug", "description": "Постоянный код заметки"},
    },
}

ASSOCIATION: dict[str, Any] = {
    "title": "Методическое объединение",
    "required": ["type", "id", "name", "timezone"],
    "properties": {
        "type": {"const": "association", "description": "Тип заметки: association"},
        "id": {"$ref": "#/$defs/slug", "description": "Код объединения, на него ссылаются заметки"},
        "name": {"$ref": "#/$defs/text", "description": "Полное название"},
        "kind": {"enum": ["ШМО", "РМО", "ОМО", "ГМО", "ММО"], "description": "Вид объединения"},
        "timezone": {
            "description": "Часовой пояс IANA: Europe/Moscow, Asia/Krasnoyarsk, ...",
            "type": "string",
            "pattern": "^[A-Za-z_]+(/[A-Za-z0-9_+-]+)+$|^UTC$",
        },
        "required_meetings": {
            "type": "integer",
            "minimum": 0,
            "description": "Сколько заседаний в год требуется провести",
        },
        "city": {"$ref": "#/$defs/text", "description": "Город или район"},
        "leader": {"$ref": "#/$defs/people", "description": "Руководитель"},
        "methodologist": {"$ref": "#/$defs/people", "description": "Методист-куратор"},
    },
}


def schema(name: str, body: dict[str, Any], extra_defs: dict[str, Any]) -> dict[str, Any]:
    properties = {**body["properties"], **OBSIDIAN}
    return {
        "$schema": DRAFT,
        "$id": f"{BASE_ID}{name}.schema.json",
        "title": body["title"],
        "type": "object",
        "required": body["required"],
        "properties": properties,
        "patternProperties": {"^x[-_]": {"description": "Своё поле (x-...): не проверяется"}},
        "additionalProperties": False,
        "$defs": {**DEFS, **extra_defs},
    }


def all_schemas() -> dict[str, dict[str, Any]]:
    return {
        "protocol": schema("protocol", PROTOCOL, {}),
        "plan": schema("plan", PLAN, {"event": EVENT}),
        "association": schema("association", ASSOCIATION, {}),
    }


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    out = Path(__file__).resolve().parent.parent / "schemas"
    out.mkdir(exist_ok=True)
    for name, doc in all_schemas().items():
        (out / f"{name}.schema.json").write_text(render(doc), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
