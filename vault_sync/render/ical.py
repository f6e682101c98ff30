"""iCalendar (RFC 5545) writing: escaping, folding, VTIMEZONE, VEVENT and VCALENDAR. Pure.

:class:`FeedEvent`, :class:`Revision` and :class:`FeedInfo` are what a feed is made of;
:mod:`vault_sync.render.feeds` makes them from notes and re-exports everything public here.

Why not ``icalendar``'s serialiser (checked with 7.x): it folds correctly (at most 75
octets, between characters, CRLF + one space, never right after a backslash) and escapes
``\\ ; , newline`` (and CR) correctly, but it copies other control characters (NUL, ESC, VT,
FF, DEL...) into TEXT values unescaped, which RFC 5545 forbids; its ``Timezone.from_tzid``
writes a DAYLIGHT observance's DTSTART in the wall time after the change (RFC 5545: before
it, in TZOFFSETFROM) and always a COMMENT and a first DTSTART that depend on the date range;
and its folding rules have changed between releases. Feeds must be byte-stable (an
unchanged feed is never re-uploaded), so the few lines that make the bytes live here;
``icalendar`` reads the feeds back in the tests.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

__all__ = [
    "LIMIT", "PRODID", "FeedEvent", "FeedInfo", "Revision", "clean_text", "content_line",
    "escape_name", "escape_text", "fold", "format_date", "format_local", "format_offset",
    "format_utc", "param_value", "render_feed", "render_vevent", "vtimezone",
]  # fmt: skip

LIMIT = 75  # octets per physical line, CRLF excluded (RFC 5545 3.1)
CRLF = b"\r\n"
PRODID = "-//vault-sync//vault-sync 0.1//{lang}"  # lang: RU or EN
_STATUSES = ("CONFIRMED", "TENTATIVE", "CANCELLED")

# Line breaks of every kind become "\n"; other controls (not TAB) are dropped: RFC 5545
# TEXT allows no CONTROL character, and U+2028/U+2029/U+0085 split lines in some readers.
_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# RFC 5545 3.3.11 allows no control character in TEXT but HTAB; C1 ones (CSI, \x9b, acts
# on a terminal as ESC [ does) go too.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]")
_BREAK_OR_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")  # either
_UNSAFE_PARAM = re.compile(r'[\x00-\x08\x0a-\x1f\x7f"]')
_QUOTE_PARAM = re.compile(r"[:;,]")


def clean_text(value: str) -> str:
    """NFC, line breaks as "\\n", no control characters but TAB, no lone surrogates.

    Every step is tried with a C-speed test first: most text needs none of them, and this
    runs for every property of every event (str.translate is slow on Cyrillic text).
    """
    if not value.isascii():
        value = value.encode("utf-8", "replace").decode("utf-8")  # lone surrogates -> "?"
        if not unicodedata.is_normalized("NFC", value):
            value = unicodedata.normalize("NFC", value)
    if not _BREAK_OR_CONTROL.search(value):
        return value
    if _BREAKS.search(value):
        value = _BREAKS.sub("\n", value)
    if _CONTROLS.search(value):
        value = _CONTROLS.sub("", value)
    return value


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): cleaned, then ``\\ ; , newline`` escaped."""
    value = clean_text(value)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def escape_name(value: str) -> str:
    """A calendar's NAME / X-WR-CALNAME / X-WR-CALDESC: one line, commas unescaped.

    ical.js and icalendar read these without unescaping, sabre/vobject unescapes: an
    unescaped comma reads the same in all three (names often have commas, "\\," would show);
    ``;`` and ``\\`` stay escaped for the readers that follow RFC 5545."""
    return " ".join(clean_text(value).split()).replace("\\", "\\\\").replace(";", "\\;")


