"""A fault-injecting HTTP proxy on loopback, in front of the test WebDAV server.

    proxy = FaultProxy(server.url, seed=1).start()
    proxy.fail_next("503")                      # the next request gets 503 + Retry-After: 1
    proxy.fail_next("drop-after", methods="PUT")  # the next PUT reaches the server, then the
                                                # client's connection is closed unanswered
    proxy.fault_rate(0.3, ["500", "drop"])      # 30 % of requests fail (seeded, repeatable)
    proxy.set_down(True)                        # connections refused, as a stopped server
    ...
    proxy.counts["PUT"], proxy.forwarded["PUT"], proxy.faults["503"], proxy.log
    proxy.stop()

Fault kinds (``KINDS``). Without suffix the fault happens BEFORE forwarding: the request
never reaches the server. With ``-after`` it happens AFTER: the server did the work and
answered, the client sees only the failure (the case that tests "nothing uploaded twice").

* ``drop``: the connection is closed without a response (client: ConnectionError);
* ``503``: ``503 Service Unavailable`` with ``Retry-After: <retry_after>`` (seconds);
* ``503-date``: the same, ``Retry-After`` as an HTTP-date ``retry_after`` seconds ahead;
* ``423``: ``423 Locked`` (Nextcloud's FileLocked body); ``429``: with ``Retry-After``;
* ``500``, ``502``: server errors;
* ``slow``: waits ``slow_seconds``, then forwards and answers normally (a client with a
  shorter timeout gives up first; the request still reaches the server afterwards, as on
  a real slow server); ``slow-after``: forwards at once, waits before answering.
* ``400``, ``401``, ``404``, ``507``: those statuses (``507 Insufficient Storage``);
* ``silent``: the connection stays open and is never answered (until ``stop()``);
* ``trickle``: ``200`` and a long ``Content-Length``, then one byte of body every
  ``trickle_seconds``, never the whole of it (until the client or ``stop()`` ends it);
* ``cut``: the answer (the server's, with ``-after``) has a ``Content-Length`` longer than
  the body sent, and the connection is closed: an answer cut mid-body.

Requests are forwarded one per upstream connection with ``http.client``, all headers kept
(``Host`` too, so a WebDAV ``Destination`` and share URLs name the proxy) except hop-by-hop
ones; bodies are streamed when their length is known. Random faults are drawn from
``random.Random(seed)``, one draw per eligible request, so a sequential client sees the
same faults in every run. Every wait is bounded and ends on ``stop()``, which joins every
thread the proxy started.
"""

from __future__ import annotations

import contextlib
import http.client
import math
import random
import select
import socket
import threading
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

BEFORE_KINDS = (
    "drop", "503", "503-date", "423", "429", "500", "502", "slow",
    "400", "401", "404", "507", "silent", "trickle", "cut",
)  # fmt: skip
AFTER_KINDS = tuple(f"{kind}-after" for kind in BEFORE_KINDS)
KINDS = BEFORE_KINDS + AFTER_KINDS

_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)
_CHUNK = 64 * 1024
_MAX_BUFFERED = 64 * 1024 * 1024  # bodies of unknown length are buffered, up to this


def _dav_error(exception: str, message: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns">\n'
        f"  <s:exception>{exception}</s:exception>\n"
        f"  <s:message>{message}</s:message>\n"
        "</d:error>\n"
    ).encode()


_XML = "application/xml; charset=utf-8"
# kind (without -after) -> status, reason, content type, body; Retry-After is added apart.
_RESPONSES: dict[str, tuple[int, str, str, bytes]] = {
    "503": (
        503,
        "Service Unavailable",
        _XML,
        _dav_error("Sabre\\DAV\\Exception\\ServiceUnavailable", "System in maintenance mode."),
    ),
    "423": (
        423,
        "Locked",
        _XML,
        _dav_error(
            "OCA\\DAV\\Connector\\Sabre\\Exception\\FileLocked",
            "file is locked, try again later (injected by FaultProxy)",
        ),
    ),
    "429": (429, "Too Many Requests", "text/plain", b"Too many requests (FaultProxy)\n"),
    "500": (
        500,
        "Internal Server Error",
        _XML,
        _dav_error("Sabre\\DAV\\Exception", "Internal Server Error (injected by FaultProxy)"),
    ),
    "400": (400, "Bad Request", "text/plain", b"Bad request (FaultProxy)\n"),
    "401": (
        401,
        "Unauthorized",
        _XML,
        _dav_error("Sabre\\DAV\\Exception\\NotAuthenticated", "No public access (FaultProxy)"),
    ),
    "404": (
        404,
        "Not Found",
        _XML,
        _dav_error("Sabre\\DAV\\Exception\\NotFound", "File not found (FaultProxy)"),
    ),
    "507": (
        507,
        "Insufficient Storage",
        _XML,
        _dav_error("Sabre\\DAV\\Exception\\InsufficientStorage", "Insufficient space"),
    ),
    "502": (
        502,
        "Bad Gateway",
        "text/html",
        b"<html><body><h1>502 Bad Gateway</h1>FaultProxy</body></html>\n",
    ),
}


