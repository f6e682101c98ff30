"""The one error hierarchy of vault-sync.

Every error the program raises on purpose derives from :class:`VaultSyncError`, and
every such class is defined here (other modules import them; a few re-export them for
older call sites). Only the CLI turns them into messages and exit statuses; the core
never prints. Errors carry a message code and parameters, so that the CLI renders them
in the user's language (see :mod:`vault_sync.i18n`); parameters never hold a password.

::

    VaultSyncError                  exit 2 unless said otherwise
    ├── UsageError                  the command line is wrong
    ├── ConfigError                 the settings file or an environment variable is wrong
    │   └── InsecureURL             the remote address would expose the password
    ├── VaultError                  the vault folder cannot be used at all
    ├── StateError                  the state database cannot be used
    ├── OutputError                 the output folder cannot be written
    ├── DocumentError               a document to import cannot be read
    ├── AlreadyRunning              another daemon watches the vault
    └── RemoteError                 exit 3: the server did not do what was asked
        ├── AuthError               exit 2: 401/403
        ├── NotFound, ParentMissing, BadResponse, ShareRefused
        ├── PreconditionFailed      exit 1: someone else changed the file
        ├── Locked, TooManyRequests, ServerError      (retried)
        ├── InsufficientStorage, CertificateError     (stop the run)
        └── Unreachable             (retried, stops the run)

Anything else reaching the CLI is a bug: its last-resort handler says so in one line
and exits with :data:`EXIT_INTERNAL`.
"""

from __future__ import annotations

import errno
from typing import Any, ClassVar

from vault_sync.i18n import render

# Exit statuses of the command (README.md, "Commands"). Defined here, next to the
# errors that carry them, so that the core and the CLI agree on them.
EXIT_OK = 0
EXIT_HELD_BACK = 1  # notes held back, conflicts, an import left something unrecognised
EXIT_USAGE = 2  # usage, settings, vault, state, output folder, password
EXIT_UNREACHABLE = 3  # the server cannot be reached; the work stays queued
EXIT_INTERNAL = 70  # a bug: an unexpected exception (EX_SOFTWARE of sysexits.h)
EXIT_INTERRUPTED = 130  # Ctrl+C (128 + SIGINT)
EXIT_BROKEN_PIPE = 141  # stdout closed early, as by `| head` (128 + SIGPIPE)


# What an OSError's errno means for the user, as a message code (vault_sync.i18n.commands).
_OS_REASONS = {
    errno.EACCES: "os.reason.permission",
    errno.EPERM: "os.reason.permission",
    errno.ENOSPC: "os.reason.full",
    errno.EDQUOT: "os.reason.full",
    errno.EROFS: "os.reason.readonly",
    errno.ENOTDIR: "os.reason.not_a_folder",
    errno.EEXIST: "os.reason.not_a_folder",  # mkdir(exist_ok=True) met a file of the name
    errno.EADDRINUSE: "os.reason.port_taken",
    errno.EISDIR: "os.reason.is_a_folder",
}


def os_reason(exc: OSError) -> str:
    """The ``reason`` parameter for ``exc``: a message code when the errno is a common one,
    else the system's own words (never the file name: the message names it already)."""
    if exc.errno in _OS_REASONS:
        return _OS_REASONS[exc.errno]
    return exc.strerror or type(exc).__name__


class VaultSyncError(Exception):
    """Root of every error vault-sync raises deliberately."""

    exit_status = EXIT_USAGE

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def __str__(self) -> str:  # rendered in English for logs and tracebacks
        return render(self.code, "en", **self.params)

    def message(self, lang: str) -> str:
        """The error's text in ``lang``: what the CLI prints."""
        return render(self.code, lang, **self.params)


class UsageError(VaultSyncError):
    """The command line is wrong (exit status 2)."""


class ConfigError(VaultSyncError):
    """The configuration file or an environment variable is wrong (exit status 2)."""


class InsecureURL(ConfigError):
    """The remote address would send the password unprotected, or holds a password."""


class VaultError(VaultSyncError):
    """The vault folder cannot be used at all (missing, not a folder)."""


class StateError(VaultSyncError):
    """The state database cannot be used (exit status 2).

    Made by a newer vault-sync, not a database (corrupt), not writable, the disk full.
    ``path`` names the file; ``reason`` is a message code or the system's words.
    """


class OutputError(VaultSyncError):
    """The output folder cannot be written (exit status 2).

    Not a folder (a file has its name or a parent's), no permission, the disk full.
    ``path`` names the folder or file; ``reason`` is a message code or the system's words.
    """


class DocumentError(VaultSyncError):
    """A document that cannot be read at all: missing, of another format, broken (status 2)."""


class AlreadyRunning(VaultSyncError):
    """Another daemon holds the vault's lock (exit status 2)."""


# --- the remote (WebDAV, Nextcloud) ------------------------------------------------------


class RemoteError(VaultSyncError):
    """The server did not do what was asked. Carries no header and no secret.

    ``status`` (``None`` when no answer came), ``method``, ``path`` (inside the user's
    files, as Nextcloud shows it), ``retry_after`` (seconds, from ``Retry-After``).
    """

    exit_status = EXIT_UNREACHABLE
    retryable: ClassVar[bool] = False
    stops_run: ClassVar[bool] = False  # no point going on with other files

    def __init__(
        self,
        code: str,
        *,
        method: str = "",
        path: str = "",
        status: int | None = None,
        retry_after: float | None = None,
        host: str = "",
        **params: Any,
    ) -> None:
        super().__init__(code, method=method, path=path, status=status, host=host, **params)
        self.method = method
        self.path = path
        self.status = status
        self.retry_after = retry_after
        self.host = host

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.code!r}, method={self.method!r}, "
            f"path={self.path!r}, status={self.status!r}, retry_after={self.retry_after!r})"
        )


class AuthError(RemoteError):
    """401/403: the app password is wrong or revoked, or the account may not do this."""

    exit_status = EXIT_USAGE
    stops_run = True


class NotFound(RemoteError):
    """404."""


class ParentMissing(RemoteError):
    """409: the folder the file goes into does not exist (or a file has its name)."""


class PreconditionFailed(RemoteError):
    """412: someone changed (or created, or deleted) the file on the server."""

    exit_status = EXIT_HELD_BACK


class Locked(RemoteError):
    """423: the file is locked (open in an editor, or being synced)."""

    retryable = True


class TooManyRequests(RemoteError):
    """429: the server asks to slow down."""

    retryable = True


class InsufficientStorage(RemoteError):
    """507: the account's quota or the server's disk is full."""

    stops_run = True


class ServerError(RemoteError):
    """5xx other than 507."""

    retryable = True


class Unreachable(RemoteError):
    """No answer: the name is unknown, the connection was refused or broken, a timeout."""

    retryable = True
    stops_run = True


class CertificateError(RemoteError):
    """The TLS connection failed (usually: the certificate is not trusted). Not retried."""

    stops_run = True


class BadResponse(RemoteError):
    """The server answered with something that cannot be read (not XML, not JSON)."""


class ShareRefused(RemoteError):
    """Nextcloud would not create the public link (link sharing disabled, no permission)."""
