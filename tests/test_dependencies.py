"""Dependencies in their place: the program runs on its required packages alone.

The ``fast`` extra (yaml-rs, jsonschema-rs) only makes check and build faster; the
``import`` extra (python-docx, odfpy) only reads Word and OpenDocument files; the test
extra (icalendar, python-frontmatter, ...) is never imported by the program. Each test
runs vault-sync in a fresh interpreter where those packages cannot be imported, as on a
machine where ``pip install -e .`` installed nothing more.
"""

from __future__ import annotations

import ast
import re
import shutil
import sys
import tomllib
from pathlib import Path

from harness import run_cli

ROOT = Path(__file__).resolve().parents[1]
EXTRAS = ("yaml_rs", "jsonschema_rs", "docx", "odf", "icalendar", "frontmatter")
TEST_ONLY = ("hypothesis", "pytest", "wsgidav", "cheroot")


def _without(*modules: str) -> tuple[str, ...]:
    """A ``python -c`` prefix for run_cli that runs vault-sync with ``modules`` missing."""
    code = (
        "import importlib.abc, runpy, sys\n"
        "class Missing(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name.partition('.')[0] in {modules!r}:\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "        return None\n"
        "sys.meta_path.insert(0, Missing())\n"
        "runpy.run_module('vault_sync', run_name='__main__', alter_sys=True)\n"
    )
    return (sys.executable, "-c", code)


BARE = _without(*EXTRAS, *TEST_ONLY)


def _tree(folder: Path) -> dict[str, bytes]:
    """Every output file, without the stamps of the moment it was written."""
    stamp = re.compile(rb"^(DTSTAMP|LAST-MODIFIED|CREATED):.*\r?\n", re.MULTILINE)
    return {
        str(path.relative_to(folder)): stamp.sub(b"", path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_quick_start_builds_without_any_extra(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    bare = run_cli("build", str(vault), "--out", str(tmp_path / "bare"), prefix=BARE)
    assert bare.returncode == 0, bare.stderr
    full = run_cli("build", str(vault), "--out", str(tmp_path / "full"))
    assert full.returncode == 0, full.stderr
    assert _tree(tmp_path / "bare") == _tree(tmp_path / "full")


def test_check_reports_the_same_without_the_fast_extra() -> None:
    bad = ROOT / "tests" / "data" / "bad_input"
    bare = run_cli("check", str(bad), prefix=BARE)
    full = run_cli("check", str(bad))
    assert (bare.returncode, bare.stdout, bare.stderr) == (
        full.returncode,
        full.stdout,
        full.stderr,
    )
    assert full.returncode == 1 and "yaml.tab" not in full.stdout  # messages, not codes


def test_import_of_a_word_file_without_the_import_extra_says_what_to_install(
    tmp_path: Path,
) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    for name, package in (("протокол.docx", "python-docx"), ("план.odt", "odfpy")):
        document = tmp_path / name
        document.write_bytes(b"PK\x03\x04 not opened: the reader is missing")
        for lang in ("ru", "en"):
            found = run_cli(
                "import", "--lang", lang, "--into", str(vault), str(document), prefix=BARE
            )
            assert found.returncode == 2, found.stderr
            assert package in found.stderr
            assert "pip install 'vault-sync[import]'" in found.stderr
            assert "Traceback" not in found.stderr


def test_import_of_a_text_file_needs_no_extra(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    text = ROOT / "tests" / "data" / "import" / "protocol_rmo_short.txt"
    found = run_cli("import", "--into", str(vault), str(text), prefix=BARE)
    assert found.returncode in (0, 1), found.stderr  # 1: something left unrecognised
    assert "Traceback" not in found.stderr
    assert len(list(vault.glob("*.md"))) == 1


def _imported_packages() -> set[str]:
    """The top-level names every module of the program imports, at any depth."""
    found: set[str] = set()
    for path in (ROOT / "vault_sync").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.partition(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.partition(".")[0])
    return found


# The module name each distribution is imported by (tzdata is read by zoneinfo, by name).
_MODULE_OF = {
    "requests": "requests",
    "watchdog": "watchdog",
    "jsonschema": "jsonschema",
    "PyYAML": "yaml",
    "charset-normalizer": "charset_normalizer",
    "jsonschema-rs": "jsonschema_rs",
    "yaml-rs": "yaml_rs",
    "python-docx": "docx",
    "odfpy": "odf",
    "icalendar": "icalendar",
    "python-frontmatter": "frontmatter",
}


def _names(requirements: list[str]) -> list[str]:
    return [re.split(r"[<>=!~;\[ ]", requirement)[0] for requirement in requirements]


def test_every_runtime_dependency_is_imported_and_no_test_one_is() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    imported = _imported_packages()
    required = _names(project["dependencies"])
    extras = project["optional-dependencies"]
    for name in required + _names(extras["fast"]) + _names(extras["import"]):
        if name == "tzdata":  # the IANA zones for zoneinfo where the system has none
            assert "zoneinfo" in imported
            continue
        assert _MODULE_OF[name] in imported, f"{name} is a dependency the program never imports"
    for name in _names(extras["test"]):
        module = _MODULE_OF.get(name, name.replace("-", "_"))
        assert module not in imported, f"{name} is a test dependency the program imports"
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## Dependencies") :]
    for name in required + [n for extra in extras.values() for n in _names(extra)]:
        assert f"`{name}`" in section, f"README's Dependencies section does not explain {name}"
