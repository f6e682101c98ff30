"""Shared pytest setup for the vault_sync test suite."""

import sys
from pathlib import Path

# Make helper modules in tests/ (e.g. calparsers) importable as top-level modules.
TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))


# --- a real WebDAV server on loopback and a fault-injecting proxy in front of it ----------
from collections.abc import Iterator  # noqa: E402

import pytest  # noqa: E402
from davserver import DavServer, start_dav_server  # noqa: E402
from faultproxy import FaultProxy  # noqa: E402
from harness import DAV_PASSWORD  # noqa: E402


@pytest.fixture
def dav(tmp_path: Path) -> Iterator[DavServer]:
    """wsgidav laid out like Nextcloud, user "anna", password DAV_PASSWORD."""
    (tmp_path / "dav").mkdir()
    server = start_dav_server(tmp_path / "dav", password=DAV_PASSWORD)
    yield server
    server.stop()


@pytest.fixture
def proxy(dav: DavServer) -> Iterator[FaultProxy]:
    """The fault-injecting proxy in front of ``dav`` (no faults until a test asks)."""
    with FaultProxy(dav.url, seed=1) as fault_proxy:
        yield fault_proxy