@dataclass
class ProxiedRequest:
    """One request as the proxy saw it (filled in as it goes). Header names are lower case."""

    method: str
    path: str
    headers: dict[str, str]
    fault: str | None  # the kind injected, "down" (cut: the proxy was down), or None
    upstream_status: int | None = None  # what the server answered; None if not forwarded
    status: int | None = None  # what the client was sent; None if it got no response


@dataclass
class _Rule:
    kind: str
    remaining: int
    methods: frozenset[str] | None
    path_contains: str | None

    def matches(self, method: str, path: str) -> bool:
        if self.methods is not None and method not in self.methods:
            return False
        return self.path_contains is None or self.path_contains in path


def _methods(methods: str | Iterable[str] | None) -> frozenset[str] | None:
    if methods is None:
        return None
    if isinstance(methods, str):
        methods = [methods]
    return frozenset(m.upper() for m in methods)


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown fault kind {kind!r}; known: {', '.join(KINDS)}")
    return kind


class _Stopped(Exception):
    """The proxy is stopping: abandon this request."""


@dataclass
class FaultProxy:
    """The proxy. Configure, ``start()``, program faults, read counters, ``stop()``.

    ``counts``: requests received, by method (faulted ones too); ``forwarded``: those that
    reached the server; ``faults``: injected faults by kind, plus ``"down"`` for requests
    cut on a kept-alive connection while down (refused connections send no request).
    ``log``: a :class:`ProxiedRequest` per request. All are updated before the client sees
    the outcome, so a test can assert on them as soon as its call returns.
    """

    upstream: str
    seed: int = 0
    slow_seconds: float = 2.0
    trickle_seconds: float = 1.0
    retry_after: int = 1
    upstream_timeout: float = 30.0
    idle_timeout: float = 10.0  # a client connection idle this long is closed
    url: str = field(default="", init=False)
    port: int = field(default=0, init=False)
    counts: Counter[str] = field(default_factory=Counter, init=False)  # received, by method
    forwarded: Counter[str] = field(default_factory=Counter, init=False)  # reached upstream
    faults: Counter[str] = field(default_factory=Counter, init=False)  # injected, by kind
    log: deque[ProxiedRequest] = field(default_factory=lambda: deque(maxlen=10000), init=False)

    def __post_init__(self) -> None:
        parts = urlsplit(self.upstream)
        if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost"):
            raise ValueError(f"upstream must be http://127.0.0.1:PORT, not {self.upstream!r}")
        self._up_host = parts.hostname
        self._up_port = parts.port or 80
        self._rng = random.Random(self.seed)
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._stop = threading.Event()
        self._rules: list[_Rule] = []
        self._rate = 0.0
        self._rate_kinds: tuple[str, ...] = ()
        self._rate_methods: frozenset[str] | None = None
        self._down = False
        self._listener: socket.socket | None = None
        self._conns: set[socket.socket] = set()
        self._threads: set[threading.Thread] = set()
        self._accept_thread: threading.Thread | None = None
        self._in_flight = 0

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FaultProxy:
        if self._accept_thread is not None:
            raise RuntimeError("already started")
        self._listener = self._bind(0)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._accept_thread = threading.Thread(
            target=self._accept_loop, name=f"faultproxy-{self.port}", daemon=True
        )
        self._accept_thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting, cut every connection, end every wait, join every thread."""
        self._stop.set()
        with self._lock:
            listener, self._listener = self._listener, None
            conns = list(self._conns)
        if listener is not None:
            listener.close()
        for conn in conns:
            _shutdown(conn)
        if self._accept_thread is not None:
            self._accept_thread.join(timeout=5)
        deadline = time.monotonic() + self.upstream_timeout + 5
        while True:
            with self._lock:
                threads = list(self._threads)
            if not threads:
                break
            for thread in threads:
                thread.join(timeout=max(0.0, deadline - time.monotonic()))
            if time.monotonic() > deadline:
                raise RuntimeError(f"FaultProxy threads did not stop: {threads}")

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ programming

    def fail_next(
        self,
        kind: str,
        count: int = 1,
        *,
        methods: str | Iterable[str] | None = None,
        path_contains: str | None = None,
    ) -> None:
        """The next ``count`` requests (of these methods, whose path contains this) fail.

        Scheduled faults are used in the order they were added, before any random fault.
        """
        if count < 1:
            raise ValueError("count must be at least 1")
        rule = _Rule(_check_kind(kind), count, _methods(methods), path_contains)
        with self._lock:
            self._rules.append(rule)

    def fault_rate(
        self,
        rate: float,
        kinds: Sequence[str],
        *,
        methods: str | Iterable[str] | None = None,
    ) -> None:
        """From now on a share ``rate`` (0..1) of requests fail with one of ``kinds``."""
        if not 0.0 <= rate <= 1.0:
            raise ValueError("rate must be between 0 and 1")
        if rate > 0 and not kinds:
            raise ValueError("give the fault kinds to draw from")
        with self._lock:
            self._rate = rate
            self._rate_kinds = tuple(_check_kind(k) for k in kinds)
            self._rate_methods = _methods(methods)

    def clear_faults(self) -> None:
        """Forget scheduled and random faults (counters are kept)."""
        with self._lock:
            self._rules.clear()
            self._rate = 0.0

    def pending_faults(self) -> int:
        """How many scheduled faults have not happened yet."""
        with self._lock:
            return sum(rule.remaining for rule in self._rules)

    def set_down(self, down: bool) -> None:
        """Down: new connections are refused (the port is closed) and open ones are cut.

        Up again: the same port is listened on again.
        """
        with self._lock:
            if self._stop.is_set() or down == self._down:
                return
            self._down = down
            if down:
                listener, self._listener = self._listener, None
                conns = list(self._conns)
            else:
                self._listener = self._bind(self.port)
                listener, conns = None, []
        if listener is not None:
            listener.close()
        for conn in conns:
            _shutdown(conn)

    @property
    def down(self) -> bool:
        return self._down

    def reset_counts(self) -> None:
        with self._lock:
            self.counts.clear()
            self.forwarded.clear()
            self.faults.clear()
            self.log.clear()

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Wait until no request is being handled (e.g. a ``slow`` one the client left)."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._in_flight:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{self._in_flight} request(s) still in the proxy")
                self._idle.wait(remaining)

    def requests(self, method: str | None = None) -> list[ProxiedRequest]:
        """The logged requests, optionally of one method."""
        with self._lock:
            return [r for r in self.log if method is None or r.method == method.upper()]

    # ------------------------------------------------------------------ internals

    def _bind(self, port: int) -> socket.socket:
        deadline = time.monotonic() + 2.0
        while True:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", port))
                sock.listen(64)
                return sock
            except OSError:
                sock.close()
                if port == 0 or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                listener = self._listener
            if listener is None:
                self._stop.wait(0.02)
                continue
            try:
                ready, _, _ = select.select([listener], [], [], 0.05)
                if not ready:
                    continue
                conn, address = listener.accept()
            except (OSError, ValueError):  # closed under us by set_down/stop
                continue
            with self._lock:
                if self._down or self._stop.is_set():
                    conn.close()
                    continue
                thread = threading.Thread(
                    target=self._serve_connection,
                    args=(conn, address),
                    name=f"faultproxy-{self.port}-conn",
                    daemon=True,
                )
                self._conns.add(conn)
                self._threads.add(thread)
            thread.start()

    def _serve_connection(self, conn: socket.socket, address: Any) -> None:
        try:
            _Handler(conn, address, self)  # type: ignore[arg-type]  # the proxy is its server
        except Exception:  # a broken client connection ends only itself
            pass
        finally:
            with self._lock:
                self._conns.discard(conn)
                self._threads.discard(threading.current_thread())
            with contextlib.suppress(OSError):
                conn.close()

    def _begin(self, method: str, path: str, headers: dict[str, str]) -> ProxiedRequest:
        """Count and log a request, and decide its fault ("down", a kind, or None).

        Counters and the log are updated before the client can see any outcome, so a
        test may read them as soon as its call returns.
        """
        with self._lock:
            self.counts[method] += 1
            self._in_flight += 1
            fault = self._choose_fault(method, path)
            record = ProxiedRequest(method, path, headers, fault)
            self.log.append(record)
            if fault is not None:
                self.faults[fault] += 1
            return record

    def _choose_fault(self, method: str, path: str) -> str | None:
        if self._down:
            return "down"
        for rule in self._rules:
            if rule.matches(method, path):
                rule.remaining -= 1
                if rule.remaining == 0:
                    self._rules.remove(rule)
                return rule.kind
        eligible = self._rate_methods is None or method in self._rate_methods
        if self._rate > 0 and eligible and self._rng.random() < self._rate:
            return self._rng.choice(self._rate_kinds)
        return None

    def _forwarded(self, record: ProxiedRequest, status: int) -> None:
        with self._lock:
            record.upstream_status = status
            self.forwarded[record.method] += 1

    def _end(self) -> None:
        with self._idle:
            self._in_flight -= 1
            self._idle.notify_all()

    def _sleep(self, seconds: float) -> None:
        if self._stop.wait(seconds):
            raise _Stopped

    def _retry_after(self, kind: str) -> str:
        if kind == "503-date":
            return formatdate(math.ceil(time.time()) + self.retry_after, usegmt=True)
        return str(self.retry_after)


def _shutdown(conn: socket.socket) -> None:
    with contextlib.suppress(OSError):
        conn.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    """One client connection: parse each request, inject or forward, answer."""

    protocol_version = "HTTP/1.1"
    server: FaultProxy  # type: ignore[assignment]

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.idle_timeout)  # an idle keep-alive ends
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        if name.startswith("do_"):
            return self._proxy
        raise AttributeError(name)

    # -------------------------------------------------------------- one request

    def _proxy(self) -> None:
        proxy = self.server
        headers = {k.lower(): v for k, v in self.headers.items()}
        self._body_read = False  # one handler serves every request of a kept-alive connection
        self._stash: list[bytes] = []
        self._record = record = proxy._begin(self.command.upper(), self.path, headers)
        fault = record.fault
        try:
            if fault == "down":
                self._drop()
                return
            after = fault is not None and fault.endswith("-after")
            kind = fault.removesuffix("-after") if fault is not None else None
            if kind is not None and not after:
                for _ in self._body():  # read the request, so the answer is well-formed
                    pass
                if kind == "drop":
                    self._drop()
                elif kind == "slow":
                    proxy._sleep(proxy.slow_seconds)
                    self._forward(self._buffered_body_again())
                elif kind == "cut":
                    self._send_cut(200, "OK", b"<html>cut</html>")
                else:
                    self._send_fault(kind)
                return
            response, connection = self._forward_request()
            with contextlib.closing(connection):
                if kind is None:
                    self._relay(response)
                    return
                body = response.read()  # the server did it, the client will not know
                if kind == "drop":
                    self._drop()
                elif kind == "slow":
                    proxy._sleep(proxy.slow_seconds)
                    self._relay(response, body)
                elif kind == "cut":
                    self._send_cut(response.status, response.reason, body, response.getheaders())
                else:
                    self._send_fault(kind)
        except _Stopped:
            self._drop()
        except (OSError, http.client.HTTPException):
            self.close_connection = True
            if record.upstream_status is None and record.status is None:
                with contextlib.suppress(OSError, ValueError):
                    self._send_simple(502, "Bad Gateway", b"upstream unreachable\n")
        finally:
            proxy._end()

    # -------------------------------------------------------------- request body

    def _body(self) -> Iterator[bytes]:
        """The request body, read once from the client (de-chunked if chunked)."""
        if self._body_read:
            return
        self._body_read = True
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            total = 0
            while True:
                size_line = self.rfile.readline(1024)
                if not size_line:
                    raise ConnectionError("client closed mid-body")
                size = int(size_line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return
                data = self.rfile.read(size)
                self.rfile.readline(8)
                total += len(data)
                if total > _MAX_BUFFERED:
                    raise ConnectionError("chunked request body too large for FaultProxy")
                self._stash.append(data)
                yield data
        else:
            remaining = int(self.headers.get("Content-Length") or 0)
            while remaining > 0:
                data = self.rfile.read(min(_CHUNK, remaining))
                if not data:
                    raise ConnectionError("client closed mid-body")
                remaining -= len(data)
                self._stash.append(data)
                yield data

    def _buffered_body_again(self) -> bytes:
        return b"".join(self._stash)

    # -------------------------------------------------------------- forwarding

    def _upstream_headers(self, length: int | None) -> list[tuple[str, str]]:
        out = [(k, v) for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP]
        # Content-Length is set below; Expect: 100-continue was answered by the proxy.
        out = [(k, v) for k, v in out if k.lower() not in ("content-length", "expect")]
        if not any(k.lower() == "host" for k, _ in out):
            out.append(("Host", f"{self.server._up_host}:{self.server._up_port}"))
        if length is not None:
            out.append(("Content-Length", str(length)))
        return out

    def _open(self, length: int | None) -> http.client.HTTPConnection:
        proxy = self.server
        connection = http.client.HTTPConnection(
            proxy._up_host, proxy._up_port, timeout=proxy.upstream_timeout
        )
        connection.connect()
        assert connection.sock is not None
        # Headers and body go in separate writes: without this, Nagle + delayed ACK = 40 ms.
        connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        connection.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
        for key, value in self._upstream_headers(length):
            connection.putheader(key, value)
        connection.endheaders()
        return connection

    def _forward_request(self) -> tuple[http.client.HTTPResponse, http.client.HTTPConnection]:
        """Send this request upstream, streaming its body; return the response unread."""
        chunked = "chunked" in self.headers.get("Transfer-Encoding", "").lower()
        if chunked:
            data = b"".join(self._body())
            connection = self._open(len(data))
            if data:
                connection.send(data)
        else:
            length = int(self.headers.get("Content-Length") or 0)
            has_body = "Content-Length" in self.headers
            connection = self._open(length if has_body else None)
            for block in self._body():
                connection.send(block)
        response = connection.getresponse()
        self.server._forwarded(self._record, response.status)
        return response, connection

    def _forward(self, body: bytes) -> int:
        """Forward with an already read body, relay the answer; return its status."""
        has_body = "Content-Length" in self.headers or bool(body)
        connection = self._open(len(body) if has_body else None)
        with contextlib.closing(connection):
            if body:
                connection.send(body)
            response = connection.getresponse()
            self.server._forwarded(self._record, response.status)
            return self._relay(response)

    def _relay(self, response: http.client.HTTPResponse, body: bytes | None = None) -> int:
        """Send the upstream response to the client (streamed when its length is known)."""
        length_header = response.getheader("Content-Length")
        no_body = self.command == "HEAD" or response.status in (204, 304) or response.status < 200
        if body is None and not no_body and length_header is None:
            body = response.read(_MAX_BUFFERED)
        self._record.status = response.status
        self.send_response_only(response.status, response.reason)
        for key, value in response.getheaders():
            lower = key.lower()
            if lower in _HOP_BY_HOP or (lower == "content-length" and body is not None):
                continue
            self.send_header(key, value)
        if body is not None and not no_body:
            self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if no_body:
            return response.status
        if body is not None:
            self.wfile.write(body)
        else:
            while block := response.read(_CHUNK):
                self.wfile.write(block)
        return response.status

    # -------------------------------------------------------------- faults

    def _send_fault(self, kind: str) -> int:
        if kind == "silent":  # never a word: the client's deadline must end it
            self.server._sleep(3600.0)
            return 0
        if kind == "trickle":
            return self._trickle()
        status, reason, content_type, body = _RESPONSES["503" if kind == "503-date" else kind]
        extra = []
        if kind in ("503", "503-date", "429"):
            extra.append(("Retry-After", self.server._retry_after(kind)))
        return self._send_simple(status, reason, body, content_type, extra)

    def _send_simple(
        self,
        status: int,
        reason: str,
        body: bytes,
        content_type: str = "text/plain",
        extra: Iterable[tuple[str, str]] = (),
    ) -> int:
        self._record.status = status
        self.send_response_only(status, reason)
        self.send_header("Date", formatdate(usegmt=True))
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in extra:
            self.send_header(key, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return status

    def _trickle(self) -> int:
        """A 200 whose body comes one byte at a time, forever."""
        self._record.status = 200
        self.send_response_only(200, "OK")
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", "1000000")
        self.end_headers()
        while True:
            self.wfile.write(b".")
            self.wfile.flush()
            self.server._sleep(self.server.trickle_seconds)

    def _send_cut(
        self,
        status: int,
        reason: str,
        body: bytes,
        headers: Iterable[tuple[str, str]] = (),
    ) -> int:
        """``status`` with a Content-Length longer than the body sent, then closed."""
        self._record.status = status
        self.send_response_only(status, reason)
        for key, value in headers:
            if key.lower() not in _HOP_BY_HOP and key.lower() != "content-length":
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(body) + 100))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self._drop()
        return status

    def _drop(self) -> None:
        """Close the connection without a response."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.wfile.flush()
        _shutdown(self.connection)
