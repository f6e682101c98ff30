"""The command line as users run it: three ways in, exit statuses, --json, --lang."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from harness import run_cli

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "data" / "bad_input"
CONSOLE = Path(sys.executable).parent / "vault-sync"  # where pip puts the console script


def run(*args: str, cwd: Path = ROOT, entry: str = "module") -> subprocess.CompletedProcess[str]:
    prefix = {
        "module": [sys.executable, "-m", "vault_sync"],
        "script": [sys.executable, str(ROOT / "sync.py")],
        "console": [str(CONSOLE)],
    }[entry]
    return run_cli(*args, cwd=cwd, prefix=prefix, timeout=60)


@pytest.mark.parametrize("entry", ["module", "script", "console"])
def test_three_entry_points_do_the_same(entry: str) -> None:
    if entry == "console" and not CONSOLE.exists():
        pytest.fail("the vault-sync console script is not installed (pip install -e .)")
    reference = run("check", str(BAD))
    result = run("check", str(BAD), entry=entry)
    assert (result.returncode, result.stdout) == (reference.returncode, reference.stdout)
    assert result.returncode == 1


def test_check_prints_file_line_field_message() -> None:
    result = run("check", str(BAD))
    assert "wrong_types.md:5: number: ожидается целое число, а написано «первый»" in result.stdout
    assert "Проверено заметок" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_check_in_english() -> None:
    result = run("check", "--lang", "en", str(BAD))
    assert "wrong_types.md:5: number: expected a whole number, found “первый”" in result.stdout


def test_check_json_gives_the_same_problems_as_data() -> None:
    text = run("check", str(BAD)).stdout.splitlines()
    result = run("check", "--json", str(BAD))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert len(report["problems"]) == len(text)
    first = report["problems"][0]
    assert set(first) == {"file", "line", "field", "severity", "code", "message"}
    assert "wrong_types.md" in report["held_back"]


def test_valid_vault_exits_0(tmp_path: Path) -> None:
    shutil.copy(BAD / "valid_protocol.md", tmp_path)
    shutil.copy(BAD / "vault-sync.toml", tmp_path)
    result = run("check", str(tmp_path))
    assert (result.returncode, result.stdout) == (0, "")


def test_config_error_exits_2_and_names_the_option(tmp_path: Path) -> None:
    (tmp_path / "vault-sync.toml").write_text('[vault]\nlang = "fr"\n', encoding="utf-8")
    result = run("check", str(tmp_path))
    assert result.returncode == 2
    assert "[vault] lang" in result.stderr and "vault-sync.toml" in result.stderr


def test_usage_error_exits_2() -> None:
    assert run("check", "--no-such-option").returncode == 2
    assert run("frobnicate").returncode == 2


def test_missing_vault_exits_2(tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "не найдена" in result.stderr


def test_init_scaffolds_a_vault_that_checks_clean(tmp_path: Path) -> None:
    target = tmp_path / "vault"
    created = run("init", str(target))
    assert created.returncode == 0, created.stderr
    assert (target / "vault-sync.toml").exists() and (target / "Шаблоны" / "Протокол.md").exists()
    checked = run("check", str(target))
    assert checked.returncode == 0, checked.stdout
    again = run("init", str(target))
    assert again.returncode == 0 and "ничего не изменено" in again.stdout


@pytest.mark.parametrize("argv", [["-v", "check"], ["check", "-v"]])
def test_common_options_work_before_and_after_the_command(argv: list[str]) -> None:
    from vault_sync.cli.parser import COMMON_DEFAULTS, build_parser

    args = build_parser().parse_args([*argv, str(BAD)])
    for name, default in COMMON_DEFAULTS.items():
        if not hasattr(args, name):
            setattr(args, name, default)
    assert args.verbose is True and args.quiet is False


def test_lang_before_the_command_is_obeyed() -> None:
    result = run("--lang", "en", "check", str(BAD))
    assert "expected a whole number" in result.stdout
