"""The WebDAV client against a real WebDAV server (wsgidav, tests/davserver.py) on loopback,
behind a real fault-injecting proxy (tests/faultproxy.py). No HTTP is mocked.

Statuses the WebDAV server cannot be made to send (403, 507, a redirect, a broken body)
come from :class:`StatusServer`, a real HTTP server on loopback answering what it is told.
Backoff is made tiny and ``sleep`` only records, so the suite stays fast while the delays
asked for (Retry-After) are checked.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from davserver import DavServer, start_dav_server, tree_etag
from faultproxy import FaultProxy

from vault_sync import credentials, i18n
from vault_sync.config import RemoteConfig
from vault_sync.credentials import Secret
from vault_sync.dav import client as dav_client
from vault_sync.dav import pool as dav_pool
from vault_sync.dav import shares
from vault_sync.dav.client import DavClient, run_parallel
from vault_sync.dav.retry import RetryPolicy, parse_retry_after
from vault_sync.errors import (
    AuthError,
    BadResponse,
    CertificateError,
    ConfigError,
    InsecureURL,
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
from vault_sync.i18n import publishing

ROOT = "vault-sync"
CYRILLIC = "Календари/ГМО Красноярск №1 (2021-2022) 100% #итоги?.ics"


class Sleeps(list[float]):
    """An injected ``sleep``: records the delays asked for, sleeps not at all."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[DavServer]:
    running = start_dav_server(tmp_path / "cloud")
    yield running
    running.stop()


@pytest.fixture
def proxy(server: DavServer) -> Iterator[FaultProxy]:
    running = FaultProxy(server.url, seed=1).start()
    yield running
    running.stop()


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


ClientFactory = Callable[..., DavClient]


@pytest.fixture
def make_client(server: DavServer, sleeps: Sleeps) -> Iterator[ClientFactory]:
    made: list[DavClient] = []

    def make(
        url: str | None = None,
        *,
        password: str | None = None,
        root: str = ROOT,
        attempts: int = 6,
        **options: Any,
    ) -> DavClient:
        options.setdefault("read_timeout", 10.0)
        options.setdefault("sleep", sleeps)
        client = DavClient(
            RemoteConfig(url or server.url, server.user, root),
            Secret(password if password is not None else server.password),
            retry=RetryPolicy(attempts=attempts, base=0.001, cap=0.004),
            **options,
        )
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def client(make_client: ClientFactory, proxy: FaultProxy) -> DavClient:
    """A client talking through the proxy, with the root folder and calendars/ made."""
    made = make_client(proxy.url)
    made.ensure_folders(["calendars"])
    proxy.reset_counts()
    return made


def on_disk(server: DavServer, path: str) -> Path:
    return server.root / ROOT / path


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- addresses ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["http://cloud.example.org", "http://10.0.0.5:8080", "http://192.168.1.2", "http://[fe80::1]"],
)
def test_plain_http_to_another_host_is_refused(url: str) -> None:
    with pytest.raises(InsecureURL) as caught:
        DavClient(RemoteConfig(url, "anna", ROOT), Secret("x"))
    assert caught.value.code == "remote.insecure_http"
    assert "https://" in i18n.render(caught.value.code, "ru", **caught.value.params)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8080", "http://127.1.2.3", "http://localhost:1", "http://[::1]:8"]
)
def test_plain_http_to_loopback_is_allowed(url: str) -> None:
    DavClient(RemoteConfig(url, "anna", ROOT), Secret("x")).close()


def test_password_in_the_url_is_refused() -> None:
    with pytest.raises(InsecureURL) as caught:
        DavClient(RemoteConfig("https://anna:hunter2@cloud.example.org", "anna", ROOT), Secret("x"))
    assert caught.value.code == "remote.url_credentials"
    assert "hunter2" not in str(caught.value) and "hunter2" not in repr(caught.value)


def test_other_schemes_are_refused() -> None:
    with pytest.raises(InsecureURL):
        DavClient(RemoteConfig("ftp://cloud.example.org", "anna", ROOT), Secret("x"))


def test_base_url_quotes_user_and_root() -> None:
    client = DavClient(
        RemoteConfig("https://cloud.example.org/nextcloud/", "анна.п@school", "/МО/ГМО 2021/"),
        Secret("x"),
    )
    assert client.base_url == (
        "https://cloud.example.org/nextcloud/remote.php/dav/files/"
        "%D0%B0%D0%BD%D0%BD%D0%B0.%D0%BF%40school/"
        "%D0%9C%D0%9E/%D0%93%D0%9C%D0%9E%202021/"
    )
    assert client.url_for("a b/в#?.ics").endswith("/a%20b/%D0%B2%23%3F.ics")
    with pytest.raises(ValueError):
        client.url_for("../escape.ics")
    with pytest.raises(ConfigError) as caught:
        DavClient(RemoteConfig("https://cloud.example.org", "anna", "a/../b"), Secret("x"))
    assert caught.value.code == "remote.bad_root"


