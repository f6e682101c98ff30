"""Draw the pictures of the Russian guide from the example vault.

    python docs/make_pictures.py

The example vault (examples/vault) is built as ``vault-sync build`` builds it, with the
clock fixed at :data:`MOMENT`, so the same notes always give the same feed and digest.
From them it draws

* ``docs/ru/img/calendar.png``: a month of the feed of the Krasnoyarsk association, as a
  calendar app shows it;
* ``docs/ru/img/digest.png``: the association's digest (its ``Readme.md``), as Nextcloud
  shows it above the files.

Beside each picture, ``<picture>.source-sha256`` records the SHA-256 of the bytes it was
drawn from; tests/test_docs.py rebuilds those bytes (with Python alone) and fails when
they differ, that is when the pictures are stale. Drawing needs Pillow
(``pip install pillow``) and the DejaVu fonts (Debian: ``apt-get install fonts-dejavu-core``).
"""

from __future__ import annotations

import calendar
import hashlib
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vault_sync.build.engine import Engine  # noqa: E402
from vault_sync.build.entry import Clock  # noqa: E402
from vault_sync.config import load_config  # noqa: E402
from vault_sync.state import State  # noqa: E402
from vault_sync.sync.folder import FolderTarget  # noqa: E402

EXAMPLE = ROOT / "examples" / "vault"
IMG = ROOT / "docs" / "ru" / "img"
MOMENT = datetime(2021, 11, 20, 6, 0, tzinfo=UTC)  # a Saturday after the second meeting
MONTH = (2021, 11)
SOURCES = {  # picture -> the built file it is drawn from
    "calendar.png": "calendars/gmo-krasnoyarsk.ics",
    "digest.png": "gmo-krasnoyarsk/Readme.md",
}
FONTS = Path("/usr/share/fonts/truetype/dejavu")
MONTHS = (
    "",
    "Январь",
    "Февраль",
    "Март",
    "Апрель",
    "Май",
    "Июнь",
    "Июль",
    "Август",
    "Сентябрь",
    "Октябрь",
    "Ноябрь",
    "Декабрь",
)
WEEKDAYS = ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс")


def build_sources() -> dict[str, bytes]:
    """Each picture's source: the bytes of the built file it is drawn from."""
    with tempfile.TemporaryDirectory() as temp:
        vault = Path(temp) / "vault"
        shutil.copytree(EXAMPLE, vault, ignore=shutil.ignore_patterns(".vault-sync"))
        state = State.for_vault(vault)
        try:
            engine = Engine(load_config(vault, env={}), state, Clock(now=lambda: MOMENT))
            out = vault / ".vault-sync" / "public"
            FolderTarget(out, state).apply(engine.refresh().outputs)
        finally:
            state.close()
        return {picture: (out / source).read_bytes() for picture, source in SOURCES.items()}


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def main() -> None:
    sources = build_sources()
    IMG.mkdir(parents=True, exist_ok=True)
    draw_month(sources["calendar.png"], *MONTH).save(IMG / "calendar.png", optimize=True)
    draw_markdown(sources["digest.png"].decode("utf-8")).save(IMG / "digest.png", optimize=True)
    for picture, data in sources.items():
        (IMG / f"{picture}.source-sha256").write_text(digest_of(data) + "\n", encoding="utf-8")
        print(f"docs/ru/img/{picture} from {SOURCES[picture]} ({digest_of(data)[:12]})")


# --- the month ------------------------------------------------------------------------
def _font(size: int, bold: bool = False, italic: bool = False) -> Any:
    from PIL import ImageFont

    name = "DejaVuSans" + ("-Bold" if bold else "") + ("Oblique" if italic and not bold else "")
    name = name.replace("SansOblique", "Sans-Oblique")
    return ImageFont.truetype(str(FONTS / f"{name}.ttf"), size)


def _events(ics: bytes) -> Iterator[tuple[date | datetime, date | datetime, str]]:
    import icalendar

    for event in icalendar.Calendar.from_ical(ics).walk("VEVENT"):
        yield (
            event.decoded("DTSTART"),
            event.decoded("DTEND"),
            str(event.get("SUMMARY")),
        )


def _calendar_name(ics: bytes) -> str:
    import icalendar

    return str(icalendar.Calendar.from_ical(ics).get("X-WR-CALNAME", ""))


def _wrap(draw: Any, text: str, font: Any, width: int, lines: int) -> list[str]:
    words, out, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width:
            line = candidate
            continue
        if line:
            out.append(line)
        line = word
    if line:
        out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1].rstrip(",.:") + "…"
    return out


