#!/usr/bin/env python3
"""``python sync.py ...``: the same as the ``vault-sync`` command, without installing."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from vault_sync.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
