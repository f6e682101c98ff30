"""Tests of the calendar-parser harness (tests/calparsers.py) itself, on
hand-written .ics files: it must accept a correct feed with the values a
client would show, and it must be able to fail."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from calparsers import (
    assert_same_events,
    icaljs_available,
    parse_with_icaljs,
    parse_with_vobject,
    require_tool,
    vobject_available,
)

pytestmark = pytest.mark.external

Parser = Callable[..., list[dict[str, Any]]]

PARSERS: dict[str, tuple[Callable[[], bool], Parser]] = {
    "ical.js": (icaljs_available, parse_with_icaljs),
    "sabre/vobject": (vobject_available, parse_with_vobject),
}


def use_parser(name: str) -> Parser:
    available, parse = PARSERS[name]
    require_tool(available(), name)
    return parse


# --- writing iCalendar by hand (RFC 5545 3.1 and 3.3.11) ----------------------


def escape_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str, limit: int = 75) -> bytes:
    """Fold one content line into physical lines of at most `limit` octets,
    breaking only between characters (never inside a UTF-8 sequence)."""
    out: list[bytes] = []
    current = b""
    room = limit
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > room:
            out.append(current)
            current = b""
            room = limit - 1  # continuation lines start with one space
        current += encoded
    out.append(current)
    return b"\r\n ".join(out)


def ics(lines: list[str]) -> bytes:
    return b"".join(fold(line) + b"\r\n" for line in lines)


KRASNOYARSK = [
    "BEGIN:VTIMEZONE",
    "TZID:Asia/Krasnoyarsk",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0700",
    "TZOFFSETTO:+0700",
    "TZNAME:+07",
    "END:STANDARD",
    "END:VTIMEZONE",
]

CALNAME = "Методическое объединение школьных библиотекарей"
# Long enough that folding at 75 octets falls inside the Cyrillic text.
MEETING = "Заседание методического объединения школьных библиотекарей Красноярского края"
ESCAPED = "Итоги: план, бюджет; отчёт\nвторая строка с обратной косой \\ чертой"


def valid_feed() -> bytes:
    return ics(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//vault_sync//test harness//RU",
            "CALSCALE:GREGORIAN",
            f"X-WR-CALNAME:{escape_text(CALNAME)}",
            *KRASNOYARSK,
            "BEGIN:VEVENT",
            "UID:meeting-2021-09-22@vault-sync.test",
            "DTSTAMP:20210901T080000Z",
            "DTSTART;TZID=Asia/Krasnoyarsk:20210922T140000",
            "DTEND;TZID=Asia/Krasnoyarsk:20210922T160000",
            f"SUMMARY:{escape_text(MEETING)}",
            "STATUS:CONFIRMED",
            "SEQUENCE:2",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:report-2021-09-23@vault-sync.test",
            "DTSTAMP:20210901T080000Z",
            "DTSTART;VALUE=DATE:20210923",
            "DTEND;VALUE=DATE:20210924",
            f"SUMMARY:{escape_text(ESCAPED)}",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
    )


def test_valid_feed_is_written_as_intended(tmp_path: Path) -> None:
    """The hand-written feed really has what the parser tests rely on."""
    data = valid_feed()
    physical = data.split(b"\r\n")
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in physical)
    summary_at = next(i for i, line in enumerate(physical) if line.startswith(b"SUMMARY:\xd0"))
    # The SUMMARY is folded, and both sides of the fold are Cyrillic letters.
    first, cont = physical[summary_at], physical[summary_at + 1]
    assert cont.startswith(b" ") and first[-2:].decode("utf-8").isalpha()
    assert cont[1:3].decode("utf-8").isalpha()
    assert b"\\, \\;" not in data  # sanity: escapes as below, no doubled ones
    assert "Итоги: план\\, бюджет\\; отчёт\\nвторая".encode() in data.replace(b"\r\n ", b"")
    assert "обратной косой \\\\ чертой".encode() in data.replace(b"\r\n ", b"")


@pytest.mark.parametrize("parser", PARSERS)
def test_valid_feed(parser: str, tmp_path: Path) -> None:
    parse = use_parser(parser)
    path = tmp_path / "valid.ics"
    path.write_bytes(valid_feed())

    [result] = parse([path])

    assert result["ok"], result
    assert result["file"] == str(path)
    assert result["calname"] == CALNAME
    meeting, report = sorted(result["events"], key=lambda e: e["start"])
    assert meeting == {
        "uid": "meeting-2021-09-22@vault-sync.test",
        "summary": MEETING,  # unfolded without a broken character
        "start": "2021-09-22T14:00:00",
        "end": "2021-09-22T16:00:00",
        "start_utc": "2021-09-22T07:00:00Z",
        "allday": False,
        "status": "CONFIRMED",
        "sequence": 2,
        "tzid": "Asia/Krasnoyarsk",
    }
    assert report == {
        "uid": "report-2021-09-23@vault-sync.test",
        "summary": ESCAPED,  # \, \; \n \\ unescaped
        "start": "2021-09-23",
        "end": "2021-09-24",  # exclusive: a one-day event
        "start_utc": None,
        "allday": True,
        "status": None,
        "sequence": None,
        "tzid": None,
    }


def test_parsers_agree_on_valid_feed(tmp_path: Path) -> None:
    parse_icaljs = use_parser("ical.js")
    parse_vobject = use_parser("sabre/vobject")
    path = tmp_path / "valid.ics"
    path.write_bytes(valid_feed())
    assert_same_events(parse_icaljs([path])[0], parse_vobject([path])[0])


def broken_unterminated() -> bytes:
    return valid_feed().removesuffix(b"END:VCALENDAR\r\n")


def broken_dtstart() -> bytes:
    return valid_feed().replace(b"DTSTART;VALUE=DATE:20210923", b"DTSTART:not-a-date")


def broken_tzid() -> bytes:
    # TZID used without its VTIMEZONE: ical.js would go floating, vobject UTC.
    return valid_feed().replace(b"TZID:Asia/Krasnoyarsk", b"TZID:Asia/Omsk")


BROKEN: dict[str, tuple[Callable[[], bytes], dict[str, str]]] = {
    # name: (feed, {parser: text expected in its error})
    "unterminated": (
        broken_unterminated,
        {"ical.js": "component began but did not end", "sabre/vobject": "End of document"},
    ),
    "garbage-dtstart": (
        broken_dtstart,
        {
            "ical.js": "invalid date-time value",
            "sabre/vobject": "(not-a-date) is not a correct DATE-TIME",
        },
    ),
    "tzid-without-vtimezone": (
        broken_tzid,
        {"ical.js": "no VTIMEZONE with that TZID", "sabre/vobject": "no VTIMEZONE with that TZID"},
    ),
}


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize("case", BROKEN)
def test_broken_feed_fails(parser: str, case: str, tmp_path: Path) -> None:
    parse = use_parser(parser)
    make, expected = BROKEN[case]
    good, bad = tmp_path / "good.ics", tmp_path / f"{case}.ics"
    good.write_bytes(valid_feed())
    bad.write_bytes(make())

    good_result, bad_result = parse([good, bad], check=False)

    assert good_result["ok"], good_result
    assert not bad_result["ok"]
    assert expected[parser] in bad_result["error"], bad_result["error"]
    with pytest.raises(AssertionError) as excinfo:
        parse([good, bad])
    message = str(excinfo.value)
    assert str(bad) in message and expected[parser] in message
    assert str(good) not in message


def test_vobject_reports_missing_required_properties(tmp_path: Path) -> None:
    parse = use_parser("sabre/vobject")
    path = tmp_path / "incomplete.ics"
    path.write_bytes(
        valid_feed()
        .replace(b"PRODID:-//vault_sync//test harness//RU\r\n", b"")
        .replace(b"DTSTAMP:20210901T080000Z\r\n", b"", 1)
    )
    [result] = parse([path], check=False)
    assert not result["ok"]
    assert "PRODID MUST appear exactly once" in result["error"]
    assert "DTSTAMP MUST appear exactly once" in result["error"]
    assert {m["level"] for m in result["messages"]} == {3}


def test_require_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    require_tool(True, "anything")  # no effect when the tool is there
    monkeypatch.delenv("VAULT_SYNC_REQUIRE_TOOLS", raising=False)
    with pytest.raises(pytest.skip.Exception, match="nothing-such is not installed"):
        require_tool(False, "nothing-such")
    monkeypatch.setenv("VAULT_SYNC_REQUIRE_TOOLS", "1")
    with pytest.raises(pytest.fail.Exception, match="nothing-such is not installed"):
        require_tool(False, "nothing-such")
