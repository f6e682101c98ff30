"""The test harness for `push`: the loopback WebDAV server, its OCS FAKE, the fault proxy.

Plain `requests` against the real servers; nothing mocked. Everything on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
import requests
from davserver import DavServer, iter_files, share_token, start_dav_server
from faultproxy import KINDS, FaultProxy

DAV = "{DAV:}"
OCS = {"OCS-APIRequest": "true"}


@pytest.fixture
def dav(tmp_path: Path) -> Iterator[DavServer]:
    server = start_dav_server(tmp_path / "cloud")
    yield server
    server.stop()


@pytest.fixture
def proxy(dav: DavServer) -> Iterator[FaultProxy]:
    fault_proxy = FaultProxy(dav.url, seed=7, slow_seconds=0.6).start()
    yield fault_proxy
    fault_proxy.stop()


@pytest.fixture
def http(dav: DavServer) -> Iterator[requests.Session]:
    session = requests.Session()
    session.auth = dav.auth
    yield session
    session.close()


def via(proxy: FaultProxy, dav: DavServer, relative: str = "") -> str:
    """The URL of a path under the user's root, through the proxy."""
    return proxy.url + dav.file_url(relative)[len(dav.url) :]


def propfind(
    session: requests.Session, url: str, depth: str = "0"
) -> dict[str, dict[str, str | None]]:
    """href -> {property: text} of a PROPFIND answer."""
    response = session.request("PROPFIND", url, headers={"Depth": depth})
    assert response.status_code == 207, response.text
    out: dict[str, dict[str, str | None]] = {}
    for item in ET.fromstring(response.content).iter(f"{DAV}response"):
        href = item.findtext(f"{DAV}href") or ""
        props = {}
        for prop in item.iter(f"{DAV}prop"):
            for child in prop:
                props[child.tag.removeprefix(DAV)] = child.text
        out[href] = props
    return out


# ----------------------------------------------------------------------------- WebDAV


def test_mkcol_put_get_propfind_delete(dav: DavServer, http: requests.Session) -> None:
    assert http.request("MKCOL", dav.file_url("vault-sync")).status_code == 201
    assert http.request("MKCOL", dav.file_url("vault-sync")).status_code == 405
    assert http.request("MKCOL", dav.file_url("no/such/parent")).status_code == 409
    assert http.put(dav.file_url("missing-folder/a.ics"), data=b"x").status_code == 409

    url = dav.file_url("vault-sync/Протокол №2.md")
    created = http.put(url, data="# Протокол\n".encode())
    assert created.status_code == 201
    assert (dav.root / "vault-sync" / "Протокол №2.md").read_text(encoding="utf-8") == (
        "# Протокол\n"
    )
    assert http.put(url, data=b"changed").status_code == 204
    got = http.get(url)
    assert (got.status_code, got.content) == (200, b"changed")

    folder = propfind(http, dav.file_url("vault-sync"), depth="1")
    assert len(folder) == 2
    assert list(iter_files(dav.root)) == ["vault-sync/Протокол №2.md"]
    (file_props,) = [p for href, p in folder.items() if href.endswith(".md")]
    assert file_props["getcontentlength"] == "7"

    assert http.delete(url).status_code == 204
    assert http.get(url).status_code == 404
    assert list(iter_files(dav.root)) == []


def test_put_etag_is_propfinds_getetag_and_follows_the_content(
    dav: DavServer, http: requests.Session
) -> None:
    url = dav.file_url("feed.ics")
    first = http.put(url, data=b"AAAA").headers["ETag"]
    assert first.startswith('"') and first.endswith('"')
    assert propfind(http, url)[dav.file_url("feed.ics")[len(dav.url) :]]["getetag"] == first
    # Same size, same second: wsgidav's own ETag (inode-mtime-size) would not change.
    second = http.put(url, data=b"BBBB").headers["ETag"]
    assert second != first
    listed = propfind(http, dav.files_url(), depth="1")
    assert [p["getetag"] for h, p in listed.items() if h.endswith("feed.ics")] == [second]
    assert http.get(url).headers["ETag"] == second