# --- operations on the real server ---------------------------------------------------------


def test_put_get_stat_list_delete_round_trip(client: DavClient, server: DavServer) -> None:
    data = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    etag = client.put("calendars/gmo.ics", data, if_none_match=True, mtime=1_632_300_000)
    assert on_disk(server, "calendars/gmo.ics").read_bytes() == data
    assert client.get("calendars/gmo.ics") == data
    found = client.stat("calendars/gmo.ics")
    assert found is not None and found.etag == etag and found.size == len(data)
    assert client.list("calendars") == {"calendars/gmo.ics": etag}
    listed = client.list()  # folders end with "/", with an ETag of everything below them
    assert list(listed) == ["calendars/"] and listed["calendars/"] == client.list()["calendars/"]
    assert listed["calendars/"].strip('"') == tree_etag(server.root / ROOT / "calendars")
    newer = client.put("calendars/gmo.ics", data + b"X", if_match=etag)
    assert newer != etag
    client.delete("calendars/gmo.ics", if_match=newer)
    assert client.stat("calendars/gmo.ics") is None
    assert not on_disk(server, "calendars/gmo.ics").exists()


def test_put_sends_checksum_mtime_and_content_type(
    client: DavClient, proxy: FaultProxy, server: DavServer
) -> None:
    client.put("calendars/gmo.ics", b"BEGIN:VCALENDAR", mtime=1_632_300_000.7)
    client.put("Readme.md", "# Обзор".encode(), mtime=1_632_300_000)
    ics, md = proxy.requests("PUT")
    assert ics.headers["content-type"] == "text/calendar; charset=utf-8"
    assert md.headers["content-type"] == "text/markdown; charset=utf-8"
    assert ics.headers["oc-checksum"] == "SHA256:" + sha(b"BEGIN:VCALENDAR")
    assert ics.headers["x-oc-mtime"] == "1632300000"
    assert int(os.stat(on_disk(server, "calendars/gmo.ics")).st_mtime) == 1_632_300_000


def test_cyrillic_names_round_trip(client: DavClient, server: DavServer) -> None:
    folder = CYRILLIC.rsplit("/", 1)[0]
    client.ensure_folders([folder])
    data = "BEGIN:VCALENDAR\r\nSUMMARY:Заседание ГМО\r\n".encode()
    etag = client.put(CYRILLIC, data, if_none_match=True)
    assert on_disk(server, CYRILLIC).read_bytes() == data  # the very name, on the server's disk
    assert client.get(CYRILLIC) == data
    assert client.list(folder) == {CYRILLIC: etag}
    assert set(client.list()) == {"calendars/", "Календари/"}
    client.delete(CYRILLIC, if_match=etag)
    assert client.stat(CYRILLIC) is None


def test_ensure_folders_makes_parents_once(client: DavClient, proxy: FaultProxy) -> None:
    client.ensure_folders(["summaries/gmo/2021", "summaries/rmo", "calendars"])
    # root and calendars/ were made by the fixture and are remembered: not asked again
    made = [r.path for r in proxy.requests("MKCOL")]
    assert [p.split(f"/{ROOT}/", 1)[1] for p in made] == [
        "summaries/",
        "summaries/gmo/",
        "summaries/gmo/2021/",
        "summaries/rmo/",
    ]
    client.ensure_folders(["summaries/gmo/2021"])
    assert proxy.counts["MKCOL"] == 4


def test_ensure_folders_accepts_existing_ones(
    make_client: ClientFactory, server: DavServer
) -> None:
    (server.root / ROOT / "calendars").mkdir(parents=True)
    make_client().ensure_folders(["calendars/old"])  # 405 for the existing ones: fine
    assert (server.root / ROOT / "calendars" / "old").is_dir()


def test_mkcol_says_whether_it_made_the_folder(client: DavClient) -> None:
    assert client.mkcol("new") is True
    assert client.mkcol("new") is False


# --- every status, typed ----------------------------------------------------------------------


def test_wrong_password_is_auth_error_without_retries(
    make_client: ClientFactory, proxy: FaultProxy, sleeps: Sleeps
) -> None:
    client = make_client(proxy.url, password="wrong-password-4711")
    with pytest.raises(AuthError) as caught:
        client.put("calendars/gmo.ics", b"x", if_none_match=True)
    assert caught.value.status == 401 and caught.value.code == "remote.auth"
    assert sum(proxy.counts.values()) == 1 and sleeps == []
    assert "пароль приложения" in i18n.render("remote.auth", "ru", **caught.value.params)
    assert "wrong-password-4711" not in str(caught.value) + repr(caught.value)


