"""The WebDAV client of ``push``: one session, one request function, typed errors, retries.

Every request goes through :meth:`DavClient.request` (retrying) or its single-attempt
core ``_send``, which maps the status to a typed error (``AuthError``, ``NotFound``,
``ParentMissing``, ``PreconditionFailed``, ``Locked``, ``TooManyRequests``,
``InsufficientStorage``, ``ServerError``; timeouts and broken connections are
``Unreachable``) and logs one DEBUG line (method, path, status, milliseconds) -- never a
header, never the password.

Retries: exponential backoff with full jitter (``RetryPolicy``) on ``Unreachable``, 423,
429 and 5xx, never sleeping less than a ``Retry-After`` says; a ``Retry-After`` longer
than ``RetryPolicy.max_retry_after`` is not slept through at all: the error is raised with
its ``retry_after`` so the caller's queue resumes later. 401, 403, 404, 409, 412 and 507
are never retried.

A write whose answer was lost (the connection dropped, a timeout, a 5xx that a proxy sent
after the server had already written) is *uncertain*. Before sending it again, ``put``
and ``delete`` look at the file: if the server already has exactly our content (same
SHA-256, from ``oc:checksums`` when the server keeps it, else by downloading it), our own
earlier attempt succeeded and is not sent twice nor reported as a conflict; if the file
still has the ETag we conditioned on, the write did not happen and is sent again; if it
has anything else, someone else changed it: ``PreconditionFailed``.

Threads: one :class:`requests.Session` is shared by all upload workers. Its connection
pool is sized for them (``workers`` + 1), nothing in the session is changed after it is
set up, and its cookie jar locks itself, so sharing it is safe and keeps one TLS
connection per worker alive for the whole run (Nextcloud's session cookie also spares
the server a password check per request).

Beside it: :mod:`~vault_sync.dav.retry` (backoff, ``Retry-After``), :mod:`~vault_sync.dav.urls`
(quoting, content types), :mod:`~vault_sync.dav.multistatus` (PROPFIND answers, ETags) and
:mod:`~vault_sync.dav.pool` (the worker threads of :func:`run_parallel`); their public names
are importable from here too.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import logging
import random
import socket
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import quote, unquote, urlsplit

import requests
import requests.adapters
import requests.auth
import urllib3
import urllib3.connection

from vault_sync.config import RemoteConfig
from vault_sync.credentials import Secret
from vault_sync.dav import pool
from vault_sync.dav.multistatus import (
    PROPFIND_BODY,
    Entry,
    RemoteStat,
    parse_multistatus,
    quoted_etag,
    same_etag,
)
from vault_sync.dav.retry import RetryPolicy, parse_retry_after
from vault_sync.dav.urls import check_url, content_type, quote_path
from vault_sync.errors import (
    AuthError,
    BadResponse,
    CertificateError,
    ConfigError,
    InsufficientStorage,
    Locked,
    NotFound,
    ParentMissing,
    PreconditionFailed,
    RemoteError,
    ServerError,
    TooManyRequests,
    Unreachable,
)

__all__ = ["DavClient", "run_parallel"]

log = logging.getLogger(__name__)

T = TypeVar("T")
PUT_OK = frozenset({200, 201, 204})
DELETE_OK = frozenset({200, 204})


# --- helpers ----------------------------------------------------------------------------


def _connection_reason(exc: BaseException) -> str:
    """A message code saying why no connection came about, from the exception chain."""
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        found = stack.pop()
        if id(found) in seen:
            continue
        seen.add(id(found))
        if isinstance(found, socket.gaierror):
            return "remote.reason.dns"
        if isinstance(found, ConnectionRefusedError):
            return "remote.reason.refused"
        if isinstance(found, ConnectionResetError | BrokenPipeError):
            return "remote.reason.closed"
        if "RemoteDisconnected" in type(found).__name__ or "closed connection" in str(found):
            return "remote.reason.closed"
        if "NameResolution" in type(found).__name__:
            return "remote.reason.dns"
        stack.extend(a for a in found.args if isinstance(a, BaseException))
        for attr in ("reason", "__cause__", "__context__"):
            inner = getattr(found, attr, None)
            if isinstance(inner, BaseException):
                stack.append(inner)
    return "remote.reason.other"


# --- the deadline of a request -------------------------------------------------------
#
# requests' timeouts bound each wait for a byte, not a whole request: a server that
# trickles a byte every few seconds would hold a request forever. Each attempt therefore
# has a watchdog timer; the socket the attempt uses is noted (by the connection classes
# below, in the thread sending it), and when the deadline passes, or the run is cancelled,
# the socket is shut down, which ends any wait on it at once.

_active = threading.local()  # .attempt: the _Attempt this thread is sending, if any


class _Attempt:
    """One attempt of a request: the socket it uses, and whether it was cut."""

    __slots__ = ("cut", "sock")

    def __init__(self) -> None:
        self.sock: socket.socket | None = None
        self.cut = False

    def stop(self) -> None:
        """End the attempt's waits now (from the watchdog or another thread)."""
        self.cut = True
        sock = self.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def _note_socket(sock: socket.socket | None) -> None:
    attempt = getattr(_active, "attempt", None)
    if attempt is not None and sock is not None:
        attempt.sock = sock
        if attempt.cut:  # cut before the socket was known
            attempt.stop()