@lru_cache(maxsize=256)  # the few TZIDs and VALUE=DATE, on two lines of every event
def param_value(value: str) -> str:
    """A parameter value, DQUOTEd when it holds ``: ; ,`` (RFC 5545 3.2)."""
    if _UNSAFE_PARAM.search(value):
        raise ValueError(f"cannot write {value!r} as a parameter value")
    return f'"{value}"' if _QUOTE_PARAM.search(value) else value


def fold(line: str) -> bytes:
    """One content line as UTF-8 physical lines of at most 75 octets, each ending in CRLF.

    Breaks only between characters (never inside a UTF-8 sequence) and never between a
    backslash and the character it escapes; continuation lines start with one space.
    """
    data = line.encode("utf-8")
    if len(data) <= LIMIT:
        return data + CRLF
    parts: list[bytes] = []
    start, room = 0, LIMIT
    while len(data) - start > room:
        cut = start + room
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: back to the character's start
            cut -= 1
        run = 0  # backslashes right before the cut: an odd run ends with an open escape
        while cut - 1 - run >= start and data[cut - 1 - run] == 0x5C:
            run += 1
        cut -= run % 2
        parts.append(data[start:cut])
        start, room = cut, LIMIT - 1  # the leading space takes one octet
    parts.append(data[start:])
    return b"\r\n ".join(parts) + CRLF


def content_line(name: str, value: str, params: Iterable[tuple[str, str]] = ()) -> bytes:
    """``NAME;P=V:value`` folded; ``value`` must already be escaped/formatted."""
    if not params:  # most lines have no parameters
        return fold(f"{name}:{value}")
    head = name + "".join(f";{key}={param_value(val)}" for key, val in params)
    return fold(f"{head}:{value}")


