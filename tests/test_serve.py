"""vault-sync serve: feeds over HTTP on loopback, with ETag/304 and the right content type."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from vault_sync.serve import start

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "vault"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "calendars").mkdir()
    (tmp_path / "calendars" / "gmo.ics").write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    (tmp_path / "Readme.md").write_text("# Обзор\n", encoding="utf-8")
    (tmp_path / ".vault-sync-output").write_text("built by vault-sync\n")
    (tmp_path.parent / "secret.txt").write_text("not yours")
    return tmp_path


@pytest.fixture
def port(folder: Path) -> Iterator[int]:
    server = start(folder, 0)
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def get(
    port: int, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def test_feed_is_served_as_text_calendar_utf8(port: int) -> None:
    status, headers, body = get(port, "/calendars/gmo.ics")
    assert status == 200 and headers["content-type"] == "text/calendar; charset=utf-8"
    assert body.startswith(b"BEGIN:VCALENDAR") and headers["etag"] and headers["last-modified"]


def test_unchanged_feed_gives_304_without_a_body(port: int) -> None:
    _, headers, _ = get(port, "/calendars/gmo.ics")
    status, _, body = get(port, "/calendars/gmo.ics", {"If-None-Match": headers["etag"]})
    assert (status, body) == (304, b"")
    status, _, body = get(
        port, "/calendars/gmo.ics", {"If-Modified-Since": headers["last-modified"]}
    )
    assert (status, body) == (304, b"")


def test_changed_feed_gives_200_again(port: int, folder: Path) -> None:
    _, headers, _ = get(port, "/calendars/gmo.ics")
    (folder / "calendars" / "gmo.ics").write_bytes(b"BEGIN:VCALENDAR\r\nX:1\r\nEND:VCALENDAR\r\n")
    status, _, body = get(port, "/calendars/gmo.ics", {"If-None-Match": headers["etag"]})
    assert status == 200 and b"X:1" in body


def test_digest_is_the_index_and_markdown(port: int) -> None:
    status, headers, body = get(port, "/")
    assert status == 200 and headers["content-type"] == "text/markdown; charset=utf-8"
    assert "Обзор" in body.decode()


@pytest.mark.parametrize(
    "path", ["/../secret.txt", "/%2e%2e/secret.txt", "/nope.ics", "/calendars/"]
)
def test_nothing_outside_the_folder_or_missing(port: int, path: str) -> None:
    assert get(port, path)[0] == 404


def test_serve_command_prints_https_webcal_and_google_links(folder: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    process = subprocess.Popen(
        [sys.executable, "-m", "vault_sync", "serve", str(folder), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(5)]
    finally:
        process.terminate()
        process.wait(timeout=10)
    text = "".join(lines)
    port = re.search(r"127\.0\.0\.1:(\d+)/", lines[0])
    assert port, text
    assert f"http://127.0.0.1:{port.group(1)}/calendars/gmo.ics" in text
    assert f"webcal://127.0.0.1:{port.group(1)}/calendars/gmo.ics" in text
    assert "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2F127.0.0.1" in text


def test_hidden_files_are_not_served(port: int, folder: Path) -> None:
    (folder / ".Readme.md.123.tmp").write_text("half written")
    for path in ["/.vault-sync-output", "/.Readme.md.123.tmp"]:
        assert get(port, path)[0] == 404


def _serve(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vault_sync", "serve", str(folder), "--port", "0", "--lang", "en"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=30,
    )


def test_a_vault_or_a_folder_vault_sync_did_not_build_is_not_served(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE, vault, ignore=shutil.ignore_patterns(".vault-sync"))
    built = subprocess.run(
        [sys.executable, "-m", "vault_sync", "build", str(vault)], capture_output=True, timeout=120
    )
    assert built.returncode == 0
    (vault / ".vault-sync-output").write_text("a marker someone copied")
    served = _serve(vault)
    assert served.returncode == 2
    assert f"{vault} is a vault (its settings and state database are there)" in served.stderr
    other = tmp_path / "Documents"
    other.mkdir()
    (other / "Readme.md").write_text("mine")
    served = _serve(other)
    assert served.returncode == 2 and "was not built by vault-sync" in served.stderr