def test_missing_file_is_not_found(client: DavClient, sleeps: Sleeps) -> None:
    with pytest.raises(NotFound) as caught:
        client.get("calendars/nope.ics")
    assert (caught.value.status, caught.value.method) == (404, "GET")
    assert caught.value.path == f"{ROOT}/calendars/nope.ics" and sleeps == []
    with pytest.raises(NotFound):
        client.list("no-such-folder")
    with pytest.raises(NotFound):
        client.delete("calendars/nope.ics")


def test_missing_parent_folder_is_parent_missing(client: DavClient, sleeps: Sleeps) -> None:
    with pytest.raises(ParentMissing) as caught:
        client.put("no-folder/gmo.ics", b"x", if_none_match=True)
    assert caught.value.status == 409 and sleeps == []


def test_concurrent_edit_is_precondition_failed(
    client: DavClient, server: DavServer, sleeps: Sleeps
) -> None:
    etag = client.put("calendars/gmo.ics", b"ours", if_none_match=True)
    # someone edits the file in Nextcloud (here: another WebDAV client)
    other = requests.put(
        server.file_url(f"{ROOT}/calendars/gmo.ics"), data=b"theirs", auth=server.auth, timeout=10
    )
    assert other.status_code in (200, 204)
    with pytest.raises(PreconditionFailed) as caught:
        client.put("calendars/gmo.ics", b"ours, updated", if_match=etag)
    assert caught.value.status == 412 and sleeps == []
    assert on_disk(server, "calendars/gmo.ics").read_bytes() == b"theirs"  # kept
    with pytest.raises(PreconditionFailed):
        client.put("calendars/gmo.ics", b"ours again", if_none_match=True)
    with pytest.raises(PreconditionFailed):
        client.delete("calendars/gmo.ics", if_match=etag)
    assert on_disk(server, "calendars/gmo.ics").read_bytes() == b"theirs"


def test_deleted_on_the_server_is_precondition_failed(client: DavClient, server: DavServer) -> None:
    etag = client.put("calendars/gmo.ics", b"ours", if_none_match=True)
    on_disk(server, "calendars/gmo.ics").unlink()
    with pytest.raises(PreconditionFailed):
        client.put("calendars/gmo.ics", b"ours, updated", if_match=etag)
    assert not on_disk(server, "calendars/gmo.ics").exists()  # not silently re-created