def test_x_oc_mtime_is_honoured_and_keeps_the_etag(dav: DavServer, http: requests.Session) -> None:
    url = dav.file_url("feed.ics")
    response = http.put(url, data=b"X", headers={"X-OC-Mtime": "1000000000"})
    assert response.headers["X-OC-MTime"] == "accepted"
    assert response.headers["OC-ETag"] == response.headers["ETag"]
    assert (dav.root / "feed.ics").stat().st_mtime == 1000000000
    props = propfind(http, url)[dav.file_url("feed.ics")[len(dav.url) :]]
    assert props["getetag"] == response.headers["ETag"]
    assert props["getlastmodified"] == "Sun, 09 Sep 2001 01:46:40 GMT"


def test_if_none_match_star_creates_only(dav: DavServer, http: requests.Session) -> None:
    url = dav.file_url("new.ics")
    assert http.put(url, data=b"one", headers={"If-None-Match": "*"}).status_code == 201
    assert http.put(url, data=b"two", headers={"If-None-Match": "*"}).status_code == 412
    assert (dav.root / "new.ics").read_bytes() == b"one"


def test_if_match_guards_put_and_delete(dav: DavServer, http: requests.Session) -> None:
    url = dav.file_url("feed.ics")
    etag = http.put(url, data=b"mine").headers["ETag"]
    (dav.root / "feed.ics").write_bytes(b"edited on the server")
    assert http.put(url, data=b"mine 2", headers={"If-Match": etag}).status_code == 412
    assert (dav.root / "feed.ics").read_bytes() == b"edited on the server"
    assert http.delete(url, headers={"If-Match": etag}).status_code == 412

    current = http.get(url).headers["ETag"]
    updated = http.put(url, data=b"mine 2", headers={"If-Match": current})
    assert updated.status_code == 204 and updated.headers["ETag"] != current
    assert http.delete(url, headers={"If-Match": updated.headers["ETag"]}).status_code == 204
    assert not (dav.root / "feed.ics").exists()


def test_if_match_on_a_missing_file_fails(dav: DavServer, http: requests.Session) -> None:
    # wsgidav alone would create the file; Nextcloud and RFC 9110 say 412.
    url = dav.file_url("gone.ics")
    assert http.put(url, data=b"x", headers={"If-Match": '"abc"'}).status_code == 412
    assert http.put(url, data=b"x", headers={"If-Match": "*"}).status_code == 412
    assert http.delete(url, headers={"If-Match": '"abc"'}).status_code == 412
    assert not (dav.root / "gone.ics").exists()
    stranger = requests.put(url, data=b"x", headers={"If-Match": "*"}, auth=("anna", "x"))
    assert stranger.status_code == 401  # authentication first, as Nextcloud


def test_basic_auth_is_required(dav: DavServer) -> None:
    assert requests.get(dav.files_url()).status_code == 401
    wrong = requests.request("PROPFIND", dav.files_url(), auth=(dav.user, "wrong"))
    assert wrong.status_code == 401 and wrong.headers["WWW-Authenticate"].startswith("Basic")
    ok = requests.request(
        "PROPFIND", dav.files_url(), auth=dav.auth, headers={"Depth": "0"}, timeout=5
    )
    assert ok.status_code == 207


# ----------------------------------------------------------------------------- OCS FAKE


def test_ocs_fake_creates_lists_and_serves_a_public_link(
    dav: DavServer, http: requests.Session
) -> None:
    http.request("MKCOL", dav.file_url("vault-sync"))
    http.put(dav.file_url("vault-sync/all.ics"), data=b"BEGIN:VCALENDAR\r\n")
    form = {"path": "/vault-sync/all.ics", "shareType": "3", "permissions": "1"}
    created = http.post(dav.ocs_url() + "?format=json", data=form, headers=OCS)
    assert created.status_code == 200
    ocs = created.json()["ocs"]
    assert ocs["meta"] == {"status": "ok", "statuscode": 200, "message": "OK"}
    share = ocs["data"]
    assert share["token"] == share_token("anna", "/vault-sync/all.ics")
    assert share["url"] == f"{dav.url}/s/{share['token']}"
    assert (share["path"], share["share_type"], share["permissions"]) == (
        "/vault-sync/all.ics",
        3,
        1,
    )

    listed = http.get(
        dav.ocs_url(),
        params={"path": "/vault-sync/all.ics", "reshares": "false", "format": "json"},
        headers=OCS,
    ).json()["ocs"]["data"]
    assert [s["id"] for s in listed] == [share["id"]]

    xml = http.get(dav.ocs_url(), params={"path": "/vault-sync/all.ics"}, headers=OCS)
    root = ET.fromstring(xml.content)
    assert root.findtext("meta/statuscode") == "200"
    assert [e.findtext("token") for e in root.iterfind("data/element")] == [share["token"]]

    public = requests.get(share["url"] + "/download", timeout=5)
    assert (public.status_code, public.content) == (200, b"BEGIN:VCALENDAR\r\n")
    assert public.headers["Content-Type"] == "text/calendar"
    assert requests.get(f"{dav.url}/s/nosuchtoken/download", timeout=5).status_code == 404

    again = http.post(dav.ocs_url(), data=form, headers={**OCS, "Accept": "application/json"})
    assert again.json()["ocs"]["data"]["token"] != share["token"]  # a second link, as Nextcloud
    assert len(dav.shares) == 2


