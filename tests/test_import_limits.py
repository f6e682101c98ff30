"""What a document may cost to import is bounded: zip bombs (.docx and .odt are zip
archives), a huge .txt, a note too large to be read. The bombs are built here, small:
parts made of one paragraph repeated, which deflate packs a thousandfold. Most tests
use low limits (the function takes them); one goes through the real command with the
real defaults, under a memory limit the old reader broke."""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from harness import cli_env
from odf.opendocument import OpenDocumentText
from odf.text import P

from vault_sync.errors import DocumentError
from vault_sync.importer import Limits, import_file
from vault_sync.importer.extract import extract

ROOT = Path(__file__).resolve().parent.parent
PROTOCOL = ROOT / "tests" / "data" / "import" / "protocol_krasnoyarsk_gmo_2021.txt"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx_bomb(path: Path, paragraphs: int) -> Path:
    """A real .docx whose document part is ``paragraphs`` identical paragraphs."""
    plain = path.with_name("plain.docx")
    document = docx.Document()
    document.add_paragraph("Протокол")
    document.save(str(plain))
    body = "<w:p><w:r><w:t>Протокол заседания ГМО</w:t></w:r></w:p>" * paragraphs
    xml = f'<?xml version="1.0"?><w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'
    _replace_part(plain, path, "word/document.xml", xml.encode())
    return path


def _odt_bomb(path: Path, paragraphs: int) -> Path:
    plain = path.with_name("plain.odt")
    document = OpenDocumentText()
    document.text.addElement(P(text="Протокол"))
    document.save(str(plain))
    with zipfile.ZipFile(plain) as archive:
        content = archive.read("content.xml").decode()
    para = "<text:p>Протокол заседания ГМО</text:p>" * paragraphs
    content = content.replace("</office:text>", para + "</office:text>")
    _replace_part(plain, path, "content.xml", content.encode())
    return path


def _replace_part(source: Path, target: Path, name: str, data: bytes) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            body = data if info.filename == name else old.read(info.filename)
            new.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


LOW = Limits(member_bytes=200_000, total_bytes=400_000, ratio=20, ratio_from=10_000)


@pytest.mark.parametrize("make", [_docx_bomb, _odt_bomb])
def test_a_part_compressed_implausibly_well_is_refused(
    tmp_path: Path, make: Callable[[Path, int], Path]
) -> None:
    bomb = make(tmp_path / ("bomb.docx" if make is _docx_bomb else "bomb.odt"), 3000)
    with pytest.raises(DocumentError) as caught:
        extract(bomb, LOW)
    assert caught.value.code == "import.zip_bomb"
    assert "zip bomb" in caught.value.message("en") and str(bomb) in caught.value.message("en")
    assert "zip-бомб" in caught.value.message("ru")
    extract(bomb, Limits())  # 3000 paragraphs are fine with the real limits


def test_parts_too_large_or_too_many_are_refused(tmp_path: Path) -> None:
    bomb = _docx_bomb(tmp_path / "big.docx", 3000)
    for limits in (Limits(member_bytes=50_000), Limits(total_bytes=60_000)):
        with pytest.raises(DocumentError) as caught:
            extract(bomb, limits)
        assert caught.value.code == "import.zip_bomb"
    with pytest.raises(DocumentError) as caught:
        extract(bomb, Limits(members=3))
    assert caught.value.code == "import.zip_many"
    with pytest.raises(DocumentError) as caught:
        extract(bomb, Limits(file_bytes=1000))
    assert caught.value.code == "import.too_large"


def test_a_huge_text_file_is_not_read_and_a_huge_note_not_written(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    shutil.copy(PROTOCOL, big)
    size = big.stat().st_size
    with pytest.raises(DocumentError) as caught:
        extract(big, Limits(text_bytes=size - 1))
    assert caught.value.code == "import.too_large"
    extract(big, Limits(text_bytes=size))
    with pytest.raises(DocumentError) as caught:
        import_file(big, {}, limits=Limits(note_bytes=size // 2))
    assert caught.value.code == "import.note_too_large"
    assert "max_note_bytes" in caught.value.message("en")


def _limit_memory() -> None:
    limit = 1024 * 1024 * 1024  # 1 GB of address space: the old reader needed several
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_the_real_command_refuses_a_bomb_with_the_default_limits(
    tmp_path: Path, suffix: str
) -> None:
    """70,000 paragraphs: 2.6 MB unpacked from a few kilobytes, over the default ratio."""
    make = _docx_bomb if suffix == ".docx" else _odt_bomb
    bomb = make(tmp_path / f"протокол{suffix}", 70_000)
    assert bomb.stat().st_size < 100_000
    vault = tmp_path / "vault"
    vault.mkdir()
    shutil.copy(ROOT / "examples" / "vault" / "vault-sync.toml", vault / "vault-sync.toml")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "vault_sync",
            "import",
            "--lang",
            "en",
            "--into",
            str(vault),
            str(bomb),
        ],
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=60,
        preexec_fn=_limit_memory,
    )
    assert result.returncode == 2, result.stderr
    assert "zip bomb" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in vault.iterdir()] == ["vault-sync.toml"]