class StatusServer:
    """A real HTTP server on loopback that answers each request with the next planned reply."""

    def __init__(self) -> None:
        self.replies: list[tuple[int, dict[str, str], bytes]] = []
        self.seen: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def handle_one_request(self) -> None:
                super().handle_one_request()

            def __getattr__(self, name: str) -> Any:
                if name.startswith("do_"):
                    return self.reply
                raise AttributeError(name)

            def reply(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                outer.seen.append(self.command)
                status, headers, body = outer.replies.pop(0) if outer.replies else (200, {}, b"")
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def status_server() -> Iterator[StatusServer]:
    running = StatusServer()
    yield running
    running.stop()


@pytest.mark.parametrize(
    ("status", "error", "code", "retried"),
    [
        (401, AuthError, "remote.auth", False),
        (403, AuthError, "remote.forbidden", False),
        (404, NotFound, "remote.not_found", False),
        (409, ParentMissing, "remote.parent_missing", False),
        (412, PreconditionFailed, "remote.conflict", False),
        (423, Locked, "remote.locked", True),
        (429, TooManyRequests, "remote.too_many_requests", True),
        (500, ServerError, "remote.server_error", True),
        (502, ServerError, "remote.server_error", True),
        (503, ServerError, "remote.server_error", True),
        (504, ServerError, "remote.server_error", True),
        (507, InsufficientStorage, "remote.no_space", False),
        (302, RemoteError, "remote.redirected", False),
        (400, RemoteError, "remote.unexpected", False),
    ],
)
def test_status_mapping(
    status_server: StatusServer,
    make_client: ClientFactory,
    sleeps: Sleeps,
    status: int,
    error: type[RemoteError],
    code: str,
    retried: bool,
) -> None:
    headers = {"Location": "https://login.example.org/login?token=abc"} if status == 302 else {}
    status_server.replies = [(status, headers, b"no")] * 3
    client = make_client(status_server.url, attempts=3)
    with pytest.raises(error) as caught:  # through the one request function
        client.request("PUT", "calendars/gmo.ics", data=b"data", expected=(201, 204))
    assert type(caught.value) is error
    assert (caught.value.code, caught.value.status, caught.value.method) == (code, status, "PUT")
    assert caught.value.path == f"{ROOT}/calendars/gmo.ics"
    assert status_server.seen.count("PUT") == (3 if retried else 1)
    assert len(sleeps) == (2 if retried else 0)
    for lang in i18n.LANGS:  # every message renders with what the error carries
        text = i18n.render(caught.value.code, lang, **caught.value.params)
        assert "{" not in text and code not in text
    if status == 302:
        assert caught.value.params["location"] == "https://login.example.org/login"


def test_post_is_not_retried(
    status_server: StatusServer, make_client: ClientFactory, sleeps: Sleeps
) -> None:
    status_server.replies = [(503, {}, b"")]
    with pytest.raises(ServerError):
        make_client(status_server.url).request("POST", "x", data=b"a=1")
    assert status_server.seen == ["POST"] and sleeps == []


def test_unreadable_multistatus_is_bad_response(
    status_server: StatusServer, make_client: ClientFactory
) -> None:
    status_server.replies = [(207, {"Content-Type": "application/xml"}, b"<html>oops")]
    with pytest.raises(BadResponse):
        make_client(status_server.url).stat("calendars/gmo.ics")


def test_tls_failure_is_certificate_error_not_retried(
    status_server: StatusServer, make_client: ClientFactory, sleeps: Sleeps
) -> None:
    # https to a plain-http port: the TLS handshake fails, as with an untrusted certificate.
    client = make_client(status_server.url.replace("http://", "https://"))
    with pytest.raises(CertificateError) as caught:
        client.stat("calendars/gmo.ics")
    assert caught.value.code == "remote.tls" and sleeps == []


def multistatus(*responses: tuple[str, str, str]) -> bytes:
    """A PROPFIND answer as Nextcloud writes it: (href, getetag, extra props) per response."""
    parts = [
        f"<d:response><d:href>{href}</d:href><d:propstat><d:prop>"
        f"<d:getetag>{etag}</d:getetag>{extra}</d:prop>"
        "<d:status>HTTP/1.1 200 OK</d:status></d:propstat>"
        "<d:propstat><d:prop><x:nope/></d:prop>"
        "<d:status>HTTP/1.1 404 Not Found</d:status></d:propstat></d:response>"
        for href, etag, extra in responses
    ]
    return (
        '<?xml version="1.0"?>\n<d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns"'
        ' xmlns:oc="http://owncloud.org/ns" xmlns:x="urn:x">' + "".join(parts) + "</d:multistatus>"
    ).encode()


FOLDER = "<d:resourcetype><d:collection/></d:resourcetype>"


def test_list_reads_nextcloud_hrefs(
    status_server: StatusServer, make_client: ClientFactory
) -> None:
    base = "/remote.php/dav/files/anna/vault-sync/calendars/"
    status_server.replies = [
        (
            207,
            {"Content-Type": "application/xml; charset=utf-8"},
            multistatus(
                (base, '"f0"', FOLDER),
                (
                    base + "%d0%b3%d0%bc%d0%be%20%e2%84%961.ics",
                    '"e1"',
                    "<d:getcontentlength>5</d:getcontentlength>",
                ),
                (status_server.url + base + "old/", '"f1"', FOLDER),  # a full URL, too
                ("/remote.php/dav/files/anna/elsewhere.ics", '"zz"', ""),  # not under the root
            ),
        )
    ]
    listed = make_client(status_server.url).list("calendars")
    assert listed == {"calendars/гмо №1.ics": '"e1"', "calendars/old/": '"f1"'}


def test_put_without_etag_in_the_answer_asks_for_it(
    status_server: StatusServer, make_client: ClientFactory
) -> None:
    href = "/remote.php/dav/files/anna/vault-sync/calendars/gmo.ics"
    status_server.replies = [
        (201, {}, b""),
        (207, {"Content-Type": "application/xml"}, multistatus((href, '"new"', ""))),
    ]
    client = make_client(status_server.url)
    assert client.put("calendars/gmo.ics", b"data", if_none_match=True) == '"new"'
    assert status_server.seen == ["PUT", "PROPFIND"]


def test_lost_answer_is_recognised_by_the_servers_checksum(
    status_server: StatusServer, make_client: ClientFactory, sleeps: Sleeps
) -> None:
    # Nextcloud keeps the OC-Checksum we send and shows it in oc:checksums: no download needed.
    href = "/remote.php/dav/files/anna/vault-sync/calendars/gmo.ics"
    checksum = f"<oc:checksums><oc:checksum>SHA1:ab SHA256:{sha(b'v2').upper()}</oc:checksum>"
    status_server.replies = [
        (503, {}, b""),  # the server wrote, the gateway said 503
        (207, {}, multistatus((href, '"after"', checksum + "</oc:checksums>"))),
    ]
    client = make_client(status_server.url)
    assert client.put("calendars/gmo.ics", b"v2", if_match='"before"') == '"after"'
    assert status_server.seen == ["PUT", "PROPFIND"] and len(sleeps) == 1


# --- retries ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["503", "423", "429", "500", "502", "drop"])
def test_put_retries_through_faults(
    client: DavClient, proxy: FaultProxy, server: DavServer, sleeps: Sleeps, kind: str
) -> None:
    proxy.fail_next(kind, 2, methods="PUT")
    etag = client.put("calendars/gmo.ics", b"data", if_none_match=True)
    assert on_disk(server, "calendars/gmo.ics").read_bytes() == b"data"
    assert client.stat("calendars/gmo.ics") == (etag, 4)
    assert len(sleeps) == 2
    assert proxy.forwarded["PUT"] == 1  # the faults happened before the server
    if kind in ("503", "429"):  # Retry-After: 1 is honoured, never less
        assert all(delay >= 1.0 for delay in sleeps)
    else:
        assert all(delay <= 0.004 for delay in sleeps)  # tiny backoff: capped, jittered


@pytest.mark.parametrize("kind", ["503", "423", "429", "500", "drop"])
def test_reads_and_mkcol_retry_through_faults(
    client: DavClient, proxy: FaultProxy, sleeps: Sleeps, kind: str
) -> None:
    client.put("calendars/gmo.ics", b"data", if_none_match=True)
    for method in ("GET", "PROPFIND", "MKCOL", "DELETE"):
        proxy.fail_next(kind, 1, methods=method)
    assert client.get("calendars/gmo.ics") == b"data"
    assert client.stat("calendars/gmo.ics") is not None
    assert client.mkcol("more") is True
    client.delete("calendars/gmo.ics")
    assert len(sleeps) == 4 and proxy.pending_faults() == 0


def test_retry_after_as_http_date_is_honoured(
    client: DavClient, proxy: FaultProxy, sleeps: Sleeps
) -> None:
    proxy.retry_after = 2
    proxy.fail_next("503-date", 1, methods="PUT")
    client.put("calendars/gmo.ics", b"data", if_none_match=True)
    assert len(sleeps) == 1 and 1.0 <= sleeps[0] <= 3.0


def test_too_long_retry_after_is_not_waited_for(
    make_client: ClientFactory, proxy: FaultProxy, sleeps: Sleeps
) -> None:
    client = make_client(proxy.url)
    client.retry = RetryPolicy(attempts=6, base=0.001, cap=0.004, max_retry_after=5)
    proxy.retry_after = 3600
    proxy.fail_next("429", 1)
    with pytest.raises(TooManyRequests) as caught:
        client.stat("")
    assert caught.value.retry_after == 3600 and sleeps == []


def test_gives_up_after_the_attempts(
    make_client: ClientFactory, proxy: FaultProxy, sleeps: Sleeps
) -> None:
    client = make_client(proxy.url, attempts=4)
    proxy.fail_next("500", 10)
    with pytest.raises(ServerError) as caught:
        client.stat("")
    assert caught.value.status == 500
    assert proxy.counts["PROPFIND"] == 4 and len(sleeps) == 3


def test_server_down_is_unreachable(
    make_client: ClientFactory, proxy: FaultProxy, sleeps: Sleeps
) -> None:
    client = make_client(proxy.url, attempts=3)
    proxy.set_down(True)
    with pytest.raises(Unreachable) as caught:
        client.put("calendars/gmo.ics", b"data", if_none_match=True)
    assert caught.value.status is None and caught.value.code == "remote.unreachable"
    assert caught.value.params["reason"] == "remote.reason.refused"
    assert len(sleeps) == 2
    assert "недоступен" in i18n.render("remote.unreachable", "ru", **caught.value.params)


def test_nothing_listening_is_unreachable(make_client: ClientFactory, sleeps: Sleeps) -> None:
    client = make_client("http://127.0.0.1:9", attempts=2)  # discard port: nothing there
    with pytest.raises(Unreachable):
        client.list()
    assert len(sleeps) == 1


def test_timeout_is_unreachable_and_retried(
    make_client: ClientFactory, proxy: FaultProxy, sleeps: Sleeps
) -> None:
    client = make_client(proxy.url, attempts=2, read_timeout=0.2)
    proxy.slow_seconds = 0.6
    proxy.fail_next("slow", 2)
    with pytest.raises(Unreachable) as caught:
        client.get("calendars/gmo.ics")
    assert caught.value.code == "remote.timeout" and len(sleeps) == 1
    proxy.wait_idle()


def test_backoff_is_exponential_capped_full_jitter() -> None:
    policy = RetryPolicy()
    assert (policy.attempts, policy.base, policy.factor, policy.cap) == (6, 0.5, 2.0, 30.0)
    big = RetryPolicy(attempts=20)
    assert [big.delay(n, None, lambda: 1.0) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 4.0]
    assert big.delay(12, None, lambda: 1.0) == 30.0
    assert big.delay(3, None, lambda: 0.0) == 0.0
    assert big.delay(3, 7.5, lambda: 0.5) == 7.5  # never less than Retry-After
    assert big.delay(3, 500.0, lambda: 0.5) is None  # longer than max_retry_after: give up
    assert policy.delay(6, None, lambda: 1.0) is None  # the last attempt


def test_parse_retry_after() -> None:
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412490.0) == 0.0


