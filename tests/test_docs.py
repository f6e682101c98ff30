"""The Russian guides (docs/ru) tell the truth: their generated tables match the code,
their pictures were drawn from what the example vault builds, their links lead somewhere,
and every command they show gives the output they show."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from urllib.parse import unquote

import pytest

from vault_sync.config import ASSOCIATION_OPTIONS, OPTIONS
from vault_sync.i18n import notes, when

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
GUIDES = sorted((DOCS / "ru").glob("*.md"))


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"docs_{name}", DOCS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tables = _script("make_tables")


def test_the_guides_exist_and_the_readme_links_to_them() -> None:
    assert [g.name for g in GUIDES] == ["admin.md", "librarian.md"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/ru/librarian.md)" in readme and "(docs/ru/admin.md)" in readme


def test_every_message_of_check_is_explained() -> None:
    codes = [*notes.MESSAGES, *when.MESSAGES]
    assert sorted(tables.FIXES) == sorted(codes), "docs/make_tables.py FIXES: add or remove"
    assert all(fix.strip() for fix in tables.FIXES.values())


def test_every_option_is_explained() -> None:
    names = [f"{o.section}.{o.name}" for o in (*OPTIONS, *ASSOCIATION_OPTIONS)]
    assert sorted(tables.OPTIONS_RU) == sorted(names), "docs/make_tables.py OPTIONS_RU"


@pytest.mark.parametrize("name", ["check-messages", "settings"])
def test_generated_tables_are_up_to_date(name: str) -> None:
    guide, make = tables.TABLES[name]
    text = guide.read_text(encoding="utf-8")
    table = make()
    assert tables.with_table(text, name, table) == text, (
        f"{guide.name}: the table {name} is stale; run python docs/make_tables.py"
    )
    assert table.count("\n") > 15
    if name == "check-messages":
        for code in [*notes.MESSAGES, *when.MESSAGES]:
            assert f"`{code}`" in text, code
    else:
        for option in OPTIONS:
            assert f"`[{option.section}] {option.name}`" in text, option.name


def test_pictures_are_drawn_from_what_the_example_vault_builds() -> None:
    pictures = _script("make_pictures")
    sources = pictures.build_sources()
    assert set(sources) == {"calendar.png", "digest.png"}
    assert b"BEGIN:VEVENT" in sources["calendar.png"]
    assert "Ближайшие мероприятия" in sources["digest.png"].decode("utf-8")
    for picture, data in sources.items():
        image = DOCS / "ru" / "img" / picture
        assert image.read_bytes().startswith(b"\x89PNG"), picture
        recorded = (image.parent / f"{picture}.source-sha256").read_text().strip()
        assert recorded == pictures.digest_of(data), (
            f"{picture} is stale; run python docs/make_pictures.py"
        )
    assert pictures.build_sources() == sources  # the same notes, the same moment: the same bytes


# --- links ----------------------------------------------------------------------------
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)|!\[[^\]]*\]\(([^)\s]+)\)")
_FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def _anchors(markdown: str) -> set[str]:
    """GitHub's anchors of a document's headings."""
    found = set()
    for heading in re.findall(r"^#+ (.+)$", _FENCE.sub("", markdown), re.MULTILINE):
        text = re.sub(r"[`*_]", "", heading).strip().lower()
        found.add(re.sub(r"[^\w\- ]", "", text).replace(" ", "-"))
    return found


def _links(guide: Path) -> list[str]:
    text = _FENCE.sub("", guide.read_text(encoding="utf-8"))
    return [a or b for a, b in _LINK.findall(text)]


@pytest.mark.parametrize("guide", GUIDES, ids=lambda g: g.name)
def test_links_resolve(guide: Path) -> None:
    links = [link for link in _links(guide) if not re.match(r"[a-z]+:", link)]
    assert len(links) > 5
    for link in links:
        target, _, anchor = unquote(link).partition("#")
        path = (guide.parent / target).resolve() if target else guide
        assert path.exists(), f"{guide.name}: {link} leads nowhere"
        if anchor:
            assert path.suffix == ".md", link
            assert anchor in _anchors(path.read_text(encoding="utf-8")), (
                f"{guide.name}: no heading for #{anchor} in {path.name}"
            )


def test_anchors_are_computed_as_github_does() -> None:
    assert _anchors("# Шаблоны: Obsidian, Nextcloud Text, любой редактор\n") == {
        "шаблоны-obsidian-nextcloud-text-любой-редактор"
    }
    assert _links(DOCS / "ru" / "librarian.md")  # the link pattern finds links


# --- the sessions shown -----------------------------------------------------------------
def _sessions(guide: Path) -> list[tuple[str, str]]:
    """(command, output) of every ``$ `` line in the guide's console blocks."""
    found = []
    for block in re.findall(r"^```console\n(.*?)^```", guide.read_text("utf-8"), re.M | re.S):
        for part in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, output = part.partition("\n")
            found.append((command, output))
    return found


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A copy of the example vault and the guide's example folder, and an environment
    whose ``vault-sync`` is this checkout's, with no locale (Russian) and 80 columns."""
    work = tmp_path_factory.mktemp("guide")
    shutil.copytree(ROOT / "examples", work / "examples", ignore=shutil.ignore_patterns(".vault-*"))
    shutil.copytree(DOCS / "ru" / "примеры", work / "docs" / "ru" / "примеры")
    bin_dir = work / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "vault-sync"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m vault_sync "$@"\n', "utf-8")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": str(ROOT),
        "PYTHONIOENCODING": "utf-8",
        "COLUMNS": "80",
        "LC_ALL": "",
        "LC_MESSAGES": "",
        "LANG": "",
    }
    return work, env


SESSIONS = [pytest.param(g, c, o, id=f"{g.name}: {c}") for g in GUIDES for c, o in _sessions(g)]


def test_the_guides_show_sessions() -> None:
    assert {p.values[0].name for p in SESSIONS} == {"admin.md", "librarian.md"}
    assert len(SESSIONS) >= 6


@pytest.mark.parametrize(("guide", "command", "output"), SESSIONS)
def test_every_command_shown_gives_the_output_shown(
    workdir: tuple[Path, dict[str, str]], guide: Path, command: str, output: str
) -> None:
    work, env = workdir
    result = subprocess.run(
        ["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True, timeout=120
    )
    shown = (result.stdout + result.stderr).rstrip("\n")
    assert "Traceback" not in shown, shown
    assert shown == output.rstrip("\n"), f"{guide.name}: $ {command}"