def test_ocs_fake_errors(dav: DavServer, http: requests.Session) -> None:
    no_header = http.get(dav.ocs_url() + "?format=json")
    assert no_header.status_code == 401
    assert no_header.json()["ocs"]["meta"]["statuscode"] == 997
    wrong = requests.get(dav.ocs_url(), headers=OCS, auth=(dav.user, "x"), timeout=5)
    assert wrong.status_code == 401
    missing = http.post(
        dav.ocs_url() + "?format=json", data={"path": "/nope.ics", "shareType": "3"}, headers=OCS
    )
    assert missing.status_code == 404 and missing.json()["ocs"]["meta"]["status"] == "failure"
    v1 = http.get(dav.ocs_url(version=1), params={"path": "/nope.ics"}, headers=OCS)
    assert v1.status_code == 200 and ET.fromstring(v1.content).findtext("meta/statuscode") == "404"


def test_first_link_of_a_path_is_the_same_after_a_restart(tmp_path: Path) -> None:
    tokens = []
    for _ in range(2):
        with start_dav_server(tmp_path / "cloud") as server:
            session = requests.Session()
            session.put(server.file_url("a.ics"), data=b"x", auth=server.auth)
            form = {"path": "a.ics", "shareType": "3"}
            answer = session.post(
                server.ocs_url() + "?format=json", data=form, headers=OCS, auth=server.auth
            )
            tokens.append(answer.json()["ocs"]["data"]["token"])
            session.close()
    assert tokens[0] == tokens[1]


# ----------------------------------------------------------------------------- the proxy


def test_proxy_forwards_and_counts(
    dav: DavServer, proxy: FaultProxy, http: requests.Session
) -> None:
    url = via(proxy, dav, "feed.ics")
    put = http.put(url, data=b"one", headers={"If-None-Match": "*", "OC-Checksum": "SHA1:x"})
    assert put.status_code == 201 and put.headers["ETag"].startswith('"')
    assert http.put(url, data=b"two", headers={"If-None-Match": "*"}).status_code == 412
    assert http.put(url, data=b"two", headers={"If-Match": put.headers["ETag"]}).status_code == 204
    assert http.get(url).content == b"two"
    assert http.request("PROPFIND", url, headers={"Depth": "0"}).status_code == 207
    # MOVE: the Destination names the proxy, which keeps the Host header.
    moved = http.request("MOVE", url, headers={"Destination": via(proxy, dav, "moved.ics")})
    assert moved.status_code == 201
    assert list(iter_files(dav.root)) == ["moved.ics"]
    assert proxy.counts == {"PUT": 3, "GET": 1, "PROPFIND": 1, "MOVE": 1}
    assert proxy.forwarded == proxy.counts and not proxy.faults
    first = proxy.requests("PUT")[0]
    assert first.headers["if-none-match"] == "*" and first.headers["oc-checksum"] == "SHA1:x"
    assert first.headers["authorization"].startswith("Basic ")
    assert (first.upstream_status, first.status) == (201, 201)


