"""A real WebDAV server on loopback, laid out like Nextcloud, for the `push` tests.

    server = start_dav_server(tmp_path / "cloud")       # thread, 127.0.0.1, any free port
    server.files_url()   # http://127.0.0.1:PORT/remote.php/dav/files/anna
    ...
    server.stop()

What answers, and who answers it:

* ``/remote.php/dav/files/<user>/...``: **wsgidav 4.x** (a real WebDAV implementation) on
  **cheroot**, serving the folder ``root`` with HTTP basic auth (one user, one password),
  with :class:`NextcloudDavCompatMiddleware` in its middleware stack, which adds the few
  things Nextcloud does and wsgidav does not (see there), and a file resource whose ETag is
  a hash of the content
  (:class:`ContentEtagFileResource`; wsgidav's own ETag is ``inode-mtime-size`` with
  one-second mtime, so two same-size writes within a second keep the same ETag, and
  ``X-OC-Mtime`` made the ETag of the PUT response differ from PROPFIND's).
* ``/ocs/v{1,2}.php/apps/files_sharing/api/v1/shares``, ``/s/<token>/download`` and
  ``/public.php/dav/files/<token>/<name>``: a **FAKE** of Nextcloud's OCS Share API and of
  its public side, :class:`FakeOcsShareApi` (public links only), with an **emulation** of
  how Nextcloud serves the files of a publicly shared folder.

Network traffic stays on 127.0.0.1. Everything started here stops in ``stop()``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import mimetypes
import os
import re
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from cheroot import wsgi
from wsgidav.error_printer import ErrorPrinter
from wsgidav.fs_dav_provider import FileResource, FilesystemProvider, FolderResource
from wsgidav.http_authenticator import HTTPAuthenticator
from wsgidav.mw.base_mw import BaseMiddleware
from wsgidav.mw.cors import Cors
from wsgidav.request_resolver import RequestResolver
from wsgidav.wsgidav_app import WsgiDAVApp

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WsgiApp = Callable[[Environ, StartResponse], Iterable[bytes]]

DEFAULT_USER = "anna"
DEFAULT_PASSWORD = "s3cret-app-pass"
OCS_SHARES_PATH = "/apps/files_sharing/api/v1/shares"
PUBLIC_DAV = "/public.php/dav/files/"


def dav_prefix(user: str) -> str:
    """The URL path of a user's files, as in Nextcloud."""
    return f"/remote.php/dav/files/{user}"


def _wsgi_path(environ: Environ) -> str:
    """PATH_INFO as text: WSGI carries the raw bytes as latin-1 (PEP 3333)."""
    raw: str = environ.get("PATH_INFO", "")
    try:
        return raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return raw


def _file_under(root: Path, relative: str) -> Path | None:
    """The file a URL path (relative to the user's DAV root) names, or None if outside."""
    parts = [p for p in relative.split("/") if p not in ("", ".")]
    if ".." in parts:
        return None
    return root.joinpath(*parts)


def content_etag(path: str | os.PathLike[str]) -> str:
    """The (unquoted) ETag of a file: a hash of its bytes."""
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(65536), b""):
            digest.update(block)
    return digest.hexdigest()


# --------------------------------------------------------------------------- wsgidav side


class ContentEtagFileResource(FileResource):  # type: ignore[misc]
    """A wsgidav file whose ETag is the MD5 of its content, quoted in PROPFIND like Nextcloud.

    wsgidav's ETag (``inode-mtime-size``, mtime in whole seconds) does not change when a file
    is rewritten with the same size within one second, so ``If-Match`` could not tell a
    server-side edit from the version the client knows. A content hash does, and does not
    depend on the mtime that ``X-OC-Mtime`` sets after the PUT response's ETag was taken.
    Unlike Nextcloud, rewriting a file with the same bytes keeps its ETag.
    """

    def get_etag(self) -> str:
        return content_etag(self._file_path)

    def get_property_value(self, name: str) -> Any:
        # wsgidav answers PROPFIND with the bare ETag; Nextcloud (and RFC 4918) quote it,
        # the same string as the ETag response header.
        if name == "{DAV:}getetag":
            return f'"{self.get_etag()}"'
        return super().get_property_value(name)