def draw_month(ics: bytes, year: int, month: int) -> Any:
    from PIL import Image, ImageDraw

    cell_w, cell_h, margin, top = 230, 150, 24, 200
    first, days = date(year, month, 1), calendar.monthrange(year, month)[1]
    last = first + timedelta(days=days)
    weeks = calendar.Calendar().monthdatescalendar(year, month)
    spans, by_day = [], {}
    title = _calendar_name(ics)
    for start, end, summary in _events(ics):
        if isinstance(start, datetime):
            by_day.setdefault(start.date(), []).append((f"{start:%H:%M} {summary}", "meeting"))
        elif end - start > timedelta(days=1):
            if start < last and end > first:
                spans.append((start, end, summary))
        else:
            kind = "deadline" if summary.startswith("Срок") else "day"
            by_day.setdefault(start, []).append((summary, kind))
    top += 34 * len(spans)
    width = margin * 2 + cell_w * 7
    height = top + 36 + cell_h * len(weeks) + margin
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((margin, 20), f"{MONTHS[month]} {year}", font=_font(34, bold=True), fill="#1f2937")
    draw.text((margin, 70), title, font=_font(18), fill="#4b5563")
    draw.text(
        (margin, 100),
        "Подписка vault-sync: заседания, мероприятия плана и сроки решений",
        font=_font(16, italic=True),
        fill="#6b7280",
    )
    y = 140
    for _start, _end, summary in sorted(spans):
        draw.rounded_rectangle(
            (margin, y, width - margin, y + 28), radius=6, fill="#fef3c7", outline="#f59e0b"
        )
        draw.text((margin + 10, y + 5), summary, font=_font(15), fill="#92400e")
        y += 34
    y = top
    for index, weekday in enumerate(WEEKDAYS):
        x = margin + index * cell_w
        draw.text((x + 8, y + 6), weekday, font=_font(16, bold=True), fill="#374151")
    y += 36
    colours = {
        "meeting": ("#dbeafe", "#1e40af"),
        "deadline": ("#fee2e2", "#991b1b"),
        "day": ("#dcfce7", "#166534"),
    }
    for week in weeks:
        for index, day in enumerate(week):
            x = margin + index * cell_w
            outside = day.month != month
            draw.rectangle(
                (x, y, x + cell_w, y + cell_h),
                fill="#f9fafb" if outside else "white",
                outline="#d1d5db",
            )
            draw.text(
                (x + 8, y + 6),
                str(day.day),
                font=_font(16, bold=True),
                fill="#9ca3af" if outside else "#111827",
            )
            ey = y + 32
            for summary, kind in by_day.get(day, []) if not outside else []:
                back, ink = colours[kind]
                lines = _wrap(draw, summary, _font(13), cell_w - 20, 4)
                box = 6 + 17 * len(lines)
                draw.rounded_rectangle((x + 5, ey, x + cell_w - 5, ey + box), radius=4, fill=back)
                for number, line in enumerate(lines):
                    draw.text((x + 10, ey + 3 + 17 * number), line, font=_font(13), fill=ink)
                ey += box + 4
        y += cell_h
    return image


# --- the digest -----------------------------------------------------------------------
_INLINE = re.compile(r"\*\*(.+?)\*\*|\[(.+?)\]\((?:[^)]+)\)|_(.+?)_")


def _runs(text: str) -> list[tuple[str, str]]:
    """(text, style) pieces of one Markdown line: plain, bold, link, italic."""
    runs, at = [], 0
    for match in _INLINE.finditer(text):
        if match.start() > at:
            runs.append((text[at : match.start()], "plain"))
        bold, link, italic = match.groups()
        runs.append((bold or link or italic, "bold" if bold else "link" if link else "italic"))
        at = match.end()
    if at < len(text):
        runs.append((text[at:], "plain"))
    return runs


def draw_markdown(markdown: str, width: int = 1100) -> Any:
    """The Markdown of a digest drawn as a viewer shows it: headings, lists, bold, links."""
    from PIL import Image, ImageDraw

    margin, size = 36, 17
    fonts = {
        "plain": _font(size),
        "bold": _font(size, bold=True),
        "italic": _font(size, italic=True),
        "link": _font(size),
    }
    inks = {"plain": "#1f2937", "bold": "#111827", "italic": "#4b5563", "link": "#1d4ed8"}
    scratch = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    placed: list[tuple[int, int, str, Any, str, bool]] = []  # x, y, text, font, ink, underline
    y = margin
    for raw in markdown.splitlines():
        if not raw.strip():
            y += 10
            continue
        heading = re.match(r"(#+) (.*)", raw)
        if heading:
            level = len(heading.group(1))
            font = _font(30 if level == 1 else 22, bold=True)
            y += 8 if level > 1 else 0
            for line in _wrap(scratch, heading.group(2), font, width - 2 * margin, 9):
                placed.append((margin, y, line, font, "#111827", False))
                y += 40 if level == 1 else 30
            if level == 1:
                placed.append((margin, y, "", None, "", False))  # the rule under the title
                y += 12
            continue
        bullet = raw.startswith("- ")
        left = margin + (24 if bullet else 0)
        if bullet:
            placed.append((margin + 6, y, "•", fonts["plain"], inks["plain"], False))
        x = left
        for text, style in _runs(raw[2:] if bullet else raw):
            font = fonts[style]
            if text[:1].isspace():
                x += int(scratch.textlength(" ", font=font))
            words = re.findall(r"\S+\s*", text)
            for number, word in enumerate(words):
                length = scratch.textlength(word.rstrip(), font=font)
                if x + length > width - margin and x > left:
                    x, y = left, y + 25
                shown = word if number < len(words) - 1 else word.rstrip()
                placed.append((x, y, shown, font, inks[style], style == "link"))
                x += int(scratch.textlength(word, font=font))
        y += 27
    image = Image.new("RGB", (width, y + margin), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width - 1, y + margin - 1), outline="#d1d5db")
    for x, top, text, font, ink, underline in placed:
        if font is None:
            draw.line((margin, top, width - margin, top), fill="#d1d5db", width=2)
            continue
        draw.text((x, top), text, font=font, fill=ink)
        if underline:
            length = draw.textlength(text, font=font)
            draw.line((x, top + 21, x + length, top + 21), fill=ink, width=1)
    return image


if __name__ == "__main__":
    main()