def test_proxy_streams_big_chunked_and_head_requests(
    dav: DavServer, proxy: FaultProxy, http: requests.Session
) -> None:
    big = bytes(range(256)) * 20000  # 5 MB
    assert http.put(via(proxy, dav, "big.bin"), data=big, timeout=10).status_code == 201
    assert http.get(via(proxy, dav, "big.bin"), timeout=10).content == big
    chunked = http.put(via(proxy, dav, "chunked.txt"), data=iter([b"ab", b"cd"]), timeout=5)
    assert chunked.status_code == 201 and (dav.root / "chunked.txt").read_bytes() == b"abcd"
    head = http.head(via(proxy, dav, "big.bin"), timeout=5)
    assert head.status_code == 200 and head.headers["Content-Length"] == str(len(big))
    assert http.get(via(proxy, dav, "chunked.txt"), timeout=5).content == b"abcd"


def test_share_made_through_the_proxy_points_at_the_proxy(
    dav: DavServer, proxy: FaultProxy, http: requests.Session
) -> None:
    http.put(via(proxy, dav, "all.ics"), data=b"BEGIN:VCALENDAR\r\n")
    form = {"path": "/all.ics", "shareType": "3", "permissions": "1"}
    created = http.post(
        f"{proxy.url}/ocs/v2.php/apps/files_sharing/api/v1/shares?format=json",
        data=form,
        headers=OCS,
    )
    share = created.json()["ocs"]["data"]
    assert share["url"].startswith(proxy.url + "/s/")
    assert requests.get(share["url"] + "/download", timeout=5).content == b"BEGIN:VCALENDAR\r\n"
    assert proxy.counts == {"PUT": 1, "POST": 1, "GET": 1}


def test_drop_before_and_after(dav: DavServer, proxy: FaultProxy, http: requests.Session) -> None:
    url = via(proxy, dav, "feed.ics")
    proxy.fail_next("drop", methods="PUT")
    with pytest.raises(requests.ConnectionError):
        http.put(url, data=b"lost", timeout=5)
    assert not (dav.root / "feed.ics").exists()

    proxy.fail_next("drop-after", methods="PUT")
    with pytest.raises(requests.ConnectionError):
        http.put(url, data=b"arrived", timeout=5)
    assert (dav.root / "feed.ics").read_bytes() == b"arrived"  # the server did it
    assert proxy.counts["PUT"] == 2 and proxy.forwarded["PUT"] == 1
    assert proxy.faults == {"drop": 1, "drop-after": 1}
    assert [r.status for r in proxy.requests("PUT")] == [None, None]


@pytest.mark.parametrize(
    ("kind", "status"),
    [("503", 503), ("503-date", 503), ("423", 423), ("429", 429), ("500", 500), ("502", 502)],
)
def test_status_faults_before_forwarding(
    dav: DavServer, proxy: FaultProxy, http: requests.Session, kind: str, status: int
) -> None:
    url = via(proxy, dav, "feed.ics")
    proxy.fail_next(kind)
    response = http.put(url, data=b"x", timeout=5)
    assert response.status_code == status
    assert not (dav.root / "feed.ics").exists()
    if kind in ("503", "429"):
        assert response.headers["Retry-After"] == "1"
    if kind == "503-date":
        delay = parsedate_to_datetime(response.headers["Retry-After"]).timestamp() - time.time()
        assert 0 < delay <= 2
    if kind == "423":
        assert b"FileLocked" in response.content
    # The connection stays usable and the next request goes through.
    assert http.put(url, data=b"x", timeout=5).status_code == 201
    assert proxy.faults == {kind: 1} and proxy.forwarded["PUT"] == 1


def test_status_fault_after_forwarding(
    dav: DavServer, proxy: FaultProxy, http: requests.Session
) -> None:
    proxy.fail_next("503-after", methods="PUT")
    response = http.put(via(proxy, dav, "feed.ics"), data=b"done", timeout=5)
    assert response.status_code == 503 and response.headers["Retry-After"] == "1"
    assert (dav.root / "feed.ics").read_bytes() == b"done"
    (record,) = proxy.requests("PUT")
    assert (record.fault, record.upstream_status, record.status) == ("503-after", 201, 503)