def tree_etag(folder: str | os.PathLike[str]) -> str:
    """The (unquoted) ETag of a folder: it changes whenever anything below it changes."""
    digest = hashlib.md5(usedforsecurity=False)
    for here, folders, files in sorted(os.walk(folder)):
        folders.sort()
        for name in sorted(files) + [f"{f}/" for f in folders]:
            path = os.path.join(here, name)
            info = os.stat(path)
            digest.update(f"{os.path.relpath(path, folder)}\0{info.st_size}\0".encode())
            if not name.endswith("/"):
                digest.update(content_etag(path).encode())
    return digest.hexdigest()


class TreeEtagFolderResource(FolderResource):  # type: ignore[misc]
    """A wsgidav folder with an ETag that, as Nextcloud's, changes when anything below it
    is created, changed or deleted (wsgidav gives folders no ETag)."""

    def get_etag(self) -> str:
        return tree_etag(self._file_path)

    def support_etag(self) -> bool:
        return True

    def get_property_value(self, name: str) -> Any:
        if name == "{DAV:}getetag":
            return f'"{self.get_etag()}"'
        return super().get_property_value(name)


class NextcloudLikeFilesystemProvider(FilesystemProvider):  # type: ignore[misc]
    """wsgidav's file system provider, with :class:`ContentEtagFileResource` for files and
    :class:`TreeEtagFolderResource` for folders."""

    def get_resource_inst(self, path: str, environ: Environ) -> Any:
        res = super().get_resource_inst(path, environ)
        if isinstance(res, FileResource) and not isinstance(res, ContentEtagFileResource):
            return ContentEtagFileResource(path, environ, res._file_path)
        if isinstance(res, FolderResource) and not isinstance(res, TreeEtagFolderResource):
            return TreeEtagFolderResource(path, environ, res._file_path)
        return res


_WRITE_METHODS = frozenset({"PUT", "DELETE", "MKCOL", "MOVE", "COPY", "PROPPATCH", "LOCK"})


class NextcloudDavCompatMiddleware(BaseMiddleware):  # type: ignore[misc]
    """MIDDLEWARE in wsgidav's stack (after authentication) adding what Nextcloud does and
    wsgidav 4.4 does not.

    1. ``If-Match`` on a resource that does not exist fails with 412 (RFC 9110 13.1.1, and
       Nextcloud/sabre: "An If-Match header was specified and the resource did not exist").
       wsgidav skips all ``If-*`` checks when the target is missing, so ``PUT`` with a stale
       ``If-Match`` to a file someone deleted would silently create it again.
    2. Writes are serialised (one lock around check and write), so a conditional request is
       atomic with respect to other requests, as a client expects of a server.
    3. PUT responses carry Nextcloud's extra headers: ``OC-ETag`` (same as ``ETag``) and
       ``X-OC-MTime: accepted`` when an ``X-OC-Mtime`` header was sent (wsgidav sets the
       mtime itself, with ``honor_mtime_header``).

    4. With ``windows_names`` (Nextcloud 30's "Windows compatible filenames", which admins
       turn on so that Windows clients can sync), the names its FilenameValidator then
       refuses (the characters ``\\ : * ? " < > |`` and control characters, a name over
       255 bytes or ending in a dot or a space, Windows' reserved names such as ``CON``)
       are refused on PUT, MKCOL and MOVE with 400 ``InvalidPath``.

    Not added: ``OC-Checksum`` is accepted and ignored (no ``oc:checksums`` property),
    folders have no ETag, no ``oc:``/``nc:`` properties (fileid, permissions, size).
    Configured by the ``nextcloud_compat`` entry (``root``, ``prefix``) of wsgidav's config.
    """

    def __init__(self, wsgidav_app: Any, next_app: WsgiApp, config: dict[str, Any]) -> None:
        super().__init__(wsgidav_app, next_app, config)
        self.root = Path(config["nextcloud_compat"]["root"])
        self.prefix = config["nextcloud_compat"]["prefix"]
        self.windows_names = config["nextcloud_compat"].get("windows_names", False)
        self._write_lock = threading.Lock()

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET").upper()
        if method not in _WRITE_METHODS:
            return self._handle(environ, start_response, method)
        with self._write_lock:
            result = self._handle(environ, start_response, method)
            try:
                return list(result)  # the work is done inside the lock
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()

    def _handle(
        self, environ: Environ, start_response: StartResponse, method: str
    ) -> Iterable[bytes]:
        # wsgidav has decoded and normalised the path, and moved the share into SCRIPT_NAME.
        path: str = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
        if "HTTP_IF_MATCH" in environ and (
            path == self.prefix or path.startswith(self.prefix + "/")
        ):
            target = _file_under(self.root, path[len(self.prefix) :])
            if target is not None and not target.exists():
                body = _dav_error(
                    "Sabre\\DAV\\Exception\\PreconditionFailed",
                    "An If-Match header was specified and the resource did not exist",
                )
                return _respond(start_response, 412, body, "application/xml; charset=utf-8")

        if self.windows_names and method in ("PUT", "MKCOL", "MOVE"):
            named = path
            if method == "MOVE":
                named = urllib.parse.unquote(
                    urllib.parse.urlsplit(environ.get("HTTP_DESTINATION", "")).path
                )
            if not nextcloud_accepts(named.rstrip("/").rpartition("/")[2]):
                body = _dav_error("OCP\\Files\\InvalidPathException", "Invalid path")
                return _respond(start_response, 400, body, "application/xml; charset=utf-8")

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            if method == "PUT" and status[:1] == "2":
                etag = next((v for k, v in headers if k.lower() == "etag"), None)
                if etag is not None:
                    headers = [*headers, ("OC-ETag", etag)]
                if "HTTP_X_OC_MTIME" in environ:
                    headers = [*headers, ("X-OC-MTime", "accepted")]
            return start_response(status, headers, exc_info)

        result: Iterable[bytes] = self.next_app(environ, capture)
        return result