# --- a lost answer is not a conflict, and nothing is written twice ---------------------------


@pytest.mark.parametrize("kind", ["drop-after", "503-after", "500-after", "502-after"])
def test_lost_answer_on_create_is_not_a_conflict(
    client: DavClient, proxy: FaultProxy, server: DavServer, kind: str
) -> None:
    proxy.fail_next(kind, 1, methods="PUT")
    etag = client.put("calendars/gmo.ics", b"ours", if_none_match=True)
    assert on_disk(server, "calendars/gmo.ics").read_bytes() == b"ours"
    assert client.stat("calendars/gmo.ics") == (etag, 4)
    assert proxy.forwarded["PUT"] == 1  # written once: the retry looked before sending


@pytest.mark.parametrize("kind", ["drop-after", "503-after"])
def test_lost_answer_on_update_is_not_a_conflict(
    client: DavClient, proxy: FaultProxy, server: DavServer, kind: str
) -> None:
    first = client.put("calendars/gmo.ics", b"version 1", if_none_match=True)
    proxy.reset_counts()
    proxy.fail_next(kind, 1, methods="PUT")
    etag = client.put("calendars/gmo.ics", b"version 2", if_match=first)
    assert etag != first
    assert on_disk(server, "calendars/gmo.ics").read_bytes() == b"version 2"
    assert client.stat("calendars/gmo.ics") == (etag, 9)
    assert proxy.forwarded["PUT"] == 1
    assert proxy.counts["GET"] == 1  # the server keeps no checksum: the content was compared


