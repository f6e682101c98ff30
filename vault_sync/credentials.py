"""The Nextcloud app password: where it comes from, and how it is kept out of sight.

The password is taken, in this order, from the environment variable
``VAULT_SYNC_PASSWORD``, from ``[remote] password_file`` or from the output of
``[remote] password_command`` -- never from the command line, which other users of the
machine can read in the process list. It travels as a :class:`Secret`, whose ``repr``
and ``str`` are ``Secret('***')``, so it cannot end up in a log line, a traceback or an
error message by accident; :meth:`Secret.reveal` is called in exactly one place, where
the ``Authorization`` header is made (:mod:`vault_sync.dav.client`).

Decisions:

* A password file that the group or other users may read or write is **refused**, like
  ``ssh`` refuses such a key: an app password opens the whole Nextcloud account. The
  message gives the ``chmod 600`` command. (Not checked on Windows, where the mode bits
  mean nothing.)
* The command runs without a shell (``shlex.split``), with no input, for at most 30
  seconds. Its error output is **not** shown: a failing password helper may print the
  secret or part of it; the message tells the user to run the command themselves. Only
  the program's name is shown, never the whole command, which might hold the password
  (``echo …``).
* An empty ``VAULT_SYNC_PASSWORD`` counts as unset, as the other ``VAULT_SYNC_*``
  variables do.
"""

from __future__ import annotations

import hmac
import logging
import os
import shlex
import stat
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import NoReturn

from vault_sync.config import RemoteConfig
from vault_sync.errors import ConfigError

__all__ = ["COMMAND_TIMEOUT", "ENV_PASSWORD", "Secret", "load_password"]

log = logging.getLogger(__name__)

ENV_PASSWORD = "VAULT_SYNC_PASSWORD"
COMMAND_TIMEOUT = 30.0


class Secret:
    """A string that does not show itself: ``repr`` and ``str`` are ``Secret('***')``."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The secret itself; call it only where it is sent."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __reduce__(self) -> NoReturn:  # never pickled into a queue or a cache by accident
        raise TypeError("a Secret cannot be pickled")


def load_password(
    remote: RemoteConfig, env: Mapping[str, str], *, base_dir: Path | None = None
) -> Secret:
    """The app password from ``VAULT_SYNC_PASSWORD``, the password file, or the command.

    ``base_dir`` (the folder of the config file) resolves a relative ``password_file``
    and is where the command runs; ``~`` is expanded. Raises :class:`ConfigError`
    naming what is wrong and never the password.
    """
    from_env = env.get(ENV_PASSWORD)
    if from_env:
        return _checked(_first_line(from_env), ENV_PASSWORD)
    if remote.password_file:
        return _from_file(remote.password_file, base_dir)
    if remote.password_command:
        return _from_command(remote.password_command, base_dir)
    raise ConfigError("credentials.missing", variable=ENV_PASSWORD)


def _first_line(text: str) -> str:
    lines = text.splitlines()
    return lines[0].strip() if lines else ""


def _checked(value: str, source: str) -> Secret:
    if not value:
        raise ConfigError("credentials.empty", source=source)
    return Secret(value)


def _from_file(name: str, base_dir: Path | None) -> Secret:
    path = Path(name).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    try:
        info = path.stat()
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError("credentials.file_not_file", file=str(path))
    if os.name != "nt" and info.st_mode & 0o077:
        raise ConfigError(
            "credentials.file_open", file=str(path), mode=f"{stat.S_IMODE(info.st_mode):03o}"
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, exc) from None
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError("credentials.file_encoding", file=str(path)) from None
    return _checked(_first_line(content), str(path))


def _unreadable(path: Path, exc: OSError) -> ConfigError:
    if isinstance(exc, FileNotFoundError):
        reason = "credentials.reason.not_found"
    elif isinstance(exc, PermissionError):
        reason = "credentials.reason.denied"
    else:
        reason = exc.strerror or type(exc).__name__
    return ConfigError("credentials.file_unreadable", file=str(path), reason=reason)


def _from_command(command: str, base_dir: Path | None) -> Secret:
    try:
        argv = shlex.split(command)
    except ValueError:
        raise ConfigError("credentials.command_syntax") from None
    if not argv:
        raise ConfigError("credentials.command_syntax")
    program = argv[0]
    try:
        done = subprocess.run(
            argv,
            shell=False,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=COMMAND_TIMEOUT,
            cwd=base_dir,
            check=False,
        )
    except FileNotFoundError:
        raise ConfigError("credentials.command_not_found", program=program) from None
    except PermissionError:
        raise ConfigError("credentials.command_not_runnable", program=program) from None
    except subprocess.TimeoutExpired:
        raise ConfigError(
            "credentials.command_timeout", program=program, seconds=int(COMMAND_TIMEOUT)
        ) from None
    except OSError as exc:
        raise ConfigError(
            "credentials.command_failed", program=program, status=exc.strerror or "?"
        ) from None
    if done.returncode != 0:
        # stderr is not shown: a failing helper may print the secret. Only its size is logged.
        log.debug(
            "password command %s exited with %s (%d bytes of error output, not shown)",
            program,
            done.returncode,
            len(done.stderr),
        )
        raise ConfigError("credentials.command_failed", program=program, status=done.returncode)
    try:
        output = done.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError("credentials.command_encoding", program=program) from None
    return _checked(_first_line(output), program)