_NC_FORBIDDEN_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_NC_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{kind}{n}" for kind in ("com", "lpt") for n in [*"0123456789", "¹", "²", "³"]
}


def nextcloud_accepts(name: str) -> bool:
    """Whether Nextcloud 30's FilenameValidator lets ``name`` be (Windows-compatible names)."""
    if not name or len(name.encode()) > 255 or name.endswith((".", " ")) or name == ".htaccess":
        return False
    if _NC_FORBIDDEN_CHARS.search(name):
        return False
    basename = name.split(".", 1)[0] if not name.startswith(".") else name
    return basename.lower() not in _NC_RESERVED


def _dav_error(exception: str, message: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns">\n'
        f"  <s:exception>{exception}</s:exception>\n"
        f"  <s:message>{message}</s:message>\n"
        "</d:error>\n"
    ).encode()


def _respond(
    start_response: StartResponse,
    status: int,
    body: bytes,
    content_type: str,
    extra: Iterable[tuple[str, str]] = (),
    head: bool = False,
) -> list[bytes]:
    reasons = {
        200: "OK",
        400: "Bad Request",
        401: "Unauthorized",
        403: "Forbidden",
        404: "Not Found",
        405: "Method Not Allowed",
        412: "Precondition Failed",
        501: "Not Implemented",
        503: "Service Unavailable",
    }
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *extra]
    start_response(f"{status} {reasons.get(status, 'Status')}", headers)
    return [] if head else [body]


# --------------------------------------------------------------------------- OCS fake

_TOKEN_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def share_token(user: str, path: str, n: int = 0) -> str:
    """The token the FAKE gives the n-th link share of ``path``: stable, 15 characters."""
    number = int.from_bytes(hashlib.sha256(f"{user}\0{path}\0{n}".encode()).digest(), "big")
    chars = []
    for _ in range(15):
        number, digit = divmod(number, len(_TOKEN_ALPHABET))
        chars.append(_TOKEN_ALPHABET[digit])
    return "".join(chars)


class _OcsError(Exception):
    def __init__(self, statuscode: int, message: str) -> None:
        super().__init__(message)
        self.statuscode = statuscode
        self.message = message