def test_lost_answer_then_someone_else_edits_is_a_conflict(
    client: DavClient, proxy: FaultProxy, server: DavServer, sleeps: Sleeps
) -> None:
    first = client.put("calendars/gmo.ics", b"version 1", if_none_match=True)
    proxy.fail_next("drop", 1, methods="PUT")  # our PUT never arrives ...
    proxy.fail_next("500", 1, methods="PROPFIND")  # ... and the server stumbles once
    done = threading.Event()

    def someone_else_edits(_seconds: float) -> None:
        sleeps.append(_seconds)
        if not done.is_set():
            on_disk(server, "calendars/gmo.ics").write_bytes(b"theirs")
            done.set()

    client._sleep = someone_else_edits
    with pytest.raises(PreconditionFailed):
        client.put("calendars/gmo.ics", b"version 2", if_match=first)
    assert on_disk(server, "calendars/gmo.ics").read_bytes() == b"theirs"


def test_lost_answer_on_the_retry_when_the_first_write_landed_late(
    client: DavClient, proxy: FaultProxy, server: DavServer
) -> None:
    # The first PUT times out in the proxy and reaches the server only later; the retry
    # must end with our content there and no conflict, whatever the order.
    client.timeout = (10.0, 0.2)
    proxy.slow_seconds = 0.5
    first = client.put("calendars/gmo.ics", b"version 1", if_none_match=True)
    proxy.fail_next("slow", 1, methods="PUT")
    etag = client.put("calendars/gmo.ics", b"version 2", if_match=first)
    proxy.wait_idle()
    assert on_disk(server, "calendars/gmo.ics").read_bytes() == b"version 2"
    assert client.stat("calendars/gmo.ics") == (etag, 9)


def test_lost_answer_on_delete_is_success(
    client: DavClient, proxy: FaultProxy, server: DavServer
) -> None:
    etag = client.put("calendars/gmo.ics", b"ours", if_none_match=True)
    proxy.fail_next("drop-after", 1, methods="DELETE")
    client.delete("calendars/gmo.ics", if_match=etag)
    assert not on_disk(server, "calendars/gmo.ics").exists()
    assert proxy.forwarded["DELETE"] == 1


def test_lost_answer_on_mkcol_is_success(client: DavClient, proxy: FaultProxy) -> None:
    proxy.fail_next("drop-after", 1, methods="MKCOL")
    client.ensure_folders(["summaries"])
    assert set(client.list()) == {"calendars/", "summaries/"}


# --- parallel uploads ------------------------------------------------------------------------


