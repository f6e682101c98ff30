"""vault-sync.toml: defaults, types, and errors that name the option and the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from vault_sync.config import OPTIONS, load_config
from vault_sync.errors import ConfigError
from vault_sync.i18n import render
from vault_sync.notes.model import RESERVED_IDS
from vault_sync.render import layout


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "vault-sync.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_no_file_means_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path, env={})
    assert config.source == "(defaults)"
    assert config.lang == "ru" and config.timezone == "Europe/Moscow"
    assert config.remote is None and dict(config.associations) == {}


def test_every_option_has_help_and_a_checked_default() -> None:
    for option in OPTIONS:
        assert option.help
        if option.default not in (None, ()):
            assert option.check(option.default) == option.default


def test_associations_with_their_time_zones(tmp_path: Path) -> None:
    write(
        tmp_path,
        '[vault]\ntimezone = "Asia/Irkutsk"\n'
        '[associations.gmo-krasnoyarsk]\nname = "ГМО"\nkind = "ГМО"\n'
        'timezone = "Asia/Krasnoyarsk"\nrequired_meetings = 4\n'
        '[associations.rmo-buryatia]\nname = "РМО Бурятии"\n',
    )
    config = load_config(tmp_path, env={})
    assert config.associations["gmo-krasnoyarsk"].timezone == "Asia/Krasnoyarsk"
    assert config.associations["gmo-krasnoyarsk"].required_meetings == 4
    assert config.associations["rmo-buryatia"].timezone == "Asia/Irkutsk"  # the vault's default


@pytest.mark.parametrize(
    ("text", "code", "named"),
    [
        ('[vault]\nlang = "de"\n', "config.bad_value", "[vault] lang"),
        ('[vault]\ntimezone = "Asia/Krasnojarsk"\n', "config.bad_value", "[vault] timezone"),
        ('[vault]\nlangg = "ru"\n', "config.unknown_option_suggest", "[vault] langg"),
        ("[valt]\n", "config.unknown_option_suggest", "[valt]"),
        ("[vault]\nzzz = 1\n", "config.unknown_option", "[vault] zzz"),
        ('[associations.x]\nkind = "ГМО"\n', "config.bad_value", "[associations.x] name"),
        ('[associations.X]\nname = "a"\n', "config.bad_value", "[associations.X]"),
        ('[associations.x]\nname = "a"\nkind = "клуб"\n', "config.bad_value", "kind"),
        ('[remote]\nurl = "https://cloud.example"\n', "config.bad_value", "[remote] user"),
        ('[associations.all]\nname = "a"\n', "config.bad_value", "[associations.all]"),
        ("[vault\n", "config.syntax", ""),
    ],
)
def test_errors_name_the_option_and_the_file(
    tmp_path: Path, text: str, code: str, named: str
) -> None:
    write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, env={})
    assert caught.value.code == code
    message = render(caught.value.code, "ru", **caught.value.params)
    assert "vault-sync.toml" in message and named in message


def test_remote_from_environment_overrides_the_file(tmp_path: Path) -> None:
    write(tmp_path, '[remote]\nurl = "https://a.example"\nuser = "anna"\n')
    config = load_config(
        tmp_path, env={"VAULT_SYNC_URL": "https://b.example/", "VAULT_SYNC_ROOT": "/МО/"}
    )
    assert config.remote is not None
    assert (config.remote.url, config.remote.user, config.remote.root) == (
        "https://b.example",
        "anna",
        "МО",
    )


def test_bad_environment_value_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, env={"VAULT_SYNC_URL": "cloud", "VAULT_SYNC_USER": "anna"})
    assert caught.value.params["file"] == "$VAULT_SYNC_URL"


def test_explicit_config_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, tmp_path / "nope.toml", env={})
    assert caught.value.code == "config.missing"


def test_config_errors_read_in_english_too(tmp_path: Path) -> None:
    write(tmp_path, '[vault]\ntimezone = "Mars/Olympus"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, env={})
    english = render(caught.value.code, "en", **caught.value.params)
    assert "unknown time zone" in english and "[vault] timezone" in english
    assert not any("а" <= ch <= "я" for ch in english)


def test_reserved_association_ids_are_the_names_the_layout_takes() -> None:
    """An association named like a common feed or the calendars folder would overwrite it."""
    assert {layout.ALL_FEED, layout.DEADLINES_FEED, layout.CALENDARS} == RESERVED_IDS