class FakeOcsShareApi:
    """A FAKE of Nextcloud's OCS Share API (files_sharing, ``api/v1``): public links only.

    Not Nextcloud: a stand-in good enough to test a client against. It implements, under
    ``/ocs/v2.php`` (and ``/ocs/v1.php``) ``/apps/files_sharing/api/v1/shares``:

    * ``POST /shares`` (form, or JSON body; fields ``path``, ``shareType`` (only 3, public
      link), ``permissions`` (default 1), ``label``, ``note``): creates a NEW link share each
      time, as Nextcloud does; the n-th share made of a path (deleted ones count) gets the token
      ``share_token(user, path, n)``, so the first link of a path is the same in every run;
    * ``GET /shares?path=...&reshares=false`` (``path`` optional): the user's shares of that
      path (404 if the path does not exist); ``GET /shares/<id>``; ``DELETE /shares/<id>``;
    * answers in XML, or JSON with ``?format=json`` or ``Accept: application/json``; v2 puts
      the OCS status in the HTTP status (200 OK, 400, 401, 403, 404), v1 answers 200 with
      statuscode 100 on success;
    * requires basic auth and the header ``OCS-APIRequest: true``: without either, 401 with
      OCS statuscode 997 "Current user is not logged in" (current Nextcloud; old versions
      answered "CSRF check failed").

    And the public side: ``GET/HEAD /s/<token>/download`` serves the shared file (404 for an
    unknown token or a deleted file); ``GET /s/<token>`` a small HTML page; and an
    EMULATION of Nextcloud's public WebDAV, ``GET/HEAD /public.php/dav/files/<token>/<path>``:
    a file inside a shared folder (or the shared file itself, with no path), without a
    password; 404 for a missing file, and 503 (Sabre's ServiceUnavailable, as Nextcloud 34
    answers) for a token that is unknown, deleted or expired.

    Expiry: a share whose ``expiration`` (``"YYYY-MM-DD HH:MM:SS"``; tests may set it in
    :attr:`shares`) has passed is gone, as in Nextcloud: listing it deletes it, and its
    public addresses no longer answer.

    Share URLs are ``http://<Host header>/s/<token>`` (the address the client used, so a
    share created through a proxy points at the proxy). ``shares`` is the live list of share
    records (dicts, the ``data`` of the OCS answer), for tests to look at.
    """

    def __init__(
        self, root: Path, user: str, password: str, shares: list[dict[str, Any]] | None = None
    ) -> None:
        self.root = root
        self.user = user
        self.password = password
        self.shares: list[dict[str, Any]] = shares if shares is not None else []
        self._made: Counter[str] = Counter(s["path"] for s in self.shares)  # shares made, by path
        self._lock = threading.Lock()

    # ---- dispatch

    def handles(self, path: str) -> bool:
        return path.startswith(("/ocs/v1.php/", "/ocs/v2.php/", "/s/", PUBLIC_DAV))

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path = _wsgi_path(environ)
        self._forget_expired()
        if path.startswith("/s/"):
            return self._public(environ, start_response, path)
        if path.startswith(PUBLIC_DAV):
            return self._public_dav(environ, start_response, path[len(PUBLIC_DAV) :])
        version = 2 if path.startswith("/ocs/v2.php/") else 1
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        as_json = query.get("format", [""])[-1] == "json" or "application/json" in environ.get(
            "HTTP_ACCEPT", ""
        )
        try:
            if not self._authorized(environ):
                raise _OcsError(997, "Current user is not logged in")
            data = self._route(environ, path[len("/ocs/v1.php") :], query)
            return self._ocs(start_response, version, as_json, 100, "OK", data)
        except _OcsError as err:
            return self._ocs(start_response, version, as_json, err.statuscode, err.message, [])

    def _authorized(self, environ: Environ) -> bool:
        if environ.get("HTTP_OCS_APIREQUEST", "").lower() != "true":
            return False
        auth = environ.get("HTTP_AUTHORIZATION", "")
        if not auth.lower().startswith("basic "):
            return False
        try:
            user, _, password = base64.b64decode(auth[6:].strip()).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
        return (user, password) == (self.user, self.password)

    def _route(self, environ: Environ, path: str, query: dict[str, list[str]]) -> Any:
        method = environ.get("REQUEST_METHOD", "GET").upper()
        if path.rstrip("/") == OCS_SHARES_PATH:
            if method == "POST":
                return self._create(_form(environ, query))
            if method == "GET":
                return self._list(query.get("path", [None])[-1])
        elif path.startswith(OCS_SHARES_PATH + "/"):
            share_id = path[len(OCS_SHARES_PATH) + 1 :].strip("/")
            with self._lock:
                found = [s for s in self.shares if s["id"] == share_id]
                if not found:
                    raise _OcsError(404, "Wrong share ID, share does not exist")
                if method == "GET":
                    return [dict(found[0])]
                if method == "DELETE":
                    self.shares.remove(found[0])
                    return []
        raise _OcsError(998, "Invalid query, please check the syntax.")

    def _forget_expired(self) -> None:
        now = time.strftime("%Y-%m-%d %H:%M:%S")
        with self._lock:
            self.shares[:] = [
                s for s in self.shares if not (s.get("expiration") and s["expiration"] <= now)
            ]

    # ---- operations

    def _node(self, path: str | None) -> tuple[str, Path]:
        if not path:
            raise _OcsError(404, "Please specify a file or folder path")
        normal = "/" + "/".join(p for p in path.split("/") if p not in ("", "."))
        node = _file_under(self.root, normal)
        if node is None or not node.exists():
            raise _OcsError(404, "Wrong path, file/folder does not exist")
        return normal, node

    def _create(self, form: dict[str, str]) -> dict[str, Any]:
        path, node = self._node(form.get("path"))
        if form.get("shareType", "") != "3":
            raise _OcsError(400, "Unknown share type (this FAKE makes public links only)")
        try:
            permissions = int(form.get("permissions") or 1)
        except ValueError as exc:
            raise _OcsError(400, "Wrong or no update parameter given") from exc
        with self._lock:
            n = self._made[path]  # deleted shares count: a new link is never an old one
            self._made[path] += 1
            next_id = 1 + max((int(s["id"]) for s in self.shares), default=0)
            token = share_token(self.user, path, n)
            is_dir = node.is_dir()
            share = {
                "id": str(next_id),
                "share_type": 3,
                "uid_owner": self.user,
                "displayname_owner": self.user,
                "permissions": permissions,
                "stime": int(time.time()),
                "parent": None,
                "expiration": None,
                "token": token,
                "uid_file_owner": self.user,
                "note": form.get("note", ""),
                "label": form.get("label", ""),
                "displayname_file_owner": self.user,
                "path": path,
                "item_type": "folder" if is_dir else "file",
                "mimetype": "httpd/unix-directory"
                if is_dir
                else (mimetypes.guess_type(node.name)[0] or "application/octet-stream"),
                "storage_id": f"home::{self.user}",
                "storage": 1,
                "item_source": node.stat().st_ino,
                "file_source": node.stat().st_ino,
                "file_parent": node.parent.stat().st_ino,
                "file_target": "/" + node.name,
                "share_with": None,
                "share_with_displayname": "",
                "url": f"{form['_base']}/s/{token}",
                "mail_send": 0,
                "hide_download": 0,
            }
            self.shares.append(share)
            return dict(share)

    def _list(self, path: str | None) -> list[dict[str, Any]]:
        with self._lock:
            if path is None:
                return [dict(s) for s in self.shares]
            normal, _ = self._node(path)
            return [dict(s) for s in self.shares if s["path"] == normal]

    def _public(self, environ: Environ, start_response: StartResponse, path: str) -> list[bytes]:
        head = environ.get("REQUEST_METHOD") == "HEAD"
        token, _, rest = path[len("/s/") :].partition("/")
        with self._lock:
            share = next((s for s in self.shares if s["token"] == token), None)
        node = _file_under(self.root, share["path"]) if share else None
        if share is None or node is None or not node.exists():
            return _respond(start_response, 404, b"Share not found\n", "text/plain", head=head)
        if rest.strip("/") == "":
            page = f"<html><body>FAKE public share page: {share['file_target']}</body></html>"
            return _respond(start_response, 200, page.encode(), "text/html; charset=utf-8")
        if rest.strip("/") != "download":
            return _respond(start_response, 404, b"Not found\n", "text/plain", head=head)
        if node.is_dir():
            return _respond(start_response, 501, b"FAKE: no folder zips\n", "text/plain")
        body = node.read_bytes()
        disposition = f"attachment; filename*=UTF-8''{quote(node.name)}"
        return _respond(
            start_response,
            200,
            body,
            share["mimetype"],
            [("Content-Disposition", disposition), ("ETag", f'"{content_etag(node)}"')],
            head=head,
        )

    def _public_dav(
        self, environ: Environ, start_response: StartResponse, rest: str
    ) -> list[bytes]:
        """EMULATION of ``/public.php/dav/files/<token>/<path>``: read-only, no password."""
        method = environ.get("REQUEST_METHOD", "GET").upper()
        head = method == "HEAD"
        token, _, inner = rest.partition("/")
        with self._lock:
            share = next((s for s in self.shares if s["token"] == token), None)
        shared = _file_under(self.root, share["path"]) if share else None
        if share is None or shared is None or not shared.exists():
            body = _dav_error("Sabre\\DAV\\Exception\\ServiceUnavailable", "Share not found")
            return _respond(start_response, 503, body, "application/xml; charset=utf-8", head=head)
        if method not in ("GET", "HEAD"):
            body = _dav_error("Sabre\\DAV\\Exception\\MethodNotAllowed", "EMULATION: read only")
            return _respond(start_response, 405, body, "application/xml; charset=utf-8")
        node = _file_under(shared, "/" + inner.strip("/")) if inner.strip("/") else shared
        if node is None or not node.is_file():
            body = _dav_error("Sabre\\DAV\\Exception\\NotFound", "File not found")
            return _respond(start_response, 404, body, "application/xml; charset=utf-8", head=head)
        ctype = mimetypes.guess_type(node.name)[0] or "application/octet-stream"
        return _respond(
            start_response,
            200,
            node.read_bytes(),
            ctype,
            [("ETag", f'"{content_etag(node)}"')],
            head=head,
        )

    # ---- OCS envelope

    @staticmethod
    def _ocs(
        start_response: StartResponse,
        version: int,
        as_json: bool,
        code: int,
        message: str,
        data: Any,
    ) -> list[bytes]:
        ok = code == 100
        if version == 2:
            statuscode = 200 if ok else code
            http = {997: 401, 998: 404}.get(statuscode, statuscode)
            meta: dict[str, Any] = {"status": "ok" if ok else "failure"}
            meta.update(statuscode=statuscode, message=message)
        else:
            statuscode = code
            http = 401 if code == 997 else 200
            meta = {"status": "ok" if ok else "failure", "statuscode": statuscode}
            meta.update(message=message, totalitems="", itemsperpage="")
        envelope = {"ocs": {"meta": meta, "data": data}}
        if as_json:
            body = json.dumps(envelope).encode()
            ctype = "application/json; charset=utf-8"
        else:
            body = _ocs_xml(envelope["ocs"])
            ctype = "application/xml; charset=utf-8"
        return _respond(start_response, http, body, ctype)


