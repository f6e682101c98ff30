"""The same documents as .docx, .odt, a cp1251 .txt and (through LibreOffice) .doc.

The Word and OpenDocument files are built here, with python-docx and odfpy: paragraphs,
real tables and Word's automatic numbering, as Word and LibreOffice write them. Each
gives the same note as the document's text export in tests/data/import.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import docx
import pytest
from calparsers import require_tool
from harness import run_cli
from odf.opendocument import OpenDocumentText
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import P

from vault_sync.cli.commands import check_vault
from vault_sync.config import load_config
from vault_sync.errors import DocumentError
from vault_sync.importer import Imported, import_file
from vault_sync.importer.extract import read_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "vault"
DATA = ROOT / "tests" / "data" / "import"
PROTOCOL = DATA / "protocol_krasnoyarsk_gmo_2021.txt"
NOVOSIBIRSK = DATA / "plan_novosibirsk_gmo_2021-2022.txt"
SERPUKHOV = DATA / "plan_serpukhov_mmo_2024-2025.txt"

Block = str | list[list[str]]  # a paragraph, or a table as rows of cells


@pytest.fixture(scope="module")
def associations() -> Any:
    return check_vault(load_config(EXAMPLES), keep_notes=False).associations


def frontmatter(note: Imported) -> dict[str, Any]:
    """The frontmatter without x-source (the file's name differs between formats)."""
    return {k: v for k, v in note.frontmatter.items() if k != "x-source"}


def body(note: Imported) -> str:
    return note.text.split("\n---\n", 1)[1]


# --- documents as blocks ---------------------------------------------------------------------


def blocks_from_text_export(path: Path) -> list[Block]:
    """A seed as Word had it: a paragraph per line, tab-separated lines as a table.

    Word keeps the bookmark at the cursor as markup, not text, so it is left out here.
    """
    blocks: list[Block] = []
    for line in path.read_text(encoding="utf-8").replace("[bookmark: _GoBack]", "").split("\n"):
        if "\t" in line.lstrip("\t"):
            cells = [c.strip() for c in line.split("\t")]
            if blocks and isinstance(blocks[-1], list):
                blocks[-1].append(cells)
            else:
                blocks.append([cells])
        elif line.strip():
            blocks.append(line.strip())
    return blocks


def blocks_from_example_note(path: Path) -> list[Block]:
    """The body of a note written by hand from a seed: its paragraphs and Markdown tables."""
    text = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    blocks: list[Block] = []
    table: list[list[str]] | None = None
    for line in text.split("\n"):
        if line.startswith("|"):
            if re.fullmatch(r"\|(?:---\|)+", line):
                continue
            cells = [c.strip().replace("**", "") for c in line.strip().strip("|").split("|")]
            if table is None:
                table = []
                blocks.append(table)
            table.append(cells)
            continue
        table = None
        line = re.sub(r"^#+\s+", "", line).replace("**", "").strip()
        if line:
            blocks.append(line)
    return blocks


def write_docx(path: Path, blocks: Sequence[Block]) -> Path:
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        width = max(len(row) for row in block)
        table = document.add_table(rows=len(block), cols=width)
        for row, cells in zip(table.rows, block, strict=True):
            for cell, text in zip(row.cells, cells, strict=False):
                cell.text = text
    document.save(str(path))
    return path


def write_odt(path: Path, blocks: Sequence[Block]) -> Path:
    document = OpenDocumentText()
    for number, block in enumerate(blocks):
        if isinstance(block, str):
            document.text.addElement(P(text=block))
            continue
        width = max(len(row) for row in block)
        table = Table(name=f"Таблица{number}")
        table.addElement(TableColumn(numbercolumnsrepeated=width))
        for cells in block:
            row = TableRow()
            for text in cells + [""] * (width - len(cells)):
                cell = TableCell()
                for part in text.split("\n") if text else []:
                    cell.addElement(P(text=part))
                row.addElement(cell)
            table.addElement(row)
        document.text.addElement(table)
    document.save(str(path))
    return path


# --- the same notes ----------------------------------------------------------------------------


@pytest.mark.parametrize("writer", [write_docx, write_odt], ids=["docx", "odt"])
def test_protocol_as_word_and_opendocument(tmp_path: Path, associations: Any, writer: Any) -> None:
    suffix = ".docx" if writer is write_docx else ".odt"
    built = writer(tmp_path / f"протокол{suffix}", blocks_from_text_export(PROTOCOL))
    expected = import_file(PROTOCOL, associations)
    got = import_file(built, associations)
    assert frontmatter(got) == frontmatter(expected)
    assert body(got) == body(expected)
    assert got.document.unit == "paragraph"


@pytest.mark.parametrize("writer", [write_docx, write_odt], ids=["docx", "odt"])
def test_serpukhov_plan_with_a_real_table(tmp_path: Path, associations: Any, writer: Any) -> None:
    blocks = blocks_from_text_export(SERPUKHOV)
    assert any(isinstance(b, list) and len(b) == 22 for b in blocks)  # the plan's table
    suffix = ".docx" if writer is write_docx else ".odt"
    got = import_file(writer(tmp_path / f"план{suffix}", blocks), associations)
    expected = import_file(SERPUKHOV, associations)
    assert frontmatter(got) == frontmatter(expected)
    assert len(got.frontmatter["events"]) == 17
    assert body(got) == body(expected)


@pytest.mark.parametrize("writer", [write_docx, write_odt], ids=["docx", "odt"])
def test_novosibirsk_plan_from_the_hand_made_note(
    tmp_path: Path, associations: Any, writer: Any
) -> None:
    """The Word file has the table of examples/vault (number and title in columns of their
    own), the text export has a cell per line: the same plan."""
    example = EXAMPLES / "Новосибирск ГМО" / "План работы ГМО 2021-2022.md"
    blocks = blocks_from_example_note(example)
    assert sum(isinstance(b, list) for b in blocks) == 2
    suffix = ".docx" if writer is write_docx else ".odt"
    got = import_file(writer(tmp_path / f"план{suffix}", blocks), associations)
    assert frontmatter(got) == frontmatter(import_file(NOVOSIBIRSK, associations))
    assert got.unrecognised == ()


def test_cp1251_text_is_read_and_said(tmp_path: Path, associations: Any) -> None:
    for seed in (PROTOCOL, NOVOSIBIRSK, SERPUKHOV):
        legacy = tmp_path / seed.name
        legacy.write_bytes(seed.read_text(encoding="utf-8").encode("cp1251"))
        got, expected = import_file(legacy, associations), import_file(seed, associations)
        assert got.document.encoding == "Windows-1251 (cp1251)"
        assert expected.document.encoding is None
        assert (frontmatter(got), body(got)) == (frontmatter(expected), body(expected))


def test_other_text_encodings() -> None:
    text = "Протокол №2 от 17.11.2021\nРешили: утвердить план.\n"
    assert read_text("a.txt", text.encode("utf-8-sig")).encoding is None  # BOM: still UTF-8
    assert read_text("a.txt", text.encode("utf-16")).encoding == "UTF-16"
    assert read_text("a.txt", text.encode("cp866")).lines[0].text == "Протокол №2 от 17.11.2021"


def test_word_automatic_numbering_is_written_out(tmp_path: Path, associations: Any) -> None:
    document = docx.Document()
    for text in ("Протокол №2 от 17.11.2021", "г. Красноярск, городское методическое объединение",
                 "Решено:"):  # fmt: skip
        document.add_paragraph(text)
    document.add_paragraph("Утвердить план работы.", style="List Number")
    document.add_paragraph("Направить информацию до 10 декабря.", style="List Number")
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    got = import_file(path, associations)
    assert got.frontmatter["decisions"] == [
        "Утвердить план работы.",
        {"text": "Направить информацию", "due": "10 декабря"},
    ]
    assert "1. Утвердить план работы.\n2. Направить информацию до 10 декабря." in got.text


def test_merged_cells_are_read_once(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(
        table.rows[0].cells, ("Мероприятие", "Сроки", "Ответственный"), strict=True
    ):
        cell.text = text
    table.cell(1, 0).merge(table.cell(1, 2)).text = "I. Организационная деятельность"
    path = tmp_path / "merged.docx"
    document.save(str(path))
    rows = [line.cells for line in import_file(path, {}).document.lines if line.is_row]
    assert rows == [("Мероприятие", "Сроки", "Ответственный"), ("I. Организационная деятельность",)]


# --- files that cannot be read ---------------------------------------------------------------


def test_unreadable_files_say_why(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DocumentError) as caught:
        import_file(broken, {})
    assert caught.value.code == "import.unreadable"
    with pytest.raises(DocumentError) as caught:
        import_file(tmp_path / "missing.txt", {})
    assert caught.value.code == "import.no_file"
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(DocumentError) as caught:
        import_file(pdf, {})
    assert caught.value.code == "import.unsupported"


def run(*args: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env=None if path is None else {"PATH": path})


def test_doc_without_libreoffice_says_how_to_convert(tmp_path: Path) -> None:
    old = tmp_path / "протокол.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    empty_path = tmp_path / "bin"
    empty_path.mkdir()
    result = run("import", "--into", str(tmp_path), str(old), path=str(empty_path))
    assert result.returncode == 2
    assert "старом формате Word (.doc), а LibreOffice не установлен" in result.stderr
    assert "sudo apt install libreoffice-writer" in result.stderr
    assert "сохраните как .docx" in result.stderr
    assert list(tmp_path.glob("*.md")) == []


def test_doc_is_converted_by_libreoffice(tmp_path: Path) -> None:
    """A real Word 97 .doc, made by LibreOffice from a .docx, imported through LibreOffice."""
    soffice = shutil.which("soffice")
    require_tool(soffice is not None, "LibreOffice (soffice)")
    assert soffice is not None
    made = tmp_path / "made"
    made.mkdir()
    source = write_docx(
        made / "protocol_krasnoyarsk_gmo_2021.docx", blocks_from_text_export(PROTOCOL)
    )
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    subprocess.run(
        [
            soffice,
            profile,
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    old = tmp_path / "protocol_krasnoyarsk_gmo_2021.doc"
    assert old.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"  # an OLE2 (Word 97) file
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "vault-sync.toml").write_bytes((EXAMPLES / "vault-sync.toml").read_bytes())
    result = run("import", "--into", str(vault), str(old))
    assert result.returncode == 0, result.stderr
    note = (vault / "Протокол №1 от 22.09.2021.md").read_text(encoding="utf-8")
    assert "x-source: protocol_krasnoyarsk_gmo_2021.doc" in note
    assert "date: 2021-09-22" in note and "due: 27.09.2021" in note
