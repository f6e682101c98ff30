"""Generate a realistic vault of N notes for benchmarks (and for large-vault tests).

Proportions follow real associations: each association writes one plan and four to
eight protocols a year, so about 85 % of notes are protocols; plans carry 15-30
activities in every form of "when" that vault_sync.notes.when reads; protocols carry 3-7
agenda items and 2-6 decisions, most with a deadline. About 5 % of files are other people's
notes (not ours) and 1 % of notes are invalid, as in a real shared folder.

    python bench/genvault.py DIR [--notes 10000] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

ZONES = ["Asia/Krasnoyarsk", "Asia/Novosibirsk", "Europe/Moscow", "Asia/Irkutsk"]
KINDS = ["РМО", "ГМО", "ММО", "ОМО", "ШМО"]
CITIES = ["Красноярск", "Новосибирск", "Серпухов", "Улан-Удэ", "Ростов-на-Дону", "Ачинск"]
MONTHS = ["сентябрь", "октябрь", "ноябрь", "декабрь", "январь", "февраль", "март", "апрель", "май"]
PEOPLE = [
    "Замятина Е.Д.",
    "Попыхова Т.Ю.",
    "Черемных О.Г.",
    "Бежецких Ю.В.",
    "Данилова Е.А.",
    "Мухадинова О.В.",
    "Курило В.Я.",
    "Никитенко Т.Г.",
    "Леонтьева Э.В.",
    "Иванова А.С.",
]
TITLES = [
    "Семинар «Электронные каталоги: разнообразие платформ»",
    "Мастер-класс «Использование Google форм в работе библиотеки»",
    "Круглый стол «Профессиональные компетенции и их развитие»",
    "Заседание ГМО: планирование работы на год",
    "Конкурс «Лучший буктрейлер»",
    "Вебинар «Читательская грамотность: новые практики»",
    "Ярмарка библиотечных идей",
    "Обмен опытом: работа с НЭБ",
    "Консультация по ведению учёта фонда",
    "Мониторинг обеспеченности учебниками",
]
WHEN_FORMS = [
    "{month}",
    "{month}",
    "{month}",
    "{day}.{mm}.{year}",
    "{day} {genitive} {year} г.",
    "{month} - {month2}",
    "в течение года",
    "в течении года",
    "1 раз в четверть",
    "по планам работы РМО/ОМО",
    "{day}.{mm}.{year} 14-00",
    "Сентябрь, в течение года",
]
GENITIVE = {
    "сентябрь": "сентября",
    "октябрь": "октября",
    "ноябрь": "ноября",
    "декабрь": "декабря",
    "январь": "января",
    "февраль": "февраля",
    "март": "марта",
    "апрель": "апреля",
    "май": "мая",
}
MONTH_NUMBER = {m: n for n, m in zip([9, 10, 11, 12, 1, 2, 3, 4, 5], MONTHS, strict=True)}


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _when(rng: random.Random, ay: int) -> str:
    form = rng.choice(WHEN_FORMS)
    i = rng.randrange(len(MONTHS) - 1)
    month, month2 = MONTHS[i], MONTHS[rng.randrange(i + 1, len(MONTHS))]
    mm = MONTH_NUMBER[month]
    year = ay if mm >= 9 else ay + 1
    return form.format(
        month=month,
        month2=month2,
        day=rng.randint(1, 28),
        mm=f"{mm:02d}",
        year=year,
        genitive=GENITIVE[month],
    )


def plan(rng: random.Random, assoc: str, ay: int) -> str:
    lines = [
        "---",
        "type: plan",
        f"association: {assoc}",
        f'academic_year: "{ay}/{ay + 1}"',
        "theme: Профессиональная компетентность педагога-библиотекаря",
        "goal: Развитие профессиональной компетентности педагогов-библиотекарей",
        "tasks:",
        "  - Нормативно-правовое обеспечение деятельности",
        "  - Выявление и распространение передового опыта",
        "events:",
    ]
    for n in range(rng.randint(15, 30)):
        lines += [
            f"  - title: {_q(rng.choice(TITLES) + f' ({n + 1})')}",
            f"    when: {_q(_when(rng, ay))}",
            f"    place: {_q(rng.choice(['ОУ', 'МБОУ Лицей №130', 'СОШ №217', 'онлайн']))}",
            "    participants: члены ГМО, педагоги-библиотекари",
            f"    responsible: {_q(rng.choice(PEOPLE))}",
            "    expected_result: повышение квалификации",
            "    section: Консультативно-методическая деятельность",
        ]
    lines += ["---", "", "# План работы", "", "Текст плана."]
    return "\n".join(lines) + "\n"


def protocol(rng: random.Random, assoc: str, number: int, day: date) -> str:
    lines = [
        "---",
        "type: protocol",
        f"association: {assoc}",
        f"number: {number}",
        f"date: {day.isoformat()}",
        'time: "14:00"',
        f"format: {rng.choice(['очно', 'онлайн'])}",
        "place: МБОУ СШ №56",
        f"topic: {_q('Итоги года. Приоритеты деятельности на ' + str(day.year))}",
        f"chair: {_q(rng.choice(PEOPLE))}",
        f"secretary: {_q(rng.choice(PEOPLE))}",
        "attendance:",
        f"  count: {rng.randint(10, 35)}",
        "  categories: [библиотекари, педагоги-библиотекари]",
        "agenda:",
    ]
    for i in range(rng.randint(3, 7)):
        lines += [
            f"  - title: {_q(f'Вопрос {i + 1}: о работе ШИБЦ')}",
            f"    speakers: {_q(rng.choice(PEOPLE))}",
            "    summary: Рассказала о предстоящих задачах на новый учебный год.",
        ]
    lines.append("decisions:")
    for i in range(rng.randint(2, 6)):
        lines.append(f"  - text: {_q(f'Направить информацию в МБУ КИМЦ ({i + 1})')}")
        if rng.random() < 0.8:
            due = day + timedelta(days=rng.randint(3, 40))
            lines.append(f"    due: {due.strftime('%d.%m.%Y')}")
            lines.append(f"    responsible: {_q(rng.choice(PEOPLE))}")
        if rng.random() < 0.3:
            lines += ["    vote: {for: 10, against: 0, abstained: 0}"]
    lines += ["---", "", "# Протокол", "", "Слушали: ... Решили: ..."]
    return "\n".join(lines) + "\n"


def generate(
    root: Path,
    notes: int = 10_000,
    seed: int = 1,
    first_year: int | None = None,
    association_notes: bool = False,
) -> Path:
    """Write a vault of ``notes`` files under ``root``; return ``root``.

    Ten academic years of history ending with the current one (as an association that has
    kept its minutes for a decade), unless ``first_year`` says where they start. The
    associations are described in ``vault-sync.toml``, or with ``association_notes`` in
    notes of their own (``type: association``, as in examples/vault), one per association
    in the folder "Объединения", besides the ``notes`` notes.
    """
    if first_year is None:
        today = date.today()
        first_year = (today.year if today.month >= 9 else today.year - 1) - 9
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    per_association_year = 7  # one plan, about six protocols
    years = 10
    associations = max(1, notes // (per_association_year * years))
    config = ["[vault]", 'exclude = ["Шаблоны/**"]', ""]
    for a in range(associations):
        kind = KINDS[a % len(KINDS)]
        fields = [
            f'name = "{kind} библиотекарей № {a} ({CITIES[a % len(CITIES)]})"',
            f'kind = "{kind}"',
            f'timezone = "{ZONES[a % len(ZONES)]}"',
            "required_meetings = 4",
        ]
        if not association_notes:
            config += [f"[associations.mo-{a:04d}]", *fields, ""]
            continue
        folder = root / "Объединения"
        folder.mkdir(exist_ok=True)
        lines = ["---", "type: association", f"id: mo-{a:04d}"]
        lines += [line.replace(" = ", ": ", 1) for line in fields]
        lines += ["---", "", "Описание объединения.", ""]
        (folder / f"mo-{a:04d}.md").write_text("\n".join(lines), encoding="utf-8")
    (root / "vault-sync.toml").write_text("\n".join(config), encoding="utf-8")
    written = 0
    while written < notes:
        for a in range(associations):
            assoc = f"mo-{a:04d}"
            folder = root / CITIES[a % len(CITIES)] / assoc
            folder.mkdir(parents=True, exist_ok=True)
            ay = first_year + (written // max(1, associations * per_association_year)) % years
            kind = rng.random()
            if kind < 0.05:
                text = "# Заметка\n\nПросто мысли к заседанию.\n"
                name = f"Заметка {written}.md"
            elif kind < 0.20:
                text = plan(rng, assoc, ay)
                name = f"План {ay}-{ay + 1} ({written}).md"
            else:
                day = date(ay, 9, 1) + timedelta(days=rng.randint(0, 260))
                text = protocol(rng, assoc, rng.randint(1, 8), day)
                name = f"Протокол от {day.strftime('%d.%m.%Y')} ({written}).md"
            if rng.random() < 0.01:
                text = text.replace("type: ", "type: ", 1).replace("association:", "associaton:", 1)
            (folder / name).write_text(text, encoding="utf-8")
            written += 1
            if written >= notes:
                break
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--association-notes",
        action="store_true",
        help="describe the associations in notes of their own, not in vault-sync.toml",
    )
    args = parser.parse_args()
    generate(args.dir, args.notes, args.seed, association_notes=args.association_notes)
    print(f"wrote {args.notes} notes to {args.dir}")


if __name__ == "__main__":
    main()
