"""The app password: from the environment, a file or a command; never shown anywhere."""

from __future__ import annotations

import logging
import pickle
import shlex
import sys
from pathlib import Path

import pytest

from vault_sync import credentials, i18n
from vault_sync.config import RemoteConfig
from vault_sync.credentials import ENV_PASSWORD, Secret, load_password
from vault_sync.errors import ConfigError

SECRET = "Zk3-fq9P-secret-7Xw"  # a value that cannot appear anywhere by chance


def remote(password_file: str | None = None, password_command: str | None = None) -> RemoteConfig:
    return RemoteConfig(
        "https://cloud.example.org", "anna", "vault-sync", password_file, password_command
    )


def python_command(code: str) -> str:
    """A password_command running ``code`` with this Python (shell=False, so shlex-quoted)."""
    return shlex.join([sys.executable, "-c", code])


def private_file(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def assert_hidden(exc: BaseException, *, secret: str = SECRET) -> None:
    """The secret is in no rendering of the error, in any language."""
    shown = [str(exc), repr(exc), repr(exc.args)]
    if isinstance(exc, ConfigError):
        shown += [i18n.render(exc.code, lang, **exc.params) for lang in i18n.LANGS]
        shown.append(repr(exc.params))
    for text in shown:
        assert secret not in text


# --- Secret -------------------------------------------------------------------------------


def test_secret_never_shows_itself() -> None:
    secret = Secret(SECRET)
    assert repr(secret) == str(secret) == f"{secret}" == "Secret('***')"
    assert "%s %r" % (secret, secret) == "Secret('***') Secret('***')"  # noqa: UP031
    assert SECRET not in repr([secret, {"password": secret}])
    assert secret.reveal() == SECRET
    assert secret == Secret(SECRET) and secret != Secret("other")


def test_secret_cannot_be_pickled() -> None:
    with pytest.raises(TypeError):
        pickle.dumps(Secret(SECRET))


# --- sources, in order ----------------------------------------------------------------------


def test_environment_variable_comes_first(tmp_path: Path) -> None:
    file = private_file(tmp_path / "pw", "from-file\n")
    found = load_password(remote(password_file=str(file)), {ENV_PASSWORD: SECRET})
    assert found.reveal() == SECRET


def test_empty_environment_variable_counts_as_unset(tmp_path: Path) -> None:
    file = private_file(tmp_path / "pw", SECRET + "\n")
    found = load_password(remote(password_file=str(file)), {ENV_PASSWORD: ""})
    assert found.reveal() == SECRET


def test_password_file_first_line_stripped(tmp_path: Path) -> None:
    file = private_file(tmp_path / "pw", f"\ufeff  {SECRET}  \r\nsecond line\n")
    assert load_password(remote(password_file=str(file)), {}).reveal() == SECRET


def test_relative_password_file_is_found_beside_the_settings(tmp_path: Path) -> None:
    private_file(tmp_path / "app-password", SECRET)
    found = load_password(remote(password_file="app-password"), {}, base_dir=tmp_path)
    assert found.reveal() == SECRET


def test_file_beats_command(tmp_path: Path) -> None:
    file = private_file(tmp_path / "pw", SECRET)
    found = load_password(
        remote(password_file=str(file), password_command=python_command("print('cmd')")), {}
    )
    assert found.reveal() == SECRET


def test_password_command_first_line_of_output() -> None:
    command = python_command(f"print({SECRET!r}); print('more')")
    assert load_password(remote(password_command=command), {}).reveal() == SECRET


def test_password_command_runs_without_a_shell(tmp_path: Path) -> None:
    # With a shell, `;` would end the command and `echo` would run; without, it is an argument.
    command = python_command("import sys; print(sys.argv[1])") + " 'a;echo b'"
    found = load_password(remote(password_command=command), {}, base_dir=tmp_path)
    assert found.reveal() == "a;echo b"


# --- what goes wrong, said clearly, without the password --------------------------------------


def test_no_password_anywhere_names_the_three_ways() -> None:
    with pytest.raises(ConfigError) as caught:
        load_password(remote(), {})
    assert caught.value.code == "credentials.missing"
    for lang in i18n.LANGS:
        text = i18n.render(caught.value.code, lang, **caught.value.params)
        assert ENV_PASSWORD in text and "password_file" in text and "password_command" in text


def test_password_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    file = private_file(tmp_path / "pw", SECRET, mode=0o644)
    with pytest.raises(ConfigError) as caught:
        load_password(remote(password_file=str(file)), {})
    assert caught.value.code == "credentials.file_open"
    assert f"chmod 600 {file}" in i18n.render(caught.value.code, "ru", **caught.value.params)
    assert "644" in str(caught.value)
    assert_hidden(caught.value)


def test_password_file_missing(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_password(remote(password_file=str(tmp_path / "nope")), {})
    assert caught.value.code == "credentials.file_unreadable"
    assert "такого файла нет" in i18n.render(caught.value.code, "ru", **caught.value.params)


def test_password_file_empty(tmp_path: Path) -> None:
    file = private_file(tmp_path / "pw", "\n\n")
    with pytest.raises(ConfigError) as caught:
        load_password(remote(password_file=str(file)), {})
    assert caught.value.code == "credentials.empty"


def test_password_file_that_is_a_folder(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_password(remote(password_file=str(tmp_path)), {})
    assert caught.value.code == "credentials.file_not_file"


def test_failing_command_does_not_echo_its_output(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    command = python_command(
        f"import sys; print({SECRET!r}); sys.stderr.write('bad: ' + {SECRET!r}); sys.exit(3)"
    )
    with pytest.raises(ConfigError) as caught:
        load_password(remote(password_command=command), {})
    assert caught.value.code == "credentials.command_failed"
    assert caught.value.params["status"] == 3
    assert_hidden(caught.value)
    assert SECRET not in caplog.text


def test_command_holding_the_password_is_not_shown() -> None:
    # Someone writes the password into the command itself; errors show only the program.
    command = f"definitely-not-a-program-vs {SECRET}"
    with pytest.raises(ConfigError) as caught:
        load_password(remote(password_command=command), {})
    assert caught.value.code == "credentials.command_not_found"
    assert caught.value.params["program"] == "definitely-not-a-program-vs"
    assert_hidden(caught.value)


def test_command_that_hangs_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(credentials, "COMMAND_TIMEOUT", 0.5)
    with pytest.raises(ConfigError) as caught:
        load_password(remote(password_command=python_command("import time; time.sleep(30)")), {})
    assert caught.value.code == "credentials.command_timeout"


def test_command_with_an_unclosed_quote() -> None:
    with pytest.raises(ConfigError) as caught:
        load_password(remote(password_command=f"pass show '{SECRET}"), {})
    assert caught.value.code == "credentials.command_syntax"
    assert_hidden(caught.value)


def test_command_printing_nothing() -> None:
    with pytest.raises(ConfigError) as caught:
        load_password(remote(password_command=python_command("pass")), {})
    assert caught.value.code == "credentials.empty"


def test_nothing_is_logged_with_the_password(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    file = private_file(tmp_path / "pw", SECRET)
    found = [
        load_password(remote(password_file=str(file)), {}),
        load_password(remote(), {ENV_PASSWORD: SECRET}),
        load_password(remote(password_command=python_command(f"print({SECRET!r})")), {}),
    ]
    logging.getLogger("test").debug("loaded %s %r", found[0], found)
    assert all(s.reveal() == SECRET for s in found)
    assert SECRET not in caplog.text
    assert all(SECRET not in repr(r.args) for r in caplog.records)