class _NotedHTTPConnection(urllib3.connection.HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _note_socket(self.sock)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _note_socket(self.sock)
        super().request(*args, **kwargs)


class _NotedHTTPSConnection(urllib3.connection.HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _note_socket(self.sock)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _note_socket(self.sock)
        super().request(*args, **kwargs)


class _NotedHTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _NotedHTTPConnection


class _NotedHTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _NotedHTTPSConnection


class _Adapter(requests.adapters.HTTPAdapter):
    """An adapter whose connections note their sockets for the deadline's watchdog."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _NotedHTTPPool, "https": _NotedHTTPSPool}


class _BasicAuth(requests.auth.AuthBase):
    """HTTP Basic with a :class:`Secret`, encoded as UTF-8 (RFC 7617), made per request."""

    def __init__(self, user: str, password: Secret) -> None:
        self._user = user
        self._password = password

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        pair = f"{self._user}:{self._password.reveal()}".encode()
        r.headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        return r

    def __repr__(self) -> str:
        return f"_BasicAuth(user={self._user!r}, password=Secret('***'))"


# --- the client -------------------------------------------------------------------------


class DavClient:
    """WebDAV on ``https://HOST/remote.php/dav/files/USER/<root>/``; paths are relative to it.

    Paths are ``/``-separated and relative to the root (``"calendars/гмо.ics"``); the
    empty path is the root itself. ``sleep`` and ``rand`` are there for tests.
    """

    def __init__(
        self,
        remote: RemoteConfig,
        password: Secret,
        *,
        workers: int = 4,
        connect_timeout: float = 10.0,
        read_timeout: float = 60.0,
        deadline: float = 90.0,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rand: Callable[[], float] = random.random,
        on_retry: Callable[[RemoteError, int, float], None] | None = None,
    ) -> None:
        self.server_url = check_url(remote.url)
        self.user = remote.user
        self.root = "/".join(s for s in remote.root.split("/") if s)
        self.host = urlsplit(self.server_url).netloc
        self.files_url = f"{self.server_url}/remote.php/dav/files/{quote(self.user, safe='')}/"
        try:
            self.base_url = self.files_url + (quote_path(self.root) + "/" if self.root else "")
        except ValueError:
            raise ConfigError("remote.bad_root", root=remote.root) from None
        self._base_path = unquote(urlsplit(self.base_url).path)
        self.workers = workers
        self.retry = retry or RetryPolicy()
        self.timeout = (connect_timeout, read_timeout)
        self.deadline = deadline  # seconds one attempt may take in all, however it trickles
        self._attempts: set[_Attempt] = set()  # being sent now, by any thread
        self._sleep = sleep
        self._rand = rand
        self._on_retry = on_retry
        self._known_folders: set[str] = set()
        self._folders_lock = threading.Lock()
        self.abort = threading.Event()  # set: retries stop at once (a run is ending)

        session = requests.Session()
        adapter = _Adapter(pool_connections=2, pool_maxsize=workers + 1, max_retries=0)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        session.auth = _BasicAuth(self.user, password)
        session.verify = True
        session.headers["User-Agent"] = "vault-sync"
        self._session = session

    def __repr__(self) -> str:
        return f"DavClient({self.base_url!r})"

    def close(self) -> None:
        self._session.close()

    def cancel(self) -> None:
        """End the run now (safe from a signal handler or another thread): requests being
        sent are cut, none is retried. Each was recorded in the state before it went, so
        the next run checks on the server what became of it."""
        self.abort.set()
        for attempt in list(self._attempts):
            attempt.stop()

    def __enter__(self) -> DavClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- the one request function -----------------------------------------------------

    def url_for(self, path: str, *, folder: bool = False) -> str:
        quoted = quote_path(path)
        if not quoted:
            return self.base_url
        return self.base_url + quoted + ("/" if folder else "")

    def shown_path(self, path: str) -> str:
        """The path as Nextcloud's Files app shows it: ``<root>/<path>``."""
        return "/".join(s for s in (self.root + "/" + path).split("/") if s) or "/"

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: Mapping[str, str] | None = None,
        data: bytes | None = None,
        expected: Collection[int] = (200,),
        url: str | None = None,
        params: Mapping[str, str] | None = None,
        folder: bool = False,
        shown: str | None = None,
        retry: bool | None = None,
    ) -> requests.Response:
        """Send one request (retrying what is safe to retry); a typed error otherwise.

        ``retry``: by default every method but POST (not idempotent) is retried.

        ``path`` is relative to the root; ``url`` replaces the address made from it (OCS
        calls), ``path`` then only names the file in errors and logs; ``shown`` replaces
        the name shown for it.
        """

        def attempt() -> requests.Response:
            return self._send(
                method,
                path,
                headers=headers,
                data=data,
                expected=expected,
                url=url,
                params=params,
                folder=folder,
                shown=shown,
            )

        if retry is None:
            retry = method.upper() != "POST"
        return self.retrying(attempt) if retry else attempt()

    def _send(
        self,
        method: str,
        path: str,
        *,
        headers: Mapping[str, str] | None = None,
        data: bytes | None = None,
        expected: Collection[int] = (200,),
        url: str | None = None,
        params: Mapping[str, str] | None = None,
        folder: bool = False,
        shown: str | None = None,
    ) -> requests.Response:
        target = url if url is not None else self.url_for(path, folder=folder)
        shown = shown if shown is not None else self.shown_path(path)
        logged = shown if url is None else f"{urlsplit(url).path} ({shown})"
        where: dict[str, Any] = {"method": method, "path": shown, "host": self.host}
        started = time.monotonic()
        attempt = _Attempt()
        if self.abort.is_set():
            attempt.cut = True
        watchdog = threading.Timer(self.deadline, attempt.stop)
        watchdog.daemon = True
        try:
            _active.attempt = attempt
            self._attempts.add(attempt)
            watchdog.start()
            response = self._session.request(
                method,
                target,
                headers=dict(headers or {}),
                data=data,
                params=params,
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.exceptions.RequestException as exc:
            if not attempt.cut:
                raise self._failure(exc, method, logged, started, where) from None
            self._log(method, logged, "deadline", started)
            raise Unreachable("remote.timeout", seconds=self.deadline, **where) from None
        finally:
            watchdog.cancel()
            _active.attempt = None
            self._attempts.discard(attempt)
        self._log(method, logged, str(response.status_code), started)
        if response.status_code in expected:
            return response
        raise self._error_for(response, where)

    def _failure(
        self,
        exc: requests.exceptions.RequestException,
        method: str,
        logged: str,
        started: float,
        where: dict[str, Any],
    ) -> RemoteError:
        """The error of a request that got no (whole) answer."""
        if isinstance(exc, requests.exceptions.SSLError):
            self._log(method, logged, "TLS error", started)
            return CertificateError("remote.tls", **where)
        if isinstance(exc, requests.exceptions.Timeout) or (
            isinstance(exc, requests.exceptions.ConnectionError) and "Read timed out" in str(exc)
        ):
            self._log(method, logged, "timeout", started)
            return Unreachable("remote.timeout", seconds=self.timeout[1], **where)
        if isinstance(exc, requests.exceptions.ConnectionError):
            reason = _connection_reason(exc)
            self._log(method, logged, reason.rsplit(".", 1)[-1], started)
            return Unreachable("remote.unreachable", reason=reason, **where)
        if isinstance(exc, requests.exceptions.ChunkedEncodingError):  # cut mid-body
            self._log(method, logged, "closed", started)
            return Unreachable("remote.unreachable", reason="remote.reason.closed", **where)
        self._log(method, logged, type(exc).__name__, started)
        return RemoteError("remote.unexpected", reason=type(exc).__name__, **where)

    @staticmethod
    def _log(method: str, shown: str, outcome: str, started: float) -> None:
        log.debug(
            "%s %s %s %d ms", method, shown, outcome, round((time.monotonic() - started) * 1000)
        )

    @staticmethod
    def _error_for(response: requests.Response, where: dict[str, Any]) -> RemoteError:
        status = response.status_code
        after = parse_retry_after(response.headers.get("Retry-After"))
        common: dict[str, Any] = {"status": status, "retry_after": after, **where}
        if status == 401:
            return AuthError("remote.auth", **common)
        if status == 403:
            return AuthError("remote.forbidden", **common)
        if status == 404:
            return NotFound("remote.not_found", **common)
        if status == 409:
            return ParentMissing("remote.parent_missing", **common)
        if status == 412:
            return PreconditionFailed("remote.conflict", **common)
        if status == 423:
            return Locked("remote.locked", **common)
        if status == 429:
            return TooManyRequests("remote.too_many_requests", **common)
        if status == 507:
            return InsufficientStorage("remote.no_space", **common)
        if 500 <= status <= 599:
            return ServerError("remote.server_error", **common)
        if 300 <= status <= 399:
            target = urlsplit(response.headers.get("Location", ""))  # without its query
            location = f"{target.scheme}://{target.netloc}{target.path}" if target.netloc else "?"
            return RemoteError("remote.redirected", location=location, **common)
        return RemoteError("remote.unexpected", reason=f"HTTP {status}", **common)

    def retrying(self, attempt: Callable[[], T]) -> T:
        """Run ``attempt`` until it succeeds, retrying retryable errors with backoff."""
        number = 1
        started = time.monotonic()
        while True:
            try:
                return attempt()
            except RemoteError as exc:
                if not exc.retryable or self.abort.is_set():
                    raise
                elapsed = time.monotonic() - started
                delay = self.retry.delay(number, exc.retry_after, self._rand, elapsed)
                if delay is None:
                    raise
                log.debug(
                    "%s %s: %s, attempt %d of %d, next in %.2f s",
                    exc.method,
                    exc.path,
                    exc.code,
                    number,
                    self.retry.attempts,
                    delay,
                )
                if self._on_retry is not None:
                    self._on_retry(exc, number, delay)
                self._sleep(delay)
                if self.abort.is_set():
                    raise
                number += 1

    # --- operations -------------------------------------------------------------------

    def get(self, path: str) -> bytes:
        return self.request("GET", path).content

    def stat(self, path: str) -> RemoteStat | None:
        """ETag and size of ``path`` (PROPFIND Depth 0), ``None`` if there is nothing."""
        entry = self._stat_entry(path)
        return None if entry is None else RemoteStat(entry.etag, entry.size)

    def _stat_entry(self, path: str, *, retry: bool = True) -> Entry | None:
        try:
            response = self.request(
                "PROPFIND",
                path,
                headers={"Depth": "0", "Content-Type": "application/xml; charset=utf-8"},
                data=PROPFIND_BODY,
                expected=(207,),
                retry=retry,
            )
        except NotFound:
            return None
        entries = self._parse_multistatus(response.content, path)
        return entries[0] if entries else None

    def mkcol(self, path: str) -> bool:
        """Create the folder ``path`` (its parent must exist); ``False`` if it already did.

        A 405 answer means the folder exists -- also when an earlier attempt, whose
        answer was lost, made it.
        """
        response = self.request("MKCOL", path, expected=(201, 405), folder=True)
        return response.status_code == 201

    def ensure_folders(self, paths: Iterable[str]) -> None:
        """Create every missing folder of ``paths`` and their parents, root included, in order.

        Folders made or seen during this run are remembered and not asked for again.
        """
        wanted: list[str] = []
        root_parts = [s for s in self.root.split("/") if s]
        for path in paths:
            parts = root_parts + [s for s in path.split("/") if s]
            for end in range(1, len(parts) + 1):
                home = "/".join(parts[:end])
                if home not in wanted:
                    wanted.append(home)
        for home in wanted:
            with self._folders_lock:
                if home in self._known_folders:
                    continue
            url = self.files_url + quote_path(home) + "/"
            self.request("MKCOL", home, url=url, shown=home, expected=(201, 405))
            with self._folders_lock:
                self._known_folders.add(home)

    def forget_folders(self) -> None:
        """Folders seen earlier may have been deleted since: ask for them again."""
        with self._folders_lock:
            self._known_folders.clear()

    def put(
        self,
        path: str,
        data: bytes,
        *,
        if_match: str | None = None,
        if_none_match: bool = False,
        mtime: float | None = None,
    ) -> str:
        """Upload ``data`` to ``path``; the new ETag.

        ``if_match``: only if the file still has this ETag; ``if_none_match``: only if
        there is no file yet. Else (someone changed, created or deleted it):
        :class:`PreconditionFailed`, and the server's file is kept. Sends
        ``OC-Checksum: SHA256:<hex>``, ``X-OC-Mtime`` (when ``mtime`` is given) and a
        ``Content-Type`` from the extension.
        """
        if if_match is not None and if_none_match:
            raise ValueError("if_match and if_none_match exclude each other")
        digest = hashlib.sha256(data).hexdigest()
        headers = {"OC-Checksum": f"SHA256:{digest}", "Content-Type": content_type(path)}
        if mtime is not None:
            headers["X-OC-Mtime"] = str(int(mtime))
        if if_match is not None:
            headers["If-Match"] = quoted_etag(if_match)
        if if_none_match:
            headers["If-None-Match"] = "*"
        uncertain = False  # an earlier attempt may have written without us hearing of it

        def attempt() -> str:
            nonlocal uncertain
            if uncertain:
                landed = self._put_landed(path, digest, if_match, if_none_match)
                if landed is not None:
                    return landed
            try:
                response = self._send("PUT", path, headers=headers, data=data, expected=PUT_OK)
            except PreconditionFailed:
                if uncertain:  # our earlier attempt may have finished after we looked
                    landed = self._put_landed(path, digest, if_match, if_none_match)
                    if landed is not None:
                        return landed
                raise
            except (Unreachable, ServerError):
                uncertain = True
                raise
            etag = response.headers.get("ETag") or response.headers.get("OC-ETag")
            if etag:
                return etag
            entry = self._stat_entry(path)
            if entry is None:
                raise BadResponse(
                    "remote.bad_response", method="PUT", path=self.shown_path(path), host=self.host
                )
            return entry.etag

        return self.retrying(attempt)

    def _put_landed(
        self, path: str, digest: str, if_match: str | None, if_none_match: bool
    ) -> str | None:
        """After an uncertain PUT: the ETag if the server has our content, ``None`` to resend.

        Raises :class:`PreconditionFailed` when someone else's change is there instead.
        """
        entry = self._stat_entry(path, retry=False)
        conditional = if_match is not None or if_none_match
        conflict = PreconditionFailed(
            "remote.conflict", method="PUT", path=self.shown_path(path), status=412, host=self.host
        )
        if entry is None:
            if if_match is not None:  # we cannot have deleted it: someone else did
                raise conflict
            return None
        if if_match is not None and same_etag(entry.etag, if_match):
            return None  # untouched: our write did not happen
        if entry.sha256 is not None:
            same = entry.sha256 == digest
            etag = entry.etag
        else:
            response = self._send("GET", path)
            same = hashlib.sha256(response.content).hexdigest() == digest
            etag = response.headers.get("ETag") or entry.etag
        if same:
            log.debug("PUT %s: the earlier attempt had succeeded", self.shown_path(path))
            return etag
        if conditional:
            raise conflict
        return None

    def delete(self, path: str, *, if_match: str | None = None) -> None:
        """Delete ``path`` (only if it still has ETag ``if_match``, when given).

        :class:`NotFound` if there was nothing to delete; once an earlier attempt may have
        deleted it, its absence is success.
        """
        headers = {} if if_match is None else {"If-Match": quoted_etag(if_match)}
        uncertain = False

        def attempt() -> None:
            nonlocal uncertain
            if uncertain and self._delete_landed(path, if_match):
                return
            try:
                self._send("DELETE", path, headers=headers, expected=DELETE_OK)
            except (NotFound, PreconditionFailed):
                if uncertain and self._delete_landed(path, if_match):
                    return
                raise
            except (Unreachable, ServerError):
                uncertain = True
                raise

        self.retrying(attempt)

    def _delete_landed(self, path: str, if_match: str | None) -> bool:
        entry = self._stat_entry(path, retry=False)
        if entry is None:
            return True
        if if_match is not None and not same_etag(entry.etag, if_match):
            raise PreconditionFailed(
                "remote.conflict",
                method="DELETE",
                path=self.shown_path(path),
                status=412,
                host=self.host,
            )
        return False

    def run_parallel(
        self,
        jobs: Sequence[Callable[[], T]],
        on_done: Callable[[int, T | RemoteError], None] | None = None,
    ) -> list[T | RemoteError]:
        """:func:`run_parallel` with this client's number of workers.

        When a job fails in a way that ends the run, the other running jobs stop retrying
        at once (``abort``); the client retries normally again once the run is over.
        """
        self.abort.clear()
        try:
            return run_parallel(jobs, self.workers, on_done=on_done, abort=self.abort)
        finally:
            self.abort.clear()

    # --- multistatus ------------------------------------------------------------------

    def _parse_multistatus(self, body: bytes, path: str) -> list[Entry]:
        try:
            return parse_multistatus(body, self._base_path)
        except ET.ParseError:
            raise BadResponse(
                "remote.bad_response", method="PROPFIND", path=self.shown_path(path), host=self.host
            ) from None

    def list(self, folder: str = "") -> dict[str, str]:
        """``{path: etag}`` of what ``folder`` holds (PROPFIND Depth 1), not the folder itself.

        Paths are relative to the root, unquoted (``"calendars/гмо.ics"``); sub-folders are
        listed too, with a trailing ``/`` (``"calendars/"``), so a caller can walk them.
        :class:`NotFound` if the folder does not exist.
        """
        response = self.request(
            "PROPFIND",
            folder,
            headers={"Depth": "1", "Content-Type": "application/xml; charset=utf-8"},
            data=PROPFIND_BODY,
            expected=(207,),
            folder=True,
        )
        itself = "/".join(s for s in folder.split("/") if s)
        return {
            entry.path: entry.etag
            for entry in self._parse_multistatus(response.content, folder)
            if entry.path.rstrip("/") != itself
        }


def run_parallel(
    jobs: Sequence[Callable[[], T]],
    workers: int = 4,
    *,
    on_done: Callable[[int, T | RemoteError], None] | None = None,
    abort: threading.Event | None = None,
) -> list[T | RemoteError]:
    """Run ``jobs`` on at most ``workers`` threads; their results in the order of ``jobs``.

    A :class:`RemoteError` of one job is its result (the others go on), unless it is one
    that ``stops_run`` (wrong password, server unreachable, disk full): then no further
    job starts, ``abort`` is set (running jobs stop retrying), and it is raised once the
    running jobs have ended. ``on_done(index, outcome)`` is called in the calling thread
    as each job ends, so the caller can record progress as it happens. The threads and
    the window of jobs submitted ahead: :func:`vault_sync.dav.pool.run_parallel`.
    """
    return pool.run_parallel(
        jobs,
        workers,
        failure=RemoteError,
        stops_run=_stops_run,
        on_done=on_done,
        abort=abort,
    )


def _stops_run(exc: RemoteError) -> bool:
    return exc.stops_run
