"""EDGE: read a ``.txt``, ``.docx``, ``.odt`` (or, through LibreOffice, ``.doc``) file.

Each reader returns a :class:`Document`: paragraphs and table rows in document order.
Word's automatic numbering ("1.", "2." that are not in the text) is written out, so
numbered agendas and decisions read the same as in a text export. A ``.txt`` file is
UTF-8, or a legacy encoding (cp1251, KOI8-R, cp866, UTF-16) that is detected and said.

python-docx and odfpy are the ``import`` extra: without them a ``.txt`` still imports,
and a ``.docx``/``.odt``/``.doc`` is refused with the command that installs them.

What a document may cost is bounded before it is parsed (:class:`Limits`): a ``.docx``
or ``.odt`` is a zip archive, and a small one can unpack into gigabytes (a "zip bomb");
its parts' sizes, their number and their compression ratio are checked from the
archive's directory (:mod:`zipfile` never unpacks more than a part's declared size), and
a ``.txt`` file is read only up to its limit.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vault_sync.errors import DocumentError
from vault_sync.importer.document import Document, Line, clean, row
from vault_sync.importer.text_tables import lines_from_text

__all__ = [
    "DEFAULT_LIMITS",
    "SUFFIXES",
    "DocumentError",
    "Limits",
    "check_archive",
    "extract",
    "office_program",
]

SUFFIXES = (".docx", ".odt", ".txt", ".doc")
_ENCODING_NAMES = {
    "cp1251": "Windows-1251 (cp1251)",
    "koi8_r": "KOI8-R",
    "cp866": "DOS (cp866)",
    "utf_16": "UTF-16",
    "utf_16_le": "UTF-16",
    "utf_16_be": "UTF-16",
}
_CONVERT_SECONDS = 180
_EXTRA = "vault-sync[import]"  # the extra that installs the document readers
# The module each document format needs, and the package that provides it.
_READERS = {
    ".docx": ("docx", "python-docx"),
    ".odt": ("odf", "odfpy"),
    ".doc": ("docx", "python-docx"),
}


_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one document may cost to read. The defaults are far above real minutes and
    plans (their text is a few hundred kilobytes; photos are parts of their own)."""

    file_bytes: int = 64 * _MB  # a .docx or .odt file as stored
    member_bytes: int = 64 * _MB  # one part of it, unpacked
    total_bytes: int = 160 * _MB  # all its parts, unpacked
    members: int = 5000  # its parts
    ratio: int = 100  # unpacked / packed, of a part over ratio_from bytes unpacked
    ratio_from: int = 1 * _MB
    text_bytes: int = 8 * _MB  # a .txt file
    note_bytes: int = 1 * _MB  # the note made of it (the vault's max_note_bytes)


DEFAULT_LIMITS = Limits()