def format_date(day: dt.date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def format_local(moment: dt.datetime) -> str:
    """A naive wall time: 20210922T140000."""
    if moment.tzinfo is not None:
        raise ValueError(f"expected a naive local time, got {moment!r}")
    return f"{format_date(moment)}T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"


def format_utc(moment: dt.datetime) -> str:
    """An aware time as UTC: 20210922T070000Z."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"expected an aware time, got {moment!r}")
    utc = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return format_local(utc) + "Z"


def format_offset(offset: dt.timedelta) -> str:
    """+0700, -0330, +023456 (seconds only when there are any)."""
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{secs:02d}" if secs else "")


# --- VTIMEZONE ------------------------------------------------------------------------------
_EPOCH = dt.datetime(1970, 1, 1)
_Observance = tuple[dt.timedelta, bool, str]  # (UTC offset, is DST, abbreviation)
REFERENCE_YEAR = 2025  # describes a zone for which no years are given (an unused VTIMEZONE)


def vtimezone(tzid: str, years: Iterable[int]) -> bytes:
    """A minimal VTIMEZONE for ``tzid``, exact for local times in ``years``.

    A zone whose offset does not change over those years (every Russian zone since
    October 2014) gets ONE STANDARD observance from 1970. Otherwise the observance in
    force at the start is followed by one STANDARD/DAYLIGHT per transition inside the
    years, each DTSTART written as the wall time before the change (RFC 5545 3.6.5).
    No years: the zone as in :data:`REFERENCE_YEAR`.
    """
    wanted = tuple(sorted(set(years))) or (REFERENCE_YEAR,)
    return _vtimezone(tzid, wanted)


@lru_cache(maxsize=256)
def _vtimezone(tzid: str, years: tuple[int, ...]) -> bytes:
    zone = ZoneInfo(tzid)  # raises for an unknown zone
    if not 2 <= years[0] <= years[-1] <= 9997:
        raise ValueError(f"years {years[0]}..{years[-1]} are out of range for a VTIMEZONE")
    # Each year with a margin of a day each side (local times in any offset), merged.
    windows: list[tuple[dt.datetime, dt.datetime]] = []
    for year in years:
        begin = dt.datetime(year - 1, 12, 31, tzinfo=dt.UTC)
        end = dt.datetime(year + 1, 1, 2, tzinfo=dt.UTC)
        if windows and begin <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((begin, end))
    initial = _observance(windows[0][0], zone)
    since = min(_EPOCH, dt.datetime(years[0] - 1, 1, 1))
    lines = ["BEGIN:VTIMEZONE", f"TZID:{escape_text(tzid)}"]
    lines += _component(since, initial, initial)
    before = initial
    for begin, end in windows:
        at_begin = _observance(begin, zone)
        changes = [] if at_begin == before else [(begin, at_begin)]  # between windows
        for moment, after in changes + _transitions(zone, begin, end):
            wall = (moment + before[0]).replace(tzinfo=None)  # in TZOFFSETFROM (RFC 5545)
            lines += _component(wall, before, after)
            before = after
    lines.append("END:VTIMEZONE")
    return b"".join(fold(line) for line in lines)


def _observance(moment: dt.datetime, zone: ZoneInfo) -> _Observance:
    local = moment.astimezone(zone)
    offset, dst = local.utcoffset(), local.dst()
    return (offset or dt.timedelta(0), bool(dst), local.tzname() or "")


def _transitions(
    zone: ZoneInfo, begin: dt.datetime, end: dt.datetime
) -> list[tuple[dt.datetime, _Observance]]:
    """Every change of offset, DST flag or name in [begin, end), found day by day."""
    found: list[tuple[dt.datetime, _Observance]] = []
    day = dt.timedelta(days=1)
    moment, current = begin, _observance(begin, zone)
    while moment < end:
        following = _observance(moment + day, zone)
        if following != current:
            low, high = moment, moment + day  # current at low, changed at high
            while high - low > dt.timedelta(seconds=1):
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0)
                if middle <= low:
                    break
                if _observance(middle, zone) == current:
                    low = middle
                else:
                    high = middle
            found.append((high, _observance(high, zone)))
            current = following
        moment += day
    return found


def _component(wall: dt.datetime, before: _Observance, after: _Observance) -> list[str]:
    kind = "DAYLIGHT" if after[1] else "STANDARD"
    lines = [
        f"BEGIN:{kind}",
        f"DTSTART:{format_local(wall)}",
        f"TZOFFSETFROM:{format_offset(before[0])}",
        f"TZOFFSETTO:{format_offset(after[0])}",
    ]
    if after[2]:
        lines.append(f"TZNAME:{escape_text(after[2])}")
    return [*lines, f"END:{kind}"]


# --- events and calendars --------------------------------------------------------------------
@dataclass(frozen=True)
class FeedEvent:
    uid: str  # stable: from note identity + event key (+ part index), never from the build
    association: str  # association id
    summary: str
    start: dt.date | dt.datetime  # datetime = naive LOCAL wall time in tzid
    end: dt.date | dt.datetime  # exclusive end (all-day: the day after the last day)
    tzid: str | None  # IANA zone for timed events, None for all-day
    status: str  # "CONFIRMED" or "TENTATIVE"
    transparent: bool  # TRANSP:TRANSPARENT (month-only / range spans, deadlines)
    location: str = ""
    description: str = ""
    categories: tuple[str, ...] = ()
    kind: str = "event"  # "meeting" (a protocol), "activity" (plan event), "deadline"


@dataclass(frozen=True)
class Revision:
    fingerprint: str  # hash of everything a client shows, see fingerprint()
    sequence: int
    stamp: dt.datetime  # aware, UTC; when this revision was first seen -> DTSTAMP, LAST-MODIFIED


@dataclass(frozen=True)
class FeedInfo:
    name: str  # calendar name shown to people
    description: str
    refresh_minutes: int  # REFRESH-INTERVAL and X-PUBLISHED-TTL
    lang: str = "ru"


def render_vevent(event: FeedEvent, revision: Revision) -> bytes:
    """One ``BEGIN:VEVENT ... END:VEVENT`` block (CRLF, folded, escaped); depends only on
    its arguments, so it can be cached per event and revision."""
    if event.status not in _STATUSES or revision.sequence < 0:
        bad = f"STATUS {event.status!r} or SEQUENCE {revision.sequence}"
        raise ValueError(f"{event.uid}: bad {bad}")
    stamp = format_utc(revision.stamp)
    lines = [
        b"BEGIN:VEVENT\r\n",
        content_line("UID", escape_text(event.uid)),
        content_line("DTSTAMP", stamp),
        content_line("LAST-MODIFIED", stamp),
        content_line("SEQUENCE", str(revision.sequence)),
        content_line("SUMMARY", escape_text(event.summary)),
        *_dates(event),
        content_line("STATUS", event.status),
        content_line("TRANSP", "TRANSPARENT" if event.transparent else "OPAQUE"),
    ]
    if event.location:
        lines.append(content_line("LOCATION", escape_text(event.location)))
    if event.description:
        lines.append(content_line("DESCRIPTION", escape_text(event.description)))
    if event.categories:
        lines.append(content_line("CATEGORIES", ",".join(map(escape_text, event.categories))))
    lines.append(b"END:VEVENT\r\n")
    return b"".join(lines)


def _dates(event: FeedEvent) -> list[bytes]:
    start, end = event.start, event.end
    if isinstance(start, dt.datetime) and isinstance(end, dt.datetime) and event.tzid:
        if not end > start:
            raise ValueError(f"{event.uid}: DTEND {end} is not after DTSTART {start}")
        zone = [("TZID", event.tzid)]
        return [content_line("DTSTART", format_local(start), zone),
                content_line("DTEND", format_local(end), zone)]  # fmt: skip
    if isinstance(start, dt.datetime) or isinstance(end, dt.datetime) or event.tzid:
        raise ValueError(f"{event.uid}: timed events need datetimes and a tzid, all-day dates")
    if not end > start:
        raise ValueError(f"{event.uid}: DTEND {end} is not after DTSTART {start}")
    day = [("VALUE", "DATE")]
    return [content_line("DTSTART", format_date(start), day),
            content_line("DTEND", format_date(end), day)]  # fmt: skip


def render_feed(info: FeedInfo, vevents: Iterable[bytes], timezones: Iterable[bytes]) -> bytes:
    """A VCALENDAR: header, the VTIMEZONE blocks, the VEVENT blocks in the order given.

    sabre/vobject rejects a VCALENDAR without components, so a feed with neither events
    nor time zones gets a VTIMEZONE for UTC (unused, invisible)."""
    if info.refresh_minutes < 1:
        raise ValueError("refresh_minutes must be at least 1")
    blocks, zones = list(vevents), list(dict.fromkeys(timezones))
    if not blocks and not zones:
        zones = [vtimezone("UTC", ())]
    for name, found in (("VEVENT", blocks), ("VTIMEZONE", zones)):  # thousands in a big feed
        begin, end = f"BEGIN:{name}\r\n".encode(), f"END:{name}\r\n".encode()
        for block in found:
            if not block.startswith(begin) or not block.endswith(end):
                raise ValueError(f"not a {name} block: {block[:40]!r}")
    every = f"PT{info.refresh_minutes}M"
    head = [
        b"BEGIN:VCALENDAR\r\n", b"VERSION:2.0\r\n",
        content_line("PRODID", PRODID.format(lang="EN" if info.lang.startswith("en") else "RU")),
        b"CALSCALE:GREGORIAN\r\n", b"METHOD:PUBLISH\r\n",
        content_line("NAME", escape_name(info.name)),
        content_line("X-WR-CALNAME", escape_name(info.name)),
    ]  # fmt: skip
    if info.description:
        head.append(content_line("DESCRIPTION", escape_text(info.description)))
        head.append(content_line("X-WR-CALDESC", escape_name(info.description)))
    head.append(content_line("REFRESH-INTERVAL", every, [("VALUE", "DURATION")]))
    head.append(content_line("X-PUBLISHED-TTL", every))
    return b"".join([*head, *zones, *blocks, b"END:VCALENDAR\r\n"])