def _ocs_xml(ocs: dict[str, Any]) -> bytes:
    def fill(element: ET.Element, value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                fill(ET.SubElement(element, key), item)
        elif isinstance(value, list):
            for item in value:
                fill(ET.SubElement(element, "element"), item)
        elif value is not None:
            element.text = str(value)

    root = ET.Element("ocs")
    fill(root, ocs)
    text: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0"?>\n' + text


def _form(environ: Environ, query: dict[str, list[str]]) -> dict[str, str]:
    """Request parameters as Nextcloud merges them: query string, then form or JSON body."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    raw = environ["wsgi.input"].read(length) if length > 0 else b""
    params = {k: v[-1] for k, v in query.items()}
    if "json" in environ.get("CONTENT_TYPE", ""):
        try:
            loaded = json.loads(raw or b"{}")
        except ValueError as exc:
            raise _OcsError(400, "Invalid JSON body") from exc
        params.update({k: str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {})
    else:
        body = parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
        params.update({k: v[-1] for k, v in body.items()})
    scheme = environ.get("wsgi.url_scheme", "http")
    host = environ.get("HTTP_HOST") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
    params["_base"] = f"{scheme}://{host}"
    return params


# --------------------------------------------------------------------------- server


class _Router:
    """The one WSGI app cheroot runs: the OCS FAKE for its paths, WebDAV for the rest."""

    def __init__(self, dav: WsgiApp, ocs: FakeOcsShareApi) -> None:
        self.dav = dav
        self.ocs = ocs

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if self.ocs.handles(_wsgi_path(environ)):
            return self.ocs(environ, start_response)
        return self.dav(environ, start_response)


@dataclass
class DavServer:
    """A running server: WebDAV at ``files_url()``, the OCS FAKE beside it."""

    url: str  # http://127.0.0.1:PORT
    user: str
    password: str
    root: Path  # the folder the user's files are in
    ocs: FakeOcsShareApi
    _server: wsgi.Server = field(repr=False)
    _thread: threading.Thread = field(repr=False)
    _stopped: bool = field(default=False, repr=False)

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)

    @property
    def shares(self) -> list[dict[str, Any]]:
        """The link shares created so far (pass to ``start_dav_server`` to keep them)."""
        return self.ocs.shares

    def files_url(self) -> str:
        return f"{self.url}{dav_prefix(self.user)}"

    def file_url(self, relative: str) -> str:
        """URL of a path under the user's root, each segment percent-encoded."""
        return self.files_url() + "/" + quote(relative.lstrip("/"), safe="/")

    def ocs_url(self, version: int = 2) -> str:
        return f"{self.url}/ocs/v{version}.php{OCS_SHARES_PATH}"

    def stop(self) -> None:
        """Stop serving and join the server's threads. Safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        self._server.stop()
        self._thread.join(timeout=10)
        if self._thread.is_alive():
            raise RuntimeError("the WebDAV server thread did not stop")

    def __enter__(self) -> DavServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_dav_server(
    root: Path,
    user: str = DEFAULT_USER,
    password: str = DEFAULT_PASSWORD,
    *,
    shares: list[dict[str, Any]] | None = None,
    threads: int = 8,
    windows_names: bool = False,
) -> DavServer:
    """Start wsgidav (+ the OCS FAKE) on 127.0.0.1, a free port, serving ``root`` for ``user``.

    ``root`` is created if missing. ``shares``: a share list from an earlier server, so a
    restarted server still knows its links.
    """
    root = Path(root).resolve()
    root.mkdir(parents=True, exist_ok=True)
    prefix = dav_prefix(user)
    config = {
        "host": "127.0.0.1",
        "port": 0,
        "provider_mapping": {prefix: NextcloudLikeFilesystemProvider(str(root))},
        "http_authenticator": {
            "domain_controller": None,  # SimpleDomainController, configured below
            "accept_basic": True,
            "accept_digest": False,
            "default_to_digest": False,
            "trusted_auth_header": None,
        },
        "simple_dc": {"user_mapping": {"*": {user: {"password": password, "roles": []}}}},
        "middleware_stack": [
            Cors,
            ErrorPrinter,
            HTTPAuthenticator,
            NextcloudDavCompatMiddleware,  # after authentication: 401 comes before 412
            RequestResolver,
        ],
        "nextcloud_compat": {"root": str(root), "prefix": prefix, "windows_names": windows_names},
        "honor_mtime_header": True,  # X-OC-Mtime
        "dir_browser": {"enable": False},
        "lock_storage": True,
        "property_manager": True,
        "verbose": 1,
        "logging": {"enable": False},
    }
    dav = WsgiDAVApp(config)
    ocs = FakeOcsShareApi(root, user, password, shares)
    server = wsgi.Server(
        ("127.0.0.1", 0), _Router(dav, ocs), numthreads=threads, timeout=10, shutdown_timeout=2
    )
    server.expiration_interval = 0.05  # the serve loop's tick: how soon stop() is noticed
    server.prepare()  # binds, so the port is known before the thread starts
    port = server.bind_addr[1]
    thread = threading.Thread(target=server.serve, name=f"davserver-{port}", daemon=True)
    thread.start()
    return DavServer(
        url=f"http://127.0.0.1:{port}",
        user=user,
        password=password,
        root=root,
        ocs=ocs,
        _server=server,
        _thread=thread,
    )


def iter_files(root: Path) -> Iterator[str]:
    """Relative paths of all files under ``root`` (for assertions on the server's disk)."""
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path.relative_to(root).as_posix()
