"""The command line: the only place that prints, and that turns errors into exit statuses.

* :mod:`~vault_sync.cli.parser`: the commands, their options and help (argparse);
* :mod:`~vault_sync.cli.commands`: one ``run_*`` function per command;
* :mod:`~vault_sync.cli.report`: what several commands print the same way;
* :mod:`~vault_sync.cli.main`: :func:`main`, which parses, dispatches, and is the one
  place that turns errors into messages and exit statuses (README.md lists them),
  with the last-resort handler for anything unexpected.

``vault-sync`` (pyproject's console script), ``python -m vault_sync`` and ``sync.py``
all call :func:`main`.
"""

from __future__ import annotations

from vault_sync.cli.commands import check_vault
from vault_sync.cli.main import main
from vault_sync.cli.parser import COMMON_DEFAULTS, build_parser

__all__ = ["COMMON_DEFAULTS", "build_parser", "check_vault", "main"]
