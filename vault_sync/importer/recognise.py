"""Is a document a protocol or a plan, whose is it, and what does it say.

PURE: a :class:`Document` in, frontmatter fields and the list of what was not
recognised out. The association is matched against the vault's associations by the
words of their names (the city: «Красноярска») and their kind (ГМО, ММО …), and only
when exactly one association fits; otherwise it is left for the user to say.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from vault_sync.importer.document import Document, Unrecognised, unrecognised
from vault_sync.importer.minutes import read_protocol
from vault_sync.importer.text import fold
from vault_sync.importer.work_plan import read_plan
from vault_sync.notes.model import Association

__all__ = ["AssociationGuess", "Recognised", "document_kind", "guess_association", "recognise"]

NOTE_TYPES = ("protocol", "plan")


@dataclass(frozen=True)
class Recognised:
    note_type: str | None  # "protocol", "plan", or None when it could not be told
    fields: dict[str, Any]  # frontmatter without type and association
    unrecognised: tuple[Unrecognised, ...]
    kind: str | None  # the kind of association the document names itself: ГМО, ММО …


def recognise(document: Document, note_type: str | None = None) -> Recognised:
    chosen = note_type or guess_type(document)
    kind = document_kind(document.text())
    if chosen is None:
        return Recognised(None, {}, (unrecognised("import.type_unknown"),), kind)
    reader = read_protocol if chosen == "protocol" else read_plan
    fields, missed = reader(document.lines)
    return Recognised(chosen, fields, tuple(missed), kind)


# --- protocol or plan --------------------------------------------------------------------
_PROTOCOL_WORDS = ("повестк", "слушали", "решили", "решено", "постановили", "присутствовал",
                   "голосовали", "секретар", "ведущ", "председател")  # fmt: skip
_PLAN_WORDS = ("методическая тема", "задачи", "сроки", "ответственн", "ожидаемые результаты",
               "учебный год")  # fmt: skip


def guess_type(document: Document) -> str | None:
    """ "protocol" or "plan" by the words of the title and of the whole text; None on a tie."""
    head = fold(" ".join([line.text for line in document.lines if line.text][:12]))
    text = fold(document.text())
    protocol = 3 * bool(re.search(r"(?<![а-я])протокол", head))
    plan = 3 * bool(re.search(r"план\w*\s+(?:работы|мероприятий)", head))
    plan += 2 * ("утверждаю" in head)
    protocol += sum(word in text for word in _PROTOCOL_WORDS)
    plan += sum(word in text for word in _PLAN_WORDS)
    plan += 2 * any(
        line.is_row and any(fold(c).startswith("срок") for c in line.cells or ())
        for line in document.lines
    )
    if protocol == plan:
        return None
    return "protocol" if protocol > plan else "plan"


# --- whose ------------------------------------------------------------------------------
_KINDS = (("городск", "ГМО"), ("муниципальн", "ММО"), ("районн", "РМО"), ("окружн", "ОМО"),
          ("школьн", "ШМО"))  # fmt: skip
_KIND_PHRASE = re.compile(
    r"(городск|муниципальн|районн|окружн|школьн)[а-я]*\s+методическ[а-я]*\s+объединени"
)
_ABBREVIATION = re.compile(r"(?<![а-я])([гршмо]мо)(?![а-я])")
_GENERIC = {"городское", "районное", "муниципальное", "методическое", "объединение",
            "школьное", "окружное", "городской", "районный"}  # fmt: skip


def document_kind(text: str) -> str | None:
    """ГМО, ММО, РМО, ОМО or ШМО: how the document names its association."""
    low = fold(text)
    phrase = _KIND_PHRASE.search(low)
    if phrase:
        return next(kind for stem, kind in _KINDS if phrase[1].startswith(stem))
    counts = Counter(m[1] for m in _ABBREVIATION.finditer(low))
    return counts.most_common(1)[0][0].upper() if counts else None


@dataclass(frozen=True)
class AssociationGuess:
    code: str | None
    words: tuple[str, ...] = ()  # the words of its name found in the document
    candidates: tuple[str, ...] = ()  # when several fit equally well


def guess_association(
    text: str, kind: str | None, associations: Mapping[str, Association]
) -> AssociationGuess:
    low = fold(text)
    scored: list[tuple[int, str, tuple[str, ...]]] = []
    for code, association in sorted(associations.items()):
        if kind and association.kind and association.kind != kind:
            continue
        found = tuple(w for w in name_words(association.name) if _mentions(low, w))
        if found:
            scored.append((len(found), code, found))
    if not scored:
        return AssociationGuess(None)
    best = max(score for score, _, _ in scored)
    winners = [(code, words) for score, code, words in scored if score == best]
    if len(winners) > 1:
        return AssociationGuess(None, candidates=tuple(code for code, _ in winners))
    code, words = winners[0]
    return AssociationGuess(code, words + ((kind,) if kind else ()))


def name_words(name: str) -> list[str]:
    """The proper names in an association's name: «Красноярска», «Советского»."""
    words = re.findall(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?", name)
    if words and name.startswith(words[0]):
        words = words[1:]
    return [w for w in words if len(w) >= 4 and w.lower() not in _GENERIC]


def _mentions(low: str, word: str) -> bool:
    stem = fold(word)[: max(4, len(word) - 2)]
    return re.search(r"(?<![а-я])" + re.escape(stem), low) is not None
