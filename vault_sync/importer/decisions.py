"""A decision of the minutes: its text, deadline, people responsible and vote.

PURE. "Выставить материалы на сайт КИМЦ до 27.09.2021" becomes ``text`` and
``due: 27.09.2021``; "Направить информацию до 10 октября. Ответственный: Полякова А.С."
also gets ``responsible``. A deadline is kept as written; it must read as one day
(``vault_sync.notes.when.parse_when``, the year of "10 октября" from the meeting), otherwise it
stays in the text and is listed as not recognised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from vault_sync.importer.document import Unrecognised, unrecognised
from vault_sync.importer.text import DATE_PATTERN, fold, one_line, people, strip_end, written_date
from vault_sync.notes.when import Precision, WhenError, parse_when

__all__ = ["Decision", "decision_fields", "parse_vote"]


@dataclass
class Decision:
    text: str
    line: int
    item: int | None = None
    vote: dict[str, int] | None = None
    listed: bool = True  # numbered or bulleted in the document


_VOTE = re.compile(
    r"(?<![а-я])(за|против|воздерж[а-я]*)\s*[-:=]?\s*(\d+|нет|ноль|никто)(?![а-я0-9])"
)
_VOTE_KEYS = {"за": "for", "против": "against"}
_RESPONSIBLE = re.compile(
    r"(?:^|(?<=[\s.;,(]))(?:ответственн(?:ый|ая|ые|ого|ых|ой)?|отв\.|исполнител[ьи])"
    r"(?:\s+за\s+исполнение)?\s*[:\-–—]?\s*(?P<who>[^;]+?)\s*\)?\s*;?\s*$",
    re.IGNORECASE,
)
_DUE_LABEL = re.compile(
    rf"[\s.;,(]*срок(?:и)?(?:\s+исполнения)?\s*[:\-–—]?\s*(?:до\s+)?(?P<date>{DATE_PATTERN})"
    r"\s*\)?[.;]?",
    re.IGNORECASE,
)
_UNTIL = re.compile(
    rf"(?:\s*,)?(?:\s+в\s+срок)?\s*(?<![а-яё])(?:до|не\s+позднее)\s+(?P<date>{DATE_PATTERN})",
    re.IGNORECASE,
)
_VAGUE_UNTIL = re.compile(
    r"(?<![а-яё])до\s+(?:конца|начала|окончания|середины|\d+\s+четверти|\d+-?й\s+\w+)\s+\S+",
    re.IGNORECASE,
)


def parse_vote(text: str) -> dict[str, int] | None:
    """ "«за» - 29, «против» - нет, «воздержались» - нет" -> for 29, against 0, abstained 0."""
    low = fold(text).replace("«", " ").replace("»", " ").replace('"', " ")
    found: dict[str, int] = {}
    for m in _VOTE.finditer(low):
        key = _VOTE_KEYS.get(m[1], "abstained")
        found.setdefault(key, int(m[2]) if m[2].isdigit() else 0)
    return found or None


def decision_fields(
    decision: Decision,
    academic_year: int | None,
    meeting: str | None,
    missed: list[Unrecognised],
    path: str,
) -> Any:
    """The decision as the schema wants it: a string, or a mapping when there is more."""
    text = one_line(decision.text)
    out: dict[str, Any] = {}
    responsible = _RESPONSIBLE.search(text)
    if responsible is not None:
        who = responsible["who"]
        found = people(who) or [strip_end(who)]
        out["responsible"] = found if len(found) > 1 else found[0]
        text = text[: responsible.start()].rstrip(" ,;(")
    text = _take_due(text, decision, academic_year, meeting, missed, path, out)
    text = strip_end(text, ";,")
    result: dict[str, Any] = {"text": text or one_line(decision.text)}
    if decision.item is not None:
        result["item"] = decision.item
    if "due" in out:
        result["due"] = out["due"]
    if "responsible" in out:
        result["responsible"] = out["responsible"]
    if decision.vote:
        result["vote"] = decision.vote
    return result if len(result) > 1 else result["text"]


def _take_due(
    text: str,
    decision: Decision,
    academic_year: int | None,
    meeting: str | None,
    missed: list[Unrecognised],
    path: str,
    out: dict[str, Any],
) -> str:
    """Find the deadline; cut it from the text when it ends a clause."""
    for pattern in (_DUE_LABEL, _UNTIL):
        matches = list(pattern.finditer(text))
        if not matches:
            continue
        m = matches[-1]
        due = written_date(m["date"])
        problem = _due_problem(due, academic_year, meeting, decision.line, f"{path}.due")
        if problem is not None:
            missed.append(problem)
            return text
        out["due"] = due
        rest = text[m.end() :].strip(" .;,)")
        if not rest or pattern is _DUE_LABEL:
            return (text[: m.start()] + (" " + rest if rest else "")).rstrip(" ,;—–-")
        return text
    vague = _VAGUE_UNTIL.search(text)
    if vague is not None:
        missed.append(
            unrecognised(
                "import.due_not_date", decision.line, f"{path}.due", text=strip_end(vague[0])
            )
        )
    return text


def _due_problem(
    due: str, academic_year: int | None, meeting: str | None, line: int, path: str
) -> Unrecognised | None:
    try:
        whens = parse_when(due, None)
    except WhenError as exc:
        if exc.code != "when.no_year":
            return _problem(exc, line, path, due)
        if meeting is None:
            return None  # the year comes from the meeting, whose missing date is said already
        try:
            whens = parse_when(due, academic_year)
        except WhenError as again:
            return _problem(again, line, path, due)
    if len(whens) != 1 or whens[0].precision is not Precision.DAY:
        return unrecognised("import.not_a_day", line, path, text=due)
    return None


def _problem(exc: WhenError, line: int, path: str, text: str) -> Unrecognised:
    return unrecognised("import.when", line, path, text=text, when_code=exc.code, detail=exc.detail)
