"""EDGE: ``vault-sync serve``: the build folder over HTTP on 127.0.0.1, for subscription.

Feeds go out as ``text/calendar; charset=utf-8``, summaries as ``text/markdown``; every
response has an ETag (a hash of the bytes) and Last-Modified, and a client that already
has the file (If-None-Match / If-Modified-Since) gets 304 with no body, which is what
calendar apps polling a feed every hour want. Only files inside the folder are served,
and no hidden one; the command serves only a folder vault-sync built (its marker says so).
"""

from __future__ import annotations

import email.utils
import hashlib
import http.server
import logging
import mimetypes
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from vault_sync import i18n
from vault_sync.render import layout
from vault_sync.render.links import subscription_links

log = logging.getLogger("vault_sync.serve")

CONTENT_TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".html": "text/html; charset=utf-8",
}


def make_handler(root: Path) -> type[http.server.BaseHTTPRequestHandler]:
    base = root.resolve()

    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "vault-sync"
        sys_version = ""

        def do_HEAD(self) -> None:
            self._send(body=False)

        def do_GET(self) -> None:
            self._send(body=True)

        def _send(self, body: bool) -> None:
            path = unquote(urlsplit(self.path).path).lstrip("/") or layout.DIGEST_NAME
            file = (base / path).resolve()
            inside = base in file.parents
            if not inside or _hidden(file.relative_to(base)) or not file.is_file():
                self.send_error(404)
                return
            data = file.read_bytes()
            etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
            modified = email.utils.formatdate(file.stat().st_mtime, usegmt=True)
            fresh = etag in _etags(self.headers.get("If-None-Match", ""))
            if not self.headers.get("If-None-Match") and self.headers.get("If-Modified-Since"):
                fresh = self.headers["If-Modified-Since"] == modified
            self.send_response(304 if fresh else 200)
            kind = CONTENT_TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0]
            self.send_header("Content-Type", kind or "application/octet-stream")
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
            self.send_header("Cache-Control", "no-cache")
            if not fresh:
                self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body and not fresh:
                self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            log.debug("%s %s", self.address_string(), format % args)

    return Handler


def _hidden(path: Path) -> bool:
    """A hidden file or one in a hidden folder (the marker, a temporary file): not served."""
    return any(part.startswith(".") for part in path.parts)


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def start(root: Path, port: int = 0) -> http.server.ThreadingHTTPServer:
    """A running server on 127.0.0.1 (``port`` 0: any free port); stop it with shutdown()."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), make_handler(root))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="vault-sync-serve", daemon=True).start()
    return server


def feed_links(root: Path, port: int) -> dict[str, dict[str, str]]:
    """Every feed in the folder -> its subscription links on this server."""
    calendars = root / layout.CALENDARS
    found = sorted(calendars.glob("*.ics")) if calendars.is_dir() else []
    return {
        feed.stem: subscription_links(
            f"http://127.0.0.1:{port}/{layout.CALENDARS}/{quote(feed.name)}"
        )
        for feed in found
    }


def serve(root: Path, port: int, lang: str, ready: Callable[[str], None]) -> None:
    """Serve until interrupted; ``ready`` receives the lines to show people."""
    server = start(root, port)
    port = server.server_address[1]
    ready(i18n.render("serve.listening", lang, path=str(root), port=port))
    for name, links in feed_links(root, port).items():
        ready(i18n.render("serve.feed", lang, name=name))
        for label, url in links.items():
            ready(f"  {label}: {url}")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
