"""The one error hierarchy of vault-sync.

Every error the program raises on purpose derives from :class:`VaultSyncError`.
Only the CLI turns them into messages and exit statuses; the core never prints.
Errors carry a message code and parameters, so that the CLI renders them in the
user's language (see :mod:`vault_sync.i18n`).
"""

from __future__ import annotations

from typing import Any


class VaultSyncError(Exception):
    """Root of every error vault-sync raises deliberately."""

    exit_status = 2

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def __str__(self) -> str:  # rendered in English for logs and tracebacks
        from vault_sync.i18n import render

        return render(self.code, "en", **self.params)


class UsageError(VaultSyncError):
    """The command line is wrong (exit status 2)."""


class ConfigError(VaultSyncError):
    """The configuration file or an environment variable is wrong (exit status 2)."""


class VaultError(VaultSyncError):
    """The vault folder cannot be used at all (missing, not a folder)."""
