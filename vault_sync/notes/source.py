"""From a file's bytes to a note's frontmatter, or to the problems that stop it.

Pure: takes bytes, returns data. Decides whether a file is one of ours at all:
a Markdown file without frontmatter, or whose ``type`` is not one of
:data:`NOTE_TYPES`, belongs to someone else and is left alone without a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from vault_sync.notes import yaml_reader
from vault_sync.notes.model import LineMap, Problem, Severity, problem

NOTE_TYPES = ("protocol", "plan", "association")
DEFAULT_MAX_BYTES = 1024 * 1024  # a year of minutes is ~30 KB; 1 MiB is generous

# A frontmatter boundary: a line of three or more hyphens (trailing blanks allowed), the
# same as python-frontmatter's and so Obsidian's; a note starts with one to have frontmatter.
_BOUNDARY = re.compile(r"^-{3,}\s*$", re.MULTILINE)
_OURS = re.compile(r"^type\s*:\s*[\"']?(protocol|plan|association)[\"']?\s*(#.*)?$", re.MULTILINE)
_CYRILLIC = re.compile("[а-яА-ЯёЁ]")
# A tag (!), anchor (&) or alias (*) at the start of a token: the careful parser handles those.
_YAML_INDICATOR = re.compile(r"(?:^|[\s,\[{])[!&*][^\s*]")
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "ZIP/DOCX"),
    (b"%PDF", "PDF"),
    (b"\xd0\xcf\x11\xe0", "DOC/XLS"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
)


@dataclass(frozen=True)
class SourceNote:
    """A note of ours whose frontmatter could be read (it may still be invalid).

    A note read by the fast parser has no line numbers yet: :attr:`lines` computes them
    on first use (only when there is a problem to show), and :meth:`detailed` re-reads it
    carefully, with lines and the text of unquoted numbers.
    """

    path: str
    type: str
    data: dict[str, Any]
    fm_text: str = ""
    plain_text: dict[tuple[str | int, ...], str] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    known_lines: LineMap | None = None  # set when read carefully

    @cached_property
    def lines(self) -> LineMap:
        if self.known_lines is not None:
            return self.known_lines
        return self.detailed().known_lines or LineMap()

    def detailed(self) -> SourceNote:
        """This note read by the careful parser (itself if it already was)."""
        if self.known_lines is not None:
            return self
        try:
            doc = yaml_reader.load(self.fm_text)
        except yaml_reader.YamlProblem:  # accepted by the fast parser only: keep what we have
            return replace(self, known_lines=LineMap())
        if not isinstance(doc.data, dict):
            return replace(self, known_lines=LineMap())
        return replace(self, data=doc.data, plain_text=doc.plain_text, known_lines=_line_map(doc))


@dataclass(frozen=True)
class ReadResult:
    """``note`` is None for files that are not ours, or whose frontmatter is unreadable."""

    note: SourceNote | None
    problems: tuple[Problem, ...] = ()

    @property
    def ours(self) -> bool:
        return self.note is not None or any(p.is_error for p in self.problems)


NOT_OURS = ReadResult(None)


def read_note(
    path: str, raw: bytes, max_bytes: int = DEFAULT_MAX_BYTES, size: int | None = None
) -> ReadResult:
    """Read one ``.md`` file's bytes (``size``: the file's size when ``raw`` is only its head)."""
    size = len(raw) if size is None else size
    if size > max_bytes:
        ours = _OURS.search(raw[:4096].decode("utf-8", "replace")) is not None
        severity = Severity.ERROR if ours else Severity.WARNING
        return _fail(path, None, "file.too_large", severity, size=size, limit=max_bytes)
    if not raw.strip():
        return NOT_OURS  # an empty note is someone's new note, not ours yet
    looks_like = _binary_kind(raw)
    if looks_like is not None:
        return _fail(path, None, "file.binary", Severity.WARNING, looks_like=looks_like)
    text, encoding_problem = _decode(path, raw)
    if encoding_problem is not None:
        ours = text is not None and _OURS.search(text) is not None
        severity = Severity.ERROR if ours else Severity.WARNING
        return ReadResult(None, (_with_severity(encoding_problem, severity),))
    assert text is not None
    return parse_text(path, text)


def parse_text(path: str, text: str) -> ReadResult:
    """Parse decoded text (BOM and CRLF tolerated) into a :class:`SourceNote`."""
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _BOUNDARY.match(text) is None:
        return NOT_OURS
    try:
        fm_text, body = _split_frontmatter(text)
    except ValueError:
        if _OURS.search(text) is None:
            return NOT_OURS
        return _fail(path, 1, "frontmatter.unclosed")
    body_line = fm_text.count("\n") + 2
    fast = None if _has_indicator(fm_text) else yaml_reader.fast_load(fm_text)
    if isinstance(fast, dict):
        note_type = fast.get("type")
        if not isinstance(note_type, str) or note_type not in NOTE_TYPES:
            return NOT_OURS
        return ReadResult(SourceNote(path, note_type, fast, fm_text, {}, body, body_line))
    return _read_carefully(path, fm_text, body, body_line)


def _split_frontmatter(text: str) -> tuple[str, str]:
    """The frontmatter and the body of ``text``, which starts with a "---" line.

    What python-frontmatter's ``split`` gives (the same boundary regular expression; a test
    compares the two), but the boundary is only tried where a line starts with "---"
    instead of searched for through the whole frontmatter. ValueError when there is no
    closing line, as there.
    """
    boundary = _BOUNDARY
    opening = boundary.match(text)
    if opening is None:
        raise ValueError("the text does not start with a frontmatter boundary")
    start = opening.end()
    while (found := text.find("---", start)) >= 0:
        closing = boundary.match(text, found) if text[found - 1] == "\n" else None
        if closing is not None:
            return text[opening.end() : closing.start()], text[closing.end() :]
        start = found + 1
    raise ValueError("the frontmatter is not closed")


def _has_indicator(fm_text: str) -> bool:
    if "!" not in fm_text and "&" not in fm_text and "*" not in fm_text:
        return False  # the common case, decided without a regular expression
    return _YAML_INDICATOR.search(fm_text) is not None


def _read_carefully(path: str, fm_text: str, body: str, body_line: int) -> ReadResult:
    # The YAML starts right after the opening '---' on line 1, so YAML line k is file line k+1.
    ours = _OURS.search(fm_text) is not None
    try:
        doc = yaml_reader.load(fm_text)
    except yaml_reader.YamlProblem as exc:
        line = exc.line + 1 if exc.line is not None else 1
        severity = Severity.ERROR if ours else Severity.WARNING
        where = _dotted(exc.path) if exc.path else ""
        return ReadResult(None, (problem(path, line, where, exc.code, severity, **exc.params),))
    data = doc.data
    if not isinstance(data, dict):
        if data is None or isinstance(data, str):
            return NOT_OURS  # an empty block or a line of prose between --- lines
        return _fail(path, 2, "frontmatter.not_mapping", Severity.WARNING, value=data)
    note_type = data.get("type")
    if not isinstance(note_type, str) or note_type not in NOTE_TYPES:
        return NOT_OURS
    problems = tuple(
        problem(path, again + 1, _dotted(key), "yaml.duplicate", key=key[-1], first=first + 1)
        for key, first, again in doc.duplicates
    )
    note = SourceNote(
        path, note_type, data, fm_text, doc.plain_text, body, body_line, _line_map(doc)
    )
    return ReadResult(note, problems)


def _line_map(doc: yaml_reader.YamlDocument) -> LineMap:
    return LineMap({key: line + 1 for key, line in doc.lines.items()}, first_line=1)


def _decode(path: str, raw: bytes) -> tuple[str | None, Problem | None]:
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only for the rare file that is not UTF-8

    best = from_bytes(raw, cp_isolation=["cp1251", "koi8_r", "cp866", "mac_cyrillic", "latin_1"])
    match = best.best()
    if match is None:
        return None, problem(path, None, "", "file.encoding", encoding="?", sample="")
    text = str(match)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    sample = next((line for line in lines if _CYRILLIC.search(line)), lines[0] if lines else "")
    sample = sample[:60]
    encoding = _ENCODING_NAMES.get(match.encoding, match.encoding)
    return text, problem(path, None, "", "file.encoding", encoding=encoding, sample=sample)


_ENCODING_NAMES = {
    "cp1251": "Windows-1251 (cp1251)",
    "koi8_r": "KOI8-R",
    "cp866": "DOS (cp866)",
    "mac_cyrillic": "Mac Cyrillic",
    "latin_1": "Latin-1",
}


def _binary_kind(raw: bytes) -> str | None:
    head = raw[:8]
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if b"\x00" in raw[:4096]:
        return "binary data" if not raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "UTF-16"
    return None


def _fail(
    path: str, line: int | None, code: str, severity: Severity = Severity.ERROR, **params: Any
) -> ReadResult:
    return ReadResult(None, (problem(path, line, "", code, severity, **params),))


def _with_severity(found: Problem, severity: Severity) -> Problem:
    return Problem(found.path, found.line, found.field, found.code, found.params, severity)


def _dotted(path: tuple[str | int, ...]) -> str:
    """A field path for people: list positions counted from 1."""
    return ".".join(str(part + 1) if isinstance(part, int) else part for part in path)
