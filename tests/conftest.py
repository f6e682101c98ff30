"""Shared pytest setup for the vault_sync test suite."""

import sys
from pathlib import Path

# Make helper modules in tests/ (e.g. calparsers) importable as top-level modules.
TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))