def test_parallel_uploads_through_faults(
    make_client: ClientFactory, proxy: FaultProxy, server: DavServer
) -> None:
    client = make_client(proxy.url, workers=4, attempts=12)  # 0.3**12 * 24: never gives up
    client.ensure_folders(["calendars"])
    proxy.fault_rate(0.3, ["503", "423", "drop", "drop-after", "503-after"], methods="PUT")
    running = 0
    most = 0
    lock = threading.Lock()

    def upload(n: int) -> str:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        try:
            return client.put(f"calendars/{n:02}.ics", b"x" * n, if_none_match=True)
        finally:
            with lock:
                running -= 1

    seen: list[int] = []
    results = client.run_parallel(
        [partial(upload, n) for n in range(24)], on_done=lambda i, _: seen.append(i)
    )
    assert sorted(seen) == list(range(24)) and most <= 4
    assert all(isinstance(r, str) for r in results)
    for n in range(24):
        assert on_disk(server, f"calendars/{n:02}.ics").read_bytes() == b"x" * n
        assert client.stat(f"calendars/{n:02}.ics") == (results[n], n)
    assert proxy.forwarded["PUT"] == 24  # every file written exactly once


def test_parallel_job_errors_are_results_but_auth_stops_the_run() -> None:
    def conflict() -> str:
        raise PreconditionFailed("remote.conflict", method="PUT", path="a", status=412)

    out = run_parallel([lambda: "a", conflict, lambda: "c"], workers=2)
    assert out[0] == "a" and isinstance(out[1], PreconditionFailed) and out[2] == "c"

    started: list[int] = []

    def job(n: int) -> int:
        started.append(n)
        if n == 0:
            raise AuthError("remote.auth", method="PUT", path="x", status=401)
        time.sleep(0.01)
        return n

    abort = threading.Event()
    with pytest.raises(AuthError):
        run_parallel([partial(job, n) for n in range(50)], workers=2, abort=abort)
    assert abort.is_set() and len(started) < 50


def test_a_run_ending_error_stops_the_other_workers_retrying(
    make_client: ClientFactory, proxy: FaultProxy
) -> None:
    client = make_client(proxy.url, attempts=1000, sleep=lambda _s: time.sleep(0.01))
    proxy.fail_next("503", 1000, methods="GET")

    def wrong_password() -> None:
        time.sleep(0.1)
        raise AuthError("remote.auth", method="PUT", path="x", status=401)

    started = time.monotonic()
    with pytest.raises(AuthError):
        client.run_parallel([lambda: client.get("a.ics"), wrong_password])
    assert time.monotonic() - started < 5 and proxy.counts["GET"] < 200
    assert not client.abort.is_set()  # the next run retries again


# --- public links (OCS, against the FAKE share API of tests/davserver.py) -----------------------


def test_public_link_is_created_once_and_reused(
    client: DavClient, proxy: FaultProxy, server: DavServer
) -> None:
    client.put("calendars/gmo.ics", b"BEGIN:VCALENDAR", if_none_match=True)
    link = shares.public_link(client, "calendars/gmo.ics")
    assert re.fullmatch(re.escape(proxy.url) + r"/s/\w{15}", link)
    assert shares.public_link(client, "calendars/gmo.ics") == link
    assert proxy.counts["POST"] == 1 and len(server.shares) == 1
    share = server.shares[0]
    assert (share["share_type"], share["permissions"]) == (3, 1)
    assert share["path"] == f"/{ROOT}/calendars/gmo.ics"
    feed = requests.get(shares.download_url(link), timeout=10)
    assert feed.status_code == 200 and feed.content == b"BEGIN:VCALENDAR"


def test_public_link_of_a_cyrillic_name(client: DavClient, server: DavServer) -> None:
    client.ensure_folders([CYRILLIC.rsplit("/", 1)[0]])
    client.put(CYRILLIC, b"BEGIN:VCALENDAR", if_none_match=True)
    link = shares.public_link(client, CYRILLIC)
    assert server.shares[0]["path"] == f"/{ROOT}/{CYRILLIC}"
    assert requests.get(shares.download_url(link), timeout=10).content == b"BEGIN:VCALENDAR"


def test_password_protected_link_is_not_reused(client: DavClient, server: DavServer) -> None:
    client.put("calendars/gmo.ics", b"BEGIN:VCALENDAR", if_none_match=True)
    first = shares.public_link(client, "calendars/gmo.ics")
    server.shares[0]["password"] = "$2y$10$hash"  # someone protected it: calendars cannot read
    second = shares.public_link(client, "calendars/gmo.ics")
    assert second != first and len(server.shares) == 2


def test_public_link_of_a_missing_file_is_not_found(client: DavClient) -> None:
    with pytest.raises(NotFound):
        shares.public_link(client, "calendars/nope.ics")