def test_slow_times_out_then_lands(
    dav: DavServer, proxy: FaultProxy, http: requests.Session
) -> None:
    url = via(proxy, dav, "feed.ics")
    proxy.fail_next("slow", methods="PUT")
    with pytest.raises(requests.Timeout):
        http.put(url, data=b"late", timeout=0.2)
    assert not (dav.root / "feed.ics").exists()
    proxy.wait_idle()
    assert (dav.root / "feed.ics").read_bytes() == b"late"  # a slow server still does it

    proxy.fail_next("slow-after", methods="GET")
    with pytest.raises(requests.Timeout):
        http.get(url, timeout=0.2)
    proxy.wait_idle()
    assert http.get(url, timeout=5).content == b"late"
    assert proxy.faults == {"slow": 1, "slow-after": 1}


def test_server_down_refuses_then_comes_back(
    dav: DavServer, proxy: FaultProxy, http: requests.Session
) -> None:
    url = via(proxy, dav, "feed.ics")
    assert http.put(url, data=b"1", timeout=5).status_code == 201  # a pooled connection
    proxy.set_down(True)
    for _ in range(2):
        with pytest.raises(requests.ConnectionError):
            http.put(url, data=b"2", timeout=5)
    with pytest.raises(requests.ConnectionError, match="refused"):
        requests.get(url, timeout=5)  # refused at connect, like a stopped server
    assert proxy.forwarded["PUT"] == 1
    proxy.set_down(False)
    assert http.put(url, data=b"3", timeout=5).status_code == 204
    assert (dav.root / "feed.ics").read_bytes() == b"3"


def test_upstream_gone_is_a_502(dav: DavServer, proxy: FaultProxy) -> None:
    dav.stop()
    response = requests.get(via(proxy, dav, "x"), auth=dav.auth, timeout=5)
    assert response.status_code == 502
    assert proxy.forwarded["GET"] == 0 and proxy.counts["GET"] == 1


def test_random_faults_are_repeatable_with_a_seed(dav: DavServer, http: requests.Session) -> None:
    def run(seed: int) -> list[str | None]:
        with FaultProxy(dav.url, seed=seed) as fault_proxy:
            fault_proxy.fault_rate(0.5, ["500", "503", "drop"], methods="GET")
            for _ in range(20):
                with contextlib.suppress(requests.ConnectionError):
                    http.get(via(fault_proxy, dav), timeout=5)
            assert fault_proxy.counts["GET"] == 20
            return [r.fault for r in fault_proxy.requests()]

    first = run(3)
    assert first == run(3)
    assert first != run(4)
    assert 0 < sum(f is not None for f in first) < 20


def test_scheduled_faults_match_method_and_path(
    dav: DavServer, proxy: FaultProxy, http: requests.Session
) -> None:
    proxy.fail_next("500", count=2, methods=["PUT"], path_contains="b.ics")
    assert http.put(via(proxy, dav, "a.ics"), data=b"a").status_code == 201
    assert http.get(via(proxy, dav, "a.ics")).status_code == 200
    assert http.put(via(proxy, dav, "b.ics"), data=b"b").status_code == 500
    assert proxy.pending_faults() == 1
    assert http.put(via(proxy, dav, "b.ics"), data=b"b").status_code == 500
    assert http.put(via(proxy, dav, "b.ics"), data=b"b").status_code == 201
    assert proxy.pending_faults() == 0
    with pytest.raises(ValueError):
        proxy.fail_next("teapot")


def test_every_kind_is_known() -> None:
    assert set(KINDS) >= {"drop", "503", "503-date", "423", "429", "500", "502", "slow"}
    assert {"drop-after", "503-after", "slow-after"} <= set(KINDS)


def test_nothing_is_left_running(tmp_path: Path) -> None:
    before = set(threading.enumerate())
    server = start_dav_server(tmp_path / "cloud")
    fault_proxy = FaultProxy(server.url, slow_seconds=30).start()
    session = requests.Session()
    session.auth = server.auth
    session.put(via(fault_proxy, server, "a.ics"), data=b"a", timeout=5)
    fault_proxy.fail_next("slow")
    with pytest.raises(requests.Timeout):
        session.get(via(fault_proxy, server, "a.ics"), timeout=0.2)  # a proxy thread sleeps
    started = time.monotonic()
    fault_proxy.stop()
    server.stop()
    session.close()
    assert time.monotonic() - started < 5
    assert set(threading.enumerate()) <= before
