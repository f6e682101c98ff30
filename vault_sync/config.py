"""``vault-sync.toml``: every option with its default, type check and help text.

Like Radicale's configuration, the options are a schema: a table of
:class:`Option` rows. Reading a file checks every value against its row and names
the option, its section and the file in any error. Associations live in
``[associations.ID]`` tables (or in notes of ``type: association``).
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from vault_sync.errors import ConfigError
from vault_sync.notes.model import RESERVED_IDS, Association, is_valid_id

CONFIG_NAME = "vault-sync.toml"
KINDS = ("ШМО", "РМО", "ОМО", "ГМО", "ММО")


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("config.reason.text")
    return value.strip()


def _lang(value: Any) -> str:
    if value not in ("ru", "en"):
        raise ValueError("config.reason.lang")
    return str(value)


def _timezone(value: Any) -> str:
    name = _text(value)
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError("config.reason.timezone") from None
    return name


def _positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError("config.reason.positive")
    return value


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("config.reason.count")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("config.reason.bool")
    return value


def _globs(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError("config.reason.globs")
    return tuple(value)


def _kind(value: Any) -> str:
    if value not in KINDS:
        raise ValueError("config.reason.kind")
    return str(value)


def _url(value: Any) -> str:
    text = _text(value)
    if not re.match(r"^https?://[^\s/]+", text):
        raise ValueError("config.reason.url")
    return text.rstrip("/")


@dataclass(frozen=True)
class Option:
    section: str
    name: str
    default: Any
    check: Callable[[Any], Any]
    help: str


OPTIONS: tuple[Option, ...] = (
    Option("vault", "lang", "ru", _lang, "language of messages, summaries and calendar titles"),
    Option(
        "vault",
        "timezone",
        "Europe/Moscow",
        _timezone,
        "time zone of associations that do not name their own",
    ),
    Option(
        "vault", "max_note_bytes", 1024 * 1024, _positive_int, "notes larger than this are not read"
    ),
    Option("vault", "exclude", (), _globs, "glob patterns of files and folders to ignore"),
    Option(
        "output",
        "dir",
        ".vault-sync/public",
        _text,
        "the local target folder (relative to the vault) written by build",
    ),
    Option(
        "output",
        "base_url",
        None,
        _url,
        "the address the output folder is served at: digests then show subscription links",
    ),
    Option(
        "feeds",
        "refresh_minutes",
        60,
        _positive_int,
        "how often calendar clients should re-read a feed",
    ),
    Option(
        "feeds",
        "history_years",
        1,
        _count,
        "academic years before the current one whose events stay in the feeds",
    ),
    Option("remote", "url", None, _url, "Nextcloud address, e.g. https://cloud.school.ru"),
    Option("remote", "user", None, _text, "Nextcloud user name"),
    Option("remote", "root", "vault-sync", _text, "folder in the user's files to publish into"),
    Option("remote", "password_file", None, _text, "file holding the app password"),
    Option("remote", "password_command", None, _text, "command printing the app password"),
    Option(
        "remote",
        "keep_file_links",
        True,
        _bool,
        "feeds shared one by one before keep their own links (false: all move to the "
        "calendars folder's link, as push --reshare does once)",
    ),
)
ASSOCIATION_OPTIONS: tuple[Option, ...] = (
    Option("associations.*", "name", None, _text, "full name of the association"),
    Option("associations.*", "kind", None, _kind, "ШМО, РМО, ОМО, ГМО or ММО"),
    Option("associations.*", "timezone", None, _timezone, "IANA time zone"),
    Option("associations.*", "required_meetings", None, _count, "meetings required a year"),
)
ENV_OVERRIDES = {"VAULT_SYNC_URL": "url", "VAULT_SYNC_USER": "user", "VAULT_SYNC_ROOT": "root"}


@dataclass(frozen=True)
class RemoteConfig:
    url: str
    user: str
    root: str
    password_file: str | None = None
    password_command: str | None = None
    keep_file_links: bool = True

    def __repr__(self) -> str:  # short and safe: a password written in the URL is masked
        return f"RemoteConfig(url={masked_url(self.url)!r}, user={self.user!r}, root={self.root!r})"


def masked_url(url: str) -> str:
    """``url`` with a password written in it (``https://user:pass@host``) replaced by ``***``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


@dataclass(frozen=True)
class Config:
    vault: Path
    source: str  # the file the settings came from, or "(defaults)"
    lang: str = "ru"
    timezone: str = "Europe/Moscow"
    max_note_bytes: int = 1024 * 1024
    exclude: tuple[str, ...] = ()
    output_dir: Path = Path(".vault-sync/public")
    base_url: str | None = None
    refresh_minutes: int = 60
    history_years: int = 1
    remote: RemoteConfig | None = None
    associations: Mapping[str, Association] = field(default_factory=dict)


def load_config(
    vault: Path, config_file: Path | None = None, env: Mapping[str, str] | None = None
) -> Config:
    """Read ``config_file`` (default: ``vault-sync.toml`` in the vault) or use the defaults."""
    env = os.environ if env is None else env
    path = config_file if config_file is not None else vault / CONFIG_NAME
    if not path.exists():
        if config_file is not None:
            raise ConfigError("config.missing", file=str(path))
        return _build(vault, "(defaults)", {}, env)
    try:
        raw = path.read_bytes().decode("utf-8-sig")
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("config.syntax", file=str(path), reason=str(exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError("config.unreadable", file=str(path), reason=str(exc)) from None
    return _build(vault, str(path), data, env)


def _build(vault: Path, source: str, data: dict[str, Any], env: Mapping[str, str]) -> Config:
    known_sections = {o.section for o in OPTIONS} | {"associations"}
    for section in data:
        if section not in known_sections:
            _unknown(source, f"[{section}]", section, known_sections)
    values = {(o.section, o.name): o.default for o in OPTIONS}
    for option in OPTIONS:
        table = data.get(option.section, {})
        if not isinstance(table, dict):
            raise ConfigError(
                "config.bad_value",
                file=source,
                option=f"[{option.section}]",
                value=repr(table),
                reason="config.reason.section",
            )
        if option.name in table:
            values[(option.section, option.name)] = _checked(source, option, table[option.name])
    for section in {o.section for o in OPTIONS}:
        table = data.get(section, {})
        names = {o.name for o in OPTIONS if o.section == section}
        for name in table:
            if name not in names:
                _unknown(source, f"[{section}] {name}", name, names)
    remote = _remote(source, values, env)
    default_tz = values[("vault", "timezone")]
    associations = _associations(source, data.get("associations", {}), default_tz)
    return Config(
        vault=vault,
        source=source,
        lang=values[("vault", "lang")],
        timezone=default_tz,
        max_note_bytes=values[("vault", "max_note_bytes")],
        exclude=tuple(values[("vault", "exclude")]),
        output_dir=Path(values[("output", "dir")]),
        base_url=values[("output", "base_url")],
        refresh_minutes=values[("feeds", "refresh_minutes")],
        history_years=values[("feeds", "history_years")],
        remote=remote,
        associations=associations,
    )


def _remote(
    source: str, values: dict[tuple[str, str], Any], env: Mapping[str, str]
) -> RemoteConfig | None:
    for variable, name in ENV_OVERRIDES.items():
        if env.get(variable):
            option = next(o for o in OPTIONS if o.section == "remote" and o.name == name)
            values[("remote", name)] = _checked(f"${variable}", option, env[variable])
    url, user = values[("remote", "url")], values[("remote", "user")]
    if url is None and user is None:
        return None
    if url is None or user is None:
        missing = "url" if url is None else "user"
        raise ConfigError(
            "config.bad_value",
            file=source,
            option=f"[remote] {missing}",
            value="—",
            reason="config.reason.url_and_user",
        )
    return RemoteConfig(
        url,
        user,
        values[("remote", "root")].strip("/"),
        values[("remote", "password_file")],
        values[("remote", "password_command")],
        values[("remote", "keep_file_links")],
    )


def _associations(source: str, tables: Any, default_tz: str) -> dict[str, Association]:
    if not isinstance(tables, dict):
        raise ConfigError(
            "config.bad_value",
            file=source,
            option="[associations]",
            value=repr(tables),
            reason="config.reason.associations",
        )
    result: dict[str, Association] = {}
    names = {o.name for o in ASSOCIATION_OPTIONS}
    for ident, table in tables.items():
        where = f"[associations.{ident}]"
        if ident in RESERVED_IDS:
            raise ConfigError(
                "config.bad_value",
                file=source,
                option=where,
                value=ident,
                reason="config.reason.reserved",
            )
        if not is_valid_id(ident):
            raise ConfigError(
                "config.bad_value",
                file=source,
                option=where,
                value=ident,
                reason="config.reason.slug",
            )
        if not isinstance(table, dict):
            raise ConfigError(
                "config.bad_value",
                file=source,
                option=where,
                value=repr(table),
                reason="config.reason.association",
            )
        for name in table:
            if name not in names:
                _unknown(source, f"{where} {name}", name, names)
        checked = {
            o.name: _checked(source, o, table[o.name], where)
            for o in ASSOCIATION_OPTIONS
            if o.name in table
        }
        if "name" not in checked:
            raise ConfigError(
                "config.bad_value",
                file=source,
                option=f"{where} name",
                value="—",
                reason="config.reason.name",
            )
        result[ident] = Association(
            id=ident,
            name=checked["name"],
            kind=checked.get("kind", ""),
            timezone=checked.get("timezone", default_tz),
            required_meetings=checked.get("required_meetings"),
            source=source,
        )
    return result


def _checked(source: str, option: Option, value: Any, where: str | None = None) -> Any:
    try:
        return option.check(value)
    except ValueError as exc:
        label = f"{where or '[' + option.section + ']'} {option.name}"
        raise ConfigError(
            "config.bad_value", file=source, option=label, value=repr(value), reason=str(exc)
        ) from None


def _unknown(source: str, label: str, name: str, known: set[str]) -> None:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    if close:
        raise ConfigError(
            "config.unknown_option_suggest", file=source, option=label, suggestion=close[0]
        )
    raise ConfigError("config.unknown_option", file=source, option=label)