def test_lost_answer_to_share_creation_makes_no_second_link(
    client: DavClient, proxy: FaultProxy, server: DavServer
) -> None:
    client.put("calendars/gmo.ics", b"BEGIN:VCALENDAR", if_none_match=True)
    proxy.fail_next("drop-after", 1, methods="POST")
    link = shares.public_link(client, "calendars/gmo.ics")
    assert len(server.shares) == 1 and link == server.shares[0]["url"]
    assert proxy.forwarded["POST"] == 1


def test_public_link_with_wrong_password_is_auth_error(
    make_client: ClientFactory, server: DavServer, sleeps: Sleeps
) -> None:
    good = make_client()
    good.ensure_folders(["calendars"])
    good.put("calendars/gmo.ics", b"x", if_none_match=True)
    with pytest.raises(AuthError):
        shares.public_link(make_client(password="nope"), "calendars/gmo.ics")
    assert sleeps == []


# --- the password shows nowhere --------------------------------------------------------------


def test_password_never_in_errors_or_logs(
    make_client: ClientFactory,
    proxy: FaultProxy,
    server: DavServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # urllib3 and requests too
    secret = server.password
    encoded = base64.b64encode(f"{server.user}:{secret}".encode()).decode()
    client = make_client(proxy.url, attempts=2)
    errors: list[BaseException] = []
    client.ensure_folders(["calendars"])
    etag = client.put("calendars/gmo.ics", b"x", if_none_match=True)
    shares.public_link(client, "calendars/gmo.ics")

    def server_failing() -> object:
        proxy.fail_next("500", 5)
        return client.stat("calendars/gmo.ics")

    def server_down() -> None:
        proxy.set_down(True)
        client.delete("calendars/gmo.ics", if_match=etag)

    for run in (
        lambda: client.get("calendars/nope.ics"),
        lambda: client.put("calendars/gmo.ics", b"y", if_none_match=True),
        lambda: client.put("nope/gmo.ics", b"y"),
        server_failing,
        server_down,
        lambda: make_client(server.url, password=secret + "x").get("calendars/gmo.ics"),
    ):
        with pytest.raises(RemoteError) as caught:
            run()
        errors.append(caught.value)
    proxy.set_down(False)
    shown = [caplog.text, repr(client), repr(client._session.auth), repr(vars(client))]
    for error in errors:
        assert isinstance(error, RemoteError)
        shown += [str(error), repr(error), repr(error.args), repr(error.params)]
        shown += [i18n.render(error.code, lang, **error.params) for lang in i18n.LANGS]
    for text in shown:
        assert secret not in text and encoded not in text


def test_one_debug_line_per_request(client: DavClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="vault_sync.dav.client")
    client.put("calendars/gmo.ics", b"x", if_none_match=True)
    client.stat("calendars/gmo.ics")
    lines = [r.getMessage() for r in caplog.records if r.name == "vault_sync.dav.client"]
    assert len(lines) == 2
    assert re.fullmatch(rf"PUT {ROOT}/calendars/gmo\.ics 201 \d+ ms", lines[0])
    assert re.fullmatch(rf"PROPFIND {ROOT}/calendars/gmo\.ics 207 \d+ ms", lines[1])


# --- messages ---------------------------------------------------------------------------------


def test_every_error_code_has_both_languages() -> None:
    sources = [
        Path(m.__file__).read_text(encoding="utf-8")  # type: ignore[arg-type]
        for m in (dav_client, shares, credentials)
    ]
    codes = set()
    for source in sources:
        codes |= set(re.findall(r'"((?:remote|credentials)\.[a-z_.]+)"', source))
    assert codes and codes <= set(publishing.MESSAGES)
    for code, texts in publishing.MESSAGES.items():
        assert set(texts) == {"ru", "en"}, code
        assert re.search("[а-я]", texts["ru"]), code


def test_run_parallel_keeps_only_a_few_jobs_submitted_ahead(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Waiting on every submitted future per completion is O(n) a job (a 10,000-file push
    ran at 86 files/s): only a small window of jobs may be submitted ahead."""
    import concurrent.futures
    import threading as _threading

    outstanding = 0
    most = 0
    lock = _threading.Lock()

    class CountingPool(concurrent.futures.ThreadPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
            nonlocal outstanding, most
            with lock:
                outstanding += 1
                most = max(most, outstanding)
            future = super().submit(fn, *args, **kwargs)

            def finished(_: object) -> None:
                nonlocal outstanding
                with lock:
                    outstanding -= 1

            future.add_done_callback(finished)
            return future

    monkeypatch.setattr(dav_pool, "ThreadPoolExecutor", CountingPool)
    results = dav_client.run_parallel([lambda n=n: n * 2 for n in range(500)], workers=4)
    assert results == [n * 2 for n in range(500)]
    assert most <= 8  # two per worker, not 500
