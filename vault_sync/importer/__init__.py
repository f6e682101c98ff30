"""Import of existing documents: a protocol or a plan (.docx, .odt, .txt, .doc) -> a note.

``extract`` reads a file (EDGE), ``recognise`` finds the frontmatter in its text and
lists what it could not place (PURE), ``write`` renders the note (PURE), and
:func:`write_note` puts it into the vault without ever overwriting a note (EDGE):
when the name is taken, the note is written as "name (2).md".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vault_sync import i18n
from vault_sync.errors import DocumentError, OutputError, os_reason
from vault_sync.importer.document import Document, Unrecognised, unrecognised
from vault_sync.importer.extract import DEFAULT_LIMITS, SUFFIXES, Limits, extract
from vault_sync.importer.recognise import (
    AssociationGuess,
    Recognised,
    guess_association,
    recognise,
)
from vault_sync.importer.write import note_file_name, note_text
from vault_sync.notes.model import Association

__all__ = [
    "SUFFIXES",
    "AssociationGuess",
    "Document",
    "DocumentError",
    "Imported",
    "Limits",
    "Recognised",
    "Unrecognised",
    "convert",
    "describe",
    "extract",
    "import_file",
    "recognise",
    "write_note",
]


@dataclass(frozen=True)
class Imported:
    """A document turned into a note, not yet written."""

    document: Document
    recognised: Recognised
    association: str | None
    guess: AssociationGuess | None  # how the association was found, when it was not given
    unrecognised: tuple[Unrecognised, ...]  # what was not recognised, the association included
    frontmatter: dict[str, Any]
    text: str  # the note
    file_name: str

    @property
    def note_type(self) -> str | None:
        return self.recognised.note_type


def import_file(
    path: Path,
    associations: Mapping[str, Association],
    association: str | None = None,
    note_type: str | None = None,
    lang: str = i18n.DEFAULT_LANG,
    limits: Limits = DEFAULT_LIMITS,
) -> Imported:
    """Read and recognise one file (:class:`DocumentError` if it cannot be read, or would
    cost more, or make a larger note, than ``limits`` allow)."""
    imported = convert(extract(path, limits), associations, association, note_type, lang)
    size = len(imported.text.encode("utf-8"))
    if size > limits.note_bytes:
        raise DocumentError(
            "import.note_too_large",
            path=str(path),
            size=f"{size / 2**20:.1f}",
            limit=f"{limits.note_bytes / 2**20:.1f}",
        )
    return imported


def convert(
    document: Document,
    associations: Mapping[str, Association],
    association: str | None = None,
    note_type: str | None = None,
    lang: str = i18n.DEFAULT_LANG,
) -> Imported:
    """PURE: the note for ``document``; ``association`` given, or guessed from the text."""
    recognised = recognise(document, note_type)
    missed = list(recognised.unrecognised)
    guess = None
    if association is None and recognised.note_type is not None:
        guess = guess_association(document.text(), recognised.kind, associations)
        association = guess.code
        if association is None:
            missed.insert(0, _no_association(guess, associations))
    described = [describe(item, document.unit, lang) for item in missed]
    frontmatter: dict[str, Any] = {}
    if recognised.note_type is not None:
        frontmatter["type"] = recognised.note_type
    if association is not None:
        frontmatter["association"] = association
    frontmatter.update(recognised.fields)
    frontmatter["x-source"] = document.name
    if described:
        frontmatter["x-unrecognised"] = described
    appendix: list[str] = []
    if described:
        appendix = [
            "## " + i18n.text("import.section_title", lang),
            "",
            i18n.text("import.section_intro", lang),
            "",
            *(f"- {line}" for line in described),
        ]
    known = associations.get(association) if association is not None else None
    kind = known.kind if known is not None else recognised.kind
    stem = Path(document.name).stem
    return Imported(
        document=document,
        recognised=recognised,
        association=association,
        guess=guess,
        unrecognised=tuple(missed),
        frontmatter=frontmatter,
        text=note_text(frontmatter, document.lines, appendix),
        file_name=note_file_name(recognised.note_type, recognised.fields, kind or None, stem),
    )


def _no_association(
    guess: AssociationGuess, associations: Mapping[str, Association]
) -> Unrecognised:
    if not associations:
        return unrecognised("import.no_associations", None, "association")
    if guess.candidates:
        return unrecognised(
            "import.ambiguous_association", None, "association", known=", ".join(guess.candidates)
        )
    return unrecognised("import.no_association", None, "association", known=", ".join(associations))


def describe(item: Unrecognised, unit: str, lang: str = i18n.DEFAULT_LANG) -> str:
    """One thing not recognised, said for people: "строка 12: «…» — …"."""
    params = item.param_dict()
    when_code = params.pop("when_code", None)
    if when_code is not None:
        reason = i18n.text(when_code, lang, text=params["text"], detail=params.pop("detail", ""))
        params["reason"] = reason
    said = i18n.text(item.code, lang, **params)
    if item.line is None:
        return said
    return i18n.text(f"import.where.{unit}", lang, line=item.line) + ": " + said


def write_note(folder: Path, imported: Imported) -> Path:
    """EDGE: write the note into ``folder``; a taken name becomes "name (2).md", "name (3).md".
    :class:`OutputError` when it cannot be written (the disk full, no permission)."""
    stem = imported.file_name[: -len(".md")]
    data = imported.text.encode("utf-8")
    for attempt in range(1, 1000):
        path = folder / (f"{stem}.md" if attempt == 1 else f"{stem} ({attempt}).md")
        try:
            out = path.open("xb")  # exclusive: never replaces a file
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError("import.unwritable", path=str(path), reason=os_reason(exc)) from exc
        try:
            with out:
                out.write(data)
        except OSError as exc:  # the disk full: no half-written note is left behind
            path.unlink(missing_ok=True)
            raise OutputError("import.unwritable", path=str(path), reason=os_reason(exc)) from exc
        return path
    raise DocumentError("import.no_name", path=str(folder / imported.file_name))