def extract(path: Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read ``path`` by its suffix; :class:`DocumentError` if it cannot be read, or would
    cost more than ``limits`` allow."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise DocumentError("import.no_file", path=str(path))
    if suffix not in SUFFIXES:
        raise DocumentError("import.unsupported", path=str(path), suffix=path.suffix or "—")
    _require_reader(path, suffix)
    try:
        if suffix == ".txt":
            return read_text(path.name, _read_at_most(path, limits.text_bytes))
        if suffix in (".docx", ".odt"):
            check_archive(path, limits)
        elif path.stat().st_size > limits.file_bytes:  # .doc: converted, then checked too
            raise DocumentError("import.too_large", path=str(path), size=_mb(limits.file_bytes))
        if suffix == ".docx":
            return read_docx(path, path.name)
        if suffix == ".odt":
            return read_odt(path, path.name)
        return read_doc(path, limits)
    except DocumentError:
        raise
    except MemoryError:
        raise DocumentError("import.too_costly", path=str(path)) from None
    except Exception as exc:  # a broken file: python-docx, odfpy and zipfile raise many kinds
        raise DocumentError("import.unreadable", path=str(path), reason=_reason(exc)) from None


def _require_reader(path: Path, suffix: str) -> None:
    """DocumentError ``import.needs_extra`` when the reader of ``suffix`` is not installed."""
    if suffix not in _READERS:
        return
    module, package = _READERS[suffix]
    try:
        importlib.import_module(module)
    except ImportError:
        raise DocumentError(
            "import.needs_extra", path=str(path), package=package, extra=_EXTRA
        ) from None


def _read_at_most(path: Path, limit: int) -> bytes:
    with path.open("rb") as handle:
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise DocumentError("import.too_large", path=str(path), size=_mb(limit))
    return raw


def check_archive(path: Path, limits: Limits) -> None:
    """Refuse a ``.docx``/``.odt`` whose parts would unpack into more than ``limits``."""
    if path.stat().st_size > limits.file_bytes:
        raise DocumentError("import.too_large", path=str(path), size=_mb(limits.file_bytes))
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DocumentError("import.unreadable", path=str(path), reason=_reason(exc)) from None
    if len(members) > limits.members:
        raise DocumentError("import.zip_many", path=str(path), count=len(members))
    total = 0
    for member in members:
        unpacked = member.file_size
        total += unpacked
        ratio_too_high = unpacked > limits.ratio_from and unpacked > limits.ratio * max(
            member.compress_size, 1
        )
        if unpacked > limits.member_bytes or total > limits.total_bytes or ratio_too_high:
            raise DocumentError(
                "import.zip_bomb",
                path=str(path),
                part=member.filename,
                size=_mb(unpacked),
            )


def _mb(size: int) -> str:
    return f"{size / _MB:.1f}".rstrip("0").rstrip(".")


# --- text ------------------------------------------------------------------------------------
def read_text(name: str, raw: bytes) -> Document:
    text, encoding = decode(raw)
    if text is None:
        raise DocumentError("import.bad_encoding", path=name)
    return Document(name, tuple(lines_from_text(text)), "line", encoding)


def decode(raw: bytes) -> tuple[str | None, str | None]:
    """The text and, when it was not UTF-8, the name of the encoding it was in."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "UTF-16"
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=["cp1251", "koi8_r", "cp866", "utf_16"]).best()
    if best is None:
        return None, None
    return str(best), _ENCODING_NAMES.get(best.encoding, best.encoding)


# --- Word ------------------------------------------------------------------------------------
def read_docx(path: Path, name: str) -> Document:
    import docx
    from docx.table import Table, _Cell

    document = docx.Document(str(path))
    numbering = _Numbering(document)
    lines: list[Line] = []
    tables = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            tables += 1
            for tr in block._tbl.tr_lst:  # every real cell once: merged cells are not repeated
                cells = [_cell_text(_Cell(tc, block)) for tc in tr.tc_lst]
                lines.append(row(len(lines) + 1, cells, tables))
        else:
            text = numbering.prefix(block) + block.text
            lines.append(Line(len(lines) + 1, " ".join(clean(text).split())))
    return Document(name, tuple(lines), "paragraph")


def _cell_text(cell: Any) -> str:
    parts = [" ".join(clean(p.text).split()) for p in cell.paragraphs]
    return "\n".join(p for p in parts if p)


class _Numbering:
    """Writes out Word's automatic list numbers: "1. ", "2. ", bullets as "- "."""

    def __init__(self, document: Any) -> None:
        self.formats: dict[tuple[str, int], str] = {}
        self.counters: dict[tuple[str, int], int] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for node in root.findall(_w("abstractNum")):
            levels = {}
            for level in node.findall(_w("lvl")):
                fmt = level.find(_w("numFmt"))
                levels[int(level.get(_w("ilvl"), "0"))] = (
                    fmt.get(_w("val"), "decimal") if fmt is not None else "decimal"
                )
            abstract[node.get(_w("abstractNumId"))] = levels
        for num in root.findall(_w("num")):
            ref = num.find(_w("abstractNumId"))
            levels = abstract.get(ref.get(_w("val")) if ref is not None else None, {})
            for level, fmt in levels.items():
                self.formats[(num.get(_w("numId")) or "", level)] = fmt

    def prefix(self, paragraph: Any) -> str:
        found = self._num_pr(paragraph)
        if found is None:
            return ""
        num_id, level = found
        fmt = self.formats.get((num_id, level), "decimal")
        if fmt in ("bullet", "none"):
            return "- " if fmt == "bullet" else ""
        key = (num_id, level)
        self.counters[key] = self.counters.get(key, 0) + 1
        for deeper in [k for k in self.counters if k[0] == num_id and k[1] > level]:
            del self.counters[deeper]
        return f"{self.counters[key]}. "

    @staticmethod
    def _num_pr(paragraph: Any) -> tuple[str, int] | None:
        sources = [paragraph._p.pPr]
        style = paragraph.style
        while style is not None:
            sources.append(style.element.pPr)
            style = style.base_style
        for ppr in sources:
            num_pr = ppr.numPr if ppr is not None else None
            if num_pr is not None and num_pr.numId is not None:
                num_id = str(num_pr.numId.val)
                level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
                return (num_id, int(level)) if num_id != "0" else None
        return None


def _w(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag


# --- OpenDocument ----------------------------------------------------------------------------
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def read_odt(path: Path, name: str) -> Document:
    from odf.opendocument import load

    document = load(str(path))
    numbered_styles = _odt_numbered_styles(document)
    reader = _OdtReader(numbered_styles)
    reader.walk(document.text)
    return Document(name, tuple(reader.lines), "paragraph")


def _odt_numbered_styles(document: Any) -> set[str]:
    names: set[str] = set()
    for styles in (document.automaticstyles, document.styles):
        for node in styles.childNodes:
            if node.qname == (_TEXT, "list-style"):
                first = next((c for c in node.childNodes if c.nodeType == 1), None)
                if first is not None and first.qname == (_TEXT, "list-level-style-number"):
                    names.add(str(node.getAttrNS(_TEXT, "name")))
    return names


class _OdtReader:
    def __init__(self, numbered_styles: set[str]) -> None:
        self.numbered = numbered_styles
        self.lines: list[Line] = []
        self.tables = 0

    def walk(self, node: Any, list_style: str | None = None) -> None:
        for child in node.childNodes:
            if child.nodeType != 1:
                continue
            qname = child.qname
            if qname in ((_TEXT, "p"), (_TEXT, "h")):
                self.paragraph(_odt_text(child))
            elif qname == (_TEXT, "list"):
                self.list(child, list_style)
            elif qname == (_TABLE, "table"):
                self.table(child)
            elif qname in ((_TEXT, "section"), (_TEXT, "soft-page-break")):
                self.walk(child, list_style)

    def paragraph(self, text: str) -> None:
        self.lines.append(Line(len(self.lines) + 1, " ".join(clean(text).split())))

    def list(self, node: Any, inherited: str | None) -> None:
        style = node.getAttrNS(_TEXT, "style-name") or inherited
        number = 0
        for item in node.childNodes:
            if item.nodeType != 1 or item.qname != (_TEXT, "list-item"):
                continue
            number += 1
            prefix = f"{number}. " if style in self.numbered else "- "
            for part in item.childNodes:
                if part.nodeType == 1 and part.qname in ((_TEXT, "p"), (_TEXT, "h")):
                    self.paragraph(prefix + _odt_text(part))
                    prefix = ""
                elif part.nodeType == 1 and part.qname == (_TEXT, "list"):
                    self.list(part, style)

    def table(self, node: Any) -> None:
        self.tables += 1
        for tr in _odt_rows(node):
            cells: list[str] = []
            for cell in tr.childNodes:
                if cell.nodeType != 1 or cell.qname[0] != _TABLE or "cell" not in cell.qname[1]:
                    continue
                text = "\n".join(
                    " ".join(clean(_odt_text(p)).split())
                    for p in cell.childNodes
                    if p.nodeType == 1 and p.qname in ((_TEXT, "p"), (_TEXT, "h"))
                )
                repeat = int(cell.getAttrNS(_TABLE, "number-columns-repeated") or 1)
                cells.extend([text] * min(repeat, 64) if text else [""] * min(repeat, 1))
            self.lines.append(row(len(self.lines) + 1, cells, self.tables))


def _odt_rows(node: Any) -> Iterator[Any]:
    for child in node.childNodes:
        if child.nodeType != 1:
            continue
        if child.qname == (_TABLE, "table-row"):
            yield child
        elif child.qname[0] == _TABLE and child.qname[1] in ("table-header-rows", "table-rows"):
            yield from _odt_rows(child)


def _odt_text(node: Any) -> str:
    parts: list[str] = []
    for child in node.childNodes:
        if child.nodeType == 3:
            parts.append(str(child.data))
        elif child.nodeType == 1:
            qname = child.qname
            if qname == (_TEXT, "s"):
                parts.append(" " * int(child.getAttrNS(_TEXT, "c") or 1))
            elif qname == (_TEXT, "tab"):
                parts.append("\t")
            elif qname == (_TEXT, "line-break"):
                parts.append("\n")
            elif qname not in ((_OFFICE, "annotation"), (_TEXT, "note"), (_TEXT, "bookmark")):
                parts.append(_odt_text(child))
    return "".join(parts)


# --- the old Word format, through LibreOffice ---------------------------------------------
def office_program() -> str | None:
    """LibreOffice's command, when it is installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(path: Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    program = office_program()
    if program is None:
        raise DocumentError("import.doc_no_office", path=str(path))
    with tempfile.TemporaryDirectory(prefix="vault-sync-doc-") as folder:
        profile = Path(folder, "profile").as_uri()  # its own profile: works beside an open office
        command = [program, f"-env:UserInstallation={profile}", "--headless",
                   "--convert-to", "docx", "--outdir", folder, str(path)]  # fmt: skip
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=_CONVERT_SECONDS, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise DocumentError("import.doc_failed", path=str(path), reason=_reason(exc)) from None
        converted = Path(folder, path.stem + ".docx")
        if not converted.is_file():
            reason = (done.stderr or done.stdout).strip() or f"exit status {done.returncode}"
            raise DocumentError("import.doc_failed", path=str(path), reason=reason)
        check_archive(converted, limits)
        return read_docx(converted, path.name)


def _reason(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
